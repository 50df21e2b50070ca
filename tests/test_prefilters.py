"""The fast paths of extraction give exactly what the regular expressions and scans they spare would give.

Each shortcut (a test of the last word before an end-anchored search, a date pattern tried only where a date can
start, digit runs and quote marks found with bytes and str methods, the gazetteer fold patching only non-ASCII
letters) is checked against the plain computation on generated text that stresses it: case variants, the
non-ASCII letters re.IGNORECASE folds onto ASCII (İ ı ſ and the Kelvin sign), digits of other scripts, curly and
straight quotes, apostrophes and line breaks.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import blame_cues, counts, dates, entities, speech_markers, subjects, text
from loaders.gazetteer import Gazetteer, _fold_char, fold

# The characters re.IGNORECASE matches with ASCII letters besides their own two cases.
IGNORECASE_EXTRAS = "\u0130\u0131\u017f\u212a"


def words(spaced: str) -> list[str]:
    return spaced.split()


def pieces(*words: str) -> st.SearchStrategy[str]:
    """Texts made of the given words and separators, in any order."""
    separators = [" ", "  ", "", ",", ".", "\t", "\n", "\u00a0", "-", "(", "“", "’"]
    return st.lists(st.sampled_from(list(words) + separators), max_size=14).map("".join)


def test_regex_lower_reads_letters_as_ignorecase_does() -> None:
    for char in IGNORECASE_EXTRAS + "AZaz" + "ÉéßẞǅΣ":
        lowered = text.regex_lower(char)
        assert len(lowered) == 1
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if re.fullmatch(letter, char, re.IGNORECASE):
                assert lowered == letter, (char, letter)


@given(st.text(alphabet="abcKkSsIi" + IGNORECASE_EXTRAS + " é’", max_size=30), st.sampled_from(["is", "ski", "as"]))
def test_regex_lower_never_hides_a_case_blind_match(sample: str, word: str) -> None:
    if re.search(word, sample, re.IGNORECASE):
        assert word in text.regex_lower(sample)


@given(st.text(max_size=60))
def test_non_ascii_offsets(sample: str) -> None:
    offsets = text.non_ascii_offsets(sample)
    if offsets is not None:
        assert list(offsets) == [index for index, char in enumerate(sample) if not char.isascii()]


@given(pieces("12", "1,300", "2025", "?", "x9", "\u0663", "2\u06602", "\uff10", "é", "?9?"))
def test_digit_runs(sample: str) -> None:
    runs = text._digit_runs(sample, sample.encode("ascii", "replace"))
    assert [tuple(hit) for hit in runs] == [(m.start(), m.end(), m.group()) for m in re.finditer(r"\d+", sample)]


def reference_quotes(sample: str) -> list[text.Quote]:
    """find_quotes as it was first written: a regular expression over each paragraph."""
    quotes: list[text.Quote] = []
    for paragraph in re.finditer(r"[^\n]+", sample):
        start, end = paragraph.span()
        marks = [m.start() for m in re.finditer(r"[“”\"‘’]", sample[:end]) if m.start() >= start]
        quotes.extend(text._paragraph_quotes(sample, start, end, marks))
    quotes.sort(key=lambda q: q.start)
    return quotes


@settings(max_examples=300)
@given(pieces("“", "”", '"', "‘", "’", "Syria’s", "don’t", "‘Hi’", "said", "a", "\n\n", "é" * 40, "word " * 30))
def test_find_quotes(sample: str) -> None:
    assert text.find_quotes(sample) == reference_quotes(sample)


@given(st.text(max_size=12))
def test_fold_is_per_character(sample: str) -> None:
    assert fold(sample) == "".join(_fold_char(char) for char in sample)


def test_fold_of_every_character() -> None:
    for code in range(0x10000):  # the Basic Multilingual Plane: every script news is written in
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        assert fold(f"a{char}’b") == f"a{_fold_char(char)} b", hex(code)


DATE_WORDS = words(
    "as of at since until by on from in during through Monday mon Tues thu Thurs Sunday sun Jan Jan. January "
    "Sept Sept. sep September May may march MARCH Dec last this past next early mid mid- late midMarch lateMay "
    "yesterday today tonight night morning earlier week weekend month year ago days weeks a two seven 3 10 31st "
    "2025 1999 2013- 2025-03-09 -2020 the killed \u017funday \u0130n \u0131N \u212amarch May\u212a 5March March5 "
    "\u0663 2\u066025"
)


DATES = [
    "10 March 2025",
    "Monday, 10 March",
    "March 10, 2025",
    "Feb. 23",
    "Sept 5",
    "May 2025",
    "2025-03-09",
    "last Sunday",
    "Sunday morning",
    "yesterday",
    "this weekend",
    "earlier this week",
    "3 days ago",
    "two weeks ago",
    "a month ago",
    "early March",
    "midMarch",
    "mid-May",
    "in 2013",
    "as of Monday",
    "since Thursday",
    "\u017funday",
    "\u0130n 2013",
    "\u212amarch",
]


@settings(max_examples=400)
@given(pieces(*DATE_WORDS), st.sampled_from(DATES), pieces(*DATE_WORDS), st.integers(0, 80), st.integers(0, 80))
def test_date_matches(before: str, date: str, after: str, lo: int, width: int) -> None:
    sample = f"{before} {date} {after}"
    lo = min(lo, len(before) + 1) if lo % 2 else min(lo, len(sample))
    hi = min(len(sample), lo + width)
    found = dates._date_matches(sample, lo, hi)
    expected = list(dates._DATE_PATTERN.finditer(sample, lo, hi))
    assert [(m.span(), m.groupdict()) for m in found] == [(m.span(), m.groupdict()) for m in expected]
    for m in found:
        first = next(name for name in ("dmy", "mdy", "my", "iso", "weekday", "relative", "month", "year") if m[name])
        assert m.lastgroup == first


QUALIFIER_WORDS = words(
    "at least AT LEAST no fewer than a few half several tens of hundreds some Some over \u017fome \u0130n killed "
    "x_ _ 25 1,300 dozens people"
)


QUALIFIERS = [
    "at least",
    "AT LEAST",
    "no fewer than",
    "more than",
    "a minimum of",
    "upwards of",
    "nearly",
    "close to",
    "as many as",
    "an estimated",
    "between",
    "a total of",
    "half a",
    "a few",
    "several",
    "tens of",
    "hundreds of",
    "\u017fome",
    "(over",
    "leftover",
    "x_",
]


@settings(max_examples=400)
@given(pieces(*QUALIFIER_WORDS), st.sampled_from(QUALIFIERS), st.sampled_from([" ", "  ", "\u00a0", "", "-"]))
def test_before_number(prefix: str, qualifier: str, space: str) -> None:
    sample = f"{prefix}{qualifier}{space}25 killed"
    for start in (len(prefix) + len(qualifier) + len(space), len(prefix), len(sample) // 2):
        found = counts._before_number(sample, start)
        expected = counts._BEFORE_NUMBER.search(sample, max(0, start - 32), start)
        assert (found and found.span()) == (expected and expected.span()), (sample, start)


CLAUSE_WORDS = words(
    "also reportedly has been had not never n’t n't was is be who which that quickly earlier Assad said ALSO "
    "REPORTEDLY \u0131s ha\u017f citing cited QUOTING c\u0131ting by"
)


@settings(max_examples=400)
@given(pieces(*CLAUSE_WORDS), st.sampled_from(CLAUSE_WORDS), st.sampled_from(["", " ", ",", "  \t"]))
def test_clause_end_prefilters(prefix: str, last: str, end: str) -> None:
    sample = f"{prefix} {last}{end}"
    assert subjects._strip_trailing_adverbs(sample) == subjects._TRAILING_ADVERBS.sub("", sample)
    last = text.last_word(sample)
    if subjects._NEGATION_END.search(sample):
        assert last.endswith(subjects._NEGATION_WORDS)
    if speech_markers._PASSIVE_AUX_END.search(sample):
        assert last.endswith(speech_markers._PASSIVE_AUX_WORDS)
    if subjects._RELATIVE_END.search(sample):
        assert last in subjects.RELATIVE_WORDS
    if speech_markers._CITING.search(sample):
        lowered = text.regex_lower(sample)
        assert "cit" in lowered or "quot" in lowered


BLAME_WORDS = words(
    "executed killed massacred by BY for they that responsible held blamed blame lies with perpetrators are were was "
    "the massacre killings of carried out committed reportedly Assad forces HTS gunmen civilians \u0131n"
)


@settings(max_examples=300)
@given(pieces(*BLAME_WORDS))
def test_blame_patterns_need_their_words(sample: str) -> None:
    lowered = text.regex_lower(sample)
    for pattern, _family, _before, _after, needed in blame_cues.BLAME_PATTERNS:
        if needed is not None:
            assert needed in text.pattern_words(pattern)
            if pattern.search(sample):
                assert needed in lowered, (needed, sample)


def test_word_automaton_glues_possessives_only_when_asked() -> None:
    gazetteer = Gazetteer.load()
    # No apostrophe anywhere: the text's possessives lost theirs, so "Assads" and "Frances" hold names.
    mentions, _ = entities.find_mentions("the regime of the Assads ruled. Frances envoy came", gazetteer)
    assert [(m.alias, m.entity_id) for m in mentions] == [
        ("Assad", "person/bashar-al-assad"),
        ("France", "government/france"),
    ]
    # With apostrophes elsewhere, a trailing s makes another word.
    mentions, _ = entities.find_mentions("Assad’s forces attacked. Frances envoy came", gazetteer)
    assert [m.alias for m in mentions] == ["Assad’s forces"]


SUBORDINATORS_AS_WRITTEN = re.compile(
    r"(?:\b(?:that|when|while|whereas|because|although|though|if|after|before|since|but|as|and then)\s+"
    r"|[;:]\s*|\s[—–]\s*)",
    re.IGNORECASE,
)


@settings(max_examples=300)
@given(
    pieces(
        *words("That THAT as As if \u0130f \u0131F whereas and then And Then but; : — – has was Assad said wh\u0131le")
    )
)
def test_subordinators_on_lowered_text(head: str) -> None:
    lowered = subjects._SUBORDINATORS.finditer(text.regex_lower(head))
    assert [m.span() for m in lowered] == [m.span() for m in SUBORDINATORS_AS_WRITTEN.finditer(head)]


@given(pieces(*words("since SINCE \u017fince s\u0131nce the clashes began, Thursday; sincere")))
def test_since_needs_its_word(window: str) -> None:
    if dates._SINCE_BEFORE.search(window):
        assert "since" in text.regex_lower(window)
