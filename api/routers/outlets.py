"""Outlets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.deps import StoreDep
from api.routers import SummaryRoute, respond
from queries.models import OutletProfile
from queries.params import OutletOptions, OutletParams
from queries.registry import run_query

router = APIRouter(tags=["outlets"], route_class=SummaryRoute)


@router.get("/outlets/{id:path}", response_model=OutletProfile)
def outlet(store: StoreDep, id: str, options: Annotated[OutletOptions, Query()]) -> Response:
    """What an outlet published and reported, whom it quotes, whom the claims it carries blame."""
    return respond(run_query(store, "outlet_profile", OutletParams(id=id, **options.model_dump())))
