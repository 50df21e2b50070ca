"""Find actors and places in an article: gazetteer names first, then unknown capitalised names as provisional ones.

Gazetteer names are matched with one Aho-Corasick pass over the folded text (see :func:`loaders.gazetteer.fold`:
case, diacritics, apostrophes and hyphens do not matter), on word boundaries, leftmost-longest. Each spelling then
has to pass its case rule (acronyms such as "US" or "AP" only as written; names capitalised), and village or
neighbourhood names, which are often ordinary words too, need a place cue ("in X", "the village of X").

Where one spelling names several entities, context decides: "in Turkey" is the country, "Turkey backed" the
government; Syrian place names are always places; among places of the same name, the one whose governorate the
article mentions wins. A place said to lie elsewhere ("Al-Qusour, the neighbourhood of Banyas", while the
gazetteer's Al Qusur is in Damascus) becomes a provisional place of its own.

Capitalised names outside the gazetteer become provisional entities (``provisional=True``, ids with a ``~``:
``person/~hala-mansour``), their label guessed from their words and context: titles and "X said" → Person; Agency,
Ministry, Front, Brigade → Organization, Outlet, Government, Faction; "in X", "the village of X" → Location.
A later surname alone ("Mansour") refers to the person named in full before.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from loaders.definitions import Definition, find_definitions, occurrences
from loaders.gazetteer import (
    CURATED_RANK,
    AliasEntry,
    Gazetteer,
    alias_key,
    fold,
    slugify,
)
from loaders.records import Entity, Mention
from loaders.text import SpanSet

PROVISIONAL_MARK = "~"
WORLD_TOWN_PREFIX = "location/geonames/"  # places outside Syria from GeoNames (see scripts/build_gazetteer.py)
# A world region's bare name needs its country in the article even after "in": region names are shared with seas,
# rivers and historical lands ("in the Red Sea", "in Darfur"). "Donetsk region", "Kachin State" need nothing more.
WORLD_REGION_PREFIX = "location/geonames/region/"
_START_END = attrgetter("start", "end")
_ENTITY_ID = attrgetter("entity_id")

_UPPER = "A-Z" + "".join(chr(code) for code in range(0xC0, 0x250) if chr(code).isupper())
_NAME_CHARS = r"[\w’'\-]"
_PARTICLE = r"(?:al|el|as|ash|ad|ar|at|az|an|ul)[-‐]"
_TOKEN = rf"(?:{_PARTICLE})?[{_UPPER}]{_NAME_CHARS}*"
_CONNECTOR = r"(?:of|for|the|de|bin|ibn|al|el|la|le|du|van|von|der|den|da|del)"
# A run of capitalised words. It starts at a capital (no look-behind or optional prefix: those make the scan of a
# whole article several times slower); a capital inside a word is skipped afterwards.
_RUN = re.compile(rf"[{_UPPER}]{_NAME_CHARS}*(?:[ \t]+(?:{_CONNECTOR}[ \t]+){{0,2}}{_TOKEN})*")
_TOKEN_RE = re.compile(_TOKEN)
_PARTICLE_BEFORE = re.compile(rf"(?<![\w’']){_PARTICLE}$", re.IGNORECASE)

# Places: a cue before a village or neighbourhood name (see _place_cue), or a kind word after it.
_PLACE_KIND_AFTER = re.compile(
    r"[\W_]{0,2}(?:(?:displacement|refugee|idp|displaced|border|detention|military|army)[ \t]+)?"
    r"(village|town|city|neighbou?rhood|suburb|district|province|governorate|countryside|area|region|state|"
    r"camps?|square|street|mountains?|valley|plain|crossing|airport|air ?base|prison|river|heights)\b",
    re.IGNORECASE,
)
# "X, the Alawite neighbourhood of Y" / "X in Y": Y contains X.
_CONTAINED_IN = re.compile(
    r"^(?:,?[ \t]+(?:an?|the)[ \t]+(?:[\w’'\-]+[ \t]+){0,3}?(?:neighbou?rhood|village|town|suburb|district|area|quarter)"
    r"[ \t]+(?:of|in)|[ \t]+in)[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
_SPEECH_AFTER = re.compile(
    r"^(?:[’']s)?(?:,[^,.;]{1,80},)?[ \t]+(?:has[ \t]+|had[ \t]+|also[ \t]+)?(?:said|says|told|tells|added|announced|"
    r"stated|reported|reports|claimed|claims|wrote|noted|stressed|explained|confirmed|insisted|warned|tweeted|posted|"
    r"argued|alleged|denied|accused|called|urged|described|emphasi[sz]ed|believes|reminds|predicts)\b",
)
# A country acting: the verb right after its name ("Ukraine said", "Rwanda has denied", "Israel struck").
_AGENT_AFTER = re.compile(
    r"[ \t]+(?:has[ \t]+|had[ \t]+|have[ \t]+|also[ \t]+|has[ \t]+also[ \t]+|would[ \t]+|will[ \t]+)?(?:said|says|"
    r"told|announced|stated|claimed|claims|denied|denies|accused|accuses|blamed|blames|rejected|rejects|condemned|"
    r"condemns|warned|warns|urged|urges|called|calls|confirmed|insisted|launched|struck|strikes|attacked|attacks|"
    r"backed|backs|supports|supported|sent|deployed|responded|vowed|pledged|demanded|threatened|admitted|"
    r"acknowledged|reported|recognised|recognized|agreed|signed)\b"
)
_WORD_AFTER = re.compile(rf" ([{_UPPER}][\w’'\-]*)")
_OUTLET_AFTER = re.compile(
    r"^[ \t]+(?:news[ \t]+(?:site|agency|outlet|website|channel)|newspaper|daily|website|channel)\b"
)
_NAME_WORD = re.compile(r"[\w’'\-]+")
_PERSON_AFTER = re.compile(r"^(?:[’']s)?,[ \t]+(?:who\b|an?[ \t]+|the[ \t]+(?:head|leader|director|spokes|commander))")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_CONNECTOR_WORDS = _words("of for the de bin ibn al el la le du van von der den da del")
# Names of events, not of actors or places ("Arab Spring", "Operation Olive Branch", "Astana talks").
_EVENT_WORDS = _words(
    "spring war revolution uprising crisis conference summit talks agreement accord process festival operation "
    "offensive day games award prize ceasefire truce initiative plan resolution"
)
# Ordinary words of war reporting. Headlines capitalise them ("Syrian Town Kills", "Car Bomb Attack"), and a run
# made mostly of them is no name. Inflected forms are reduced to these (kills, killed, killing → kill).
_NEWS_WORDS = _words(
    "kill attack strike bomb bombing bombard bombardment blast explosion explode shell shelling mortar missile rocket "
    "raid airstrike clash fight fighting battle siege besiege capture retake regain seize liberate liberation "
    "advance push repel target hit hurt wound injure die dead death toll victim civilian child woman man men women "
    "people resident local displace flee evacuate evacuee convoy aid deal talk meet visit say warn urge call vow "
    "plan launch deploy send withdraw escalate erupt resume continue intensify commit massacre accuse deny condemn "
    "claim report confirm town city village area suburb border checkpoint airport road highway car truck vehicle "
    "jet plane warplane helicopter drone gas chemical weapon arm troop soldier fighter militant terrorist jihadist "
    "suicide bomber heavy more several dozen score hundred thousand near amid after over against into from close "
    "come need pure topic share print tweet view bulletin english arabic today yesterday violence onslaught ally "
    "allies fire gunfire sniper operation victory defeat win lose control recapture besieged residential housing "
    "project hospital school market mosque church bakery camp refugee crisis humanitarian new latest breaking live "
    "update video photo watch read exclusive analysis opinion interview source official officials security"
)


@lru_cache(maxsize=8192)  # a pure function of a word, asked about the same words in every article
def _news_word(lowered: str) -> bool:
    """True for an ordinary war-reporting word in any common inflection."""
    if lowered in _NEWS_WORDS:
        return True
    for suffix, replacement in (
        ("s", ""),
        ("es", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ies", "y"),
    ):
        if lowered.endswith(suffix) and lowered[: -len(suffix)] + replacement in _NEWS_WORDS:
            return True
    return False


def _headline_word(lowered: str) -> bool:
    """An ordinary word that no name starts or ends with ("News" may end one: "Levant Daily News")."""
    return lowered not in _ALL_HEADS and _news_word(lowered)


# The first word of many Syrian place names: "Kafr Nabl", "Tal Tamr", "Deir Hafer", "Bani Zeid".
_PLACE_PREFIXES = _words(
    "kafr kfar kafar tal tel tell deir dayr beit bayt ain ein ayn jabal jebel jabel khirbet kherbet kherbat khirbat "
    "ras bab maarat maaret maarrat qasr bir wadi hawsh hosh bani beni khan jisr marj sheikh hay harat tall qarit "
    "qaryat mazraat arab"
)


_OUTLET_HEADS = _words(
    "news times post press tv television radio channel daily gazette herald tribune journal express media magazine "
    "newspaper chronicle review telegraph broadcasting"
)
_GOVERNMENT_HEADS = _words("ministry presidency government parliament cabinet embassy consulate municipality")
_FACTION_HEADS = _words(
    "front brigade brigades army forces battalion battalions movement militia militias legion division regiment corps "
    "jaish jaysh liwa katiba ahrar harakat faylaq failaq guard guards shield units"
)
_ORG_HEADS = _words(
    "agency council committee commission observatory network center centre organization organisation foundation "
    "association union office institute department authority administration court party university bank company "
    "group society federation fund programme program coalition league directorate command mission hospital school "
    "initiative campaign alliance syndicate bureau academy trust senate parliament assembly faculty"
)
_PLACE_HEADS = _words(
    "square street road mountains mountain river valley plain base airport airbase prison camp crossing bridge "
    "heights gate dam lake district neighbourhood neighborhood village province governorate countryside highway "
    "roundabout quarter island bay sea desert port harbour harbor refinery stadium citadel museum station"
)
_BODY_HEADS = _words("forces army government")
_COMPASS = _words("north south east west northern southern eastern western upper lower central")
_ALL_HEADS = _OUTLET_HEADS | _GOVERNMENT_HEADS | _FACTION_HEADS | _ORG_HEADS | _PLACE_HEADS
_TITLES = _words(
    "president minister prime foreign defense defence interior deputy secretary state chief staff general gen lt "
    "col colonel major captain dr mr mrs ms prof sheikh imam father bishop patriarch judge king queen prince emir "
    "sultan ambassador envoy senator governor mayor commander brigadier spokesman spokeswoman chancellor premier "
    "journalist activist witness eyewitness resident doctor high commissioner special representative director "
    "head leader interim former late lieutenant sergeant corporal marshal admiral adviser advisor rapporteur "
    "coordinator director-general secretary-general under-secretary-general lieutenant-general major-general "
    "lieutenant-colonel brigadier-general vice regional acting"
)
# The second half of a hyphenated adjective: "Ukrainian-held", "Czech-made", "Houthi-run" describe, they do not name.
_ADJECTIVE_TAILS = (
    "-held", "-made", "-run", "-led", "-backed", "-based", "-controlled", "-linked", "-aligned", "-affiliated",
    "-born", "-style", "-owned", "-allied", "-funded", "-armed", "-supported", "-dominated",
)  # fmt: skip
_NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
)
_CALENDAR = _words(
    "january february march april may june july august september october november december jan feb mar apr jun jul "
    "aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays "
    "thursdays fridays saturdays sundays"
)
_NOT_NAMES = _words(
    "the a an in on at of for to from by with and but or nor so yet as if when while after before since until "
    "during despite instead meanwhile however although though because also even only just still already "
    "he she it we they i you his her its our their my your this that these those there here who what which where "
    "why how some many most several few all both each every other another such one two three four five six seven "
    "eight nine ten dozens hundreds thousands no not more less last next first second third new old "
    "among like unlike following according amid around over under about against between within without "
    "reports report videos video footage photos images local security civilians survivors witnesses officials "
    "sources executions similarly noticeably moreover furthermore indeed yes read follow click watch share comment "
    "editing source date updated published get subscribe copyright related tags latest more photo image "
    "god allah islam internet twitter facebook telegram instagram youtube whatsapp tiktok x url gmt pm am "
    "please see do does did is are was were be been being has have had will would can could should may might must "
    "let our western eastern northern southern central middle asian european african islamic jewish salafi "
    "international national regional global human humanitarian regime government army forces war state "
    "terrorist terrorists suicide killed injured wounded dead death toll people group groups says said "
    "breaking exclusive update live analysis opinion editorial feature interview video"
)
_STOP_OR_CALENDAR = _NOT_NAMES | _CALENDAR
_ADJECTIVES = _words(
    "northeastern northwestern southeastern southwestern greater downtown rural upper lower besieged rebel-held "
    "central asian middle eastern western northern southern european african islamic jewish salafi sunni shia "
    "shiite arab arabic kurdish alawite druze christian muslim syrian russian turkish iranian israeli american "
    "british french german saudi qatari emirati lebanese jordanian iraqi egyptian chinese foreign international "
    "civil holy grand great"
)

# Context is read from the few words before a name (faster than end-anchored regexes, which the engine tries at
# every position of the window).
_PREPOSITIONS = _words("in near at from to into outside around toward towards across through inside via between")
_PLACE_NOUNS = _words(
    "village villages town towns city capital neighbourhood neighborhood neighbourhoods neighborhoods suburb suburbs district "
    "districts area areas countryside outskirts region camp province governorate hometown community city"
)
_SPATIAL = _words("in into to from across inside throughout within near toward towards outside entered fled visited")
_LOCATION_PREPOSITIONS = _words("in near at outside into from")
_PERSON_CUES = _words(
    "journalist activist writer spokesman spokeswoman spokesperson commander doctor dr mr mrs ms prof president "
    "minister general gen lt col colonel sheikh imam father bishop resident witness eyewitness envoy ambassador "
    "official analyst researcher director chief head leader governor mayor named opponent dissident survivor lawyer "
    "judge king prince emir senator correspondent reporter photographer cleric preacher brother sister son daughter "
    "wife husband mother"
)
_SPEECH_CUES = _words("told said says quoted quoting citing interviewed")
_OPENERS = ' \t"“”‘’(['


def _words_before(text: str, start: int) -> list[str]:
    """Up to three words right before ``start``, lower case, punctuation kept ("province," is no cue); a leading
    "the" is skipped ("in the village of")."""
    particle = _PARTICLE_BEFORE.search(text, max(0, start - 4), start) if text[start - 1 : start] in "-‐" else None
    if particle:
        start = particle.start()  # "at al-Marjeh": the words before "al-"
    if start == 0 or not text[start - 1].isspace():
        return []
    words = text[max(0, start - 40) : start].lower().split()[-4:]
    if words and words[-1] == "the":
        words.pop()
    return [word.rstrip(".") if word.endswith(".") and len(word) <= 4 else word for word in words[-3:]]


def _place_cue_before(words: list[str]) -> bool:
    if not words:
        return False
    if words[-1] == "of":  # "the village of X", not "one of X"
        return len(words) >= 2 and words[-2] in _PLACE_NOUNS
    return words[-1] in _PREPOSITIONS or words[-1] in _PLACE_NOUNS


def _person_cue_before(words: list[str]) -> bool:
    return bool(words) and (words[-1] in _PERSON_CUES or words[-2:] == ["identified", "as"])


def _speech_cue_before(words: list[str]) -> bool:
    if not words:
        return False
    return words[-1] in _SPEECH_CUES or words[-2:] in (["according", "to"], ["cited", "by"], ["speaking", "to"])


def _sentence_initial(text: str, start: int) -> bool:
    """True at the start of a text, a sentence, a line or a quotation."""
    index = start - 1
    while index >= 0 and text[index] in _OPENERS:
        if text[index] in '"“‘([':
            return True
        index -= 1
    return index < 0 or text[index] in ".!?:;\n—–" or (text[index] == "-" and text[index + 1 : index + 2] == " ")


class _Match(NamedTuple):
    start: int
    end: int
    entries: tuple[AliasEntry, ...]
    key: str  # the folded spelling that matched


def find_mentions(text: str, gazetteer: Gazetteer) -> tuple[list[Mention], dict[str, Entity]]:
    """Every actor and place named in ``text``, in text order, and the entities they refer to.

    Offsets are exact (``text[m.start:m.end] == m.alias``). Names outside the gazetteer come back as provisional
    entities (``Entity.provisional``), with ids marked ``~`` so they never collide with gazetteer ids.
    """
    if not text:
        return [], {}
    folded = fold(text)
    matches = _gazetteer_matches(text, folded, gazetteer)
    mentions, provisional = _resolve_matches(text, matches, gazetteer)
    definitions = find_definitions(text)
    if definitions:
        mentions = _defined_names(text, mentions, definitions, gazetteer, provisional)
    mentions += _unknown_names(text, mentions, gazetteer, provisional)
    mentions.sort(key=_START_END)
    entities: dict[str, Entity] = {}
    for entity_id in dict.fromkeys(map(_ENTITY_ID, mentions)):  # each id once, in text order, without a loop here
        entity = provisional.get(entity_id) or gazetteer.get(entity_id)
        if entity is not None:
            entities[entity_id] = entity
    return mentions, entities


# ----------------------------------------------------------------------------------------------- gazetteer names
def _gazetteer_matches(text: str, folded: str, gazetteer: Gazetteer) -> list[_Match]:
    """Leftmost-longest gazetteer matches on word boundaries whose case rule and place cue hold."""
    # Texts whose punctuation was stripped write possessives without apostrophes ("Assads"); elsewhere a trailing
    # s makes another word ("Frances").
    bare_possessives = "'s" not in text and "’s" not in text
    hits: list[tuple[int, int, str]] = []  # (start, -end, key)
    append = hits.append
    padded = f" {folded} "
    # The automaton matches whole words only (its keys are padded with spaces), so no hit needs checking here.
    if bare_possessives:
        for last, found in gazetteer.word_automaton(possessives=True).iter(padded):
            for back_start, tail, key in found:
                append((last - back_start, tail - last, key))
    else:
        for last, (back_start, tail, key) in gazetteer.word_automaton().iter(padded):
            append((last - back_start, tail - last, key))
    hits.sort()
    chosen: list[_Match] = []
    pending: list[_Match] = []  # world towns without a place cue: kept if the article names their country
    last_end = -1
    remembered, entries_as_written = gazetteer.written_entries, gazetteer.entries_as_written
    new_match = tuple.__new__  # _Match(...) through its __new__ costs a Python call per match
    for start, negative_end, key in hits:
        if start < last_end:
            continue
        end = -negative_end
        written = text[start:end]
        strong, weak = remembered.get(written) or entries_as_written(written)
        if not strong:
            if not weak:
                continue
            if not _place_cue(text, start, end) or weak[0].entity_id.startswith(WORLD_REGION_PREFIX):
                if weak[0].entity_id.startswith(WORLD_TOWN_PREFIX):
                    pending.append(new_match(_Match, (start, end, weak, key)))
                continue
            strong = weak
        if text[end : end + 1] == "." and strong[0].alias.endswith("."):
            end += 1  # "U.N." keeps its last period
        chosen.append(new_match(_Match, (start, end, strong, key)))
        last_end = end
    if pending:
        chosen = _towns_of_named_countries(chosen, pending, gazetteer)
    if gazetteer.has_local_aliases:
        chosen = _in_scope(chosen, gazetteer)
    return _inside_longer_names(text, chosen)


def _article_countries(chosen: list[_Match], gazetteer: Gazetteer) -> dict[str, int]:
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


def _in_scope(chosen: list[_Match], gazetteer: Gazetteer) -> list[_Match]:
    """Local aliases ("rebels", "state media") only where the article is about their entity's country; elsewhere
    the words stay generic, and the next entity of that spelling (if any) is meant."""
    if not any(entry.scope for match in chosen for entry in match.entries):
        return chosen
    countries = _article_countries(chosen, gazetteer)
    top = max(countries.values(), default=0)

    def weight(entry: AliasEntry) -> int:
        found = max((countries.get(country, 0) for country in entry.scope), default=0)
        # Words given to every country's government or army ("the army") need the article's main country;
        # a curated local alias needs only a mention of its country.
        return found if entry.rank >= CURATED_RANK or found == top else 0

    kept: list[_Match] = []
    for match in chosen:
        entries = match.entries
        if any(entry.scope for entry in entries):
            entries = tuple(entry for entry in entries if not entry.scope or weight(entry))
            if not entries:
                continue
            # "the army" in a story about two countries: the army of the one it names most.
            entries = tuple(sorted(entries, key=lambda entry: (-weight(entry), -entry.rank)))
            match = match._replace(entries=entries)
        kept.append(match)
    return kept


def _towns_of_named_countries(chosen: list[_Match], pending: list[_Match], gazetteer: Gazetteer) -> list[_Match]:
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
        if entries and not any(other.start < match.end and match.start < other.end for other in kept):
            kept.append(match._replace(entries=entries))
    kept.sort(key=_START_END)
    return kept


def _inside_longer_names(text: str, chosen: list[_Match]) -> list[_Match]:
    """Drop a one-word place or demonym that is only part of a longer unknown name: "Ein Zarqa" (not Zarqa in
    Jordan), "Damascus University", "the Syrian Committee for Missing Persons" (not Syria). The longer name is then
    classified as a whole."""
    kept: list[_Match] = []
    for index, match in enumerate(chosen):
        if " " not in match.key:
            following = chosen[index + 1].start if index + 1 < len(chosen) else -1
            entries = match.entries
            if entries[0].label == "Location" and (
                len(entries) == 1 or all(entry.label == "Location" or entry.metonym for entry in entries)
            ):
                word_start = _capitalised_word_before(text, match.start)
                if word_start is not None and (not kept or kept[-1].end <= word_start):
                    continue  # "Ein Zarqa"
                if following != match.end + 1 and _names_more_than_the_place(text, match):
                    continue  # "Damascus University", "Victoria Nuland"
            if match.key in _ADJECTIVES and following != match.end + 1 and _capitalised_word_after(text, match.end):
                continue  # "Syrian Committee for Missing Persons"
        kept.append(match)
    return kept


def _names_more_than_the_place(text: str, match: _Match) -> bool:
    """True if the capitalised word after a one-word place makes a longer name: an institution or site ("Damascus
    University", "Tartus Port"), or, for a place outside Syria, a person ("Victoria Nuland"). After a Syrian place a
    capitalised word is more often a headline's ("Aleppo Rises") or the place's kind ("Aleppo Neighborhood")."""
    word = _capitalised_word_after(text, match.end)
    if word is None or word in _PLACE_NOUNS:
        return False
    if word in _ALL_HEADS:
        return True
    return not any(entry.entity_id.startswith("location/sy/") for entry in match.entries)


def _capitalised_word_before(text: str, start: int) -> int | None:
    """Where the capitalised word right before ``start`` (one space apart) begins, if it can start a name."""
    if start < 2 or text[start - 1] != " " or not text[start - 2].isalpha():
        return None
    pieces = text[max(0, start - 30) : start - 1].rsplit(None, 1)
    written = pieces[-1] if pieces else ""
    if not written or not written[0].isupper() or not _NAME_WORD.fullmatch(written):
        return None
    word = written.lower()
    if word in _NOT_NAMES or word in _TITLES or word in _CALENDAR or word in _ADJECTIVES or word.endswith(("'s", "’s")):
        return None
    return None if _news_word(word) else start - 1 - len(written)


def _capitalised_word_after(text: str, end: int) -> str | None:
    """The capitalised word right after ``end`` (one space apart) if it can continue a name."""
    found = _WORD_AFTER.match(text, end)
    if not found:
        return None
    word = found.group(1).lower()
    if word in _NOT_NAMES or word in _TITLES or word in _CALENDAR or word in _ADJECTIVES or _news_word(word):
        return None
    return word


def _place_cue(text: str, start: int, end: int) -> bool:
    return _place_cue_before(_words_before(text, start)) or bool(_PLACE_KIND_AFTER.match(text, end, end + 30))


def _resolve_matches(text: str, matches: list[_Match], gazetteer: Gazetteer) -> tuple[list[Mention], dict[str, Entity]]:
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


# After a dateline's place: ", Syria", "(AP)", then a dash ("AMMAN -", "GENEVA (Reuters) —").
_DATELINE_AFTER = re.compile(r"(?:,[ \t]+[A-Z][\w .]{0,30}?)?(?:[ \t]*\([^)\n]{1,30}\))?[ \t]*[—–-][ \t]")


def _placed_not_acting(text: str, match: _Match) -> bool:
    """A name that places the story or someone, not an actor: the dateline at a line's start ("WASHINGTON -",
    "TEHRAN —"), or "X-based"."""
    start, end = match.start, match.end
    if text.startswith("-based", end) or text.startswith("‐based", end):
        return True
    at_line_start = start == 0 or text[start - 1] == "\n"
    return at_line_start and (text[start:end].isupper() or _DATELINE_AFTER.match(text, end) is not None)


def _pick(text: str, match: _Match, gazetteer: Gazetteer) -> tuple[str, list[str]]:
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
        before = _words_before(text, match.start)
        spatial = bool(before) and before[-1] in _SPATIAL
        if country == "SY" or spatial:
            return place.entity_id, []
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
            entity = _provisional_entity("Location", mention.alias, provisional)
            demoted[alias_key(mention.alias)] = entity.id
    if not demoted:
        return mentions, provisional
    return [
        Mention(demoted.get(alias_key(mention.alias), mention.entity_id), mention.alias, mention.start, mention.end)
        for mention in mentions
    ], provisional


# ----------------------------------------------------------------------------------------------- defined names
def _defined_names(
    text: str,
    mentions: list[Mention],
    definitions: list[Definition],
    gazetteer: Gazetteer,
    provisional: dict[str, Entity],
) -> list[Mention]:
    """Every spelling of a name the article defines ("Rapid Support Forces (RSF)", "M23 rebels") names one actor:
    the gazetteer's when it knows the full name (or the acronym for that full name), else a provisional one."""
    for definition in definitions:
        spans = occurrences(text, definition.acronym) + occurrences(text, definition.full)
        if not spans:
            continue
        near = _SortedSpans(spans)  # a long article has thousands of spans and mentions: no scan of all per pair
        entity_id = _defined_entity(text, mentions, definition, near, gazetteer, provisional)
        if entity_id is None:
            continue
        # A longer name around the spelling stays as it is, of this actor ("Turkish-backed Syrian National Army")
        # or another ("interim HTS government" is the government, not HTS).
        kept = [
            m
            for m in mentions
            if m.entity_id == entity_id
            or all(_outside_or_around(m, start, end) for start, end in near.overlapping(m.start, m.end))
        ]
        taken = SpanSet()
        for m in kept:
            taken.add(m.start, m.end)
        for start, end in spans:
            if not taken.overlaps(start, end):
                kept.append(Mention(entity_id, text[start:end], start, end))
                taken.add(start, end)
        mentions = kept
    mentions.sort(key=_START_END)
    return mentions


class _SortedSpans:
    """Spans ``(start, end)`` sorted by start, answering which of them overlap a range by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]
        self.longest = max((end - start for start, end in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that share a character with ``[start, end)``."""
        spans = self.spans[bisect_left(self.starts, start - self.longest + 1) : bisect_left(self.starts, end)]
        return [span for span in spans if span[1] > start]


def _outside_or_around(mention: Mention, start: int, end: int) -> bool:
    """Whether a mention leaves ``[start, end)`` alone or is a longer name containing it."""
    if mention.end <= start or end <= mention.start:
        return True
    return mention.start <= start and end <= mention.end and mention.end - mention.start > end - start


def _defined_entity(
    text: str,
    mentions: list[Mention],
    definition: Definition,
    spans: _SortedSpans,
    gazetteer: Gazetteer,
    provisional: dict[str, Entity],
) -> str | None:
    """The actor a definition names; None to leave the gazetteer's reading alone (an acronym it already knows
    and that no full name redefines)."""
    covered = [
        m for m in mentions for start, end in spans.overlapping(m.start, m.end) if m.start <= start and end <= m.end
    ]
    if not definition.full:
        if covered:
            return None  # "UN forces", "HTS fighters": the gazetteer knows them
        return _provisional_entity("Faction", definition.acronym, provisional, [definition.acronym]).id
    for entry in gazetteer.candidates(alias_key(definition.full)):
        if entry.label != "Location":
            return entry.entity_id  # "Sudanese Armed Forces (SAF)": the known army, now also "SAF"
    full_key = alias_key(definition.full)
    for mention in covered:
        entity = gazetteer.get(mention.entity_id)
        if entity is not None and entity.label != "Location" and full_key in _keys_of(entity):
            return mention.entity_id
    label = _defined_label(definition.full)
    return _provisional_entity(label, definition.full, provisional, [definition.acronym]).id


def _keys_of(entity: Entity) -> set[str]:
    return {alias_key(name) for name in (entity.name, *entity.aliases)}


def _defined_label(full: str) -> str:
    """The label of a defined name, from its words: Allied Democratic Forces → Faction, Ethiopian Human Rights
    Commission → Organization, Ministry of Health → Government."""
    lowered: list[str] = [str(word).lower() for word in _NAME_WORD.findall(full)]
    for word in lowered:
        if word in _OUTLET_HEADS:
            return "Outlet"
    for word in reversed(lowered):
        if word in _GOVERNMENT_HEADS:
            return "Government"
        if word in _FACTION_HEADS:
            return "Faction"
        if word in _ORG_HEADS:
            return "Organization"
    return "Organization"


# ----------------------------------------------------------------------------------------------- unknown names
def _unknown_names(
    text: str, known: list[Mention], gazetteer: Gazetteer, provisional: dict[str, Entity]
) -> list[Mention]:
    """Capitalised names outside the gazetteer, as provisional entities; surnames of people named before."""
    names = _PersonNames(gazetteer, text, known)
    found: list[Mention] = []
    position = 0
    # Only the text between gazetteer names is scanned: most capitalised words are gazetteer names. A gap without
    # a capital (most of them: " and ", "’s ") is passed over here, without a call.
    for mention in known:
        if mention.start > position:
            written = text[position : mention.start]
            # The checks of _classify_segment, inline: a call per gap costs more than they do.
            if not written.islower() and written.strip().lower() not in _STOP_OR_CALENDAR:
                found.extend(_segment_runs(text, position, mention.start, names, provisional))
        if mention.end > position:
            position = mention.end
    if len(text) > position:
        found.extend(_classify_segment(text, position, len(text), names, provisional))
    return found


def _classify_segment(
    text: str, start: int, end: int, names: _PersonNames, provisional: dict[str, Entity]
) -> list[Mention]:
    """The part of a capitalised run outside gazetteer names: each name in it, classified."""
    if start == end:
        return []
    written = text[start:end]
    if written.islower():
        return []  # what a name leaves of its run: "’s", " of the "
    if written.strip().lower() in _STOP_OR_CALENDAR:
        return []  # the commonest case, "The", "In", "Sunday": no need for the regex
    return _segment_runs(text, start, end, names, provisional)


def _segment_runs(
    text: str, start: int, end: int, names: _PersonNames, provisional: dict[str, Entity]
) -> list[Mention]:
    """The names in the capitalised runs of a segment that holds more than a stop word."""
    found = []
    for run in _RUN.finditer(text, start, end):
        if run.group().lower() in _STOP_OR_CALENDAR:
            continue  # the commonest run by far: "The", "In", "But", "Sunday"
        run_start = run.start()
        if run_start:
            previous = text[run_start - 1]
            if previous.isalnum() or previous == "_":
                continue  # a capital inside a word ("McDonald")
            if previous in "-‐":
                particle = _PARTICLE_BEFORE.search(text, max(start, run_start - 4), run_start)
                run_start = particle.start() if particle else run_start  # "al-Zuaiter"
        found.extend(_classify_run(text, run_start, run.end(), names, provisional))
    return found


# Past this many characters an article's tokens are split into a set once instead of searching the text per word.
_LONG_TEXT = 100_000


class _PersonNames:
    """Surnames (and, for provisional people, first names) of the people named so far in the article."""

    def __init__(self, gazetteer: Gazetteer, text: str, known: list[Mention]) -> None:
        self.gazetteer = gazetteer
        self._governorates: set[str] | None = None
        self._tokens: frozenset[str] | None = None
        self._text = text
        self._known = known
        self._registered = 0  # known mentions whose surnames are registered
        self._by_token: dict[str, str] = {}

    def _register_known(self, before: int) -> None:
        """Register the people the gazetteer found before ``before`` (only when a lone word needs it)."""
        known, registered, surnames = self._known, self._registered, self.gazetteer.surname_table
        while registered < len(known) and known[registered].end <= before:
            entity_id = known[registered].entity_id
            for word in surnames.get(entity_id, ()):
                self._by_token.setdefault(word, entity_id)
            registered += 1
        self._registered = registered

    def add_provisional(self, entity: Entity, words: list[str]) -> None:
        if len(words) >= 2:
            self._by_token.setdefault(words[-1], entity.id)
            self._by_token.setdefault(words[0], entity.id)

    def get(self, word: str, position: int) -> str | None:
        """The person a lone name at ``position`` refers to, if someone of that name was named before."""
        self._register_known(position)
        return self._by_token.get(alias_key(word))

    @property
    def governorates(self) -> set[str]:
        """The governorates of the places the gazetteer found in the text."""
        if self._governorates is None:
            found = {self.gazetteer.governorate(mention.entity_id) for mention in self._known}
            self._governorates = {place for place in found if place}
        return self._governorates

    def used_in_lower_case(self, word: str) -> bool:
        """True if the article writes ``word`` in lower case somewhere: an ordinary word, not a name.

        That is, some whitespace-separated token of the text is ``word`` itself or ``word`` followed by one of
        , . ; : ) ’s 's. The text is searched for ``word`` (str.find, at memory speed) rather than split into a set
        of tokens: an article asks a few dozen times, and splitting and hashing its thousand tokens costs more.
        """
        if not word or any(char.isspace() for char in word):
            return self._token_lookup(word)  # odd words (never a token's start) keep the plain definition
        if self._tokens is not None or len(self._text) > _LONG_TEXT:
            return self._token_lookup(word)  # a long text asks thousands of times: one token set, not a scan each
        text = self._text
        size, length = len(word), len(text)
        position = text.find(word)
        while position != -1:
            if position == 0 or text[position - 1].isspace():
                after = position + size
                if after == length or text[after].isspace():
                    return True
                mark = text[after]
                following = -1
                if mark in ",.;:)":
                    following = after + 1
                elif mark in "’'" and text.startswith("s", after + 1):
                    following = after + 2
                if following != -1 and (following == length or text[following].isspace()):
                    return True
            position = text.find(word, position + 1)
        return False

    def _token_lookup(self, word: str) -> bool:
        if self._tokens is None:
            self._tokens = frozenset(self._text.split())
        tokens = self._tokens
        for after in ("", ",", ".", ";", ":", ")", "’s", "'s"):  # noqa: SIM110  (no generator to set up per call)
            if word + after in tokens:
                return True
        return False


def _name_words(name: str) -> list[str]:
    return [word for word in alias_key(name).split() if word not in ("al", "el", "bin", "ibn", "abu", "de")]


def _classify_run(
    text: str, start: int, end: int, names: _PersonNames, provisional: dict[str, Entity]
) -> list[Mention]:
    """The names in one capitalised run, as mentions."""
    found = []
    for group, title_before in _name_groups(text, start, end, names):
        mention = _classify_group(text, group, title_before, names, provisional)
        if mention is not None:
            found.append(mention)
    return found


def _name_groups(text: str, start: int, end: int, names: _PersonNames) -> Iterable[tuple[list[tuple[int, int]], bool]]:
    """The candidate names in a run: its tokens split at stop words, titles, dates and numbers ("Sudanese President
    Bashir" → "Bashir", after a title)."""
    group: list[tuple[int, int]] = []
    title_before = False
    for token in _TOKEN_RE.finditer(text, start, end):
        word = _bare(token.group())
        lowered = word.lower()
        if lowered in _TITLES:
            if group:
                yield group, title_before
            group, title_before = [], True
        elif (not group and _not_a_name(text, token.start(), word, lowered, names)) or (
            group
            and (lowered in _STOP_OR_CALENDAR or any(map(str.isdigit, word)))
            and lowered not in _BODY_HEADS  # "Rapid Support Forces", "Kachin Independence Army" go on
        ):
            if group:
                yield group, title_before
                title_before = False
            group = []
        else:
            group.append((token.start(), token.start() + len(word)))
    if group:
        yield group, title_before


def _classify_group(
    text: str, tokens: list[tuple[int, int]], title_before: bool, names: _PersonNames, provisional: dict[str, Entity]
) -> Mention | None:
    # "Students of Damascus University": a sentence-initial word joined by "of" is no part of the name, unless it
    # is the name's head ("Ministry of Defence", "Army of Conquest").
    if (
        len(tokens) >= 2
        and text[tokens[0][1] : tokens[1][0]].strip() in ("of", "for")
        and text[tokens[0][0] : tokens[0][1]].lower() not in _ALL_HEADS
        and _sentence_initial(text, tokens[0][0])
    ):
        tokens = tokens[1:]
    # Headline words around a name ("Liberate Raqqa", "Muhammad Maarouf Explosion") are not part of it.
    while tokens and _headline_word(text[tokens[0][0] : tokens[0][1]].lower()):
        tokens = tokens[1:]
    while len(tokens) > 1 and _headline_word(text[tokens[-1][0] : tokens[-1][1]].lower()):
        tokens = tokens[:-1]
    if not tokens:
        return None
    start, end = tokens[0][0], tokens[-1][1]
    name = text[start:end]
    words = [text[token_start:token_end] for token_start, token_end in tokens]
    lowered_words = [word.lower() for word in words]
    if all(word in _ADJECTIVES for word in lowered_words) or any(word in _EVENT_WORDS for word in lowered_words):
        return None
    before = _words_before(text, start)
    after = text[end : end + 120]
    if len(words) == 1:
        place = provisional.get(f"location/{PROVISIONAL_MARK}{slugify(name)}")
        entity_id = place.id if place is not None else names.get(name, start)
        if entity_id:
            return Mention(entity_id, name, start, end)  # "Darfur" again, or "Mansour" for Hala Mansour
        if _news_word(lowered_words[0]) or names.used_in_lower_case(lowered_words[0]):
            return None  # a common word capitalised ("At Least", "Clashes" in a headline)
        if lowered_words[0] in _ALL_HEADS:
            return None  # "Senate", "Commission": a body, but which one?
        label = _single_word_label(text, start, end, name, before, after)
        if label is None:
            return None
    else:
        if len(words) > 5 or _mostly_common_words(lowered_words, names):
            return None
        starts_with_place = any(entry.label == "Location" for entry in names.gazetteer.candidates(alias_key(words[0])))
        label = _multi_word_label(words, lowered_words, before, after, title_before, starts_with_place)
    if label == "Location":
        place_id = names.gazetteer.place_by_skeleton(name, near=names.governorates)
        if place_id:
            return Mention(place_id, name, start, end)
    entity = _provisional_entity(label, name, provisional)
    if label == "Person":
        names.add_provisional(entity, _name_words(name))
    return Mention(entity.id, name, start, end)


def _mostly_common_words(lowered_words: list[str], names: _PersonNames) -> bool:
    """A headline fragment ("Missile Attack", "Syrian Town Kills"): most words are ordinary words of the article."""
    content = [
        word
        for word in lowered_words
        if word not in _ADJECTIVES and word not in _CONNECTOR_WORDS and word not in _ALL_HEADS
    ]
    common = sum(1 for word in content if _news_word(word) or names.used_in_lower_case(word))
    return common >= 1 and common * 5 >= len(content) * 3 and (common >= 2 or len(content) <= 2)


def _not_a_name(text: str, start: int, word: str, lowered: str, names: _PersonNames) -> bool:
    """A leading word that starts no name: a stop word, a date word, a number ("Fifty-six"), a hyphenated
    adjective ("Ukrainian-held"), a demonym ("Ukrainian"), a sentence-initial common word."""
    if lowered in _STOP_OR_CALENDAR or any(map(str.isdigit, word)):
        return True
    if lowered.endswith(_ADJECTIVE_TAILS) or lowered.split("-", 1)[0] in _NUMBER_WORDS:
        return True
    if lowered in names.gazetteer.demonyms:
        return True
    return _sentence_initial(text, start) and names.used_in_lower_case(lowered)


def _bare(word: str) -> str:
    """A name without a trailing possessive or punctuation: "Sharaa’s" → "Sharaa"."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif word.endswith(("'", "’")):
        word = word[:-1]
    return word.rstrip("-‐")


def _single_word_label(text: str, start: int, end: int, name: str, before: list[str], after: str) -> str | None:
    """A lone capitalised word is a name only with a clear cue, and never at the start of a sentence."""
    if len(name) < 3 or (name.isupper() and len(name) <= 5) or _sentence_initial(text, start):
        return None
    if _PLACE_KIND_AFTER.match(after) or (before[-1:] == ["of"] and before[-2:-1] and before[-2] in _PLACE_NOUNS):
        return "Location"
    if before and before[-1] in _LOCATION_PREPOSITIONS:
        return "Location"
    if _SPEECH_AFTER.match(after) or _person_cue_before(before):
        return "Person"
    return None


def _multi_word_label(
    words: list[str],
    lowered_words: list[str],
    before: list[str],
    after: str,
    title_before: bool,
    starts_with_place: bool,
) -> str:
    if lowered_words[-1] in _PLACE_HEADS or lowered_words[0] in _PLACE_PREFIXES or lowered_words[0] in _COMPASS:
        return "Location"  # "Tartus Port", "Kafr Nabl", "North Darfur"
    for word in lowered_words:
        if word in _OUTLET_HEADS:
            return "Outlet"
    for word in lowered_words:
        if word in _GOVERNMENT_HEADS:
            return "Government"
        if word in _FACTION_HEADS:
            return "Faction"
        if word in _ORG_HEADS:
            return "Outlet" if word == "agency" and "news" in lowered_words else "Organization"
    if _OUTLET_AFTER.match(after):
        return "Outlet"
    if before[-1:] == ["of"] and before[-2:-1] and before[-2] in _PLACE_NOUNS:
        return "Location"
    person_shaped = (
        2 <= len(words) <= 4
        and all(_NAME_WORD.fullmatch(word) for word in words)
        and not any(word in _ADJECTIVES for word in lowered_words)
    )
    if title_before or _person_cue_before(before) or _PERSON_AFTER.match(after):
        return "Person"
    if _PLACE_KIND_AFTER.match(after):
        return "Location"
    if _SPEECH_AFTER.match(after) or _speech_cue_before(before):
        return "Person" if person_shaped else "Organization"
    if (before and before[-1] in _LOCATION_PREPOSITIONS) or starts_with_place:
        return "Location"  # "in Ras Tanura", "Tartus Port"
    return "Person" if person_shaped else "Organization"


def _provisional_entity(
    label: str, name: str, provisional: dict[str, Entity], aliases: list[str] | None = None
) -> Entity:
    entity_id = f"{label.lower()}/{PROVISIONAL_MARK}{slugify(name)}"
    entity = provisional.get(entity_id)
    if entity is None:
        entity = provisional[entity_id] = Entity(
            entity_id, label, name, [alias for alias in aliases or () if alias != name], provisional=True
        )
    return entity


__all__ = ["PROVISIONAL_MARK", "find_mentions"]
