"""Casualty claims: which numbers count the killed, injured, missing, detained or displaced, and whom.

A number (see :mod:`loaders.counts`) is a casualty count only when a cue is tied to it: a verb or noun right before it
("killed 25", "massacre of hundreds", "death toll has risen to 745"), a participle after its noun phrase ("745
unarmed Alawite civilians have been killed", "13 of them dead"), a death or injury noun in that phrase ("12 victims",
"19 injuries"), a list joined to such a count ("…killed, along with 150 armed Alawites and 125 members of…"), or a
sentence that breaks down an earlier toll ("Of those, … 830 people as civilians"). Years, dates, percentages, ages,
distances, durations and other units never count. The harm a cue names is the claim's kind of casualty.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass

from loaders.claim_context import ADDITIVE_WORDS, BLAMABLE_LABELS, ClaimContext, community_slug, unique, word_set
from loaders.counts import Count, find_counts, is_number_word
from loaders.records import ClaimRecord
from loaders.text import register_triggers

_FOUR_DIGIT_YEAR = re.compile(r"(?:19|20)\d{2}")
_VICTIMS_OF = re.compile(r"\b(?:against|of|among)\s+")
_AS_CATEGORY = re.compile(r"\s+as\s+([A-Za-z]+)")
_AGENT_BY = re.compile(r"\bby\s")  # the agent of the attack a toll counts: never its victims
_WORDS = re.compile(r"[A-Za-z][\w’'\-]*")
_KILLED = (
    r"killed|dead|died|die|executed|slaughtered|massacred|murdered|slain|perished|beheaded|martyred|assassinated"
    r"|shot\s+dead|gunned\s+down|mowed\s+down|lost\s+their\s+lives|burned\s+alive|burnt\s+alive|buried\s+alive"
    r"|killed\s+off|suffocated|asphyxiated|drowned"
    # "beaten to death", "Seventy people suffocated to death"
    r"|(?:beaten|stabbed|burned|burnt|starved|hacked|crushed|frozen|tortured|trampled|clubbed|bludgeoned|choked|shot)"
    r"\s+to\s+death"
)
_DEATH_NOUNS = word_set("dead deaths fatalities casualties victims bodies corpses martyrs lives killed killings")  # noqa: RUF100
_HARMED = (
    r"wounded|injured|hurt|arrested|abducted|detained|displaced|missing|disappeared|kidnapped|evacuated|rescued|freed"
)
_AUX = (
    r"(?:(?:were|was|have|has|had|been|being|are|is|be|having|got|get|reportedly|allegedly|also|all|now|already"
    r"|later|still|subsequently|apparently|confirmed|said\s+to\s+have|believed\s+to\s+have|thought\s+to\s+have|feared"
    r"|found|left|lying|who|that|which)\s+){0,4}"
)
# After the count's noun phrase: "… have been killed", "— including women and children — were executed".
_RIGHT_CUE = re.compile(
    rf"(?:\s*[—–]\s*[^—–.;]{{1,100}}?\s*[—–]|\s+(?:from|of|in)\s+[^,.;—–]{{1,50}}?,(?=\s*who\s))?[\"”]?\s*,?\s*{_AUX}"
    rf"[\"“]?(?:{_KILLED}|among\s+(?:the|those)\s+(?:dead|killed|slain|casualties|victims|fatalities))\b",
    re.IGNORECASE,
)
# "200 individuals in critical condition": the injured.
_RIGHT_CONDITION = re.compile(
    r"\s+(?:(?:are|were|is|was|remain|remained|remaining|still|left)\s+){0,2}in\s+(?:a\s+)?(?:critical|serious|grave)"
    r"\s+condition\b",
    re.IGNORECASE,
)
# "… had died at the incident site and another 12 in hospital": a count that adds to the one before it.
_ANOTHER = re.compile(rf"[^.;:]{{0,60}}?(?:\band|,)\s+{ADDITIVE_WORDS}\s+\Z", re.IGNORECASE)
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
    r"|\b(?:death|casualty|civilian|final|overall|the|a)?\s*tolls?\b(?:[^.;]|\.(?=\S|\s+[a-z])){0,110}?\b(?:to|at|of|reached|"
    r"hit|is|was|"
    r"stands\s+at|stood\s+at|surpassed|passed|exceeded|:)"
    r"|\b(?:number\s+(?:of\s+)?(?:dead|deaths|victims|bodies|people\s+killed|those\s+killed|(?:people|those)\s+who\s+died"
    r"|fatalities|casualties))\b[^.;]{0,60}?"
    r"\b(?:to|at|of|reached|is|was)"
    r"|\bamong\s+(?:the\s+|those\s+)?(?:dead|killed|slain|fatalities|people\s+killed)\s+(?:were|was|are|is|included)"
    r"|\b(?:dead|fatalities)\s+includ(?:ed|e|es)"
    r")\s+(?:(?:the|a|an|another|a\s+further|an\s+additional|further|at\s+least|over|some)\s+)?\Z",
    re.IGNORECASE,
)
_LEFT_HARM = re.compile(
    rf"\b({_HARMED}|abduct(?:ed|ing|s)?|arrest(?:ed|ing|s)?|detain(?:ed|ing|s)?|kidnapp(?:ed|ing)|wound(?:ed|ing|s)?"
    r"|injur(?:ed|ing|es)|injur(?:y|ies)\s+to|evacuat(?:ed|ing)|displac(?:ed|ing)|rescu(?:ed|ing)|dismiss(?:ed|ing|al\s+of)"
    r"|disappearance\s+of)"
    r"\s+(?:the\s+|at\s+least\s+|another\s+|more\s+than\s+|some\s+|over\s+)?\Z",
    re.IGNORECASE,
)
# Nouns after a count that make it a casualty figure of another kind than deaths ("19 injuries").
_HARM_NOUNS = {"injuries": "injured", "injured": "injured", "wounded": "injured", "wounds": "injured"}
_HARM_KINDS = (
    ("injured", ("wound", "injur", "hurt")),
    ("missing", ("missing", "disappear")),
    ("detained", ("arrest", "abduct", "detain", "kidnap")),
    ("displaced", ("displac",)),
)


def harm_kind(word: str) -> str | None:
    """The casualty kind a verb of harm names ("wounding" → injured, "abducted" → detained); None for verbs that
    count no casualty (evacuated, rescued, freed, dismissed)."""
    lower = word.lower()
    return next((kind for kind, stems in _HARM_KINDS if lower.startswith(stems)), None)


# A replaced figure owned by a pronoun: "Its initial toll of 500", "their previous count of 40".
_OWN_EARLIER_FIGURE = re.compile(
    r"\b(?:its|their|his|her)\s+(?:own\s+)?(?:earlier|previous|initial|prior|first|preliminary)\s+"
    r"(?:death\s+)?(?:figure|toll|count|tally|estimate)s?\s+of\s+(?:about\s+|at\s+least\s+|some\s+)?\Z",
    re.IGNORECASE,
)
_LEFT_NEEDS_DEAD = re.compile(r"\b(?:left|leaving)\s+\S*\s*\Z", re.IGNORECASE)
_NP_TOKEN = re.compile(r"[ \t]+([^\W\d][\w’'\-]*)")
_NP_STOP = word_set(
    "were was have has had are is be been being who which that where whose whom in on at after since during when while by from to "
    "with as across near into inside outside under between among amid amidst for because but including this last "
    "according said says reported reportedly allegedly also all now already since following until before or "
    "than per across throughout within against over having took take takes taking fled flee remain remained live "
    "lived came come went face faced include includes included"
)
_DETERMINERS = word_set("the a an his her its their our this that these those")
_UNIT_WORDS = word_set(
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

# Services whose personnel are civilians: "humanitarian personnel", "medical personnel".
_CIVILIAN_SERVICES = word_set("humanitarian medical health aid relief hospital civilian civil media rescue un")
_VICTIM_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("children", word_set("children child kids minors boys girls infants babies toddlers")),
    ("women", word_set("women woman mothers girls")),
    (
        "security_forces",
        word_set(
            "soldiers soldier troops servicemen policemen police officers personnel army regime security "
            "ministry military forces troopers gendarmes conscripts"
        ),
    ),
    (
        "fighters",
        word_set(
            "fighters fighter militants militant rebels rebel gunmen insurgents combatants jihadists jihadis "
            "militiamen terrorists extremists armed attackers"
        ),
    ),
    ("civilians", word_set("civilians civilian unarmed noncombatants")),
    (
        "people",
        word_set(
            "people persons individuals residents villagers men others members family families relatives worker "
            "workers students doctors brothers sons"
        ),
    ),
)


register_triggers(
    "leftcue",
    word_set(
        "kill kills killed killing massacred massacring massacres slaughter slaughtered slaughtering "
        "slaughters executed executing executes murder murdered murdering murders claimed claiming claims claim "
        "beheaded beheading shot gunned left leaving death deaths killings massacre execution executions bodies remains "
        "burial funeral funerals assassination assassinations lives toll tolls number among dead fatalities"
    ),
)
register_triggers(
    "harm",
    word_set(
        "wounded injured injuries injury hurt arrested abducted detained displaced missing kidnapped evacuated "
        "rescued freed "
        "abduct abducting arrest arresting detain detaining kidnapping wounding injuring evacuating displacing rescuing "
        "dismissed dismissing dismissal disappeared disappearance"
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


class CasualtyFinder:
    """The casualty claims of one document."""

    def __init__(self, context: ClaimContext):
        self.context = context
        self.doc = context.doc
        self.text = context.text
        self.gazetteer = context.gazetteer

    def casualties(self) -> list[ClaimRecord]:
        """Every casualty claim, in text order."""
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
            if previous is not None and claim.scope == "earlier" and self._owner_told_before(claim):
                _take_source(claim, previous)  # "Hamas … 471. Its initial toll of 500 was cited by …": Hamas's 500
            claims.append(claim)
            previous, previous_sentence = claim, candidate.sentence_index
        return claims

    def _owner_told_before(self, claim: ClaimRecord) -> bool:
        """Whether a replaced figure belongs to a possessive pronoun ("its initial toll of 500", "their earlier
        count of 40"): the source of the figure told just before, not whoever repeats it."""
        return (
            _OWN_EARLIER_FIGURE.search(self.text, max(claim.sentence.start, claim.start - 48), claim.start) is not None
        )

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
            if (
                (lower in _NP_STOP and not _is_acronym(word))
                or _KILLED_WORD.fullmatch(lower)
                or _HARMED_WORD.fullmatch(lower)
            ):
                break
            if lower == "and":
                after = _NP_TOKEN.match(text, m.end(), sentence_end)
                if (
                    after is None
                    or after.group(1).lower() in _NP_STOP
                    or after.group(1).lower().endswith(("ed", "ing"))
                    or after.group(1).lower() in _DETERMINERS  # "one person and the injury of 40": a new phrase
                    or is_number_word(after.group(1).lower())  # "53 injuries and two deaths": a new count
                    or after.group(1).lower() in _HARM_NOUNS  # "two members and injuries to others"
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
        if _RIGHT_CONDITION.match(text, candidate.np_end, sentence.end):
            candidate.tied, candidate.cue_end, candidate.harm = True, candidate.np_end, "injured"
            return
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
                if not _CONNECTOR.match(text, gap_start, b.count.start) and not (
                    a.tied and _ANOTHER.match(text, gap_start, b.count.start)
                ):
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
            phrase_end = count.start
            agent = _AGENT_BY.search(text, phrase_start, phrase_end)
            if agent is not None:  # "the toll from an attack … by Islamic State-backed rebels": the rebels attacked
                phrase_end = agent.start()
            tokens = _WORDS.findall(text[phrase_start:phrase_end])
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
            victims = community_slug(community) if community else None
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
            victim_ids=unique(victim_ids),
            harm=candidate.harm,
        )
        self.context.attribute(claim)
        parent = candidate.subset_of
        if parent is not None:  # "Of those, … 830": the breakdown of an earlier toll keeps its source and date
            claim.claimant = claim.claimant or parent.claimant
            claim.claimant_id = claim.claimant_id or parent.claimant_id
            claim.outlet_id = claim.outlet_id or parent.outlet_id
            claim.via, claim.via_id = claim.via or parent.via, claim.via_id or parent.via_id
        self.context.set_dates(claim, sentence, parent)
        claim.place_ids = self.context.places(claim, sentence, parent)
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
                    self.context.adopt(entity)
        return found

    def _antecedent_victims(self, start: int, end: int) -> str | None:
        words = _WORDS.findall(self.text[start:end])
        for size in (2, 1):
            for i in range(len(words) - size, -1, -1):
                category = _victim_category(words[i : i + size])
                if category is not None:
                    return category
        return None

    def _casualty_topic(self, claim: ClaimRecord) -> str:
        community = next((v for v in claim.victim_ids if self.doc.label_of(v) == "Community"), None)
        victims = claim.victims or "people"
        if community and community_slug(community) != victims:
            victims = f"{victims}+{community_slug(community)}"
        if claim.harm not in (None, "killed"):
            victims = f"{claim.harm}-{victims}"  # injured are never compared with killed
        return f"casualty:{victims}:{self.context.topic_place(claim.place_ids)}:{self.context.topic_month(claim)}"


def _take_source(claim: ClaimRecord, source: ClaimRecord) -> None:
    """Give ``claim`` the claimant (and its channel) of ``source``."""
    claim.claimant, claim.claimant_id = source.claimant, source.claimant_id
    claim.via, claim.via_id = source.via, source.via_id


def _is_acronym(word: str) -> bool:
    """ "75 IS militants": a capitalised short word is a name, not the verb "is"."""
    return len(word) > 1 and word.isupper()


def _victim_category(tokens: list[str]) -> str | None:
    lowered = [t.lower().strip("’'") for t in tokens]
    if "armed" in lowered and "unarmed" not in lowered:
        return "fighters"
    civilian_staff = "personnel" in lowered and any(t in _CIVILIAN_SERVICES for t in lowered)
    for category, words in _VICTIM_WORDS:
        if any(t in words for t in lowered):
            if category == "security_forces" and civilian_staff:
                continue  # "10 humanitarian personnel", "medical personnel": not the armed forces
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
