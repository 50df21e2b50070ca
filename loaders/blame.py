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

from loaders.blame_cues import (
    ACCUSING_FAMILIES,
    ACTIVE_KILL,
    ATTACK_AFTER_NAME,
    ATTACK_FIRST,
    ATTACK_WORD_AT_END,
    BLAME_PATTERNS,
    CULPRIT_LABELS,
    OTHER_AGENT,
    PARTICIPANTS,
    POSSESSIVE_BLAME,
    REGIME_ATTACK,
    culprit_end,
    trim_to_word,
)
from loaders.blame_culprits import CulpritFinder
from loaders.claim_context import ClaimContext, community_slug, unique
from loaders.records import ClaimRecord, Sentence
from loaders.subjects import clause_subject
from loaders.text import SpanSet

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
_TARGET_BEFORE = re.compile(r"\b(?:on|against|at|targeting|targeted|hit|struck|attacked|shelled)\s+(?:the\s+)?\Z", re.I)
_COPULA_CUE = re.compile(r"responsible|to\s+blame|behind|implicated", re.IGNORECASE)
_COPULA_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:(?:\w+ly|also|all)\s+)?\Z", re.IGNORECASE)
_REFLEXIVE_END = re.compile(r"\s+(?:itself|themselves|himself|herself)\Z")
# A verb whose object is the attack a cue names: "It condemned the artillery shelling of … by the RSF" is a claim of
# whoever condemns. Searched in the few words before the cue.
_CONDEMNED_BEFORE = re.compile(
    r"\b(?:condemn(?:ed|s)?|denounc(?:ed|es)|decri(?:ed|es)|deplor(?:ed|es)|protested)\s+(?:(?:the|an?|its|this|that|these|"
    r"continued|repeated|recent|latest|deadly|brutal|indiscriminate|[\w\-]+-led)\s+){0,3}(?:[\w\-]+\s+)?\Z",
    re.IGNORECASE,
)


class BlameFinder:
    """The blame claims of one document."""

    def __init__(self, context: ClaimContext):
        self.context = context
        self.doc = context.doc
        self.text = context.text
        self.attributor = context.attributor
        self.gazetteer = context.gazetteer
        self.culprits = CulpritFinder(context)
        self._victim_context: list[str] | None = None

    def blames(self) -> list[ClaimRecord]:
        """Every blame claim, in the order its rules find them."""
        claims: list[ClaimRecord] = []
        seen = SpanSet()
        for pattern, family, before, after, needed in BLAME_PATTERNS:
            for m in self.context.matches_at(pattern, family, before, after, needed):
                group = "perp"
                perp_start = m.start(group)
                if pattern is PARTICIPANTS:
                    perp_end = trim_to_word(self.text, perp_start, m.end(group))  # a list: "Chechens, Uzbeks, …"
                else:
                    perp_end = culprit_end(self.text, perp_start, m.end(group))
                if perp_end <= perp_start or seen.overlaps(perp_start, perp_start + 1):
                    continue
                if pattern is POSSESSIVE_BLAME and not any(
                    self.doc.label_of(x.entity_id) in CULPRIT_LABELS for x in self.doc.mentions_in(perp_start, perp_end)
                ):
                    continue  # "the Alawite massacres" names the victims, not the culprits
                if family == "blame-killed" and OTHER_AGENT.search(self.text, m.start(), perp_start):
                    continue  # "an airstrike on a prison held by the Houthis": they hold it, not strike it
                # The cue after the culprit ("HTS massacres") belongs in the claim's span too.
                cue_end = m.end() if m.end(group) < m.end() else None
                # A pronoun object never means its own clause's subject: "the US accused them of …" is not the US.
                clause_start = self._accuser_start(m.start()) if family in ACCUSING_FAMILIES else perp_start
                claim = self._blame_claim(m.start(), perp_start, perp_end, cue_end=cue_end, anaphor_before=clause_start)
                if claim is not None:
                    if family in ACCUSING_FAMILIES and claim.claimant is None:
                        self._accuser_claims(claim, m.start())
                    elif claim.claimant is None:
                        self._condemner_claims(claim, m.start())
                    seen.add(perp_start, perp_end)
                    claims.append(claim)
        claims.extend(self._active_blames(seen))
        claims.extend(self._attack_blames(seen))
        return claims

    def _active_blames(self, seen: SpanSet) -> list[ClaimRecord]:
        """ "Islamists aligned with Syria’s interim government massacred hundreds …": the subject is blamed."""
        claims = []
        for m in self.context.matches_at(ACTIVE_KILL, "active", 0, None):
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
            # A side's claim (or admission) of its own action: it speaks, and is blamed.
            own_action = m.group().lower().startswith(("claimed", "admitted", "acknowledged"))
            if _ENDS_WITH_PREPOSITION.search(self.text[start:end]) or (
                not own_action and self._names_a_speaker(start, end)
            ):
                continue
            if ATTACK_FIRST.match(self.text, start, end):
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
            if doc.label_of(mention.entity_id) not in CULPRIT_LABELS:
                continue
            if seen.overlaps(mention.start, mention.end):
                continue
            cue = ATTACK_AFTER_NAME.match(text, mention.end)
            if cue is None and not ATTACK_WORD_AT_END.search(mention.alias):
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
        for m in self.context.matches_at(REGIME_ATTACK, "blame-regime", 0, 60):
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

    def _condemner_claims(self, claim: ClaimRecord, cue_start: int) -> None:
        """ "Tagadom condemned the shelling of … by the RSF": whoever condemns the attack makes the claim."""
        sentence = self.doc.sentence_at(cue_start)
        condemned = _CONDEMNED_BEFORE.search(self.text, max(sentence.start, cue_start - 60), cue_start)
        if condemned is not None:
            self._accuser_claims(claim, condemned.start())

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
        blamed = self.culprits.culprits(perp_start, perp_end, perp_start if anaphor_before is None else anaphor_before)
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
