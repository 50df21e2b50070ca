"""Checks every store runs before a write, so both stores refuse the same bad batches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.errors import SchemaError
from graph.records import GraphBatch
from graph.schema import KEY, GraphSchema

if TYPE_CHECKING:
    from graph.store import GraphStore


def check_batch(store: GraphStore, batch: GraphBatch, schema: GraphSchema) -> None:
    """Raise SchemaError for an unknown label or type, a missing required property, a property of the wrong
    type, a relationship the schema does not allow between its endpoints' labels, or a dangling endpoint."""
    labels: dict[str, str] = {}
    for node in batch.nodes:
        schema.validate_node(node.label, {**node.properties, KEY: node.id})
        labels[node.id] = node.label
    unknown = {rel.source for rel in batch.rels} | {rel.target for rel in batch.rels}
    unknown -= labels.keys()
    if unknown:
        labels.update(store.node_labels(unknown))
    allowed: set[tuple[str, str, str]] = set()  # a batch repeats a few hundred (type, source, target labels)
    for rel in batch.rels:
        source_label, target_label = labels.get(rel.source), labels.get(rel.target)
        if source_label is None or target_label is None:
            missing = rel.source if source_label is None else rel.target
            raise SchemaError(f"{rel.type} from {rel.source!r} to {rel.target!r}: no node {missing!r}")
        triple = (rel.type, source_label, target_label)
        if triple not in allowed:
            schema.validate_relationship(*triple)
            allowed.add(triple)
