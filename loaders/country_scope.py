"""Scope by the article's countries: a world town named without a place cue, and a local alias ("rebels", "the
army", "state media"), count only where the article is about their country."""

from __future__ import annotations

from loaders.gazetteer import AliasEntry, Gazetteer
from loaders.gazetteer_matches import Match
from loaders.name_cues import START_END


def in_article_scope(chosen: list[Match], pending: list[Match], gazetteer: Gazetteer) -> list[Match]:
    """The gazetteer matches that hold in this article: the world towns of ``pending`` whose country it names added,
    the local aliases of countries it is not about dropped (or read as the next entity of that spelling)."""
    if pending:
        chosen = _towns_of_named_countries(chosen, pending, gazetteer)
    if gazetteer.has_local_aliases:
        chosen = _in_scope(chosen, gazetteer)
    return chosen


def _article_countries(chosen: list[Match], gazetteer: Gazetteer) -> dict[str, int]:
    """The countries an article is about, with how often it names them: those of the places it names, and of the
    actors it names by a name of their own (not by a local alias such as "rebels")."""
    countries: dict[str, int] = {}
    for match in chosen:
        entry = match.entries[0]
        if entry.scope:
            continue
        entity = gazetteer.entities[entry.entity_id]
        if entry.label == "Location":
            country = entity.properties.get("country")
            if isinstance(country, str):
                countries[country] = countries.get(country, 0) + 1
        else:
            for country in gazetteer.scope_of(entry.entity_id):
                countries[country] = countries.get(country, 0) + 1
    return countries


# A spelling that is a local alias of more countries' actors than this is a word for every country's ("the army").
# (The rank cannot tell: every local alias is ranked as a curated one, see loaders.alias_index.)
_FEW_COUNTRIES = 5


def _in_scope(chosen: list[Match], gazetteer: Gazetteer) -> list[Match]:
    """Local aliases ("rebels", "state media") only where the article is about their entity's country; elsewhere
    the words stay generic, and the next entity of that spelling (if any) is meant."""
    if not any(entry.scope for match in chosen for entry in match.entries):
        return chosen
    countries = _article_countries(chosen, gazetteer)
    top = max(countries.values(), default=0)
    kept: list[Match] = []
    for match in chosen:
        entries = match.entries
        if any(entry.scope for entry in entries):
            every_country = sum(1 for entry in entries if entry.scope) > _FEW_COUNTRIES
            # Each entry weighed once: a word for every country's army has some 250 entries.
            weighed = [(_weight(entry, countries, top, every_country), entry) for entry in entries]
            weighed = [(weight, entry) for weight, entry in weighed if weight or not entry.scope]
            if not weighed:
                continue
            # "the army" in a story about two countries: the army of the one it names most.
            weighed.sort(key=_by_weight_then_rank)
            match = match._replace(entries=tuple(entry for _, entry in weighed))
        kept.append(match)
    return kept


def _weight(entry: AliasEntry, countries: dict[str, int], top: int, every_country: bool) -> int:
    """How strongly the article's countries call for a scoped entry: how often it names the entry's country.
    Words given to every country's government or army ("the army", "the authorities") need the article's main
    country; a local alias of one actor ("rebels" in Syria) needs only a mention of its country."""
    found = 0
    for country in entry.scope:
        count = countries.get(country, 0)
        if count > found:
            found = count
    return found if found == top or not every_country else 0


def _by_weight_then_rank(pair: tuple[int, AliasEntry]) -> tuple[int, int]:
    return -pair[0], -pair[1].rank


def _towns_of_named_countries(chosen: list[Match], pending: list[Match], gazetteer: Gazetteer) -> list[Match]:
    """World towns named without a place cue, kept where the article's other places put it in their country:
    "Kramatorsk" beside "Ukraine" or "Donetsk" is the town; "Most" or "Van" in a story about Congo is a word."""
    countries = {
        gazetteer.entities[entry.entity_id].properties.get("country")
        for match in chosen
        for entry in match.entries[:1]
        if entry.label == "Location"
    }
    kept = list(chosen)
    for match in pending:
        entries = tuple(
            entry
            for entry in match.entries
            if gazetteer.entities[entry.entity_id].properties.get("country") in countries
        )
        if not entries:
            continue
        overlapping = [other for other in kept if other.start < match.end and match.start < other.end]
        home = {gazetteer.entities[entry.entity_id].properties.get("country") for entry in entries}
        if all(_inner_place(other, match, home, gazetteer) for other in overlapping):
            # "Gaza City" over the "Gaza" it contains: the longer name of the same country is the place meant.
            kept = [other for other in kept if other not in overlapping]
            kept.append(match._replace(entries=entries))
    kept.sort(key=START_END)
    return kept


def _inner_place(inner: Match, outer: Match, countries: set[object], gazetteer: Gazetteer) -> bool:
    """Whether ``inner`` lies inside ``outer`` and names a place of one of ``countries``."""
    entry = inner.entries[0]
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and entry.label == "Location"
        and gazetteer.entities[entry.entity_id].properties.get("country") in countries
    )
