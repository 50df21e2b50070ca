"""Applying analysts' judgements (``graph.judgements``) so that they win over the extractor, on every load.

Where they apply, and why there: **the loader applies them to each article's records before they are written**
(``Curation.apply``, called by the pipeline's writer for every mapped article, in worker processes too). The
extractor's version of a judged fact therefore never reaches the store, not even for the moment between a write
and a later fix-up, and one function serves both stores, which only keep the judgements. The same function fixes
what is already stored when a judgement is added (``add_judgements``): it is run on the stored records the
judgement touches, and the difference is written. Links between claim groups are made by ``reconcile`` after the
articles are written, so link judgements are applied right after it (``apply_link_judgements``).

Claims and statements are found by id, or, when an edited article moved their offsets, by their article and text
(the judgement's ``anchors``). Undoing a judgement re-extracts the articles it touched from their stored text, so
the extractor's version comes back with every other judgement still applied.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from graph.errors import NotFoundError, SchemaError
from graph.judgements import LINK_TYPES, Judgement, JudgementError, checked, perpetrators
from graph.records import GraphBatch, NodeRecord, RelRecord, WriteSummary
from graph.schema import SCHEMA
from graph.store import GraphStore
from loaders.agreement import reconcile
from loaders.event_keys import toll_group
from loaders.records import Article

ACTOR_LABELS = frozenset(label for label in SCHEMA.labels_in_group("actor") if label != "Outlet")
ENTITY_LABELS = frozenset(SCHEMA.labels_in_group("actor") + SCHEMA.labels_in_group("place"))
EVIDENCE_LABELS = frozenset({"Claim", "Statement"})
PLACE_LABEL = "Location"
GROUP_LABEL = "ClaimGroup"
# What an action's targets must be: one set of labels per target (None: the action takes no target of that kind).
_TARGET_LABELS: dict[str, tuple[frozenset[str], ...]] = {
    "merge": (ENTITY_LABELS, ENTITY_LABELS),
    "not_same": (ENTITY_LABELS, ENTITY_LABELS),
    "rename": (ENTITY_LABELS,),
    "relabel": (ACTOR_LABELS,),
    "set_place": (frozenset({PLACE_LABEL}),),
    "reject": (EVIDENCE_LABELS,),
    "set_claim": (frozenset({"Claim"}),),
    "reject_link": (frozenset({GROUP_LABEL}), frozenset({GROUP_LABEL})),
    "add_link": (frozenset({GROUP_LABEL}), frozenset({GROUP_LABEL})),
    "confirm": (ENTITY_LABELS | EVIDENCE_LABELS | {GROUP_LABEL},),
}
_Key = tuple[str, str, str]


def _anchor_key(label: str, properties: dict[str, Any]) -> tuple[str, str, str] | None:
    """What identifies a claim or statement in its article apart from its offsets."""
    article_id, text = properties.get("article_id"), properties.get("text")
    if not isinstance(article_id, str) or not isinstance(text, str):
        return None
    return (label, article_id, text)


class Curation:
    """Every judgement of a store, indexed for applying them to records; later judgements win over earlier ones."""

    def __init__(self, judgements: Sequence[Judgement] = ()) -> None:
        self.judgements = list(judgements)
        self.merged_into: dict[str, str] = {}  # merged entity -> the entity kept
        # Entities judgements link to (kept in a merge, claimants, perpetrators, parents) -> (label, name) as they
        # were judged: written along with a link to them, so an article loaded before the one that names them fits.
        self.kept: dict[str, tuple[str, str]] = {}
        self.not_same: set[frozenset[str]] = set()
        self.node_edits: dict[str, dict[str, Any]] = {}  # entity or claim id -> properties to set
        self.labels: dict[str, str] = {}
        self.parents: dict[str, str] = {}
        self.rejected: set[str] = set()
        self.claimants: dict[str, tuple[str, str]] = {}  # claim -> (actor id, actor name)
        self.perpetrators: dict[str, list[str]] = {}
        self.regrouped: set[str] = set()  # claims whose value or kind changed: their group is computed again
        self.anchored: dict[tuple[str, str, str], str] = {}  # anchor -> judged claim or statement id
        self.rejected_links: set[_Key] = set()
        self.added_links: dict[_Key, dict[str, Any]] = {}
        self.evidence_ids: set[str] = set()  # claims and statements judged by id
        for judgement in self.judgements:
            self._index(judgement)

    def add(self, judgement: Judgement) -> None:
        """Take one more judgement (it applies after the others)."""
        self.judgements.append(judgement)
        self._index(judgement)

    @classmethod
    def of(cls, store: GraphStore) -> Curation:
        """The store's judgements, ready to apply."""
        return cls(store.judgements())

    @property
    def empty(self) -> bool:
        """No judgement changes records (confirmations and not-same decisions change none)."""
        return not (
            self.merged_into
            or self.node_edits
            or self.labels
            or self.parents
            or self.rejected
            or self.claimants
            or self.perpetrators
            or self.regrouped
        )

    def _index(self, judgement: Judgement) -> None:
        action, targets, payload = judgement.action, judgement.targets, judgement.payload
        names, labels = judgement.anchors.get("names") or {}, judgement.anchors.get("labels") or {}
        for node_id, label in labels.items() if isinstance(labels, dict) else ():
            if label in ENTITY_LABELS:
                self.kept[node_id] = (str(label), str(names.get(node_id, node_id)))
        anchors = judgement.anchors.get("evidence") or {}
        if isinstance(anchors, dict):
            for target, anchor in anchors.items():
                if isinstance(anchor, list) and len(anchor) == 3:
                    self.anchored[(str(anchor[0]), str(anchor[1]), str(anchor[2]))] = target
        if action == "merge":
            keep, drop = targets
            keep = self.merged_into.get(keep, keep)
            self.merged_into[drop] = keep
            for merged, kept in self.merged_into.items():  # an entity merged into the one now merged moves on
                if kept == drop:
                    self.merged_into[merged] = keep
            self.kept.setdefault(keep, (str(labels.get(targets[0], "")), str(names.get(targets[0], keep))))
        elif action == "not_same":
            self.not_same.add(frozenset(targets))
        elif action == "rename":
            self.node_edits.setdefault(targets[0], {})["name"] = payload["name"].strip()
        elif action == "relabel":
            self.labels[targets[0]] = payload["label"]
        elif action == "set_place":
            edits: dict[str, Any] = {key: float(payload[key]) for key in ("lat", "lon") if key in payload}
            if edits:
                self.node_edits.setdefault(targets[0], {}).update(edits)
            if "parent" in payload:
                self.parents[targets[0]] = payload["parent"]
        elif action == "reject":
            self.rejected.add(targets[0])
            self.evidence_ids.add(targets[0])
        elif action == "set_claim":
            self._index_claim_edit(judgement)
        elif action == "reject_link":
            key = (targets[0], payload["type"], targets[1])
            self.rejected_links.add(key)
            self.added_links.pop(key, None)
        elif action == "add_link":
            key = (targets[0], payload["type"], targets[1])
            self.added_links[key] = {"reason": payload.get("reason") or f"judgement by {judgement.who}"}
            self.rejected_links.discard(key)

    def _index_claim_edit(self, judgement: Judgement) -> None:
        claim, payload = judgement.targets[0], judgement.payload
        self.evidence_ids.add(claim)
        edits: dict[str, Any] = {key: payload[key] for key in ("value", "value_max", "kind") if key in payload}
        if "value" in edits and "value_max" not in edits:
            edits["value_max"] = edits["value"]
        if edits:
            self.node_edits.setdefault(claim, {}).update(edits)
            self.regrouped.add(claim)
        if "claimant" in payload:
            names = judgement.anchors.get("names") or {}
            self.claimants[claim] = (payload["claimant"], str(names.get(payload["claimant"], payload["claimant"])))
        if "perpetrator" in payload:
            self.perpetrators[claim] = perpetrators(judgement)

    # -- applying -----------------------------------------------------------------------------------------------

    def judged_id(self, node: NodeRecord) -> str:
        """The id judgements know a record by: its own, or for a claim or statement whose offsets moved, the id
        it had when judged."""
        if node.label not in EVIDENCE_LABELS or node.id in self.evidence_ids or not self.anchored:
            return node.id
        key = _anchor_key(node.label, node.properties)
        return self.anchored.get(key, node.id) if key else node.id

    def apply(self, batch: GraphBatch) -> GraphBatch:
        """The batch as the judgements have it: merged entities replaced by the one kept, rejected facts left
        out, names, labels, coordinates, parents, claimants, perpetrators and values set."""
        if self.empty:
            return batch
        judged = {node.id: self.judged_id(node) for node in batch.nodes if node.label in EVIDENCE_LABELS}
        removed: set[str] = set()
        nodes: dict[str, NodeRecord] = {}
        groups = {node.id: node for node in batch.nodes if node.label == GROUP_LABEL}
        group_of = {
            rel.source: groups[rel.target] for rel in batch.rels if rel.type == "IN_GROUP" and rel.target in groups
        }
        for node in batch.nodes:
            target = judged.get(node.id, node.id)
            if target in self.rejected:
                removed.add(node.id)
            elif node.id in self.merged_into:
                keep = self.merged_into[node.id]
                label, name = self.kept.get(keep, (node.label, keep))
                nodes.setdefault(keep, NodeRecord(keep, label or node.label, {"name": name}))
            else:
                nodes[node.id] = node  # a record of the entity kept replaces the stand-in made for it above
        rels: dict[_Key, dict[str, Any]] = {}
        claims = {node_id for node_id, node in nodes.items() if node.label == "Claim"}
        for rel in batch.rels:
            if rel.source in removed or rel.target in removed:
                continue
            source = self.merged_into.get(rel.source, rel.source)
            target = self.merged_into.get(rel.target, rel.target)
            if source == target and rel.source != rel.target:
                continue  # a role between two names of one entity
            if self._replaced(rel.type, source, judged.get(source, source), judged.get(target, target)):
                continue
            if (source != rel.source or target != rel.target or self.labels) and not self._fits(
                rel.type, source, target, nodes
            ):
                continue  # a merge or a new label wins over a fact the schema no longer allows (a Faction AUTHORED)
            key = (source, rel.type, target)
            rels[key] = _collapsed(rels[key], rel.properties) if key in rels else rel.properties
        for node_id in list(nodes):
            nodes[node_id] = self._edited(nodes[node_id], judged.get(node_id, node_id))
        for claim in claims:
            self._add_claim_links(claim, judged.get(claim, claim), nodes, group_of.get(claim), rels)
        for place, parent in self.parents.items():
            if place in nodes:
                rels[(place, "LOCATED_IN", self._stand_in(parent, nodes))] = {}
        return dataclasses.replace(
            batch,
            nodes=list(nodes.values()),
            rels=[RelRecord(*key, props) for key, props in rels.items()],
        )

    def _replaced(self, rel_type: str, source: str, judged_source: str, judged_target: str) -> bool:
        """Whether a judgement replaces this relationship with its own."""
        if rel_type == "LOCATED_IN":
            return source in self.parents
        if rel_type == "CLAIMS":
            return judged_target in self.claimants
        if rel_type == "BLAMES":
            return judged_source in self.perpetrators
        if rel_type == "IN_GROUP":
            return judged_source in self.regrouped
        return False

    def _stand_in(self, entity_id: str, nodes: dict[str, NodeRecord]) -> str:
        """The entity a judgement links to, as it now is (merged, renamed): added to the records when they lack it."""
        entity_id = self.merged_into.get(entity_id, entity_id)
        if entity_id not in nodes and entity_id in self.kept:
            label, name = self.kept[entity_id]
            nodes[entity_id] = self._edited(NodeRecord(entity_id, label, {"name": name}), entity_id)
        return entity_id

    def _fits(self, rel_type: str, source: str, target: str, nodes: dict[str, NodeRecord]) -> bool:
        """Whether the schema allows this relationship between its ends' labels as judged (unknown ends pass:
        the store checks them)."""
        labels = []
        for end in (source, target):
            node = nodes.get(end)
            label = self.labels.get(end) or (node.label if node else None) or self.kept.get(end, ("", ""))[0]
            if not label:
                return True
            labels.append(label)
        try:
            SCHEMA.validate_relationship(rel_type, labels[0], labels[1])
        except SchemaError:
            return False
        return True

    def _edited(self, node: NodeRecord, judged: str) -> NodeRecord:
        edits = self.node_edits.get(judged)
        label = self.labels.get(judged, node.label)
        claimant = self.claimants.get(judged)
        if edits is None and label == node.label and claimant is None:
            return node
        properties = {**node.properties, **(edits or {})}
        if claimant is not None:
            properties["claimant"] = claimant[1]
        if label != node.label:
            properties["provisional"] = None  # a person decided the label: it is no longer a guess
        return NodeRecord(node.id, label, properties)

    def _add_claim_links(
        self,
        claim: str,
        judged: str,
        nodes: dict[str, NodeRecord],
        old_group: NodeRecord | None,
        rels: dict[_Key, dict[str, Any]],
    ) -> None:
        claimant = self.claimants.get(judged)
        if claimant is not None:
            rels[(self._stand_in(claimant[0], nodes), "CLAIMS", claim)] = {}
        for actor in self.perpetrators.get(judged, []):
            rels[(claim, "BLAMES", self._stand_in(actor, nodes))] = {}
        if judged in self.regrouped:
            group = _regrouped(nodes[claim], old_group)
            if group is not None:
                nodes[group.id] = group
                rels[(claim, "IN_GROUP", group.id)] = {}


def _collapsed(one: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """One relationship for two that a merge made the same (an article MENTIONS both names of one entity): the
    earlier mention's properties, and the counts added. The same whichever comes first, so a store judged after its
    load and one loaded with the judgements end up alike."""
    first, second = sorted(
        (one, other), key=lambda props: (props.get("start", -1), json.dumps(props, sort_keys=True, default=str))
    )
    merged = {**second, **first}
    if isinstance(one.get("count"), int) and isinstance(other.get("count"), int):
        merged["count"] = one["count"] + other["count"]
    return merged


def _regrouped(claim: NodeRecord, old: NodeRecord | None) -> NodeRecord | None:
    """The group a toll joins once a judgement corrected its figure (blame and denials keep no group here: their
    groups come from sides the extractor resolved)."""
    props = claim.properties
    topic, value = props.get("topic"), props.get("value")
    if props.get("kind") != "casualty" or not isinstance(topic, str) or not isinstance(value, int):
        return None
    as_of = props.get("as_of") or props.get("date")
    if old is not None and old.properties.get("as_of"):
        as_of = old.properties["as_of"]
    value_max = props.get("value_max")
    value_max = value_max if isinstance(value_max, int) else value
    vague = props.get("qualifier") == "vague"
    scope = old.properties.get("scope") if old is not None else None
    return toll_group(topic, value, value_max, str(as_of) if as_of else None, vague, str(scope) if scope else None)


# -- checking and adding judgements -------------------------------------------------------------------------------


def _referenced(judgement: Judgement) -> list[str]:
    """Ids a judgement's payload names besides its targets: a parent place, a claimant, perpetrators."""
    payload = judgement.payload
    found = [payload[key] for key in ("parent", "claimant") if isinstance(payload.get(key), str)]
    return found + perpetrators(judgement)


def accepted(store: GraphStore, judgement: Judgement, curation: Curation) -> Judgement:
    """The judgement with its anchors filled in, if every id it names is in the store with a fitting label and no
    earlier judgement contradicts it; otherwise ``JudgementError`` saying which id and why."""
    judgement = checked(judgement)
    targets = list(judgement.targets)
    labels = store.node_labels([*targets, *_referenced(judgement)])
    anchors: dict[str, Any] = dict(judgement.anchors)
    targets = _find_moved_evidence(store, targets, labels, anchors)
    for target, allowed in zip(targets, _TARGET_LABELS[judgement.action], strict=True):
        label = labels.get(target)
        if label is None:
            merged = curation.merged_into.get(target)
            hint = f" (it was merged into {merged!r})" if merged else " (ids are listed by `claimgraph review`)"
            raise JudgementError(f"{judgement.action}: unknown id {target!r}: no such node in the store{hint}")
        if label not in allowed:
            raise JudgementError(
                f"{judgement.action}: {target!r} is a {label}; this action takes {' or '.join(sorted(allowed))}"
            )
    _check_references(judgement, labels)
    _check_consistency(judgement, labels, curation)
    nodes = {node.id: node for node in store.get_nodes([*targets, *_referenced(judgement)])}
    anchors["names"] = {node_id: node.properties.get("name", node_id) for node_id, node in nodes.items()}
    anchors["labels"] = {node_id: node.label for node_id, node in nodes.items()}
    evidence = {
        target: list(key)
        for target in targets
        if target in nodes and (key := _anchor_key(nodes[target].label, nodes[target].properties))
    }
    if evidence:
        anchors["evidence"] = evidence
    return dataclasses.replace(judgement, targets=tuple(targets), anchors=anchors)


def _find_moved_evidence(
    store: GraphStore, targets: list[str], labels: dict[str, str], anchors: dict[str, Any]
) -> list[str]:
    """Imported judgements name claims by the id they had; an edited article may have moved them: find them by
    their anchor (article and text) instead."""
    evidence = anchors.get("evidence") or {}
    found = []
    for target in targets:
        anchor = evidence.get(target) if isinstance(evidence, dict) else None
        if target not in labels and isinstance(anchor, list) and len(anchor) == 3:
            label, article_id, text = (str(part) for part in anchor)
            matches = [
                n for n in store.find_nodes(label, "article_id", [article_id]) if n.properties.get("text") == text
            ]
            if matches:
                labels[matches[0].id] = label
                target = matches[0].id
        found.append(target)
    return found


def _check_references(judgement: Judgement, labels: dict[str, str]) -> None:
    payload, action = judgement.payload, judgement.action
    wanted: list[tuple[str, frozenset[str]]] = []
    if isinstance(payload.get("parent"), str):
        wanted.append((payload["parent"], frozenset({PLACE_LABEL})))
    if isinstance(payload.get("claimant"), str):
        wanted.append((payload["claimant"], frozenset(SCHEMA.labels_in_group("actor"))))
    wanted += [(actor, frozenset(SCHEMA.labels_in_group("actor")) | {PLACE_LABEL}) for actor in perpetrators(judgement)]
    for node_id, allowed in wanted:
        label = labels.get(node_id)
        if label is None:
            raise JudgementError(f"{action}: unknown id {node_id!r}: no such node in the store")
        if label not in allowed:
            raise JudgementError(f"{action}: {node_id!r} is a {label}, not a {' or '.join(sorted(allowed))}")
    if action == "relabel" and payload["label"] not in ACTOR_LABELS:
        raise JudgementError(f"relabel: label must be one of {', '.join(sorted(ACTOR_LABELS))}")
    if action == "set_place" and payload.get("parent") == judgement.targets[0]:
        raise JudgementError("set_place: a place cannot be its own parent")


def _check_consistency(judgement: Judgement, labels: dict[str, str], curation: Curation) -> None:
    targets = judgement.targets
    if judgement.action == "merge":
        keep, drop = targets
        if frozenset(targets) in curation.not_same:
            raise JudgementError(f"merge: {keep!r} and {drop!r} were judged different (undo that judgement first)")
        kinds = {_merge_kind(labels[keep]), _merge_kind(labels[drop])}
        if len(kinds) > 1:
            raise JudgementError(f"merge: a {labels[drop]} cannot be merged into a {labels[keep]}")
    elif judgement.action == "not_same":
        a, b = targets
        if curation.merged_into.get(a) == b or curation.merged_into.get(b) == a:
            raise JudgementError(f"not_same: {a!r} and {b!r} are merged by an earlier judgement (undo it first)")


def _merge_kind(label: str) -> str:
    """Places merge with places, outlets with outlets, other actors with other actors (their relationships fit)."""
    return label if label in (PLACE_LABEL, "Outlet") else "actor"


def add_judgements(store: GraphStore, judgements: Sequence[Judgement]) -> list[Judgement]:
    """Check, store and apply judgements to what the store holds now; all are refused when one is wrong.

    Returns them as stored (anchors filled in). Each is applied as it is accepted, so a later one in the list can
    name what an earlier one made (a merged entity's facts, say)."""
    curation = Curation.of(store)
    taken: list[Judgement] = []
    known = {j.id for j in curation.judgements}
    for number, judgement in enumerate(judgements, start=1):
        if judgement.id in known:
            continue  # imported twice: judgements are identified by content and time
        try:
            judgement = accepted(store, judgement, curation)
        except JudgementError as exc:
            where = f"judgement {number}: " if len(judgements) > 1 else ""
            raise JudgementError(
                f"{where}{exc}; nothing was saved" if taken or len(judgements) > 1 else str(exc)
            ) from None
        curation.add(judgement)
        taken.append(judgement)
        known.add(judgement.id)
    if not taken:
        return []
    store.save_judgements(taken)
    try:
        apply_to_store(store, curation, taken)
    except BaseException as exc:
        for judgement in taken:  # a refused write leaves no judgement behind that the graph does not show
            store.delete_judgement(judgement.id)
        if isinstance(exc, SchemaError):
            raise JudgementError(f"refused, the graph could not take it: {exc}; nothing was saved") from None
        raise
    return taken


def _touched_ids(store: GraphStore, judgements: Iterable[Judgement], curation: Curation) -> list[str]:
    ids: dict[str, None] = {}
    for judgement in judgements:
        for target in judgement.targets:
            ids[target] = None
            ids[curation.merged_into.get(target, target)] = None
    return list(ids)


def apply_to_store(store: GraphStore, curation: Curation, judgements: Iterable[Judgement]) -> WriteSummary:
    """Make the stored records the judgements touch what the loader would now write: the same ``apply`` on the
    stored records, and the difference written in one transaction; then the claims' groups are reconciled."""
    judgements = list(judgements)
    ids = _touched_ids(store, judgements, curation)
    before_nodes = store.get_nodes(ids)
    before_rels = store.rels_of(ids)
    group_ids = [rel.target for rel in before_rels if rel.type == "IN_GROUP"]
    before_nodes += store.get_nodes(group_ids)
    before = GraphBatch(nodes=before_nodes, rels=before_rels)
    after = curation.apply(before)
    after_labels = {node.id: node.label for node in after.nodes}
    delete_nodes = [
        node.id for node in before_nodes if node.label != GROUP_LABEL and after_labels.get(node.id) != node.label
    ]
    after_keys = {(rel.source, rel.type, rel.target) for rel in after.rels}
    gone = set(delete_nodes)
    delete_rels = [
        (rel.source, rel.type, rel.target)
        for rel in before_rels
        if (rel.source, rel.type, rel.target) not in after_keys and rel.source not in gone and rel.target not in gone
    ]
    summary = store.write(
        GraphBatch(nodes=after.nodes, rels=after.rels, delete_rels=delete_rels, delete_nodes=delete_nodes)
    )
    topics = {str(n.properties["topic"]) for n in [*before_nodes, *after.nodes] if "topic" in n.properties}
    summary = summary + reconcile(store, topics)
    return summary + apply_link_judgements(store, curation)


def apply_link_judgements(store: GraphStore, curation: Curation) -> WriteSummary:
    """Remove rejected links and add the analysts' own between claim groups (after ``reconcile``, which made the
    extractor's); a link whose groups are gone waits until they come back."""
    wanted = set(curation.rejected_links) | set(curation.added_links)
    if not wanted:
        return WriteSummary()
    ends = {end for source, _, target in wanted for end in (source, target)}
    present = store.node_labels(ends)
    existing = {
        (rel.source, rel.type, rel.target): rel.properties
        for rel in store.rels_of(sorted(ends), LINK_TYPES)
        if (rel.source, rel.type, rel.target) in wanted
    }
    batch = GraphBatch(
        delete_rels=[key for key in curation.rejected_links if key in existing],
        rels=[
            RelRecord(*key, props)
            for key, props in curation.added_links.items()
            if key[0] in present and key[2] in present and existing.get(key) != props
        ],
    )
    if not (batch.rels or batch.delete_rels):
        return WriteSummary()
    return store.write(batch)


# -- undo -----------------------------------------------------------------------------------------------------------


def undo_judgement(
    store: GraphStore, judgement_id: str, *, gazetteer: Any = None, gazetteer_files: Sequence[str] = ()
) -> Judgement:
    """Remove a judgement and give back the extractor's version of what it changed: the articles it touched are
    extracted again from their stored text, with every other judgement applied."""
    judgement = next((j for j in store.judgements() if j.id == judgement_id), None)
    if judgement is None:
        raise NotFoundError(f"no judgement {judgement_id!r} (`claimgraph judgements list` shows them)")
    articles = _articles_to_extract_again(store, judgement)
    store.delete_judgement(judgement_id)
    curation = Curation.of(store)
    if judgement.action in ("reject_link", "add_link"):
        _undo_link(store, judgement)
    elif judgement.action not in ("confirm", "not_same"):
        _forget_entity_facts(store, judgement)
        extract_again(store, articles, gazetteer=gazetteer, gazetteer_files=gazetteer_files)
    apply_link_judgements(store, curation)
    return judgement


def _articles_to_extract_again(store: GraphStore, judgement: Judgement) -> list[str]:
    if judgement.action in ("confirm", "not_same", "reject_link", "add_link"):
        return []
    evidence = judgement.anchors.get("evidence") or {}
    if judgement.action in ("reject", "set_claim"):
        return sorted({str(anchor[1]) for anchor in evidence.values()} if isinstance(evidence, dict) else set())
    ids = list(judgement.targets)
    if judgement.action == "set_place" or (judgement.anchors.get("labels") or {}).get(ids[0]) == PLACE_LABEL:
        ids += [rel.source for rel in store.rels_of(ids, ["LOCATED_IN"]) if rel.target in ids]
    linked = store.rels_of(ids, ["MENTIONS", "PUBLISHED", "AUTHORED", "CONTAINS"])
    labels = store.node_labels({rel.source for rel in linked} | {rel.target for rel in linked})
    return sorted({end for rel in linked for end in (rel.source, rel.target) if labels.get(end) == "Article"})


def _forget_entity_facts(store: GraphStore, judgement: Judgement) -> None:
    """Before the articles are extracted again: a relabelled entity is removed (its old label comes back, which a
    store cannot write over), and relationships between entities that a merge or a parent moved are dropped (the
    articles write the extractor's again)."""
    if judgement.action not in ("merge", "relabel", "set_place"):
        return
    target = judgement.targets[0]
    if judgement.action == "relabel":
        store.write(GraphBatch(delete_nodes=[target]))
        return
    rels = store.rels_of([target])
    labels = store.node_labels({end for rel in rels for end in (rel.source, rel.target)})
    between = [
        (rel.source, rel.type, rel.target)
        for rel in rels
        if labels.get(rel.source) in ENTITY_LABELS and labels.get(rel.target) in ENTITY_LABELS
    ]
    if between:
        store.write(GraphBatch(delete_rels=between))


def _undo_link(store: GraphStore, judgement: Judgement) -> None:
    key = (judgement.targets[0], str(judgement.payload["type"]), judgement.targets[1])
    if judgement.action == "add_link":
        store.write(GraphBatch(delete_rels=[key]))
    topics = {str(g.properties["topic"]) for g in store.get_nodes(judgement.targets) if "topic" in g.properties}
    reconcile(store, topics)


def stored_article(store: GraphStore, node: NodeRecord) -> Article:
    """An article as it was read, rebuilt from its stored node and its outlet and author."""
    props = node.properties
    outlet = author = None
    rels = store.rels_of([node.id], ["PUBLISHED", "AUTHORED"])
    names = {n.id: n.properties.get("name") for n in store.get_nodes(rel.source for rel in rels)}
    for rel in rels:
        name = names.get(rel.source)
        if rel.type == "PUBLISHED":
            outlet = str(name) if name else None
        else:
            author = str(name) if name else None
    published = props.get("published")
    return Article(
        id=node.id,
        text=str(props.get("text") or ""),
        title=props.get("name"),
        outlet=outlet,
        author=author,
        published=date.fromisoformat(published[:10]) if isinstance(published, str) else None,
        url=props.get("url"),
        language=props.get("language"),
        source=str(props.get("source") or node.id),
    )


def extract_again(
    store: GraphStore, article_ids: Sequence[str], *, gazetteer: Any = None, gazetteer_files: Sequence[str] = ()
) -> None:
    """Extract these stored articles again (they replace their facts) and keep their digests, so that reloading
    their files afterwards still finds them unchanged."""
    if not article_ids:
        return
    from loaders.pipeline import load_articles  # the pipeline imports this module

    nodes = [node for node in store.get_nodes(article_ids) if node.label == "Article"]
    articles = [stored_article(store, node) for node in nodes]
    digests = {node.id: node.properties.get("sha256") for node in nodes}
    store.write(
        GraphBatch(nodes=[NodeRecord(n.id, n.label, {"name": n.properties.get("name"), "sha256": None}) for n in nodes])
    )
    load_articles(store, articles, gazetteer=gazetteer, gazetteer_files=gazetteer_files)
    store.write(
        GraphBatch(
            nodes=[
                NodeRecord(n.id, n.label, {"name": n.properties.get("name"), "sha256": digests[n.id]}) for n in nodes
            ]
        )
    )


def judgements_touching(store: GraphStore, node: NodeRecord) -> list[dict[str, Any]]:
    """The audit of every judgement that touched this node (who, when, why), for the API's details."""
    return judgements_by_node(Curation.of(store), [node]).get(node.id, [])


def judgements_by_node(curation: Curation, nodes: Sequence[NodeRecord]) -> dict[str, list[dict[str, Any]]]:
    """For each of ``nodes`` a judgement touched, the audits of those judgements (who, when, why), in the order
    they were made; one pass over the judgements for a whole page of nodes."""
    if curation.empty:
        return {}
    names = {node.id: {node.id, curation.judged_id(node)} for node in nodes}
    found: dict[str, list[dict[str, Any]]] = {}
    for judgement in curation.judgements:
        named = set(judgement.targets) | set(_referenced(judgement)) | set(curation_merged(judgement))
        for node_id, spellings in names.items():
            if spellings & named:
                found.setdefault(node_id, []).append(judgement.audit)
    return found


def curation_merged(judgement: Judgement) -> list[str]:
    """For a merge, both entities; for others, none beyond their targets."""
    return list(judgement.targets) if judgement.action == "merge" else []
