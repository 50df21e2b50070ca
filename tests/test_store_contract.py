"""The store contract: every case runs against each store kind and must give the same answers."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from graph.errors import SchemaError
from graph.export import export_node_link, write_export
from graph.records import GraphBatch, NodeRecord, RelRecord, WriteSummary
from graph.store import GraphStore


def sample_batch() -> GraphBatch:
    """A small article graph in the shape the loaders write."""
    text = "SOHR said 745 civilians were killed in Baniyas."
    return GraphBatch(
        nodes=[
            NodeRecord("outlet/tps-il", "Outlet", {"name": "TPS-IL", "aliases": ["The Press Service of Israel"]}),
            NodeRecord(
                "article/a1",
                "Article",
                {"name": "Massacre on the coast", "published": "2025-03-09", "sha256": "abc", "text": text},
            ),
            NodeRecord("organization/sohr", "Organization", {"name": "Syrian Observatory for Human Rights"}),
            NodeRecord(
                "location/baniyas", "Location", {"name": "Baniyas", "kind": "district", "lat": 35.18, "lon": 35.94}
            ),
            NodeRecord("location/tartous", "Location", {"name": "Tartous", "kind": "governorate"}),
            NodeRecord(
                "claim/a1/casualty/10-23",
                "Claim",
                {
                    "name": "745 civilians",
                    "article_id": "article/a1",
                    "kind": "casualty",
                    "text": "745 civilians",
                    "start": 10,
                    "end": 23,
                    "value": 745,
                    "qualifier": "exact",
                },
            ),
        ],
        rels=[
            RelRecord("outlet/tps-il", "PUBLISHED", "article/a1"),
            RelRecord(
                "article/a1", "MENTIONS", "organization/sohr", {"alias": "SOHR", "count": 1, "start": 0, "end": 4}
            ),
            RelRecord("article/a1", "MENTIONS", "location/baniyas", {"alias": "Baniyas", "count": 1}),
            RelRecord("location/baniyas", "LOCATED_IN", "location/tartous"),
            RelRecord("article/a1", "CONTAINS", "claim/a1/casualty/10-23"),
            RelRecord("organization/sohr", "CLAIMS", "claim/a1/casualty/10-23"),
            RelRecord("claim/a1/casualty/10-23", "AT", "location/baniyas"),
        ],
    )


def test_empty_store_has_no_counts(store: GraphStore) -> None:
    stats = store.stats()
    assert stats.node_count == 0
    assert stats.relationship_count == 0
    assert list(store.iter_nodes()) == []


def test_write_then_read_back(store: GraphStore) -> None:
    summary = store.write(sample_batch())
    assert summary == WriteSummary(nodes_written=6, rels_written=7)
    stats = store.stats()
    assert stats.labels == {"Article": 1, "Claim": 1, "Location": 2, "Organization": 1, "Outlet": 1}
    assert stats.relationship_types["MENTIONS"] == 2
    assert stats.relationship_count == 7
    node = store.get_node("location/baniyas")
    assert node is not None
    assert node.label == "Location"
    assert node.properties["lat"] == pytest.approx(35.18)
    assert node.properties["name"] == "Baniyas"
    assert store.get_node("location/nowhere") is None
    assert [n.id for n in store.get_nodes(["organization/sohr", "missing", "outlet/tps-il"])] == [
        "organization/sohr",
        "outlet/tps-il",
    ]
    assert store.node_labels(["article/a1", "missing"]) == {"article/a1": "Article"}
    assert store.article_digest("article/a1") == "abc"
    assert store.article_digest("article/none") is None


def test_writing_the_same_records_twice_changes_nothing(store: GraphStore) -> None:
    store.write(sample_batch())
    before = export_node_link(store)
    again = store.write(sample_batch())
    assert again == WriteSummary()
    assert not again.changed
    assert export_node_link(store) == before


def test_upsert_merges_properties_like_cypher_set_plus_equals(store: GraphStore) -> None:
    store.write(sample_batch())
    summary = store.write(
        GraphBatch(
            nodes=[NodeRecord("location/baniyas", "Location", {"name": "Baniyas", "pcode": "SY1002", "lat": None})],
            rels=[RelRecord("article/a1", "MENTIONS", "location/baniyas", {"count": 3})],
        )
    )
    assert summary == WriteSummary(nodes_written=1, rels_written=1)
    node = store.get_node("location/baniyas")
    assert node is not None
    assert node.properties["pcode"] == "SY1002"
    assert node.properties["kind"] == "district"
    assert "lat" not in node.properties  # None removes the property
    links = [link for link in export_node_link(store)["links"] if link["target"] == "location/baniyas"]
    mention = next(link for link in links if link["type"] == "MENTIONS")
    assert mention["count"] == 3
    assert mention["alias"] == "Baniyas"


def test_replacing_an_article_deletes_its_old_facts(store: GraphStore) -> None:
    store.write(sample_batch())
    replacement = GraphBatch(
        nodes=[NodeRecord("article/a1", "Article", {"name": "Corrected", "sha256": "def", "text": "Corrected."})],
        rels=[RelRecord("article/a1", "MENTIONS", "organization/sohr", {"alias": "SOHR", "count": 1})],
        replaces=["article/a1"],
    )
    summary = store.write(replacement)
    assert summary.nodes_deleted == 1  # the claim owned by the article
    assert summary.rels_deleted == 6  # every rel touching the article or its claim
    assert store.get_node("claim/a1/casualty/10-23") is None
    stats = store.stats()
    assert stats.relationship_types == {"LOCATED_IN": 1, "MENTIONS": 1}
    assert store.article_digest("article/a1") == "def"
    # shared entities survive: they may be mentioned by other articles
    assert store.get_node("organization/sohr") is not None


@pytest.mark.parametrize(
    ("batch", "message"),
    [
        (GraphBatch(nodes=[NodeRecord("x/1", "Spaceship", {"name": "x"})]), "unknown node label"),
        (GraphBatch(nodes=[NodeRecord("person/x", "Person", {})]), "lacks required property 'name'"),
        (GraphBatch(nodes=[NodeRecord("location/x", "Location", {"name": "x", "lat": "north"})]), "must be float"),
        (GraphBatch(rels=[RelRecord("article/a1", "MENTIONS", "person/ghost")]), "no node 'person/ghost'"),
        (GraphBatch(rels=[RelRecord("organization/sohr", "PUBLISHED", "location/tartous")]), "does not go from"),
        (GraphBatch(rels=[RelRecord("article/a1", "LIKES", "organization/sohr")]), "unknown relationship type"),
    ],
)
def test_invalid_batches_are_refused_and_change_nothing(store: GraphStore, batch: GraphBatch, message: str) -> None:
    store.write(sample_batch())
    before = export_node_link(store)
    with pytest.raises(SchemaError, match=message):
        store.write(batch)
    assert export_node_link(store) == before


def test_json_export_is_node_link(store: GraphStore) -> None:
    store.write(sample_batch())
    buffer = io.StringIO()
    write_export(store, "json", buffer)
    data = json.loads(buffer.getvalue())
    assert [n["id"] for n in data["nodes"]] == sorted(n["id"] for n in data["nodes"])
    outlet = next(n for n in data["nodes"] if n["id"] == "outlet/tps-il")
    assert outlet == {
        "id": "outlet/tps-il",
        "label": "Outlet",
        "name": "TPS-IL",
        "aliases": ["The Press Service of Israel"],
    }
    assert {"source": "location/baniyas", "target": "location/tartous", "type": "LOCATED_IN"} in data["links"]
    assert len(data["links"]) == 7


def test_graphml_export_round_trips_through_networkx(store: GraphStore) -> None:
    store.write(sample_batch())
    buffer = io.StringIO()
    write_export(store, "graphml", buffer)
    graph = nx.parse_graphml(buffer.getvalue(), force_multigraph=True)
    assert graph.number_of_nodes() == 6
    assert graph.number_of_edges() == 7
    assert graph.nodes["outlet/tps-il"]["label"] == "Outlet"
    assert json.loads(graph.nodes["outlet/tps-il"]["aliases"]) == ["The Press Service of Israel"]
    assert {d["type"] for _, _, d in graph.edges(data=True)} >= {"PUBLISHED", "MENTIONS", "LOCATED_IN"}


def test_clear_empties_the_store(store: GraphStore) -> None:
    store.write(sample_batch())
    summary = store.clear()
    assert summary.nodes_deleted == 6
    assert store.stats().node_count == 0
    assert store.write(sample_batch()).nodes_written == 6


def test_find_nodes_by_property(store: GraphStore) -> None:
    store.write(sample_batch())
    found = store.find_nodes("Location", "kind", ["governorate", "district"])
    assert [node.id for node in found] == ["location/baniyas", "location/tartous"]
    assert store.find_nodes("Claim", "value", [745])[0].id == "claim/a1/casualty/10-23"
    assert store.find_nodes("Claim", "value", [746]) == []
    with pytest.raises(SchemaError):
        store.find_nodes("Spaceship", "kind", ["x"])


def test_rels_of_nodes(store: GraphStore) -> None:
    store.write(sample_batch())
    rels = store.rels_of(["location/baniyas"])
    assert [(r.source, r.type, r.target) for r in rels] == [
        ("article/a1", "MENTIONS", "location/baniyas"),
        ("claim/a1/casualty/10-23", "AT", "location/baniyas"),
        ("location/baniyas", "LOCATED_IN", "location/tartous"),
    ]
    assert rels[0].properties == {"alias": "Baniyas", "count": 1}
    only = store.rels_of(["location/baniyas", "organization/sohr"], types=["MENTIONS"])
    assert [r.target for r in only] == ["location/baniyas", "organization/sohr"]


def test_batches_can_delete_relationships_and_nodes(store: GraphStore) -> None:
    store.write(sample_batch())
    summary = store.write(
        GraphBatch(
            delete_rels=[("location/baniyas", "LOCATED_IN", "location/tartous"), ("x", "AT", "y")],
            delete_nodes=["organization/sohr"],
        )
    )
    assert summary == WriteSummary(nodes_deleted=1, rels_deleted=3)
    assert store.get_node("organization/sohr") is None
    assert "LOCATED_IN" not in store.stats().relationship_types
    assert store.write(GraphBatch(delete_nodes=["organization/sohr"])) == WriteSummary()
