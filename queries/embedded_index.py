"""The part of the embedded query index that each write updates instead of throwing away.

On a store of 10,000 articles, building the lookups over 100,000 claims and statements (their order, dates, claims
by kind, claimant, outlet, place and actor, the timeline) takes seconds; a load that keeps writing would make every
read pay that again. ``IncrementalIndex`` builds them once and, at each new version of the graph, recomputes only
the claims and statements that the writes touched (``EmbeddedStore.graph_changes``). The other lookups of the
index (``queries.embedded.EmbeddedIndex``) are cheap or rarely used: each declares the node labels and relationship
types it reads (``DEPENDS``) and is dropped, to be rebuilt on first use, only when a write changes one of them.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

import networkx as nx

from graph.embedded import GraphChanges
from queries import shared
from queries.models import TimelineDay

EVIDENCE_LABELS = ("Claim", "Statement")
# What an evidence row reads besides its own node: its article (published date) and these relationships.
EVIDENCE_DEPENDS = (frozenset({"Claim", "Statement", "Article"}), frozenset({"CONTAINS"}))


Key = tuple[Any, ...]


def freeze_long_lived() -> None:
    """Move every object alive now out of the cyclic GC's reach, as the graph is (``EmbeddedStore._load_graph``):
    the index and the graph live as long as the server, and a full collection would otherwise rescan their
    hundreds of thousands of objects, a pause of ~150 ms every few requests. Garbage is collected first: a
    reference cycle frozen would never be freed (a request's cycles, each write's leftovers), a leak that grows
    with every write. The collection scans only what is not frozen yet: about a millisecond after a write."""
    gc.collect()
    gc.freeze()


_FEW_EDITS = 64  # up to this many, edit the lists in place; more, and one merged copy of each list costs less


class SortedIds:
    """Node ids in the order of their sort keys (unique: each key ends with its id), kept sorted as ids come and
    go, so a range is a bisection and an update costs no re-sort.

    Edits wait until the lists are next read: a write touches a dozen lists, a request reads one or two. After
    many edits (one merge of the keys), ``ids`` is derived again from the keys only when it is read: the timeline
    reads its pages off the keys, so a write costs it one list of 100,000 items, not two."""

    __slots__ = ("_added", "_ids", "_ids_stale", "_keys", "_removed")

    def __init__(self, pairs: Iterable[tuple[Key, str]] = ()) -> None:
        ordered = sorted(pairs)
        self._keys = [key for key, _ in ordered]
        self._ids = [node for _, node in ordered]
        self._ids_stale = False  # True: the keys were merged since ``_ids`` was last derived from them
        self._removed: set[Key] = set()  # keys in the lists, to take out
        self._added: dict[Key, str] = {}  # keys not in the lists, to put in

    @property
    def keys(self) -> list[Key]:
        self._settle()
        return self._keys

    @property
    def ids(self) -> list[str]:
        self._settle()
        if self._ids_stale:
            # Assigned into the old list, not replacing it: it stays an object the cyclic GC no longer scans (see
            # freeze_long_lived), where a new 100,000-item list costs each collection ~2 ms.
            self._ids[:] = [key[-1] for key in self._keys]
            self._ids_stale = False
        return self._ids

    def between(self, low: Any, high: Any) -> tuple[int, int]:
        """The positions (start, stop) of the keys whose first item is from ``low`` to ``high``."""
        keys = self.keys
        return bisect_left(keys, low, key=_first), bisect_right(keys, high, key=_first)

    def ids_at(self, start: int, stop: int) -> list[str]:
        """The ids from position ``start`` to ``stop``, read off the keys (``ids`` may be waiting for a merge)."""
        return [key[-1] for key in self.keys[start:stop]]

    def update(self, removed: Iterable[Key], added: Iterable[tuple[Key, str]]) -> None:
        """Remove the ids of these keys, then add these (key, id)."""
        for key in removed:
            if self._added.pop(key, None) is None and self._holds(key):
                self._removed.add(key)
        self._added.update(added)

    def _holds(self, key: Key) -> bool:
        at = bisect_left(self._keys, key)
        return at < len(self._keys) and self._keys[at] == key

    def __len__(self) -> int:
        return len(self._keys) - len(self._removed) + len(self._added)

    def _settle(self) -> None:
        if not (self._removed or self._added):
            return
        gone = sorted(bisect_left(self._keys, key) for key in self._removed)
        new = sorted(self._added.items())
        self._removed, self._added = set(), {}
        if len(gone) + len(new) <= _FEW_EDITS:
            self._edit_in_place(gone, new)
        else:
            self._merge(gone, new)

    def _edit_in_place(self, gone: list[int], new: list[tuple[Key, str]]) -> None:
        # A list insert or delete moves the tail of the list in memory; a copy touches every item's reference count.
        lists = (self._keys,) if self._ids_stale else (self._keys, self._ids)
        for at in reversed(gone):
            for items in lists:
                del items[at]
        for key, node in new:
            at = bisect_left(self._keys, key)
            self._keys.insert(at, key)
            if not self._ids_stale:
                self._ids.insert(at, node)

    def _merge(self, gone: list[int], new: list[tuple[Key, str]]) -> None:
        # Assigned into the old list, not replacing it (see ``ids``).
        if gone:
            self._keys[:] = _without(self._keys, gone)
        places = [bisect_left(self._keys, key) for key, _ in new]
        self._keys[:] = _with(self._keys, places, [key for key, _ in new])
        self._ids_stale = True


def _first(key: Key) -> Any:
    return key[0]


def _without(items: list[Any], positions: list[int]) -> list[Any]:
    """``items`` without the items at these positions (ascending)."""
    kept: list[Any] = []
    start = 0
    for at in positions:
        kept += items[start:at]
        start = at + 1
    kept += items[start:]
    return kept


def _with(items: list[Any], positions: list[int], values: list[Any]) -> list[Any]:
    """``items`` with each value inserted before the item at its position (positions ascending, as in ``items``)."""
    merged: list[Any] = []
    start = 0
    for at, value in zip(positions, values, strict=True):
        merged += items[start:at]
        merged.append(value)
        start = at
    merged += items[start:]
    return merged


class DayRows:
    """The timeline's counts per day for one label (None: claims and statements), by date: one row per date with
    something to count. Built once; then each write refreshes only the dates it changed."""

    __slots__ = ("dates", "label", "rows")

    def __init__(self, label: str | None, day_labels: dict[str, Counter[str]]) -> None:
        self.label = label
        self.dates: list[str] = []
        self.rows: list[TimelineDay] = []
        for day in sorted(day_labels):
            row = self._row(day, day_labels[day])
            if row is not None:
                self.dates.append(day)
                self.rows.append(row)

    def _row(self, day: str, counts: Counter[str] | None) -> TimelineDay | None:
        claims = counts["Claim"] if counts and self.label in (None, "Claim") else 0
        statements = counts["Statement"] if counts and self.label in (None, "Statement") else 0
        return TimelineDay(date=day, claims=claims, statements=statements) if claims or statements else None

    def refresh(self, days: Iterable[str], day_labels: dict[str, Counter[str]]) -> None:
        """Bring the rows of these dates up to date with their counts (a date without any leaves the rows)."""
        for day in days:
            row = self._row(day, day_labels.get(day))
            at = bisect_left(self.dates, day)
            present = at < len(self.dates) and self.dates[at] == day
            if row is None:
                if present:
                    del self.dates[at], self.rows[at]
            elif present:
                self.rows[at] = row  # a new object: a page cut from the old list keeps the old row
            else:
                self.dates.insert(at, day)
                self.rows.insert(at, row)


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

    def move(self, changed: dict[str, Evidence | None]) -> set[str]:
        """Give these nodes their new entries (None: out of the index); each sorted list is edited once for all.
        Returns the dates whose counts (``day_labels``) changed."""
        removed: dict[tuple[str, str | None], list[Key]] = {}
        added: dict[tuple[str, str | None], list[tuple[Key, str]]] = {}
        days: set[str] = set()
        for node, entry in changed.items():
            old = self.entries.pop(node, None)
            days.update(day for day in (old and old.day, entry and entry.day) if day)
            if old is not None:
                self._forget(node, old)
                for place, key in _sorted_places(node, old):
                    removed.setdefault(place, []).append(key)
            if entry is not None:
                self._remember(node, entry)
                for place, key in _sorted_places(node, entry):
                    added.setdefault(place, []).append((key, node))
        for place in removed.keys() | added.keys():
            ordered = self._sorted(place)
            ordered.update(removed.get(place, ()), added.get(place, ()))
            if not ordered and place[0] == "list":
                del self.claim_lists[str(place[1])]
        return days

    def _sorted(self, place: tuple[str, str | None]) -> SortedIds:
        kind, name = place
        if kind == "claims":
            return self.claims
        if kind == "statements":
            return self.statements
        if kind == "list":
            return self.claim_lists.setdefault(str(name), SortedIds())
        return self.timeline[name]

    def _remember(self, node: str, entry: Evidence) -> None:
        """Everything but the sorted lists."""
        self.entries[node] = entry
        self.article_of[node] = entry.article
        self.days[node] = entry.day
        by = self.claims_by if entry.label == "Claim" else self.statements_by
        for lookup, value in entry.links:
            by[lookup].setdefault(value, set()).add(node)
        if entry.day:
            self.day_labels.setdefault(entry.day, Counter())[entry.label] += 1

    def _forget(self, node: str, entry: Evidence) -> None:
        del self.article_of[node], self.days[node]
        by = self.claims_by if entry.label == "Claim" else self.statements_by
        for lookup, value in entry.links:
            members = by[lookup][value]
            members.discard(node)
            if not members:
                del by[lookup][value]
        if entry.day:
            counts = self.day_labels[entry.day]
            counts[entry.label] -= 1
            if counts[entry.label] <= 0:
                del counts[entry.label]
            if not counts:
                del self.day_labels[entry.day]


def _sorted_places(node: str, entry: Evidence) -> Iterator[tuple[tuple[str, str | None], Key]]:
    """The sorted lists an entry is in ("claims", ("list", "kind:casualty"), ("timeline", None)…), with its key."""
    key = _claim_key(node, entry)
    yield ("claims" if entry.label == "Claim" else "statements", None), key
    for name in entry.lists:
        yield ("list", name), key
    if entry.day:
        for label in (None, entry.label):
            yield ("timeline", label), (entry.day, node)


class IncrementalIndex:
    """Lookups over the graph of one store, for its current version; ``advance`` moves them to the next."""

    # Lazily built parts and what they read: (node labels, relationship types). A part is dropped when a write
    # changes a node of one of those labels or a relationship of one of those types; a part not listed is dropped
    # at every change.
    DEPENDS: ClassVar[dict[str, tuple[frozenset[str], frozenset[str]]]] = {
        "claim_rank": EVIDENCE_DEPENDS,
        "statement_rank": EVIDENCE_DEPENDS,
        "dated_claim_days": EVIDENCE_DEPENDS,
    }
    _KEPT = frozenset({"graph", "version", "_evidence", "_labels", "_by_label", "_day_rows"})

    def __init__(self, graph: nx.MultiDiGraph, version: int) -> None:
        self.graph = graph
        self.version = version
        self._evidence: _EvidenceLookups | None = None
        self._labels: dict[str, str] | None = None
        self._by_label: dict[str, list[str]] | None = None
        self._day_rows: dict[str | None, DayRows] = {}

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
            days = self._reindex_evidence(self._touched_evidence(changes, self._evidence))
            for rows in self._day_rows.values():
                rows.refresh(days, self._evidence.day_labels)
        self.version = version

    def _reindex_evidence(self, touched: Iterable[str]) -> set[str]:
        """Move the touched claims and statements that changed; returns the dates whose counts changed."""
        lookups = self._evidence
        assert lookups is not None
        changed: dict[str, Evidence | None] = {}
        for node in touched:
            entry = self._entry(node)
            # Most touched entries are unchanged (an article sealed with its digest, a claim joining a group):
            # they stay where they are in the sorted lists.
            if entry != lookups.entries.get(node):
                changed[node] = entry
        return lookups.move(changed)

    def _touched_evidence(self, changes: GraphChanges, lookups: _EvidenceLookups) -> set[str]:
        nodes = self.graph._node
        touched: set[str] = set()
        for node, label in changes.nodes.items():
            if label in EVIDENCE_LABELS:
                touched.add(node)
            elif label == "Article" and node in nodes:
                touched.update(self._redated(node, lookups))
        for source, _, target in changes.rels:
            for end in (source, target):
                if end in lookups.entries or nodes.get(end, {}).get("label") in EVIDENCE_LABELS:
                    touched.add(end)
        return touched

    def _redated(self, article: str, lookups: _EvidenceLookups) -> Iterator[str]:
        """The claims and statements of a changed article that may have moved: those filed under another day now
        (its date changed) and those not in the index yet. Most changes of an article move none (its digest,
        written when it is sealed), and re-reading its claims would cost more than the rest of the catch-up."""
        nodes = self.graph._node
        published = nodes[article].get("published")
        for other, keys in self.graph._succ[article].items():
            if "CONTAINS" not in keys:
                continue
            entry = lookups.entries.get(other)
            if entry is None or (
                entry.article == article and shared.effective_day(nodes[other], published) != entry.day
            ):
                yield other

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
            found = {node: self._entry(node) for label in EVIDENCE_LABELS for node in self.by_label.get(label, [])}
            lookups.move({node: entry for node, entry in found.items() if entry is not None})
            self._evidence = lookups
            freeze_long_lived()
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

    def claims_in_list(self, name: str) -> list[str]:
        """One of ``claims_in_order`` (empty if no claim is in it), without bringing the others up to date."""
        ordered = self.evidence.claim_lists.get(name)
        return ordered.ids if ordered is not None else []

    @property
    def claims_by(self) -> dict[str, dict[str, set[str]]]:
        """Claim ids by kind, claimant, outlet, place (direct) and actor (blamed or about)."""
        return self.evidence.claims_by

    @property
    def statements_by(self) -> dict[str, dict[str, set[str]]]:
        """Statement ids by place (AT), speaker (SAID) and actor (BLAMES or ABOUT)."""
        return self.evidence.statements_by

    @property
    def timeline(self) -> list[Key]:
        """Dated claims and statements, their (date, id) in order."""
        return self.timeline_by_label[None]

    @property
    def timeline_by_label(self) -> dict[str | None, list[Key]]:
        """Dated claims and statements, their (date, id) in order: all of them, and per label."""
        return {label: ordered.keys for label, ordered in self.evidence.timeline.items()}

    def timeline_page(
        self, label: str | None, low_day: str, high_day: str, offset: int, limit: int
    ) -> tuple[int, list[str]]:
        """How many dated claims, statements or both (None) fall from ``low_day`` to ``high_day``, and the ids of
        the page of them from ``offset``; brings only that one list up to date."""
        ordered = self.evidence.timeline[label]
        low, high = ordered.between(low_day, high_day)
        # The page is cut from the index's list: no copy of its 100,000 ids per request.
        return high - low, ordered.ids_at(low + offset, min(high, low + offset + limit))

    def timeline_days(self, label: str | None) -> tuple[list[str], list[TimelineDay]]:
        """The timeline's counts per day of claims, statements or both (None), by date, with their dates; built
        once, then updated by each write (a 10,000-article store has thousands of dates, a write changes a few)."""
        rows = self._day_rows.get(label)
        if rows is None:
            rows = self._day_rows[label] = DayRows(label, self.evidence.day_labels)
        return rows.dates, rows.rows
