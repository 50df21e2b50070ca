"""Benchmark the work one hostile article costs: text with no sentence end (a scraped page run together, a post
made to hurt), loaded by `claimgraph load` into a new embedded store. Prints wall and CPU time, the loader's peak
memory (its workers included), how much the store grew and the warnings of facts left out (the per-article caps),
for each kind of text, and whether it meets the target:

- ``seeds``: the five seed articles run together, sentence ends and line breaks removed, repeated to the size;
- ``tolls``: one casualty sentence without its period, repeated (a claim every 80 characters: the densest case);
- ``words``: ordinary words with no punctuation at all.

    python bench/bench_hostile.py                       # 4.9 MB of each kind
    python bench/bench_hostile.py --mb 0.1 --kind tolls

Target (issue 13): a 4.9 MB article with no sentence end loads in < 30 s with < 100 MB added to the store.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from bench_load import SEEDS, run_load_measured

TARGET_SECONDS = 30
TARGET_STORE_MB = 100
TOLL = "at least 745 civilians were killed by security forces in Latakia and Tartus, SOHR said on Sunday "


def hostile_text(kind: str, size: int) -> str:
    """``size`` characters of the given kind, on one line, without a sentence end."""
    if kind == "seeds":
        text = " ".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
        unit = re.sub(r"\s+", " ", re.sub(r"[.!?…]", " ", text))
    elif kind == "tolls":
        unit = TOLL
    else:
        unit = " ".join(re.findall(r"[a-z]+", TOLL.lower())) + " "
    return (unit * (size // len(unit) + 1))[:size]


def store_bytes(data_dir: Path) -> int:
    return sum(path.stat().st_size for path in data_dir.rglob("*") if path.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=4.9, help="article size in MB (default 4.9)")
    parser.add_argument("--kind", choices=["seeds", "tolls", "words"], action="append", help="default: all three")
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    print(f"one article of {size:,} characters, no sentence end, into a new embedded store")
    for kind in args.kind or ["seeds", "tolls", "words"]:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            article = folder / f"{kind}.txt"
            article.write_text(hostile_text(kind, size), encoding="utf-8")
            data_dir = folder / "data"
            elapsed, cpu, peak, summary = run_load_measured(
                [str(article), "--max-bytes", str(size + 1_000_000)], data_dir
            )
            grown = store_bytes(data_dir) / 1e6
            counts = {key: summary.get(key) for key in ("loaded", "claims", "statements")}
            capped = len(summary.get("warnings") or [])  # type: ignore[arg-type]
            met = "meets" if elapsed < TARGET_SECONDS and grown < TARGET_STORE_MB else "MISSES"
            print(
                f"{kind:6} wall {elapsed:6.1f} s  cpu {cpu:6.1f} s  peak {peak:6.0f} MB  store +{grown:6.1f} MB  "
                f"{counts}  {capped} warning(s)  {met} the target"
            )
    print(f"target (issue 13): each < {TARGET_SECONDS} s wall and < {TARGET_STORE_MB} MB added to the store")


if __name__ == "__main__":
    main()
