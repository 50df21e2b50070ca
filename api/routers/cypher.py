"""Read-only Cypher for researchers, on Neo4j only."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from api.deps import SettingsDep, StoreDep
from api.models import CypherIn, CypherOut, ErrorBody
from api.routers import SummaryRoute, respond
from graph.errors import UnsupportedQueryError
from queries.cypher_guard import check_read_only

router = APIRouter(tags=["cypher"], route_class=SummaryRoute)


@router.post(
    "/cypher",
    response_model=CypherOut,
    responses={
        400: {"model": ErrorBody, "description": "The embedded store cannot run Cypher."},
        403: {"model": ErrorBody, "description": "The query would write or administer."},
    },
)
def cypher(store: StoreDep, settings: SettingsDep, body: CypherIn) -> Response:
    """Run one read-only Cypher statement on Neo4j, with a timeout and a row cap."""
    check_read_only(body.query)  # before anything reaches the database
    if store.kind != "neo4j":
        raise UnsupportedQueryError(
            "raw Cypher needs Neo4j: set NEO4J_URI (the embedded store answers the named queries, see GET /queries)"
        )
    cap = settings.cypher_row_cap
    rows = store.read(body.query, body.parameters, timeout=settings.cypher_timeout_s, row_cap=cap + 1)  # type: ignore[attr-defined]
    return respond(CypherOut(rows=rows[:cap], row_count=min(len(rows), cap), truncated=len(rows) > cap, row_cap=cap))
