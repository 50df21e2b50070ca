"""Actors, outlets and places: search, detail, neighbourhood and key actors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.deps import StoreDep
from api.routers import SummaryRoute, respond
from queries.models import EntityDetail, EntityHit, GraphPayload, KeyActors, Page
from queries.params import EntityParams, KeyActorParams, NeighborOptions, NeighborParams, SearchParams
from queries.registry import run_query

router = APIRouter(tags=["entities"], route_class=SummaryRoute)


@router.get("/entities", response_model=Page[EntityHit])
def search_entities(store: StoreDep, params: Annotated[SearchParams, Query()]) -> Response:
    """Find actors, outlets and places by name or alias, tolerating typos."""
    return respond(run_query(store, "search_entities", params))


# Declared before /entities/{id}: ids contain slashes, so the longer route must win.
@router.get("/entities/{id:path}/neighbors", response_model=GraphPayload)
def neighbors(store: StoreDep, id: str, options: Annotated[NeighborOptions, Query()]) -> Response:
    """The neighbourhood of a node to depth 1-3, filtered and capped (node-link JSON)."""
    params = NeighborParams(id=id, **options.model_dump())
    return respond(run_query(store, "neighbors", params))


@router.get("/entities/{id:path}", response_model=EntityDetail)
def entity(store: StoreDep, id: str) -> Response:
    """One actor, outlet or place with its counts and relations, and the judgements that changed it."""
    from loaders.judgements import judgements_touching

    detail = run_query(store, "entity_detail", EntityParams(id=id))
    node = store.get_node(id) if isinstance(detail, EntityDetail) else None
    if node is not None and isinstance(detail, EntityDetail):
        detail.judgements = judgements_touching(store, node)
    return respond(detail)


@router.get("/actors", response_model=KeyActors)
def key_actors(store: StoreDep, params: Annotated[KeyActorParams, Query()]) -> Response:
    """Actors ranked by centrality over the actor graph."""
    return respond(run_query(store, "key_actors", params))
