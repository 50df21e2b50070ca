"""The synthetic corpus generator (bench/generate_corpus.py): deterministic, self-consistent, and loadable.

The generator records the facts it writes (tolls, blame, denials, statements, numbers that are not casualties) with
offsets into the text; the last tests load a small corpus through the real extractor and loader and compare.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench.generate_corpus import FACTS_FILE, JSONL_FILE, article, generate, tables, write_corpus
from graph.embedded import EmbeddedStore
from loaders.readers import iter_articles
from loaders.records import Article

FACT_KINDS = ("expected_tolls", "expected_blames", "expected_denials", "expected_statements", "non_casualty_numbers")


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return list(generate(120, seed=11))


_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
_WORDS = {word: value for value, word in enumerate([*_UNITS.split(), "seventeen", "eighteen", "nineteen"])}
_WORDS |= {word: 10 * (index + 2) for index, word in enumerate(_TENS)}


def _first_number(text: str) -> int | None:
    """The first number written in ``text``: "at least 1,300 people" → 1300, "some seventy-six women" → 76,
    "two hundred soldiers" → 200."""
    tokens = text.split()
    for index, token in enumerate(tokens):
        digits = re.match(r"\d[\d,]*", token)
        if digits:
            return int(digits.group().replace(",", ""))
        parts = token.split("-")
        if all(part in _WORDS for part in parts):
            value = sum(_WORDS[part] for part in parts)
            return value * 100 if index + 1 < len(tokens) and tokens[index + 1] == "hundred" else value
    return None


def _overlaps(a: dict[str, Any] | Any, start: int, end: int) -> bool:
    a_start, a_end = (a["start"], a["end"]) if isinstance(a, dict) else (a.start, a.end)
    return a_start < end and start < a_end


# -- determinism ------------------------------------------------------------------------------------------------


def test_same_seed_gives_identical_articles() -> None:
    assert list(generate(25, seed=5)) == list(generate(25, seed=5))


def test_different_seeds_give_different_articles() -> None:
    first, second = list(generate(25, seed=5)), list(generate(25, seed=6))
    assert [a["text"] for a in first] != [a["text"] for a in second]
    assert len({a["text"] for a in first} & {a["text"] for a in second}) < 3  # not a shuffled copy either


def test_a_small_corpus_is_the_prefix_of_a_larger_one() -> None:
    assert list(generate(10, seed=3)) == list(generate(40, seed=3))[:10]
    assert article(3, 33) == list(generate(40, seed=3))[33]


def test_files_are_identical_byte_for_byte(tmp_path: Path) -> None:
    for fmt in ("txt", "jsonl"):
        one, two = tmp_path / f"{fmt}-1", tmp_path / f"{fmt}-2"
        write_corpus(generate(15, seed=9), one, fmt)
        write_corpus(generate(15, seed=9), two, fmt)
        files = sorted(path.name for path in one.iterdir())
        assert files == sorted(path.name for path in two.iterdir())
        for name in files:
            assert (one / name).read_bytes() == (two / name).read_bytes(), name


# -- shape and self-consistency ---------------------------------------------------------------------------------


def test_articles_are_300_to_1000_words(corpus: list[dict[str, Any]]) -> None:
    words = [len(a["text"].split()) for a in corpus]
    assert min(words) >= 280 and max(words) <= 1060, (min(words), max(words))
    assert max(words) - min(words) > 300  # lengths vary across the range, not one size


def test_every_fact_points_at_its_text(corpus: list[dict[str, Any]]) -> None:
    for item in corpus:
        text = item["text"]
        for kind in FACT_KINDS:
            for fact in item[kind]:
                span = text[fact["start"] : fact["end"]]
                if "text" in fact:
                    assert span == fact["text"], (item["id"], kind, fact)
                if "sentence_start" in fact:
                    assert fact["sentence_start"] <= fact["start"] < fact["end"] <= fact["sentence_end"]


def test_toll_values_are_written_in_their_span(corpus: list[dict[str, Any]]) -> None:
    qualifiers = Counter()
    for item in corpus:
        assert item["expected_tolls"], item["id"]  # every article reports a toll
        for toll in item["expected_tolls"]:
            qualifiers[toll["qualifier"]] += 1
            if toll["value"] is None:
                assert toll["qualifier"] == "vague"
                assert re.match(r"(dozens|hundreds|scores) of ", toll["text"], re.IGNORECASE)
                continue
            assert _first_number(toll["text"]) == toll["value"], toll
            if toll["value_max"] is not None:
                assert toll["qualifier"] == "range" and toll["value_max"] > toll["value"]
                assert f"{toll['value_max']:,}" in toll["text"]
    assert {"exact", "at_least", "over", "about", "up_to", "range", "vague"} <= set(qualifiers)


def test_non_casualty_numbers_are_their_values(corpus: list[dict[str, Any]]) -> None:
    reasons = Counter()
    for item in corpus:
        for number in item["non_casualty_numbers"]:
            reasons[number["why"]] += 1
            assert int(number["text"].replace(",", "")) == number["value"]
    assert {"year", "population", "distance", "wounded", "dismissed", "refugees"} <= set(reasons)


def test_spellings_vary_and_resolve_in_the_gazetteer() -> None:
    data = tables()
    # The generator drops a spelling the gazetteer no longer resolves to its entity; few may go.
    spellings = sum(len(names) for names in data.actors.values())
    assert len(data.dropped_spellings) <= 0.1 * spellings, data.dropped_spellings
    assert sum(len(names) > 1 for names in data.actors.values()) >= 30
    assert len(data.places) > 100 and len(data.villages) > 100


def test_wire_stories_are_syndicated_under_several_outlets() -> None:
    articles = list(generate(400, seed=2))
    copies: dict[str, list[dict[str, Any]]] = {}
    for item in articles:
        if item["wire"]:
            copies.setdefault(item["wire"], []).append(item)
    assert 0.1 < sum(len(group) for group in copies.values()) / len(articles) < 0.3
    biggest = max(copies.values(), key=len)
    assert len(biggest) >= 5
    assert len({item["text"] for item in biggest}) == 1  # one story, reprinted
    assert len({item["id"] for item in biggest}) == len(biggest)
    assert len({item["outlet"] for item in biggest}) >= 3
    originals = [item["text"] for item in articles if not item["wire"]]
    assert len(set(originals)) == len(originals)


def test_relative_dates_resolve_to_the_recorded_day(corpus: list[dict[str, Any]]) -> None:
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    checked = 0
    for item in corpus:
        lead = item["expected_tolls"][0]
        if lead["date"] is None:
            continue
        day, published = date.fromisoformat(lead["date"]), date.fromisoformat(item["published"])
        sentence = item["text"][lead["sentence_start"] : lead["sentence_end"]]
        assert day < published
        named = re.search(r"\bon (\w+)", sentence)
        assert named is not None, sentence
        if named.group(1) in weekdays:
            assert weekdays[day.weekday()] == named.group(1) and (published - day).days <= 6
            checked += 1
    assert checked > 20


# -- files through the readers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_written_files_read_back_as_the_generated_articles(tmp_path: Path, fmt: str) -> None:
    records = list(generate(20, seed=4))
    assert write_corpus(records, tmp_path, fmt) == 20
    read = list(iter_articles([str(tmp_path)]))
    assert all(isinstance(item, Article) for item in read), [item for item in read if not isinstance(item, Article)]
    by_id = {item.id: item for item in read if isinstance(item, Article)}
    assert sorted(by_id) == sorted(f"article/{record['id']}" for record in records)
    for record in records:
        loaded = by_id[f"article/{record['id']}"]
        assert loaded.text == record["text"]
        assert (loaded.outlet, loaded.author, loaded.title) == (record["outlet"], record["author"], record["title"])
        assert loaded.published == date.fromisoformat(record["published"])
    if fmt == "txt":
        facts = [json.loads(line) for line in (tmp_path / FACTS_FILE).read_text(encoding="utf-8").splitlines()]
        assert [fact["id"] for fact in facts] == [record["id"] for record in records]
        assert facts[0]["expected_tolls"] == records[0]["expected_tolls"]
    else:
        assert (tmp_path / JSONL_FILE).exists()


def test_command_line_writes_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bench.generate_corpus import main

    main(["--count", "12", "--seed", "8", "--out", str(tmp_path), "--format", "jsonl"])
    lines = (tmp_path / JSONL_FILE).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(generate(12, seed=8))
    assert "12 articles" in capsys.readouterr().out


# -- through the real extractor and loader ----------------------------------------------------------------------


def _rate(hits: int, total: int) -> float:
    return hits / total if total else 1.0


# The casualty kind a number the generator wrote as "not a death toll" may still carry.
_HARM_OF = {"wounded": ("injured",), "arrested": ("detained",), "displaced": ("displaced",), "refugees": ("displaced",)}


def test_extraction_finds_the_generated_facts(corpus: list[dict[str, Any]]) -> None:
    """Recall and precision of the rule-based extractor on facts the generator knows it wrote."""
    from loaders.extract import extract
    from loaders.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    tolls = tolls_found = claimants = claimants_found = 0
    blames = blames_found = denials = denials_found = statements = statements_found = 0
    casualty_claims = unexpected = on_other_numbers = 0
    for item in corpus:
        source = Article(id=item["id"], text=item["text"], outlet=item["outlet"],
                         published=date.fromisoformat(item["published"]))  # fmt: skip
        extraction = extract(source, gazetteer)
        # Death tolls; a count of the wounded or of refugees may be a casualty claim of its own kind, never a death
        every_harm = [claim for claim in extraction.claims if claim.kind == "casualty"]
        casualties = [claim for claim in every_harm if claim.harm in (None, "killed")]
        for number in item["non_casualty_numbers"]:
            kinds = {claim.harm for claim in every_harm if _overlaps(number, claim.start, claim.end)}
            assert kinds <= set(_HARM_OF.get(number["why"], ())), (number["why"], kinds)
        for toll in item["expected_tolls"]:
            tolls += 1
            match = next(
                (
                    claim
                    for claim in casualties
                    if _overlaps(toll, claim.start, claim.end)
                    and claim.qualifier == toll["qualifier"]
                    and claim.value_max == toll["value_max"]
                    and (toll["value"] is None or claim.value == toll["value"])
                ),
                None,
            )
            tolls_found += match is not None
            if match is not None and toll["claimant_id"]:
                claimants += 1
                claimants_found += match.claimant_id == toll["claimant_id"]
        casualty_claims += len(casualties)
        unexpected += sum(not any(_overlaps(t, c.start, c.end) for t in item["expected_tolls"]) for c in casualties)
        on_other_numbers += sum(
            any(_overlaps(n, c.start, c.end) for n in item["non_casualty_numbers"]) for c in casualties
        )
        for blame in item["expected_blames"]:
            blames += 1
            blames_found += any(
                claim.kind == "blame" and blame["blamed_id"] in claim.blamed_ids for claim in extraction.claims
            )
        for denial in item["expected_denials"]:
            denials += 1
            denials_found += any(
                claim.kind == "denial" and _overlaps(denial, claim.start, claim.end) for claim in extraction.claims
            )
        for expected in item["expected_statements"]:
            statements += 1
            statements_found += any(
                _overlaps(expected, found.start, found.end)
                and (
                    found.speaker_id == expected["speaker_id"]
                    if expected["speaker_id"]
                    else (found.speaker or "").endswith(expected["speaker"])
                )
                for found in extraction.statements
            )
    report = {
        "toll recall": _rate(tolls_found, tolls),
        "claimant agreement": _rate(claimants_found, claimants),
        "blame recall": _rate(blames_found, blames),
        "denial recall": _rate(denials_found, denials),
        "statement recall": _rate(statements_found, statements),
        "unexpected casualty claims": _rate(unexpected, casualty_claims),
    }
    assert on_other_numbers == 0, "a year, population, distance or count of the wounded became a casualty claim"
    assert report["toll recall"] >= 0.9, report
    assert report["unexpected casualty claims"] <= 0.02, report
    assert report["blame recall"] >= 0.9, report
    assert report["denial recall"] >= 0.9, report
    assert report["claimant agreement"] >= 0.75, report
    assert report["statement recall"] >= 0.75, report


def test_loaded_corpus_has_the_generated_tolls(tmp_path: Path) -> None:
    """The whole pipeline (files → readers → extract → store): casualty claims carry the generated values."""
    from loaders.pipeline import load_paths

    records = list(generate(40, seed=21))
    write_corpus(records, tmp_path / "corpus", "txt")
    with EmbeddedStore(tmp_path / "store") as store:
        report = load_paths(store, [str(tmp_path / "corpus")])
        assert report.ok, report.problems[:3]
        assert sorted(report.loaded) == sorted(f"article/{record['id']}" for record in records)
        claims = store.find_nodes("Claim", "kind", ["casualty"])
        articles = store.get_nodes([f"article/{record['id']}" for record in records])
    assert len(articles) == len(records)
    by_article: dict[str, list[Any]] = {}
    for claim in claims:
        by_article.setdefault(claim.properties["article_id"], []).append(claim.properties)
    expected = found = 0
    for record in records:
        stored = by_article.get(f"article/{record['id']}", [])
        text = next(a for a in articles if a.id == f"article/{record['id']}").properties["text"]
        assert text == record["text"]
        for claim in stored:
            assert text[claim["start"] : claim["end"]] == claim["text"]
        for toll in record["expected_tolls"]:
            expected += 1
            found += any(
                _overlaps(toll, claim["start"], claim["end"])
                and claim.get("qualifier") == toll["qualifier"]
                and (toll["value"] is None or claim.get("value") == toll["value"])
                for claim in stored
            )
    assert found / expected >= 0.9, (found, expected)
