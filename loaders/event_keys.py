"""Event keys: what a claim is about (its *topic*) and the *group* of claims that say the same thing.

- casualty tolls: topic = victims (community and category, and the kind of harm), the country of the claim's
  places, the month; group = the figure (value, range, vague or not) and the day it counts to;
- blame and denial: topic = the events (victim community, country, month); group = the side blamed (through the
  gazetteer, "al-Shara’a forces", HTS and the transitional government are one side), or, for a denial, the side
  that rejects the blame.

The day a toll counts to is the as-of date its text gives ("as of Sunday", "the ministry said on Saturday"),
else the day it was reported (the article's date), never the day the events began: "more than 400 killed in the
attacks that began on Friday" is Monday's count. A figure the text says was replaced ("up from 150", "its
initial toll of 500") counts to before that day; one day's figure ("on Tuesday alone") has that day for its
period, so it is never compared with the whole event's toll. Only claims with one topic are ever compared.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from graph.records import GraphBatch, NodeRecord
from graph.store import GraphStore
from loaders.gazetteer import Gazetteer
from loaders.records import ClaimRecord, Extraction

# Victim words that name everyone killed, not a part of them: figures with these are compared with each other.
SAME_AS_PEOPLE = frozenset({"people", "civilians"})
# A toll dated this many days before its as-of date counts since then ("since the war began in 2011").
RUNNING_COUNT_DAYS = 62
UNKNOWN = "unknown"
# Scopes a toll's group keeps (the others are in its topic): a replaced figure and a part of a breakdown.
GROUPED_SCOPES = frozenset({"earlier", "part"})
UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class EventContext:
    """What the article's claims are about when a sentence does not say: the victims, country and month."""

    community: str | None
    country: str | None
    published: date | None


def slug(entity_id: str | None) -> str:
    """The last part of an entity id ("location/country/SY" → "SY"), "unknown" for none."""
    return entity_id.rsplit("/", 1)[-1] if entity_id else UNKNOWN


def _country_of(place_id: str, gazetteer: Gazetteer) -> str | None:
    chain = [place_id, *gazetteer.ancestors(place_id)]
    return next((p for p in reversed(chain) if p.startswith("location/country/")), None)


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
            country = _country_of(mention.entity_id, gazetteer)
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
    if claim.scope == "one_day" and claim.date is not None:
        return claim.date.isoformat()  # "on Tuesday alone": a part of the event's toll, compared only with its like
    if claim.as_of is not None and claim.date is not None and (claim.as_of - claim.date).days > RUNNING_COUNT_DAYS:
        when = claim.as_of
    return when.strftime("%Y-%m") if when else UNDATED


def claim_country(claim: ClaimRecord, context: EventContext, gazetteer: Gazetteer) -> str | None:
    """The country most of a claim's places lie in (not the dateline: "AMMAN — … in Houla, Syria" is Syria's);
    on a tie the article's country if it is one of them, else the first named; with no placed place, the
    article's."""
    votes: Counter[str] = Counter()
    for place_id in claim.place_ids:
        country = _country_of(place_id, gazetteer)
        if country:
            votes[country] += 1
    if not votes:
        return context.country
    best = max(votes.values())
    tied = [country for country, count in votes.items() if count == best]
    return context.country if context.country in tied else tied[0]


def _community(claim: ClaimRecord, context: EventContext, gazetteer: Gazetteer) -> str | None:
    for victim in claim.victim_ids:
        entity = gazetteer.get(victim)
        if victim.startswith("community/") or (entity is not None and entity.label == "Community"):
            return victim
    return context.community


def claim_topic(claim: ClaimRecord, context: EventContext, gazetteer: Gazetteer) -> str:
    """What a claim is about; only claims with the same topic are compared."""
    community = _community(claim, context, gazetteer)
    where = slug(claim_country(claim, context, gazetteer))
    if claim.kind == "casualty":
        category = claim.victims or "people"
        if category in SAME_AS_PEOPLE:
            category = "people"  # "400 civilians" and "400 people" are one count of one attack's dead
        if community and slug(community).rstrip("s") == category.rstrip("s"):
            category = "people"  # "250 Alawites": the community is the victim, the category adds nothing
        if claim.harm not in (None, "killed"):
            category = f"{claim.harm}-{category}"  # the injured are never compared with the dead
        if claim.scope == "other_incident":
            category = f"{category}, another incident"  # "a second attack … at least 18 killed": not the main one
        return f"casualty|{slug(community)}:{category}|{where}|{_period(claim, context)}"
    return f"event|{slug(community)}|{where}|{_period(claim, context)}"


def topic_is_placed(topic: str) -> bool:
    """Whether a topic names a country and a month: figures from different articles are compared only then
    (two undated or unplaced figures may be about any war, or any year of one)."""
    parts = topic.split("|")
    return len(parts) >= 4 and parts[2] != UNKNOWN and parts[3] != UNDATED


def count_day(claim: ClaimRecord, context: EventContext) -> date | None:
    """The day a toll counts to: its as-of date, else the day it was reported, else the day of its events."""
    return claim.as_of or context.published or claim.date


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
        as_of = count_day(claim, context)
        day = as_of.isoformat() if as_of else None
        scope = claim.scope if claim.scope in GROUPED_SCOPES else None
        return toll_group(topic, claim.value, value_max, day, claim.qualifier == "vague", scope)
    if claim.kind == "blame":
        sides = sorted({s for s in (_side(b, gazetteer, when) for b in claim.blamed_ids) if s})
        if not sides:
            return None
        key = "blame|" + "+".join(sides)
        properties = {"name": "blame: " + " + ".join(slug(s) for s in sides), "blamed": "+".join(sides)}
    else:
        side = _side(claim.claimant_id, gazetteer, when)
        key = f"denial|{side}"
        properties = {"name": f"denial by {slug(side)}", "blamed": side}
    return _group_node(topic, key, claim.kind, properties)


def toll_group(
    topic: str, value: int, value_max: int, as_of: str | None, vague: bool, scope: str | None = None
) -> NodeRecord:
    """The group of the tolls of one topic that give this figure for this date (ISO ``as_of``); ``scope`` keeps
    apart a figure replaced by a later one ("earlier": counted before ``as_of``) and a part of a breakdown."""
    shown = f"{value:,}" if value_max == value else f"{value:,}–{value_max:,}"
    shown = f"{shown}+ (vague)" if vague else shown
    shown = f"{shown} (a part)" if scope == "part" else shown
    key = f"{value}|{value_max}|{as_of}" + ("|vague" if vague else "") + (f"|{scope}" if scope else "")
    when = f" (before {as_of})" if scope == "earlier" and as_of else f" (as of {as_of})" if as_of else ""
    properties: dict[str, object] = {
        "qualifier": "vague" if vague else None,
        "scope": scope,
        "name": f"{shown} {topic.split('|')[1].replace(':', ' ')}{when}",
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
