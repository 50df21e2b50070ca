"""The REST API through TestClient: on the hand-made fixture graph (answers written in tests/fixtures_graph.py),
on the seed graph as the loaders build it, and once through a real `claimgraph serve` (uvicorn) on a free port."""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.embedded import EmbeddedStore
from graph.settings import Settings
from queries.params import ACTOR_LABELS
from tests.conftest import SEEDS_DIR
from tests.fixtures_graph import (
    A1,
    BANIYAS,
    CLAIM_745,
    HTS,
    REMNANTS,
    SHARAA,
    SOHR,
    STG,
    TARTOUS,
    TEXTS,
    TPS,
    fixture_batch,
)

API_KEY = "test-key-of-some-length"


def settings(**overrides: Any) -> Settings:
    return Settings(**{"CLAIMGRAPH_API_KEY": API_KEY, **overrides})


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("api-fixture"))
    store.write(fixture_batch())
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(fixture_store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings(), fixture_store)) as test_client:
        yield test_client


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def error(response: httpx.Response, status: int, kind: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["type"] == kind
    return body["error"]["message"]


# -- meta ----------------------------------------------------------------------------------------------------


def test_health_schema_and_stats(client: TestClient) -> None:
    assert ok(client.get("/health")) == {"status": "ok", "store": "embedded"}
    schema = ok(client.get("/schema"))
    assert "Claim" in schema["nodes"] and "BLAMES" in schema["relationships"]
    stats = ok(client.get("/stats"))
    assert stats["labels"]["Article"] == 4 and stats["labels"]["Claim"] == 7
    assert stats["nodes"] == sum(stats["labels"].values())


def test_openapi_has_one_line_summaries(client: TestClient) -> None:
    spec = ok(client.get("/openapi.json"))
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert len(operations) >= 20
    for operation in operations:
        assert operation["summary"] and "\n" not in operation["summary"]
    summary = spec["paths"]["/claims/tolls"]["get"]["summary"]
    assert summary == "Casualty claims on the same victims side by side, disputed ones flagged (JSON or CSV)."


def test_docs_and_redoc_load_their_assets_from_the_app(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        response = client.get(page)
        assert response.status_code == 200
        sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
        assert sources and all(source.startswith("/") for source in sources), sources
        for source in sources:
            assert client.get(source).status_code == 200, source
    assert "cdn" not in client.get("/docs").text.lower()


# -- entities -------------------------------------------------------------------------------------------------


def test_search_and_detail(client: TestClient) -> None:
    hits = ok(client.get("/entities", params={"q": "Julani"}))
    assert hits["items"][0]["id"] == SHARAA and hits["total"] >= 1
    assert ok(client.get("/entities", params={"q": "Tartus", "label": "Location"}))["items"][0]["id"] == TARTOUS
    detail = ok(client.get(f"/entities/{SOHR}"))
    assert detail["counts"]["claims_made"] == 4 and detail["entity"]["name"] == "Syrian Observatory for Human Rights"
    message = error(client.get("/entities/person/nobody"), 404, "not_found")
    assert "person/nobody" in message
    error(client.get("/entities"), 422, "invalid_parameters")  # q is required
    error(client.get("/entities", params={"q": "x", "label": "Claim"}), 422, "invalid_parameters")


def test_neighbors(client: TestClient) -> None:
    payload = ok(client.get(f"/entities/{SHARAA}/neighbors", params={"depth": 2, "types": ["LEADS", "OPPOSES"]}))
    assert {node["id"] for node in payload["nodes"]} == {SHARAA, HTS, STG, REMNANTS}
    assert payload["capped"] is False and payload["focus"] == [SHARAA]
    comma = ok(client.get(f"/entities/{SHARAA}/neighbors", params={"depth": 2, "types": "LEADS,OPPOSES"}))
    assert comma["nodes"] == payload["nodes"]
    capped = ok(client.get(f"/entities/{SHARAA}/neighbors", params={"depth": 3, "cap": 4}))
    assert capped["capped"] is True and len(capped["nodes"]) == 4
    message = error(client.get(f"/entities/{SHARAA}/neighbors", params={"depth": 4}), 422, "invalid_parameters")
    assert "depth" in message  # refused, not clamped
    error(client.get(f"/entities/{SHARAA}/neighbors", params={"types": "DELETE"}), 422, "invalid_parameters")
    error(client.get("/entities/person/nobody/neighbors"), 404, "not_found")
    error(client.get(f"/entities/{SHARAA}/neighbors", params={"deep": 2}), 422, "invalid_parameters")


def test_paths(client: TestClient) -> None:
    payload = ok(client.get("/paths", params={"source": SHARAA, "target": REMNANTS, "k": 2}))
    assert payload["paths"][0] == [SHARAA, STG, REMNANTS] and len(payload["paths"]) == 2
    error(client.get("/paths", params={"source": SHARAA}), 422, "invalid_parameters")
    error(client.get("/paths", params={"source": SHARAA, "target": "x/y"}), 404, "not_found")


def test_key_actors(client: TestClient) -> None:
    ranked = ok(client.get("/actors", params={"metric": "degree", "limit": 3}))
    assert len(ranked["actors"]) == 3 and ranked["actors"][0]["id"] == STG
    assert ranked["ranked_by"].startswith("weighted degree")
    by_evidence = ok(client.get("/actors"))
    assert by_evidence["metric"] == "evidence" and by_evidence["actors"][0]["id"] == SOHR


def test_top_key_actors_on_the_seeds_are_named_in_an_article(seed_client: TestClient) -> None:
    ranked = ok(seed_client.get("/actors", params={"limit": 25}))
    assert len(ranked["actors"]) == 25
    articles = ok(seed_client.get("/articles"))["items"]
    named = {
        span["id"]
        for article in articles
        for span in ok(seed_client.get(f"/articles/{article['id']}"))["spans"]
        if span["kind"] == "mention"
    }
    publishers = {outlet["id"] for article in articles for outlet in article["outlets"]}
    for actor in ranked["actors"]:
        # named in an article's text, or the outlet that published one (its own claims are the article's)
        assert actor["id"] in named or actor["id"] in publishers, f"{actor['id']} is ranked but no article names it"
        assert actor["id"] not in named or actor["evidence"]["articles"] >= 1
    # no reference-only actor: every actor the store counts is one the articles name, quote, or make claims about
    everyone = ok(seed_client.get("/actors", params={"limit": 500}))["actors"]
    counted = ok(seed_client.get("/stats"))["labels"]
    assert len(everyone) == sum(counted.get(label, 0) for label in ACTOR_LABELS)


# -- claims ---------------------------------------------------------------------------------------------------


def csv_rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_toll_table_as_csv_sorted_by_date(client: TestClient) -> None:
    rows = csv_rows(client.get("/claims/tolls", params={"format": "csv"}))
    assert [row["value"] for row in rows] == ["745", "830", "973"]
    assert [row["as_of"] for row in rows] == ["2025-03-08", "2025-03-09", "2025-03-10"]
    assert rows[0]["claimant_ids"] == SOHR and rows[0]["qualifier"] == "at_least" and rows[0]["outlets"] == "TPS-IL"
    assert all(row["disputed"] == "" for row in rows)  # a rising toll is an update, not a dispute
    assert rows[0]["sentence"] and rows[0]["claim_id"] == CLAIM_745
    error(client.get("/claims/tolls", params={"format": "xml"}), 422, "invalid_parameters")


def test_claims_as_csv_flag_the_disputed(client: TestClient) -> None:
    rows = csv_rows(client.get("/claims", params={"format": "csv"}))
    assert len(rows) == 7
    days = [row["as_of"] for row in rows]
    assert days == sorted(days)
    disputed = {row["text"] for row in rows if row["disputed"] == "yes"}
    assert "SOHR blamed forces loyal to Ahmed al-Sharaa" in disputed  # its group CONTRADICTS the remnants account
    assert not any(row["kind"] == "casualty" for row in rows if row["disputed"])
    only_blame = csv_rows(client.get("/claims", params={"format": "csv", "kind": "blame"}))
    assert {row["kind"] for row in only_blame} == {"blame"}


def test_claim_links(client: TestClient) -> None:
    page = ok(client.get("/claims/links"))
    assert page["total"] == 3 and {item["relation"] for item in page["items"]} == {"UPDATES", "CONTRADICTS"}
    contradicts = ok(client.get("/claims/links", params={"relations": "CONTRADICTS"}))
    assert contradicts["items"][0]["reason"] == "different perpetrators"
    error(client.get("/claims/links", params={"relations": "LIKES"}), 422, "invalid_parameters")


def test_claims_pages_and_filters(client: TestClient) -> None:
    everything = ok(client.get("/claims"))
    assert everything["total"] == 7 and everything["limit"] == 50
    page = ok(client.get("/claims", params={"limit": 3, "offset": 3}))
    assert page["total"] == 7 and [c["id"] for c in page["items"]] == [c["id"] for c in everything["items"][3:6]]
    tartous = ok(client.get("/claims", params={"place": TARTOUS}))
    assert tartous["total"] == 3 and CLAIM_745 in {c["id"] for c in tartous["items"]}
    casualty = ok(client.get("/claims", params={"kind": "casualty", "claimant": SOHR}))
    provenance = casualty["items"][0]["provenance"]
    assert TEXTS[A1][provenance["start"] : provenance["end"]] == casualty["items"][0]["text"]
    assert provenance["outlets"][0]["id"] == TPS
    error(client.get("/claims", params={"kind": "rumour"}), 422, "invalid_parameters")
    message = error(
        client.get("/claims", params={"date_from": "2025-03-10", "date_to": "2025-03-01"}), 422, "invalid_parameters"
    )
    assert "date_from is after date_to" in message
    error(client.get("/claims", params={"date_from": "10 March"}), 422, "invalid_parameters")
    error(client.get("/claims", params={"limit": 0}), 422, "invalid_parameters")


def test_tolls_contradictions_and_blame(client: TestClient) -> None:
    table = ok(client.get("/claims/tolls"))
    rows = table["groups"][0]["rows"]
    assert [(row["value"], row["claimants"][0]["id"]) for row in rows] == [(745, SOHR), (830, SOHR), (973, SOHR)]
    contradictions = ok(client.get("/claims/contradictions"))
    assert contradictions["total"] == 1
    assert contradictions["items"][0]["right"]["claims"][0]["blamed"][0]["id"] == REMNANTS
    blame = ok(client.get("/blame", params={"via": "claimant"}))
    assert {(link["source"], link["target"]) for link in blame["links"]} >= {(SOHR, STG), (STG, REMNANTS)}
    error(client.get("/blame", params={"via": "rumour"}), 422, "invalid_parameters")


def test_outlets_places_timeline(client: TestClient) -> None:
    outlet = ok(client.get(f"/outlets/{TPS}"))
    assert outlet["articles"] == 1 and outlet["claimants"][0]["id"] == SOHR
    error(client.get(f"/outlets/{SOHR}"), 404, "not_found")
    place = ok(client.get(f"/places/{TARTOUS}", params={"limit": 1}))
    assert place["claims"]["total"] == 3 and len(place["claims"]["items"]) == 1
    near = ok(client.get("/places/near", params={"lat": 35.18, "lon": 35.95, "radius_km": 5}))
    assert [p["id"] for p in near["places"]] == [BANIYAS]
    error(client.get("/places/near", params={"lat": 35.18}), 422, "invalid_parameters")
    timeline = ok(client.get("/timeline", params={"label": "Claim"}))
    assert timeline["total"] == 7 and all(item["label"] == "Claim" for item in timeline["items"])


def test_articles(client: TestClient) -> None:
    listing = ok(client.get("/articles", params={"limit": 2}))
    assert listing["total"] == 4 and len(listing["items"]) == 2
    detail = ok(client.get(f"/articles/{A1}"))
    assert detail["text"] == TEXTS[A1]
    for span in detail["spans"]:
        assert detail["text"][span["start"] : span["end"]] == span["text"]
    assert {"mention", "claim", "statement"} == {span["kind"] for span in detail["spans"]}
    error(client.get("/articles/article/nope"), 404, "not_found")


# -- named queries --------------------------------------------------------------------------------------------


def test_named_queries(client: TestClient) -> None:
    listing = ok(client.get("/queries"))
    names = [query["name"] for query in listing]
    assert "tolls" in names and len(names) == 16
    neighbors = next(query for query in listing if query["name"] == "neighbors")
    assert {param["name"] for param in neighbors["params"]} == {"id", "depth", "labels", "types", "cap"}
    assert neighbors["cypher_files"][0] == "queries/cypher/expand.cypher"
    result = ok(client.get("/queries/neighbors", params=[("id", SHARAA), ("types", "LEADS"), ("types", "OPPOSES")]))
    assert {node["id"] for node in result["nodes"]} == {SHARAA, HTS, STG}
    assert ok(client.get("/queries/search_entities", params={"q": "Julani"}))["items"][0]["id"] == SHARAA
    cypher = client.get("/queries/claims/cypher")
    assert cypher.status_code == 200 and "MATCH (a:Article)-[:CONTAINS]->(c:Claim)" in cypher.text
    error(client.get("/queries/neighbors", params={"id": SHARAA, "depth": 9}), 422, "invalid_parameters")
    error(client.get("/queries/neighbors", params={"id": SHARAA, "bogus": 1}), 422, "invalid_parameters")
    error(client.get("/queries/drop_all"), 422, "invalid_parameters")


# -- POST /cypher ----------------------------------------------------------------------------------------------


def test_cypher_refuses_writes_before_the_store(client: TestClient) -> None:
    for query in (
        "MATCH (n) DETACH DELETE n",
        "CREATE (n)",
        "MATCH (n) RETURN n; DROP INDEX x",
        "CALL dbms.killQuery('q')",
    ):
        error(client.post("/cypher", json={"query": query}), 403, "forbidden")
    message = error(client.post("/cypher", json={"query": "MATCH (n) RETURN count(n)"}), 400, "unsupported")
    assert "NEO4J_URI" in message
    error(client.post("/cypher", json={"query": ""}), 422, "invalid_parameters")
    error(client.post("/cypher", json={"query": "RETURN 1", "extra": True}), 422, "invalid_parameters")


class ReadOnlyNeo4jStandIn:
    """What POST /cypher needs from a Neo4j store; records what reached it."""

    kind = "neo4j"

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, Any], float | None, int | None]] = []

    def read(
        self, query: str, parameters: dict[str, Any], *, timeout: float | None = None, row_cap: int | None = None
    ) -> list[dict[str, Any]]:
        self.received.append((query, parameters, timeout, row_cap))
        return [{"n": index} for index in range(row_cap or 10)]

    def node_labels(self, ids: Any) -> dict[str, str]:
        return {}


def test_cypher_on_neo4j_passes_timeout_and_row_cap() -> None:
    stand_in = ReadOnlyNeo4jStandIn()
    app = create_app(settings(CLAIMGRAPH_CYPHER_ROW_CAP=5, CLAIMGRAPH_CYPHER_TIMEOUT=2.5), stand_in)  # type: ignore[arg-type]
    with TestClient(app) as neo4j_client:
        answer = ok(neo4j_client.post("/cypher", json={"query": "MATCH (n) RETURN n.x AS n", "parameters": {"a": 1}}))
        assert answer["row_count"] == 5 and answer["truncated"] is True and len(answer["rows"]) == 5
        assert stand_in.received == [("MATCH (n) RETURN n.x AS n", {"a": 1}, 2.5, 6)]
        error(neo4j_client.post("/cypher", json={"query": "MERGE (n:X)"}), 403, "forbidden")
        assert len(stand_in.received) == 1  # the refused query never reached the store


# -- POST /articles --------------------------------------------------------------------------------------------

ARTICLE = {
    "id": "api-test-1",
    "title": "Killings in Baniyas",
    "text": "The Syrian Observatory for Human Rights said at least 52 civilians were killed in Baniyas on Friday.",
    "outlet": "Reuters",
    "published": "2025-03-08",
}


def test_ingest_requires_a_configured_key(fixture_store: EmbeddedStore) -> None:
    with TestClient(create_app(Settings(), fixture_store)) as no_key:
        message = error(no_key.post("/articles", json=ARTICLE), 503, "unavailable")
        assert "CLAIMGRAPH_API_KEY" in message


def test_ingest_checks_the_key(client: TestClient) -> None:
    error(client.post("/articles", json=ARTICLE), 401, "unauthorized")
    error(client.post("/articles", json=ARTICLE, headers={"X-API-Key": "wrong"}), 403, "forbidden")
    error(client.post("/articles", json=ARTICLE, headers={"X-API-Key": API_KEY[:-1]}), 403, "forbidden")


def test_ingest_refuses_bad_bodies(client: TestClient) -> None:
    headers = {"X-API-Key": API_KEY}
    error(
        client.post("/articles", json={**ARTICLE, "id": "../../etc/passwd"}, headers=headers), 422, "invalid_parameters"
    )
    error(client.post("/articles", json={**ARTICLE, "path": "/etc/passwd"}, headers=headers), 422, "invalid_parameters")
    error(client.post("/articles", json={**ARTICLE, "text": ""}, headers=headers), 422, "invalid_parameters")
    error(client.post("/articles", json={**ARTICLE, "text": "   \n "}, headers=headers), 422, "bad_input")


def test_ingest_refuses_bodies_over_the_limit(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "small")
    limit = 2_000
    with TestClient(create_app(settings(CLAIMGRAPH_MAX_ARTICLE_BYTES=limit), store)) as small:
        headers = {"X-API-Key": API_KEY}
        big = {**ARTICLE, "text": "word " * 1_000}
        message = error(small.post("/articles", json=big, headers=headers), 413, "too_large")
        assert str(limit) in message

        def chunks() -> Iterator[bytes]:  # no Content-Length: the received bytes are counted
            yield b'{"text": "'
            for _ in range(50):
                yield b"x" * 100
            yield b'"}'

        streamed = small.post("/articles", content=chunks(), headers={**headers, "Content-Type": "application/json"})
        error(streamed, 413, "too_large")
        assert store.stats().node_count == 0
    store.close()


def test_ingest_loads_an_article_once(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "ingest")
    with TestClient(create_app(settings(), store)) as ingest:
        headers = {"X-API-Key": API_KEY}
        first = ingest.post("/articles", json=ARTICLE, headers=headers)
        assert first.status_code == 201, first.text
        body = first.json()
        assert body["article_id"] == "article/api-test-1" and body["status"] == "loaded"
        assert body["claims"] >= 1
        again = ingest.post("/articles", json=ARTICLE, headers=headers)
        assert again.status_code == 200 and again.json()["status"] == "unchanged"
        detail = ok(ingest.get("/articles/article/api-test-1"))
        assert detail["text"] == ARTICLE["text"] and detail["article"]["published"] == "2025-03-08"
        values = [claim["value"] for claim in ok(ingest.get("/claims", params={"kind": "casualty"}))["items"]]
        assert 52 in values
        assert ok(ingest.get("/entities", params={"q": "Baniyas"}))["total"] >= 1
        changed = ingest.post(
            "/articles", json={**ARTICLE, "text": ARTICLE["text"] + " More were missing."}, headers=headers
        )
        assert changed.status_code == 201 and changed.json()["status"] == "replaced"
    store.close()


# -- CORS and sizes --------------------------------------------------------------------------------------------


def test_cors_is_off_by_default_and_on_when_configured(fixture_store: EmbeddedStore) -> None:
    origin = {"Origin": "https://example.org"}
    with TestClient(create_app(settings(), fixture_store)) as default:
        assert "access-control-allow-origin" not in default.get("/health", headers=origin).headers
    allowed = settings(CLAIMGRAPH_CORS_ORIGINS="https://example.org, https://other.example")
    with TestClient(create_app(allowed, fixture_store)) as cors:
        assert cors.get("/health", headers=origin).headers["access-control-allow-origin"] == "https://example.org"
        stranger = cors.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in stranger.headers


def test_unknown_routes_and_methods_answer_with_the_error_shape(client: TestClient) -> None:
    error(client.get("/no/such/route"), 404, "not_found")
    error(client.delete("/claims"), 405, "method_not_allowed")


# -- the seed graph -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from loaders.pipeline import load_paths

    store = EmbeddedStore(tmp_path_factory.mktemp("seeds"))
    report = load_paths(store, [SEEDS_DIR])
    assert len(report.loaded) == 5 and not report.problems
    with TestClient(create_app(settings(), store)) as seeded:
        yield seeded
    store.close()


def test_seed_tolls_list_the_sohr_figures(seed_client: TestClient) -> None:
    table = ok(seed_client.get("/claims/tolls"))
    rows = [row for group in table["groups"] for row in group["rows"]]
    for value in (745, 830, 973):
        matching = [row for row in rows if row["value"] == value]
        assert matching, f"no toll of {value}"
        assert any(SOHR in {c["id"] for c in row["claimants"]} for row in matching), f"{value} is not SOHR's"
    civilians = ok(seed_client.get("/claims/tolls", params={"victims": "civilians"}))
    assert {745, 830, 973} <= {row["value"] for group in civilians["groups"] for row in group["rows"]}


def test_seed_search_finds_al_sharaa_by_his_nom_de_guerre(seed_client: TestClient) -> None:
    hits = ok(seed_client.get("/entities", params={"q": "Julani"}))
    assert hits["items"][0]["id"] == SHARAA
    typo = ok(seed_client.get("/entities", params={"q": "al-Sharra", "label": "Person"}))
    assert typo["items"][0]["id"] == SHARAA


def test_seed_graph_answers_every_endpoint(seed_client: TestClient) -> None:
    assert ok(seed_client.get("/stats"))["labels"]["Article"] == 5
    sharaa = ok(seed_client.get(f"/entities/{SHARAA}"))
    assert sharaa["counts"]["articles"] >= 2
    around = ok(seed_client.get(f"/entities/{SHARAA}/neighbors", params={"depth": 2}))
    assert around["nodes"] and not around["capped"]
    sohr_claims = ok(seed_client.get("/claims", params={"claimant": SOHR}))
    assert sohr_claims["total"] >= 3
    for claim in sohr_claims["items"]:
        detail = ok(seed_client.get(f"/articles/{claim['provenance']['article_id']}"))
        assert detail["text"][claim["provenance"]["start"] : claim["provenance"]["end"]] == claim["text"]
    assert ok(seed_client.get("/claims/contradictions"))["total"] >= 1
    assert ok(seed_client.get("/blame"))["links"]
    assert ok(seed_client.get("/timeline"))["total"] >= 10
    assert ok(seed_client.get("/articles"))["total"] == 5
    assert ok(seed_client.get("/actors"))["actors"]


# -- a real server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(args: list[str], data: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``claimgraph <args> --port P`` on a free port, once /health answers."""
    port = free_port()
    env = {**os.environ, "CLAIMGRAPH_DATA": str(data)}
    env.pop("NEO4J_URI", None)
    command = [str(Path(sys.executable).with_name("claimgraph")), *args, "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            output = server.communicate()[0].decode()
            raise AssertionError(f"the server did not start:\n{output}")
        time.sleep(0.1)


def stop_server(server: subprocess.Popen[bytes]) -> str:
    server.terminate()
    output, _ = server.communicate(timeout=20)
    return output.decode()


def test_claimgraph_serve_answers_over_http(tmp_path: Path) -> None:
    data = tmp_path / "served"
    store = EmbeddedStore(data)
    store.write(fixture_batch())
    store.close()
    server, base = start_server(["serve", "--no-access-log"], data)
    try:
        with httpx.Client(base_url=base, timeout=10) as http:
            assert http.get("/entities", params={"q": "Julani"}).json()["items"][0]["id"] == SHARAA
            tolls = http.get("/claims/tolls").json()
            assert [row["value"] for row in tolls["groups"][0]["rows"]] == [745, 830, 973]
            assert http.get(f"/entities/{SHARAA}/neighbors", params={"depth": 5}).status_code == 422
            assert http.get("/docs").status_code == 200
    finally:
        stop_server(server)


def test_claimgraph_demo_loads_the_seeds_once_and_serves(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    server, base = start_server(["demo"], data)
    try:
        tolls = httpx.get(f"{base}/claims/tolls", timeout=10).json()
        assert {745, 830, 973} <= {row["value"] for group in tolls["groups"] for row in group["rows"]}
        assert httpx.get(f"{base}/view/claims", timeout=30).status_code == 200
    finally:
        output = stop_server(server)
    assert "5 loaded" in output
    for path in ("/docs", "/view/claims", "/view/blame", "/view/entities/person/ahmed-al-sharaa"):
        assert f"{base}{path}" in output
    again, _ = start_server(["demo"], data)
    assert "0 loaded, 5 already" in stop_server(again)
