"""Plain records that cross the boundary between the loaders and the stores."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class NodeRecord:
    """A node to upsert: its key, its schema label and its properties (``name`` among them)."""

    id: str
    label: str
    properties: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Callable[..., NodeRecord], tuple[str, str, dict[str, Any]]]:
        # Rebuilt through the constructor: a third faster to unpickle than a frozen dataclass's default state
        # protocol, which counts when extraction workers send every record back to the writing process.
        return NodeRecord, (self.id, self.label, self.properties)


@dataclass(frozen=True, slots=True)
class RelRecord:
    """A relationship to upsert; one relationship per (source, type, target)."""

    source: str
    type: str
    target: str
    properties: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Callable[..., RelRecord], tuple[str, str, str, dict[str, Any]]]:
        return RelRecord, (self.source, self.type, self.target, self.properties)


@dataclass(slots=True)
class GraphBatch:
    """Nodes and relationships written together.

    ``replaces`` names articles whose earlier facts (statements, claims, mentions) are deleted in the same
    transaction before the batch is written, so a changed article replaces its old facts atomically.
    ``delete_rels`` (source, type, target) and ``delete_nodes`` (ids, with their relationships) are removed
    in that transaction too, before the upserts.
    """

    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    delete_rels: list[tuple[str, str, str]] = field(default_factory=list)
    delete_nodes: list[str] = field(default_factory=list)

    def extend(self, other: GraphBatch) -> None:
        self.nodes.extend(other.nodes)
        self.rels.extend(other.rels)
        self.replaces.extend(other.replaces)
        self.delete_rels.extend(other.delete_rels)
        self.delete_nodes.extend(other.delete_nodes)


@dataclass(frozen=True, slots=True)
class WriteSummary:
    """What a write changed. Writing the same batch twice reports zero changes the second time."""

    nodes_written: int = 0
    rels_written: int = 0
    nodes_deleted: int = 0
    rels_deleted: int = 0

    @property
    def changed(self) -> bool:
        return any((self.nodes_written, self.rels_written, self.nodes_deleted, self.rels_deleted))

    def __add__(self, other: WriteSummary) -> WriteSummary:
        return WriteSummary(
            self.nodes_written + other.nodes_written,
            self.rels_written + other.rels_written,
            self.nodes_deleted + other.nodes_deleted,
            self.rels_deleted + other.rels_deleted,
        )


@dataclass(frozen=True, slots=True)
class GraphStats:
    """Counts by label and by relationship type."""

    labels: dict[str, int]
    relationship_types: dict[str, int]

    @property
    def node_count(self) -> int:
        return sum(self.labels.values())

    @property
    def relationship_count(self) -> int:
        return sum(self.relationship_types.values())
