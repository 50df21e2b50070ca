"""Numbers in text: "1,300", "twenty-five", "dozens", "between 2,300 and 2,400", with their qualifier ("at least",
"over", "up to"). Which of them count casualties is decided in :mod:`loaders.casualties`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

from loaders.text import Hit, last_word, pattern_words, regex_lower, register_triggers, scan_triggers

_HIT_START = itemgetter(0)  # Hit.start, as a C-level key
_DIGIT_NUMBER = re.compile(r"[\d,.\u00a0\u202f ]+(?:million|thousand)?")
_THOUSANDS_SEPARATOR = re.compile(r"[,\u00a0\u202f ]")

_UNITS_1_19 = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {word: index + 1 for index, word in enumerate(_UNITS_1_19)} | {
    word: (index + 2) * 10 for index, word in enumerate(_TENS)
}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE_VALUES = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
    "several dozen": 24,
    "several hundred": 200,
    "several thousand": 2000,
    "a few dozen": 24,
    "a few hundred": 200,
    "a few thousand": 2000,
    "a handful": 3,
}
_ABOUT_VALUES = {"a dozen": 12, "half a dozen": 6, "a hundred": 100, "a thousand": 1000}

_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(_UNITS_1_19[:9])}))?|{'|'.join(reversed(_UNITS_1_19))})"
    r"(?:\s+(?:hundred|thousand|million))?"
)
# Thousands separated by commas, non-breaking spaces or (where punctuation was stripped) plain spaces.
_DIGITS = r"(?>\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?!\d)|\d{1,3}(?:\x20\d{3})+(?![\d,])|\d+(?:\.\d+)?)"
_NUMBER = rf"(?:{_DIGITS}(?:\s*(?:million|thousand))?|{_WORD_NUMBER})"
_QUALIFIER = (
    r"at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|a\s+minimum\s+of|more\s+than|over|upwards\s+of"
    r"|in\s+excess\s+of|nearly|almost|close\s+to|up\s+to|as\s+many\s+as|about|around|approximately|roughly"
    r"|some|an\s+estimated|estimated|at\s+most|fewer\s+than|less\s+than|between|a\s+total\s+of"
)
_VAGUE = (
    r"tens\s+of\s+thousands|hundreds\s+of\s+thousands|several\s+(?:dozen|hundred|thousand)|a\s+few\s+(?:dozen|hundred"
    r"|thousand)|half\s+a\s+dozen|a\s+dozen|a\s+hundred|a\s+thousand|a\s+handful|dozens|hundreds|thousands|scores"
)
_COUNT = re.compile(
    rf"""(?<![\w.,/@#$€£-])
    (?:(?P<qual>{_QUALIFIER})\s+)?
    (?:(?P<vague>{_VAGUE})
      |(?P<lo>{_NUMBER})(?:\s*(?P<sep>-|–|—|\bto\b|\band\b)\s*(?P<hi>{_NUMBER}))?)
    (?![\w%]|-(?:year|month|day|week|hour|minute|old|km|kilomet|mile|meter|metre|strong|member|story|storey|point|page)
      |\s*(?:%|percent|per\s*cent))""",
    re.IGNORECASE | re.VERBOSE,
)
# What may stand before the number a trigger word starts: a qualifier, "a" of "a dozen", "tens of" …
_BEFORE_NUMBER = re.compile(
    rf"\b(?:(?:{_QUALIFIER})\s+)?(?:half\s+a\s+|a\s+few\s+|several\s+|a\s+|tens\s+of\s+|hundreds\s+of\s+)?\Z",
    re.IGNORECASE,
)
# The last word of every alternative of _BEFORE_NUMBER that ends in whitespace is among its words.
_QUALIFIER_LAST_WORDS = tuple(sorted(pattern_words(_BEFORE_NUMBER)))
_QUALIFIER_WORD_SET = frozenset(_QUALIFIER_LAST_WORDS)
register_triggers(
    "number",
    [
        *_UNITS_1_19,
        *_TENS,
        *[
            "dozen",
            "dozens",
            "hundred",
            "hundreds",
            "thousand",
            "thousands",
            "scores",
            "several",
            "few",
            "handful",
            "tens",
            "half",
        ],
    ],
)
_QUALIFIER_KIND = {
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least", "not less than": "at_least",
    "a minimum of": "at_least", "more than": "over", "over": "over", "upwards of": "over", "in excess of": "over",
    "nearly": "about", "almost": "about", "close to": "about", "about": "about", "around": "about",
    "approximately": "about", "roughly": "about", "some": "about", "an estimated": "about", "estimated": "about",
    "up to": "up_to", "as many as": "up_to", "at most": "up_to", "fewer than": "up_to", "less than": "up_to",
    "between": "range", "a total of": "exact",
}  # fmt: skip


# A qualifier after the number: "50 or less", "100 or more", "20 or so".
_TRAILING_QUALIFIER = re.compile(r"\s+or\s+(less|fewer|more|so)\b", re.IGNORECASE)
_TRAILING_KIND = {"less": "up_to", "fewer": "up_to", "more": "at_least", "so": "about"}


@dataclass(frozen=True, slots=True)
class Count:
    """A number in text with its qualifier: ``text`` is ``article_text[start:end]``."""

    start: int
    end: int
    text: str
    value: int
    value_max: int | None
    qualifier: str  # exact | at_least | over | up_to | about | range | vague
    digits: bool  # written in digits (a bare four-digit number may be a year)


def parse_number(written: str) -> int | None:
    """ "1,300" → 1300, "1 300" → 1300, "twenty-five" → 25, "two hundred" → 200, "1.5 million" → 1500000."""
    words = written.lower().replace("-", " ").split()
    if not words:
        return None
    if _DIGIT_NUMBER.fullmatch(written.lower().replace(" million", "million")):
        multiplier = 1
        cleaned = written.lower()
        for name, factor in (("million", 1_000_000), ("thousand", 1000)):
            if name in cleaned:
                multiplier, cleaned = factor, cleaned.replace(name, "")
        digits = _THOUSANDS_SEPARATOR.sub("", cleaned)
        try:
            return int(float(digits) * multiplier)
        except ValueError:
            return None
    total = 0
    current = 0
    for word in words:
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word in _MULTIPLIERS:
            current = max(current, 1) * _MULTIPLIERS[word]
            if word != "hundred":
                total, current = total + current, 0
        elif word != "and":
            return None
    return total + current


def find_counts(text: str, triggers: dict[str, list[Hit]] | None = None) -> list[Count]:
    """Every number phrase in ``text``, in text order. ``triggers`` (from :func:`loaders.text.scan_triggers`)
    saves a second scan: the pattern runs only where a digit or a number word is."""
    if triggers is None:
        triggers = scan_triggers(text)
    anchors = sorted([*triggers.get("digits", []), *triggers.get("number", [])], key=_HIT_START)
    counts: list[Count] = []
    covered = -1
    for hit in anchors:
        if hit.start < covered:
            continue  # the second half of "1,300", "5,000-40,000" or "hundreds of thousands"
        before = _before_number(text, hit.start)
        m = _COUNT.match(text, before.start()) if before else None
        if m is None or m.end() <= hit.start:
            m = _COUNT.match(text, hit.start)
        if m is None:
            continue
        count = _count_from_match(m)
        if count is not None:
            counts.append(count)
            covered = count.end
    return counts


def _before_number(text: str, start: int) -> re.Match[str] | None:
    """``_BEFORE_NUMBER`` searched in the 32 characters before ``start``, where it can match at all.

    Searched, the end-anchored pattern is tried at every position of the window; but whatever it matches ends at
    ``start`` either with whitespace after a qualifier's last word or, when all of it is optional and empty, at a
    word boundary. So there is nothing to find after a character that is neither a word character nor whitespace,
    or after whitespace that follows a word that ends no qualifier (as re.IGNORECASE reads it).
    """
    if start == 0:
        return None  # an empty window: \b fails at the very start of the text
    previous = text[start - 1]
    if previous.isspace():
        word = regex_lower(last_word(text[max(0, start - 32) : start]))
        # A word of letters only must be a qualifier's last word itself; any other ends with one ("(over").
        if word not in _QUALIFIER_WORD_SET if word.isalpha() else not word.endswith(_QUALIFIER_LAST_WORDS):
            return None
    elif not (previous.isalnum() or previous == "_"):  # \w
        return None
    return _BEFORE_NUMBER.search(text, max(0, start - 32), start)


def _count_from_match(m: re.Match[str]) -> Count | None:
    qual = m.group("qual")
    qualifier_words = " ".join(qual.lower().split()) if qual else ""
    qualifier = _QUALIFIER_KIND.get(qualifier_words, "exact")
    end = m.end()
    if m.group("vague"):
        vague = " ".join(m.group("vague").lower().split())
        if vague in _ABOUT_VALUES:
            return Count(m.start(), end, m.group(), _ABOUT_VALUES[vague], None, "about", False)
        return Count(m.start(), end, m.group(), _VAGUE_VALUES[vague], None, "vague", False)
    low = parse_number(m.group("lo"))
    if low is None:
        return None
    high = None
    if m.group("hi"):
        separator = m.group("sep").lower()
        if separator == "and" and qualifier_words != "between":
            end = m.end("lo")  # "20 and 30 wounded" is two numbers, not a range
        else:
            high = parse_number(m.group("hi"))
            if high is None or high < low:
                end, high = m.end("lo"), None
    if high is not None:
        qualifier = "range"
    elif qualifier == "exact":
        trailing = _TRAILING_QUALIFIER.match(m.string, end)
        if trailing is not None:  # "50 or less", "100 or more"
            qualifier, end = _TRAILING_KIND[trailing.group(1).lower()], trailing.end()
    digits = m.group("lo")[0].isdigit()
    return Count(m.start(), end, m.string[m.start() : end], low, high, qualifier, digits)


def is_number_word(word: str) -> bool:
    """Whether a lower-case word is a number written out ("two", "forty"): it starts a new count."""
    return word in _WORD_VALUES
