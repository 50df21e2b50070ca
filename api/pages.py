"""The HTML pages around the drawings and charts: Jinja templates (autoescaped), JSON for ``<script>`` blocks with
``<``, ``>`` and ``&`` escaped, filter forms, links, the legend and the security headers every page is sent with."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import pyvis
from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BeforeValidator, Field, StringConstraints

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
VIEW_MAX_NODES = 2000  # above this vis-network's physics takes tens of seconds in a browser


@cache
def templates() -> Environment:
    """The app's Jinja templates, autoescaped (names and sentences are untrusted text)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` escaped, so ``</script>`` cannot end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def href(base: str, path: str, **query: Any) -> str:
    """A link within the app, with the query parameters that have a value."""
    params = {key: value for key, value in query.items() if value not in (None, "", [])}
    return f"{base}{path}" + (f"?{urlencode(params, doseq=True)}" if params else "")


def quoted_id(node_id: str) -> str:
    """A node id as a URL path segment (ids hold slashes and tildes, which stay)."""
    return quote(node_id, safe="/~")


@dataclass
class FormField:
    """A filter input of a view's form."""

    name: str
    label: str
    value: Any = None
    kind: str = "text"  # text | number | date | select
    choices: tuple[str, ...] = ()
    placeholder: str = ""
    minimum: int | None = None
    maximum: int | None = None


def blank_is_none(value: Any) -> Any:
    """An empty form field arrives as ""; it means "no filter", not an invalid value."""
    return None if isinstance(value, str) and not value.strip() else value


OptionalText = Annotated[Annotated[str, StringConstraints(max_length=500)] | None, BeforeValidator(blank_is_none)]
OptionalDate = Annotated[date | None, BeforeValidator(blank_is_none)]
Limit = Annotated[
    Annotated[int, Field(ge=1, le=VIEW_MAX_NODES)] | None,
    BeforeValidator(blank_is_none),
    Query(
        description=f"Most nodes drawn (default CLAIMGRAPH_VIEW_NODE_CAP, 300; at most {VIEW_MAX_NODES}).",
    ),
]


def request_base(request: Request) -> str:
    """The path the app is mounted under ("" at the root), which every link of a page starts with."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def html_page(page: str) -> HTMLResponse:
    """A rendered page with the security headers every page is sent with."""
    # The page runs only its own scripts: a stray injected <script> would be refused by the browser too. No other
    # site may frame it (clickjacking), and an injected <base> or <form> cannot send links or filters elsewhere.
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
    return HTMLResponse(page, headers={"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff"})


def _plotly_js() -> Path:
    """plotly.min.js as the plotly wheel ships it (found without importing plotly's Python side)."""
    spec = importlib.util.find_spec("plotly")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0] if locations else HERE) / "package_data" / "plotly.min.js"


# Files served under /static: our own, the vis-network copy pyvis ships and plotly.js from plotly (never a CDN).
STATIC_FILES: dict[str, Path] = {
    "vis-network.min.js": VIS_DIR / "vis-network.min.js",
    "vis-network.css": VIS_DIR / "vis-network.css",
    "plotly.min.js": _plotly_js(),
    "views.js": STATIC_DIR / "views.js",
    "views.css": STATIC_DIR / "views.css",
    "tolls.js": STATIC_DIR / "tolls.js",
    "pages.css": STATIC_DIR / "pages.css",
}


MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def render_template(template: str, **context: Any) -> str:
    """A page from one of the app's templates."""
    return templates().get_template(template).render(**context)
