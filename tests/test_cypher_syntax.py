"""Every Cypher statement the project can send to Neo4j, parsed and analysed offline.

No Neo4j server runs here, so the Cypher would otherwise first meet a parser in production. Neo4j's own
language-support library (``@neo4j-cypher/language-support`` from npm: the Cypher 5 parser and the semantic
analysis of Neo4j's front end) checks the ``.cypher`` files under ``queries/`` with their slots filled from
the schema's whitelist, and the schema's constraint and index statements. Errors (bad syntax, undefined
variables, wrong types) and warnings (deprecated syntax) both fail. Needs ``node`` and
``npm ci --prefix tests/cypher_lint``; skipped with that reason otherwise.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from graph.neo4j_store import LABEL_SLOT, PROP_SLOT, SOURCES_SLOT, TARGETS_SLOT, TYPE_SLOT
from graph.schema import SCHEMA

ROOT = Path(__file__).resolve().parent.parent
LINT_DIR = Path(__file__).resolve().parent / "cypher_lint"
LIBRARY = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
# A label that has article_id, a type and a declared property: every filled template is a real statement.
SLOT_VALUES = {
    LABEL_SLOT: "Claim",
    TYPE_SLOT: "MENTIONS",
    PROP_SLOT: "topic",
    SOURCES_SLOT: "Article",
    TARGETS_SLOT: "Faction|Location",
}


def _missing_tool() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (apt-get install nodejs), so the Cypher syntax check cannot run"
    if not LIBRARY.is_dir():
        return "the Cypher linter is not installed: run `npm ci --prefix tests/cypher_lint`"
    return None


pytestmark = pytest.mark.skipif(_missing_tool() is not None, reason=_missing_tool() or "")


def cypher_files() -> list[Path]:
    return sorted((ROOT / "queries").rglob("*.cypher"))


def statements() -> dict[str, str]:
    """Name → Cypher text: every .cypher file (slots filled) and every schema statement."""
    found = {}
    for path in cypher_files():
        text = path.read_text(encoding="utf-8")
        for slot, value in SLOT_VALUES.items():
            text = text.replace(slot, value)
        found[str(path.relative_to(ROOT))] = text
    schema = [*SCHEMA.constraint_statements(), *SCHEMA.existence_statements(), *SCHEMA.index_statements()]
    found |= {f"schema: {statement}": statement for statement in schema}
    return found


def run_node_script(script: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run a script of tests/cypher_lint on JSON items in one node process (its start-up dominates the cost)."""
    done = subprocess.run(
        ["node", str(LINT_DIR / script)],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        cwd=LINT_DIR,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def run_linter(items: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Lint name → text pairs."""
    results = run_node_script("lint.cjs", [{"name": name, "text": text} for name, text in items.items()])
    return {result["name"]: result["diagnostics"] for result in results}


@cache
def lint_all() -> dict[str, list[dict[str, Any]]]:
    return run_linter(statements())


def test_there_is_cypher_to_check() -> None:
    names = statements()
    assert any(name.startswith("queries/store/upsert_nodes") for name in names)
    assert sum(name.startswith("schema: ") for name in names) > len(SCHEMA.labels)


@pytest.mark.parametrize("name", sorted(statements()))
def test_statement_parses_and_analyses_cleanly(name: str) -> None:
    problems = [f"{d['severity']} at {d['line']}:{d['column']}: {d['message']}" for d in lint_all()[name]]
    assert problems == [], name


def test_the_linter_catches_mistakes() -> None:
    """The check can fail: broken, undefined and deprecated Cypher is reported."""
    probes = {
        "Invalid input 'RETURN'": "MATCH (n:Node RETURN n",
        "Variable `m` not defined": "MATCH (n:Node) RETURN m",
        "deprecated": "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS",
    }
    for expected, diagnostics in run_linter(probes).items():
        messages = [d["message"] for d in diagnostics]
        assert any(expected in message for message in messages), (expected, messages)
