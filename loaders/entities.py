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
from dataclasses import dataclass

from loaders.gazetteer import (
    CASE_ANY,
    CASE_EXACT,
    AliasEntry,
    Gazetteer,
    alias_key,
    case_rule,
    fold,
    slugify,
)
from loaders.records import Entity, Mention

PROVISIONAL_MARK = "~"

_UPPER = "A-Z" + "".join(chr(code) for code in range(0xC0, 0x250) if chr(code).isupper())
_NAME_CHARS = r"[\w’'\-]"
_PARTICLE = r"(?:al|el|as|ash|ad|ar|at|az|an|ul)[-‐]"
_TOKEN = rf"(?:{_PARTICLE})?[{_UPPER}]{_NAME_CHARS}*"
_CONNECTOR = r"(?:of|for|the|de|bin|ibn|al|el|la|le|du|van|von|der|den|da|del)"
_RUN = re.compile(rf"(?<![\w’'\-]){_TOKEN}(?:[ \t]+(?:{_CONNECTOR}[ \t]+){{0,2}}{_TOKEN})*")
_TOKEN_RE = re.compile(_TOKEN)

# Places: a cue before a village or neighbourhood name, or a kind word after it.
_PLACE_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|near|at|from|to|into|outside|around|toward|towards|across|through|inside|via|between|of|"
    r"villages?|towns?|city|neighbou?rhoods?|suburbs?|districts?|areas?|countryside|outskirts|region|camp|province|"
    r"governorate|hometown)[\W_]+(?:the[\W_]+)?)$",
    re.IGNORECASE,
)
_PLACE_KIND_AFTER = re.compile(
    r"^[\W_]{0,2}(village|town|city|neighbou?rhood|suburb|district|province|governorate|countryside|area|region|"
    r"camp|square|street|mountains?|valley|plain|crossing|airport|air ?base|prison|river|heights)\b",
    re.IGNORECASE,
)
_SPATIAL_BEFORE = re.compile(
    r"\b(?:in|into|to|from|across|inside|throughout|within|near|towards?|outside|entered|fled|visited)[\W_]+(?:the[\W_]+)?$",
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
_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:according to|told|said|says|quoted|quoting|citing|cited by|interviewed|speaking to|spoke to)[ \t]+"
    r"(?:the[ \t]+)?)$",
    re.IGNORECASE,
)
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:journalist|activist|writer|spokesman|spokeswoman|spokesperson|commander|doctor|dr|mr|mrs|ms|prof|"
    r"president|minister|general|gen|lt|col|colonel|sheikh|imam|father|bishop|resident|witness|eyewitness|envoy|"
    r"ambassador|official|analyst|researcher|director|chief|head|leader|governor|mayor|identified as|named|"
    r"opponent|dissident|survivor|lawyer|judge|king|prince|emir|senator|correspondent|reporter|photographer|"
    r"cleric|preacher|brother|sister|son|daughter|wife|husband|mother)[.,]?[ \t]+)$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(r"^(?:[’']s)?,[ \t]+(?:who\b|an?[ \t]+|the[ \t]+(?:head|leader|director|spokes|commander))")
_ORG_BEFORE = re.compile(r"(?:\b(?:the|group|organi[sz]ation|agency|network|committee|council)[ \t]+)$", re.IGNORECASE)


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


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
    "initiative campaign alliance syndicate bureau academy trust"
)
_PLACE_HEADS = _words(
    "square street road mountains mountain river valley plain base airport airbase prison camp crossing bridge "
    "heights gate dam lake district neighbourhood neighborhood village province governorate countryside highway "
    "roundabout quarter island bay sea desert"
)
_TITLES = _words(
    "president minister prime foreign defense defence interior deputy secretary state chief staff general gen lt "
    "col colonel major captain dr mr mrs ms prof sheikh imam father bishop patriarch judge king queen prince emir "
    "sultan ambassador envoy senator governor mayor commander brigadier spokesman spokeswoman chancellor premier "
    "journalist activist witness eyewitness resident doctor high commissioner special representative director "
    "head leader interim former late"
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
_ADJECTIVES = _words(
    "central asian middle eastern western northern southern european african islamic jewish salafi sunni shia "
    "shiite arab arabic kurdish alawite druze christian muslim syrian russian turkish iranian israeli american "
    "british french german saudi qatari emirati lebanese jordanian iraqi egyptian chinese foreign international "
    "civil holy grand great"
)

_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”‘’(\n]|[—–-][ \t])[ \t\"“”‘’(\[]*$")


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    entries: list[AliasEntry]


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
    mentions += _unknown_names(text, mentions, gazetteer, provisional)
    mentions.sort(key=lambda mention: (mention.start, mention.end))
    entities: dict[str, Entity] = {}
    for mention in mentions:
        if mention.entity_id not in entities:
            entity = provisional.get(mention.entity_id) or gazetteer.get(mention.entity_id)
            if entity is not None:
                entities[mention.entity_id] = entity
    return mentions, entities


# ----------------------------------------------------------------------------------------------- gazetteer names
def _gazetteer_matches(text: str, folded: str, gazetteer: Gazetteer) -> list[_Match]:
    """Leftmost-longest gazetteer matches on word boundaries whose case rule and place cue hold."""
    length = len(text)
    # Texts whose punctuation was stripped write possessives without apostrophes ("Assads"); elsewhere a trailing
    # s makes another word ("Frances").
    bare_possessives = "'s" not in text and "’s" not in text
    found: list[_Match] = []
    # The automaton's keys start with a space, so a match always begins at a word start.
    for last, key in gazetteer.automaton.iter(" " + folded):
        end = last  # exclusive end in text: the padded string is one longer
        start = end - len(key)
        # A possessive without its apostrophe ("Assads", common in stripped text) may add one trailing s.
        if end < length and folded[end] != " " and not (bare_possessives and _bare_possessive(folded, end, len(key))):
            continue
        entries = [entry for entry in gazetteer.candidates(key) if _case_ok(entry.alias, text, start, end)]
        if entries:
            found.append(_Match(start, end, entries))
    found.sort(key=lambda match: (match.start, -match.end))
    chosen: list[_Match] = []
    last_end = -1
    for match in found:
        if match.start < last_end:
            continue
        if all(entry.weak for entry in match.entries) and not _place_cue(text, match.start, match.end):
            continue
        match.entries = [entry for entry in match.entries if not entry.weak] or match.entries
        chosen.append(match)
        last_end = match.end
    return chosen


def _bare_possessive(folded: str, end: int, key_length: int) -> bool:
    return folded[end] == "s" and (end + 1 == len(folded) or folded[end + 1] == " ") and key_length >= 4


def _case_ok(alias: str, text: str, start: int, end: int) -> bool:
    rule, letters, offsets = case_rule(alias)
    if rule == CASE_ANY:
        return True
    if rule == CASE_EXACT:
        return "".join(char for char in text[start:end] if char.isalnum()) == letters
    return all(start + offset < end and text[start + offset].isupper() for offset in offsets)


def _place_cue(text: str, start: int, end: int) -> bool:
    return bool(
        _PLACE_CUE_BEFORE.search(text, max(0, start - 40), start) or _PLACE_KIND_AFTER.match(text[end : end + 30])
    )


def _resolve_matches(text: str, matches: list[_Match], gazetteer: Gazetteer) -> tuple[list[Mention], dict[str, Entity]]:
    """Pick one entity per match, then settle ambiguous places against the article's other places."""
    picks: list[tuple[_Match, str, list[str]]] = []
    for match in matches:
        entity_id, alternatives = _pick(text, match, gazetteer)
        picks.append((match, entity_id, alternatives))
    anchors = _governorates(
        (entity_id for _, entity_id, alternatives in picks if not alternatives), gazetteer, include_self=True
    )
    mentions: list[Mention] = []
    for match, entity_id, alternatives in picks:
        if alternatives:
            ranked = [entity_id, *alternatives]
            entity_id = next((place for place in ranked if _governorate(place, gazetteer) in anchors), entity_id)
        mentions.append(Mention(entity_id, text[match.start : match.end], match.start, match.end))
    return _place_containment(text, mentions, gazetteer)


def _pick(text: str, match: _Match, gazetteer: Gazetteer) -> tuple[str, list[str]]:
    """The entity a match names, and equally likely places to settle later."""
    entries = match.entries
    place = next((entry for entry in entries if _label(entry, gazetteer) == "Location" and not entry.metonym), None)
    actor = next((entry for entry in entries if _label(entry, gazetteer) != "Location"), None)
    if place and actor:
        # "in Turkey" is the country, "Turkey backed" the government; Syrian names stay places ("Damascus").
        country = gazetteer.entities[place.entity_id].properties.get("country")
        spatial = _SPATIAL_BEFORE.search(text, max(0, match.start - 30), match.start)
        return (place.entity_id, []) if country == "SY" or spatial else (actor.entity_id, [])
    top = entries[0]
    if _label(top, gazetteer) != "Location":
        return top.entity_id, []
    tier = top.rank // 100
    alternatives = [
        entry.entity_id
        for entry in entries[1:]
        if entry.rank // 100 == tier and _label(entry, gazetteer) == "Location" and not entry.metonym
    ]
    return top.entity_id, alternatives


def _label(entry: AliasEntry, gazetteer: Gazetteer) -> str:
    return gazetteer.entities[entry.entity_id].label


def _governorate(place_id: str, gazetteer: Gazetteer) -> str | None:
    """The Syrian governorate (or, elsewhere, the country) a place lies in."""
    chain = [place_id, *gazetteer.ancestors(place_id)]
    for ancestor in chain:
        entity = gazetteer.entities.get(ancestor)
        if entity and entity.properties.get("kind") in ("governorate", "country"):
            return ancestor
    return None


def _governorates(place_ids, gazetteer: Gazetteer, include_self: bool) -> set[str]:  # type: ignore[no-untyped-def]
    found: set[str] = set()
    for place_id in place_ids:
        entity = gazetteer.entities.get(place_id)
        if entity is None or entity.label != "Location":
            continue
        governorate = _governorate(place_id, gazetteer)
        if governorate and (include_self or governorate != place_id):
            found.add(governorate)
    return found


def _place_containment(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> tuple[list[Mention], dict[str, Entity]]:
    """A village or neighbourhood said to lie in another governorate than the gazetteer's is another place."""
    provisional: dict[str, Entity] = {}
    demoted: dict[str, str] = {}  # alias key → provisional id
    for index, mention in enumerate(mentions[:-1]):
        if not gazetteer.is_weak(mention.entity_id):
            continue
        container = mentions[index + 1]
        if container.start - mention.end > 80 or gazetteer.entities[container.entity_id].label != "Location":
            continue
        if not _CONTAINED_IN.match(text[mention.end : container.start]):
            continue
        own, outer = _governorate(mention.entity_id, gazetteer), _governorate(container.entity_id, gazetteer)
        if own and outer and own != outer:
            entity = _provisional_entity("Location", mention.alias, provisional)
            demoted[alias_key(mention.alias)] = entity.id
    if not demoted:
        return mentions, provisional
    return [
        Mention(demoted.get(alias_key(mention.alias), mention.entity_id), mention.alias, mention.start, mention.end)
        for mention in mentions
    ], provisional


# ----------------------------------------------------------------------------------------------- unknown names
def _unknown_names(
    text: str, known: list[Mention], gazetteer: Gazetteer, provisional: dict[str, Entity]
) -> list[Mention]:
    """Capitalised names outside the gazetteer, as provisional entities; surnames of people named before."""
    surnames = _PersonNames(gazetteer)
    known_iter = iter(known)
    next_known = next(known_iter, None)
    found: list[Mention] = []
    for gap_start, gap_end in _gaps(known, len(text)):
        # People named in full before this gap can be referred to by surname inside it.
        while next_known is not None and next_known.end <= gap_start:
            surnames.add_known(next_known.entity_id)
            next_known = next(known_iter, None)
        for run in _RUN.finditer(text, gap_start, gap_end):
            mention = _classify_run(text, run.start(), run.end(), surnames, provisional)
            if mention is not None:
                found.append(mention)
    return found


def _gaps(mentions: list[Mention], length: int) -> list[tuple[int, int]]:
    gaps, position = [], 0
    for mention in mentions:
        if mention.start > position:
            gaps.append((position, mention.start))
        position = max(position, mention.end)
    if position < length:
        gaps.append((position, length))
    return gaps


class _PersonNames:
    """Surnames (and, for provisional people, first names) of the people named so far in the article."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._by_token: dict[str, str] = {}

    def add_known(self, entity_id: str) -> None:
        entity = self._gazetteer.entities.get(entity_id)
        if entity is None or entity.label != "Person":
            return
        for name in (entity.name, *entity.aliases):
            words = _name_words(name)
            if len(words) >= 2:
                self._by_token.setdefault(words[-1], entity_id)

    def add_provisional(self, entity: Entity, words: list[str]) -> None:
        if len(words) >= 2:
            self._by_token.setdefault(words[-1], entity.id)
            self._by_token.setdefault(words[0], entity.id)

    def get(self, word: str) -> str | None:
        return self._by_token.get(alias_key(word))


def _name_words(name: str) -> list[str]:
    return [word for word in alias_key(name).split() if word not in ("al", "el", "bin", "ibn", "abu", "de")]


def _classify_run(
    text: str, start: int, end: int, names: _PersonNames, provisional: dict[str, Entity]
) -> Mention | None:
    """Turn one capitalised run into a mention, or None if it is not a name."""
    tokens = [(token.start(), token.end()) for token in _TOKEN_RE.finditer(text, start, end)]
    if not tokens:
        return None
    title_before = False
    # Trim sentence-initial common words, titles, months and weekdays from the front, and the like from the back.
    while tokens:
        word = _bare(text[tokens[0][0] : tokens[0][1]])
        lowered = word.lower()
        if lowered in _TITLES:
            title_before = True
            tokens.pop(0)
        elif _not_a_name(text, tokens[0][0], word, lowered):
            tokens.pop(0)
        else:
            break
    while tokens:
        lowered = _bare(text[tokens[-1][0] : tokens[-1][1]]).lower()
        if lowered in _CALENDAR or lowered in _NOT_NAMES or lowered in _TITLES:
            tokens.pop()
        else:
            break
    if not tokens:
        return None
    start, end = tokens[0][0], tokens[-1][1]
    name = _bare(text[start:end])
    end = start + len(name)
    words = [_bare(text[token_start:token_end]) for token_start, token_end in tokens]
    lowered_words = [word.lower() for word in words]
    if all(word in _ADJECTIVES or word in _NOT_NAMES for word in lowered_words):
        return None
    before = text[max(0, start - 50) : start]
    after = text[end : end + 120]
    if len(words) == 1:
        entity_id = names.get(name)
        if entity_id:
            return Mention(entity_id, name, start, end)
        label = _single_word_label(text, start, end, name, before, after)
        if label is None:
            return None
    else:
        if len(words) > 6:
            return None
        label = _multi_word_label(words, lowered_words, before, after, title_before)
    entity = _provisional_entity(label, name, provisional)
    if label == "Person":
        names.add_provisional(entity, _name_words(name))
    return Mention(entity.id, name, start, end)


def _not_a_name(text: str, start: int, word: str, lowered: str) -> bool:
    """A leading word that starts no name: a stop word, a date word, a number, a sentence-initial common word."""
    if lowered in _CALENDAR or lowered in _NOT_NAMES or any(char.isdigit() for char in word):
        return True
    return bool(_SENTENCE_END.search(text, max(0, start - 3), start)) and _common_word(text, lowered)


def _bare(word: str) -> str:
    """A name without a trailing possessive or punctuation: "Sharaa’s" → "Sharaa"."""
    word = re.sub(r"(?:['’]s|['’])$", "", word)
    return word.rstrip("-‐")


def _common_word(text: str, lowered: str) -> bool:
    """True if a sentence-initial word is used in lower case elsewhere in the text, or is a stop word."""
    if lowered in _NOT_NAMES:
        return True
    return re.search(rf"(?<![\w-]){re.escape(lowered)}(?![\w-])", text) is not None


def _single_word_label(text: str, start: int, end: int, name: str, before: str, after: str) -> str | None:
    """A lone capitalised word is a name only with a clear cue; sentence-initial ones need more."""
    if len(name) < 3 or (name.isupper() and len(name) <= 5):
        return None
    if _SENTENCE_END.search(text, max(0, start - 3), start):
        return None
    if _PLACE_KIND_AFTER.match(after) or re.search(
        r"\b(?:village|town|city|neighbou?rhood|suburb|district)s?[ \t]+of[ \t]+$", before, re.IGNORECASE
    ):
        return "Location"
    if re.search(r"\b(?:in|near|at|outside|into)[ \t]+$", before, re.IGNORECASE):
        return "Location"
    if _SPEECH_AFTER.match(after) or _PERSON_BEFORE.search(before):
        return "Person"
    return None


def _multi_word_label(words: list[str], lowered_words: list[str], before: str, after: str, title_before: bool) -> str:
    if lowered_words[-1] in _PLACE_HEADS:
        return "Location"
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
    if re.match(
        r"^[ \t]+(?:news[ \t]+(?:site|agency|outlet|website|channel)|newspaper|daily|website|channel)\b", after
    ):
        return "Outlet"
    if re.search(r"\b(?:village|town|city|neighbou?rhood|suburb|district)s?[ \t]+of[ \t]+$", before, re.IGNORECASE):
        return "Location"
    person_shaped = 2 <= len(words) <= 4 and all(re.fullmatch(r"[\w’'\-]+", word) for word in words)
    if title_before or _PERSON_BEFORE.search(before) or _PERSON_AFTER.match(after):
        return "Person"
    if _PLACE_KIND_AFTER.match(after):
        return "Location"
    if _SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(before):
        return "Person" if person_shaped else "Organization"
    if re.search(r"\b(?:in|near|at|outside|into|from)[ \t]+(?:the[ \t]+)?$", before, re.IGNORECASE):
        return "Location"
    return "Person" if person_shaped else "Organization"


def _provisional_entity(label: str, name: str, provisional: dict[str, Entity]) -> Entity:
    entity_id = f"{label.lower()}/{PROVISIONAL_MARK}{slugify(name)}"
    entity = provisional.get(entity_id)
    if entity is None:
        entity = provisional[entity_id] = Entity(entity_id, label, name, provisional=True)
    return entity


__all__ = ["PROVISIONAL_MARK", "find_mentions"]
