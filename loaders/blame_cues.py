"""The words of blame: the patterns that name who killed, attacked or is held responsible, and where a culprit's
phrase ends. :mod:`loaders.blame` tries them; :mod:`loaders.blame_culprits` resolves the phrase they capture.
"""

from __future__ import annotations

import re

from loaders.claim_context import word_set
from loaders.text import register_triggers

# Nouns of an armed attack: what an actor's name in front of them ("an Israeli airstrike") makes the actor do.
_ATTACK_NOUN = (
    r"(?:air\s*strikes?|airstrikes?|air\s+raids?|strikes?|raids?|shelling|bombardments?|bombings?|bombs?|attacks?"
    r"|offensive|assaults?|barrel\s+bombs?|car\s+bombs?|rockets?|missiles?|drone\s+strikes?|drones?|warplanes"
    r"|jets|artillery|fire)"
)
_ATTACK_MODIFIERS = (
    r"(?:(?:air|aerial|drone|artillery|rocket|missile|mortar|car|suicide|barrel|chemical|ground|military"
    r"|deadly|fresh|heavy|new|latest|\w+-led|coalition|bombing)\s+){0,2}"
)
# After an actor's name: "'s", or a second actor ("Russian and regime air strikes"), then the attack noun.
ATTACK_AFTER_NAME = re.compile(
    rf"(?:['’]s?)?(?:\s+and\s+(?:the\s+)?[\w\-’']+(?:\s+[\w\-’']+)?)?\s+{_ATTACK_MODIFIERS}{_ATTACK_NOUN}\b",
    re.IGNORECASE,
)
REGIME_ATTACK = re.compile(rf"\b(?P<perp>regime)(?:['’]s)?\s+{_ATTACK_MODIFIERS}{_ATTACK_NOUN}\b", re.IGNORECASE)
ACCUSING_FAMILIES = frozenset({"blame-accused", "blame-blamed", "blame-held"})
ATTACK_FIRST = re.compile(rf"(?:(?:the|a|an|this|that|one)\s+)?{_ATTACK_NOUN}\b", re.IGNORECASE)
ATTACK_WORD_AT_END = re.compile(rf"\b{_ATTACK_NOUN}\Z", re.IGNORECASE)
_EVENT = (
    r"(?:massacres?|killings?|executions?|slaughter|atrocities|murders?|bloodshed|crimes|attacks?|genocide|purges?)"
)
_PERP = r"(?P<perp>[^.;:!?()“”\"]{2,140})"
# A participle right before "by" that is no act of violence: its agent did something else.
OTHER_AGENT = re.compile(
    r"\b(?:held|controlled|run|operated|owned|occupied|used|built|seized|captured|guarded|managed|besieged|surrounded"
    r"|founded|led|backed|supported|funded|armed|trained|documented|reported|confirmed|recorded|condemned)\s+by\s+\Z"
)
CULPRIT_LABELS = frozenset({"Faction", "Government", "Person", "Organization"})
POSSESSIVE_BLAME = re.compile(
    r"(?P<perp>\b[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})(?:['’]s)?\s+(?:massacres|killings|atrocities|crimes)\b"
)
PARTICIPANTS = re.compile(
    rf"(?:participated|took\s+part)\s+in\s+the\s+{_EVENT}\s+(?:were|was|are|is)\s+{_PERP}", re.IGNORECASE
)
# Each pattern: the family of trigger words it is tried at, how far before the word its match may start (0: it
# starts with the word), how far after the word it may end (None: the end of the sentence), and a word it cannot
# match without (looked for first: a pattern that scans ahead lazily is costly to fail), or None.
BLAME_PATTERNS: tuple[tuple[re.Pattern[str], str, int, int | None, str | None], ...] = (
    # "executed by al-Shara’a forces", "massacres committed by Syrian security forces"
    (
        re.compile(
            r"(?:executed|killed|massacred|slaughtered|murdered|shot(?:\s+dead)?|gunned\s+down|targeted|shelled"
            r"|bombed|bombarded|pounded|ambushed|eliminated|attacked|struck|hit|wounded|injured|abducted|kidnapped"
            r"|stormed|raided|launched|fired|claimed"
            rf"|{_ATTACK_NOUN})\s+(?:[^.;,]{{0,40}}?\s)?by\s+{_PERP}",
            re.IGNORECASE,
        ),
        "blame-killed",
        0,
        None,
        "by",
    ),
    (
        re.compile(
            rf"{_EVENT}\b[^.;]{{0,80}}?\b(?:were|was|been|being|are|is)?\s*(?:reportedly\s+|allegedly\s+)?"
            rf"(?:carried\s+out|committed|perpetrated|orchestrated|conducted)\s+by\s+{_PERP}",
            re.IGNORECASE,
        ),
        "blame-event",
        0,
        None,
        "by",
    ),
    # "an airstrike of the US-led coalition"
    (
        re.compile(
            r"(?:air\s*strikes?|airstrikes?|air\s+raids?|drone\s+strikes?|bombardments?)\s+of\s+"
            r"(?![^.;,]{0,40}?(?:-held|-controlled|\b(?:towns?|cit(?:y|ies)|villages?|areas?|districts?|positions"
            r"|portions|parts|neighbou?rhoods?|regions?|provinces?|homes?|camps?)\b))" + _PERP,
            re.IGNORECASE,
        ),
        "blame-killed",
        0,
        None,
        "of",
    ),
    # "the massacre of Syrian Alawites by his cadres"
    (re.compile(rf"{_EVENT}\s+of\s+[^.;,]{{1,60}}?\s+by\s+{_PERP}", re.IGNORECASE), "blame-event", 0, None, "by"),
    # "the artillery shelling of residential neighbourhoods in the El Thawrat area by the RSF"
    (
        re.compile(rf"{_ATTACK_NOUN}\s+of\s+[^.;,]{{1,90}}?\s+by\s+{_PERP}", re.IGNORECASE),
        "blame-killed",
        0,
        None,
        "by",
    ),
    # "at the hands of roving jihadist gangs"
    (re.compile(rf"\bat\s+the\s+hands\s+of\s+{_PERP}", re.IGNORECASE), "blame-hands", 10, None, None),
    # "The blame lies with the central government", "blamed X for", "held X responsible"
    (re.compile(rf"blame\s+(?:lies|lay|rests)\s+with\s+{_PERP}", re.IGNORECASE), "blame-blame", 0, None, None),
    (re.compile(rf"blam(?:ed|es|ing)\s+{_PERP}\s+for\b", re.IGNORECASE), "blame-blamed", 0, None, "for"),
    # "accused the army of carrying out …", "accused Malian troops and suspected Russian mercenaries of killing …"
    (
        re.compile(r"accus(?:ed|es|ing)\s+(?P<perp>[^.;:!?()“”\",]{2,140}?)\s+of\s", re.IGNORECASE),
        "blame-accused",
        0,
        None,
        "of",
    ),
    (re.compile(rf"held\s+{_PERP}\s+responsible\b", re.IGNORECASE), "blame-held", 0, None, "responsible"),
    # "the perpetrators … are jihadists associated with …", "participated in the massacre were Chechens …"
    (
        re.compile(rf"perpetrators\b[^.]{{0,120}}?\bthey\s+(?:are|were)\s+{_PERP}", re.IGNORECASE),
        "blame-perpetrators",
        0,
        None,
        "they",
    ),
    (PARTICIPANTS, "blame-participated", 0, None, None),
    # "it was the national army that fired into the market": a cleft names the culprit
    (
        re.compile(
            r"\bit\s+was\s+(?P<perp>[^.;,]{2,60}?)\s+(?:that|who)\s+(?:fired|shelled|killed|attacked|bombed|struck"
            r"|targeted|launched|carried\s+out|committed)\b",
            re.IGNORECASE,
        ),
        "active",
        80,
        0,
        "was",
    ),
    # "“individuals associated” with HTS were involved"
    (
        re.compile(
            r"\bthat\s+(?P<perp>[^.;]{3,80}?)\s+(?:were|was)\s+(?:involved|responsible|behind\s+(?:the|it))\b",
            re.IGNORECASE,
        ),
        "blame-involved",
        100,
        12,
        "that",
    ),
    # "Last week’s HTS massacres"
    (POSSESSIVE_BLAME, "blame-possessive", 60, 0, None),
)
for _family, _words_of_family in {
    "blame-killed": "executed killed massacred slaughtered murdered shot gunned targeted shelled bombed bombarded "
    "pounded ambushed eliminated attacked "
    "struck hit wounded injured abducted kidnapped stormed raided launched fired claimed airstrike airstrikes strike "
    "strikes raid raids shelling bombardment bombardments bombing bombings bomb bombs attack attacks offensive "
    "assault assaults rocket rockets missile missiles drone drones warplanes jets artillery fire",
    "blame-event": "massacre massacres killing killings execution executions slaughter atrocities murder murders "
    "bloodshed crimes attack attacks genocide purge purges",
    "blame-hands": "hands",
    "blame-blame": "blame",
    "blame-blamed": "blamed blames blaming",
    "blame-accused": "accused accuses accusing",
    "blame-held": "held",
    "blame-perpetrators": "perpetrators",
    "blame-participated": "participated took",
    "blame-involved": "involved responsible behind",
    "blame-possessive": "massacres killings atrocities crimes",
    "blame-regime": "regime",
    "active": "massacred massacring slaughtered slaughtering killed executed executing murdered murdering committed "
    "carried committing shelled bombed bombarded pounded ambushed attacked struck raided stormed launched claimed "
    "responsible behind targeted "
    "fired opened bears bear implicated continued continues used admitted acknowledged",
}.items():
    register_triggers(_family, word_set(_words_of_family))
ACTIVE_KILL = re.compile(
    r"(?:massacred|massacring|slaughtered|slaughtering|killed|executed|executing|murdered|murdering"
    r"|committed\s+(?:the\s+)?(?:massacres?|atrocities|killings?|crimes)"
    r"|carried\s+out\s+(?:the\s+)?(?:massacres?|killings?|executions?|atrocities)"
    r"|committing\s+(?:the\s+)?(?:massacres?|atrocities|killings?)"
    r"|shelled|bombed|bombarded|pounded|ambushed|attacked|struck|raided|stormed|targeted|fired\s+(?:into|on|upon|at)"
    r"|fired\s+(?:\w+\s+){0,2}?(?:rockets?|missiles?|shells?|mortars?)"
    r"|opened\s+fire"
    r"|launched\s+(?:\w+\s+){0,3}?(?:attacks?|assaults?|strikes?|airstrikes?|offensive|raids?)"
    r"|claimed\s+responsibility|responsible\s+for|to\s+blame\s+for|behind\s+(?:the|it|this|these)"
    r"|bears?\s+(?:the\s+)?(?:ultimate\s+)?responsibility|implicated"
    r"|continu(?:ed|es)\s+to\s+(?:bomb|shell|attack|strike|target|kill|fire\s+on)"
    r"|(?:admitted|acknowledged)\s+(?:to\s+)?(?:having\s+)?(?:hit|hitting|struck|striking|bombed|bombing|shelled"
    r"|shelling|attacked|attacking|killed|killing|targeted|targeting|carried\s+out|carrying\s+out|launched|launching)"
    r"|used\s+[^.;,]{1,60}?\s+in\s+the\s+(?:attack|strike|shelling|bombing|assault))\b",
    re.IGNORECASE,
)
_PERP_STOP = re.compile(
    r"\s(?:since|after|before|during|against|when|while|who|which|that|because|amid|to\s+(?!the\s+\w+\s+government)"
    r"|now|in\s+(?:the\s+)?(?:[a-z]+\s+)?(?:homes?|streets?|village|villages|city|cities|town|towns|area|areas|"
    r"region|province|coastal|countryside|front|northern|southern|eastern|western)|on\s|at\s|in\s+(?:[A-Z]|\d)"
    r"|commanded|led|backed|supported|were|was|are|is|have|has|had|massacred|killed|executed|slaughtered)\b"
    r"|\s+[—–]\s|,\s+(?:now|who|which|and|but|as|while|according|the\s+[a-z]+\s+said)|,\s",
)


def trim_to_word(text: str, start: int, end: int) -> int:
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "]’'"):
        end -= 1
    return end


def culprit_end(text: str, start: int, end: int) -> int:
    m = _PERP_STOP.search(text, start, end)
    if m is not None:
        end = m.start()
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "]’'"):
        end -= 1
    bracket = text.rfind("[", start, end)
    if bracket != -1 and text.find("]", bracket, end) == -1:
        end = culprit_end(text, start, bracket)
    return end
