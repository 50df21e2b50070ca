"""Typed parameters of the named queries.

Enums of labels and relationship types are derived from the schema, so the API and the CLI refuse anything the
schema does not declare. Values arrive as strings from the CLI and the query string; pydantic converts them.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.schema import SCHEMA

ENTITY_LABELS: tuple[str, ...] = tuple(label for label, spec in SCHEMA.nodes.items() if "aliases" in spec.properties)
ACTOR_LABELS: tuple[str, ...] = tuple(SCHEMA.labels_in_group("actor"))

NodeLabel = StrEnum("NodeLabel", {label: label for label in SCHEMA.nodes})  # type: ignore[misc]
EntityLabel = StrEnum("EntityLabel", {label: label for label in ENTITY_LABELS})  # type: ignore[misc]
ActorLabel = StrEnum("ActorLabel", {label: label for label in ACTOR_LABELS})  # type: ignore[misc]
RelType = StrEnum("RelType", {rel_type: rel_type for rel_type in SCHEMA.relationships})  # type: ignore[misc]

ClaimKind = Literal["casualty", "blame", "denial"]

MAX_DEPTH = 3
DEFAULT_CAP = 300
MAX_CAP = 5000

Id = Field(min_length=1, max_length=500, description="A node id, e.g. person/ahmed-al-sharaa.")


class QueryParams(BaseModel):
    """Base of every parameter model: unknown parameters are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _split_lists(cls, value: Any, info: Any) -> Any:
        # The CLI and the query string give "Person,Faction" or repeated keys; lists accept both.
        field = cls.model_fields.get(info.field_name)
        if field is not None and getattr(field.annotation, "__origin__", None) is list:
            items = value if isinstance(value, list | tuple) else [value]
            return [part.strip() for item in items for part in str(item).split(",") if part.strip()]
        return value

    def cypher_parameters(self) -> dict[str, Any]:
        """The values as Cypher parameters: enums as their names, dates as ISO strings."""
        return self.model_dump(mode="json")


class Paged(QueryParams):
    limit: int = Field(50, ge=1, le=500, description="Items per page.")
    offset: int = Field(0, ge=0, le=1_000_000, description="Items to skip.")


class DateRange(QueryParams):
    date_from: date | None = Field(None, description="Earliest date (YYYY-MM-DD), inclusive.")
    date_to: date | None = Field(None, description="Latest date (YYYY-MM-DD), inclusive.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")
        return self


class SearchParams(QueryParams):
    q: str = Field(min_length=1, max_length=200, description="A name or alias; typos are tolerated.")
    label: EntityLabel | None = Field(None, description="Only entities with this label.")
    min_score: float = Field(75.0, ge=0, le=100, description="Weakest match to keep (0-100).")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)

    @field_validator("q")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("q is blank")
        return value


class EntityParams(QueryParams):
    id: str = Id


class NeighborOptions(QueryParams):
    depth: int = Field(1, ge=1, le=MAX_DEPTH, description=f"Hops from the entity (1-{MAX_DEPTH}).")
    labels: list[NodeLabel] = Field(default_factory=list, description="Only reach nodes with these labels.")
    types: list[RelType] = Field(default_factory=list, description="Only follow these relationship types.")
    cap: int = Field(DEFAULT_CAP, ge=1, le=MAX_CAP, description="Most nodes returned; `capped` says if hit.")


class NeighborParams(NeighborOptions):
    id: str = Id


class PathParams(QueryParams):
    source: str = Id
    target: str = Id
    k: int = Field(3, ge=1, le=10, description="Most paths returned.")
    max_length: int = Field(4, ge=1, le=6, description="Longest path, in relationships.")
    types: list[RelType] = Field(default_factory=list, description="Only follow these relationship types.")

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if self.source == self.target:
            raise ValueError("source and target are the same node")
        return self


class ClaimParams(Paged, DateRange):
    kind: ClaimKind | None = Field(None, description="casualty, blame or denial.")
    claimant: str | None = Field(None, max_length=500, description="Entity id of who makes the claim.")
    outlet: str | None = Field(None, max_length=500, description="Outlet id that reported it.")
    place: str | None = Field(None, max_length=500, description="Location id; places inside it count too.")
    actor: str | None = Field(None, max_length=500, description="Entity id blamed by the claim or that it is about.")


class TollParams(DateRange):
    victims: str | None = Field(None, max_length=100, description="Victim category, e.g. civilians.")
    claimant: str | None = Field(None, max_length=500, description="Entity id of who makes the claim.")
    place: str | None = Field(None, max_length=500, description="Location id; places inside it count too.")
    limit: int = Field(200, ge=1, le=5000, description="Most claims shown (the earliest first).")


class ContradictionParams(Paged):
    topic: str | None = Field(None, max_length=500)
    kind: ClaimKind | None = None


GroupRelation = Literal["CONTRADICTS", "CORROBORATES", "UPDATES"]
GROUP_RELATIONS: tuple[GroupRelation, ...] = ("CONTRADICTS", "CORROBORATES", "UPDATES")


class ClaimLinkParams(ContradictionParams):
    relations: list[GroupRelation] = Field(
        default_factory=lambda: list(GROUP_RELATIONS),
        description="Which links between claim groups: CONTRADICTS, CORROBORATES, UPDATES (default all).",
    )


class BlameParams(DateRange):
    via: Literal["claimant", "outlet", "both"] = Field(
        "both", description="Link blamed actors to the claimants, the outlets that reported the claims, or both."
    )
    actor: str | None = Field(None, max_length=500, description="Only blame of this actor.")
    blamer: str | None = Field(None, max_length=500, description="Only blame by this claimant or outlet.")
    denials: bool = Field(
        True, description="Also link deniers to what they deny (DENIES), unless via is outlet; the dates apply too."
    )
    cap: int = Field(DEFAULT_CAP, ge=1, le=MAX_CAP)


class OutletOptions(QueryParams):
    limit: int = Field(20, ge=1, le=200, description="Length of each top list.")


class OutletParams(OutletOptions):
    id: str = Id


class PlaceParams(Paged):
    id: str = Id


class NearParams(QueryParams):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(25.0, gt=0, le=2000)
    limit: int = Field(50, ge=1, le=500)


class TimelineParams(Paged, DateRange):
    label: Literal["Claim", "Statement"] | None = Field(None, description="Only claims or only statements.")
    entity: str | None = Field(
        None, max_length=500, description="Only items this entity said or claimed, or that blame or are about it."
    )
    limit: int = Field(100, ge=1, le=1000)


class KeyActorParams(QueryParams):
    metric: Literal["evidence", "pagerank", "degree", "betweenness"] = Field(
        "evidence",
        description="evidence: what the articles say about each actor (claims made, blame, claims about, statements, "
        "articles naming it); pagerank, degree, betweenness: centrality over the actor graph.",
    )
    label: ActorLabel | None = None
    limit: int = Field(20, ge=1, le=500)


class ArticlesParams(Paged, DateRange):
    outlet: str | None = Field(None, max_length=500, description="Outlet id that published it.")
    q: str | None = Field(None, max_length=200, description="Words in the title (case-insensitive).")


class ArticleParams(QueryParams):
    id: str = Id
