"""Read articles from files, directories, globs and stdin: the first loader stage.

``iter_articles`` is a generator of ``Article`` and ``ReadProblem`` records, so a load of thousands of
articles streams and one bad item never stops the rest. Formats:

- ``.txt`` / ``.md``: one article per file; metadata from YAML front matter (a ``---`` block) or from a
  ``manifest.yaml`` / ``manifest.yml`` / ``manifest.json`` beside the file (a list of ``{file, id, title, outlet,
  author, published, url, language}``); front matter wins over the manifest.
- ``.json``: one article object or a list of them; ``.jsonl``: one object per line.
- ``.csv``: one article per row; ``mapping`` (``--map FIELD=COLUMN``) names the column of each field.
- ``-``: stdin, JSON/JSONL when it starts with ``{`` or ``[``, otherwise one plain-text article.

Text is decoded as UTF-8 first (BOM stripped), then with a detected fallback (latin-1 / cp1252 for Western
text); line ends are normalised to ``\\n`` before anything else, so every offset points into ``Article.text``.
"""

from __future__ import annotations

import codecs
import csv
import glob
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import yaml

from graph.errors import InputError
from loaders.records import Article, ReadProblem

FIELDS = ("id", "title", "text", "outlet", "author", "published", "url", "language")
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".csv"})
SUFFIXES = TEXT_SUFFIXES | RECORD_SUFFIXES
MANIFEST_NAMES = ("manifest.yaml", "manifest.yml", "manifest.json")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
STDIN = "-"
STDIN_NAME = "<stdin>"

# Other spellings of the fields, common in front matter and manifests (Jekyll/Hugo write `date`).
_FIELD_ALIASES = {"date": "published", "lang": "language", "link": "url", "headline": "title", "body": "text"}
_GLOB_CHARS = re.compile(r"[*?\[]")
_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_SENTENCE_END = ".!?;:,\"'”’»)…"
# Single-byte encodings of Latin-script text: detectors confuse them on short samples (cp1250 for cp1252 turns
# "è" into "č"), so such a guess is replaced by cp1252, the encoding of most Western news exports.
_LATIN_SINGLE_BYTE = re.compile(r"^(cp125[0-8]|iso8859_(1|2|3|4|9|10|13|14|15|16)|latin_1|mac_.*|cp8\d\d|ascii)$")
_TITLE_MAX_CHARS = 200
_CONTROL_RATIO_LIMIT = 0.01
# JSON's \ud800 escapes can make str values that are not Unicode text (nothing can encode them).
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_SPACE = re.compile(r"[ \t\n\r]*")


@dataclass(slots=True)
class ReadOptions:
    """How to read: the CSV/JSON field mapping and the per-article size limit."""

    mapping: Mapping[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES


def parse_mapping(specs: Iterable[str]) -> dict[str, str]:
    """Turn ``["id=unit_id", "text=article_content"]`` into ``{"id": "unit_id", …}``; InputError if malformed."""
    mapping: dict[str, str] = {}
    for spec in specs:
        name, sep, column = spec.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not sep or not name or not column:
            raise InputError(f"--map {spec!r}: expected FIELD=COLUMN, e.g. text=article_content")
        if name not in FIELDS:
            raise InputError(f"--map {spec!r}: unknown field {name!r}; fields are {', '.join(FIELDS)}")
        mapping[name] = column
    return mapping


def iter_articles(
    paths: Iterable[str | Path],
    *,
    mapping: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: IO[bytes] | None = None,
) -> Iterator[Article | ReadProblem]:
    """Every article under ``paths`` (files, directories read recursively, globs, ``-`` for stdin), in order,
    with a ``ReadProblem`` in place of each item that cannot be read."""
    options = ReadOptions(mapping=dict(mapping or {}), max_bytes=max_bytes)
    manifests = _ManifestCache()
    seen: set[Path] = set()
    for raw in paths:
        spec = str(raw)
        if spec == STDIN:
            yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer, options)
            continue
        for item in _expand(spec):
            if isinstance(item, ReadProblem):
                yield item
                continue
            key = item.resolve()
            if key in seen:
                continue
            seen.add(key)
            yield from read_file(item, options, manifests=manifests, name=shown_name(spec, item))


def shown_name(spec: str, path: Path) -> str:
    """How a file is named in sources and messages: relative to the argument that named it, never the machine's
    absolute path. A named file is its file name; a directory's files keep the directory's name in front
    (``seeds/000_x.txt``); a glob's matches are relative to its directory part (``news/**/*.md`` → ``news/a/b.md``)."""
    root = Path(spec)
    if root.is_file():
        return path.name
    if not root.is_dir():  # a glob: the directory before its first wildcard
        root = Path(_GLOB_CHARS.split(spec, maxsplit=1)[0] or ".")
        root = root if root.is_dir() else root.parent
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return path.name
    top = root.resolve().name if str(root) not in ("", ".") else ""
    return Path(top, relative).as_posix() if top else relative.as_posix()


def read_file(
    path: Path,
    options: ReadOptions | None = None,
    *,
    manifests: _ManifestCache | None = None,
    name: str | None = None,
) -> Iterator[Article | ReadProblem]:
    """The articles in one file (``manifests`` supplies metadata for text files from a manifest beside them);
    ``name`` is how the file is named in sources and messages (by default its path as given)."""
    options = options or ReadOptions()
    name = name or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        yield ReadProblem(name, f"unknown extension {path.suffix or '(none)'!r}; readable: {known}")
        return
    try:
        size = path.stat().st_size
        if size == 0:
            yield ReadProblem(name, "empty file")
            return
        if suffix in TEXT_SUFFIXES and size > options.max_bytes:
            yield ReadProblem(name, _too_large(size, options.max_bytes))
            return
        if suffix in RECORD_SUFFIXES:
            with path.open("rb") as handle:
                problem = _sniff_binary(handle.read(8192))
                if problem:
                    yield ReadProblem(name, problem)
                    return
                handle.seek(0)
                if suffix == ".csv":
                    yield from _read_csv(handle, name, path.stem, options)
                elif suffix == ".json":
                    yield from _read_json_file(handle, size, name, path.stem, options)
                else:
                    yield from _read_jsonl(handle, name, path.stem, options)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadProblem(name, f"cannot read: {exc.strerror or exc}")
        return
    metadata: dict[str, Any] = {}
    if manifests is not None:
        found = manifests.entry_for(path)
        if isinstance(found, ReadProblem):
            yield found
        elif found:
            metadata.update(found)
    yield _text_article(data, name, path.stem, metadata, options)


def read_stdin(stream: IO[bytes], options: ReadOptions | None = None) -> Iterator[Article | ReadProblem]:
    """Articles from stdin: JSON or JSONL when the input starts with ``{`` or ``[``, else one text article."""
    options = options or ReadOptions()
    try:
        data = stream.read()
    except OSError as exc:
        yield ReadProblem(STDIN_NAME, f"cannot read: {exc.strerror or exc}")
        return
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        try:
            text = decode_bytes(data)
        except InputError as exc:
            yield ReadProblem(STDIN_NAME, str(exc))
            return
        if head == b"[" or _single_json_value(text):
            yield from _read_json(data, STDIN_NAME, "stdin", options)
        else:
            yield from _read_jsonl(iter(data.splitlines(keepends=True)), STDIN_NAME, "stdin", options)
        return
    if not data.strip():
        yield ReadProblem(STDIN_NAME, "empty input")
        return
    yield _text_article(data, STDIN_NAME, None, {}, options)


# -- decoding ------------------------------------------------------------------------------------------------


def decode_bytes(data: bytes) -> str:
    """Decode one text document: UTF-16/32 by BOM, UTF-8 (BOM stripped), else a detected encoding (cp1252 for
    Western text). InputError for binary data (NUL bytes, control characters) or text no encoding fits."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return _checked_text(data.decode(codec))
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable {codec.upper()} text: {exc.reason} at byte {exc.start}") from None
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return _checked_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    return _checked_text(data.decode(_fallback_encoding(data)))


def _fallback_encoding(data: bytes) -> str:
    """The encoding of text that is not UTF-8, as detected by charset-normalizer."""
    import charset_normalizer  # only for non-UTF-8 input: keeps start-up light

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError("undecodable text: not UTF-8, and no known encoding fits")
    encoding = codecs.lookup(best.encoding).name.replace("-", "_")
    if _LATIN_SINGLE_BYTE.match(encoding):
        return _western_encoding(data)
    return best.encoding


def _western_encoding(data: bytes) -> str:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined; latin-1 maps every byte
        return "latin-1"
    return "cp1252"


def _checked_text(text: str) -> str:
    sample = text[:65536]
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    if sample and controls / len(sample) > _CONTROL_RATIO_LIMIT:
        raise InputError("binary file (control characters), not text")
    return text


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, and a leading BOM goes: done before any offset is computed."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _sniff_binary(head: bytes) -> str | None:
    """Why a record file (read line by line) cannot be text, from its first bytes; None when it may be."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16 record files are not supported; save the file as UTF-8"
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not text"
    return None


def _decoded_lines(lines: Iterable[bytes]) -> Iterator[str]:
    """Decode a line-oriented file lazily: UTF-8 per line, falling back per line for exports in cp1252/latin-1."""
    first = True
    for raw in lines:
        if first:
            raw = raw.removeprefix(codecs.BOM_UTF8)
            first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode(_western_encoding(raw))


# -- plain-text articles -------------------------------------------------------------------------------------


def _text_article(
    data: bytes, name: str, stem: str | None, metadata: dict[str, Any], options: ReadOptions
) -> Article | ReadProblem:
    if len(data) > options.max_bytes:
        return ReadProblem(name, _too_large(len(data), options.max_bytes))
    try:
        text = normalize_newlines(decode_bytes(data))
    except InputError as exc:
        return ReadProblem(name, str(exc))
    front = _FRONT_MATTER.match(text)
    if front:
        try:
            loaded = yaml.safe_load(front.group(1) or "")
        except yaml.YAMLError as exc:
            return ReadProblem(name, f"front matter is not valid YAML: {_yaml_reason(exc)}")
        if loaded is not None and not isinstance(loaded, dict):
            return ReadProblem(name, "front matter must be a mapping of field: value")
        metadata = {**metadata, **_canonical_keys(loaded or {})}
        text = text[front.end() :]
    if not text.strip():
        return ReadProblem(name, "no article text" + (" after the front matter" if front else ""))
    if not metadata.get("title"):
        metadata["title"] = guess_title(text, markdown=name.lower().endswith((".md", ".markdown")))
    if not metadata.get("id"):
        metadata["id"] = stem if stem is not None else f"stdin-{hashlib.sha256(text.encode()).hexdigest()[:16]}"
    return _build_article(metadata, text, name)


def guess_title(text: str, *, markdown: bool = False) -> str | None:
    """The first non-blank line when it reads as a headline: a Markdown ``#`` heading, or a short line without
    closing punctuation followed by a blank line. Bylines and opening paragraphs are not titles."""
    lines = text.lstrip("\n").split("\n", 2)
    first = lines[0].strip()
    if not first:
        return None
    if markdown and first.startswith("#"):
        return first.lstrip("#").strip() or None
    followed_by_blank = len(lines) > 2 and not lines[1].strip() and lines[2].strip()
    if (
        followed_by_blank
        and len(first) <= _TITLE_MAX_CHARS
        and not first.endswith(tuple(_SENTENCE_END))
        and not first.lower().startswith("by ")
    ):
        return first
    return None


# -- manifests -----------------------------------------------------------------------------------------------


class _ManifestCache:
    """Manifests by directory, each read once; a broken manifest is reported once and then ignored."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, dict[Path, dict[str, Any]] | ReadProblem | None] = {}
        self._reported: set[Path] = set()

    def entry_for(self, path: Path) -> dict[str, Any] | ReadProblem | None:
        directory = path.parent.resolve()
        if directory not in self._by_dir:
            self._by_dir[directory] = self._read(directory)
        found = self._by_dir[directory]
        if isinstance(found, ReadProblem):
            if directory in self._reported:
                return None
            self._reported.add(directory)
            return found
        return found.get(path.resolve()) if found else None

    @staticmethod
    def _read(directory: Path) -> dict[Path, dict[str, Any]] | ReadProblem | None:
        for manifest_name in MANIFEST_NAMES:
            manifest = directory / manifest_name
            if manifest.is_file():
                return read_manifest(manifest)
        return None


def read_manifest(manifest: Path) -> dict[Path, dict[str, Any]] | ReadProblem:
    """A manifest's entries by the resolved path of the file each describes."""
    name = str(manifest)
    try:
        text = decode_bytes(manifest.read_bytes())
        entries = json.loads(text) if manifest.suffix == ".json" else yaml.safe_load(text)
    except (OSError, InputError) as exc:
        return ReadProblem(name, f"manifest cannot be read: {exc}")
    except json.JSONDecodeError as exc:
        return ReadProblem(name, f"manifest is not valid JSON: {exc.msg} (line {exc.lineno})")
    except yaml.YAMLError as exc:
        return ReadProblem(name, f"manifest is not valid YAML: {_yaml_reason(exc)}")
    if not isinstance(entries, list) or not all(isinstance(entry, dict) and entry.get("file") for entry in entries):
        return ReadProblem(name, "manifest must be a list of entries, each with a `file`")
    return {(manifest.parent / str(entry["file"])).resolve(): _canonical_keys(entry) for entry in entries}


# -- JSON, JSONL and CSV records -----------------------------------------------------------------------------


def article_from_record(
    record: Mapping[str, Any],
    *,
    source: str,
    default_id: str,
    mapping: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article | ReadProblem:
    """One article from a JSON object or CSV row; ``mapping`` names the key holding each field."""
    mapping = mapping or {}
    lowered = {str(key).strip().lower(): key for key in record}
    values: dict[str, Any] = {}
    for name in FIELDS:
        # A mapped column first, then the field's own name: one --map serves a CSV export beside plain JSON files.
        for column in dict.fromkeys((mapping.get(name, name), name)):
            key = column if column in record else lowered.get(column.lower())
            if key is not None:
                values[name] = record[key]
                break
    text = values.get("text")
    text_key = mapping.get("text", "text")
    if text is None:
        wanted = " or ".join(repr(column) for column in dict.fromkeys((text_key, "text")))
        return ReadProblem(source, f"missing text field {wanted}")
    if not isinstance(text, str):
        return ReadProblem(source, f"text field {text_key!r} is a {type(text).__name__}, not a string")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return ReadProblem(source, _too_large(size, max_bytes))
    text = normalize_newlines(text)
    if not text.strip():
        return ReadProblem(source, f"empty text field {text_key!r}")
    if values.get("id") in (None, ""):
        values["id"] = default_id
    return _build_article(values, text, source)


def _read_json(data: bytes, name: str, stem: str, options: ReadOptions) -> Iterator[Article | ReadProblem]:
    try:
        loaded = json.loads(normalize_newlines(decode_bytes(data)))
    except InputError as exc:
        yield ReadProblem(name, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield ReadProblem(name, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    except (RecursionError, ValueError) as exc:
        yield ReadProblem(name, _json_refusal(exc))
        return
    if isinstance(loaded, dict):
        yield _record_article(loaded, name, f"{stem}", options)
        return
    if not isinstance(loaded, list):
        yield ReadProblem(name, f"expected an article object or a list of them, found {type(loaded).__name__}")
        return
    if not loaded:
        yield ReadProblem(name, "empty list: no articles")
    for index, item in enumerate(loaded, start=1):
        where = f"{name}: item {index}"
        if not isinstance(item, dict):
            yield ReadProblem(where, f"expected an article object, found {type(item).__name__}")
            continue
        yield _record_article(item, where, f"{stem}-{index}", options)


def _read_jsonl(lines: Iterable[bytes], name: str, stem: str, options: ReadOptions) -> Iterator[Article | ReadProblem]:
    empty = True
    for number, line in enumerate(_decoded_lines(lines), start=1):
        if not line.strip():
            continue
        empty = False
        where = f"{name}: line {number}"
        if len(line) > 4 * options.max_bytes:  # far past the limit: not worth parsing, whatever its text
            yield ReadProblem(where, _too_large(len(line.encode("utf-8")), options.max_bytes))
            continue
        try:
            item = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield ReadProblem(where, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        except (RecursionError, ValueError) as exc:
            yield ReadProblem(where, _json_refusal(exc))
            continue
        if not isinstance(item, dict):
            yield ReadProblem(where, f"expected an article object, found {type(item).__name__}")
            continue
        yield _record_article(item, where, f"{stem}-{number}", options)
    if empty:
        yield ReadProblem(name, "no articles (only blank lines)")


def _json_refusal(exc: RecursionError | ValueError) -> str:
    """Why json refused a value that is well-formed: nested too deeply, or an integer too long to convert."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to read"
    return f"unreadable JSON value: {str(exc).split(':', 1)[0]}"


def _read_json_file(
    handle: IO[bytes], size: int, name: str, stem: str, options: ReadOptions
) -> Iterator[Article | ReadProblem]:
    """A .json file: an article object, or a list of them read one item at a time (never the whole file at once,
    so a list of thousands of articles costs the memory of one, and one bad item is reported and skipped)."""
    stream = _JsonStream(handle)
    try:
        first = stream.peek()
    except UnicodeDecodeError:
        first = ""
    if first != "[":
        # One article object: bounded like a JSONL line (its text may be escaped), then read the old way, which
        # also detects a legacy encoding.
        if size > 4 * options.max_bytes:
            yield ReadProblem(name, _too_large(size, options.max_bytes))
            return
        handle.seek(0)
        yield from _read_json(handle.read(), name, stem, options)
        return
    index = 0
    try:
        for index, item in enumerate(stream.items(4 * options.max_bytes), start=1):
            where = f"{name}: item {index}"
            if isinstance(item, ReadProblem):
                yield ReadProblem(where, item.reason)
            elif not isinstance(item, dict):
                yield ReadProblem(where, f"expected an article object, found {type(item).__name__}")
            else:
                yield _record_article(item, where, f"{stem}-{index}", options)
    except InputError as exc:  # the list cannot be followed past this point
        yield ReadProblem(f"{name}: item {index + 1}", str(exc))
        return
    if index == 0:
        yield ReadProblem(name, "empty list: no articles")


class _JsonStream:
    """The items of a JSON list read from a binary file chunk by chunk, each parsed by json's own decoder."""

    _CHUNK = 1 << 16

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._buffer = ""
        self._position = 0
        self._eof = False
        self._json = json.JSONDecoder()

    def _fill(self, at_least: int) -> bool:
        """Read until ``at_least`` characters are buffered past the position; False at the end of the file."""
        if self._position > self._CHUNK:
            self._buffer, self._position = self._buffer[self._position :], 0
        while not self._eof and len(self._buffer) - self._position < at_least:
            chunk = self._handle.read(max(self._CHUNK, at_least))
            self._eof = not chunk
            self._buffer += self._decoder.decode(chunk, final=self._eof).replace("\r\n", "\n")
        return len(self._buffer) - self._position >= at_least

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end), without consuming it."""
        while True:
            if not self._fill(1):
                return ""
            self._position = _JSON_SPACE.match(self._buffer, self._position).end()  # type: ignore[union-attr]
            if self._position < len(self._buffer):
                return self._buffer[self._position]

    def items(self, max_item_chars: int) -> Iterator[Any]:
        """Each item of the list (a ReadProblem in place of one json cannot turn into a value); InputError where
        the list is malformed or an item is longer than ``max_item_chars``."""
        self._position += 1  # the "["
        if self.peek() == "]":
            return
        while True:
            yield self._item(max_item_chars)
            following = self.peek()
            self._position += 1
            if following == "]":
                return
            if following != ",":
                raise InputError(f"malformed JSON: expected ',' or ']' after an item, found {following or 'the end'!r}")
            self.peek()

    def _item(self, max_item_chars: int) -> Any:
        wanted = self._CHUNK
        while True:
            complete = not self._fill(wanted)
            try:
                value, end = self._json.raw_decode(self._buffer, self._position)
            except json.JSONDecodeError as exc:
                if complete:
                    raise InputError(f"malformed JSON: {exc.msg}") from None
                if wanted > max_item_chars:
                    raise InputError("item too large to read (past 4x the article size limit)") from None
                wanted *= 2  # an item cut by the chunk: read on (doubling keeps a long item linear)
                continue
            except (RecursionError, ValueError) as exc:
                self._position = _skip_json_value(self._buffer, self._position)
                return ReadProblem("", _json_refusal(exc))
            if end == len(self._buffer) and not complete:
                wanted *= 2  # a number cut by the chunk reads as a shorter number: read on to be sure
                continue
            self._position = end
            return value


def _skip_json_value(text: str, start: int) -> int:
    """Where the JSON value at ``start`` ends, found without recursion (for values json cannot parse, such as
    lists nested thousands deep): strings are skipped, brackets counted."""
    depth = 0
    position = start
    while position < len(text):
        char = text[position]
        if char == '"':
            position += 1
            while position < len(text) and text[position] != '"':
                position += 2 if text[position] == "\\" else 1
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth <= 0:
                return position + 1
        elif depth == 0 and char in ",":
            return position
        position += 1
    return position


def _read_csv(handle: IO[bytes], name: str, stem: str, options: ReadOptions) -> Iterator[Article | ReadProblem]:
    # Article bodies run past csv's 128 KiB default; the per-article limit is checked on the text instead.
    csv.field_size_limit(max(options.max_bytes * 4, 1 << 20))
    reader = csv.reader(_decoded_lines(handle), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield ReadProblem(name, "empty CSV: no header row")
        return
    except csv.Error as exc:
        yield ReadProblem(name, f"malformed CSV header: {exc}")
        return
    header = [column.strip() for column in header]
    text_column = options.mapping.get("text", "text")
    if text_column.lower() not in {column.lower() for column in header}:
        hint = "" if "text" in options.mapping else "; name it with --map text=COLUMN"
        yield ReadProblem(name, f"no text column {text_column!r} (columns: {', '.join(header)}){hint}")
        return
    missing = [column for column in options.mapping.values() if column.lower() not in {h.lower() for h in header}]
    if missing:
        yield ReadProblem(name, f"--map names columns not in the file: {', '.join(missing)}")
        return
    row_number = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield ReadProblem(f"{name}: line {line}", f"malformed CSV row: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        row_number += 1
        where = f"{name}: line {line}"
        if len(row) != len(header):
            yield ReadProblem(where, f"malformed CSV row: {len(row)} fields, the header has {len(header)}")
            continue
        yield _record_article(dict(zip(header, row, strict=True)), where, f"{stem}-{row_number}", options)
    if row_number == 0:
        yield ReadProblem(name, "no rows after the header")


def _record_article(
    record: Mapping[str, Any], where: str, default_id: str, options: ReadOptions
) -> Article | ReadProblem:
    return article_from_record(
        record, source=where, default_id=default_id, mapping=options.mapping, max_bytes=options.max_bytes
    )


def _single_json_value(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return exc.msg != "Extra data"  # a second object after the first one means JSONL
    except (RecursionError, ValueError):
        return True  # one value, which _read_json reports
    return True


# -- shared helpers ------------------------------------------------------------------------------------------


def _build_article(values: Mapping[str, Any], text: str, source: str) -> Article | ReadProblem:
    for name, value in (("text", text), *((key, values.get(key)) for key in FIELDS if key != "text")):
        if isinstance(value, str) and _SURROGATE.search(value):
            where = _SURROGATE.search(value).start()  # type: ignore[union-attr]
            return ReadProblem(source, f"{name} holds a lone surrogate (\\u{ord(value[where]):04x} at character "
                               f"{where}), which is not Unicode text: fix the JSON escape")  # fmt: skip
    try:
        published = parse_date(values.get("published"))
    except InputError as exc:
        return ReadProblem(source, str(exc))
    article_id = article_id_from(values.get("id"))
    if article_id is None:
        return ReadProblem(source, f"unusable id {values.get('id')!r}")
    return Article(
        id=article_id,
        text=text,
        title=_clean(values.get("title")),
        outlet=_clean(values.get("outlet")),
        author=_clean(values.get("author")),
        published=published,
        url=_clean(values.get("url")),
        language=_clean(values.get("language")),
        source=source,
    )


def article_id_from(raw: Any) -> str | None:
    """``article/<slug>`` from a metadata id or a file stem: characters outside ``[A-Za-z0-9._~-]`` become
    ``-``, so the id is stable and safe inside the ids of the article's statements and claims."""
    if raw is None or isinstance(raw, bool):
        return None
    key = str(raw).strip().removeprefix("article/")
    slug = _SLUG_UNSAFE.sub("-", key).strip("-")
    return f"article/{slug}" if slug else None


def parse_date(value: Any) -> date | None:
    """A publication date from ISO text (``2025-03-09``), US exports (``4/5/17`` is 5 April 2017), or prose
    (``March 11, 2025``); None when absent; InputError when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    from dateutil import parser as date_parser

    try:
        # Two fixed defaults: a field the text lacks (no day, no year) comes out different, so it is refused.
        first = date_parser.parse(text, default=datetime(2000, 1, 1))
        second = date_parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        raise InputError(f"published date {text!r} cannot be read (use YYYY-MM-DD)") from None
    if first.date() != second.date():
        raise InputError(f"published date {text!r} is incomplete (use YYYY-MM-DD)")
    return first.date()


def _canonical_keys(entry: Mapping[str, Any]) -> dict[str, Any]:
    canonical: dict[str, Any] = {}
    for key, value in entry.items():
        name = str(key).strip().lower()
        name = _FIELD_ALIASES.get(name, name)
        if name in FIELDS and name not in canonical:
            canonical[name] = value
    return canonical


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _too_large(size: int, limit: int) -> str:
    return f"article too large: {size:,} bytes, the limit is {limit:,} (--max-bytes)"


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{problem} at line {mark.line + 1}" if mark is not None else str(problem)


def _expand(spec: str) -> Iterator[Path | ReadProblem]:
    """Files named by one argument: the file itself, a directory's readable files (recursively, sorted, hidden
    entries and manifests left out), or a glob's matches."""
    path = Path(spec)
    if path.is_dir():
        yield from _walk(path)
        return
    if path.is_file():
        yield path
        return
    if _GLOB_CHARS.search(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield ReadProblem(spec, "the pattern matches no file")
        for match in matches:
            matched = Path(match)
            if matched.is_dir():
                yield from _walk(matched)
            elif matched.is_file() and matched.name not in MANIFEST_NAMES:
                yield matched
        return
    if path.exists():
        yield ReadProblem(spec, "not a regular file or directory")
    else:
        yield ReadProblem(spec, "no such file or directory")


def _walk(directory: Path) -> Iterator[Path | ReadProblem]:
    try:
        entries = sorted(directory.rglob("*"))
    except OSError as exc:
        yield ReadProblem(str(directory), f"cannot list: {exc.strerror or exc}")
        return
    found = False
    for entry in entries:
        relative = entry.relative_to(directory)
        if (
            any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
            or entry.name in MANIFEST_NAMES
        ):
            continue
        if entry.is_file():
            found = True
            yield entry
    if not found:
        yield ReadProblem(str(directory), "no files in this directory")
