"""Claims, the toll table, contradictions and who blames whom."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.deps import StoreDep
from api.routers import SummaryRoute, respond
from queries.models import ClaimRow, Contradiction, GraphPayload, Page, TollTable
from queries.params import BlameParams, ClaimParams, ContradictionParams, TollParams
from queries.registry import run_query

router = APIRouter(tags=["claims"], route_class=SummaryRoute)


@router.get("/claims", response_model=Page[ClaimRow])
def claims(store: StoreDep, params: Annotated[ClaimParams, Query()]) -> Response:
    """Claims by kind, claimant, outlet, place (and inside it), actor and date, with provenance."""
    return respond(run_query(store, "claims", params))


@router.get("/claims/tolls", response_model=TollTable)
def tolls(store: StoreDep, params: Annotated[TollParams, Query()]) -> Response:
    """Casualty claims on the same victims side by side."""
    return respond(run_query(store, "tolls", params))


@router.get("/claims/contradictions", response_model=Page[Contradiction])
def contradictions(store: StoreDep, params: Annotated[ContradictionParams, Query()]) -> Response:
    """Groups of claims that disagree, with the claims and provenance on both sides."""
    return respond(run_query(store, "contradictions", params))


@router.get("/blame", response_model=GraphPayload, tags=["claims"])
def blame(store: StoreDep, params: Annotated[BlameParams, Query()]) -> Response:
    """Who blames whom: claimants and outlets against the actors they blame (node-link JSON)."""
    return respond(run_query(store, "blame", params))
