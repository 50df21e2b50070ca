"""The command line's help and tables through typer's runner: -h is help everywhere, every command shows an example,
and `query tolls|claims --format csv|table` prints rows by as-of date with the disputed ones flagged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.embedded import EmbeddedStore
from loaders.pipeline import load_paths
from tests.conftest import SEEDS_DIR

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("embedded_only")

COMMANDS = [
    [],
    ["load"],
    ["stats"],
    ["export"],
    ["query"],
    ["serve"],
    ["demo"],
    ["schema"],
    ["schema", "show"],
    ["schema", "apply"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda args: " ".join(args) or "claimgraph")
def test_dash_h_is_help_and_shows_an_example(command: list[str]) -> None:
    short = runner.invoke(app, [*command, "-h"], terminal_width=200)
    assert short.exit_code == 0, short.output
    assert "Usage" in short.output
    assert short.output == runner.invoke(app, [*command, "--help"], terminal_width=200).output
    if command:  # the top level lists the commands; each command shows how to call it
        assert "Example" in short.output and "claimgraph " + " ".join(command) in short.output


def test_serve_takes_its_host_as_a_long_option_only() -> None:
    assert "--host" in runner.invoke(app, ["serve", "--help"], terminal_width=200).output
    assert "Usage" in runner.invoke(app, ["serve", "-h"]).output  # never the host


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path))
    store = EmbeddedStore(tmp_path)
    assert load_paths(store, [SEEDS_DIR]).ok
    store.close()
    return tmp_path


def test_query_tolls_as_csv(seeded: Path) -> None:
    result = runner.invoke(app, ["query", "tolls", "--format", "csv", "-p", "victims=civilians"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) >= 5 and {row["victims"] for row in rows} == {"civilians"}
    days = [row["as_of"] for row in rows]
    assert days == sorted(days)
    disputed = [row for row in rows if row["disputed"] == "yes"]
    assert disputed and all(row["groups"] for row in disputed)
    assert {"745", "830"} <= {row["value"] for row in disputed}  # SOHR's two tolls for 9 March contradict


def test_query_tolls_and_claims_as_a_table(seeded: Path) -> None:
    tolls = runner.invoke(app, ["query", "tolls", "-f", "table", "-p", "victims=civilians"], terminal_width=200)
    assert tolls.exit_code == 0, tolls.output
    assert "973" in tolls.output and "yes" in tolls.output  # rich wraps the cells to the runner's 80 columns
    claims = runner.invoke(app, ["query", "claims", "-f", "table", "-p", "kind=blame"], terminal_width=200)
    assert claims.exit_code == 0 and "blame" in claims.output


def test_query_format_mistakes_are_one_clear_line(seeded: Path) -> None:
    wrong = runner.invoke(app, ["query", "tolls", "--format", "xml"])
    assert wrong.exit_code == 2 and "choose json, csv or table" in wrong.output
    not_rows = runner.invoke(app, ["query", "key_actors", "--format", "csv"])
    assert not_rows.exit_code == 2 and "csv and table are for tolls and claims" in not_rows.output
