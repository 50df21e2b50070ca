"""Dates in text resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from loaders.dates import find_dates, parse_published, resolve_weekday

SUNDAY = date(2025, 3, 9)


def only(text: str, published: date | None = SUNDAY):
    found = find_dates(text, published)
    assert len(found) == 1, found
    mention = found[0]
    assert text[mention.start : mention.end] == mention.text
    return mention


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("reports emerged on Sunday of a massacre", date(2025, 3, 9), date(2025, 3, 9)),
        ("SOHR reported on Sunday", date(2025, 3, 10), date(2025, 3, 9)),
        ("since the clashes began Thursday", date(2025, 3, 8), date(2025, 3, 6)),
        ("Naharnet reported Saturday", date(2025, 3, 8), date(2025, 3, 8)),
        ("slaughtered on 10 March alone", date(2025, 3, 11), date(2025, 3, 10)),
        ("in Damascus on March 9, 2025.", date(2025, 3, 10), date(2025, 3, 9)),
        ("its Druze community on Feb. 23.", date(2025, 3, 9), date(2025, 2, 23)),
        ("the attack on Israel on 7th Oct., the", date(2025, 3, 8), date(2024, 10, 7)),
        ("Wed 05 Apr 2017 Syria attack", None, date(2017, 4, 5)),
        ("yesterday", date(2025, 3, 9), date(2025, 3, 8)),
        ("two days ago", date(2025, 3, 9), date(2025, 3, 7)),
    ],
)
def test_day_dates_resolve(text: str, published: date | None, expected: date) -> None:
    mention = only(text, published)
    assert mention.date == expected
    assert mention.precision == "day"


def test_weekday_is_the_most_recent_on_or_before_publication() -> None:
    assert resolve_weekday(6, SUNDAY) == SUNDAY  # Sunday on a Sunday is that day
    assert resolve_weekday(3, SUNDAY) == date(2025, 3, 6)
    assert resolve_weekday(6, SUNDAY, "last") == date(2025, 3, 2)
    assert resolve_weekday(0, SUNDAY, "next") == date(2025, 3, 10)


def test_periods_and_months() -> None:
    weekend = only("the slaughter this weekend", date(2025, 3, 10))
    assert (weekend.date, weekend.precision) == (date(2025, 3, 8), "week")
    last_week = only("debunked last week after", date(2025, 3, 11))
    assert (last_week.date, last_week.precision) == (date(2025, 3, 3), "week")
    december = only("when the regime collapsed in December.", date(2025, 3, 9))
    assert (december.date, december.precision) == (date(2024, 12, 1), "month")
    hama = only("killed thousands in February 1982 to put down", SUNDAY)
    assert (hama.date, hama.precision) == (date(1982, 2, 1), "month")


def test_roles_from_the_words_before() -> None:
    assert only("over 1,300 people as of Sunday.").role == "as_of"
    assert only("documented since Thursday.").role == "since"
    assert only("slaughtered on 10 March alone").role == "one_day"
    assert only("shelled the town on Friday and").role == "on"


def test_the_day_a_source_gave_its_figures() -> None:
    assert only("The monitor said on Saturday that 30 were killed").role == "reported"
    assert only("the governor on Sunday put the toll at 40").role == "reported"
    assert only("killed 12 people, officials said Wednesday").role == "reported"
    assert only("people killed on Saturday, the monitor said").role == "on"


@pytest.mark.parametrize(
    "text",
    [
        "which ruled Syria from 1971-2024 are Alawites",
        "a 20-year-old man",
        "they may march on",
        "12% of the population",
        "the 235 sq km buffer zone",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, SUNDAY) == []


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("on Sunday", None) == []


def test_parse_published() -> None:
    assert parse_published("4/5/17") == date(2017, 4, 5)
    assert parse_published("2025-03-11") == date(2025, 3, 11)
    assert parse_published("March 11, 2025") == date(2025, 3, 11)
    assert parse_published("not a date") is None
    assert parse_published("") is None
