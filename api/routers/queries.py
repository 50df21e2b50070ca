"""The named queries: list them, read their Cypher, run any of them with query-string parameters."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import PlainTextResponse, Response

from api.deps import StoreDep
from api.models import QueryInfo, QueryParamInfo
from api.routers import SummaryRoute, respond
from queries.registry import QUERIES, get_query, run_query

router = APIRouter(tags=["queries"], route_class=SummaryRoute)

QueryName = StrEnum("QueryName", {name: name for name in QUERIES})  # type: ignore[misc]


def _info(name: str) -> QueryInfo:
    query = get_query(name)
    return QueryInfo(
        name=query.name,
        summary=query.summary,
        params=[QueryParamInfo(**param) for param in query.describe_params()],
        cypher_files=[f"queries/cypher/{file}.cypher" for file in query.cypher],
    )


@router.get("/queries", response_model=list[QueryInfo])
def list_queries() -> list[QueryInfo]:
    """Every named query with its parameters."""
    return [_info(name) for name in QUERIES]


@router.get("/queries/{name}/cypher", response_class=PlainTextResponse)
def query_cypher(name: QueryName) -> str:
    """The Cypher a named query runs on Neo4j, ready to paste into Neo4j Browser."""
    return get_query(str(name)).cypher_text()


@router.get("/queries/{name}", response_model=dict[str, Any])
def run_named_query(store: StoreDep, name: QueryName, request: Request) -> Response:
    """Run a named query; its parameters go in the query string (see GET /queries)."""
    query = get_query(str(name))
    collected: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        collected.setdefault(key, []).append(value)
    params: dict[str, Any] = {}
    for key, values in collected.items():
        field = query.params.model_fields.get(key)
        is_list = field is not None and getattr(field.annotation, "__origin__", None) is list
        params[key] = values if is_list else values[-1]
    return respond(run_query(store, query.name, params))
