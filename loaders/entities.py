"""Find actors and places in an article: gazetteer names first, then unknown capitalised names as provisional ones.

The steps, each in its own module:

1. :mod:`loaders.gazetteer_matches`: gazetteer names, matched with one Aho-Corasick pass over the folded text (see
   :func:`loaders.gazetteer.fold`: case, diacritics, apostrophes and hyphens do not matter), on word boundaries,
   leftmost-longest. Each spelling has to pass its case rule (acronyms such as "US" or "AP" only as written; names
   capitalised), and village or neighbourhood names, which are often ordinary words too, need a place cue ("in X",
   "the village of X").
2. :mod:`loaders.country_scope`: world towns without a place cue and local aliases ("rebels", "the army") are kept
   only where the article is about their country.
3. :mod:`loaders.gazetteer_resolution`: where one spelling names several entities, context decides: "in Turkey" is
   the country, "Turkey backed" the government; Syrian place names are always places; among places of the same
   name, the one whose governorate the article mentions wins. A place said to lie elsewhere ("Al-Qusour, the
   neighbourhood of Banyas", while the gazetteer's Al Qusur is in Damascus) becomes a provisional place of its own.
4. :mod:`loaders.defined_names`: every spelling of a name the article defines ("Rapid Support Forces (RSF)") names
   one actor.
5. :mod:`loaders.unknown_names`: capitalised names outside the gazetteer become provisional entities
   (``provisional=True``, ids with a ``~``: ``person/~hala-mansour``), their label guessed from their words and
   context: titles and "X said" → Person; Agency, Ministry, Front, Brigade → Organization, Outlet, Government,
   Faction; "in X", "the village of X" → Location. A later surname alone ("Mansour") refers to the person named in
   full before.

6. :mod:`loaders.government_bodies`: "Lebanon's Health Ministry", "Hamas health authorities", "the Saudi-led
   coalition" are one body each, of the country or group named first.
7. An office written before a person's name ("US President Donald Trump") is that person's role, not an actor.

The words and cues these steps share are in :mod:`loaders.name_cues`.
"""

from __future__ import annotations

import itertools
from operator import attrgetter

from loaders.country_scope import in_article_scope
from loaders.defined_names import defined_names
from loaders.definitions import find_definitions
from loaders.gazetteer import Gazetteer, fold
from loaders.gazetteer_matches import gazetteer_matches, inside_longer_names
from loaders.gazetteer_resolution import resolve_matches
from loaders.government_bodies import bodies_of_named_owners
from loaders.name_cues import PROVISIONAL_MARK, START_END, TITLES
from loaders.place_parts import place_parts
from loaders.records import Entity, Mention
from loaders.unknown_names import unknown_names

_ENTITY_ID = attrgetter("entity_id")


def find_mentions(text: str, gazetteer: Gazetteer) -> tuple[list[Mention], dict[str, Entity]]:
    """Every actor and place named in ``text``, in text order, and the entities they refer to.

    Offsets are exact (``text[m.start:m.end] == m.alias``). Names outside the gazetteer come back as provisional
    entities (``Entity.provisional``), with ids marked ``~`` so they never collide with gazetteer ids.
    """
    if not text:
        return [], {}
    folded = fold(text)
    chosen, pending = gazetteer_matches(text, folded, gazetteer)
    matches = inside_longer_names(text, in_article_scope(chosen, pending, gazetteer))
    mentions, provisional = resolve_matches(text, matches, gazetteer)
    mentions = place_parts(text, mentions, gazetteer)
    definitions = find_definitions(text)
    if definitions:
        mentions = defined_names(text, mentions, definitions, gazetteer, provisional)
    mentions += unknown_names(text, mentions, gazetteer, provisional)
    mentions.sort(key=START_END)
    mentions = bodies_of_named_owners(text, mentions, gazetteer, provisional)
    mentions = _offices_before_names(mentions, gazetteer)
    entities: dict[str, Entity] = {}
    for entity_id in dict.fromkeys(map(_ENTITY_ID, mentions)):  # each id once, in text order, without a loop here
        entity = provisional.get(entity_id) or gazetteer.get(entity_id)
        if entity is not None:
            entities[entity_id] = entity
    return mentions, entities


def _offices_before_names(mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """An office written right before a person's name ("US President Donald Trump") is that person's role, not a
    second actor: the office's holder of another year or country must not enter the article through it."""
    dropped = [
        index
        for index, (mention, following) in enumerate(itertools.pairwise(mentions))
        if following.start == mention.end + 1
        and _is_office(mention.entity_id, gazetteer)
        and _is_person(following.entity_id, gazetteer)
    ]
    if not dropped:
        return mentions
    skip = set(dropped)
    return [mention for index, mention in enumerate(mentions) if index not in skip]


def _is_office(entity_id: str, gazetteer: Gazetteer) -> bool:
    """A gazetteer person named by a title: an office ("President of the United States"), not one holder."""
    entity = gazetteer.get(entity_id) if entity_id.startswith("person/") else None
    return entity is not None and entity.name.split(" ", 1)[0].lower() in TITLES


def _is_person(entity_id: str, gazetteer: Gazetteer) -> bool:
    return entity_id.startswith("person/") and not _is_office(entity_id, gazetteer)


__all__ = ["PROVISIONAL_MARK", "find_mentions"]
