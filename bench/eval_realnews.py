"""Evaluate the extractor on real reporting: realnews_dev (30 hand-annotated articles from many conflicts).

    python bench/eval_realnews.py [--corpus PATH] [--misses N] [--json]

The corpus defaults to ../shared/corpora/realnews_dev beside the project (or /work/shared/corpora/realnews_dev);
the script says so and exits 0 when it is absent. Every article is read with the project's own reader (front
matter handled as a user's file would be) and loaded into a throw-away embedded store through the normal load
path (``loaders.pipeline.load_articles``, as ``claimgraph load`` does); the metrics read the graph back.

Each metric is printed overall and for the articles outside Syria (gold ``group: other``). The sections are the
functions in ``SECTIONS``: each takes ``(articles, graph)`` and returns ``Metric`` rows, so a new section is one
function added to that list. The public helpers (``read_corpus``, ``load_corpus``, ``ArticleGraph``,
``names_match``) are meant to be imported by other evaluations.

Entity metrics (this file's own section):

- **actor recall**: gold actors not marked optional that some actor node tied to the article matches by name or
  alias (``names_match``). "Tied to the article": the article MENTIONS it, or it is the speaker, claimant, subject
  or target of one of the article's statements or claims.
- **wrong entity**: gazetteer (non-provisional) nodes tied to an article whose matched spelling is a name or alias
  of a gold actor or place, while the node itself is a different entity (its own names do not match that gold
  item): "RSF fighters" resolved to the SDF, "the Civil Defence" in Gaza resolved to Syria's White Helmets.
- **cross-crisis**: gazetteer nodes tied to an article that match no gold actor or place of it, belong to a
  country the article is not about, and were pulled in rather than named: a place (not a country) of that other
  country; or an actor the text reached by a generic lower-case phrase ("rebels" → Syrian rebels, "security
  forces" → Syrian security forces), or by a capitalised word that does not name the actor's country while the
  actor's name does ("Palestinians" → Palestinians in Syria). A state named by its own name, demonym or acronym
  ("Iranian", "U.S.") is a reference the text makes, not a pull. A node's country is its ``country`` property, or
  else the country whose name starts a word of its name ("Syrian activists" → Syria). The article's countries
  are the ``country`` fields of its gold places.
- **place recall**: gold places (not optional) matched by a Location node tied to the article.
- **coordinates**: gold places (not optional, with ``lat``) whose matched node has lat/lon within the corpus
  tolerance of the gold point or its ``alt``: 0.5° for a city, town, village or site, 1.5° for a region, 3° for
  a country. A place not found counts as a miss.
- **junk provisional**: provisional nodes (names outside the gazetteer) tied to an article by a mention that match
  no gold actor or place of it, optional ones included: titles glued on ("Adviser Ben Rhodes"), headline
  fragments ("Gains Control of Largest"), split names ("Rapid Support"), datelines. Reported per article.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.embedded import EmbeddedStore  # noqa: E402
from graph.records import NodeRecord  # noqa: E402
from graph.schema import SCHEMA  # noqa: E402
from graph.store import GraphStore  # noqa: E402
from loaders.pipeline import load_articles  # noqa: E402
from loaders.readers import read_file  # noqa: E402
from loaders.records import Article  # noqa: E402
from loaders.spelling import single_letters  # noqa: E402

CANDIDATES = (ROOT.parent / "shared" / "corpora" / "realnews_dev", Path("/work/shared/corpora/realnews_dev"))
ACTOR_LABELS = frozenset(SCHEMA.labels_in_group("actor"))
# Relationships from an article's statements and claims to the entities they involve (either direction).
EVIDENCE_RELS = ("SAID", "CLAIMS", "ABOUT", "AT", "BLAMES", "CITES", "REPORTED")
TOLERANCE = {"city": 0.5, "town": 0.5, "village": 0.5, "site": 0.5, "region": 1.5, "country": 3.0}


# -- the corpus ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class RealArticle:
    """One corpus article: the article as the project's reader gives it, and its gold annotation."""

    article: Article
    gold: dict[str, Any]

    @property
    def key(self) -> str:
        return str(self.gold.get("article") or self.article.id)

    @property
    def node_id(self) -> str:
        return self.article.id if self.article.id.startswith("article/") else f"article/{self.article.id}"

    @property
    def outside_syria(self) -> bool:
        return self.gold.get("group") == "other"

    def gold_items(self, kind: str, *, optional: bool = True) -> list[dict[str, Any]]:
        """Gold ``actors`` or ``places``; without the optional ones when ``optional`` is False."""
        items = self.gold.get(kind) or []
        return [item for item in items if optional or not item.get("optional")]

    def countries(self) -> set[str]:
        """Normalised names of the countries the article is about (its gold places' ``country``)."""
        return {normalise(place["country"]) for place in self.gold_items("places") if place.get("country")}


def find_corpus(path: Path | None) -> Path | None:
    """The corpus folder: ``path`` when given, else the first candidate that exists."""
    if path is not None:
        return path if (path / "articles").is_dir() else None
    return next((candidate for candidate in CANDIDATES if (candidate / "articles").is_dir()), None)


def read_corpus(root: Path) -> list[RealArticle]:
    """Every ``articles/NNN.txt`` read by the project's reader, paired with ``gold/NNN.yaml``."""
    articles: list[RealArticle] = []
    for path in sorted((root / "articles").glob("*.txt")):
        gold_path = root / "gold" / f"{path.stem}.yaml"
        if not gold_path.exists():
            continue
        for item in read_file(path):
            if not isinstance(item, Article):
                raise SystemExit(f"cannot read {path}: {item.reason}")
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
            articles.append(RealArticle(item, gold))
    return articles


def load_corpus(articles: Sequence[RealArticle], workdir: Path) -> GraphStore:
    """A new embedded store under ``workdir`` holding the corpus, loaded the way ``claimgraph load`` loads."""
    store = EmbeddedStore(workdir)
    report = load_articles(store, [item.article for item in articles])
    if not report.ok:
        problems = "; ".join(f"{p.source}: {p.reason}" for p in report.problems)
        raise SystemExit(f"the corpus did not load cleanly: {problems}")
    return store


# -- reading the graph back ------------------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleGraph:
    """The loaded graph indexed by article: what each article mentions and the claims and statements it holds."""

    nodes: dict[str, NodeRecord] = field(default_factory=dict)
    # article node id -> entity id -> the MENTIONS properties (alias, count, start, end)
    mentions: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    # article node id -> ids of its statements and claims
    contains: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # statement or claim id -> (relationship type, other node id, direction "out" | "in")
    evidence: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    # every other relationship type -> (source, target) pairs (IN_GROUP, CONTRADICTS, …)
    others: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def from_store(cls, store: GraphStore) -> ArticleGraph:
        """Read every node and relationship once (the corpus is small) and index them by article."""
        graph = cls()
        graph.nodes = {node.id: node for node in store.iter_nodes()}
        for rel in store.iter_rels():
            if rel.type == "MENTIONS":
                graph.mentions[rel.source][rel.target] = rel.properties
            elif rel.type == "CONTAINS":
                graph.contains[rel.source].append(rel.target)
            elif rel.type in EVIDENCE_RELS:
                graph.evidence[rel.source].append((rel.type, rel.target, "out"))
                graph.evidence[rel.target].append((rel.type, rel.source, "in"))
            else:
                graph.others[rel.type].append((rel.source, rel.target))
        return graph

    def claims(self, article: RealArticle, kind: str | None = None) -> list[NodeRecord]:
        """The article's Claim nodes (of one ``kind`` when given)."""
        found = [self.nodes[i] for i in self.contains.get(article.node_id, ()) if i in self.nodes]
        return [n for n in found if n.label == "Claim" and (kind is None or n.properties.get("kind") == kind)]

    def statements(self, article: RealArticle) -> list[NodeRecord]:
        """The article's Statement nodes."""
        found = [self.nodes[i] for i in self.contains.get(article.node_id, ()) if i in self.nodes]
        return [n for n in found if n.label == "Statement"]

    def linked(self, record_id: str, rel_type: str, direction: str = "out") -> list[NodeRecord]:
        """Nodes linked to a claim or statement by ``rel_type`` (``in``: e.g. the claimant of CLAIMS)."""
        return [
            self.nodes[other]
            for kind, other, way in self.evidence.get(record_id, ())
            if kind == rel_type and way == direction and other in self.nodes
        ]

    def entities(self, article: RealArticle) -> dict[str, set[str]]:
        """Entity ids tied to the article, each with the text span it was tied by (the mention's alias; the node's
        name for an entity tied only by a statement or claim)."""
        tied: dict[str, set[str]] = defaultdict(set)
        for entity_id, props in self.mentions.get(article.node_id, {}).items():
            if props.get("alias"):
                tied[entity_id].add(str(props["alias"]))
        for record_id in self.contains.get(article.node_id, ()):
            for _kind, other, _way in self.evidence.get(record_id, ()):
                node = self.nodes.get(other)
                if node is not None and other not in tied and (node.label in ACTOR_LABELS or node.label == "Location"):
                    tied[other].add(str(node.properties.get("name", "")))
        return tied

    def mentioned(self, article: RealArticle) -> dict[str, dict[str, Any]]:
        """Entity id → MENTIONS properties, for the entities the article mentions."""
        return self.mentions.get(article.node_id, {})


# -- matching names --------------------------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[^\w\s]+")
_ARTICLE = re.compile(r"^(the|a|an)\s+")


def normalise(name: str) -> str:
    """Case-, accent-, punctuation- and leading-article-insensitive form of a name ("The U.N." → "un")."""
    # The possessive first: encoding to ASCII drops a curly apostrophe, and "Beirut’s" would become "beiruts".
    name = name.replace("'s ", " ").replace("’s ", " ")
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    folded = _PUNCTUATION.sub(lambda m: "" if m.group() == "." else " ", folded)
    return _ARTICLE.sub("", " ".join(folded.split()))


def name_key(name: str) -> str:
    """:func:`normalise` with doubled letters single: transliterations of one name differ in them as often as in
    anything ("Mellit" and "Melit", "Umm Kaddadah" and "Um Kadadah"), so names are compared in this form."""
    return single_letters(normalise(name))


def gold_names(item: dict[str, Any]) -> set[str]:
    """Name keys (:func:`name_key`) of a gold actor's or place's name and aliases."""
    names = {name_key(str(item.get("name", "")))}
    names.update(name_key(str(alias)) for alias in item.get("aliases") or ())
    return {name for name in names if name}


def node_names(node: NodeRecord) -> set[str]:
    """Name keys (:func:`name_key`) of a graph node's name and aliases."""
    names = {name_key(str(node.properties.get("name", "")))}
    names.update(name_key(str(alias)) for alias in node.properties.get("aliases") or ())
    return {name for name in names if name}


def _distinctive(name: str) -> bool:
    """A spelling that identifies one entity: several words or an acronym, not a lone common noun ("army")."""
    return " " in name or any(ch.isdigit() for ch in name) or len(name) <= 5


def names_match(item: dict[str, Any], node: NodeRecord, spellings: Iterable[str] = ()) -> bool:
    """Whether ``node`` is the gold ``item``: the node's name is one of the item's names, the item's canonical
    name is one of the node's, or they share a distinctive spelling. ``spellings`` are the texts the node was
    tied by; for a provisional node (named by its text) they count as its names too."""
    wanted = gold_names(item)
    own = node_names(node)
    if node.properties.get("provisional"):
        own |= {name_key(s) for s in spellings}
    canonical = name_key(str(item.get("name", "")))
    if name_key(str(node.properties.get("name", ""))) in wanted or canonical in own:
        return True
    return any(_distinctive(name) for name in own & wanted)


def matched_by_spelling(item: dict[str, Any], spellings: Iterable[str]) -> bool:
    """Whether a text span that tied a node to the article is a name or alias of the gold ``item``."""
    wanted = gold_names(item)
    return any(name_key(s) in wanted for s in spellings)


# -- metrics ---------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Ratio:
    """hits / total, with the misses kept for ``--misses``."""

    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, hit: bool, miss: str = "") -> None:
        self.total += 1
        if hit:
            self.hits += 1
        elif miss:
            self.misses.append(miss)

    def text(self) -> str:
        return f"{self.hits}/{self.total} = {self.hits / self.total:.1%}" if self.total else "n/a"

    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass(slots=True)
class Count:
    """A count of bad things, per article: ``n`` over ``articles``."""

    n: int = 0
    articles: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, miss: str) -> None:
        self.n += 1
        self.misses.append(miss)

    def text(self) -> str:
        per = f" ({self.n / self.articles:.2f}/article)" if self.articles else ""
        return f"{self.n}{per}"

    def value(self) -> float | None:
        return self.n / self.articles if self.articles else float(self.n)


@dataclass(slots=True)
class Metric:
    """One printed row: a name, its overall figure, its figure outside Syria, and the target it is held to."""

    name: str
    overall: Ratio | Count
    outside_syria: Ratio | Count
    target: str = ""


Section = Callable[[Sequence[RealArticle], ArticleGraph], list[Metric]]


def _split(name: str, kind: type[Ratio] | type[Count], target: str = "") -> Metric:
    return Metric(name, kind(), kind(), target)


def _record(metric: Metric, article: RealArticle, hit: bool, miss: str) -> None:
    for bucket in (metric.overall, metric.outside_syria) if article.outside_syria else (metric.overall,):
        assert isinstance(bucket, Ratio)
        bucket.add(hit, f"{article.key}: {miss}")


def _count(metric: Metric, article: RealArticle, miss: str) -> None:
    for bucket in (metric.overall, metric.outside_syria) if article.outside_syria else (metric.overall,):
        assert isinstance(bucket, Count)
        bucket.add(f"{article.key}: {miss}")


def _country_names(graph: ArticleGraph) -> dict[str, str]:
    """Country code → normalised name, from the country nodes in the graph."""
    return {
        str(node.properties.get("country")): normalise(str(node.properties.get("name", "")))
        for node in graph.nodes.values()
        if node.label == "Location" and node.properties.get("kind") == "country" and node.properties.get("country")
    }


KNOWN_COUNTRY_NAMES = (
    "syria", "sudan", "israel", "palestine", "lebanon", "ukraine", "russia", "iran", "iraq", "turkey", "yemen",
    "myanmar", "ethiopia", "mali", "burkina faso", "congo", "saudi arabia", "united states", "jordan", "egypt",
)  # fmt: skip


def node_country(node: NodeRecord, codes: dict[str, str]) -> str | None:
    """The normalised name of the country a node belongs to: its ``country`` property, else the country whose
    name starts a word of the node's name ("Syrian activists" → "syria")."""
    code = node.properties.get("country")
    if code:
        return codes.get(str(code), normalise(str(code)))
    name = normalise(str(node.properties.get("name", "")))
    for country in (*codes.values(), *KNOWN_COUNTRY_NAMES):
        if country and re.search(rf"\b{re.escape(country)}", name):
            return country
    return None


def _matches_any(items: Iterable[dict[str, Any]], node: NodeRecord, spellings: set[str]) -> bool:
    return any(names_match(item, node, spellings) for item in items)


def entity_section(articles: Sequence[RealArticle], graph: ArticleGraph) -> list[Metric]:
    """Actors and places: recall, wrong and cross-crisis resolutions, coordinates, junk provisional nodes."""
    recall = _split("actor recall", Ratio, ">= 90% overall, >= 85% outside Syria")
    wrong = _split("wrong-entity resolutions", Count, "0")
    cross = _split("cross-crisis resolutions", Count, "0")
    places = _split("place recall", Ratio)
    coords = _split("coordinates within tolerance", Ratio, ">= 85%")
    junk = _split("junk provisional nodes", Count, "<= 0.3/article")
    codes = _country_names(graph)
    for article in articles:
        for metric in (wrong, cross, junk):
            metric.overall.articles += 1  # type: ignore[union-attr]
            if article.outside_syria:
                metric.outside_syria.articles += 1  # type: ignore[union-attr]
        tied = graph.entities(article)
        nodes = {entity_id: graph.nodes[entity_id] for entity_id in tied if entity_id in graph.nodes}
        actors = {i: n for i, n in nodes.items() if n.label in ACTOR_LABELS}
        locations = {i: n for i, n in nodes.items() if n.label == "Location"}
        for item in article.gold_items("actors", optional=False):
            hit = any(names_match(item, node, tied[i]) for i, node in actors.items())
            _record(recall, article, hit, f"{item['name']} ({item.get('type')})")
        for item in article.gold_items("places", optional=False):
            found = [node for i, node in locations.items() if names_match(item, node, tied[i])]
            _record(places, article, bool(found), f"{item['name']} ({item.get('kind')}, {item.get('country')})")
            if item.get("lat") is not None:
                hit = any(_within_tolerance(item, node) for node in found)
                where = ", ".join(f"{n.id} {n.properties.get('lat')},{n.properties.get('lon')}" for n in found)
                _record(coords, article, hit, f"{item['name']} {item['lat']},{item['lon']} ← {where or 'not found'}")
        gold_all = [*article.gold_items("actors"), *article.gold_items("places")]
        countries = article.countries()
        for entity_id, node in nodes.items():
            spellings = tied[entity_id]
            if node.properties.get("provisional"):
                if entity_id in graph.mentioned(article) and not _matches_any(gold_all, node, spellings):
                    _count(junk, article, f"{node.label} {node.properties.get('name')!r}")
                continue
            if _matches_any(gold_all, node, spellings):
                continue
            by_span = [item["name"] for item in gold_all if matched_by_spelling(item, spellings)]
            if by_span:
                _count(wrong, article, f"{sorted(spellings)} → {node.id} (gold: {by_span[0]})")
            country = node_country(node, codes)
            if country and countries and country not in countries and _pulled_in(node, country, spellings):
                _count(cross, article, f"{node.id} {node.properties.get('name')!r} ({country}) by {sorted(spellings)}")
    return [recall, wrong, cross, places, coords, junk]


def _pulled_in(node: NodeRecord, country: str, spellings: set[str]) -> bool:
    """Whether a node of a foreign ``country`` entered the article by a span that does not name it (see the
    module docstring's cross-crisis)."""
    name = normalise(str(node.properties.get("name", "")))
    if node.label == "Location":
        return node.properties.get("kind") != "country"
    texts = [s for s in spellings if s]
    if any(text[:1].islower() for text in texts):
        return True
    if name == country or all(_ACRONYM.fullmatch(text) for text in texts):
        return False
    return country in name and not any(_names_country(normalise(text), country) for text in texts)


# Demonyms that do not start like their country's name: "American forces" names the United States.
_IRREGULAR_DEMONYMS = {
    "united states": ("american", "us"), "united kingdom": ("british", "uk"), "france": ("french",),
    "netherlands": ("dutch",), "switzerland": ("swiss",), "china": ("chinese",), "yemen": ("yemeni",),
    "congo": ("congolese",), "democratic republic of congo": ("congolese",), "burkina faso": ("burkinabe",),
    "myanmar": ("burmese",), "israel": ("israeli",), "palestine": ("palestinian",),
}  # fmt: skip


def _names_country(text: str, country: str) -> bool:
    """Whether a normalised span names ``country``: its name's start ("iranian" for Iran) or a demonym."""
    words = text.split()
    return country[:4] in text or any(demonym in words for demonym in _IRREGULAR_DEMONYMS.get(country, ()))


_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,}")


def _within_tolerance(item: dict[str, Any], node: NodeRecord) -> bool:
    lat, lon = node.properties.get("lat"), node.properties.get("lon")
    if lat is None or lon is None:
        return False
    tolerance = TOLERANCE.get(str(item.get("kind")), 0.5)
    points = [(item["lat"], item["lon"])]
    if item.get("alt"):
        points.append(tuple(item["alt"]))
    return any(abs(float(lat) - p[0]) <= tolerance and abs(float(lon) - p[1]) <= tolerance for p in points)


SECTIONS: list[Section] = [entity_section]
sys.modules.setdefault("eval_realnews", sys.modules[__name__])  # one module whether run as a script or imported
from realnews_claims import CLAIM_SECTIONS  # noqa: E402  (claims, blame, links: bench/realnews_claims.py)

SECTIONS.extend(CLAIM_SECTIONS)


# -- output ----------------------------------------------------------------------------------------------------


def print_table(metrics: Sequence[Metric], articles: Sequence[RealArticle], misses: int) -> None:
    """The metrics as a table, overall and outside Syria, then up to ``misses`` examples of each."""
    outside = sum(article.outside_syria for article in articles)
    print(f"realnews_dev: {len(articles)} articles, {outside} outside Syria")
    width = max(len(metric.name) for metric in metrics)
    print(f"{'metric':<{width}}  {'overall':<22}  {'outside Syria':<22}  target")
    for metric in metrics:
        print(
            f"{metric.name:<{width}}  {metric.overall.text():<22}  {metric.outside_syria.text():<22}  {metric.target}"
        )
    if misses:
        for metric in metrics:
            if metric.overall.misses:
                print(f"\n{metric.name}: {len(metric.overall.misses)} misses")
                for line in metric.overall.misses[:misses]:
                    print(f"  {line}")


def as_json(metrics: Sequence[Metric]) -> dict[str, Any]:
    """The metrics as ``{name: {overall, outside_syria, target}}`` (ratios and per-article counts)."""
    return {
        metric.name: {
            "overall": metric.overall.value(),
            "overall_text": metric.overall.text(),
            "outside_syria": metric.outside_syria.value(),
            "outside_syria_text": metric.outside_syria.text(),
            "target": metric.target,
        }
        for metric in metrics
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="the realnews_dev folder (default: ../shared/corpora/realnews_dev)")
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses of each metric")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    root = find_corpus(args.corpus)
    if root is None:
        print(f"skipped: realnews_dev corpus not found ({args.corpus or ', '.join(map(str, CANDIDATES))})")
        return 0
    articles = read_corpus(root)
    with tempfile.TemporaryDirectory(prefix="claimgraph-realnews-") as workdir:
        store = load_corpus(articles, Path(workdir))
        try:
            graph = ArticleGraph.from_store(store)
        finally:
            store.close()
    metrics = [metric for section in SECTIONS for metric in section(articles, graph)]
    if args.json:
        print(json.dumps(as_json(metrics), indent=2))
    else:
        print_table(metrics, articles, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
