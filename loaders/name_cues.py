"""The words and context cues the entity finders share: what can start or end a name, which head nouns make an
organisation, a faction or a place, which words before a name cue a place, a person or a speaker; and how a
provisional entity (a name outside the gazetteer, id marked ``~``) is made."""

from __future__ import annotations

import re
from functools import lru_cache
from operator import attrgetter

from loaders.gazetteer import slugify
from loaders.records import Entity

PROVISIONAL_MARK = "~"


START_END = attrgetter("start", "end")


UPPER = "A-Z" + "".join(chr(code) for code in range(0xC0, 0x250) if chr(code).isupper())
_NAME_CHARS = r"[\w’'\-]"
_PARTICLE = r"(?:al|el|as|ash|ad|ar|at|az|an|ul)[-‐]"
_TOKEN = rf"(?:{_PARTICLE})?[{UPPER}]{_NAME_CHARS}*"
_CONNECTOR = r"(?:of|for|the|de|bin|ibn|al|el|la|le|du|van|von|der|den|da|del)"
# A run of capitalised words. It starts at a capital (no look-behind or optional prefix: those make the scan of a
# whole article several times slower); a capital inside a word is skipped afterwards.
RUN = re.compile(rf"[{UPPER}]{_NAME_CHARS}*(?:[ \t]+(?:{_CONNECTOR}[ \t]+){{0,2}}{_TOKEN})*")
TOKEN_RE = re.compile(_TOKEN)
PARTICLE_BEFORE = re.compile(rf"(?<![\w’']){_PARTICLE}$", re.IGNORECASE)

# Places: a cue before a village or neighbourhood name (see loaders.gazetteer_matches), or a kind word after it.
PLACE_KIND_AFTER = re.compile(
    r"[\W_]{0,2}(?:(?:displacement|refugee|idp|displaced|border|detention|military|army)[ \t]+)?"
    r"(village|town|city|neighbou?rhood|suburb|district|province|governorate|countryside|area|region|state|"
    r"camps?|square|street|mountains?|valley|plain|crossing|airport|air ?base|prison|river|heights)\b",
    re.IGNORECASE,
)


NAME_WORD = re.compile(r"[\w’'\-]+")


def word_set(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


CONNECTOR_WORDS = word_set("of for the de bin ibn al el la le du van von der den da del")
# Names of events, not of actors or places ("Arab Spring", "Operation Olive Branch", "Astana talks").
EVENT_WORDS = word_set(
    "spring war revolution uprising crisis conference summit talks agreement accord process festival operation "
    "offensive day games award prize ceasefire truce initiative plan resolution declaration treaty pact protocol "
    "memorandum charter convention"
)
# Ordinary words of war reporting. Headlines capitalise them ("Syrian Town Kills", "Car Bomb Attack"), and a run
# made mostly of them is no name. Inflected forms are reduced to these (kills, killed, killing → kill).
_NEWS_WORDS = word_set(
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
def news_word(lowered: str) -> bool:
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


def institution_head(lowered: str) -> bool:
    """The head noun of a body's name, singular or plural ("Hospital", "Organizations", "Ministry")."""
    return lowered in INSTITUTION_HEADS or (lowered.endswith("s") and lowered[:-1] in INSTITUTION_HEADS)


def title_word(lowered: str) -> bool:
    """A title or rank, also hyphenated from abbreviations ("Maj-Gen", "Lt-Col", "Brig-Gen")."""
    if lowered in TITLES:
        return True
    return "-" in lowered and all(part in TITLES for part in lowered.split("-"))


def headline_word(lowered: str) -> bool:
    """An ordinary word that no name starts or ends with ("News" may end one: "Levant Daily News")."""
    return lowered not in ALL_HEADS and news_word(lowered)


# The first word of many Syrian place names: "Kafr Nabl", "Tal Tamr", "Deir Hafer", "Bani Zeid".
PLACE_PREFIXES = word_set(
    "kafr kfar kafar tal tel tell deir dayr beit bayt ain ein ayn jabal jebel jabel khirbet kherbet kherbat khirbat "
    "ras bab maarat maaret maarrat qasr bir wadi hawsh hosh bani beni khan jisr marj sheikh hay harat tall qarit "
    "qaryat mazraat arab"
)


OUTLET_HEADS = word_set(
    "news times post press tv television radio channel daily gazette herald tribune journal express media magazine "
    "newspaper chronicle review telegraph broadcasting"
)
GOVERNMENT_HEADS = word_set("ministry presidency government parliament cabinet embassy consulate municipality")
FACTION_HEADS = word_set(
    "front brigade brigades army forces battalion battalions movement militia militias legion division regiment corps "
    "jaish jaysh liwa katiba ahrar harakat faylaq failaq guard guards shield units"
)
ORG_HEADS = word_set(
    "agency council committee commission observatory network center centre organization organisation foundation "
    "association union office institute department authority administration court party university bank company "
    "group society federation fund programme program coalition league directorate command mission hospital school "
    "initiative campaign alliance syndicate bureau academy trust senate parliament assembly faculty"
)
# Plural nouns for people that end the names of groups, never of a person: "Emergency Lawyers", "Sudan Doctors",
# "Resistance Committees", "Emergency Response Rooms".
GROUP_PLURALS = word_set(
    "lawyers doctors physicians medics nurses volunteers activists workers defenders monitors committees councils "
    "rooms mothers families journalists teachers students"
)
PLACE_HEADS = word_set(
    "square street road mountains mountain river valley plain base airport airbase prison camp crossing bridge "
    "heights gate dam lake district neighbourhood neighborhood village province governorate countryside highway "
    "roundabout quarter island bay sea desert port harbour harbor refinery stadium citadel museum station"
)
BODY_HEADS = word_set("forces army government")
# The heads of names of bodies, not of places: "Sweida National Hospital", "Union of Medical Relief Organizations".
INSTITUTION_HEADS = OUTLET_HEADS | GOVERNMENT_HEADS | FACTION_HEADS | ORG_HEADS
# Words that open or qualify many names of bodies while elsewhere they are ordinary words or titles: "National Umma
# Party", "Shire Suhul General Hospital", "International Organization for Migration".
INSTITUTION_WORDS = word_set(
    "national international general central regional supreme federal state human humanitarian islamic arab joint "
    "high higher united"
)
COMPASS = word_set("north south east west northern southern eastern western upper lower central")
ALL_HEADS = OUTLET_HEADS | GOVERNMENT_HEADS | FACTION_HEADS | ORG_HEADS | PLACE_HEADS
TITLES = word_set(
    "president minister prime foreign defense defence interior deputy secretary state chief staff general gen lt "
    "col colonel major captain dr mr mrs ms prof sheikh imam father bishop patriarch judge king queen prince emir "
    "sultan ambassador envoy senator governor mayor commander brigadier spokesman spokeswoman chancellor premier "
    "journalist activist witness eyewitness resident doctor high commissioner special representative director "
    "head leader interim former late lieutenant sergeant corporal marshal admiral adviser advisor rapporteur "
    "coordinator director-general secretary-general under-secretary-general lieutenant-general major-general "
    "lieutenant-colonel brigadier-general vice regional acting maj brig capt sgt cpl adm rear"
)
# The second half of a hyphenated adjective: "Ukrainian-held", "Czech-made", "Houthi-run" describe, they do not name.
ADJECTIVE_TAILS = (
    "-held", "-made", "-run", "-led", "-backed", "-based", "-controlled", "-linked", "-aligned", "-affiliated",
    "-born", "-style", "-owned", "-allied", "-funded", "-armed", "-supported", "-dominated",
)  # fmt: skip
NUMBER_WORDS = word_set(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
)
CALENDAR = word_set(
    "january february march april may june july august september october november december jan feb mar apr jun jul "
    "aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays "
    "thursdays fridays saturdays sundays"
)
NOT_NAMES = word_set(
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
STOP_OR_CALENDAR = NOT_NAMES | CALENDAR
ADJECTIVES = word_set(
    "northeastern northwestern southeastern southwestern greater downtown rural upper lower besieged rebel-held "
    "central asian middle eastern western northern southern european african islamic jewish salafi sunni shia "
    "shiite arab arabic kurdish alawite druze christian muslim syrian russian turkish iranian israeli american "
    "british french german saudi qatari emirati lebanese jordanian iraqi egyptian chinese foreign international "
    "civil holy grand great orthodox catholic protestant evangelical coptic maronite"
)

# Context is read from the few words before a name (faster than end-anchored regexes, which the engine tries at
# every position of the window).
_PREPOSITIONS = word_set("in near at from to into outside around toward towards across through inside via between")
PLACE_NOUNS = word_set(
    "village villages town towns city capital neighbourhood neighborhood neighbourhoods neighborhoods suburb suburbs district "
    "districts area areas countryside outskirts region camp province governorate hometown community city"
)
SPATIAL = word_set("in into to from across inside throughout within near toward towards outside entered fled visited")
LOCATION_PREPOSITIONS = word_set("in near at outside into from")
_PERSON_CUES = word_set(
    "journalist activist writer spokesman spokeswoman spokesperson commander doctor dr mr mrs ms prof president "
    "minister general gen lt col colonel sheikh imam father bishop resident witness eyewitness envoy ambassador "
    "official analyst researcher director chief head leader governor mayor named opponent dissident survivor lawyer "
    "judge king prince emir senator correspondent reporter photographer cleric preacher brother sister son daughter "
    "wife husband mother"
)
_SPEECH_CUES = word_set("told said says quoted quoting citing interviewed")
_OPENERS = ' \t"“”‘’(['


def words_before(text: str, start: int) -> list[str]:
    """Up to three words right before ``start``, lower case, punctuation kept ("province," is no cue); a leading
    "the" is skipped ("in the village of")."""
    particle = PARTICLE_BEFORE.search(text, max(0, start - 4), start) if text[start - 1 : start] in "-‐" else None
    if particle:
        start = particle.start()  # "at al-Marjeh": the words before "al-"
    if start == 0 or not text[start - 1].isspace():
        return []
    words = text[max(0, start - 40) : start].lower().split()[-4:]
    if words and words[-1] == "the":
        words.pop()
    return [word.rstrip(".") if word.endswith(".") and len(word) <= 4 else word for word in words[-3:]]


def place_cue_before(words: list[str]) -> bool:
    if not words:
        return False
    if words[-1] == "of":  # "the village of X", not "one of X"
        return len(words) >= 2 and words[-2] in PLACE_NOUNS
    return words[-1] in _PREPOSITIONS or words[-1] in PLACE_NOUNS


def person_cue_before(words: list[str]) -> bool:
    return bool(words) and (words[-1] in _PERSON_CUES or words[-2:] == ["identified", "as"])


def speech_cue_before(words: list[str]) -> bool:
    if not words:
        return False
    return words[-1] in _SPEECH_CUES or words[-2:] in (["according", "to"], ["cited", "by"], ["speaking", "to"])


def sentence_initial(text: str, start: int) -> bool:
    """True at the start of a text, a sentence, a line or a quotation."""
    index = start - 1
    while index >= 0 and text[index] in _OPENERS:
        if text[index] in '"“‘([':
            return True
        index -= 1
    return index < 0 or text[index] in ".!?:;\n—–" or (text[index] == "-" and text[index + 1 : index + 2] == " ")


def provisional_entity(
    label: str, name: str, provisional: dict[str, Entity], aliases: list[str] | None = None
) -> Entity:
    entity_id = f"{label.lower()}/{PROVISIONAL_MARK}{slugify(name)}"
    entity = provisional.get(entity_id)
    if entity is None:
        entity = provisional[entity_id] = Entity(
            entity_id, label, name, [alias for alias in aliases or () if alias != name], provisional=True
        )
    return entity
