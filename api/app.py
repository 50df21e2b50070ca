"""The FastAPI application: one router per resource over the named queries.

``create_app()`` reads ``Settings()`` and opens the store once, in the lifespan (Neo4j when NEO4J_URI is set,
else the embedded store); tests pass their own settings and store. ``claimgraph serve`` runs it with uvicorn.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import views
from api.errors import install_error_handlers
from api.limits import BodySizeLimit
from api.routers import ERRORS, articles, claims, cypher, entities, meta, outlets, paths, places, queries, timeline
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


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The app; it opens (and closes) a store from ``settings`` unless one is given."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if store is not None:
            app.state.store = store
            yield
            return
        opened = open_store(settings)
        app.state.store = opened
        try:
            yield
        finally:
            app.state.store = None
            opened.close()

    app = FastAPI(
        title="Claimgraph",
        version=_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        responses={500: {"description": "An unexpected error."}},
    )
    app.state.settings = settings
    app.state.store = store
    install_error_handlers(app)
    for module in (meta, entities, paths, claims, outlets, places, timeline, articles, queries, cypher):
        app.include_router(module.router, responses=ERRORS)  # type: ignore[arg-type]
    app.include_router(views.router)  # the network pages draw the same payloads as the JSON routes

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
