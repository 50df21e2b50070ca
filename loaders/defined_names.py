"""Names the article defines ("Rapid Support Forces (RSF)", "M23 rebels", see :mod:`loaders.definitions`): every
spelling of one names one actor, the gazetteer's when it knows the full name, else a provisional one."""

from __future__ import annotations

from bisect import bisect_left

from loaders.definitions import Definition, occurrences
from loaders.gazetteer import Gazetteer, alias_key
from loaders.name_cues import (
    FACTION_HEADS,
    GOVERNMENT_HEADS,
    NAME_WORD,
    ORG_HEADS,
    OUTLET_HEADS,
    START_END,
    provisional_entity,
)
from loaders.records import Entity, Mention


def defined_names(
    text: str,
    mentions: list[Mention],
    definitions: list[Definition],
    gazetteer: Gazetteer,
    provisional: dict[str, Entity],
) -> list[Mention]:
    """Every spelling of a name the article defines ("Rapid Support Forces (RSF)", "M23 rebels") names one actor:
    the gazetteer's when it knows the full name (or the acronym for that full name), else a provisional one."""
    mentions = sorted(mentions, key=START_END)
    for definition in definitions:
        spans = occurrences(text, definition.acronym) + occurrences(text, definition.full)
        if not spans:
            continue
        touching = _spans_touching(mentions, spans)
        entity_id = _defined_entity(mentions, touching, definition, gazetteer, provisional)
        if entity_id is None:
            continue
        # A longer name around the spelling stays as it is, of this actor ("Turkish-backed Syrian National Army")
        # or another ("interim HTS government" is the government, not HTS).
        kept = [
            m
            for index, m in enumerate(mentions)
            if index not in touching
            or m.entity_id == entity_id
            or all(_outside_or_around(m, start, end) for start, end in touching[index])
        ]
        kept_set = set(kept)
        # A spelling already inside a kept mention is left to it; the mentions it touches are known from above.
        blocked = {span for index, touched in touching.items() if mentions[index] in kept_set for span in touched}
        added: list[tuple[int, int]] = []
        for start, end in spans:
            if (start, end) not in blocked and not any(s < end and start < e for s, e in added):
                kept.append(Mention(entity_id, text[start:end], start, end))
                added.append((start, end))
        kept.sort(key=START_END)
        mentions = kept
    return mentions


def _spans_touching(mentions: list[Mention], spans: list[tuple[int, int]]) -> dict[int, list[tuple[int, int]]]:
    """For each mention (sorted by start) that shares a character with some of ``spans``, by index, those spans.

    Fast path: the few spans of a definition are looked up among the mentions by bisection, rather than every
    mention among the spans (a definition is read against each of an article's hundred mentions otherwise).
    """
    starts = [m.start for m in mentions]
    longest = max((m.end - m.start for m in mentions), default=0)
    touching: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        start, end = span
        for index in range(bisect_left(starts, start - longest + 1), bisect_left(starts, end)):
            if mentions[index].end > start:
                touching.setdefault(index, []).append(span)
    return touching


def _outside_or_around(mention: Mention, start: int, end: int) -> bool:
    """Whether a mention leaves ``[start, end)`` alone or is a longer name containing it."""
    if mention.end <= start or end <= mention.start:
        return True
    return mention.start <= start and end <= mention.end and mention.end - mention.start > end - start


def _defined_entity(
    mentions: list[Mention],
    touching: dict[int, list[tuple[int, int]]],
    definition: Definition,
    gazetteer: Gazetteer,
    provisional: dict[str, Entity],
) -> str | None:
    """The actor a definition names; None to leave the gazetteer's reading alone (an acronym it already knows
    and that no full name redefines)."""
    covered = [
        mentions[index]
        for index in sorted(touching)
        for start, end in touching[index]
        if mentions[index].start <= start and end <= mentions[index].end
    ]
    if not definition.full:
        if covered:
            return None  # "UN forces", "HTS fighters": the gazetteer knows them
        return provisional_entity("Faction", definition.acronym, provisional, [definition.acronym]).id
    for entry in gazetteer.candidates(alias_key(definition.full)):
        if entry.label != "Location":
            return entry.entity_id  # "Sudanese Armed Forces (SAF)": the known army, now also "SAF"
    full_key = alias_key(definition.full)
    for mention in covered:
        entity = gazetteer.get(mention.entity_id)
        if entity is not None and entity.label != "Location" and full_key in _keys_of(entity):
            return mention.entity_id
    label = _defined_label(definition.full)
    return provisional_entity(label, definition.full, provisional, [definition.acronym]).id


def _keys_of(entity: Entity) -> set[str]:
    return {alias_key(name) for name in (entity.name, *entity.aliases)}


def _defined_label(full: str) -> str:
    """The label of a defined name, from its words: Allied Democratic Forces → Faction, Ethiopian Human Rights
    Commission → Organization, Ministry of Health → Government."""
    lowered: list[str] = [str(word).lower() for word in NAME_WORD.findall(full)]
    for word in lowered:
        if word in OUTLET_HEADS:
            return "Outlet"
    for word in reversed(lowered):
        if word in GOVERNMENT_HEADS:
            return "Government"
        if word in FACTION_HEADS:
            return "Faction"
        if word in ORG_HEADS:
            return "Organization"
    return "Organization"
