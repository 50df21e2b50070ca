"""Parity on real data: the seeds and a few hundred synthetic articles, loaded into the embedded store and into
Neo4j, export the same graph node by node and link by link; each query's one-statement form for Neo4j Browser
(``claimgraph query NAME --cypher``) returns the rows the embedded implementation gives."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.generate_corpus import generate, write_corpus
from graph.embedded import EmbeddedStore
from graph.export import export_node_link
from graph.store import GraphStore
from loaders.pipeline import load_paths
from queries.registry import QUERIES, run_query
from tests.conftest import SEEDS_DIR, STORE_KINDS, open_neo4j

SYNTHETIC_ARTICLES = 240
PARAM_LINE = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+);\s*$")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parity-corpus")
    write_corpus(generate(SYNTHETIC_ARTICLES, seed=7), folder, "jsonl")
    return folder


@pytest.fixture(scope="module")
def embedded_loaded(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("parity-embedded") / "store")
    report = load_paths(store, [SEEDS_DIR, corpus])
    assert report.ok, report.as_dict()
    yield store
    store.close()


@pytest.fixture(params=[STORE_KINDS[1]])
def neo4j_loaded(request: pytest.FixtureRequest, corpus: Path) -> Iterator[GraphStore]:
    """The same articles in the Neo4j of NEO4J_URI (emptied before and after)."""
    store = open_neo4j()
    try:
        report = load_paths(store, [SEEDS_DIR, corpus])
        assert report.ok, report.as_dict()
        yield store
    finally:
        store.clear()
        store.close()


def test_both_stores_export_the_same_graph(embedded_loaded: EmbeddedStore, neo4j_loaded: GraphStore) -> None:
    embedded, neo4j = export_node_link(embedded_loaded), export_node_link(neo4j_loaded)
    assert len(embedded["nodes"]) > 1000 and len(embedded["links"]) > 4000  # a real graph, not a trivial one
    assert [node["id"] for node in neo4j["nodes"]] == [node["id"] for node in embedded["nodes"]]
    for ours, theirs in zip(neo4j["nodes"], embedded["nodes"], strict=True):
        assert ours == theirs, ours["id"]
    assert len(neo4j["links"]) == len(embedded["links"])
    for ours, theirs in zip(neo4j["links"], embedded["links"], strict=True):
        assert ours == theirs, (ours["source"], ours["type"], ours["target"])


def pasted(store: GraphStore, text: str) -> list[dict[str, Any]]:
    """Run what --cypher prints as Neo4j Browser would: each `:param` line sets a parameter (Neo4j evaluates its
    literal), then the statement runs with them."""
    params: dict[str, Any] = {}
    body = []
    for line in text.splitlines():
        found = PARAM_LINE.match(line)
        if found:
            params[found.group(1)] = store.read(f"RETURN {found.group(2)} AS value")[0]["value"]
        elif line.startswith(":"):
            raise AssertionError(f"a Browser command the test cannot run: {line}")
        else:
            body.append(line)
    return store.read("\n".join(body), params)


def toll_rows(result: Any) -> list[dict[str, Any]]:
    """The embedded toll table as the rows the Browser statement returns."""
    return [
        {
            "victims": group.victims,
            "claim_id": row.claim_id,
            "value": row.value,
            "value_max": row.value_max,
            "qualifier": row.qualifier,
            "claimant": row.claimant,
            "as_of": row.as_of,
            "date": row.date,
            "published": row.published,
            "article_id": row.article_id,
            "outlets": sorted(ref.name for ref in row.outlets),
            "places": sorted(ref.name for ref in row.places),
            "disputed": row.disputed,
        }
        for group in result.groups
        for row in group.rows
    ]


AS_ROWS = {"tolls": toll_rows}


def test_every_browser_statement_has_a_row_comparison() -> None:
    assert {name for name, query in QUERIES.items() if query.browser} == set(AS_ROWS)


@pytest.mark.parametrize("name", sorted(AS_ROWS))
def test_the_pasted_statement_returns_the_embedded_rows(
    name: str, embedded_loaded: EmbeddedStore, neo4j_loaded: GraphStore
) -> None:
    expected = AS_ROWS[name](run_query(embedded_loaded, name, {}))
    rows = pasted(neo4j_loaded, QUERIES[name].cypher_text())
    for row in rows:
        row["outlets"], row["places"] = sorted(row["outlets"]), sorted(row["places"])
    assert len(expected) > 50
    assert rows == expected
