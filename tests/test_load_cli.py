"""`claimgraph load` through typer's runner, and the pipeline behind it, on real embedded stores."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.embedded import EmbeddedStore
from graph.export import write_export
from graph.settings import Settings
from loaders.extract import extract as real_extract
from loaders.pipeline import ArticleStatus, Stages, load_articles, load_gazetteer, load_paths
from loaders.records import Article, ReadProblem

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
BAD_INPUT = Path(__file__).resolve().parent / "bad_input"
SEED_IDS = sorted(f"article/{path.stem}" for path in SEEDS.glob("*.txt"))
FAKES_MAP_ARGS = ["--map", "id=unit_id", "--map", "title=article_title", "--map", "text=article_content",
                  "--map", "outlet=source", "--map", "published=date"]  # fmt: skip

runner = CliRunner()


@pytest.fixture(scope="module")
def gazetteer() -> object:
    return load_gazetteer()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cli-data"
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(directory))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert Settings().data_dir == directory  # the CLI writes here, never to ./data
    return directory


def snapshot(directory: Path) -> tuple[dict[str, int], dict[str, int], str]:
    """Counts by label and type, and a digest of the whole export: equal snapshots mean equal graphs."""
    with EmbeddedStore(directory, create=False) as store:
        counts = store.stats()
        buffer = io.StringIO()
        write_export(store, "json", buffer)
    return counts.labels, counts.relationship_types, hashlib.sha256(buffer.getvalue().encode()).hexdigest()


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    output = result.output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, output


# -- the command ---------------------------------------------------------------------------------------------


def test_load_seeds_then_again_changes_nothing(data_dir: Path) -> None:
    code, output = invoke("load", str(SEEDS), "--json")
    assert code == 0, output
    first = json.loads(output)
    assert (first["loaded"], first["unchanged"], first["failed"]) == (5, 0, 0)
    assert sorted(first["loaded_ids"]) == SEED_IDS
    assert first["claims"] > 0 and first["statements"] > 0 and first["entities"] > 10
    labels, types, digest = snapshot(data_dir)
    assert labels["Article"] == 5 and labels["Claim"] == first["claims"] and labels["Statement"] == first["statements"]
    assert types["CONTAINS"] == first["claims"] + first["statements"]

    code, output = invoke("load", str(SEEDS))
    assert code == 0, output
    assert "Loaded 0 articles" in output and "5 unchanged; 0 failed" in output
    assert snapshot(data_dir) == (labels, types, digest)


def test_seed_articles_carry_text_metadata_and_offsets(data_dir: Path) -> None:
    assert invoke("load", str(SEEDS), "--quiet")[0] == 0
    with EmbeddedStore(data_dir, create=False) as store:
        article = store.get_node("article/002_c5e1f537e0d5b07f")
        assert article is not None
        props = article.properties
        assert (props["published"], props["author"], props["sha256"]) == (
            "2025-03-11",
            "Guirizd Ergoz",
            props["sha256"],
        )
        assert len(props["sha256"]) == 64
        assert props["text"] == (SEEDS / "002_c5e1f537e0d5b07f.txt").read_text(encoding="utf-8")
        with store.read_graph() as graph:
            contained = [target for _, target, key in graph.out_edges(article.id, keys=True) if key == "CONTAINS"]
            assert contained
            for node_id in contained:
                node = graph.nodes[node_id]
                assert props["text"][node["start"] : node["end"]] == node["text"]


def test_mixed_directory_loads_the_good_files_and_lists_each_bad_one(data_dir: Path) -> None:
    code, output = invoke("load", str(BAD_INPUT), "--max-bytes", "4096", *FAKES_MAP_ARGS)
    assert code == 1
    assert "Loaded 10 articles" in output
    for item, reason in [
        ("empty.txt", "empty file"),
        ("binary_image.txt", "binary file (contains NUL bytes), not text"),
        ("undecodable.txt", "undecodable text"),
        ("malformed.json", "malformed JSON"),
        ("mixed_records.jsonl: line 2", "malformed JSON"),
        ("mixed_rows.csv: line 4", "malformed CSV row: 6 fields, the header has 5"),
        ("missing_text.json", "missing text field"),
        ("too_large.txt", "article too large: 9,000 bytes, the limit is 4,096"),
        ("report.pdf", "unknown extension '.pdf'"),
        ("hostile_records.jsonl: line 2", "text holds a lone surrogate"),  # issue 13: each record on its own
        ("hostile_records.jsonl: line 3", "JSON nested too deeply to read"),
        ("nested_list.json: item 2", "JSON nested too deeply to read"),
    ]:
        assert f"{item}: {reason}" in output, (item, output)
    assert "24 items not loaded" in output
    with EmbeddedStore(data_dir, create=False) as store:
        assert store.stats().labels["Article"] == 10


def test_missing_paths_globs_and_bad_map_are_clear_errors(data_dir: Path, tmp_path: Path) -> None:
    code, output = invoke("load", str(tmp_path / "nowhere.txt"), str(tmp_path / "*.json"))
    assert code == 1
    assert "nowhere.txt: no such file or directory" in output
    assert "*.json: the pattern matches no file" in output
    code, output = invoke("load", str(SEEDS), "--map", "body=content")
    assert code == 1
    assert "unknown field 'body'" in output
    assert not (data_dir / "claimgraph.sqlite").exists() or snapshot(data_dir)[0] == {}


def test_a_broken_user_gazetteer_is_one_clear_error(data_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "mine.yaml"
    broken.write_text("entries: [unclosed\n", encoding="utf-8")
    code, output = invoke("load", str(SEEDS), "--gazetteer", str(broken))
    assert code == 1
    assert f"gazetteer file {broken}" in output and len(output.strip().splitlines()) == 1


def test_stdin_json_and_text(data_dir: Path) -> None:
    record = {"id": "piped", "title": "Piped", "text": "SANA said 12 people were killed in Homs on Monday.",
              "outlet": "SANA", "published": "2025-03-10"}  # fmt: skip
    code, output = invoke("load", "-", "--json", stdin=json.dumps(record))
    assert code == 0, output
    assert json.loads(output)["loaded_ids"] == ["article/piped"]
    code, output = invoke("load", "-", "--json", stdin="Residents of Baniyas said the shelling went on.\r\n")
    assert code == 0, output
    (text_id,) = json.loads(output)["loaded_ids"]
    assert text_id.startswith("article/stdin-")


def test_help_explains_the_options_with_examples() -> None:
    result = runner.invoke(app, ["load", "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    for fragment in ("--map", "FIELD=COLUMN", "--workers", "--batch-size", "--max-bytes", "--gazetteer", "--quiet",
                     "stdin", "Examples", "claimgraph load seeds", "--map id=unit_id"):  # fmt: skip
        assert fragment in result.output, fragment


# -- the pipeline --------------------------------------------------------------------------------------------


def test_changed_article_replaces_its_old_facts(tmp_path: Path, gazetteer: object) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / "story.txt"
    path.write_text("SOHR said at least 745 civilians were killed in Baniyas on Saturday.\n", encoding="utf-8")
    with EmbeddedStore(tmp_path / "store") as store:
        first = load_paths(store, [folder], gazetteer=gazetteer)
        assert (first.loaded, first.replaced) == (["article/story"], [])
        before = {node.id for node in store.iter_nodes() if node.properties.get("article_id") == "article/story"}
        assert any(node_id.startswith("claim/story/") for node_id in before)

        path.write_text("The Syrian Observatory said 973 civilians were killed by 10 March.\n", encoding="utf-8")
        second = load_paths(store, [folder], gazetteer=gazetteer)
        assert (second.loaded, second.replaced, second.unchanged) == (["article/story"], ["article/story"], [])
        after = {node.id for node in store.iter_nodes() if node.properties.get("article_id") == "article/story"}
        assert after and not (before & after)  # every old fact is gone, the new ones are there
        stored = store.get_node("article/story")
        assert stored is not None and "973" in stored.properties["text"]


def exploding_extract(article: Article, gazetteer: object) -> object:
    """A stage with a bug that shows on one article only."""
    if "EXPLODE" in article.text:
        raise ZeroDivisionError("division by zero in a rule")
    return real_extract(article, gazetteer)  # type: ignore[arg-type]


def test_an_extraction_bug_fails_one_article_not_the_load(tmp_path: Path, gazetteer: object) -> None:
    articles: list[Article | ReadProblem] = [
        Article(id="article/a", text="SANA said 3 people were killed in Homs.", source="a"),
        Article(id="article/b", text="EXPLODE: this one trips the bug.", source="b.txt"),
        ReadProblem("c.txt", "empty file"),
        Article(id="article/d", text="Reuters reported clashes in Latakia.", source="d"),
    ]
    seen: list[ArticleStatus] = []
    stages = Stages(extract=f"{__name__}:exploding_extract")
    with EmbeddedStore(tmp_path / "store") as store:
        report = load_articles(store, articles, gazetteer=gazetteer, stages=stages, on_progress=seen.append)
        assert report.loaded == ["article/a", "article/d"]
        assert sorted((p.source, p.reason) for p in report.problems) == [
            ("b.txt", "extraction failed: ZeroDivisionError: division by zero in a rule"),
            ("c.txt", "empty file"),
        ]
        assert not report.ok
        assert store.node_labels(["article/a", "article/b", "article/d"]) == {
            "article/a": "Article",
            "article/d": "Article",
        }
    assert sorted(status.status for status in seen) == ["failed", "failed", "loaded", "loaded"]


def test_duplicate_ids_in_one_load(tmp_path: Path, gazetteer: object) -> None:
    """The same article twice is loaded once; the same id with other content (FA-KES repeats a unit_id) is kept
    too, under a derived id, with a warning that names both (issue 13)."""
    same = Article(id="article/x", text="SANA said 3 people were killed in Homs.", source="first")
    articles: list[Article | ReadProblem] = [
        same,
        Article(id="article/x", text=same.text, source="again"),
        Article(id="article/x", text="A different text under the same id.", source="third"),
        Article(id="article/x", text="A different text under the same id.", source="fourth"),
    ]
    with EmbeddedStore(tmp_path / "store") as store:
        report = load_articles(store, articles, gazetteer=gazetteer)
        kept = store.get_node("article/x~2")
        rerun = load_articles(store, articles, gazetteer=gazetteer)
    assert (report.loaded, report.unchanged, report.duplicates) == (
        ["article/x", "article/x~2"],
        [],
        ["article/x", "article/x~2"],
    )
    assert report.problems == []
    assert [(w.source, w.reason) for w in report.warnings] == [
        ("third", "article/x appears again with different content (first in first): this one is loaded as article/x~2")
    ]
    assert kept is not None and kept.properties["text"] == "A different text under the same id."
    assert (rerun.loaded, rerun.unchanged) == ([], ["article/x", "article/x~2"])  # the derived id is stable


def test_a_repeated_id_with_other_content_is_loaded_with_a_warning_naming_both_lines(
    tmp_path: Path, data_dir: Path
) -> None:
    records = tmp_path / "units.jsonl"
    lines = [{"id": "u1", "text": "SANA said 3 people were killed in Homs."}, {"id": "u1", "text": "Another text."}]
    records.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, output = invoke("load", str(records))
    assert code == 0, output
    assert "Loaded 2 articles" in output
    assert (
        "warning: units.jsonl: line 2: article/u1 appears again with different content (first in units.jsonl: "
        "line 1): this one is loaded as article/u1~2"
    ) in " ".join(output.split())


class Interrupt(BaseException):
    """Stands for the process being killed: not an Exception, so nothing in the pipeline catches it."""


def interrupting_extract(article: Article, gazetteer: object) -> object:
    if article.id.endswith("-7"):
        raise Interrupt
    return real_extract(article, gazetteer)  # type: ignore[arg-type]


def _corpus(count: int) -> list[Article | ReadProblem]:
    texts = sorted(SEEDS.glob("*.txt"))
    return [
        Article(
            id=f"article/copy-{index}",
            text=texts[index % len(texts)].read_text(encoding="utf-8"),
            outlet="Reuters",
            source=f"copy-{index}",
        )
        for index in range(count)
    ]


def test_an_interrupted_load_converges_on_rerun(tmp_path: Path, gazetteer: object) -> None:
    corpus = _corpus(12)
    options = {"gazetteer": gazetteer, "batch_size": 50, "articles_per_batch": 2, "checkpoint_articles": 3}
    with EmbeddedStore(tmp_path / "whole") as store:
        whole = load_articles(store, corpus, **options)  # type: ignore[arg-type]
        assert len(whole.loaded) == 12
    with EmbeddedStore(tmp_path / "interrupted") as store:
        with pytest.raises(Interrupt):
            load_articles(store, corpus, stages=Stages(extract=f"{__name__}:interrupting_extract"), **options)  # type: ignore[arg-type]
        written = store.stats().labels.get("Article", 0)
        assert 0 < written < 12  # the interruption left a partial graph
        sealed = [i for i in range(12) if store.article_digest(f"article/copy-{i}")]
        assert sealed == list(range(len(sealed))) and len(sealed) < written  # some written but not yet sealed
        rerun = load_articles(store, corpus, **options)  # type: ignore[arg-type]
        assert sorted(rerun.unchanged) == sorted(f"article/copy-{i}" for i in sealed)
        assert len(rerun.loaded) == 12 - len(sealed)
    assert snapshot(tmp_path / "interrupted") == snapshot(tmp_path / "whole")


def test_two_workers_build_the_same_graph(tmp_path: Path, gazetteer: object) -> None:
    with EmbeddedStore(tmp_path / "one") as store:
        one = load_paths(store, [SEEDS])  # its own gazetteer, loaded as the workers load theirs
    with EmbeddedStore(tmp_path / "two") as store:
        two = load_paths(store, [SEEDS], workers=2)
    assert sorted(one.loaded) == sorted(two.loaded) == SEED_IDS
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_rows_shared_by_articles_are_written_once_without_changing_the_graph(tmp_path: Path, gazetteer: object) -> None:
    corpus = _corpus(10)
    with EmbeddedStore(tmp_path / "together") as store:
        together = load_articles(store, corpus, gazetteer=gazetteer, articles_per_batch=1)
    with EmbeddedStore(tmp_path / "apart") as store:
        apart = [load_articles(store, [article], gazetteer=gazetteer) for article in corpus]
    assert len(together.loaded) == sum(len(report.loaded) for report in apart) == 10
    # Later articles re-send the actors and places of earlier ones; the one load skips rows it already wrote.
    assert snapshot(tmp_path / "together") == snapshot(tmp_path / "apart")


def _outlet_spelled_two_ways(count: int) -> list[Article]:
    """Articles whose one provisional outlet is spelled in two letter cases, a run of chunks of each."""
    text = "Shelling killed 12 civilians in Idlib on Monday, the Syrian Observatory for Human Rights said."
    spellings = ("Levant Morning Courier", "LEVANT MORNING COURIER")
    return [
        Article(
            f"article/courier-{i:03d}", f"{text} Report {i}.", source=f"courier-{i}.txt", outlet=spellings[(i // 8) % 2]
        )
        for i in range(count)
    ]


def test_parallel_loads_leave_what_one_worker_leaves(tmp_path: Path, gazetteer: object) -> None:
    corpus = _outlet_spelled_two_ways(72)  # nine chunks of eight, the last in title case
    with EmbeddedStore(tmp_path / "one") as store:
        load_articles(store, corpus, gazetteer=gazetteer)
        outlet = store.get_node("outlet/~levant-morning-courier")
        assert outlet is not None and outlet.properties["name"] == "Levant Morning Courier"
    for run in ("two-a", "two-b"):
        with EmbeddedStore(tmp_path / run) as store:
            report = load_articles(store, corpus, workers=2, checkpoint_articles=20)
        assert len(report.loaded) == 72
    assert snapshot(tmp_path / "two-a") == snapshot(tmp_path / "one") == snapshot(tmp_path / "two-b")
