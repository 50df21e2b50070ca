"""Extraction speed on one core: articles/s for ~1,000-word articles (target >= 300 articles/s per core).

    python bench/bench_extract.py [--rounds N] [--profile]
    CLAIMGRAPH_PURE_PYTHON=1 python bench/bench_extract.py      # the same source, not compiled

The install compiles the extraction with mypyc (setup.py); the first line says whether this run uses the compiled
modules. --profile needs the pure-Python run to see inside them (cProfile sees compiled functions as one call).

The articles are the five seeds (1,010 words on average): real news text with quotes, tolls and attributions.
Each round extracts all of them; the best round counts (the machine is shared, so the best is the least
disturbed). Times are CPU time of this process, and wall time beside it. The figure is also given per stage, since
entity recognition (``loaders.entities``) and the rules after it (statements, claims, dates) are owned apart.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from loaders import native
from loaders.claims import find_claims
from loaders.dates import find_dates
from loaders.entities import find_mentions
from loaders.extract import extract
from loaders.gazetteer import Gazetteer
from loaders.records import Article
from loaders.statements import Attributor
from loaders.text import Document, find_quotes, scan_triggers, split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_articles() -> list[Article]:
    entries = yaml.safe_load((SEEDS / "manifest.yaml").read_text(encoding="utf-8"))
    return [
        Article(
            id=entry["file"], text=(SEEDS / entry["file"]).read_text(encoding="utf-8"), published=entry["published"]
        )
        for entry in entries
    ]


def best_round(articles: list[Article], work: Callable[[Article], object], rounds: int) -> tuple[float, float]:
    """The best (CPU seconds, wall seconds) over ``rounds`` passes over every article."""
    best_cpu = best_wall = float("inf")
    for _ in range(rounds):
        cpu, wall = time.process_time(), time.perf_counter()
        for article in articles:
            work(article)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall


class _Laps:
    """CPU seconds spent per stage, added lap by lap."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.clock = time.process_time()

    def lap(self, stage: str) -> None:
        now = time.process_time()
        self.spent[stage] = self.spent.get(stage, 0.0) + now - self.clock
        self.clock = now


def stage_times(articles: list[Article], gazetteer: Gazetteer, rounds: int) -> dict[str, float]:
    """CPU seconds per stage, best round."""
    best: dict[str, float] = {}
    for _ in range(rounds):
        laps = _Laps()
        for article in articles:
            text = article.text
            laps.clock = time.process_time()
            triggers = scan_triggers(text)
            quotes = find_quotes(text)
            sentences = split_sentences(text, quotes)
            laps.lap("sentences, quotes, trigger words")
            mentions, entities = find_mentions(text, gazetteer)
            laps.lap("entities (loaders.entities)")
            dates = find_dates(text, article.published, triggers)
            laps.lap("dates")
            doc = Document(text, article.published, sentences, quotes, list(mentions), dict(entities), dates, triggers)
            attributor = Attributor(doc, gazetteer)
            statements = attributor.run()
            laps.lap("statements")
            find_claims(doc, statements, attributor, gazetteer)
            laps.lap("claims")
        for stage, seconds in laps.spent.items():
            best[stage] = min(best.get(stage, float("inf")), seconds)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30, help="passes over the articles; the best counts")
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    args = parser.parse_args(argv)

    gazetteer = Gazetteer.load()
    articles = seed_articles()
    for article in articles:  # warm up: trigger automaton, regular expressions, gazetteer caches
        extract(article, gazetteer)
    words = sum(len(article.text.split()) for article in articles)
    per_1000 = 1000 / (words / len(articles))

    cpu, wall = best_round(articles, lambda article: extract(article, gazetteer), args.rounds)
    print(f"extraction modules: {native.status()}")
    print(f"{len(articles)} articles, {words / len(articles):.0f} words on average")
    print(
        f"extract: {len(articles) / cpu:.0f} articles/s on CPU time ({len(articles) / wall:.0f}/s wall), "
        f"{cpu / len(articles) * per_1000 * 1000:.2f} ms per 1,000-word article; target >= 300 articles/s"
    )
    stages = stage_times(articles, gazetteer, max(3, args.rounds // 3))
    total = sum(stages.values())
    for stage, seconds in stages.items():
        ms = seconds / len(articles) * per_1000 * 1000
        print(f"  {stage:34s} {ms:5.2f} ms per 1,000 words ({seconds / total:4.0%})")

    if args.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(5):
            for article in articles:
                extract(article, gazetteer)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
