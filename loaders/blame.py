"""Blame claims: who is said to have killed, attacked or harmed, from the clause that says it.

The agent of a passive ("executed by al-Shara’a forces", "carried out by a faction of Assad’s former intelligence
forces"), "at the hands of X", the subject of an active violence verb ("Islamists aligned with Syria’s interim
government massacred…", "X shelled"), an actor named before an attack noun ("an Israeli airstrike"), "X massacres",
"the blame lies with X", "blamed X for", "accused X of", "X were involved". Pronouns and "the group" are followed to
the armed actor last named. Never the speaker of the sentence or the victims; a blame with no perpetrator found is
not a claim.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from loaders.claim_context import BLAMABLE_LABELS, ClaimContext, community_slug, unique, word_set
from loaders.records import ClaimRecord, Entity, Mention, Sentence
from loaders.speakers import clause_subject
from loaders.spelling import slugify
from loaders.text import SpanSet, register_triggers

_PROGRESSIVE_AUX_BEFORE = re.compile(r"\b(?:are|is|were|was|been)\s+\Z")
_ADVERB_AFTER = re.compile(r"\s+\w+ly\b|\s+en\s+masse")
# A count after a verb is its object ("has killed at least 100"), not a place or time ("killed at the checkpoint").
_NUMBER_AFTER = re.compile(
    r"\s+(?:an\s+estimated\s+)?(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to"
    r"|as\s+many\s+as)\s+)?\d"
)
_PASSIVE_AFTER = re.compile(
    r"\s+(?:in|on|at|by|during|when|while|after|since|as|with|from|near|inside|outside|across|"
    r"over|and|or|to)\b|\s*[,.;]"
)
_PASSIVE_AUX_BEFORE = re.compile(r"\b(?:were|was|been|being|be|get|got)\s+(?:(?:\w+ly|also|all|then|later|too)\s+)*\Z")
_ENDS_WITH_PREPOSITION = re.compile(r"\b(?:of|to|for|with|about|from)\s*\Z")
_POSSESSIVE_PRONOUN = re.compile(r"\b(?:his|her)\s+(?:own\s+)?", re.IGNORECASE)
_LEADING_DETERMINER = re.compile(r"^(?:the|a|an|this|that)\s+", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_REMNANTS_OF = re.compile(r"\b(remnants|loyalists|supporters)\s+of\s+(?:the\s+)?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)")
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
_ATTACK_AFTER_NAME = re.compile(
    rf"(?:['’]s?)?(?:\s+and\s+(?:the\s+)?[\w\-’']+(?:\s+[\w\-’']+)?)?\s+{_ATTACK_MODIFIERS}{_ATTACK_NOUN}\b",
    re.IGNORECASE,
)
# "regime shelling", "Regime bombing raids": the government of the country the article is about.
_REGIME_WORD = re.compile(r"\bregime\b", re.IGNORECASE)
_REGIME_ATTACK = re.compile(rf"\b(?P<perp>regime)(?:['’]s)?\s+{_ATTACK_MODIFIERS}{_ATTACK_NOUN}\b", re.IGNORECASE)
# A phrase that points back at an armed actor already named.
_ANAPHOR = re.compile(
    r"(?:they|them|it|the\s+(?:armed\s+|rebel\s+|militant\s+|paramilitary\s+|jihadist\s+)?(?:group|paramilitar(?:y|ies)|militia"
    r"|militants|rebels|insurgents|jihadists|fighters|forces|movement|organi[sz]ation))",
    re.IGNORECASE,
)
_ACCUSING_FAMILIES = frozenset({"blame-accused", "blame-blamed", "blame-held"})
_TARGET_BEFORE = re.compile(r"\b(?:on|against|at|targeting|targeted|hit|struck|attacked|shelled)\s+(?:the\s+)?\Z", re.I)
_COPULA_CUE = re.compile(r"responsible|to\s+blame|behind|implicated", re.IGNORECASE)
_COPULA_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:(?:\w+ly|also|all)\s+)?\Z", re.IGNORECASE)
_ATTACK_FIRST = re.compile(rf"(?:(?:the|a|an|this|that|one)\s+)?{_ATTACK_NOUN}\b", re.IGNORECASE)
_ATTACK_WORD_AT_END = re.compile(rf"\b{_ATTACK_NOUN}\Z", re.IGNORECASE)
_EVENT = (
    r"(?:massacres?|killings?|executions?|slaughter|atrocities|murders?|bloodshed|crimes|attacks?|genocide|purges?)"
)
_PERP = r"(?P<perp>[^.;:!?()“”\"]{2,140})"
# A participle right before "by" that is no act of violence: its agent did something else.
_OTHER_AGENT = re.compile(
    r"\b(?:held|controlled|run|operated|owned|occupied|used|built|seized|captured|guarded|managed|besieged|surrounded"
    r"|founded|led|backed|supported|funded|armed|trained|documented|reported|confirmed|recorded|condemned)\s+by\s+\Z"
)
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
    (_PARTICIPANTS, "blame-participated", 0, None, None),
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
        "it was",
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
    (_POSSESSIVE_BLAME, "blame-possessive", 60, 0, None),
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
    "fired opened bears bear implicated continued continues used",
}.items():
    register_triggers(_family, word_set(_words_of_family))
_ACTIVE_KILL = re.compile(
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
_BLAMED_PREFIX = re.compile(
    r"^(?:(?:a|an|the|some|several)\s+)?(?:(?:faction|factions|remnants|elements|members|units|fighters|militias?|"
    r"groups?|forces|loyalists|supporters)\s+(?:of|loyal\s+to|from|within|aligned\s+with)\s+)",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[A-Za-z][\w’'\-]*")
# "the Saudi-led coalition": a group named by the state that leads it, which is not that state.
_LED_GROUP = re.compile(
    r"\b([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,2})-led\s+(?:[a-z][\w\-]*\s+){0,2}?"
    r"(coalition|alliance|forces|troops|militias?|operation)\b"
)
_THE_GROUP_NOUN = re.compile(r"(?:the\s+)?(coalition|alliance)\Z", re.IGNORECASE)
# "Islamic State-backed rebels": the name before such a modifier backs the culprit; it is not the culprit.
_BACKER_SUFFIX = re.compile(r"-(?:backed|allied|aligned|affiliated|linked|supported|sponsored)\b")
_REFLEXIVE_END = re.compile(r"\s+(?:itself|themselves|himself|herself)\Z")


class BlameFinder:
    """The blame claims of one document."""

    def __init__(self, context: ClaimContext):
        self.context = context
        self.doc = context.doc
        self.text = context.text
        self.attributor = context.attributor
        self.gazetteer = context.gazetteer
        self._victim_context: list[str] | None = None
        self._led_groups: list[re.Match[str]] | None = None

    def blames(self) -> list[ClaimRecord]:
        """Every blame claim, in the order its rules find them."""
        claims: list[ClaimRecord] = []
        seen = SpanSet()
        for pattern, family, before, after, needed in _BLAME_PATTERNS:
            for m in self.context.matches_at(pattern, family, before, after, needed):
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
                if family == "blame-killed" and _OTHER_AGENT.search(self.text, m.start(), perp_start):
                    continue  # "an airstrike on a prison held by the Houthis": they hold it, not strike it
                # The cue after the culprit ("HTS massacres") belongs in the claim's span too.
                cue_end = m.end() if m.end(group) < m.end() else None
                # A pronoun object never means its own clause's subject: "the US accused them of …" is not the US.
                clause_start = self._accuser_start(m.start()) if family in _ACCUSING_FAMILIES else perp_start
                claim = self._blame_claim(m.start(), perp_start, perp_end, cue_end=cue_end, anaphor_before=clause_start)
                if claim is not None:
                    if family in _ACCUSING_FAMILIES and claim.claimant is None:
                        self._accuser_claims(claim, m.start())
                    seen.add(perp_start, perp_end)
                    claims.append(claim)
        claims.extend(self._active_blames(seen))
        claims.extend(self._attack_blames(seen))
        return claims

    def _active_blames(self, seen: SpanSet) -> list[ClaimRecord]:
        """ "Islamists aligned with Syria’s interim government massacred hundreds …": the subject is blamed."""
        claims = []
        for m in self.context.matches_at(_ACTIVE_KILL, "active", 0, None):
            before = self.text[max(0, m.start() - 12) : m.start()].lower()
            if m.group().lower().endswith("ing") and not _PROGRESSIVE_AUX_BEFORE.search(before):
                continue  # "accuse … of massacring": a gerund, not a finite verb with a subject
            after = self.text[m.end() : m.end() + 20]
            if _ADVERB_AFTER.match(after):
                continue  # "civilians executed individually": no object, so no agent before it
            copula_cue = _COPULA_CUE.match(m.group()) is not None  # "X is responsible for", "X was implicated in"
            with_object = " " in m.group()  # "fired rockets", "launched an attack": the object is in the match
            if _PASSIVE_AFTER.match(after) and not _NUMBER_AFTER.match(after) and not copula_cue and not with_object:
                continue  # "civilians killed in their homes": a passive, not an agent
            verb_start = m.start()
            if copula_cue:
                copula = _COPULA_BEFORE.search(self.text, max(0, verb_start - 30), verb_start)
                if copula is None:
                    continue  # "forces responsible for security": no one is said to be responsible
                verb_start = copula.start()
            elif _PASSIVE_AUX_BEFORE.search(self.text[max(0, m.start() - 40) : m.start()].lower()):
                continue  # "was also killed": a passive
            sentence = self.doc.sentence_at(m.start())
            subject = clause_subject(self.doc, sentence, verb_start, [])
            if subject is None:
                continue
            start, end = subject[0], subject[1]
            reflexive = _REFLEXIVE_END.search(self.text, start, end)
            if reflexive is not None:  # "JNIM itself claimed responsibility": JNIM
                end = reflexive.start()
            start = self._after_speaker(start, verb_start)
            if seen.overlaps(start, end) or len(self.text[start:end].split()) > 10:
                continue
            own_action = m.group().lower().startswith("claimed")  # a side's claim of its own action: it speaks
            if _ENDS_WITH_PREPOSITION.search(self.text[start:end]) or (
                not own_action and self._names_a_speaker(start, end)
            ):
                continue
            if _ATTACK_FIRST.match(self.text, start, end):
                continue  # "An airstrike on a prison held by the Houthis killed …": the weapon, its agent unsaid
            claim = self._blame_claim(start, start, end, cue_end=m.end())
            if claim is not None:
                if own_action:
                    claim.claimant, claim.claimant_id = self.text[start:end], claim.blamed_ids[0]
                seen.add(start, end)
                claims.append(claim)
        return claims

    def _accuser_claims(self, claim: ClaimRecord, verb_start: int) -> None:
        """ "A Sudanese monitor accused the army of …": whoever accuses (or blames) makes the claim."""
        subject = clause_subject(self.doc, self.doc.sentence_at(verb_start), verb_start, [])
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
        for m in self.context.matches_at(_REGIME_ATTACK, "blame-regime", 0, 60):
            start, end = m.span("perp")
            if seen.overlaps(start, end) or any(x.end >= start - 1 for x in doc.mentions_in(max(0, start - 40), end)):
                continue  # "the Syrian regime's strikes" is its mention's
            if not doc.hits("killword", *self._sentence_bounds(start)) and not doc.hits(
                "harm", *self._sentence_bounds(start)
            ):
                continue
            claim = self._blame_claim(start, start, end, cue_end=m.end())
            if claim is not None:
                seen.add(start, end)
                claims.append(claim)
        return claims

    def _country_regime(self) -> list[str]:
        """The government the article's country's "regime" is: "the regime" in a story about Syria."""
        country = next(iter(self.context.article_country()), None)
        if country is None and len(self.context.countries()) == 1:  # "outside Damascus": Syria
            country = f"location/country/{next(iter(self.context.countries()))}"
        entity = self.gazetteer.get(country) if country else None
        if entity is None:
            return []
        for name in (entity.name, *entity.aliases):
            regime = self.gazetteer.resolve(f"{name} regime", labels=("Government",))
            if regime is not None and any(name.lower() in n.lower() for n in (regime.name, *regime.aliases)):
                self.context.adopt(regime)
                return [regime.id]
        return []

    def _after_speaker(self, start: int, verb_start: int) -> int:
        """Where a subject starts once the speaker in front of it is cut off: "Activists said HTS fighters were
        responsible" → "HTS fighters" (the words reported start there)."""
        for statement in self.context.in_sentence(verb_start):
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
        for statement in self.context.in_sentence(offset):
            if not statement.speaker:
                continue
            found = self.text.find(statement.speaker, sentence.start, sentence.end)
            if found >= 0 and not (statement.start <= found < statement.end):
                spans.append((found, found + len(statement.speaker)))
        return spans

    def _accuser_start(self, verb_start: int) -> int:
        subject = clause_subject(self.doc, self.doc.sentence_at(verb_start), verb_start, [])
        return subject[0] if subject is not None else verb_start

    def _blame_claim(
        self,
        span_start: int,
        perp_start: int,
        perp_end: int,
        cue_end: int | None = None,
        anaphor_before: int | None = None,
    ) -> ClaimRecord | None:
        doc, text = self.doc, self.text
        sentence = doc.sentence_at(perp_start)
        quote = doc.quote_around(perp_start)
        if quote is not None and quote.end - quote.start < 40:
            return None  # a scare-quoted phrase, not a claim
        blamed = self._blamed(perp_start, perp_end, perp_start if anaphor_before is None else anaphor_before)
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
        self.context.attribute(claim, perp_start, perp_end)
        claim.about_ids = self._victims_in(sentence, exclude=(perp_start, perp_end))
        for found in doc.dates_in(sentence.start, sentence.end):
            claim.date = found.date
            break
        if claim.date is None:
            claim.date = self._paragraph_date(sentence)
        claim.place_ids = self.context.places(claim, sentence, None)
        claim.topic = self._event_topic(claim)
        return claim

    def _blamed(self, start: int, end: int, anaphor_before: int) -> list[str]:
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
        if _LEADING_DETERMINER.sub("", phrase.strip()).lower() == "regime":
            return self._country_regime()
        led = self._led_group(phrase, start)
        if led is not None:
            return [led]
        mentioned = [m for m in doc.mentions_in(start, end) if doc.label_of(m.entity_id) in BLAMABLE_LABELS]
        inside = [m for m in mentioned if not _BACKER_SUFFIX.match(text, m.end)]
        if mentioned and not inside:
            return []  # "Islamic State-backed rebels": the backer is named, the culprits are not
        whole = _covering(inside, text, start, end)
        if whole is not None:
            attempts = []  # the article already knows who the phrase names ("the army" in a story about Sudan)
            ids.append(whole)
        for attempt in attempts:
            entity = self.gazetteer.resolve(attempt, labels=BLAMABLE_LABELS)
            if entity is not None and not _ignores_a_name(entity, inside) and not self._foreign(entity):
                self.context.adopt(entity)
                ids.append(entity.id)
                break
        if not ids and pronoun is not None:
            person = self._last_person_before(start)  # "by his cadres": the man last named
            if person:
                ids.append(person)
        if not ids:  # the gazetteer's name for the phrase beats the names inside it ("his security forces")
            ids.extend(m.entity_id for m in inside)
            ids = unique(ids)
        if not ids:
            ids.extend(self._described(phrase, start))
        if not ids and _ANAPHOR.fullmatch(phrase.strip()):
            ids.extend(self._last_armed_actor_before(anaphor_before))
        regime = _REGIME_WORD.search(phrase)
        if ids and regime is not None and not doc.mentions_in(start + regime.start(), start + regime.end()):
            ids = unique([*ids, *self._country_regime()])  # "Russian and regime air strikes"
        if any(doc.label_of(i) != "Community" for i in ids):
            ids = [i for i in ids if doc.label_of(i) != "Community"]  # "Sunni terror gangs": the gangs, not Sunnis
        return ids

    def _led_group(self, phrase: str, offset: int) -> str | None:
        """ "the Saudi-led coalition" → that coalition (the gazetteer's, else a provisional faction), never the
        state that leads it; "the coalition" → the led coalition the article names, the last before ``offset``."""
        led = _LED_GROUP.search(phrase)
        if led is None:
            noun = _THE_GROUP_NOUN.fullmatch(phrase.strip())
            if noun is None:
                return None
            if self._led_groups is None:
                self._led_groups = list(_LED_GROUP.finditer(self.text))
            named = [m for m in self._led_groups if m.group(2).lower() == noun.group(1).lower()]
            earlier = [m for m in named if m.start() < offset]
            led = earlier[-1] if earlier else (named[0] if named else None)
            if led is None:
                return None
        name = f"{led.group(1)}-led {led.group(2)}"  # "the US-led anti-terror coalition": the US-led coalition
        entity = self.gazetteer.resolve(name, labels=BLAMABLE_LABELS)
        if entity is None or led.group(1).lower() not in " ".join([entity.name, *entity.aliases]).lower():
            entity = self.doc.entities.get(f"faction/~{slugify(name)}") or Entity(
                f"faction/~{slugify(name)}", "Faction", name, provisional=True
            )
        self.context.adopt(entity)
        return entity.id

    def _foreign(self, entity: Entity) -> bool:
        """An actor of a country the article never names, reached from a generic phrase ("the army" is not
        Afghanistan's in a story about Sudan)."""
        country = entity.properties.get("country")
        return bool(country) and str(country) not in self.context.countries()

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
        return unique(found)

    def victim_context(self) -> list[str]:
        """Communities named in sentences about killing, most named first: the article's victims."""
        if self._victim_context is None:
            counter: Counter[str] = Counter()
            for sentence in self.context.kill_sentences():
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
        victims = "+".join(sorted(community_slug(v) for v in claim.about_ids)) or "people"
        return f"killings:{victims}:{self.context.topic_place(claim.place_ids)}:{self.context.topic_month(claim)}"


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


def _covering(mentions: list[Mention], text: str, start: int, end: int) -> str | None:
    """The entity of a mention that is the whole phrase but for a leading determiner ("the army")."""
    lead = _LEADING_DETERMINER.match(text, start, end)
    first = lead.end() if lead is not None else start
    for mention in mentions:
        if mention.start <= first and mention.end >= _trim_end_chars(text, start, end):
            return mention.entity_id
    return None


def _ignores_a_name(entity: Entity, mentions: list[Mention]) -> bool:
    """Whether the gazetteer's entity for a phrase leaves out a name the phrase holds: "the Saudi-led coalition"
    is not the US-led coalition, "the Houthi rebels" not Syria's rebels."""
    names = " ".join([entity.name, *entity.aliases]).lower()
    return any(m.entity_id != entity.id and m.alias.lower() not in names for m in mentions)


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
