"""Paths between two nodes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.deps import StoreDep
from api.routers import SummaryRoute, respond
from queries.models import GraphPayload
from queries.params import PathParams
from queries.registry import run_query

router = APIRouter(tags=["paths"], route_class=SummaryRoute)


@router.get("/paths", response_model=GraphPayload)
def paths(store: StoreDep, params: Annotated[PathParams, Query()]) -> Response:
    """Up to k shortest paths between two nodes, of bounded length (node-link JSON)."""
    return respond(run_query(store, "paths", params))
