"""The embedded store: SQLite on disk for durability, networkx in memory for traversals and analytics.

Why SQLite: it ships with Python, a transaction is atomic and durable (WAL journal), so a process killed in the
middle of a write leaves the file as it was before or after that write; upserts touch only the rows they change,
so adding articles never rewrites the store; and readers in other processes see committed writes only.

Every row carries the store ``version`` of the transaction that last changed it, and deletions leave a
tombstone, so the in-memory networkx graph catches up with writes from any process by reading only what
changed since it was built.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import re
import sqlite3
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import (
    SchemaError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    store_error,
)
from graph.judgements import Judgement, from_dict
from graph.records import GraphBatch, GraphStats, NodeRecord, RelRecord, WriteSummary
from graph.schema import SCHEMA, GraphSchema
from graph.store import GraphStore
from graph.validation import check_batch

FORMAT = "claimgraph-embedded-1"
DB_FILE = "claimgraph.sqlite"
_PROPERTY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CHUNK = 400  # ids per IN (...) lookup, under SQLite's host-parameter limit
_RESTORE = "restore it from a backup, or move it away to start a new store"

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, owner TEXT, props TEXT NOT NULL, version INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label);
CREATE INDEX IF NOT EXISTS nodes_owner ON nodes(owner) WHERE owner IS NOT NULL;
CREATE INDEX IF NOT EXISTS nodes_version ON nodes(version);
CREATE TABLE IF NOT EXISTS edges (
    src TEXT NOT NULL, type TEXT NOT NULL, dst TEXT NOT NULL, props TEXT NOT NULL, version INTEGER NOT NULL,
    PRIMARY KEY (src, type, dst)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, type);
CREATE INDEX IF NOT EXISTS edges_version ON edges(version);
CREATE TABLE IF NOT EXISTS tombstones (kind TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS tombstones_version ON tombstones(version);
CREATE TABLE IF NOT EXISTS judgements (id TEXT PRIMARY KEY, at TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
"""


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # built once, not per call


def _dumps(props: Any) -> str:
    return _encode(props) if props else "{}"  # most relationships have no properties


def _without_none(props: dict[str, Any]) -> dict[str, Any]:
    """``_merge({}, props)`` without the copy when no value is None (the usual case)."""
    if None in props.values():
        return {key: value for key, value in props.items() if value is not None}
    return props


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Cypher ``SET n += $new``: new keys win, a None value removes the key."""
    merged = {**old, **new}
    return {key: value for key, value in merged.items() if value is not None}


# A batch's nodes and relationships, merged per id / key in batch order, each with the properties it would be stored
# with if it were new (``_merge({}, new)``) and their JSON: (label, new properties, properties if new, their JSON).
_PreparedNode = tuple[str, dict[str, Any], dict[str, Any], str]
_PreparedRel = tuple[dict[str, Any], str]  # (new properties, JSON of the properties if new)


def _prepare_nodes(nodes: Sequence[NodeRecord]) -> dict[str, _PreparedNode]:
    latest: dict[str, tuple[str, dict[str, Any]]] = {}
    for node in nodes:
        earlier = latest.get(node.id)  # several records for one node in a batch merge in order
        latest[node.id] = (node.label, {**earlier[1], **node.properties} if earlier else node.properties)
    prepared: dict[str, _PreparedNode] = {}
    for node_id, (label, new_props) in latest.items():
        fresh_props = _without_none(new_props)
        prepared[node_id] = (label, new_props, fresh_props, _dumps(fresh_props))
    return prepared


def _prepare_rels(rels: Sequence[RelRecord]) -> dict[tuple[str, str, str], _PreparedRel]:
    latest: dict[tuple[str, str, str], dict[str, Any]] = {}
    for rel in rels:
        key = (rel.source, rel.type, rel.target)
        earlier = latest.get(key)
        latest[key] = {**earlier, **rel.properties} if earlier is not None else rel.properties
    return {key: (new_props, _dumps(_without_none(new_props))) for key, new_props in latest.items()}


@dataclass(slots=True)
class GraphChanges:
    """What the writes between two versions of the networkx graph changed: the nodes added, updated or deleted
    (with their labels) and the relationships (source, type, target) added, updated or deleted."""

    nodes: dict[str, str] = field(default_factory=dict)
    rels: set[tuple[str, str, str]] = field(default_factory=set)

    def update(self, other: GraphChanges) -> None:
        self.nodes.update(other.nodes)
        self.rels |= other.rels


_CHANGE_LOG = 256  # catch-ups remembered for graph_changes; an index older than that is rebuilt


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class EmbeddedStore(GraphStore):
    """A store in one SQLite file under ``directory``; no server, nothing to configure."""

    kind = "embedded"

    def __init__(self, directory: str | Path, *, schema: GraphSchema = SCHEMA, create: bool = True) -> None:
        self.directory = Path(directory)
        self.schema = schema
        self.path = self.directory / DB_FILE
        if not self.path.exists() and not create:
            raise StoreError(f"no Claimgraph store at {self.directory} (run `claimgraph load` first)")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {self.directory}: {exc.strerror}") from exc
        self._lock = threading.RLock()
        self._graph: nx.MultiDiGraph | None = None
        self._graph_version = -1
        # (version reached, what the catch-up to it changed), oldest first, since the graph was last loaded whole.
        self._change_log: list[tuple[int, GraphChanges]] = []
        self._change_log_start = -1  # changes before this version are unknown
        self._stats: tuple[int, GraphStats] | None = None
        if self.path.exists() and self.path.stat().st_size == 0:
            # What a truncated copy or a disk that filled up leaves: not an empty store to report, or to fill anew.
            raise StoreCorruptError(f"{self.path} is an empty file (0 bytes), not a Claimgraph store: {_RESTORE}")
        self.read_only = self.path.exists() and not os.access(self.directory, os.W_OK)
        try:
            if not self.path.exists() and not self.read_only:
                self._create_atomically()
            if self.read_only:
                self._conn = self._open_read_only()
            else:
                self._conn = self._open_read_write()
        except sqlite3.DatabaseError as exc:
            found = store_error(exc, self.path)
            if isinstance(found, StoreFullError):
                raise found from exc
            if isinstance(found, StoreCorruptError):
                raise StoreCorruptError(f"{self.path} is not a readable Claimgraph store: {exc}: {_RESTORE}") from exc
            if isinstance(found, StoreReadOnlyError) or (found is not None and self.path.exists()):
                self.read_only = True  # a read-only file on a writable volume, say: readable all the same
                self._conn = self._open_read_only()
            else:
                raise StoreCorruptError(f"{self.path} is not a readable Claimgraph store: {exc}") from exc

    def _create_atomically(self) -> None:
        """A new store appears whole: its tables are written to a temporary file that is then linked into place.

        A load killed while creating the store would otherwise leave a 0-byte file, which is damage (see above),
        not a store to resume. Linking, unlike renaming, never replaces a store another process created meanwhile.
        """
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.new")
        temporary.unlink(missing_ok=True)
        conn = sqlite3.connect(temporary, isolation_level=None)
        try:
            self._conn = conn
            self._init_tables()
            self.apply_schema()
        except BaseException:
            conn.close()
            temporary.unlink(missing_ok=True)  # a disk that filled up leaves no half-made store behind
            raise
        conn.close()
        try:
            os.link(temporary, self.path)
        except FileExistsError:
            pass  # another process created the store first: use theirs
        except OSError:  # a file system without hard links
            if not self.path.exists():
                os.replace(temporary, self.path)
        temporary.unlink(missing_ok=True)

    def _open_read_write(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=60)
        self._conn = conn
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=60000")
        conn.execute("PRAGMA cache_size=-65536")
        # Checkpoint the WAL into the database every ~80 MB rather than every 4 MB: bulk loads commit
        # often, and each checkpoint rewrites and syncs pages a later batch would touch again.
        conn.execute("PRAGMA wal_autocheckpoint=20000")
        self._init_tables()
        self.apply_schema()  # cheap when the indexes exist; find_nodes relies on them
        return conn

    def _open_read_only(self) -> sqlite3.Connection:
        """The store on a read-only volume: every read works, a write is refused (StoreReadOnlyError).

        Without a write-ahead log to replay, the file is opened ``immutable`` (SQLite then needs no -shm file,
        which it could not create here); with one, ``mode=ro``, which needs the -shm file beside it."""
        wal = self.path.with_name(self.path.name + "-wal")
        mode = "ro" if wal.exists() and wal.stat().st_size > 0 else "ro&immutable=1"
        uri = f"file:{urllib.parse.quote(str(self.path.resolve()))}?mode={mode}"
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None, timeout=60)
            self._conn = conn
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.DatabaseError as exc:
            found = store_error(exc, self.path)
            if isinstance(found, StoreCorruptError):
                raise found from exc
            raise StoreCorruptError(f"{self.path} is not a readable Claimgraph store: {exc}") from exc
        if row is None or row[0] != FORMAT:
            raise StoreCorruptError(f"{self.path} holds format {row[0] if row else None!r}, expected {FORMAT!r}")
        return conn

    def verify(self) -> None:
        """Read every page of the file (SQLite's quick_check): StoreCorruptError if any is damaged. Run before
        serving, where damage found later would fail requests one by one."""
        try:
            problems = [row[0] for row in self._conn.execute("PRAGMA quick_check(5)")]
        except sqlite3.DatabaseError as exc:
            raise store_error(exc, self.path) or StoreCorruptError(f"{self.path} is damaged: {exc}") from exc
        if problems != ["ok"]:
            lines = [line for line in problems[0].splitlines() if line.strip() and not line.startswith("***")]
            first = lines[0] if lines else problems[0]
            raise StoreCorruptError(f"{self.path} is damaged ({first} …): {_RESTORE}")

    # -- setup ---------------------------------------------------------------------------------------------

    def _init_tables(self) -> None:
        self._conn.executescript(_TABLES)  # idempotent DDL; executescript commits on its own
        with self._transaction(immediate=True) as cur:
            row = cur.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None:
                cur.execute("INSERT INTO meta VALUES ('format', ?), ('version', '0')", (FORMAT,))
            elif row[0] != FORMAT:
                raise StoreCorruptError(f"{self.path} holds format {row[0]!r}, expected {FORMAT!r}")

    @contextmanager
    def _transaction(self, *, immediate: bool = False) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")
            finally:
                cur.close()

    def apply_schema(self) -> list[str]:
        """Expression indexes on the properties the schema marks as indexed."""
        statements = [
            f"CREATE INDEX IF NOT EXISTS nodes_{label.lower()}_{name} "
            f"ON nodes(json_extract(props, '$.{name}')) WHERE label = '{label}'"
            for label, spec in self.schema.nodes.items()
            for name, prop in spec.properties.items()
            if prop.index
        ]
        with self._transaction(immediate=True) as cur:
            for statement in statements:
                cur.execute(statement)
        return statements

    def reopener(self) -> Callable[[], EmbeddedStore]:
        return functools.partial(EmbeddedStore, self.directory, schema=self.schema)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- writes --------------------------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> WriteSummary:
        check_batch(self, batch, self.schema)
        # What does not depend on the stored graph is prepared before taking the write lock, so that parallel
        # loaders spend as little as possible of their time inside it (SQLite admits one writer at a time).
        nodes, rels = _prepare_nodes(batch.nodes), _prepare_rels(batch.rels)
        with self._transaction(immediate=True) as cur:
            version = int(cur.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]) + 1
            nodes_deleted, rels_deleted = self._delete_article_facts(cur, batch.replaces, version)
            rels_deleted += self._delete_rels(cur, batch.delete_rels, version)
            if batch.delete_nodes:
                n_nodes, n_rels = self._delete_nodes(cur, batch.delete_nodes, version)
                nodes_deleted, rels_deleted = nodes_deleted + n_nodes, rels_deleted + n_rels
            nodes_written, fresh = self._upsert_nodes(cur, nodes, version)
            # Nothing can be attached yet to a node created just now, or to an article whose relationships
            # were all deleted above: relationships touching them need no lookup.
            fresh.update(batch.replaces)
            rels_written = self._upsert_rels(cur, rels, version, fresh)
            summary = WriteSummary(nodes_written, rels_written, nodes_deleted, rels_deleted)
            if summary.changed:
                cur.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(version),))
        return summary

    def clear(self) -> WriteSummary:
        with self._transaction(immediate=True) as cur:
            nodes = cur.execute("SELECT count(*) FROM nodes").fetchone()[0]
            rels = cur.execute("SELECT count(*) FROM edges").fetchone()[0]
            cur.execute("DELETE FROM edges")
            cur.execute("DELETE FROM nodes")
            cur.execute("DELETE FROM tombstones")
            cur.execute("DELETE FROM judgements")
            # A new epoch: other processes' cached graphs are rebuilt from scratch, not caught up.
            cur.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(self._next_epoch(cur)),))
        return WriteSummary(nodes_deleted=nodes, rels_deleted=rels)

    # -- judgements: a table of their own, which no write of the graph touches -----------------------------------

    def save_judgements(self, judgements: Sequence[Judgement]) -> None:
        rows = [(j.id, j.when, j.to_json()) for j in judgements]
        with self._transaction(immediate=True) as cur:
            cur.executemany("INSERT OR REPLACE INTO judgements (id, at, body) VALUES (?, ?, ?)", rows)

    def judgements(self) -> list[Judgement]:
        with self._lock:
            try:
                rows = self._conn.execute("SELECT body FROM judgements ORDER BY at, id").fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):  # a read-only store written before judgements existed
                    return []
                raise
        return [from_dict(json.loads(body), where=f"{self.path} judgement") for (body,) in rows]

    def delete_judgement(self, judgement_id: str) -> Judgement | None:
        with self._transaction(immediate=True) as cur:
            row = cur.execute("SELECT body FROM judgements WHERE id = ?", (judgement_id,)).fetchone()
            if row is None:
                return None
            cur.execute("DELETE FROM judgements WHERE id = ?", (judgement_id,))
        return from_dict(json.loads(row[0]), where=f"{self.path} judgement")

    @staticmethod
    def _next_epoch(cur: sqlite3.Cursor) -> int:
        version = int(cur.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])
        cur.execute(
            "INSERT INTO meta VALUES ('epoch_start', ?) ON CONFLICT(key) DO UPDATE SET value = ?",
            (str(version + 1), str(version + 1)),
        )
        return version + 1

    def _delete_article_facts(self, cur: sqlite3.Cursor, article_ids: list[str], version: int) -> tuple[int, int]:
        owned: list[str] = []
        for article_id in dict.fromkeys(article_ids):
            owned += [row[0] for row in cur.execute("SELECT id FROM nodes WHERE owner = ?", (article_id,))]
        rels_deleted = self._delete_rels(cur, self._rels_touching(cur, [*article_ids, *owned]), version)
        nodes_deleted, more_rels = self._delete_nodes(cur, owned, version)
        return nodes_deleted, rels_deleted + more_rels

    @staticmethod
    def _rels_touching(cur: sqlite3.Cursor, node_ids: Sequence[str]) -> dict[tuple[str, str, str], str]:
        """Every relationship with an end among ``node_ids``: its key and its stored properties (JSON text)."""
        found: dict[tuple[str, str, str], str] = {}
        for chunk in _chunks(list(dict.fromkeys(node_ids))):
            marks = ",".join("?" * len(chunk))
            for column in ("src", "dst"):
                for src, rel_type, dst, props in cur.execute(
                    f"SELECT src, type, dst, props FROM edges WHERE {column} IN ({marks})", chunk
                ):
                    found[(src, rel_type, dst)] = props
        return found

    def _delete_rels(self, cur: sqlite3.Cursor, keys: Iterable[tuple[str, str, str]], version: int) -> int:
        deleted = 0
        for key in dict.fromkeys(tuple(k) for k in keys):
            cur.execute("DELETE FROM edges WHERE src = ? AND type = ? AND dst = ?", key)
            if cur.rowcount:
                deleted += 1
                cur.execute("INSERT INTO tombstones VALUES ('edge', ?, ?)", (_dumps(list(key)), version))
        return deleted

    def _delete_nodes(self, cur: sqlite3.Cursor, node_ids: Sequence[str], version: int) -> tuple[int, int]:
        """Delete nodes with their relationships (DETACH DELETE)."""
        rels_deleted = self._delete_rels(cur, self._rels_touching(cur, node_ids), version)
        deleted = 0
        for node_id in dict.fromkeys(node_ids):
            cur.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
            if cur.rowcount:
                deleted += 1
                cur.execute("INSERT INTO tombstones VALUES ('node', ?, ?)", (node_id, version))
        return deleted, rels_deleted

    def _upsert_nodes(self, cur: sqlite3.Cursor, nodes: dict[str, _PreparedNode], version: int) -> tuple[int, set[str]]:
        """Upsert nodes; returns how many changed and the ids that did not exist before."""
        existing: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(list(nodes)):
            marks = ",".join("?" * len(chunk))
            for node_id, label, props in cur.execute(
                f"SELECT id, label, props FROM nodes WHERE id IN ({marks})", chunk
            ):
                existing[node_id] = (label, props)
        rows = []
        for node_id, (label, new_props, fresh_props, fresh_json) in nodes.items():
            old = existing.get(node_id)
            if old is None:
                rows.append((node_id, label, fresh_props.get("article_id"), fresh_json, version))
                continue
            if old[0] != label:
                raise SchemaError(f"node {node_id!r} is a {old[0]}, cannot rewrite it as a {label}")
            stored = json.loads(old[1])
            props = _merge(stored, new_props)
            if props != stored:
                rows.append((node_id, label, props.get("article_id"), _dumps(props), version))
        cur.executemany(
            "INSERT INTO nodes (id, label, owner, props, version) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, props = excluded.props, "
            "version = excluded.version",
            rows,
        )
        return len(rows), set(nodes) - existing.keys()

    def _upsert_rels(
        self, cur: sqlite3.Cursor, rels: dict[tuple[str, str, str], _PreparedRel], version: int, fresh: set[str]
    ) -> int:
        rows = []
        for key, (new_props, fresh_json) in rels.items():
            # One primary-key lookup per relationship: a hub (an outlet that reported thousands of claims)
            # costs no more than a leaf, and SQLite cannot index-assist a row-value IN (VALUES …).
            if key[0] in fresh or key[2] in fresh:
                found = None
            else:
                found = cur.execute("SELECT props FROM edges WHERE src = ? AND type = ? AND dst = ?", key).fetchone()
            if found is None:
                rows.append((*key, fresh_json, version))
                continue
            stored = json.loads(found[0])
            props = _merge(stored, new_props)
            if props != stored:
                rows.append((*key, _dumps(props), version))
        cur.executemany(
            "INSERT INTO edges (src, type, dst, props, version) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(src, type, dst) DO UPDATE SET props = excluded.props, version = excluded.version",
            rows,
        )
        return len(rows)

    # -- reads ---------------------------------------------------------------------------------------------

    def get_nodes(self, ids: Iterable[str]) -> list[NodeRecord]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, NodeRecord] = {}
        with self._lock:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                for node_id, label, props in self._conn.execute(
                    f"SELECT id, label, props FROM nodes WHERE id IN ({marks})", chunk
                ):
                    found[node_id] = NodeRecord(node_id, label, json.loads(props))
        return [found[node_id] for node_id in wanted if node_id in found]

    def node_labels(self, ids: Iterable[str]) -> dict[str, str]:
        """Labels of the nodes with these ids that exist (a cheap existence check)."""
        wanted = list(dict.fromkeys(ids))
        labels: dict[str, str] = {}
        with self._lock:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                labels.update(self._conn.execute(f"SELECT id, label FROM nodes WHERE id IN ({marks})", chunk))
        return labels

    def find_nodes(self, label: str, prop: str, values: Iterable[Any]) -> list[NodeRecord]:
        self.schema.check_label(label)
        if not _PROPERTY_NAME.fullmatch(prop):
            raise SchemaError(f"not a property name: {prop!r}")
        wanted = list(dict.fromkeys(values))
        found: list[NodeRecord] = []
        with self._lock:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                # The label is spliced in (it passed the schema whitelist) so SQLite can use the partial
                # expression index on an indexed property (see apply_schema); a bound parameter would not.
                rows = self._conn.execute(
                    f"SELECT id, label, props FROM nodes WHERE label = '{label}' "
                    f"AND json_extract(props, '$.{prop}') IN ({marks}) ORDER BY id",
                    chunk,
                )
                found += [NodeRecord(node_id, node_label, json.loads(props)) for node_id, node_label, props in rows]
        return sorted(found, key=lambda node: node.id)

    def rels_of(self, node_ids: Iterable[str], types: Iterable[str] | None = None) -> list[RelRecord]:
        wanted_types = None if types is None else {self.schema.check_relationship_type(t) for t in types}
        with self._lock:
            found = self._rels_touching(self._conn.cursor(), list(node_ids))
        return [
            RelRecord(*key, json.loads(found[key]))
            for key in sorted(found)
            if wanted_types is None or key[1] in wanted_types
        ]

    def stats(self) -> GraphStats:
        # Counting half a million relationships takes a while; the counts change only when the version does.
        with self._transaction() as cur:
            version = int(cur.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])
            if self._stats is not None and self._stats[0] == version:
                return self._stats[1]
            labels = dict(cur.execute("SELECT label, count(*) FROM nodes GROUP BY label ORDER BY label"))
            types = dict(cur.execute("SELECT type, count(*) FROM edges GROUP BY type ORDER BY type"))
        self._stats = (version, GraphStats(labels, types))
        return self._stats[1]

    def iter_nodes(self) -> Iterator[NodeRecord]:
        with self._transaction() as cur:
            rows = cur.execute("SELECT id, label, props FROM nodes ORDER BY id").fetchall()
        for node_id, label, props in rows:
            yield NodeRecord(node_id, label, json.loads(props))

    def iter_rels(self) -> Iterator[RelRecord]:
        with self._transaction() as cur:
            rows = cur.execute("SELECT src, type, dst, props FROM edges ORDER BY src, type, dst").fetchall()
        for src, rel_type, dst, props in rows:
            yield RelRecord(src, rel_type, dst, json.loads(props))

    def article_digest(self, article_id: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT json_extract(props, '$.sha256') FROM nodes WHERE id = ? AND label = 'Article'",
                (article_id,),
            ).fetchone()
        return row[0] if row else None

    @property
    def version(self) -> int:
        """The version of the last committed write; it changes whenever any process writes."""
        with self._lock:
            return int(self._conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])

    # -- the networkx view ---------------------------------------------------------------------------------

    @contextmanager
    def read_graph(self) -> Iterator[nx.MultiDiGraph]:
        """The whole graph as a ``MultiDiGraph`` (node attributes: ``label`` and properties; edge key: type).

        Up to date with every committed write; hold it only inside the ``with`` block, which keeps writers in
        this process from changing it under you. Do not modify it.
        """
        with self._lock:
            yield self._refreshed_graph()  # shared edge-property dicts: treat everything as read-only

    def _refreshed_graph(self) -> nx.MultiDiGraph:
        with self._transaction() as cur:
            version = int(cur.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])
            epoch = cur.execute("SELECT value FROM meta WHERE key = 'epoch_start'").fetchone()
            if self._graph is None or (epoch is not None and int(epoch[0]) > self._graph_version):
                self._graph = self._load_graph(cur)
                self._change_log, self._change_log_start = [], version
            elif version != self._graph_version:
                changes = self._catch_up(cur, self._graph, self._graph_version)
                self._change_log.append((version, changes))
                if len(self._change_log) > _CHANGE_LOG:
                    self._change_log_start = self._change_log.pop(0)[0]
            self._graph_version = version
        return self._graph

    def graph_changes(self, since: int) -> tuple[int, GraphChanges | None]:
        """The version of the networkx graph and what changed in it after version ``since`` (None if unknown:
        the graph was loaded whole since then). Call it inside ``read_graph``, which keeps the two consistent;
        indexes over the graph use it to update themselves instead of being rebuilt."""
        with self._lock:
            if since < self._change_log_start or since > self._graph_version:
                return self._graph_version, None
            changes = GraphChanges()
            for version, step in self._change_log:
                if version > since:
                    changes.update(step)
            return self._graph_version, changes

    @staticmethod
    def _load_graph(cur: sqlite3.Cursor) -> nx.MultiDiGraph:
        # The cyclic GC would rescan the growing graph again and again while it is built: pause it, then freeze
        # the result so later collections (while serving) skip these long-lived objects.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            graph = nx.MultiDiGraph()
            graph.add_nodes_from(
                (node_id, {**json.loads(props), "label": label})
                for node_id, label, props in cur.execute("SELECT id, label, props FROM nodes")
            )
            # Filling networkx's adjacency dicts directly is several times faster than add_edges_from; the
            # structure is exactly what add_edge builds (succ[u][v] and pred[v][u] share one key dict).
            # Relationship properties repeat a lot ({}, {"role": "victims"}), so equal texts share one dict.
            decoded: dict[str, dict[str, Any]] = {}
            succ, pred = graph._succ, graph._pred
            for src, rel_type, dst, props in cur.execute("SELECT src, type, dst, props FROM edges"):
                keys = succ[src].get(dst)
                if keys is None:
                    keys = succ[src][dst] = pred[dst][src] = {}
                data = decoded.get(props)
                if data is None:
                    data = json.loads(props)
                    if len(decoded) < 100_000:
                        decoded[props] = data
                keys[rel_type] = data
            nx._clear_cache(graph)
        finally:
            if gc_was_enabled:
                gc.enable()
        gc.freeze()
        return graph

    @staticmethod
    def _catch_up(cur: sqlite3.Cursor, graph: nx.MultiDiGraph, since: int) -> GraphChanges:
        changes = GraphChanges()
        for kind, key in cur.execute("SELECT kind, key FROM tombstones WHERE version > ?", (since,)):
            if kind == "node":
                if key in graph:
                    changes.nodes[key] = graph.nodes[key]["label"]
                    # DETACH DELETE: the relationships go too (their tombstones may be missing from an old store)
                    changes.rels.update((key, rel_type, dst) for _, dst, rel_type in graph.out_edges(key, keys=True))
                    changes.rels.update((src, rel_type, key) for src, _, rel_type in graph.in_edges(key, keys=True))
                    graph.remove_node(key)
            else:
                src, rel_type, dst = json.loads(key)
                if graph.has_edge(src, dst, rel_type):
                    changes.rels.add((src, rel_type, dst))
                    graph.remove_edge(src, dst, rel_type)
        for node_id, label, props in cur.execute("SELECT id, label, props FROM nodes WHERE version > ?", (since,)):
            if node_id in graph:
                graph.nodes[node_id].clear()
            graph.add_node(node_id, **json.loads(props), label=label)
            changes.nodes[node_id] = label
        for src, rel_type, dst, props in cur.execute(
            "SELECT src, type, dst, props FROM edges WHERE version > ?", (since,)
        ):
            if graph.has_edge(src, dst, rel_type):
                graph.remove_edge(src, dst, rel_type)
            graph.add_edge(src, dst, key=rel_type, **json.loads(props))
            changes.rels.add((src, rel_type, dst))
        return changes
