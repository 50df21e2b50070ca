"""Map one article's extraction to graph records (the shape documented in the README's data model).

Entities become nodes under their gazetteer (or provisional) ids, so every article that names al-Sharaa, in
any spelling, links to the same node. Statements and claims are owned by their article (``article_id``): a
changed article replaces them in the same transaction (``GraphBatch.replaces``).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from datetime import date
from typing import Any

from graph.records import GraphBatch, NodeRecord, RelRecord
from graph.schema import SCHEMA
from loaders.event_keys import claim_group, claim_topic, event_context
from loaders.gazetteer import Gazetteer, slugify
from loaders.records import Article, ClaimRecord, Entity, Extraction, StatementRecord

ACTOR_LABELS = frozenset(SCHEMA.labels_in_group("actor"))
# (source label, type, target label) triples the schema allows: one set lookup per relationship.
_ALLOWED = frozenset(
    (source, rel_type, target)
    for rel_type, spec in SCHEMA.relationships.items()
    for source in spec.sources
    for target in spec.targets
)
# Gazetteer entities are immutable and shared: their nodes are built once per gazetteer, not once per article.
_GAZETTEER_NODES: weakref.WeakKeyDictionary[Gazetteer, dict[str, NodeRecord]] = weakref.WeakKeyDictionary()
_NAME_CHARS = 90
_PARENTHETICAL = re.compile(r"\s*\(([^)]*)\)\s*")


def article_key(article_id: str) -> str:
    """The part of an article id after ``article/``, used in the ids of what the article owns."""
    return article_id.split("/", 1)[1] if article_id.startswith("article/") else article_id


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _short(text: str, limit: int = _NAME_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _schema_properties(label: str, properties: dict[str, Any]) -> dict[str, Any]:
    """Only properties the schema declares for ``label``, without empty values."""
    declared = SCHEMA.nodes[label].properties
    return {key: value for key, value in properties.items() if key in declared and value not in (None, [], "")}


def entity_node(entity: Entity) -> NodeRecord:
    """The node of a gazetteer or provisional entity."""
    properties = {
        **entity.properties,
        "name": entity.name,
        "aliases": sorted(set(entity.aliases)) or None,
        "provisional": True if entity.provisional else None,
    }
    if entity.provisional and entity.label == "Location":
        properties["resolved_by"] = "provisional"  # a name the text marks as a place, outside the gazetteer
    return NodeRecord(entity.id, entity.label, _schema_properties(entity.label, properties))


def _named_entity(name: str, label: str, gazetteer: Gazetteer) -> Entity:
    """An outlet or author from metadata: the gazetteer's entity if the name resolves, else a provisional one.

    Manifests write "TPS-IL (The Press Service of Israel)": both the name and the parenthesis are tried.
    """
    attempts = [name, _PARENTHETICAL.sub(" ", name).strip(), *_PARENTHETICAL.findall(name)]
    for attempt in attempts:
        found = gazetteer.resolve(attempt, labels=[label]) if attempt else None
        if found is not None:
            return found
    clean = _PARENTHETICAL.sub(" ", name).strip() or name
    return Entity(f"{label.lower()}/~{slugify(clean)}", label, clean, aliases=[name], provisional=True)


class _Builder:
    """Collects one article's nodes and relationships, each once."""

    def __init__(self, gazetteer: Gazetteer, entities: dict[str, Entity]) -> None:
        self.gazetteer = gazetteer
        self.entities = dict(entities)
        self.nodes: dict[str, NodeRecord] = {}
        self.rels: dict[tuple[str, str, str], dict[str, Any]] = {}

    def node(self, record: NodeRecord) -> None:
        self.nodes[record.id] = record

    def entity(self, entity_id: str) -> bool:
        """Add an entity's node (and a place's chain up to its country); False if the id is unknown."""
        if entity_id in self.nodes:
            return True
        entity = self.entities.get(entity_id) or self.gazetteer.get(entity_id)
        if entity is None:
            return False
        self.entities[entity_id] = entity
        self.node(self._node_of(entity))
        if entity.label == "Location":
            child = entity_id
            for parent_id in self.gazetteer.ancestors(entity_id):
                # A place already in the records brought its own chain up to its country: stop there.
                known = parent_id in self.nodes
                if not known:
                    parent = self.gazetteer.get(parent_id)
                    if parent is None:
                        break
                    self.node(self._node_of(parent))
                self.rel(child, "LOCATED_IN", parent_id)
                if known:
                    break
                child = parent_id
        return True

    def _node_of(self, entity: Entity) -> NodeRecord:
        if self.gazetteer.get(entity.id) is not entity:
            return entity_node(entity)
        cache = _GAZETTEER_NODES.setdefault(self.gazetteer, {})
        node = cache.get(entity.id)
        if node is None:
            node = cache[entity.id] = entity_node(entity)
        return node

    def rel(self, source: str, rel_type: str, target: str, **properties: Any) -> None:
        """Add a relationship if the schema allows it between the two labels (others are left out)."""
        source_node, target_node = self.nodes.get(source), self.nodes.get(target)
        if (
            source_node is None
            or target_node is None
            or (source_node.label, rel_type, target_node.label) not in _ALLOWED
        ):
            return
        key = (source, rel_type, target)
        clean = {k: v for k, v in properties.items() if v is not None} if properties else properties
        earlier = self.rels.get(key)
        self.rels[key] = {**earlier, **clean} if earlier else clean

    def linked(self, source: str, rel_type: str, targets: Iterable[str | None], **properties: Any) -> None:
        for target in targets:
            if target and self.entity(target):
                self.rel(source, rel_type, target, **properties)

    def roles(self) -> None:
        """The gazetteer's relations between actors this article brings in (who leads, backs, opposes whom).

        Both ends must already be in the article's records: a role never adds an actor that no article names
        (the gazetteer knows hundreds; following its links would rank the UN's agencies as key actors).
        """
        actors = [node_id for node_id, node in self.nodes.items() if node.label in ACTOR_LABELS]
        for actor_id in actors:
            for source, rel_type, target in self.gazetteer.relations_of(actor_id):
                if rel_type == "LOCATED_IN" or not SCHEMA.relationships.get(rel_type):
                    continue
                if source in self.nodes and target in self.nodes:
                    self.rel(source, rel_type, target)

    def batch(self, article_id: str) -> GraphBatch:
        return GraphBatch(
            nodes=list(self.nodes.values()),
            rels=[RelRecord(s, t, d, props) for (s, t, d), props in self.rels.items()],
            replaces=[article_id],
        )


def _evidence_properties(article: Article, record: StatementRecord | ClaimRecord) -> dict[str, Any]:
    sentence = record.sentence
    return {
        "name": _short(record.text),
        "article_id": article.id,
        "text": record.text,
        "start": record.start,
        "end": record.end,
        "sentence_start": sentence.start,  # the sentence itself is the article's text there: stored once
        "sentence_end": sentence.end,
        "via": record.via,
        "kind": record.kind,
        "date": _iso(record.date),
    }


def _article_node(article: Article) -> NodeRecord:
    first_line = next((line for line in article.text.splitlines() if line.strip()), article.id)
    properties = {
        "name": _short(article.title or first_line),
        "url": article.url,
        "published": _iso(article.published),
        "author": article.author,
        "language": article.language,
        "source": article.source,
        "word_count": len(article.text.split()),
        "text": article.text,
    }
    return NodeRecord(article.id, "Article", _schema_properties("Article", properties))


def to_batch(extraction: Extraction, gazetteer: Gazetteer) -> GraphBatch:
    """The graph records of one article: the article, its outlet and author, what it mentions, its statements
    and claims with their provenance, and the claim groups they fall in. Replaces the article's earlier facts."""
    article = extraction.article
    key = article_key(article.id)
    build = _Builder(gazetteer, extraction.entities)
    build.node(_article_node(article))

    outlet_id: str | None = None
    if article.outlet:
        outlet = _named_entity(article.outlet, "Outlet", gazetteer)
        build.entities[outlet.id] = outlet
        build.entity(outlet.id)
        build.rel(outlet.id, "PUBLISHED", article.id)
        outlet_id = outlet.id
    if article.author:
        author = _named_entity(article.author, "Person", gazetteer)
        build.entities[author.id] = author
        build.entity(author.id)
        build.rel(author.id, "AUTHORED", article.id)

    mentions: dict[str, dict[str, Any]] = {}
    for mention in extraction.mentions:
        seen = mentions.get(mention.entity_id)
        if seen is None:
            mentions[mention.entity_id] = {
                "alias": mention.alias,
                "count": 1,
                "start": mention.start,
                "end": mention.end,
            }
        else:
            seen["count"] += 1
    for entity_id, properties in mentions.items():
        if build.entity(entity_id):
            build.rel(article.id, "MENTIONS", entity_id, **properties)
    for cited in extraction.cited_outlet_ids:
        build.linked(article.id, "CITES", [cited])

    for statement in extraction.statements:
        node_id = f"statement/{key}/{statement.start}-{statement.end}"
        properties = {**_evidence_properties(article, statement), "speaker": statement.speaker}
        build.node(NodeRecord(node_id, "Statement", _schema_properties("Statement", properties)))
        build.rel(article.id, "CONTAINS", node_id)
        if statement.speaker_id and build.entity(statement.speaker_id):
            build.rel(statement.speaker_id, "SAID", node_id)
        for reporter in dict.fromkeys([outlet_id, statement.outlet_id]):
            if reporter and build.entity(reporter):
                build.rel(reporter, "REPORTED", node_id)
        build.linked(node_id, "CITES", [statement.via_id])
        build.linked(node_id, "ABOUT", statement.about_ids, role="subject")
        build.linked(node_id, "AT", statement.place_ids)

    context = event_context(extraction, gazetteer)
    for claim in extraction.claims:
        node_id = f"claim/{key}/{claim.kind}/{claim.start}-{claim.end}"
        topic = claim_topic(claim, context, gazetteer)
        properties = {
            **_evidence_properties(article, claim),
            "claimant": claim.claimant,
            "as_of": _iso(claim.as_of),
            "value": claim.value,
            "value_max": claim.value_max,
            "qualifier": claim.qualifier,
            "victims": claim.victims,
            "harm": claim.harm,
            "topic": topic,
        }
        build.node(NodeRecord(node_id, "Claim", _schema_properties("Claim", properties)))
        build.rel(article.id, "CONTAINS", node_id)
        claimant_id = claim.claimant_id or (outlet_id if claim.claimant is None else None)
        if claimant_id and build.entity(claimant_id):
            build.rel(claimant_id, "CLAIMS", node_id)
        for reporter in dict.fromkeys([outlet_id, claim.outlet_id]):
            if reporter and build.entity(reporter):
                build.rel(reporter, "REPORTED", node_id)
        build.linked(node_id, "CITES", [claim.via_id])
        build.linked(node_id, "BLAMES", claim.blamed_ids)
        build.linked(node_id, "ABOUT", claim.victim_ids, role="victims")
        build.linked(node_id, "ABOUT", claim.about_ids, role="subject")
        build.linked(node_id, "AT", claim.place_ids)
        group = claim_group(claim, topic, context, gazetteer)
        if group is not None:
            build.node(group)
            build.rel(node_id, "IN_GROUP", group.id)

    build.roles()
    return build.batch(article.id)
