"""Every error Claimgraph raises on purpose, in one place.

The CLI prints them as one clear line (exit status 1); the API maps them to HTTP errors in one handler.

    ClaimgraphError
    ├── ConfigError            a setting is missing or malformed
    ├── SchemaError            a label, relationship type or property the schema does not allow (HTTP 422)
    ├── NotFoundError          no node with that id, no query with that name (HTTP 404)
    ├── QueryError             a query's parameters are wrong (HTTP 422)
    │   └── UnsupportedQueryError  the store cannot run it, e.g. raw Cypher on the embedded store (HTTP 400)
    ├── ForbiddenQueryError    Cypher that would write, refused before it reaches the database (HTTP 403)
    ├── StoreError             the store failed (HTTP 503)
    │   ├── StoreUnavailableError  Neo4j unreachable, restarting, or the credentials are wrong (HTTP 503)
    │   ├── StoreCorruptError      the embedded store's file is damaged or not a Claimgraph store (HTTP 503)
    │   ├── StoreFullError         the disk is full: nothing of the failed write is kept (HTTP 507)
    │   └── StoreReadOnlyError     the store is on a read-only volume or file: it can be read, not written (HTTP 503)
    ├── InputError             an article cannot be read (empty, binary, undecodable, malformed, too large)
    └── JudgementError         a judgement that is malformed, names an unknown id or contradicts another (HTTP 422)

``store_error`` turns what SQLite or the file system raise (``sqlite3.DatabaseError``, ``OSError``) into these, so
that a full disk or a damaged file reaches the user as one line, never a traceback.
"""

from __future__ import annotations

import errno
import sqlite3


class ClaimgraphError(Exception):
    """Base class: a failure with a message meant for the user, never a traceback."""


class ConfigError(ClaimgraphError):
    """A setting is missing or malformed."""


class SchemaError(ClaimgraphError):
    """A label, relationship type or property that the schema does not allow."""


class NotFoundError(ClaimgraphError):
    """No node with that id, or no query with that name."""


class QueryError(ClaimgraphError):
    """A query's parameters are wrong."""


class UnsupportedQueryError(QueryError):
    """The store cannot run this query (raw Cypher on the embedded store)."""


class ForbiddenQueryError(ClaimgraphError):
    """Cypher that would write or administer, refused before it reaches the database."""


class StoreError(ClaimgraphError):
    """The store failed."""


class StoreUnavailableError(StoreError):
    """Neo4j cannot be reached, is restarting, or refused the credentials."""


class StoreCorruptError(StoreError):
    """The embedded store's file exists but is not a readable Claimgraph store."""


class InputError(ClaimgraphError):
    """An article cannot be read: empty, binary, undecodable, malformed or too large."""


class JudgementError(ClaimgraphError):
    """A judgement that is malformed, names an unknown id, or contradicts an earlier one (graph/judgements.py)."""


class StoreFullError(StoreError):
    """No space left on the store's disk; the write that failed is rolled back."""


class StoreReadOnlyError(StoreError):
    """The store can be read but not written: a read-only volume or file."""


_FULL_ADVICE = "free some space and try again (nothing half-written is kept)"
# Garbage in a page can also surface as text that is no longer UTF-8 (sqlite3 reports it without an error code).
_CORRUPT_SIGNS = ("malformed", "not a database", "Could not decode to UTF-8")
_CORRUPT_ADVICE = "restore the store from a backup, or move it away and load the articles again"


def store_error(exc: BaseException, where: object = "the store") -> StoreError | None:
    """The StoreError that explains ``exc`` (or an exception it was raised from), None if it is no storage fault.

    SQLite reports a full disk as SQLITE_FULL, a damaged file as SQLITE_CORRUPT / SQLITE_NOTADB, a read-only one as
    SQLITE_READONLY, a failing device as SQLITE_IOERR; the file system as ENOSPC / EDQUOT, EROFS, EIO.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StoreError):
            return current
        found = _translate(current, where)
        if found is not None:
            return found
        current = current.__cause__ or current.__context__
    return None


def _translate(exc: BaseException, where: object) -> StoreError | None:
    if isinstance(exc, sqlite3.DatabaseError):
        name = getattr(exc, "sqlite_errorname", "") or ""
        message = str(exc)
        if name == "SQLITE_FULL" or "disk is full" in message:
            return StoreFullError(f"the disk holding {where} is full: {_FULL_ADVICE}")
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or any(sign in message for sign in _CORRUPT_SIGNS):
            return StoreCorruptError(f"{where} is damaged ({message[:100]}): {_CORRUPT_ADVICE}")
        if name.startswith("SQLITE_READONLY") or "readonly" in message:
            return StoreReadOnlyError(f"{where} is read-only: it can be read, not written ({message})")
        if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "disk I/O error" in message:
            return StoreError(f"{where} cannot be read or written: {message} (is the disk failing or gone?)")
        return None
    if isinstance(exc, OSError) and exc.errno is not None:
        reason = exc.strerror or str(exc)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return StoreFullError(f"the disk holding {where} is full ({reason}): {_FULL_ADVICE}")
        if exc.errno == errno.EROFS:
            return StoreReadOnlyError(f"{where} is on a read-only volume: it can be read, not written")
        if exc.errno == errno.EIO:
            return StoreError(f"{where} cannot be read or written: {reason} (is the disk failing or gone?)")
    return None
