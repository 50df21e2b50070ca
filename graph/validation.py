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
    for rel in batch.rels:
        missing = [end for end in (rel.source, rel.target) if end not in labels]
        if missing:
            raise SchemaError(f"{rel.type} from {rel.source!r} to {rel.target!r}: no node {missing[0]!r}")
        schema.validate_relationship(rel.type, labels[rel.source], labels[rel.target])
