"""The gazetteer's data files, read and merged into drafts: one :class:`Draft` per entity, before any index is built.

Packaged files, under ``loaders/data/`` (see :mod:`loaders.gazetteer` for what each holds): ``places.json`` (built by
``scripts/build_gazetteer.py``), ``world_actors.json`` (``scripts/convert_phoenix.py``), then the curated
``actors.yaml`` and ``place_aliases.yaml``, read last so that they win where several know an entity. Users' files
have the format of the curated ones and are merged after them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ConfigError
from graph.schema import SCHEMA

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACES_FILE = DATA_DIR / "places.json"
WORLD_ACTORS_FILE = DATA_DIR / "world_actors.json"
CURATED_FILES = (DATA_DIR / "actors.yaml", DATA_DIR / "place_aliases.yaml")

ACTOR_LABELS = frozenset(SCHEMA.labels_in_group("actor"))
ENTITY_LABELS = ACTOR_LABELS | {"Location"}

ROLE_FIELDS = {"leads": "LEADS", "member_of": "MEMBER_OF", "supports": "SUPPORTS", "opposes": "OPPOSES"}
PLACE_FIELDS = ("kind", "lat", "lon", "country", "pcode", "population")
ACTOR_FIELDS = ("description", "side", "url", "offices")
ENTRY_FIELDS = frozenset(
    {"id", "label", "name", "aliases", "metonyms", "sides", "parent", "weak", "scope", "local_aliases"}
    | set(ROLE_FIELDS)
    | set(PLACE_FIELDS)
    | set(ACTOR_FIELDS)
)


@dataclass(slots=True)
class SidePeriod:
    """An allegiance held from ``since`` until ``until`` (either open)."""

    side: str
    since: date | None = None
    until: date | None = None


@dataclass(slots=True)
class Draft:
    """An entity being assembled from the data files, before the indexes are built."""

    id: str
    label: str
    name: str
    aliases: dict[str, str] = field(default_factory=dict)  # spelling → source tier
    metonyms: dict[str, str] = field(default_factory=dict)  # spelling → source tier
    properties: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None
    roles: dict[str, list[str]] = field(default_factory=dict)
    sides: list[SidePeriod] = field(default_factory=list)
    weak: bool | None = None
    scope: tuple[str, ...] = ()  # countries where the local aliases apply
    local_aliases: list[str] = field(default_factory=list)
    alternates: list[str] = field(default_factory=list)  # other names, listed on the node but never matched


def copy_draft(draft: Draft) -> Draft:
    """A copy to merge a user's entries into, leaving the packaged drafts as they are."""
    return Draft(
        draft.id,
        draft.label,
        draft.name,
        dict(draft.aliases),
        dict(draft.metonyms),
        dict(draft.properties),
        draft.parent,
        {key: list(value) for key, value in draft.roles.items()},
        list(draft.sides),
        draft.weak,
        draft.scope,
        list(draft.local_aliases),
        list(draft.alternates),
    )


def read_entry_file(path: Path) -> list[dict[str, Any]]:
    """The entries of a gazetteer file (YAML or JSON list of mappings); a ConfigError says what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"gazetteer file {path}: cannot read ({error.strerror or error})") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            data = yaml.load(text, Loader=loader)
    except (ValueError, yaml.YAMLError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ConfigError(
            f"gazetteer file {path}: not valid {path.suffix.lstrip('.') or 'YAML'}: {first_line}"
        ) from None
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get("entities"), list):
        data = data["entities"]
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise ConfigError(f"gazetteer file {path}: expected a list of entries (mappings)")
    return data


def _as_list(value: Any, where: str, field_name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise ConfigError(f"{where}: {field_name!r} must be a string or a list of strings")


def _as_date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def merge_entries(drafts: dict[str, Draft], entries: list[dict[str, Any]], source: str, tier: str = "curated") -> None:
    """Add a file's entries: new ids become entities; known ids gain the aliases and fields given. ``tier``: how
    strongly their spellings count (see SOURCE_RANK): "name" for converted data, below the curated files."""
    for number, entry in enumerate(entries, start=1):
        entity_id = entry.get("id")
        where = f"gazetteer file {source}, entry {number}" + (f" ({entity_id})" if entity_id else "")
        if not isinstance(entity_id, str) or not entity_id.strip():
            raise ConfigError(f"{where}: every entry needs an 'id'")
        unknown = set(entry) - ENTRY_FIELDS
        if unknown:
            raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        draft = drafts.get(entity_id)
        if draft is None:
            label, name = entry.get("label"), entry.get("name")
            if label not in ENTITY_LABELS:
                known = ", ".join(sorted(ENTITY_LABELS))
                raise ConfigError(f"{where}: a new entity needs a 'label', one of {known}; got {label!r}")
            if not isinstance(name, str) or not name.strip():
                raise ConfigError(f"{where}: a new entity needs a 'name'")
            draft = drafts[entity_id] = Draft(entity_id, label, name)
        elif entry.get("label") not in (None, draft.label):
            raise ConfigError(f"{where}: label {entry['label']!r} differs from the known {draft.label!r}")
        if isinstance(entry.get("name"), str) and entry["name"] != draft.name:
            draft.aliases.setdefault(draft.name, tier)
            draft.name = entry["name"]
        draft.aliases[draft.name] = tier
        for alias in _as_list(entry.get("aliases"), where, "aliases"):
            draft.aliases[alias] = tier
        for metonym in _as_list(entry.get("metonyms"), where, "metonyms"):
            draft.metonyms[metonym] = tier
        for field_name in ROLE_FIELDS:
            targets = _as_list(entry.get(field_name), where, field_name)
            existing = draft.roles.setdefault(field_name, [])
            existing.extend(target for target in targets if target not in existing)
        for field_name in (*PLACE_FIELDS, "description", "url", "offices"):
            if entry.get(field_name) is not None:
                draft.properties[field_name] = entry[field_name]
        for coordinate in ("lat", "lon"):
            value = draft.properties.get(coordinate)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise ConfigError(f"{where}: {coordinate!r} must be a number")
        if entry.get("parent") is not None:
            draft.parent = str(entry["parent"])
        if entry.get("weak") is not None:
            draft.weak = bool(entry["weak"])
        if entry.get("scope") is not None:
            draft.scope = tuple(code.upper() for code in _as_list(entry["scope"], where, "scope"))
        local = _as_list(entry.get("local_aliases"), where, "local_aliases")
        if local and not draft.scope:
            raise ConfigError(f"{where}: 'local_aliases' need a 'scope' (the countries where they apply)")
        draft.local_aliases.extend(alias for alias in local if alias not in draft.local_aliases)
        if entry.get("side") is not None:
            draft.properties["side"] = str(entry["side"])
        if entry.get("sides") is not None:
            if not isinstance(entry["sides"], list):
                raise ConfigError(f"{where}: 'sides' must be a list of {{side, since, until}}")
            draft.sides = [
                SidePeriod(
                    str(period["side"]), _as_date(period.get("since"), where), _as_date(period.get("until"), where)
                )
                for period in entry["sides"]
                if isinstance(period, dict) and period.get("side")
            ]
            draft.sides.sort(key=lambda period: period.since or date.min)


def _read_packaged_json(path: Path, built_by: str) -> dict[str, Any]:
    """A packaged data file; a ConfigError names the script that builds it."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"gazetteer data {path} is missing or unreadable ({error}); run {built_by}") from None
    return data


def read_places(path: Path) -> dict[str, Draft]:
    """The built places file: entries with their expanded spellings (``aliases`` curated-as-built, ``variants``)."""
    data = _read_packaged_json(path, "scripts/build_gazetteer.py")
    drafts: dict[str, Draft] = {}
    for row in data["places"]:
        aliases = {alias: "name" for alias in row.get("aliases", [])}
        for variant in row.get("variants", []):
            aliases.setdefault(variant, "variant")
        properties = {key: row[key] for key in PLACE_FIELDS if row.get(key) is not None}
        drafts[row["id"]] = Draft(
            row["id"],
            "Location",
            row["name"],
            aliases,
            {},
            properties,
            row.get("parent"),
            weak=row.get("weak"),
            alternates=row.get("alternates", []),
        )
    return drafts


def read_world_actors(path: Path) -> list[dict[str, Any]]:
    """The converted world actors (scripts/convert_phoenix.py): entries in the format of actors.yaml."""
    return list(_read_packaged_json(path, "scripts/convert_phoenix.py")["actors"])


@lru_cache(maxsize=1)
def packaged_drafts() -> dict[str, Draft]:
    """The drafts of the packaged data files, read once per process (callers copy before changing them)."""
    drafts = read_places(PLACES_FILE)
    # The converted world actors first, so that the curated files, read after them, win where both know an actor.
    merge_entries(drafts, read_world_actors(WORLD_ACTORS_FILE), source=WORLD_ACTORS_FILE.name, tier="name")
    for path in CURATED_FILES:
        merge_entries(drafts, read_entry_file(path), source=path.name)
    return drafts


def file_signature(path: Path) -> tuple[str, int, int]:
    """A file's identity for the cache: its path, modification time and size (an edited file is read again)."""
    try:
        stat = path.stat()
    except OSError as error:
        raise ConfigError(f"gazetteer file {path}: cannot read ({error.strerror or error})") from None
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size
