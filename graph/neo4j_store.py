"""The Neo4j store, through the official ``neo4j`` driver.

Writes are batched ``UNWIND $rows AS row MERGE …`` statements on the constrained key ``Node.id``; each
``GraphBatch`` is one managed write transaction, which the driver retries on transient errors (a leader
switch, a restart). Reads run in managed read transactions, so on a cluster or Aura (``neo4j://``,
``neo4j+s://``) they are routed to readers. The Cypher text lives in ``queries/store/*.cypher``; labels and
relationship types, which Cypher cannot take as parameters, are spliced in only after the schema's whitelist
has accepted them.

Driver failures never reach the user as a traceback: they become ``graph.errors`` exceptions with one clear
line (``StoreUnavailableError`` when Neo4j is unreachable or refuses the credentials). Nothing is cached
about a failed connection, so the next call after Neo4j comes back works.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any, TypeVar
from urllib.parse import urlsplit

from neo4j import READ_ACCESS, WRITE_ACCESS, Driver, GraphDatabase, ManagedTransaction, Query, unit_of_work
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time
from pydantic import SecretStr

from graph.errors import (
    ConfigError,
    ForbiddenQueryError,
    QueryError,
    SchemaError,
    StoreError,
    StoreUnavailableError,
)
from graph.judgements import Judgement, from_dict
from graph.records import GraphBatch, GraphStats, NodeRecord, RelRecord, WriteSummary
from graph.schema import BASE_LABEL, KEY, SCHEMA, GraphSchema
from graph.settings import DEFAULT_BATCH_SIZE, Settings
from graph.store import GraphStore, node_as_dict, rel_as_dict
from graph.validation import check_batch

URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
LABEL_SLOT = "__LABEL__"
TYPE_SLOT = "__TYPE__"
PROP_SLOT = "__PROP__"
SOURCES_SLOT = "__SOURCES__"  # the labels a relationship type may start from, as a label expression (A|B)
TARGETS_SLOT = "__TARGETS__"
START_HINT = "is it running? (docker compose up -d neo4j)"

# The driver logs every retry at WARNING; without a handler of its own, Python's last-resort handler would
# print those lines into the CLI's output. Applications that configure logging still receive them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

_R = TypeVar("_R")
_T = TypeVar("_T")


# -- the Cypher text -----------------------------------------------------------------------------------------


@cache
def cypher(name: str) -> str:
    """The text of ``queries/store/<name>.cypher`` (package data; the ``queries`` code is not used)."""
    return resources.files("queries").joinpath("store", f"{name}.cypher").read_text(encoding="utf-8")


def for_label(name: str, label: str, schema: GraphSchema = SCHEMA) -> str:
    """A store statement with its label slot filled by ``label``, which must be a schema label."""
    return cypher(name).replace(LABEL_SLOT, schema.check_label(label))


def for_labels(name: str, labels: Iterable[str], schema: GraphSchema = SCHEMA) -> str:
    """A store statement with its label slot filled by a label expression matching any of ``labels``
    (``Statement|Claim``), each a schema label."""
    return cypher(name).replace(LABEL_SLOT, _any_of(labels, schema))


def for_type(name: str, rel_type: str, schema: GraphSchema = SCHEMA) -> str:
    """A store statement with its type slot filled by ``rel_type``, which must be a schema relationship type, and
    its end slots by the labels the schema allows at each end of that type."""
    spec = schema.relationships[schema.check_relationship_type(rel_type)]
    return (
        cypher(name)
        .replace(TYPE_SLOT, rel_type)
        .replace(SOURCES_SLOT, _any_of(spec.sources, schema))
        .replace(TARGETS_SLOT, _any_of(spec.targets, schema))
    )


def _any_of(labels: Iterable[str], schema: GraphSchema) -> str:
    checked = [schema.check_label(label) for label in labels]
    if not checked:
        raise SchemaError("a label expression needs at least one label")
    return "|".join(checked)


@dataclass(frozen=True, slots=True)
class Statement:
    """One Cypher statement, its parameters and how many rows they hold."""

    text: str
    parameters: dict[str, Any]
    rows: int = 0


class _EndNotFound(Exception):
    """A relationship row found no end with an allowed label: the write is rolled back (raised inside it)."""


def merged_nodes(nodes: Iterable[NodeRecord]) -> list[NodeRecord]:
    """One record per id: several records for one node in a batch merge in order (as in the embedded store)."""
    latest: dict[str, NodeRecord] = {}
    for node in nodes:
        earlier = latest.get(node.id)
        if earlier is not None:
            node = NodeRecord(node.id, node.label, {**earlier.properties, **node.properties})
        latest[node.id] = node
    return list(latest.values())


def merged_rels(rels: Iterable[RelRecord]) -> list[RelRecord]:
    """One record per (source, type, target), properties merged in order."""
    latest: dict[tuple[str, str, str], dict[str, Any]] = {}
    for rel in rels:
        key = (rel.source, rel.type, rel.target)
        latest[key] = {**latest.get(key, {}), **rel.properties}
    return [RelRecord(source, rel_type, target, props) for (source, rel_type, target), props in latest.items()]


def chunks(items: list[_T], size: int) -> Iterator[list[_T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


# The merge statements are large (a subquery per label or type) and take Neo4j a second or more to plan. A load
# into a new graph changes its statistics so fast that Neo4j would plan them again every few batches; their plans
# do not depend on statistics (every lookup is a unique-constraint seek), so the cached plan is kept.
KEEP_PLAN = "CYPHER replan=skip"


def merge_nodes_statement(schema: GraphSchema = SCHEMA) -> str:
    """One statement merging nodes of every schema label: ``upsert_nodes`` once per label as a CALL subquery, all
    reading one ``$nodes`` list, so one round trip writes a batch whatever labels it holds. Returns ``changed``
    and ``relabelled`` ([id, old labels, new label] of nodes that exist under another label)."""
    labels = list(schema.nodes)
    blocks = [_subquery(for_label("upsert_nodes", label, schema)) for label in labels]
    changed = " + ".join(f"changed{label}" for label in labels)
    relabelled = " + ".join(f"relabelled{label}" for label in labels)
    return "\n".join([KEEP_PLAN, *blocks, f"RETURN {changed} AS changed, {relabelled} AS relabelled"])


def merge_rels_statement(schema: GraphSchema = SCHEMA) -> str:
    """One statement merging relationships of every schema type (``upsert_rels`` per type, one ``$rels`` list);
    returns ``changed`` and ``matched``, the rows whose ends exist with labels the schema allows there."""
    types = list(schema.relationships)
    blocks = [_subquery(for_type("upsert_rels", rel_type, schema)) for rel_type in types]
    changed = " + ".join(f"changed{rel_type}" for rel_type in types)
    matched = " + ".join(f"matched{rel_type}" for rel_type in types)
    return "\n".join([KEEP_PLAN, *blocks, f"RETURN {changed} AS changed, {matched} AS matched"])


def _subquery(text: str) -> str:
    return "CALL {\n" + _without_comments(text) + "\n}"


def node_rows(nodes: Iterable[NodeRecord], schema: GraphSchema = SCHEMA) -> dict[str, list[dict[str, Any]]]:
    """The ``$nodes`` of ``merge_nodes_statement``: each label's rows. The key is the node's id, never a property
    (``id`` in properties is dropped)."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        props = {name: value for name, value in node.properties.items() if name != KEY}
        rows.setdefault(schema.check_label(node.label), []).append({"id": node.id, "props": props})
    return rows


def rel_rows(rels: Iterable[RelRecord], schema: GraphSchema = SCHEMA) -> dict[str, list[dict[str, Any]]]:
    """The ``$rels`` of ``merge_rels_statement``: each type's rows."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for rel in rels:
        row = {"source": rel.source, "target": rel.target, "props": rel.properties}
        rows.setdefault(schema.check_relationship_type(rel.type), []).append(row)
    return rows


def upsert_statements(
    nodes: list[NodeRecord], rels: list[RelRecord], *, batch_size: int, schema: GraphSchema = SCHEMA
) -> tuple[list[Statement], list[Statement]]:
    """The merge statements for already-merged records: (one per ``batch_size`` nodes, one per ``batch_size``
    relationships), all nodes first so every relationship finds its ends. A write of a few articles is two."""
    nodes_text, rels_text = merge_nodes_statement(schema), merge_rels_statement(schema)
    return (
        [Statement(nodes_text, {"nodes": node_rows(chunk, schema)}, len(chunk)) for chunk in chunks(nodes, batch_size)],
        [Statement(rels_text, {"rels": rel_rows(chunk, schema)}, len(chunk)) for chunk in chunks(rels, batch_size)],
    )


def owned_labels(schema: GraphSchema = SCHEMA) -> list[str]:
    """Labels whose nodes belong to one article (they carry ``article_id``): replaced with the article."""
    return [label for label, spec in schema.nodes.items() if "article_id" in spec.properties]


def count_statements(schema: GraphSchema = SCHEMA) -> tuple[str, str]:
    """Two statements counting nodes per schema label and relationships per schema type, from the count store
    (works on Community Edition; no scan)."""
    labels = "\nUNION ALL\n".join(_without_comments(for_label("count_label", label, schema)) for label in schema.nodes)
    types = "\nUNION ALL\n".join(
        _without_comments(for_type("count_type", rel_type, schema)) for rel_type in schema.relationships
    )
    return labels, types


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")).strip()


def schema_label(labels: Iterable[str], schema: GraphSchema = SCHEMA) -> str:
    """The schema label among a node's Neo4j labels (every node also carries the base label)."""
    own = sorted(label for label in labels if label != BASE_LABEL)
    declared = [label for label in own if label in schema.labels]
    return (declared or own or [BASE_LABEL])[0]


# -- settings ------------------------------------------------------------------------------------------------


def check_uri(uri: str) -> str:
    """Return a usable Bolt URI (stripped) or raise ConfigError saying what is wrong with NEO4J_URI."""
    uri = uri.strip()
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"NEO4J_URI {uri!r} is not a valid URI: {exc}") from exc
    if parts.scheme not in URI_SCHEMES:
        schemes = ", ".join(f"{scheme}://" for scheme in URI_SCHEMES)
        raise ConfigError(f"NEO4J_URI must start with one of {schemes} (got {uri!r})")
    if parts.username is not None or parts.password is not None:
        raise ConfigError("NEO4J_URI must not contain credentials: set NEO4J_USERNAME and NEO4J_PASSWORD instead")
    if not parts.hostname:
        raise ConfigError(f"NEO4J_URI {uri!r} has no host (e.g. bolt://localhost:7687)")
    if port == 0:
        raise ConfigError(f"NEO4J_URI {uri!r} has port 0")
    if parts.path not in ("", "/"):
        raise ConfigError(f"NEO4J_URI {uri!r} must not have a path; set the database with NEO4J_DATABASE")
    return uri


_DATABASE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9.\-]{0,62}$")


def check_database(name: str | None) -> str | None:
    """Return the database name (None = the user's home database) or raise ConfigError."""
    if name is None or not name.strip():
        return None
    name = name.strip()
    if not _DATABASE_NAME.match(name):
        raise ConfigError(
            f"NEO4J_DATABASE {name!r} is not a Neo4j database name (a letter, then letters, digits, dots, dashes)"
        )
    return name


# -- values --------------------------------------------------------------------------------------------------


def to_plain(value: Any) -> Any:
    """A driver value as plain JSON-able Python: nodes and relationships in the flat export form
    (``{"id", "label", "name", …}`` / ``{"source", "target", "type", …}``), paths as ``{"nodes",
    "relationships"}``, temporal values as ISO 8601 strings, geographic points as ``{"latitude", "longitude"}``."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Node):
        return _node_dict(value)
    if isinstance(value, Relationship):
        return _rel_dict(value)
    if isinstance(value, Path):
        return {"nodes": [_node_dict(n) for n in value.nodes], "relationships": [_rel_dict(r) for r in value]}
    if isinstance(value, Date | DateTime | Time | Duration):  # before tuple: a Duration is one
        return value.iso_format()
    if isinstance(value, list | tuple) and not isinstance(value, Point):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, WGS84Point):
        point = {"latitude": value.latitude, "longitude": value.longitude}
        return {**point, "height": value.height} if len(value) == 3 else point
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def _node_dict(node: Node) -> dict[str, Any]:
    props = {key: to_plain(item) for key, item in node.items() if key != KEY}
    node_id = node.get(KEY)
    return node_as_dict(
        NodeRecord(node_id if isinstance(node_id, str) else node.element_id, schema_label(node.labels), props)
    )


def _end_id(node: Node | None) -> str | None:
    if node is None:
        return None
    node_id = node.get(KEY)
    return node_id if isinstance(node_id, str) else node.element_id


def _rel_dict(rel: Relationship) -> dict[str, Any]:
    props = {key: to_plain(item) for key, item in rel.items()}
    return rel_as_dict(RelRecord(_end_id(rel.start_node) or "", rel.type, _end_id(rel.end_node) or "", props))


# -- the store -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reopener:
    """Opens a Neo4jStore with the same settings in another process (picklable, password masked)."""

    uri: str
    options: dict[str, Any] = field(repr=False)
    password: SecretStr = field(repr=False)

    def __call__(self) -> Neo4jStore:
        return Neo4jStore(self.uri, password=self.password.get_secret_value(), **self.options)


class Neo4jStore(GraphStore):
    """A store in a Neo4j 5 database (single instance, cluster or Aura)."""

    kind = "neo4j"
    writes_elsewhere = True

    def __init__(
        self,
        uri: str,
        *,
        username: str = "neo4j",
        password: str = "",
        database: str | None = "neo4j",
        batch_size: int = DEFAULT_BATCH_SIZE,
        schema: GraphSchema = SCHEMA,
        connection_timeout: float = 10.0,
        max_transaction_retry_time: float = 15.0,
    ) -> None:
        if batch_size < 1:
            raise ConfigError(f"the batch size must be at least 1 (got {batch_size})")
        self.uri = check_uri(uri)
        self.username = username
        self.database = check_database(database)
        self.batch_size = batch_size
        self.schema = schema
        self._has_password = bool(password)
        # Kept only so that reopener() can hand the same connection settings to a loader's worker processes;
        # the password stays a SecretStr there, so no repr or log of the store shows it.
        self._reopen = _Reopener(
            uri,
            {
                "username": username,
                "database": database,
                "batch_size": batch_size,
                "schema": schema,
                "connection_timeout": connection_timeout,
                "max_transaction_retry_time": max_transaction_retry_time,
            },
            SecretStr(password),
        )
        auth = (username, password) if password else None
        try:
            self._driver: Driver = GraphDatabase.driver(
                self.uri,
                auth=auth,
                connection_timeout=connection_timeout,
                max_transaction_retry_time=max_transaction_retry_time,
                user_agent="claimgraph",
            )
        except (neo4j_errors.ConfigurationError, ValueError) as exc:
            raise ConfigError(f"cannot use NEO4J_URI {self.uri}: {_first_line(str(exc))}") from exc
        # Until a call has reached the server, fail fast instead of letting managed transactions retry an
        # unreachable address for max_transaction_retry_time; reset whenever the server is lost.
        self._reachable = False

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> Neo4jStore:
        """A store for ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` and the batch size.
        ``options`` go to the constructor (e.g. ``connection_timeout``)."""
        if not settings.neo4j_uri:
            raise ConfigError("NEO4J_URI is not set")
        return cls(
            settings.neo4j_uri,
            username=settings.neo4j_username,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
            batch_size=settings.batch_size,
            **options,
        )

    def close(self) -> None:
        self._driver.close()

    def reopener(self) -> Callable[[], Neo4jStore]:
        return self._reopen

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, username={self.username!r}, database={self.database!r})"

    # -- plumbing ------------------------------------------------------------------------------------------

    def _execute(
        self,
        access_mode: str,
        work: Callable[[ManagedTransaction], _R],
        *,
        user_query: bool = False,
        timeout: float | None = None,
    ) -> _R:
        """Run ``work`` in one managed transaction (retried by the driver on transient errors)."""
        with self._translated_errors(user_query=user_query, timeout=timeout):
            self._check_reachable()
            with self._driver.session(database=self.database, default_access_mode=access_mode) as session:
                if access_mode == READ_ACCESS:
                    return session.execute_read(work)
                return session.execute_write(work)

    def _check_reachable(self) -> None:
        if not self._reachable:
            self._driver.verify_connectivity()
            self._reachable = True

    def _read_rows(self, text: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(text, parameters)]

        return self._execute(READ_ACCESS, work)

    @contextmanager
    def _translated_errors(self, *, user_query: bool = False, timeout: float | None = None) -> Iterator[None]:
        """Turn driver and server errors into ``graph.errors`` exceptions with one clear line."""
        try:
            yield
        except neo4j_errors.AuthError as exc:
            self._reachable = False
            refused = (
                "the password" if self._has_password else "the connection without a password (NEO4J_PASSWORD is unset)"
            )
            raise StoreUnavailableError(
                f"Neo4j at {self.uri} refused {refused} for user {self.username!r}: "
                "check NEO4J_USERNAME and NEO4J_PASSWORD"
            ) from exc
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
            self._reachable = False
            raise StoreUnavailableError(f"cannot reach Neo4j at {self.uri}: {_reason(exc)} — {START_HINT}") from exc
        except neo4j_errors.Neo4jError as exc:
            raise self._server_error(exc, user_query=user_query, timeout=timeout) from exc
        except neo4j_errors.DriverError as exc:
            if isinstance(exc, neo4j_errors.ConnectionPoolError):
                raise StoreUnavailableError(f"Neo4j at {self.uri} is overloaded: {_reason(exc)}") from exc
            raise StoreError(f"Neo4j driver error ({type(exc).__name__}): {_reason(exc)}") from exc

    def _server_error(self, exc: neo4j_errors.Neo4jError, *, user_query: bool, timeout: float | None) -> Exception:
        code = exc.code or ""
        message = _first_line(exc.message or str(exc))
        if code == "Neo.ClientError.Database.DatabaseNotFound":
            return StoreUnavailableError(
                f"Neo4j at {self.uri} has no database {self.database!r}: check NEO4J_DATABASE "
                "(Community Edition has only 'neo4j')"
            )
        if "TransactionTimedOut" in code:
            limit = f" of {timeout:g} s" if timeout else ""
            return QueryError(f"the query ran past its time limit{limit} and was stopped")
        if code.startswith("Neo.ClientError.Security."):
            if user_query and code == "Neo.ClientError.Security.Forbidden":
                return ForbiddenQueryError(f"Neo4j refused the query: {message}")
            return StoreUnavailableError(f"Neo4j at {self.uri} refused user {self.username!r}: {message}")
        if isinstance(exc, neo4j_errors.TransientError):
            return StoreUnavailableError(f"Neo4j at {self.uri} is busy or restarting ({message}); try again shortly")
        if user_query and code in ("Neo.ClientError.Statement.AccessMode", "Neo.ClientError.General.ReadOnly"):
            return ForbiddenQueryError("the query would write; only read-only Cypher is allowed")
        if user_query and isinstance(exc, neo4j_errors.ClientError):
            return QueryError(f"Neo4j refused the query: {message}")
        return StoreError(f"Neo4j failed ({code or type(exc).__name__}): {message}")

    # -- writes --------------------------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> WriteSummary:
        """Apply one batch in one write transaction: delete the facts of ``batch.replaces``, then merge.

        Relationships whose ends the batch does not hold are checked by the merge itself (each end found on the
        ``Node.id`` constraint with a label the schema allows there), not by a look-up before the write; when a
        row finds no such end the write is rolled back and the full check says which relationship failed."""
        check_batch(self, batch, self.schema, look_up_ends=False)
        nodes, rels = merged_nodes(batch.nodes), merged_rels(batch.rels)
        node_statements, rel_statements = upsert_statements(nodes, rels, batch_size=self.batch_size, schema=self.schema)
        replaces = list(dict.fromkeys(batch.replaces))
        delete_rels = [
            {"source": source, "type": rel_type, "target": target}
            for source, rel_type, target in dict.fromkeys(tuple(key) for key in batch.delete_rels)
        ]
        if not (replaces or node_statements or rel_statements or delete_rels or batch.delete_nodes):
            return WriteSummary()

        def work(tx: ManagedTransaction) -> WriteSummary:
            nodes_deleted, rels_deleted = self._delete_article_facts(tx, replaces)
            rels_deleted += sum(
                _single(tx, cypher("delete_rels"), {"rows": rows}, "deleted")
                for rows in chunks(delete_rels, self.batch_size)
            )
            if batch.delete_nodes:
                touched = list(dict.fromkeys(batch.delete_nodes))
                rels_deleted += sum(
                    _single(tx, cypher("delete_rels_touching"), {"ids": ids}, "deleted")
                    for ids in chunks(touched, self.batch_size)
                )
                nodes_deleted += sum(
                    _single(tx, cypher("delete_nodes"), {"ids": ids}, "deleted")
                    for ids in chunks(touched, self.batch_size)
                )
            nodes_written = sum(self._merge_nodes(tx, statement) for statement in node_statements)
            rels_written = 0
            for statement in rel_statements:
                changed, matched = self._merge_rels(tx, statement)
                if matched < statement.rows:
                    raise _EndNotFound
                rels_written += changed
            return WriteSummary(nodes_written, rels_written, nodes_deleted, rels_deleted)

        try:
            return self._execute(WRITE_ACCESS, work)
        except _EndNotFound:
            pass  # rolled back; the check with look-ups names the relationship (and raises what the embedded store does)
        check_batch(self, batch, self.schema)
        raise SchemaError("a relationship's end was deleted while the batch was written (by this write or another)")

    def _delete_article_facts(self, tx: ManagedTransaction, article_ids: list[str]) -> tuple[int, int]:
        if not article_ids:
            return 0, 0
        text = for_labels("delete_article_facts", owned_labels(self.schema), self.schema)
        record = tx.run(text, {"article_ids": article_ids}).single()
        return (int(record["nodes_deleted"]), int(record["rels_deleted"])) if record is not None else (0, 0)

    def _merge_rels(self, tx: ManagedTransaction, statement: Statement) -> tuple[int, int]:
        """Merge one chunk of relationships: how many changed, and how many rows found both their ends."""
        record = tx.run(statement.text, statement.parameters).single()
        return (int(record["changed"]), int(record["matched"])) if record is not None else (0, 0)

    def _merge_nodes(self, tx: ManagedTransaction, statement: Statement) -> int:
        """Merge one chunk of nodes; a node written again under another label is refused (SchemaError, and the
        transaction rolls back), as in the embedded store."""
        record = tx.run(statement.text, statement.parameters).single()
        if record is None:
            return 0
        for node_id, old_labels, new_label in record["relabelled"][:1]:
            old = schema_label(old_labels, self.schema)
            raise SchemaError(f"node {node_id!r} is a {old}, cannot rewrite it as a {new_label}")
        return int(record["changed"])

    def clear(self) -> WriteSummary:
        """Delete every node and relationship in the database, a page of ``batch_size`` nodes per transaction."""
        counted = self._read_rows(cypher("count_all"), {})
        nodes = int(counted[0]["nodes"]) if counted else 0
        rels = int(counted[0]["rels"]) if counted else 0
        page = {"limit": self.batch_size}
        while self._execute(WRITE_ACCESS, lambda tx: _single(tx, cypher("clear_page"), page, "deleted")):
            pass
        return WriteSummary(nodes_deleted=nodes, rels_deleted=rels)

    def apply_schema(self) -> list[str]:
        """Create the key constraints and indexes (idempotent), and the property-existence constraints when the
        server is Enterprise Edition; on Community Edition the last line returned is a note saying they were
        skipped."""
        ran: list[str] = []
        judgement_key = _without_comments(cypher("judgement_constraint")).strip()
        for statement in [*self.schema.constraint_statements(), *self.schema.index_statements(), judgement_key]:
            self._execute(WRITE_ACCESS, _consumer(statement))
            ran.append(statement)
        existence = self.schema.existence_statements()
        if existence:
            edition = self.edition()
            if edition == "enterprise":
                for statement in existence:
                    self._execute(WRITE_ACCESS, _consumer(statement))
                    ran.append(statement)
            else:
                ran.append(
                    f"// skipped {len(existence)} property-existence constraints: they need Neo4j Enterprise "
                    f"Edition and this server runs {edition} edition (the loaders always set those properties)"
                )
        self._execute(WRITE_ACCESS, _consumer(cypher("await_indexes")))
        return ran

    def edition(self) -> str:
        """The server's edition: ``community`` or ``enterprise`` (Aura reports enterprise)."""
        rows = self._read_rows(cypher("edition"), {})
        return str(rows[0]["edition"]).lower() if rows else "unknown"

    # -- judgements: :Judgement nodes outside the :Node graph ---------------------------------------------------

    def save_judgements(self, judgements: Sequence[Judgement]) -> None:
        rows = [{"id": j.id, "at": j.when, "body": j.to_json()} for j in judgements]
        if rows:
            self._execute(WRITE_ACCESS, lambda tx: _single(tx, cypher("judgements_save"), {"rows": rows}, "saved"))

    def judgements(self) -> list[Judgement]:
        rows = self._read_rows(cypher("judgements_list"), {})
        return [from_dict(json.loads(row["body"]), where="stored judgement") for row in rows]

    def delete_judgement(self, judgement_id: str) -> Judgement | None:
        def work(tx: ManagedTransaction) -> str | None:
            record = tx.run(cypher("judgement_delete"), {"id": judgement_id}).single()
            return None if record is None else str(record["body"])

        body = self._execute(WRITE_ACCESS, work)
        return None if body is None else from_dict(json.loads(body), where="stored judgement")

    # -- reads ---------------------------------------------------------------------------------------------

    def get_nodes(self, ids: Iterable[str]) -> list[NodeRecord]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, NodeRecord] = {}
        for chunk in chunks(wanted, self.batch_size):
            for row in self._read_rows(cypher("get_nodes"), {"ids": chunk}):
                found[row["id"]] = self._node_record(row)
        return [found[node_id] for node_id in wanted if node_id in found]

    def node_labels(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(ids))
        labels: dict[str, str] = {}
        for chunk in chunks(wanted, self.batch_size):
            for row in self._read_rows(cypher("node_labels"), {"ids": chunk}):
                labels[row["id"]] = schema_label(row["labels"], self.schema)
        return labels

    def find_nodes(self, label: str, prop: str, values: Iterable[Any]) -> list[NodeRecord]:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", prop):
            raise SchemaError(f"not a property name: {prop!r}")
        text = for_label("find_nodes", label, self.schema).replace(PROP_SLOT, prop)
        rows = self._read_rows(text, {"values": list(dict.fromkeys(values))})
        return [self._node_record(row) for row in rows]

    def rels_of(self, node_ids: Iterable[str], types: Iterable[str] | None = None) -> list[RelRecord]:
        if types is None:
            text = cypher("rels_of")
        else:
            wanted = sorted({self.schema.check_relationship_type(t) for t in types})
            if not wanted:
                return []
            text = cypher("rels_of_types").replace(TYPE_SLOT, "|".join(wanted))
        found: dict[tuple[str, str, str], RelRecord] = {}
        for chunk in chunks(list(dict.fromkeys(node_ids)), self.batch_size):
            for row in self._read_rows(text, {"ids": chunk}):
                key = (row["source"], row["rel_type"], row["target"])
                found[key] = RelRecord(*key, row["props"] or {})
        return [found[key] for key in sorted(found)]

    def stats(self) -> GraphStats:
        label_query, type_query = count_statements(self.schema)

        def work(tx: ManagedTransaction) -> tuple[dict[str, int], dict[str, int]]:
            labels = {row["name"]: row["count"] for row in tx.run(label_query) if row["count"]}
            types = {row["name"]: row["count"] for row in tx.run(type_query) if row["count"]}
            return dict(sorted(labels.items())), dict(sorted(types.items()))

        labels, types = self._execute(READ_ACCESS, work)
        return GraphStats(labels, types)

    def iter_nodes(self) -> Iterator[NodeRecord]:
        """Every node ordered by id, one read transaction per page of ``batch_size`` nodes."""
        after: str | None = None
        while True:
            limit = self.batch_size + (after is not None)
            rows = self._read_rows(cypher("nodes_page"), {"after": after or "", "limit": limit})
            for row in rows:
                if row["id"] != after:
                    yield self._node_record(row)
            if len(rows) < limit:
                return
            after = rows[-1]["id"]

    def iter_rels(self) -> Iterator[RelRecord]:
        """Every relationship ordered by (source, type, target), paged over ``batch_size`` source nodes."""
        after: str | None = None
        while True:
            limit = self.batch_size + (after is not None)
            rows = self._read_rows(cypher("rels_page"), {"after": after or "", "limit": limit})
            sources = list(dict.fromkeys(row["source"] for row in rows))
            for row in rows:
                if row["source"] != after and row["rel_type"] is not None:
                    yield RelRecord(row["source"], row["rel_type"], row["target"], row["props"] or {})
            if len(sources) < limit:
                return
            after = sources[-1]

    def article_digest(self, article_id: str) -> str | None:
        rows = self._read_rows(cypher("article_digest"), {"id": article_id})
        return rows[0]["sha256"] if rows else None

    def read(
        self,
        query: str,
        parameters: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        row_cap: int | None = None,
        write: bool = False,
    ) -> list[dict[str, Any]]:
        """Run Cypher and return at most ``row_cap`` rows as plain JSON-able dicts (see ``to_plain``).

        By default in a read transaction (routed to a reader on a cluster; the server refuses writes), ended by
        the server after ``timeout`` seconds. Ask for ``row_cap + 1`` rows to learn whether more exist.
        ``write=True`` runs it in an auto-commit write transaction instead (maintenance, test fixtures; it
        allows ``CALL {…} IN TRANSACTIONS``); never pass it for Cypher from a user.
        """
        if row_cap is not None and row_cap < 0:
            raise QueryError(f"the row cap must not be negative (got {row_cap})")
        params = dict(parameters or {})

        def rows_of(result: Any) -> list[dict[str, Any]]:
            records = result.fetch(row_cap) if row_cap is not None else list(result)
            return [{key: to_plain(value) for key, value in record.items()} for record in records]

        if write:
            with self._translated_errors(timeout=timeout):
                self._check_reachable()
                with self._driver.session(database=self.database, default_access_mode=WRITE_ACCESS) as session:
                    result = session.run(Query(query, timeout=timeout), params)
                    rows = rows_of(result)
                    result.consume()
                    return rows

        @unit_of_work(timeout=timeout)
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return rows_of(tx.run(query, params))

        return self._execute(READ_ACCESS, work, user_query=True, timeout=timeout)

    def _node_record(self, row: dict[str, Any]) -> NodeRecord:
        props = {key: value for key, value in (row["props"] or {}).items() if key != KEY}
        return NodeRecord(row["id"], schema_label(row["labels"], self.schema), props)


def _consumer(statement: str) -> Callable[[ManagedTransaction], None]:
    def work(tx: ManagedTransaction) -> None:
        tx.run(statement).consume()

    return work


def _single(tx: ManagedTransaction, text: str, parameters: dict[str, Any], column: str) -> int:
    record = tx.run(text, parameters).single()
    return int(record[column]) if record is not None else 0


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip() if text.strip() else "no details"


def _reason(exc: Exception) -> str:
    """The useful part of a connection error ("[Errno 111] Connection refused"), on one line."""
    text = str(exc)
    found = re.search(r"\(reason (.+?)\)\s*$", text, flags=re.S)
    return _first_line(found.group(1) if found else text)
