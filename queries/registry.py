"""Every named query: its name, a one-line summary, typed parameters, the Cypher it runs and both implementations.

``run_query(store, name, params)`` validates the parameters and dispatches on ``store.kind``, so the CLI, the API
and notebooks run the same query the same way on either store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.errors import NotFoundError, QueryError, UnsupportedQueryError
from queries import embedded, neo4j
from queries import params as P
from queries.models import (
    ArticleDetail,
    ArticleRow,
    ClaimRow,
    Contradiction,
    EntityDetail,
    EntityHit,
    GraphPayload,
    KeyActors,
    OutletProfile,
    Page,
    PlaceReport,
    PlacesNear,
    Timeline,
    TollTable,
)


@dataclass(frozen=True)
class NamedQuery:
    """A named, parameterised query with one implementation per store."""

    name: str
    summary: str
    params: type[P.QueryParams]
    result: type[BaseModel]
    embedded: Callable[[Any, Any], BaseModel]
    neo4j: Callable[[Any, Any], BaseModel]
    cypher: tuple[str, ...]  # the .cypher files it runs on Neo4j, the main one first
    browser: str | None = None  # a .cypher file returning the result's rows in one statement, for Neo4j Browser

    def cypher_text(self) -> str:
        """What to paste into Neo4j Browser: the one-statement form (``browser``) with ``:param`` lines holding the
        CLI's defaults, when the query has one; else every file it runs, in order."""
        if self.browser is None:
            return "\n\n".join(neo4j.cypher_text(name) for name in self.cypher)
        return browser_statement(self.browser, self.params)

    def describe_params(self) -> list[dict[str, Any]]:
        """Each parameter's name, type, default, whether it is required and its description."""
        described = []
        fields = sorted(self.params.model_fields.items(), key=lambda item: not item[1].is_required())
        for name, field in fields:
            annotation = field.annotation
            type_name = getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")
            described.append(
                {
                    "name": name,
                    "type": type_name,
                    "required": field.is_required(),
                    "default": None if field.is_required() else field.get_default(call_default_factory=True),
                    "description": field.description or "",
                }
            )
        return described

    def parse(self, values: Mapping[str, Any] | P.QueryParams | None) -> P.QueryParams:
        """Validated parameters; a QueryError says which are wrong and why."""
        if isinstance(values, self.params):
            return values
        try:
            return self.params.model_validate(dict(values or {}))
        except ValidationError as exc:
            raise QueryError(f"bad parameters for {self.name}: {describe_errors(exc)}") from None


def cypher_literal(value: Any) -> str:
    """A parameter value as a Cypher literal for a ``:param`` line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def browser_statement(name: str, params: type[P.QueryParams]) -> str:
    """``queries/cypher/<name>.cypher`` with its ``:param`` lines set to the defaults of ``params``, as the CLI
    uses them (a required parameter keeps the file's example), ready to paste into Neo4j Browser."""
    values = {
        key: field.get_default(call_default_factory=True)
        for key, field in params.model_fields.items()
        if not field.is_required()
    }
    lines = []
    for line in neo4j.cypher_text(name).splitlines():
        declared = PARAM_HEADER.match(line)
        if declared and declared.group(1) in values:
            line = f":param {declared.group(1)} => {cypher_literal(values[declared.group(1)])};"
        elif declared:
            line = line.lstrip("/ ")
        lines.append(line)
    return "\n".join(lines) + "\n"


PARAM_HEADER = re.compile(r"^//\s*:param\s+(\w+)\s*=>")


def describe_errors(exc: ValidationError) -> str:
    """A validation error as one line: ``depth: Input should be less than or equal to 3; q: Field required``."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "parameters"
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)


QUERIES: dict[str, NamedQuery] = {
    query.name: query
    for query in (
        NamedQuery(
            "search_entities",
            "Find actors, outlets and places by name or alias, tolerating typos.",
            P.SearchParams,
            Page[EntityHit],
            embedded.search_entities,
            neo4j.search_entities,
            ("search_entities",),
        ),
        NamedQuery(
            "entity_detail",
            "One actor, outlet or place with its counts and relations.",
            P.EntityParams,
            EntityDetail,
            embedded.entity_detail,
            neo4j.entity_detail,
            ("entity_detail",),
        ),
        NamedQuery(
            "neighbors",
            "The neighbourhood of a node to depth 1-3, filtered by label and relationship type, capped.",
            P.NeighborParams,
            GraphPayload,
            embedded.neighbors,
            neo4j.neighbors,
            ("expand", "subgraph"),
        ),
        NamedQuery(
            "paths",
            "Up to k shortest paths between two nodes, of bounded length.",
            P.PathParams,
            GraphPayload,
            embedded.paths,
            neo4j.paths,
            ("expand", "subgraph"),
        ),
        NamedQuery(
            "claims",
            "Claims by kind, claimant, outlet, place (and inside it), actor and date, with provenance.",
            P.ClaimParams,
            Page[ClaimRow],
            embedded.claims,
            neo4j.claims,
            ("claims", "evidence_rows"),
        ),
        NamedQuery(
            "tolls",
            "Casualty claims on the same victims side by side: value, qualifier, claimant, outlet, as-of date.",
            P.TollParams,
            TollTable,
            embedded.tolls,
            neo4j.tolls,
            ("tolls", "evidence_rows", "disputed_groups"),
            browser="toll_table",
        ),
        NamedQuery(
            "contradictions",
            "Groups of claims that disagree, with the claims and provenance on both sides.",
            P.ContradictionParams,
            Page[Contradiction],
            embedded.contradictions,
            neo4j.contradictions,
            ("contradictions", "evidence_rows"),
        ),
        NamedQuery(
            "claim_links",
            "Links between claim groups (contradicts, corroborates, updates), with the claims on both sides.",
            P.ClaimLinkParams,
            Page[Contradiction],
            embedded.claim_links,
            neo4j.claim_links,
            ("claim_links", "evidence_rows"),
        ),
        NamedQuery(
            "blame",
            "Who blames whom: claimants and outlets against the actors their claims blame.",
            P.BlameParams,
            GraphPayload,
            embedded.blame,
            neo4j.blame,
            ("blame", "denials"),
        ),
        NamedQuery(
            "outlet_profile",
            "What an outlet published and reported, whom it quotes and whom the claims it carries blame.",
            P.OutletParams,
            OutletProfile,
            embedded.outlet_profile,
            neo4j.outlet_profile,
            ("outlet_profile", "articles", "article_rows"),
        ),
        NamedQuery(
            "place_report",
            "Claims and statements at a place and every place inside it, and where the place lies.",
            P.PlaceParams,
            PlaceReport,
            embedded.place_report,
            neo4j.place_report,
            ("place_report", "claims", "evidence_rows"),
        ),
        NamedQuery(
            "places_near",
            "Places within a radius of a point, nearest first, with their claims and statements counted.",
            P.NearParams,
            PlacesNear,
            embedded.places_near,
            neo4j.places_near,
            ("places_near",),
        ),
        NamedQuery(
            "timeline",
            "Claims and statements by date, with counts per day.",
            P.TimelineParams,
            Timeline,
            embedded.timeline,
            neo4j.timeline,
            ("timeline", "evidence_rows"),
        ),
        NamedQuery(
            "key_actors",
            "Actors ranked by what the articles say about them, or by centrality over the actor graph.",
            P.KeyActorParams,
            KeyActors,
            embedded.key_actors,
            neo4j.key_actors,
            ("actor_evidence", "key_actors"),
        ),
        NamedQuery(
            "articles",
            "Articles, newest first, by outlet, date range or words in the title.",
            P.ArticlesParams,
            Page[ArticleRow],
            embedded.articles,
            neo4j.articles,
            ("articles", "article_rows"),
        ),
        NamedQuery(
            "article_detail",
            "An article's text with the spans extracted from it (mentions, statements, claims).",
            P.ArticleParams,
            ArticleDetail,
            embedded.article_detail,
            neo4j.article_detail,
            ("article_detail", "article_rows"),
        ),
    )
}


def get_query(name: str) -> NamedQuery:
    """The named query, or NotFoundError listing the known names."""
    query = QUERIES.get(name)
    if query is None:
        raise NotFoundError(f"no query named {name!r}; known: {', '.join(QUERIES)}")
    return query


def run_query(store: Any, name: str, params: Mapping[str, Any] | P.QueryParams | None = None) -> BaseModel:
    """Run a named query on either store and return its typed result."""
    query = get_query(name)
    parsed = query.parse(params)
    if store.kind == "embedded":
        return query.embedded(store, parsed)
    if store.kind == "neo4j":
        return query.neo4j(store, parsed)
    raise UnsupportedQueryError(f"the {store.kind} store cannot run named queries")
