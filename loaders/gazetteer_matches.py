"""Gazetteer names in an article: one Aho-Corasick pass over the folded text, leftmost-longest on word boundaries,
each spelling held to its case rule and, for weak names (villages, neighbourhoods), to a place cue; then a one-word
place or demonym that is only part of a longer unknown name is dropped."""

from __future__ import annotations

import re
from typing import NamedTuple

from loaders.gazetteer import AliasEntry, Gazetteer
from loaders.name_cues import (
    ADJECTIVES,
    ALL_HEADS,
    CALENDAR,
    NAME_WORD,
    NOT_NAMES,
    PLACE_KIND_AFTER,
    PLACE_NOUNS,
    TITLES,
    UPPER,
    institution_head,
    news_word,
    place_cue_before,
    words_before,
)

WORLD_TOWN_PREFIX = "location/geonames/"  # places outside Syria from GeoNames (see scripts/build_gazetteer.py)
# A world region's bare name needs its country in the article even after "in": region names are shared with seas,
# rivers and historical lands ("in the Red Sea", "in Darfur"). "Donetsk region", "Kachin State" need nothing more.
WORLD_REGION_PREFIX = "location/geonames/region/"
COUNTRY_PREFIX = "location/country/"


_WORD_AFTER = re.compile(rf" ([{UPPER}][\w’'\-]*)")


class Match(NamedTuple):
    start: int
    end: int
    entries: tuple[AliasEntry, ...]
    key: str  # the folded spelling that matched


def gazetteer_matches(text: str, folded: str, gazetteer: Gazetteer) -> tuple[list[Match], list[Match]]:
    """Leftmost-longest gazetteer matches on word boundaries whose case rule and place cue hold, and apart the
    world towns named without a place cue (kept by :func:`loaders.country_scope.in_article_scope` or not)."""
    # Texts whose punctuation was stripped write possessives without apostrophes ("Assads"); elsewhere a trailing
    # s makes another word ("Frances").
    bare_possessives = "'s" not in text and "’s" not in text
    hits: list[tuple[int, int, str]] = []  # (start, -end, key)
    append = hits.append
    padded = f" {folded} "
    # The automaton matches whole words only (its keys are padded with spaces), so no hit needs checking here.
    if bare_possessives:
        for last, found in gazetteer.word_automaton(possessives=True).iter(padded):
            for back_start, tail, key in found:
                append((last - back_start, tail - last, key))
    else:
        for last, (back_start, tail, key) in gazetteer.word_automaton().iter(padded):
            append((last - back_start, tail - last, key))
    hits.sort()
    chosen: list[Match] = []
    pending: list[Match] = []  # world towns without a place cue: kept if the article names their country
    last_end = -1
    remembered, entries_as_written = gazetteer.written_entries, gazetteer.entries_as_written
    new_match = tuple.__new__  # Match(...) through its __new__ costs a Python call per match
    for start, negative_end, key in hits:
        if start < last_end:
            continue
        end = -negative_end
        written = text[start:end]
        strong, weak = remembered.get(written) or entries_as_written(written)
        if not strong:
            if not weak:
                continue
            if not _place_cue(text, start, end) or weak[0].entity_id.startswith(WORLD_REGION_PREFIX):
                if weak[0].entity_id.startswith(WORLD_TOWN_PREFIX):
                    pending.append(new_match(Match, (start, end, weak, key)))
                continue
            strong = weak
        if text[end : end + 1] == "." and strong[0].alias.endswith("."):
            end += 1  # "U.N." keeps its last period
        chosen.append(new_match(Match, (start, end, strong, key)))
        last_end = end
    return chosen, pending


def inside_longer_names(text: str, chosen: list[Match]) -> list[Match]:
    """Drop a one-word place or demonym that is only part of a longer unknown name: "Ein Zarqa" (not Zarqa in
    Jordan), "Damascus University", "the Syrian Committee for Missing Persons" (not Syria). The longer name is then
    classified as a whole."""
    kept: list[Match] = []
    for index, match in enumerate(chosen):
        following = chosen[index + 1].start if index + 1 < len(chosen) else -1
        if following != match.end + 1 and _place_names_a_body(text, match):
            continue  # "Sweida National Hospital", "Damascus Rural Specialty Hospital", "Union of ... Organizations"
        if _generic_in_a_name(text, match, kept):
            continue  # "Arakan Army", "Kachin Independence Army": another body than the country's army
        if " " not in match.key:
            entries = match.entries
            if entries[0].label == "Location" and (
                len(entries) == 1 or all(entry.label == "Location" or entry.metonym for entry in entries)
            ):
                word_start = _capitalised_word_before(text, match.start)
                if word_start is not None and (not kept or kept[-1].end <= word_start):
                    continue  # "Ein Zarqa"
                if following != match.end + 1 and _names_more_than_the_place(text, match):
                    continue  # "Damascus University", "Victoria Nuland"
            if match.key in ADJECTIVES and following != match.end + 1 and _capitalised_word_after(text, match.end):
                continue  # "Syrian Committee for Missing Persons"
        kept.append(match)
    return kept


def _generic_in_a_name(text: str, match: Match, kept: list[Match]) -> bool:
    """True if a country-scoped common noun ("Army", "National Army", "Government"), written capitalised, ends a
    longer name that starts with a word the gazetteer does not know: the Arakan Army is not Myanmar's army. After
    a known name ("Myanmar Army", "Sudanese Army") or at a sentence's start it is the country's body."""
    if not match.entries[0].scope or not text[match.start].isupper():
        return False  # the common case, decided by the first entry alone (one unscoped entry is enough)
    if not all(entry.scope for entry in match.entries):
        return False
    word_start = _capitalised_word_before(text, match.start)
    return word_start is not None and (not kept or kept[-1].end <= word_start)


# After a body's head noun: "of" or "for" and a capitalised word ("Union of Medical Relief Organizations").
_OF_A_NAME = re.compile(rf" (?:of|for) (?:the )?[{UPPER}]")
_BODY_NAME_WORDS = 4  # how far after a place its body's head noun may come ("Damascus Rural Specialty Hospital")


def _place_names_a_body(text: str, match: Match) -> bool:
    """True if a place (not a country) only begins or is the head of a body's name: the capitalised words after it
    end in a body's head noun ("Sweida National Hospital", "Kachin Independence Army"), or its name is such a noun
    followed by "of X" ("Union of Medical Relief Organizations")."""
    entries = match.entries
    if entries[0].label != "Location" or entries[0].entity_id.startswith(COUNTRY_PREFIX):
        return False
    if not all(entry.label == "Location" or entry.metonym for entry in entries):
        return False
    if institution_head(match.key) and _OF_A_NAME.match(text, match.end):
        return True
    position = match.end
    for _ in range(_BODY_NAME_WORDS):
        found = _WORD_AFTER.match(text, position)
        if not found:
            return False
        word = found.group(1)
        if institution_head(word.lower()):
            return True
        if word.endswith(("'s", "’s")):
            return False
        position = found.end()
    return False


def _names_more_than_the_place(text: str, match: Match) -> bool:
    """True if the capitalised word after a one-word place makes a longer name: an institution or site ("Damascus
    University", "Tartus Port"), or, for a place outside Syria, a person ("Victoria Nuland"). After a Syrian place a
    capitalised word is more often a headline's ("Aleppo Rises") or the place's kind ("Aleppo Neighborhood")."""
    word = _capitalised_word_after(text, match.end)
    if word is None or word in PLACE_NOUNS:
        return False
    if word in ALL_HEADS:
        return True
    return not any(entry.entity_id.startswith("location/sy/") for entry in match.entries)


def _capitalised_word_before(text: str, start: int) -> int | None:
    """Where the capitalised word right before ``start`` (one space apart) begins, if it can start a name."""
    if start < 2 or text[start - 1] != " " or not text[start - 2].isalpha():
        return None
    pieces = text[max(0, start - 30) : start - 1].rsplit(None, 1)
    written = pieces[-1] if pieces else ""
    if not written or not written[0].isupper() or not NAME_WORD.fullmatch(written):
        return None
    word = written.lower()
    if word in NOT_NAMES or word in TITLES or word in CALENDAR or word in ADJECTIVES or word.endswith(("'s", "’s")):
        return None
    return None if news_word(word) else start - 1 - len(written)


def _capitalised_word_after(text: str, end: int) -> str | None:
    """The capitalised word right after ``end`` (one space apart) if it can continue a name."""
    found = _WORD_AFTER.match(text, end)
    if not found:
        return None
    word = found.group(1).lower()
    if word in NOT_NAMES or word in TITLES or word in CALENDAR or word in ADJECTIVES or news_word(word):
        return None
    return word


def _place_cue(text: str, start: int, end: int) -> bool:
    return place_cue_before(words_before(text, start)) or bool(PLACE_KIND_AFTER.match(text, end, end + 30))
