"""The network pages' routes: ego network, claims, who blames whom, paths, and the static files they load.

One payload, two views: each page runs the very query its JSON endpoint runs (``queries.registry.run_query``),
makes it readable (``view_payloads``), turns it into a pyvis ``Network`` (``network.network_for``, also what a
notebook calls) and renders that into ``templates/view.html``. vis-network comes from the copy pyvis ships and is
served under ``/static``, so a page needs no network access. The toll chart and the contradictions page are in
``chart_views``.

Article text is untrusted. Names, sentences and claims reach the browser only as JSON inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, are put into the page with
``textContent``, and tooltips are plain text (``views.js`` wraps them in elements itself, so vis-network never
parses them as HTML). Everything else on the page goes through Jinja's autoescaping.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BeforeValidator

from api.deps import SettingsDep, StoreDep
from api.network import capped_notice, render_page
from api.pages import (
    MEDIA_TYPES,
    STATIC_FILES,
    VIEW_MAX_NODES,
    FormField,
    Limit,
    OptionalDate,
    OptionalText,
    blank_is_none,
    href,
    html_page,
    quoted_id,
    request_base,
)
from api.view_payloads import (
    BLAME_LINKS_DRAWN,
    BLAME_LINKS_MAX,
    STATEMENT_GROUP_PREFIX,
    cap_payload,
    claims_payload,
    group_statements,
    judgement_notes,
    one_link_per_pair,
    place_context,
    strongest_links,
)
from graph.errors import NotFoundError
from queries import params as P
from queries.models import ClaimRow, GraphPayload, Page
from queries.registry import run_query

CLAIMS_PER_VIEW = 500  # the claims query's largest page
# What a path view follows by default: who claims, blames, says what about whom, and the gazetteer's roles. Two
# actors named in one article are joined by it (MENTIONS), a link that says nothing; ?co_mentions=yes adds it.
TYPED_PATH_TYPES = ("CLAIMS", "BLAMES", "ABOUT", "SAID", "LEADS", "MEMBER_OF", "SUPPORTS", "OPPOSES")
CLAIMS_DRAWN = 25  # claims a claims view draws by default: about fifty nodes, each label legible


# -- routes ---------------------------------------------------------------------------------------------------------

router = APIRouter(tags=["views"])


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@router.get("/view/entities/{id:path}", response_class=HTMLResponse, summary="Ego network of a node, drawn.")
def entity_view(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    id: Annotated[str, PathParam(description="A node id, e.g. person/ahmed-al-sharaa.")],
    depth: Annotated[int, Query(ge=1, le=P.MAX_DEPTH, description="Hops from the node (1-3).")] = 1,
    labels: Annotated[list[str], Query(description="Only reach nodes with these labels.")] = [],  # noqa: B006
    types: Annotated[list[str], Query(description="Only follow these relationship types.")] = [],  # noqa: B006
    statements: Annotated[
        Literal["grouped", "each"], Query(description="One node per speaker's statements, or one per statement.")
    ] = "grouped",
    limit: Limit = None,
) -> HTMLResponse:
    """Ego network of a node, drawn; each speaker's statements are one node unless ?statements=each."""
    cap = limit or settings.view_node_cap
    wanted: dict[str, Any] = {"id": id, "depth": depth, "labels": _split(labels), "types": _split(types), "cap": cap}
    payload = run_query(store, "neighbors", wanted)
    assert isinstance(payload, GraphPayload)
    center = next((node for node in payload.nodes if node.id == id), None)
    if center is None:
        raise NotFoundError(f"no node with id {id!r}")
    drawn = group_statements(payload) if statements == "grouped" else payload
    base = request_base(request)
    groups = [node for node in drawn.nodes if node.id.startswith(STATEMENT_GROUP_PREFIX)]
    in_groups = sum(int(getattr(node, "grouped", 0)) for node in groups)
    grouping = f"; {in_groups} statements drawn as {len(groups)} nodes, one per speaker" if groups else ""
    page = render_page(
        drawn,
        title=f"{center.name} ({center.label}): ego network",
        summary=f"{len(drawn.nodes)} nodes and {len(drawn.links)} links within {depth} hop(s) of {center.id}"
        f"{grouping}.",
        fields=[
            FormField("depth", "depth", depth, "select", ("1", "2", "3")),
            FormField("labels", "labels", ",".join(wanted["labels"]), placeholder="Person,Faction"),
            FormField("types", "relationship types", ",".join(wanted["types"]), placeholder="BLAMES,CLAIMS"),
            FormField("statements", "statements", statements, "select", ("grouped", "each")),
            FormField("limit", "node cap", cap, "number", minimum=1, maximum=VIEW_MAX_NODES),
        ],
        json_href=href(base, f"/entities/{quoted_id(id)}/neighbors", **{**wanted, "id": None}),
        base=base,
        places=place_context(store, payload),
        judged=judgement_notes(store, payload),
        notice=capped_notice(payload, cap),
    )
    return html_page(page)


@router.get("/view/claims", response_class=HTMLResponse, summary="Claims network: claimants, claims, blamed, places.")
def claims_view(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    kind: Annotated[P.ClaimKind | None, BeforeValidator(blank_is_none), Query()] = None,
    claimant: Annotated[OptionalText, Query(description="Entity id of who makes the claim.")] = None,
    outlet: Annotated[OptionalText, Query(description="Outlet id that reported it.")] = None,
    place: Annotated[OptionalText, Query(description="Location id; places inside count.")] = None,
    actor: Annotated[OptionalText, Query(description="Entity id blamed or that it is about.")] = None,
    date_from: Annotated[OptionalDate, Query(description="Earliest date (YYYY-MM-DD).")] = None,
    date_to: Annotated[OptionalDate, Query(description="Latest date (YYYY-MM-DD).")] = None,
    claims: Annotated[
        int,
        Query(
            ge=1, le=CLAIMS_PER_VIEW, description=f"Most claims drawn, the earliest first (at most {CLAIMS_PER_VIEW})."
        ),
    ] = CLAIMS_DRAWN,
    vague: Annotated[
        Literal["no", "yes"], Query(description='Draw vague counts ("hundreds") too; by default they are left out.')
    ] = "no",
    limit: Limit = None,
) -> HTMLResponse:
    """Claims network: claimants → claims → blamed actors and places; a legible few by default."""
    cap = limit or settings.view_node_cap
    filters = {
        "kind": kind,
        "claimant": claimant,
        "outlet": outlet,
        "place": place,
        "actor": actor,
        "date_from": date_from,
        "date_to": date_to,
    }
    active = {key: value for key, value in filters.items() if value is not None}
    page_of_claims = run_query(store, "claims", {**active, "limit": CLAIMS_PER_VIEW, "offset": 0})
    assert isinstance(page_of_claims, Page)
    rows = [row for row in page_of_claims.items if vague == "yes" or row.qualifier != "vague"]
    left_out = len(page_of_claims.items) - len(rows)
    matching = page_of_claims.total - left_out
    chosen = Page[ClaimRow](total=matching, limit=claims, offset=0, items=rows[:claims])
    payload = claims_payload(chosen, {**active, "limit": CLAIMS_PER_VIEW}, cap)
    shown = sum(1 for node in payload.nodes if node.label == "Claim")
    notice = capped_notice(payload, cap, f"; {shown} of {matching} claims drawn")
    if shown < matching and shown == claims:
        notice = (
            f"Showing the first {shown} of {matching} matching claims (by date): narrow the filters or raise ?claims=."
        )
    base = request_base(request)
    text_fields = [
        FormField(name, name, active.get(name), placeholder=hint)
        for name, hint in (
            ("claimant", "organization/sohr"),
            ("outlet", "outlet/bbc"),
            ("place", "location/SY11"),
            ("actor", "faction/hts"),
        )
    ]
    page = render_page(
        payload,
        title="Claims: who claims what, whom it blames, where",
        summary=f"{shown} of {matching} matching claims"
        + (f" ({left_out} vague counts left out)" if left_out else "")
        + f"; {len(payload.nodes)} nodes. Stars: tolls; triangles: blame; squares: denials.",
        fields=[
            FormField("kind", "kind", kind, "select", ("", "casualty", "blame", "denial")),
            *text_fields,
            FormField("date_from", "from", date_from, "date"),
            FormField("date_to", "to", date_to, "date"),
            FormField("claims", "claims drawn", claims, "number", minimum=1, maximum=CLAIMS_PER_VIEW),
            FormField("vague", "vague counts", vague, "select", ("no", "yes")),
            FormField("limit", "node cap", cap, "number", minimum=1, maximum=VIEW_MAX_NODES),
        ],
        json_href=href(base, "/claims", **{key: str(value) for key, value in active.items()}, limit=CLAIMS_PER_VIEW),
        base=base,
        places=place_context(store, payload),
        judged=judgement_notes(store, payload),
        notice=notice,
    )
    return html_page(page)


@router.get("/view/blame", response_class=HTMLResponse, summary="Who blames whom, drawn.")
def blame_view(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    via: Annotated[Literal["claimant", "outlet", "both"], Query(description="Link blamed actors to whom.")] = "both",
    actor: Annotated[OptionalText, Query(description="Only blame of this actor.")] = None,
    blamer: Annotated[OptionalText, Query(description="Only blame by this claimant or outlet.")] = None,
    date_from: Annotated[OptionalDate, Query(description="Earliest date of the claims (YYYY-MM-DD).")] = None,
    date_to: Annotated[OptionalDate, Query(description="Latest date of the claims (YYYY-MM-DD).")] = None,
    denials: Annotated[Literal["yes", "no"], Query(description="Draw denials too (who denies what).")] = "yes",
    links: Annotated[
        int,
        Query(
            ge=1,
            le=BLAME_LINKS_MAX,
            description=f"Most links drawn, the most-claimed first (default {BLAME_LINKS_DRAWN}).",
        ),
    ] = BLAME_LINKS_DRAWN,
    limit: Limit = None,
) -> HTMLResponse:
    """Who blames whom: claimants and outlets against the actors they blame, and denials; the strongest links."""
    cap = limit or settings.view_node_cap
    filters = {"actor": actor, "blamer": blamer, "date_from": date_from, "date_to": date_to}
    active = {key: value for key, value in filters.items() if value}
    wanted = {"via": via, **active, "denials": denials == "yes", "cap": cap}
    payload = run_query(store, "blame", wanted)
    assert isinstance(payload, GraphPayload)
    payload, left_out = strongest_links(one_link_per_pair(payload), links)
    base = request_base(request)
    blames = sum(1 for link in payload.links if link.type == "BLAMES")
    trimmed = (
        f"Showing the {links} most-claimed links; {left_out} weaker ones are left out: narrow the filters or "
        "raise ?links=."
        if left_out
        else None
    )
    page = render_page(
        payload,
        title="Who blames whom",
        summary=f"{len(payload.nodes)} actors, {blames} blame links (via {via}) and "
        f"{len(payload.links) - blames} denials. Red: a claimant blames the actor; dashed orange: only outlets "
        "reported claims blaming it; grey dotted: a denial; width grows with the claims.",
        fields=[
            FormField("via", "via", via, "select", ("both", "claimant", "outlet")),
            FormField("actor", "blamed actor", actor, placeholder="faction/hts"),
            FormField("blamer", "blamer", blamer, placeholder="organization/sohr"),
            FormField("date_from", "from", date_from, "date"),
            FormField("date_to", "to", date_to, "date"),
            FormField("denials", "denials", denials, "select", ("yes", "no")),
            FormField("links", "links drawn", links, "number", minimum=1, maximum=BLAME_LINKS_MAX),
            FormField("limit", "node cap", cap, "number", minimum=1, maximum=VIEW_MAX_NODES),
        ],
        json_href=href(base, "/blame", **{key: str(value) for key, value in wanted.items()}),
        base=base,
        places=place_context(store, payload),
        judged=judgement_notes(store, payload),
        notice=capped_notice(payload, cap) or trimmed,
    )
    return html_page(page)


@router.get("/view/paths", response_class=HTMLResponse, summary="Shortest paths between two nodes, drawn.")
def paths_view(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    source: Annotated[str, Query(min_length=1, max_length=500, description="Node id the paths start from.")],
    target: Annotated[str, Query(min_length=1, max_length=500, description="Node id the paths end at.")],
    k: Annotated[int, Query(ge=1, le=10, description="Most paths.")] = 3,
    max_length: Annotated[int, Query(ge=1, le=6, description="Longest path, in relationships.")] = 4,
    types: Annotated[
        list[str], Query(description="Only follow these relationship types (default: claims, blame and roles).")
    ] = [],  # noqa: B006
    co_mentions: Annotated[
        Literal["no", "yes"], Query(description="Also go through articles that mention both (any relationship).")
    ] = "no",
    limit: Limit = None,
) -> HTMLResponse:
    """Up to k shortest paths between two nodes, drawn: through claims, blame and roles unless asked otherwise."""
    cap = limit or settings.view_node_cap
    chosen = _split(types) or ([] if co_mentions == "yes" else list(TYPED_PATH_TYPES))
    wanted: dict[str, Any] = {
        "source": source,
        "target": target,
        "k": k,
        "max_length": max_length,
        "types": chosen,
    }
    payload = run_query(store, "paths", wanted)
    assert isinstance(payload, GraphPayload)
    payload = cap_payload(payload, cap)
    names = {node.id: node.name for node in payload.nodes}
    found = len(payload.paths)
    base = request_base(request)
    page = render_page(
        payload,
        title=f"Paths: {names.get(source, source)} → {names.get(target, target)}",
        summary=(
            f"{found} shortest path(s) of at most {max_length} links; {len(payload.nodes)} nodes"
            if found
            else f"No path of at most {max_length} links joins them"
        )
        + (f", through {', '.join(chosen)}." if chosen else ", through any relationship."),
        fields=[
            FormField("source", "source", source),
            FormField("target", "target", target),
            FormField("k", "paths", k, "number", minimum=1, maximum=10),
            FormField("max_length", "max length", max_length, "number", minimum=1, maximum=6),
            FormField("types", "relationship types", ",".join(_split(types)), placeholder="LEADS,MEMBER_OF"),
            FormField("co_mentions", "via articles too", co_mentions, "select", ("no", "yes")),
            FormField("limit", "node cap", cap, "number", minimum=1, maximum=VIEW_MAX_NODES),
        ],
        json_href=href(base, "/paths", **{**wanted, "types": wanted["types"]}),
        base=base,
        places=place_context(store, payload),
        judged=judgement_notes(store, payload),
        notice=capped_notice(payload, cap),
    )
    return html_page(page)


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> FileResponse:
    """The views' scripts and styles (vis-network from pyvis's own copy): a fixed list, no path is resolved."""
    path = STATIC_FILES.get(name)
    if path is None:
        raise NotFoundError(f"no static file {name!r}")
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix], headers={"Cache-Control": "public, max-age=3600"})
