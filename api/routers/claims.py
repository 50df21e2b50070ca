"""Claims, the toll table, contradictions and who blames whom."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from api import tables
from api.deps import StoreDep
from api.models import ClaimQuery, TollQuery
from api.routers import SummaryRoute, respond
from graph.store import GraphStore
from queries.models import ClaimRow, Contradiction, GraphPayload, Page, TollTable
from queries.params import BlameParams, ClaimLinkParams, ContradictionParams
from queries.registry import run_query

router = APIRouter(tags=["claims"], route_class=SummaryRoute)


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}}}


def csv_response(text: str, name: str) -> Response:
    """CSV text as a download named ``name``."""
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


def disputed_groups(store: GraphStore) -> set[str]:
    """Claim groups on either end of a CONTRADICTS."""
    found: set[str] = set()
    offset, total = 0, 1
    while offset < total:
        page = run_query(store, "claim_links", {"relations": ["CONTRADICTS"], "limit": 500, "offset": offset})
        assert isinstance(page, Page)
        found.update(side.group.id for link in page.items for side in (link.left, link.right))
        offset, total = offset + 500, page.total
    return found


@router.get("/claims", response_model=Page[ClaimRow], responses=CSV_RESPONSE)
def claims(store: StoreDep, params: Annotated[ClaimQuery, Query()]) -> Response:
    """Claims by kind, claimant, outlet, place (and inside it), actor and date, with provenance (JSON or CSV)."""
    page = run_query(store, "claims", params.model_dump(exclude={"format"}))
    if params.format == "csv":
        assert isinstance(page, Page)
        rows = tables.claim_rows(page.items, disputed_groups(store))
        return csv_response(tables.to_csv(rows, tables.CLAIM_COLUMNS), "claims.csv")
    return respond(page)


@router.get("/claims/tolls", response_model=TollTable, responses=CSV_RESPONSE)
def tolls(store: StoreDep, params: Annotated[TollQuery, Query()]) -> Response:
    """Casualty claims on the same victims side by side, disputed ones flagged (JSON or CSV)."""
    table = run_query(store, "tolls", params.model_dump(exclude={"format"}))
    if params.format == "csv":
        assert isinstance(table, TollTable)
        return csv_response(tables.to_csv(tables.toll_rows(table), tables.TOLL_COLUMNS), "tolls.csv")
    return respond(table)


@router.get("/claims/contradictions", response_model=Page[Contradiction])
def contradictions(store: StoreDep, params: Annotated[ContradictionParams, Query()]) -> Response:
    """Groups of claims that disagree, with the claims and provenance on both sides."""
    return respond(run_query(store, "contradictions", params))


@router.get("/claims/links", response_model=Page[Contradiction])
def claim_links(store: StoreDep, params: Annotated[ClaimLinkParams, Query()]) -> Response:
    """Links between claim groups (contradicts, corroborates, updates), with the claims on both sides."""
    return respond(run_query(store, "claim_links", params))


@router.get("/blame", response_model=GraphPayload, tags=["claims"])
def blame(store: StoreDep, params: Annotated[BlameParams, Query()]) -> Response:
    """Who blames whom: claimants and outlets against the actors they blame (node-link JSON)."""
    return respond(run_query(store, "blame", params))
