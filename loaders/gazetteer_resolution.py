"""Which entity each gazetteer match names: a dateline or "X-based" names a place, never an actor; "in Turkey" is the
country and "Turkey backed" its government; among places of one name, the one in a governorate the article names;
a village said to lie in another governorate than the gazetteer's is a provisional place of its own."""

from __future__ import annotations

import re

from loaders.gazetteer import CURATED_RANK, Gazetteer, alias_key
from loaders.gazetteer_matches import Match
from loaders.name_cues import SPATIAL, provisional_entity, words_before
from loaders.records import Entity, Mention

# "X, the Alawite neighbourhood of Y" / "X in Y": Y contains X.
_CONTAINED_IN = re.compile(
    r"^(?:,?[ \t]+(?:an?|the)[ \t]+(?:[\w’'\-]+[ \t]+){0,3}?(?:neighbou?rhood|village|town|suburb|district|area|quarter)"
    r"[ \t]+(?:of|in)|[ \t]+in)[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)


# A country acting: the verb right after its name ("Ukraine said", "Rwanda has denied", "Israel struck").
# A time phrase may come between ("Syria on Sunday accused", "Russia late on Tuesday said", "Israel yesterday struck").
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_WHEN = (
    rf"(?:(?:late[ \t]+|early[ \t]+)?on[ \t]+{_WEEKDAY}(?:[ \t]+(?:morning|afternoon|evening|night))?|yesterday|today)"
)
_AGENT_AFTER = re.compile(
    rf"(?:[ \t]+{_WHEN})?,?"
    r"[ \t]+(?:has[ \t]+|had[ \t]+|have[ \t]+|also[ \t]+|has[ \t]+also[ \t]+|would[ \t]+|will[ \t]+)?(?:said|says|"
    r"told|announced|stated|claimed|claims|denied|denies|accused|accuses|blamed|blames|rejected|rejects|condemned|"
    r"condemns|warned|warns|urged|urges|called|calls|confirmed|insisted|launched|struck|strikes|attacked|attacks|"
    r"backed|backs|supports|supported|sent|deployed|responded|vowed|pledged|demanded|threatened|admitted|"
    r"acknowledged|reported|recognised|recognized|agreed|signed)\b"
)


def resolve_matches(text: str, matches: list[Match], gazetteer: Gazetteer) -> tuple[list[Mention], dict[str, Entity]]:
    """Pick one entity per match, then settle ambiguous places against the article's other places."""
    mentions: list[Mention] = []
    ambiguous: list[tuple[int, list[str]]] = []  # (index in mentions, equally likely places after the pick)
    for match in matches:
        entries = match.entries
        if _placed_not_acting(text, match):
            # A dateline ("TEHRAN —") or "Britain-based" says where, never who: the place, or nothing.
            entries = tuple(entry for entry in entries if entry.label == "Location" and not entry.metonym)
            if not entries:
                continue
            match = match._replace(entries=entries)
        if len(entries) == 1:  # the commonest case, without a call
            entity_id = entries[0].entity_id
        else:
            entity_id, alternatives = _pick(text, match, gazetteer)
            if alternatives:
                ambiguous.append((len(mentions), alternatives))
        start = match.start
        if text.startswith("the ", start):
            start += 4  # "the BBC" is matched whole (the article makes "coalition" a name) but names the BBC
        # tuple.__new__: a named tuple's own __new__ is interpreted Python, even when this module is compiled.
        mentions.append(tuple.__new__(Mention, (entity_id, text[start : match.end], start, match.end)))
    if ambiguous:
        settled = {index for index, _ in ambiguous}
        anchors = {gazetteer.governorate(m.entity_id) for i, m in enumerate(mentions) if i not in settled}
        for index, alternatives in ambiguous:
            mention = mentions[index]
            ranked = [mention.entity_id, *alternatives]
            entity_id = next((place for place in ranked if gazetteer.governorate(place) in anchors), mention.entity_id)
            if entity_id != mention.entity_id:
                mentions[index] = Mention(entity_id, mention.alias, mention.start, mention.end)
    return _place_containment(text, mentions, gazetteer)


# After a dateline's place: ", Syria", "(AP)", then a dash ("AMMAN -", "GENEVA (Reuters) —"), or the agency and a
# colon ("BEIRUT (Reuters):"; a colon alone is a headline's: "Israel: we will respond").
_DATELINE_AFTER = re.compile(
    r"(?:,[ \t]+[A-Z][\w .]{0,30}?)?(?:[ \t]*\([^)\n]{1,30}\)(?:[ \t]*[—–-]|:)|[ \t]*[—–-])[ \t]"
)


def _placed_not_acting(text: str, match: Match) -> bool:
    """A name that places the story or someone, not an actor: the dateline at a line's start ("WASHINGTON -",
    "TEHRAN —"), or "X-based"."""
    start, end = match.start, match.end
    if text.startswith("-based", end) or text.startswith("‐based", end):
        return True
    at_line_start = start == 0 or text[start - 1] == "\n"
    return at_line_start and (text[start:end].isupper() or _DATELINE_AFTER.match(text, end) is not None)


# "parts of Lebanon", "much of Sudan", "Lebanon and parts of Syria": a country as a stretch of land, not an actor.
_TERRITORY_BEFORE = re.compile(r"\b(?:parts?|much|most|areas|regions|the[ \t]+rest)[ \t]+of[ \t]+$", re.IGNORECASE)
_TERRITORY_AFTER = re.compile(r"[ \t]+and[ \t]+(?:parts?|much|most|areas|regions|the[ \t]+rest)[ \t]+of[ \t]")


def _territory(text: str, match: Match) -> bool:
    return bool(
        _TERRITORY_BEFORE.search(text, max(0, match.start - 20), match.start) or _TERRITORY_AFTER.match(text, match.end)
    )


def _pick(text: str, match: Match, gazetteer: Gazetteer) -> tuple[str, list[str]]:
    """The entity a match names, and equally likely places to settle later."""
    entries = match.entries
    if len(entries) == 1:
        return entries[0].entity_id, []
    place = actor = None  # the first literal place and the first actor among the entries (one loop, no generators)
    for entry in entries:
        if entry.label == "Location":
            if place is None and not entry.metonym:
                place = entry
        elif actor is None:
            actor = entry
    if place and actor:
        # "in Turkey" is the country, "Turkey backed" the government; Syrian names stay places ("Damascus").
        country = gazetteer.entities[place.entity_id].properties.get("country")
        before = words_before(text, match.start)
        spatial = bool(before) and before[-1] in SPATIAL
        if spatial or _territory(text, match):
            return place.entity_id, []
        if country == "SY" and (
            not place.entity_id.startswith("location/country/")
            or not _AGENT_AFTER.match(text, match.end, match.end + 60)
        ):
            return place.entity_id, []  # Syrian names stay places ("Damascus"), but "Syria accused" is its state
        if actor.rank < CURATED_RANK and not _AGENT_AFTER.match(text, match.end, match.end + 60):
            # A government from the world list is meant only where the country acts ("Ukraine said", "Rwanda
            # denied"); "Sudan's paramilitary", "attacks on Ukraine" name the country.
            return place.entity_id, []
        return actor.entity_id, []
    top = entries[0]
    if top.label != "Location":
        return top.entity_id, []
    # Places of the same name and standing in other governorates ("Al Qusur" in Damascus or elsewhere).
    tier = top.rank // 100
    home = gazetteer.governorate(top.entity_id)
    alternatives = [
        entry.entity_id
        for entry in entries[1:]
        if entry.rank // 100 == tier
        and entry.label == "Location"
        and not entry.metonym
        and gazetteer.governorate(entry.entity_id) != home
    ]
    return top.entity_id, alternatives


def _place_containment(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> tuple[list[Mention], dict[str, Entity]]:
    """A village or neighbourhood said to lie in another governorate than the gazetteer's is another place."""
    provisional: dict[str, Entity] = {}
    demoted: dict[str, str] = {}  # alias key → provisional id
    weak = gazetteer.weak_ids
    for index in [index for index, mention in enumerate(mentions[:-1]) if mention.entity_id in weak]:
        mention, container = mentions[index], mentions[index + 1]
        if container.start - mention.end > 80 or gazetteer.entities[container.entity_id].label != "Location":
            continue
        if not _CONTAINED_IN.match(text[mention.end : container.start]):
            continue
        own, outer = gazetteer.governorate(mention.entity_id), gazetteer.governorate(container.entity_id)
        if own and outer and own != outer:
            entity = provisional_entity("Location", mention.alias, provisional)
            demoted[alias_key(mention.alias)] = entity.id
    if not demoted:
        return mentions, provisional
    return [
        Mention(demoted.get(alias_key(mention.alias), mention.entity_id), mention.alias, mention.start, mention.end)
        for mention in mentions
    ], provisional
