"""The alias index: every spelling key → the entities it names, best first, and the automata that find the keys in
text. Built once from the drafts (see :mod:`loaders.gazetteer_files`); read by the gazetteer and the entity finder.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from loaders.gazetteer_files import Draft
from loaders.spelling import APOSTROPHES, ARTICLE_PREFIX, alias_key, alias_variants, fold

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


def _size_rank(draft: Draft) -> int:
    """Up to 9 more for a larger place: of two towns named alike, the bigger is meant unless the article says
    otherwise. Places without a population (Syria's, from OCHA, and curated ones) count as the largest, so a
    Syrian place keeps its precedence over a foreign one of the same name."""
    population = draft.properties.get("population")
    if not isinstance(population, int) or population <= 0:
        return 9
    return min(8, max(0, len(str(population)) - 1))


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


# How news names a first-level region elsewhere with a noun after it: "Donetsk region", "Kachin State".
_REGION_NOUNS = ("region", "province", "state", "oblast")


def region_phrases(spellings: dict[str, str]) -> dict[str, str]:
    """ "Donetsk region", "Kachin State", "province of Ituri": a region named so needs no other evidence."""
    phrases: dict[str, str] = {}
    for spelling, tier in spellings.items():
        words = spelling.split()
        if not spelling[:1].isupper() or len(words) > 3 or words[-1].lower() in _REGION_NOUNS:
            continue
        for noun in _REGION_NOUNS:
            phrases.setdefault(f"{spelling} {noun}", tier)
        phrases.setdefault(f"province of {spelling}", tier)
    return phrases


_PHRASES_OF_KIND = {"governorate": _governorate_phrases, "region": region_phrases}


def build_alias_index(
    drafts: Mapping[str, Draft], labels: Mapping[str, str], weak_ids: set[str]
) -> dict[str, list[AliasEntry]]:
    """Every spelling of every draft, by key, best first: names, aliases and their variants, a governorate's
    phrases ("Hama province"), metonyms and country-scoped local aliases. ``labels``: each entity's label."""
    by_key: dict[str, dict[str, AliasEntry]] = {}

    def add(entity_id: str, spelling: str, rank: int, weak: bool, metonym: bool, scope: tuple[str, ...] = ()) -> None:
        key = alias_key(spelling)
        if not any(char.isalpha() for char in key):
            return  # a number is never a name: a Phoenix "380" would make every "380 people" a faction
        entry = AliasEntry(entity_id, labels[entity_id], spelling, rank, weak, metonym, scope)
        entries = by_key.setdefault(key, {})
        previous = entries.get(entity_id)
        if previous is None or previous.rank < entry.rank:
            entries[entity_id] = entry

    for draft in drafts.values():
        kind = str(draft.properties.get("kind", ""))
        base = KIND_RANK.get(kind, 40) + _size_rank(draft) if draft.label == "Location" else ACTOR_RANK
        weak = draft.id in weak_ids
        spellings = dict(draft.aliases)
        spellings.setdefault(draft.name, "name")
        for spelling, tier in list(spellings.items()):
            # Curated Arabic names get the same systematic variants as the built places (al-Manar → Manar).
            if tier == "curated" and (ARTICLE_PREFIX.match(spelling) or APOSTROPHES.search(spelling)):
                for variant in alias_variants(spelling):
                    spellings.setdefault(variant, "variant")
        make_phrases = _PHRASES_OF_KIND.get(kind) if draft.label == "Location" else None
        phrases = make_phrases(spellings) if make_phrases else {}
        for spelling, tier in spellings.items():
            # A generated one-word variant under five letters ("Bab" from al-Bab) collides with too many
            # words and initials to be trusted without a place cue.
            short_variant = tier == "variant" and len(spelling) < 5 and " " not in spelling.strip()
            rank = SOURCE_RANK[tier] + base
            add(draft.id, spelling, rank, weak or short_variant, metonym=False)
        for spelling, tier in phrases.items():
            # Generated phrases yield to a place that lists the same phrase itself ("Damascus countryside"
            # is Rural Damascus, not the Damascus governorate's countryside).
            if spelling not in spellings:
                add(draft.id, spelling, SOURCE_RANK[tier] + base - 5, False, metonym=False)
        for spelling, tier in draft.metonyms.items():
            add(draft.id, spelling, SOURCE_RANK[tier] + base, False, metonym=True)
        for spelling in draft.local_aliases:
            rank = SOURCE_RANK["curated"] + base + 1  # in scope, before an unscoped entity of that spelling
            add(draft.id, spelling, rank, False, metonym=False, scope=draft.scope)
    return {
        # Most spellings name one entity: no sort to set up for them.
        key: list(entries.values()) if len(entries) == 1 else sorted(entries.values(), key=_best_first)
        for key, entries in by_key.items()
    }


def phrase_automaton(by_key: Mapping[str, list[AliasEntry]]) -> Any:
    """A pyahocorasick automaton over every key, each prefixed with a space (a word start)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key in by_key:
        automaton.add_word(" " + key, key)
    automaton.make_automaton()
    return automaton


def _spelled_keys(by_key: Mapping[str, list[AliasEntry]]) -> Iterator[tuple[str, str]]:
    """Each key, and each way its spellings fold in running text when that differs from the key: "U.N. human
    rights office" folds to "u n  human rights office" (the dot and the space both become spaces), while its
    key collapses the run to one space."""
    for key, entries in by_key.items():
        yield key, key
        for spelled in {fold(entry.alias).strip() for entry in entries} - {key}:
            if spelled:
                yield key, spelled


def word_automaton(by_key: Mapping[str, list[AliasEntry]], possessives: bool) -> Any:
    """A pyahocorasick automaton over every key as a whole word (see :meth:`Gazetteer.word_automaton`)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    if possessives:
        by_string: dict[str, list[tuple[int, int, str]]] = {}
        for key, spelled in _spelled_keys(by_key):
            by_string.setdefault(f" {spelled} ", []).append((len(spelled) + 1, 1, key))
            if len(spelled) >= 4:
                by_string.setdefault(f" {spelled}s ", []).append((len(spelled) + 2, 2, key))
        for string, found in by_string.items():
            automaton.add_word(string, tuple(found))
    else:
        for key, spelled in _spelled_keys(by_key):
            automaton.add_word(f" {spelled} ", (len(spelled) + 1, 1, key))
    automaton.make_automaton()
    return automaton
