"""The foundation commands through typer's runner, on an empty and a small embedded store (NEO4J_URI unset)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.embedded import EmbeddedStore
from tests.test_store_contract import sample_batch

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("embedded_only")


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("schema", "stats", "export"):
        assert command in result.output


def test_every_command_has_help() -> None:
    for args in (["schema", "show"], ["schema", "apply"], ["stats"], ["export"]):
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, args
        assert "Usage" in result.output


def test_schema_show_prints_every_label_and_type() -> None:
    result = runner.invoke(app, ["schema", "show", "--json"])
    assert result.exit_code == 0
    model = json.loads(result.output)
    assert {"Faction", "Government", "Person", "Organization", "Community", "Location", "Outlet"} <= set(model["nodes"])
    assert {"Article", "Statement", "Claim"} <= set(model["nodes"])
    assert {"LOCATED_IN", "CORROBORATES", "CONTRADICTS", "BLAMES", "LEADS"} <= set(model["relationships"])
    table = runner.invoke(app, ["schema", "show"])
    assert table.exit_code == 0
    assert "LOCATED_IN" in table.output


def test_stats_on_an_empty_store_says_so() -> None:
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0
    assert "empty" in result.output


def test_schema_apply_on_the_embedded_store() -> None:
    result = runner.invoke(app, ["schema", "apply"])
    assert result.exit_code == 0
    assert "schema statements applied to the embedded store" in result.output


def test_export_empty_and_full(tmp_path: Path, monkeypatch) -> None:
    empty = runner.invoke(app, ["export"])
    assert empty.exit_code == 0
    assert json.loads(empty.output) == {"nodes": [], "links": []}

    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path / "full"))
    with EmbeddedStore(tmp_path / "full") as store:
        store.write(sample_batch())
    stats = runner.invoke(app, ["stats", "--json"])
    assert json.loads(stats.output)["labels"]["Location"] == 2
    out = tmp_path / "graph.graphml"
    result = runner.invoke(app, ["export", "--format", "graphml", "-o", str(out)])
    assert result.exit_code == 0
    assert nx.read_graphml(out).number_of_nodes() == 6


def test_bad_format_and_unwritable_output_are_clear_errors(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["export", "--format", "csv"])
    assert bad.exit_code == 2
    assert "json or graphml" in bad.output
    unwritable = runner.invoke(app, ["export", "-o", str(tmp_path / "no" / "such" / "dir" / "x.json")])
    assert unwritable.exit_code == 1
    assert "cannot write" in unwritable.output
    assert "Traceback" not in unwritable.output
