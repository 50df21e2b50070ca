"""The interactive API docs, offline: Swagger UI at /docs and ReDoc at /redoc with their assets served by the app.

fastapi-offline ships both bundles and serves Swagger UI. ReDoc's bundle hard-codes one address outside the app,
its own logo (``https://cdn.redoc.ly/redoc/logo-mini.svg``, in the sidebar's footer): ``/redoc`` here serves the
same bundle with that address pointed at the favicon fastapi-offline ships, so the page fetches nothing elsewhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html
from starlette.responses import HTMLResponse, Response

DOCS_STATIC = "/static-offline-docs"  # where fastapi-offline mounts its assets
BUNDLE_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"

router = APIRouter(include_in_schema=False)


@cache
def redoc_bundle(favicon: str) -> bytes:
    """ReDoc's standalone bundle with its logo served by the app."""
    text = (BUNDLE_DIR / "redoc.standalone.js").read_text(encoding="utf-8")
    return text.replace(REDOC_LOGO, favicon).encode("utf-8")


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc, with its script from the app."""
    root = _root(request)
    return get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{root}/docs-assets/redoc.standalone.js",
        redoc_favicon_url=f"{root}{DOCS_STATIC}/favicon.png",
        with_google_fonts=False,
    )


@router.get("/docs-assets/redoc.standalone.js")
def redoc_script(request: Request) -> Response:
    """ReDoc's bundle (see the module docstring for the one address it changes)."""
    body = redoc_bundle(f"{_root(request)}{DOCS_STATIC}/favicon.png")
    return Response(
        body, media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "public, max-age=3600"}
    )
