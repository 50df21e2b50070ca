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
from dataclasses import dataclass, field
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
# Victim words that name everyone killed, not a part of them: figures with these are compared with each other.
SAME_AS_PEOPLE = frozenset({"people", "civilians"})
# A toll dated this many days before its as-of date counts since then ("since the war began in 2011").
RUNNING_COUNT_DAYS = 62


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
    """The month a figure is about: its date, except that a running count ("221 since the war began in 2011",
    as of last Wednesday) belongs to when it was counted."""
    when = claim.date or claim.as_of or context.published
    if claim.as_of is not None and claim.date is not None and (claim.as_of - claim.date).days > RUNNING_COUNT_DAYS:
        when = claim.as_of
    return when.strftime("%Y-%m") if when else "undated"


def _country(claim: ClaimRecord, context: EventContext, gazetteer: Gazetteer) -> str | None:
    """The country of the places a claim's events happened in (not the dateline), else the article's."""
    for place_id in claim.place_ids:
        chain = [place_id, *gazetteer.ancestors(place_id)]
        country = next((p for p in reversed(chain) if p.startswith("location/country/")), None)
        if country:
            return country
    return context.country


def _community(claim: ClaimRecord, context: EventContext, gazetteer: Gazetteer) -> str | None:
    for victim in claim.victim_ids:
        entity = gazetteer.get(victim)
        if victim.startswith("community/") or (entity is not None and entity.label == "Community"):
            return victim
    return context.community


def claim_topic(claim: ClaimRecord, context: EventContext, gazetteer: Gazetteer) -> str:
    """What a claim is about; only claims with the same topic are compared."""
    community = _community(claim, context, gazetteer)
    where = _slug(_country(claim, context, gazetteer))
    if claim.kind == "casualty":
        category = claim.victims or "people"
        if category in SAME_AS_PEOPLE:
            category = "people"  # "400 civilians" and "400 people" are one count of one attack's dead
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
        return toll_group(
            topic, claim.value, value_max, as_of.isoformat() if as_of else None, claim.qualifier == "vague"
        )
    if claim.kind == "blame":
        sides = sorted({s for s in (_side(b, gazetteer, when) for b in claim.blamed_ids) if s})
        if not sides:
            return None
        key = "blame|" + "+".join(sides)
        properties = {"name": "blame: " + " + ".join(_slug(s) for s in sides), "blamed": "+".join(sides)}
    else:
        side = _side(claim.claimant_id, gazetteer, when)
        key = f"denial|{side}"
        properties = {"name": f"denial by {_slug(side)}", "blamed": side}
    return _group_node(topic, key, claim.kind, properties)


def toll_group(topic: str, value: int, value_max: int, as_of: str | None, vague: bool) -> NodeRecord:
    """The group of the tolls of one topic that give this figure for this date (ISO ``as_of``)."""
    shown = f"{value:,}" if value_max == value else f"{value:,}–{value_max:,}"
    shown = f"{shown}+ (vague)" if vague else shown
    key = f"{value}|{value_max}|{as_of}" + ("|vague" if vague else "")
    properties: dict[str, object] = {
        "qualifier": "vague" if vague else None,
        "name": f"{shown} {topic.split('|')[1].replace(':', ' ')}" + (f" (as of {as_of})" if as_of else ""),
        "value": value,
        "value_max": value_max,
        "as_of": as_of,
    }
    return _group_node(topic, key, "casualty", properties)


def _group_node(topic: str, key: str, kind: str, properties: dict[str, object]) -> NodeRecord:
    digest = hashlib.sha1(f"{topic}|{key}".encode()).hexdigest()[:16]
    properties = {**properties, "topic": topic, "kind": kind}
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


@dataclass(slots=True)
class Voices:
    """Who says a group's figure: the articles its claims come from, their claimants as written (None for the
    article's own voice) and their qualifiers. Read from the claims in the store when relations are drawn."""

    articles: set[str] = field(default_factory=set)
    claimants: set[str | None] = field(default_factory=set)
    qualifiers: set[str | None] = field(default_factory=set)
    places: set[str] = field(default_factory=set)

    def add(self, claim: NodeRecord, claimant_id: str | None, places: list[str]) -> None:
        """Count one claim of the group: its article, claimant (the entity, else the words), qualifier, places."""
        props = claim.properties
        self.articles.add(str(props.get("article_id", "")))
        claimant = claimant_id or props.get("claimant")
        self.claimants.add(" ".join(str(claimant).lower().split()) if claimant else None)
        self.qualifiers.add(props.get("qualifier"))
        self.places.update(places)

    @property
    def lower_bound(self) -> bool:
        """Every claim gives the figure as a floor ("at least 58", "more than 50")."""
        return bool(self.qualifiers) and self.qualifiers <= LOWER_BOUNDS


LOWER_BOUNDS = frozenset({"at_least", "over"})
# Two floors this close ("at least 58", "more than 50") are one count reported a little apart, not rival counts.
CLOSE_FLOORS = 0.8


def _exact(voice: Voices) -> bool:
    return voice.qualifiers == {"exact"}


def _different_places(a: Voices, b: Voices) -> bool:
    """One article's figures for places it tells apart ("17 in Donetsk", "38 in Kramatorsk"): two events."""
    return len(a.articles | b.articles) == 1 and bool(a.places) and bool(b.places) and not a.places & b.places


def _one_voice(a: Voices, b: Voices) -> str | None:
    """Why two groups' figures are not rival counts: one article gives both in one voice (one named source, or
    its own); None otherwise. A source's figures across articles are compared as usual (a later, higher one
    UPDATES)."""
    if len(a.articles | b.articles) != 1:
        return None
    named = sorted(claimant for claimant in a.claimants & b.claimants if claimant is not None)
    if named:
        return f"both from {named[0]}"
    return "the article's own figures" if len(a.claimants | b.claimants) == 1 else None


def _toll_relation(
    a: NodeRecord, b: NodeRecord, voices: dict[str, Voices] | None = None
) -> tuple[str, str, str, dict[str, str]] | None:
    """How two toll groups of one topic relate: (source, type, target, properties), or None.

    Vague counts ("hundreds", "dozens") neither confirm nor contradict a number, and tolls of very different
    size describe different incidents: neither is related. With ``voices`` (who says each group's figure), one
    source's different figures are a rise (UPDATES, on a later date) or the parts of what it reports (different
    places, days or victims: no link), never a contradiction; and two close floors agree.
    """
    pa, pb = a.properties, b.properties
    if "vague" in (pa.get("qualifier"), pb.get("qualifier")):
        return None
    lo_a, hi_a = int(pa["value"]), int(pa.get("value_max", pa["value"]))
    lo_b, hi_b = int(pb["value"]), int(pb.get("value_max", pb["value"]))
    if max(lo_a, lo_b) > SAME_INCIDENT_RATIO * max(min(hi_a, hi_b), 1) or min(hi_a, hi_b) < SMALLEST_COMPARED_TOLL:
        return None
    voice_a, voice_b = (voices.get(a.id), voices.get(b.id)) if voices else (None, None)
    overlap = lo_a <= hi_b and lo_b <= hi_a
    agree = overlap if (hi_a != lo_a or hi_b != lo_b) else _close(lo_a, lo_b)
    if voice_a and voice_b and _different_places(voice_a, voice_b):
        return None
    if agree and voice_a and voice_b and _exact(voice_a) and _exact(voice_b):
        agree = lo_a == lo_b and hi_a == hi_b  # two counts given as exact agree only when they are equal
    same_day = pa.get("as_of") == pb.get("as_of")
    if not agree and same_day and voice_a and voice_b and voice_a.lower_bound and voice_b.lower_bound:
        agree = min(lo_a, lo_b) >= CLOSE_FLOORS * max(lo_a, lo_b)
    first, second = sorted((a, b), key=lambda g: g.id)
    if agree:
        return first.id, "CORROBORATES", second.id, {}
    as_of_a, as_of_b = pa.get("as_of"), pb.get("as_of")
    one_voice = _one_voice(voice_a, voice_b) if voice_a and voice_b else None
    if one_voice is not None:
        if as_of_a and as_of_b and as_of_a != as_of_b:
            earlier, later = (a, b) if as_of_a < as_of_b else (b, a)
            if int(later.properties["value"]) >= int(earlier.properties["value"]):
                return earlier.id, "UPDATES", later.id, {"reason": f"a later, higher figure ({one_voice})"}
        return None  # one source's figures for different parts, places or days: not rivals
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


def _unplaced_across_articles(group: NodeRecord, a: Voices | None, b: Voices | None) -> bool:
    """Figures from different articles whose country is unknown may be about any war: not compared."""
    if a is None or b is None or a.articles & b.articles:
        return False
    return str(group.properties.get("topic", "")).split("|")[2:3] == ["unknown"]


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


def desired_relations(
    groups: list[NodeRecord], voices: dict[str, Voices] | None = None
) -> dict[tuple[str, str, str], dict[str, str]]:
    """The agreement relations among the groups of one topic (``voices``: who says each group's figure)."""
    tolls = [g for g in groups if g.properties["kind"] == "casualty"]
    events = sorted((g for g in groups if g.properties["kind"] != "casualty" and _known_sides(g)), key=lambda g: g.id)
    # Blame and denial groups are one per known side, a handful per topic: every pair is compared.
    pairs: list[tuple[NodeRecord, NodeRecord]] = [(a, b) for i, a in enumerate(events) for b in events[i + 1 :]]
    relations: dict[tuple[str, str, str], dict[str, str]] = {}
    for a, b in [*_toll_chain(tolls), *pairs]:
        if a.properties["kind"] == "casualty":
            if voices and _unplaced_across_articles(a, voices.get(a.id), voices.get(b.id)):
                continue
            found = _toll_relation(a, b, voices)
        else:
            found = _event_relation(a, b)
        if found is not None:
            source, rel_type, target, properties = found
            relations[(source, rel_type, target)] = properties
    if voices:
        for part, total in _parts_of_totals(tolls, voices):
            relations = {key: props for key, props in relations.items() if {key[0], key[2]} != {part.id, total.id}}
            relations[(part.id, "CORROBORATES", total.id)] = {"reason": "a part of this total (the parts add up)"}
    return relations


def _parts_of_totals(tolls: list[NodeRecord], voices: dict[str, Voices]) -> list[tuple[NodeRecord, NodeRecord]]:
    """One article's figures that add up to another of its figures ("52 deaths at El No and two at Sawaeed" and
    "at least 54 killed"): each part with its total. Pairs of parts only, within one article, so a handful of
    groups: the pairs are all tried."""
    by_article: dict[str, list[NodeRecord]] = {}
    for group in tolls:
        voice = voices.get(group.id)
        if voice is not None and len(voice.articles) == 1 and group.properties.get("qualifier") != "vague":
            by_article.setdefault(next(iter(voice.articles)), []).append(group)
    found: list[tuple[NodeRecord, NodeRecord]] = []
    for groups in by_article.values():
        totals = {
            int(g.properties["value"]): g for g in groups if g.properties.get("value") == g.properties.get("value_max")
        }
        for i, a in enumerate(groups):
            for b in groups[i + 1 :]:
                total = totals.get(int(a.properties["value"]) + int(b.properties["value"]))
                if total is not None and total.id not in (a.id, b.id):
                    found.extend([(a, total), (b, total)])
    return found


def _voices(store: GraphStore, topics: Collection[str], group_of: dict[str, str]) -> dict[str, Voices]:
    """Who says each group's figure, from the claims of these topics, their claimants and places (two queries
    for all of them)."""
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
