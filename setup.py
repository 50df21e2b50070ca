"""Build hook: the extraction modules compiled to C with mypyc, when a C compiler is at hand.

Everything else about the package is declared in pyproject.toml, which also lists the compiled modules
(``[tool.claimgraph] native-modules``): the rule-based extraction (sentences, entities, dates, statements, claims).
Compiled, they run about 1.4 times faster than the same source under CPython, with identical output
(tests/test_native.py compares the two). Compilation is optional in every sense:

- ``CLAIMGRAPH_PURE_PYTHON=1 pip install -e .`` skips it;
- without mypyc or a working C compiler the build says so and installs the pure-Python package;
- beside the compiled modules the build writes ``loaders/native_build.json``, the digest of each module's source;
  at run time the package loads the source instead of a build that no longer matches it (``loaders/native.py``),
  so an edited module is never shadowed by a stale compiled one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
MODULES: list[str] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["claimgraph"][
    "native-modules"
]
MANIFEST = "native_build.json"


class BuildNative(build_ext):
    """build_ext that records, beside the compiled modules, the digest of the source each was built from."""

    def run(self) -> None:
        super().run()
        if not self.extensions:
            return
        built = [Path(self.get_ext_fullpath(f"loaders.{name}")) for name in MODULES]  # where build_ext put each one
        manifest = built[0].parent / MANIFEST
        if not all(path.is_file() for path in built):  # an optional extension failed: the package stays pure Python
            manifest.unlink(missing_ok=True)
            print("claimgraph: the extraction modules did not compile; extraction stays pure Python", file=sys.stderr)
            return
        digests = {name: hashlib.sha256((ROOT / "loaders" / f"{name}.py").read_bytes()).hexdigest() for name in MODULES}
        manifest.write_text(json.dumps({"compiler": "mypyc", "sources": digests}, indent=1) + "\n", encoding="utf-8")


# Commands that build extensions. The metadata steps of an install (egg_info, dist_info) run this file too, each in
# its own process; they have no use for the compiled modules, and mypyc's type check takes half a minute.
_BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "install", "develop"}


def native_extensions() -> list:
    if not _BUILDING.intersection(sys.argv[1:]):
        return []
    if os.environ.get("CLAIMGRAPH_PURE_PYTHON", "").strip() not in ("", "0"):
        print("claimgraph: CLAIMGRAPH_PURE_PYTHON is set; extraction stays pure Python", file=sys.stderr)
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("claimgraph: mypyc is not installed; extraction stays pure Python", file=sys.stderr)
        return []
    # mypyc type-checks what it compiles. It does so with its own options, not pyproject.toml's [tool.mypy] (whose
    # pydantic plugin is not installed in an isolated build): the dependencies need not be installed to build.
    options = ["--config-file=", "--python-version=3.11", "--ignore-missing-imports", "--follow-imports=silent"]
    try:
        extensions = mypycify(
            options + [f"loaders/{name}.py" for name in MODULES], opt_level="3", group_name="loaders.claimgraph_native"
        )
    except (Exception, SystemExit) as error:  # mypyc reports type errors by exiting
        print(f"claimgraph: mypyc could not compile the extraction ({error}); it stays pure Python", file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True  # a failed compile leaves the pure-Python package working
    return extensions


setup(ext_modules=native_extensions(), cmdclass={"build_ext": BuildNative})
