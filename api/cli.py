"""The `claimgraph` command line.

Every command opens the store at the edge (Neo4j when NEO4J_URI is set, else the embedded store under
CLAIMGRAPH_DATA) and passes it down. Errors Claimgraph raises on purpose print as one line and exit 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from graph import open_store
from graph.errors import ClaimgraphError
from graph.export import write_export
from graph.schema import SCHEMA
from graph.settings import Settings
from graph.store import GraphStore

app = typer.Typer(
    name="claimgraph",
    help="Build and explore a knowledge graph of actors, places and claims from news articles.\n\n"
    "Data goes to the embedded store in ./data (set CLAIMGRAPH_DATA to move it), or to Neo4j when "
    "NEO4J_URI is set. Start with `claimgraph demo`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
schema_app = typer.Typer(help="Show the data model or create its constraints and indexes.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")

console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Print a ClaimgraphError as one line on stderr and exit 1: a user mistake never shows a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ClaimgraphError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def store_from_env() -> Iterator[GraphStore]:
    """Open the configured store for one command and close it afterwards."""
    store = open_store(Settings())
    try:
        yield store
    finally:
        store.close()


@schema_app.command("show")
@friendly_errors
def schema_show(
    as_json: Annotated[bool, typer.Option("--json", help="Print the model as JSON instead of tables.")] = False,
) -> None:
    """Print the node labels, relationship types and their properties."""
    model = SCHEMA.describe()
    if as_json:
        print(json.dumps(model, indent=2))
        return
    nodes = Table(title="Node labels (key: id, unique across labels)")
    for column in ("label", "group", "properties (* required)", "description"):
        nodes.add_column(column, overflow="fold")
    for label, spec in model["nodes"].items():
        props = ", ".join(f"{n}{'*' if p['required'] else ''}" for n, p in spec["properties"].items())
        nodes.add_row(label, spec["group"], props, spec["description"])
    rels = Table(title="Relationship types")
    for column in ("type", "from", "to", "description"):
        rels.add_column(column, overflow="fold")
    for rel_type, spec in model["relationships"].items():
        rels.add_row(rel_type, " | ".join(spec["from"]), " | ".join(spec["to"]), spec["description"])
    console.print(nodes)
    console.print(rels)


@schema_app.command("apply")
@friendly_errors
def schema_apply() -> None:
    """Create the constraints and indexes the schema declares (safe to run again)."""
    with store_from_env() as store:
        statements = store.apply_schema()
    for statement in statements:
        console.print(statement, highlight=False, soft_wrap=True)
    console.print(f"[green]{len(statements)} schema statements applied to the {store.kind} store.[/]")


@app.command()
@friendly_errors
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Count nodes by label and relationships by type."""
    with store_from_env() as store:
        counts = store.stats()
    if as_json:
        print(json.dumps({"labels": counts.labels, "relationship_types": counts.relationship_types}, indent=2))
        return
    if not counts.node_count:
        console.print(
            f"The {store.kind} store is empty. Load articles with `claimgraph load PATH` or run `claimgraph demo`."
        )
        return
    table = Table(title=f"{counts.node_count} nodes, {counts.relationship_count} relationships ({store.kind})")
    table.add_column("label or type")
    table.add_column("count", justify="right")
    for label, count in counts.labels.items():
        table.add_row(f"(:{label})", str(count))
    for rel_type, count in counts.relationship_types.items():
        table.add_row(f"[:{rel_type}]", str(count))
    console.print(table)


@app.command()
@friendly_errors
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="json (node-link) or graphml (opens in Gephi).")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Export the whole graph as node-link JSON or GraphML."""
    if fmt not in ("json", "graphml"):
        raise typer.BadParameter("choose json or graphml", param_hint="--format")
    with store_from_env() as store:
        if output is None:
            write_export(store, fmt, sys.stdout)
            return
        try:
            with output.open("w", encoding="utf-8") as handle:
                write_export(store, fmt, handle)
        except OSError as exc:
            raise ClaimgraphError(f"cannot write {output}: {exc.strerror}") from exc
    err_console.print(f"Wrote {fmt} export to {output}.")


def main() -> None:
    app()
