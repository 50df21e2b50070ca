"""The extraction compiled with mypyc (setup.py) gives the output of its source, and a stale build is never used.

The first test compares, article by article, the extraction of the installed package (compiled when the install
compiled it) with a pure-Python run of the same source (CLAIMGRAPH_PURE_PYTHON=1) on the seeds, generated articles
and hostile text. It is skipped, saying why, when the package was installed without compiling.
"""

from __future__ import annotations

import dataclasses
import importlib.machinery
import json
import os
import random
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bench.generate_corpus import generate
from loaders import native

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Run in both processes: the extraction of every article, as canonical JSON, one line per article.
_DUMP = """
import dataclasses, json, sys
from datetime import date
from loaders import native
from loaders.extract import extract
from loaders.gazetteer import Gazetteer
from loaders.records import Article

def dump(items):
    gazetteer = Gazetteer.load()
    lines = []
    for item in items:
        published = date.fromisoformat(item["published"]) if item.get("published") else None
        extraction = extract(Article(id=item["id"], text=item["text"], published=published), gazetteer)
        record = dataclasses.asdict(extraction)
        record.pop("article")
        lines.append(json.dumps(record, sort_keys=True, default=str))
    return lines

if __name__ == "__main__":
    items = json.loads(open(sys.argv[1], encoding="utf-8").read())
    print(json.dumps({"active": native.active(), "lines": dump(items)}))
"""


def _hostile(rng: random.Random, pieces: list[str]) -> str:
    alphabet = "“”‘’\"'—–-.,;:!?()[]\n\t  0123456789İıſKÄéال\u200b\ufeff"
    parts = []
    for _ in range(rng.randint(1, 30)):
        if rng.random() < 0.6:
            parts.append(rng.choice(pieces))
        else:
            parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
    return " ".join(parts)


def _corpus() -> list[dict[str, str]]:
    items = []
    for path in sorted(SEEDS.glob("*.txt")):
        items.append({"id": path.name, "text": path.read_text(encoding="utf-8"), "published": "2025-03-10"})
    for generated in generate(120, seed=7):
        items.append({key: generated[key] for key in ("id", "text", "published")})
    rng = random.Random("native-equivalence")
    pieces = [word for item in items[:5] for word in item["text"].split(". ")]
    for index in range(200):
        items.append({"id": f"hostile-{index}", "text": _hostile(rng, pieces), "published": "2025-03-09"})
    return items


def test_compiled_extraction_matches_its_source(tmp_path: Path) -> None:
    if not native.active():
        pytest.skip(f"extraction is not compiled here ({native.status()}): nothing to compare with its source")
    items = _corpus()
    (tmp_path / "items.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "dump.py").write_text(_DUMP, encoding="utf-8")
    namespace: dict[str, object] = {"__name__": "dump"}
    exec(compile(_DUMP, "dump.py", "exec"), namespace)
    compiled_lines = namespace["dump"](items)  # type: ignore[operator]

    environment = {**os.environ, native.PURE_PYTHON_ENV: "1", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, str(tmp_path / "dump.py"), str(tmp_path / "items.json")],
        capture_output=True, text=True, env=environment, cwd=ROOT, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    pure = json.loads(run.stdout)
    assert pure["active"] is False  # the other run really was the source
    assert len(pure["lines"]) == len(compiled_lines) == len(items)
    for item, compiled, source in zip(items, compiled_lines, pure["lines"], strict=True):
        assert compiled == source, f"compiled and source extraction differ on {item['id']}"


def _fake_package(directory: Path, sources: dict[str, bytes], compiled: list[str]) -> None:
    directory.mkdir()
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for name, content in sources.items():
        (directory / f"{name}.py").write_bytes(content)
    for name in compiled:
        (directory / f"{name}{suffix}").write_bytes(b"\x7fELF not really")


def test_stale_modules_compares_each_source_with_the_build_manifest(tmp_path: Path) -> None:
    import hashlib

    sources = {"text": b"A = 1\n", "claims": b"B = 2\n"}
    package = tmp_path / "pkg"
    _fake_package(package, sources, ["text", "claims"])
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in sources.items()}

    assert native.stale_modules(package) == (["claims", "text"], ["claims", "text"])  # no manifest: all stale
    (package / "native_build.json").write_text(json.dumps({"sources": digests}), encoding="utf-8")
    assert native.stale_modules(package) == (["claims", "text"], [])
    (package / "claims.py").write_bytes(b"B = 3\n")
    assert native.stale_modules(package) == (["claims", "text"], ["claims"])
    (package / "native_build.json").write_text("{not json", encoding="utf-8")
    assert native.stale_modules(package)[1] == ["claims", "text"]

    plain = tmp_path / "plain"
    _fake_package(plain, sources, [])
    assert native.stale_modules(plain) == ([], [])


def test_an_edited_module_runs_from_source_with_a_warning(tmp_path: Path) -> None:
    """A copy of the installed package with one compiled module's source edited: the import warns and every
    compiled module comes from its source, so the edit takes effect."""
    if not native.compiled_files():
        pytest.skip(f"extraction is not compiled here ({native.status()}): there is no build to go stale")
    copy = tmp_path / "site"
    shutil.copytree(ROOT / "loaders", copy / "loaders", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "graph", copy / "graph", ignore=shutil.ignore_patterns("__pycache__"))
    dates = copy / "loaders" / "dates.py"
    dates.write_text(dates.read_text(encoding="utf-8") + "\nEDITED_AFTER_BUILD = True\n", encoding="utf-8")
    probe = (
        "import warnings, sys\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    import loaders.extract, loaders.dates, loaders.text\n"
        "from loaders import native\n"
        "print(loaders.dates.EDITED_AFTER_BUILD, loaders.extract.__file__.endswith('.py'),\n"
        "      loaders.text.__file__.endswith('.py'), native.active(), len(caught), native.status())\n"
        "print(caught[0].message if caught else '')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=copy, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(copy)},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    first, second = run.stdout.splitlines()[:2]
    assert first == "True True True False 1 pure Python: the source of dates changed after the build"
    assert "make native" in second


def test_pure_python_can_be_asked_for() -> None:
    run = subprocess.run(
        [sys.executable, "-c", "from loaders import native; import loaders.extract as e; "
         "print(e.__file__.endswith('.py'), native.active(), native.status())"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**os.environ, native.PURE_PYTHON_ENV: "1"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    if native.compiled_files():
        assert run.stdout.split() == ["True", "False", "pure", "Python:", "CLAIMGRAPH_PURE_PYTHON", "is", "set"]
    else:
        assert run.stdout.startswith("True False pure Python: not compiled")


def test_dataclasses_of_the_extraction_still_serialise() -> None:
    """``dataclasses.asdict`` (used above and by callers) works on compiled records."""
    from loaders.extract import extract
    from loaders.gazetteer import Gazetteer
    from loaders.records import Article

    text = "SOHR said at least 745 civilians were killed in Baniyas on Friday."
    record = dataclasses.asdict(extract(Article(id="a", text=text, published=date(2025, 3, 9)), Gazetteer.load()))
    assert [claim["value"] for claim in record["claims"] if claim["kind"] == "casualty"] == [745]
