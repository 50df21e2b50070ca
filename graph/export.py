"""Whole-graph export: node-link JSON and GraphML (Gephi, yEd, Cytoscape)."""

from __future__ import annotations

import json
from typing import Any, TextIO

import networkx as nx

from graph.store import GraphStore, node_as_dict, rel_as_dict


def export_node_link(store: GraphStore) -> dict[str, Any]:
    """``{"nodes": [{"id", "label", "name", …}], "links": [{"source", "target", "type", …}]}``, sorted."""
    return {
        "nodes": [node_as_dict(node) for node in store.iter_nodes()],
        "links": [rel_as_dict(rel) for rel in store.iter_rels()],
    }


def _graphml_value(value: Any) -> Any:
    # GraphML attributes are scalars; lists travel as JSON text.
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def export_graphml_lines(store: GraphStore) -> Any:
    """GraphML text, line by line."""
    graph = nx.MultiDiGraph()
    for node in store.iter_nodes():
        attrs = {k: _graphml_value(v) for k, v in node_as_dict(node).items() if v is not None and k != "id"}
        graph.add_node(node.id, **attrs)
    for rel in store.iter_rels():
        attrs = {k: _graphml_value(v) for k, v in rel.properties.items() if v is not None}
        graph.add_edge(rel.source, rel.target, key=rel.type, type=rel.type, **attrs)
    return nx.generate_graphml(graph, named_key_ids=True)


def write_export(store: GraphStore, fmt: str, handle: TextIO) -> None:
    """Write the whole graph to ``handle`` as ``json`` or ``graphml``."""
    if fmt == "json":
        json.dump(export_node_link(store), handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    else:
        for line in export_graphml_lines(store):
            handle.write(line + "\n")
