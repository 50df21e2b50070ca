"""Hostile text through the extractor: any text goes through ``loaders.extract.extract`` without an exception, and
everything extracted points at the text it came from.

hypothesis builds the texts from pieces that stress the rules: arbitrary unicode, huge numbers (10**30, digit
groups), Arabic script and bidi controls, nested and unbalanced quotes, combining marks, control characters, very
long sentences, punctuation only, and the words and names the extractor looks for (tolls, speech verbs, actors,
places), also spliced into a real seed article. Examples are bounded and the deadline is off, so CI is stable.
"""

from __future__ import annotations

import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.embedded import EmbeddedStore
from loaders.extract import extract
from loaders.gazetteer import Gazetteer
from loaders.mapping import to_batch
from loaders.records import Article, Extraction
from loaders.text import FORMAT_CHARACTER_RANGES, MAX_SENTENCE_CHARS

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in SEEDS]
PUBLISHED = date(2025, 3, 10)

CUES = (
    "killed", "were killed", "have been killed", "dead", "died", "massacred", "executed by", "death toll rose to",
    "at least", "more than", "over", "up to", "about", "between", "and", "to", "dozens of", "hundreds of", "of whom",
    "civilians", "Alawite civilians", "children", "security forces", "people", "bodies", "wounded", "said", "says",
    "told", "reported", "according to", "citing", "added", "denied responsibility", "dismissed the reports as",
    "blamed", "for", "carried out by", "at the hands of", "in", "on Sunday", "last week", "on 10 March", "since",
    "as of Thursday", "in 2011", "the", "he said", "she told", "Of those,", "km", "percent", "-year-old",
)  # fmt: skip
NAMES = (
    "Syrian Observatory for Human Rights", "SOHR", "the Observatory", "Rami Abdel Rahman", "Ahmed al-Sharaa",
    "al-Shara’a", "Julani", "HTS", "Hayat Tahrir al-Sham", "Assad", "Bashar al-Assad", "Baniyas", "Banias",
    "Latakia", "Tartus", "Jableh", "Syria", "Reuters", "the BBC", "TPS-IL", "SANA", "Alawites", "Druze",
    "Islamic State", "UN", "U.N.", "Hala Mansour", "Idlib", "Deir ez-Zor", "al-Bab", "Abu Ali Express",
)  # fmt: skip
QUOTE_MARKS = ("“", "”", "‘", "’", '"', "'", "«", "»", "„", "‹", "›", "「", "」", "‚", "‛", "〝", "〞")
BIDI = ("\u200f", "\u200e", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069", "\u061c")
SEPARATORS = (" ", " ", " ", ", ", ". ", "; ", ": ", "\n", "\n\n", "", "\t", "\u00a0", " — ", "-", "!", "?")

huge_numbers = st.one_of(
    st.integers(0, 10**40).map(str),
    st.integers(0, 10**30).map(lambda n: f"{n:,}"),
    st.integers(0, 10**12).map(lambda n: f"{n:,}".replace(",", " ")),
    st.sampled_from(("10**30", "1e30", "1.5 million", "5,000-40,000", "1,000,000,000,000,000,000,000,000,000",
                     "٣٠٠", "१२३", "½", "²³", "0.000001", "-5", "99999999999999999999999999999999 civilians")),
)  # fmt: skip
arabic = st.text(st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), min_size=1, max_size=15)
hebrew = st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x05FF), min_size=1, max_size=10)
combining = st.text(st.characters(categories=("Mn", "Me")), min_size=1, max_size=12)
controls = st.text(st.characters(categories=("Cc", "Cf", "Zl", "Zp", "Zs")), min_size=1, max_size=4)
punctuation = st.text(st.characters(categories=("Po", "Ps", "Pe", "Pd", "Pi", "Pf", "Sm", "Sc", "Sk")), min_size=1)
nested_quotes = st.builds(
    lambda a, b, c, said: f'“{a} ‘{b} "{c}" ’ ”{said}',
    st.sampled_from(CUES + NAMES),
    st.sampled_from(CUES + NAMES),
    st.text(max_size=20),
    st.sampled_from((" said SOHR.", ", he said", "", " — Reuters", "”", "’")),
)
token = st.one_of(
    st.sampled_from(CUES),
    st.sampled_from(NAMES),
    huge_numbers,
    arabic,
    hebrew,
    st.sampled_from(BIDI),
    combining,
    controls,
    st.sampled_from(QUOTE_MARKS),
    punctuation,
    nested_quotes,
    st.text(max_size=30),  # anything at all
)
pieces = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=80).map(
    lambda parts: "".join(word + separator for word, separator in parts)
)
long_sentence = st.builds(
    lambda words, repeat, tail: " ".join(words) * repeat + tail,
    st.lists(st.sampled_from(CUES + NAMES), min_size=1, max_size=8),
    st.integers(50, 600),
    st.sampled_from(("", ".", " killed.", "”", " 1,300 civilians were killed")),
)


@st.composite
def spliced_seed(draw: st.DrawFn) -> str:
    """A window of a real seed article with hostile pieces spliced in at random places."""
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, max(0, len(text) - 1)))
    text = text[start : start + draw(st.integers(0, 3000))]
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(token) + text[at:]
    return text


hostile_texts = st.one_of(
    pieces,
    long_sentence,
    spliced_seed(),
    st.text(),
    punctuation,
    st.sampled_from(("", " ", "\n\n\n", "“", "”“", "...", "—", "\u202e", "\x00", "\ufeff", "\u0301" * 50)),
)

HOSTILE = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def gazetteer() -> Any:
    return Gazetteer.load()


def _check_offsets(extraction: Extraction, text: str) -> None:
    """Every span extracted is the text at its offsets; every statement and claim lies inside its sentence."""
    for mention in extraction.mentions:
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert text[mention.start : mention.end] == mention.alias, mention
    for record in (*extraction.statements, *extraction.claims):
        assert 0 <= record.start <= record.end <= len(text), record
        assert text[record.start : record.end] == record.text, record
        sentence = record.sentence
        assert 0 <= sentence.start <= record.start and record.end <= sentence.end <= len(text), record
    for claim in extraction.claims:
        if claim.kind == "casualty":
            assert claim.value is not None and claim.value >= 0, claim
            assert claim.value_max is None or claim.value_max >= claim.value, claim


@HOSTILE
@given(text=hostile_texts, published=st.sampled_from((PUBLISHED, None)))
def test_any_text_extracts_with_offsets_that_point_at_it(gazetteer: Any, text: str, published: date | None) -> None:
    extraction = extract(Article(id="article/hostile", text=text, published=published), gazetteer)
    assert extraction.article.text == text
    _check_offsets(extraction, text)


@settings(HOSTILE, max_examples=60)
@given(text=hostile_texts)
def test_any_extraction_maps_to_records_the_store_accepts(gazetteer: Any, tmp_path_factory: Any, text: str) -> None:
    """Downstream of extraction, the mapping and a real store take whatever the extractor made of the text."""
    extraction = extract(Article(id="article/hostile", text=text, published=PUBLISHED), gazetteer)
    batch = to_batch(extraction, gazetteer)
    with EmbeddedStore(tmp_path_factory.mktemp("hostile")) as store:
        store.write(batch)  # validates every node and relationship against the schema
        stored = store.get_node("article/hostile")
    assert stored is not None and stored.properties.get("text", "") == text  # an empty text is stored as none


def test_the_seeds_still_extract_with_offsets(gazetteer: Any) -> None:
    """The checks above are not vacuous: on real articles they see mentions, statements and claims."""
    totals = {"mentions": 0, "statements": 0, "claims": 0}
    for text in SEED_TEXTS:
        extraction = extract(Article(id="article/seed", text=text, published=PUBLISHED), gazetteer)
        _check_offsets(extraction, text)
        totals["mentions"] += len(extraction.mentions)
        totals["statements"] += len(extraction.statements)
        totals["claims"] += len(extraction.claims)
    assert all(count > 10 for count in totals.values()), totals


def test_an_article_without_sentence_ends_stores_bounded_sentences_once(gazetteer: Any) -> None:
    """Issue 13: a one-line article made every claim carry the whole article as its sentence (quadratic space).
    Sentences are capped, and stored once: a claim keeps only where its sentence lies in the article's text."""
    text = "at least 745 civilians were killed by security forces in Latakia, SOHR said on Sunday " * 700
    extraction = extract(Article(id="article/one-line", text=text, published=PUBLISHED), gazetteer)
    assert len(extraction.claims) > 500
    evidence = [node for node in to_batch(extraction, gazetteer).nodes if node.label in ("Claim", "Statement")]
    assert max(node.properties["sentence_end"] - node.properties["sentence_start"] for node in evidence) <= (
        MAX_SENTENCE_CHARS
    )
    assert not any("sentence" in node.properties for node in evidence)


# -- format characters (issue 13, item 7) ----------------------------------------------------------------------
FORMAT_CHARACTERS = ("\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", "\u202a")


def test_the_format_character_ranges_are_unicode_category_cf() -> None:
    listed = {code for low, high in FORMAT_CHARACTER_RANGES for code in range(low, high + 1)}
    cf = {code for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"}
    assert listed == cf


def test_a_format_character_inside_a_number_or_name_changes_no_fact(gazetteer: Any) -> None:
    text = "At least 7\u200b45 civilians were killed in Lat\u200dakia, SOHR said on Sunday."
    extraction = extract(Article(id="article/zw", text=text, published=PUBLISHED), gazetteer)
    (claim,) = [claim for claim in extraction.claims if claim.kind == "casualty"]
    assert (claim.value, claim.place_ids, claim.claimant_id) == (745, ["location/sy/latakia"], "organization/sohr")
    assert claim.text == "At least 7\u200b45 civilians"  # the original text at the original offsets
    _check_offsets(extraction, text)
    nodes = {node.label: node for node in to_batch(extraction, gazetteer).nodes}
    claim_node = nodes["Claim"].properties  # the sentence shown is the original, read from the article's text
    assert text[claim_node["sentence_start"] : claim_node["sentence_end"]] == text


@settings(HOSTILE, max_examples=40)
@given(data=st.data())
def test_format_characters_spliced_into_a_seed_leave_its_facts_alone(gazetteer: Any, data: st.DataObject) -> None:
    """Extraction of a seed with format characters anywhere finds what it finds without them, at offsets that
    point into the text with them."""
    clean = data.draw(st.sampled_from(SEED_TEXTS))[:4000]
    positions = sorted(data.draw(st.lists(st.integers(0, len(clean)), min_size=1, max_size=30)))
    pieces, previous = [], 0
    for position in positions:
        pieces += [clean[previous:position], data.draw(st.sampled_from(FORMAT_CHARACTERS))]
        previous = position
    text = "".join(pieces) + clean[previous:]
    hostile = extract(Article(id="article/seed", text=text, published=PUBLISHED), gazetteer)
    plain = extract(Article(id="article/seed", text=clean, published=PUBLISHED), gazetteer)
    _check_offsets(hostile, text)

    def facts(extraction: Extraction) -> list[tuple[Any, ...]]:
        return [(c.kind, c.value, c.claimant_id, c.place_ids, c.blamed_ids) for c in extraction.claims]

    assert facts(hostile) == facts(plain)
    assert [m.entity_id for m in hostile.mentions] == [m.entity_id for m in plain.mentions]
    assert [s.speaker_id for s in hostile.statements] == [s.speaker_id for s in plain.statements]


def test_an_article_with_too_many_facts_keeps_the_first_and_says_so(
    gazetteer: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: bounded work per article. Past the caps the first claims and statements in the text are kept and
    a warning names the article and how much was left out; the rest of the article still loads."""
    from loaders import pipeline

    monkeypatch.setattr(pipeline, "MAX_CLAIMS_PER_ARTICLE", 5)
    monkeypatch.setattr(pipeline, "MAX_STATEMENTS_PER_ARTICLE", 3)
    text = "at least 745 civilians were killed by security forces in Latakia, SOHR said on Sunday " * 20
    article = Article(id="article/many", text=text, published=PUBLISHED, source="many.txt")
    with EmbeddedStore(tmp_path / "store") as store:
        report = pipeline.load_articles(store, [article], gazetteer=gazetteer)
        nodes = list(store.iter_nodes())
    claims = [node for node in nodes if node.label == "Claim"]
    statements = [node for node in nodes if node.label == "Statement"]
    assert report.ok and report.loaded == ["article/many"]
    assert (report.claims, len(claims), report.statements, len(statements)) == (5, 5, 3, 3)
    reasons = [warning.reason for warning in report.warnings]
    assert [reason.split(" found")[0] for reason in reasons] == [
        "article/many: 40 claims",  # a toll and a blame in each sentence
        "article/many: 20 statements",
    ]
    assert all("kept the first" in reason for reason in reasons)
    assert max(claim.properties["start"] for claim in claims) < text.index("Latakia", 5 * 80)
