"""Payloads made readable before they are drawn: the claims page as a graph, one blame link per pair, the strongest
blame links, each speaker's statements as one node, places' kind and parent, and the node cap."""

from __future__ import annotations

from typing import Any

from graph.errors import NotFoundError
from graph.store import GraphStore
from loaders.judgements import Curation, judgements_by_node
from queries.models import ClaimRow, EntityRef, GraphLink, GraphNode, GraphPayload, Page
from queries.registry import run_query

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


def judgement_notes(store: GraphStore, payload: GraphPayload) -> dict[str, list[str]]:
    """What analysts decided about the payload's nodes, one line a judgement ("rename by ana, 2026-03-02: typo"),
    for the details panel; nothing to read when the store holds no judgement."""
    curation = Curation.of(store)  # the judgements, read once
    if curation.empty:
        return {}
    audits = judgements_by_node(curation, store.get_nodes([node.id for node in payload.nodes]))
    return {
        node_id: [
            f"{audit['action'].replace('_', ' ')} by {audit['who']}, {str(audit['when'])[:10]}"
            + (f": {audit['why']}" if audit["why"] else "")
            for audit in found
        ]
        for node_id, found in audits.items()
    }
