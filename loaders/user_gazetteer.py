"""The user's own gazetteer entries, kept with the store so that every later load applies them until removed.

``claimgraph gazetteer add FILE`` (and ``claimgraph load --gazetteer FILE``) merge a file of entries, in the format
of ``loaders/data/actors.yaml``, into ``gazetteer.yaml`` in the store's data directory; ``list`` shows them and
``remove ID`` drops one. An entry whose ``id`` the shipped gazetteer knows adds its aliases (and the fields it sets)
to that entity; a new ``id`` adds an actor or a place. A place takes ``lat``, ``lon``, ``kind`` and a ``parent`` (the
id of the place containing it, e.g. ``location/country/SD``), so it joins the ``LOCATED_IN`` hierarchy.

Entries are checked against the whole gazetteer before they are saved (an unknown label, field or parent is a
clear error and the saved file stays as it was), and the file is replaced atomically.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ConfigError
from loaders.gazetteer import Gazetteer, read_entry_file

ENTRIES_FILE = "gazetteer.yaml"
_LIST_FIELDS = ("aliases", "local_aliases", "metonyms", "leads", "member_of", "supports", "opposes")


def entries_path(data_dir: Path, store_kind: str = "embedded", database: str | None = None) -> Path:
    """Where a store's user entries live: beside the embedded store's database, or, for a Neo4j database, in
    the data directory under the database's name."""
    if store_kind == "embedded":
        return data_dir / ENTRIES_FILE
    return data_dir / f"gazetteer-{store_kind}-{database or 'default'}.yaml"


def read_entries(path: Path) -> list[dict[str, Any]]:
    """The saved entries (none when the file does not exist yet)."""
    return read_entry_file(path) if path.exists() else []


def merged(existing: Sequence[dict[str, Any]], new: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], int, int]:
    """``existing`` with ``new`` merged in by id: a known id gains the new aliases and fields. Returns the entries,
    how many were added and how many updated."""
    by_id = {str(entry.get("id")): dict(entry) for entry in existing}
    added = updated = 0
    for entry in new:
        entry_id = str(entry.get("id"))
        old = by_id.get(entry_id)
        if old is None:
            by_id[entry_id] = dict(entry)
            added += 1
            continue
        for key, value in entry.items():
            if key in _LIST_FIELDS and isinstance(old.get(key), list):
                values = value if isinstance(value, list) else [value]
                old[key] = list(dict.fromkeys([*old[key], *values]))
            else:
                old[key] = value
        updated += 1
    return list(by_id.values()), added, updated


def add_files(path: Path, files: Sequence[Path]) -> tuple[int, int]:
    """Merge the entries of ``files`` into the saved ones, check them and save; (added, updated)."""
    entries = read_entries(path)
    added = updated = 0
    for file in files:
        entries, more, changed = merged(entries, read_entry_file(file))
        added, updated = added + more, updated + changed
    check(entries)
    save(path, entries)
    return added, updated


def remove(path: Path, ids: Sequence[str]) -> list[str]:
    """Drop the entries with these ids; the ids that were not saved raise a ConfigError naming them."""
    entries = read_entries(path)
    known = {str(entry.get("id")) for entry in entries}
    unknown = [entry_id for entry_id in ids if entry_id not in known]
    if unknown:
        raise ConfigError(f"no saved gazetteer entry with id {', '.join(unknown)} (see `claimgraph gazetteer list`)")
    kept = [entry for entry in entries if str(entry.get("id")) not in set(ids)]
    check(kept)  # another entry may name a removed one as its parent or in a role
    save(path, kept)
    return list(ids)


def check(entries: list[dict[str, Any]]) -> None:
    """Raise a ConfigError if the entries do not fit the shipped gazetteer (labels, fields, parents, roles)."""
    if entries:
        Gazetteer.with_entries(entries, source="saved entries")


def save(path: Path, entries: list[dict[str, Any]]) -> None:
    """Write the entries atomically: a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Your gazetteer entries (claimgraph gazetteer add|remove); every load of this store uses them.\n"
    text += yaml.safe_dump(entries, sort_keys=False, allow_unicode=True) if entries else "[]\n"
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".yaml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


__all__ = ["ENTRIES_FILE", "add_files", "check", "entries_path", "merged", "read_entries", "remove", "save"]
