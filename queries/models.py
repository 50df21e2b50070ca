"""Typed results of the named queries.

Both stores answer with these models, so a query's JSON is the same whichever store ran it. Traversals return a
``GraphPayload`` (``{"nodes", "links", "capped", …}``): the JSON endpoint serialises it and the network views draw
the very same object.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class EntityRef(BaseModel):
    """A pointer to a node: enough to name it and link to it."""

    id: str
    label: str
    name: str


class CountedRef(EntityRef):
    """A node with how often it occurs in the answer."""

    count: int


class GraphNode(BaseModel):
    """A node in node-link form: ``id``, ``label``, ``name`` and its other properties, flat."""

    model_config = ConfigDict(extra="allow")

    id: str
    label: str
    name: str


class GraphLink(BaseModel):
    """A relationship in node-link form: ``source``, ``target``, ``type`` and its properties, flat."""

    model_config = ConfigDict(extra="allow")

    source: str
    target: str
    type: str


class GraphPayload(BaseModel):
    """A subgraph: what the traversal queries return and what the network views draw."""

    query: str = Field(description="The named query that produced it.")
    params: dict[str, Any] = Field(description="The parameters it ran with.")
    nodes: list[GraphNode]
    links: list[GraphLink]
    focus: list[str] = Field(default_factory=list, description="Ids the view highlights (center, path ends).")
    capped: bool = Field(False, description="True when nodes were left out to stay under the cap.")
    cap: int | None = Field(None, description="The node cap in force.")
    paths: list[list[str]] = Field(default_factory=list, description="For path queries: node ids along each path.")


class Page(BaseModel, Generic[T]):
    """One page of a longer answer."""

    total: int = Field(description="Items matching, across every page.")
    limit: int
    offset: int
    items: list[T]


# -- entities -------------------------------------------------------------------------------------------------


class EntityHit(EntityRef):
    """A search result: the entity, the spelling that matched and how well (0-100)."""

    score: float
    matched: str
    aliases: list[str] = Field(default_factory=list)
    provisional: bool = False


class EntityCounts(BaseModel):
    articles: int = Field(description="Articles that mention it.")
    mentions: int = Field(description="Times it is named, over all articles.")
    claims_made: int = Field(description="Claims it makes (CLAIMS).")
    claims_about: int = Field(description="Claims about it: it is blamed, the subject or the victims, or the place.")
    statements: int = Field(description="Statements it made (SAID).")


class Relation(BaseModel):
    """A relationship between the entity and another actor or place (roles, place hierarchy)."""

    type: str
    direction: Literal["out", "in"]
    other: EntityRef


class EntityDetail(BaseModel):
    entity: GraphNode
    counts: EntityCounts
    relations: list[Relation]
    relations_total: int
    judgements: list[dict[str, Any]] = Field(
        default_factory=list, description="Analysts' judgements that changed this entity: who, when, why, what."
    )


# -- claims ---------------------------------------------------------------------------------------------------


class AboutRef(EntityRef):
    role: str | None = None


class Provenance(BaseModel):
    """Where a claim or statement comes from: the article, the outlets, the sentence and the exact span."""

    article_id: str
    article_title: str | None = None
    published: str | None = None
    url: str | None = None
    outlets: list[EntityRef] = Field(default_factory=list, description="Outlets that reported it (REPORTED).")
    sentence: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    start: int
    end: int


class ClaimRow(BaseModel):
    """One claim with everything it links to and its provenance."""

    id: str
    kind: str | None = None
    text: str
    topic: str | None = None
    date: str | None = Field(None, description="When the events happened, or when the claim was made.")
    as_of: str | None = None
    value: int | None = None
    value_max: int | None = None
    qualifier: str | None = None
    victims: str | None = None
    claimant: str | None = Field(None, description="Who makes the claim, as written.")
    claimants: list[EntityRef] = Field(default_factory=list)
    blamed: list[EntityRef] = Field(default_factory=list)
    about: list[AboutRef] = Field(default_factory=list)
    places: list[EntityRef] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list, description="ClaimGroup ids.")
    provenance: Provenance


class StatementRow(BaseModel):
    """One statement (quote or reported speech) with its speaker and provenance."""

    id: str
    kind: str | None = None
    text: str
    date: str | None = None
    speaker: str | None = Field(None, description="The speaker as written.")
    speakers: list[EntityRef] = Field(default_factory=list)
    via: str | None = None
    places: list[EntityRef] = Field(default_factory=list)
    provenance: Provenance


class TollRow(BaseModel):
    """One casualty claim in the toll table."""

    claim_id: str
    value: int | None
    value_max: int | None
    qualifier: str | None
    claimant: str | None
    claimants: list[EntityRef]
    outlets: list[EntityRef]
    as_of: str | None
    date: str | None
    topic: str | None
    places: list[EntityRef]
    article_id: str
    published: str | None
    sentence: str | None
    groups: list[str] = Field(default_factory=list, description="ClaimGroup ids.")
    disputed: bool = Field(False, description="Its claim group CONTRADICTS another (or is contradicted).")


class TollGroup(BaseModel):
    """Casualty claims on the same victims, side by side."""

    victims: str
    rows: list[TollRow]


class TollTable(BaseModel):
    total: int = Field(description="Casualty claims matching, shown or not.")
    capped: bool = Field(False, description="True when only the first `limit` claims (by date) are shown.")
    groups: list[TollGroup]


class GroupSide(BaseModel):
    group: GraphNode
    claims: list[ClaimRow]


class Contradiction(BaseModel):
    """Two groups of claims on one topic that disagree (or agree, or update), with the claims behind each side."""

    relation: str = Field("CONTRADICTS", description="CONTRADICTS, CORROBORATES or UPDATES (left → right).")
    topic: str | None
    kind: str | None
    reason: str | None
    left: GroupSide
    right: GroupSide


# -- outlets, places, time ------------------------------------------------------------------------------------


class ArticleRow(BaseModel):
    id: str
    name: str
    published: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    word_count: int | None = None
    outlets: list[EntityRef] = Field(default_factory=list, description="Who published it (PUBLISHED).")
    claims: int = 0
    statements: int = 0


class Span(BaseModel):
    """An extracted span of an article's text: an entity mention, a statement or a claim."""

    kind: Literal["mention", "statement", "claim"]
    id: str = Field(description="The entity, statement or claim id.")
    label: str
    name: str
    start: int
    end: int
    text: str


class ArticleDetail(BaseModel):
    article: ArticleRow
    text: str
    spans: list[Span] = Field(description="Extracted spans, by offset into `text` (end exclusive).")


class OutletProfile(BaseModel):
    outlet: GraphNode
    articles: int = Field(description="Articles it published.")
    recent_articles: list[ArticleRow]
    reported: dict[str, int] = Field(description="Claims and statements it reported, by kind.")
    quotes: list[CountedRef] = Field(description="Speakers of the statements it reported.")
    claimants: list[CountedRef] = Field(description="Who makes the claims it reported.")
    blames: list[CountedRef] = Field(description="Actors blamed in the claims it reported.")


class PlaceReport(BaseModel):
    place: GraphNode
    parents: list[EntityRef] = Field(description="The places it lies in, nearest first.")
    inside: int = Field(description="Places inside it (any depth).")
    claims: Page[ClaimRow] = Field(description="Claims at the place or inside it.")
    statements: list[StatementRow]
    statements_total: int


class NearPlace(EntityRef):
    kind: str | None = None
    lat: float
    lon: float
    distance_km: float
    claims: int
    statements: int


class PlacesNear(BaseModel):
    lat: float
    lon: float
    radius_km: float
    total: int
    places: list[NearPlace]


class TimelineItem(BaseModel):
    id: str
    label: Literal["Claim", "Statement"]
    kind: str | None
    date: str
    text: str
    by: str | None = Field(None, description="Claimant or speaker as written.")
    by_entities: list[EntityRef]
    article_id: str


class TimelineDay(BaseModel):
    date: str
    claims: int
    statements: int


class Timeline(BaseModel):
    total: int
    limit: int
    offset: int
    days: list[TimelineDay] = Field(description="Counts per day over every matching item.")
    items: list[TimelineItem]


class ActorEvidence(BaseModel):
    """What the articles say about one actor."""

    articles: int = Field(0, description="Articles that name it (MENTIONS).")
    mentions: int = Field(0, description="Times it is named, over all articles.")
    claims_made: int = Field(
        0, description="Claims it makes (CLAIMS) whose text names it; an outlet's unattributed figures are not counted."
    )
    blamed: int = Field(0, description="Claims that blame it (BLAMES).")
    claims_about: int = Field(0, description="Claims about it: it is the victims or the subject (ABOUT).")
    statements: int = Field(0, description="Statements it made (SAID).")
    published: int = Field(0, description="Articles it published (an outlet: PUBLISHED).")


class KeyActor(EntityRef):
    score: float
    degree: int = Field(description="Distinct actors it is connected to in the actor graph.")
    evidence: ActorEvidence


class KeyActors(BaseModel):
    metric: str
    ranked_by: str = Field(description="What the score is, in words.")
    nodes: int = Field(description="Actors in the actor graph.")
    edges: int = Field(description="Actor pairs connected.")
    actors: list[KeyActor]
