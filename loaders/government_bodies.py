"""Bodies of a named country, region or group: "Lebanon's Health Ministry", "the Malian defence ministry", "Hamas
health authorities", "Houthi-run health authorities", "Syria's Ministry of Defence", "the Saudi-led coalition";
and armed men of a people or irregulars of a state: "Bedouin fighters", "Russian mercenaries".

The owner is a gazetteer (or provisional) actor or place the text names right before the body, or a demonym; the
body is a ministry, authority, department or directorate with its portfolio ("health", "foreign affairs"), a
coalition the owner leads, or its armed men. Each becomes one provisional actor named as written, with the owner's
country, instead of the owner (who did not act: its ministry did) and a bare "Health Ministry" that names nobody.
"""

from __future__ import annotations

import re

from loaders.gazetteer import Gazetteer
from loaders.name_cues import START_END, provisional_entity
from loaders.records import Entity, Mention

# The portfolios of ministries and of the authorities of a place or group (English words, any country).
_PORTFOLIO = (
    r"(?:health|foreign|defen[cs]e|interior|justice|information|finance|education|agriculture|economy|trade|"
    r"energy|oil|labou?r|culture|transport|religious|affairs|endowments|war|security|home|public|emergency|human|"
    r"rights|humanitarian|social|welfare|water|electricity|environment|communications|local|displacement|refugees)"
)
# A body's words, after its owner's name and a link: "’s ", "-run ", "-led ", or a space.
_BODY = re.compile(
    rf"(?:{_PORTFOLIO}[ \t]+){{1,3}}(?:ministry|authority|authorities|department|directorate)\b"
    rf"|ministry[ \t]+of[ \t]+(?:the[ \t]+)?{_PORTFOLIO}(?:[ \t]+(?:and[ \t]+)?{_PORTFOLIO}){{0,2}}\b"
    rf"|(?<=[-‐]led )coalition\b"
    r"|(?<= )(?P<armed>fighters|militias?|militiamen|gunmen|tribesmen|mercenaries|paramilitaries)\b",
    re.IGNORECASE,
)
# Armed men named after a state ("Russian mercenaries") are not its army, whose words ("Russian troops") the
# gazetteer knows; after a people ("Bedouin fighters") every word of armed men makes a group.
_IRREGULARS_OF_A_STATE = frozenset({"mercenaries", "paramilitaries", "militia", "militias"})
_LINK_BEFORE = re.compile(r"(?:['’]s[ \t]+|[-‐](?:run|controlled|led)[ \t]+|[ \t]+)$")
_WORD_BEFORE = re.compile(r"(?<![\w’'-])[A-Z][a-z]+$")
# Fast path: most articles name no ministry, authority or coalition, and are passed over without a scan.
_BODY_WORDS = (
    "inistr",
    "uthorit",
    "epartment",
    "irectorate",
    "led coalition",
    "fighters",
    "militia",
    "gunmen",
    "tribesmen",
    "mercenaries",
    "paramilitaries",
)
_OWNER_LABELS = frozenset({"Location", "Government", "Faction", "Community"})


def bodies_of_named_owners(
    text: str, mentions: list[Mention], gazetteer: Gazetteer, provisional: dict[str, Entity]
) -> list[Mention]:
    """``mentions`` (sorted) with each "<owner> <body>" made one mention of a provisional body, the owner being a
    mention of an actor or place, or a demonym ("the Malian defence ministry")."""
    if not any(word in text for word in _BODY_WORDS):
        return mentions
    by_end = {mention.end: mention for mention in mentions}
    bodies: list[Mention] = []
    for found in _BODY.finditer(text):
        link = _LINK_BEFORE.search(text, max(0, found.start() - 12), found.start())
        if link is None:
            continue
        owner_end = link.start()
        owner = _owner(text, owner_end, by_end.get(owner_end), gazetteer, provisional)
        if owner is None:
            continue
        owner_start, code, owner_label = owner
        armed = found.group("armed")
        if armed and not (
            link.group() == " "
            and (
                owner_label == "Community" or (owner_label == "Government" and armed.lower() in _IRREGULARS_OF_A_STATE)
            )
        ):
            continue
        name = text[owner_start : found.end()]
        label = "Faction" if armed or found.group().lower() == "coalition" else "Government"
        body = provisional_entity(label, name, provisional)
        if code:
            body.properties.setdefault("country", code)
        bodies.append(Mention(body.id, name, owner_start, found.end()))
    if not bodies:
        return mentions
    kept = [m for m in mentions if not any(m.start < body.end and body.start < m.end for body in bodies)]
    return sorted(kept + bodies, key=START_END)


def _owner(
    text: str, end: int, mention: Mention | None, gazetteer: Gazetteer, provisional: dict[str, Entity]
) -> tuple[int, str, str] | None:
    """Where the owner of a body ending at ``end`` starts, its country code ("" if unknown) and label (a demonym's
    is its government's); None if the words before the body name no owner."""
    if mention is not None:
        entity = provisional.get(mention.entity_id) or gazetteer.get(mention.entity_id)
        if entity is None or entity.label not in _OWNER_LABELS:
            return None
        country = entity.properties.get("country")
        if not isinstance(country, str):
            scope = gazetteer.scope_of(entity.id)  # a curated government: the country its local words apply in
            country = scope[0] if len(scope) == 1 else ""
        return mention.start, country, entity.label
    word = _WORD_BEFORE.search(text, max(0, end - 30), end)
    if word is None or word.group().lower() not in gazetteer.demonyms:
        return None
    government = next(iter(gazetteer.candidates(f"{word.group().lower()} government")), None)
    country = gazetteer.entities[government.entity_id].properties.get("country") if government else None
    return word.start(), country if isinstance(country, str) else "", "Government"


__all__ = ["bodies_of_named_owners"]
