"""Claim metrics for ``bench/eval_realnews.py``: casualty figures, claimants, blame, denials and the links between
figures, read back from the loaded graph and held against the realnews_dev gold (its README gives the format).

- **toll recall (kind)**: gold tolls not marked optional that a casualty claim of the article matches: the same
  number (or range, or vague word) and the same kind (killed | injured | missing | detained | displaced; the gold's
  ``abducted`` counts as detained, ``affected`` as injured). Each claim matches one gold toll; a claim whose
  claimant fits is preferred, so two sources' equal figures need two claims.
- **claimant right**: of all those gold tolls (a missed toll counts as wrong), the share whose matched claim has
  an acceptable claimant: one of the gold names; for ``claimant: []`` no claimant, an outlet, or a generic
  (lower-case) one, but not a different named actor.
- **qualifier right**: of the matched tolls, the share whose qualifier is the gold's (``more than`` = over,
  ``nearly``/``some``/``roughly``/``about`` = about, ``as many as``/``up to`` = up_to, none = exact).
- **false tolls**: casualty claims whose figure and kind match no gold toll of the article (optional ones
  included), over all casualty claims; those whose number is one of the gold ``non_tolls`` are shown as such.
- **blame recall**: gold blame entries (not optional) for which some claim of the article BLAMES an actor
  matching one of the perpetrator's names; **blame claimant**: of those found, the share whose claim has an
  acceptable claimant (same rule as tolls).
- **denial recall**: gold denials matched by a denial claim whose claimant is one of the denier's names.
- **relations right**: gold relations whose two tolls were both matched and whose claims' groups are linked by
  the gold's type (for CORROBORATES, the same group counts: its claims say the same thing).
- **spurious links**: CORROBORATES / CONTRADICTS / UPDATES between groups holding corpus claims, over all such
  links, where no claim on one side and claim on the other match gold tolls that the gold relates, directly or
  through other relations (its links form events: 745 → 830 → 973 is one). A link touching a false toll is
  spurious too. Gold lists only clear links, so this counts what a reader could not sign, an upper bound.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eval_realnews import (
    ArticleGraph,
    Count,
    Metric,
    Ratio,
    RealArticle,
    _count,
    _record,
    _split,
    names_match,
    normalise,
)

from graph.records import NodeRecord

LINK_TYPES = ("CORROBORATES", "CONTRADICTS", "UPDATES")
# Gold kinds that the extractor spells its own way.
GOLD_KIND = {"abducted": "detained", "affected": "injured"}
# Gold qualifier (or the note's surface word) → the extractor's qualifiers that say the same.
GOLD_QUALIFIER = {
    None: {"exact"},
    "at least": {"at_least"},
    "more than": {"over"},
    "over": {"over"},
    "nearly": {"about", "up_to"},
    "almost": {"about", "up_to"},
    "some": {"about"},
    "roughly": {"about"},
    "about": {"about"},
    "around": {"about"},
    "an estimated": {"about"},
    "as many as": {"up_to"},
    "up to": {"up_to"},
    "between": {"range"},
}
_NOTE_WORD = re.compile(r"'(about|almost|up to|around|an estimated)'")


@dataclass(slots=True)
class GoldToll:
    """One gold toll with its reference ("007:100#2") and the claim matched to it, if any."""

    ref: str
    item: dict[str, Any]
    claim: NodeRecord | None = None

    @property
    def kind(self) -> str:
        kind = str(self.item.get("kind") or "killed")
        return GOLD_KIND.get(kind, kind)


def claim_kind(claim: NodeRecord) -> str:
    """The casualty kind of a claim (``harm``); claims written before kinds existed are deaths."""
    return str(claim.properties.get("harm") or "killed")


def same_figure(item: dict[str, Any], claim: NodeRecord) -> bool:
    """Whether a casualty claim states the gold toll's number, range or vague word."""
    props = claim.properties
    if item.get("vague"):
        return props.get("qualifier") == "vague" and str(item["vague"]).lower() in str(props.get("text", "")).lower()
    if props.get("value") is None or props.get("qualifier") == "vague":
        return False
    low = item.get("value_min", item.get("value"))
    high = item.get("value_max", low)
    return int(props["value"]) == int(low) and int(props.get("value_max") or props["value"]) == int(high)


def claimant_nodes(graph: ArticleGraph, claim: NodeRecord) -> list[NodeRecord]:
    """Whoever CLAIMS the claim."""
    return graph.linked(claim.id, "CLAIMS", "in")


def claimant_right(graph: ArticleGraph, claim: NodeRecord, wanted: Sequence[str]) -> bool:
    """The gold claimant rule: one of ``wanted``'s names, or for ``[]`` nobody named (no claimant, an outlet, or
    a generic lower-case source)."""
    nodes = claimant_nodes(graph, claim)
    if not wanted:
        return all(node.label == "Outlet" or str(node.properties.get("name", ""))[:1].islower() for node in nodes)
    item = {"name": wanted[0], "aliases": list(wanted[1:])}
    spelled = str(claim.properties.get("claimant") or "")
    return any(names_match(item, node, [spelled]) for node in nodes) or normalise(spelled) in {
        normalise(name) for name in wanted
    }


def gold_tolls(article: RealArticle) -> list[GoldToll]:
    """The article's gold tolls with their "NNN:V#n" references (``#n`` only where ``V`` repeats)."""
    tolls = article.gold.get("tolls") or []
    labels = [_toll_label(item) for item in tolls]
    seen: dict[str, int] = defaultdict(int)
    found = []
    for label, item in zip(labels, tolls, strict=True):
        seen[label] += 1
        ref = f"{article.key}:{label}"
        if seen[label] == 1:
            found.append(GoldToll(ref, item))
        if labels.count(label) > 1:
            found.append(GoldToll(f"{ref}#{seen[label]}", item))
    return found


def _toll_label(item: dict[str, Any]) -> str:
    if item.get("vague"):
        return str(item["vague"])
    if item.get("value_min") is not None:
        return f"{item['value_min']}-{item['value_max']}"
    return str(item.get("value"))


def match_tolls(graph: ArticleGraph, article: RealArticle) -> tuple[list[GoldToll], dict[str, GoldToll]]:
    """Pair gold tolls with casualty claims, one claim each, claimant-fitting claims first. Returns the tolls (one
    per gold entry) and a reference → toll index (both "V" and "V#n" forms for repeated values)."""
    refs = gold_tolls(article)
    by_entry: dict[int, GoldToll] = {}
    for toll in refs:
        by_entry.setdefault(id(toll.item), toll)
    entries = list(by_entry.values())
    for toll in refs:
        toll.claim = None
    claims = graph.claims(article, "casualty")
    used: set[str] = set()
    for fitting in (True, False):
        for toll in entries:
            if toll.claim is not None:
                continue
            for claim in claims:
                if claim.id in used or claim_kind(claim) != toll.kind or not same_figure(toll.item, claim):
                    continue
                if fitting and not claimant_right(graph, claim, toll.item.get("claimant") or []):
                    continue
                toll.claim = claim
                used.add(claim.id)
                break
    index = {}
    for toll in refs:
        index[toll.ref] = by_entry[id(toll.item)]
    return entries, index


def toll_section(articles: Sequence[RealArticle], graph: ArticleGraph) -> list[Metric]:
    """Casualty figures: recall by kind, claimant, qualifier, false tolls."""
    recall = _split("toll recall", Ratio, ">= 85%")
    by_kind: dict[str, Metric] = {}
    claimant = _split("toll claimant right", Ratio, ">= 80% of gold tolls")
    qualifier = _split("toll qualifier right", Ratio)
    false = _split("false tolls", Ratio, "<= 3% of casualty claims")
    for article in articles:
        entries, _index = match_tolls(graph, article)
        for toll in entries:
            item = toll.item
            if item.get("optional"):
                continue
            kind_metric = by_kind.setdefault(toll.kind, _split(f"  recall, {toll.kind}", Ratio))
            where = f"{toll.ref} {toll.kind} {item.get('victims', '')!r}"
            _record(recall, article, toll.claim is not None, where)
            _record(kind_metric, article, toll.claim is not None, where)
            wanted = item.get("claimant") or []
            got = toll.claim is not None and claimant_right(graph, toll.claim, wanted)
            said = _claimant_text(graph, toll.claim) if toll.claim is not None else "not found"
            _record(claimant, article, got, f"{toll.ref} wanted {wanted or 'none named'}, got {said}")
            if toll.claim is not None:
                accepted = _accepted_qualifiers(item)
                got_q = toll.claim.properties.get("qualifier")
                _record(qualifier, article, got_q in accepted, f"{toll.ref} wanted {sorted(accepted)}, got {got_q}")
        all_tolls = article.gold.get("tolls") or []
        non_tolls = {str(n.get("value")) for n in article.gold.get("non_tolls") or []}
        for claim in graph.claims(article, "casualty"):
            props = claim.properties
            real = any(
                same_figure(item, claim) and GOLD_KIND.get(str(item.get("kind")), item.get("kind")) == claim_kind(claim)
                for item in all_tolls
            )
            why = " (a gold non-toll)" if str(props.get("value")) in non_tolls else ""
            _record(false, article, real, f"{props.get('value')} {claim_kind(claim)} {props.get('text')!r}{why}")
    return [recall, *sorted(by_kind.values(), key=lambda m: m.name), claimant, qualifier, _flip(false)]


def _flip(metric: Metric) -> Metric:
    """A ratio of good things turned into the ratio of bad ones (false tolls), keeping the bad ones as examples."""
    for bucket in (metric.overall, metric.outside_syria):
        assert isinstance(bucket, Ratio)
        bucket.hits = bucket.total - bucket.hits
    return metric


def _accepted_qualifiers(item: dict[str, Any]) -> set[str]:
    if item.get("vague"):
        return {"vague"}
    note = _NOTE_WORD.search(str(item.get("note") or ""))
    word = note.group(1) if note and item.get("qualifier") is None else item.get("qualifier")
    if item.get("value_min") is not None:
        word = "between"
    return GOLD_QUALIFIER.get(word, {str(word)})


def _claimant_text(graph: ArticleGraph, claim: NodeRecord) -> str:
    names = [str(node.properties.get("name")) for node in claimant_nodes(graph, claim)]
    return f"{names or 'nobody'} (as written: {claim.properties.get('claimant')!r})"


def blame_section(articles: Sequence[RealArticle], graph: ArticleGraph) -> list[Metric]:
    """Blame (perpetrator linked, and its claimant) and denials."""
    recall = _split("blame recall", Ratio, ">= 70%")
    claimant = _split("blame claimant right", Ratio, ">= 70% of those found")
    denials = _split("denial recall", Ratio, ">= 80%")
    unblamed = _split("blame claims with no perpetrator", Count, "0")
    for article in articles:
        for metric in (unblamed,):
            metric.overall.articles += 1  # type: ignore[union-attr]
            if article.outside_syria:
                metric.outside_syria.articles += 1  # type: ignore[union-attr]
        claims = graph.claims(article)
        blamed = {claim.id: graph.linked(claim.id, "BLAMES") for claim in claims}
        for claim in graph.claims(article, "blame"):
            if not blamed[claim.id]:
                _count(unblamed, article, repr(claim.properties.get("text")))
        for entry in article.gold.get("blame") or []:
            if entry.get("optional"):
                continue
            names = list(entry.get("perpetrator") or [])
            item = {"name": names[0], "aliases": names[1:]} if names else {"name": ""}
            found = [c for c in claims if any(names_match(item, node) for node in blamed[c.id])]
            said = "; ".join(
                f"{c.properties.get('text')!r} blames {[n.properties.get('name') for n in blamed[c.id]]}"
                for c in claims
                if blamed[c.id]
            )
            _record(recall, article, bool(found), f"{names[:1]} for {entry.get('what')!r}; claims: {said[:300]}")
            if found:
                wanted = entry.get("claimant") or []
                ok = any(claimant_right(graph, c, wanted) for c in found)
                got = "; ".join(_claimant_text(graph, c) for c in found)
                _record(claimant, article, ok, f"{names[:1]} wanted {wanted or 'none named'}, got {got}")
        denial_claims = graph.claims(article, "denial")
        for entry in article.gold.get("denials") or []:
            who = list(entry.get("who") or [])
            hit = any(claimant_right(graph, c, who) for c in denial_claims) if who else bool(denial_claims)
            got = "; ".join(_claimant_text(graph, c) for c in denial_claims) or "no denial claim"
            _record(denials, article, hit, f"{who[:1]} denies {entry.get('what')!r}; got {got}")
    return [recall, claimant, unblamed, denials]


def relation_section(articles: Sequence[RealArticle], graph: ArticleGraph) -> list[Metric]:
    """Links between figures: expected relations found with the right type, and spurious links."""
    right = _split("relations right", Ratio, ">= 70%")
    spurious = _split("spurious links", Ratio, "<= 10% of links")
    index: dict[str, GoldToll] = {}
    gold_of_claim: dict[str, GoldToll] = {}
    corpus_claims: set[str] = set()
    for article in articles:
        entries, refs = match_tolls(graph, article)
        index.update(refs)
        for toll in entries:
            if toll.claim is not None:
                gold_of_claim[toll.claim.id] = toll
        corpus_claims.update(c.id for c in graph.claims(article, "casualty"))
    group_of = {claim: group for claim, group in graph.others.get("IN_GROUP", ()) if claim in corpus_claims}
    members: dict[str, list[str]] = defaultdict(list)
    for claim, group in group_of.items():
        members[group].append(claim)
    links = {(s, t): kind for kind in LINK_TYPES for s, t in graph.others.get(kind, ())}
    component = _gold_components(articles)
    for article in articles:
        for rel in article.gold.get("relations") or []:
            a, b = index.get(str(rel["a"])), index.get(str(rel["b"]))
            what = f"{rel['type']} {rel['a']} → {rel['b']} ({rel.get('why', '')[:80]})"
            if a is None or b is None or a.claim is None or b.claim is None:
                missing = [ref for ref, t in ((rel["a"], a), (rel["b"], b)) if t is None or t.claim is None]
                _record(right, article, False, f"{what}: toll not found {missing}")
                continue
            ga, gb = group_of.get(a.claim.id), group_of.get(b.claim.id)
            found = links.get((ga, gb)) or links.get((gb, ga)) if ga and gb else None
            if ga is not None and ga == gb:
                found = "CORROBORATES"
            _record(right, article, found == rel["type"], f"{what}: got {found or 'no link'}")
    by_article = {article.node_id: article for article in articles}
    for (source, target), kind in sorted(links.items()):
        if source not in members or target not in members:
            continue
        pairs = [(x, y) for x in members[source] for y in members[target]]
        ok = any(
            x in gold_of_claim
            and y in gold_of_claim
            and component.get(gold_of_claim[x].ref) is not None
            and component.get(gold_of_claim[x].ref) == component.get(gold_of_claim[y].ref)
            for x, y in pairs
        )
        article = _article_of(members[source][0], graph, by_article)
        names = f"{graph.nodes[source].properties.get('name')} {kind} {graph.nodes[target].properties.get('name')}"
        _record(spurious, article, ok, names)
    return [right, _flip(spurious)]


def _article_of(claim_id: str, graph: ArticleGraph, by_article: dict[str, RealArticle]) -> RealArticle:
    article_id = str(graph.nodes[claim_id].properties.get("article_id", ""))
    key = article_id if article_id.startswith("article/") else f"article/{article_id}"
    return by_article.get(key) or next(iter(by_article.values()))


def _gold_components(articles: Sequence[RealArticle]) -> dict[str, int]:
    """Gold toll entry → the number of its connected set of relations (union-find over "a"–"b" links), keyed by
    the entry's first reference so that "V" and "V#n" name one entry."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    canonical: dict[str, str] = {}
    for article in articles:
        refs = gold_tolls(article)
        first: dict[int, str] = {}
        for toll in refs:
            first.setdefault(id(toll.item), toll.ref)
            canonical[toll.ref] = first[id(toll.item)]
    for article in articles:
        for rel in article.gold.get("relations") or []:
            a, b = canonical.get(str(rel["a"])), canonical.get(str(rel["b"]))
            if a and b:
                parent[find(a)] = find(b)
    roots: dict[str, int] = {}
    return {ref: roots.setdefault(find(canon), len(roots)) for ref, canon in canonical.items() if canon in parent}


CLAIM_SECTIONS = [toll_section, blame_section, relation_section]
