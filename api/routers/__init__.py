"""One router per resource. Each route runs a named query and answers with its typed result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.responses import Response

from api.models import ErrorBody

ERRORS = {
    404: {"model": ErrorBody, "description": "No such node (or query)."},
    422: {"model": ErrorBody, "description": "Bad parameters."},
    503: {"model": ErrorBody, "description": "The store is unavailable."},
}


def respond(result: BaseModel, status_code: int = 200) -> Response:
    """The result as JSON, serialised once by pydantic (the route's response_model documents it)."""
    return Response(
        result.__pydantic_serializer__.to_json(result), status_code=status_code, media_type="application/json"
    )


class SummaryRoute(APIRoute):
    """A route whose docstring's first line is its OpenAPI summary (the rest, if any, its description)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        lines = (endpoint.__doc__ or "").strip().splitlines()
        if lines and not kwargs.get("summary"):
            kwargs["summary"] = lines[0].strip()
            kwargs["description"] = kwargs.get("description") or "\n".join(lines[1:]).strip()
        super().__init__(path, endpoint, **kwargs)
