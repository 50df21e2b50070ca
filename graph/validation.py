"""Checks every store runs before a write, so both stores refuse the same bad batches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.errors import SchemaError
from graph.records import GraphBatch
from graph.schema import KEY, GraphSchema

if TYPE_CHECKING:
    from graph.store import GraphStore


def check_batch(store: GraphStore, batch: GraphBatch, schema: GraphSchema, *, look_up_ends: bool = True) -> None:
    """Raise SchemaError for an unknown label or type, a missing required property, a property of the wrong
    type, a relationship the schema does not allow between its endpoints' labels, or a dangling endpoint.

    ``look_up_ends=False`` checks only the relationships whose ends are both in the batch: for a store whose
    write checks the others itself (Neo4j matches each end with its allowed labels), a look-up would be a round
    trip for nothing."""
    labels: dict[str, str] = {}
    for node in batch.nodes:
        schema.validate_node(node.label, {**node.properties, KEY: node.id})
        labels[node.id] = node.label
    unknown = {rel.source for rel in batch.rels} | {rel.target for rel in batch.rels}
    unknown -= labels.keys()
    if unknown and look_up_ends:
        labels.update(store.node_labels(unknown))
    allowed: set[tuple[str, str, str]] = set()  # a batch repeats a few hundred (type, source, target labels)
    for rel in batch.rels:
        source_label, target_label = labels.get(rel.source), labels.get(rel.target)
        if source_label is None or target_label is None:
            if not look_up_ends:
                continue
            missing = rel.source if source_label is None else rel.target
            raise SchemaError(f"{rel.type} from {rel.source!r} to {rel.target!r}: no node {missing!r}")
        triple = (rel.type, source_label, target_label)
        if triple not in allowed:
            schema.validate_relationship(*triple)
            allowed.add(triple)
