"""The named queries on the fixture graph: every store (embedded always, Neo4j when NEO4J_URI is set) must give
the answers written down here, read off ``tests/fixtures_graph.py`` by hand.

Traversals are also checked against brute force over networkx, and the Neo4j implementations' plumbing is run
offline against a stand-in that answers the two traversal statements from the same graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import networkx as nx
import pytest

from graph.embedded import EmbeddedStore
from graph.errors import NotFoundError, QueryError
from graph.records import GraphBatch, NodeRecord, RelRecord
from graph.schema import BASE_LABEL, SCHEMA
from graph.store import GraphStore
from queries import embedded as embedded_queries
from queries import neo4j as neo4j_queries
from queries import shared
from queries.neo4j import body_parameters, cypher_parameters, cypher_text
from queries.params import NeighborParams, PathParams
from queries.registry import QUERIES, get_query, run_query
from tests.fixtures_graph import (
    A1,
    A2,
    A3,
    A4,
    ALAWITES,
    BANIYAS,
    BBC,
    BREITBART,
    CLAIM_745,
    CLAIM_973,
    CRADLE,
    HALA,
    HTS,
    JABLAH,
    LATTAKIA,
    RAMI,
    REMNANTS,
    SHARAA,
    SOHR,
    STG,
    SYRIA,
    TARTOUS,
    TEXTS,
    TPS,
    fixture_batch,
)


@pytest.fixture
def graph_store(store: GraphStore) -> GraphStore:
    store.write(fixture_batch())
    return store


def run(store: GraphStore, name: str, **params: Any) -> dict[str, Any]:
    return run_query(store, name, params).model_dump(mode="json")


def ids(items: list[dict[str, Any]], key: str = "id") -> list[str]:
    return [item[key] for item in items]


# -- search and entities --------------------------------------------------------------------------------------


def test_search_finds_an_alias_and_tolerates_typos(graph_store: GraphStore) -> None:
    julani = run(graph_store, "search_entities", q="Julani")
    assert ids(julani["items"])[0] == SHARAA
    assert julani["items"][0]["matched"] == "Julani"
    typo = run(graph_store, "search_entities", q="Ahmad al-Sharra")
    assert ids(typo["items"])[0] == SHARAA
    assert run(graph_store, "search_entities", q="Banyas")["items"][0]["id"] == BANIYAS
    assert run(graph_store, "search_entities", q="zzqqxxw")["total"] == 0


def test_search_filters_by_label_and_pages(graph_store: GraphStore) -> None:
    everything = run(graph_store, "search_entities", q="Syrian", min_score=60)
    labels = {item["label"] for item in everything["items"]}
    assert {"Organization", "Government"} <= labels
    only = run(graph_store, "search_entities", q="Syrian", min_score=60, label="Government")
    assert ids(only["items"]) == [STG]
    first = run(graph_store, "search_entities", q="Syrian", min_score=60, limit=1)
    second = run(graph_store, "search_entities", q="Syrian", min_score=60, limit=1, offset=1)
    assert first["total"] == second["total"] == everything["total"] >= 2
    assert [*ids(first["items"]), *ids(second["items"])] == ids(everything["items"])[:2]
    scores = [item["score"] for item in everything["items"]]
    assert scores == sorted(scores, reverse=True)


def test_entity_detail_counts_and_relations(graph_store: GraphStore) -> None:
    sohr = run(graph_store, "entity_detail", id=SOHR)
    assert sohr["counts"] == {"articles": 4, "mentions": 5, "claims_made": 4, "claims_about": 0, "statements": 0}
    assert sohr["relations"] == [
        {"type": "LEADS", "direction": "in", "other": {"id": RAMI, "label": "Person", "name": "Rami Abdel Rahman"}}
    ]
    government = run(graph_store, "entity_detail", id=STG)
    assert government["counts"]["claims_about"] == 2  # blamed by SOHR; the subject of its own denial
    assert government["counts"]["claims_made"] == 2
    sharaa = run(graph_store, "entity_detail", id=SHARAA)
    assert [(r["type"], r["direction"], r["other"]["id"]) for r in sharaa["relations"]] == [
        ("LEADS", "out", HTS),
        ("LEADS", "out", STG),
    ]
    assert sharaa["counts"]["statements"] == 1
    assert "Julani" in sharaa["entity"]["aliases"]


def test_entity_detail_refuses_unknown_ids_and_non_entities(graph_store: GraphStore) -> None:
    with pytest.raises(NotFoundError, match="no entity"):
        run(graph_store, "entity_detail", id="person/nobody")
    with pytest.raises(NotFoundError):
        run(graph_store, "entity_detail", id=A1)


# -- traversals -----------------------------------------------------------------------------------------------


def undirected(store: EmbeddedStore, types: set[str] | None = None) -> nx.Graph:
    with store.read_graph() as graph:
        view = nx.Graph()
        view.add_nodes_from(graph.nodes)
        view.add_edges_from((u, v) for u, v, key in graph.edges(keys=True) if not types or key in types)
    return view


def test_neighbors_match_breadth_first_search(graph_store: GraphStore, fixture_embedded: EmbeddedStore) -> None:
    view = undirected(fixture_embedded)  # brute force over the same graph, read from the embedded store
    for center in (SHARAA, SOHR, BANIYAS):
        for depth in (1, 2, 3):
            expected = set(nx.single_source_shortest_path_length(view, center, cutoff=depth))
            payload = run(graph_store, "neighbors", id=center, depth=depth)
            assert set(ids(payload["nodes"])) == expected
            assert payload["capped"] is False
            assert payload["focus"] == [center]


def test_neighbors_filters_cap_and_links(graph_store: GraphStore) -> None:
    leads = run(graph_store, "neighbors", id=SHARAA, depth=2, types=["LEADS"])
    assert set(ids(leads["nodes"])) == {SHARAA, HTS, STG}
    assert {(link["source"], link["type"], link["target"]) for link in leads["links"]} == {
        (SHARAA, "LEADS", HTS),
        (SHARAA, "LEADS", STG),
    }
    actors = run(graph_store, "neighbors", id=SHARAA, depth=2, labels="Faction,Government")
    assert set(ids(actors["nodes"])) == {SHARAA, HTS, STG, REMNANTS}
    full = run(graph_store, "neighbors", id=SHARAA, depth=1)
    ring = sorted(set(ids(full["nodes"])) - {SHARAA})
    capped = run(graph_store, "neighbors", id=SHARAA, depth=1, cap=3)
    assert capped["capped"] is True and capped["cap"] == 3
    assert set(ids(capped["nodes"])) == {SHARAA, *ring[:2]}  # the cap keeps each ring's first ids
    for payload in (full, capped, leads):
        members = set(ids(payload["nodes"]))
        assert all(link["source"] in members and link["target"] in members for link in payload["links"])
    article = next(node for node in full["nodes"] if node["label"] == "Article")
    assert "text" not in article  # article texts stay out of network payloads


def test_neighbors_refuse_bad_parameters(graph_store: GraphStore) -> None:
    with pytest.raises(QueryError, match="depth"):
        run(graph_store, "neighbors", id=SHARAA, depth=4)
    with pytest.raises(QueryError, match="types"):
        run(graph_store, "neighbors", id=SHARAA, types=["DROP"])
    with pytest.raises(NotFoundError):
        run(graph_store, "neighbors", id="person/nobody")


def brute_force_paths(view: nx.Graph, source: str, target: str, k: int, max_length: int) -> list[list[str]]:
    every = nx.all_simple_paths(view, source, target, cutoff=max_length)
    return sorted(every, key=lambda path: (len(path), path))[:k]


@pytest.mark.parametrize(
    ("source", "target", "k", "max_length", "types"),
    [
        (SHARAA, REMNANTS, 3, 4, None),
        (SHARAA, REMNANTS, 10, 3, None),
        (HALA, CRADLE, 4, 5, None),
        (BANIYAS, JABLAH, 5, 4, None),
        (SHARAA, REMNANTS, 5, 4, {"LEADS", "MEMBER_OF", "OPPOSES"}),
        (ALAWITES, SYRIA, 2, 2, None),
    ],
)
def test_paths_are_the_k_shortest_simple_paths(
    graph_store: GraphStore,
    fixture_embedded: EmbeddedStore,
    source: str,
    target: str,
    k: int,
    max_length: int,
    types: set[str] | None,
) -> None:
    expected = brute_force_paths(undirected(fixture_embedded, types), source, target, k, max_length)
    payload = run(
        graph_store, "paths", source=source, target=target, k=k, max_length=max_length, types=sorted(types or [])
    )
    assert payload["paths"] == expected
    on_paths = {node for path in expected for node in path} | {source, target}
    assert set(ids(payload["nodes"])) == on_paths
    steps = {frozenset(pair) for path in expected for pair in pairwise(path)}
    assert {frozenset((link["source"], link["target"])) for link in payload["links"]} == steps


def test_paths_answer(graph_store: GraphStore) -> None:
    payload = run(graph_store, "paths", source=SHARAA, target=REMNANTS)
    assert payload["paths"][0] == [SHARAA, STG, REMNANTS]
    assert all(len(path) <= 5 for path in payload["paths"])
    assert run(graph_store, "paths", source=SHARAA, target=REMNANTS, max_length=1)["paths"] == []
    with pytest.raises(QueryError, match="same node"):
        run(graph_store, "paths", source=SHARAA, target=SHARAA)


# -- claims ---------------------------------------------------------------------------------------------------


def test_claims_by_kind_in_date_order_with_provenance(graph_store: GraphStore) -> None:
    page = run(graph_store, "claims", kind="casualty")
    assert page["total"] == 3
    assert [claim["value"] for claim in page["items"]] == [745, 830, 973]
    first = page["items"][0]
    assert first["id"] == CLAIM_745
    assert first["claimants"] == [{"id": SOHR, "label": "Organization", "name": "Syrian Observatory for Human Rights"}]
    assert first["places"][0]["id"] == BANIYAS
    assert first["about"] == [{"id": ALAWITES, "label": "Community", "name": "Alawites", "role": "victims"}]
    provenance = first["provenance"]
    assert provenance["article_id"] == A1 and provenance["published"] == "2025-03-09"
    assert ids(provenance["outlets"]) == [TPS]
    text = TEXTS[A1]
    assert text[provenance["start"] : provenance["end"]] == "at least 745 Alawite civilians"
    assert text[provenance["sentence_start"] : provenance["sentence_end"]] == provenance["sentence"]
    assert first["groups"] == ["claimgroup/toll-745"]


def test_claims_filters(graph_store: GraphStore) -> None:
    def claim_ids(**params: Any) -> list[str]:
        return ids(run(graph_store, "claims", **params)["items"])

    assert len(claim_ids(claimant=SOHR)) == 4
    assert len(claim_ids(outlet=BBC)) == 1
    # Baniyas lies in Tartous: its claims count for Tartous, and everything on the coast for Syria
    tartous = claim_ids(place=TARTOUS)
    assert len(tartous) == 3 and CLAIM_745 in tartous
    assert len(claim_ids(place=SYRIA)) == 5  # every claim with a place; the denial has none
    assert claim_ids(place=LATTAKIA) == [claim_ids(kind="casualty")[1], CLAIM_973]
    assert len(claim_ids(actor=STG)) == 2
    assert claim_ids(kind="casualty", date_from="2025-03-10") == [CLAIM_973]
    assert len(claim_ids(date_from="2025-03-08", date_to="2025-03-08")) == 3
    assert claim_ids(claimant="person/nobody") == []
    everything = run(graph_store, "claims")
    assert everything["total"] == 7
    page = run(graph_store, "claims", limit=2, offset=1)
    assert page["total"] == 7 and ids(page["items"]) == ids(everything["items"])[1:3]


def test_toll_table_puts_the_tolls_side_by_side(graph_store: GraphStore) -> None:
    table = run(graph_store, "tolls")
    assert table["total"] == 3 and table["capped"] is False
    [civilians] = table["groups"]
    assert civilians["victims"] == "civilians"
    assert [row["value"] for row in civilians["rows"]] == [745, 830, 973]
    assert [row["as_of"] for row in civilians["rows"]] == ["2025-03-08", "2025-03-09", "2025-03-10"]
    assert all(ids(row["claimants"]) == [SOHR] for row in civilians["rows"])
    assert [ids(row["outlets"]) for row in civilians["rows"]] == [[TPS], [BREITBART], [CRADLE]]
    assert civilians["rows"][0]["qualifier"] == "at_least"
    assert run(graph_store, "tolls", victims="children")["total"] == 0
    capped = run(graph_store, "tolls", limit=2)
    assert capped["total"] == 3 and capped["capped"] is True
    assert sum(len(group["rows"]) for group in capped["groups"]) == 2


def test_tolls_flag_the_disputed_rows(graph_store: GraphStore) -> None:
    rows = run(graph_store, "tolls")["groups"][0]["rows"]
    assert [row["disputed"] for row in rows] == [False, False, False]  # a rising toll (UPDATES) is no dispute
    assert rows[0]["groups"] == ["claimgroup/toll-745"]
    dispute = RelRecord("claimgroup/toll-830", "CONTRADICTS", "claimgroup/toll-973", {"reason": "different tolls"})
    graph_store.write(GraphBatch(nodes=[], rels=[dispute]))
    rows = run(graph_store, "tolls")["groups"][0]["rows"]
    assert [row["disputed"] for row in rows] == [False, True, True]


def test_claim_links_show_every_relation_between_groups(graph_store: GraphStore) -> None:
    page = run(graph_store, "claim_links")
    assert page["total"] == 3
    found = [(item["relation"], item["left"]["group"]["id"], item["right"]["group"]["id"]) for item in page["items"]]
    assert found == [
        ("UPDATES", "claimgroup/toll-745", "claimgroup/toll-830"),
        ("UPDATES", "claimgroup/toll-830", "claimgroup/toll-973"),
        ("CONTRADICTS", "claimgroup/blame-government", "claimgroup/blame-remnants"),
    ]  # by topic (civilians before perpetrators), then group ids
    updates = run(graph_store, "claim_links", relations="UPDATES")
    assert updates["total"] == 2 and all(item["reason"] is None for item in updates["items"])
    assert [row["value"] for row in updates["items"][0]["left"]["claims"]] == [745]
    [contradiction] = run(graph_store, "claim_links", relations=["CONTRADICTS"])["items"]
    assert contradiction == run(graph_store, "contradictions")["items"][0]
    assert contradiction["reason"] == "different perpetrators"


def test_contradictions_show_both_sides(graph_store: GraphStore) -> None:
    page = run(graph_store, "contradictions")
    assert page["total"] == 1
    [pair] = page["items"]
    assert pair["reason"] == "different perpetrators" and pair["topic"] == "coast-2025-03/perpetrators"
    assert pair["left"]["group"]["id"] == "claimgroup/blame-government"
    assert [claim["text"] for claim in pair["left"]["claims"]] == [
        "SOHR blamed forces loyal to Ahmed al-Sharaa",
        "HTS fighters were among the gunmen",
    ]
    assert [ids(claim["blamed"]) for claim in pair["right"]["claims"]] == [[REMNANTS]]
    assert pair["right"]["claims"][0]["provenance"]["article_id"] == A4
    assert run(graph_store, "contradictions", kind="casualty")["total"] == 0


def test_blame_links_claimants_and_outlets_to_the_blamed(graph_store: GraphStore) -> None:
    payload = run(graph_store, "blame")
    links = {(link["source"], link["target"], link["via"]): link["claims"] for link in payload["links"]}
    assert links == {
        (SOHR, STG, "claimant"): 1,
        (TPS, STG, "outlet"): 1,
        (BBC, HTS, "claimant"): 1,
        (BBC, HTS, "outlet"): 1,
        (BREITBART, HTS, "outlet"): 1,
        (STG, REMNANTS, "claimant"): 1,
    }
    assert {link["type"] for link in payload["links"]} == {"BLAMES"}
    claimants = run(graph_store, "blame", via="claimant")
    assert {link["via"] for link in claimants["links"]} == {"claimant"}
    about = run(graph_store, "blame", actor=HTS)
    assert {link["target"] for link in about["links"]} == {HTS} and about["focus"] == [HTS]
    capped = run(graph_store, "blame", cap=2)
    assert capped["capped"] is True and len(capped["nodes"]) <= 2 and len(capped["links"]) == 1


def test_blame_by_date(graph_store: GraphStore) -> None:
    early = run(graph_store, "blame", date_to="2025-03-07")  # SOHR's blame is dated 7 March
    assert {(link["source"], link["target"]) for link in early["links"]} == {(SOHR, STG), (TPS, STG)}
    later = run(graph_store, "blame", date_from="2025-03-08")  # the BBC's (8 March) and the government's (published 8)
    assert {link["target"] for link in later["links"]} == {HTS, REMNANTS}
    assert run(graph_store, "blame", date_from="2025-03-09")["links"] == []


def test_blame_draws_denials(graph_store: GraphStore) -> None:
    text = TEXTS[A4]
    start = text.index("disputed that account")
    denial = f"claim/fixture_4/denial/{start}-{start + 21}"
    props = {"name": "disputed that account", "kind": "denial", "text": "disputed that account", "article_id": A4}
    graph_store.write(
        GraphBatch(
            nodes=[NodeRecord(denial, "Claim", {**props, "start": start, "end": start + 21, "date": "2025-03-08"})],
            rels=[
                RelRecord(A4, "CONTAINS", denial),
                RelRecord(RAMI, "CLAIMS", denial),
                RelRecord(denial, "ABOUT", STG, {"role": "subject"}),
            ],
        )
    )
    links = {(link["source"], link["target"], link["via"]): link for link in run(graph_store, "blame")["links"]}
    assert links[(RAMI, STG, "denial")]["type"] == "DENIES" and links[(RAMI, STG, "denial")]["claims"] == 1
    assert (STG, STG, "denial") not in links  # the government's dismissal is about itself: no link
    assert all(link["via"] != "denial" for link in run(graph_store, "blame", denials=False)["links"])
    assert all(link["via"] == "outlet" for link in run(graph_store, "blame", via="outlet")["links"])
    assert (RAMI, STG) not in {
        (x["source"], x["target"]) for x in run(graph_store, "blame", date_to="2025-03-07")["links"]
    }


# -- outlets, places, time, actors, articles ------------------------------------------------------------------


def test_outlet_profile(graph_store: GraphStore) -> None:
    profile = run(graph_store, "outlet_profile", id=TPS)
    assert profile["articles"] == 1 and ids(profile["recent_articles"]) == [A1]
    assert profile["reported"] == {"claim:blame": 1, "claim:casualty": 1, "statement:quote": 1}
    assert [(item["id"], item["count"]) for item in profile["quotes"]] == [(HALA, 1)]
    assert [(item["id"], item["count"]) for item in profile["claimants"]] == [(SOHR, 2)]
    assert [(item["id"], item["count"]) for item in profile["blames"]] == [(STG, 1)]
    with pytest.raises(NotFoundError, match="no outlet"):
        run(graph_store, "outlet_profile", id=SOHR)


def test_place_report_includes_places_inside(graph_store: GraphStore) -> None:
    tartous = run(graph_store, "place_report", id=TARTOUS)
    assert ids(tartous["parents"]) == [SYRIA]
    assert tartous["inside"] == 1
    assert tartous["claims"]["total"] == 3
    assert tartous["statements_total"] == 1 and tartous["statements"][0]["speakers"][0]["id"] == HALA
    baniyas = run(graph_store, "place_report", id=BANIYAS)
    assert ids(baniyas["parents"]) == [TARTOUS, SYRIA]
    assert baniyas["inside"] == 0
    assert run(graph_store, "place_report", id=SYRIA)["inside"] == 5
    with pytest.raises(NotFoundError):
        run(graph_store, "place_report", id=SOHR)


def test_places_near_a_point(graph_store: GraphStore) -> None:
    near = run(graph_store, "places_near", lat=35.18, lon=35.95, radius_km=30)
    assert ids(near["places"]) == [BANIYAS, JABLAH]
    assert near["places"][0]["distance_km"] == 0.0 and near["places"][0]["claims"] == 2
    assert near["places"][1]["distance_km"] == pytest.approx(shared.haversine_km(35.18, 35.95, 35.36, 35.93), abs=1e-3)
    assert 19 < near["places"][1]["distance_km"] < 21
    assert ids(run(graph_store, "places_near", lat=35.18, lon=35.95, radius_km=1)["places"]) == [BANIYAS]
    with pytest.raises(QueryError, match="lat"):
        run(graph_store, "places_near", lat=95, lon=0)


def test_haversine_matches_a_known_distance() -> None:
    # Damascus to Aleppo is about 310 km as the crow flies
    assert 300 < shared.haversine_km(33.5138, 36.2765, 36.2021, 37.1343) < 320
    assert shared.haversine_km(10, 20, 10, 20) == 0


def test_timeline(graph_store: GraphStore) -> None:
    timeline = run(graph_store, "timeline")
    assert timeline["total"] == 10
    dates = [item["date"] for item in timeline["items"]]
    assert dates == sorted(dates) and dates[0] == "2025-03-07"
    assert sum(day["claims"] + day["statements"] for day in timeline["days"]) == 10
    assert timeline["days"][0] == {"date": "2025-03-07", "claims": 1, "statements": 1}
    statements = run(graph_store, "timeline", label="Statement")
    assert statements["total"] == 3 and {item["label"] for item in statements["items"]} == {"Statement"}
    sharaa = run(graph_store, "timeline", entity=SHARAA)
    assert [item["by"] for item in sharaa["items"]] == ["Abu Mohammad al-Julani"]
    window = run(graph_store, "timeline", date_from="2025-03-10", date_to="2025-03-10", limit=1)
    assert window["total"] == 2 and len(window["items"]) == 1


def test_key_actors_by_evidence(graph_store: GraphStore) -> None:
    ranked = run(graph_store, "key_actors")
    assert ranked["metric"] == "evidence" and ranked["ranked_by"].startswith("evidence: 3×claims made")
    sohr, stg = ranked["actors"][:2]
    # SOHR makes 4 claims and 4 articles name it: 3×4 + 4; the government makes 2, is blamed once, a claim is
    # about it once and 2 articles name it: 3×2 + 3×1 + 2×1 + 2
    assert (sohr["id"], sohr["score"]) == (SOHR, 16.0) and (stg["id"], stg["score"]) == (STG, 13.0)
    assert sohr["evidence"] == {
        "articles": 4, "mentions": 5, "claims_made": 4, "blamed": 0, "claims_about": 0, "statements": 0,
        "published": 0,
    }  # fmt: skip
    assert HALA in ids(ranked["actors"])  # she is quoted, though no link of the actor graph reaches her


def test_a_publishers_unattributed_figures_are_not_its_claims_in_the_evidence(graph_store: GraphStore) -> None:
    # TPS-IL published A1; a figure its article gives without naming a source is filed under it, but the ranking
    # counts the article it published, not a claim the text never attributes to it
    before = {actor["id"]: actor for actor in run(graph_store, "key_actors", limit=100)["actors"]}
    claim = "claim/fixture_1/casualty/0-10"
    graph_store.write(
        GraphBatch(
            nodes=[
                NodeRecord(
                    claim,
                    "Claim",
                    {"name": "9", "text": "9", "article_id": A1, "kind": "casualty", "value": 9, "start": 0, "end": 1},
                )
            ],
            rels=[RelRecord(A1, "CONTAINS", claim), RelRecord(TPS, "CLAIMS", claim)],
        )
    )
    after = {actor["id"]: actor for actor in run(graph_store, "key_actors", limit=100)["actors"]}
    assert after[TPS]["evidence"] == before[TPS]["evidence"]
    assert after[TPS]["evidence"]["published"] == 1 and after[TPS]["evidence"]["claims_made"] == 0


def test_key_actors(graph_store: GraphStore) -> None:
    ranked = run(graph_store, "key_actors", metric="pagerank")
    assert ranked["actors"][0]["id"] == STG
    assert ranked["nodes"] == 8
    scores = [actor["score"] for actor in ranked["actors"]]
    assert scores == sorted(scores, reverse=True) and sum(scores) == pytest.approx(1.0, abs=1e-4)
    degree = run(graph_store, "key_actors", metric="degree", label="Person")
    assert {actor["label"] for actor in degree["actors"]} == {"Person"}
    assert ids(degree["actors"])[0] == SHARAA
    between = run(graph_store, "key_actors", metric="betweenness")
    assert ids(between["actors"])[0] == STG


def test_articles_and_article_detail(graph_store: GraphStore) -> None:
    page = run(graph_store, "articles")
    assert ids(page["items"]) == [A3, A2, A1, A4]
    assert page["items"][2]["claims"] == 2 and ids(page["items"][2]["outlets"]) == [TPS]
    assert ids(run(graph_store, "articles", q="coast")["items"]) == [A2, A1]
    assert ids(run(graph_store, "articles", outlet=CRADLE)["items"]) == [A3]
    assert ids(run(graph_store, "articles", date_to="2025-03-09")["items"]) == [A1, A4]
    detail = run(graph_store, "article_detail", id=A1)
    assert detail["text"] == TEXTS[A1]
    kinds = {span["kind"] for span in detail["spans"]}
    assert kinds == {"mention", "claim", "statement"}
    for span in detail["spans"]:
        assert detail["text"][span["start"] : span["end"]] == span["text"]
    starts = [span["start"] for span in detail["spans"]]
    assert starts == sorted(starts)
    with pytest.raises(NotFoundError):
        run(graph_store, "article_detail", id=SOHR)


# -- the registry and the Cypher files ------------------------------------------------------------------------


def test_registry_lists_every_query_with_parameters() -> None:
    expected = {
        "search_entities", "entity_detail", "neighbors", "paths", "claims", "tolls", "contradictions", "blame",
        "outlet_profile", "place_report", "places_near", "timeline", "key_actors", "articles", "article_detail",
        "claim_links",
    }  # fmt: skip
    assert set(QUERIES) == expected
    for query in QUERIES.values():
        assert query.summary.endswith(".") and len(query.summary) < 120
        assert query.describe_params()
    neighbors = {param["name"]: param for param in get_query("neighbors").describe_params()}
    assert neighbors["depth"]["default"] == 1 and neighbors["id"]["required"] is True
    with pytest.raises(NotFoundError, match="no query named"):
        get_query("drop_everything")


def cypher_files() -> list[str]:
    return sorted({name for query in QUERIES.values() for name in query.cypher})


@pytest.mark.parametrize("name", cypher_files())
def test_cypher_file_declares_what_it_uses(name: str) -> None:
    text = cypher_text(name)
    assert text.startswith(f"// {name}:")
    assert body_parameters(name) == cypher_parameters(name), "every $parameter has a :param line, and back"


LABEL_USE = re.compile(r"[(\w]:(\w+)")
TYPE_USE = re.compile(r"\[\w*:([\w|]+)")
LABEL_STRINGS = re.compile(r"'([A-Z]\w+)'")


@pytest.mark.parametrize("name", cypher_files())
def test_cypher_file_uses_only_schema_labels_and_types(name: str) -> None:
    body = "\n".join(line for line in cypher_text(name).splitlines() if not line.startswith("//"))
    known = SCHEMA.labels | SCHEMA.relationship_types | {BASE_LABEL}
    for match in LABEL_USE.findall(body):
        assert match in SCHEMA.labels | {BASE_LABEL} or match in SCHEMA.relationship_types, match
    for match in TYPE_USE.findall(body):
        for rel_type in match.split("|"):
            assert rel_type in SCHEMA.relationship_types, rel_type
    for literal in LABEL_STRINGS.findall(body):
        assert literal in known, literal


# -- the Neo4j implementations, offline ----------------------------------------------------------------------


class GraphAnswers:
    """Answers the traversal statements (expand, subgraph) from a networkx graph, as Neo4j would.

    Lets the Neo4j implementations' Python side run without a server: the BFS and path search over
    ``expand.cypher``, and the node-link conversion of ``subgraph.cypher``.
    """

    kind = "neo4j"

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def node_labels(self, ids: Any) -> dict[str, str]:
        return {node: self.graph.nodes[node]["label"] for node in ids if node in self.graph}

    def read(self, query: str, parameters: dict[str, Any] | None = None, **_: Any) -> list[dict[str, Any]]:
        params = parameters or {}
        self.calls.append((query, params))
        graph = self.graph
        if query == cypher_text("expand"):
            rows = []
            for node in params["ids"]:
                if node not in graph:
                    continue
                found = {
                    other
                    for side in (graph.succ[node], graph.pred[node])
                    for other, keys in side.items()
                    if (not params["types"] or set(params["types"]) & keys.keys())
                    and (not params["labels"] or graph.nodes[other]["label"] in params["labels"])
                }
                if found:
                    rows.append({"id": node, "neighbours": list(found)})
            return rows
        if query == cypher_text("subgraph"):
            members = [node for node in params["ids"] if node in graph]
            nodes = [
                {
                    **graph.nodes[node],
                    "id": node,
                    "text": None if graph.nodes[node]["label"] == "Article" else graph.nodes[node].get("text"),
                }
                for node in members
            ]
            links = [
                {**attrs, "source": u, "target": v, "type": key}
                for u in members
                for v, keys in graph.succ[u].items()
                if v in members
                for key, attrs in keys.items()
                if not params["types"] or key in params["types"]
            ]
            return [{"nodes": nodes, "links": links}]
        raise AssertionError(f"unexpected statement: {query[:60]}")


@pytest.fixture
def fixture_embedded(tmp_path: Any) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "fixture")
    store.write(fixture_batch())
    yield store
    store.close()


@pytest.mark.parametrize(
    "params",
    [
        NeighborParams(id=SHARAA, depth=2),
        NeighborParams(id=SOHR, depth=3, cap=7),
        NeighborParams(id=BANIYAS, depth=2, types=["LOCATED_IN", "AT"]),
        NeighborParams(id=SHARAA, depth=2, labels=["Article", "Person"]),
    ],
)
def test_neo4j_neighbors_agree_with_embedded(fixture_embedded: EmbeddedStore, params: NeighborParams) -> None:
    with fixture_embedded.read_graph() as graph:
        answers = GraphAnswers(graph)
        offline = neo4j_queries.neighbors(answers, params)
    assert offline == embedded_queries.neighbors(fixture_embedded, params)
    assert all(
        set(call[1]) == cypher_parameters("expand") or set(call[1]) == cypher_parameters("subgraph")
        for call in answers.calls
    )


@pytest.mark.parametrize(
    "params",
    [
        PathParams(source=SHARAA, target=REMNANTS, k=5),
        PathParams(source=HALA, target=CRADLE, k=3, max_length=5),
        PathParams(source=BANIYAS, target=JABLAH, types=["LOCATED_IN"]),
    ],
)
def test_neo4j_paths_agree_with_embedded(fixture_embedded: EmbeddedStore, params: PathParams) -> None:
    with fixture_embedded.read_graph() as graph:
        offline = neo4j_queries.paths(GraphAnswers(graph), params)
    assert offline == embedded_queries.paths(fixture_embedded, params)
    assert offline.paths


class EmptyAnswers:
    """A database with nothing in it: checks the parameters each implementation sends with each statement."""

    kind = "neo4j"

    def __init__(self) -> None:
        self.sent: list[tuple[str, frozenset[str]]] = []

    def node_labels(self, ids: Any) -> dict[str, str]:
        return dict.fromkeys(ids, "Person")

    def read(self, query: str, parameters: dict[str, Any] | None = None, **_: Any) -> list[dict[str, Any]]:
        self.sent.append((query, frozenset(parameters or {})))
        return []


SAMPLE_PARAMS: dict[str, dict[str, Any]] = {
    "search_entities": {"q": "Julani"},
    "entity_detail": {"id": SHARAA},
    "neighbors": {"id": SHARAA},
    "paths": {"source": SHARAA, "target": HTS},
    "outlet_profile": {"id": TPS},
    "place_report": {"id": TARTOUS},
    "places_near": {"lat": 35.0, "lon": 36.0},
    "article_detail": {"id": A1},
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_neo4j_implementations_send_the_declared_parameters(name: str) -> None:
    answers = EmptyAnswers()
    try:
        result = run_query(answers, name, SAMPLE_PARAMS.get(name, {}))
    except NotFoundError:
        result = None  # an empty database has no such entity
    else:
        assert result is not None
    assert answers.sent, "the query ran some Cypher"
    files = get_query(name).cypher
    for query, sent in answers.sent:
        [used] = [file for file in files if cypher_text(file) == query]
        assert sent == cypher_parameters(used)


# -- the CLI ----------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_data(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore(tmp_path / "cli")
    store.write(fixture_batch())
    store.close()
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path / "cli"))
    monkeypatch.delenv("NEO4J_URI", raising=False)


def test_cli_query_runs_a_named_query(cli_data: None) -> None:
    import json

    from typer.testing import CliRunner

    from api.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["query", "tolls", "--param", "victims=civilians"])
    assert result.exit_code == 0, result.output
    table = json.loads(result.stdout)
    assert [row["value"] for row in table["groups"][0]["rows"]] == [745, 830, 973]
    repeated = runner.invoke(
        app, ["query", "neighbors", "-p", f"id={SHARAA}", "-p", "types=LEADS", "-p", "types=OPPOSES"]
    )
    assert {node["id"] for node in json.loads(repeated.stdout)["nodes"]} == {SHARAA, HTS, STG}
    comma = runner.invoke(app, ["query", "neighbors", "-p", f"id={SHARAA}", "-p", "types=LEADS,OPPOSES"])
    assert json.loads(comma.stdout)["nodes"] == json.loads(repeated.stdout)["nodes"]


def test_cli_query_lists_and_explains(cli_data: None) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    runner = CliRunner()
    listing = runner.invoke(app, ["query", "--list"], env={"COLUMNS": "200"})
    assert listing.exit_code == 0
    for name in QUERIES:
        assert name in listing.stdout
    assert "depth=1" in listing.stdout and "id*" in listing.stdout
    cypher = runner.invoke(app, ["query", "claims", "--cypher"])
    assert cypher.exit_code == 0 and "MATCH (a:Article)-[:CONTAINS]->(c:Claim)" in cypher.stdout


def test_cli_query_errors_are_one_line(cli_data: None) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    runner = CliRunner()
    for args, expected in (
        (["query", "neighbors", "-p", f"id={SHARAA}", "-p", "depth=4"], "depth"),
        (["query", "nonsense"], "no query named"),
        (["query", "entity_detail", "-p", "id=person/nobody"], "no entity"),
        (["query", "claims", "-p", "kind"], "KEY=VALUE"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code != 0
        assert expected in result.output
        assert "Traceback" not in result.output
