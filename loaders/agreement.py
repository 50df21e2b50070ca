"""Agreement between sources: claims about the same thing are grouped, and the groups are related.

Each claim gets a *topic* (what it is about) and falls into one *group* of claims that say the same thing:

- casualty tolls: topic = victims (community and category), country, month; group = value, range and as-of date;
- blame and denial: topic = the events (victim community, country, month); group = the side blamed (through the
  gazetteer, "al-Shara’a forces", HTS and the transitional government are one side), or, for a denial, the side
  that rejects the blame.

A wire story reprinted by fifty outlets adds fifty claims to one group, not 1,225 pairs: relations are drawn
between the few groups of a topic (``CORROBORATES``, ``CONTRADICTS`` with a reason, ``UPDATES`` for a toll that
rises on a later date — a trajectory, not a contradiction), so the work grows with the number of distinct
things said, never quadratically with the number of copies. ``reconcile`` recomputes the relations of the topics
a load touched, deletes groups left empty, and is idempotent.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from graph.records import GraphBatch, NodeRecord, RelRecord, WriteSummary
from graph.store import GraphStore
from loaders.gazetteer import Gazetteer
from loaders.records import ClaimRecord, Extraction

AGREEMENT_TYPES = ("CORROBORATES", "CONTRADICTS", "UPDATES")
SAME_VALUE_TOLERANCE = 0.05  # tolls within 5 % of each other agree
# Tolls more than this many times apart count different incidents ("four civilians were killed in the melee"
# beside "at least 745 civilians"), not rival counts of one: they are not compared.
SAME_INCIDENT_RATIO = 5
# Counts under this are the details of one family or one attack ("her three brothers"), not tolls of an event.
SMALLEST_COMPARED_TOLL = 10


@dataclass(frozen=True, slots=True)
class EventContext:
    """What the article's claims are about when a sentence does not say: the victims, country and month."""

    community: str | None
    country: str | None
    published: date | None


def _slug(entity_id: str | None) -> str:
    return entity_id.rsplit("/", 1)[-1] if entity_id else "unknown"


def event_context(extraction: Extraction, gazetteer: Gazetteer) -> EventContext:
    """The article's main victim community and country, from its claims and mentions."""
    labels = {entity_id: entity.label for entity_id, entity in extraction.entities.items()}

    def label_of(entity_id: str) -> str | None:
        if entity_id in labels:
            return labels[entity_id]
        entity = gazetteer.get(entity_id)
        return entity.label if entity else None

    victims = Counter(v for claim in extraction.claims for v in claim.victim_ids if label_of(v) == "Community")
    if not victims:
        victims = Counter(m.entity_id for m in extraction.mentions if label_of(m.entity_id) == "Community")
    countries: Counter[str] = Counter()
    for mention in extraction.mentions:
        if label_of(mention.entity_id) == "Location":
            chain = [mention.entity_id, *gazetteer.ancestors(mention.entity_id)]
            country = next((p for p in reversed(chain) if p.startswith("location/country/")), None)
            if country:
                countries[country] += 1
    return EventContext(
        community=victims.most_common(1)[0][0] if victims else None,
        country=countries.most_common(1)[0][0] if countries else None,
        published=extraction.article.published,
    )


def _period(claim: ClaimRecord, context: EventContext) -> str:
    when = claim.date or claim.as_of or context.published
    return when.strftime("%Y-%m") if when else "undated"


def _community(claim: ClaimRecord, context: EventContext, gazetteer: Gazetteer) -> str | None:
    for victim in claim.victim_ids:
        entity = gazetteer.get(victim)
        if victim.startswith("community/") or (entity is not None and entity.label == "Community"):
            return victim
    return context.community


def claim_topic(claim: ClaimRecord, context: EventContext, gazetteer: Gazetteer) -> str:
    """What a claim is about; only claims with the same topic are compared."""
    community = _community(claim, context, gazetteer)
    where = _slug(context.country)
    if claim.kind == "casualty":
        category = claim.victims or "people"
        if community and _slug(community).rstrip("s") == category.rstrip("s"):
            category = "people"  # "250 Alawites": the community is the victim, the category adds nothing
        if claim.harm not in (None, "killed"):
            category = f"{claim.harm}-{category}"  # the injured are never compared with the dead
        return f"casualty|{_slug(community)}:{category}|{where}|{_period(claim, context)}"
    return f"event|{_slug(community)}|{where}|{_period(claim, context)}"


def _side(entity_id: str | None, gazetteer: Gazetteer, when: date | None) -> str | None:
    if entity_id is None:
        return None
    return gazetteer.side(entity_id, on=when) or entity_id


def claim_group(claim: ClaimRecord, topic: str, context: EventContext, gazetteer: Gazetteer) -> NodeRecord | None:
    """The group node a claim belongs to, or None when the claim cannot be compared (a toll with no number)."""
    when = claim.date or claim.as_of or context.published
    properties: dict[str, object]
    if claim.kind == "casualty":
        if claim.value is None:
            return None
        value_max = claim.value_max if claim.value_max is not None else claim.value
        as_of = claim.as_of or claim.date or context.published
        vague = claim.qualifier == "vague"
        shown = f"{claim.value:,}" if value_max == claim.value else f"{claim.value:,}–{value_max:,}"
        shown = f"{shown}+ (vague)" if vague else shown
        key = f"{claim.value}|{value_max}|{as_of}" + ("|vague" if vague else "")
        properties = {
            "qualifier": "vague" if vague else None,
            "name": f"{shown} {topic.split('|')[1].replace(':', ' ')}" + (f" (as of {as_of})" if as_of else ""),
            "value": claim.value,
            "value_max": value_max,
            "as_of": as_of.isoformat() if as_of else None,
        }
    elif claim.kind == "blame":
        sides = sorted({s for s in (_side(b, gazetteer, when) for b in claim.blamed_ids) if s})
        if not sides:
            return None
        key = "blame|" + "+".join(sides)
        properties = {"name": "blame: " + " + ".join(_slug(s) for s in sides), "blamed": "+".join(sides)}
    else:
        side = _side(claim.claimant_id, gazetteer, when)
        key = f"denial|{side}"
        properties = {"name": f"denial by {_slug(side)}", "blamed": side}
    digest = hashlib.sha1(f"{topic}|{key}".encode()).hexdigest()[:16]
    properties = {**properties, "topic": topic, "kind": claim.kind}
    return NodeRecord(f"claimgroup/{digest}", "ClaimGroup", {k: v for k, v in properties.items() if v is not None})


def topics_of(batch: GraphBatch) -> set[str]:
    """The topics of the claim groups in a batch: what ``reconcile`` must look at after writing it."""
    return {str(node.properties["topic"]) for node in batch.nodes if node.label == "ClaimGroup"}


def stale_topics(store: GraphStore, article_ids: Iterable[str]) -> set[str]:
    """Topics of the claims these articles have in the store now: reconcile them too when the articles are
    replaced, so groups their old claims leave behind are cleaned up."""
    return {
        str(n.properties["topic"])
        for n in store.find_nodes("Claim", "article_id", article_ids)
        if "topic" in n.properties
    }


# -- relating groups -------------------------------------------------------------------------------------------


def _close(a: int, b: int) -> bool:
    return abs(a - b) <= SAME_VALUE_TOLERANCE * max(a, b, 1)


def _toll_relation(a: NodeRecord, b: NodeRecord) -> tuple[str, str, str, dict[str, str]] | None:
    """How two toll groups of one topic relate: (source, type, target, properties), or None.

    Vague counts ("hundreds", "dozens") neither confirm nor contradict a number, and tolls of very different
    size describe different incidents: neither is related.
    """
    pa, pb = a.properties, b.properties
    if "vague" in (pa.get("qualifier"), pb.get("qualifier")):
        return None
    lo_a, hi_a = int(pa["value"]), int(pa.get("value_max", pa["value"]))
    lo_b, hi_b = int(pb["value"]), int(pb.get("value_max", pb["value"]))
    if max(lo_a, lo_b) > SAME_INCIDENT_RATIO * max(min(hi_a, hi_b), 1) or min(hi_a, hi_b) < SMALLEST_COMPARED_TOLL:
        return None
    overlap = lo_a <= hi_b and lo_b <= hi_a
    agree = overlap if (hi_a != lo_a or hi_b != lo_b) else _close(lo_a, lo_b)
    first, second = sorted((a, b), key=lambda g: g.id)
    if agree:
        return first.id, "CORROBORATES", second.id, {}
    as_of_a, as_of_b = pa.get("as_of"), pb.get("as_of")
    if as_of_a and as_of_b and as_of_a != as_of_b:
        earlier, later = (a, b) if as_of_a < as_of_b else (b, a)
        if int(later.properties["value"]) >= int(earlier.properties["value"]):
            return earlier.id, "UPDATES", later.id, {}
        reason = (
            f"a lower toll on a later date: {later.properties['value']:,} on {later.properties['as_of']} after "
            f"{earlier.properties['value']:,} on {earlier.properties['as_of']}"
        )
        return first.id, "CONTRADICTS", second.id, {"reason": reason}
    when = f" for {as_of_a}" if as_of_a and as_of_a == as_of_b else ""
    reason = f"different tolls{when}: {pa['name']} vs {pb['name']}"
    return first.id, "CONTRADICTS", second.id, {"reason": reason}


def _known_sides(group: NodeRecord) -> set[str]:
    """The gazetteer sides a blame or denial group names; an actor with no known side ("jihadists") has none."""
    return {side for side in str(group.properties.get("blamed", "")).split("+") if side and "/" not in side}


def _event_relation(a: NodeRecord, b: NodeRecord) -> tuple[str, str, str, dict[str, str]] | None:
    """Blame groups blaming different sides contradict; a denial contradicts the blame of the denier's side.

    Only known sides are compared: blaming "jihadists" neither confirms nor contradicts blaming HTS.
    """
    first, second = sorted((a, b), key=lambda g: g.id)
    kinds = {a.properties["kind"], b.properties["kind"]}
    sides_a, sides_b = _known_sides(a), _known_sides(b)
    if not (sides_a and sides_b):
        return None
    if kinds == {"blame"}:
        if sides_a & sides_b:
            return first.id, "CORROBORATES", second.id, {}
        reason = f"different perpetrators: {' + '.join(sorted(sides_a))} vs {' + '.join(sorted(sides_b))}"
        return first.id, "CONTRADICTS", second.id, {"reason": reason}
    if kinds == {"blame", "denial"} and sides_a & sides_b:
        side = next(iter(sorted(sides_a & sides_b)))
        return first.id, "CONTRADICTS", second.id, {"reason": f"{side} is blamed and denies it"}
    return None


def _toll_chain(groups: list[NodeRecord]) -> Iterable[tuple[NodeRecord, NodeRecord]]:
    """The pairs of toll groups worth comparing, in O(k log k) for k groups rather than every pair.

    On one date, each toll is compared with the next larger one (a chain: 250 ~ 252 ≠ 601); across dates, the
    best-attested toll of each date with that of the next date (a trajectory: 745 → 830 → 973).
    """
    by_date: dict[str, list[NodeRecord]] = {}
    for group in groups:
        if group.properties.get("qualifier") != "vague" and int(group.properties["value"]) >= SMALLEST_COMPARED_TOLL:
            by_date.setdefault(str(group.properties.get("as_of", "")), []).append(group)
    headlines = []
    for day in sorted(by_date):
        same_day = sorted(by_date[day], key=lambda g: (int(g.properties["value"]), g.id))
        yield from pairwise(same_day)
        if day:
            headlines.append(max(same_day, key=lambda g: (g.properties.get("size", 0), g.properties["value"], g.id)))
    yield from pairwise(headlines)


def desired_relations(groups: list[NodeRecord]) -> dict[tuple[str, str, str], dict[str, str]]:
    """The agreement relations among the groups of one topic."""
    tolls = [g for g in groups if g.properties["kind"] == "casualty"]
    events = sorted((g for g in groups if g.properties["kind"] != "casualty" and _known_sides(g)), key=lambda g: g.id)
    # Blame and denial groups are one per known side, a handful per topic: every pair is compared.
    pairs: list[tuple[NodeRecord, NodeRecord]] = [(a, b) for i, a in enumerate(events) for b in events[i + 1 :]]
    relations: dict[tuple[str, str, str], dict[str, str]] = {}
    for a, b in [*_toll_chain(tolls), *pairs]:
        found = (_toll_relation if a.properties["kind"] == "casualty" else _event_relation)(a, b)
        if found is not None:
            source, rel_type, target, properties = found
            relations[(source, rel_type, target)] = properties
    return relations


def reconcile(store: GraphStore, topics: Collection[str]) -> WriteSummary:
    """Recompute the groups' sizes and the relations among the groups of these topics; drop empty groups."""
    if not topics:
        return WriteSummary()
    groups = store.find_nodes("ClaimGroup", "topic", sorted(topics))
    if not groups:
        return WriteSummary()
    rels = store.rels_of([g.id for g in groups], ["IN_GROUP", *AGREEMENT_TYPES])
    sizes = Counter(rel.target for rel in rels if rel.type == "IN_GROUP")
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
        wanted.update(desired_relations(members))
    batch.delete_rels = [key for key in existing if key not in wanted and key[0] not in batch.delete_nodes]
    batch.rels = [RelRecord(*key, props) for key, props in wanted.items() if existing.get(key) != props]
    if not (batch.nodes or batch.rels or batch.delete_rels or batch.delete_nodes):
        return WriteSummary()
    return store.write(batch)
