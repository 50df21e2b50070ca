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
from loaders.text import SpanSet


def defined_names(
    text: str,
    mentions: list[Mention],
    definitions: list[Definition],
    gazetteer: Gazetteer,
    provisional: dict[str, Entity],
) -> list[Mention]:
    """Every spelling of a name the article defines ("Rapid Support Forces (RSF)", "M23 rebels") names one actor:
    the gazetteer's when it knows the full name (or the acronym for that full name), else a provisional one."""
    for definition in definitions:
        spans = occurrences(text, definition.acronym) + occurrences(text, definition.full)
        if not spans:
            continue
        near = _SortedSpans(spans)  # a long article has thousands of spans and mentions: no scan of all per pair
        entity_id = _defined_entity(text, mentions, definition, near, gazetteer, provisional)
        if entity_id is None:
            continue
        # A longer name around the spelling stays as it is, of this actor ("Turkish-backed Syrian National Army")
        # or another ("interim HTS government" is the government, not HTS).
        kept = [
            m
            for m in mentions
            if m.entity_id == entity_id
            or all(_outside_or_around(m, start, end) for start, end in near.overlapping(m.start, m.end))
        ]
        taken = SpanSet()
        for m in kept:
            taken.add(m.start, m.end)
        for start, end in spans:
            if not taken.overlaps(start, end):
                kept.append(Mention(entity_id, text[start:end], start, end))
                taken.add(start, end)
        mentions = kept
    mentions.sort(key=START_END)
    return mentions


class _SortedSpans:
    """Spans ``(start, end)`` sorted by start, answering which of them overlap a range by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]
        self.longest = max((end - start for start, end in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that share a character with ``[start, end)``."""
        spans = self.spans[bisect_left(self.starts, start - self.longest + 1) : bisect_left(self.starts, end)]
        return [span for span in spans if span[1] > start]


def _outside_or_around(mention: Mention, start: int, end: int) -> bool:
    """Whether a mention leaves ``[start, end)`` alone or is a longer name containing it."""
    if mention.end <= start or end <= mention.start:
        return True
    return mention.start <= start and end <= mention.end and mention.end - mention.start > end - start


def _defined_entity(
    text: str,
    mentions: list[Mention],
    definition: Definition,
    spans: _SortedSpans,
    gazetteer: Gazetteer,
    provisional: dict[str, Entity],
) -> str | None:
    """The actor a definition names; None to leave the gazetteer's reading alone (an acronym it already knows
    and that no full name redefines)."""
    covered = [
        m for m in mentions for start, end in spans.overlapping(m.start, m.end) if m.start <= start and end <= m.end
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
