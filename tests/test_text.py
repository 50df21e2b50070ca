"""Sentence splitting and quotation pairing, on seed text and on the hard cases: abbreviations, quotes, text with no
sentence end; and the span index the rules share."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.text import MAX_SENTENCE_CHARS, SpanSet, find_quotes, split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def sentences_of(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Volker Turk, the U.N. High Commissioner for Human Rights, said in a statement.",
        "Meanwhile, Lt.-Gen. Eyal Zamir visited Israeli soldiers on Sunday.",
        "Netanyahu called for the demilitarization of southern Syria on Feb. 23 in a speech.",
        "Another Alawite opponent of Assad, Dr. Abdellatif Ali, was also killed.",
        "The U.S. government similarly condemned the slaughter.",
        "President George W. Bush spoke.",
    ],
)
def test_abbreviations_do_not_split(text: str) -> None:
    assert sentences_of(text) == [text]


def test_sentences_split_on_terminal_punctuation_and_line_breaks() -> None:
    text = "First one. Second one? Third one!\nA heading\nLast line"
    assert sentences_of(text) == ["First one.", "Second one?", "Third one!", "A heading", "Last line"]


def test_initialism_at_the_end_of_a_sentence_splits_before_an_opener() -> None:
    text = "He fled to the U.S. The next day he spoke."
    assert sentences_of(text) == ["He fled to the U.S.", "The next day he spoke."]


def test_a_quote_spanning_sentence_ends_stays_in_one_sentence() -> None:
    text = "“This is far from it. They are carrying out genocide,” he insisted to TPS-IL. Next sentence."
    assert sentences_of(text) == [
        "“This is far from it. They are carrying out genocide,” he insisted to TPS-IL.",
        "Next sentence.",
    ]


def test_sentence_offsets_point_into_the_text() -> None:
    text = (SEEDS / "000_b5c8b235ebc10f43.txt").read_text(encoding="utf-8")
    sentences = split_sentences(text)
    assert len(sentences) > 30
    for a, b in itertools.pairwise(sentences):
        assert a.end <= b.start
        assert not text[a.start].isspace() and not text[a.end - 1].isspace()
    joined = [text[s.start : s.end] for s in sentences]
    assert "The Syrian Observatory for Human Rights reported that at least 745 unarmed Alawite civilians" in joined[4]
    assert any(s.startswith("Meanwhile, Lt.-Gen. Eyal Zamir") and s.endswith("on Sunday.") for s in joined)


def test_quotes_pair_curly_straight_and_single_marks() -> None:
    text = (
        '“Only Israel stands by us,” he said. SANA said "it was fake". '
        "Syria’s so-called ‘inclusive leadership’ of the Alawites’ foes, with ‘Stay away from Iran.’ said."
    )
    spans = [text[q.start : q.end] for q in find_quotes(text)]
    assert spans == [
        "“Only Israel stands by us,”",
        '"it was fake"',
        "‘inclusive leadership’",
        "‘Stay away from Iran.’",
    ]


def test_unclosed_quote_is_not_paired_across_paragraphs() -> None:
    text = "“An unclosed quote\nand a new paragraph” here."
    assert find_quotes(text) == []


def test_text_without_sentence_ends_is_cut_into_bounded_sentences() -> None:
    """A one-line article with no sentence end is not one sentence the size of the article (issue 13): every claim
    stores its sentence, so that was quadratic space."""
    text = "at least 745 civilians were killed in Latakia " * 500 + "x" * (3 * MAX_SENTENCE_CHARS) + " end"
    sentences = split_sentences(text)
    assert len(sentences) > len(text) // MAX_SENTENCE_CHARS
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in sentences)
    # nothing is lost: the sentences cover every non-space character, and a cut falls at a space where there is one
    covered = "".join(text[s.start : s.end] for s in sentences)
    assert covered.replace(" ", "") == text.replace(" ", "")
    words = [s for s in sentences if s.end <= 500 * 46]
    assert all(text[s.start : s.end].endswith("Latakia") or text[s.end] == " " for s in words)


def test_real_sentences_are_never_cut() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert max(s.end - s.start for s in split_sentences(text)) < MAX_SENTENCE_CHARS / 2


@given(
    st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 700)), max_size=40),
    st.integers(0, 3000),
    st.integers(0, 700),
)
def test_span_set_answers_like_a_scan_of_every_span(spans: list[tuple[int, int]], start: int, length: int) -> None:
    found = SpanSet()
    for s, n in spans:
        found.add(s, s + n)
    end = start + length
    assert found.overlaps(start, end) == any(s < end and start < s + n for s, n in spans)
