"""The `claimgraph` command line.

Every command opens the store at the edge (Neo4j when NEO4J_URI is set, else the embedded store under
CLAIMGRAPH_DATA) and passes it down. Errors Claimgraph raises on purpose print as one line and exit 1.
"""

from __future__ import annotations

import json
import sqlite3
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
from graph.errors import ClaimgraphError, store_error
from graph.schema import SCHEMA
from graph.settings import Settings
from graph.store import GraphStore

HELP = {"help_option_names": ["-h", "--help"]}  # -h is help on every command

app = typer.Typer(
    name="claimgraph",
    context_settings=HELP,
    help="Build and explore a knowledge graph of actors, places and claims from news articles.\n\n"
    "Data goes to the embedded store in ./data (set CLAIMGRAPH_DATA to move it), or to Neo4j when "
    "NEO4J_URI is set. Start with `claimgraph demo`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
schema_app = typer.Typer(
    help="Show the data model or create its constraints and indexes.",
    no_args_is_help=True,
    context_settings=HELP,
    epilog="Examples:\n\n  claimgraph schema show\n  claimgraph schema show --json\n  claimgraph schema apply\n",
)
app.add_typer(schema_app, name="schema")
gazetteer_app = typer.Typer(
    help="Your own gazetteer entries, kept with the store: every later load uses them until removed.",
    no_args_is_help=True,
    context_settings=HELP,
    epilog="Examples:\n\n  claimgraph gazetteer add my_places.yaml\n  claimgraph gazetteer list\n"
    "  claimgraph gazetteer remove location/el-fasher\n",
)
app.add_typer(gazetteer_app, name="gazetteer")

console = Console()
err_console = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Print a ClaimgraphError as one line on stderr and exit 1: a user mistake never shows a traceback, nor does
    a storage fault (a full disk, a damaged or read-only store) that SQLite or the file system raise."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ClaimgraphError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(1) from None
        except (sqlite3.DatabaseError, OSError) as exc:
            fault = store_error(exc, _store_name())
            if fault is None:
                raise
            err_console.print(f"[bold red]error:[/] {fault}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _store_name() -> str:
    """How an error names the embedded store: its directory, when the settings can be read."""
    try:
        return f"the store in {Settings().data_dir}"
    except ClaimgraphError:
        return "the store"


@contextmanager
def store_from_env() -> Iterator[GraphStore]:
    """Open the configured store for one command and close it afterwards."""
    store = open_store(Settings())
    try:
        yield store
    finally:
        store.close()


@schema_app.command(
    "show", epilog="Examples:\n\n  claimgraph schema show\n  claimgraph schema show --json > schema.json\n"
)
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


@schema_app.command(
    "apply", epilog="Example:\n\n  NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... claimgraph schema apply\n"
)
@friendly_errors
def schema_apply() -> None:
    """Create the constraints and indexes the schema declares (safe to run again)."""
    with store_from_env() as store:
        statements = store.apply_schema()
    for statement in statements:
        console.print(statement, highlight=False, soft_wrap=True)
    console.print(f"[green]{len(statements)} schema statements applied to the {store.kind} store.[/]")


def _user_entries_path() -> Path:
    """The store's saved gazetteer entries (see loaders.user_gazetteer)."""
    from loaders.user_gazetteer import entries_path

    settings = Settings()
    kind = "neo4j" if settings.neo4j_uri else "embedded"
    return entries_path(settings.data_dir, kind, settings.neo4j_database if settings.neo4j_uri else None)


def _saved_gazetteer(files: list[Path]) -> list[str]:
    """Save the entries of ``--gazetteer`` files with the store, and name the file every load then reads."""
    from loaders.user_gazetteer import add_files

    path = _user_entries_path()
    if files:
        added, updated = add_files(path, files)
        err_console.print(f"gazetteer: {added} entries added, {updated} updated, kept in {path}", highlight=False)
    return [str(path)] if path.exists() else []


@gazetteer_app.command("list", epilog="Examples:\n\n  claimgraph gazetteer list\n  claimgraph gazetteer list --json\n")
@friendly_errors
def gazetteer_list(as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False) -> None:
    """Show the gazetteer entries saved with the store."""
    from loaders.user_gazetteer import read_entries

    path = _user_entries_path()
    entries = read_entries(path)
    if as_json:
        print(json.dumps(entries, indent=2, ensure_ascii=False, default=str))
        return
    if not entries:
        console.print(f"No saved gazetteer entries ({path}). Add some with `claimgraph gazetteer add FILE`.")
        return
    table = Table(title=f"Saved gazetteer entries ({path})")
    for column in ("id", "label", "name", "aliases", "where"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        where = " ".join(
            f"{key}={entry[key]}" for key in ("kind", "lat", "lon", "parent") if entry.get(key) is not None
        )
        aliases = entry.get("aliases") or []
        table.add_row(
            str(entry.get("id")),
            str(entry.get("label") or ""),
            str(entry.get("name") or ""),
            ", ".join(map(str, aliases if isinstance(aliases, list) else [aliases])),
            where,
        )
    console.print(table)


@gazetteer_app.command(
    "add",
    epilog="Example:\n\n  claimgraph gazetteer add my_places.yaml\n\nmy_places.yaml:\n\n"
    "  - {id: location/el-fasher, label: Location, name: El Fasher, aliases: [Al Fashir], kind: city,\n"
    "     lat: 13.63, lon: 25.35, parent: location/country/SD}\n",
)
@friendly_errors
def gazetteer_add(
    files: Annotated[list[Path], typer.Argument(help="YAML or JSON files of entries (the format of actors.yaml).")],
) -> None:
    """Save entries with the store: every later load (and re-extraction) uses them."""
    from loaders.user_gazetteer import add_files

    path = _user_entries_path()
    added, updated = add_files(path, files)
    console.print(f"{added} entries added, {updated} updated; kept in {path}.")


@gazetteer_app.command("remove", epilog="Example:\n\n  claimgraph gazetteer remove location/el-fasher\n")
@friendly_errors
def gazetteer_remove(ids: Annotated[list[str], typer.Argument(help="Ids of saved entries.")]) -> None:
    """Remove saved entries; later loads no longer use them."""
    from loaders.user_gazetteer import remove

    removed = remove(_user_entries_path(), ids)
    console.print(f"removed {len(removed)} entries: {', '.join(removed)}")


@app.command(
    epilog="Examples:\n\n"
    "  claimgraph load seeds\n"
    "  claimgraph load 'news/**/*.md' extra.jsonl --workers 2\n"
    "  claimgraph load fakes.csv --map id=unit_id --map title=article_title --map text=article_content "
    "--map outlet=source --map published=date\n"
    "  curl -s https://example.org/article.txt | claimgraph load -\n"
)
@friendly_errors
def load(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt .md .json .jsonl .csv), directories (read recursively), globs, or - for stdin.",
            show_default=False,
        ),
    ],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            "-m",
            metavar="FIELD=COLUMN",
            help="CSV column (or JSON key) holding a field: id, title, text, outlet, author, published, url, "
            "language. Repeat for each field; unmapped fields use the column of the same name.",
        ),
    ] = None,
    gazetteer: Annotated[
        list[Path] | None,
        typer.Option(
            "--gazetteer",
            "-g",
            metavar="FILE",
            help="Extra gazetteer entries (repeatable), saved with the store for later loads too "
            "(see `claimgraph gazetteer`).",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=0, metavar="N", help="Extraction processes; 0 = one per CPU.")
    ] = 1,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size",
            min=1,
            metavar="ROWS",
            help="Rows per write transaction (default: CLAIMGRAPH_BATCH_SIZE, 5000).",
        ),
    ] = None,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            "--max-bytes",
            min=1,
            metavar="BYTES",
            help="Refuse larger articles (default: CLAIMGRAPH_MAX_ARTICLE_BYTES, 5 MB).",
        ),
    ] = None,
    unordered: Annotated[
        bool, typer.Option("--unordered", help="With --workers: report articles as they finish, not in input order.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Load news articles: extract actors, places, statements and claims into the graph.

    Metadata (outlet, author, published, url, language, id, title) comes from YAML front matter, a manifest.yaml
    beside the files, or the record's fields. Loading an article again changes nothing; a changed article
    replaces its old facts; an interrupted load resumes when rerun. Every unreadable item is listed with its
    reason and the rest still loads; the exit status is 1 if anything failed.
    """
    from loaders.pipeline import load_paths
    from loaders.readers import parse_mapping

    settings = Settings()
    field_map = parse_mapping(mapping or [])
    with store_from_env() as store, _load_progress(disabled=quiet or as_json) as on_progress:
        try:
            report = load_paths(
                store,
                paths,
                mapping=field_map,
                max_bytes=max_bytes or settings.max_article_bytes,
                gazetteer_files=_saved_gazetteer(gazetteer or []),
                workers=workers,
                ordered=not unordered,
                batch_size=batch_size or settings.batch_size,
                on_progress=on_progress,
            )
        except KeyboardInterrupt:
            err_console.print("Interrupted: what was written is kept; run the same command again to resume.")
            raise typer.Exit(130) from None
    if as_json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        _print_load_report(report, store.kind)
    if not report.ok:
        raise typer.Exit(1)


@contextmanager
def _load_progress(*, disabled: bool) -> Iterator[Callable[[Any], None] | None]:
    """A progress bar with articles/s on stderr, when stderr is a terminal."""
    if disabled or not err_console.is_terminal:
        yield None
        return
    from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class ArticlesPerSecond(ProgressColumn):
        def render(self, task: Task) -> Text:
            rate = task.completed / task.elapsed if task.elapsed else 0.0
            return Text(f"{rate:,.1f} articles/s", style="progress.data.speed")

    columns = (SpinnerColumn(), TextColumn("{task.description}"), ArticlesPerSecond(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("0 articles", total=None)
        counts = {"loaded": 0, "unchanged": 0, "duplicate": 0, "failed": 0}

        def advance(status: Any) -> None:
            counts[status.status] = counts.get(status.status, 0) + 1
            description = f"{counts['loaded']} loaded, {counts['unchanged']} unchanged, {counts['failed']} failed"
            progress.update(task, advance=1, description=description)

        yield advance


def _print_load_report(report: Any, store_kind: str) -> None:
    replaced = f" ({len(report.replaced)} replacing an earlier version)" if report.replaced else ""
    duplicates = f"; {len(report.duplicates)} repeated in the input" if report.duplicates else ""
    console.print(
        f"Loaded {len(report.loaded)} articles{replaced} into the {store_kind} store; "
        f"{len(report.unchanged)} unchanged{duplicates}; {len(report.problems)} failed.",
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        f"Extracted {report.entities} entities, {report.statements} statements, {report.claims} claims "
        f"in {report.seconds:.1f} s ({report.articles_per_second:,.1f} articles/s).",
        highlight=False,
        soft_wrap=True,
    )
    for warning in report.warnings:
        console.print(f"  warning: {warning.source}: {warning.reason}", highlight=False, markup=False, soft_wrap=True)
    if report.problems:
        console.print(f"[bold red]{len(report.problems)} items not loaded:[/]")
        for problem in report.problems:
            console.print(f"  {problem.source}: {problem.reason}", highlight=False, markup=False, soft_wrap=True)


@app.command(epilog="Examples:\n\n  claimgraph stats\n  claimgraph stats --json\n")
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


@app.command(
    epilog="Examples:\n\n  claimgraph export -f graphml -o graph.graphml   # opens in Gephi\n"
    "  claimgraph export -f json > graph.json\n"
)
@friendly_errors
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="json (node-link) or graphml (opens in Gephi).")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Export the whole graph as node-link JSON or GraphML."""
    from graph.export import write_export  # networkx: imported only by the commands that need it

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


@app.command(
    "query",
    epilog="Examples:\n\n"
    "  claimgraph query --list\n"
    "  claimgraph query search_entities --param q=Julani\n"
    "  claimgraph query neighbors -p id=person/ahmed-al-sharaa -p depth=2 -p types=LEADS,MEMBER_OF\n"
    "  claimgraph query claims -p kind=casualty -p place=location/sy11 -p date_from=2025-03-07\n"
    "  claimgraph query tolls --format table -p victims=civilians\n"
    "  claimgraph query tolls --format csv > tolls.csv\n"
    "  claimgraph query claims -p kind=blame --format csv\n"
    "  claimgraph query tolls --cypher\n",
)
@friendly_errors
def query_command(
    name: Annotated[str | None, typer.Argument(help="The query to run (see --list).", show_default=False)] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            metavar="KEY=VALUE",
            help="A parameter; repeatable. List parameters take a,b or the key repeated.",
        ),
    ] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the queries and their parameters.")] = False,
    show_cypher: Annotated[
        bool, typer.Option("--cypher", help="Print the Cypher it runs on Neo4j (to paste into Neo4j Browser).")
    ] = False,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json; or, for tolls and claims, csv or table (rows by as-of date, disputed flagged).",
        ),
    ] = "json",
) -> None:
    """Run a named query and print its result as JSON (tolls and claims also as CSV or a table)."""
    from queries.registry import QUERIES, get_query, run_query

    if list_queries or name is None:
        table = Table(title="Named queries (claimgraph query NAME -p KEY=VALUE)")
        for column in ("name", "parameters (* required)", "what it answers"):
            table.add_column(column, overflow="fold")
        for query in QUERIES.values():
            described = [
                f"{p['name']}*" if p["required"] else f"{p['name']}={json.dumps(p['default'])}"
                for p in query.describe_params()
            ]
            table.add_row(query.name, " ".join(described), query.summary)
        console.print(table)
        return
    query = get_query(name)
    if show_cypher:
        print(query.cypher_text())
        return
    if output_format not in ("json", "csv", "table"):
        raise typer.BadParameter("choose json, csv or table", param_hint="--format")
    if output_format != "json" and query.name not in ROW_QUERIES:
        raise typer.BadParameter(f"csv and table are for {' and '.join(ROW_QUERIES)}; use json", param_hint="--format")
    values: dict[str, Any] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise typer.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        if key in values:  # a repeated key collects a list
            earlier = values[key]
            values[key] = [*(earlier if isinstance(earlier, list) else [earlier]), value]
        else:
            values[key] = value
    with store_from_env() as store:
        result = run_query(store, query.name, values)
        if output_format == "json":
            print(result.model_dump_json(indent=2))
            return
        rows, columns, shown = _flat_rows(store, result)
    if output_format == "csv":
        from api.tables import to_csv

        sys.stdout.write(to_csv(rows, columns))
        return
    table = Table(title=f"{query.name}: {len(rows)} rows by as-of date")
    for column in shown:
        table.add_column(column, overflow="fold", justify="right" if column in ("toll", "value") else "left")
    for row in rows:
        table.add_row(*("" if row.get(column) is None else str(row[column]) for column in shown))
    console.print(table)


ROW_QUERIES = ("tolls", "claims")
TABLE_COLUMNS = {
    "tolls": ("as_of", "victims", "toll", "claimant", "outlets", "places", "disputed"),
    "claims": ("as_of", "kind", "text", "value", "claimant", "blamed", "outlets", "disputed"),
}


def _flat_rows(store: GraphStore, result: Any) -> tuple[list[dict[str, Any]], tuple[str, ...], tuple[str, ...]]:
    """A toll table's or a page of claims' rows, sorted by as-of date: (rows, CSV columns, table columns)."""
    from api import tables
    from api.routers.claims import disputed_groups
    from queries.models import TollTable

    if isinstance(result, TollTable):
        return tables.toll_rows(result), tables.TOLL_COLUMNS, TABLE_COLUMNS["tolls"]
    rows = tables.claim_rows(result.items, disputed_groups(store))
    return rows, tables.CLAIM_COLUMNS, TABLE_COLUMNS["claims"]


# -- curation: judgements and the review queue ------------------------------------------------------------------

judgements_app = typer.Typer(
    help="Analysts' corrections, kept with the store and applied to every load: add, list, export, import, undo.",
    no_args_is_help=True,
    context_settings=HELP,
    epilog="Examples:\n\n"
    "  claimgraph judgements add merge person/ahmed-al-sharaa person/~abu-mohammad --who ana --why 'same man'\n"
    "  claimgraph judgements add reject claim/000_b5c8b235ebc10f43/casualty/1374-1401 --why 'the 1982 massacre'\n"
    "  claimgraph judgements add set_claim CLAIM_ID -p claimant=organization/sohr -p value=745\n"
    "  claimgraph judgements list\n"
    "  claimgraph judgements export -o team.jsonl\n"
    "  claimgraph judgements import team.jsonl\n"
    "  claimgraph judgements undo judgement/4f2a9c0e1b7d3a65\n",
)
app.add_typer(judgements_app, name="judgements")


def _payload_value(text: str) -> Any:
    """A -p value: a JSON number, list or string when it parses as one, else the text itself."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return text
    return value if isinstance(value, int | float | list | str) and not isinstance(value, bool) else text


def _parsed_payload(pairs: list[str]) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint="--payload")
        parsed = _payload_value(value)
        if key.strip() == "perpetrator" and isinstance(parsed, str) and "," in parsed:
            parsed = [part.strip() for part in parsed.split(",") if part.strip()]
        payload[key.strip()] = parsed
    return payload


def _print_judgements(found: list[Any], *, title: str) -> None:
    from rich.markup import escape  # names and reasons are the analysts' text, never rich markup

    table = Table(title=title)
    for column in ("id", "when", "who", "action", "targets", "payload", "why"):
        table.add_column(column, overflow="fold")
    for judgement in found:
        cells = [
            judgement.id,
            judgement.when[:19],
            judgement.who,
            judgement.action,
            "\n".join(judgement.targets),
            ", ".join(f"{key}={value}" for key, value in judgement.payload.items()),
            judgement.why,
        ]
        table.add_row(*map(escape, cells))
    console.print(table)


def _action_help() -> str:
    from graph.judgements import ACTION_HELP

    return "\n\n".join(f"  {action}: {text}" for action, text in ACTION_HELP.items())


@judgements_app.command(
    "add",
    epilog="Actions and their targets:\n\n" + _action_help() + "\n\nExamples:\n\n"
    "  claimgraph judgements add merge organization/sohr organization/~syrian-observatory --why 'same monitor'\n"
    "  claimgraph judgements add not_same person/~ali-hassan person/ali-hassan\n"
    "  claimgraph judgements add rename location/~jableh-countryside -p name='Jableh countryside'\n"
    "  claimgraph judgements add set_place location/~al-mukhtareyah -p lat=35.2 -p lon=36.1 -p parent=location/sy/SY0603\n"
    "  claimgraph judgements add set_claim CLAIM_ID -p perpetrator=faction/hts,faction/sna\n"
    "  claimgraph judgements add reject_link claimgroup/1 claimgroup/2 -p type=CONTRADICTS\n",
)
@friendly_errors
def judgements_add(
    action: Annotated[
        str,
        typer.Argument(
            help="merge, not_same, rename, relabel, set_place, reject, set_claim, reject_link, add_link or confirm."
        ),
    ],
    targets: Annotated[list[str], typer.Argument(help="The node ids the judgement is about (see below).")],
    payload: Annotated[
        list[str] | None, typer.Option("--payload", "-p", help="KEY=VALUE, repeatable (name=…, value=745, …).")
    ] = None,
    who: Annotated[str, typer.Option("--who", help="Who decides (default: $USER).")] = "",
    why: Annotated[str, typer.Option("--why", help="Why, in a few words: shown wherever the change shows.")] = "",
) -> None:
    """Record a judgement and apply it to the graph now (and to every later load)."""
    import getpass

    from graph.judgements import new_judgement
    from loaders.judgements import add_judgements

    judgement = new_judgement(action, targets, _parsed_payload(payload or []), who=who or getpass.getuser(), why=why)
    with store_from_env() as store:
        [stored] = add_judgements(store, [judgement]) or [judgement]
    console.print(
        f"{stored.id}: {stored.action} {' '.join(stored.targets)} (undo: claimgraph judgements undo {stored.id})",
        highlight=False,
    )


@judgements_app.command(
    "list", epilog="Examples:\n\n  claimgraph judgements list\n  claimgraph judgements list --json\n"
)
@friendly_errors
def judgements_list(as_json: Annotated[bool, typer.Option("--json", help="Print them as JSON.")] = False) -> None:
    """Show the judgements kept with the store, in the order they apply."""
    with store_from_env() as store:
        found = store.judgements()
    if as_json:
        print(json.dumps([j.as_dict() for j in found], indent=2, ensure_ascii=False))
    elif not found:
        console.print("No judgements yet. Work through `claimgraph review`, or see `claimgraph judgements add --help`.")
    else:
        _print_judgements(found, title=f"{len(found)} judgements")


@judgements_app.command(
    "export",
    epilog="Examples:\n\n  claimgraph judgements export -o team.jsonl\n  claimgraph judgements export > team.jsonl\n",
)
@friendly_errors
def judgements_export(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Write every judgement as JSON Lines, to share with a team or rebuild a store."""
    with store_from_env() as store:
        lines = "".join(j.to_json() + "\n" for j in store.judgements())
    if output is None:
        sys.stdout.write(lines)
        return
    try:
        output.write_text(lines, encoding="utf-8")
    except OSError as exc:
        raise ClaimgraphError(f"cannot write {output}: {exc.strerror}") from exc
    err_console.print(f"Wrote {lines.count(chr(10))} judgements to {output}.", highlight=False)


@judgements_app.command(
    "import",
    epilog="Examples:\n\n  claimgraph judgements import team.jsonl\n\n"
    "A new store from articles + judgements:\n\n  claimgraph load seeds && claimgraph judgements import team.jsonl\n",
)
@friendly_errors
def judgements_import(
    file: Annotated[Path, typer.Argument(help="A JSON Lines file from `claimgraph judgements export` (- for stdin).")],
) -> None:
    """Add the judgements of a JSON Lines file (one already kept is skipped); all or none are taken."""
    from graph.judgements import parse_judgement_lines
    from loaders.judgements import add_judgements

    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimgraphError(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") from exc
    found = parse_judgement_lines(text, source=str(file))
    with store_from_env() as store:
        taken = add_judgements(store, found)
    console.print(f"{len(taken)} judgements imported, {len(found) - len(taken)} already kept.")


@judgements_app.command("undo", epilog="Example:\n\n  claimgraph judgements undo judgement/4f2a9c0e1b7d3a65\n")
@friendly_errors
def judgements_undo(judgement_id: Annotated[str, typer.Argument(help="The id `judgements list` shows.")]) -> None:
    """Remove a judgement: what it changed goes back to the extractor's version (its articles are re-extracted)."""
    from loaders.judgements import undo_judgement

    with store_from_env() as store:
        removed = undo_judgement(store, judgement_id, gazetteer_files=_saved_gazetteer([]))
    console.print(f"undone: {removed.id} ({removed.action} {' '.join(removed.targets)})", highlight=False)


@app.command(
    epilog="Examples:\n\n  claimgraph review\n  claimgraph review --kind provisional --kind fuzzy_name --limit 100\n"
    "  claimgraph review --json\n\nThen, for an item:\n\n"
    "  claimgraph judgements add confirm ID                 # the extractor was right\n"
    "  claimgraph judgements add merge KEEP_ID ID           # a provisional name is a known entity\n"
    "  claimgraph judgements add reject CLAIM_ID --why …    # not a claim\n"
    "  claimgraph judgements add set_claim CLAIM_ID -p claimant=ACTOR_ID\n",
)
@friendly_errors
def review(
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            help="provisional, fuzzy_name, no_claimant, weak_blame, "
            "single_source_contradiction (repeatable; default all).",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Items shown at most (0: all).")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print the items as JSON.")] = False,
) -> None:
    """The review queue: what the extractor was least sure of, most depended-on first."""
    from queries.review import REVIEW_KINDS, review_queue

    unknown = sorted(set(kind or []) - set(REVIEW_KINDS))
    if unknown:
        raise typer.BadParameter(
            f"unknown kind {', '.join(unknown)}; choose from {', '.join(REVIEW_KINDS)}", param_hint="--kind"
        )
    with store_from_env() as store:
        items = review_queue(store, kinds=tuple(kind or REVIEW_KINDS), limit=limit)
    if as_json:
        print(json.dumps([item.as_dict() for item in items], indent=2, ensure_ascii=False))
        return
    if not items:
        console.print("Nothing to review.")
        return
    console.print(f"Review queue: {len(items)} items, most depended-on first (degree: facts attached)\n")
    for number, item in enumerate(items, start=1):
        console.print(_review_lines(number, item), highlight=False)


def _review_lines(number: int, item: Any) -> str:
    """One review item for the terminal: what, why, the sentence with the fact in bold, merge candidates."""
    from rich.markup import escape

    ids = escape(item.id) + (f" ≠ {escape(item.other_id)}" if item.other_id else "")
    lines = [
        f"[bold]{number}.[/] [cyan]{item.kind}[/] {ids} (degree {item.degree})",
        f"   {escape(item.name)}: {escape(item.reason)}",
    ]
    if item.sentence:
        sentence = item.sentence
        if item.highlight:
            start, end = item.highlight
            text = escape(sentence[:start]) + "[bold]" + escape(sentence[start:end]) + "[/]" + escape(sentence[end:])
        else:
            text = escape(sentence)
        lines.append(f"   “{text}”")
    if item.suggestions:
        lines.append(
            "   merge into? " + ", ".join(f"{escape(s['id'])} ({escape(s['name'])})" for s in item.suggestions)
        )
    return "\n".join(lines) + "\n"


def _run_server(host: str, port: int, workers: int, access_log: bool) -> None:
    from api.server import run

    run(host, port, workers=workers, access_log=access_log)


HostOption = Annotated[str, typer.Option("--host", help="Interface to listen on (0.0.0.0 for every one).")]
PortOption = Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port to listen on.")]
WorkersOption = Annotated[
    int, typer.Option("--workers", "-w", min=1, help="Server processes; each holds its own copy of the graph.")
]
AccessLogOption = Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log every request.")]


@app.command(
    epilog="Examples:\n\n  claimgraph serve\n  claimgraph serve --host 0.0.0.0 --port 8080 --workers 2\n"
    "  NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... claimgraph serve\n"
)
@friendly_errors
def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: WorkersOption = 1,
    access_log: AccessLogOption = True,
) -> None:
    """Serve the REST API and the network views with uvicorn (API docs at /docs)."""
    with store_from_env() as store:  # opened once here so a wrong setting is one clear line, not a server traceback
        verify = getattr(store, "verify", None)  # and a damaged embedded store too, before any request fails on it
        if verify is not None:
            verify()
    _run_server(host, port, workers, access_log)


def default_seeds() -> Path:
    """The ``seeds/`` folder next to the packages (in a source checkout)."""
    return Path(__file__).resolve().parent.parent / "seeds"


@app.command(epilog="Examples:\n\n  claimgraph demo\n  claimgraph demo --port 8080 --seeds my_articles/\n")
@friendly_errors
def demo(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    seeds: Annotated[
        Path | None, typer.Option("--seeds", help="Folder of seed articles (default: the project's seeds/).")
    ] = None,
    workers: WorkersOption = 1,
    access_log: AccessLogOption = False,
) -> None:
    """Load the seed articles if they are not loaded yet, then serve the API and the views."""
    from loaders.pipeline import load_paths

    folder = seeds or default_seeds()
    if not folder.is_dir():
        raise ClaimgraphError(f"no seed articles at {folder}: pass --seeds PATH")
    settings = Settings()
    store = open_store(settings)
    try:
        report = load_paths(store, [str(folder)], max_bytes=settings.max_article_bytes, batch_size=settings.batch_size)
        if report.problems:
            _print_load_report(report, store.kind)
        loaded, unchanged = len(report.loaded), len(report.unchanged)
        console.print(f"Seeds from {folder}: {loaded} loaded, {unchanged} already in the {store.kind} store.")
        base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
        console.print("\n[bold]Claimgraph demo[/]", highlight=False)
        for what, path in (
            ("API docs", "/docs"),
            ("Claims network", "/view/claims"),
            ("Who blames whom", "/view/blame"),
            ("Ahmed al-Sharaa's network", "/view/entities/person/ahmed-al-sharaa"),
            ("Toll chart", "/view/tolls"),
            ("Where sources disagree", "/view/contradictions"),
            ("Toll table (CSV)", "/claims/tolls?format=csv"),
        ):
            console.print(f"  {what:<27} {base}{path}", highlight=False, soft_wrap=True)
        console.print("Press Ctrl+C to stop.\n")
    finally:
        store.close()
    _run_server(host, port, workers, access_log)


def main() -> None:
    app()
