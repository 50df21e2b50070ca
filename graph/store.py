"""The one store interface; ``EmbeddedStore`` and ``Neo4jStore`` implement it and give the same answers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, ClassVar

from graph.judgements import Judgement
from graph.records import GraphBatch, GraphStats, NodeRecord, RelRecord, WriteSummary


class GraphStore(ABC):
    """A property graph of ``NodeRecord``s and ``RelRecord``s keyed by ``id`` and (source, type, target).

    Writes are upserts: a node's properties are merged into the stored ones (like Cypher ``SET n += $props``),
    so writing the same records twice leaves the graph unchanged and reports no change.
    """

    kind: ClassVar[str]
    # True when a write is done by another process (a database server): a loader may then map the next
    # articles while one write is in flight, instead of waiting for it.
    writes_elsewhere: ClassVar[bool] = False

    @abstractmethod
    def write(self, batch: GraphBatch) -> WriteSummary:
        """Apply one batch atomically: delete the facts of ``batch.replaces``, then upsert nodes and rels."""

    def write_all(self, batches: Iterable[GraphBatch]) -> WriteSummary:
        """Write several batches, each in its own transaction."""
        total = WriteSummary()
        for batch in batches:
            total = total + self.write(batch)
        return total

    @abstractmethod
    def get_nodes(self, ids: Iterable[str]) -> list[NodeRecord]:
        """The nodes with these ids that exist, in the order asked."""

    def get_node(self, node_id: str) -> NodeRecord | None:
        """One node, or None."""
        found = self.get_nodes([node_id])
        return found[0] if found else None

    @abstractmethod
    def node_labels(self, ids: Iterable[str]) -> dict[str, str]:
        """Labels of the nodes with these ids that exist (a cheap existence check)."""

    @abstractmethod
    def find_nodes(self, label: str, prop: str, values: Iterable[Any]) -> list[NodeRecord]:
        """Nodes of ``label`` whose property ``prop`` equals one of ``values``, ordered by id."""

    @abstractmethod
    def rels_of(self, node_ids: Iterable[str], types: Iterable[str] | None = None) -> list[RelRecord]:
        """Relationships touching any of these nodes, optionally only of these types, ordered by
        (source, type, target)."""

    @abstractmethod
    def stats(self) -> GraphStats:
        """Counts by label and by relationship type (labels and types with no member are left out)."""

    @abstractmethod
    def iter_nodes(self) -> Iterator[NodeRecord]:
        """Every node, ordered by id."""

    @abstractmethod
    def iter_rels(self) -> Iterator[RelRecord]:
        """Every relationship, ordered by (source, type, target)."""

    @abstractmethod
    def article_digest(self, article_id: str) -> str | None:
        """The stored ``sha256`` of an article, so the loader can skip unchanged articles cheaply."""

    @abstractmethod
    def clear(self) -> WriteSummary:
        """Delete every node and relationship, and every judgement (tests and `claimgraph reset`); the schema
        stays."""

    # Judgements (graph/judgements.py) are kept beside the graph, never among its nodes: a reload cannot touch them.

    @abstractmethod
    def save_judgements(self, judgements: Sequence[Judgement]) -> None:
        """Store these judgements (an existing id is replaced), all or none."""

    @abstractmethod
    def judgements(self) -> list[Judgement]:
        """Every stored judgement, in the order they apply: by ``when``, then id."""

    @abstractmethod
    def delete_judgement(self, judgement_id: str) -> Judgement | None:
        """Remove one judgement; the one removed, or None when there was none with that id."""

    @abstractmethod
    def apply_schema(self) -> list[str]:
        """Create the constraints and indexes the schema declares; idempotent. Returns what was run."""

    @abstractmethod
    def reopener(self) -> Callable[[], GraphStore]:
        """A picklable callable that opens this same store again, for another process (parallel loaders)."""

    def close(self) -> None:
        """Release connections and files."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def node_as_dict(node: NodeRecord) -> dict[str, Any]:
    """The flat form used by export, queries and the API: ``{"id", "label", "name", …properties}``."""
    return {**node.properties, "id": node.id, "label": node.label, "name": node.properties.get("name", node.id)}


def rel_as_dict(rel: RelRecord) -> dict[str, Any]:
    """The flat link form: ``{"source", "target", "type", …properties}``."""
    return {**rel.properties, "source": rel.source, "target": rel.target, "type": rel.type}
