"""Every error Claimgraph raises on purpose, in one place.

The CLI prints them as one clear line (exit status 1); the API maps them to HTTP errors in one handler.

    ClaimgraphError
    ├── ConfigError            a setting is missing or malformed
    ├── SchemaError            a label, relationship type or property the schema does not allow (HTTP 422)
    ├── NotFoundError          no node with that id, no query with that name (HTTP 404)
    ├── QueryError             a query's parameters are wrong (HTTP 422)
    │   └── UnsupportedQueryError  the store cannot run it, e.g. raw Cypher on the embedded store (HTTP 400)
    ├── ForbiddenQueryError    Cypher that would write, refused before it reaches the database (HTTP 403)
    ├── StoreError             the store failed
    │   ├── StoreUnavailableError  Neo4j unreachable, restarting, or the credentials are wrong (HTTP 503)
    │   └── StoreCorruptError      the embedded store's file is not a Claimgraph store
    └── InputError             an article cannot be read (empty, binary, undecodable, malformed, too large)
"""

from __future__ import annotations


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
