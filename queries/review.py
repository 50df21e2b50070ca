"""The review queue: what the extractor was least sure of, most depended-on first.

Five kinds of item, each with the sentence it came from where there is one:

- ``provisional``: an entity found in text but not in the gazetteer (its label is a guess); merge candidates with
  similar names are suggested;
- ``fuzzy_name``: an entity some article names by a spelling close to its name or an alias but none of them (the
  gazetteer matched it approximately; a metonym such as "Moscow" for Russia's government is not one);
- ``no_claimant``: a claim nobody is recorded as making;
- ``weak_blame``: a blame claim whose sentence has none of the explicit cues ("carried out by", "responsible for",
  "accused", "blamed", "claimed responsibility", "at the hands of", "committed by" …);
- ``single_source_contradiction``: two groups that contradict each other, each resting on one article.

Ranked by degree: how many relationships the item's node has (a group pair: its claims), so a fix that corrects
many facts comes first. Items an analyst confirmed, and name pairs judged different, leave the queue.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from graph.schema import SCHEMA
from graph.store import GraphStore
from queries.shared import sentence_of

REVIEW_KINDS = ("provisional", "fuzzy_name", "no_claimant", "weak_blame", "single_source_contradiction")
_ENTITY_LABELS = frozenset(SCHEMA.labels_in_group("actor") + SCHEMA.labels_in_group("place"))
_STRONG_BLAME = re.compile(
    r"carried out by|at the hands of|responsib|accus|blam|committed by|perpetrat|launched by|conducted by"
    r"|(?:shelled|bombed|attacked|struck|killed|massacred|executed) by"
    r"|(?:massacre|attack|killing|shelling|strike|bombing)s? (?:of [^.]{0,80}?)?by\b",
    re.IGNORECASE,
)
_SUGGESTION_SCORE = 85
_APPROXIMATE_SCORE = 80  # below the extractor's fuzzy cut-off (90): its matches, compared without case or accents


@dataclass(slots=True)
class ReviewItem:
    """One thing to check: why it is here, the node, and the sentence it came from (``highlight``: the span of
    the fact within ``sentence``)."""

    kind: str
    id: str
    label: str
    name: str
    degree: int
    reason: str
    article_id: str | None = None
    sentence: str | None = None
    highlight: tuple[int, int] | None = None
    other_id: str | None = None  # the second group of a contradiction
    suggestions: list[dict[str, str]] = field(default_factory=list)  # merge candidates: {id, name, label}

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["highlight"] = list(self.highlight) if self.highlight else None
        return data


def _plain(text: str) -> str:
    """A spelling compared without case, accents, punctuation or a leading article."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"^(the|al|el)[\s-]+", "", text.strip())
    return re.sub(r"[^a-z0-9]+", "", text)


def _evidence_context(node: Any, nodes: dict[str, Any]) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """A claim's article, its sentence (read from the article's text) and the claim's span within it."""
    props = node.properties
    article = nodes.get(str(props.get("article_id")))
    text = article.properties.get("text") if article else None
    start = props.get("sentence_start")
    sentence = sentence_of(text, props) or props.get("sentence")  # older stores kept it on the claim
    if not isinstance(sentence, str) or not isinstance(start, int):
        return props.get("article_id"), None, None
    begin, end = int(props.get("start", start)) - start, int(props.get("end", start)) - start
    span = (begin, end) if 0 <= begin <= end <= len(sentence) else None
    return props.get("article_id"), sentence, span


def review_queue(store: GraphStore, *, kinds: tuple[str, ...] = REVIEW_KINDS, limit: int = 50) -> list[ReviewItem]:
    """The review queue, most depended-on first (see the module docstring). Reads the whole graph once."""
    judgements = store.judgements()
    confirmed = {j.targets[0] for j in judgements if j.action == "confirm"}
    different = {frozenset(j.targets) for j in judgements if j.action == "not_same"}
    nodes = {node.id: node for node in store.iter_nodes()}
    degree: Counter[str] = Counter()
    claimed: set[str] = set()
    mentions: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    members: dict[str, set[str]] = defaultdict(set)  # group -> articles of its claims
    contradictions: list[tuple[str, str]] = []
    for rel in store.iter_rels():
        degree[rel.source] += 1
        degree[rel.target] += 1
        if rel.type == "CLAIMS":
            claimed.add(rel.target)
        elif rel.type == "MENTIONS":
            mentions[rel.target].append((rel.source, rel.properties))
        elif rel.type == "IN_GROUP" and rel.source in nodes:
            members[rel.target].add(str(nodes[rel.source].properties.get("article_id")))
        elif rel.type == "CONTRADICTS":
            contradictions.append((rel.source, rel.target))
    items: list[ReviewItem] = []
    wanted = set(kinds)
    if wanted & {"provisional", "fuzzy_name"}:
        items += _entity_items(nodes, degree, mentions, wanted)
    for node in nodes.values():
        if node.label != "Claim" or node.id in confirmed:
            continue
        article_id, sentence, span = _evidence_context(node, nodes)
        if "no_claimant" in wanted and node.id not in claimed:
            items.append(
                ReviewItem(
                    "no_claimant",
                    node.id,
                    node.label,
                    str(node.properties.get("name", node.id)),
                    degree[node.id],
                    "nobody is recorded as making this claim",
                    article_id,
                    sentence,
                    span,
                )
            )
        if (
            "weak_blame" in wanted
            and node.properties.get("kind") == "blame"
            and not _STRONG_BLAME.search(sentence or "")
        ):
            items.append(
                ReviewItem(
                    "weak_blame",
                    node.id,
                    node.label,
                    str(node.properties.get("name", node.id)),
                    degree[node.id],
                    "blame read without an explicit cue (carried out by, responsible, accused…)",
                    article_id,
                    sentence,
                    span,
                )
            )
    if "single_source_contradiction" in wanted:
        for a, b in contradictions:
            if len(members.get(a, ())) == 1 and len(members.get(b, ())) == 1 and not {a, b} & confirmed:
                group = nodes.get(a)
                other = nodes.get(b)
                name = f"{group.properties.get('name', a) if group else a} ≠ {other.properties.get('name', b) if other else b}"
                items.append(
                    ReviewItem(
                        "single_source_contradiction",
                        a,
                        "ClaimGroup",
                        name,
                        degree[a] + degree[b],
                        "a contradiction between two figures, each from one article",
                        other_id=b,
                    )
                )
    items = [item for item in items if item.id not in confirmed]
    items.sort(key=lambda item: (-item.degree, REVIEW_KINDS.index(item.kind), item.id))
    shown = items[:limit] if limit > 0 else items
    _suggest_merges(shown, nodes, different)
    return shown


def _suggest_merges(items: list[ReviewItem], nodes: dict[str, Any], different: set[frozenset[str]]) -> None:
    """Merge candidates for the provisional items shown, and only those: a fuzzy search against every known name is
    the queue's costliest step, and a page shows a few dozen of the thousands of provisional entities."""
    provisional = [item for item in items if item.kind == "provisional"]
    if not provisional:
        return
    known = {
        node.id: str(node.properties.get("name", node.id))
        for node in nodes.values()
        if node.label in _ENTITY_LABELS and not node.properties.get("provisional")
    }
    pools: dict[str, dict[str, str]] = defaultdict(dict)
    for node_id, name in known.items():
        pools[_merge_group(nodes[node_id].label)][node_id] = name
    for item in provisional:
        pool = {
            node_id: name
            for node_id, name in pools[_merge_group(item.label)].items()
            if frozenset({item.id, node_id}) not in different
        }
        found = process.extract(item.name, pool, scorer=fuzz.WRatio, limit=3, score_cutoff=_SUGGESTION_SCORE)
        item.suggestions = [{"id": key, "name": value, "label": nodes[key].label} for value, _, key in found]


def _merge_group(label: str) -> str:
    """Entities are merged only within their group: places with places, outlets with outlets, actors with actors."""
    return "place" if label == "Location" else ("outlet" if label == "Outlet" else "actor")


def _entity_items(
    nodes: dict[str, Any],
    degree: Counter[str],
    mentions: dict[str, list[tuple[str, Any]]],
    wanted: set[str],
) -> list[ReviewItem]:
    entities = [node for node in nodes.values() if node.label in _ENTITY_LABELS]
    items = []
    for node in entities:
        name = str(node.properties.get("name", node.id))
        first = mentions.get(node.id, [])
        article_id, sentence, span = _mention_context(nodes, first[0]) if first else (None, None, None)
        if "provisional" in wanted and node.properties.get("provisional"):
            item = ReviewItem(
                "provisional",
                node.id,
                node.label,
                name,
                degree[node.id],
                f"not in the gazetteer; the label {node.label} is a guess",
                article_id,
                sentence,
                span,
            )
            items.append(item)
        if "fuzzy_name" in wanted and not node.properties.get("provisional"):
            spellings = {_plain(name)} | {_plain(str(alias)) for alias in node.properties.get("aliases") or []}
            for source, props in first:
                alias = str(props.get("alias") or "")
                if alias and _approximate(_plain(alias), spellings):
                    article_id, sentence, span = _mention_context(nodes, (source, props))
                    items.append(
                        ReviewItem(
                            "fuzzy_name",
                            node.id,
                            node.label,
                            name,
                            degree[node.id],
                            f"'{alias}' was read as {name}",
                            article_id,
                            sentence,
                            span,
                        )
                    )
                    break
    return items


def _approximate(written: str, spellings: set[str]) -> bool:
    """A spelling the gazetteer matched approximately: close to one of the entity's own spellings but none of them
    (and not containing one: "Foreign Minister Hakan Fidan"). A metonym ("Moscow" for Russia's government) is far
    from every spelling, so it is not a fuzzy match to check."""
    if not written or any(spelling and spelling in written for spelling in spellings):
        return False
    return any(fuzz.ratio(written, spelling) >= _APPROXIMATE_SCORE for spelling in spellings if spelling)


def _mention_context(
    nodes: dict[str, Any], mention: tuple[str, Any]
) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """The sentence around an entity's first mention in an article, from the article's stored text."""
    article_id, props = mention
    article = nodes.get(article_id)
    text = article.properties.get("text") if article else None
    start, end = props.get("start"), props.get("end")
    if not isinstance(text, str) or not isinstance(start, int) or not isinstance(end, int):
        return article_id, None, None
    begin = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0, start - 300)
    stop_at = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    stop = min([*stop_at, end + 300, len(text)])
    stop = stop + 1 if stop < len(text) and text[stop] == "." else stop
    return article_id, text[begin:stop], (start - begin, end - begin)
