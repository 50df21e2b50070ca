"""The named queries on Neo4j: the ``.cypher`` files under ``queries/cypher/``, run in read transactions.

Cypher selects, filters, orders and pages; rows come back in the same plain shapes the embedded store builds,
and ``queries.shared`` turns them into the result models, so both stores answer alike. Traversals (neighbourhood,
paths) expand ring by ring with ``expand.cypher`` under the same Python algorithm as the embedded store, and key
actors run the same networkx code over the actor graph fetched with Cypher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any, Protocol

from graph.errors import NotFoundError, QueryError
from queries import params as P
from queries import shared
from queries.models import (
    ActorEvidence,
    ArticleDetail,
    ArticleRow,
    ClaimRow,
    Contradiction,
    EntityDetail,
    EntityHit,
    GraphLink,
    GraphNode,
    GraphPayload,
    GroupSide,
    KeyActors,
    NearPlace,
    OutletProfile,
    Page,
    PlaceReport,
    PlacesNear,
    Timeline,
    TollTable,
)

SEARCH_CANDIDATES = 200
_PARAM_LINE = re.compile(r"^//\s*:param\s+(\w+)\s*=>", re.MULTILINE)
_PARAM_USE = re.compile(r"\$(\w+)")
_WORD = re.compile(r"\w+")


class CypherReader(Protocol):
    """What the queries need from the Neo4j store."""

    def read(
        self,
        query: str,
        parameters: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        row_cap: int | None = None,
    ) -> list[dict[str, Any]]: ...

    def node_labels(self, ids: Iterable[str]) -> dict[str, str]: ...


@cache
def cypher_text(name: str) -> str:
    """The text of ``queries/cypher/<name>.cypher``."""
    return resources.files("queries").joinpath("cypher", f"{name}.cypher").read_text(encoding="utf-8")


@cache
def cypher_parameters(name: str) -> frozenset[str]:
    """The parameters a ``.cypher`` file declares in its ``// :param name => …`` header lines."""
    return frozenset(_PARAM_LINE.findall(cypher_text(name)))


def body_parameters(name: str) -> frozenset[str]:
    """The parameters a ``.cypher`` file's statement uses (``$name`` outside the header comments)."""
    body = "\n".join(line for line in cypher_text(name).splitlines() if not line.lstrip().startswith("//"))
    return frozenset(_PARAM_USE.findall(body))


def _run(store: CypherReader, name: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
    declared = cypher_parameters(name)
    if set(parameters) != declared:
        # a programming error, caught here rather than as a server-side "missing parameter"
        raise QueryError(f"{name}.cypher takes {sorted(declared)}, was given {sorted(parameters)}")
    return store.read(cypher_text(name), parameters)


def _one(store: CypherReader, name: str, parameters: dict[str, Any]) -> dict[str, Any] | None:
    rows = _run(store, name, parameters)
    return rows[0] if rows else None


def _evidence(store: CypherReader, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    return {row["props"]["id"]: row for row in _run(store, "evidence_rows", {"ids": ids})}


def _claim_rows(store: CypherReader, ids: list[str]) -> list[ClaimRow]:
    rows = _evidence(store, ids)
    return [shared.claim_row(rows[claim]) for claim in ids if claim in rows]


def _claim_order(row: ClaimRow) -> tuple[bool, str, str]:
    day = shared.effective_day(row.model_dump(), row.provenance.published)
    return shared.claim_sort_key(day, row.id)


def _dates(p: P.DateRange) -> dict[str, str | None]:
    return {
        "date_from": p.date_from.isoformat() if p.date_from else None,
        "date_to": p.date_to.isoformat() if p.date_to else None,
    }


def _adjacency(store: CypherReader, types: list[str], labels: list[str]) -> shared.Adjacency:
    def adjacency(nodes: list[str]) -> dict[str, set[str]]:
        rows = _run(store, "expand", {"ids": nodes, "types": types, "labels": labels})
        return {row["id"]: set(row["neighbours"]) for row in rows}

    return adjacency


def _subgraph(store: CypherReader, ids: Iterable[str], types: list[str]) -> tuple[list[GraphNode], list[GraphLink]]:
    row = _one(store, "subgraph", {"ids": sorted(set(ids)), "types": types}) or {"nodes": [], "links": []}
    nodes = sorted((shared.graph_node(node) for node in row["nodes"]), key=lambda node: node.id)
    links = sorted(
        (shared.graph_link(link) for link in row["links"]), key=lambda link: (link.source, link.type, link.target)
    )
    return nodes, links


def _require(store: CypherReader, node_id: str) -> None:
    if not store.node_labels([node_id]):
        raise NotFoundError(f"no node with id {node_id!r}")


# -- the queries ----------------------------------------------------------------------------------------------


def search_entities(store: CypherReader, p: P.SearchParams) -> Page[EntityHit]:
    words = _WORD.findall(p.q.lower())
    scored: dict[str, tuple[float, str]] = {}
    entities: dict[str, dict[str, Any]] = {}
    if words:
        # fuzzy terms for the full-text index; \w+ words carry no Lucene syntax, so nothing needs escaping
        lucene = " ".join(f"{word}~" if len(word) > 2 else word for word in words)
        label = str(p.label) if p.label else None
        for row in _run(store, "search_entities", {"lucene": lucene, "label": label, "candidates": SEARCH_CANDIDATES}):
            entity = row["entity"]
            spellings = dict.fromkeys([entity.get("name") or entity["id"], *(entity.get("aliases") or [])])
            score, matched = shared.match_score(p.q, spellings)
            if score >= p.min_score:
                scored[entity["id"]] = (score, matched)
                entities[entity["id"]] = entity
    return shared.rank_hits(scored, p, entities.__getitem__)


def entity_detail(store: CypherReader, p: P.EntityParams) -> EntityDetail:
    row = _one(store, "entity_detail", {"id": p.id, "entity_labels": list(P.ENTITY_LABELS)})
    if row is None:
        raise NotFoundError(f"no entity with id {p.id!r}")
    counts = {key: row[key] for key in ("articles", "mentions", "claims_made", "claims_about", "statements")}
    return shared.entity_detail(row["entity"], counts, row["relations"])


def neighbors(store: CypherReader, p: P.NeighborParams) -> GraphPayload:
    _require(store, p.id)
    types = [str(t) for t in p.types]
    adjacency = _adjacency(store, types, [str(label) for label in p.labels])
    ids, capped = shared.breadth_first(p.id, p.depth, p.cap, adjacency)
    nodes, links = _subgraph(store, ids, types)
    return shared.neighbors_payload(p, nodes, links, capped)


def paths(store: CypherReader, p: P.PathParams) -> GraphPayload:
    _require(store, p.source)
    _require(store, p.target)
    types = [str(t) for t in p.types]
    found = shared.shortest_paths(p.source, p.target, p.k, p.max_length, _adjacency(store, types, []))
    nodes, links = _subgraph(store, {p.source, p.target, *(node for path in found for node in path)}, types)
    return shared.path_payload(p, found, nodes, links)


def claims(store: CypherReader, p: P.ClaimParams) -> Page[ClaimRow]:
    row = _one(
        store,
        "claims",
        {
            "kind": p.kind,
            "claimant": p.claimant,
            "outlet": p.outlet,
            "place": p.place,
            "actor": p.actor,
            **_dates(p),
            "offset": p.offset,
            "limit": p.limit,
        },
    ) or {"total": 0, "page": []}
    rows = _claim_rows(store, [hit["id"] for hit in row["page"]])
    return Page[ClaimRow](total=row["total"], limit=p.limit, offset=p.offset, items=rows)


def tolls(store: CypherReader, p: P.TollParams) -> TollTable:
    row = _one(
        store,
        "tolls",
        {"victims": p.victims, "claimant": p.claimant, "place": p.place, **_dates(p), "limit": p.limit},
    ) or {"total": 0, "page": []}
    rows = _claim_rows(store, [hit["id"] for hit in row["page"]])
    groups = sorted({group for claim in rows for group in claim.groups})
    disputed = {hit["id"] for hit in _run(store, "disputed_groups", {"ids": groups})} if groups else set()
    return shared.toll_table(rows, row["total"], disputed)


def contradictions(store: CypherReader, p: P.ContradictionParams) -> Page[Contradiction]:
    row = _one(store, "contradictions", {"topic": p.topic, "kind": p.kind, "offset": p.offset, "limit": p.limit}) or {
        "total": 0,
        "page": [],
    }
    wanted = sorted({claim for pair in row["page"] for side in ("left", "right") for claim in pair[f"{side}_claims"]})
    rows = {claim.id: claim for claim in _claim_rows(store, wanted)}

    def side(pair: dict[str, Any], which: str) -> GroupSide:
        members = sorted((rows[c] for c in set(pair[f"{which}_claims"]) if c in rows), key=_claim_order)
        return GroupSide(group=shared.graph_node(pair[which]), claims=members)

    items = [
        Contradiction(
            topic=pair["left"].get("topic"),
            kind=pair["left"].get("kind"),
            reason=pair.get("reason"),
            left=side(pair, "left"),
            right=side(pair, "right"),
        )
        for pair in row["page"]
    ]
    return Page[Contradiction](total=row["total"], limit=p.limit, offset=p.offset, items=items)


def claim_links(store: CypherReader, p: P.ClaimLinkParams) -> Page[Contradiction]:
    row = _one(
        store,
        "claim_links",
        {"topic": p.topic, "kind": p.kind, "relations": list(p.relations), "offset": p.offset, "limit": p.limit},
    ) or {"total": 0, "page": []}
    wanted = sorted({claim for pair in row["page"] for side in ("left", "right") for claim in pair[f"{side}_claims"]})
    rows = {claim.id: claim for claim in _claim_rows(store, wanted)}

    def side(pair: dict[str, Any], which: str) -> GroupSide:
        members = sorted((rows[c] for c in set(pair[f"{which}_claims"]) if c in rows), key=_claim_order)
        return GroupSide(group=shared.graph_node(pair[which]), claims=members)

    items = [
        Contradiction(
            relation=pair["relation"],
            topic=pair["left"].get("topic"),
            kind=pair["left"].get("kind"),
            reason=pair.get("reason"),
            left=side(pair, "left"),
            right=side(pair, "right"),
        )
        for pair in row["page"]
    ]
    return Page[Contradiction](total=row["total"], limit=p.limit, offset=p.offset, items=items)


def blame(store: CypherReader, p: P.BlameParams) -> GraphPayload:
    edges: dict[tuple[str, str, str], list[str]] = {}
    props: dict[str, dict[str, Any]] = {}
    wanted = {"actor": p.actor, "blamer": p.blamer, **_dates(p)}
    rows = _run(store, "blame", {"via": p.via, **wanted})
    if p.denials and p.via != "outlet":
        rows += _run(store, "denials", {**wanted, "actor_labels": list(P.ACTOR_LABELS)})
    for row in rows:
        source, target = row["source"], row["target"]
        props[source["id"]] = source
        props[target["id"]] = target
        edges.setdefault((source["id"], target["id"], row["via"]), []).extend(row["claim_ids"])
    return shared.blame_payload(p, shared.rank_blame(edges), props.__getitem__)


def outlet_profile(store: CypherReader, p: P.OutletParams) -> OutletProfile:
    row = _one(store, "outlet_profile", {"id": p.id})
    if row is None:
        raise NotFoundError(f"no outlet with id {p.id!r}")
    info = {item["id"]: item for key in ("quotes", "claimants", "blames") for item in row[key]}
    recent = articles(store, P.ArticlesParams(outlet=p.id, limit=p.limit)).items
    return OutletProfile(
        outlet=shared.graph_node(row["outlet"]),
        articles=row["articles"],
        recent_articles=recent,
        **shared.outlet_counts(
            ((item["label"], item.get("kind")) for item in row["reported"]),
            (item["id"] for item in row["quotes"]),
            (item["id"] for item in row["claimants"]),
            (item["id"] for item in row["blames"]),
            info,
            p.limit,
        ),
    )


def place_report(store: CypherReader, p: P.PlaceParams) -> PlaceReport:
    row = _one(store, "place_report", {"id": p.id, "limit": p.limit})
    if row is None:
        raise NotFoundError(f"no place with id {p.id!r}")
    parents = {parent["id"]: parent for parent in row["parents"]}
    statements = _evidence(store, row["statement_ids"])
    return PlaceReport(
        place=shared.graph_node(row["place"]),
        parents=shared.ancestors({key: parent["hops"] for key, parent in parents.items()}, parents),
        inside=row["inside"],
        claims=claims(store, P.ClaimParams(place=p.id, limit=p.limit, offset=p.offset)),
        statements=[shared.statement_row(statements[s]) for s in row["statement_ids"] if s in statements],
        statements_total=row["statements_total"],
    )


def places_near(store: CypherReader, p: P.NearParams) -> PlacesNear:
    row = _one(store, "places_near", {"lat": p.lat, "lon": p.lon, "radius_km": p.radius_km, "limit": p.limit}) or {
        "total": 0,
        "places": [],
    }
    places = [
        NearPlace(
            **shared.ref(item["place"]).model_dump(),
            kind=item["place"].get("kind"),
            lat=item["place"]["lat"],
            lon=item["place"]["lon"],
            distance_km=item["km"],
            claims=item["claims"],
            statements=item["statements"],
        )
        for item in row["places"]
    ]
    return PlacesNear(lat=p.lat, lon=p.lon, radius_km=p.radius_km, total=row["total"], places=places)


def timeline(store: CypherReader, p: P.TimelineParams) -> Timeline:
    row = _one(
        store,
        "timeline",
        {"label": p.label, "entity": p.entity, **_dates(p), "offset": p.offset, "limit": p.limit},
    ) or {"total": 0, "days": [], "ids": []}
    evidence = _evidence(store, row["ids"])
    items = [shared.timeline_item(evidence[node]) for node in row["ids"] if node in evidence]
    days = shared.day_counts((day, label) for day, label in row["days"])
    return Timeline(total=row["total"], limit=p.limit, offset=p.offset, days=days, items=items)


def key_actors(store: CypherReader, p: P.KeyActorParams) -> KeyActors:
    labels = {"actor_labels": list(P.ACTOR_LABELS)}
    info: dict[str, dict[str, Any]] = {}
    evidence: dict[str, ActorEvidence] = {}
    for row in _run(store, "actor_evidence", labels):
        info[row["actor"]["id"]] = row["actor"]
        evidence[row["actor"]["id"]] = ActorEvidence(**{key: row[key] for key in ActorEvidence.model_fields})
    edges = sorted(
        (row["source"]["id"], row["target"]["id"], row["weight"]) for row in _run(store, "key_actors", labels)
    )
    return shared.key_actors(edges, evidence, info, p.metric, p.limit, str(p.label) if p.label else None)


def _article_rows(store: CypherReader, ids: list[str]) -> list[ArticleRow]:
    if not ids:
        return []
    rows = {row["article"]["id"]: shared.article_row(row) for row in _run(store, "article_rows", {"ids": ids})}
    return [rows[article] for article in ids if article in rows]


def articles(store: CypherReader, p: P.ArticlesParams) -> Page[ArticleRow]:
    row = _one(
        store,
        "articles",
        {
            "outlet": p.outlet,
            **_dates(p),
            "words": p.q.lower().split() if p.q else [],
            "offset": p.offset,
            "limit": p.limit,
        },
    ) or {"total": 0, "ids": []}
    return Page[ArticleRow](total=row["total"], limit=p.limit, offset=p.offset, items=_article_rows(store, row["ids"]))


def article_detail(store: CypherReader, p: P.ArticleParams) -> ArticleDetail:
    row = _one(store, "article_detail", {"id": p.id})
    if row is None:
        raise NotFoundError(f"no article with id {p.id!r}")
    text = row["text"] or ""
    return ArticleDetail(article=_article_rows(store, [p.id])[0], text=text, spans=shared.spans(text, row["spans"]))
