# The two commands of the README:  `make demo`  (set up, load the seeds, serve)  and  `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin

.PHONY: setup run-setup native demo test test-neo4j lint browser cypher-lint bench

# What running needs (make demo: a plain install, nothing to edit), and that plus the development tools, editable
# (make setup, make test). The build's own tools (setuptools, mypy for mypyc) stay in pip's build environment.
$(BIN)/.installed-run: pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet .
	touch $@

$(BIN)/.installed: pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(BIN)/.installed-run

run-setup: $(BIN)/.installed-run
setup: $(BIN)/.installed

# The install compiles the extraction with mypyc (setup.py). After a compiled module's source changes, the package
# runs that source (slower) until this rebuilds it; with CLAIMGRAPH_PURE_PYTHON=1 nothing is compiled. The build
# reads pyproject.toml's SPDX `license`, which needs setuptools 77 or later in the venv (pip's own builds fetch it).
native: setup
	@$(BIN)/python -W ignore -c "import sys; from loaders.native import stale_modules; sys.exit(bool(stale_modules()[1]))" \
		|| { $(BIN)/python -m pip install --quiet "setuptools>=77" && $(BIN)/python setup.py --quiet build_ext --inplace; }

# Headless Chromium for the browser test comes from Debian; installed when missing and we are root.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium not installed: the browser test will be skipped (apt-get install chromium)"

# Neo4j's own Cypher parser (npm) checks every .cypher file offline; skipped with its reason when npm is missing.
cypher-lint: tests/cypher_lint/node_modules/.package-lock.json

tests/cypher_lint/node_modules/.package-lock.json: tests/cypher_lint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/cypher_lint --silent --no-audit --no-fund; \
	else echo "npm not installed: the Cypher syntax check will be skipped"; fi

# Only what running needs; after `make setup` the editable install is used as it is.
demo: run-setup
	$(BIN)/claimgraph demo --seeds seeds

# The suite on the embedded store, and on Neo4j too when NEO4J_URI is set (your own server: it is emptied); one
# pytest worker per CPU, at most four (the kill-and-resume and browser tests each start processes of their own).
test: native browser cypher-lint
	$(BIN)/python -m pytest -n auto --maxprocesses 4

# The suite on two throw-away Neo4j 5.26 servers, one per pytest worker (Java 17 + Maven; jars from Maven Central
# into ~/.m2 on first use); a Neo4j case that skips fails here.
test-neo4j: native browser cypher-lint
	$(BIN)/python scripts/neo4j_test_server.py run --servers 2 -- \
		env CLAIMGRAPH_REQUIRE_NEO4J=1 $(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: native
	$(BIN)/python bench/run_all.py
