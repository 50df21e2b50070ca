"""Claims and statements over time."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.deps import StoreDep
from api.routers import SummaryRoute, respond
from queries.models import Timeline
from queries.params import TimelineParams
from queries.registry import run_query

router = APIRouter(tags=["timeline"], route_class=SummaryRoute)


@router.get("/timeline", response_model=Timeline)
def timeline(store: StoreDep, params: Annotated[TimelineParams, Query()]) -> Response:
    """Claims and statements by date, with counts per day."""
    return respond(run_query(store, "timeline", params))
