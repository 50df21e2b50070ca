"""The schema and the stores: everything that knows how the graph is kept."""

from __future__ import annotations

from graph.settings import Settings
from graph.store import GraphStore


def open_store(settings: Settings) -> GraphStore:
    """Neo4j when ``NEO4J_URI`` is set, otherwise the embedded store under ``CLAIMGRAPH_DATA``."""
    if settings.neo4j_uri:
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore.from_settings(settings)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(settings.data_dir)
