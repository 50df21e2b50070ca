"""Agreement between sources: the claims of one topic are grouped, and the groups are related.

A claim's topic and group come from :mod:`loaders.event_keys`; how two groups relate, and why, from
:mod:`loaders.comparison`. This module picks the pairs worth comparing and writes the links.

A wire story reprinted by fifty outlets adds fifty claims to one group, not 1,225 pairs: relations are drawn
between the few groups of a topic (``CORROBORATES``, ``CONTRADICTS``, ``UPDATES`` for a later figure — a trajectory,
not a contradiction — each with the reason it was drawn), so the work grows with the number of distinct things
said, never with the number of copies. ``reconcile`` recomputes the relations of the topics a load touched,
deletes groups left empty, and is idempotent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from itertools import pairwise

from graph.records import GraphBatch, NodeRecord, RelRecord, WriteSummary
from graph.store import GraphStore
from loaders.comparison import (
    SMALLEST_COMPARED_TOLL,
    Voices,
    consistent,
    event_relation,
    known_sides,
    one_voice,
    parts_of_totals,
    rivals,
    toll_relation,
)

AGREEMENT_TYPES = ("CORROBORATES", "CONTRADICTS", "UPDATES")
# Each toll is compared with this many next larger ones of its day: every pair of the few figures an event gets,
# in O(k) for a topic of k groups (a crowded topic holds many events, whose figures are far apart anyway).
PAIRED_NEIGHBOURS = 8
# How far up the place hierarchy an area is looked for (village → district → governorate → country).
AREA_LEVELS = 4

Pair = tuple[NodeRecord, NodeRecord]


def _day(group: NodeRecord) -> str:
    return str(group.properties.get("as_of", ""))


def _toll_pairs(groups: list[NodeRecord], voices: dict[str, Voices] | None) -> Iterable[Pair]:
    """The pairs of toll groups worth comparing:

    - on one day, each toll with its ``PAIRED_NEIGHBOURS`` next larger ones (250 ~ 252 ≠ 601, and 250 ≠ 601);
    - across days, the best-attested toll of each day with that of the next day (a trajectory: 745 → 830 → 973);
    - across days, each toll with the nearest of the day before that agrees with it (a figure repeated later:
      the civil society leader's 34 on 27 July and the agency's recap of "at least 34" in September);
    - each named source's best-attested figure of one day with its best-attested one of its next day that counts
      the same thing (the UN's 100 on Saturday → 400 on Monday; SOHR's 745 civilians → 830 civilians, not its
      1,300 people).
    """
    by_date: dict[str, list[NodeRecord]] = {}
    for group in groups:
        if group.properties.get("qualifier") != "vague" and int(group.properties["value"]) >= SMALLEST_COMPARED_TOLL:
            by_date.setdefault(_day(group), []).append(group)
    headlines = []
    for day in sorted(by_date):
        same_day = sorted(by_date[day], key=lambda g: (int(g.properties["value"]), g.id))
        for i, a in enumerate(same_day):
            for b in same_day[i + 1 : i + 1 + PAIRED_NEIGHBOURS]:
                yield a, b
        if day:
            headlines.append(max(same_day, key=_attested))
    yield from pairwise(headlines)
    yield from _repeated_figures(by_date, voices)
    if not voices:
        return
    by_source: dict[str, dict[str, list[NodeRecord]]] = {}
    for day, same_day in by_date.items():
        for group in same_day:
            voice = voices.get(group.id)
            for source in voice.named if voice else ():
                by_source.setdefault(source, {}).setdefault(day, []).append(group)
    for days in by_source.values():
        for earlier, later in pairwise(days[day] for day in sorted(days) if day):
            first = max(earlier, key=_attested)
            # its best-attested figure of the next day that is a count of the same thing (830 civilians after 745
            # civilians, not 1,300 people)
            after = next((g for g in sorted(later, key=_attested, reverse=True) if rivals(first, g, voices)), None)
            if after is not None:
                yield first, after


def _repeated_figures(by_date: dict[str, list[NodeRecord]], voices: dict[str, Voices] | None) -> Iterable[Pair]:
    """Each toll of a day with the nearest toll of the day before, from another source, whose figure it agrees
    with (one source's own figures over days are paired by source)."""
    days = [day for day in sorted(by_date) if day]
    for earlier_day, later_day in pairwise(days):
        for later in by_date[later_day]:
            value = int(later.properties["value"])
            agreeing = [
                earlier
                for earlier in by_date[earlier_day]
                if _another_source_agrees(earlier, later, voices) and rivals(earlier, later, voices)
            ]
            if agreeing:
                yield min(agreeing, key=lambda g: (abs(int(g.properties["value"]) - value), g.id)), later


def _another_source_agrees(earlier: NodeRecord, later: NodeRecord, voices: dict[str, Voices] | None) -> bool:
    voice_a, voice_b = (voices.get(earlier.id), voices.get(later.id)) if voices else (None, None)
    if voice_a is not None and voice_b is not None and one_voice(voice_a, voice_b) is not None:
        return False
    return consistent(earlier, later, voice_a, voice_b) is not None


def _attested(group: NodeRecord) -> tuple[int, int, str]:
    """The best-attested figure first: most claims, then the largest."""
    return int(group.properties.get("size", 0)), int(group.properties["value"]), group.id


def desired_relations(
    groups: list[NodeRecord], voices: dict[str, Voices] | None = None
) -> dict[tuple[str, str, str], dict[str, str]]:
    """The agreement relations among the groups of one topic (``voices``: who says each group's figure)."""
    tolls = [g for g in groups if g.properties["kind"] == "casualty"]
    events = sorted((g for g in groups if g.properties["kind"] != "casualty" and known_sides(g)), key=lambda g: g.id)
    relations: dict[tuple[str, str, str], dict[str, str]] = {}
    # A part of one article's breakdown ("52 at El Nau hospital and 2 at another" of its "54", "including 20 in
    # Homs") is linked to its total only, when the parts add up: it is no rival of any other count.
    breakdown = parts_of_totals(tolls, voices) if voices else []
    parts = {part.id for part, _total in breakdown} | {g.id for g in tolls if g.properties.get("scope") == "part"}
    seen: set[frozenset[str]] = set()
    for a, b in _toll_pairs(tolls, voices):
        if frozenset((a.id, b.id)) in seen or a.id in parts or b.id in parts:
            continue
        seen.add(frozenset((a.id, b.id)))
        found = toll_relation(a, b, voices)
        if found is not None:
            relations[found[:3]] = found[3]
    for part, total in breakdown:
        relations[(part.id, "CORROBORATES", total.id)] = {"reason": "a part of this total (the parts add up)"}
    # Blame and denial groups are one per known side, a handful per topic: every pair is compared.
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            found = event_relation(a, b)
            if found is not None:
                relations[found[:3]] = found[3]
    return relations


def _areas(store: GraphStore, places: set[str]) -> dict[str, set[str]]:
    """Each place with the areas that hold it, from the store's place hierarchy (one query per level)."""
    areas = {place: {place} for place in places}
    parent_of: dict[str, set[str]] = {}
    frontier = set(places)
    for _ in range(AREA_LEVELS):
        if not frontier:
            break
        found = [rel for rel in store.rels_of(sorted(frontier), ["LOCATED_IN"]) if rel.source in frontier]
        for rel in found:
            parent_of.setdefault(rel.source, set()).add(rel.target)
        frontier = {rel.target for rel in found} - parent_of.keys()
    for place, held in areas.items():
        todo = [place]
        while todo:
            for parent in parent_of.get(todo.pop(), ()):
                if parent not in held:
                    held.add(parent)
                    todo.append(parent)
    return areas


def _voices(store: GraphStore, topics: Collection[str], group_of: dict[str, str]) -> dict[str, Voices]:
    """Who says each group's figure, from the claims of these topics, their claimants and places."""
    voices: dict[str, Voices] = {}
    claims = [claim for claim in store.find_nodes("Claim", "topic", sorted(topics)) if claim.id in group_of]
    claimant_of: dict[str, str] = {}
    places: dict[str, list[str]] = {}
    for rel in store.rels_of([claim.id for claim in claims], ["CLAIMS", "AT"]):
        if rel.type == "CLAIMS":
            claimant_of[rel.target] = rel.source
        else:
            places.setdefault(rel.source, []).append(rel.target)
    for claim in claims:
        voices.setdefault(group_of[claim.id], Voices()).add(claim, claimant_of.get(claim.id), places.get(claim.id, []))
    areas = _areas(store, {place for found in places.values() for place in found})
    for voice in voices.values():
        voice.areas = {area for place in voice.places for area in areas.get(place, {place})}
    return voices


def reconcile(store: GraphStore, topics: Collection[str]) -> WriteSummary:
    """Recompute the groups' sizes and the relations among the groups of these topics; drop empty groups."""
    if not topics:
        return WriteSummary()
    groups = store.find_nodes("ClaimGroup", "topic", sorted(topics))
    if not groups:
        return WriteSummary()
    rels = store.rels_of([g.id for g in groups], ["IN_GROUP", *AGREEMENT_TYPES])
    sizes = Counter(rel.target for rel in rels if rel.type == "IN_GROUP")
    voices = _voices(store, topics, {rel.source: rel.target for rel in rels if rel.type == "IN_GROUP"})
    existing = {(r.source, r.type, r.target): r.properties for r in rels if r.type in AGREEMENT_TYPES}
    batch = GraphBatch()
    by_topic: dict[str, list[NodeRecord]] = {}
    for group in groups:
        if not sizes[group.id]:
            batch.delete_nodes.append(group.id)
            continue
        if group.properties.get("size") != sizes[group.id]:
            group = NodeRecord(group.id, "ClaimGroup", {**group.properties, "size": sizes[group.id]})
            batch.nodes.append(group)
        by_topic.setdefault(str(group.properties["topic"]), []).append(group)
    wanted: dict[tuple[str, str, str], dict[str, str]] = {}
    for members in by_topic.values():
        wanted.update(desired_relations(members, voices))
    batch.delete_rels = [key for key in existing if key not in wanted and key[0] not in batch.delete_nodes]
    batch.rels = [RelRecord(*key, props) for key, props in wanted.items() if existing.get(key) != props]
    if not (batch.nodes or batch.rels or batch.delete_rels or batch.delete_nodes):
        return WriteSummary()
    return store.write(batch)
