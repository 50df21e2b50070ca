"""Benchmark `claimgraph load`: wall time of loading the seeds (start-up included), and articles/s on a larger
synthetic set with --workers 1 and --workers 2. Every run goes into a new embedded store in a temporary folder.

    python bench/bench_load.py                 # 3 runs of the seed load, 1,000 synthetic articles
    python bench/bench_load.py --articles 5000 --runs 5

Targets (issue 3): `claimgraph load seeds` < 3 s wall time including start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
CLAIMGRAPH = shutil.which("claimgraph", path=str(Path(sys.executable).parent)) or "claimgraph"
_NUMBER = re.compile(r"\b\d{2,}\b")


def run_load(args: list[str], data_dir: Path) -> tuple[float, float, dict[str, object]]:
    """Wall time and CPU time (the process and its workers) of one `claimgraph load ... --json` in a fresh
    process, and its JSON summary. CPU time stays meaningful when other jobs share the machine; wall time not."""
    elapsed, cpu, _, summary = run_load_measured(args, data_dir)
    return elapsed, cpu, summary


def run_load_measured(args: list[str], data_dir: Path) -> tuple[float, float, float, dict[str, object]]:
    """``run_load`` with the peak resident memory of the load, in MB, before the summary."""
    env = {**os.environ, "CLAIMGRAPH_DATA": str(data_dir)}
    env.pop("NEO4J_URI", None)  # always the embedded store
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([CLAIMGRAPH, "load", *args, "--json", "--quiet"], env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)  # this process's own usage, its workers included
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    cpu = usage.ru_utime + usage.ru_stime
    if process.returncode not in (0, 1) or not stdout.strip():
        raise SystemExit(f"claimgraph load failed ({process.returncode}):\n{stderr}")
    return elapsed, cpu, usage.ru_maxrss / 1024, json.loads(stdout)


def startup_seconds(runs: int) -> float:
    """Median wall time of `claimgraph --help`: the cost of starting the CLI at all."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([CLAIMGRAPH, "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def synthetic_corpus(path: Path, count: int) -> int:
    """`count` articles as JSONL: the seeds over and over, each copy with its own id, date and numbers, so
    every article is new to the store and extraction does real work. Returns the mean word count."""
    seeds = [(file.stem, file.read_text(encoding="utf-8")) for file in sorted(SEEDS.glob("*.txt"))]
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            stem, text = seeds[index % len(seeds)]
            shift = index // len(seeds)
            varied = _NUMBER.sub(lambda match, shift=shift: str(int(match.group()) + shift), text)
            words += len(varied.split())
            record = {
                "id": f"synthetic-{index:06d}-{stem}",
                "title": f"Synthetic copy {index} of {stem}",
                "text": varied,
                "outlet": ["Reuters", "AFP", "SANA", "The National", "Al Jazeera"][index % 5],
                "published": f"2025-03-{8 + index % 20:02d}",
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words // max(count, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs of the seed load (median reported)")
    parser.add_argument("--articles", type=int, default=1000, help="size of the synthetic set")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to compare")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="claimgraph-bench-") as scratch:
        root = Path(scratch)
        print(f"claimgraph --help (start-up only): {startup_seconds(options.runs):.2f} s median")

        seed_times, seed_cpu = [], []
        for run in range(options.runs):
            elapsed, cpu, summary = run_load([str(SEEDS)], root / f"seeds-{run}")
            seed_times.append(elapsed)
            seed_cpu.append(cpu)
        print(
            f"claimgraph load seeds, new embedded store: {statistics.median(seed_times):.2f} s median wall time "
            f"(min {min(seed_times):.2f}, max {max(seed_times):.2f}; {options.runs} runs; target < 3 s), "
            f"{statistics.median(seed_cpu):.2f} s CPU; {summary['loaded']} articles, {summary['entities']} entities, "
            f"{summary['statements']} statements, {summary['claims']} claims"
        )
        elapsed, cpu, summary = run_load([str(SEEDS)], root / "seeds-0")
        print(
            f"claimgraph load seeds again (all unchanged): {elapsed:.2f} s wall, {cpu:.2f} s CPU, "
            f"{summary['unchanged']} unchanged"
        )

        corpus = root / "synthetic.jsonl"
        mean_words = synthetic_corpus(corpus, options.articles)
        print(
            f"\nsynthetic set: {options.articles} articles (seeds with varied ids and numbers), ~{mean_words} words each"
        )
        baseline = None
        for workers in options.workers:
            args = [str(corpus), "--workers", str(workers)]
            elapsed, cpu, summary = run_load(args, root / f"synthetic-w{workers}")
            loaded = int(summary["loaded"])  # type: ignore[call-overload]
            rate = loaded / elapsed
            baseline = baseline or rate
            print(
                f"  --workers {workers}: {loaded} articles in {elapsed:.1f} s wall = {rate:.0f} articles/s "
                f"({rate / baseline:.2f}x of the first); {cpu:.1f} s CPU = {loaded / cpu:.0f} articles per CPU-second"
            )


if __name__ == "__main__":
    main()
