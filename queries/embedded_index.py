"""The part of the embedded query index that each write updates instead of throwing away.

On a store of 10,000 articles, building the lookups over 100,000 claims and statements (their order, dates, claims
by kind, claimant, outlet, place and actor, the timeline) takes seconds; a load that keeps writing would make every
read pay that again. ``IncrementalIndex`` builds them once and, at each new version of the graph, recomputes only
the claims and statements that the writes touched (``EmbeddedStore.graph_changes``). The other lookups of the
index (``queries.embedded.EmbeddedIndex``) are cheap or rarely used: each declares the node labels and relationship
types it reads (``DEPENDS``) and is dropped, to be rebuilt on first use, only when a write changes one of them.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

import networkx as nx

from graph.embedded import GraphChanges
from queries import shared

EVIDENCE_LABELS = ("Claim", "Statement")
# What an evidence row reads besides its own node: its article (published date) and these relationships.
EVIDENCE_DEPENDS = (frozenset({"Claim", "Statement", "Article"}), frozenset({"CONTAINS"}))


class SortedIds:
    """Node ids in the order of their sort keys (unique: each key ends with its id), kept sorted as ids come and
    go, so a range is a bisection and an update costs no re-sort. ``firsts`` holds each key's first item."""

    __slots__ = ("firsts", "ids", "keys")

    def __init__(self, pairs: Iterable[tuple[tuple[Any, ...], str]] = ()) -> None:
        ordered = sorted(pairs)
        self.keys = [key for key, _ in ordered]
        self.ids = [node for _, node in ordered]
        self.firsts = [key[0] for key, _ in ordered]

    def add(self, key: tuple[Any, ...], node: str) -> None:
        at = bisect_left(self.keys, key)
        self.keys.insert(at, key)
        self.ids.insert(at, node)
        self.firsts.insert(at, key[0])

    def remove(self, key: tuple[Any, ...]) -> None:
        at = bisect_left(self.keys, key)
        if at < len(self.keys) and self.keys[at] == key:
            del self.keys[at], self.ids[at], self.firsts[at]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the index holds for one claim or statement in an article."""

    label: str
    article: str
    day: str | None
    lists: tuple[str, ...]  # the ordered claim lists it is in ("kind:casualty", "victims:civilians")
    links: tuple[tuple[str, str], ...]  # (lookup, key) of the lookups it is in: ("claimant", "person/x"), …


def _claim_key(node: str, entry: Evidence) -> tuple[bool, str, str]:
    return shared.claim_sort_key(entry.day, node)


@dataclass(slots=True)
class _EvidenceLookups:
    """Every claim and statement in an article, in the orders and groupings the queries read."""

    entries: dict[str, Evidence] = field(default_factory=dict)
    claims: SortedIds = field(default_factory=SortedIds)
    statements: SortedIds = field(default_factory=SortedIds)
    claim_lists: dict[str, SortedIds] = field(default_factory=dict)
    claims_by: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: {key: {} for key in ("kind", "victims", "claimant", "outlet", "place", "actor")}
    )
    statements_by: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: {key: {} for key in ("place", "speaker", "actor")}
    )
    timeline: dict[str | None, SortedIds] = field(
        default_factory=lambda: {None: SortedIds(), "Claim": SortedIds(), "Statement": SortedIds()}
    )
    day_labels: dict[str, Counter[str]] = field(default_factory=dict)
    article_of: dict[str, str] = field(default_factory=dict)
    days: dict[str, str | None] = field(default_factory=dict)

    def add(self, node: str, entry: Evidence) -> None:
        self.entries[node] = entry
        self.article_of[node] = entry.article
        self.days[node] = entry.day
        key = _claim_key(node, entry)
        is_claim = entry.label == "Claim"
        (self.claims if is_claim else self.statements).add(key, node)
        for name in entry.lists:
            self.claim_lists.setdefault(name, SortedIds()).add(key, node)
        by = self.claims_by if is_claim else self.statements_by
        for lookup, value in entry.links:
            by[lookup].setdefault(value, set()).add(node)
        if entry.day:
            for label in (None, entry.label):
                self.timeline[label].add((entry.day, node), node)
            self.day_labels.setdefault(entry.day, Counter())[entry.label] += 1

    def remove(self, node: str) -> None:
        entry = self.entries.pop(node, None)
        if entry is None:
            return
        del self.article_of[node], self.days[node]
        key = _claim_key(node, entry)
        is_claim = entry.label == "Claim"
        (self.claims if is_claim else self.statements).remove(key)
        for name in entry.lists:
            ordered = self.claim_lists[name]
            ordered.remove(key)
            if not ordered:
                del self.claim_lists[name]
        by = self.claims_by if is_claim else self.statements_by
        for lookup, value in entry.links:
            members = by[lookup][value]
            members.discard(node)
            if not members:
                del by[lookup][value]
        if entry.day:
            for label in (None, entry.label):
                self.timeline[label].remove((entry.day, node))
            counts = self.day_labels[entry.day]
            counts[entry.label] -= 1
            if counts[entry.label] <= 0:
                del counts[entry.label]
            if not counts:
                del self.day_labels[entry.day]


class IncrementalIndex:
    """Lookups over the graph of one store, for its current version; ``advance`` moves them to the next."""

    # Lazily built parts and what they read: (node labels, relationship types). A part is dropped when a write
    # changes a node of one of those labels or a relationship of one of those types; a part not listed is dropped
    # at every change.
    DEPENDS: ClassVar[dict[str, tuple[frozenset[str], frozenset[str]]]] = {
        "claim_rank": EVIDENCE_DEPENDS,
        "statement_rank": EVIDENCE_DEPENDS,
        "dated_claim_days": EVIDENCE_DEPENDS,
        "day_counts": EVIDENCE_DEPENDS,
    }
    _KEPT = frozenset({"graph", "version", "_evidence", "_labels", "_by_label"})

    def __init__(self, graph: nx.MultiDiGraph, version: int) -> None:
        self.graph = graph
        self.version = version
        self._evidence: _EvidenceLookups | None = None
        self._labels: dict[str, str] | None = None
        self._by_label: dict[str, list[str]] | None = None

    # -- moving to a new version ---------------------------------------------------------------------------

    def advance(self, changes: GraphChanges, version: int) -> None:
        """Update the index for what the writes up to ``version`` changed (the graph already shows them)."""
        labels = set(changes.nodes.values())
        types = {rel_type for _, rel_type, _ in changes.rels}
        for name in [name for name in vars(self) if name not in self._KEPT]:
            depends = self.DEPENDS.get(name)
            if depends is None or not labels.isdisjoint(depends[0]) or not types.isdisjoint(depends[1]):
                delattr(self, name)
        if self._by_label is not None:
            self._relabel(changes.nodes)
        if self._evidence is not None:
            lookups = self._evidence
            for node in self._touched_evidence(changes, lookups):
                lookups.remove(node)
                entry = self._entry(node)
                if entry is not None:
                    lookups.add(node, entry)
        self.version = version

    def _touched_evidence(self, changes: GraphChanges, lookups: _EvidenceLookups) -> set[str]:
        nodes = self.graph._node
        touched: set[str] = set()
        for node, label in changes.nodes.items():
            if label in EVIDENCE_LABELS:
                touched.add(node)
            elif label == "Article" and node in nodes:  # its date may have changed: so may its claims' days
                touched.update(other for other, keys in self.graph._succ[node].items() if "CONTAINS" in keys)
        for source, _, target in changes.rels:
            for end in (source, target):
                if end in lookups.entries or nodes.get(end, {}).get("label") in EVIDENCE_LABELS:
                    touched.add(end)
        return touched

    def _relabel(self, changed: dict[str, str]) -> None:
        assert self._labels is not None and self._by_label is not None
        nodes = self.graph._node
        for node in changed:
            before = self._labels.get(node)
            attrs = nodes.get(node)
            after = attrs["label"] if attrs is not None else None
            if before == after:
                continue
            if before is not None:
                members = self._by_label[before]
                at = bisect_left(members, node)
                del members[at]
                if not members:
                    del self._by_label[before]
                del self._labels[node]
            if after is not None:
                insort(self._by_label.setdefault(after, []), node)
                self._labels[node] = after

    # -- nodes by label ------------------------------------------------------------------------------------

    @property
    def by_label(self) -> dict[str, list[str]]:
        """Node ids by label, each list sorted."""
        if self._by_label is None:
            nodes = self.graph._node
            self._labels = {node: attrs["label"] for node, attrs in nodes.items()}
            found: dict[str, list[str]] = {}
            for node in sorted(nodes):
                found.setdefault(self._labels[node], []).append(node)
            self._by_label = found
        return self._by_label

    # -- claims and statements -----------------------------------------------------------------------------

    def _entry(self, node: str) -> Evidence | None:
        """The index's record of a claim or statement; None for any other node, or one in no article."""
        graph = self.graph
        attrs = graph._node.get(node)
        if attrs is None or attrs["label"] not in EVIDENCE_LABELS:
            return None
        pred, succ = graph._pred[node], graph._succ[node]
        article = next(
            (other for other, keys in pred.items() if "CONTAINS" in keys and graph._node[other]["label"] == "Article"),
            None,
        )
        if article is None:
            return None
        day = shared.effective_day(attrs, graph._node[article].get("published"))
        lists: list[str] = []
        links: list[tuple[str, str]] = []
        if attrs["label"] == "Claim":
            kind = attrs.get("kind") or ""
            lists.append(f"kind:{kind}")
            links.append(("kind", kind))
            if attrs.get("kind") == "casualty" and attrs.get("victims"):
                lists.append(f"victims:{attrs['victims']}")
                links.append(("victims", attrs["victims"]))
            by_source: tuple[tuple[str, str], ...] = (("CLAIMS", "claimant"), ("REPORTED", "outlet"))
        else:
            by_source = (("SAID", "speaker"),)
        for other, keys in pred.items():
            links.extend((lookup, other) for rel_type, lookup in by_source if rel_type in keys)
        for other, keys in succ.items():
            if "AT" in keys:
                links.append(("place", other))
            if "BLAMES" in keys or "ABOUT" in keys:
                links.append(("actor", other))
        return Evidence(attrs["label"], article, day, tuple(lists), tuple(links))

    @property
    def evidence(self) -> _EvidenceLookups:
        if self._evidence is None:
            lookups = _EvidenceLookups()
            entries = {}
            for label in EVIDENCE_LABELS:
                for node in self.by_label.get(label, []):
                    entry = self._entry(node)
                    if entry is not None:
                        entries[node] = entry
            # Built in bulk (one sort per list), then kept up to date by add and remove.
            lookups.entries = entries
            lookups.article_of = {node: entry.article for node, entry in entries.items()}
            lookups.days = {node: entry.day for node, entry in entries.items()}
            keyed = [(_claim_key(node, entry), node, entry) for node, entry in entries.items()]
            lookups.claims = SortedIds((key, node) for key, node, entry in keyed if entry.label == "Claim")
            lookups.statements = SortedIds((key, node) for key, node, entry in keyed if entry.label == "Statement")
            lists: dict[str, list[tuple[tuple[bool, str, str], str]]] = {}
            for key, node, entry in keyed:
                for name in entry.lists:
                    lists.setdefault(name, []).append((key, node))
                by = lookups.claims_by if entry.label == "Claim" else lookups.statements_by
                for lookup, value in entry.links:
                    by[lookup].setdefault(value, set()).add(node)
            lookups.claim_lists = {name: SortedIds(pairs) for name, pairs in lists.items()}
            dated = [(entry.day, node, entry.label) for node, entry in entries.items() if entry.day]
            lookups.timeline = {
                None: SortedIds(((day, node), node) for day, node, _ in dated),
                **{
                    label: SortedIds(((day, node), node) for day, node, of in dated if of == label)
                    for label in EVIDENCE_LABELS
                },
            }
            for day, _, label in dated:
                lookups.day_labels.setdefault(day, Counter())[label] += 1
            self._evidence = lookups
        return self._evidence

    @property
    def article_of(self) -> dict[str, str]:
        """The article that contains each claim and statement."""
        return self.evidence.article_of

    def day(self, node: str) -> str | None:
        """The date a claim or statement is filed under (its own, its as-of date, else its article's)."""
        article = self.article_of.get(node)
        published = self.graph.nodes[article].get("published") if article else None
        return shared.effective_day(self.graph.nodes[node], published)

    @property
    def claims(self) -> list[str]:
        """Every claim in an article, in the order claim lists use."""
        return self.evidence.claims.ids

    @property
    def statements(self) -> list[str]:
        return self.evidence.statements.ids

    @property
    def days(self) -> dict[str, str | None]:
        """The date every claim and statement is filed under."""
        return self.evidence.days

    @cached_property
    def claim_rank(self) -> dict[str, int]:
        return {node: rank for rank, node in enumerate(self.claims)}

    @cached_property
    def statement_rank(self) -> dict[str, int]:
        return {node: rank for rank, node in enumerate(self.statements)}

    @cached_property
    def dated_claim_days(self) -> list[str]:
        """The dates of the dated claims, in claim order (they come first, ascending): a range is a bisection."""
        return [day for dated_last, day, _ in self.evidence.claims.keys if not dated_last]

    @property
    def claims_in_order(self) -> dict[str, list[str]]:
        """Claim ids of each kind (``kind:casualty``) and casualty victim category (``victims:civilians``)."""
        return {name: ordered.ids for name, ordered in self.evidence.claim_lists.items()}

    @property
    def claims_by(self) -> dict[str, dict[str, set[str]]]:
        """Claim ids by kind, claimant, outlet, place (direct) and actor (blamed or about)."""
        return self.evidence.claims_by

    @property
    def statements_by(self) -> dict[str, dict[str, set[str]]]:
        """Statement ids by place (AT), speaker (SAID) and actor (BLAMES or ABOUT)."""
        return self.evidence.statements_by

    @property
    def timeline(self) -> tuple[list[str], list[str]]:
        """Dated claims and statements by (date, id), and their dates, for range lookups."""
        return self.timeline_by_label[None]

    @property
    def timeline_by_label(self) -> dict[str | None, tuple[list[str], list[str]]]:
        """Dated claims and statements by (date, id) with their dates: all of them, and per label."""
        return {label: (ordered.ids, ordered.firsts) for label, ordered in self.evidence.timeline.items()}

    @cached_property
    def day_counts(self) -> tuple[list[str], list[dict[str, int]]]:
        """Every date with its numbers of claims and statements, by date."""
        counts = self.evidence.day_labels
        dates = sorted(counts)
        return dates, [dict(counts[day]) for day in dates]
