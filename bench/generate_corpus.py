"""A synthetic news corpus on the Syrian war, in any number of articles, deterministic by seed.

Articles (~300-1,000 words) are assembled from templates over the project's gazetteer: actors under varied
spellings, Syrian places with their hierarchy, outlets. Each carries tolls ("at least 745 civilians were
killed", "over 1,300 people", "dozens", ranges), blame, denials, quotes with speakers, reported speech, relative
dates, filler paragraphs and numbers that are not casualties (years, populations, distances, the wounded). A share
of the articles reprint the same wire story under other outlets, as syndicated news does.

The generator knows its own facts and emits them beside the text (character offsets into ``text``):
``expected_tolls``, ``expected_blames``, ``expected_denials``, ``expected_statements``, ``non_casualty_numbers``
and ``places``; tests compare them with what the loader extracts.

    python bench/generate_corpus.py --count 10000 --seed 1 --out DIR              # DIR/<id>.txt + DIR/.facts.jsonl
    python bench/generate_corpus.py --count 10000 --seed 1 --out DIR --format jsonl   # DIR/corpus.jsonl

Text files carry YAML front matter (id, title, outlet, author, published, url); their facts go to the hidden
``.facts.jsonl`` that the loader skips. Same seed, same gazetteer → the same corpus, byte for byte; article ``i``
does not depend on ``count``, so a small corpus is the prefix of a larger one with the same seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script: make the project's packages importable
    sys.path.insert(0, str(PROJECT_ROOT))

SYNDICATED_SHARE = 0.2  # articles that reprint a wire story
ARTICLES_PER_WIRE = 20  # one new wire story becomes available every this many articles
FIRST_DAY = date(2012, 1, 1)
LAST_DAY = date(2025, 6, 30)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WIRE_OUTLETS = ("outlet/reuters", "outlet/afp", "outlet/ap", "outlet/dpa", "outlet/anadolu", "outlet/xinhua")
WIRE_CREDITS = {
    "outlet/reuters": "Reuters",
    "outlet/afp": "AFP",
    "outlet/ap": "AP",
    "outlet/dpa": "dpa",
    "outlet/anadolu": "AA",
    "outlet/xinhua": "Xinhua",
}

# --------------------------------------------------------------------------------------------- actor spellings
# How news writes each actor; a leading "the" is part of the phrase. Every spelling is checked against the
# gazetteer when the tables are built (a spelling that no longer resolves to its id is dropped), so the facts the
# generator records stay true when the gazetteer changes.
ACTOR_SPELLINGS: dict[str, tuple[str, ...]] = {
    # Factions blamed, by era (see PERPETRATORS)
    "faction/hts": ("Hayat Tahrir al-Sham", "HTS", "Hay'at Tahrir al-Sham", "Tahrir al-Sham", "HTS fighters"),
    "faction/isis": ("the Islamic State group", "Islamic State", "ISIS", "ISIL", "Daesh", "IS militants"),
    "faction/jabhat-al-nusra": ("the Nusra Front", "Jabhat al-Nusra", "al-Nusra Front", "Jabhat Fateh al-Sham"),
    "faction/sdf": ("the Syrian Democratic Forces", "the SDF", "SDF fighters"),
    "faction/ypg": ("the Kurdish YPG", "the YPG", "the People's Protection Units"),
    "faction/syrian-arab-army": ("the Syrian Army", "the Syrian Arab Army", "Assad's forces", "Syrian Army units"),
    "faction/national-defence-forces": ("the National Defence Forces", "pro-government militias", "the NDF"),
    "faction/shabiha": ("Shabiha militiamen", "the shabiha"),
    "faction/hezbollah": ("Hezbollah", "Hizbollah fighters", "Hezbollah fighters"),
    "faction/russian-armed-forces": ("Russian forces", "the Russian air force", "Russian aircraft"),
    "faction/turkish-armed-forces": ("the Turkish army", "Turkish forces", "Turkish jets"),
    "faction/sna": ("the Syrian National Army", "Turkish-backed rebels", "the SNA"),
    "faction/us-led-coalition": ("the US-led coalition", "the U.S.-led coalition"),
    "faction/jaysh-al-islam": ("Jaysh al-Islam", "Jaish al-Islam", "the Army of Islam"),
    "faction/ahrar-al-sham": ("Ahrar al-Sham", "Ahrar ash-Sham"),
    "faction/general-security": ("General Security forces", "the General Security Service"),
    "faction/assad-regime-remnants": ("Assad loyalists", "former regime loyalists", "Assad remnants"),
    "faction/coastal-shield-brigade": ("the Coastal Shield Brigade", "the Coastal Shield"),
    "faction/syrian-security-forces": ("Syrian security forces", "government security forces"),
    "faction/jihadists": ("Islamist gunmen", "Islamist militants", "Islamist factions"),
    "faction/idf": ("Israeli forces", "the Israeli army", "the IDF", "Israeli jets"),
    "faction/alawite-militias": ("Alawite militias", "Alawite gunmen"),
    # Monitors and agencies that count the dead
    "organization/sohr": (
        "the Syrian Observatory for Human Rights",
        "the Britain-based Syrian Observatory for Human Rights",
        "the Observatory",
        "SOHR",
        "the Syrian Observatory",
    ),
    "organization/snhr": ("the Syrian Network for Human Rights", "the SNHR"),
    "organization/vdc": ("the Violations Documentation Center", "the VDC"),
    "organization/white-helmets": ("the White Helmets", "the Syrian Civil Defence"),
    "organization/ohchr": ("the UN human rights office", "the Office of the UN High Commissioner for Human Rights"),
    "organization/local-coordination-committees": ("the Local Coordination Committees", "the LCC"),
    "organization/sarc": ("the Syrian Arab Red Crescent", "the Red Crescent"),
    "organization/msf": ("Doctors Without Borders", "Medecins Sans Frontieres", "MSF"),
    "organization/amnesty-international": ("Amnesty International", "Amnesty"),
    "organization/human-rights-watch": ("Human Rights Watch", "HRW"),
    "organization/un": ("the United Nations", "the UN", "the U.N."),
    # Governments that deny
    "government/syria": ("the Syrian government", "Syrian authorities", "Syrian officials", "the Damascus government"),
    "government/russia": ("Russia", "Russian officials", "the Russian government"),
    "government/turkey": ("Turkey", "Turkish officials", "the Turkish government"),
    "government/russia-ministry-of-defence": ("the Russian Defence Ministry", "Russia's Defence Ministry"),
    "government/syria-ministry-of-interior": ("the Syrian Interior Ministry", "Syria's Interior Ministry"),
    "government/syria-ministry-of-defence": ("the Syrian Ministry of Defence", "Syria's Defense Ministry"),
    "government/israel": ("Israel", "Israeli officials"),
    "government/autonomous-administration": ("the Kurdish-led Autonomous Administration", "the AANES"),
}

# Blamed actors by era: before and after the fall of Assad (December 2024).
PERPETRATORS_WAR = (
    "faction/syrian-arab-army",
    "faction/isis",
    "faction/jabhat-al-nusra",
    "faction/hts",
    "faction/sdf",
    "faction/ypg",
    "faction/national-defence-forces",
    "faction/shabiha",
    "faction/hezbollah",
    "faction/russian-armed-forces",
    "faction/turkish-armed-forces",
    "faction/sna",
    "faction/us-led-coalition",
    "faction/jaysh-al-islam",
    "faction/ahrar-al-sham",
)
PERPETRATORS_TRANSITION = (
    "faction/general-security",
    "faction/hts",
    "faction/assad-regime-remnants",
    "faction/coastal-shield-brigade",
    "faction/syrian-security-forces",
    "faction/jihadists",
    "faction/idf",
    "faction/sna",
    "faction/alawite-militias",
)
MONITORS = (
    "organization/sohr",
    "organization/sohr",  # the most quoted monitor, twice as likely
    "organization/snhr",
    "organization/vdc",
    "organization/white-helmets",
    "organization/ohchr",
    "organization/local-coordination-committees",
    "organization/sarc",
    "organization/msf",
    "organization/amnesty-international",
    "organization/human-rights-watch",
    "organization/un",
)
DENIERS_WAR = ("government/syria", "government/russia", "government/turkey", "government/russia-ministry-of-defence")
DENIERS_TRANSITION = (
    "government/syria-ministry-of-interior",
    "government/syria-ministry-of-defence",
    "government/syria",
    "government/israel",
    "government/autonomous-administration",
    "government/turkey",
)
TRANSITION_STARTS = date(2024, 12, 8)

# Named speakers: (id, as written, the role after the name: "…,” said X, <role>.", kind of quote they give).
# "monitor" speakers may give a toll inside their quote; "rescuer" and "official" speakers do not.
SPEAKERS: tuple[tuple[str, str, str, str], ...] = (
    ("person/rami-abdel-rahman", "Rami Abdel Rahman", "head of the Syrian Observatory for Human Rights", "monitor"),
    ("person/rami-abdel-rahman", "Rami Abdulrahman", "director of the Britain-based monitor", "monitor"),
    ("person/fadel-abdul-ghany", "Fadel Abdul Ghany", "chairman of the Syrian Network for Human Rights", "monitor"),
    ("person/volker-turk", "Volker Türk", "the UN High Commissioner for Human Rights", "monitor"),
    ("person/volker-turk", "Volker Turk", "the UN rights chief", "monitor"),
    ("person/raed-al-saleh", "Raed al-Saleh", "head of the White Helmets rescue service", "rescuer"),
    ("person/geir-pedersen", "Geir Pedersen", "the UN special envoy for Syria", "official"),
    ("person/staffan-de-mistura", "Staffan de Mistura", "the UN envoy for Syria", "official"),
    ("person/mazloum-abdi", "Mazloum Abdi", "commander of the Syrian Democratic Forces", "official"),
    ("person/asaad-al-shaibani", "Asaad al-Shaibani", "the foreign minister", "official"),
    ("person/hakan-fidan", "Hakan Fidan", "Turkey's foreign minister", "official"),
    ("person/igor-konashenkov", "Igor Konashenkov", "a spokesman for the Russian defence ministry", "official"),
    ("person/chris-garver", "Col. Chris Garver", "a spokesman for the coalition", "official"),
    ("person/maria-zakharova", "Maria Zakharova", "the Russian foreign ministry spokeswoman", "official"),
)
OFFICIAL_QUOTES = (
    "What happened in {place} is a crime, and those responsible must be held to account",
    "We are following the reports from {place} with great concern and call on all sides to show restraint",
    "The violence must stop immediately, and civilians must be protected wherever they are",
    "There can be no military solution to this conflict, only a political one",
    "We will not allow anyone to use {place} as a base for attacks",
)
RESCUER_QUOTES = (
    "The families are still searching the rubble for their relatives, and the hospitals cannot cope",
    "Our teams worked through the night in {place}, but many streets are still closed",
    "We need fuel and ambulances more than anything else right now",
)
# Cities abroad where talks are held and refugees live; checked against the gazetteer.
CITIES_ABROAD = ("Beirut", "Istanbul", "Amman", "Gaziantep", "Erbil", "Vienna", "Riyadh", "Astana", "Berlin", "Cairo")
HOST_COUNTRIES = ("Turkey", "Lebanon", "Jordan", "Germany", "Iraq")
BIG_CITIES = ("Damascus", "Aleppo", "Homs", "Hama", "Latakia", "Tartus", "Deir ez-Zor", "Raqqa", "Idlib")

# --------------------------------------------------------------------------------------------- invented people
FIRST_NAMES = [
    "Hala",
    "Omar",
    "Ahmad",
    "Mahmoud",
    "Rania",
    "Khaled",
    "Yara",
    "Samir",
    "Layla",
    "Hassan",
    "Nour",
    "Fadi",
    "Mariam",
    "Bassel",
    "Lina",
    "Tareq",
    "Reem",
    "Ziad",
    "Dima",
    "Walid",
    "Salma",
    "Youssef",
    "Hiba",
    "Karim",
    "Amal",
    "Munir",
    "Farah",
    "Anas",
    "Rasha",
    "Nabil",
]
LAST_NAMES = [
    "Mansour",
    "Haddad",
    "Khoury",
    "Nasser",
    "Darwish",
    "Hamdan",
    "Saleh",
    "Aziz",
    "Qassem",
    "Sabbagh",
    "Hijazi",
    "Barakat",
    "Shami",
    "Jaber",
    "Halabi",
    "Zoubi",
    "Attar",
    "Kanaan",
    "Rifai",
    "Suleiman",
    "Masri",
    "Tamer",
    "Habib",
    "Ghanem",
    "Issa",
]
AUTHOR_FIRST = [
    "Sarah",
    "Tom",
    "Anne",
    "David",
    "Maria",
    "Lucas",
    "Emma",
    "James",
    "Sophie",
    "Daniel",
    "Laura",
    "Ben",
    "Julia",
    "Mark",
    "Clara",
]
AUTHOR_LAST = [
    "Wright",
    "Keller",
    "Moreau",
    "Hughes",
    "Costa",
    "Bauer",
    "Fischer",
    "Reed",
    "Lang",
    "Olsen",
    "Marsh",
    "Dubois",
    "Price",
    "Ward",
    "Novak",
]

VICTIMS: tuple[tuple[str, str, str | None], ...] = (
    # (noun phrase after the number, category, community id)
    ("civilians", "civilians", None),
    ("civilians", "civilians", None),
    ("people", "people", None),
    ("people", "people", None),
    ("unarmed civilians", "civilians", None),
    ("children", "children", None),
    ("women", "women", None),
    ("soldiers", "security_forces", None),
    ("members of the security forces", "security_forces", None),
    ("fighters", "fighters", None),
    ("militants", "fighters", None),
    ("Alawite civilians", "civilians", "community/alawites"),
    ("Druze civilians", "civilians", "community/druze"),
    ("Kurdish civilians", "civilians", "community/kurds"),
    ("Christian villagers", "people", "community/christians"),
)
EVENTS = ("attack", "shelling", "air strikes", "bombardment", "assault", "raid", "massacre", "clashes")


# --------------------------------------------------------------------------------------------- the tables
@dataclass(frozen=True, slots=True)
class Place:
    """A Syrian place the generator can name: the spellings that lead back to it, and its governorate's."""

    id: str
    kind: str
    spellings: tuple[str, ...]
    governorate_id: str | None
    governorate_spellings: tuple[str, ...]  # each one names the governorate as "<spelling> province"


@dataclass(frozen=True, slots=True)
class Tables:
    """Everything drawn from the gazetteer, validated once per process."""

    actors: dict[str, tuple[str, ...]]
    speakers: tuple[tuple[str, str, str, str], ...]
    outlets: tuple[tuple[str, str], ...]  # (id, how the byline names it)
    places: tuple[Place, ...]  # cities, towns, districts and sub-districts
    villages: tuple[Place, ...]  # named only after "the village of"
    cities_abroad: tuple[str, ...]
    dropped_spellings: tuple[str, ...]  # actor and speaker spellings the gazetteer does not resolve to their entity


def _latin(text: str) -> bool:
    return all(ord(char) < 0x250 for char in text)


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The generator's tables, built from ``loaders.gazetteer.Gazetteer.load()`` and checked against it."""
    from loaders.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    dropped: list[str] = []

    def resolves(name: str, entity_id: str, labels: tuple[str, ...] | None = None) -> bool:
        found = gazetteer.resolve(name, labels=labels)
        return found is not None and found.id == entity_id

    def checked(name: str, entity_id: str) -> bool:
        if resolves(name, entity_id):
            return True
        dropped.append(name)
        return False

    actors: dict[str, tuple[str, ...]] = {}
    for entity_id, spellings in ACTOR_SPELLINGS.items():
        kept = tuple(spelling for spelling in spellings if checked(spelling.removeprefix("the "), entity_id))
        if kept:
            actors[entity_id] = kept
    speakers = tuple(speaker for speaker in SPEAKERS if checked(speaker[1], speaker[0]))
    outlets = tuple((entity.id, entity.name) for entity in gazetteer.entities.values() if entity.label == "Outlet")

    syrian = {
        entity.id: entity
        for entity in gazetteer.entities.values()
        if entity.label == "Location" and entity.properties.get("country") == "SY"
    }

    def spellings_of(entity: Any) -> tuple[str, ...]:
        names = dict.fromkeys([entity.name, *entity.aliases])
        usable = [name for name in names if _latin(name) and len(name) >= 4 and name[:1].isupper()]
        # Only spellings that lead back to this very place: a name shared with a bigger place is left out.
        return tuple(name for name in usable if resolves(name, entity.id, ("Location",)))

    governorate_spellings: dict[str, tuple[str, ...]] = {}
    for entity in syrian.values():
        if entity.properties.get("kind") == "governorate":
            names = [name for name in dict.fromkeys([entity.name, *entity.aliases]) if _latin(name)]
            governorate_spellings[entity.id] = tuple(
                name
                for name in names
                if not name.lower().endswith(("province", "governorate", "governate", "countryside"))
                and resolves(f"{name} province", entity.id, ("Location",))
            )
    places: list[Place] = []
    villages: list[Place] = []
    for entity in syrian.values():
        kind = entity.properties.get("kind")
        if kind not in ("city", "town", "district", "subdistrict", "village"):
            continue
        governorate_id = next(
            (
                ancestor
                for ancestor in gazetteer.ancestors(entity.id)
                if ancestor in syrian and syrian[ancestor].properties.get("kind") == "governorate"
            ),
            None,
        )
        spellings = spellings_of(entity)
        if not spellings or governorate_id is None:
            continue
        place = Place(entity.id, kind, spellings, governorate_id, governorate_spellings.get(governorate_id, ()))
        (villages if kind == "village" else places).append(place)
    abroad = tuple(
        name
        for name in CITIES_ABROAD
        if (found := gazetteer.resolve(name, labels=("Location",))) is not None
        and found.properties.get("country") != "SY"
    )
    return Tables(
        actors=actors,
        speakers=speakers,
        outlets=outlets,
        places=tuple(places),
        villages=tuple(villages),
        cities_abroad=abroad or ("Beirut",),
        dropped_spellings=tuple(dropped),
    )


# --------------------------------------------------------------------------------------------- text assembly
@dataclass(slots=True)
class _Builder:
    """Accumulates an article's text and the facts placed in it, with offsets into the final text."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    facts: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {
            "expected_tolls": [],
            "expected_blames": [],
            "expected_denials": [],
            "expected_statements": [],
            "non_casualty_numbers": [],
        }
    )

    def add(self, text: str) -> int:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def words(self) -> int:
        return len(self.text().split())

    def text(self) -> str:
        return "".join(self.parts)


class _Sentence:
    """One sentence built piece by piece; ``span`` records a fact at the offset where its text lands."""

    def __init__(self, builder: _Builder) -> None:
        self.builder = builder
        self.start = builder.length
        self.pending: list[tuple[str, dict[str, Any]]] = []

    def text(self, text: str) -> _Sentence:
        self.builder.add(text)
        return self

    def span(self, kind: str, text: str, **fact: Any) -> _Sentence:
        start = self.builder.add(text)
        self.pending.append((kind, {"text": text, "start": start, "end": start + len(text), **fact}))
        return self

    def end(self, closing: str = ". ") -> None:
        sentence_end = self.builder.length + len(closing.rstrip())
        self.builder.add(closing)
        for kind, fact in self.pending:
            fact["sentence_start"], fact["sentence_end"] = self.start, sentence_end
            self.builder.facts[kind].append(fact)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number_words(value: int) -> str | None:
    units = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    units += "seventeen eighteen nineteen"
    small = units.split()
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    if value < 20:
        return small[value]
    if value < 100:
        word = tens[value // 10 - 2]
        return word if value % 10 == 0 else f"{word}-{small[value % 10]}"
    if value < 1000 and value % 100 == 0:
        return f"{small[value // 100]} hundred"
    return None


def _digits(value: int) -> str:
    return f"{value:,}"


@dataclass(slots=True)
class _Toll:
    """A casualty count as written and as meant."""

    written: str  # "at least 745 civilians"
    value: int | None
    value_max: int | None
    qualifier: str
    victims: str
    community: str | None


def _toll(rng: random.Random, scale: str = "any") -> _Toll:
    noun, victims, community = rng.choice(VICTIMS)
    roll = rng.random()
    magnitude = rng.choice((1, 1, 2, 2, 2, 3, 3, 4)) if scale == "any" else 2
    value = rng.randint(2, 9) if magnitude == 1 else rng.randint(10 ** (magnitude - 1), 10**magnitude - 1)
    if magnitude >= 3 and rng.random() < 0.5:
        value = round(value, -1)
    if roll < 0.08:
        vague = rng.choice(("dozens of", "hundreds of", "scores of"))
        return _Toll(f"{vague} {noun}", None, None, "vague", victims, community)
    if roll < 0.16:
        high = value + rng.randint(1, max(2, value // 2))
        form = rng.choice(("between {} and {}", "{}-{}", "{} to {}"))
        written = form.format(_digits(value), _digits(high))
        return _Toll(f"{written} {noun}", value, high, "range", victims, community)
    qualifier, phrase = rng.choice(
        (
            ("exact", ""),
            ("exact", ""),
            ("at_least", "at least "),
            ("at_least", "at least "),
            ("at_least", "no fewer than "),
            ("over", "more than "),
            ("over", "over "),
            ("about", "about "),
            ("about", "nearly "),
            ("about", "some "),
            ("up_to", "up to "),
            ("up_to", "as many as "),
        )
    )
    words = _number_words(value)
    number = words if words is not None and rng.random() < 0.35 else _digits(value)
    return _Toll(f"{phrase}{number} {noun}", value, None, qualifier, victims, community)


def _toll_fact(toll: _Toll, **extra: Any) -> dict[str, Any]:
    return {
        "value": toll.value,
        "value_max": toll.value_max,
        "qualifier": toll.qualifier,
        "victims": toll.victims,
        "community": toll.community,
        **extra,
    }


# --------------------------------------------------------------------------------------------- one article
@dataclass(slots=True)
class _Scene:
    """What an article is about: where, when, who counted, who is blamed."""

    published: date
    event_day: date | None
    when: str  # "on Sunday", "on 10 March", "last week"
    place: Place
    place_name: str
    governorate_name: str | None
    where: str  # "in Baniyas, in Tartus province"
    perpetrator: str
    monitor: str
    denier: str
    event: str


def _actor(rng: random.Random, entity_id: str) -> str:
    return rng.choice(tables().actors[entity_id])


def _pick_ids(candidates: Sequence[str]) -> list[str]:
    known = tables().actors
    return [entity_id for entity_id in candidates if entity_id in known]


def _scene(rng: random.Random, published: date) -> _Scene:
    data = tables()
    transition = published >= TRANSITION_STARTS
    gap = rng.choice((1, 1, 2, 2, 3, 4, 5, 6, 9, 12, 20))
    event_day: date | None = published - timedelta(days=gap)
    assert event_day is not None
    if gap <= 6:
        when = f"on {WEEKDAYS[event_day.weekday()]}"
    elif rng.random() < 0.4:
        when = f"on {event_day.day} {MONTHS[event_day.month - 1]}"
    elif rng.random() < 0.6:
        when = f"on {MONTHS[event_day.month - 1]} {event_day.day}"
    else:
        when, event_day = ("last week" if gap <= 12 else "earlier this month"), None
    in_village = bool(data.villages) and rng.random() < 0.2
    place = rng.choice(data.villages if in_village else data.places)
    name = rng.choice(place.spellings)
    governorate = rng.choice(place.governorate_spellings) if place.governorate_spellings else None
    style = rng.random()
    if in_village:
        where = f"in the village of {name}" + (f" in {governorate} province" if governorate else "")
    elif governorate and style < 0.4:
        where = f"in {name}, in {governorate} province"
    elif governorate and style < 0.55:
        where = f"in {name} in the {governorate} countryside"
    elif place.kind in ("town", "subdistrict") and style < 0.8:
        where = f"in the town of {name}"
    else:
        where = f"in {name}"
    return _Scene(
        published=published,
        event_day=event_day,
        when=when,
        place=place,
        place_name=name,
        governorate_name=governorate,
        where=where,
        perpetrator=rng.choice(_pick_ids(PERPETRATORS_TRANSITION if transition else PERPETRATORS_WAR)),
        monitor=rng.choice(_pick_ids(MONITORS)),
        denier=rng.choice(_pick_ids(DENIERS_TRANSITION if transition else DENIERS_WAR)),
        event=rng.choice(EVENTS),
    )


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _statement(s: _Sentence, kind: str, speaker: str, speaker_id: str | None, start: int, end: int) -> None:
    s.pending.append(
        (
            "expected_statements",
            {"kind": kind, "speaker": speaker, "speaker_id": speaker_id, "start": start, "end": end},
        )
    )


def _lead(b: _Builder, rng: random.Random, scene: _Scene, dateline: str) -> None:
    """The opening: the main toll, where, when, who counted."""
    toll = _toll(rng)
    monitor = _actor(rng, scene.monitor)
    fact = _toll_fact(toll, claimant_id=scene.monitor, place_id=scene.place.id, date=_iso(scene.event_day))
    s = _Sentence(b)
    s.text(dateline)
    form = rng.randrange(4)
    if form == 0:
        s.span("expected_tolls", _cap(toll.written) if not dateline else toll.written, **fact)
        s.text(f" were killed {scene.where} {scene.when}, {monitor} said")
    elif form == 1:
        start = s.builder.length
        s.text(f"{_cap(monitor)} said ")
        s.span("expected_tolls", toll.written, **fact)
        s.text(f" had been killed {scene.when} {scene.where}")
        _statement(s, "reported", monitor, scene.monitor, start, b.length)
    elif form == 2:
        s.text(f"The death toll from the {scene.event} {scene.when} {scene.where} has risen to ")
        s.span("expected_tolls", toll.written, **fact)
        s.text(f", according to {monitor}")
    else:
        start = s.builder.length
        s.text(f"{_cap(monitor)} reported that ")
        s.span("expected_tolls", toll.written, **fact)
        s.text(f" died {scene.when} {scene.where}")
        _statement(s, "reported", monitor, scene.monitor, start, b.length)
    s.end(".\n\n")


def _quote_paragraph(b: _Builder, rng: random.Random, scene: _Scene) -> None:
    """A direct quote from a named speaker; a monitor's quote carries a toll."""
    if not tables().speakers:
        return
    speaker_id, speaker, role, kind = rng.choice(tables().speakers)
    s = _Sentence(b)
    quote_start = b.add("“")
    if kind == "monitor":
        toll = _toll(rng, scale="small")
        fact = _toll_fact(toll, claimant_id=speaker_id, place_id=scene.place.id, date=None)
        if rng.random() < 0.5:
            b.add("We have documented the deaths of ")
            s.span("expected_tolls", toll.written, **fact)
            b.add(f" in {scene.place_name} alone, and the real number is certainly higher")
        else:
            b.add(f"Our sources in {scene.place_name} have confirmed that ")
            s.span("expected_tolls", toll.written, **fact)
            b.add(" were killed, most of them in their homes")
    else:
        pool = RESCUER_QUOTES if kind == "rescuer" else OFFICIAL_QUOTES
        b.add(rng.choice(pool).format(place=scene.place_name))
    b.add(",”")
    _statement(s, "quote", speaker, speaker_id, quote_start, b.length)
    s.text(f" said {speaker}, {role}")
    s.end(".\n\n")


def _witness_paragraph(b: _Builder, rng: random.Random, scene: _Scene, outlet: str) -> None:
    """A witness the gazetteer does not know (a provisional person), in reported speech."""
    witness = _person(rng)
    s = _Sentence(b)
    start = b.length
    s.text(
        f"{witness}, a resident of {scene.place_name}, told {outlet} that gunmen went from house to house and "
        "that families fled to the surrounding hills"
    )
    _statement(s, "reported", witness, None, start, b.length)
    s.end(".\n\n")


def _blame_paragraph(b: _Builder, rng: random.Random, scene: _Scene) -> None:
    """Who is said to have done the killing, and by whom."""
    perpetrator = _actor(rng, scene.perpetrator)
    monitor = _actor(rng, scene.monitor)
    form = rng.randrange(5)
    s = _Sentence(b)
    fact = {"blamed_id": scene.perpetrator, "claimant_id": scene.monitor, "place_id": scene.place.id}
    if form == 0:
        s.text("The killings were carried out by ")
        s.span("expected_blames", perpetrator, **fact)
        s.text(f", according to {monitor}")
    elif form == 1:
        s.text(f"{_cap(monitor)} blamed ")
        s.span("expected_blames", perpetrator, **fact)
        s.text(f" for the {scene.event}")
    elif form == 2:
        event = rng.choice(("massacre was", "killings were", "executions were"))
        s.text(f"Residents said the {event} committed by ")
        s.span("expected_blames", perpetrator, **{**fact, "claimant_id": None})
    elif form == 3:
        s.text(f"{_cap(monitor)} held ")
        s.span("expected_blames", perpetrator, **fact)
        s.text(" responsible for the killings")
    else:
        toll = _toll(rng, scale="small")
        s.text(f"{_cap(monitor)} said ")
        s.span(
            "expected_tolls",
            toll.written,
            **_toll_fact(toll, claimant_id=scene.monitor, place_id=scene.place.id, date=None),
        )
        s.text(" were executed by ")
        s.span("expected_blames", perpetrator, **fact)
    s.end(".\n\n")


def _denial_paragraph(b: _Builder, rng: random.Random, scene: _Scene) -> None:
    denier = _actor(rng, scene.denier)
    form = rng.randrange(3)
    s = _Sentence(b)
    s.text(f"{_cap(denier)} ")
    if form == 0:
        s.span("expected_denials", "denied responsibility", claimant_id=scene.denier)
        s.text(" for the killings")
    elif form == 1:
        s.span("expected_denials", "dismissed the reports as", claimant_id=scene.denier)
        s.text(" propaganda")
    else:
        s.span("expected_denials", "rejected the accusations", claimant_id=scene.denier)
        s.text(" and said its forces were fighting terrorists")
    s.end(".\n\n")


def _update_paragraph(b: _Builder, rng: random.Random, scene: _Scene) -> None:
    """A second count: a breakdown, a later figure from another source, or the dead beside the wounded."""
    form = rng.randrange(3)
    s = _Sentence(b)
    if form == 0:
        toll = _toll(rng, scale="small")
        s.text("Among the dead were ")
        s.span("expected_tolls", toll.written, **_toll_fact(toll, claimant_id=None, place_id=scene.place.id, date=None))
    elif form == 1:
        toll = _toll(rng)
        monitor_id = rng.choice(_pick_ids(MONITORS))
        s.text(f"By {WEEKDAYS[rng.randrange(7)]}, {_actor(rng, monitor_id)} put the number of people killed at ")
        s.span("expected_tolls", toll.written, **_toll_fact(toll, claimant_id=monitor_id, place_id=None, date=None))
    else:
        toll = _toll(rng, scale="small")
        wounded = rng.randint(10, 400)
        s.text("At least ")
        s.span("non_casualty_numbers", str(wounded), value=wounded, why="wounded")
        s.text(" people were wounded and ")
        s.span("expected_tolls", toll.written, **_toll_fact(toll, claimant_id=None, place_id=scene.place.id, date=None))
        s.text(" were killed, medics said")
    s.end(".\n\n")


# Background paragraphs with numbers that are not casualties; ``{n:kind}`` marks a number the generator records.
FILLERS = (
    "{place} had a population of about {n:population} before the war, according to the last official census. "
    "Many of its residents have since moved to {abroad} or to the camps along the Turkish border, and those who "
    "stayed say the town has changed beyond recognition.",
    "The town lies some {n:distance} kilometres from {city}, on the road that links the coast with the interior. "
    "Checkpoints along that road changed hands several times during the war, and traders still pay fees to pass.",
    "The conflict, which began in 2011 with peaceful protests against the government, has displaced more than "
    "{n:displaced} people inside the country, aid agencies say. Millions more live as refugees in neighbouring "
    "countries.",
    "In {n:year}, {n:trucks} aid trucks crossed into the area through the Bab al-Hawa crossing, the largest "
    "convoy in months. Aid workers said food prices had risen by {n:percent} percent since the start of the year "
    "and that bread was rationed in several districts.",
    "Talks held in {abroad} in {n:year} produced a ceasefire that lasted only a few weeks. Diplomats said a new "
    "round could open before the end of the year, though neither side has named its delegation.",
    "{country} hosts about {n:refugees} registered Syrian refugees, according to the UN refugee agency, and its "
    "government has repeatedly called for their return. Rights groups say conditions for a safe return are not met.",
    "Electricity in the province is available for about {n:hours} hours a day, residents say, and many families "
    "rely on generators bought on credit. Fuel shortages have pushed the price of diesel to record highs.",
    "Around {n:arrested} people were arrested in the weeks that followed, rights groups said, most of them young "
    "men detained at checkpoints. Their families say they have not been told where they are held.",
    "The army dismissed {n:dismissed} officers in {n:year} after a reorganisation ordered by the defence ministry. "
    "Some of them later joined local militias, according to analysts who follow the armed forces.",
    "Reconstruction of the main hospital, damaged in {n:year}, is expected to cost ${n:money} million, the "
    "provincial council said last month. Until then, patients are taken to clinics in {city}.",
    "A {n:age}-year-old shopkeeper said he had reopened his store only last spring. Business, he said, was slowly "
    "coming back as roads reopened, but customers had little money to spend.",
    "Schools in the district reopened in September for about {n:pupils} pupils, many of them taught in tents, "
    "according to local education officials. Teachers say they have not been paid for months.",
    "The region produced some {n:tonnes} tonnes of wheat last season, less than half of its pre-war harvest, "
    "according to the agriculture ministry. Farmers blame drought, the cost of fuel and the loss of irrigation.",
    "Some {n:families} families have returned to the area since {n:year}, though many houses still lack water and "
    "power. Local councils have asked donors to fund the repair of water stations.",
    "Satellite images published by researchers showed damage to {n:buildings} buildings across the area. The "
    "images were taken over several weeks and compared with pictures from before the fighting.",
    "{place} sits in a fertile plain of about {n:area} square kilometres, known for its olive groves and citrus "
    "orchards. Before the war, much of the harvest was exported through the port of {port}.",
    "The province's council was formed in {n:year} and has {n:members} members, most of them local notables. "
    "It meets once a month and has little money of its own.",
    "Mobile phone coverage returned to the area in {n:year}, residents said, after a new tower was built on a "
    "hill {n:distance} kilometres to the north.",
    "A UN appeal for Syria seeks ${n:money} million this year, but only a fraction has been funded, according to "
    "the UN humanitarian office. Agencies have cut rations for the second time in a year.",
    "The route to {city} takes about {n:hours} hours by bus, twice as long as before the war, because of "
    "damaged bridges and checkpoints.",
    "Local authorities said {n:houses} houses had been repaired since {n:year} with money from a fund backed by "
    "Gulf donors, and that work on a further {n:houses} would start in the spring.",
    "In {n:year}, the government raised the price of subsidised bread for the first time in years. A bundle now "
    "costs {n:pounds} Syrian pounds, residents say, and queues at bakeries start before dawn.",
    "Analysts say the area's position between the coast and the interior has made it a prize for every armed "
    "group since the start of the war. Control of the main road still decides who can trade and who cannot.",
    "Human rights groups have called for an independent investigation and for the evidence to be preserved. "
    "Diplomats in {abroad} said the Security Council would discuss the situation in the coming days.",
    "The local hospital has {n:beds} beds and {n:doctors} doctors, according to its director, who said "
    "medicines ran out weeks ago and that the generator works only a few hours a day.",
    "Exiles in {abroad} organised a protest on Saturday, waving the flag of the revolution and demanding news of "
    "relatives. Organisers said about {n:protesters} people took part.",
    "Fighting in the area first broke out in {n:year}, when rebels took the hills overlooking the town. The front "
    "line barely moved for years afterwards.",
    "The {n:km}-kilometre pipeline that once carried water to the town has been out of service since {n:year}. "
    "Water now arrives by truck, at a price many families cannot pay.",
)
FILLER_NUMBERS: dict[str, tuple[int, int]] = {
    "population": (3_000, 400_000),
    "distance": (5, 120),
    "km": (10, 200),
    "year": (2012, 2023),
    "displaced": (100_000, 6_000_000),
    "trucks": (12, 300),
    "percent": (5, 80),
    "refugees": (50_000, 3_500_000),
    "hours": (2, 12),
    "arrested": (20, 900),
    "dismissed": (40, 2_000),
    "money": (3, 400),
    "age": (18, 75),
    "pupils": (200, 20_000),
    "tonnes": (1_000, 90_000),
    "families": (50, 8_000),
    "buildings": (30, 2_500),
    "area": (40, 1_500),
    "members": (9, 60),
    "houses": (40, 3_000),
    "pounds": (400, 9_000),
    "beds": (20, 300),
    "doctors": (3, 60),
    "protesters": (100, 5_000),
}


def _filler(b: _Builder, rng: random.Random, scene: _Scene, template: str) -> None:
    data = tables()
    fills = {
        "place": scene.place_name,
        "abroad": rng.choice(data.cities_abroad),
        "city": rng.choice(BIG_CITIES),
        "country": rng.choice(HOST_COUNTRIES),
        "port": rng.choice(("Latakia", "Tartus", "Baniyas")),
    }
    position = 0
    while position < len(template):
        brace = template.find("{", position)
        if brace == -1:
            b.add(template[position:])
            break
        b.add(template[position:brace])
        close = template.index("}", brace)
        slot = template[brace + 1 : close]
        if slot.startswith("n:"):
            kind = slot[2:]
            low, high = FILLER_NUMBERS[kind]
            value = rng.randint(low, high)
            if value >= 10_000:
                value = round(value, -3)
            written = str(value) if kind in ("year", "age", "km") else _digits(value)
            start = b.add(written)
            b.facts["non_casualty_numbers"].append(
                {"text": written, "start": start, "end": start + len(written), "value": value, "why": kind}
            )
        else:
            b.add(fills[slot])
        position = close + 1
    b.add("\n\n")


def _background_toll(b: _Builder, rng: random.Random) -> None:
    """The war's overall toll, as background: a real casualty claim, the article's own."""
    value = rng.choice((350_000, 400_000, 500_000, 600_000))
    s = _Sentence(b)
    s.text("Syria's war has killed more than ")
    written = f"{_digits(value)} people"
    s.span("expected_tolls", written, value=value, value_max=None, qualifier="over", victims="people",
           community=None, claimant_id=None, place_id=None, date=None)  # fmt: skip
    s.text(" since it began in ")
    s.span("non_casualty_numbers", "2011", value=2011, why="year")
    s.end(".\n\n")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _title(rng: random.Random, scene: _Scene, lead: dict[str, Any] | None) -> str:
    area = scene.governorate_name or scene.place_name
    if lead and lead.get("value"):
        number = _digits(lead["value"])
        return rng.choice(
            (
                f"{number} killed in {scene.place_name} {scene.event}",
                f"Toll from {scene.place_name} {scene.event} reaches {number}",
                f"At least {number} dead after {scene.event} in {area}",
            )
        )
    return rng.choice((f"Dozens killed in {scene.place_name}", f"Deadly {scene.event} hits {area}"))


def _story(rng: random.Random, published: date, wire_outlet: str | None) -> dict[str, Any]:
    """The title, text and facts of one story (an original article or a wire story), 300-1,000 words."""
    scene = _scene(rng, published)
    b = _Builder()
    if wire_outlet:
        dateline = f"{scene.place_name.upper()}, Syria ({WIRE_CREDITS[wire_outlet]}) — "
    else:
        dateline = f"{scene.place_name.upper()}, Syria — " if rng.random() < 0.4 else ""
    _lead(b, rng, scene, dateline)
    target_words = rng.randint(300, 940)  # the last paragraph may add up to ~60 words
    sections = [_quote_paragraph, _blame_paragraph, _update_paragraph, _denial_paragraph]
    rng.shuffle(sections)
    for section in sections[: rng.randint(2, 4)]:
        section(b, rng, scene)
    if rng.random() < 0.5:
        _witness_paragraph(b, rng, scene, rng.choice(tables().outlets)[1])
    if rng.random() < 0.3:
        _background_toll(b, rng)
    fillers = list(FILLERS)
    rng.shuffle(fillers)
    for template in fillers:
        if b.words() >= target_words:
            break
        _filler(b, rng, scene, template)
    lead = b.facts["expected_tolls"][0] if b.facts["expected_tolls"] else None
    return {
        "title": _title(rng, scene, lead),
        "text": b.text().rstrip("\n") + "\n",
        "places": [place for place in (scene.place.id, scene.place.governorate_id) if place],
        **b.facts,
    }


def _published(rng: random.Random) -> date:
    span = (LAST_DAY - FIRST_DAY).days
    # Coverage clusters: the war years and the 2025 coast massacres, like real archives.
    if rng.random() < 0.25:
        return date(2025, 3, 6) + timedelta(days=rng.randrange(40))
    return FIRST_DAY + timedelta(days=rng.randrange(span))


@lru_cache(maxsize=256)
def _wire_story(seed: int, index: int) -> tuple[str, str, dict[str, Any]]:
    """Wire story ``index`` for ``seed``: (wire outlet id, published ISO date, story)."""
    rng = random.Random(f"claimgraph-corpus/{seed}/wire/{index}")
    outlet_id = rng.choice(WIRE_OUTLETS)
    published = _published(rng)
    return outlet_id, published.isoformat(), _story(rng, published, outlet_id)


def article(seed: int, index: int) -> dict[str, Any]:
    """Article ``index`` of the corpus for ``seed``: id, title, text, outlet, author, published, url, language,
    wire (the wire story it reprints, or None) and the expected facts."""
    rng = random.Random(f"claimgraph-corpus/{seed}/{index}")
    outlet_id, outlet_name = rng.choice(tables().outlets)
    author = f"{rng.choice(AUTHOR_FIRST)} {rng.choice(AUTHOR_LAST)}" if rng.random() < 0.7 else None
    wire = None
    if index >= ARTICLES_PER_WIRE and rng.random() < SYNDICATED_SHARE:
        available = index // ARTICLES_PER_WIRE
        # Skewed towards the first wire stories, so some are reprinted dozens of times (syndication at scale).
        wire_index = min(int(available * rng.random() ** 2), available - 1)
        wire_outlet, published_iso, story = _wire_story(seed, wire_index)
        wire = f"wire-{seed}-{wire_index:05d}"
        published = published_iso
        if rng.random() < 0.3:  # the agency's own copy
            outlet_id = wire_outlet
            outlet_name = next(name for oid, name in tables().outlets if oid == wire_outlet)
    else:
        day = _published(rng)
        published = day.isoformat()
        story = _story(rng, day, None)
    article_id = f"synth-{seed}-{index:06d}"
    slug = outlet_id.split("/", 1)[1]
    return {
        "id": article_id,
        "title": story["title"],
        "text": story["text"],
        "outlet": outlet_name,
        "outlet_id": outlet_id,
        "author": author,
        "published": published,
        "url": f"https://{slug}.example/{published.replace('-', '/')}/{article_id}",
        "language": "en",
        "wire": wire,
        **{key: value for key, value in story.items() if key not in ("title", "text")},
    }


def generate(count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``count`` articles for ``seed``, in order: dicts with the loader's fields (id, title, text, outlet, author,
    published, url, language) plus ``outlet_id``, ``wire`` and the expected facts (``expected_tolls``,
    ``expected_blames``, ``expected_denials``, ``expected_statements``, ``non_casualty_numbers``, ``places``)."""
    for index in range(count):
        yield article(seed, index)


# --------------------------------------------------------------------------------------------- files
ARTICLE_FIELDS = ("id", "title", "outlet", "author", "published", "url", "language")
FACTS_FILE = ".facts.jsonl"
JSONL_FILE = "corpus.jsonl"


def front_matter_text(record: dict[str, Any]) -> str:
    """The article as a ``.txt`` file: YAML front matter (JSON scalars are valid YAML) and the text."""
    lines = ["---"]
    for name in ARTICLE_FIELDS:
        if record.get(name) is not None:
            lines.append(f"{name}: {json.dumps(record[name], ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + record["text"]


def write_corpus(records: Iterable[dict[str, Any]], out: Path, fmt: str = "txt") -> int:
    """Write articles into ``out``: one ``.txt`` per article plus ``.facts.jsonl``, or one ``corpus.jsonl``.
    Returns the number written."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    if fmt == "jsonl":
        with (out / JSONL_FILE).open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
        return written
    if fmt != "txt":
        raise ValueError(f"unknown format {fmt!r}: txt or jsonl")
    with (out / FACTS_FILE).open("w", encoding="utf-8") as facts:
        for record in records:
            (out / f"{record['id']}.txt").write_text(front_matter_text(record), encoding="utf-8")
            facts.write(json.dumps({k: v for k, v in record.items() if k != "text"}, ensure_ascii=False) + "\n")
            written += 1
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same corpus (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt", help="txt files or one jsonl")
    options = parser.parse_args(argv)
    if options.count < 0:
        parser.error("--count must be >= 0")
    started = time.perf_counter()
    words = 0
    syndicated = 0

    def counted(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        nonlocal words, syndicated
        for record in records:
            words += len(record["text"].split())
            syndicated += record["wire"] is not None
            yield record

    written = write_corpus(counted(generate(options.count, options.seed)), options.out, options.format)
    elapsed = time.perf_counter() - started
    print(
        f"{written} articles ({syndicated} wire reprints), {words // max(written, 1)} words on average, "
        f"into {options.out} ({options.format}) in {elapsed:.1f} s"
    )


if __name__ == "__main__":
    main()
