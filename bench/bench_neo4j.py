"""Neo4j against the embedded store, in one run: load speed, and the named queries on a large graph.

    python bench/bench_neo4j.py                        # load FA-KES dev (../shared) or 300 synthetic articles
    python bench/bench_neo4j.py --runs 3 --workers 1 2
    python bench/bench_neo4j.py --warmup 5             # more loads to warm a new server before measuring
    python bench/bench_neo4j.py --scale 100000         # queries at >= 100,000 nodes (takes a while)
    NEO4J_URI=bolt://… python bench/bench_neo4j.py     # your own Neo4j (a scratch database: it is emptied)

Without NEO4J_URI it starts a throw-away Neo4j 5.26 (scripts/neo4j_test_server.py; needs Java 17 and Maven) and
exits 0 with the reason when it cannot. Load: --warmup loads into Neo4j first (a new server plans the statements
and compiles its hot paths: a server in use has done so long ago), then `claimgraph load … --json` in a fresh process
into a new embedded store, then into the emptied Neo4j, each --runs times; the median articles/s of each and their
ratio. Queries: a synthetic corpus loaded into the embedded store (articles added until it holds --scale nodes), the same graph
copied into Neo4j, then p50/p95 of each named query on both (bench_scale's cases).

Targets (issue 11): Neo4j load >= 100 articles/s on FA-KES-size articles and >= 0.7x the embedded rate of the same
run; named queries on Neo4j at 100,000 nodes / 500,000 relationships: p95 < 50 ms. The machine is shared (2
cores; Neo4j takes one of them while it writes): rerun when other work was running.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bench.bench_scale import HUBS, SEARCHES, VICTIMS, _percentile  # noqa: E402
from bench.generate_corpus import generate, write_corpus  # noqa: E402

FAKES = PROJECT_ROOT.parent / "shared" / "corpora" / "fakes_dev.csv"
FAKES_MAP = ["id=unit_id", "title=article_title", "text=article_content", "outlet=source", "published=date"]
CLAIMGRAPH = shutil.which("claimgraph", path=str(Path(sys.executable).parent)) or "claimgraph"


def _server_module() -> Any:
    spec = importlib.util.spec_from_file_location("neo4j_test_server", PROJECT_ROOT / "scripts/neo4j_test_server.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def neo4j_environment() -> Iterator[dict[str, str] | None]:
    """The NEO4J_* settings to use: the user's, or a throw-away server's (None when none can run here)."""
    if os.environ.get("NEO4J_URI"):
        yield {key: value for key, value in os.environ.items() if key.startswith("NEO4J_")}
        return
    server = _server_module()
    reason = server.missing_tools()
    if reason:
        print(f"Neo4j benchmark skipped: {reason}")
        yield None
        return
    server.build()
    log = Path(tempfile.mkstemp(prefix="claimgraph-neo4j-bench-", suffix=".log")[1])
    process = server.launch(log)
    try:
        uri = server.await_uri(process, log)
        print(f"throw-away Neo4j 5.26 at {uri}")
        yield server.environment(uri)
    finally:
        server.stop(process)
        log.unlink(missing_ok=True)


def open_neo4j(env: dict[str, str]) -> Any:
    from graph.neo4j_store import Neo4jStore
    from graph.settings import Settings

    store = Neo4jStore.from_settings(Settings(**env))  # type: ignore[arg-type]
    store.apply_schema()
    return store


def claimgraph_load(args: list[str], env: dict[str, str]) -> tuple[float, dict[str, Any]]:
    """Wall seconds and JSON summary of one `claimgraph load … --json --quiet` in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([CLAIMGRAPH, "load", *args, "--json", "--quiet"], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise SystemExit(f"claimgraph load failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, json.loads(done.stdout)


def corpus_for_load(folder: Path, count: int) -> tuple[list[str], str]:
    """The load arguments and a description: FA-KES dev when ../shared has it, else synthetic articles."""
    if FAKES.is_file():
        return [str(FAKES), *[part for pair in FAKES_MAP for part in ("--map", pair)]], f"FA-KES dev ({FAKES.name})"
    write_corpus(generate(count, seed=11), folder, "jsonl")
    return [str(folder)], f"{count} synthetic articles (FA-KES dev not found at {FAKES})"


def empty_neo4j(neo4j_env: dict[str, str]) -> None:
    store = open_neo4j(neo4j_env)
    store.clear()
    store.close()


def bench_load(neo4j_env: dict[str, str], runs: int, workers: list[int], count: int, warmup: int = 2) -> None:
    with tempfile.TemporaryDirectory(prefix="claimgraph-bench-neo4j-") as tmp:
        args, what = corpus_for_load(Path(tmp) / "corpus", count)
        print(f"\nload: {what}, {runs} run(s) each, embedded then Neo4j")
        base_env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
        # A new server plans each statement once and compiles its hot paths as it runs them, which takes a few
        # loads; a server in use has long done both. Warm-up loads, reported apart, so the runs measure the latter.
        for warm in range(max(1, warmup)):
            empty_neo4j(neo4j_env)
            _, cold = claimgraph_load(args, {**base_env, **neo4j_env})
            what_run = "cold: plans the statements once" if warm == 0 else "warming the server's JIT"
            print(f"  warm-up load {warm + 1} into this Neo4j ({what_run}): {cold['articles_per_second']} articles/s")
        for worker_count in workers:
            rates: dict[str, list[float]] = {"embedded": [], "neo4j": []}
            for run in range(runs):
                data = Path(tmp) / f"store-{worker_count}-{run}"
                _, summary = claimgraph_load(
                    [*args, "--workers", str(worker_count)], {**base_env, "CLAIMGRAPH_DATA": str(data)}
                )
                rates["embedded"].append(float(summary["articles_per_second"]))
                empty_neo4j(neo4j_env)
                _, summary = claimgraph_load([*args, "--workers", str(worker_count)], {**base_env, **neo4j_env})
                rates["neo4j"].append(float(summary["articles_per_second"]))
                loaded = summary["loaded"]
            embedded, neo4j = statistics.median(rates["embedded"]), statistics.median(rates["neo4j"])
            ratio = neo4j / embedded if embedded else 0.0
            print(
                f"  --workers {worker_count}: {loaded} articles; embedded {embedded:.1f} articles/s, "
                f"Neo4j {neo4j:.1f} articles/s, Neo4j/embedded {ratio:.2f}x "
                f"[targets: Neo4j >= 100/s {'met' if neo4j >= 100 else 'MISSED'}, "
                f">= 0.7x {'met' if ratio >= 0.7 else 'MISSED'}] (runs: {rates})"
            )


def scale_graph(folder: Path, nodes: int, rels: int) -> Any:
    """An embedded store of synthetic articles, grown until it holds ``nodes`` nodes and ``rels`` relationships."""
    from graph.embedded import EmbeddedStore
    from loaders.pipeline import load_paths

    store = EmbeddedStore(folder / "store")
    chunk, seed = 2000, 100
    stats = store.stats()
    while stats.node_count < nodes or stats.relationship_count < rels:
        corpus = folder / f"corpus-{seed}"
        write_corpus(generate(chunk, seed=seed), corpus, "jsonl")
        load_paths(store, [corpus], workers=2)
        shutil.rmtree(corpus)
        seed += 1
        stats = store.stats()
        print(f"  embedded: {stats.node_count:,} nodes, {stats.relationship_count:,} relationships")
    return store


def copy_graph(source: Any, target: Any, batch: int = 5000) -> None:
    """Every node, then every relationship, of ``source`` written into ``target`` in batches."""
    from graph.records import GraphBatch

    nodes = list(source.iter_nodes())
    for start in range(0, len(nodes), batch):
        target.write(GraphBatch(nodes=nodes[start : start + batch]))
    rels = list(source.iter_rels())
    for start in range(0, len(rels), batch):
        target.write(GraphBatch(rels=rels[start : start + batch]))


def sample_ids(store: Any, rng: random.Random, per_label: int = 40) -> dict[str, list[str]]:
    """Up to ``per_label`` node ids of each label, drawn evenly from the whole store (reservoir sampling)."""
    seen: dict[str, int] = {}
    picked: dict[str, list[str]] = {}
    for node in store.iter_nodes():
        count = seen[node.label] = seen.get(node.label, 0) + 1
        chosen = picked.setdefault(node.label, [])
        if len(chosen) < per_label:
            chosen.append(node.id)
        elif (slot := rng.randrange(count)) < per_label:
            chosen[slot] = node.id
    return {label: sorted(ids) for label, ids in picked.items()}


def query_cases(store: Any, rng: random.Random) -> dict[str, Callable[[], dict[str, Any]]]:
    """Parameters for every named query, drawn at random from the graph: hubs (the actors most stories name),
    sampled outlets, places with coordinates, articles, topics in dispute."""
    from queries.registry import QUERIES, run_query

    hubs = [hub for hub in HUBS if store.get_node(hub) is not None]
    ids = sample_ids(store, random.Random(7))
    outlets, articles = ids.get("Outlet", []), ids.get("Article", [])
    places = [node for node in store.get_nodes(ids.get("Location", [])) if node.properties.get("lat") is not None]
    topics = [
        row.topic for row in run_query(store, "contradictions", {"limit": 50}).items if getattr(row, "topic", None)
    ]
    words = [word for article in store.get_nodes(articles) for word in str(article.properties["name"]).split()[:2]]

    def one_of(*choices: dict[str, Any]) -> dict[str, Any]:
        return rng.choice(choices)

    def near() -> dict[str, Any]:
        place = rng.choice(places).properties
        return {"lat": place["lat"], "lon": place["lon"], "radius_km": rng.choice((10, 25, 100))}

    def topic() -> dict[str, Any]:
        return {"topic": rng.choice(topics)} if topics and rng.random() < 0.5 else {}

    cases: dict[str, Callable[[], dict[str, Any]]] = {
        "search_entities": lambda: {"q": rng.choice(SEARCHES)},
        "entity_detail": lambda: {"id": rng.choice(hubs)},
        "neighbors": lambda: {"id": rng.choice(hubs), "depth": rng.choice((1, 2))},
        "paths": lambda: dict(zip(("source", "target"), rng.sample(hubs, 2), strict=True)),
        "claims": lambda: one_of(
            {},
            {"kind": "casualty"},
            {"claimant": rng.choice(hubs)},
            {"outlet": rng.choice(outlets)},
            {"place": rng.choice(places).id},
            {"actor": rng.choice(hubs)},
        ),
        "tolls": lambda: {k: v for k, v in {"victims": rng.choice(VICTIMS)}.items() if v},
        "contradictions": topic,
        "claim_links": topic,
        "blame": lambda: one_of({}, {"actor": rng.choice(hubs)}, {"blamer": rng.choice(hubs)}, {"via": "outlet"}),
        "outlet_profile": lambda: {"id": rng.choice(outlets)},
        "place_report": lambda: {"id": rng.choice(places).id},
        "places_near": near,
        "timeline": lambda: one_of({}, {"entity": rng.choice(hubs)}, {"label": "Statement"}),
        "key_actors": lambda: one_of({}, {"metric": "degree"}, {"label": "Faction"}),
        "articles": lambda: one_of({}, {"outlet": rng.choice(outlets)}, {"q": rng.choice(words)}),
        "article_detail": lambda: {"id": rng.choice(articles)},
    }
    missing = sorted(set(QUERIES) - set(cases))
    if missing:
        raise SystemExit(f"bench_neo4j has no parameters for the named queries {missing}: add them to query_cases")
    return cases


def time_queries(store: Any, repeats: int) -> dict[str, tuple[float, float]]:
    """p50 and p95 in ms of each named query, after one warm-up call; the same parameters on every store."""
    from queries.registry import run_query

    figures = {}
    for name, make in query_cases(store, random.Random(5)).items():
        run_query(store, name, make())
        timings = []
        for _ in range(repeats):
            params = make()
            started = time.perf_counter()
            run_query(store, name, params)
            timings.append((time.perf_counter() - started) * 1000)
        figures[name] = (_percentile(timings, 0.5), _percentile(timings, 0.95))
    return figures


def print_query_table(figures: dict[str, dict[str, tuple[float, float]]], repeats: int) -> None:
    """One row per named query: p50/p95 on each store and whether Neo4j's p95 meets the 50 ms target."""
    print(
        f"\n  {'query':<16} {'embedded p50':>13} {'p95':>8} {'Neo4j p50':>10} {'p95':>8}  p95 < 50 ms ({repeats} runs)"
    )
    for name in figures["embedded"]:
        (e50, e95), (n50, n95) = figures["embedded"][name], figures["neo4j"][name]
        verdict = "met" if max(e95, n95) < 50 else "MISSED"
        print(f"  {name:<16} {e50:10.1f} ms {e95:5.1f} ms {n50:7.1f} ms {n95:5.1f} ms  {verdict}")


def bench_queries(neo4j_env: dict[str, str], nodes: int, rels: int, repeats: int) -> None:
    print(f"\nqueries at >= {nodes:,} nodes and {rels:,} relationships: building the graph")
    with tempfile.TemporaryDirectory(prefix="claimgraph-bench-neo4j-scale-") as tmp:
        embedded = scale_graph(Path(tmp), nodes, rels)
        neo4j = open_neo4j(neo4j_env)
        neo4j.clear()
        started = time.perf_counter()
        copy_graph(embedded, neo4j)
        stats = neo4j.stats()
        print(
            f"  Neo4j: {stats.node_count:,} nodes, {stats.relationship_count:,} relationships "
            f"(copied in {time.perf_counter() - started:.0f} s)"
        )
        figures = {"embedded": time_queries(embedded, repeats), "neo4j": time_queries(neo4j, repeats)}
        print_query_table(figures, repeats)
        neo4j.clear()
        neo4j.close()
        embedded.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="load runs per store (median; default 1)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1], help="loader worker counts (default 1)")
    parser.add_argument("--articles", type=int, default=300, help="synthetic articles when FA-KES is absent")
    parser.add_argument("--warmup", type=int, default=2, help="Neo4j loads before the measured runs (default 2)")
    parser.add_argument("--scale", type=int, default=0, help="also time the queries at this many nodes")
    parser.add_argument("--rels", type=int, default=0, help="... and this many relationships (default 5 x --scale)")
    parser.add_argument("--no-load", action="store_true", help="skip the load benchmark (queries only)")
    parser.add_argument("--repeats", type=int, default=50, help="runs of each query (default 50)")
    options = parser.parse_args()
    with neo4j_environment() as env:
        if env is None:
            return
        if not options.no_load:
            bench_load(env, options.runs, options.workers, options.articles, options.warmup)
        if options.scale:
            bench_queries(env, options.scale, options.rels or 5 * options.scale, options.repeats)


if __name__ == "__main__":
    main()
