"""The network views through TestClient, on the hand-made fixture graph plus a few nodes with hostile names.

Each view must draw exactly the payload its JSON endpoint returns, show its legend and (only when capped) the
capped notice, keep untrusted text inert, and reference nothing outside the app.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from pyvis.network import Network

from api.app import create_app
from api.chart_views import default_event
from api.network import link_caption, network_for, render_page
from api.pages import script_json
from api.view_payloads import claims_payload, group_statements, one_link_per_pair, strongest_links
from api.view_styles import STYLES
from api.views import TYPED_PATH_TYPES
from graph.embedded import EmbeddedStore
from graph.records import GraphBatch, NodeRecord, RelRecord
from graph.schema import SCHEMA
from graph.settings import Settings
from loaders.pipeline import load_paths
from queries.models import GraphLink, GraphNode, GraphPayload, Page
from queries.registry import run_query
from tests.conftest import SEEDS_DIR
from tests.fixtures_graph import (
    A1,
    A4,
    BANIYAS,
    CLAIM_745,
    HTS,
    JABLAH,
    LATTAKIA,
    REMNANTS,
    SHARAA,
    SOHR,
    STG,
    TARTOUS,
    fixture_batch,
    span,
)

SCRIPT_ALERT = "<script>alert(1)</script>"
SCRIPT_PWNED = "<script>window.__pwned=1</script>"
IMG_PWNED = '<img src=x onerror="window.__pwned=1">'
BREAKOUT = "</script><script>window.__pwned=1</script>"

EVIL_ALERT = "person/~script-alert"
EVIL_SCRIPT = "person/~script-pwned"
EVIL_IMG = "person/~img-pwned"
EVIL_OUTLET = "outlet/~breakout"
EVIL_ARTICLE = "article/hostile"
EVIL_TEXT = f"{SCRIPT_PWNED} said {IMG_PWNED} killed 5 people. {BREAKOUT}"
EVIL_CLAIM_WORDS = f"{IMG_PWNED} killed 5 people"
EVIL_CLAIM_START = EVIL_TEXT.index(EVIL_CLAIM_WORDS)
EVIL_CLAIM = f"claim/hostile/blame/{EVIL_CLAIM_START}-{EVIL_CLAIM_START + len(EVIL_CLAIM_WORDS)}"
EVIL_TOLL_WORDS = "killed 5 people"
EVIL_TOLL_START = EVIL_TEXT.index(EVIL_TOLL_WORDS)
EVIL_TOLL = f"claim/hostile/casualty/{EVIL_TOLL_START}-{EVIL_TOLL_START + len(EVIL_TOLL_WORDS)}"
EVIL_GROUPS = ("claimgroup/hostile-5", "claimgroup/hostile-50")


def hostile_batch(anchor: str) -> GraphBatch:
    """Actors, an outlet, an article and a claim whose names and text are markup, tied to ``anchor`` (an actor)."""
    start = EVIL_CLAIM_START
    sentence_end = EVIL_TEXT.index(". ") + 1
    nodes = [
        NodeRecord(EVIL_ALERT, "Person", {"name": SCRIPT_ALERT, "provisional": True}),
        NodeRecord(EVIL_SCRIPT, "Person", {"name": SCRIPT_PWNED, "aliases": [SCRIPT_ALERT], "provisional": True}),
        NodeRecord(EVIL_IMG, "Person", {"name": IMG_PWNED, "description": BREAKOUT, "provisional": True}),
        NodeRecord(EVIL_OUTLET, "Outlet", {"name": BREAKOUT}),
        NodeRecord(EVIL_ARTICLE, "Article", {"name": IMG_PWNED, "text": EVIL_TEXT, "published": "2025-03-12"}),
        NodeRecord(
            EVIL_CLAIM,
            "Claim",
            {
                "name": EVIL_CLAIM_WORDS,
                "article_id": EVIL_ARTICLE,
                "kind": "blame",
                "text": EVIL_CLAIM_WORDS,
                "start": start,
                "end": start + len(EVIL_CLAIM_WORDS),
                "sentence_start": 0,
                "sentence_end": sentence_end,
                "claimant": SCRIPT_PWNED,
                "date": "2025-03-12",
            },
        ),
        NodeRecord(
            EVIL_TOLL,
            "Claim",
            {
                "name": EVIL_TOLL_WORDS,
                "article_id": EVIL_ARTICLE,
                "kind": "casualty",
                "text": EVIL_TOLL_WORDS,
                "start": EVIL_TOLL_START,
                "end": EVIL_TOLL_START + len(EVIL_TOLL_WORDS),
                "sentence_start": 0,
                "sentence_end": sentence_end,
                "claimant": SCRIPT_PWNED,
                "victims": "people",
                "value": 5,
                "qualifier": "exact",
                "as_of": "2025-03-12",
                "topic": SCRIPT_ALERT,
            },
        ),
        *(
            NodeRecord(group, "ClaimGroup", {"name": IMG_PWNED, "topic": SCRIPT_ALERT, "kind": "casualty", "value": v})
            for group, v in zip(EVIL_GROUPS, (5, 50), strict=True)
        ),
    ]
    rels = [
        RelRecord(EVIL_ARTICLE, "CONTAINS", EVIL_TOLL),
        RelRecord(EVIL_SCRIPT, "CLAIMS", EVIL_TOLL),
        RelRecord(EVIL_OUTLET, "REPORTED", EVIL_TOLL),
        RelRecord(EVIL_TOLL, "IN_GROUP", EVIL_GROUPS[0]),
        RelRecord(EVIL_GROUPS[0], "CONTRADICTS", EVIL_GROUPS[1], {"reason": BREAKOUT}),
        RelRecord(EVIL_ALERT, "SUPPORTS", anchor),
        RelRecord(EVIL_SCRIPT, "OPPOSES", anchor),
        RelRecord(EVIL_IMG, "MEMBER_OF", anchor),
        RelRecord(EVIL_OUTLET, "PUBLISHED", EVIL_ARTICLE),
        RelRecord(EVIL_ARTICLE, "CONTAINS", EVIL_CLAIM),
        RelRecord(EVIL_SCRIPT, "CLAIMS", EVIL_CLAIM),
        RelRecord(EVIL_CLAIM, "BLAMES", EVIL_IMG),
        RelRecord(EVIL_OUTLET, "REPORTED", EVIL_CLAIM),
    ]
    return GraphBatch(nodes=nodes, rels=rels)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path_factory.mktemp("views-store"))
    opened.write(fixture_batch())
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), store)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    hostile = EmbeddedStore(tmp_path_factory.mktemp("views-hostile"))
    hostile.write(fixture_batch())
    hostile.write(hostile_batch(HTS))
    with TestClient(create_app(Settings(), hostile)) as test_client:
        yield test_client
    hostile.close()


GRAPH_DATA = re.compile(r'<script type="application/json" id="graph-data">(.*?)</script>', re.S)


def page(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def graph_data(html: str) -> dict[str, Any]:
    found = GRAPH_DATA.findall(html)
    assert len(found) == 1
    data: dict[str, Any] = json.loads(found[0])
    return data


def drawn_ids(html: str) -> set[str]:
    return {node["id"] for node in graph_data(html)["nodes"]}


def legend_labels(html: str) -> list[str]:
    legend = re.search(r'<section id="legend">(.*?)</section>', html, re.S)
    assert legend is not None
    return re.findall(r'<li data-label="([A-Za-z]+)"', legend.group(1))


def payload_ids(client: TestClient, url: str) -> tuple[set[str], dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    body = response.json()
    return {node["id"] for node in body["nodes"]}, body


# -- each view draws its JSON payload ---------------------------------------------------------------------------


def test_entity_view_draws_the_neighbors_payload(client: TestClient) -> None:
    html = page(client, f"/view/entities/{HTS}?depth=2")
    expected, body = payload_ids(client, f"/entities/{HTS}/neighbors?depth=2")
    assert drawn_ids(html) == expected
    assert {SHARAA, STG, "article/fixture_2", "outlet/bbc"} <= expected  # depth 1 and 2 both reached
    data = graph_data(html)
    assert len(data["edges"]) == len(body["links"])
    assert {(edge["from"], edge["to"]) for edge in data["edges"]} == {
        (li["source"], li["target"]) for li in body["links"]
    }
    drawn_labels = list(dict.fromkeys(legend_labels(html)))  # claims have one entry per kind
    assert drawn_labels == [label for label in SCHEMA.nodes if label in {n["label"] for n in body["nodes"]}]
    assert 'id="capped-notice"' not in html
    center = next(node for node in data["nodes"] if node["id"] == HTS)
    assert center["borderWidth"] == 4  # the focus is marked
    assert "Hayat Tahrir al-Sham (Faction): ego network" in html


def test_entity_view_filters_by_label_and_type(client: TestClient) -> None:
    html = page(client, f"/view/entities/{SHARAA}?depth=2&labels=Faction,Government&types=LEADS,MEMBER_OF")
    assert drawn_ids(html) == {SHARAA, HTS, STG}
    assert {edge["label"] for edge in graph_data(html)["edges"]} == {"LEADS", "MEMBER_OF"}
    assert legend_labels(html) == ["Faction", "Government", "Person"]


def test_claims_view_draws_claimants_claims_blamed_and_places(client: TestClient) -> None:
    html = page(client, "/view/claims")
    listing = client.get("/claims?limit=500").json()
    claim_ids = {item["id"] for item in listing["items"]}
    data = graph_data(html)
    drawn_claims = {node["id"] for node in data["nodes"] if data["details"][node["id"]]["label"] == "Claim"}
    assert drawn_claims == claim_ids and len(claim_ids) == 7
    shapes = {data["details"][node["id"]]["name"]: node["shape"] for node in data["nodes"] if node["id"] in claim_ids}
    assert {shapes[item["text"]] for item in listing["items"] if item["kind"] == "casualty"} == {"star"}
    assert {shapes[item["text"]] for item in listing["items"] if item["kind"] == "blame"} == {"triangle"}
    assert {shapes[item["text"]] for item in listing["items"] if item["kind"] == "denial"} == {"square"}
    edges = {(edge["from"], edge.get("label"), edge["to"]) for edge in data["edges"]}
    assert (SOHR, "CLAIMS", CLAIM_745) in edges
    assert (CLAIM_745, "AT", BANIYAS) in edges
    assert (CLAIM_745, "ABOUT", "community/alawites") in edges
    blame_by_government = "claim/fixture_4/blame/{}-{}".format(
        *span(A4, "the massacres were carried out by Assad remnants")
    )
    assert (STG, "CLAIMS", blame_by_government) in edges
    assert (blame_by_government, "BLAMES", REMNANTS) in edges
    assert legend_labels(html) == [
        *("Faction", "Government", "Organization", "Community", "Outlet", "Location"),
        *("Claim", "Claim", "Claim"),  # casualty, blame, denial: each kind its own shape and colour
    ]
    assert re.findall(r'data-kind="(\w+)"', html) == ["casualty", "blame", "denial"]
    # provenance travels with the claim: outlet, sentence, article
    tip = next(node["title"] for node in data["nodes"] if node["id"] == CLAIM_745)
    assert "outlets: TPS-IL" in tip
    assert "sentence: The Syrian Observatory for Human Rights said at least 745 Alawite civilians" in tip
    assert "article title: Massacres on the coast" in tip
    details = data["details"][CLAIM_745]
    assert ["article JSON (spans marked)", f"/articles/{A1}"] in details["links"]


@pytest.mark.parametrize(
    "query",
    [
        "kind=casualty",
        f"place={TARTOUS}",
        f"claimant={SOHR}",
        "date_from=2025-03-09&date_to=2025-03-10",
        f"actor={HTS}",
    ],
)
def test_claims_view_filters_are_the_claims_endpoint_filters(client: TestClient, query: str) -> None:
    html = page(client, f"/view/claims?{query}")
    listing = client.get(f"/claims?{query}&limit=500").json()
    drawn = {node["id"] for node in graph_data(html)["nodes"] if node["id"].startswith("claim/")}
    assert drawn == {item["id"] for item in listing["items"]}
    assert drawn  # each filter matches something on the fixture graph


def test_claims_view_place_filter_includes_places_inside(client: TestClient) -> None:
    html = page(client, f"/view/claims?place={TARTOUS}")
    drawn = {node["id"] for node in graph_data(html)["nodes"] if node["id"].startswith("claim/")}
    blame_at_baniyas = "claim/fixture_1/blame/{}-{}".format(*span(A1, "SOHR blamed forces loyal to Ahmed al-Sharaa"))
    blame_at_tartous = "claim/fixture_4/blame/{}-{}".format(
        *span(A4, "the massacres were carried out by Assad remnants")
    )
    assert drawn == {CLAIM_745, blame_at_baniyas, blame_at_tartous}
    assert JABLAH not in drawn_ids(html)


def test_claims_view_with_blank_form_fields_is_unfiltered(client: TestClient) -> None:
    blank = page(client, "/view/claims?kind=&claimant=&outlet=&place=&actor=&date_from=&date_to=&limit=")
    assert drawn_ids(blank) == drawn_ids(page(client, "/view/claims"))


def test_empty_claims_view_says_so(client: TestClient) -> None:
    html = page(client, "/view/claims?claimant=person/nobody")
    assert graph_data(html)["nodes"] == []
    assert "Nothing matches these filters." in html
    assert legend_labels(html) == []


def test_blame_view_draws_the_blame_payload(client: TestClient) -> None:
    html = page(client, "/view/blame")
    expected, body = payload_ids(client, "/blame")
    assert drawn_ids(html) == expected
    captions = {(edge["from"], edge["to"], edge["label"]) for edge in graph_data(html)["edges"]}
    assert (SOHR, STG, "claimant") in captions
    assert ("outlet/bbc", HTS, "claimant and outlet") in captions  # the BBC claims it and reports it: one link
    assert ("outlet/breitbart", HTS, "outlet") in captions
    assert ("outlet/tps-il", STG, "outlet") in captions
    assert len(captions) == len(body["links"]) - 1
    only_outlets = page(client, "/view/blame?via=outlet")
    assert SOHR not in drawn_ids(only_outlets)


def test_blame_view_filters_by_date(client: TestClient) -> None:
    early = page(client, "/view/blame?date_to=2025-03-07")
    assert drawn_ids(early) == {SOHR, STG, "outlet/tps-il"}
    assert 'name="date_to" type="date" value="2025-03-07"' in early
    assert "/blame?via=both&amp;date_to=2025-03-07" in early
    assert client.get("/view/blame?date_from=2025-03-10&date_to=2025-03-01").status_code == 422


def test_one_link_per_pair_counts_each_claim_once() -> None:
    payload = GraphPayload(
        query="blame",
        params={},
        nodes=[GraphNode(id="a", label="Outlet", name="A"), GraphNode(id="b", label="Faction", name="B")],
        links=[
            GraphLink(source="a", target="b", type="BLAMES", via="claimant", claims=2, claim_ids=["c1", "c2"]),
            GraphLink(source="a", target="b", type="BLAMES", via="outlet", claims=2, claim_ids=["c2", "c3"]),
            GraphLink(source="a", target="b", type="DENIES", via="denial", claims=1, claim_ids=["c4"]),
        ],
    )
    merged = one_link_per_pair(payload).links
    assert [(link.type, link.via, link.claims) for link in merged] == [
        ("BLAMES", "claimant and outlet", 3),
        ("DENIES", "denial", 1),
    ]


def test_the_blame_view_keeps_the_most_claimed_links_and_the_denials_between_their_actors() -> None:
    names = "abcde"
    payload = GraphPayload(
        query="blame",
        params={},
        nodes=[GraphNode(id=name, label="Faction", name=name.upper()) for name in names],
        links=[
            GraphLink(source="a", target="b", type="BLAMES", via="claimant", claims=5),
            GraphLink(source="c", target="d", type="BLAMES", via="claimant", claims=1),
            GraphLink(source="a", target="e", type="BLAMES", via="claimant", claims=3),
            GraphLink(source="b", target="a", type="DENIES", via="denial", claims=1),
            GraphLink(source="d", target="c", type="DENIES", via="denial", claims=1),
        ],
    )
    kept, left_out = strongest_links(payload, 2)
    assert [(link.source, link.target, link.type) for link in kept.links] == [
        ("a", "b", "BLAMES"),
        ("a", "e", "BLAMES"),
        ("b", "a", "DENIES"),
    ]
    assert sorted(node.id for node in kept.nodes) == ["a", "b", "e"]
    assert left_out == 2
    assert strongest_links(payload, 3) == (payload, 0)


def test_the_toll_chart_opens_on_the_event_most_sources_speak_of_and_known_victims_first() -> None:
    def row(topic: str, claimant: str) -> dict[str, Any]:
        return {"topic": topic, "claimant_ids": claimant, "claimant": claimant}

    lumped = "casualty|unknown:people|SY|2016-07"
    massacre = "casualty|alawites:people|SY|2025-03"
    strike = "casualty|kurds:people|SY|2016-07"
    rows = [row(lumped, who) for who in "abcdef"] + [row(strike, "a"), row(strike, "a"), row(massacre, "a")]
    rows += [row(massacre, "b")]
    assert default_event(rows) == massacre
    assert default_event([row(lumped, "a")]) == lumped
    assert default_event([]) is None


def test_paths_view_draws_the_paths_payload(client: TestClient) -> None:
    query = f"source={SHARAA}&target={SOHR}&k=3&max_length=4"
    html = page(client, f"/view/paths?{query}&co_mentions=yes")
    expected, body = payload_ids(client, f"/paths?{query}")
    assert drawn_ids(html) == expected
    assert len(body["paths"]) == 3
    focus = {node["id"] for node in graph_data(html)["nodes"] if node.get("borderWidth") == 4}
    assert focus == {SHARAA, SOHR}
    assert "3 shortest path(s)" in html


def test_paths_view_follows_claims_blame_and_roles_by_default(client: TestClient) -> None:
    query = f"source={SHARAA}&target={SOHR}&k=3&max_length=4"
    typed = ",".join(TYPED_PATH_TYPES)
    expected, body = payload_ids(client, f"/paths?{query}&types={typed}")
    html = page(client, f"/view/paths?{query}")
    assert drawn_ids(html) == expected and body["paths"]
    assert not any(node.startswith("article/") for node in expected)  # no trivial hop through an article
    assert "through CLAIMS, BLAMES" in html


def test_paths_view_without_a_path(client: TestClient) -> None:
    html = page(client, f"/view/paths?source={SHARAA}&target={SOHR}&max_length=1")
    assert "No path of at most 1 links joins them, through" in html
    assert drawn_ids(html) == {SHARAA, SOHR}


# -- the node cap -----------------------------------------------------------------------------------------------


def test_capped_entity_view_shows_the_notice(client: TestClient) -> None:
    full = drawn_ids(page(client, f"/view/entities/{SOHR}?depth=2"))
    assert len(full) > 5
    html = page(client, f"/view/entities/{SOHR}?depth=2&limit=5")
    assert len(drawn_ids(html)) == 5
    assert SOHR in drawn_ids(html)
    assert 'id="capped-notice"' in html
    assert "Capped: this view shows 5 nodes, the first within the cap of 5." in html
    expected, body = payload_ids(client, f"/entities/{SOHR}/neighbors?depth=2&cap=5")
    assert body["capped"] is True and drawn_ids(html) == expected


def test_default_cap_comes_from_the_settings(store: EmbeddedStore) -> None:
    with TestClient(create_app(Settings(CLAIMGRAPH_VIEW_NODE_CAP=4), store)) as small:
        html = page(small, f"/view/entities/{SOHR}?depth=2")
    assert len(drawn_ids(html)) == 4
    assert "the cap of 4" in html


def test_capped_claims_and_blame_views_show_the_notice(client: TestClient) -> None:
    claims = page(client, "/view/claims?limit=4")
    assert 'id="capped-notice"' in claims
    assert len(drawn_ids(claims)) <= 4
    assert "claims drawn" in claims
    blame = page(client, "/view/blame?limit=2")
    assert 'id="capped-notice"' in blame and len(drawn_ids(blame)) == 2
    for url in ("/view/claims", "/view/blame", f"/view/paths?source={SHARAA}&target={SOHR}"):
        assert 'id="capped-notice"' not in page(client, url)


def test_capped_paths_view_keeps_the_ends(client: TestClient) -> None:
    html = page(client, f"/view/paths?source={SHARAA}&target={SOHR}&limit=2")
    assert drawn_ids(html) == {SHARAA, SOHR}
    assert 'id="capped-notice"' in html


def test_claims_payload_stops_at_the_cap(store: EmbeddedStore) -> None:
    listing = run_query(store, "claims", {"limit": 500})
    assert isinstance(listing, Page)
    whole = claims_payload(listing, {}, 300)
    assert not whole.capped
    capped = claims_payload(listing, {}, 6)
    assert capped.capped and 0 < len(capped.nodes) <= 6
    kept = {node.id for node in capped.nodes}
    assert all(link.source in kept and link.target in kept for link in capped.links)
    # a claim is drawn with all its ends or not at all
    for claim in (node for node in capped.nodes if node.label == "Claim"):
        row = next(item for item in listing.items if item.id == claim.id)
        assert {ref.id for ref in row.claimants + row.blamed + row.places} <= kept


# -- untrusted text ---------------------------------------------------------------------------------------------


def test_hostile_names_are_escaped_everywhere(hostile_client: TestClient) -> None:
    urls = [
        f"/view/entities/{EVIL_ALERT}",
        f"/view/entities/{EVIL_SCRIPT}",
        f"/view/entities/{EVIL_IMG}?depth=2",
        f"/view/entities/{HTS}",
        "/view/claims",
        "/view/blame",
        f"/view/paths?source={EVIL_ALERT}&target={EVIL_IMG}",
    ]
    for url in urls:
        html = page(hostile_client, url)
        assert "<script>alert" not in html, url
        assert "<script>window" not in html, url
        assert "<img" not in html, url
        # only our own script elements end in </script>: the JSON block and the two static scripts
        assert html.count("</script>") == 3, url
        assert html.count("<script") == 3, url
    ego = page(hostile_client, f"/view/entities/{EVIL_ALERT}")
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; (Person): ego network</h1>" in ego
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; (Person): ego network · Claimgraph</title>" in ego


def test_hostile_names_reach_the_browser_as_text(hostile_client: TestClient) -> None:
    data = graph_data(page(hostile_client, f"/view/entities/{HTS}"))
    by_id = {node["id"]: node for node in data["nodes"]}
    # JSON-escaped on the wire, the exact characters after parsing: views.js shows them with textContent
    assert by_id[EVIL_ALERT]["label"] == SCRIPT_ALERT
    assert by_id[EVIL_ALERT]["title"].startswith(SCRIPT_ALERT + "\n")
    assert data["details"][EVIL_IMG]["name"] == IMG_PWNED
    assert ["description", BREAKOUT] in data["details"][EVIL_IMG]["facts"]
    claims = graph_data(page(hostile_client, "/view/claims"))
    claim = next(node for node in claims["nodes"] if node["id"] == EVIL_CLAIM)
    assert f"claimant: {SCRIPT_PWNED}" in claim["title"]
    assert f"outlets: {BREAKOUT}" in claim["title"]


def test_script_json_cannot_end_the_script_element() -> None:
    text = script_json({"name": BREAKOUT, "other": "a & b <!-- c"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": BREAKOUT, "other": "a & b <!-- c"}


def test_links_are_percent_encoded_paths(hostile_client: TestClient) -> None:
    data = graph_data(page(hostile_client, "/view/claims"))
    hrefs = [href for details in data["details"].values() for _, href in details["links"]]
    assert hrefs and all(href.startswith("/") and not href.startswith("//") for href in hrefs)
    assert f"/view/entities/{EVIL_ALERT}" not in hrefs  # not on this view
    assert "/view/entities/person/~script-pwned" in hrefs
    assert all(not re.search(r"[<>\"' ]", href) for href in hrefs)


# -- offline --------------------------------------------------------------------------------------------------------

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def test_pages_reference_nothing_outside_the_app(client: TestClient) -> None:
    for url in (
        f"/view/entities/{HTS}?depth=2",
        "/view/claims",
        "/view/blame",
        f"/view/paths?source={SHARAA}&target={SOHR}",
    ):
        html = page(client, url)
        assert not EXTERNAL.search(html), url
        assert "http://" not in html and "https://" not in html, url
        assets = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
        assert assets == [
            "data:,",
            "/static/vis-network.css",
            "/static/views.css",
            "/static/vis-network.min.js",
            "/static/views.js",
        ]
        for asset in assets[1:]:
            response = client.get(asset)
            assert response.status_code == 200, asset
            assert "https://cdn" not in response.text


def test_static_files(client: TestClient) -> None:
    script = client.get("/static/vis-network.min.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "@version 9.1.2" in script.text[:500]
    assert client.get("/static/views.css").headers["content-type"].startswith("text/css")
    for missing in ("/static/nope.js", "/static/..%2Fviews.py", "/static/"):
        assert client.get(missing).status_code == 404, missing


def test_standalone_page_inlines_vis_network(store: EmbeddedStore) -> None:
    payload = run_query(store, "neighbors", {"id": HTS})
    assert isinstance(payload, GraphPayload)
    html = render_page(payload, title="HTS", summary="", fields=[], json_href="/x", inline_assets=True)
    assert "<script src" not in html and '<link rel="stylesheet"' not in html
    assert "@version 9.1.2" in html
    assert not EXTERNAL.search(html)


# -- errors ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/view/entities/person/nobody", 404),
        (f"/view/paths?source=person/nobody&target={SOHR}", 404),
        (f"/view/entities/{HTS}?depth=4", 422),
        (f"/view/entities/{HTS}?depth=0", 422),
        (f"/view/entities/{HTS}?labels=Bogus", 422),
        (f"/view/entities/{HTS}?types=KNOWS", 422),
        (f"/view/entities/{HTS}?limit=0", 422),
        (f"/view/entities/{HTS}?limit=999999", 422),
        ("/view/claims?kind=rumour", 422),
        ("/view/claims?date_from=yesterday", 422),
        ("/view/claims?date_from=2025-03-10&date_to=2025-03-01", 422),
        ("/view/blame?via=everyone", 422),
        (f"/view/paths?source={SOHR}", 422),
        (f"/view/paths?source={SOHR}&target={SOHR}", 422),
        (f"/view/paths?source={SHARAA}&target={SOHR}&k=11", 422),
    ],
)
def test_bad_requests(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.json()["error"]["message"]


# -- notebooks ------------------------------------------------------------------------------------------------------


def test_network_for_gives_the_payload_as_a_pyvis_network(client: TestClient, store: EmbeddedStore) -> None:
    payload = run_query(store, "neighbors", {"id": SOHR, "depth": 2})
    assert isinstance(payload, GraphPayload)
    net = network_for(payload)
    assert isinstance(net, Network)
    json_ids, body = payload_ids(client, f"/entities/{SOHR}/neighbors?depth=2")
    assert set(net.get_nodes()) == json_ids == {node.id for node in payload.nodes}
    assert len(net.get_edges()) == len(body["links"])
    sohr = net.get_node(SOHR)
    assert sohr["shape"] == STYLES["Organization"].shape
    assert sohr["color"]["background"] == STYLES["Organization"].color
    assert sohr["title"].startswith("Syrian Observatory for Human Rights\nOrganization · organization/sohr")
    html = net.generate_html()  # what pyvis's write_html and show (a notebook) write
    assert drawn_ids(html) == json_ids
    assert "<script src" not in html and not EXTERNAL.search(html)
    assert "@version 9.1.2" in html and "bootstrap" not in html


def test_notebook_page_keeps_hostile_text_inert(tmp_path: Path) -> None:
    hostile = EmbeddedStore(tmp_path / "store")
    hostile.write(fixture_batch())
    hostile.write(hostile_batch(HTS))
    payload = run_query(hostile, "neighbors", {"id": HTS, "depth": 2})
    hostile.close()
    assert isinstance(payload, GraphPayload)
    net = network_for(payload)
    net.add_node("note/href", label='<a href="javascript:alert(1)">x</a>', title='<a href="javascript:alert(1)">x</a>')
    target = tmp_path / "ego.html"
    net.write_html(str(target))  # pyvis would switch to HTML tooltips on seeing "href"; ours never do
    html = target.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<script>window" not in html and "<img" not in html
    assert '<a href="javascript' not in html
    assert {EVIL_ALERT, EVIL_SCRIPT, EVIL_IMG, "note/href"} <= drawn_ids(html)
    assert graph_data(html)["details"][EVIL_ALERT]["name"] == SCRIPT_ALERT


def test_blame_links_say_whom_the_blame_goes_through() -> None:
    many = GraphLink(source=SOHR, target=STG, type="BLAMES", via="claimant", claims=3)
    assert link_caption(many) == "claimant ×3"
    assert link_caption(GraphLink(source=SOHR, target=STG, type="BLAMES", via="outlet", claims=1)) == "outlet"
    assert link_caption(GraphLink(source=SHARAA, target=HTS, type="LEADS")) == "LEADS"
    payload = GraphPayload(
        query="blame",
        params={},
        nodes=[GraphNode(id=SOHR, label="Organization", name="SOHR"), GraphNode(id=STG, label="Government", name="g")],
        links=[many],
    )
    (edge,) = network_for(payload).get_edges()
    assert edge["width"] == 4 and edge["label"] == "claimant ×3"


# -- the toll chart and the contradictions page -------------------------------------------------------------------

CHART_DATA = re.compile(r'<script type="application/json" id="chart-data">(.*?)</script>', re.S)


def chart_data(html: str) -> dict[str, Any]:
    found = CHART_DATA.search(html)
    assert found, "no chart data in the page"
    parsed: dict[str, Any] = json.loads(found.group(1))
    return parsed


def table_rows(html: str) -> list[str]:
    return re.findall(r'<tr id="(toll-\d+)"', html)


def test_toll_chart_draws_each_claimants_tolls_over_time(client: TestClient) -> None:
    html = page(client, "/view/tolls")
    data = chart_data(html)
    [sohr] = data["series"]  # the fixture's three tolls are SOHR's, as "SOHR" and as "The Syrian Observatory…"
    assert sohr["name"] == "Syrian Observatory for Human Rights"
    assert sohr["x"] == ["2025-03-08", "2025-03-09", "2025-03-10"] and sohr["y"] == [745, 830, 973]
    assert sohr["disputed"] == [False, False, False] and data["log"] is False
    assert sohr["anchors"] == table_rows(html) == ["toll-0", "toll-1", "toll-2"]  # each point links to its row
    assert "at least 745" in html and "killed in Baniyas" in html  # the table beside it: toll and sentence
    assert 'href="/articles/article/fixture_1"' in html
    assert '<option value="civilians" selected>' in html
    assert "/claims/tolls?victims=civilians&amp;format=csv" in html
    assert "/static/plotly.min.js" in html


def test_toll_chart_filters(client: TestClient) -> None:
    assert len(table_rows(page(client, "/view/tolls?date_from=2025-03-09"))) == 2
    assert len(table_rows(page(client, f"/view/tolls?place={LATTAKIA}"))) == 2  # Lattakia and Jablah inside it
    empty = page(client, "/view/tolls?victims=children")
    assert "No toll matches these filters." in empty and chart_data(empty)["series"] == []
    assert client.get("/view/tolls?date_from=nope").status_code == 422


def test_toll_chart_marks_disputed_points(hostile_client: TestClient) -> None:
    html = page(hostile_client, "/view/tolls?victims=people")
    [series] = chart_data(html)["series"]
    assert series["disputed"] == [True] and 'class="disputed"' in html
    # hover text is HTML-escaped for Plotly; the page itself holds no live markup
    assert "&lt;img src=x" in series["hover"][0] and "<img" not in "".join(series["hover"])
    assert series["name"] == "&lt;script&gt;window.__pwned=1&lt;/script&gt;" and series["label"] == SCRIPT_PWNED
    assert "<img" not in html and "<script>window" not in html
    assert html.count("<script") == 3


def test_contradictions_page_shows_both_sides(client: TestClient) -> None:
    html = page(client, "/view/contradictions")
    assert html.count('<article class="link contradicts">') == 1
    assert "different perpetrators" in html
    assert "SOHR blamed forces loyal to Ahmed al-Sharaa" in html  # the left side's sentence
    assert "carried out by Assad remnants in Tartous" in html  # the right side's
    assert "reported by" in html and 'href="/articles/article/fixture_4"' in html
    every = page(client, "/view/contradictions?relation=any")
    assert every.count('<article class="link updates">') == 2 and every.count('class="link contradicts"') == 1
    assert "No link between claim groups" in page(client, "/view/contradictions?kind=denial")
    assert client.get("/view/contradictions?relation=LIKES").status_code == 422


def test_contradictions_page_keeps_hostile_text_inert(hostile_client: TestClient) -> None:
    html = page(hostile_client, "/view/contradictions")
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1" in html  # the reason, as text
    assert "<img" not in html and "<script" not in html


# -- readable defaults ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    seeded = EmbeddedStore(tmp_path_factory.mktemp("views-seeds"))
    assert load_paths(seeded, [SEEDS_DIR]).ok
    with TestClient(create_app(Settings(), seeded)) as test_client:
        yield test_client
    seeded.close()


def node_captions(html: str, label: str) -> list[str]:
    data = graph_data(html)
    return sorted(node["label"] for node in data["nodes"] if data["details"][node["id"]]["label"] == label)


def test_places_say_their_kind_and_where_they_lie(seed_client: TestClient) -> None:
    places = node_captions(page(seed_client, "/view/claims?claims=500&vague=yes"), "Location")
    # the city and the governorate both called Hama, and Latakia beside Lattakia, now read apart
    assert "Hama (city, Hama governorate)" in places and "Hama (governorate, Syria)" in places
    assert "Latakia (city, Lattakia governorate)" in places and "Lattakia (governorate, Syria)" in places


def test_claims_view_draws_a_legible_few_by_default(seed_client: TestClient) -> None:
    everything = seed_client.get("/claims", params={"limit": 500}).json()
    vague = sum(1 for item in everything["items"] if item["qualifier"] == "vague")
    assert vague and everything["total"] - vague > 20
    html = page(seed_client, "/view/claims?claims=20")
    data = graph_data(html)
    claims = [node for node in data["nodes"] if data["details"][node["id"]]["label"] == "Claim"]
    assert len(claims) == 20
    assert "Showing the first 20 of" in html and f"({vague} vague counts left out)" in html
    assert not any(
        ["qualifier", "vague"] in data["details"][node["id"]]["facts"] for node in claims
    )  # vague counts only on request
    default = graph_data(page(seed_client, "/view/claims"))
    assert sum(1 for node in default["nodes"] if default["details"][node["id"]]["label"] == "Claim") == 25
    assert default["options"]["nodes"]["font"]["size"] >= 16  # labels a reader can read
    with_vague = page(seed_client, "/view/claims?claims=500&vague=yes")
    assert len(node_captions(with_vague, "Claim")) == everything["total"]


def test_ego_view_groups_each_speakers_statements(seed_client: TestClient) -> None:
    sohr = "organization/sohr"
    each = graph_data(page(seed_client, f"/view/entities/{sohr}?statements=each"))
    said = [node["id"] for node in each["nodes"] if each["details"][node["id"]]["label"] == "Statement"]
    assert len(said) >= 5
    html = page(seed_client, f"/view/entities/{sohr}")
    grouped = graph_data(html)
    [group] = [node for node in grouped["nodes"] if node["id"].startswith("statements-of/")]
    assert group["id"] == f"statements-of/{sohr}" and group["label"].startswith(f"{len(said)} statements by")
    assert len(grouped["nodes"]) == len(each["nodes"]) - len(said) + 1
    assert (sohr, group["id"]) in {(edge["from"], edge["to"]) for edge in grouped["edges"]}
    assert f"{len(said)} statements drawn as 1 nodes" in html
    assert grouped["details"][group["id"]]["links"] == [
        ["these statements (timeline JSON)", f"/timeline?entity={quote(sohr, safe='')}&label=Statement"]
    ]


def test_group_statements_keeps_every_link_once() -> None:
    nodes = [GraphNode(id="p", label="Person", name="P"), GraphNode(id="o", label="Outlet", name="O")]
    nodes += [GraphNode(id=f"s{n}", label="Statement", name=f"said {n}") for n in range(3)]
    links = [GraphLink(source="p", target=f"s{n}", type="SAID") for n in range(3)]
    links += [GraphLink(source="o", target=f"s{n}", type="REPORTED") for n in range(2)]
    grouped = group_statements(GraphPayload(query="neighbors", params={}, nodes=nodes, links=links))
    assert [node.id for node in grouped.nodes] == ["p", "o", "statements-of/p"]
    assert {(link.source, link.target, link.type, getattr(link, "count", 1)) for link in grouped.links} == {
        ("p", "statements-of/p", "SAID", 3),
        ("o", "statements-of/p", "REPORTED", 2),
    }
    one = GraphPayload(query="neighbors", params={}, nodes=nodes[:3], links=links[:1])
    assert group_statements(one) == one  # a single statement stays itself


def test_view_pages_cannot_be_framed_rebased_or_post_elsewhere(client: TestClient) -> None:
    """Issue 13: the view pages' policy names frame-ancestors, base-uri and form-action (they fall back to no
    default-src)."""
    for url in ("/view/claims", "/view/tolls", f"/view/entities/{HTS}"):
        policy = client.get(url).headers["content-security-policy"]
        directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
        assert directives["frame-ancestors"] == ["'none'"], url
        assert directives["base-uri"] == ["'none'"], url
        assert directives["form-action"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
