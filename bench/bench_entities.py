"""Benchmark entity recognition, and check it against FA-KES's labelled governorates.

    python bench/bench_entities.py [--seconds 5] [--fakes ../shared/corpora/fakes_dev.csv]

Speed: ``find_mentions`` over ~1,000-word articles (the seed articles cut and joined to that length), one core;
prints mentions/s, articles/s and ms per article. The whole extraction's budget is 300 articles/s per core, so
entity recognition should stay well under 1 ms per article.

FA-KES check (skipped if the file is absent): for each article, is its labelled governorate (``location``) among
the places mentioned or their ancestors? FA-KES's "damascus" may mean the city or its countryside (Rural Damascus,
Ghouta, Douma): both readings are reported.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from loaders.entities import find_mentions  # noqa: E402
from loaders.gazetteer import Gazetteer  # noqa: E402

DEFAULT_FAKES = PROJECT_ROOT.parent / "shared" / "corpora" / "fakes_dev.csv"
# FA-KES location labels → OCHA governorate pcodes.
FAKES_GOVERNORATES = {
    "damascus": "SY01",
    "aleppo": "SY02",
    "homs": "SY04",
    "hama": "SY05",
    "lattakia": "SY06",
    "idlib": "SY07",
    "hasakeh": "SY08",
    "deir ezzor": "SY09",
    "tartous": "SY10",
    "raqqa": "SY11",
    "daraa": "SY12",
    "quneitra": "SY14",
}
RURAL_DAMASCUS = "SY03"


def thousand_word_articles(count: int) -> list[str]:
    """~1,000-word articles cut from the seeds, each starting at a different paragraph."""
    paragraphs = [
        paragraph
        for path in sorted((PROJECT_ROOT / "seeds").glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n")
        if paragraph.strip()
    ]
    articles = []
    for index in range(count):
        words, parts, position = 0, [], index
        while words < 1000:
            paragraph = paragraphs[position % len(paragraphs)]
            parts.append(paragraph)
            words += len(paragraph.split())
            position += 1
        articles.append("\n".join(parts))
    return articles


def bench_speed(gazetteer: Gazetteer, seconds: float) -> None:
    articles = thousand_word_articles(50)
    words = sum(len(article.split()) for article in articles) / len(articles)
    find_mentions(articles[0], gazetteer)  # builds the automaton
    done = mentions = 0
    # CPU time of this process: the figure per core, whatever else the machine is running.
    started, cpu_started = time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        for article in articles:
            mentions += len(find_mentions(article, gazetteer)[0])
        done += len(articles)
    elapsed = time.process_time() - cpu_started
    wall = time.perf_counter() - started
    print(f"find_mentions on {words:.0f}-word articles, one core (CPU time; wall {done / wall:,.0f} articles/s):")
    print(
        f"  {done / elapsed:,.0f} articles/s   {mentions / elapsed:,.0f} mentions/s   {elapsed / done * 1000:.3f} ms/article"
    )


def check_fakes(gazetteer: Gazetteer, path: Path, show_misses: bool) -> None:
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    strict = lenient = 0
    misses: Counter[str] = Counter()
    cpu = 0.0
    words = 0
    for row in rows:
        text = f"{row['article_title']}. {row['article_content']}"
        words += len(text.split())
        started = time.process_time()
        mentions, entities = find_mentions(text, gazetteer)
        cpu += time.process_time() - started
        reached: set[str] = set()
        for entity_id, entity in entities.items():
            if entity.label == "Location":
                reached.add(entity_id)
                reached.update(gazetteer.ancestors(entity_id))
        pcodes = {place_id.rsplit("/", 1)[-1] for place_id in reached}
        wanted = FAKES_GOVERNORATES[row["location"].strip().lower()]
        hit = wanted in pcodes
        strict += hit
        lenient_hit = hit or (wanted == "SY01" and RURAL_DAMASCUS in pcodes)
        lenient += lenient_hit
        if not lenient_hit:
            misses[row["location"]] += 1
            if show_misses:
                places = sorted(
                    {entities[m.entity_id].name for m in mentions if entities[m.entity_id].label == "Location"}
                )
                print(f"  miss {row['unit_id']} [{row['location']}]: {row['article_title'][:70]!r} places={places}")
    total = len(rows)
    print(
        f"FA-KES ({path.name}, {total} articles of {words / total:.0f} words on average; find_mentions "
        f"{cpu / total * 1000:.3f} ms/article CPU, {total / cpu:,.0f} articles/s):"
    )
    print(f"  labelled governorate among mentioned places or their ancestors: {strict / total:.1%}")
    print(f"  counting Rural Damascus for 'damascus':                         {lenient / total:.1%}")
    if misses:
        print(f"  misses by label: {dict(misses.most_common())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--fakes", type=Path, default=DEFAULT_FAKES)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer = Gazetteer.load()
    print(f"gazetteer: {len(gazetteer.entities):,} entities loaded in {(time.perf_counter() - started) * 1000:.0f} ms")
    bench_speed(gazetteer, args.seconds)
    if args.fakes.is_file():
        check_fakes(gazetteer, args.fakes, args.show_misses)
    else:
        print(f"FA-KES check skipped: {args.fakes} not found")


if __name__ == "__main__":
    main()
