"""What only the embedded store promises: durability under kill -9, and caches that follow other processes."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

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


INDEX_PARTS = (
    "by_label", "article_of", "claims", "statements", "days", "claim_rank", "statement_rank", "dated_claim_days",
    "claims_in_order", "claims_by", "statements_by", "timeline", "timeline_by_label", "choices",
    "articles", "article_titles", "group_links", "disputed_groups", "children", "actor_evidence", "actor_edges",
    "blame_ranked",
)  # fmt: skip


def _index_parts(index: Any) -> dict[str, object]:
    parts = {name: getattr(index, name) for name in INDEX_PARTS}
    parts.update({f"timeline_days({label})": index.timeline_days(label) for label in (None, "Claim", "Statement")})
    return parts


def test_the_query_index_follows_writes_without_being_rebuilt(tmp_path: Path) -> None:
    from bench.generate_corpus import generate, write_corpus
    from loaders.pipeline import load_paths
    from queries.embedded import EmbeddedIndex, snapshot

    records = list(generate(60, seed=53))
    write_corpus(records[:30], tmp_path / "first", "jsonl")
    changed = [
        {**record, "text": record["text"] + " Two more civilians were killed in Homs."} for record in records[:4]
    ]
    write_corpus(changed + records[30:], tmp_path / "second", "jsonl")
    with EmbeddedStore(tmp_path / "store") as store:
        load_paths(store, [tmp_path / "first"])
        with snapshot(store) as (_, index):
            _index_parts(index)  # every part built, to be updated or dropped by the writes below
            claims_before = list(index.claims)
        # New articles, changed ones (their claims replaced), a claim deleted and an article's date moved.
        report = load_paths(store, [tmp_path / "second"])
        assert len(report.loaded) == 34 and len(report.replaced) == 4
        with snapshot(store) as (graph, _):
            claim = next(node for node, attrs in graph.nodes(data=True) if attrs["label"] == "Claim")
            article, name = next((n, a["name"]) for n, a in graph.nodes(data=True) if a["label"] == "Article")
        store.write(GraphBatch(nodes=[NodeRecord(article, "Article", {"name": name, "published": "2019-01-02"})]))
        store.write(GraphBatch(delete_nodes=[claim]))
        with snapshot(store) as (graph, updated):
            assert updated is index, "the index was rebuilt, not updated"
            after = _index_parts(updated)
            rebuilt = _index_parts(EmbeddedIndex(graph, updated.version))
    assert claim in claims_before and claim not in after["claims"]  # type: ignore[operator]
    assert after.keys() == rebuilt.keys()
    for name in after:
        assert after[name] == rebuilt[name], f"{name} differs from a fresh build"


def test_sorted_ids_edits_are_seen_by_the_next_read() -> None:
    from queries.embedded_index import SortedIds

    def key(n: int) -> tuple[int, str]:
        return (n % 7, f"n{n:04d}")

    ordered = SortedIds((key(n), f"n{n:04d}") for n in range(0, 400, 2))
    expected = {key(n): f"n{n:04d}" for n in range(0, 400, 2)}
    # A few edits (in place), then many (one merge), then many read through the keys alone (``ids`` left to be
    # derived) and a few more: removals, additions, an id removed and added back, one added then removed before
    # any read, and a key that is not there.
    for removed, added, read_ids in [
        ([key(0), key(2)], [key(1)], True),
        ([key(n) for n in range(4, 300, 4)], [key(n) for n in range(3, 399, 2)], True),
        ([key(n) for n in range(1, 100, 2)], [key(n) for n in range(400, 500)], False),
        ([key(6)], [key(501)], True),
    ]:
        ordered.update(removed, [(k, k[1]) for k in added])
        ordered.update([key(2), key(3), key(999)], [(key(2), "n0002")])
        for k in removed:
            expected.pop(k, None)
        expected.update({k: k[1] for k in added})
        expected.pop(key(3), None)
        expected[key(2)] = "n0002"
        in_order = sorted(expected)
        assert len(ordered) == len(expected)
        assert ordered.keys == in_order
        assert ordered.between(2, 4) == (sum(k[0] < 2 for k in expected), sum(k[0] <= 4 for k in expected))
        assert ordered.ids_at(3, 9) == [expected[k] for k in in_order[3:9]]
        if read_ids:
            assert ordered.ids == [expected[k] for k in in_order]


def test_timeline_day_rows_refreshed_for_the_dates_a_write_changed_equal_fresh_ones() -> None:
    from collections import Counter

    from queries.embedded_index import DayRows

    day_labels = {
        "2025-03-06": Counter({"Claim": 2, "Statement": 1}),
        "2025-03-07": Counter({"Statement": 3}),
        "2025-03-09": Counter({"Claim": 1}),
    }
    by_label = {label: DayRows(label, day_labels) for label in (None, "Claim", "Statement")}
    assert by_label["Claim"].dates == ["2025-03-06", "2025-03-09"]  # a date with only statements is not a claim row
    old_rows = list(by_label[None].rows)
    # A date gains its first claim, another loses its only one, a third gets a new date, one is untouched.
    day_labels["2025-03-07"]["Claim"] += 1
    del day_labels["2025-03-09"]
    day_labels["2025-03-08"] = Counter({"Claim": 1, "Statement": 1})
    for label, rows in by_label.items():
        rows.refresh(["2025-03-07", "2025-03-08", "2025-03-09", "2025-03-10"], day_labels)
        fresh = DayRows(label, day_labels)
        assert (rows.dates, rows.rows) == (fresh.dates, fresh.rows)
    assert by_label["Claim"].dates == ["2025-03-06", "2025-03-07", "2025-03-08"]
    assert old_rows[1].claims == 0, "a row handed out before the refresh changed under its reader"


def test_disputed_groups_and_claim_days_follow_writes(tmp_path: Path) -> None:
    from bench.generate_corpus import generate, write_corpus
    from loaders.pipeline import load_paths
    from queries.embedded import EmbeddedIndex, snapshot

    write_corpus(list(generate(30, seed=7)), tmp_path / "corpus", "jsonl")
    store = EmbeddedStore(tmp_path / "store")
    with store:
        load_paths(store, [tmp_path / "corpus"])
        with snapshot(store) as (graph, index):
            before = set(index.disputed_groups)
            calm = sorted(g for g, a in graph.nodes(data=True) if a["label"] == "ClaimGroup" and g not in before)[:2]
            days = dict(index.days)
            article, attrs = next((n, a) for n, a in graph.nodes(data=True) if a["label"] == "Article")
            contained = [n for n in graph.successors(article) if n in days]
        assert len(calm) == 2 and contained
        left, right = calm
        store.write(GraphBatch(rels=[RelRecord(left, "CONTRADICTS", right, {"reason": "test"})]))
        with snapshot(store) as (graph, index):
            assert index.disputed_groups == before | {left, right}
        # An article's change that keeps its date (its digest, as a load seals it) moves none of its claims;
        # one that changes its date moves those filed under it.
        store.write(GraphBatch(nodes=[NodeRecord(article, "Article", {"name": attrs["name"], "sha256": "x" * 64})]))
        with snapshot(store) as (graph, index):
            assert index.days == days
        store.write(
            GraphBatch(nodes=[NodeRecord(article, "Article", {"name": attrs["name"], "published": "1999-01-02"})])
        )
        store.write(GraphBatch(delete_rels=[(left, "CONTRADICTS", right)]))
        with snapshot(store) as (graph, updated):
            assert updated is index, "the index was rebuilt, not updated"
            assert updated.disputed_groups == before
            moved = [n for n in contained if updated.days[n] != days[n]]
            fresh = EmbeddedIndex(graph, updated.version)
            assert updated.disputed_groups == fresh.disputed_groups and updated.days == fresh.days
            assert updated.timeline_days(None) == fresh.timeline_days(None)
        assert moved and all(updated.days[n] == "1999-01-02" for n in moved)


def test_the_index_catching_up_frees_reference_cycles_instead_of_freezing_them(tmp_path: Path) -> None:
    import gc
    import weakref

    from queries.embedded import snapshot

    class Cycle:
        me: Cycle

    with EmbeddedStore(tmp_path / "store") as store:
        store.write(GraphBatch(nodes=[NodeRecord("article/a", "Article", {"name": "A"})]))
        with snapshot(store) as (_, index):
            assert not index.claims  # built, so the next read catches it up
        was_enabled = gc.isenabled()
        gc.disable()  # no automatic collection between here and the catch-up: only the catch-up can free it
        try:
            garbage = Cycle()
            garbage.me = garbage
            freed = weakref.ref(garbage)
            del garbage
            store.write(GraphBatch(nodes=[NodeRecord("article/b", "Article", {"name": "B"})]))
            with snapshot(store):
                pass
            assert freed() is None, "a reference cycle was frozen with the index: it would never be freed"
        finally:
            if was_enabled:
                gc.enable()
