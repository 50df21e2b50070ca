"""The world's towns and villages that the gazetteer's automata leave out, looked up by spelling on demand.

``loaders/data/small_places.sqlite`` (built by ``scripts/build_small_places.py``) holds every populated place of
GeoNames' cities500 list outside Syria with all its Latin-script alternate names: 230,000 places. Indexing them at
start-up would make it several times slower, and most of their names are also words, surnames or the names of
other places; so a name is looked up here only once the text has named a place the gazetteer does not know.

The evidence rule: a small place is taken only where the article names its country (a place in that country, or the
country itself). Among the same-named places of the article's countries the most populous wins. With no such
evidence the name stays a provisional place: "Union" in a Syrian story is no US town.

The table is opened read-only on first use, once per process (a connection never crosses a fork).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection
from pathlib import Path
from typing import NamedTuple

from loaders.gazetteer_files import DATA_DIR
from loaders.records import Entity
from loaders.spelling import alias_key, single_letters


def small_place_key(name: str) -> str:
    """The table's key of a spelling: its :func:`alias_key` with doubled letters single, since transliterations
    differ in them as often as in anything ("Mellit" and "Melit", "Djenne" and "Djené")."""
    return single_letters(alias_key(name))


SMALL_PLACES_FILE = DATA_DIR / "small_places.sqlite"

# How a place was resolved, as the ``resolved_by`` property of its node says.
RESOLVED_SMALL_PLACE = "small place, country named in the article"

_QUERY = """
    SELECT place.geonameid, place.name, place.lat / 1e4, place.lon / 1e4, place.country, parent.id, place.population,
           place.names
    FROM spelling JOIN place ON place.geonameid = spelling.place JOIN parent ON parent.number = place.parent
    WHERE spelling.key = ? ORDER BY place.population DESC, place.geonameid
"""


class SmallPlace(NamedTuple):
    """One populated place of the table: ``id`` is its gazetteer-style id (``location/geonames/N``)."""

    id: str
    name: str
    lat: float
    lon: float
    country: str
    parent: str
    population: int
    names: str  # its other names, "|" between them

    def entity(self) -> Entity:
        """The place as an entity, with its other names as aliases."""
        kind = "city" if self.population >= 100_000 else "town" if self.population >= 10_000 else "village"
        properties = {"kind": kind, "lat": self.lat, "lon": self.lon, "country": self.country,
                      "population": self.population, "resolved_by": RESOLVED_SMALL_PLACE}  # fmt: skip
        return Entity(self.id, "Location", self.name, self.names.split("|") if self.names else [], False, properties)


class SmallPlaces:
    """The table of small places, opened on first use."""

    def __init__(self, path: Path = SMALL_PLACES_FILE) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._found: dict[str, tuple[SmallPlace, ...]] = {}

    def named(self, name: str) -> tuple[SmallPlace, ...]:
        """Every place spelled ``name`` (case, diacritics and punctuation aside), the most populous first."""
        key = small_place_key(name)
        found = self._found.get(key)
        if found is None:
            rows = self._cursor().execute(_QUERY, (key,)).fetchall() if self._path.is_file() else []
            found = self._found[key] = tuple(SmallPlace(f"location/geonames/{row[0]}", *row[1:]) for row in rows)
        return found

    def points_in(self, parent: str) -> list[tuple[float, float]]:
        """The coordinates of the places directly inside ``parent`` (a region's or country's id)."""
        if not self._path.is_file():
            return []
        query = "SELECT lat / 1e4, lon / 1e4 FROM place WHERE parent = (SELECT number FROM parent WHERE id = ?)"
        return [(float(lat), float(lon)) for lat, lon in self._cursor().execute(query, (parent,))]

    def best(self, name: str, countries: Collection[str]) -> SmallPlace | None:
        """The most populous place spelled ``name`` in one of ``countries`` (ISO codes), or None."""
        return next((place for place in self.named(name) if place.country in countries), None)

    def _cursor(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self._connection = sqlite3.connect(f"file:{self._path}?mode=ro&immutable=1", uri=True,
                                               check_same_thread=False)  # fmt: skip
            self._pid = os.getpid()
        return self._connection
