"""Dependencies: the store and the settings the app's lifespan created, and the API-key check."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from graph.errors import StoreUnavailableError
from graph.settings import Settings
from graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    """The store opened once for the app (in its lifespan, or given to ``create_app``)."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailableError("the store is not open (the app is starting or stopping)")
    return store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def require_api_key(
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header(description="The key set in CLAIMGRAPH_API_KEY.")] = None,
) -> None:
    """Let the request through only with the configured key (compared in constant time)."""
    configured = settings.api_key.get_secret_value() if settings.api_key else ""
    if not configured:
        raise HTTPException(503, "ingestion is disabled: set CLAIMGRAPH_API_KEY on the server to enable it")
    if not x_api_key:
        raise HTTPException(401, "an API key is required: send it in the X-API-Key header")
    if not hmac.compare_digest(x_api_key.encode("utf-8"), configured.encode("utf-8")):
        raise HTTPException(403, "the API key is not valid")


ApiKeyDep = Depends(require_api_key)
