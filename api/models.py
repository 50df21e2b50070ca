"""Request and response models of the API's own endpoints (the query results live in ``queries.models``)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from queries.params import ClaimParams, TollParams

TableFormat = Literal["json", "csv"]


class ClaimQuery(ClaimParams):
    """The claims query's parameters, and the answer's format."""

    format: TableFormat = Field("json", description="json, or csv: one row per claim, by as-of date.")


class TollQuery(TollParams):
    """The toll query's parameters, and the answer's format."""

    format: TableFormat = Field("json", description="json, or csv: one row per toll, by as-of date.")


class ErrorDetail(BaseModel):
    type: str = Field(description="not_found, invalid_parameters, forbidden, unsupported, too_large …")
    message: str = Field(description="One line saying what went wrong.")
    details: list[dict[str, Any]] | None = Field(None, description="Per-parameter problems, for a 422.")


class ErrorBody(BaseModel):
    """Every error the API returns has this shape."""

    error: ErrorDetail


class Health(BaseModel):
    status: Literal["ok"]
    store: str = Field(description="embedded or neo4j")


class StatsOut(BaseModel):
    nodes: int
    relationships: int
    labels: dict[str, int]
    relationship_types: dict[str, int]


class QueryParamInfo(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    description: str


class QueryInfo(BaseModel):
    name: str
    summary: str
    params: list[QueryParamInfo]
    cypher_files: list[str] = Field(description="The Cypher it runs on Neo4j: queries/cypher/<name>.cypher.")


class ArticleIn(BaseModel):
    """One article to ingest; the same fields the JSON reader takes."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(
        None,
        max_length=200,
        pattern=r"^[A-Za-z0-9._~-]+$",
        description="A stable key (letters, digits, . _ ~ -); by default one derived from the text.",
    )
    title: str | None = Field(None, max_length=1000)
    text: str = Field(min_length=1, description="The full text; offsets in the graph point into it.")
    outlet: str | None = Field(None, max_length=300)
    author: str | None = Field(None, max_length=300)
    published: date | None = None
    url: str | None = Field(None, max_length=2000)
    language: str | None = Field(None, max_length=20)


class IngestOut(BaseModel):
    article_id: str
    status: Literal["loaded", "replaced", "unchanged"]
    entities: int
    statements: int
    claims: int
    warnings: list[str] = Field(default_factory=list, description="What was left out, e.g. facts past the caps.")


class CypherIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=20_000, description="One read-only Cypher statement.")
    parameters: dict[str, Any] = Field(default_factory=dict, description="Values for its $parameters.")


class CypherOut(BaseModel):
    rows: list[dict[str, Any]]
    row_count: int
    truncated: bool = Field(description="True when more rows existed than the row cap.")
    row_cap: int
