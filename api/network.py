"""Payloads drawn as networks: a query's nodes and links as a pyvis ``Network`` (vis-network), each label in its own
colour and shape, with captions, tooltips and layout options; ``network_for`` is also what a notebook calls.

Tooltips are plain text (``views.js`` wraps them in elements itself, so vis-network never parses them as HTML)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pyvis.network import Network

from api.pages import STATIC_FILES, VIEW_MAX_NODES, FormField, href, quoted_id, script_json, templates
from api.view_payloads import STATEMENT_GROUP_PREFIX
from api.view_styles import (
    CLAIM_STYLES,
    DENIAL_COLOR,
    FOCUS_BORDER,
    LINK_COLOR,
    LINK_COLORS,
    OUTLET_BLAME_COLOR,
    style_of,
)
from graph.schema import SCHEMA
from queries import params as P
from queries.models import GraphLink, GraphNode, GraphPayload

EDGE_LABELS_UP_TO = 60  # more edge captions than this only clutter the drawing
TIP_FIELD_CHARS = 400


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


def clip(text: Any, limit: int) -> str:
    """Text on one line, cut to ``limit`` characters with an ellipsis."""
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
    lines = [clip(node.name, 120), f"{node.label} · {node.id}"]
    lines += [f"{field.replace('_', ' ')}: {clip(value, TIP_FIELD_CHARS)}" for field, value in facts]
    return "\n".join(lines)


def link_tooltip(link: GraphLink) -> str:
    """Plain text: the relationship type and its properties."""
    props = link.model_dump()
    lines = [f"{link.type}  {link.source} → {link.target}"]
    lines += [f"{field}: {clip(_value_text(props[field]), 200)}" for field in LINK_TIP_FIELDS if props.get(field)]
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
        return f"{clip(name, 30)} ({places[node.id]})"
    return clip(name, 40)


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
        style = style_of(node.label, getattr(node, "kind", None))
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


def node_links(node: GraphNode, base: str = "") -> list[tuple[str, str]]:
    """Where clicking a node leads: its JSON, its article, its own ego network."""
    speaker = getattr(node, "speaker_id", None)
    if node.id.startswith(STATEMENT_GROUP_PREFIX) and isinstance(speaker, str):
        return [("these statements (timeline JSON)", href(base, "/timeline", entity=speaker, label="Statement"))]
    links: list[tuple[str, str]] = []
    if node.label in P.ENTITY_LABELS:
        links.append(("entity JSON", f"{base}/entities/{quoted_id(node.id)}"))
    if node.label == "Outlet":
        links.append(("outlet profile JSON", f"{base}/outlets/{quoted_id(node.id)}"))
    if node.label == "Location":
        links.append(("place report JSON", f"{base}/places/{quoted_id(node.id)}"))
    if node.label == "Article":
        links.append(("article JSON (spans marked)", f"{base}/articles/{quoted_id(node.id)}"))
    article_id = getattr(node, "article_id", None)
    if node.label in ("Claim", "Statement") and isinstance(article_id, str):
        links.append(("article JSON (spans marked)", f"{base}/articles/{quoted_id(article_id)}"))
    links.append(("ego network view", f"{base}/view/entities/{quoted_id(node.id)}"))
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
            "color": style_of(label, kind).color,
            "shape": style_of(label, kind).shape,
        }
        for label, kind in order
    ]


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
    judged: Mapping[str, list[str]] | None = None,
) -> str:
    """The whole HTML page of a view; ``inline_assets`` makes a standalone file (vis-network inlined); ``judged``:
    each node's judgements, one line each, shown in its details."""
    return page_html(
        network_for(payload, base=base, places=places),
        title=title,
        summary=summary,
        fields=fields,
        json_href=json_href,
        notice=notice,
        inline_assets=inline_assets,
        judged=judged,
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
    judged: Mapping[str, list[str]] | None = None,
) -> str:
    """The page drawing ``net`` (its nodes, edges and options as they are now) with the payload's legend."""
    payload, base = net.payload, net.base
    outlets = _reported_by(payload)
    judged = judged or {}
    details = {
        node.id: {
            "name": node.name,
            "label": node.label,
            "facts": _node_facts(node, payload, outlets) + [("judgement", line) for line in judged.get(node.id, [])],
            "links": node_links(node, base),
        }
        for node in payload.nodes
    }
    data = {"nodes": net.nodes, "edges": net.edges, "options": net.options, "details": details}
    assets = {}
    if inline_assets:
        assets = {name: path.read_text(encoding="utf-8") for name, path in STATIC_FILES.items()}
    return (
        templates()
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


# -- what every page route shares -----------------------------------------------------------------------------------
