"""Storage faults (issue 13): a full disk, a damaged, empty or read-only store, a malformed setting. Each reaches the
user as one clear line and exit status 1 (the CLI) or a JSON error (the API), and the store stays usable.

A full disk is injected where the store writes (SQLite's SQLITE_FULL, or the file system's ENOSPC), so the tests
need no root; a manual run on a small tmpfs gave the same lines and statuses.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from graph.embedded import DB_FILE, EmbeddedStore
from graph.errors import (
    ConfigError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    store_error,
)
from graph.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
ARTICLE = {"id": "fault-1", "text": "At least 52 civilians were killed in Baniyas on Friday, SOHR said."}
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def disk_full(*_: Any, **__: Any) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def no_space(*_: Any, **__: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "data"
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(directory))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    return directory


@pytest.fixture
def loaded(data_dir: Path) -> Path:
    code, output = invoke("load", str(SEEDS), "--quiet")
    assert code == 0, output
    return data_dir


def counts(directory: Path) -> dict[str, int]:
    with EmbeddedStore(directory, create=False) as store:
        return store.stats().labels


@pytest.mark.parametrize("fault", [disk_full, no_space], ids=["SQLITE_FULL", "ENOSPC"])
def test_a_full_disk_during_load_is_one_line_and_keeps_the_store(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: Any
) -> None:
    before = counts(loaded)
    extra = tmp_path / "extra.txt"
    extra.write_text(ARTICLE["text"], encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(EmbeddedStore, "_upsert_nodes", fault)  # inside the write transaction
        code, output = invoke("load", str(extra), "--quiet")
    assert code == 1
    assert "is full" in output and "nothing half-written is kept" in output
    assert len(output.strip().splitlines()) <= 2  # one line (rich may wrap it)
    assert counts(loaded) == before  # rolled back, and still readable
    code, _ = invoke("load", str(extra), "--quiet")  # and writable once there is space again
    assert code == 0
    assert counts(loaded)["Article"] == before["Article"] + 1


def test_a_full_disk_during_post_articles_is_a_json_507(loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(CLAIMGRAPH_API_KEY="k")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        with monkeypatch.context() as patch:
            patch.setattr(EmbeddedStore, "_upsert_nodes", disk_full)
            response = client.post("/articles", json=ARTICLE, headers={"X-API-Key": "k"})
        assert response.status_code == 507
        assert response.json()["error"]["type"] == "storage_full"
        assert client.get("/stats").status_code == 200  # the server goes on
        assert client.post("/articles", json=ARTICLE, headers={"X-API-Key": "k"}).status_code in (200, 201)


def damage(directory: Path) -> None:
    """Overwrite the middle of the file, leaving its header intact: the store opens, its pages do not read."""
    path = directory / DB_FILE
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\xa5" * (size // 3))


def test_garbage_in_the_middle_of_the_store(loaded: Path) -> None:
    damage(loaded)
    for command in (["stats"], ["export", "-f", "json"], ["serve", "--port", "1"]):
        code, output = invoke(*command)
        assert code == 1, command
        assert "is damaged" in output and "backup" in output, (command, output)
    with EmbeddedStore(loaded, create=False) as store, pytest.raises(StoreCorruptError, match="damaged"):
        store.verify()


def test_an_empty_store_file_is_an_error_not_an_empty_store(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_FILE).write_bytes(b"")
    code, output = invoke("stats")
    assert code == 1
    assert "empty file (0 bytes)" in output
    code, output = invoke("load", str(SEEDS), "--quiet")  # nor is it silently started afresh
    assert code == 1 and "empty file (0 bytes)" in output


def test_an_intact_store_on_a_read_only_volume_is_readable(loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = counts(loaded)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == loaded else real_access(path, mode))
    with EmbeddedStore(loaded, create=False) as store:
        assert store.read_only and store.stats().labels == before
        store.verify()
    code, output = invoke("stats", "--json")
    assert code == 0 and '"Article": 5' in output
    code, output = invoke("export", "-f", "graphml")
    assert code == 0 and "<graphml" in output
    with TestClient(create_app(Settings())) as client:
        assert client.get("/stats").json()["labels"] == before
    extra = loaded.parent / "extra.txt"
    extra.write_text(ARTICLE["text"], encoding="utf-8")
    code, output = invoke("load", str(extra), "--quiet")
    assert code == 1 and "read-only" in output


def test_a_malformed_setting_is_a_clear_error(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_BATCH_SIZE", "abc")
    with pytest.raises(ConfigError, match="CLAIMGRAPH_BATCH_SIZE='abc'"):
        Settings()
    code, output = invoke("stats")
    assert code == 1
    assert "invalid setting: CLAIMGRAPH_BATCH_SIZE='abc'" in output


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (sqlite3.OperationalError("database or disk is full"), StoreFullError),
        (OSError(errno.ENOSPC, "No space left on device"), StoreFullError),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), StoreFullError),
        (sqlite3.DatabaseError("database disk image is malformed"), StoreCorruptError),
        (sqlite3.DatabaseError("file is not a database"), StoreCorruptError),
        (sqlite3.OperationalError("attempt to write a readonly database"), StoreReadOnlyError),
        (OSError(errno.EROFS, "Read-only file system"), StoreReadOnlyError),
        (sqlite3.OperationalError("disk I/O error"), StoreError),
    ],
)
def test_storage_faults_are_named(raised: BaseException, expected: type[StoreError]) -> None:
    found = store_error(raised, "the store")
    assert type(found) is expected


def test_the_fault_behind_a_failed_rollback_is_found() -> None:
    """SQLite rolls back on SQLITE_FULL by itself, so the store's own ROLLBACK fails: the cause is still named."""
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError:
            raise sqlite3.OperationalError("cannot rollback - no transaction is active")  # noqa: B904
    except sqlite3.OperationalError as exc:
        assert isinstance(store_error(exc), StoreFullError)
    assert store_error(ValueError("not storage")) is None
    assert store_error(OSError(errno.ENOENT, "No such file")) is None
