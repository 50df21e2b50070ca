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
# The words of a body: portfolios before its head noun ("public health ministry"), or "ministry of <portfolio>".
_PORTFOLIOS_BEFORE = re.compile(rf"(?<![\w’'-])(?:{_PORTFOLIO}[ \t]+){{1,3}}$", re.IGNORECASE)
_OF_PORTFOLIO = re.compile(
    rf"[ \t]+of[ \t]+(?:the[ \t]+)?{_PORTFOLIO}(?:[ \t]+(?:and[ \t]+)?{_PORTFOLIO}){{0,2}}\b", re.IGNORECASE
)
_BODY_HEADS = ("ministry", "authority", "authorities", "department", "directorate")
# Armed men after a people ("Bedouin fighters") make a group; after a state ("Russian mercenaries") only its
# irregulars do, its army's words ("Russian troops") being the gazetteer's.
_ARMED_MEN = ("fighters", "militia", "militias", "militiamen", "gunmen", "tribesmen", "mercenaries", "paramilitaries")
_IRREGULARS_OF_A_STATE = frozenset({"mercenaries", "paramilitaries", "militia", "militias"})
_HEADS = (*_BODY_HEADS, "coalition", *_ARMED_MEN)
# Between the owner's name and the body: "’s ", "-run ", "-led ", or a space.
_LINK_BEFORE = re.compile(r"(?:['’]s[ \t]+|[-‐](?:run|controlled|led)[ \t]+|[ \t]+)$")
_WORD_BEFORE = re.compile(r"(?<![\w’'-])[A-Z][a-z]+$")
_OWNER_LABELS = frozenset({"Location", "Government", "Faction", "Community"})


def bodies_of_named_owners(
    text: str, mentions: list[Mention], gazetteer: Gazetteer, provisional: dict[str, Entity]
) -> list[Mention]:
    """``mentions`` (sorted) with each "<owner> <body>" made one mention of a provisional body, the owner being a
    mention of an actor or place, or a demonym ("the Malian defence ministry")."""
    lowered = text.lower()
    # Fast path: the head nouns are found with str.find (a regex over the whole text cost more than the rest of
    # entity recognition); most articles have a few, and only around those are the body's words read.
    spans = [span for head in _HEADS if head in lowered for span in _body_spans(text, lowered, head)]
    if not spans:
        return mentions
    by_end = {mention.end: mention for mention in mentions}
    bodies: list[Mention] = []
    for start, end, head in sorted(spans):
        link = _LINK_BEFORE.search(text, max(0, start - 12), start)
        if link is None or (head == "coalition" and not link.group().lstrip("-‐").startswith("led")):
            continue
        owner = _owner(text, link.start(), by_end.get(link.start()), gazetteer, provisional)
        if owner is None:
            continue
        owner_start, code, owner_label = owner
        armed = head in _ARMED_MEN
        if armed and not (
            link.group() == " "
            and (owner_label == "Community" or (owner_label == "Government" and head in _IRREGULARS_OF_A_STATE))
        ):
            continue
        name = text[owner_start:end]
        body = provisional_entity("Faction" if armed or head == "coalition" else "Government", name, provisional)
        if code:
            body.properties.setdefault("country", code)
        bodies.append(Mention(body.id, name, owner_start, end))
    if not bodies:
        return mentions
    kept = [m for m in mentions if not any(m.start < body.end and body.start < m.end for body in bodies)]
    return sorted(kept + bodies, key=START_END)


def _body_spans(text: str, lowered: str, head: str) -> list[tuple[int, int, str]]:
    """Where each whole-word ``head`` makes a body's words: (start, end, head)."""
    spans = []
    position = lowered.find(head)
    while position != -1:
        end = position + len(head)
        if (position == 0 or not lowered[position - 1].isalnum()) and not lowered[end : end + 1].isalnum():
            start = position
            if head in _BODY_HEADS:
                portfolios = _PORTFOLIOS_BEFORE.search(text, max(0, position - 50), position)
                of_portfolio = _OF_PORTFOLIO.match(text, end) if head == "ministry" else None
                if portfolios is not None:
                    start = portfolios.start()
                elif of_portfolio is not None:
                    end = of_portfolio.end()
                else:
                    start = -1
            if start != -1:
                spans.append((start, end, head))
        position = lowered.find(head, position + 1)
    return spans


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
