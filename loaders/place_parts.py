"""Parts of a known place named by a compass word: "northern Gaza", "eastern DRC", "south-east Ukraine", "central
Mali", "Beirut's southern suburbs".

Such a part is a region of its own, LOCATED_IN the place, so that the graph keeps what the text says (the fighting
is in the east, not somewhere in the country) and the place's chain still leads to its country. A country named
this way is the place, never its government ("southern Lebanon"), and so is a city that also stands for its
government ("Beirut's southern suburbs"). After a possessive the compass word says where a place lies, not which
part of it is meant: "Ukraine's eastern Donetsk region" is the Donetsk region.

Coordinates: the gazetteer gives a place one point, not its outline, so a part's point is the mean of the
gazetteer's places inside the place that lie furthest that way (the third of them furthest along the direction):
eastern Congo lands among Goma, Bunia and Bukavu rather than at the country's middle. With fewer than
:data:`MIN_POINTS` places inside (a city, a small region) and for "central", the part takes the place's own point.
"""

from __future__ import annotations

import math
import re

from loaders.gazetteer import Gazetteer
from loaders.records import Entity, Mention

# A part's id: PART_PREFIX, the direction, then the id of the place it is a part of without "location/".
PART_PREFIX = "location/part/"


def part_id_of(place_id: str, direction: str) -> str:
    return f"{PART_PREFIX}{direction}/{place_id.removeprefix('location/')}"


def whole_of(place_id: str) -> str:
    """The place a part is a part of ("location/part/north-west/sy/SY07" → "location/sy/SY07"); any other place
    is its own whole."""
    if not place_id.startswith(PART_PREFIX):
        return place_id
    return f"location/{place_id.removeprefix(PART_PREFIX).split('/', 1)[1]}"


# How a part was resolved, as the ``resolved_by`` property of its node says.
RESOLVED_PART = "direction of a known place"

# Fewer places inside than this, and a part takes the place's own point: too few to tell one side from another.
MIN_POINTS = 6

_COMPASS = r"(?:north|south)(?:-?(?:east|west))?|east|west"
_DIRECTION = rf"(?P<direction>{_COMPASS})(?P<ern>ern)?|(?P<central>central)"
# "northern Gaza", "south-east Ukraine": the compass word just before the place, as a whole word.
_BEFORE = re.compile(rf"(?<![\w-])(?:{_DIRECTION})\s+$", re.IGNORECASE)
_POSSESSIVE_BEFORE = re.compile(r"['’]s\s+$")
# "Beirut's southern suburbs", "Khartoum's western outskirts".
_AFTER = re.compile(
    rf"['’]s\s+(?:{_DIRECTION})\s+(?P<noun>suburbs?|outskirts|districts|neighbou?rhoods|parts|areas|countryside)\b",
    re.IGNORECASE,
)


def place_parts(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` with each known place preceded by a compass word ("northern Gaza"), or followed by one and an
    area noun ("Beirut's southern suburbs"), replaced by a mention of that part of the place."""
    found: list[Mention] = []
    for mention in mentions:
        start, end = mention.start, mention.end
        before = _BEFORE.search(text, max(0, start - 20), start)
        if before is not None and _POSSESSIVE_BEFORE.search(text, max(0, before.start() - 3), before.start()):
            before = None  # "Ukraine's eastern Donetsk region": where the region lies, not a part of it
        after = _AFTER.match(text, end) if before is None else None
        if before is None and after is None:
            found.append(mention)
            continue
        place = _place_named(mention, gazetteer)
        if place is not None and found and before is not None and found[-1].end > before.start():
            if not _BEFORE.fullmatch(found[-1].alias + " "):
                place = None  # the word before is part of another name
            else:
                found.pop()  # "Northern" taken alone for a region of that name ("Northern State")
        if place is None:
            found.append(mention)
            continue
        cue = before or after
        assert cue is not None
        noun = after.group("noun").lower() if after is not None else None
        words = _direction(cue)
        slug = words[0] if noun is None else f"{words[0]}-{noun}"
        part_id = part_id_of(place.id, slug)
        part = gazetteer.get(part_id) or gazetteer.adopt_place(_part(place, part_id, words, noun, gazetteer), place.id)
        span_start, span_end = (cue.start(), end) if before is not None else (start, cue.end())
        found.append(Mention(part.id, text[span_start:span_end], span_start, span_end))
    return found


def _place_named(mention: Mention, gazetteer: Gazetteer) -> Entity | None:
    """The known place a mention names: its entity if a place, else the place of the same spelling (the country
    for its government, the city for the government it stands for)."""
    entity = gazetteer.get(mention.entity_id)
    if entity is None or mention.entity_id.startswith(PART_PREFIX):
        return None
    if entity.label == "Location":
        return entity if not entity.properties.get("provisional") else None
    strong, _ = gazetteer.entries_as_written(mention.alias)
    place = next((entry for entry in strong if entry.label == "Location" and not entry.metonym), None)
    return gazetteer.get(place.entity_id) if place is not None else None


def _direction(cue: re.Match[str]) -> tuple[str, str, str]:
    """The direction a cue names ("north-east"), as an adjective ("north-eastern") and bare ("north-east")."""
    if cue.group("central"):
        return "central", "central", "central"
    bare = cue.group("direction").lower().replace("-", "")
    bare = re.sub(r"^(north|south)(east|west)$", r"\1-\2", bare)  # "northeast", "north-east" → "north-east"
    return bare, f"{bare}ern", bare


def _part(place: Entity, part_id: str, words: tuple[str, str, str], noun: str | None, gazetteer: Gazetteer) -> Entity:
    """The region a direction names inside ``place``: its id, names and point are a function of the place and
    the direction alone, whichever article names it first."""
    direction, adjective, bare = words
    if noun is None:
        spellings = [place.name, *(alias for alias in place.aliases if alias.isascii() and len(alias.split()) <= 3)]
        name = f"{adjective} {place.name}"
        aliases = sorted({f"{form} {spelling}" for form in (adjective, bare) for spelling in spellings} - {name})
    else:
        name, aliases = f"{place.name}'s {adjective} {noun}", []
    lat, lon = _point_toward(place, direction, gazetteer)
    properties = {"kind": "region", "lat": lat, "lon": lon, "country": place.properties.get("country"),
                  "resolved_by": RESOLVED_PART}  # fmt: skip
    return Entity(part_id, "Location", name, aliases, False, {k: v for k, v in properties.items() if v is not None})


def _point_toward(place: Entity, direction: str, gazetteer: Gazetteer) -> tuple[float | None, float | None]:
    """The mean of the third of the place's inner points furthest towards ``direction``, or the place's point."""
    own = (place.properties.get("lat"), place.properties.get("lon"))
    points = gazetteer.points_within(place.id)
    north = ("north" in direction) - ("south" in direction)
    east = ("east" in direction) - ("west" in direction)
    if (north == 0 and east == 0) or len(points) < MIN_POINTS:
        return own
    middle = math.cos(math.radians(sum(lat for lat, _ in points) / len(points)))
    ranked = sorted(points, key=lambda point: -(north * point[0] + east * point[1] * middle))
    third = ranked[: max(1, len(ranked) // 3)]
    return (round(sum(lat for lat, _ in third) / len(third), 5), round(sum(lon for _, lon in third) / len(third), 5))
