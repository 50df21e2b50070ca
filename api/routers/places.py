"""Places: what happened at a place and inside it, and places near a point."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.deps import StoreDep
from api.routers import SummaryRoute, respond
from queries.models import PlaceReport, PlacesNear
from queries.params import NearParams, Paged, PlaceParams
from queries.registry import run_query

router = APIRouter(tags=["places"], route_class=SummaryRoute)


@router.get("/places/near", response_model=PlacesNear)
def near(store: StoreDep, params: Annotated[NearParams, Query()]) -> Response:
    """Places within a radius of a point, nearest first."""
    return respond(run_query(store, "places_near", params))


@router.get("/places/{id:path}", response_model=PlaceReport)
def place(store: StoreDep, id: str, page: Annotated[Paged, Query()]) -> Response:
    """Claims and statements at a place and every place inside it."""
    return respond(run_query(store, "place_report", PlaceParams(id=id, **page.model_dump())))
