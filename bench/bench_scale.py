"""Scale benchmark (issue 5): a generated corpus of 10,000 articles through extraction, the loader, the queries
and the HTTP API, with the figures set against the targets.

    python bench/bench_scale.py                          # 10,000 articles, workers 1 and 2 (~15-25 min on 2 cores)
    python bench/bench_scale.py --count 2000 --http-seconds 10
    python bench/bench_scale.py --keep /tmp/scale        # keep the corpus and the stores
    python bench/bench_scale.py --store /tmp/scale/store-w1   # queries and HTTP again on a kept store
    NEO4J_URI=bolt://... python bench/bench_scale.py --neo4j   # also load into that Neo4j (use a scratch database)

Measured, each in its own process where it matters:
- extraction: ``loaders.extract.extract`` in this process over the corpus, articles per CPU second (per core)
  and per wall second;
- load: ``claimgraph load CORPUS --workers N`` into a new embedded store, wall time (start-up included), the size of
  the store on disk, and peak memory: the largest process (``getrusage`` of the children) and the whole process
  tree (sampled from /proc);
- queries: p50/p95 of ``queries.registry.run_query`` on the loaded store (search, neighbourhood, paths, tolls,
  contradictions), after one warm-up call each (reported apart: the first call builds the in-memory graph);
- HTTP: ``claimgraph serve`` on the loaded store and a concurrent client (threads, keep-alive) on loopback.

Targets on the 2-core machine: load >= 150 articles/s; --workers 2 >= 1.6x --workers 1; peak memory < 2 GB; p95 <
50 ms for each query. The machine is shared: rerun when other work was running, and read the figures as such.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script: make the project's packages importable
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.generate_corpus import generate, write_corpus  # noqa: E402

GB = 1024**3
SEARCHES = ("Assad", "Julani", "Observatory", "Hayat Tahrir", "Islamic Stat", "Hama", "Latakia", "Reuters",
            "White Helmets", "Kurdish", "Idlib", "Deir ez-Zor", "Rami Abdel Rahman", "SANA", "Hezbolah")  # fmt: skip
HUBS = ("organization/sohr", "faction/hts", "person/rami-abdel-rahman", "faction/isis", "organization/un",
        "government/syria", "outlet/reuters", "faction/syrian-arab-army", "community/alawites", "location/country/SY")  # fmt: skip
VICTIMS = (None, "civilians", "children", "people", "security_forces", "fighters")


def _command() -> list[str]:
    script = Path(sys.executable).with_name("claimgraph")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from api.cli import main; main()"]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _dir_size(path: Path) -> int:
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())


# -- process-tree memory -----------------------------------------------------------------------------------------


def _tree_rss(root: int) -> int:
    """Resident memory of ``root`` and its descendants, in bytes (Linux /proc; 0 elsewhere)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            pid = int(entry.name)
            children.setdefault(int(fields[1]), []).append(pid)
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


@dataclass
class Run:
    """One child process: wall time, exit status, output, largest-process and whole-tree peak memory."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    max_process_bytes: int
    max_tree_bytes: int


def run_measured(args: list[str], env: dict[str, str]) -> Run:
    """Run ``args`` in a wrapper process so getrusage(RUSAGE_CHILDREN) covers this run alone."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:])\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stderr.write(f'\\n__maxrss_kb__ {peak}\\n')\n"
        "sys.exit(done.returncode)\n"
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", wrapper, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.wait(0.2):
            peak_tree = max(peak_tree, _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    stop.set()
    sampler.join()
    elapsed = time.perf_counter() - started
    marker = err.rfind("__maxrss_kb__")
    max_kb = int(err[marker:].split()[1]) if marker != -1 else 0
    err = err[:marker] if marker != -1 else err
    return Run(elapsed, process.returncode, out, err, max_kb * 1024, peak_tree)


# -- the measures ------------------------------------------------------------------------------------------------


@dataclass
class Figures:
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # measure, figure, target, command

    def add(self, measure: str, figure: str, target: str = "", command: str = "") -> None:
        self.rows.append((measure, figure, target, command))
        print(f"  {measure}: {figure}" + (f"  (target {target})" if target else ""), flush=True)

    def table(self) -> str:
        widths = [
            max(len(row[i]) for row in [("measure", "figure", "target", "command"), *self.rows]) for i in range(3)
        ]
        lines = [
            f"| {'measure':<{widths[0]}} | {'figure':<{widths[1]}} | {'target':<{widths[2]}} | command |",
            f"|{'-' * (widths[0] + 2)}|{'-' * (widths[1] + 2)}|{'-' * (widths[2] + 2)}|---------|",
        ]
        for measure, figure, target, command in self.rows:
            lines.append(
                f"| {measure:<{widths[0]}} | {figure:<{widths[1]}} | {target:<{widths[2]}} | {command or ''} |"
            )
        return "\n".join(lines)


def _mark(ok: bool) -> str:
    return "met" if ok else "NOT met"


def measure_extraction(records: list[dict[str, Any]], figures: Figures) -> None:
    from loaders.extract import extract
    from loaders.gazetteer import Gazetteer
    from loaders.records import Article

    gazetteer = Gazetteer.load()
    extract(Article(id="article/warm-up", text=records[0]["text"]), gazetteer)  # builds the automaton once
    articles = [
        Article(
            id=f"article/{r['id']}", text=r["text"], outlet=r["outlet"], published=date.fromisoformat(r["published"])
        )
        for r in records
    ]
    words = sum(len(r["text"].split()) for r in records)
    cpu, wall = time.process_time(), time.perf_counter()
    for item in articles:
        extract(item, gazetteer)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    figures.add(
        "extraction, one core",
        f"{len(articles) / cpu:,.0f} articles/s per CPU second ({len(articles) / wall:,.0f}/s wall; "
        f"{words // len(articles)} words/article)",
        ">= 300 articles/s (issue 3)",
        "in-process loaders.extract.extract",
    )


def measure_load(corpus: Path, root: Path, workers: int, figures: Figures, count: int) -> tuple[float, Path]:
    data = root / f"store-w{workers}"
    env = {**os.environ, "CLAIMGRAPH_DATA": str(data)}
    env.pop("NEO4J_URI", None)
    command = [*_command(), "load", str(corpus), "--workers", str(workers), "--quiet", "--json"]
    run = run_measured(command, env)
    if run.returncode != 0:
        raise SystemExit(f"claimgraph load failed ({run.returncode}):\n{run.stderr[-3000:]}")
    summary = json.loads(run.stdout)
    rate = summary["loaded"] / run.seconds
    size = _dir_size(data)
    shown = f"claimgraph load {corpus.name} --workers {workers}"
    figures.add(
        f"load, embedded, --workers {workers}",
        f"{rate:,.0f} articles/s ({summary['loaded']:,} in {run.seconds:,.0f} s wall, start-up included; "
        f"{summary['claims']:,} claims, {summary['statements']:,} statements)",
        f">= 150 articles/s: {_mark(rate >= 150)}",
        shown,
    )
    peak = max(run.max_process_bytes, run.max_tree_bytes)
    figures.add(
        f"peak memory, --workers {workers}",
        f"{run.max_process_bytes / GB:.2f} GB largest process, {run.max_tree_bytes / GB:.2f} GB process tree",
        f"< 2 GB: {_mark(peak < 2 * GB)}",
        shown,
    )
    figures.add(f"store on disk, --workers {workers}", f"{size / 2**20:,.0f} MB for {count:,} articles", "", shown)
    return rate, data


def measure_neo4j_load(corpus: Path, figures: Figures) -> None:
    env = dict(os.environ)
    run = run_measured([*_command(), "load", str(corpus), "--quiet", "--json"], env)
    if run.returncode != 0:
        figures.add("load, Neo4j", f"failed: {run.stderr.strip().splitlines()[-1:]}")
        return
    summary = json.loads(run.stdout)
    figures.add(
        "load, Neo4j",
        f"{(summary['loaded'] + summary['unchanged']) / run.seconds:,.0f} articles/s ({run.seconds:,.0f} s wall)",
        "",
        "NEO4J_URI=... claimgraph load CORPUS",
    )


def measure_queries(data: Path, figures: Figures, repeats: int) -> None:
    from graph.embedded import EmbeddedStore
    from queries.registry import run_query

    rng = random.Random(5)
    with EmbeddedStore(data, create=False) as store:
        hubs = [hub for hub in HUBS if store.get_node(hub) is not None]
        topics = [
            row.topic
            for row in run_query(store, "contradictions", {"limit": 50}).items  # type: ignore[attr-defined]
            if getattr(row, "topic", None)
        ]
        cases: dict[str, Callable[[], dict[str, Any]]] = {
            "search": lambda: {"q": rng.choice(SEARCHES)},
            "neighbourhood": lambda: {"id": rng.choice(hubs), "depth": rng.choice((1, 2))},
            "paths": lambda: dict(zip(("source", "target"), rng.sample(hubs, 2), strict=True)),
            "tolls": lambda: {k: v for k, v in {"victims": rng.choice(VICTIMS)}.items() if v},
            "contradictions": lambda: {"topic": rng.choice(topics)} if topics and rng.random() < 0.5 else {},
        }
        names = {"search": "search_entities", "neighbourhood": "neighbors", "paths": "paths",
                 "tolls": "tolls", "contradictions": "contradictions"}  # fmt: skip
        for label, make in cases.items():
            started = time.perf_counter()
            run_query(store, names[label], make())
            first = (time.perf_counter() - started) * 1000
            timings = []
            for _ in range(repeats):
                params = make()
                started = time.perf_counter()
                run_query(store, names[label], params)
                timings.append((time.perf_counter() - started) * 1000)
            p50, p95 = _percentile(timings, 0.5), _percentile(timings, 0.95)
            figures.add(
                f"query {label}",
                f"p50 {p50:.1f} ms, p95 {p95:.1f} ms ({repeats} runs; first call {first:,.0f} ms)",
                f"p95 < 50 ms: {_mark(p95 < 50)}",
                f"run_query(store, {names[label]!r}, ...)",
            )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_serving(base: str, server: subprocess.Popen[bytes], seconds: float) -> None:
    """Wait for ``claimgraph serve`` at ``base`` to answer /health; exit when it dies or ``seconds`` pass."""
    import httpx

    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("claimgraph serve did not start")
        time.sleep(0.2)


def measure_http(data: Path, figures: Figures, seconds: float, concurrency: int) -> None:
    import httpx

    port = _free_port()
    env = {**os.environ, "CLAIMGRAPH_DATA": str(data)}
    env.pop("NEO4J_URI", None)
    server = subprocess.Popen(
        [*_command(), "serve", "--port", str(port), "--no-access-log"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server, 60)
        paths = [f"/entities?q={name}" for name in SEARCHES] + [
            "/stats", "/claims?limit=50", "/claims/tolls?victims=civilians", "/articles?limit=20",
            "/claims/contradictions?limit=20", *[f"/entities/{hub}" for hub in HUBS[:5]],
        ]  # fmt: skip
        with httpx.Client(base_url=base, timeout=30) as warm:
            for path in paths:
                warm.get(path)
        statuses: Counter[int] = Counter()
        latencies: list[float] = []
        by_path: dict[str, list[float]] = {}
        lock = threading.Lock()
        stop_at = time.monotonic() + seconds

        def client(worker: int) -> None:
            rng = random.Random(worker)
            with httpx.Client(base_url=base, timeout=30) as http:
                while time.monotonic() < stop_at:
                    started = time.perf_counter()
                    path = rng.choice(paths)
                    response = http.get(path)
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        statuses[response.status_code] += 1
                        latencies.append(elapsed)
                        by_path.setdefault(path.split("?")[0], []).append(elapsed)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(statuses.values())
    errors = sum(count for status, count in statuses.items() if status >= 500)
    figures.add(
        "HTTP, concurrent client",
        f"{total / elapsed:,.0f} requests/s ({concurrency} connections, {total:,} requests in {elapsed:.0f} s; "
        f"p50 {_percentile(latencies, 0.5):.0f} ms, p95 {_percentile(latencies, 0.95):.0f} ms; "
        f"statuses {dict(sorted(statuses.items()))}, 5xx: {errors})",
        "",
        "claimgraph serve + httpx threads",
    )
    slowest = sorted(by_path.items(), key=lambda item: -_percentile(item[1], 0.5))[:6]
    print("    slowest endpoints (p50 under load): "
          + ", ".join(f"{path} {_percentile(times, 0.5):.0f} ms" for path, times in slowest))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="articles in the corpus (default 10,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="loader worker counts to compare")
    parser.add_argument("--extract-count", type=int, default=None, help="articles for the extraction figure")
    parser.add_argument("--query-repeats", type=int, default=50, help="runs of each query (default 50)")
    parser.add_argument("--http-seconds", type=float, default=20.0)
    parser.add_argument("--http-concurrency", type=int, default=8)
    parser.add_argument("--neo4j", action="store_true", help="also load into the Neo4j of NEO4J_URI")
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus and stores in this folder")
    parser.add_argument("--store", type=Path, default=None, help="only queries and HTTP, on this loaded store")
    options = parser.parse_args()
    if options.store is not None:
        figures = Figures()
        measure_queries(options.store, figures, options.query_repeats)
        measure_http(options.store, figures, options.http_seconds, options.http_concurrency)
        print(figures.table())
        return

    root = options.keep or Path(tempfile.mkdtemp(prefix="claimgraph-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    figures = Figures()
    try:
        print(f"corpus: {options.count:,} articles, seed {options.seed} → {root}", flush=True)
        started = time.perf_counter()
        records = list(generate(options.count, options.seed))
        corpus = root / "corpus"
        write_corpus(records, corpus, "jsonl")
        words = sum(len(r["text"].split()) for r in records) // max(len(records), 1)
        figures.add(
            "corpus generation",
            f"{options.count:,} articles, {words} words on average, "
            f"{sum(r['wire'] is not None for r in records):,} wire reprints, in {time.perf_counter() - started:.0f} s",
            "",
            f"python bench/generate_corpus.py --count {options.count} --seed {options.seed} --format jsonl",
        )
        print("extraction…", flush=True)
        measure_extraction(records[: options.extract_count or len(records)], figures)
        del records
        rates: dict[int, float] = {}
        stores: dict[int, Path] = {}
        for workers in options.workers:
            print(f"load --workers {workers}…", flush=True)
            rates[workers], stores[workers] = measure_load(
                corpus / "corpus.jsonl", root, workers, figures, options.count
            )
        if 1 in rates and 2 in rates:
            speedup = rates[2] / rates[1]
            figures.add("--workers 2 speed-up", f"{speedup:.2f}x", f">= 1.6x: {_mark(speedup >= 1.6)}",
                        "the two loads above")  # fmt: skip
        if options.neo4j and os.environ.get("NEO4J_URI"):
            print("load into Neo4j…", flush=True)
            measure_neo4j_load(corpus / "corpus.jsonl", figures)
        store = stores[min(stores)]
        print("queries…", flush=True)
        measure_queries(store, figures, options.query_repeats)
        print("HTTP…", flush=True)
        measure_http(store, figures, options.http_seconds, options.http_concurrency)
        load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"\n{os.cpu_count()} CPUs, load average {load_avg:.1f} at the end; "
              f"this process's peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GB\n")  # fmt: skip
        print(figures.table())
    finally:
        if options.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
