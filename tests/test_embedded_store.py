"""What only the embedded store promises: durability under kill -9, and caches that follow other processes."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph.embedded import DB_FILE, EmbeddedStore
from graph.errors import StoreCorruptError
from graph.records import GraphBatch, NodeRecord, RelRecord

WRITER = textwrap.dedent(
    """
    import sys
    from graph.embedded import EmbeddedStore
    from graph.records import GraphBatch, NodeRecord, RelRecord
    store = EmbeddedStore(sys.argv[1])
    for b in range(10_000):
        nodes = [NodeRecord(f"person/b{b}-{i}", "Person", {"name": f"P {b} {i}", "batch": b}) for i in range(2000)]
        rels = [RelRecord(f"person/b{b}-{i}", "SUPPORTS", f"person/b{b}-{i + 1}") for i in range(1999)]
        store.write(GraphBatch(nodes, rels))
        print(b, flush=True)
    """
)


def test_kill_during_writes_leaves_whole_batches_only(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    with subprocess.Popen([sys.executable, "-c", WRITER, str(directory)], stdout=subprocess.PIPE, text=True) as writer:
        assert writer.stdout is not None
        for _ in range(3):  # let a few batches commit, then kill in the middle of the next one
            writer.stdout.readline()
        time.sleep(0.05)
        writer.send_signal(signal.SIGKILL)
        writer.wait()

    with sqlite3.connect(directory / DB_FILE) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = EmbeddedStore(directory)
    batches: dict[int, int] = {}
    for node in store.iter_nodes():
        batches[node.properties["batch"]] = batches.get(node.properties["batch"], 0) + 1
    assert len(batches) >= 3
    assert set(batches.values()) == {2000}, "a batch was half-written"
    assert sorted(batches) == list(range(len(batches)))
    assert store.stats().relationship_types["SUPPORTS"] == 1999 * len(batches)
    store.close()


def test_a_second_process_sees_writes_and_deletes(tmp_path: Path) -> None:
    reader = EmbeddedStore(tmp_path / "store")
    writer = EmbeddedStore(tmp_path / "store")
    with reader.read_graph() as graph:
        assert graph.number_of_nodes() == 0
    writer.write(
        GraphBatch(
            [
                NodeRecord("article/a", "Article", {"name": "A"}),
                NodeRecord(
                    "claim/a/1", "Claim", {"name": "c", "article_id": "article/a", "text": "c", "start": 0, "end": 1}
                ),
            ],
            [RelRecord("article/a", "CONTAINS", "claim/a/1")],
        )
    )
    with reader.read_graph() as graph:
        assert set(graph.nodes) == {"article/a", "claim/a/1"}
        assert graph.nodes["claim/a/1"]["label"] == "Claim"
        assert graph.has_edge("article/a", "claim/a/1", "CONTAINS")
    writer.write(GraphBatch([NodeRecord("article/a", "Article", {"name": "A2"})], replaces=["article/a"]))
    with reader.read_graph() as graph:
        assert set(graph.nodes) == {"article/a"}
        assert graph.nodes["article/a"]["name"] == "A2"
        assert graph.number_of_edges() == 0
    writer.clear()
    with reader.read_graph() as graph:
        assert graph.number_of_nodes() == 0
    reader.close()
    writer.close()


def test_a_file_that_is_not_a_store_gives_a_clear_error(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    directory.mkdir()
    (directory / DB_FILE).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreCorruptError, match="not a readable Claimgraph store"):
        EmbeddedStore(directory)


def test_apply_schema_is_idempotent(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    first = store.apply_schema()
    assert any("kind" in statement for statement in first)
    assert store.apply_schema() == first
    store.close()
