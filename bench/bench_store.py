"""Embedded-store benchmark (issue 2 targets). Prints its figures; no assertions.

    python bench/bench_store.py [--nodes 50000] [--rels 200000] [--batch 5000]

Targets on a 2-core machine: writing 50,000 nodes and 200,000 relationships in batches < 30 s; a second
identical write changes nothing and is faster; opening the store and answering a depth-2 neighbourhood query
< 2 s cold (a fresh process), < 20 ms warm.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.embedded import EmbeddedStore
from graph.records import GraphBatch, NodeRecord, RelRecord

LABELS = ["Person", "Faction", "Organization", "Government"]
TYPES = ["SUPPORTS", "OPPOSES", "MEMBER_OF"]


def synthetic(n_nodes: int, n_rels: int, seed: int = 7) -> tuple[list[NodeRecord], list[RelRecord]]:
    """Actors with a few properties each and random role relationships (no duplicates)."""
    rng = random.Random(seed)
    nodes = [
        NodeRecord(
            f"{LABELS[i % 4].lower()}/n{i}",
            LABELS[i % 4],
            {"name": f"Actor {i}", "aliases": [f"A{i}", f"Actor-{i}"], "description": "synthetic", "side": f"s{i % 9}"},
        )
        for i in range(n_nodes)
    ]
    seen: set[tuple[int, int, str]] = set()
    rels: list[RelRecord] = []
    while len(rels) < n_rels:
        a, b, t = rng.randrange(n_nodes), rng.randrange(n_nodes), TYPES[rng.randrange(3)]
        if a == b or (a, b, t) in seen or (t == "MEMBER_OF" and b % 4 == 0):  # MEMBER_OF cannot point at a Person
            continue
        seen.add((a, b, t))
        rels.append(RelRecord(nodes[a].id, t, nodes[b].id, {"weight": rng.randrange(10)}))
    return nodes, rels


def depth2(store: EmbeddedStore, start: str, cap: int = 300) -> int:
    """Nodes within two hops of ``start`` in either direction, capped (the neighbourhood query's core)."""
    with store.read_graph() as graph:
        seen = {start}
        frontier = [start]
        for _ in range(2):
            following = []
            for node in frontier:
                for other in (*graph.successors(node), *graph.predecessors(node)):
                    if other not in seen and len(seen) < cap:
                        seen.add(other)
                        following.append(other)
            frontier = following
        return len(seen)


def write_in_batches(store: EmbeddedStore, nodes: list[NodeRecord], rels: list[RelRecord], batch: int) -> float:
    started = time.perf_counter()
    for i in range(0, len(nodes), batch):
        store.write(GraphBatch(nodes=nodes[i : i + batch]))
    for i in range(0, len(rels), batch):
        store.write(GraphBatch(rels=rels[i : i + batch]))
    return time.perf_counter() - started


COLD = textwrap.dedent(
    """
    import sys, time
    started = time.perf_counter()
    sys.path[:0] = [sys.argv[2], sys.argv[2] + "/bench"]
    from graph.embedded import EmbeddedStore
    from bench_store import depth2
    store = EmbeddedStore(sys.argv[1])
    size = depth2(store, "person/n0")
    print(time.perf_counter() - started, size)
    """
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--rels", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=5_000)
    args = parser.parse_args()
    nodes, rels = synthetic(args.nodes, args.rels)
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        first = write_in_batches(store, nodes, rels, args.batch)
        stats = store.stats()
        second_started = time.perf_counter()
        again = store.write_all(GraphBatch(nodes=nodes[i : i + args.batch]) for i in range(0, len(nodes), args.batch))
        again = again + store.write_all(
            GraphBatch(rels=rels[i : i + args.batch]) for i in range(0, len(rels), args.batch)
        )
        second = time.perf_counter() - second_started
        store.close()
        size_mb = sum(p.stat().st_size for p in (Path(tmp) / "store").iterdir()) / 1e6
        root = str(Path(__file__).resolve().parent.parent)
        cold = subprocess.run(
            [sys.executable, "-c", COLD, str(Path(tmp) / "store"), root], capture_output=True, text=True, check=True
        ).stdout.split()
        store = EmbeddedStore(Path(tmp) / "store")
        depth2(store, "person/n0")
        rng = random.Random(1)
        warm = []
        for _ in range(200):
            start_id = nodes[rng.randrange(len(nodes))].id
            t0 = time.perf_counter()
            depth2(store, start_id)
            warm.append((time.perf_counter() - t0) * 1000)
        store.close()
    warm.sort()
    print(f"nodes={stats.node_count} relationships={stats.relationship_count} batch={args.batch} size={size_mb:.1f} MB")
    print(f"first write:               {first:6.2f} s   (target < 30 s)")
    print(f"second identical write:    {second:6.2f} s   changed={again.changed} (target: nothing changed, faster)")
    print(f"cold open + depth-2 query: {float(cold[0]):6.2f} s   ({cold[1]} nodes; target < 2 s, fresh process)")
    print(
        f"warm depth-2 query:        p50 {statistics.median(warm):.2f} ms  p95 {warm[int(len(warm) * 0.95)]:.2f} ms"
        "  (target < 20 ms)"
    )


if __name__ == "__main__":
    main()
