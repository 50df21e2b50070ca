"""The named queries on the embedded store, in Python over its networkx graph.

Indexes that would cost a scan of every claim on each request are built once, lazily: those over claims and
statements (by kind, claimant, place…, the timeline) are then updated by each write (``queries.embedded_index``);
the others (search choices, claim groups, the actor graph) are dropped when a write changes what they read.
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any, ClassVar

import networkx as nx
from rapidfuzz import fuzz, process, utils

from graph.embedded import EmbeddedStore, GraphChanges
from graph.errors import NotFoundError
from queries import params as P
from queries import shared
from queries.embedded_index import EVIDENCE_DEPENDS, IncrementalIndex, freeze_long_lived
from queries.models import (
    ActorEvidence,
    ArticleDetail,
    ArticleRow,
    ClaimRow,
    Contradiction,
    EntityDetail,
    EntityHit,
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

_ENTITY_LABELS = frozenset(P.ENTITY_LABELS)
_ACTOR_LABELS = frozenset(P.ACTOR_LABELS)
_ROLE_TYPES = ("LEADS", "MEMBER_OF", "SUPPORTS", "OPPOSES")


def _info(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    attrs = graph.nodes[node]
    return {"id": node, "label": attrs["label"], "name": attrs.get("name", node)}


def _props(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    return {**graph._node[node], "id": node}


def _sources(graph: nx.MultiDiGraph, node: str, rel_type: str) -> list[str]:
    return [other for other, keys in graph.pred[node].items() if rel_type in keys]


def _targets(graph: nx.MultiDiGraph, node: str, rel_type: str) -> list[str]:
    return [other for other, keys in graph.succ[node].items() if rel_type in keys]


def _require(graph: nx.MultiDiGraph, node_id: str, labels: Iterable[str] | None = None, what: str = "node") -> None:
    if node_id not in graph or (labels is not None and graph.nodes[node_id]["label"] not in labels):
        raise NotFoundError(f"no {what} with id {node_id!r}")


def _is_disputed(graph: nx.MultiDiGraph, node: str) -> bool:
    """Whether the node is on either end of a CONTRADICTS from a claim group (see ``disputed_groups``)."""
    nodes = graph._node
    if node not in nodes:
        return False
    if nodes[node]["label"] == "ClaimGroup" and any("CONTRADICTS" in keys for keys in graph._succ[node].values()):
        return True
    return any(
        "CONTRADICTS" in keys and nodes[other]["label"] == "ClaimGroup" for other, keys in graph._pred[node].items()
    )


_CLAIM_LINKS = frozenset({"CLAIMS", "REPORTED", "BLAMES", "ABOUT"})
_ACTOR_DEPENDS = (_ACTOR_LABELS | {"Claim"}, frozenset({*_ROLE_TYPES, "MENTIONS", "SAID", *_CLAIM_LINKS}))


class EmbeddedIndex(IncrementalIndex):
    """Lookups over the graph at ``version``; each part is built on first use (claims and statements: see
    ``IncrementalIndex``), and ``advance`` keeps what the writes since did not change."""

    DEPENDS: ClassVar[dict[str, tuple[frozenset[str], frozenset[str]]]] = {
        **IncrementalIndex.DEPENDS,
        "choices": (_ENTITY_LABELS, frozenset()),
        "blame_ranked": (EVIDENCE_DEPENDS[0], EVIDENCE_DEPENDS[1] | _CLAIM_LINKS),
        "blame_by": (EVIDENCE_DEPENDS[0], EVIDENCE_DEPENDS[1] | _CLAIM_LINKS),
        "denials_ranked": (EVIDENCE_DEPENDS[0], EVIDENCE_DEPENDS[1] | _CLAIM_LINKS),
        "article_titles": (frozenset({"Article"}), frozenset()),
        "articles": (frozenset({"Article"}), frozenset()),
        "article_rank": (frozenset({"Article"}), frozenset()),
        "group_links": (frozenset({"ClaimGroup"}), frozenset(P.GROUP_RELATIONS)),
        "contradiction_pairs": (frozenset({"ClaimGroup"}), frozenset(P.GROUP_RELATIONS)),
        "children": (frozenset({"Location"}), frozenset({"LOCATED_IN"})),
        "actor_evidence": _ACTOR_DEPENDS,
        "actor_edges": _ACTOR_DEPENDS,
        "centrality": _ACTOR_DEPENDS,
    }

    @cached_property
    def centrality(self) -> dict[str, KeyActors]:
        """Key-actor rankings computed so far, by metric, label and limit."""
        return {}

    @cached_property
    def choices(self) -> tuple[list[str], list[str], list[str]]:
        """Every searchable spelling (names and aliases), pre-processed, with its entity and original text."""
        keys: list[str] = []
        owners: list[str] = []
        texts: list[str] = []
        for label in P.ENTITY_LABELS:
            for node in self.by_label.get(label, []):
                attrs = self.graph.nodes[node]
                for spelling in dict.fromkeys([attrs.get("name") or node, *(attrs.get("aliases") or [])]):
                    processed = utils.default_process(spelling)
                    if processed:
                        keys.append(processed)
                        owners.append(node)
                        texts.append(spelling)
        return keys, owners, texts

    @cached_property
    def blame_ranked(self) -> list[tuple[tuple[str, str, str], list[str]]]:
        """Every (blamer, blamed, via) link with its claims, strongest first."""
        graph = self.graph
        edges: dict[tuple[str, str, str], list[str]] = {}
        for claim in self.claims:
            blamed = _targets(graph, claim, "BLAMES")
            if not blamed:
                continue
            for via, rel_type in (("claimant", "CLAIMS"), ("outlet", "REPORTED")):
                for blamer in _sources(graph, claim, rel_type):
                    for target in blamed:
                        edges.setdefault((blamer, target, via), []).append(claim)
        return shared.rank_blame(edges)

    @cached_property
    def denials_ranked(self) -> list[tuple[tuple[str, str, str], list[str]]]:
        """Every (denier, what it denies, "denial") link with its denial claims, strongest first."""
        graph = self.graph
        edges: dict[tuple[str, str, str], list[str]] = {}
        for claim in self.claims:
            if graph.nodes[claim].get("kind") != "denial":
                continue
            subjects = [node for node in _targets(graph, claim, "ABOUT") if graph.nodes[node]["label"] in _ACTOR_LABELS]
            for denier in _sources(graph, claim, "CLAIMS"):
                for subject in subjects:
                    if subject != denier:  # "the government dismissed the coverage" of itself: no link
                        edges.setdefault((denier, subject, "denial"), []).append(claim)
        return shared.rank_blame(edges)

    @cached_property
    def blame_by(self) -> dict[str, dict[str, list[tuple[tuple[str, str, str], list[str]]]]]:
        """The ranked blame links of each blamed actor and of each blamer, still strongest first."""
        by: dict[str, dict[str, list[tuple[tuple[str, str, str], list[str]]]]] = {"actor": {}, "blamer": {}}
        for item in self.blame_ranked:
            (blamer, target, _), _ = item
            by["actor"].setdefault(target, []).append(item)
            by["blamer"].setdefault(blamer, []).append(item)
        return by

    @cached_property
    def article_titles(self) -> dict[str, str]:
        return {node: (self.graph.nodes[node].get("name") or "").lower() for node in self.articles}

    @cached_property
    def contradiction_pairs(self) -> list[tuple[str, str, str, str | None]]:
        """(topic, left group, right group, reason) of every CONTRADICTS, sorted."""
        return [
            (topic, left, right, reason)
            for topic, left, right, kind, reason in self.group_links
            if kind == "CONTRADICTS"
        ]

    @cached_property
    def group_links(self) -> list[tuple[str, str, str, str, str | None]]:
        """(topic, left group, right group, relationship type, reason) of every link between claim groups, sorted."""
        # Rebuilt after every write that touches a claim group (most loads do), over every group of the store:
        # networkx's raw adjacency dicts, not its views, which cost several times more per lookup at 100k groups.
        nodes, succ = self.graph._node, self.graph._succ
        links = [
            (nodes[left].get("topic") or "", left, right, rel_type, keys[rel_type].get("reason"))
            for left in self.by_label.get("ClaimGroup", [])
            for right, keys in succ[left].items()
            for rel_type in P.GROUP_RELATIONS
            if rel_type in keys
        ]
        return sorted(links, key=lambda link: link[:4])

    def advance(self, changes: GraphChanges, version: int) -> None:
        disputed = self.__dict__.pop("disputed_groups", None)
        super().advance(changes, version)
        # Updated, not rebuilt (a pass over every group): each toll table reads it after each write.
        if disputed is not None:
            self.disputed_groups = self._redisputed(disputed, changes)

    def _redisputed(self, disputed: set[str], changes: GraphChanges) -> set[str]:
        """``disputed_groups`` after these changes, looking again only at the groups they touched."""
        touched = {node for node, label in changes.nodes.items() if label == "ClaimGroup"}
        touched.update(
            end for source, rel_type, target in changes.rels if rel_type == "CONTRADICTS" for end in (source, target)
        )
        for group in touched:
            if _is_disputed(self.graph, group):
                disputed.add(group)
            else:
                disputed.discard(group)
        return disputed

    @cached_property
    def disputed_groups(self) -> set[str]:
        """Claim groups on either end of a CONTRADICTS (built once; ``advance`` then looks only at what changed)."""
        return {group for group in self.by_label.get("ClaimGroup", []) if _is_disputed(self.graph, group)}

    @cached_property
    def article_rank(self) -> dict[str, int]:
        return {node: rank for rank, node in enumerate(self.articles)}

    @cached_property
    def articles(self) -> list[str]:
        """Articles, newest first (undated last), then by id."""
        by_id = self.by_label.get("Article", [])
        published = {node: self.graph.nodes[node].get("published") for node in by_id}
        dated = sorted((node for node in by_id if published[node]), key=published.__getitem__, reverse=True)
        return dated + [node for node in by_id if not published[node]]

    @cached_property
    def children(self) -> dict[str, list[str]]:
        """Places directly inside each place (reverse LOCATED_IN)."""
        found: dict[str, list[str]] = {}
        for place in self.by_label.get("Location", []):
            for parent in _targets(self.graph, place, "LOCATED_IN"):
                found.setdefault(parent, []).append(place)
        return found

    def inside(self, place: str) -> set[str]:
        """The place and every place inside it, at any depth (``LOCATED_IN*0..``)."""
        found = {place}
        todo = [place]
        while todo:
            for child in self.children.get(todo.pop(), []):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    @cached_property
    def actor_evidence(self) -> dict[str, ActorEvidence]:
        """What the articles say about each actor they name or that a claim or statement is about."""
        pred, succ, attrs = self.graph._pred, self.graph._succ, self.graph._node
        found: dict[str, ActorEvidence] = {}
        for label in P.ACTOR_LABELS:
            for actor in self.by_label.get(label, []):
                counts = dict.fromkeys(
                    ("articles", "mentions", "claims_made", "blamed", "claims_about", "statements", "published"), 0
                )
                for other, keys in pred[actor].items():
                    if "MENTIONS" in keys:
                        counts["articles"] += 1
                        counts["mentions"] += keys["MENTIONS"].get("count") or 1
                    if attrs[other]["label"] == "Claim":
                        counts["blamed"] += "BLAMES" in keys
                        counts["claims_about"] += "ABOUT" in keys
                for other, keys in succ[actor].items():
                    # a claim counts when its text names the actor; an outlet's default claims (no source named) don't
                    counts["claims_made"] += "CLAIMS" in keys and attrs[other].get("claimant") is not None
                    counts["statements"] += "SAID" in keys
                    counts["published"] += "PUBLISHED" in keys
                if any(counts.values()):
                    found[actor] = ActorEvidence(**counts)
        return found

    @cached_property
    def actor_edges(self) -> list[tuple[str, str, int]]:
        """Links of the actor graph: roles between actors, and claimant to blamed or subject through claims."""
        succ, pred, attrs = self.graph._succ, self.graph._pred, self.graph._node
        edges: Counter[tuple[str, str]] = Counter()
        for label in P.ACTOR_LABELS:
            for actor in self.by_label.get(label, []):
                for other, keys in succ[actor].items():
                    roles = sum(rel_type in keys for rel_type in _ROLE_TYPES)
                    if roles:
                        edges[(actor, other)] += roles
        for claim in self.by_label.get("Claim", []):
            claimants = [
                n for n, keys in pred[claim].items() if "CLAIMS" in keys and attrs[n]["label"] in _ACTOR_LABELS
            ]
            if not claimants:
                continue
            targets = [
                other
                for other, keys in succ[claim].items()
                if ("BLAMES" in keys or "ABOUT" in keys) and attrs[other]["label"] in _ACTOR_LABELS
            ]
            for claimant in claimants:
                for target in targets:
                    edges[(claimant, target)] += 1
        return [(source, target, weight) for (source, target), weight in sorted(edges.items())]


_INDEXES: weakref.WeakKeyDictionary[EmbeddedStore, EmbeddedIndex] = weakref.WeakKeyDictionary()
_INDEX_LOCK = threading.Lock()


@contextmanager
def snapshot(store: EmbeddedStore) -> Iterator[tuple[nx.MultiDiGraph, EmbeddedIndex]]:
    """The store's graph and its index, both up to date with every committed write, held for the ``with`` block.

    ``read_graph`` holds the store's lock for the block, so neither can change while a query runs. The index is
    updated from what the writes since its version changed; rebuilt only when the graph itself was reloaded.
    """
    with store.read_graph() as graph:
        with _INDEX_LOCK:
            index = _INDEXES.get(store)
            version, changes = store.graph_changes(index.version if index is not None else -1)
            if index is None or index.graph is not graph or changes is None:
                index = _INDEXES[store] = EmbeddedIndex(graph, version)
            elif index.version != version:
                index.advance(changes, version)
                freeze_long_lived()  # what the catch-up added to the graph and the index
        yield graph, index


# -- rows in the shared shapes --------------------------------------------------------------------------------


def _article_props(graph: nx.MultiDiGraph, article: str) -> dict[str, Any]:
    return {key: value for key, value in _props(graph, article).items() if key != "text"}


def _evidence(graph: nx.MultiDiGraph, index: EmbeddedIndex, node: str) -> dict[str, Any]:
    """A claim or statement in the shared evidence-row shape (``shared.EVIDENCE_ROW``)."""
    by_type = "CLAIMS" if graph.nodes[node]["label"] == "Claim" else "SAID"
    props = _props(graph, node)
    article = index.article_of[node]
    return {
        "props": props,
        "label": graph.nodes[node]["label"],
        "article": _article_props(graph, article),
        "sentence": shared.sentence_of(graph.nodes[article].get("text"), props),
        "by": [_info(graph, n) for n in _sources(graph, node, by_type)],
        "outlets": [_info(graph, n) for n in _sources(graph, node, "REPORTED")],
        "blamed": [_info(graph, n) for n in _targets(graph, node, "BLAMES")],
        "about": [
            {**_info(graph, other), "role": keys["ABOUT"].get("role")}
            for other, keys in graph.succ[node].items()
            if "ABOUT" in keys
        ],
        "places": [_info(graph, n) for n in _targets(graph, node, "AT")],
        "groups": _targets(graph, node, "IN_GROUP"),
    }


def _claim_row(graph: nx.MultiDiGraph, index: EmbeddedIndex, claim: str) -> ClaimRow:
    return shared.claim_row(_evidence(graph, index, claim))


def _article_row(graph: nx.MultiDiGraph, article: str) -> ArticleRow:
    contained = Counter(graph.nodes[n]["label"] for n in _targets(graph, article, "CONTAINS"))
    return shared.article_row(
        {
            "article": _article_props(graph, article),
            "outlets": [_info(graph, n) for n in _sources(graph, article, "PUBLISHED")],
            "claims": contained["Claim"],
            "statements": contained["Statement"],
        }
    )


def _matching_claims(index: EmbeddedIndex, p: P.ClaimParams | P.TollParams, kind: str | None) -> list[str]:
    """Claim ids matching the filters, in claim order."""
    by = index.claims_by
    victims = p.victims if isinstance(p, P.TollParams) else None
    # kind and victims come as lists already in claim order; the other filters as sets to intersect
    ordered_by = ("victims", victims) if victims else ("kind", kind) if kind else None
    sets: list[set[str]] = []
    if p.claimant:
        sets.append(by["claimant"].get(p.claimant, set()))
    if isinstance(p, P.ClaimParams):
        if p.outlet:
            sets.append(by["outlet"].get(p.outlet, set()))
        if p.actor:
            sets.append(by["actor"].get(p.actor, set()))
    if p.place:
        sets.append(set().union(*(by["place"].get(place, set()) for place in index.inside(p.place))))
    low = p.date_from.isoformat() if p.date_from else ""
    high = p.date_to.isoformat() if p.date_to else "9999-99-99"
    dated = bool(p.date_from or p.date_to)
    if not sets:
        if ordered_by is None:
            if not dated:
                return index.claims
            days = index.dated_claim_days  # dated claims come first, by date
            return index.claims[bisect_left(days, low) : bisect_right(days, high)]
        ordered = index.claims_in_list(f"{ordered_by[0]}:{ordered_by[1]}")
        if not dated:
            return ordered
        return [claim for claim in ordered if (day := index.days[claim]) and low <= day <= high]
    if ordered_by is not None:
        sets.append(by[ordered_by[0]].get(ordered_by[1] or "", set()))
    sets.sort(key=len)
    chosen = sets[0].intersection(*sets[1:])
    if dated:
        chosen = {claim for claim in chosen if (day := index.days[claim]) and low <= day <= high}
    return sorted(chosen, key=lambda claim: shared.claim_sort_key(index.days[claim], claim))  # claim order


def _adjacency(graph: nx.MultiDiGraph, types: set[str], labels: set[str]) -> shared.Adjacency:
    """Neighbours in either direction over the allowed relationship types, reaching the allowed labels."""
    # networkx's own algorithms read the raw dicts too: a view costs about a microsecond per access, which
    # dominates on hub nodes with tens of thousands of neighbours
    succ, pred, attrs = graph._succ, graph._pred, graph._node

    def adjacency(nodes: list[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for node in nodes:
            if not types and not labels:
                neighbours = set(succ[node])
                neighbours.update(pred[node])
            else:
                neighbours = set()
                for side in (succ[node], pred[node]):
                    for other, keys in side.items():
                        if types and types.isdisjoint(keys):
                            continue
                        if labels and attrs[other]["label"] not in labels:
                            continue
                        neighbours.add(other)
            found[node] = neighbours
        return found

    return adjacency


def _subgraph(graph: nx.MultiDiGraph, ids: Iterable[str], types: set[str]) -> tuple[list[Any], list[Any]]:
    """The nodes and the links among them (of the allowed types) as node-link dicts, sorted."""
    members = sorted(set(ids))
    kept = set(members)
    succ, attrs = graph._succ, graph._node
    nodes = [shared.node_dict({**attrs[node], "id": node}) for node in members]
    links = []
    for source in members:
        out = succ[source]
        # from a hub, look the members up; from an ordinary node, walk its few relationships
        targets = [t for t in members if t in out] if len(out) > len(kept) else [t for t in out if t in kept]
        for target in targets:
            for rel_type, props in out[target].items():
                if not types or rel_type in types:
                    links.append({**props, "source": source, "target": target, "type": rel_type})
    links.sort(key=lambda link: (link["source"], link["type"], link["target"]))
    return nodes, links


# -- the queries ----------------------------------------------------------------------------------------------


def search_entities(store: EmbeddedStore, p: P.SearchParams) -> Page[EntityHit]:
    query = utils.default_process(p.q)
    scored: dict[str, tuple[float, str]] = {}
    with snapshot(store) as (graph, index):
        keys, owners, texts = index.choices
        if query:
            for _, score, position in process.extract(
                query, keys, scorer=fuzz.WRatio, processor=None, limit=None, score_cutoff=p.min_score
            ):
                owner = owners[position]
                if p.label and graph.nodes[owner]["label"] != p.label:
                    continue
                if owner not in scored or score > scored[owner][0]:
                    scored[owner] = (score, texts[position])
        return shared.rank_hits(scored, p, lambda node: _props(graph, node))


def entity_detail(store: EmbeddedStore, p: P.EntityParams) -> EntityDetail:
    with snapshot(store) as (graph, _):
        _require(graph, p.id, _ENTITY_LABELS, "entity")
        mentions = [keys["MENTIONS"] for keys in graph.pred[p.id].values() if "MENTIONS" in keys]
        claims_about = [
            other
            for other, keys in graph.pred[p.id].items()
            if graph.nodes[other]["label"] == "Claim" and {"BLAMES", "ABOUT", "AT"} & keys.keys()
        ]
        counts = {
            "articles": len(mentions),
            "mentions": sum(1 if attrs.get("count") is None else attrs["count"] for attrs in mentions),
            "claims_made": len(_targets(graph, p.id, "CLAIMS")),
            "claims_about": len(claims_about),
            "statements": len(_targets(graph, p.id, "SAID")),
        }
        relations = [
            {"type": rel_type, "direction": direction, "other": _info(graph, other)}
            for direction, adjacency in (("out", graph.succ[p.id]), ("in", graph.pred[p.id]))
            for other, keys in adjacency.items()
            if graph.nodes[other]["label"] in _ENTITY_LABELS
            for rel_type in keys
        ]
        return shared.entity_detail(_props(graph, p.id), counts, relations)


def neighbors(store: EmbeddedStore, p: P.NeighborParams) -> GraphPayload:
    types = {str(t) for t in p.types}
    with snapshot(store) as (graph, _):
        _require(graph, p.id)
        adjacency = _adjacency(graph, types, {str(label) for label in p.labels})
        ids, capped = shared.breadth_first(p.id, p.depth, p.cap, adjacency)
        nodes, links = _subgraph(graph, ids, types)
    return shared.neighbors_payload(p, nodes, links, capped)


def paths(store: EmbeddedStore, p: P.PathParams) -> GraphPayload:
    types = {str(t) for t in p.types}
    with snapshot(store) as (graph, _):
        _require(graph, p.source)
        _require(graph, p.target)
        found = shared.shortest_paths(p.source, p.target, p.k, p.max_length, _adjacency(graph, types, set()))
        nodes, links = _subgraph(graph, {p.source, p.target, *(node for path in found for node in path)}, types)
    return shared.path_payload(p, found, nodes, links)


def claims(store: EmbeddedStore, p: P.ClaimParams) -> Page[ClaimRow]:
    with snapshot(store) as (graph, index):
        ids = _matching_claims(index, p, p.kind)
        rows = [_claim_row(graph, index, claim) for claim in ids[p.offset : p.offset + p.limit]]
    return Page[ClaimRow](total=len(ids), limit=p.limit, offset=p.offset, items=rows)


def tolls(store: EmbeddedStore, p: P.TollParams) -> TollTable:
    with snapshot(store) as (graph, index):
        # Tolls are deaths: injured, missing, detained and displaced counts are claims of their own kind.
        ids = [i for i in _matching_claims(index, p, "casualty") if graph.nodes[i].get("harm") in (None, "killed")]
        rows = [_claim_row(graph, index, claim) for claim in ids[: p.limit]]
        return shared.toll_table(rows, len(ids), index.disputed_groups)


def contradictions(store: EmbeddedStore, p: P.ContradictionParams) -> Page[Contradiction]:
    return claim_links(store, P.ClaimLinkParams(**p.model_dump(), relations=["CONTRADICTS"]))


def claim_links(store: EmbeddedStore, p: P.ClaimLinkParams) -> Page[Contradiction]:
    with snapshot(store) as (graph, index):
        wanted = set(p.relations)
        links = [
            link
            for link in index.group_links
            if link[3] in wanted
            and (not p.topic or graph.nodes[link[1]].get("topic") == p.topic)
            and (not p.kind or graph.nodes[link[1]].get("kind") == p.kind)
        ]

        def side(group: str) -> GroupSide:
            members = [claim for claim in _sources(graph, group, "IN_GROUP") if claim in index.claim_rank]
            members.sort(key=index.claim_rank.__getitem__)
            claim_rows = [_claim_row(graph, index, claim) for claim in members]
            return GroupSide(group=shared.graph_node(_props(graph, group)), claims=claim_rows)

        items = [
            Contradiction(
                relation=rel_type,
                topic=graph.nodes[left].get("topic"),
                kind=graph.nodes[left].get("kind"),
                reason=reason,
                left=side(left),
                right=side(right),
            )
            for _, left, right, rel_type, reason in links[p.offset : p.offset + p.limit]
        ]
    return Page[Contradiction](total=len(links), limit=p.limit, offset=p.offset, items=items)


def _iso_or_none(day: Any) -> str | None:
    return day.isoformat() if day else None


def blame(store: EmbeddedStore, p: P.BlameParams) -> GraphPayload:
    with snapshot(store) as (graph, index):
        pool = index.blame_ranked
        if p.actor:
            pool = index.blame_by["actor"].get(p.actor, [])
        elif p.blamer:
            pool = index.blame_by["blamer"].get(p.blamer, [])
        if p.denials and p.via != "outlet":
            pool = [*pool, *index.denials_ranked]
        ranked = [
            (key, claim_ids)
            for key, claim_ids in pool
            if (p.via == "both" or key[2] in (p.via, "denial"))
            and (not p.actor or key[1] == p.actor)
            and (not p.blamer or key[0] == p.blamer)
        ]
        if p.date_from or p.date_to:
            date_from, date_to = _iso_or_none(p.date_from), _iso_or_none(p.date_to)
            ranked = [
                (key, [claim for claim in claim_ids if shared.in_dates(index.day(claim), date_from, date_to)])
                for key, claim_ids in ranked
            ]
        if p.date_from or p.date_to or p.denials:  # re-ranked: fewer claims in the range, denials merged in
            ranked = shared.rank_blame({key: claim_ids for key, claim_ids in ranked if claim_ids})
        return shared.blame_payload(p, ranked, lambda node: _props(graph, node))


def outlet_profile(store: EmbeddedStore, p: P.OutletParams) -> OutletProfile:
    with snapshot(store) as (graph, index):
        _require(graph, p.id, ("Outlet",), "outlet")
        published = set(_targets(graph, p.id, "PUBLISHED"))
        recent = sorted((a for a in published if a in index.article_rank), key=index.article_rank.__getitem__)[
            : p.limit
        ]
        items = _targets(graph, p.id, "REPORTED")
        quotes = [speaker for item in items for speaker in _sources(graph, item, "SAID")]
        claimants = [claimant for item in items for claimant in _sources(graph, item, "CLAIMS")]
        blames = [blamed for item in items for blamed in _targets(graph, item, "BLAMES")]
        info = {node: _info(graph, node) for node in (*quotes, *claimants, *blames)}
        reported = [(graph.nodes[item]["label"], graph.nodes[item].get("kind")) for item in items]
        return OutletProfile(
            outlet=shared.graph_node(_props(graph, p.id)),
            articles=len(published),
            recent_articles=[_article_row(graph, article) for article in recent],
            **shared.outlet_counts(reported, quotes, claimants, blames, info, p.limit),
        )


def place_report(store: EmbeddedStore, p: P.PlaceParams) -> PlaceReport:
    with snapshot(store) as (graph, index):
        _require(graph, p.id, ("Location",), "place")
        hops: dict[str, int] = {}
        ring = [p.id]
        for distance in range(1, shared.MAX_PLACE_DEPTH + 1):
            ring = sorted({up for node in ring for up in _targets(graph, node, "LOCATED_IN")} - hops.keys() - {p.id})
            hops.update((node, distance) for node in ring)
        places = index.inside(p.id)
        claim_ids = _matching_claims(index, P.ClaimParams(place=p.id), None)
        at_places = set().union(*(index.statements_by["place"].get(place, set()) for place in places))
        statement_ids = sorted(at_places, key=index.statement_rank.__getitem__)
        page = claim_ids[p.offset : p.offset + p.limit]
        return PlaceReport(
            place=shared.graph_node(_props(graph, p.id)),
            parents=shared.ancestors(hops, {node: _info(graph, node) for node in hops}),
            inside=len(places) - 1,
            claims=Page[ClaimRow](
                total=len(claim_ids),
                limit=p.limit,
                offset=p.offset,
                items=[_claim_row(graph, index, claim) for claim in page],
            ),
            statements=[shared.statement_row(_evidence(graph, index, s)) for s in statement_ids[: p.limit]],
            statements_total=len(statement_ids),
        )


def places_near(store: EmbeddedStore, p: P.NearParams) -> PlacesNear:
    with snapshot(store) as (graph, index):
        found = []
        for place in index.by_label.get("Location", []):
            attrs = graph.nodes[place]
            lat, lon = attrs.get("lat"), attrs.get("lon")
            if lat is None or lon is None:
                continue
            distance = shared.haversine_km(p.lat, p.lon, lat, lon)
            if distance <= p.radius_km:
                found.append((round(distance, 3), place))
        found.sort()
        places = []
        for distance, place in found[: p.limit]:
            attrs = graph.nodes[place]
            evidence = Counter(graph.nodes[n]["label"] for n in _sources(graph, place, "AT"))
            places.append(
                NearPlace(
                    **_info(graph, place),
                    kind=attrs.get("kind"),
                    lat=attrs["lat"],
                    lon=attrs["lon"],
                    distance_km=distance,
                    claims=evidence["Claim"],
                    statements=evidence["Statement"],
                )
            )
    return PlacesNear(lat=p.lat, lon=p.lon, radius_km=p.radius_km, total=len(found), places=places)


def timeline(store: EmbeddedStore, p: P.TimelineParams) -> Timeline:
    low_day = p.date_from.isoformat() if p.date_from else ""
    high_day = p.date_to.isoformat() if p.date_to else "9999-99-99"
    with snapshot(store) as (graph, index):
        if p.entity:
            claims = index.claims_by["claimant"].get(p.entity, set()) | index.claims_by["actor"].get(p.entity, set())
            statements = index.statements_by["speaker"].get(p.entity, set()) | index.statements_by["actor"].get(
                p.entity, set()
            )
            chosen = {"Claim": claims, "Statement": statements}
            pool = [node for label, nodes in chosen.items() if not p.label or label == p.label for node in nodes]
            dated = [(day, node) for node in pool if (day := index.days[node]) and low_day <= day <= high_day]
            selected = [node for _, node in sorted(dated)]
            counts = shared.day_counts((index.days[node] or "", graph.nodes[node]["label"]) for node in selected)
            total, page = len(selected), selected[p.offset : p.offset + p.limit]
        else:
            total, page = index.timeline_page(p.label, low_day, high_day, p.offset, p.limit)
            dates, rows = index.timeline_days(p.label)
            counts = rows[bisect_left(dates, low_day) : bisect_right(dates, high_day)]
        items = [shared.timeline_item(_evidence(graph, index, node)) for node in page]
    return Timeline(total=total, limit=p.limit, offset=p.offset, days=counts, items=items)


def key_actors(store: EmbeddedStore, p: P.KeyActorParams) -> KeyActors:
    with snapshot(store) as (graph, index):
        cache_key = f"{p.metric}|{p.label}|{p.limit}"
        if cache_key not in index.centrality:
            evidence = index.actor_evidence
            info = {node: _info(graph, node) for node in evidence}
            label = str(p.label) if p.label else None
            index.centrality[cache_key] = shared.key_actors(index.actor_edges, evidence, info, p.metric, p.limit, label)
        return index.centrality[cache_key]


def articles(store: EmbeddedStore, p: P.ArticlesParams) -> Page[ArticleRow]:
    words = p.q.lower().split() if p.q else []
    date_from = p.date_from.isoformat() if p.date_from else None
    date_to = p.date_to.isoformat() if p.date_to else None
    with snapshot(store) as (graph, index):
        pool: list[str] = index.articles
        if p.outlet:
            published = _targets(graph, p.outlet, "PUBLISHED") if p.outlet in graph else []
            pool = sorted((a for a in published if a in index.article_rank), key=index.article_rank.__getitem__)
        selected = pool
        titles = index.article_titles
        for word in words:
            selected = [article for article in selected if word in titles[article]]
        if date_from or date_to:
            low, high = date_from or "", date_to or "9999-99-99"
            nodes = graph.nodes
            selected = [a for a in selected if (day := nodes[a].get("published")) is not None and low <= day <= high]
        rows = [_article_row(graph, article) for article in selected[p.offset : p.offset + p.limit]]
    return Page[ArticleRow](total=len(selected), limit=p.limit, offset=p.offset, items=rows)


def article_detail(store: EmbeddedStore, p: P.ArticleParams) -> ArticleDetail:
    with snapshot(store) as (graph, _):
        _require(graph, p.id, ("Article",), "article")
        text = graph.nodes[p.id].get("text") or ""
        raw = []
        for other, keys in graph.succ[p.id].items():
            info = _info(graph, other)
            if "MENTIONS" in keys:
                mention = keys["MENTIONS"]
                raw.append({**info, "kind": "mention", "start": mention.get("start"), "end": mention.get("end")})
            if "CONTAINS" in keys:
                attrs = graph.nodes[other]
                kind = info["label"].lower()
                raw.append({**info, "kind": kind, "start": attrs.get("start"), "end": attrs.get("end")})
        return ArticleDetail(article=_article_row(graph, p.id), text=text, spans=shared.spans(text, raw))
