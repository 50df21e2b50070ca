"""Claims: casualty counts, blame and denials, each tied to the words that carry it.

Casualty counts. A number (digits, words, "dozens", "5,000-40,000", with its qualifier: "at least", "over") is a
casualty count only when a killing or death cue is tied to it: a verb or noun right before it ("killed 25",
"massacre of hundreds", "death toll has risen to 745"), a participle after its noun phrase ("745 unarmed Alawite
civilians have been killed", "13 of them dead"), a death noun in that phrase ("12 victims", "dozens of bodies"), a
list joined to such a count ("…killed, along with 150 armed Alawites and 125 members of…"), or a sentence that
breaks down an earlier toll ("Of those, … 830 people as civilians"). Years, dates, percentages, ages, distances,
durations and other units never count.

Blame. Who is said to have killed: the agent of a passive ("executed by al-Shara’a forces", "carried out by a
faction of Assad’s former intelligence forces"), "at the hands of X", the subject of an active killing verb
("Islamists aligned with Syria’s interim government massacred…"), "X massacres", "the blame lies with X", "X were
involved".

Denials and dismissals: "denied responsibility", "has not taken responsibility", "dismissed … as", "disputed this".

The claimant is the speaker of the statement that contains the claim; an unattributed claim is the article's own
(claimant None).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from loaders.records import ClaimRecord, Sentence, StatementRecord
from loaders.sources import is_fragment, nearest_source, sentence_sources
from loaders.statements import Attributor, Speaker, balance_quotes, statement_at
from loaders.text import (
    Document,
    Hit,
    SpanSet,
    last_word,
    pattern_words,
    regex_lower,
    register_triggers,
    scan_triggers,
)

_HIT_START = itemgetter(0)  # Hit.start, as a C-level key
# Patterns used inside functions, compiled once.
_DIGIT_NUMBER = re.compile(r"[\d,.\u00a0\u202f ]+(?:million|thousand)?")
_THOUSANDS_SEPARATOR = re.compile(r"[,\u00a0\u202f ]")
_FOUR_DIGIT_YEAR = re.compile(r"(?:19|20)\d{2}")
_VICTIMS_OF = re.compile(r"\b(?:against|of|among)\s+")
_AS_CATEGORY = re.compile(r"\s+as\s+([A-Za-z]+)")
_PROGRESSIVE_AUX_BEFORE = re.compile(r"\b(?:are|is|were|was|been)\s+\Z")
_ADVERB_AFTER = re.compile(r"\s+\w+ly\b|\s+en\s+masse")
_NUMBER_AFTER = re.compile(r"\s+\d")
_PASSIVE_AFTER = re.compile(
    r"\s+(?:in|on|at|by|during|when|while|after|since|as|with|from|near|inside|outside|across|"
    r"over|and|or|to)\b|\s*[,.;]"
)
_PASSIVE_AUX_BEFORE = re.compile(r"\b(?:were|was|been|being|be|get|got)\s+(?:(?:\w+ly|also|all|then|later|too)\s+)*\Z")
_ENDS_WITH_PREPOSITION = re.compile(r"\b(?:of|to|for|with|about|from)\s*\Z")
_LONG_WORD = re.compile(r"[A-Za-z]{4,}")
_PRONOUN = re.compile(r"(?:they|them|it|he|she|we|those|others?)")
_POSSESSIVE_PRONOUN = re.compile(r"\b(?:his|her)\s+(?:own\s+)?", re.IGNORECASE)
_LEADING_DETERMINER = re.compile(r"^(?:the|a|an|this|that)\s+", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_REMNANTS_OF = re.compile(r"\b(remnants|loyalists|supporters)\s+of\s+(?:the\s+)?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)")
_DENIAL_STOP = re.compile(r"[.;!?]|,\s+(?:but|while|and|which)\b")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


BLAMABLE_LABELS = frozenset({"Faction", "Government", "Person", "Organization", "Community"})

# ------------------------------------------------------------------------------------------------ numbers
_UNITS_1_19 = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {word: index + 1 for index, word in enumerate(_UNITS_1_19)} | {
    word: (index + 2) * 10 for index, word in enumerate(_TENS)
}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE_VALUES = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
    "several dozen": 24,
    "several hundred": 200,
    "several thousand": 2000,
    "a few dozen": 24,
    "a few hundred": 200,
    "a few thousand": 2000,
    "a handful": 3,
}
_ABOUT_VALUES = {"a dozen": 12, "half a dozen": 6, "a hundred": 100, "a thousand": 1000}

_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(_UNITS_1_19[:9])}))?|{'|'.join(reversed(_UNITS_1_19))})"
    r"(?:\s+(?:hundred|thousand|million))?"
)
# Thousands separated by commas, non-breaking spaces or (where punctuation was stripped) plain spaces.
_DIGITS = r"(?>\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?!\d)|\d{1,3}(?:\x20\d{3})+(?![\d,])|\d+(?:\.\d+)?)"
_NUMBER = rf"(?:{_DIGITS}(?:\s*(?:million|thousand))?|{_WORD_NUMBER})"
_QUALIFIER = (
    r"at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|a\s+minimum\s+of|more\s+than|over|upwards\s+of"
    r"|in\s+excess\s+of|nearly|almost|close\s+to|up\s+to|as\s+many\s+as|about|around|approximately|roughly"
    r"|some|an\s+estimated|estimated|at\s+most|fewer\s+than|less\s+than|between|a\s+total\s+of"
)
_VAGUE = (
    r"tens\s+of\s+thousands|hundreds\s+of\s+thousands|several\s+(?:dozen|hundred|thousand)|a\s+few\s+(?:dozen|hundred"
    r"|thousand)|half\s+a\s+dozen|a\s+dozen|a\s+hundred|a\s+thousand|a\s+handful|dozens|hundreds|thousands|scores"
)
_COUNT = re.compile(
    rf"""(?<![\w.,/@#$€£-])
    (?:(?P<qual>{_QUALIFIER})\s+)?
    (?:(?P<vague>{_VAGUE})
      |(?P<lo>{_NUMBER})(?:\s*(?P<sep>-|–|—|\bto\b|\band\b)\s*(?P<hi>{_NUMBER}))?)
    (?![\w%]|-(?:year|month|day|week|hour|minute|old|km|kilomet|mile|meter|metre|strong|member|story|storey|point|page)
      |\s*(?:%|percent|per\s*cent))""",
    re.IGNORECASE | re.VERBOSE,
)
# What may stand before the number a trigger word starts: a qualifier, "a" of "a dozen", "tens of" …
_BEFORE_NUMBER = re.compile(
    rf"\b(?:(?:{_QUALIFIER})\s+)?(?:half\s+a\s+|a\s+few\s+|several\s+|a\s+|tens\s+of\s+|hundreds\s+of\s+)?\Z",
    re.IGNORECASE,
)
# The last word of every alternative of _BEFORE_NUMBER that ends in whitespace is among its words.
_QUALIFIER_LAST_WORDS = tuple(sorted(pattern_words(_BEFORE_NUMBER)))
_QUALIFIER_WORD_SET = frozenset(_QUALIFIER_LAST_WORDS)
register_triggers(
    "number",
    [
        *_UNITS_1_19,
        *_TENS,
        *[
            "dozen",
            "dozens",
            "hundred",
            "hundreds",
            "thousand",
            "thousands",
            "scores",
            "several",
            "few",
            "handful",
            "tens",
            "half",
        ],
    ],
)
_QUALIFIER_KIND = {
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least", "not less than": "at_least",
    "a minimum of": "at_least", "more than": "over", "over": "over", "upwards of": "over", "in excess of": "over",
    "nearly": "about", "almost": "about", "close to": "about", "about": "about", "around": "about",
    "approximately": "about", "roughly": "about", "some": "about", "an estimated": "about", "estimated": "about",
    "up to": "up_to", "as many as": "up_to", "at most": "up_to", "fewer than": "up_to", "less than": "up_to",
    "between": "range", "a total of": "exact",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Count:
    """A number in text with its qualifier: ``text`` is ``article_text[start:end]``."""

    start: int
    end: int
    text: str
    value: int
    value_max: int | None
    qualifier: str  # exact | at_least | over | up_to | about | range | vague
    digits: bool  # written in digits (a bare four-digit number may be a year)


def parse_number(written: str) -> int | None:
    """ "1,300" → 1300, "1 300" → 1300, "twenty-five" → 25, "two hundred" → 200, "1.5 million" → 1500000."""
    words = written.lower().replace("-", " ").split()
    if not words:
        return None
    if _DIGIT_NUMBER.fullmatch(written.lower().replace(" million", "million")):
        multiplier = 1
        cleaned = written.lower()
        for name, factor in (("million", 1_000_000), ("thousand", 1000)):
            if name in cleaned:
                multiplier, cleaned = factor, cleaned.replace(name, "")
        digits = _THOUSANDS_SEPARATOR.sub("", cleaned)
        try:
            return int(float(digits) * multiplier)
        except ValueError:
            return None
    total = 0
    current = 0
    for word in words:
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word in _MULTIPLIERS:
            current = max(current, 1) * _MULTIPLIERS[word]
            if word != "hundred":
                total, current = total + current, 0
        elif word != "and":
            return None
    return total + current


def find_counts(text: str, triggers: dict[str, list[Hit]] | None = None) -> list[Count]:
    """Every number phrase in ``text``, in text order. ``triggers`` (from :func:`loaders.text.scan_triggers`)
    saves a second scan: the pattern runs only where a digit or a number word is."""
    if triggers is None:
        triggers = scan_triggers(text)
    anchors = sorted([*triggers.get("digits", []), *triggers.get("number", [])], key=_HIT_START)
    counts: list[Count] = []
    covered = -1
    for hit in anchors:
        if hit.start < covered:
            continue  # the second half of "1,300", "5,000-40,000" or "hundreds of thousands"
        before = _before_number(text, hit.start)
        m = _COUNT.match(text, before.start()) if before else None
        if m is None or m.end() <= hit.start:
            m = _COUNT.match(text, hit.start)
        if m is None:
            continue
        count = _count_from_match(m)
        if count is not None:
            counts.append(count)
            covered = count.end
    return counts


def _before_number(text: str, start: int) -> re.Match[str] | None:
    """``_BEFORE_NUMBER`` searched in the 32 characters before ``start``, where it can match at all.

    Searched, the end-anchored pattern is tried at every position of the window; but whatever it matches ends at
    ``start`` either with whitespace after a qualifier's last word or, when all of it is optional and empty, at a
    word boundary. So there is nothing to find after a character that is neither a word character nor whitespace,
    or after whitespace that follows a word that ends no qualifier (as re.IGNORECASE reads it).
    """
    if start == 0:
        return None  # an empty window: \b fails at the very start of the text
    previous = text[start - 1]
    if previous.isspace():
        word = regex_lower(last_word(text[max(0, start - 32) : start]))
        # A word of letters only must be a qualifier's last word itself; any other ends with one ("(over").
        if word not in _QUALIFIER_WORD_SET if word.isalpha() else not word.endswith(_QUALIFIER_LAST_WORDS):
            return None
    elif not (previous.isalnum() or previous == "_"):  # \w
        return None
    return _BEFORE_NUMBER.search(text, max(0, start - 32), start)


def _count_from_match(m: re.Match[str]) -> Count | None:
    qual = m.group("qual")
    qualifier_words = " ".join(qual.lower().split()) if qual else ""
    qualifier = _QUALIFIER_KIND.get(qualifier_words, "exact")
    end = m.end()
    if m.group("vague"):
        vague = " ".join(m.group("vague").lower().split())
        if vague in _ABOUT_VALUES:
            return Count(m.start(), end, m.group(), _ABOUT_VALUES[vague], None, "about", False)
        return Count(m.start(), end, m.group(), _VAGUE_VALUES[vague], None, "vague", False)
    low = parse_number(m.group("lo"))
    if low is None:
        return None
    high = None
    if m.group("hi"):
        separator = m.group("sep").lower()
        if separator == "and" and qualifier_words != "between":
            end = m.end("lo")  # "20 and 30 wounded" is two numbers, not a range
        else:
            high = parse_number(m.group("hi"))
            if high is None or high < low:
                end, high = m.end("lo"), None
    if high is not None:
        qualifier = "range"
    digits = m.group("lo")[0].isdigit()
    return Count(m.start(), end, m.string[m.start() : end], low, high, qualifier, digits)


# ------------------------------------------------------------------------------------------------ cues
_KILLED = (
    r"killed|dead|died|die|executed|slaughtered|massacred|murdered|slain|perished|beheaded|martyred|assassinated"
    r"|shot\s+dead|gunned\s+down|mowed\s+down|lost\s+their\s+lives|burned\s+alive|burnt\s+alive|buried\s+alive"
    r"|killed\s+off"
)
_DEATH_NOUNS = _words("dead deaths fatalities casualties victims bodies corpses martyrs lives killed")  # noqa: RUF100
_HARMED = r"wounded|injured|hurt|arrested|abducted|detained|displaced|missing|kidnapped|evacuated|rescued|freed"
_AUX = (
    r"(?:(?:were|was|have|has|had|been|being|are|is|be|having|got|get|reportedly|allegedly|also|all|now|already"
    r"|later|still|subsequently|apparently|confirmed|said\s+to\s+have|believed\s+to\s+have|thought\s+to\s+have|feared"
    r"|found|left|lying|who|that|which)\s+){0,4}"
)
# After the count's noun phrase: "… have been killed", "— including women and children — were executed".
_RIGHT_CUE = re.compile(rf"(?:\s*[—–]\s*[^—–.;]{{1,100}}?\s*[—–])?\s*,?\s*{_AUX}(?:{_KILLED})\b", re.IGNORECASE)
_KILLED_WORD = re.compile(_KILLED)
_HARMED_WORD = re.compile(_HARMED)
_RIGHT_HARM = re.compile(rf"\s*,?\s*(?:others\s+)?{_AUX}({_HARMED})\b", re.IGNORECASE)
# Before the count: "killed", "massacre of", "death toll … risen to". The pattern is searched in a window that
# ends at the count, so ``\Z`` anchors it there.
_LEFT_CUE = re.compile(
    r"(?:\b(?:kill(?:s|ed|ing)?|massacr(?:ed|ing|es)|slaughter(?:ed|ing|s)?|execut(?:ed|ing|es)|murder(?:ed|ing|s)?"
    r"|claim(?:ed|ing|s)?\s+the\s+lives\s+of|behead(?:ed|ing)|shot\s+dead|gunned\s+down|left|leaving)"
    r"|\b(?:deaths?|killings?|massacres?|murders?|executions?|slaughter|bodies|remains|burial|funerals?|"
    r"assassinations?|lives)\s+of"
    r"|\b(?:death|casualty|civilian|final|overall|the|a)?\s*tolls?\b[^.;]{0,110}?\b(?:to|at|of|reached|hit|is|was|"
    r"stands\s+at|stood\s+at|surpassed|passed|exceeded|:)"
    r"|\b(?:number\s+of\s+(?:dead|deaths|victims|people\s+killed|those\s+killed|fatalities|casualties))\b[^.;]{0,60}?"
    r"\b(?:to|at|of|reached|is|was)"
    r"|\bamong\s+(?:the\s+|those\s+)?(?:dead|killed|slain|fatalities|people\s+killed)\s+(?:were|was|are|is|included)"
    r"|\b(?:dead|fatalities)\s+includ(?:ed|e|es)"
    r")\s+(?:(?:the|a|an|another|a\s+further|an\s+additional|further|at\s+least|over|some)\s+)?\Z",
    re.IGNORECASE,
)
_LEFT_HARM = re.compile(
    rf"\b({_HARMED}|abduct(?:ed|ing|s)?|arrest(?:ed|ing|s)?|detain(?:ed|ing|s)?|kidnapp(?:ed|ing)|wound(?:ed|ing|s)?"
    r"|injur(?:ed|ing|es)|evacuat(?:ed|ing)|displac(?:ed|ing)|rescu(?:ed|ing)|dismiss(?:ed|ing|al\s+of))"
    r"\s+(?:the\s+|at\s+least\s+|another\s+|more\s+than\s+|some\s+|over\s+)?\Z",
    re.IGNORECASE,
)
# Nouns after a count that make it a casualty figure of another kind than deaths ("19 injuries").
_HARM_NOUNS = {"injuries": "injured", "injured": "injured", "wounded": "injured", "wounds": "injured"}
_HARM_KINDS = (
    ("injured", ("wound", "injur", "hurt")),
    ("missing", ("missing",)),
    ("detained", ("arrest", "abduct", "detain", "kidnap")),
    ("displaced", ("displac",)),
)


def harm_kind(word: str) -> str | None:
    """The casualty kind a verb of harm names ("wounding" → injured, "abducted" → detained); None for verbs that
    count no casualty (evacuated, rescued, freed, dismissed)."""
    lower = word.lower()
    return next((kind for kind, stems in _HARM_KINDS if lower.startswith(stems)), None)


_LEFT_NEEDS_DEAD = re.compile(r"\b(?:left|leaving)\s+\S*\s*\Z", re.IGNORECASE)
_NP_TOKEN = re.compile(r"[ \t]+([^\W\d][\w’'\-]*)")
_NP_STOP = _words(
    "were was have has had are is be been being who which that in on at after since during when while by from to "
    "with as across near into inside outside under between among amid amidst for because but including this last "
    "according said says reported reportedly allegedly also all now already since following until before or "
    "than per across throughout within against over having took take takes taking fled flee remain remained live "
    "lived came come went face faced include includes included"
)
_DETERMINERS = _words("the a an his her its their our this that these those")
_UNIT_WORDS = _words(
    "km kilometers kilometres kilometer kilometre miles mile meters metres meter metre sq square percent years "
    "year months month weeks week days day hours hour minutes minute seconds times buses bus vehicles vehicle tanks "
    "rockets rocket missiles missile shells shell barrels barrel dollars dollar euros tons tonnes kg feet acres "
    "hectares degrees am pm mm billion rounds bombs airstrikes raids strikes sorties villages towns houses homes "
    "buildings trucks aircraft jets flights hospitals schools points cases"
)
_SUBSET_OPENER = re.compile(
    r"\W*(?:of|among|including)\s+(?:those|them|these|whom|the\s+(?:dead|victims|killed|deceased))\b", re.IGNORECASE
)
_CONNECTOR = re.compile(
    r"\s*,?\s*(?:(?:and|as\s+well\s+as|along\s+with|plus|in\s+addition\s+to|besides|including|of\s+whom|among\s+them"
    r"|among\s+whom|with|while)\s+)?\Z",
    re.IGNORECASE,
)

_VICTIM_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("children", _words("children child kids minors boys girls infants babies toddlers")),
    ("women", _words("women woman mothers girls")),
    (
        "security_forces",
        _words(
            "soldiers soldier troops servicemen policemen police officers personnel army regime security "
            "ministry military forces troopers gendarmes conscripts"
        ),
    ),
    (
        "fighters",
        _words(
            "fighters fighter militants militant rebels rebel gunmen insurgents combatants jihadists jihadis "
            "militiamen terrorists extremists armed attackers"
        ),
    ),
    ("civilians", _words("civilians civilian unarmed noncombatants")),
    (
        "people",
        _words(
            "people persons individuals residents villagers men others members family families relatives worker "
            "workers students doctors brothers sons"
        ),
    ),
)


@dataclass(slots=True)
class _Candidate:
    count: Count
    np_end: int
    tokens: list[str]
    sentence_index: int
    tied: bool = False
    cue_end: int = 0  # where the right-hand cue ends, for chaining the next count
    subset_of: ClaimRecord | None = None
    left_cue: int | None = None  # where a cue before the count starts ("The death toll from … has risen to")
    harmed: bool = False  # a verb of harm that is no casualty kind governs it ("evacuated dozens")
    harm: str = "killed"  # the casualty kind once tied: killed | injured | missing | detained | displaced


class ClaimFinder:
    """Finds the claims of one document, given its statements (for claimants) and the attributor (for names)."""

    def __init__(self, doc: Document, statements: list[StatementRecord], attributor: Attributor, gazetteer: Any):
        self.doc = doc
        self.text = doc.text
        self.statements = statements
        self.attributor = attributor
        self.gazetteer = gazetteer
        self._statements_by_sentence: dict[int, list[StatementRecord]] = {}
        for statement in statements:
            index = doc.sentence_index(statement.start)
            self._statements_by_sentence.setdefault(index, []).append(statement)
        self._incident_places: list[str] | None = None
        self._victim_context: list[str] | None = None
        self._article_country: list[str] | None = None
        self._places_cache: dict[tuple[int, bool], list[str]] = {}
        self._kill_sentence_list: list[Sentence] | None = None
        self._hit_sentences: dict[str, list[tuple[Hit, int, int]]] = {}
        self._sentence_sources: dict[int, list[tuple[int, Speaker]]] = {}
        self._lowered: str | None = None  # the text as re.IGNORECASE reads it (same length), when first needed

    def run(self) -> list[ClaimRecord]:
        """Every claim of the document, in text order."""
        claims = self.casualties()
        claims.extend(self.blames())
        claims.extend(self.denials())
        claims.sort(key=lambda c: (c.start, c.kind))
        return claims

    # -------------------------------------------------------------------------------------- casualties
    def casualties(self) -> list[ClaimRecord]:
        doc, text = self.doc, self.text
        date_starts = [d.start for d in doc.dates]
        candidates: list[_Candidate] = []
        for count in find_counts(text, doc.triggers):
            overlapping = bisect_left(date_starts, count.end) - 1  # the last date starting before the count ends
            if overlapping >= 0 and doc.dates[overlapping].end > count.start:
                continue  # part of a date: "March 9, 2025"
            np_end, tokens = self._noun_phrase(count)
            if tokens and tokens[0].lower() in _UNIT_WORDS:
                continue
            if self._looks_like_year(count, tokens):
                continue
            if count.value == 1 and not count.digits and (not tokens or tokens[0].lower() == "of"):
                continue  # "one of the deadliest", "one of those killed"
            candidates.append(_Candidate(count, np_end, tokens, doc.sentence_index(count.start)))
        for candidate in candidates:
            self._tie(candidate)
        self._chain(candidates)
        claims: list[ClaimRecord] = []
        previous: ClaimRecord | None = None
        previous_sentence = -10
        for candidate in candidates:
            if not candidate.tied and previous is not None and candidate.sentence_index - previous_sentence <= 1:
                sentence = doc.sentences[candidate.sentence_index]
                opener = _SUBSET_OPENER.match(text, sentence.start, candidate.count.start)
                if opener and candidate.tokens and not candidate.harmed:
                    candidate.tied = True
                    candidate.subset_of = previous
            if not candidate.tied:
                continue
            claim = self._casualty_claim(candidate)
            claims.append(claim)
            previous, previous_sentence = claim, candidate.sentence_index
        return claims

    def _noun_phrase(self, count: Count) -> tuple[int, list[str]]:
        """The victims' noun phrase after a count: "unarmed Alawite civilians", "members of the … regime"."""
        text = self.text
        sentence_end = self.doc.sentences[self.doc.sentence_index(count.start)].end
        position = count.end
        tokens: list[str] = []
        while len(tokens) < 9:
            m = _NP_TOKEN.match(text, position, sentence_end)
            if m is None:
                break
            word = m.group(1)
            lower = word.lower()
            if lower in _NP_STOP or _KILLED_WORD.fullmatch(lower) or _HARMED_WORD.fullmatch(lower):
                break
            if lower == "and":
                after = _NP_TOKEN.match(text, m.end(), sentence_end)
                if (
                    after is None
                    or after.group(1).lower() in _NP_STOP
                    or after.group(1).lower().endswith(("ed", "ing"))
                    or after.group(1).lower() in _DETERMINERS  # "one person and the injury of 40": a new phrase
                    or after.group(1).lower() in _WORD_VALUES  # "53 injuries and two deaths": a new count
                ):
                    break
            tokens.append(word)
            position = m.end()
            if lower in _DEATH_NOUNS:
                break
        return position, tokens

    def _looks_like_year(self, count: Count, tokens: list[str]) -> bool:
        if not count.digits or count.qualifier not in ("exact", "range"):
            return False
        written = count.text.split("-")[0].split("–")[0].strip()
        if not _FOUR_DIGIT_YEAR.fullmatch(written):
            return False
        return not tokens or _victim_category(tokens) is None

    def _tie(self, candidate: _Candidate) -> None:
        text, count = self.text, candidate.count
        sentence = self.doc.sentences[candidate.sentence_index]
        injury_noun = next((t.lower() for t in candidate.tokens if t.lower() in _HARM_NOUNS), None)
        if injury_noun is not None:
            candidate.tied, candidate.cue_end, candidate.harm = True, candidate.np_end, _HARM_NOUNS[injury_noun]
            return  # "19 injuries", "dozens of casualties and injuries" is left to the death nouns below
        if any(token.lower() in _DEATH_NOUNS for token in candidate.tokens):
            candidate.tied, candidate.cue_end = True, candidate.np_end
            return
        right = _RIGHT_CUE.match(text, candidate.np_end, sentence.end)
        if right is not None:
            candidate.tied, candidate.cue_end = True, right.end()
            return
        right_harm = _RIGHT_HARM.match(text, candidate.np_end, sentence.end)
        if right_harm is not None and harm_kind(right_harm.group(1)) is not None:
            candidate.tied, candidate.cue_end = True, right_harm.end()
            candidate.harm = harm_kind(right_harm.group(1)) or "killed"
            return  # "75 were injured", "30 others missing"
        window_start = max(sentence.start, count.start - 160)
        if self.doc.hits("harm", max(window_start, count.start - 30), count.start):
            left_harm = _LEFT_HARM.search(text, max(window_start, count.start - 30), count.start)
            if left_harm is not None:
                kind = harm_kind(left_harm.group(1))
                if kind is None:
                    candidate.harmed = True
                    return  # "evacuated dozens of women": no casualty
                candidate.tied, candidate.cue_end, candidate.harm = True, candidate.np_end, kind
                return  # "injuring 40", "abducted dozens of women"
        cues = self.doc.hits("leftcue", window_start, count.start)
        left = _LEFT_CUE.search(text, cues[0].start, count.start) if cues else None
        if left is not None:
            if _LEFT_NEEDS_DEAD.search(text, max(window_start, count.start - 30), count.start):
                return  # "leaving 13 of them" counts only with "dead" after, handled above
            if _RIGHT_HARM.match(text, candidate.np_end, sentence.end):
                return  # "killed 6 and 30 wounded": the 30 are not dead
            candidate.tied, candidate.cue_end = True, candidate.np_end
            candidate.left_cue = left.start()

    def _chain(self, candidates: list[_Candidate]) -> None:
        """Counts joined in one list share the cue: "745 … killed, along with 150 … and 125 …"."""
        text = self.text
        changed = True
        while changed:
            changed = False
            for a, b in itertools.pairwise(candidates):
                if a.sentence_index != b.sentence_index or a.tied == b.tied:
                    continue
                gap_start = a.cue_end if a.tied and a.cue_end else a.np_end
                if not _CONNECTOR.match(text, gap_start, b.count.start):
                    continue
                sentence = self.doc.sentences[b.sentence_index]
                if _RIGHT_HARM.match(text, b.np_end, sentence.end) or _RIGHT_HARM.match(text, a.np_end, sentence.end):
                    continue
                if a.harmed or b.harmed:
                    continue
                if not b.tied:
                    b.tied, b.cue_end, b.harm = True, b.np_end, a.harm
                else:
                    a.tied, a.cue_end, a.harm = True, a.np_end, b.harm
                changed = True

    def _casualty_claim(self, candidate: _Candidate) -> ClaimRecord:
        doc, text, count = self.doc, self.text, candidate.count
        sentence = doc.sentences[candidate.sentence_index]
        end = candidate.np_end
        tokens = candidate.tokens
        if not tokens and candidate.left_cue is not None:
            # "The death toll from massacres … against Alawite civilians has risen to 745": the toll names them.
            phrase_start = candidate.left_cue
            victims_of = list(_VICTIMS_OF.finditer(text[phrase_start : count.start]))
            if victims_of:
                phrase_start += victims_of[-1].end()
            tokens = _WORDS.findall(text[phrase_start : count.start])
            np_mentions_start = phrase_start
        else:
            np_mentions_start = count.end
        victims = _victim_category(tokens)
        after = _AS_CATEGORY.match(text[end : end + 30])
        if after and _victim_category([after.group(1)]) is not None:
            victims = _victim_category([after.group(1)])  # "identified 830 people as civilians"
        np_mentions = doc.mentions_in(np_mentions_start, max(end, count.start))
        victim_ids = [
            m.entity_id
            for m in np_mentions
            if doc.label_of(m.entity_id) in BLAMABLE_LABELS
            and (np_mentions_start == count.end or doc.label_of(m.entity_id) == "Community")
        ]
        victim_ids.extend(self._community_words(tokens, victim_ids))
        if victims is None:
            community = next((v for v in victim_ids if doc.label_of(v) == "Community"), None)
            victims = _community_slug(community) if community else None
        if victims is None and any(t.lower() in ("them", "those", "whom") for t in candidate.tokens[:2]):
            victims = self._antecedent_victims(sentence.start, count.start)
        claim = ClaimRecord(
            kind="casualty",
            text=text[count.start : end],
            start=count.start,
            end=end,
            sentence=sentence,
            value=count.value,
            value_max=count.value_max,
            qualifier=count.qualifier,
            victims=victims or "people",
            victim_ids=_unique(victim_ids),
            harm=candidate.harm,
        )
        self._attribute(claim)
        parent = candidate.subset_of
        if parent is not None:  # "Of those, … 830": the breakdown of an earlier toll keeps its source and date
            claim.claimant = claim.claimant or parent.claimant
            claim.claimant_id = claim.claimant_id or parent.claimant_id
            claim.outlet_id = claim.outlet_id or parent.outlet_id
            claim.via, claim.via_id = claim.via or parent.via, claim.via_id or parent.via_id
        self._dates(claim, sentence, parent)
        claim.place_ids = self._places(claim, sentence, parent)
        claim.topic = self._casualty_topic(claim)
        return claim

    def _community_words(self, tokens: list[str], known: list[str]) -> list[str]:
        """Communities named by an adjective the mentions may have missed ("Alawite civilians")."""
        found: list[str] = []
        for token in tokens:
            if token[:1].isupper() and len(token) > 3:
                entity = self.gazetteer.resolve(token, labels=("Community",))
                if entity is not None and entity.id not in known and entity.id not in found:
                    found.append(entity.id)
                    self.doc.entities.setdefault(entity.id, entity)
                    self.attributor.added_entities.setdefault(entity.id, entity)
        return found

    def _antecedent_victims(self, start: int, end: int) -> str | None:
        words = _WORDS.findall(self.text[start:end])
        for size in (2, 1):
            for i in range(len(words) - size, -1, -1):
                category = _victim_category(words[i : i + size])
                if category is not None:
                    return category
        return None

    def _dates(self, claim: ClaimRecord, sentence: Sentence, parent: ClaimRecord | None) -> None:
        statement = statement_at(self._in_sentence(claim.start), claim.start, claim.end)
        span_start = statement.start if statement else sentence.start
        span_end = statement.end if statement else sentence.end
        since: date | None = None
        found_dates = self.doc.dates_in(span_start, span_end) or self.doc.dates_in(sentence.start, sentence.end)
        # The date nearest the figure is its own ("updated to 221 by Wednesday … since the war began in 2011").
        found_dates = sorted(found_dates, key=lambda d: abs(d.start - claim.start))
        for found in found_dates:
            if found.role == "as_of":
                claim.as_of = found.date
            elif found.role == "since":
                since = found.date
            elif claim.date is None:
                claim.date = found.date
        if parent is not None and claim.date is None and claim.as_of is None:
            claim.date, claim.as_of = parent.date, parent.as_of
        if claim.as_of is None and (claim.date is None or since is not None):
            # A running toll with no date of its own counts up to when it was reported.
            claim.as_of = (statement.date if statement else None) or self.doc.published
            if since is not None:
                claim.date = since

    def _places(self, claim: ClaimRecord, sentence: Sentence, parent: ClaimRecord | None) -> list[str]:
        """Where the claim's events happened: the places its sentence names outside the attribution, else its
        parent toll's, else those of the two sentences before it in the paragraph, else the article's scene."""
        index = self.doc.sentence_index(sentence.start)
        places = self._sentence_places(index, outside_speakers=True)
        if places:
            return list(places)
        if parent is not None and parent.place_ids:
            return list(parent.place_ids)
        for back in (1, 2):
            if index - back < 0:
                break
            previous = self.doc.sentences[index - back]
            if not self.doc.same_paragraph(previous.end, sentence.start):
                break
            places = self._sentence_places(index - back, outside_speakers=False)
            if places:
                return list(places)
        return self.incident_places()[:1] or self.article_country()

    def _sentence_places(self, index: int, outside_speakers: bool) -> list[str]:
        key = (index, outside_speakers)
        cached = self._places_cache.get(key)
        if cached is None:
            sentence = self.doc.sentences[index]
            excluded = self._speaker_spans(sentence) if outside_speakers else []
            cached = _unique(
                [
                    m.entity_id
                    for m in self.doc.mentions_in(sentence.start, sentence.end)
                    if self.doc.label_of(m.entity_id) == "Location" and not any(s <= m.start < e for s, e in excluded)
                ]
            )
            self._places_cache[key] = cached
        return cached

    def _in_sentence(self, offset: int) -> list[StatementRecord]:
        """The statements of the sentence around ``offset`` (a statement never spans two sentences)."""
        return self._statements_by_sentence.get(self.doc.sentence_index(offset), [])

    def _speaker_spans(self, sentence: Sentence) -> list[tuple[int, int]]:
        """The parts of a sentence outside its statements' texts: where speakers are named ("the UK-based Syrian
        Observatory"), not where things happened."""
        inside = [
            (s.start, s.end) for s in self._statements_by_sentence.get(self.doc.sentence_index(sentence.start), [])
        ]
        return _complement(inside, sentence) if inside else []

    def _kill_sentences(self) -> list[Sentence]:
        """Sentences that speak of killing."""
        if self._kill_sentence_list is None:
            indices = sorted({self.doc.sentence_index(hit.start) for hit in self.doc.hits("killword")})
            self._kill_sentence_list = [self.doc.sentences[i] for i in indices]
        return self._kill_sentence_list

    def article_country(self) -> list[str]:
        """The country the article names most, as the place of last resort."""
        if self._article_country is None:
            counter = Counter(
                m.entity_id
                for m in self.doc.mentions
                if (entity := self.doc.entities.get(m.entity_id)) is not None
                and entity.properties.get("kind") == "country"
            )
            self._article_country = [counter.most_common(1)[0][0]] if counter else []
        return self._article_country

    def incident_places(self) -> list[str]:
        """Places named in sentences that speak of killing, most named first: the article's scene."""
        if self._incident_places is None:
            counter: Counter[str] = Counter()
            first: dict[str, int] = {}
            for sentence in self._kill_sentences():
                for m in self.doc.mentions_in(sentence.start, sentence.end):
                    entity = self.doc.entities.get(m.entity_id)
                    if entity is None or entity.label != "Location" or entity.properties.get("kind") == "country":
                        continue
                    before = self.text[max(0, m.start - 30) : m.start].lower().split()[-3:]
                    if not any(word in _LOCATIVE_WORDS for word in before):
                        continue  # "Damascus launched …" is the government, not a scene
                    counter[m.entity_id] += 1
                    first.setdefault(m.entity_id, m.start)
            # Gazetteer places before provisional ones, which cannot be placed in the hierarchy.
            self._incident_places = sorted(
                counter, key=lambda e: (self.doc.entities[e].provisional, -counter[e], first[e])
            )
        return self._incident_places

    def _casualty_topic(self, claim: ClaimRecord) -> str:
        community = next((v for v in claim.victim_ids if self.doc.label_of(v) == "Community"), None)
        victims = claim.victims or "people"
        if community and _community_slug(community) != victims:
            victims = f"{victims}+{_community_slug(community)}"
        if claim.harm not in (None, "killed"):
            victims = f"{claim.harm}-{victims}"  # injured are never compared with killed
        return f"casualty:{victims}:{self._topic_place(claim.place_ids)}:{self._topic_month(claim)}"

    def _topic_place(self, place_ids: list[str]) -> str:
        """The widest useful area for grouping: one governorate if the places share it, else the country."""
        governorates: set[str] = set()
        countries: set[str] = set()
        for place_id in place_ids:
            chain = [place_id, *self.gazetteer.ancestors(place_id)]
            for ancestor in chain:
                entity = self.doc.entities.get(ancestor) or self.gazetteer.get(ancestor)
                kind = entity.properties.get("kind") if entity else None
                if kind == "governorate":
                    governorates.add(ancestor)
                elif kind == "country":
                    countries.add(ancestor)
        if len(governorates) == 1:
            return next(iter(governorates))
        if len(countries) == 1:
            return next(iter(countries))
        return next(iter(self.article_country()), "unknown")

    def _topic_month(self, claim: ClaimRecord) -> str:
        when: date | None = claim.date or claim.as_of or self.doc.published
        if when is None:
            return "undated"
        # strftime costs three times more; below year 1000 its %Y differs between platforms, so it decides there.
        return f"{when.year}-{when.month:02d}" if when.year >= 1000 else when.strftime("%Y-%m")

    def _attribute(self, claim: ClaimRecord, start: int | None = None, end: int | None = None) -> None:
        """The claimant is the speaker of the innermost statement that contains the claim (or its culprit)."""
        start = claim.start if start is None else start
        end = claim.end if end is None else end
        statement = statement_at(self._in_sentence(start), start, end)
        if statement is not None:
            claim.outlet_id = statement.outlet_id
            if statement.speaker_id is not None or not is_fragment(statement.speaker):
                claim.claimant, claim.claimant_id = statement.speaker, statement.speaker_id
                claim.via, claim.via_id = statement.via, statement.via_id
                return
        # No statement, or one whose "speaker" is a piece of the sentence: the source the sentence names.
        source = nearest_source(self._sources(start), start, end)
        if source is not None:
            claim.claimant, claim.claimant_id = source.text, source.entity_id

    def _sources(self, offset: int) -> list[tuple[int, Speaker]]:
        index = self.doc.sentence_index(offset)
        found = self._sentence_sources.get(index)
        if found is None:
            found = sentence_sources(self.doc, self.attributor, self.doc.sentences[index])
            self._sentence_sources[index] = found
        return found

    # -------------------------------------------------------------------------------------- blame
    def blames(self) -> list[ClaimRecord]:
        claims: list[ClaimRecord] = []
        seen = SpanSet()
        for pattern, family, before, after, needed in _BLAME_PATTERNS:
            for m in self._matches_at(pattern, family, before, after, needed):
                group = "perp"
                perp_start = m.start(group)
                if pattern is _PARTICIPANTS:
                    perp_end = _trim_end_chars(self.text, perp_start, m.end(group))  # a list: "Chechens, Uzbeks, …"
                else:
                    perp_end = _perp_end(self.text, perp_start, m.end(group))
                if perp_end <= perp_start or seen.overlaps(perp_start, perp_start + 1):
                    continue
                if pattern is _POSSESSIVE_BLAME and not any(
                    self.doc.label_of(x.entity_id) in _CULPRIT_LABELS
                    for x in self.doc.mentions_in(perp_start, perp_end)
                ):
                    continue  # "the Alawite massacres" names the victims, not the culprits
                # The cue after the culprit ("HTS massacres") belongs in the claim's span too.
                cue_end = m.end() if m.end(group) < m.end() else None
                claim = self._blame_claim(m.start(), perp_start, perp_end, cue_end=cue_end)
                if claim is not None:
                    if family in _ACCUSING_FAMILIES and claim.claimant is None:
                        self._accuser_claims(claim, m.start())
                    seen.add(perp_start, perp_end)
                    claims.append(claim)
        claims.extend(self._active_blames(seen))
        claims.extend(self._attack_blames(seen))
        return claims

    def _matches_at(
        self, pattern: re.Pattern[str], family: str, before: int, after: int | None, needed: str | None = None
    ) -> list[re.Match[str]]:
        """Matches of ``pattern`` in the sentence windows around each trigger word of ``family``: from ``before``
        characters ahead of the word to ``after`` characters past it (None: to the sentence end). A pattern that
        starts with its trigger word (``before`` 0) is matched right there; one that ``needed`` a word (case-blind,
        see :func:`loaders.text.regex_lower`) is not tried where the window lacks it."""
        found: list[re.Match[str]] = []
        starts: set[int] = set()
        for hit, sentence_start, sentence_end in self._family_sentences(family):
            lo = max(sentence_start, hit.start - before)
            hi = sentence_end if after is None else min(sentence_end, hit.end + after)
            if needed is not None:
                if self._lowered is None:
                    self._lowered = regex_lower(self.text)
                if self._lowered.find(needed, lo, hi) == -1:
                    continue
            m = pattern.match(self.text, lo, hi) if before == 0 else pattern.search(self.text, lo, hi)
            if m is not None and m.start() not in starts:
                found.append(m)
                starts.add(m.start())
        return found

    def _family_sentences(self, family: str) -> list[tuple[Hit, int, int]]:
        """The trigger words of ``family``, each with the bounds of its sentence (several patterns share a family)."""
        found = self._hit_sentences.get(family)
        if found is None:
            sentences, sentence_index = self.doc.sentences, self.doc.sentence_index
            found = []
            for hit in self.doc.hits(family):
                sentence = sentences[sentence_index(hit.start)]
                found.append((hit, sentence.start, sentence.end))
            self._hit_sentences[family] = found
        return found

    def _active_blames(self, seen: SpanSet) -> list[ClaimRecord]:
        """ "Islamists aligned with Syria’s interim government massacred hundreds …": the subject is blamed."""
        claims = []
        for m in self._matches_at(_ACTIVE_KILL, "active", 0, None):
            before = self.text[max(0, m.start() - 12) : m.start()].lower()
            if m.group().lower().endswith("ing") and not _PROGRESSIVE_AUX_BEFORE.search(before):
                continue  # "accuse … of massacring": a gerund, not a finite verb with a subject
            after = self.text[m.end() : m.end() + 20]
            if _ADVERB_AFTER.match(after):
                continue  # "civilians executed individually": no object, so no agent before it
            if _PASSIVE_AFTER.match(after) and not _NUMBER_AFTER.match(after):
                continue  # "civilians killed in their homes": a passive, not an agent
            verb_start = m.start()
            if _COPULA_CUE.match(m.group()):
                copula = _COPULA_BEFORE.search(self.text, max(0, verb_start - 30), verb_start)
                if copula is None:
                    continue  # "forces responsible for security": no one is said to be responsible
                verb_start = copula.start()
            elif _PASSIVE_AUX_BEFORE.search(self.text[max(0, m.start() - 40) : m.start()].lower()):
                continue  # "was also killed": a passive
            sentence = self.doc.sentence_at(m.start())
            subject = self.attributor._subject(sentence, verb_start, [])
            if subject is None:
                continue
            start, end = subject[0], subject[1]
            start = self._after_speaker(start, verb_start)
            if seen.overlaps(start, end) or len(self.text[start:end].split()) > 10:
                continue
            if _ENDS_WITH_PREPOSITION.search(self.text[start:end]) or self._names_a_speaker(start, end):
                continue
            claim = self._blame_claim(start, start, end, cue_end=m.end())
            if claim is not None:
                if m.group().lower().startswith("claimed"):  # a side's claim of its own action
                    claim.claimant, claim.claimant_id = self.text[start:end], claim.blamed_ids[0]
                seen.add(start, end)
                claims.append(claim)
        return claims

    def _accuser_claims(self, claim: ClaimRecord, verb_start: int) -> None:
        """ "A Sudanese monitor accused the army of …": whoever accuses (or blames) makes the claim."""
        subject = self.attributor._subject(self.doc.sentence_at(verb_start), verb_start, [])
        if subject is None:
            return
        speaker = self.attributor.speaker_for(subject[0], subject[1])
        if speaker is not None and speaker.entity_id not in claim.blamed_ids:
            claim.claimant, claim.claimant_id = speaker.text, speaker.entity_id

    def _attack_blames(self, seen: SpanSet) -> list[ClaimRecord]:
        """ "an Israeli airstrike", "RSF shelling", "Russian warplanes": an actor named in front of an attack noun
        (or whose name ends in one) carried it out."""
        doc, text = self.doc, self.text
        claims = []
        for mention in doc.mentions:
            if doc.label_of(mention.entity_id) not in _CULPRIT_LABELS:
                continue
            if seen.overlaps(mention.start, mention.end):
                continue
            cue = _ATTACK_AFTER_NAME.match(text, mention.end)
            if cue is None and not _ATTACK_WORD_AT_END.search(mention.alias):
                continue
            if self._names_a_speaker(mention.start, mention.end) or _TARGET_BEFORE.search(
                text, max(0, mention.start - 25), mention.start
            ):
                continue  # "strikes on Hamas positions": the target, not the attacker
            if not doc.hits("killword", *self._sentence_bounds(mention.start)) and not doc.hits(
                "harm", *self._sentence_bounds(mention.start)
            ):
                continue  # an attack nobody is said to have died or been hurt in is not a blame for casualties
            claim = self._blame_claim(mention.start, mention.start, mention.end, cue_end=cue.end() if cue else None)
            if claim is not None:
                seen.add(mention.start, mention.end)
                claims.append(claim)
        return claims

    def _after_speaker(self, start: int, verb_start: int) -> int:
        """Where a subject starts once the speaker in front of it is cut off: "Activists said HTS fighters were
        responsible" → "HTS fighters" (the words reported start there)."""
        for statement in self._in_sentence(verb_start):
            if start < statement.start <= verb_start < statement.end:
                return _skip_spaces(self.text, statement.start)
        return start

    def _sentence_bounds(self, offset: int) -> tuple[int, int]:
        sentence = self.doc.sentence_at(offset)
        return sentence.start, sentence.end

    def _names_a_speaker(self, start: int, end: int) -> bool:
        """Whether ``start:end`` is where a statement's speaker is named ("Governor X said the onslaught …")."""
        return any(s < end and start < e for s, e in self._speaker_name_spans(start))

    def _speaker_name_spans(self, offset: int) -> list[tuple[int, int]]:
        """Spans of the speakers named in the sentence around ``offset``, as written."""
        spans = []
        sentence = self.doc.sentence_at(offset)
        for statement in self._in_sentence(offset):
            if not statement.speaker:
                continue
            found = self.text.find(statement.speaker, sentence.start, sentence.end)
            if found >= 0 and not (statement.start <= found < statement.end):
                spans.append((found, found + len(statement.speaker)))
        return spans

    def _blame_claim(
        self, span_start: int, perp_start: int, perp_end: int, cue_end: int | None = None
    ) -> ClaimRecord | None:
        doc, text = self.doc, self.text
        sentence = doc.sentence_at(perp_start)
        quote = doc.quote_around(perp_start)
        if quote is not None and quote.end - quote.start < 40:
            return None  # a scare-quoted phrase, not a claim
        blamed = self._blamed(perp_start, perp_end)
        if not blamed:
            return None  # no perpetrator named: nobody to hold responsible
        start = min(span_start, perp_start)
        if perp_start - start > 50:  # "the perpetrators … are, but most indicate that they are X": just X
            start = perp_start
        end = max(perp_end, cue_end or perp_end)
        claim = ClaimRecord(
            kind="blame",
            text=text[start:end],
            start=start,
            end=end,
            sentence=sentence,
            blamed_ids=blamed,
        )
        claim.blamed = text[perp_start:perp_end]
        self._attribute(claim, perp_start, perp_end)
        claim.about_ids = self._victims_in(sentence, exclude=(perp_start, perp_end))
        for found in doc.dates_in(sentence.start, sentence.end):
            claim.date = found.date
            break
        if claim.date is None:
            claim.date = self._paragraph_date(sentence)
        claim.place_ids = self._places(claim, sentence, None)
        claim.topic = self._event_topic(claim)
        return claim

    def _blamed(self, start: int, end: int) -> list[str]:
        """The entities a culprit phrase names: the gazetteer's name for the whole phrase, else its mentions."""
        doc, text = self.doc, self.text
        phrase = text[start:end]
        ids: list[str] = []
        attempts = _blamed_attempts(phrase)
        pronoun = _POSSESSIVE_PRONOUN.search(phrase)
        if pronoun is not None:
            # "the remnants of his security forces", his = the man last named: "Assad remnants", "Assad forces".
            owner = self._last_person_alias(start)
            if owner:
                named = f"{phrase[: pronoun.start()]}{owner}’s {phrase[pronoun.end() :]}"
                attempts = [a for a in _owned_forms(named)] + attempts
        for attempt in attempts:
            entity = self.gazetteer.resolve(attempt, labels=BLAMABLE_LABELS)
            if entity is not None:
                doc.entities.setdefault(entity.id, entity)
                self.attributor.added_entities.setdefault(entity.id, entity)
                ids.append(entity.id)
                break
        if not ids and pronoun is not None:
            person = self._last_person_before(start)  # "by his cadres": the man last named
            if person:
                ids.append(person)
        if not ids:  # the gazetteer's name for the phrase beats the names inside it ("his security forces")
            ids.extend(m.entity_id for m in doc.mentions_in(start, end) if doc.label_of(m.entity_id) in BLAMABLE_LABELS)
            ids = _unique(ids)
        if not ids:
            ids.extend(self._described(phrase, start))
        if not ids and _ANAPHOR.fullmatch(phrase.strip()):
            ids.extend(self._last_armed_actor_before(start))
        if any(doc.label_of(i) != "Community" for i in ids):
            ids = [i for i in ids if doc.label_of(i) != "Community"]  # "Sunni terror gangs": the gangs, not Sunnis
        return ids

    def _described(self, phrase: str, offset: int) -> list[str]:
        """ "the central government" → the actor last named with those words ("central government in Damascus")."""
        words = _LEADING_DETERMINER.sub("", phrase.strip()).lower()
        if len(words) < 6 or " " not in words:
            return []
        for m in reversed(self.doc.mentions_in(max(0, offset - 5000), offset)):
            if words in m.alias.lower() and self.doc.label_of(m.entity_id) in BLAMABLE_LABELS:
                return [m.entity_id]
        return []

    def _last_armed_actor_before(self, offset: int) -> list[str]:
        """ "the group", "they", "the paramilitary": the faction or government last named before ``offset``."""
        for m in reversed(self.doc.mentions_in(max(0, offset - 2000), offset)):
            if self.doc.label_of(m.entity_id) in ("Faction", "Government"):
                return [m.entity_id]
        return []

    def _last_person_alias(self, offset: int) -> str:
        for m in reversed(self.doc.mentions_in(max(0, offset - 3000), offset)):
            if self.doc.label_of(m.entity_id) == "Person":
                return m.alias
        return ""

    def _last_person_before(self, offset: int) -> str | None:
        for m in reversed(self.doc.mentions_in(max(0, offset - 3000), offset)):
            if self.doc.label_of(m.entity_id) == "Person":
                return m.entity_id
        return None

    def _victims_in(self, sentence: Sentence, exclude: tuple[int, int]) -> list[str]:
        found = [
            m.entity_id
            for m in self.doc.mentions_in(sentence.start, sentence.end)
            if self.doc.label_of(m.entity_id) == "Community" and not (exclude[0] <= m.start < exclude[1])
        ]
        if not found:
            found = self.victim_context()[:1]
        return _unique(found)

    def victim_context(self) -> list[str]:
        """Communities named in sentences about killing, most named first: the article's victims."""
        if self._victim_context is None:
            counter: Counter[str] = Counter()
            for sentence in self._kill_sentences():
                for m in self.doc.mentions_in(sentence.start, sentence.end):
                    if self.doc.label_of(m.entity_id) == "Community":
                        counter[m.entity_id] += 1
            self._victim_context = [e for e, _ in counter.most_common()]
        return self._victim_context

    def _paragraph_date(self, sentence: Sentence) -> date | None:
        """A date in the sentence before, in the same paragraph ("… in February 1982 … The massacres were …")."""
        index = self.doc.sentence_index(sentence.start)
        if index == 0:
            return None
        previous = self.doc.sentences[index - 1]
        if not self.doc.same_paragraph(previous.end, sentence.start):
            return None
        found = self.doc.dates_in(previous.start, previous.end)
        return found[-1].date if found and found[-1].precision in ("month", "year") else None

    def _event_topic(self, claim: ClaimRecord) -> str:
        victims = "+".join(sorted(_community_slug(v) for v in claim.about_ids)) or "people"
        return f"killings:{victims}:{self._topic_place(claim.place_ids)}:{self._topic_month(claim)}"

    # -------------------------------------------------------------------------------------- denials
    def denials(self) -> list[ClaimRecord]:
        claims = []
        for m in self._matches_at(_DENIAL, "denial", 40, None):
            if self.doc.quote_around(m.start()) is not None and not self._long_quote(m.start()):
                continue
            sentence = self.doc.sentence_at(m.start())
            subject = self.attributor._subject(sentence, m.start(), [])
            speaker: Speaker | None = None
            if subject is not None:
                speaker = self.attributor.speaker_for(subject[0], subject[1])
            end = _denial_end(self.text, m.end(), sentence.end)
            claim = ClaimRecord(
                kind="denial", text=self.text[m.start() : end], start=m.start(), end=end, sentence=sentence
            )
            if speaker is not None:
                claim.claimant, claim.claimant_id = speaker.text, speaker.entity_id
            else:
                self._attribute(claim)
            claim.about_ids = [
                x.entity_id
                for x in self.doc.mentions_in(m.end(), end)
                if self.doc.label_of(x.entity_id) in BLAMABLE_LABELS
            ]
            for found in self.doc.dates_in(sentence.start, sentence.end):
                claim.date = found.date
                break
            claim.place_ids = []
            claim.topic = f"denial:{self._topic_month(claim)}"
            claims.append(claim)
        return claims

    def _long_quote(self, offset: int) -> bool:
        quote = self.doc.quote_around(offset)
        return quote is not None and quote.end - quote.start > 60


# ---------------------------------------------------------------------------------------------- blame patterns
_LOCATIVE_WORDS = _words("in near at across around outside inside into throughout of from")
# Nouns of an armed attack: what an actor's name in front of them ("an Israeli airstrike") makes the actor do.
_ATTACK_NOUN = (
    r"(?:air\s*strikes?|airstrikes?|air\s+raids?|strikes?|raids?|shelling|bombardments?|bombings?|bombs?|attacks?"
    r"|offensive|assaults?|barrel\s+bombs?|car\s+bombs?|rockets?|missiles?|drone\s+strikes?|drones?|warplanes"
    r"|jets|artillery|fire)"
)
_ATTACK_AFTER_NAME = re.compile(
    r"(?:['’]s?)?\s+(?:(?:air|aerial|drone|artillery|rocket|missile|mortar|car|suicide|barrel|chemical|ground|military"
    r"|deadly|fresh|heavy|new|latest|\w+-led|coalition)\s+){0,2}"
    rf"{_ATTACK_NOUN}\b",
    re.IGNORECASE,
)
# A phrase that points back at an armed actor already named.
_ANAPHOR = re.compile(
    r"(?:they|it|the\s+(?:armed\s+|rebel\s+|militant\s+|paramilitary\s+|jihadist\s+)?(?:group|paramilitary|militia"
    r"|militants|rebels|insurgents|jihadists|fighters|forces|movement|organi[sz]ation))",
    re.IGNORECASE,
)
_ACCUSING_FAMILIES = frozenset({"blame-accused", "blame-blamed", "blame-held"})
_TARGET_BEFORE = re.compile(r"\b(?:on|against|at|targeting|targeted|hit|struck|attacked|shelled)\s+(?:the\s+)?\Z", re.I)
_COPULA_CUE = re.compile(r"responsible|to\s+blame|behind", re.IGNORECASE)
_COPULA_BEFORE = re.compile(r"\b(?:was|were|is|are|been)\s+(?:(?:\w+ly|also|all)\s+)?\Z", re.IGNORECASE)
_ATTACK_WORD_AT_END = re.compile(rf"\b{_ATTACK_NOUN}\Z", re.IGNORECASE)
_EVENT = (
    r"(?:massacres?|killings?|executions?|slaughter|atrocities|murders?|bloodshed|crimes|attacks?|genocide|purges?)"
)
_PERP = r"(?P<perp>[^.;:!?()“”\"]{2,140})"
_CULPRIT_LABELS = frozenset({"Faction", "Government", "Person", "Organization"})
_POSSESSIVE_BLAME = re.compile(
    r"(?P<perp>\b[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})(?:['’]s)?\s+(?:massacres|killings|atrocities|crimes)\b"
)
_PARTICIPANTS = re.compile(
    rf"(?:participated|took\s+part)\s+in\s+the\s+{_EVENT}\s+(?:were|was|are|is)\s+{_PERP}", re.IGNORECASE
)
# Each pattern: the family of trigger words it is tried at, how far before the word its match may start (0: it
# starts with the word), how far after the word it may end (None: the end of the sentence), and a word it cannot
# match without (looked for first: a pattern that scans ahead lazily is costly to fail), or None.
_BLAME_PATTERNS: tuple[tuple[re.Pattern[str], str, int, int | None, str | None], ...] = (
    # "executed by al-Shara’a forces", "massacres committed by Syrian security forces"
    (
        re.compile(
            r"(?:executed|killed|massacred|slaughtered|murdered|shot(?:\s+dead)?|gunned\s+down|targeted|shelled"
            r"|bombed|attacked|struck|hit|wounded|injured|abducted|kidnapped|stormed|raided|launched|fired|claimed"
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
    # "the massacre of Syrian Alawites by his cadres"
    (re.compile(rf"{_EVENT}\s+of\s+[^.;,]{{1,60}}?\s+by\s+{_PERP}", re.IGNORECASE), "blame-event", 0, None, "by"),
    # "at the hands of roving jihadist gangs"
    (re.compile(rf"\bat\s+the\s+hands\s+of\s+{_PERP}", re.IGNORECASE), "blame-hands", 10, None, None),
    # "The blame lies with the central government", "blamed X for", "held X responsible"
    (re.compile(rf"blame\s+(?:lies|lay|rests)\s+with\s+{_PERP}", re.IGNORECASE), "blame-blame", 0, None, None),
    (re.compile(rf"blam(?:ed|es|ing)\s+{_PERP}\s+for\b", re.IGNORECASE), "blame-blamed", 0, None, "for"),
    # "accused the army of carrying out …", "accused Malian troops and suspected Russian mercenaries of killing …"
    (
        re.compile(r"accus(?:ed|es|ing)\s+(?P<perp>[^.;:!?()“”\"]{2,140}?)\s+of\s", re.IGNORECASE),
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
    (_PARTICIPANTS, "blame-participated", 0, None, None),
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
    (_POSSESSIVE_BLAME, "blame-possessive", 60, 0, None),
)
for _family, _words_of_family in {
    "blame-killed": "executed killed massacred slaughtered murdered shot gunned targeted shelled bombed attacked "
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
    "active": "massacred massacring slaughtered slaughtering killed executed executing murdered murdering committed "
    "carried committing shelled bombed attacked struck raided stormed launched claimed responsible behind",
    "denial": "responsibility denied denies deny denying dismissed dismisses dismissing disputed disputes rejected "
    "rejects refuted refutes called labelled labeled branded",
    "killword": "kill kills killed killing killings massacre massacres massacred slaughter slaughtered execution "
    "executions executed murder murdered murders dead death deaths died bodies victims casualties genocide",
    "leftcue": "kill kills killed killing massacred massacring massacres slaughter slaughtered slaughtering "
    "slaughters executed executing executes murder murdered murdering murders claimed claiming claims claim "
    "beheaded beheading shot gunned left leaving death deaths killings massacre execution executions bodies remains "
    "burial funeral funerals assassination assassinations lives toll tolls number among dead fatalities",
    "harm": "wounded injured hurt arrested abducted detained displaced missing kidnapped evacuated rescued freed "
    "abduct abducting arrest arresting detain detaining kidnapping wounding injuring evacuating displacing rescuing "
    "dismissed dismissing dismissal",
}.items():
    register_triggers(_family, _words_of_family.split())
_ACTIVE_KILL = re.compile(
    r"(?:massacred|massacring|slaughtered|slaughtering|killed|executed|executing|murdered|murdering"
    r"|committed\s+(?:the\s+)?(?:massacres?|atrocities|killings?|crimes)"
    r"|carried\s+out\s+(?:the\s+)?(?:massacres?|killings?|executions?|atrocities)"
    r"|committing\s+(?:the\s+)?(?:massacres?|atrocities|killings?)"
    r"|shelled|bombed|attacked|struck|raided|stormed"
    r"|launched\s+(?:\w+\s+){0,3}?(?:attacks?|assaults?|strikes?|airstrikes?|offensive|raids?)"
    r"|claimed\s+responsibility|responsible\s+for|to\s+blame\s+for|behind\s+(?:the|it|this|these))\b",
    re.IGNORECASE,
)
_PERP_STOP = re.compile(
    r"\s(?:since|after|before|during|against|when|while|who|which|that|because|amid|to\s+(?!the\s+\w+\s+government)"
    r"|now|in\s+(?:the\s+)?(?:[a-z]+\s+)?(?:homes?|streets?|village|villages|city|cities|town|towns|area|areas|"
    r"region|province|coastal|countryside|front|northern|southern|eastern|western)|on\s|at\s|in\s+(?:[A-Z]|\d)"
    r"|commanded|led|backed|supported|were|was|are|is|have|has|had|massacred|killed|executed|slaughtered)\b"
    r"|\s+[—–]\s|,\s+(?:now|who|which|and|but|as|while|according|the\s+[a-z]+\s+said)|,\s",
)
_FORCES_OF = re.compile(r"(forces|loyalists|fighters|militias?|troops|gunmen|cadres|men|remnants)\s*$")
_BLAMED_PREFIX = re.compile(
    r"^(?:(?:a|an|the|some|several)\s+)?(?:(?:faction|factions|remnants|elements|members|units|fighters|militias?|"
    r"groups?|forces|loyalists|supporters)\s+(?:of|loyal\s+to|from|within|aligned\s+with)\s+)",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:not|never)\s+(?:taken|claimed|accepted|acknowledged|admitted)\s+responsibility"
    r"|(?:has|have|had|always|also|strongly|flatly|categorically)?\s*(?:denied|denies|deny|denying)\b"
    r"|(?:dismissed|dismisses|dismissing)\s+(?=[^.;]{0,120}?\bas\b)"
    r"|(?:disputed|disputes)\s+(?:this|that|these|those|the|reports?|claims?|accounts?)"
    r"|(?:rejected|rejects|refuted|refutes)\s+(?:the\s+|these\s+|all\s+|such\s+)?(?:claims?|accusations?|allegations?"
    r"|reports?|charges?|accounts?)"
    r"|(?:called|labell?ed|branded)\s+(?:the\s+)?(?:reports?|claims?|accusations?|allegations?|coverage|footage|videos?)"
    r"\s+(?:as\s+)?(?:“|\")?(?:fake|fabricated|false|lies|misinformation|propaganda|baseless))",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[A-Za-z][\w’'\-]*")


def _skip_spaces(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] in ' “"':
        offset += 1
    return offset


def _blamed_attempts(phrase: str) -> list[str]:
    """ "a faction of Assad’s former intelligence forces" → itself, "Assad’s former intelligence forces", "Assad
    forces" (the owner and the head noun, which is how the gazetteer names such groups)."""
    attempts = [phrase.strip()]
    stripped = _BLAMED_PREFIX.sub("", phrase.strip())
    if stripped != attempts[0]:
        attempts.append(stripped)
    bare = _LEADING_ARTICLE.sub("", stripped)
    if bare not in attempts:
        attempts.append(bare)
    attempts.extend(form for form in _owned_forms(bare) if form not in attempts)
    return [a for a in attempts if len(a) >= 3]


def _owned_forms(phrase: str) -> list[str]:
    """ "remnants of Assad’s security forces" → "Assad remnants", "Assad forces": the owner and the head noun."""
    forms = []
    remnants = _REMNANTS_OF.search(phrase)
    if remnants:
        forms.append(f"{remnants.group(2)} {remnants.group(1)}")
    owned = re.search(
        r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)['’]s?\s+(?:[\w\-]+\s+){0,3}?(forces|loyalists|fighters|militias?|troops"
        r"|gunmen|cadres|men|remnants)\s*$",
        phrase,
    )
    if owned:
        forms.append(f"{owned.group(1)} {owned.group(2)}")
    return forms


def _trim_end_chars(text: str, start: int, end: int) -> int:
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "]’'"):
        end -= 1
    return end


def _perp_end(text: str, start: int, end: int) -> int:
    m = _PERP_STOP.search(text, start, end)
    if m is not None:
        end = m.start()
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "]’'"):
        end -= 1
    bracket = text.rfind("[", start, end)
    if bracket != -1 and text.find("]", bracket, end) == -1:
        end = _perp_end(text, start, bracket)
    return end


def _denial_end(text: str, start: int, limit: int) -> int:
    m = _DENIAL_STOP.search(text[start:limit])
    end = start + m.start() if m else limit
    while end > start and (text[end - 1].isspace() or text[end - 1] in ',”".'):
        end -= 1
    return balance_quotes(text, start, end)


def _victim_category(tokens: list[str]) -> str | None:
    lowered = [t.lower().strip("’'") for t in tokens]
    if "armed" in lowered and "unarmed" not in lowered:
        return "fighters"
    for category, words in _VICTIM_WORDS:
        if any(t in words for t in lowered):
            if (
                category == "security_forces"
                and "members" not in lowered
                and not any(
                    t
                    in (
                        "soldiers",
                        "soldier",
                        "troops",
                        "policemen",
                        "police",
                        "officers",
                        "personnel",
                        "army",
                        "servicemen",
                        "troopers",
                        "conscripts",
                        "forces",
                        "regime",
                        "security",
                    )
                    for t in lowered
                )
            ):
                continue
            return category
    return None


def _community_slug(entity_id: str) -> str:
    return entity_id.rsplit("/", 1)[-1]


def _complement(spans: list[tuple[int, int]], sentence: Sentence) -> list[tuple[int, int]]:
    """The parts of a sentence outside the given spans."""
    out: list[tuple[int, int]] = []
    position = sentence.start
    for start, end in sorted(spans):
        if start > position:
            out.append((position, start))
        position = max(position, end)
    if position < sentence.end:
        out.append((position, sentence.end))
    return out


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def find_claims(
    doc: Document, statements: list[StatementRecord], attributor: Attributor, gazetteer: Any
) -> list[ClaimRecord]:
    """Casualty, blame and denial claims of a document, in text order."""
    return ClaimFinder(doc, statements, attributor, gazetteer).run()
