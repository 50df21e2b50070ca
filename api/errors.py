"""Claimgraph's exceptions (``graph.errors``) and request errors, mapped to HTTP in one place.

Every error body is ``{"error": {"type", "message", "details"?}}`` (``api.models.ErrorBody``). Storage faults that
SQLite or the file system raise (a full disk, a damaged or read-only store) are mapped like the StoreError they are.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from graph.errors import (
    ClaimgraphError,
    ConfigError,
    ForbiddenQueryError,
    InputError,
    JudgementError,
    NotFoundError,
    QueryError,
    SchemaError,
    StoreError,
    StoreFullError,
    StoreUnavailableError,
    UnsupportedQueryError,
    store_error,
)

log = logging.getLogger("claimgraph.api")

# Most specific first: UnsupportedQueryError is a QueryError.
STATUS: list[tuple[type[ClaimgraphError], int, str]] = [
    (NotFoundError, 404, "not_found"),
    (UnsupportedQueryError, 400, "unsupported"),
    (QueryError, 422, "invalid_parameters"),
    (SchemaError, 422, "invalid_parameters"),
    (InputError, 422, "bad_input"),
    (JudgementError, 422, "invalid_judgement"),
    (ForbiddenQueryError, 403, "forbidden"),
    (StoreUnavailableError, 503, "store_unavailable"),
    (StoreFullError, 507, "storage_full"),
    (StoreError, 503, "store_error"),
    (ConfigError, 503, "not_configured"),
    (ClaimgraphError, 500, "error"),
]

HTTP_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    503: "unavailable",
}


def error_response(status: int, kind: str, message: str, details: list[dict[str, Any]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": kind, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status)


async def _claimgraph_error(_: Request, exc: Exception) -> JSONResponse:
    for cls, status, kind in STATUS:
        if isinstance(exc, cls):
            if status >= 500:
                log.error("%s: %s", type(exc).__name__, exc)
            return error_response(status, kind, str(exc))
    raise exc  # pragma: no cover - every ClaimgraphError matches the last row


async def _storage_fault(request: Request, exc: Exception) -> JSONResponse:
    """What SQLite or the file system raised: a storage fault answers like the StoreError it is (a full disk 507,
    a damaged or read-only store 503), with a JSON body rather than a reset connection; anything else is a bug."""
    fault = store_error(exc)
    if fault is None:
        log.exception("unexpected %s", type(exc).__name__, exc_info=exc)
        return error_response(500, "error", "internal error")
    return await _claimgraph_error(request, fault)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "msg": error.get("msg", ""),
            "type": error.get("type", ""),
        }
        for error in exc.errors()
    ]
    return error_response(422, "invalid_parameters", _one_line(details), details)


def _one_line(details: list[dict[str, Any]]) -> str:
    """``depth: Input should be less than or equal to 3`` (without the leading "query" or "body")."""
    parts = []
    for detail in details:
        loc = [part for part in detail["loc"] if part not in ("query", "body", "path")]
        where = ".".join(loc) or "request"
        parts.append(f"{where}: {detail['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts) or "invalid request"


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    response = error_response(exc.status_code, HTTP_TYPES.get(exc.status_code, "http_error"), str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers: graph.errors, parameter validation and HTTP errors all answer with ErrorBody."""
    app.add_exception_handler(ClaimgraphError, _claimgraph_error)
    app.add_exception_handler(sqlite3.DatabaseError, _storage_fault)
    app.add_exception_handler(OSError, _storage_fault)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
