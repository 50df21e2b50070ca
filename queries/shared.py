"""Code both stores share: turning raw rows into result models, and the traversal algorithms.

Each store fetches raw rows its own way (networkx on the embedded store, Cypher on Neo4j) in the same plain shape;
the functions here turn them into the result models and run the algorithms (breadth-first neighbourhood, bounded
shortest paths, centrality) over an adjacency function, so both stores give the same answer by construction.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from itertools import pairwise
from typing import Any

import networkx as nx
from rapidfuzz import fuzz, utils

from queries.models import (
    AboutRef,
    ActorEvidence,
    ArticleRow,
    ClaimRow,
    CountedRef,
    EntityCounts,
    EntityDetail,
    EntityHit,
    EntityRef,
    GraphLink,
    GraphNode,
    GraphPayload,
    KeyActor,
    KeyActors,
    Page,
    Provenance,
    Relation,
    Span,
    StatementRow,
    TimelineDay,
    TimelineItem,
    TollGroup,
    TollRow,
    TollTable,
)
from queries.params import BlameParams, NeighborParams, PathParams, SearchParams

# Neo4j's point.distance on WGS-84 points is a haversine on the equatorial radius; using the same sphere keeps
# both stores' distances in step.
EARTH_RADIUS_KM = 6378.137

# Properties too large for a network payload; the article endpoint serves the text.
_HEAVY = {"Article": ("text",)}

MAX_PLACE_DEPTH = 10  # village → … → country is 4-5 levels; the bound guards against a cycle in bad data

Adjacency = Callable[[list[str]], dict[str, set[str]]]
"""Given node ids, the ids of their neighbours (either direction, after the query's filters)."""


def node_dict(props: Mapping[str, Any]) -> dict[str, Any]:
    """A node in node-link form, as a plain dict: its properties (``id``, ``label`` among them) without heavy
    fields. Payloads take lists of these and validate them in one pass, several times faster than one model each."""
    drop = _HEAVY.get(props["label"], ())
    clean = {key: value for key, value in props.items() if value is not None and key not in drop}
    clean.setdefault("name", clean["id"])
    return clean


def graph_node(props: Mapping[str, Any]) -> GraphNode:
    """A node in node-link form from its stored properties, without heavy fields."""
    return GraphNode(**node_dict(props))


def graph_link(props: Mapping[str, Any]) -> GraphLink:
    """A relationship in node-link form from its stored properties."""
    return GraphLink(**{key: value for key, value in props.items() if value is not None})


def ref(raw: Mapping[str, Any]) -> EntityRef:
    return EntityRef(id=raw["id"], label=raw["label"], name=raw.get("name") or raw["id"])


def refs(raws: Iterable[Mapping[str, Any] | None]) -> list[EntityRef]:
    """Distinct references sorted by id (nulls from optional matches dropped)."""
    unique = {raw["id"]: raw for raw in raws if raw and raw.get("id")}
    return [ref(unique[key]) for key in sorted(unique)]


def effective_day(item: Mapping[str, Any], published: str | None) -> str | None:
    """The date a claim or statement is filed under: its own date, else its as-of date, else the article's."""
    return item.get("date") or item.get("as_of") or published or None


def claim_sort_key(day: str | None, claim_id: str) -> tuple[bool, str, str]:
    """Claims run by date (undated last), then id: ``ORDER BY day IS NULL, day, c.id`` in Cypher."""
    return (day is None, day or "", claim_id)


def sentence_of(text: Any, item: Mapping[str, Any]) -> str | None:
    """The sentence a claim or statement came from: its article's ``text`` between the item's sentence offsets
    (sentences are stored once per article); None when either is missing."""
    start, end = item.get("sentence_start"), item.get("sentence_end")
    if not isinstance(text, str) or not isinstance(start, int) or not isinstance(end, int):
        return None
    return text[start:end]


def provenance(
    item: Mapping[str, Any],
    article: Mapping[str, Any],
    outlets: Iterable[Mapping[str, Any]],
    sentence: str | None = None,
) -> Provenance:
    """Where a claim or statement comes from; ``sentence``: its sentence as the store read it from the article's
    text (a store loaded before sentences were stored once per article has it on the item)."""
    return Provenance(
        article_id=article["id"],
        article_title=article.get("name"),
        published=article.get("published"),
        url=article.get("url"),
        outlets=refs(outlets),
        sentence=sentence or item.get("sentence"),
        sentence_start=item.get("sentence_start"),
        sentence_end=item.get("sentence_end"),
        start=item.get("start", 0),
        end=item.get("end", 0),
    )


def claim_row(raw: Mapping[str, Any]) -> ClaimRow:
    """A ``ClaimRow`` from an evidence row (see ``EVIDENCE_ROW``)."""
    claim = raw["props"]
    about = {item["id"]: item for item in raw.get("about") or [] if item and item.get("id")}
    return ClaimRow(
        id=claim["id"],
        kind=claim.get("kind"),
        text=claim.get("text") or "",
        topic=claim.get("topic"),
        date=claim.get("date"),
        as_of=claim.get("as_of"),
        value=claim.get("value"),
        value_max=claim.get("value_max"),
        qualifier=claim.get("qualifier"),
        victims=claim.get("victims"),
        claimant=claim.get("claimant"),
        claimants=refs(raw.get("by") or []),
        blamed=refs(raw.get("blamed") or []),
        about=[
            AboutRef(id=key, label=about[key]["label"], name=about[key].get("name") or key, role=about[key].get("role"))
            for key in sorted(about)
        ],
        places=refs(raw.get("places") or []),
        groups=sorted({group for group in raw.get("groups") or [] if group}),
        provenance=provenance(claim, raw["article"], raw.get("outlets") or [], raw.get("sentence")),
    )


def statement_row(raw: Mapping[str, Any]) -> StatementRow:
    """A ``StatementRow`` from an evidence row."""
    statement = raw["props"]
    return StatementRow(
        id=statement["id"],
        kind=statement.get("kind"),
        text=statement.get("text") or "",
        date=statement.get("date"),
        speaker=statement.get("speaker"),
        speakers=refs(raw.get("by") or []),
        via=statement.get("via"),
        places=refs(raw.get("places") or []),
        provenance=provenance(statement, raw["article"], raw.get("outlets") or [], raw.get("sentence")),
    )


def timeline_item(raw: Mapping[str, Any]) -> TimelineItem:
    """A ``TimelineItem`` from an evidence row."""
    props = raw["props"]
    label = raw["label"]
    return TimelineItem(
        id=props["id"],
        label=label,
        kind=props.get("kind"),
        date=effective_day(props, raw["article"].get("published")) or "",
        text=props.get("text") or "",
        by=props.get("claimant") if label == "Claim" else props.get("speaker"),
        by_entities=refs(raw.get("by") or []),
        article_id=raw["article"]["id"],
    )


EVIDENCE_ROW = (
    "props",  # the claim's or statement's properties, id among them
    "label",  # Claim | Statement
    "article",  # the containing article's properties (without its text)
    "sentence",  # the sentence it came from: the article's text between its sentence_start and sentence_end
    "by",  # claimants or speakers (CLAIMS | SAID), as {id, label, name}
    "outlets",  # outlets that reported it (REPORTED)
    "blamed",  # BLAMES targets
    "about",  # ABOUT targets, with the relationship's role
    "places",  # AT targets
    "groups",  # ClaimGroup ids (IN_GROUP)
)
"""The plain shape both stores fetch claims and statements in (``evidence_rows.cypher`` on Neo4j)."""


def article_row(raw: Mapping[str, Any]) -> ArticleRow:
    """An ``ArticleRow`` from ``{"article", "outlets", "claims", "statements"}``."""
    article = raw["article"]
    return ArticleRow(
        id=article["id"],
        name=article.get("name") or article["id"],
        published=article.get("published"),
        url=article.get("url"),
        author=article.get("author"),
        language=article.get("language"),
        word_count=article.get("word_count"),
        outlets=refs(raw.get("outlets") or []),
        claims=raw.get("claims") or 0,
        statements=raw.get("statements") or 0,
    )


def toll_table(rows: Iterable[ClaimRow], total: int, disputed_groups: set[str]) -> TollTable:
    """Casualty claims grouped by victim category; within a group by as-of date, value and id. A row is
    ``disputed`` when its claim group CONTRADICTS another or is contradicted."""
    groups: dict[str, list[TollRow]] = {}
    for claim in rows:
        groups.setdefault(claim.victims or "unspecified", []).append(
            TollRow(
                claim_id=claim.id,
                value=claim.value,
                value_max=claim.value_max,
                qualifier=claim.qualifier,
                claimant=claim.claimant,
                claimants=claim.claimants,
                outlets=claim.provenance.outlets,
                as_of=claim.as_of,
                date=claim.date,
                topic=claim.topic,
                places=claim.places,
                article_id=claim.provenance.article_id,
                published=claim.provenance.published,
                sentence=claim.provenance.sentence,
                groups=claim.groups,
                disputed=not disputed_groups.isdisjoint(claim.groups),
            )
        )
    for table in groups.values():
        table.sort(
            key=lambda row: (
                effective_day(row.model_dump(), row.published) or "9999",
                row.value if row.value is not None else -1,
                row.claim_id,
            )
        )
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    shown = sum(len(rows) for _, rows in ordered)
    return TollTable(total=total, capped=shown < total, groups=[TollGroup(victims=v, rows=r) for v, r in ordered])


def counted(counter: Counter[str], info: Mapping[str, Mapping[str, Any]], limit: int) -> list[CountedRef]:
    """The ``limit`` most frequent, ties by id."""
    top = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [CountedRef(**ref(info[key]).model_dump(), count=count) for key, count in top]


def day_counts(items: Iterable[tuple[str, str]]) -> list[TimelineDay]:
    """Per-day counts of ``(date, label)`` pairs, by date."""
    counts: dict[str, Counter[str]] = {}
    for day, label in items:
        counts.setdefault(day, Counter())[label] += 1
    return [
        TimelineDay(date=day, claims=counts[day]["Claim"], statements=counts[day]["Statement"])
        for day in sorted(counts)
    ]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere, as Neo4j's ``point.distance`` computes it for WGS-84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# -- traversals ------------------------------------------------------------------------------------------------


def breadth_first(center: str, depth: int, cap: int, adjacency: Adjacency) -> tuple[list[str], bool]:
    """Nodes within ``depth`` hops of ``center``, ring by ring, each ring in id order, at most ``cap`` nodes.

    Returns the nodes (center first) and whether the cap cut the answer short. The order is what makes the
    cap deterministic: the same nodes are kept whichever store answers.
    """
    order = [center]
    seen = {center}
    frontier = [center]
    for _ in range(depth):
        if not frontier:
            break
        ring: set[str] = set()
        for neighbours in adjacency(frontier).values():
            ring.update(neighbours)
        ring -= seen
        room = cap - len(order)
        if len(ring) > room:
            order.extend(heapq.nsmallest(room, ring))  # a hub's ring can hold 100,000 ids: no full sort
            return order, True
        fresh = sorted(ring)
        order.extend(fresh)
        seen.update(fresh)
        frontier = fresh
    return order, False


def shortest_paths(source: str, target: str, k: int, max_length: int, adjacency: Adjacency) -> list[list[str]]:
    """Up to ``k`` shortest simple paths (undirected) of at most ``max_length`` hops, by length then by ids.

    For each length in turn, enumerates the simple paths of exactly that length depth-first, in id order, so
    they come out sorted. Distances from the target bound the search: they are known up to half the length
    (a ball around the target, grown only as far as needed, since balls around hubs are huge), and a step is
    taken only if the target can still be reached in the hops left: within the ball that is exact, outside it
    the node is known to lie further than the ball's radius.
    """
    dist = {target: 0}
    ring = [target]
    radius = 0
    adjacent: dict[str, set[str]] = {}

    def neighbours(nodes: list[str]) -> None:
        missing = [node for node in nodes if node not in adjacent]
        if missing:
            found = adjacency(missing)
            for node in missing:
                adjacent[node] = found.get(node, set())

    paths: list[list[str]] = []
    for length in range(1, max_length + 1):
        while radius < length // 2 and ring:
            neighbours(ring)
            nxt = set().union(*(adjacent[node] for node in ring)) - dist.keys()
            radius += 1
            dist.update(dict.fromkeys(nxt, radius))
            ring = list(nxt)
        if not ring:
            radius = max_length  # the target's component is exhausted: every distance is known
        stack: list[tuple[str, list[str]]] = [(source, [source])]
        while stack and len(paths) < k:
            node, path = stack.pop()
            left = length - len(path)  # hops left after the next step
            if left < 0:
                if node == target:
                    paths.append(path)
                continue
            neighbours([node])
            on_path = set(path)
            if left > radius:  # outside the ball: anything not yet known to be too far (nothing is)
                steps = sorted(n for n in adjacent[node] if n not in on_path and n != target)
            else:
                steps = sorted(
                    n
                    for n in adjacent[node]
                    if n not in on_path and dist.get(n, math.inf) <= left and (n != target or left == 0)
                )
            stack.extend((n, [*path, n]) for n in reversed(steps))
        if len(paths) >= k:
            break
    return paths


BETWEENNESS_CORE = 1000
BETWEENNESS_SAMPLES = 64


def _betweenness(graph: nx.Graph) -> dict[str, float]:
    """Betweenness centrality: exact on small actor graphs; on large ones, estimated on the core.

    Exact betweenness costs a search from every node; beyond ``BETWEENNESS_CORE`` actors it is computed among
    the most connected ones only, from ``BETWEENNESS_SAMPLES`` sources (fixed seed, so answers repeat), and the
    others score 0: they are leaves of the actor graph, rarely the brokers this metric looks for.
    """
    if graph.number_of_nodes() <= BETWEENNESS_CORE:
        return nx.betweenness_centrality(graph, normalized=True)
    strength = dict(graph.degree(weight="weight"))
    core = sorted(graph, key=lambda node: (-strength[node], node))[:BETWEENNESS_CORE]
    scores = dict.fromkeys(graph, 0.0)
    scores.update(nx.betweenness_centrality(graph.subgraph(core), k=BETWEENNESS_SAMPLES, seed=7, normalized=True))
    return scores


# How much each thing the articles say about an actor weighs in its evidence score: claims it makes and blame it
# receives are the substance of a conflict's reporting; being named is the weakest sign.
EVIDENCE_WEIGHTS: dict[str, int] = {
    "claims_made": 3,
    "blamed": 3,
    "claims_about": 2,
    "statements": 2,
    "articles": 1,
    "published": 1,
}
GRAPH_METRICS = {
    "pagerank": "pagerank over the actor graph",
    "degree": "weighted degree in the actor graph",
    "betweenness": "betweenness in the actor graph",
}


def ranked_by(metric: str) -> str:
    """What a key-actors score means, in words."""
    if metric == "evidence":
        terms = " + ".join(f"{weight}×{name.replace('_', ' ')}" for name, weight in EVIDENCE_WEIGHTS.items())
        return (
            f"evidence: {terms} (claims made: those the text attributes to the actor, not a publisher's own "
            "unattributed figures; articles: those naming the actor)"
        )
    return (
        f"{GRAPH_METRICS[metric]} (links: gazetteer roles between named actors, and claimant to the actors its claims "
        "blame or are about); only actors the articles name"
    )


def evidence_score(evidence: ActorEvidence) -> float:
    """The evidence score: the weighted sum of what the articles say about the actor."""
    return float(sum(getattr(evidence, name) * weight for name, weight in EVIDENCE_WEIGHTS.items()))


def key_actors(
    edges: Iterable[tuple[str, str, int]],
    evidence: Mapping[str, ActorEvidence],
    info: Mapping[str, Mapping[str, Any]],
    metric: str,
    limit: int,
    label: str | None,
) -> KeyActors:
    """Actors ranked by what the articles say about them (``evidence``) or by centrality over the undirected,
    weighted actor graph (weights: how many links join two actors). Only actors with evidence are ranked: a
    node no article names (a gazetteer reference) never is."""
    graph = nx.Graph()
    for source, target, weight in edges:
        if source == target or source not in evidence or target not in evidence:
            continue
        if graph.has_edge(source, target):
            graph[source][target]["weight"] += weight
        else:
            graph.add_edge(source, target, weight=weight)
    if metric == "evidence":
        scores: dict[str, float] = {node: evidence_score(counts) for node, counts in evidence.items()}
    elif graph.number_of_nodes() == 0:
        scores = {}
    elif metric == "pagerank":
        scores = nx.pagerank(graph, weight="weight")
    elif metric == "betweenness":
        scores = _betweenness(graph)
    else:
        scores = {node: float(degree) for node, degree in graph.degree(weight="weight")}
    ranked = sorted(
        (node for node in scores if label is None or info[node]["label"] == label),
        key=lambda node: (-round(scores[node], 9), -evidence[node].articles, node),
    )
    return KeyActors(
        metric=metric,
        ranked_by=ranked_by(metric),
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        actors=[
            KeyActor(
                **ref(info[node]).model_dump(),
                score=round(scores[node], 6),
                degree=graph.degree(node) if node in graph else 0,
                evidence=evidence[node],
            )
            for node in ranked[:limit]
        ],
    )


# -- small shared answers ----------------------------------------------------------------------------------------


def match_score(query: str, spellings: Iterable[str]) -> tuple[float, str]:
    """How well a search text matches an entity's name and aliases (rapidfuzz WRatio, 0-100) and which matched."""
    processed = utils.default_process(query)
    best = (0.0, "")
    for spelling in spellings:
        if spelling:
            score = fuzz.WRatio(processed, utils.default_process(spelling), processor=None)
            if score > best[0]:
                best = (score, spelling)
    return best


def rank_hits(
    scored: Mapping[str, tuple[float, str]], p: SearchParams, props_of: Callable[[str], Mapping[str, Any]]
) -> Page[EntityHit]:
    """Search hits by score, then id; ``scored`` maps an id to (score, matched spelling)."""
    ranked = sorted(scored, key=lambda node: (-round(scored[node][0], 6), node))
    hits = []
    for node in ranked[p.offset : p.offset + p.limit]:
        score, matched = scored[node]
        props = props_of(node)
        hits.append(
            EntityHit(
                **ref(props).model_dump(),
                score=round(score, 2),
                matched=matched,
                aliases=list(props.get("aliases") or []),
                provisional=bool(props.get("provisional")),
            )
        )
    return Page[EntityHit](total=len(ranked), limit=p.limit, offset=p.offset, items=hits)


def spans(text: str, raw: Iterable[Mapping[str, Any]]) -> list[Span]:
    """Spans ``{kind, id, label, name, start, end}`` that fall inside the text, by position."""
    found = []
    for item in raw:
        start, end = item.get("start"), item.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(text):
            continue
        found.append(
            Span(
                kind=item["kind"],
                id=item["id"],
                label=item["label"],
                name=item.get("name") or item["id"],
                start=start,
                end=end,
                text=text[start:end],
            )
        )
    found.sort(key=lambda span: (span.start, span.end, span.kind, span.id))
    return found


BLAME_CLAIM_IDS = 20  # per link, the first claim ids (by id); `claims` counts them all


def in_dates(day: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Whether a claim's day is in the range (an undated claim is in no range)."""
    if date_from is None and date_to is None:
        return True
    return day is not None and (date_from is None or day >= date_from) and (date_to is None or day <= date_to)


def rank_blame(edges: Mapping[tuple[str, str, str], Iterable[str]]) -> list[tuple[tuple[str, str, str], list[str]]]:
    """``(blamer, blamed, via) -> claim ids`` as a list, strongest first (most distinct claims), then by key."""
    unique = {key: sorted(set(claim_ids)) for key, claim_ids in edges.items()}
    return sorted(unique.items(), key=lambda item: (-len(item[1]), item[0]))


def blame_payload(
    p: BlameParams,
    ranked: Iterable[tuple[tuple[str, str, str], list[str]]],
    props: Callable[[str], Mapping[str, Any]],
) -> GraphPayload:
    """The blame network: links taken strongest first (see ``rank_blame``) until one would pass the node cap."""
    kept: set[str] = set()
    links = []
    capped = False
    for (source, target, via), claim_ids in ranked:
        new = {source, target} - kept
        if len(kept) + len(new) > p.cap:
            capped = True
            break
        kept |= new
        links.append(
            {
                "source": source,
                "target": target,
                "type": "DENIES" if via == "denial" else "BLAMES",
                "via": via,
                "claims": len(claim_ids),
                "claim_ids": claim_ids,
            }
        )
    return GraphPayload.model_validate(
        {
            "query": "blame",
            "params": p.cypher_parameters(),
            "nodes": [node_dict(props(node)) for node in sorted(kept)],
            "links": links,
            "focus": [node for node in (p.actor, p.blamer) if node],
            "capped": capped,
            "cap": p.cap,
        }
    )


def ancestors(hops: Mapping[str, int], info: Mapping[str, Mapping[str, Any]]) -> list[EntityRef]:
    """Places a place lies in, nearest first, then by id."""
    return [ref(info[node]) for node in sorted(hops, key=lambda node: (hops[node], node))]


def outlet_counts(
    reported: Iterable[tuple[str, str | None]],
    quotes: Iterable[str],
    claimants: Iterable[str],
    blames: Iterable[str],
    info: Mapping[str, Mapping[str, Any]],
    limit: int,
) -> dict[str, Any]:
    """The counted parts of an outlet profile, from (label, kind) of each reported item and the entity ids met."""
    return {
        "reported": dict(
            sorted(Counter(f"{label.lower()}:{kind or 'unspecified'}" for label, kind in reported).items())
        ),
        "quotes": counted(Counter(quotes), info, limit),
        "claimants": counted(Counter(claimants), info, limit),
        "blames": counted(Counter(blames), info, limit),
    }


RELATION_CAP = 200


def entity_detail(
    props: Mapping[str, Any], counts: Mapping[str, int], relations: Iterable[Mapping[str, Any]]
) -> EntityDetail:
    """An entity with its counts and its relations to other actors and places (by type, direction, id; capped)."""
    ordered = sorted(relations, key=lambda rel: (rel["type"], rel["direction"], rel["other"]["id"]))
    return EntityDetail(
        entity=graph_node(props),
        counts=EntityCounts(**counts),
        relations=[
            Relation(type=rel["type"], direction=rel["direction"], other=ref(rel["other"]))
            for rel in ordered[:RELATION_CAP]
        ],
        relations_total=len(ordered),
    )


def neighbors_payload(p: NeighborParams, nodes: list[Any], links: list[Any], capped: bool) -> GraphPayload:
    """A neighbourhood as node-link JSON around its focus node, saying whether the cap cut it."""
    return GraphPayload(
        query="neighbors",
        params=p.cypher_parameters(),
        nodes=nodes,
        links=links,
        focus=[p.id],
        capped=capped,
        cap=p.cap,
    )


def path_payload(p: PathParams, found: list[list[str]], nodes: list[Any], links: list[Any]) -> GraphPayload:
    """The paths as a subgraph: the nodes on them and only the links that join consecutive nodes of a path."""
    steps = {frozenset(pair) for path in found for pair in pairwise(path)}
    payload = GraphPayload.model_validate(
        {"query": "paths", "params": p.cypher_parameters(), "nodes": nodes, "links": links}
    )
    return GraphPayload(
        query="paths",
        params=p.cypher_parameters(),
        nodes=payload.nodes,
        links=[link for link in payload.links if frozenset((link.source, link.target)) in steps],
        focus=[p.source, p.target],
        paths=found,
        capped=False,
        cap=None,
    )
