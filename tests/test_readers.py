"""The readers: every input format, metadata sources, encodings, and the committed bad-input corpus."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from graph.errors import InputError
from loaders.readers import (
    article_id_from,
    decode_bytes,
    guess_title,
    iter_articles,
    parse_date,
    parse_mapping,
)
from loaders.records import Article, ReadProblem

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
BAD_INPUT = Path(__file__).resolve().parent / "bad_input"
FAKES_MAP = parse_mapping(
    ["id=unit_id", "title=article_title", "text=article_content", "outlet=source", "published=date"]
)

# Every item of tests/bad_input that must be refused, with a fragment of its reason.
EXPECTED_PROBLEMS = {
    "bad_front_matter.md": "front matter is not valid YAML",
    "binary_image.txt": "binary file (contains NUL bytes)",
    "blank.txt": "no article text",
    "control_chars.txt": "binary file (control characters)",
    "empty.txt": "empty file",
    "malformed.json": "malformed JSON: Unterminated string",
    "missing_text.json": "missing text field 'article_content' or 'text'",
    "mixed_records.jsonl: line 2": "malformed JSON",
    "mixed_records.jsonl: line 3": "missing text field",
    "mixed_records.jsonl: line 4": "expected an article object, found list",
    "mixed_records.jsonl: line 5": "published date 'sometime soon' cannot be read",
    "mixed_rows.csv: line 3": "malformed CSV row",
    "mixed_rows.csv: line 4": "malformed CSV row: 6 fields, the header has 5",
    "mixed_rows.csv: line 5": "empty text field 'article_content'",
    "report.pdf": "unknown extension '.pdf'",
    "too_large.txt": "article too large: 9,000 bytes, the limit is 4,096",
    "undecodable.txt": "undecodable text",
    "wrong_shape.json": "expected an article object or a list of them, found str",
    "hostile_records.jsonl: line 2": "text holds a lone surrogate (\\ud800 at character 7)",
    "hostile_records.jsonl: line 3": "JSON nested too deeply to read",
    "hostile_records.jsonl: line 4": "JSON nested too deeply to read",
    "hostile_records.jsonl: line 5": "unreadable JSON value: Exceeds the limit (4300 digits)",
    "nested_list.json: item 2": "JSON nested too deeply to read",
    "nested_list.json: item 3": "title holds a lone surrogate",
}
EXPECTED_GOOD = {
    "article/good_article": "good_article.txt",
    "article/good-md": "good_front_matter.md",
    "article/jsonl-good-1": "mixed_records.jsonl: line 1",
    "article/jsonl-good-2": "mixed_records.jsonl: line 6",
    "article/101": "mixed_rows.csv: line 2",
    "article/105": "mixed_rows.csv: line 6",
    "article/hostile-good-1": "hostile_records.jsonl: line 1",
    "article/hostile-good-2": "hostile_records.jsonl: line 6",
    "article/list-good-1": "nested_list.json: item 1",
    "article/list-good-2": "nested_list.json: item 4",
}


def read_all(*paths: str | Path, **options: object) -> tuple[list[Article], list[ReadProblem]]:
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    for item in iter_articles([str(path) for path in paths], **options):  # type: ignore[arg-type]
        (articles if isinstance(item, Article) else problems).append(item)  # type: ignore[arg-type]
    return articles, problems


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- text files and their metadata ---------------------------------------------------------------------------


def test_seeds_read_with_manifest_metadata() -> None:
    articles, problems = read_all(SEEDS)
    assert problems == []
    by_id = {article.id: article for article in articles}
    assert sorted(by_id) == [
        "article/000_b5c8b235ebc10f43",
        "article/001_7aba0a4207e45fa6",
        "article/002_c5e1f537e0d5b07f",
        "article/003_edf755c69ac85740",
        "article/004_1f56a35efa4e5e3f",
    ]
    cradle = by_id["article/002_c5e1f537e0d5b07f"]
    assert (cradle.outlet, cradle.author, cradle.published, cradle.language) == (
        "The Cradle",
        "Guirizd Ergoz",
        date(2025, 3, 11),
        "en",
    )
    assert by_id["article/000_b5c8b235ebc10f43"].outlet == "TPS-IL (The Press Service of Israel)"
    assert by_id["article/003_edf755c69ac85740"].outlet is None
    # The seeds have no headline: neither the opening paragraph nor seed 002's byline is taken as a title.
    assert all(article.title is None for article in articles)
    # The text is the file's text, so an offset found in the file points at the same words in the article.
    raw = (SEEDS / "000_b5c8b235ebc10f43.txt").read_text(encoding="utf-8")
    assert by_id["article/000_b5c8b235ebc10f43"].text == raw
    assert by_id["article/000_b5c8b235ebc10f43"].source.endswith("seeds/000_b5c8b235ebc10f43.txt")


def test_front_matter_wins_over_manifest(tmp_path: Path) -> None:
    write(
        tmp_path / "manifest.yaml",
        "- file: a.md\n  outlet: Manifest Outlet\n  author: Manifest Author\n  published: 2025-01-01\n"
        "- file: b.txt\n  outlet: Only Manifest\n  id: custom id/with slash\n  url: https://example.org/b\n",
    )
    write(
        tmp_path / "a.md",
        "---\noutlet: Front Outlet\ndate: 2025-03-09\ntitle: From the front matter\nlang: en\n---\n"
        "# Heading that is not used\n\nBody of a.\n",
    )
    write(tmp_path / "b.txt", "Headline of b\n\nBody of b, a sentence.\n")
    articles, problems = read_all(tmp_path)
    assert problems == []  # the manifest itself is metadata, not an article or an unknown file
    a, b = sorted(articles, key=lambda article: article.source)
    assert (a.id, a.outlet, a.author, a.published, a.title, a.language) == (
        "article/a",
        "Front Outlet",
        "Manifest Author",
        date(2025, 3, 9),
        "From the front matter",
        "en",
    )
    assert a.text == "# Heading that is not used\n\nBody of a.\n"
    assert (b.id, b.outlet, b.url, b.title) == (
        "article/custom-id-with-slash",
        "Only Manifest",
        "https://example.org/b",
        "Headline of b",
    )


def test_manifest_json_and_a_broken_manifest(tmp_path: Path) -> None:
    write(tmp_path / "ok" / "manifest.json", json.dumps([{"file": "x.txt", "outlet": "AFP", "published": "3/9/25"}]))
    write(tmp_path / "ok" / "x.txt", "Text of x.")
    write(tmp_path / "broken" / "manifest.yml", "- file: y.txt\n  outlet: [oops\n")
    write(tmp_path / "broken" / "y.txt", "Text of y.")
    articles, problems = read_all(tmp_path)
    assert {(article.id, article.outlet, article.published) for article in articles} == {
        ("article/x", "AFP", date(2025, 3, 9)),
        ("article/y", None, None),
    }
    assert [(Path(problem.source).name, problem.reason.split(":")[0]) for problem in problems] == [
        ("manifest.yml", "manifest is not valid YAML")
    ]


def test_title_detection() -> None:
    assert guess_title("\n\nSyria: hundreds killed on the coast\n\nThe toll rose on Sunday.") == (
        "Syria: hundreds killed on the coast"
    )
    assert guess_title("# A Markdown heading\nBody.", markdown=True) == "A Markdown heading"
    assert guess_title("The toll rose on Sunday.\n\nMore text.") is None  # a sentence, not a headline
    assert guess_title("by Guirizd Ergoz, published on The Cradle, March 11, 2025\nThe text.") is None
    assert guess_title("Only one line") is None


# -- JSON, JSONL, CSV ----------------------------------------------------------------------------------------


def test_json_object_list_and_jsonl(tmp_path: Path) -> None:
    record = {"id": 7, "title": "T", "text": "Body one.", "outlet": "Reuters", "author": "A. B.", "url": "u",
              "published": "2025-03-08T10:00:00Z", "language": "en"}  # fmt: skip
    write(tmp_path / "one.json", json.dumps(record))
    write(tmp_path / "list.json", json.dumps([{"text": "First."}, {"id": "second", "text": "Second."}]))
    write(tmp_path / "lines.jsonl", json.dumps({"id": "l1", "text": "L1"}) + "\n\n" + '{"id": "l2", "text": "L2"}\n')
    articles, problems = read_all(tmp_path)
    assert problems == []
    by_id = {article.id: article for article in articles}
    assert sorted(by_id) == ["article/7", "article/l1", "article/l2", "article/list-1", "article/second"]
    one = by_id["article/7"]
    assert (one.title, one.outlet, one.author, one.url, one.published, one.language) == (
        "T", "Reuters", "A. B.", "u", date(2025, 3, 8), "en"
    )  # fmt: skip
    assert by_id["article/l2"].source.endswith("lines.jsonl: line 3")


def test_fakes_style_csv_with_map_and_latin1_bytes(tmp_path: Path) -> None:
    header = "unit_id,article_title,article_content,source,date,location\n"
    body = (
        '1914947530,Caf\xe9 attack,"Wed 05 Apr 2017 An attack near a caf\xe9 in Idlib killed 12 civilians '
        'the monitor said.",reuters,4/5/17,idlib\n'
        '1914947531,Second,"Shelling in Dar\xe2a, \xabclashes\xbb continued.",sana,12/31/16,daraa\n'
    )
    path = write(tmp_path / "fakes.csv", (header + body).encode("latin-1"))
    articles, problems = read_all(path, mapping=FAKES_MAP)
    assert problems == []
    first, second = articles
    assert (first.id, first.title, first.outlet, first.published) == (
        "article/1914947530",
        "Café attack",
        "reuters",
        date(2017, 4, 5),
    )
    assert "near a café in Idlib" in first.text
    assert second.published == date(2016, 12, 31)
    assert second.text == "Shelling in Darâa, «clashes» continued."
    assert second.source.endswith("fakes.csv: line 3")


def test_csv_without_map_uses_field_named_columns_and_big_fields(tmp_path: Path) -> None:
    long_text = "word " * 60_000  # 300 kB: past csv's default field size limit
    path = tmp_path / "plain.csv"
    path.write_text(f'ID,Title,Text,Published\na1,First,"{long_text}",2025-03-10\n', encoding="utf-8")
    articles, problems = read_all(path)
    assert problems == []
    assert [(a.id, a.title, a.published, len(a.text)) for a in articles] == [
        ("article/a1", "First", date(2025, 3, 10), len(long_text))
    ]


def test_csv_without_a_text_column_says_how_to_map_it(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", "unit_id,article_content\n1,hello\n")
    articles, problems = read_all(path)
    assert articles == []
    assert problems[0].reason.startswith("no text column 'text' (columns: unit_id, article_content)")
    assert "--map text=COLUMN" in problems[0].reason


# -- stdin ---------------------------------------------------------------------------------------------------


def test_stdin_sniffs_json_jsonl_and_text() -> None:
    as_json = json.dumps([{"id": "s1", "text": "One."}, {"id": "s2", "text": "Two."}]).encode()
    articles, _ = read_all("-", stdin=io.BytesIO(as_json))
    assert [a.id for a in articles] == ["article/s1", "article/s2"]
    as_jsonl = b'{"id": "j1", "text": "One."}\n{"id": "j2", "text": "Two."}\n'
    articles, _ = read_all("-", stdin=io.BytesIO(as_jsonl))
    assert [a.id for a in articles] == ["article/j1", "article/j2"]
    articles, _ = read_all("-", stdin=io.BytesIO("Plain text from a pipe, with “quotes”.\r\n".encode()))
    (article,) = articles
    assert article.text == "Plain text from a pipe, with “quotes”.\n"
    assert article.id.startswith("article/stdin-") and article.source == "<stdin>"
    again, _ = read_all("-", stdin=io.BytesIO("Plain text from a pipe, with “quotes”.\r\n".encode()))
    assert again[0].id == article.id  # stable: the same text gets the same id
    _, problems = read_all("-", stdin=io.BytesIO(b"  \n"))
    assert problems == [ReadProblem("<stdin>", "empty input")]


# -- encodings -----------------------------------------------------------------------------------------------


def test_bom_and_crlf_offsets_point_into_the_stored_text(tmp_path: Path) -> None:
    original = "Title line\r\n\r\nSOHR said at least 745 civilians were killed.\r\nA second line.\r\n"
    path = write(tmp_path / "crlf.txt", b"\xef\xbb\xbf" + original.encode("utf-8"))
    (article,), _ = read_all(path)
    assert "\r" not in article.text and not article.text.startswith("\ufeff")
    assert article.title == "Title line"
    start = article.text.index("at least 745")
    assert article.text[start : start + len("at least 745 civilians")] == "at least 745 civilians"
    assert article.text.splitlines() == ["Title line", "", "SOHR said at least 745 civilians were killed.",
                                         "A second line."]  # fmt: skip


def test_decode_fallbacks() -> None:
    assert decode_bytes("Ahmad al-Shara’a — “quote”".encode("cp1252")) == "Ahmad al-Shara’a — “quote”"
    assert decode_bytes("Darâa, Hôms, Alépo à côté".encode("latin-1")) == "Darâa, Hôms, Alépo à côté"
    assert decode_bytes("نص عربي عن اللاذقية".encode("utf-16")) == "نص عربي عن اللاذقية"
    with pytest.raises(InputError, match="NUL"):
        decode_bytes(b"PK\x03\x04\x00\x00")


def test_utf16_with_bom_and_latin1_text_files_load(tmp_path: Path) -> None:
    write(tmp_path / "u16.txt", "Text in UTF-16 about Tartous.\n".encode("utf-16"))
    write(tmp_path / "l1.txt", "Text in latin-1 about Banyas and Jabl\xe9.\n".encode("latin-1"))
    articles, problems = read_all(tmp_path)
    assert problems == []
    assert sorted(article.text for article in articles) == [
        "Text in UTF-16 about Tartous.\n",
        "Text in latin-1 about Banyas and Jablé.\n",
    ]


# -- paths, globs and the bad-input corpus -------------------------------------------------------------------


def test_globs_missing_paths_and_duplicates(tmp_path: Path) -> None:
    write(tmp_path / "a" / "one.txt", "One.")
    write(tmp_path / "a" / "deep" / "two.md", "Two.")
    write(tmp_path / "a" / ".hidden.txt", "hidden")
    articles, problems = read_all(
        tmp_path / "a" / "**" / "*.md", tmp_path / "a", tmp_path / "a" / "one.txt", tmp_path / "nope.txt",
        tmp_path / "*.nothing",
    )  # fmt: skip
    assert [article.id for article in articles] == ["article/two", "article/one"]  # each file once
    assert [(Path(p.source).name, p.reason) for p in problems] == [
        ("nope.txt", "no such file or directory"),
        ("*.nothing", "the pattern matches no file"),
    ]


def test_bad_input_corpus_reports_each_item_and_loads_the_good_ones() -> None:
    articles, problems = read_all(BAD_INPUT, mapping=FAKES_MAP, max_bytes=4096)
    reported = {problem.source.removeprefix("bad_input/"): problem.reason for problem in problems}
    assert sorted(reported) == sorted(EXPECTED_PROBLEMS)
    for item, fragment in EXPECTED_PROBLEMS.items():
        assert fragment in reported[item], (item, reported[item])
    assert {article.id: article.source.removeprefix("bad_input/") for article in articles} == EXPECTED_GOOD
    every_file = {path.name for path in BAD_INPUT.iterdir()}
    named = {source.split(":")[0] for source in [*EXPECTED_PROBLEMS, *EXPECTED_GOOD.values()]}
    assert every_file == named  # the test covers every file in the corpus


def test_size_limit_applies_per_article_in_record_files(tmp_path: Path) -> None:
    path = write(tmp_path / "big.jsonl", "\n".join(json.dumps({"id": i, "text": "x" * (i * 100)}) for i in (1, 15)))
    articles, problems = read_all(path, max_bytes=1000)
    assert [article.id for article in articles] == ["article/1"]
    assert [(p.source.split(": ")[1], p.reason) for p in problems] == [
        ("line 2", "article too large: 1,500 bytes, the limit is 1,000 (--max-bytes)")
    ]


# -- small parsers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4/5/17", date(2017, 4, 5)),
        ("12/31/16", date(2016, 12, 31)),
        ("2025-03-09", date(2025, 3, 9)),
        ("March 11, 2025", date(2025, 3, 11)),
        ("Wed 05 Apr 2017", date(2017, 4, 5)),
        (date(2025, 3, 8), date(2025, 3, 8)),
        (None, None),
        ("", None),
    ],
)
def test_parse_date(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["not a date", "2025", "March"])
def test_parse_date_refuses_unreadable_or_incomplete(raw: str) -> None:
    with pytest.raises(InputError):
        parse_date(raw)


def test_parse_mapping_and_ids() -> None:
    assert parse_mapping(["id=unit_id", " Text = article_content "]) == {"id": "unit_id", "text": "article_content"}
    with pytest.raises(InputError, match="expected FIELD=COLUMN"):
        parse_mapping(["text"])
    with pytest.raises(InputError, match="unknown field 'body'"):
        parse_mapping(["body=content"])
    assert article_id_from("000_b5c8b235ebc10f43") == "article/000_b5c8b235ebc10f43"
    assert article_id_from("article/x y") == "article/x-y"
    assert article_id_from(1914947530) == "article/1914947530"
    assert article_id_from("///") is None


def test_sources_are_relative_to_what_was_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The graph (and its exports) never carries the loading machine's absolute paths."""
    folder = tmp_path / "news" / "march"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("SANA said 3 people were killed in Homs.", encoding="utf-8")
    (tmp_path / "news" / "b.txt").write_text("Reuters reported clashes in Latakia.", encoding="utf-8")
    by_directory, _ = read_all(tmp_path / "news")  # an absolute path
    assert sorted(article.source for article in by_directory) == ["news/b.txt", "news/march/a.txt"]
    by_file, _ = read_all(folder / "a.txt")
    assert [article.source for article in by_file] == ["a.txt"]
    monkeypatch.chdir(tmp_path)
    by_glob, _ = read_all("news/**/*.txt")
    assert sorted(article.source for article in by_glob) == ["news/b.txt", "news/march/a.txt"]
    assert all(str(tmp_path) not in article.source for article in [*by_directory, *by_file, *by_glob])


def test_a_json_list_is_read_one_item_at_a_time(tmp_path: Path) -> None:
    """Issue 13: a .json file was read whole (60 MB took 245 MB); now the memory is that of one item."""
    import tracemalloc

    body = "Shelling was reported in Idlib on Monday, residents said. " * 80
    path = write(tmp_path / "many.json", json.dumps([{"id": f"a{i}", "text": body} for i in range(2000)]))
    assert path.stat().st_size > 9_000_000
    tracemalloc.start()
    count = sum(1 for item in iter_articles([path]) if isinstance(item, Article))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 2000
    assert peak < 2_000_000, peak


def test_json_list_items_split_across_reads_and_malformed_lists(tmp_path: Path) -> None:
    """Items longer than a read, numbers at a read's end, and where the list itself breaks."""
    long_text = "word " * 30_000  # 150 KB: spans several 64 KiB reads
    items = [{"id": "long", "text": long_text, "word_count": 12345678}, {"id": "short", "text": "x"}]
    write(tmp_path / "ok.json", json.dumps(items, indent=2).replace("\n", "\r\n"))
    articles, problems = read_all(tmp_path / "ok.json")
    assert problems == [] and [a.text for a in articles] == [long_text, "x"]
    write(tmp_path / "broken.json", '[{"text": "one"} {"text": "two"}]')
    articles, problems = read_all(tmp_path / "broken.json")
    assert [a.text for a in articles] == ["one"]
    assert [p.source for p in problems] == ["broken.json: item 2"] and "expected ','" in problems[0].reason
    write(tmp_path / "cut.json", '[{"text": "one"}, {"text": "tw')
    articles, problems = read_all(tmp_path / "cut.json")
    assert [a.text for a in articles] == ["one"] and "malformed JSON" in problems[0].reason
    write(tmp_path / "empty.json", "  [ ]  ")
    assert read_all(tmp_path / "empty.json")[1][0].reason == "empty list: no articles"
