"""Interactive network views: the traversal payloads drawn with pyvis (vis-network), served offline by the app.

One payload, two views: each page runs the very query its JSON endpoint runs (``queries.registry.run_query``),
turns the payload into a pyvis ``Network`` with ``network_for`` (also what a notebook calls) and renders that
network into ``templates/view.html``. vis-network comes from the copy pyvis ships and is served under ``/static``,
so a page needs no network access.

Article text is untrusted. Names, sentences and claims reach the browser only as JSON inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, are put into the page with
``textContent``, and tooltips are plain text (``views.js`` wraps them in elements itself, so vis-network never
parses them as HTML). Everything else on the page goes through Jinja's autoescaping.
"""

from __future__ import annotations

import html
import importlib.util
import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

import pyvis
from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BeforeValidator, Field, StringConstraints
from pyvis.network import Network

from api import tables
from api.deps import SettingsDep, StoreDep
from graph.errors import NotFoundError
from graph.schema import SCHEMA
from queries import params as P
from queries.models import ClaimRow, Contradiction, EntityRef, GraphLink, GraphNode, GraphPayload, Page, TollTable
from queries.registry import run_query

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"

VIEW_MAX_NODES = 2000  # above this vis-network's physics takes tens of seconds in a browser
CLAIMS_PER_VIEW = 500  # the claims query's largest page
# What a path view follows by default: who claims, blames, says what about whom, and the gazetteer's roles. Two
# actors named in one article are joined by it (MENTIONS), a link that says nothing; ?co_mentions=yes adds it.
TYPED_PATH_TYPES = ("CLAIMS", "BLAMES", "ABOUT", "SAID", "LEADS", "MEMBER_OF", "SUPPORTS", "OPPOSES")
CLAIMS_DRAWN = 25  # claims a claims view draws by default: about fifty nodes, each label legible
EDGE_LABELS_UP_TO = 60  # more edge captions than this only clutter the drawing
TIP_FIELD_CHARS = 400


def _plotly_js() -> Path:
    """plotly.min.js as the plotly wheel ships it (found without importing plotly's Python side)."""
    spec = importlib.util.find_spec("plotly")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0] if locations else HERE) / "package_data" / "plotly.min.js"


# Files served under /static: our own, the vis-network copy pyvis ships and plotly.js from plotly (never a CDN).
STATIC_FILES: dict[str, Path] = {
    "vis-network.min.js": VIS_DIR / "vis-network.min.js",
    "vis-network.css": VIS_DIR / "vis-network.css",
    "plotly.min.js": _plotly_js(),
    "views.js": STATIC_DIR / "views.js",
    "views.css": STATIC_DIR / "views.css",
    "tolls.js": STATIC_DIR / "tolls.js",
    "pages.css": STATIC_DIR / "pages.css",
}
_MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass(frozen=True)
class Style:
    """How a label is drawn: a vis-network shape with the label beside it, and a colour."""

    color: str
    shape: str


# Shapes that keep the caption outside the node, so long names do not swell it.
STYLES: dict[str, Style] = {
    "Person": Style("#e15759", "dot"),
    "Faction": Style("#f28e2b", "diamond"),
    "Government": Style("#8c5aa6", "triangle"),
    "Organization": Style("#4e79a7", "square"),
    "Community": Style("#59a14f", "dot"),
    "Outlet": Style("#2a9d8f", "hexagon"),
    "Location": Style("#d4a017", "triangleDown"),
    "Article": Style("#8d8d8d", "square"),
    "Statement": Style("#9c755f", "dot"),
    "Claim": Style("#ff6f91", "star"),
    "ClaimGroup": Style("#c39bd3", "diamond"),
}
# Claim kinds drawn apart: a toll, blame and a denial are different statements about the events.
CLAIM_STYLES: dict[str, Style] = {
    "casualty": Style("#d62728", "star"),
    "blame": Style("#b2182b", "triangle"),
    "denial": Style("#7f7f7f", "square"),
}
FALLBACK_STYLE = Style("#b0b0b0", "dot")
FOCUS_BORDER = "#1f1f1f"
LINK_COLORS = {"BLAMES": "#c0392b", "CONTRADICTS": "#c0392b", "CLAIMS": "#d35400", "SAID": "#9c755f"}
LINK_COLOR = "#9aa0a6"
OUTLET_BLAME_COLOR = "#e08a2e"
DENIAL_COLOR = "#6b6b6b"

# Properties a tooltip shows for each label, in order; ``name`` and the label always come first.
TIP_FIELDS: dict[str, tuple[str, ...]] = {
    "Claim": (
        *("kind", "text", "value", "qualifier", "victims", "claimant", "outlets"),
        *("date", "as_of", "sentence", "article_title", "published"),
    ),
    "Statement": (
        *("kind", "text", "speaker", "via", "outlets", "date", "sentence", "article_title", "published"),
        "grouped",
    ),
    "Article": ("published", "author", "url", "language", "word_count"),
    "ClaimGroup": ("topic", "kind", "value", "value_max", "as_of", "blamed", "size"),
    "Location": ("kind", "pcode", "country", "aliases"),
}
ENTITY_TIP_FIELDS = ("aliases", "side", "description", "provisional")
LINK_TIP_FIELDS = ("alias", "count", "role", "reason", "via", "claims")


def _style(label: str, kind: Any = None) -> Style:
    if label == "Claim" and kind in CLAIM_STYLES:
        return CLAIM_STYLES[kind]
    return STYLES.get(label, FALLBACK_STYLE)


# -- payload → network ------------------------------------------------------------------------------------------


def _clip(text: Any, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _reported_by(payload: GraphPayload) -> dict[str, list[str]]:
    """Outlet names per claim or statement, from the REPORTED links the payload holds."""
    names = {node.id: node.name for node in payload.nodes}
    outlets: dict[str, list[str]] = {}
    for link in payload.links:
        if link.type == "REPORTED" and link.source in names:
            outlets.setdefault(link.target, []).append(names[link.source])
    return outlets


def _node_facts(node: GraphNode, payload: GraphPayload, outlets: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The (field, value) pairs a tooltip and the details panel show for a node."""
    props = node.model_dump()
    if node.id in outlets and not props.get("outlets"):
        props["outlets"] = sorted(set(outlets[node.id]))
    article_id = props.get("article_id")
    if article_id and not props.get("article_title"):
        article = next((other for other in payload.nodes if other.id == article_id), None)
        if article is not None:
            props["article_title"] = article.name
            props.setdefault("published", getattr(article, "published", None))
    fields = TIP_FIELDS.get(node.label, ENTITY_TIP_FIELDS)
    return [(field, _value_text(props[field])) for field in fields if props.get(field) not in (None, "", [])]


def node_tooltip(node: GraphNode, facts: list[tuple[str, str]]) -> str:
    """Plain text (never HTML): name, label and id, then the facts, one per line."""
    lines = [_clip(node.name, 120), f"{node.label} · {node.id}"]
    lines += [f"{field.replace('_', ' ')}: {_clip(value, TIP_FIELD_CHARS)}" for field, value in facts]
    return "\n".join(lines)


def link_tooltip(link: GraphLink) -> str:
    """Plain text: the relationship type and its properties."""
    props = link.model_dump()
    lines = [f"{link.type}  {link.source} → {link.target}"]
    lines += [f"{field}: {_clip(_value_text(props[field]), 200)}" for field in LINK_TIP_FIELDS if props.get(field)]
    return "\n".join(lines)


def link_caption(link: GraphLink) -> str:
    """The text drawn on a link: its type; on blame links, whom the blame goes through and how many claims."""
    via, claims = getattr(link, "via", None), getattr(link, "claims", None)
    if link.type == "DENIES":
        via = "denies"
    if via and isinstance(claims, int):
        return f"{via} ×{claims}" if claims > 1 else str(via)
    return link.type


def node_caption(node: GraphNode, places: Mapping[str, str] | None = None) -> str:
    """The short text drawn beside a node; a place says its kind and where it lies: "Hama (city, Hama governorate)"."""
    name = node.name
    if node.label == "Claim":
        kind = getattr(node, "kind", None)
        name = f"{kind}: {name}" if kind else name
    if node.label == "Location" and places and node.id in places:
        return f"{_clip(name, 30)} ({places[node.id]})"
    return _clip(name, 40)


def stabilization_iterations(node_count: int) -> int:
    """Layout steps run before the first drawing: fewer on big graphs, which then settle on screen.

    A step costs about linearly in the nodes (Barnes-Hut), so the budget keeps the first drawing of a 300-node
    view near a second; the physics keeps running after it until the layout is still (views.js).
    """
    return max(80, min(400, 40_000 // max(node_count, 1)))


def vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: a force layout that settles quickly, then stops (physics off after stabilising)."""
    return {
        "nodes": {"font": {"size": 17, "face": "system-ui, sans-serif", "strokeWidth": 4}, "size": 16},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": LINK_COLOR, "highlight": "#333333", "hover": "#333333"},
            "font": {"size": 12, "align": "middle", "color": "#555555", "strokeWidth": 3},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.4},
            "width": 1,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 120, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": stabilization_iterations(node_count), "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": node_count > 150},
        # Kamada-Kawai seeding is quadratic; only worth it on small graphs. A fixed seed keeps layouts stable.
        "layout": {"improvedLayout": node_count <= 100, "randomSeed": 7},
    }


class ViewNetwork(Network):
    """A pyvis ``Network`` that keeps the payload it was drawn from and renders as the app's own view page.

    pyvis's template would load Bootstrap from a CDN and, when a tooltip contains "href", show tooltips as HTML;
    this one writes the same offline page the app serves (vis-network inlined, text kept inert), so
    ``net.show("ego.html")`` and ``net.write_html(...)`` in a notebook are safe with untrusted article text.
    ``base`` is prefixed to the links of the details panel (e.g. ``http://127.0.0.1:8000`` of a running app).
    """

    def __init__(self, payload: GraphPayload, *, base: str = "", height: str = "760px") -> None:
        super().__init__(height=height, width="100%", directed=True, cdn_resources="in_line")
        self.payload = payload
        self.base = base

    def generate_html(self, name: str = "index.html", local: bool = True, notebook: bool = False) -> str:
        """The standalone page of this network (pyvis's ``write_html`` and ``show`` call this)."""
        self.html = page_html(
            self,
            title=f"{self.payload.query}: {len(self.nodes)} nodes",
            summary=f"{len(self.nodes)} nodes and {len(self.edges)} links from the {self.payload.query} query.",
            notice=capped_notice(self.payload, self.payload.cap or len(self.nodes)),
            inline_assets=True,
        )
        return str(self.html)


def network_for(
    payload: GraphPayload, *, base: str = "", height: str = "760px", places: Mapping[str, str] | None = None
) -> ViewNetwork:
    """The pyvis ``Network`` of a traversal payload: nodes coloured and shaped by label (claims by kind),
    plain-text tooltips; ``places`` gives a place's kind and parent ("city, Hama governorate"), see ``place_context``.

    Use it in a notebook: ``network_for(run_query(store, "neighbors", {"id": ...})).show("ego.html")``.
    """
    places = places or {}
    net = ViewNetwork(payload, base=base, height=height)
    net.options = vis_options(len(payload.nodes))
    focus = set(payload.focus)
    outlets = _reported_by(payload)
    for node in payload.nodes:
        style = _style(node.label, getattr(node, "kind", None))
        options: dict[str, Any] = {
            "title": node_tooltip(node, _node_facts(node, payload, outlets)),
            "shape": style.shape,
            "color": {
                "background": style.color,
                "border": FOCUS_BORDER if node.id in focus else style.color,
                "highlight": {"background": style.color, "border": FOCUS_BORDER},
                "hover": {"background": style.color, "border": FOCUS_BORDER},
            },
        }
        if node.id in focus:
            options.update(size=28, borderWidth=4, font={"size": 20, "bold": {"mod": "bold"}})
        net.add_node(node.id, label=node_caption(node, places), **options)
    present = set(net.node_ids)
    with_captions = len(payload.links) <= EDGE_LABELS_UP_TO
    for link in payload.links:
        if link.source not in present or link.target not in present:
            continue
        options = {"title": link_tooltip(link), "color": LINK_COLORS.get(link.type, LINK_COLOR)}
        if with_captions:
            options["label"] = link_caption(link)
        if link.type == "CONTRADICTS":
            options["dashes"] = True
        if link.type == "DENIES":
            options.update(dashes=[2, 4], color=DENIAL_COLOR)
        elif getattr(link, "via", None) == "outlet":
            # an outlet's link to the actor often runs beside the claimant's: bend it so both stay visible
            options.update(
                dashes=True, color=OUTLET_BLAME_COLOR, smooth={"enabled": True, "type": "curvedCW", "roundness": 0.25}
            )
        claims = getattr(link, "claims", None)
        if isinstance(claims, int) and claims > 1:
            options["width"] = min(1 + claims, 8)
        net.add_edge(link.source, link.target, **options)
    return net


# -- claims page → graph ----------------------------------------------------------------------------------------


_CLAIM_FIELDS = {
    "id",
    "kind",
    "text",
    "topic",
    "date",
    "as_of",
    "value",
    "value_max",
    "qualifier",
    "victims",
    "claimant",
}


def claims_payload(page: Page[ClaimRow], params: dict[str, Any], cap: int) -> GraphPayload:
    """The claims network: claimants → claims → blamed actors, places and what the claims are about.

    Claims are added in the query's order with the nodes they bring, while the total stays under ``cap``;
    ``capped`` is set when a claim did not fit or the query matched more claims than the page holds.
    """
    nodes: dict[str, GraphNode] = {}
    links: list[GraphLink] = []
    capped = page.total > page.offset + len(page.items)
    for row in page.items:
        claim = GraphNode.model_validate(
            {
                **row.model_dump(include=_CLAIM_FIELDS),
                "label": "Claim",
                "name": row.text,
                "article_id": row.provenance.article_id,
                "article_title": row.provenance.article_title,
                "published": row.provenance.published,
                "sentence": row.provenance.sentence,
                "outlets": [outlet.name for outlet in row.provenance.outlets],
            }
        )
        ends: list[tuple[str, EntityRef, dict[str, Any]]] = [("CLAIMS", ref, {}) for ref in row.claimants]
        ends += [("BLAMES", ref, {}) for ref in row.blamed]
        ends += [("AT", ref, {}) for ref in row.places]
        ends += [("ABOUT", about, {"role": about.role}) for about in row.about]
        new = {row.id} | {ref.id for _, ref, _ in ends}
        if len(nodes) + len(new - nodes.keys()) > cap:
            capped = True
            break
        nodes[row.id] = claim
        for rel_type, ref, props in ends:
            nodes.setdefault(ref.id, GraphNode(id=ref.id, label=ref.label, name=ref.name))
            source, target = (ref.id, row.id) if rel_type == "CLAIMS" else (row.id, ref.id)
            links.append(GraphLink(source=source, target=target, type=rel_type, **props))
    return GraphPayload(
        query="claims",
        params=params,
        nodes=sorted(nodes.values(), key=lambda node: node.id),
        links=links,
        capped=capped,
        cap=cap,
    )


def one_link_per_pair(payload: GraphPayload) -> GraphPayload:
    """The blame payload with one link per (blamer, blamed) pair and kind: a claimant that is also the outlet
    reporting its claims is one link "via claimant and outlet", counting each claim once."""
    merged: dict[tuple[str, str, str], GraphLink] = {}
    for link in payload.links:
        key = (link.source, link.target, link.type)
        seen = merged.get(key)
        if seen is None:
            merged[key] = link
            continue
        claim_ids = sorted({*(getattr(seen, "claim_ids", None) or []), *(getattr(link, "claim_ids", None) or [])})
        vias = sorted({*str(getattr(seen, "via", "")).split(" and "), str(getattr(link, "via", ""))})
        merged[key] = seen.model_copy(
            update={"via": " and ".join(vias), "claims": len(claim_ids), "claim_ids": claim_ids}
        )
    return payload.model_copy(update={"links": list(merged.values())})


BLAME_LINKS_DRAWN = 40  # the blame view's default: more links than this on one screen is a hairball
BLAME_LINKS_MAX = 2000


def strongest_links(payload: GraphPayload, most: int) -> tuple[GraphPayload, int]:
    """The payload with only its ``most`` strongest blame links (most claims first; ties by ids, so the same graph
    draws the same way), the nodes they join and the denials between those nodes; with how many links were left
    out."""
    blames = [link for link in payload.links if link.type != "DENIES"]
    if len(blames) <= most:
        return payload, 0
    ranked = sorted(
        blames, key=lambda link: (-int(getattr(link, "claims", 1) or 1), link.type, link.source, link.target)
    )
    kept = ranked[:most]
    joined = {end for link in kept for end in (link.source, link.target)}
    denials = [
        link for link in payload.links if link.type == "DENIES" and link.source in joined and link.target in joined
    ]
    nodes = [node for node in payload.nodes if node.id in joined]
    left_out = len(payload.links) - len(kept) - len(denials)
    return payload.model_copy(update={"links": kept + denials, "nodes": nodes}), left_out


STATEMENT_GROUP_PREFIX = "statements-of/"
STATEMENTS_LISTED = 8  # statement texts a grouped node's tooltip lists


def group_statements(payload: GraphPayload) -> GraphPayload:
    """The payload with each speaker's statements (two or more) drawn as one node, "N statements by X".

    The group node keeps every link its statements had (reported by, about, at, contained in), once each with a
    count, and lists the first statements' texts; ``?statements=each`` draws them one by one.
    """
    nodes = {node.id: node for node in payload.nodes}
    spoken: dict[str, list[str]] = {}
    for link in payload.links:
        if link.type == "SAID" and nodes.get(link.target) and nodes[link.target].label == "Statement":
            spoken.setdefault(link.source, []).append(link.target)
    group_of: dict[str, str] = {}
    groups: list[GraphNode] = []
    for speaker, said in sorted(spoken.items()):
        said = [statement for statement in dict.fromkeys(said) if statement not in group_of]
        if len(said) < 2 or speaker not in nodes:
            continue
        group_id = f"{STATEMENT_GROUP_PREFIX}{speaker}"
        group_of.update(dict.fromkeys(said, group_id))
        texts = [nodes[statement].name for statement in said[:STATEMENTS_LISTED]]
        groups.append(
            GraphNode.model_validate(
                {
                    "id": group_id,
                    "label": "Statement",
                    "name": f"{len(said)} statements by {nodes[speaker].name}",
                    "kind": "grouped",
                    "speaker": nodes[speaker].name,
                    "speaker_id": speaker,
                    "grouped": len(said),
                    "text": " | ".join(texts) + (" | …" if len(said) > len(texts) else ""),
                }
            )
        )
    if not groups:
        return payload
    links: dict[tuple[str, str, str], GraphLink] = {}
    for link in payload.links:
        source, target = group_of.get(link.source, link.source), group_of.get(link.target, link.target)
        key = (source, target, link.type)
        seen = links.get(key)
        count = int(getattr(seen, "count", 1) or 1) + 1 if seen is not None else 1
        links[key] = link.model_copy(update={"source": source, "target": target, **({"count": count} if seen else {})})
    kept = [node for node in payload.nodes if node.id not in group_of]
    return payload.model_copy(update={"nodes": [*kept, *groups], "links": list(links.values())})


ADMIN_KINDS = ("governorate", "district", "subdistrict")  # named with their kind: "Hama governorate"
PLACE_CONTEXT_UP_TO = 150  # places looked up per view (one entity lookup per place and per ancestor, cached)
PLACE_LEVELS = 4  # neighbourhood → subdistrict → district → governorate


def place_context(store: Any, payload: GraphPayload) -> dict[str, str]:
    """Each place's kind and the governorate (else the place) it lies in, for its caption:
    ``{"location/…": "city, Hama governorate"}``. Two places called "Hama", or "Latakia" and "Lattakia", then read
    apart on the drawing."""
    known: dict[str, tuple[str, str | None, str | None]] = {}  # id → (name, kind, parent id)

    def lookup(place_id: str) -> tuple[str, str | None, str | None]:
        if place_id not in known:
            info = run_query(store, "entity_detail", {"id": place_id})
            entity = info.entity  # type: ignore[attr-defined]
            parent = next((r.other.id for r in info.relations if r.type == "LOCATED_IN" and r.direction == "out"), None)  # type: ignore[attr-defined]
            known[place_id] = (entity.name, getattr(entity, "kind", None), parent)
        return known[place_id]

    found: dict[str, str] = {}
    for node in [node for node in payload.nodes if node.label == "Location"][:PLACE_CONTEXT_UP_TO]:
        try:
            _, kind, parent = lookup(node.id)
            chain: list[tuple[str, str, str | None]] = []  # the places it lies in, nearest first: (id, name, kind)
            while parent is not None and len(chain) < PLACE_LEVELS:
                name, parent_kind, grandparent = lookup(parent)
                chain.append((parent, name, parent_kind))
                parent = grandparent
        except NotFoundError:
            continue
        governorate = next((item for item in chain if item[2] == "governorate"), None)
        where = governorate or (chain[0] if chain else None)
        parts = [kind] if kind else []
        if where is not None:
            parts.append(f"{where[1]} {where[2]}" if where[2] in ADMIN_KINDS else str(where[1]))
        if parts:
            found[node.id] = ", ".join(str(part) for part in parts)
    return found


def cap_payload(payload: GraphPayload, cap: int) -> GraphPayload:
    """The payload with at most ``cap`` nodes: focus nodes first, then in payload order; links between kept ones."""
    if len(payload.nodes) <= cap:
        return payload.model_copy(update={"cap": payload.cap or cap})
    order = sorted(payload.nodes, key=lambda node: node.id not in payload.focus)
    kept = {node.id for node in order[:cap]}
    return payload.model_copy(
        update={
            "nodes": [node for node in payload.nodes if node.id in kept],
            "links": [link for link in payload.links if link.source in kept and link.target in kept],
            "capped": True,
            "cap": cap,
        }
    )


# -- page rendering -----------------------------------------------------------------------------------------------


@cache
def _templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` escaped, so ``</script>`` cannot end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _href(base: str, path: str, **query: Any) -> str:
    params = {key: value for key, value in query.items() if value not in (None, "", [])}
    return f"{base}{path}" + (f"?{urlencode(params, doseq=True)}" if params else "")


def _quoted(node_id: str) -> str:
    return quote(node_id, safe="/~")


def node_links(node: GraphNode, base: str = "") -> list[tuple[str, str]]:
    """Where clicking a node leads: its JSON, its article, its own ego network."""
    speaker = getattr(node, "speaker_id", None)
    if node.id.startswith(STATEMENT_GROUP_PREFIX) and isinstance(speaker, str):
        return [("these statements (timeline JSON)", _href(base, "/timeline", entity=speaker, label="Statement"))]
    links: list[tuple[str, str]] = []
    if node.label in P.ENTITY_LABELS:
        links.append(("entity JSON", f"{base}/entities/{_quoted(node.id)}"))
    if node.label == "Outlet":
        links.append(("outlet profile JSON", f"{base}/outlets/{_quoted(node.id)}"))
    if node.label == "Location":
        links.append(("place report JSON", f"{base}/places/{_quoted(node.id)}"))
    if node.label == "Article":
        links.append(("article JSON (spans marked)", f"{base}/articles/{_quoted(node.id)}"))
    article_id = getattr(node, "article_id", None)
    if node.label in ("Claim", "Statement") and isinstance(article_id, str):
        links.append(("article JSON (spans marked)", f"{base}/articles/{_quoted(article_id)}"))
    links.append(("ego network view", f"{base}/view/entities/{_quoted(node.id)}"))
    return links


def _legend(payload: GraphPayload) -> list[dict[str, Any]]:
    """One entry per label, and per kind of claim: (label, kind, count, colour, shape), in schema order."""
    counts: dict[tuple[str, str | None], int] = {}
    for node in payload.nodes:
        kind = getattr(node, "kind", None)
        key = (node.label, kind if node.label == "Claim" and kind in CLAIM_STYLES else None)
        counts[key] = counts.get(key, 0) + 1
    rank = {label: number for number, label in enumerate(SCHEMA.nodes)}
    kinds = list(CLAIM_STYLES)
    order = sorted(counts, key=lambda key: (rank.get(key[0], len(rank)), key[0], kinds.index(key[1]) if key[1] else -1))
    return [
        {
            "label": label,
            "kind": kind,
            "count": counts[(label, kind)],
            "color": _style(label, kind).color,
            "shape": _style(label, kind).shape,
        }
        for label, kind in order
    ]


@dataclass
class FormField:
    """A filter input of a view's form."""

    name: str
    label: str
    value: Any = None
    kind: str = "text"  # text | number | date | select
    choices: tuple[str, ...] = ()
    placeholder: str = ""
    minimum: int | None = None
    maximum: int | None = None


def render_page(
    payload: GraphPayload,
    *,
    title: str,
    summary: str,
    fields: list[FormField],
    json_href: str | None,
    base: str = "",
    notice: str | None = None,
    inline_assets: bool = False,
    places: Mapping[str, str] | None = None,
) -> str:
    """The whole HTML page of a view; ``inline_assets`` makes a standalone file (vis-network inlined)."""
    return page_html(
        network_for(payload, base=base, places=places),
        title=title,
        summary=summary,
        fields=fields,
        json_href=json_href,
        notice=notice,
        inline_assets=inline_assets,
    )


def page_html(
    net: ViewNetwork,
    *,
    title: str,
    summary: str,
    fields: list[FormField] | None = None,
    json_href: str | None = None,
    notice: str | None = None,
    inline_assets: bool = False,
) -> str:
    """The page drawing ``net`` (its nodes, edges and options as they are now) with the payload's legend."""
    payload, base = net.payload, net.base
    outlets = _reported_by(payload)
    details = {
        node.id: {
            "name": node.name,
            "label": node.label,
            "facts": _node_facts(node, payload, outlets),
            "links": node_links(node, base),
        }
        for node in payload.nodes
    }
    data = {"nodes": net.nodes, "edges": net.edges, "options": net.options, "details": details}
    assets = {}
    if inline_assets:
        assets = {name: path.read_text(encoding="utf-8") for name, path in STATIC_FILES.items()}
    return (
        _templates()
        .get_template("view.html")
        .render(
            title=title,
            summary=summary,
            notice=notice,
            capped=bool(notice),
            fields=fields or [],
            legend=_legend(payload),
            json_href=json_href,
            base=base,
            data_json=script_json(data),
            assets=assets,
            node_count=len(net.nodes),
        )
    )


def capped_notice(payload: GraphPayload, cap: int, extra: str = "") -> str | None:
    """The visible warning of a capped view, or None."""
    if not payload.capped:
        return None
    return (
        f"Capped: this view shows {len(payload.nodes)} nodes, the first within the cap of {cap}{extra}. "
        f"Narrow the filters, or raise ?limit= (at most {VIEW_MAX_NODES})."
    )


# -- routes ---------------------------------------------------------------------------------------------------------

router = APIRouter(tags=["views"])


def _blank_is_none(value: Any) -> Any:
    # An empty form field arrives as ""; it means "no filter", not an invalid value.
    return None if isinstance(value, str) and not value.strip() else value


OptionalText = Annotated[Annotated[str, StringConstraints(max_length=500)] | None, BeforeValidator(_blank_is_none)]
OptionalDate = Annotated[date | None, BeforeValidator(_blank_is_none)]
Limit = Annotated[
    Annotated[int, Field(ge=1, le=VIEW_MAX_NODES)] | None,
    BeforeValidator(_blank_is_none),
    Query(
        description=f"Most nodes drawn (default CLAIMGRAPH_VIEW_NODE_CAP, 300; at most {VIEW_MAX_NODES}).",
    ),
]


def _base(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def _html(page: str) -> HTMLResponse:
    # The page runs only its own scripts: a stray injected <script> would be refused by the browser too. No other
    # site may frame it (clickjacking), and an injected <base> or <form> cannot send links or filters elsewhere.
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
    return HTMLResponse(page, headers={"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff"})


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
    base = _base(request)
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
        json_href=_href(base, f"/entities/{_quoted(id)}/neighbors", **{**wanted, "id": None}),
        base=base,
        places=place_context(store, payload),
        notice=capped_notice(payload, cap),
    )
    return _html(page)


@router.get("/view/claims", response_class=HTMLResponse, summary="Claims network: claimants, claims, blamed, places.")
def claims_view(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    kind: Annotated[P.ClaimKind | None, BeforeValidator(_blank_is_none), Query()] = None,
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
    base = _base(request)
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
        json_href=_href(base, "/claims", **{key: str(value) for key, value in active.items()}, limit=CLAIMS_PER_VIEW),
        base=base,
        places=place_context(store, payload),
        notice=notice,
    )
    return _html(page)


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
    base = _base(request)
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
        json_href=_href(base, "/blame", **{key: str(value) for key, value in wanted.items()}),
        base=base,
        places=place_context(store, payload),
        notice=capped_notice(payload, cap) or trimmed,
    )
    return _html(page)


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
    base = _base(request)
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
        json_href=_href(base, "/paths", **{**wanted, "types": wanted["types"]}),
        base=base,
        places=place_context(store, payload),
        notice=capped_notice(payload, cap),
    )
    return _html(page)


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> FileResponse:
    """The views' scripts and styles (vis-network from pyvis's own copy): a fixed list, no path is resolved."""
    path = STATIC_FILES.get(name)
    if path is None:
        raise NotFoundError(f"no static file {name!r}")
    return FileResponse(path, media_type=_MEDIA_TYPES[path.suffix], headers={"Cache-Control": "public, max-age=3600"})


# -- tables and charts: the toll chart and the links between claim groups --------------------------------------------

TOLLS_PER_CHART = 5000  # the tolls query's largest page
LOG_SCALE_SPREAD = 50
DAILY_TICKS_UP_TO = 45  # days on the x axis; over a longer span Plotly picks the ticks  # tolls further apart than this (2 soldiers beside 40,000 dead) are drawn on a log axis
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


def _render(template: str, **context: Any) -> str:
    return _templates().get_template(template).render(**context)


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
            _clip(row["sentence"] or "", HOVER_SENTENCE_CHARS),
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
    return f"{base}/articles/{_quoted(article_id)}"


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
    base = _base(request)
    for number, row in enumerate(rows):
        row.update(
            anchor=f"toll-{number}",
            toll=tables.toll_text(row["value"], row["value_max"], row["qualifier"]),
            article_href=_article_href(base, row["article_id"]),
        )
    chart = toll_chart(rows, chosen or "victims", joined=event != ANY_EVENT)
    claimants = len(chart["series"])
    disputed = sum(1 for row in rows if row["disputed"])
    json_href = _href(base, "/claims/tolls", victims=chosen or None, **{k: str(v) for k, v in active.items()})
    page = _render(
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
    return _html(page)


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
        BeforeValidator(_blank_is_none),
        Query(description="Which links (default: CONTRADICTS)."),
    ] = None,
    kind: Annotated[P.ClaimKind | None, BeforeValidator(_blank_is_none), Query()] = None,
    topic: Annotated[OptionalText, Query(description="Only this topic.")] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    """Claim groups and their CONTRADICTS / CORROBORATES / UPDATES links, with both sides' claims and sentences."""
    relation = relation or "CONTRADICTS"
    relations = list(P.GROUP_RELATIONS) if relation == "any" else [relation]
    wanted = {"relations": relations, "kind": kind, "topic": topic, "offset": offset, "limit": 50}
    page = run_query(store, "claim_links", {key: value for key, value in wanted.items() if value is not None})
    assert isinstance(page, Page)
    base = _base(request)
    links = [_link_card(item, base) for item in page.items if isinstance(item, Contradiction)]
    json_href = _href(base, "/claims/links", relations=relations, kind=kind, topic=topic, offset=offset or None)
    shown = f"{offset + 1}-{offset + len(links)} of {page.total}" if links else f"0 of {page.total}"
    more = page.total > offset + len(links)
    page_html_text = _render(
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
    return _html(page_html_text)


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
