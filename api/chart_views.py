"""The toll chart (``/view/tolls``: each source's figures over their as-of dates, Plotly served by the app) and the
links between claim groups (``/view/contradictions``: both sides' claimants, outlets and sentences)."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BeforeValidator

from api import tables
from api.deps import StoreDep
from api.network import clip
from api.pages import (
    FormField,
    OptionalDate,
    OptionalText,
    blank_is_none,
    href,
    html_page,
    quoted_id,
    render_template,
    request_base,
    script_json,
)
from queries import params as P
from queries.models import ClaimRow, Contradiction, GraphNode, Page, TollTable
from queries.registry import run_query

router = APIRouter(tags=["views"])

TOLLS_PER_CHART = 5000  # the tolls query's largest page
LOG_SCALE_SPREAD = 50  # tolls further apart than this (2 soldiers beside 40,000 dead) are drawn on a log axis
DAILY_TICKS_UP_TO = 45  # days on the x axis; over a longer span Plotly picks the ticks
HOVER_SENTENCE_CHARS = 220
UNATTRIBUTED = "unattributed"
ANY_EVENT = "any"
ARROWS = {"CONTRADICTS": "≠", "CORROBORATES": "=", "UPDATES": "→"}


def _nav(base: str, json_href: str) -> list[tuple[str, str]]:
    return [
        ("this page as JSON", json_href),
        ("toll chart", f"{base}/view/tolls"),
        ("contradictions", f"{base}/view/contradictions"),
        ("claims", f"{base}/view/claims"),
        ("who blames whom", f"{base}/view/blame"),
        ("API docs", f"{base}/docs"),
    ]


def _series_name(row: dict[str, Any]) -> str:
    """The claimant a toll's series is named for: its entity ("SOHR" and "the Observatory" are one), else as written."""
    return str(row["claimant_names"] or row["claimant"] or UNATTRIBUTED)


def toll_chart(rows: list[dict[str, Any]], victims: str, *, joined: bool = True) -> dict[str, Any]:
    """The chart's data: one series per claimant of its dated tolls, by as-of date; ranges as error bars.
    ``joined``: draw each claimant's tolls as a line (one event), else as points only (tolls of many events).

    Hover texts and series names are HTML-escaped (Plotly reads a few tags in them; ``label`` is the name as
    text); ``anchors`` name the table rows.
    """
    series: dict[str, dict[str, list[Any]]] = {}
    values = []
    for row in rows:
        if not row["as_of"] or row["value"] is None:
            continue
        points = series.setdefault(
            _series_name(row),
            {key: [] for key in ("x", "y", "above", "below", "anchors", "hover", "disputed", "vague")},
        )
        value, top = row["value"], row["value_max"]
        hover = [
            f"{tables.toll_text(value, top, row['qualifier'])} {victims}" + (" · DISPUTED" if row["disputed"] else ""),
            f"{row['claimant'] or UNATTRIBUTED} · {row['outlets'] or 'no outlet'}",
            f"as of {row['as_of']}" + (f" · {row['places']}" if row["places"] else ""),
            clip(row["sentence"] or "", HOVER_SENTENCE_CHARS),
        ]
        points["x"].append(row["as_of"])
        points["y"].append(value)
        points["above"].append((top - value) if top is not None and top > value else 0)
        points["below"].append(0)
        points["anchors"].append(row["anchor"])
        points["hover"].append("<br>".join(html.escape(line, quote=False) for line in hover))
        points["disputed"].append(bool(row["disputed"]))
        points["vague"].append(row["qualifier"] == "vague")
        values += [value, *([top] if top else [])]
    positive = [value for value in values if value > 0]
    log = bool(positive) and max(positive) / min(positive) > LOG_SCALE_SPREAD
    days = sorted(day for points in series.values() for day in points["x"])
    span = (date.fromisoformat(days[-1][:10]) - date.fromisoformat(days[0][:10])).days if days else 0
    return {
        "title": f"Tolls of {victims} by as-of date, one line per claimant",
        "daily_ticks": span <= DAILY_TICKS_UP_TO,
        "joined": joined,
        "y_title": f"{victims} (log scale)" if log else victims,
        "log": log,
        "series": [
            {"name": html.escape(name, quote=False), "label": name, **points} for name, points in sorted(series.items())
        ],
    }


def _article_href(base: str, article_id: str) -> str:
    return f"{base}/articles/{quoted_id(article_id)}"


@router.get("/view/tolls", response_class=HTMLResponse, summary="Toll chart: each source's figures over time.")
def tolls_view(
    request: Request,
    store: StoreDep,
    victims: Annotated[
        OptionalText, Query(description="Victim category, e.g. civilians (default: the most tolls).")
    ] = None,
    topic: Annotated[OptionalText, Query(description="Only tolls of this event (the claim's topic).")] = None,
    claimant: Annotated[OptionalText, Query(description="Entity id of who makes the claim.")] = None,
    place: Annotated[OptionalText, Query(description="Location id; places inside count.")] = None,
    date_from: Annotated[OptionalDate, Query(description="Earliest date (YYYY-MM-DD).")] = None,
    date_to: Annotated[OptionalDate, Query(description="Latest date (YYYY-MM-DD).")] = None,
) -> HTMLResponse:
    """Toll chart: for one victim group, each claimant's figures over their as-of dates, with the table beside it."""
    filters = {"claimant": claimant, "place": place, "date_from": date_from, "date_to": date_to}
    active = {key: value for key, value in filters.items() if value is not None}
    table = run_query(store, "tolls", {**active, "limit": TOLLS_PER_CHART})
    assert isinstance(table, TollTable)
    categories = [group.victims for group in table.groups]
    chosen = victims or (categories[0] if categories else "")
    one_group = TollTable(
        total=table.total, capped=table.capped, groups=[g for g in table.groups if g.victims == chosen]
    )
    rows = tables.toll_rows(one_group)
    topics = sorted({row["topic"] for row in rows if row["topic"]})
    # A claimant's figures are joined into a line within one event only, so one event is drawn by default
    event = topic or default_event(rows) or ANY_EVENT
    if event != ANY_EVENT:
        rows = [row for row in rows if row["topic"] == event]
    base = request_base(request)
    for number, row in enumerate(rows):
        row.update(
            anchor=f"toll-{number}",
            toll=tables.toll_text(row["value"], row["value_max"], row["qualifier"]),
            article_href=_article_href(base, row["article_id"]),
        )
    chart = toll_chart(rows, chosen or "victims", joined=event != ANY_EVENT)
    claimants = len(chart["series"])
    disputed = sum(1 for row in rows if row["disputed"])
    json_href = href(base, "/claims/tolls", victims=chosen or None, **{k: str(v) for k, v in active.items()})
    page = render_template(
        "tolls.html",
        title=f"Toll chart: {chosen or 'no tolls'}",
        summary=f"{len(rows)} tolls of {chosen or 'any victims'} from {claimants} claimant(s), {disputed} disputed; "
        "sorted by as-of date.",
        nav=[
            *_nav(base, json_href),
            ("this table as CSV", json_href + ("&" if "?" in json_href else "?") + "format=csv"),
        ],
        notice=f"Only the first {TOLLS_PER_CHART} tolls by date are shown." if table.capped else None,
        fields=[
            FormField("victims", "victims", chosen, "select", tuple(categories) or ("",)),
            FormField("topic", "event", event, "select", (ANY_EVENT, *topics)),
            FormField("claimant", "claimant", claimant, placeholder="organization/sohr"),
            FormField("place", "place", place, placeholder="location/SY11"),
            FormField("date_from", "from", date_from, "date"),
            FormField("date_to", "to", date_to, "date"),
        ],
        rows=rows,
        joined=chart["joined"],
        chart_json=script_json(chart),
        base=base,
    )
    return html_page(page)


def default_event(rows: list[dict[str, Any]]) -> str | None:
    """The event a toll chart opens on: the one where most sources disagree or agree, i.e. with the most distinct
    claimants, then the most tolls. Events whose victims are unknown come last: they are only a country and a month
    ("casualty|unknown:people|SY|2016-07"), which lumps unrelated incidents together."""
    claimants: dict[str, set[str]] = defaultdict(set)
    tolls: Counter[str] = Counter()
    for row in rows:
        if row["topic"]:
            claimants[row["topic"]].add(str(row["claimant_ids"] or row["claimant"] or ""))
            tolls[row["topic"]] += 1
    if not tolls:
        return None

    def known_victims(event: str) -> bool:
        parts = event.split("|")
        return len(parts) < 2 or not parts[1].startswith("unknown")

    return min(tolls, key=lambda event: (not known_victims(event), -len(claimants[event]), -tolls[event], event))


def _claim_card(claim: ClaimRow, base: str) -> dict[str, Any]:
    claimants = ", ".join(ref.name for ref in claim.claimants) or claim.claimant or UNATTRIBUTED
    outlets = ", ".join(ref.name for ref in claim.provenance.outlets) or "no outlet"
    if claim.kind == "casualty":
        what = f"{tables.toll_text(claim.value, claim.value_max, claim.qualifier)} {claim.victims or ''}".strip()
        what += f" (as of {claim.as_of})" if claim.as_of else ""
    elif claim.blamed:
        what = f"{claim.kind}: {', '.join(ref.name for ref in claim.blamed)} — {claim.text}"
    else:
        what = f"{claim.kind}: {claim.text}"
    return {
        "what": what,
        "who": f"claimed by {claimants} · reported by {outlets}",
        "sentence": claim.provenance.sentence or claim.text,
        "article": claim.provenance.article_title or claim.provenance.article_id,
        "article_href": _article_href(base, claim.provenance.article_id),
        "published": claim.provenance.published,
    }


def _group_title(group: GraphNode, claims: int) -> str:
    props = group.model_dump()
    value = props.get("value")
    if isinstance(value, int):
        label = tables.toll_text(value, props.get("value_max"), None) + (
            f" as of {props['as_of']}" if props.get("as_of") else ""
        )
    else:
        label = group.name
    return f"{label} — {claims} claim(s)"


@router.get(
    "/view/contradictions", response_class=HTMLResponse, summary="Where sources disagree: links between claim groups."
)
def contradictions_view(
    request: Request,
    store: StoreDep,
    relation: Annotated[
        Literal["CONTRADICTS", "CORROBORATES", "UPDATES", "any"] | None,
        BeforeValidator(blank_is_none),
        Query(description="Which links (default: CONTRADICTS)."),
    ] = None,
    kind: Annotated[P.ClaimKind | None, BeforeValidator(blank_is_none), Query()] = None,
    topic: Annotated[OptionalText, Query(description="Only this topic.")] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    """Claim groups and their CONTRADICTS / CORROBORATES / UPDATES links, with both sides' claims and sentences."""
    relation = relation or "CONTRADICTS"
    relations = list(P.GROUP_RELATIONS) if relation == "any" else [relation]
    wanted = {"relations": relations, "kind": kind, "topic": topic, "offset": offset, "limit": 50}
    page = run_query(store, "claim_links", {key: value for key, value in wanted.items() if value is not None})
    assert isinstance(page, Page)
    base = request_base(request)
    links = [_link_card(item, base) for item in page.items if isinstance(item, Contradiction)]
    json_href = href(base, "/claims/links", relations=relations, kind=kind, topic=topic, offset=offset or None)
    shown = f"{offset + 1}-{offset + len(links)} of {page.total}" if links else f"0 of {page.total}"
    more = page.total > offset + len(links)
    page_html_text = render_template(
        "contradictions.html",
        title="Where sources disagree" if relation == "CONTRADICTS" else f"Claim groups: {relation.lower()}",
        summary=f"{shown} links between claim groups ({', '.join(relations)}). Each side is a group of claims saying "
        "the same thing; both sides' claimants, outlets and sentences are shown.",
        nav=_nav(base, json_href),
        notice=f"More links: add ?offset={offset + len(links)} to see the next page." if more else None,
        fields=[
            FormField("relation", "links", relation, "select", ("CONTRADICTS", "CORROBORATES", "UPDATES", "any")),
            FormField("kind", "kind", kind, "select", ("", "casualty", "blame", "denial")),
            FormField("topic", "topic", topic, placeholder="casualty|alawites:civilians|SY|2025-03"),
        ],
        links=links,
        base=base,
    )
    return html_page(page_html_text)


def _link_card(link: Contradiction, base: str) -> dict[str, Any]:
    return {
        "relation": link.relation,
        "reason": link.reason,
        "topic": link.topic,
        "arrow": ARROWS.get(link.relation, "—"),
        "left_title": _group_title(link.left.group, len(link.left.claims)),
        "right_title": _group_title(link.right.group, len(link.right.claims)),
        "left": [_claim_card(claim, base) for claim in link.left.claims],
        "right": [_claim_card(claim, base) for claim in link.right.claims],
    }
