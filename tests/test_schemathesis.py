"""schemathesis against the OpenAPI spec, in process (ASGI): whatever it sends, no 5xx, and responses match the
documented schemas. Bounded for the suite; the `slow` run tries many more cases per operation.

The schema is loaded when the module is imported (schemathesis' lazy ``from_fixture`` loader does not work with
pytest 9), so the fixture store lives in a temporary directory removed when the module's tests are done.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.app import create_app
from graph.embedded import EmbeddedStore
from graph.settings import Settings
from tests.fixtures_graph import fixture_batch

API_KEY = "fuzzing-key"

_directory = tempfile.TemporaryDirectory(prefix="claimgraph-fuzz-")
_store = EmbeddedStore(Path(_directory.name) / "store")
_store.write(fixture_batch())
_app = create_app(Settings(CLAIMGRAPH_API_KEY=API_KEY, CLAIMGRAPH_MAX_ARTICLE_BYTES=20_000), _store)
schema = schemathesis.openapi.from_asgi("/openapi.json", _app)


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    _store.close()
    _directory.cleanup()


CHECKS = [not_a_server_error, response_schema_conformance]
QUICK = settings(
    max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None
)
DEEP = settings(
    max_examples=80, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None
)


@schema.parametrize()
@QUICK
def test_no_server_errors(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@pytest.mark.slow
@schema.parametrize()
@DEEP
def test_no_server_errors_deep(case: Any) -> None:
    # POST /articles too, past the key check: the fuzzer's articles go through the real loader
    headers = {"X-API-Key": API_KEY} if case.path == "/articles" and case.method == "POST" else None
    case.call_and_validate(checks=CHECKS, headers=headers)
