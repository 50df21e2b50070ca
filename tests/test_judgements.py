"""Judgements: analysts' corrections win over the extractor and survive every reload, on both stores.

Targets are picked from what the seeds load (the first two people, a town, tolls, a blame), so the tests check the
rules, not one answer. Every effect is checked after the judgement, after reloading the same articles, after an
edit that moves every offset in an article, and after rebuilding a new store from articles + exported judgements.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from graph.judgements import Judgement, JudgementError, from_dict, new_judgement, parse_judgement_lines
from graph.records import NodeRecord
from graph.store import GraphStore
from loaders.judgements import Curation, add_judgements, undo_judgement
from loaders.pipeline import load_paths
from queries.review import REVIEW_KINDS, _approximate
from tests.conftest import SEEDS_DIR

Snapshot = tuple[dict[str, tuple[str, dict[str, Any]]], dict[tuple[str, str, str], dict[str, Any]]]


def snapshot(store: GraphStore) -> Snapshot:
    """The whole graph, node by node and link by link."""
    nodes = {node.id: (node.label, node.properties) for node in store.iter_nodes()}
    rels = {(rel.source, rel.type, rel.target): rel.properties for rel in store.iter_rels()}
    return nodes, rels


def differences(a: Snapshot, b: Snapshot) -> list[object]:
    nodes = [key for key in a[0].keys() | b[0].keys() if a[0].get(key) != b[0].get(key)]
    rels = [key for key in a[1].keys() | b[1].keys() if a[1].get(key) != b[1].get(key)]
    return sorted(map(str, nodes + rels))


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, copy)
    return copy


def loaded(store: GraphStore, seeds: Path) -> GraphStore:
    report = load_paths(store, [seeds])
    assert report.loaded, report.as_dict()
    return store


def of_label(store: GraphStore, label: str) -> list[NodeRecord]:
    return [node for node in store.iter_nodes() if node.label == label]


def claims_of(store: GraphStore, kind: str) -> list[NodeRecord]:
    return store.find_nodes("Claim", "kind", [kind])


def by_anchor(store: GraphStore, claim: NodeRecord) -> list[NodeRecord]:
    """The claims of the same article with the same text: the claim whatever its offsets are now."""
    found = store.find_nodes("Claim", "article_id", [claim.properties["article_id"]])
    return [node for node in found if node.properties["text"] == claim.properties["text"]]


def rels_into(store: GraphStore, node_id: str, rel_type: str) -> set[str]:
    return {rel.source for rel in store.rels_of([node_id], [rel_type]) if rel.target == node_id}


def rels_from(store: GraphStore, node_id: str, rel_type: str) -> set[str]:
    return {rel.target for rel in store.rels_of([node_id], [rel_type]) if rel.source == node_id}


class Scenario:
    """One judgement of each kind on the loaded seeds, and a check of all their effects."""

    def __init__(self, store: GraphStore) -> None:
        people = sorted(of_label(store, "Person"), key=lambda n: n.id)
        places = [n for n in of_label(store, "Location") if n.properties.get("kind") not in ("country", None)]
        tolls = [c for c in claims_of(store, "casualty") if c.properties.get("value", 0) >= 10]
        blames = claims_of(store, "blame")
        organisations = sorted(of_label(store, "Organization"), key=lambda n: n.id)
        assert len(people) >= 2 and len(places) >= 2 and len(tolls) >= 2 and blames and organisations
        self.keep, self.drop = people[0], people[1]
        self.place, self.parent = places[0], places[1]
        # The rejected and the corrected toll come from one article, which the test then edits.
        article = tolls[0].properties["article_id"]
        same_article = [c for c in tolls if c.properties["article_id"] == article]
        self.rejected = same_article[0]
        self.corrected = same_article[1] if len(same_article) > 1 else tolls[1]
        self.blame = blames[0]
        self.claimant = organisations[0]
        self.perpetrator = next(
            n for n in of_label(store, "Faction") if n.id not in rels_from(store, self.blame.id, "BLAMES")
        )
        self.judgements = [
            new_judgement("merge", [self.keep.id, self.drop.id], who="ana", why="same person"),
            new_judgement("rename", [self.place.id], {"name": "<script>alert(1)</script> Town"}, who="ana"),
            new_judgement("set_place", [self.place.id], {"lat": 35.5, "lon": 35.9, "parent": self.parent.id}),
            new_judgement("reject", [self.rejected.id], why="not a toll of this event"),
            new_judgement("set_claim", [self.corrected.id], {"value": 4321, "claimant": self.claimant.id}),
            new_judgement("set_claim", [self.blame.id], {"perpetrator": self.perpetrator.id}),
        ]

    def check(self, store: GraphStore) -> None:
        assert store.get_node(self.drop.id) is None
        assert store.get_node(self.keep.id) is not None
        assert not store.rels_of([self.drop.id])
        place = store.get_node(self.place.id)
        assert place is not None
        assert place.properties["name"] == "<script>alert(1)</script> Town"
        assert (place.properties["lat"], place.properties["lon"]) == (35.5, 35.9)
        assert rels_from(store, self.place.id, "LOCATED_IN") == {self.parent.id}
        assert by_anchor(store, self.rejected) == []
        [corrected] = by_anchor(store, self.corrected)
        assert corrected.properties["value"] == 4321 == corrected.properties["value_max"]
        assert corrected.properties["claimant"] == self.claimant.properties["name"]
        assert rels_into(store, corrected.id, "CLAIMS") == {self.claimant.id}
        [group] = rels_from(store, corrected.id, "IN_GROUP")
        assert store.get_node(group).properties["value"] == 4321  # type: ignore[union-attr]
        [blame] = by_anchor(store, self.blame)
        assert rels_from(store, blame.id, "BLAMES") == {self.perpetrator.id}


def test_judgements_win_and_survive_reloading_the_same_and_an_edited_article(store: GraphStore, seeds: Path) -> None:
    loaded(store, seeds)
    scenario = Scenario(store)
    stored = add_judgements(store, scenario.judgements)
    assert [j.id for j in store.judgements()] == [j.id for j in stored]
    scenario.check(store)

    again = load_paths(store, [seeds])
    assert not again.loaded and len(again.unchanged) == 5
    scenario.check(store)

    # An edit before every claim of the article moves all their offsets, so all their ids change.
    article_id = scenario.rejected.properties["article_id"]
    edited = next(path for path in seeds.glob("*.txt") if article_id.split("/")[1].startswith(path.stem[:3]))
    edited.write_text(
        "Editor's note: this report was updated.\n\n" + edited.read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = load_paths(store, [seeds])
    assert report.replaced == [article_id]
    assert scenario.corrected.id not in {c.id for c in claims_of(store, "casualty")}  # it did move
    scenario.check(store)


def test_a_judgement_applies_to_articles_loaded_after_it(store: GraphStore, seeds: Path, tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore

    files = sorted(seeds.glob("*.txt"))
    first, rest = tmp_path / "first", tmp_path / "rest"
    for folder, chosen in ((first, files[:2]), (rest, files[2:])):
        folder.mkdir()
        for path in [*chosen, seeds / "manifest.yaml"]:
            shutil.copy(path, folder / path.name)
    with EmbeddedStore(tmp_path / "scratch") as scratch:  # which places the later articles name too
        load_paths(scratch, [rest])
        later = {rel.target for rel in scratch.iter_rels() if rel.type == "MENTIONS"}
    load_paths(store, [first])
    places = sorted(n.id for n in of_label(store, "Location") if n.id in later and rels_into(store, n.id, "MENTIONS"))
    assert len(places) >= 2
    keep, drop = places[0], places[1]
    add_judgements(store, [new_judgement("merge", [keep, drop], who="ana")])
    load_paths(store, [rest])
    assert store.get_node(drop) is None
    assert not store.rels_of([drop])
    assert len(rels_into(store, keep, "MENTIONS")) >= 2


def test_unknown_ids_and_wrong_labels_are_refused_and_nothing_is_saved(store: GraphStore, seeds: Path) -> None:
    loaded(store, seeds)
    claim = claims_of(store, "casualty")[0]
    person = of_label(store, "Person")[0]
    before = snapshot(store)
    cases = [
        (new_judgement("reject", ["claim/no-such-claim"]), "unknown id 'claim/no-such-claim'"),
        (new_judgement("reject", [person.id]), "this action takes Claim or Statement"),
        (
            new_judgement("set_claim", [claim.id], {"claimant": "organization/nobody"}),
            "unknown id 'organization/nobody'",
        ),
        (new_judgement("set_place", [person.id], {"lat": 1.0}), "this action takes Location"),
    ]
    for judgement, message in cases:
        with pytest.raises(JudgementError, match=message):
            add_judgements(store, [judgement])
    good = new_judgement("rename", [person.id], {"name": "X"})
    with pytest.raises(JudgementError, match="nothing was saved"):
        add_judgements(store, [good, cases[0][0]])
    assert store.judgements() == []
    assert differences(before, snapshot(store)) == []


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"action": "explode", "targets": ["a"]}, "unknown action"),
        ({"action": "merge", "targets": ["a"]}, "takes 2 target"),
        ({"action": "merge", "targets": ["a", "a"]}, "the same id"),
        ({"action": "rename", "targets": ["a"]}, "needs name"),
        ({"action": "set_place", "targets": ["a"], "payload": {"lat": 200}}, "lat must be a number"),
        ({"action": "set_claim", "targets": ["a"], "payload": {"value": -3}}, "whole number"),
        ({"action": "set_claim", "targets": ["a"], "payload": {"colour": "red"}}, "does not take colour"),
        ({"action": "add_link", "targets": ["a", "b"], "payload": {"type": "DELETE"}}, "type must be one of"),
        ({"action": "reject", "targets": "a"}, "list of node ids"),
        ("not an object", "expected a JSON object"),
    ],
)
def test_malformed_judgements_are_refused_with_a_reason(bad: Any, message: str) -> None:
    with pytest.raises(JudgementError, match=message):
        from_dict(bad)


def test_undo_gives_back_the_extractors_version(store: GraphStore, seeds: Path) -> None:
    loaded(store, seeds)
    extracted = snapshot(store)
    scenario = Scenario(store)
    for judgement in scenario.judgements:
        [stored] = add_judgements(store, [judgement])
        assert differences(extracted, snapshot(store)), judgement.action  # it changed something
        undo_judgement(store, stored.id)
        assert differences(extracted, snapshot(store)) == [], judgement.action
    assert store.judgements() == []
    assert not load_paths(store, [seeds]).loaded  # the digests were kept: the files are still unchanged


def test_undo_of_one_keeps_the_others(store: GraphStore, seeds: Path) -> None:
    loaded(store, seeds)
    scenario = Scenario(store)
    stored = add_judgements(store, scenario.judgements)
    merge = stored[0]
    undo_judgement(store, merge.id)
    assert store.get_node(scenario.drop.id) is not None  # the extractor's two people again
    assert by_anchor(store, scenario.rejected) == []
    [corrected] = by_anchor(store, scenario.corrected)
    assert corrected.properties["value"] == 4321


def test_export_then_import_into_a_new_store_rebuilds_the_same_graph(
    store: GraphStore, seeds: Path, tmp_path: Path
) -> None:
    from graph.embedded import EmbeddedStore

    loaded(store, seeds)
    scenario = Scenario(store)
    add_judgements(store, scenario.judgements)
    exported = "".join(j.to_json() + "\n" for j in store.judgements())
    curated = snapshot(store)
    with EmbeddedStore(tmp_path / "fresh") as fresh:
        loaded(fresh, seeds)
        imported = add_judgements(fresh, parse_judgement_lines(exported))
        assert len(imported) == len(scenario.judgements)
        assert differences(curated, snapshot(fresh)) == []
        assert add_judgements(fresh, parse_judgement_lines(exported)) == []  # imported twice: kept once


def test_contradicting_judgements_are_refused(store: GraphStore, seeds: Path) -> None:
    loaded(store, seeds)
    a, b = sorted(of_label(store, "Person"), key=lambda n: n.id)[:2]
    add_judgements(store, [new_judgement("not_same", [a.id, b.id])])
    with pytest.raises(JudgementError, match="judged different"):
        add_judgements(store, [new_judgement("merge", [b.id, a.id])])
    place = of_label(store, "Location")[0]
    with pytest.raises(JudgementError, match="cannot be merged into"):
        add_judgements(store, [new_judgement("merge", [a.id, place.id])])


def test_link_judgements_survive_reconciling(store: GraphStore, seeds: Path) -> None:
    loaded(store, seeds)
    links = [rel for rel in store.iter_rels() if rel.type == "CONTRADICTS"]
    assert links
    link = links[0]
    [stored] = add_judgements(
        store, [new_judgement("reject_link", [link.source, link.target], {"type": "CONTRADICTS"})]
    )
    assert not [r for r in store.rels_of([link.source], ["CONTRADICTS"]) if r.target == link.target]
    # Reconciling the topic again (what every load touching it does) would make the link: the judgement wins.
    edited = sorted(seeds.glob("*.txt"))
    for path in edited:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load_paths(store, [seeds])
    assert not [r for r in store.rels_of([link.source], ["CONTRADICTS"]) if r.target == link.target]
    undo_judgement(store, stored.id)
    assert [r for r in store.rels_of([link.source], ["CONTRADICTS"]) if r.target == link.target]


def test_curation_without_judgements_returns_the_batch_itself() -> None:
    from graph.records import GraphBatch

    batch = GraphBatch(nodes=[NodeRecord("a", "Person", {"name": "A"})])
    assert Curation().apply(batch) is batch


def test_two_mentions_a_merge_joins_become_one_whichever_the_batch_gives_first() -> None:
    from graph.records import GraphBatch, RelRecord

    merge = new_judgement("merge", ["person/kept", "person/~dropped"], who="ana")
    merge.anchors["labels"] = {"person/kept": "Person", "person/~dropped": "Person"}
    curation = Curation([merge])
    nodes = [
        NodeRecord("article/1", "Article", {"title": "T"}),
        NodeRecord("person/kept", "Person", {"name": "Kept"}),
        NodeRecord("person/~dropped", "Person", {"name": "Dropped", "provisional": True}),
    ]
    early = RelRecord("article/1", "MENTIONS", "person/~dropped", {"alias": "Dropped", "start": 0, "count": 2})
    late = RelRecord("article/1", "MENTIONS", "person/kept", {"alias": "Kept", "start": 40, "count": 1})
    one = curation.apply(GraphBatch(nodes=nodes, rels=[early, late]))
    other = curation.apply(GraphBatch(nodes=nodes, rels=[late, early]))
    mentions = [rel for rel in one.rels if rel.type == "MENTIONS"]
    assert mentions == [rel for rel in other.rels if rel.type == "MENTIONS"]
    assert [(rel.target, rel.properties) for rel in mentions] == [
        ("person/kept", {"alias": "Dropped", "start": 0, "count": 3})
    ]


def test_judgement_round_trips_through_json() -> None:
    judgement = new_judgement("rename", ["person/x"], {"name": "Y"}, who="ana", why="typo")
    assert from_dict(judgement.as_dict()) == judgement
    assert isinstance(parse_judgement_lines(judgement.to_json())[0], Judgement)
    with pytest.raises(JudgementError, match="import:2: not JSON"):
        parse_judgement_lines(judgement.to_json() + "\n{oops\n")


# -- through the API -----------------------------------------------------------------------------------------------

API_KEY = "test-key-of-some-length"


@pytest.fixture
def seeded_client(store: GraphStore, seeds: Path) -> Any:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.settings import Settings

    loaded(store, seeds)
    with TestClient(create_app(Settings(CLAIMGRAPH_API_KEY=API_KEY), store)) as client:  # type: ignore[call-arg]
        yield client


def test_api_writes_need_the_key_and_refuse_unknown_ids(seeded_client: Any) -> None:
    body = {"action": "reject", "targets": ["claim/none"], "why": "x"}
    assert seeded_client.post("/judgements", json=body).status_code == 401
    assert seeded_client.post("/judgements", json=body, headers={"X-API-Key": "wrong"}).status_code == 403
    refused = seeded_client.post("/judgements", json=body, headers={"X-API-Key": API_KEY})
    assert refused.status_code == 422
    assert "unknown id 'claim/none'" in refused.json()["error"]["message"]
    assert seeded_client.get("/judgements").json() == []
    assert seeded_client.delete("/judgements/judgement/abc").status_code == 401
    assert seeded_client.delete("/judgements/judgement/abc", headers={"X-API-Key": API_KEY}).status_code == 404


def test_api_judgement_shows_in_details_and_undo(seeded_client: Any, store: GraphStore) -> None:
    person = sorted(of_label(store, "Person"), key=lambda n: n.id)[0]
    name = "<img src=x onerror=alert(1)> ' OR 1=1 //"
    body = {"action": "rename", "targets": [person.id], "payload": {"name": name}, "who": "ana", "why": "<b>typo</b>"}
    made = seeded_client.post("/judgements", json=body, headers={"X-API-Key": API_KEY})
    assert made.status_code == 201, made.text
    judgement = made.json()
    assert seeded_client.get(f"/entities/{person.id}").json()["entity"]["name"] == name
    [audit] = seeded_client.get(f"/judgements/about/{person.id}").json()
    assert seeded_client.get(f"/entities/{person.id}").json()["judgements"] == [audit]
    assert (audit["who"], audit["why"], audit["id"]) == ("ana", "<b>typo</b>", judgement["id"])
    drawn = seeded_client.get(f"/view/entities/{person.id}")  # the details panel of the network pages shows it
    assert drawn.status_code == 200 and '"judgement","rename by ana, ' in drawn.text
    assert "<img src=x" not in drawn.text and "<b>typo" not in drawn.text
    page = seeded_client.get("/view/review?kind=provisional")
    assert page.status_code == 200 and "<img src=x" not in page.text
    assert "Content-Security-Policy" in page.headers
    undone = seeded_client.delete(f"/judgements/{judgement['id']}", headers={"X-API-Key": API_KEY})
    assert undone.status_code == 200
    assert seeded_client.get(f"/entities/{person.id}").json()["entity"]["name"] == person.properties["name"]


def test_review_queue_ranks_by_degree_and_confirmed_items_leave_it(seeded_client: Any, store: GraphStore) -> None:
    items = seeded_client.get("/review?limit=1000").json()
    assert items and {item["kind"] for item in items} <= set(REVIEW_KINDS)
    degrees = [item["degree"] for item in items]
    assert degrees == sorted(degrees, reverse=True)
    for item in items:
        if item["sentence"] and item["highlight"]:
            start, end = item["highlight"]
            assert 0 <= start < end <= len(item["sentence"])
    first = items[0]
    add_judgements(store, [new_judgement("confirm", [first["id"]])])
    assert first["id"] not in {item["id"] for item in seeded_client.get("/review?limit=1000").json()}
    assert seeded_client.get("/review?kind=nonsense").status_code == 422


def test_review_page_merges_with_one_click_and_keeps_the_key(seeded_client: Any, store: GraphStore) -> None:
    provisional = [i for i in seeded_client.get("/review?kind=provisional&limit=1000").json()]
    assert provisional
    item = provisional[0]
    keep = next(n for n in store.iter_nodes() if n.label == item["label"] and n.id != item["id"])
    page = seeded_client.get("/view/review?kind=provisional")
    number = 1  # the page's first card is the queue's first item
    assert f'name="id_1" value="{item["id"]}"' in page.text
    form = {
        "who": "ana",
        "why": "same",
        "api_key": API_KEY,
        "judge": f"merge {number}",
        f"id_{number}": item["id"],
        f"merge_{number}": keep.id,
    }
    wrong = seeded_client.post("/view/review", data={**form, "api_key": "bad"}, follow_redirects=False)
    assert wrong.status_code == 303 and "error=" in wrong.headers["location"]
    answer = seeded_client.post("/view/review", data=form, follow_redirects=False)
    assert answer.status_code == 303 and "done=" in answer.headers["location"], answer.headers["location"]
    assert store.get_node(item["id"]) is None
    # The key is kept in an HttpOnly cookie: the next button needs no key typed again.
    assert "httponly" in answer.headers["set-cookie"].lower()
    [judgement] = store.judgements()
    again = seeded_client.post(
        "/view/review", data={"judge": f"undo {judgement.id}", "who": "ana"}, follow_redirects=False
    )
    assert "done=" in again.headers["location"], again.headers["location"]
    assert store.get_node(item["id"]) is not None


# -- through the command line ------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("embedded_only")
def test_cli_add_list_export_import_undo_and_review(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from api.cli import app
    from graph.embedded import EmbeddedStore

    runner = CliRunner()
    data = tmp_path / "cli-data"
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(data))
    assert runner.invoke(app, ["load", str(seeds), "--quiet"]).exit_code == 0
    with EmbeddedStore(data) as store:
        person = sorted(of_label(store, "Person"), key=lambda n: n.id)[0]
        claim = claims_of(store, "casualty")[0]
    review = runner.invoke(app, ["review", "-n", "5"], terminal_width=200)
    assert review.exit_code == 0 and "degree" in review.output, review.output
    unknown = runner.invoke(app, ["judgements", "add", "reject", "claim/none"])
    assert unknown.exit_code == 1 and "unknown id 'claim/none'" in unknown.output and "Traceback" not in unknown.output
    bad = runner.invoke(app, ["judgements", "add", "rename", person.id, "-p", "nameless"])
    assert bad.exit_code != 0 and "KEY=VALUE" in bad.output
    added = runner.invoke(
        app, ["judgements", "add", "rename", person.id, "-p", "name=[bold]Renamed[/]", "--who", "ana", "--why", "typo"]
    )
    assert added.exit_code == 0, added.output
    assert runner.invoke(app, ["judgements", "add", "reject", claim.id, "--why", "wrong"]).exit_code == 0
    listed = runner.invoke(app, ["judgements", "list"])
    assert listed.exit_code == 0 and "2 judgements" in listed.output, listed.output
    as_json = runner.invoke(app, ["judgements", "list", "--json"])
    assert [j["payload"].get("name") for j in json.loads(as_json.output)] == ["[bold]Renamed[/]", None]
    exported = tmp_path / "team.jsonl"
    assert runner.invoke(app, ["judgements", "export", "-o", str(exported)]).exit_code == 0
    assert len(exported.read_text(encoding="utf-8").splitlines()) == 2
    # A new store from articles + judgements.
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path / "other"))
    assert runner.invoke(app, ["load", str(seeds), "--quiet"]).exit_code == 0
    imported = runner.invoke(app, ["judgements", "import", str(exported)])
    assert imported.exit_code == 0 and "2 judgements imported" in imported.output, imported.output
    with EmbeddedStore(tmp_path / "other") as other, EmbeddedStore(data) as first:
        assert differences(snapshot(first), snapshot(other)) == []
        assert other.get_node(person.id).properties["name"] == "[bold]Renamed[/]"  # type: ignore[union-attr]
        judgement_id = other.judgements()[0].id
    undone = runner.invoke(app, ["judgements", "undo", judgement_id])
    assert undone.exit_code == 0, undone.output
    assert runner.invoke(app, ["judgements", "undo", judgement_id]).exit_code == 1
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"action": "merge"}\nnot json\n', encoding="utf-8")
    refused = runner.invoke(app, ["judgements", "import", str(broken)])
    assert refused.exit_code == 1 and "broken.jsonl:2: not JSON" in refused.output


@pytest.mark.parametrize("command", [["judgements"], ["judgements", "add"], ["judgements", "import"], ["review"]])
def test_cli_help_shows_examples(command: list[str]) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    result = CliRunner().invoke(app, [*command, "-h"], terminal_width=200)
    assert result.exit_code == 0 and "Example" in result.output, result.output


def test_a_fuzzy_name_to_review_is_a_near_spelling_not_a_metonym_or_a_longer_phrase() -> None:
    spellings = {"latakia", "lattakia"}
    assert _approximate("latakiya", spellings)  # a spelling slip the gazetteer matched approximately
    assert not _approximate("lattakia", spellings)  # its own spelling
    assert not _approximate("moscow", {"russia", "russianfederation"})  # a metonym: far from every spelling
    assert not _approximate("foreignministerhakanfidan", {"hakanfidan"})  # the name inside a longer phrase
