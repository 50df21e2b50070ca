"""Typed records passed between the loader stages: read → extract → resolve → write.

Every offset is a character offset into ``Article.text`` (Python ``str`` indices), end exclusive, so
``article.text[start:end]`` is exactly the span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, NamedTuple

# The type of a day, under a name that the ``date`` fields of the records below do not shadow.
Day = date


@dataclass(slots=True)
class Article:
    """One article as read, before extraction."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None
    source: str = ""  # where it came from: a path, "path:row 12", "<stdin>"


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """An item that could not be read; reported, skipped, and the load goes on."""

    source: str
    reason: str


@dataclass(slots=True)
class Entity:
    """An actor or place, from the gazetteer or provisional (found in text, label guessed)."""

    id: str
    label: str  # a schema label: Faction, Government, Person, Organization, Community, Outlet, Location
    name: str
    aliases: list[str] = field(default_factory=list)
    provisional: bool = False
    properties: dict[str, Any] = field(default_factory=dict)  # kind, lat, lon, pcode, side, description…


class Mention(NamedTuple):
    """Where an entity is named in the text, and which alias matched.

    A named tuple rather than a frozen dataclass: articles have a hundred or more of these, and a tuple is built
    in half the time.
    """

    entity_id: str
    alias: str  # the text as written
    start: int
    end: int


class Sentence(NamedTuple):
    start: int
    end: int


@dataclass(slots=True)
class StatementRecord:
    """A direct quote or reported speech."""

    kind: Literal["quote", "reported"]
    text: str
    start: int
    end: int
    sentence: Sentence
    speaker: str | None = None  # as written
    speaker_id: str | None = None  # resolved entity id
    via: str | None = None  # nested attribution as written: "locals in Baniyas"
    via_id: str | None = None
    outlet_id: str | None = None  # an outlet cited as reporting it ("the BBC reported", "told TPS-IL")
    date: date | None = None
    about_ids: list[str] = field(default_factory=list)
    place_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ClaimRecord:
    """A casualty count, a blame or a denial made in one article."""

    kind: Literal["casualty", "blame", "denial"]
    text: str  # the span that carries the claim (e.g. "at least 745 unarmed Alawite civilians")
    start: int
    end: int
    sentence: Sentence
    claimant: str | None = None
    claimant_id: str | None = None
    via: str | None = None
    via_id: str | None = None
    outlet_id: str | None = None
    date: date | None = None  # when the events happened, if the text says
    as_of: Day | None = None  # for tolls: the date the count refers to
    # casualty
    value: int | None = None
    value_max: int | None = None
    qualifier: str | None = None  # exact | at_least | over | up_to | about | range | vague
    victims: str | None = None  # civilians | alawites | security_forces | children | people | …
    victim_ids: list[str] = field(default_factory=list)  # communities or actors the victims belong to
    harm: str | None = None  # killed | injured | missing | detained | displaced
    # What a toll counts when its words say it is not the event's whole toll: one_day ("132 on Tuesday alone"),
    # earlier (a figure replaced by a later one: "up from 150"), other_incident ("in a second attack"), part (of a
    # breakdown: "including 20 in Homs", "38 at the site and another 12 in hospital").
    scope: str | None = None
    place_ids: list[str] = field(default_factory=list)
    # blame and denial
    blamed_ids: list[str] = field(default_factory=list)
    about_ids: list[str] = field(default_factory=list)
    blamed: str | None = None  # the culprit as written ("a faction of Assad's former intelligence forces")
    # What the claim is about, for comparing claims across articles: casualty:<victims>:<area>:<yyyy-mm>,
    # killings:<victim communities>:<area>:<yyyy-mm> for blame, denial:<yyyy-mm>. <area> is the one governorate
    # the claim's places share, else their country.
    topic: str | None = None


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one article, with the entities it refers to."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
    cited_outlet_ids: list[str] = field(default_factory=list)
