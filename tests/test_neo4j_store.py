"""The Neo4j store without a Neo4j server: settings and URIs, the Cypher it generates, and its errors.

Errors and the wire protocol are checked against a closed port and against ``tests/fake_bolt.py``, a tiny
Bolt server the official driver really talks to. The store's answers on real data are checked by the contract
suite whenever NEO4J_URI points at a Neo4j server.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources

import pytest
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration
from typer.testing import CliRunner

from api.cli import app
from graph.errors import ConfigError, ForbiddenQueryError, QueryError, SchemaError, StoreError, StoreUnavailableError
from graph.neo4j_store import (
    LABEL_SLOT,
    SOURCES_SLOT,
    TARGETS_SLOT,
    TYPE_SLOT,
    URI_SCHEMES,
    Neo4jStore,
    check_database,
    check_uri,
    count_statements,
    cypher,
    for_label,
    for_labels,
    for_type,
    merge_nodes_statement,
    merge_rels_statement,
    merged_nodes,
    merged_rels,
    owned_labels,
    schema_label,
    to_plain,
    upsert_statements,
)
from graph.records import GraphBatch, GraphStats, NodeRecord, RelRecord, WriteSummary
from graph.schema import BASE_LABEL, SCHEMA
from graph.settings import Settings
from tests.fake_bolt import FakeBolt, Script, Structure, free_port
from tests.test_store_contract import sample_batch

CLOSED = "bolt://127.0.0.1:1"
PASSWORD = "not-the-real-pass-42"
STORE_CYPHER = sorted(
    path.name.removesuffix(".cypher")
    for path in resources.files("queries").joinpath("store").iterdir()
    if path.name.endswith(".cypher")
)


def quick_store(uri: str = CLOSED, **options: object) -> Neo4jStore:
    """A store that gives up fast: these tests must not wait on retries."""
    settings = {"password": PASSWORD, "connection_timeout": 2.0, "max_transaction_retry_time": 0.5}
    return Neo4jStore(uri, **(settings | options))  # type: ignore[arg-type]


@pytest.fixture
def fake() -> Iterator[FakeBolt]:
    server = FakeBolt(Script())
    yield server
    server.stop()


# -- settings and URIs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", URI_SCHEMES)
def test_every_bolt_scheme_is_accepted(scheme: str) -> None:
    assert check_uri(f" {scheme}://db.example.org:7687 ") == f"{scheme}://db.example.org:7687"


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("http://localhost:7474", "must start with one of bolt://"),
        ("localhost:7687", "must start with one of"),
        ("bolt://neo4j:secret@localhost:7687", "must not contain credentials"),
        ("bolt://", "has no host"),
        ("bolt://localhost:99999", "not a valid URI"),
        ("bolt://localhost:7687/movies", "set the database with NEO4J_DATABASE"),
    ],
)
def test_bad_uris_are_refused_with_the_reason(uri: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        check_uri(uri)
    assert "secret" not in str(caught.value)


def test_database_names() -> None:
    assert check_database("neo4j") == "neo4j"
    assert check_database(" claims-2025 ") == "claims-2025"
    assert check_database("") is None  # the user's home database
    assert check_database(None) is None
    with pytest.raises(ConfigError, match="NEO4J_DATABASE"):
        check_database("my db; DROP")


def test_from_settings_reads_the_ecosystem_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://abcd1234.databases.neo4j.io")
    monkeypatch.setenv("NEO4J_USERNAME", "analyst")
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    monkeypatch.setenv("NEO4J_DATABASE", "claims")
    monkeypatch.setenv("CLAIMGRAPH_BATCH_SIZE", "250")
    store = Neo4jStore.from_settings(Settings())
    try:
        assert (store.uri, store.username, store.database, store.batch_size) == (
            "neo4j+s://abcd1234.databases.neo4j.io",
            "analyst",
            "claims",
            250,
        )
        assert store.kind == "neo4j"
        assert PASSWORD not in repr(store)
        assert PASSWORD not in repr(vars(store))
    finally:
        store.close()


def test_from_settings_without_a_uri_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(ConfigError, match="NEO4J_URI is not set"):
        Neo4jStore.from_settings(Settings())


def test_batch_size_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="at least 1"):
        Neo4jStore(CLOSED, batch_size=0)


# -- generated Cypher ----------------------------------------------------------------------------------------

_LABELS_IN_CYPHER = re.compile(r"[(\[]\s*\w*\s*:\s*(\w+)|\b\w+\s*:\s*(\w+)\s*,\s*\w+\s*\+=|SET \w+:(\w+)")


def labels_used(text: str) -> set[str]:
    """Labels and relationship types that node/relationship patterns or SET clauses in ``text`` name."""
    return {name for match in _LABELS_IN_CYPHER.finditer(text) for name in match.groups() if name}


def test_every_store_statement_exists_and_is_documented() -> None:
    assert {"upsert_nodes", "upsert_rels", "get_nodes", "node_labels", "nodes_page", "rels_page"} <= set(STORE_CYPHER)
    for name in STORE_CYPHER:
        text = cypher(name)
        assert text.startswith(f"// {name}:"), name
        body = [line for line in text.splitlines() if not line.startswith("//")]
        assert body and ";" not in "".join(body), name  # one statement per file


def test_store_statements_use_only_schema_labels_and_the_slots() -> None:
    allowed = (
        SCHEMA.labels
        | SCHEMA.relationship_types
        | SCHEMA.beside_graph_labels
        | {BASE_LABEL, LABEL_SLOT, TYPE_SLOT, SOURCES_SLOT, TARGETS_SLOT}
    )
    for name in STORE_CYPHER:
        used = labels_used(cypher(name))
        assert used <= allowed, (name, used - allowed)


def test_slots_are_filled_only_from_the_whitelist() -> None:
    assert "SET n:Person, n += row.props" in for_label("upsert_nodes", "Person")
    assert "UNWIND $nodes.Person AS row" in for_label("upsert_nodes", "Person")
    assert "MERGE (a)-[r:BLAMES]->(b)" in for_type("upsert_rels", "BLAMES")
    blames = for_type("upsert_rels", "BLAMES")  # each end may carry only the labels the schema allows there
    assert "WHERE a:Claim\n" in blames and "WHERE b:Faction|Government|Person|Organization|Community\n" in blames
    assert "OPTIONAL MATCH (owned:Statement|Claim)\n" in for_labels("delete_article_facts", owned_labels())
    for hostile in ("Person) DETACH DELETE n //", "person", "Node`", ""):
        with pytest.raises(SchemaError, match="unknown node label"):
            for_label("upsert_nodes", hostile)
        with pytest.raises(SchemaError, match="unknown node label"):
            for_labels("delete_article_facts", ["Claim", hostile])
    with pytest.raises(SchemaError, match="at least one label"):
        for_labels("delete_article_facts", [])
    with pytest.raises(SchemaError, match="unknown relationship type"):
        for_type("upsert_rels", "BLAMES]->() DELETE r //")


def test_one_statement_merges_every_label_and_one_every_type() -> None:
    nodes_text, rels_text = merge_nodes_statement(), merge_rels_statement()
    assert nodes_text.count("CALL {") == len(SCHEMA.nodes)
    assert labels_used(nodes_text) == set(SCHEMA.nodes) | {BASE_LABEL}
    assert rels_text.count("CALL {") == len(SCHEMA.relationships)
    assert labels_used(rels_text) - {BASE_LABEL} == set(SCHEMA.relationships)
    assert LABEL_SLOT not in nodes_text and TYPE_SLOT not in rels_text and "//" not in nodes_text + rels_text
    assert SOURCES_SLOT not in rels_text and TARGETS_SLOT not in rels_text


def test_upsert_statements_chunk_by_batch_size_with_a_row_list_per_label() -> None:
    nodes = [NodeRecord(f"person/{i}", "Person", {"name": f"P{i}", "id": "ignored"}) for i in range(5)]
    nodes += [NodeRecord("location/x", "Location", {"name": "X", "lat": None})]
    rels = [RelRecord(f"person/{i}", "MEMBER_OF", "faction/hts", {"since": 2017}) for i in range(3)]
    node_statements, rel_statements = upsert_statements(nodes, rels, batch_size=2)
    assert [{label: len(rows) for label, rows in s.parameters["nodes"].items()} for s in node_statements] == [
        {"Person": 2},
        {"Person": 2},
        {"Person": 1, "Location": 1},
    ]
    assert node_statements[0].parameters["nodes"]["Person"][0] == {"id": "person/0", "props": {"name": "P0"}}
    assert node_statements[2].parameters["nodes"]["Location"] == [
        {"id": "location/x", "props": {"name": "X", "lat": None}}
    ]
    assert [len(s.parameters["rels"]["MEMBER_OF"]) for s in rel_statements] == [2, 1]
    assert rel_statements[0].parameters["rels"]["MEMBER_OF"][1] == {
        "source": "person/1",
        "target": "faction/hts",
        "props": {"since": 2017},
    }
    for statement in node_statements + rel_statements:
        assert "person/" not in statement.text  # values are parameters


def test_unknown_labels_never_reach_cypher() -> None:
    with pytest.raises(SchemaError):
        upsert_statements([NodeRecord("x/1", "Spaceship", {"name": "x"})], [], batch_size=10)
    with pytest.raises(SchemaError):
        upsert_statements([], [RelRecord("a", "LIKES", "b")], batch_size=10)


def test_records_for_one_node_or_rel_merge_in_order() -> None:
    merged = merged_nodes(
        [
            NodeRecord("person/a", "Person", {"name": "A", "aliases": ["a"]}),
            NodeRecord("person/b", "Person", {"name": "B"}),
            NodeRecord("person/a", "Person", {"name": "Ay", "provisional": None}),
        ]
    )
    assert merged == [
        NodeRecord("person/a", "Person", {"name": "Ay", "aliases": ["a"], "provisional": None}),
        NodeRecord("person/b", "Person", {"name": "B"}),
    ]
    rels = merged_rels([RelRecord("a", "MENTIONS", "b", {"count": 1}), RelRecord("a", "MENTIONS", "b", {"alias": "x"})])
    assert rels == [RelRecord("a", "MENTIONS", "b", {"count": 1, "alias": "x"})]


def test_count_statements_cover_every_label_and_type() -> None:
    labels, types = count_statements()
    assert labels.count("UNION ALL") == len(SCHEMA.labels) - 1
    assert types.count("UNION ALL") == len(SCHEMA.relationship_types) - 1
    assert labels_used(labels) == set(SCHEMA.labels)
    assert labels_used(types) == set(SCHEMA.relationship_types)
    assert "//" not in labels + types


def test_owned_labels_come_from_the_schema() -> None:
    assert owned_labels() == ["Statement", "Claim"]


def test_schema_label_ignores_the_base_label() -> None:
    assert schema_label(["Node", "Person"]) == "Person"
    assert schema_label(["Person", "Node"]) == "Person"
    assert schema_label(["Node"]) == "Node"


# -- values from the driver ----------------------------------------------------------------------------------


def test_driver_values_become_plain_json() -> None:
    assert to_plain(Date(2025, 3, 10)) == "2025-03-10"
    assert to_plain(DateTime(2025, 3, 10, 8, 30, 0)).startswith("2025-03-10T08:30:00")
    assert to_plain(Duration(days=3)) == "P3D"
    assert to_plain(WGS84Point((35.94, 35.18))) == {"latitude": 35.18, "longitude": 35.94}
    assert to_plain(WGS84Point((35.94, 35.18, 12.0))) == {"latitude": 35.18, "longitude": 35.94, "height": 12.0}
    assert to_plain(CartesianPoint((1.0, 2.0))) == {"srid": 7203, "coordinates": [1.0, 2.0]}
    assert to_plain(float("nan")) == "nan"
    assert to_plain(b"\x00\xff") == "AP8="
    assert to_plain({"when": [Date(2025, 3, 9), None, 3, 2.5]}) == {"when": ["2025-03-09", None, 3, 2.5]}


def _node(number: int, label: str, props: dict[str, object]) -> Structure:
    return Structure(0x4E, (number, ["Node", label], props, f"4:db:{number}"))


def test_read_turns_nodes_relationships_and_paths_into_plain_dicts() -> None:
    person = _node(1, "Person", {"id": "person/ahmed-al-sharaa", "name": "Ahmed al-Sharaa", "aliases": ["Julani"]})
    faction = _node(2, "Faction", {"id": "faction/hts", "name": "HTS"})
    leads = Structure(0x52, (7, 1, 2, "LEADS", {"since": 2017}, "5:db:7", "4:db:1", "4:db:2"))
    unbound = Structure(0x72, (7, "LEADS", {"since": 2017}, "5:db:7"))
    path = Structure(0x50, ([person, faction], [unbound], [1, 1]))
    day = Structure(0x44, (20157,))  # days since 1970-01-01
    point = Structure(0x58, (4326, 35.94, 35.18))
    script = Script(fields=["n", "r", "p", "d", "pt"], records=[[person, leads, path, day, point]] * 3)
    server = FakeBolt(script)
    store = quick_store(server.uri)
    try:
        rows = store.read("MATCH p = (n)-[r]->() RETURN n, r, p, date() AS d, point(…) AS pt", {}, row_cap=2)
    finally:
        store.close()
        server.stop()
    assert len(rows) == 2  # the row cap
    sharaa = {"id": "person/ahmed-al-sharaa", "label": "Person", "name": "Ahmed al-Sharaa", "aliases": ["Julani"]}
    hts = {"id": "faction/hts", "label": "Faction", "name": "HTS"}
    link = {"source": "person/ahmed-al-sharaa", "target": "faction/hts", "type": "LEADS", "since": 2017}
    assert rows[0] == {
        "n": sharaa,
        "r": link,
        "p": {"nodes": [sharaa, hts], "relationships": [link]},
        "d": "2025-03-10",
        "pt": {"latitude": 35.18, "longitude": 35.94},
    }


# -- errors: unreachable, refused, unknown database ----------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.stats(),
        lambda s: s.get_nodes(["person/a"]),
        lambda s: s.node_labels(["person/a"]),
        lambda s: list(s.iter_nodes()),
        lambda s: list(s.iter_rels()),
        lambda s: s.article_digest("article/a1"),
        lambda s: s.write(GraphBatch(nodes=[NodeRecord("person/a", "Person", {"name": "A"})])),
        lambda s: s.write(sample_batch()),
        lambda s: s.apply_schema(),
        lambda s: s.clear(),
        lambda s: s.read("RETURN 1 AS one", {}),
    ],
    ids=[
        "stats",
        "get_nodes",
        "node_labels",
        "iter_nodes",
        "iter_rels",
        "digest",
        "write",
        "write_rels",
        "schema",
        "clear",
        "read",
    ],
)
def test_an_unreachable_server_is_one_clear_error(call) -> None:  # type: ignore[no-untyped-def]
    store = quick_store()
    try:
        with pytest.raises(StoreUnavailableError) as caught:
            call(store)
    finally:
        store.close()
    message = str(caught.value)
    assert message.startswith(f"cannot reach Neo4j at {CLOSED}: ")
    assert "Connection refused" in message
    assert message.endswith("is it running? (docker compose up -d neo4j)")
    assert "\n" not in message and PASSWORD not in message


def test_an_unreachable_cluster_uri_is_one_clear_error() -> None:
    store = quick_store("neo4j://127.0.0.1:1")
    try:
        with pytest.raises(StoreUnavailableError, match=r"^cannot reach Neo4j at neo4j://127\.0\.0\.1:1: .+ — is it"):
            store.stats()
    finally:
        store.close()


def test_an_empty_write_needs_no_server() -> None:
    store = quick_store()
    try:
        assert store.write(GraphBatch()) == WriteSummary()
    finally:
        store.close()


def test_a_refused_password_says_which_settings_to_check() -> None:
    server = FakeBolt(Script(hello_failure=("Neo.ClientError.Security.Unauthorized", "authentication failure")))
    store = quick_store(server.uri, username="analyst")
    try:
        with pytest.raises(StoreUnavailableError) as caught:
            store.stats()
    finally:
        store.close()
        server.stop()
    message = str(caught.value)
    assert message == (
        f"Neo4j at {server.uri} refused the password for user 'analyst': check NEO4J_USERNAME and NEO4J_PASSWORD"
    )
    hello = server.script.received[0]
    assert hello.name == "HELLO"
    assert hello.fields[0]["principal"] == "analyst"  # the credentials went to the server, not into messages


def test_a_missing_password_is_named() -> None:
    server = FakeBolt(Script(hello_failure=("Neo.ClientError.Security.Unauthorized", "authentication failure")))
    store = quick_store(server.uri, password="")
    try:
        with pytest.raises(StoreUnavailableError, match=r"without a password \(NEO4J_PASSWORD is unset\)"):
            store.stats()
    finally:
        store.close()
        server.stop()


def test_an_unknown_database_is_named() -> None:
    failure = ("Neo.ClientError.Database.DatabaseNotFound", "Database does not exist. Database name: 'claims'.")
    server = FakeBolt(Script(begin_failure=failure))
    store = quick_store(server.uri, database="claims")
    try:
        with pytest.raises(StoreUnavailableError, match=r"has no database 'claims': check NEO4J_DATABASE"):
            store.get_nodes(["person/a"])
    finally:
        store.close()
        server.stop()


def test_transient_errors_are_retried_then_reported() -> None:
    failure = ("Neo.TransientError.General.DatabaseUnavailable", "The database is starting.")
    server = FakeBolt(Script(begin_failure=failure))
    store = quick_store(server.uri)
    try:
        with pytest.raises(StoreUnavailableError, match=r"busy or restarting \(The database is starting\.\)"):
            store.stats()
    finally:
        store.close()
        server.stop()
    assert server.names().count("BEGIN") >= 2  # the managed transaction was retried


def test_the_store_recovers_when_neo4j_comes_back() -> None:
    port = free_port()
    store = quick_store(f"bolt://127.0.0.1:{port}")
    try:
        with pytest.raises(StoreUnavailableError, match="Connection refused"):
            store.stats()
        server = FakeBolt(Script(), port=port)
        try:
            assert store.stats() == GraphStats({}, {})
        finally:
            server.stop()
    finally:
        store.close()


# -- what goes over the wire ---------------------------------------------------------------------------------


def test_reads_run_in_read_transactions_with_the_timeout(fake: FakeBolt) -> None:
    store = quick_store(fake.uri, database="claims")
    try:
        assert store.read("MATCH (n:Person) RETURN n.name AS name", {"q": "x"}, timeout=2.5, row_cap=10) == []
        assert store.stats() == GraphStats({}, {})
        assert store.get_nodes(["person/a"]) == []
    finally:
        store.close()
    begins = [m.fields[0] for m in fake.script.received if m.name == "BEGIN"]
    assert begins[0] == {"mode": "r", "db": "claims", "tx_timeout": 2500}
    assert all(begin.get("mode") == "r" for begin in begins)
    run = next(m for m in fake.script.received if m.name == "RUN")
    assert run.fields[:2] == ["MATCH (n:Person) RETURN n.name AS name", {"q": "x"}]


def test_a_write_is_one_write_transaction_of_batched_merges(fake: FakeBolt) -> None:
    store = quick_store(fake.uri, batch_size=3)
    batch = sample_batch()
    batch.replaces.append("article/a1")
    batch.rels.clear()  # the fake answers no rows, so the merge would find no ends
    try:
        store.write(batch)
    finally:
        store.close()
    received = fake.script.received
    begins = [m for m in received if m.name == "BEGIN"]
    assert len(begins) == 1 and "mode" not in begins[0].fields[0]  # the default access mode: write
    assert [m.name for m in received].count("COMMIT") == 1
    queries = [m.fields[0] for m in received if m.name == "RUN"]
    assert queries[0] == for_labels("delete_article_facts", ["Statement", "Claim"])  # one statement for them all
    upserts = [m.fields for m in received if m.name == "RUN" and "row.props" in m.fields[0]]
    assert [text for text, *_ in upserts] == [merge_nodes_statement()] * 2  # 6 nodes in chunks of 3
    assert sum(len(rows) for _, params, *_ in upserts for rows in params["nodes"].values()) == 6


def test_user_cypher_errors_are_mapped() -> None:
    cases = [
        (("Neo.ClientError.Statement.AccessMode", "Writing in read access mode not allowed."), ForbiddenQueryError),
        (("Neo.ClientError.Statement.SyntaxError", "Invalid input 'RETRN'\n\"RETRN 1\"\n ^"), QueryError),
        (("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "timed out"), QueryError),
    ]
    messages = []
    for failure, expected in cases:
        server = FakeBolt(Script(run_failure=failure))
        store = quick_store(server.uri)
        try:
            with pytest.raises(expected) as caught:
                store.read("RETRN 1", {}, timeout=1)
            messages.append(str(caught.value))
        finally:
            store.close()
            server.stop()
    assert messages == [
        "the query would write; only read-only Cypher is allowed",
        "Neo4j refused the query: Invalid input 'RETRN'",
        "the query ran past its time limit of 1 s and was stopped",
    ]


def test_a_failing_store_statement_is_a_store_error() -> None:
    server = FakeBolt(Script(run_failure=("Neo.ClientError.Statement.TypeError", "Property values can only be…")))
    store = quick_store(server.uri)
    try:
        with pytest.raises(StoreError, match=r"^Neo4j failed \(Neo.ClientError.Statement.TypeError\): Property"):
            store.stats()
    finally:
        store.close()
        server.stop()


# -- the CLI -------------------------------------------------------------------------------------------------


def test_cli_stats_with_neo4j_down_prints_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", CLOSED)
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    monkeypatch.setenv("COLUMNS", "200")  # keep rich from wrapping the line
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: cannot reach Neo4j at {CLOSED}: [Errno 111] Connection refused — is it running? "
        "(docker compose up -d neo4j)"
    ]
    assert "Traceback" not in result.output and PASSWORD not in result.output + result.stderr


def test_find_nodes_splices_only_a_checked_property_name(fake: FakeBolt) -> None:
    store = quick_store(fake.uri)
    try:
        assert store.find_nodes("Claim", "topic", ["coast-massacres"]) == []
        for hostile in ("topic` IN [] OR true //", "topic IN $values OR 1=1", "to pic"):
            with pytest.raises(SchemaError, match="not a property name"):
                store.find_nodes("Claim", hostile, ["x"])
        with pytest.raises(SchemaError, match="unknown node label"):
            store.find_nodes("Claim) DETACH DELETE n //", "topic", ["x"])
    finally:
        store.close()
    runs = [m.fields for m in fake.script.received if m.name == "RUN"]
    assert len(runs) == 1
    assert "MATCH (n:Claim)\nWHERE n.`topic` IN $values" in runs[0][0]
    assert runs[0][1] == {"values": ["coast-massacres"]}
