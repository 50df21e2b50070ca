"""Evaluate the extractor on FA-KES (human-labelled news on the Syrian war): places and civilian tolls.

    python bench/eval_fakes.py [PATH.csv] [--misses N]

PATH defaults to ../shared/corpora/fakes_dev.csv beside the project (or /work/shared/…); the script says so and
exits 0 when the file is absent. It prints:
  (a) the share of articles whose labelled governorate (`location`) is among the places tied to the article —
      every place mentioned or given to a claim — directly or up the place hierarchy (target >= 85 %);
  (b) the share of articles with nb_civilians > 0 that have a casualty claim of exactly that number (target >= 70 %);
  (c) the share of articles labelling a perpetrator (`actor`, not "unknown") that have a claim blaming an actor of
      that kind: its id, or its side on the publication date (target >= 70 %);
  (d) extraction speed in articles/s (one process, gazetteer loaded beforehand).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from loaders.dates import parse_published
from loaders.extract import extract
from loaders.gazetteer import Gazetteer
from loaders.records import Article, Extraction

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = (ROOT.parent / "shared" / "corpora" / "fakes_dev.csv", Path("/work/shared/corpora/fakes_dev.csv"))


# FA-KES `actor` label → (gazetteer sides, entity ids) that count as that perpetrator.
PERPETRATORS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "syrian government or russian troops": (frozenset({"assad-regime", "russia"}), frozenset()),
    "the organization of the islamic state in iraq and the levant - isis": (frozenset({"isis"}), frozenset()),
    "international coalition forces": (frozenset({"united-states"}), frozenset({"faction/us-led-coalition"})),
    "armed opposition groups": (frozenset({"syrian-opposition"}), frozenset()),
    "self administration forces": (frozenset({"sdf"}), frozenset()),
    "al-nusra front": (frozenset(), frozenset({"faction/jabhat-al-nusra", "faction/hts"})),
}


def blames_perpetrator(extraction: Extraction, gazetteer: Gazetteer, label: str) -> bool:
    """Whether some claim of the article blames an actor of the FA-KES perpetrator ``label``."""
    sides, ids = PERPETRATORS[label]
    when = extraction.article.published
    return any(
        blamed in ids or gazetteer.side(blamed, on=when) in sides
        for claim in extraction.claims
        for blamed in claim.blamed_ids
    )


def governorate_ids(gazetteer: Gazetteer, label: str) -> set[str]:
    """The gazetteer's governorate for a FA-KES location label ("deir ezzor", "lattakia", "hasakeh")."""
    found: set[str] = set()
    for name in (f"{label} governorate", label):
        entity = gazetteer.resolve(name, labels=("Location",))
        if entity is None:
            continue
        for place_id in (entity.id, *gazetteer.ancestors(entity.id)):
            place = gazetteer.get(place_id)
            if place is not None and place.properties.get("kind") == "governorate":
                found.add(place_id)
                break
    return found


def places_of(extraction: Extraction, gazetteer: Gazetteer) -> set[str]:
    """Every place tied to an article, with the places that contain them."""
    direct = {m.entity_id for m in extraction.mentions if m.entity_id.startswith("location/")}
    for record in (*extraction.claims, *extraction.statements):
        direct.update(record.place_ids)
    tied = set(direct)
    for place_id in direct:
        tied.update(gazetteer.ancestors(place_id))
    return tied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, help="the FA-KES CSV (default: ../shared/corpora/fakes_dev.csv)")
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses of each kind")
    args = parser.parse_args(argv)
    path = args.path or next((candidate for candidate in CANDIDATES if candidate.exists()), None)
    if path is None or not path.exists():
        print(f"skipped: FA-KES file not found ({args.path or ', '.join(map(str, CANDIDATES))})")
        return 0

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    gazetteer = Gazetteer.load()
    articles = [
        Article(
            id=row["unit_id"],
            text=row["article_content"],
            title=row.get("article_title") or None,
            outlet=row.get("source") or None,
            published=parse_published(row.get("date") or ""),
            source=f"{path.name}:row {number}",
        )
        for number, row in enumerate(rows, start=2)
    ]
    extract(articles[0], gazetteer)  # warm up: trigger automaton, regex caches

    started, started_cpu = time.perf_counter(), time.process_time()
    extractions = [extract(article, gazetteer) for article in articles]
    elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu

    located = labelled = 0
    counted = with_civilians = 0
    blamed = with_perpetrator = 0
    blame_misses: list[str] = []
    location_misses: list[str] = []
    toll_misses: list[str] = []
    for row, extraction in zip(rows, extractions, strict=True):
        label = row["location"].strip().lower()
        wanted = governorate_ids(gazetteer, label) if label else set()
        if wanted:
            labelled += 1
            if wanted & places_of(extraction, gazetteer):
                located += 1
            else:
                location_misses.append(f"{row['unit_id']} {label}: {row['article_title'][:70]}")
        perpetrator = row["actor"].strip().lower()
        if perpetrator in PERPETRATORS:
            with_perpetrator += 1
            if blames_perpetrator(extraction, gazetteer, perpetrator):
                blamed += 1
            else:
                found = sorted({b for c in extraction.claims for b in c.blamed_ids})
                blame_misses.append(f"{row['unit_id']} {perpetrator[:30]}, blamed {found}: {row['article_title'][:60]}")
        civilians = int(row["nb_civilians"] or 0)
        if civilians > 0:
            with_civilians += 1
            values = sorted(
                {c.value for c in extraction.claims if c.kind == "casualty" and c.harm == "killed" and c.value}
            )
            if civilians in values:
                counted += 1
            else:
                toll_misses.append(f"{row['unit_id']} wanted {civilians}, found {values}: {row['article_title'][:60]}")

    words = sum(len(article.text.split()) for article in articles)
    print(f"articles: {len(articles)} ({words / len(articles):.0f} words on average) from {path}")
    print(f"(a) location: {located}/{labelled} = {located / max(labelled, 1):.1%} (target >= 85%)")
    print(
        f"(b) civilian toll found: {counted}/{with_civilians} = {counted / max(with_civilians, 1):.1%} (target >= 70%)"
    )
    print(f"(c) blame: {blamed}/{with_perpetrator} = {blamed / max(with_perpetrator, 1):.1%} (target >= 70%)")
    print(
        f"(d) speed: {len(articles) / elapsed_cpu:.0f} articles/s on CPU time ({len(articles) / elapsed:.0f}/s wall), "
        f"{words / elapsed_cpu / 1000:.0f}k words/s, one process"
    )
    for title, misses in (
        ("location misses", location_misses),
        ("toll misses", toll_misses),
        ("blame misses", blame_misses),
    ):
        if args.misses and misses:
            print(f"{title}:")
            for line in misses[: args.misses]:
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
