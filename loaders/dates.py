"""Dates in article text, resolved against the publication date.

Absolute dates ("March 9, 2025", "10 March", "Feb. 23", "December 2024") are parsed with python-dateutil; a
missing year is the publication year, or the year before when that would put the date well after publication.
Relative dates ("on Sunday", "Thursday", "last week", "this weekend", "yesterday") resolve against the
publication date: a weekday is the most recent such day on or before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta

from loaders.text import Hit, regex_lower, register_triggers, scan_triggers

# Patterns used inside functions, compiled once.
_PERIOD_PREFIX = re.compile(r"(?:early|mid|late)", re.IGNORECASE)
_LAST_WORD = re.compile(r"([A-Za-z]+)[\s-]*\Z")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


Precision = Literal["day", "week", "month", "year"]
# What the words around a date say about it: a count "as of" a day, a period "since" a day, the day a source
# gave its figures ("reported": "the UN said on Saturday", "Minnawi on Sunday put the toll at"), one day's figure
# ("one_day": "on Tuesday alone"), or a plain day ("on").
Role = Literal["as_of", "since", "on", "reported", "one_day"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11,
    "dec": 12,
}  # fmt: skip
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SHORT_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_ROLE = r"(?:(?P<role>as\s+of|as\s+at|since|until|till|by|on|from|in|during|through)\s+)?"

_DATE_PATTERN = re.compile(
    rf"""\b{_ROLE}(?:
        (?P<dmy>(?:(?:{_WEEKDAY}|{_SHORT_WEEKDAY}),?\s+)?{_DAY}\s+{_MONTH}(?![a-z])(?:,?\s+{_YEAR})?)
      | (?P<mdy>(?:(?:{_WEEKDAY}|{_SHORT_WEEKDAY}),?\s+)?{_MONTH}(?![a-z])\s+{_DAY}(?!\d)(?:,?\s+{_YEAR})?)
      | (?P<my>{_MONTH}(?![a-z])\s+{_YEAR})
      | (?P<iso>{_YEAR}-[01]\d-[0-3]\d)
      | (?P<weekday>(?:(?P<wd_mod>last|this|past|next|early|late)\s+)?{_WEEKDAY}(?:\s+(?:night|morning|evening|afternoon))?)
      | (?P<relative>yesterday|today|tonight|last\s+night|this\s+(?:morning|afternoon|evening)
          |(?:earlier\s+)?this\s+week(?:end)?|last\s+week(?:end)?|past\s+week(?:end)?|last\s+month|this\s+month
          |last\s+year|this\s+year|(?P<ago_n>\d+|two|three|four|five|six|seven|a)\s+(?P<ago_unit>days?|weeks?|months?)\s+ago)
      | (?P<month>(?:(?:early|mid|late|mid-)\s*)?{_FULL_MONTH}(?![a-z]))
      | (?P<year>(?<![\d-]){_YEAR}(?![\d-]))
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)
_SINCE_BEFORE = re.compile(r"\bsince\b[^.,;:]*\Z", re.IGNORECASE)
_REPORTING_VERBS = r"(?:said|says|told|reported|announced|confirmed|stated|added|estimated|put|gave|released)"
_REPORTED_BEFORE = re.compile(rf"\b{_REPORTING_VERBS}\s+\Z", re.IGNORECASE)
_REPORTED_AFTER = re.compile(rf",?\s+{_REPORTING_VERBS}\b", re.IGNORECASE)
_ALONE_AFTER = re.compile(r"\s+alone\b", re.IGNORECASE)
_ROLES: dict[str, Role] = {
    "as of": "as_of", "as at": "as_of", "by": "as_of", "until": "as_of", "till": "as_of", "since": "since",
    "from": "since", "on": "on",
}  # fmt: skip
_CASE_SENSITIVE_NAME = re.compile(rf"{_MONTH}|{_WEEKDAY}|{_SHORT_WEEKDAY}")
_SMALL_NUMBERS = {"a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
# A bare month name is only a date after these words ("in March", "early March"), not "May" the verb.
_MONTH_CONTEXT = _words("in since by of until till from during early mid late last this next")
# A bare year is only a date after these words ("in 2013"), or when it is part of a range like "1971-2024".
_YEAR_CONTEXT = _words("in since by of until till from during early mid late before after around")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in text and resolved: ``text`` is ``article_text[start:end]`` (role words excluded)."""

    start: int
    end: int
    text: str
    date: date
    precision: Precision
    role: Role | None = None


def resolve_weekday(weekday: int, published: date, modifier: str | None = None) -> date:
    """The most recent ``weekday`` (Monday = 0) on or before ``published``; "last" Sunday on a Sunday is a week
    back, "next" looks forward."""
    if modifier == "next":
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    back = (published.weekday() - weekday) % 7
    if back == 0 and modifier == "last":
        back = 7
    return published - timedelta(days=back)


register_triggers(
    "date",
    [
        *(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ]
        ),
        *(["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]),
        *(
            [
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
                "mon",
                "tue",
                "tues",
                "wed",
                "thu",
                "thur",
                "thurs",
                "fri",
                "sat",
                "sun",
            ]
        ),
        *(
            [
                "yesterday",
                "today",
                "tonight",
                "week",
                "weekend",
                "month",
                "year",
                "ago",
                "night",
                "morning",
                "afternoon",
                "evening",
            ]
        ),
    ],
)


def find_dates(text: str, published: date | None, triggers: dict[str, list[Hit]] | None = None) -> list[DateMention]:
    """Every date in ``text`` that can be resolved, in text order. Without a publication date only dates that
    carry their own year resolve. ``triggers`` (from :func:`loaders.text.scan_triggers`) saves a second scan."""
    if triggers is None:
        triggers = scan_triggers(text)
    anchors = [(h.start, h.end) for h in triggers.get("date", [])]
    anchors.extend(
        (h.start, h.end) for h in triggers.get("digits", []) if len(h.word) == 4 and h.word[:2] in _CENTURIES
    )
    anchors.sort()
    found: list[DateMention] = []
    # The pattern runs only in small windows around month, weekday, year and relative-date words.
    window_start = window_end = -1
    windows: list[tuple[int, int]] = []
    for start, end in anchors:
        lo, hi = max(0, start - 28), min(len(text), end + 22)
        if lo <= window_end:
            window_end = max(window_end, hi)
        else:
            if window_end > 0:
                windows.append((window_start, window_end))
            window_start, window_end = lo, hi
    if window_end > 0:
        windows.append((window_start, window_end))
    for lo, hi in windows:
        for m in _date_matches(text, lo, hi):
            mention = _resolve(m, text, published)
            if mention is not None:
                found.append(mention)
    return found


_CENTURIES = frozenset(("19", "20"))

# Every match of _DATE_PATTERN starts, at a word boundary, with a digit or with one of these words (role words,
# weekdays, months, relative words), whole: a literal of the pattern is always followed by a non-letter, except a
# month glued to "early", "mid" or "late" ("midMarch"). Letters are what [a-z] matches under re.IGNORECASE.
_DATE_TOKEN = re.compile(r"[a-zA-Z\u0130\u0131\u017f\u212a]+|\d+")
_DATE_FIRST_WORDS = _words(
    "as since until till by on from in during through "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october "
    "nov november dec december "
    "last this past next early late mid yesterday today tonight earlier two three four five six seven a"
)
_GLUED_PREFIXES = ("early", "mid", "late")


def _date_matches(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """``list(_DATE_PATTERN.finditer(text, lo, hi))``, the pattern tried only where a date can start.

    Tried at every position, the pattern's many alternatives cost more than all the rest of date finding; words
    that start no date (most of them) are passed over with a set lookup.
    """
    found: list[re.Match[str]] = []
    position = lo
    for token in _DATE_TOKEN.finditer(text, lo, hi):
        start = token.start()
        if start < position:
            continue
        word = token.group()
        if not word[0].isdecimal():
            lowered = regex_lower(word)
            if lowered not in _DATE_FIRST_WORDS and not lowered.startswith(_GLUED_PREFIXES):
                continue
        m = _DATE_PATTERN.match(text, start, hi)
        if m is not None:
            found.append(m)
            position = m.end()
    return found


def _resolve(m: re.Match[str], text: str, published: date | None) -> DateMention | None:
    # The alternative that matched: the last group to close, since the others either precede it (role) or lie
    # inside it (wd_mod, ago_n, ago_unit).
    kind = m.lastgroup
    if kind is None:
        return None
    span_start, span_end = m.span(kind)
    written = m.group(kind)
    role_word = " ".join((m.group("role") or "").lower().split())
    role: Role | None = _ROLES.get(role_word)
    if (
        role is None
        and "since" in regex_lower(text[max(0, m.start() - 40) : m.start()])  # spares the end-anchored search
        and _SINCE_BEFORE.search(text, max(0, m.start() - 40), m.start())
    ):
        role = "since"  # "since the clashes began Thursday"
    if role in (None, "on"):
        role = _day_role(text, m.start(), span_end) or role
    # Month and weekday names are proper nouns: "march" and "may" in lower case are verbs.
    proper_name = _CASE_SENSITIVE_NAME.search(written)
    if kind in ("dmy", "mdy", "my", "month", "weekday") and (
        proper_name is None or not proper_name.group()[0].isupper()
    ):
        return None
    resolved: tuple[date, Precision] | None
    if kind in ("dmy", "mdy", "my", "iso"):
        resolved = _absolute(written, kind, published)
    elif kind == "weekday":
        resolved = None if published is None else _weekday(written, m.group("wd_mod"), published)
    elif kind == "relative":
        resolved = None if published is None else _relative(m, written, published)
    elif kind == "month":
        before = _word_before(text, m.start())
        prefixed = _PERIOD_PREFIX.match(written) is not None
        if role_word not in _MONTH_CONTEXT and before not in _MONTH_CONTEXT and not prefixed:
            return None
        resolved = None if published is None else _bare_month(written, published)
    else:  # year
        before = _word_before(text, m.start())
        if role_word not in _YEAR_CONTEXT and before not in _YEAR_CONTEXT:
            return None
        resolved = (date(int(written), 1, 1), "year")
    if resolved is None:
        return None
    return DateMention(span_start, span_end, written, resolved[0], resolved[1], role)


def _day_role(text: str, start: int, end: int) -> Role | None:
    """What the words next to a plain day say: one day's figure ("on Tuesday alone"), or the day a source gave
    its figures ("said on Saturday", "on Sunday said")."""
    if _ALONE_AFTER.match(text, end):
        return "one_day"
    if _REPORTED_BEFORE.search(text, max(0, start - 12), start) or _REPORTED_AFTER.match(text, end):
        return "reported"
    return None


def _word_before(text: str, offset: int) -> str:
    m = _LAST_WORD.search(text[max(0, offset - 16) : offset])
    return m.group(1).lower() if m else ""


def _absolute(written: str, kind: str, published: date | None) -> tuple[date, Precision] | None:
    """A written date: its month by name, its day and year as numbers (ISO dates via ``date.fromisoformat``)."""
    if kind == "iso":
        try:
            return date.fromisoformat(written), "day"
        except ValueError:
            return None
    year_match = _YEAR_IN.search(written)
    if year_match is None and published is None:
        return None
    month_match = _MONTH_IN.search(written)
    if month_match is None:
        return None
    month = _MONTHS[month_match.group()[:3].lower()]
    year = int(year_match.group()) if year_match else published.year  # type: ignore[union-attr]
    day = 1
    if kind != "my":
        day_match = _DAY_IN.search(written.replace(year_match.group(), " ") if year_match else written)
        if day_match is None:
            return None
        day = int(day_match.group(1))
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None
    if year_match is None and published is not None and parsed > published + timedelta(days=90):
        parsed = parsed - relativedelta(years=1)
    return parsed, "month" if kind == "my" else "day"


_YEAR_IN = re.compile(r"\b(?:19|20)\d{2}\b")
_MONTH_IN = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.IGNORECASE)
_DAY_IN = re.compile(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b")


def _weekday(written: str, modifier: str | None, published: date) -> tuple[date, Precision]:
    day_name = re.search(_WEEKDAY, written, re.IGNORECASE)
    assert day_name is not None
    weekday = _WEEKDAYS[day_name.group().lower()]
    return resolve_weekday(weekday, published, (modifier or "").lower() or None), "day"


def _relative(m: re.Match[str], written: str, published: date) -> tuple[date, Precision] | None:
    phrase = " ".join(written.lower().split())
    if m.group("ago_n"):
        n_text = m.group("ago_n").lower()
        n = int(n_text) if n_text.isdigit() else _SMALL_NUMBERS.get(n_text, 1)
        unit = m.group("ago_unit").lower().rstrip("s")
        delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n), "month": relativedelta(months=n)}
        precision: Precision = "day" if unit == "day" else ("week" if unit == "week" else "month")
        return published - delta[unit], precision
    if phrase in ("today", "tonight") or (phrase.startswith("this ") and phrase.split()[1] in _DAY_PARTS):
        return published, "day"
    if phrase in ("yesterday", "last night"):
        return published - timedelta(days=1), "day"
    if phrase.endswith("weekend"):
        # The weekend on or before publication: its Saturday ("last weekend" on a Monday is two days back).
        saturday = resolve_weekday(5, published)
        if phrase.startswith("last") and published.weekday() in (5, 6):
            saturday -= timedelta(days=7)
        return saturday, "week"
    if phrase.endswith("week"):
        monday = published - timedelta(days=published.weekday())
        if phrase.startswith("last"):
            monday -= timedelta(days=7)
        return monday, "week"
    if phrase.endswith("month"):
        first = published.replace(day=1)
        return (first - relativedelta(months=1) if phrase.startswith("last") else first), "month"
    if phrase.endswith("year"):
        first = published.replace(month=1, day=1)
        return (first - relativedelta(years=1) if phrase.startswith("last") else first), "year"
    return None


_DAY_PARTS = frozenset(("morning", "afternoon", "evening"))


def _bare_month(written: str, published: date) -> tuple[date, Precision]:
    name = re.search(_FULL_MONTH, written, re.IGNORECASE)
    assert name is not None
    month = _MONTHS[name.group()[:3].lower()]
    year = published.year if month <= published.month + 2 else published.year - 1
    return date(year, month, 1), "month"


def parse_published(value: str) -> date | None:
    """A publication date from metadata: ISO dates, "March 11, 2025", and US-style "4/5/17" (month first)."""
    value = value.strip()
    if not value:
        return None
    try:
        return dateutil_parser.parse(value, dayfirst=False, yearfirst=False).date()
    except (ValueError, OverflowError):
        return None
