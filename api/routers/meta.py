"""Health, the data model and counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import StoreDep
from api.models import Health, StatsOut
from api.routers import SummaryRoute
from graph.schema import SCHEMA

router = APIRouter(tags=["meta"], route_class=SummaryRoute)


@router.get("/health", response_model=Health)
def health(store: StoreDep) -> Health:
    """Whether the API is up and its store answers."""
    store.node_labels(["health/check"])  # a cheap round trip: raises StoreUnavailableError if the store is down
    return Health(status="ok", store=store.kind)


@router.get("/schema", response_model=dict[str, Any])
def schema() -> dict[str, Any]:
    """The data model: node labels, relationship types and their properties."""
    return SCHEMA.describe()


@router.get("/stats", response_model=StatsOut)
def stats(store: StoreDep) -> StatsOut:
    """Counts of nodes by label and of relationships by type."""
    counts = store.stats()
    return StatsOut(
        nodes=counts.node_count,
        relationships=counts.relationship_count,
        labels=counts.labels,
        relationship_types=counts.relationship_types,
    )
