"""Shared fixtures. Every store-facing test takes ``store``: the embedded store always, Neo4j when NEO4J_URI is set.

The Neo4j run empties the database named by NEO4J_DATABASE before each test: point it at a scratch database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.store import GraphStore

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"

STORE_KINDS = [
    "embedded",
    pytest.param(
        "neo4j",
        marks=pytest.mark.skipif(
            not os.environ.get("NEO4J_URI"),
            reason="Neo4j contract run skipped: NEO4J_URI is not set (no Neo4j server on this machine)",
        ),
    ),
]


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch ./data: the default data directory points into the test's tmp dir."""
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path / "data"))


def _open_neo4j() -> GraphStore:
    from graph.neo4j_store import Neo4jStore
    from graph.settings import Settings

    store = Neo4jStore.from_settings(Settings())
    store.apply_schema()
    store.clear()
    return store


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh, empty store of each kind."""
    opened: GraphStore = EmbeddedStore(tmp_path / "store") if request.param == "embedded" else _open_neo4j()
    try:
        yield opened
    finally:
        opened.close()
