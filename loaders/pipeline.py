"""The load pipeline: read → extract → map → write → reconcile, one typed stage after another.

``load_articles`` takes articles (and the ``ReadProblem``s a reader yields in their place), skips the ones the
store already holds unchanged, extracts and maps the rest (in worker processes with ``workers > 1``), writes whole
articles per transaction, then relates the claims of the topics it touched (``agreement.reconcile``).

Why an interrupted load converges: an article's digest (``sha256`` on its node) is what makes a rerun skip it,
and it is written only after the article's topics are reconciled. A load killed at any point leaves articles
whose facts are written but whose digest is not; a rerun extracts and writes them again (replacing their facts)
and reconciles their topics, so it ends with the same graph as an uninterrupted load.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from graph.errors import ClaimgraphError, StoreError
from graph.records import GraphBatch, NodeRecord, WriteSummary
from graph.schema import SCHEMA
from graph.settings import DEFAULT_BATCH_SIZE
from loaders.judgements import Curation, apply_link_judgements
from loaders.readers import DEFAULT_MAX_BYTES, iter_articles
from loaders.records import Article, ReadProblem

if TYPE_CHECKING:
    from graph.store import GraphStore

ARTICLE_LABEL = "Article"
ENTITY_GROUPS = ("actor", "place")
# Nodes many articles write with the same properties: their entities, and the claim groups their claims fall in.
SHARED_LABELS = frozenset(
    [*(label for label, spec in SCHEMA.nodes.items() if spec.group in ENTITY_GROUPS), "ClaimGroup"]
)
DEFAULT_ARTICLES_PER_BATCH = 100
DEFAULT_CHECKPOINT_ARTICLES = 1000
_ADMIT_WINDOW = 64  # articles whose existence in the store is looked up in one query
_CHUNK_ARTICLES = 8  # articles per task sent to a worker: fewer round trips, still a smooth progress bar
_IN_FLIGHT_PER_WORKER = 16  # tasks queued per worker: keeps workers busy while bounding memory on long streams
# Most claims and statements kept from one article. A real article has tens (the most in the evaluation corpora:
# a few hundred); a page run together or a hostile post can have tens of thousands, each stored with its sentence.
MAX_CLAIMS_PER_ARTICLE = 2000
MAX_STATEMENTS_PER_ARTICLE = 2000

ProgressCallback = Callable[["ArticleStatus"], None]


# -- records -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleStatus:
    """What happened to one article; passed to the progress callback as each one is settled."""

    article_id: str | None
    source: str
    status: str  # loaded | unchanged | duplicate | failed


@dataclass(slots=True)
class Mapped:
    """One article after extraction and mapping: its graph records, or why it failed."""

    article_id: str
    source: str
    digest: str
    replacing: bool = False  # the store holds an earlier version of this article
    position: int = 0  # in the input, among the articles that need work
    batch: GraphBatch | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Job:
    article: Article
    digest: str
    replacing: bool
    position: int = 0


@dataclass(slots=True)
class LoadReport:
    """The outcome of one load: what was written, what was already there, and every problem with its reason."""

    loaded: list[str] = field(default_factory=list)  # article ids written, new or changed
    replaced: list[str] = field(default_factory=list)  # the changed ones among them (their old facts replaced)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # the same article again, later in this load: skipped
    problems: list[ReadProblem] = field(default_factory=list)  # unreadable items and failed articles
    warnings: list[ReadProblem] = field(default_factory=list)  # loaded, with something the user should know
    entity_ids: set[str] = field(default_factory=set)
    statements: int = 0
    claims: int = 0
    topics: set[str] = field(default_factory=set)
    written: WriteSummary = field(default_factory=WriteSummary)
    reconciled: WriteSummary = field(default_factory=WriteSummary)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when every item was read and loaded (or was already loaded)."""
        return not self.problems

    @property
    def entities(self) -> int:
        return len(self.entity_ids)

    @property
    def articles_per_second(self) -> float:
        processed = len(self.loaded) + len(self.unchanged)
        return processed / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the CLI's ``--json`` and the API's response)."""
        return {
            "ok": self.ok,
            "loaded": len(self.loaded),
            "replaced": len(self.replaced),
            "unchanged": len(self.unchanged),
            "duplicates": len(self.duplicates),
            "failed": len(self.problems),
            "entities": self.entities,
            "statements": self.statements,
            "claims": self.claims,
            "topics": sorted(self.topics),
            "loaded_ids": self.loaded,
            "problems": [{"source": problem.source, "reason": problem.reason} for problem in self.problems],
            "warnings": [{"source": warning.source, "reason": warning.reason} for warning in self.warnings],
            "nodes_written": self.written.nodes_written + self.reconciled.nodes_written,
            "relationships_written": self.written.rels_written + self.reconciled.rels_written,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_per_second, 1),
        }


# -- the stages ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stages:
    """The functions behind each stage, named by module and attribute so worker processes can import them.

    The defaults are the rule-based extractor and the schema mapping; another extractor (a statistical one)
    plugs in by naming its ``extract(article, gazetteer) -> Extraction``.
    """

    gazetteer: str = "loaders.gazetteer:Gazetteer.load"
    extract: str = "loaders.extract:extract"
    to_batch: str = "loaders.mapping:to_batch"
    digest: str = "loaders.pipeline:article_digest"
    reconcile: str = "loaders.agreement:reconcile"
    topics_of: str = "loaders.event_keys:topics_of"
    stale_topics: str = "loaders.event_keys:stale_topics"

    def resolve(self, name: str) -> Callable[..., Any]:
        """The callable a stage names, imported on first use (keeps ``claimgraph --help`` fast)."""
        import importlib

        module_name, _, attribute = getattr(self, name).partition(":")
        target: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            target = getattr(target, part)
        return target  # type: ignore[no-any-return]


DEFAULT_STAGES = Stages()


def load_gazetteer(extra: Sequence[str | Path] = (), stages: Stages = DEFAULT_STAGES) -> Any:
    """The curated gazetteer plus the user's entry files (``--gazetteer FILE``)."""
    return stages.resolve("gazetteer")(extra=[Path(path) for path in extra])


def map_article(job: _Job, gazetteer: Any, stages: Stages = DEFAULT_STAGES) -> Mapped:
    """Extract and map one article. An exception here is a bug in a stage: it fails this article, not the load."""
    article = job.article
    mapped = Mapped(article.id, article.source, job.digest, job.replacing, job.position)
    try:
        extraction = stages.resolve("extract")(article, gazetteer)
        mapped.warnings = _within_fact_caps(extraction)
        mapped.batch = stages.resolve("to_batch")(extraction, gazetteer)
    except ClaimgraphError as exc:
        mapped.error = str(exc)
    except Exception as exc:
        mapped.error = f"extraction failed: {type(exc).__name__}: {exc}"
    return mapped


def _within_fact_caps(extraction: Any) -> list[str]:
    """Cut an extraction to MAX_CLAIMS_PER_ARTICLE claims and MAX_STATEMENTS_PER_ARTICLE statements, the first in
    the text; what was left out, as warnings."""
    warnings = []
    for kind, cap in (("claims", MAX_CLAIMS_PER_ARTICLE), ("statements", MAX_STATEMENTS_PER_ARTICLE)):
        records = getattr(extraction, kind)
        if len(records) > cap:
            records.sort(key=_START)
            warnings.append(
                f"{extraction.article.id}: {len(records):,} {kind} found, more than {cap:,} per article; kept the "
                f"first {cap:,} (up to character {records[cap - 1].end:,} of {len(extraction.article.text):,})"
            )
            setattr(extraction, kind, records[:cap])
    return warnings


_START = operator.attrgetter("start")


# Worker processes: the gazetteer is loaded once per process by the pool's initializer.
_worker_gazetteer: Any = None
_worker_error: BaseException | None = None
_worker_stages: Stages = DEFAULT_STAGES
_worker_writer: _Writer | None = None


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent_pid: int) -> None:
    """End this worker when the loading process dies, however it dies (SIGKILL included).

    Without it a killed loader leaves its workers running under PID 1 with open store connections. Linux delivers
    SIGTERM to the worker at its parent's death (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread polls the parent.
    """
    if not _ask_kernel_for_death_signal():
        threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), daemon=True, name="parent-watch").start()
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


def _ask_kernel_for_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _exit_when_orphaned(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)


def _init_worker(
    gazetteer_files: Sequence[str],
    stages: Stages,
    reopen: Callable[[], GraphStore],
    batch_size: int,
    parent_pid: int,
) -> None:
    global _worker_gazetteer, _worker_error, _worker_stages, _worker_writer
    _die_with_parent(parent_pid)
    _worker_stages = stages
    try:
        _worker_gazetteer = load_gazetteer(gazetteer_files, stages)
        # Each worker writes what it extracts through its own connection: the Python side of a write (checks,
        # merging, serialising) then runs in parallel, and only the database's own commit is serialised.
        # Checkpoints (reconcile, then digests) stay with the parent, which sees every article written.
        _worker_writer = _Writer(
            reopen(), LoadReport(), stages, batch_size, DEFAULT_ARTICLES_PER_BATCH, sys.maxsize, on_progress=None
        )
        _worker_writer.provisional = _LatestProperties()
    except BaseException as exc:  # raised again with the first task, where the parent can report it
        _worker_error = exc


@dataclass(slots=True)
class _Written:
    """What a worker wrote for one chunk of articles: the parent merges it into the load's report."""

    report: LoadReport
    topics: set[str]
    unsealed: list[NodeRecord]
    events: list[ArticleStatus]
    provisional: _LatestProperties = field(default_factory=lambda: _LatestProperties())


def _map_and_write_chunk(chunk: list[_Job]) -> _Written:
    if _worker_error is not None:
        raise _worker_error
    assert _worker_writer is not None
    writer = _worker_writer
    events: list[ArticleStatus] = []
    writer.report, writer.on_progress = LoadReport(), events.append
    for job in chunk:
        writer.add(map_article(job, _worker_gazetteer, _worker_stages))
    writer.flush()
    writer.settle_write()
    provisional = writer.provisional or _LatestProperties()
    written = _Written(writer.report, set(writer.topics), list(writer.unsealed), events, provisional)
    writer.topics.clear()
    writer.unsealed = []
    writer.provisional = _LatestProperties()
    return written


def article_digest(article: Article) -> str:
    """sha256 over the text and the metadata: a new outlet or date in a manifest is a change too. ``source`` is
    left out, so a file moved to another folder is still the same article."""
    fields = {
        "id": article.id,
        "text": article.text,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "language": article.language,
    }
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- the load ------------------------------------------------------------------------------------------------


def load_paths(
    store: GraphStore,
    paths: Iterable[str | Path],
    *,
    mapping: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: IO[bytes] | None = None,
    **options: Any,
) -> LoadReport:
    """Read every article under ``paths`` (files, directories, globs, ``-``) and load them; see ``load_articles``."""
    articles = iter_articles(paths, mapping=mapping, max_bytes=max_bytes, stdin=stdin)
    return load_articles(store, articles, **options)


def load_articles(
    store: GraphStore,
    articles: Iterable[Article | ReadProblem],
    *,
    gazetteer: Any = None,
    gazetteer_files: Sequence[str | Path] = (),
    workers: int = 1,
    ordered: bool = True,
    batch_size: int = DEFAULT_BATCH_SIZE,
    articles_per_batch: int = DEFAULT_ARTICLES_PER_BATCH,
    checkpoint_articles: int = DEFAULT_CHECKPOINT_ARTICLES,
    on_progress: ProgressCallback | None = None,
    stages: Stages = DEFAULT_STAGES,
) -> LoadReport:
    """Load articles into ``store`` and report what happened; bad items are reported, never raised.

    Unchanged articles (same digest as stored) are skipped; changed ones replace their old facts. ``workers``
    processes extract, map and write in parallel (0 = one per CPU); ``ordered`` settles (reports and checkpoints)
    their articles in input order, ``False`` as they finish. An entity whose properties differ between articles
    (a provisional name spelled two ways) keeps those of the last article in the input, whatever the number of
    workers (see ``_LatestProperties``). Writes hold ``batch_size`` distinct rows or
    ``articles_per_batch`` articles, whole articles only. Every ``checkpoint_articles`` the touched topics are
    reconciled and the digests written, so an interrupted load resumes from there. ``gazetteer``, when given,
    serves in-process extraction (the API keeps one loaded); otherwise, and in every worker process, it is loaded
    with the entries of ``gazetteer_files``. Raises only for a failing store or gazetteer (``ClaimgraphError``).
    """
    started = time.perf_counter()
    report = LoadReport()
    writer = _Writer(store, report, stages, batch_size, articles_per_batch, checkpoint_articles, on_progress)
    todo = _admit(store, articles, report, stages, on_progress)
    workers = workers if workers > 0 else os.cpu_count() or 1
    try:
        if workers == 1:
            for job in todo:
                if gazetteer is None:  # loaded on the first article to extract: a rerun that skips all never pays
                    gazetteer = load_gazetteer([str(path) for path in gazetteer_files], stages)
                writer.add(map_article(job, gazetteer, stages))
        else:
            files = [str(path) for path in gazetteer_files]
            for written in _write_in_pool(todo, workers, ordered, files, stages, store.reopener(), batch_size):
                writer.absorb(written)
        writer.finish()
    finally:
        writer.close()
        report.seconds = time.perf_counter() - started
    return report


def _admit(
    store: GraphStore,
    items: Iterable[Article | ReadProblem],
    report: LoadReport,
    stages: Stages,
    on_progress: ProgressCallback | None,
) -> Iterator[_Job]:
    """The articles that need work, with their digests; problems, unchanged articles and duplicates are settled
    here, before any extraction."""
    digest_of = stages.resolve("digest")
    # Each id's versions in this load: (digest as read, source, the id it is loaded under).
    versions: dict[str, list[tuple[str, str, str]]] = {}
    window: list[tuple[Article, str]] = []
    for item in items:
        if isinstance(item, ReadProblem):
            _settle(report, on_progress, None, item.source, "failed", problem=item)
            continue
        digest = digest_of(item)
        seen = versions.setdefault(item.id, [])
        same = next((version for version in seen if version[0] == digest), None)
        if same is not None:
            _settle(report, on_progress, same[2], item.source, "duplicate")
            continue
        read_digest = digest
        if seen:  # the same id with other content (FA-KES repeats a unit_id): both are kept
            first_source = seen[0][1]
            item = dataclasses.replace(item, id=_derived_id(item.id, len(seen) + 1, versions))
            digest = digest_of(item)
            versions[item.id] = [(digest, item.source, item.id)]
            report.warnings.append(
                ReadProblem(
                    item.source,
                    f"{seen[0][2]} appears again with different content (first in {first_source}): "
                    f"this one is loaded as {item.id}",
                )
            )
        seen.append((read_digest, item.source, item.id))
        window.append((item, digest))
        if len(window) >= _ADMIT_WINDOW:
            yield from _new_or_changed(store, window, report, on_progress)
            window = []
    yield from _new_or_changed(store, window, report, on_progress)


def _derived_id(article_id: str, version: int, taken: Mapping[str, object]) -> str:
    """The id of the ``version``-th distinct article under ``article_id`` in one load: ``article/x~2``, or the
    next number that no article of the load has."""
    while f"{article_id}~{version}" in taken:
        version += 1
    return f"{article_id}~{version}"


def _new_or_changed(
    store: GraphStore, window: list[tuple[Article, str]], report: LoadReport, on_progress: ProgressCallback | None
) -> Iterator[_Job]:
    # One existence query for the window (a round trip each on Neo4j); digests only for articles that exist.
    existing = store.node_labels(article.id for article, _ in window)
    for article, digest in window:
        if article.id not in existing:
            yield _Job(article, digest, replacing=False)
            continue
        # An article without a digest was written by a load interrupted before its seal: it is replaced.
        if store.article_digest(article.id) == digest:
            _settle(report, on_progress, article.id, article.source, "unchanged")
        else:
            yield _Job(article, digest, replacing=True)


def _settle(
    report: LoadReport,
    on_progress: ProgressCallback | None,
    article_id: str | None,
    source: str,
    status: str,
    *,
    problem: ReadProblem | None = None,
) -> None:
    if status == "unchanged" and article_id is not None:
        report.unchanged.append(article_id)
    elif status == "duplicate" and article_id is not None:
        report.duplicates.append(article_id)
    elif status == "failed" and problem is not None:
        report.problems.append(problem)
    if on_progress is not None:
        on_progress(ArticleStatus(article_id, source, status))


def _write_in_pool(
    todo: Iterator[_Job],
    workers: int,
    ordered: bool,
    gazetteer_files: list[str],
    stages: Stages,
    reopen: Callable[[], GraphStore],
    batch_size: int,
) -> Iterator[_Written]:
    """Extract, map and write in ``workers`` processes, a bounded number of chunks in flight so a long stream
    stays in memory bounds; yields what each chunk wrote, in input order when ``ordered``."""
    import multiprocessing

    # spawn, not fork: the parent holds a database connection and (with a progress bar) a running thread.
    context = multiprocessing.get_context("spawn")
    numbered = (dataclasses.replace(job, position=position) for position, job in enumerate(todo))
    chunks = _chunked(numbered, _CHUNK_ARTICLES)
    pool = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(gazetteer_files, stages, reopen, batch_size, os.getpid()),
    )
    finished = False
    restore_sigterm = _interrupt_on_sigterm()
    try:
        pending: deque[tuple[Future[_Written], list[_Job]]] = deque()
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < workers * _IN_FLIGHT_PER_WORKER:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                else:
                    pending.append((pool.submit(_map_and_write_chunk, chunk), chunk))
            if not pending:
                break
            if ordered:
                future, chunk = pending.popleft()
            else:
                done, _ = wait([future for future, _ in pending], return_when=FIRST_COMPLETED)
                index = next(i for i, (future, _) in enumerate(pending) if future in done)
                future, chunk = pending[index]
                del pending[index]
            yield _chunk_outcome(future, chunk)
        finished = True
    finally:
        # On Ctrl-C or a store failure, queued chunks are dropped rather than extracted for nothing.
        pool.shutdown(wait=finished, cancel_futures=not finished)
        restore_sigterm()


def _interrupt_on_sigterm() -> Callable[[], None]:
    """Turn SIGTERM into KeyboardInterrupt while the pool runs, so ``kill`` stops a parallel load as Ctrl-C does
    (queued chunks dropped, the pool shut down, what was written kept); returns what restores the old handler.
    Signals reach only the main thread: elsewhere (the API's load) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore


def _chunk_outcome(future: Future[_Written], chunk: list[_Job]) -> _Written:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        # A worker died (killed, out of memory): its chunk failed; what it committed is redone by a rerun,
        # since digests are written only at the parent's checkpoints.
        reason = f"extraction worker died ({exc or 'the process pool broke'})"
        report = LoadReport(problems=[ReadProblem(job.article.source, reason) for job in chunk])
        events = [ArticleStatus(job.article.id, job.article.source, "failed") for job in chunk]
        return _Written(report, set(), [], events)


def _chunked(items: Iterator[_Job], size: int) -> Iterator[list[_Job]]:
    chunk: list[_Job] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _LatestProperties:
    """For each provisional entity, each property's value in the last article (by input position) that gave it.

    Parallel workers write in no fixed order, and the last write of a provisional entity (a name spelled in another
    letter case) would win. Written again at each checkpoint, these make a parallel load leave what a one-worker load
    leaves: the same graph on every run.
    """

    def __init__(self) -> None:
        self.entities: dict[str, tuple[str, dict[str, tuple[int, Any]]]] = {}

    def note(self, node: NodeRecord, position: int) -> None:
        _, properties = self.entities.setdefault(node.id, (node.label, {}))
        for key, value in node.properties.items():
            earlier = properties.get(key)
            if earlier is None or earlier[0] <= position:
                properties[key] = (position, value)

    def update(self, other: _LatestProperties) -> None:
        for node_id, (label, properties) in other.entities.items():
            _, mine = self.entities.setdefault(node_id, (label, {}))
            for key, (position, value) in properties.items():
                earlier = mine.get(key)
                if earlier is None or earlier[0] <= position:
                    mine[key] = (position, value)

    def records(self, ids: Iterable[str]) -> list[NodeRecord]:
        found = []
        for node_id in sorted(ids):
            label, properties = self.entities[node_id]
            found.append(NodeRecord(node_id, label, {key: value for key, (_, value) in properties.items()}))
        return found


class _Writer:
    """Batches mapped articles into transactions of whole articles, and checkpoints: reconcile, then digests."""

    def __init__(
        self,
        store: GraphStore,
        report: LoadReport,
        stages: Stages,
        batch_size: int,
        articles_per_batch: int,
        checkpoint_articles: int,
        on_progress: ProgressCallback | None,
    ) -> None:
        self.store = store
        self.report = report
        self.stages = stages
        self.batch_size = max(1, batch_size)
        self.articles_per_batch = max(1, articles_per_batch)
        self.checkpoint_articles = max(1, checkpoint_articles)
        self.on_progress = on_progress
        self.pending: list[tuple[Mapped, GraphBatch, NodeRecord]] = []
        # Rows counted once per key: articles share entities, places and roles, which a batch writes only once.
        self.pending_keys: set[str | tuple[str, str, str]] = set()
        self.unsealed: list[NodeRecord] = []  # written articles whose digest waits for the next checkpoint
        self.topics: set[str] = set()
        self.topics_of = stages.resolve("topics_of")
        self.stale_topics = stages.resolve("stale_topics")
        self.entity_labels = {label for label, spec in SCHEMA.nodes.items() if spec.group in ENTITY_GROUPS}
        # The last properties this load wrote for each shared node (SHARED_LABELS) and each relationship between
        # them. Articles repeat the same actors, places, roles and claim groups; rewriting identical properties is a
        # no-op, so it is skipped.
        self.written_nodes: dict[str, dict[str, Any]] = {}
        self.written_rels: dict[tuple[str, str, str], dict[str, Any]] = {}
        # Kept by parallel workers (see _LatestProperties): what the parent settles at its checkpoints.
        self.provisional: _LatestProperties | None = None
        self.latest = _LatestProperties()
        self.unsettled: set[str] = set()
        # A store that writes in another process (Neo4j) takes one write at a time from a thread, so mapping the
        # next articles overlaps the database's work; each write is settled before the next one is sent.
        self.background = ThreadPoolExecutor(1, "claimgraph-write") if store.writes_elsewhere else None
        self.in_flight: _InFlight | None = None
        self.curation = Curation.of(store)  # analysts' judgements win over the extractor (loaders/judgements.py)

    def add(self, mapped: Mapped) -> None:
        if mapped.batch is None:
            problem = ReadProblem(mapped.source, mapped.error or "extraction failed")
            _settle(self.report, self.on_progress, mapped.article_id, mapped.source, "failed", problem=problem)
            return
        try:
            curated = _without_nothing_to_replace(mapped, self.curation.apply(mapped.batch))
            unsealed_batch, seal = _unseal(dataclasses.replace(mapped, batch=curated))
        except ClaimgraphError as exc:
            problem = ReadProblem(mapped.source, str(exc))
            _settle(self.report, self.on_progress, mapped.article_id, mapped.source, "failed", problem=problem)
            return
        self.pending.append((mapped, unsealed_batch, seal))
        self.pending_keys.update(node.id for node in unsealed_batch.nodes)
        self.pending_keys.update((rel.source, rel.type, rel.target) for rel in unsealed_batch.rels)
        if len(self.pending_keys) >= self.batch_size or len(self.pending) >= self.articles_per_batch:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.settle_write()  # the previous write first: what it wrote decides what this one repeats
        pending, self.pending = self.pending, []
        self.pending_keys.clear()
        replacing = [mapped.article_id for mapped, _, _ in pending if mapped.replacing]
        if replacing:  # read before the write deletes them: groups the old claims leave must be reconciled too
            self.topics.update(self.stale_topics(self.store, replacing))
        combined = GraphBatch()
        for _, batch, _ in pending:
            combined.extend(batch)
        combined, node_updates, rel_updates = self._without_repeats(combined)
        if self.background is None:
            outcome: Future[WriteSummary] = Future()
            try:
                outcome.set_result(self.store.write(combined))
            except ClaimgraphError as exc:
                outcome.set_exception(exc)
            self.in_flight = _InFlight(outcome, pending, node_updates, rel_updates)
            self.settle_write()
        else:
            self.in_flight = _InFlight(
                self.background.submit(self.store.write, combined), pending, node_updates, rel_updates
            )

    def settle_write(self) -> None:
        """Wait for the write in flight, if any, and account for it (a refused batch is retried article by
        article); a checkpoint follows when enough articles wait for their digests."""
        if self.in_flight is None:
            return
        in_flight, self.in_flight = self.in_flight, None
        try:
            self.report.written = self.report.written + in_flight.outcome.result()
            written = in_flight.pending
            self.written_nodes.update(in_flight.node_updates)
            self.written_rels.update(in_flight.rel_updates)
        except StoreError:
            raise  # the store itself failed: nothing more can be written
        except ClaimgraphError:
            # Find the article whose records the store refuses; those writes bypass the memory of written rows.
            self._forget_written()
            written = self._write_one_by_one(in_flight.pending)
        for mapped, batch, seal in written:
            self._count(mapped, batch)
            self.unsealed.append(seal)
        if len(self.unsealed) >= self.checkpoint_articles:
            self.checkpoint()

    def _without_repeats(
        self, batch: GraphBatch
    ) -> tuple[GraphBatch, dict[str, dict[str, Any]], dict[tuple[str, str, str], dict[str, Any]]]:
        """The batch without the shared rows whose properties equal the last ones this load wrote for them,
        and the rows it does write (remembered once the write succeeds)."""
        node_updates: dict[str, dict[str, Any]] = {}
        nodes = []
        for node in batch.nodes:
            if node.label in SHARED_LABELS:
                if node_updates.get(node.id, self.written_nodes.get(node.id)) == node.properties:
                    continue
                node_updates[node.id] = node.properties
            nodes.append(node)
        shared_ids = {node.id for node in batch.nodes if node.label in SHARED_LABELS}
        rel_updates: dict[tuple[str, str, str], dict[str, Any]] = {}
        rels = []
        for rel in batch.rels:
            key = (rel.source, rel.type, rel.target)
            between_shared = all(end in shared_ids or end in self.written_nodes for end in (rel.source, rel.target))
            if between_shared:
                if rel_updates.get(key, self.written_rels.get(key)) == rel.properties:
                    continue
                rel_updates[key] = rel.properties
            rels.append(rel)
        return dataclasses.replace(batch, nodes=nodes, rels=rels), node_updates, rel_updates

    def _forget_written(self) -> None:
        self.written_nodes.clear()
        self.written_rels.clear()

    def _write_one_by_one(
        self, pending: list[tuple[Mapped, GraphBatch, NodeRecord]]
    ) -> list[tuple[Mapped, GraphBatch, NodeRecord]]:
        written = []
        for mapped, batch, seal in pending:
            try:
                self.report.written = self.report.written + self.store.write(batch)
            except StoreError:
                raise
            except ClaimgraphError as exc:
                problem = ReadProblem(mapped.source, f"the store refused its records: {exc}")
                _settle(self.report, self.on_progress, mapped.article_id, mapped.source, "failed", problem=problem)
                continue
            written.append((mapped, batch, seal))
        return written

    def _count(self, mapped: Mapped, batch: GraphBatch) -> None:
        report = self.report
        for node in batch.nodes:
            if node.label in self.entity_labels:
                report.entity_ids.add(node.id)
                if self.provisional is not None and node.properties.get("provisional"):
                    self.provisional.note(node, mapped.position)
            elif node.label == "Statement":
                report.statements += 1
            elif node.label == "Claim":
                report.claims += 1
        self.topics.update(self.topics_of(batch))
        report.loaded.append(mapped.article_id)
        report.warnings += (ReadProblem(mapped.source, warning) for warning in mapped.warnings)
        if mapped.replacing:
            report.replaced.append(mapped.article_id)
        if self.on_progress is not None:
            self.on_progress(ArticleStatus(mapped.article_id, mapped.source, "loaded"))

    def absorb(self, written: _Written) -> None:
        """Take in what a worker wrote: its report, the topics to reconcile and the digests to seal."""
        report, theirs = self.report, written.report
        report.loaded += theirs.loaded
        report.replaced += theirs.replaced
        report.problems += theirs.problems
        report.warnings += theirs.warnings
        report.entity_ids |= theirs.entity_ids
        report.statements += theirs.statements
        report.claims += theirs.claims
        report.written = report.written + theirs.written
        self.topics |= written.topics
        self.unsealed += written.unsealed
        self.latest.update(written.provisional)
        self.unsettled.update(written.provisional.entities)
        if self.on_progress is not None:
            for event in written.events:
                self.on_progress(event)
        if len(self.unsealed) >= self.checkpoint_articles:
            self.checkpoint()

    def checkpoint(self) -> None:
        """Reconcile the topics touched since the last checkpoint, then write the digests that let a rerun skip
        these articles (in that order: see the module docstring)."""
        self.settle_write()
        if self.topics:
            summary = self.stages.resolve("reconcile")(self.store, set(self.topics))
            if isinstance(summary, WriteSummary):
                self.report.reconciled = self.report.reconciled + summary
                if summary.nodes_deleted:  # a group left empty is gone: a later article must write it again
                    self._forget_written()
            self.report.topics.update(self.topics)
            self.topics.clear()
            self.report.reconciled = self.report.reconciled + apply_link_judgements(self.store, self.curation)
        settled = self.latest.records(self.unsettled)
        if self.unsealed or settled:
            self.store.write(GraphBatch(nodes=[*settled, *self.unsealed]))
            self.unsealed = []
            self.unsettled.clear()

    def finish(self) -> None:
        self.flush()
        self.checkpoint()

    def close(self) -> None:
        """Stop the background writer; a write still in flight (the load was interrupted) ends first."""
        if self.background is not None:
            self.background.shutdown(wait=True)


@dataclass(slots=True)
class _InFlight:
    """A write sent to the store and what it holds, accounted for once it ends (``_Writer.settle_write``)."""

    outcome: Future[WriteSummary]
    pending: list[tuple[Mapped, GraphBatch, NodeRecord]]
    node_updates: dict[str, dict[str, Any]]
    rel_updates: dict[tuple[str, str, str], dict[str, Any]]


def _without_nothing_to_replace(mapped: Mapped, batch: GraphBatch) -> GraphBatch:
    """The batch of an article the store did not hold when the load admitted it, without ``replaces``: a new article
    has no earlier facts, and looking for them costs a query per article (a round trip on Neo4j). An article a
    killed load half wrote exists, so it is admitted as replacing and keeps them."""
    if mapped.replacing or not batch.replaces:
        return batch
    return dataclasses.replace(batch, replaces=[])


def _unseal(mapped: Mapped) -> tuple[GraphBatch, NodeRecord]:
    """The article's batch with its digest cleared, and the small record that sets the digest later."""
    assert mapped.batch is not None
    nodes = list(mapped.batch.nodes)
    for index, node in enumerate(nodes):
        if node.id == mapped.article_id and node.label == ARTICLE_LABEL:
            nodes[index] = NodeRecord(node.id, node.label, {**node.properties, "sha256": None})
            seal = NodeRecord(node.id, node.label, {"name": node.properties.get("name"), "sha256": mapped.digest})
            return dataclasses.replace(mapped.batch, nodes=nodes), seal
    raise ClaimgraphError(f"{mapped.article_id}: the mapping produced no Article node")
