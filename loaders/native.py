"""Compiled extraction, used only while it matches the source.

``pip install`` compiles the extraction modules with mypyc (see setup.py) and writes ``native_build.json`` beside
them: the SHA-256 of each module's source at build time. Python imports a compiled module in preference to its
source, so a module edited after the build would silently run its old compiled self. :func:`guard` (called by
``loaders/__init__.py`` before any of them is imported) prevents that: when any compiled module's source has
changed, or ``CLAIMGRAPH_PURE_PYTHON`` is set, every compiled module is loaded from its source instead (all of them,
since compiled modules call each other directly), with one warning saying how to rebuild.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST_NAME = "native_build.json"  # written by setup.py beside the compiled modules
PURE_PYTHON_ENV = "CLAIMGRAPH_PURE_PYTHON"


class StaleBuildWarning(UserWarning):
    """The compiled extraction no longer matches its source; the source runs instead."""


def compiled_files(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Compiled extension modules present in the package directory, by module name."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found: dict[str, Path] = {}
    for path in package_dir.iterdir():
        for suffix in suffixes:
            if path.name.endswith(suffix):
                found[path.name[: -len(suffix)]] = path
                break
    return found


def stale_modules(package_dir: Path = PACKAGE_DIR) -> tuple[list[str], list[str]]:
    """(compiled modules, those of them whose source differs from what was compiled).

    Compiled modules without a readable manifest all count as stale: nothing says what they were built from.
    """
    compiled = sorted(compiled_files(package_dir))
    if not compiled:
        return [], []
    try:
        recorded = json.loads((package_dir / MANIFEST_NAME).read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return compiled, compiled
    stale = []
    for name in compiled:
        source = package_dir / f"{name}.py"
        try:
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
        except OSError:
            continue  # a wheel without sources: the compiled module is all there is
        if recorded.get(name) != digest:
            stale.append(name)
    return compiled, stale


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Finds the listed ``loaders`` modules in their ``.py`` source, never in a compiled file."""

    def __init__(self, names: Sequence[str], package_dir: Path) -> None:
        self.names = {f"loaders.{name}": package_dir / f"{name}.py" for name in names}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.names.get(fullname)
        if source is None or not source.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


_state: dict[str, object] = {"active": False, "reason": "not checked"}


def guard() -> None:
    """Use the compiled modules only if they match their source (and pure Python is not asked for)."""
    compiled, stale = stale_modules()
    forced = os.environ.get(PURE_PYTHON_ENV, "").strip() not in ("", "0")
    if not compiled:
        _state.update(active=False, reason="not compiled (pure-Python install)")
        return
    if not forced and not stale:
        _state.update(active=True, reason="compiled with mypyc")
        return
    sys.meta_path.insert(0, _SourceFirst(compiled, PACKAGE_DIR))
    if forced:
        _state.update(active=False, reason=f"{PURE_PYTHON_ENV} is set")
        return
    _state.update(active=False, reason=f"the source of {', '.join(stale)} changed after the build")
    warnings.warn(
        f"claimgraph: the compiled extraction is out of date ({_state['reason']}); running the pure-Python source, "
        "which is slower. Rebuild with `make native` (or `pip install -e .`).",
        StaleBuildWarning,
        stacklevel=2,
    )


def status() -> str:
    """One line on how extraction runs: compiled, or pure Python and why."""
    if _state["active"] and not active():
        return "pure Python (the compiled modules did not load)"
    return str(_state["reason"]) if _state["active"] else f"pure Python: {_state['reason']}"


def active() -> bool:
    """True when the extraction module in use is a compiled one (asked of the module itself, not the manifest)."""
    from loaders import extract

    return not (extract.__file__ or "").endswith(".py")
