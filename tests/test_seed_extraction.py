"""The extraction of each seed article against what a reader takes from it, written by hand beside the seeds in
``tests/seeds_expected/<seed>.yaml`` (entities, statements, claims, numbers that are not tolls, cited outlets)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.extract import extract
from loaders.gazetteer import Gazetteer
from loaders.records import Article, ClaimRecord, Extraction, StatementRecord

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EXPECTED = Path(__file__).resolve().parent / "seeds_expected"
SEED_IDS = sorted(path.stem for path in EXPECTED.glob("*.yaml"))


@cache
def manifest() -> dict[str, dict[str, Any]]:
    entries = yaml.safe_load((SEEDS / "manifest.yaml").read_text(encoding="utf-8"))
    return {Path(entry["file"]).stem: entry for entry in entries}


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@cache
def extraction(seed: str) -> Extraction:
    meta = manifest()[seed]
    article = Article(
        id=seed,
        text=(SEEDS / meta["file"]).read_text(encoding="utf-8"),
        outlet=meta.get("outlet"),
        author=meta.get("author"),
        published=meta.get("published"),
    )
    return extract(article, gazetteer())


@cache
def expected(seed: str) -> dict[str, Any]:
    return yaml.safe_load((EXPECTED / f"{seed}.yaml").read_text(encoding="utf-8"))


def _items(section: str) -> list[Any]:
    return [
        pytest.param(seed, index, id=f"{seed[:3]}-{section}-{index}")
        for seed in SEED_IDS
        for index in range(len(expected(seed).get(section) or []))
    ]


def _matches(record: StatementRecord | ClaimRecord, spec: dict[str, Any], published: date | None) -> bool:
    for key, wanted in spec.items():
        if key in ("contains", "text_contains"):
            if wanted not in record.text:
                return False
        elif key == "speaker_contains":
            if wanted not in (getattr(record, "speaker", None) or ""):
                return False
        elif key == "claimant_contains":
            if wanted not in (getattr(record, "claimant", None) or ""):
                return False
        elif key == "via_contains":
            if wanted not in (record.via or ""):
                return False
        elif key in ("victim_ids", "blamed_ids", "place_ids", "about_ids"):
            if not set(wanted) <= set(getattr(record, key)):
                return False
        elif key == "blamed_side":
            assert isinstance(record, ClaimRecord)
            on = record.date if record.date and record.date.year >= 2000 else published
            if wanted not in {gazetteer().side(entity_id, on=on) for entity_id in record.blamed_ids}:
                return False
        elif getattr(record, key) != wanted:
            return False
    return True


def _describe(records: list[Any]) -> str:
    return "\n".join(
        f"  {r.kind}: {r.text[:70]!r} by {getattr(r, 'speaker', None) or getattr(r, 'claimant', None)!r}"
        for r in records
    )


@pytest.mark.parametrize("seed", SEED_IDS)
def test_offsets_point_at_the_text(seed: str) -> None:
    found = extraction(seed)
    text = found.article.text
    assert found.statements and found.claims
    for record in (*found.statements, *found.claims):
        assert text[record.start : record.end] == record.text
        assert record.sentence.start <= record.start and record.end <= record.sentence.end + 1
    for mention in found.mentions:
        assert mention.entity_id in found.entities or mention.entity_id.split("/", 1)[1].startswith("~")


@pytest.mark.parametrize("seed", SEED_IDS)
def test_expected_entities(seed: str) -> None:
    missing = set(expected(seed).get("entities") or []) - set(extraction(seed).entities)
    assert not missing, f"entities not found: {sorted(missing)}"


@pytest.mark.parametrize(("seed", "index"), _items("statements"))
def test_expected_statement(seed: str, index: int) -> None:
    spec = expected(seed)["statements"][index]
    found = extraction(seed)
    matches = [s for s in found.statements if _matches(s, spec, found.article.published)]
    assert matches, f"no statement matches {spec}; statements:\n{_describe(found.statements)}"


@pytest.mark.parametrize(("seed", "index"), _items("claims"))
def test_expected_claim(seed: str, index: int) -> None:
    spec = expected(seed)["claims"][index]
    found = extraction(seed)
    matches = [c for c in found.claims if _matches(c, spec, found.article.published)]
    same_kind = [c for c in found.claims if c.kind == spec["kind"]]
    assert matches, f"no claim matches {spec}; {spec['kind']} claims:\n{_describe(same_kind)}"


@pytest.mark.parametrize(("seed", "index"), _items("not_casualties"))
def test_number_is_not_a_casualty(seed: str, index: int) -> None:
    phrase = expected(seed)["not_casualties"][index]
    found = extraction(seed)
    start = found.article.text.index(phrase)
    end = start + len(phrase)
    overlapping = [c for c in found.claims if c.kind == "casualty" and c.start < end and start < c.end]
    assert not overlapping, f"{phrase!r} became a casualty claim: {overlapping}"


@pytest.mark.parametrize("seed", SEED_IDS)
def test_cited_outlets(seed: str) -> None:
    wanted = set(expected(seed).get("cited_outlets") or [])
    assert wanted <= set(extraction(seed).cited_outlet_ids)


def test_seed_004_blame_contradicts_the_others() -> None:
    """On the killings of Alawites in March 2025, seed 004 blames Assad's former intelligence forces; seeds 000-003
    blame the transitional government's side and never Assad's."""

    def sides(seed: str) -> set[str]:
        found = extraction(seed)
        return {
            side
            for claim in found.claims
            if claim.kind == "blame" and claim.topic and claim.topic.endswith(":2025-03") and "alawites" in claim.topic
            for entity_id in claim.blamed_ids
            if (side := gazetteer().side(entity_id, on=found.article.published))
        }

    assert "assad-regime" in sides("004_1f56a35efa4e5e3f")
    for seed in ("000_b5c8b235ebc10f43", "001_7aba0a4207e45fa6", "002_c5e1f537e0d5b07f", "003_edf755c69ac85740"):
        assert sides(seed) == {"syrian-transitional-government"}, seed


def test_seed_tolls_share_a_topic_with_their_breakdown() -> None:
    """Seed 001's 830 civilians are a breakdown of its 1,300 killed, from the same source and as of the same day."""
    claims = {c.value: c for c in extraction("001_7aba0a4207e45fa6").claims if c.kind == "casualty"}
    assert claims[830].as_of == claims[1300].as_of == date(2025, 3, 9)
    assert claims[830].claimant_id == claims[1300].claimant_id == "organization/sohr"
    assert claims[1300].topic and claims[1300].topic.startswith("casualty:people:")
    assert claims[830].topic and claims[830].topic.startswith("casualty:civilians:")
