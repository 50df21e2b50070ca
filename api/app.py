"""The FastAPI application: one router per resource over the named queries.

``create_app()`` reads ``Settings()`` and opens the store once, in the lifespan (Neo4j when NEO4J_URI is set,
else the embedded store); tests pass their own settings and store. ``claimgraph serve`` runs it with uvicorn.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from api import chart_views, docs, views
from api.errors import install_error_handlers
from api.limits import BodySizeLimit
from api.routers import (
    ERRORS,
    articles,
    claims,
    cypher,
    entities,
    meta,
    outlets,
    paths,
    places,
    queries,
    review,
    timeline,
)
from graph import open_store
from graph.settings import Settings
from graph.store import GraphStore

DESCRIPTION = """\
A knowledge graph of actors, places and claims built from news articles, with the sentence behind every fact.

Every list is paged (`limit`, `offset`, `total`); ids contain slashes (`person/ahmed-al-sharaa`) and go in the
path as they are. Errors answer `{"error": {"type", "message"}}`. Traversals (`/entities/{id}/neighbors`,
`/paths`, `/blame`) return node-link JSON: `{"nodes", "links", "capped", …}`.
"""


def _version() -> str:
    try:
        return version("claimgraph")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "0"


def warm_up(store: GraphStore) -> None:
    """Build the embedded store's in-memory graph now, and keep it out of the garbage collector's way.

    The graph is millions of long-lived objects; left in the collector's generations, every full collection
    walks them all (a pause of a tenth of a second on 100,000 nodes). ``gc.freeze`` moves them aside.
    """
    read_graph = getattr(store, "read_graph", None)
    if read_graph is not None:
        with read_graph():
            pass
        gc.collect()
        gc.freeze()


def create_app(settings: Settings | None = None, store: GraphStore | None = None, *, warm: bool = False) -> FastAPI:
    """The app; it opens (and closes) a store from ``settings`` unless one is given.

    ``warm`` builds the embedded store's graph before the first request is served (see ``warm_up``).
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if store is not None:
            app.state.store = store
            if warm:
                warm_up(store)
            yield
            return
        opened = open_store(settings)
        app.state.store = opened
        try:
            if warm:
                warm_up(opened)
            yield
        finally:
            app.state.store = None
            opened.close()

    # Swagger UI and ReDoc with their scripts served by the app (fastapi-offline ships them): /docs works offline.
    app = FastAPIOffline(
        redoc_url=None,  # api.docs serves /redoc, its logo included
        title="Claimgraph",
        version=_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        responses={500: {"description": "An unexpected error."}},
    )
    app.state.settings = settings
    app.state.store = store
    install_error_handlers(app)
    for module in (meta, entities, paths, claims, outlets, places, timeline, articles, queries, cypher, review):
        app.include_router(module.router, responses=ERRORS)  # type: ignore[arg-type]
    app.include_router(views.router)  # the network pages draw the same payloads as the JSON routes
    app.include_router(chart_views.router)  # the toll chart and the links between claim groups
    app.include_router(docs.router)

    app.add_middleware(BodySizeLimit, max_bytes=settings.max_article_bytes)
    origins = [origin.strip() for origin in settings.cors_origins.split(",") if origin.strip()]
    if origins:  # CORS stays off unless CLAIMGRAPH_CORS_ORIGINS names the origins
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key"],
        )
    return app


def served_app() -> FastAPI:
    """The app `claimgraph serve` runs in each uvicorn worker: settings from the environment, graph warmed."""
    return create_app(warm=True)
