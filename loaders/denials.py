"""Denials and dismissals: "denied responsibility", "has not taken responsibility", "dismissed … as", "disputed
this", "rejected the accusations", "called the reports fabricated". The denier is the subject of the verb, else the
claimant of the sentence; what is denied names the actors after the verb."""

from __future__ import annotations

import re

from loaders.claim_context import BLAMABLE_LABELS, ClaimContext, word_set
from loaders.records import ClaimRecord
from loaders.speakers import Speaker
from loaders.statements import balance_quotes
from loaders.subjects import clause_subject
from loaders.text import register_triggers

_DENIAL = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:not|never)\s+(?:taken|claimed|accepted|acknowledged|admitted)\s+responsibility"
    r"|(?:has|have|had|always|also|strongly|flatly|categorically)?\s*(?:denied|denies|deny|denying)\b"
    r"|(?:dismissed|dismisses|dismissing)\s+(?=[^.;]{0,120}?\bas\b)"
    r"|(?:disputed|disputes)\s+(?:this|that|these|those|the|reports?|claims?|accounts?)"
    r"|(?:rejected|rejects|refuted|refutes)\s+(?:the\s+|these\s+|all\s+|such\s+)?(?:claims?|accusations?|allegations?"
    r"|reports?|charges?|accounts?)"
    r"|(?:rejected|rejects|refuted|refutes)(?=\s*[.,;])"  # "…, claims which Congo refutes."
    r"|(?:called|labell?ed|branded)\s+(?:the\s+)?(?:reports?|claims?|accusations?|allegations?|coverage|footage|videos?)"
    r"(?:\s+of\s+[^.;,]{1,60}?)?\s+(?:as\s+)?(?:an?\s+)?(?:“|\")?(?:fake|fabricat\w*|false|lies|misinformation"
    r"|disinformation|propaganda|baseless))",
    re.IGNORECASE,
)
# Denials in the words of whoever says the sentence: "Zaw Min Tun claimed that the military was not responsible",
# "Russia said allegations of a chemical attack “were staged”", "“No IDF strike was conducted …,” Hagari said".
_SAID_DENIAL = re.compile(
    r"\b(?:(?:was|were|is|are|been|be)\s+not\s+(?:responsible|behind|involved)\b"
    r"|(?:allegations?|accusations?|claims?|reports?|charges?)\b[^.;]{0,80}?\b(?:were|was|are|is)\s+(?:“|\")?"
    r"(?:staged|fabricated|false|baseless|untrue|fake|lies|a\s+fabrication)\b"
    r"|(?:false|baseless|fabricated|unfounded)\s+(?:claims?|allegations?|accusations?|reports?)\b"
    r"|no\s+[\w’'\-]+\s+(?:strike|airstrike|attack|shelling|raid)\s+was\s+(?:conducted|carried\s+out|launched)"
    # "the top commanders did not authorize the abuses", "its forces never targeted civilians"
    r"|(?:did|does|do|had|has|have)\s+(?:not|never)\s+(?:order|authori[sz]e|carry\s+out|commit|target|attack"
    r"|bomb|shell|strike|kill)\b|never\s+(?:ordered|authori[sz]ed|carried\s+out|committed|targeted)\b)",
    re.IGNORECASE,
)
_RELATIVE_PRONOUN = re.compile(r"\b(?:which|that|whom)\s+")
# A denial whose clause's subject is who is cleared: "X was not responsible", "X did not order the killings".
_NOT_RESPONSIBLE = re.compile(
    r"(?:was|were|is|are|been|be|did|does|do|had|has|have)\s+(?:not|never)\s|never\s", re.IGNORECASE
)
_DENIAL_STOP = re.compile(r"[.;!?]|,\s+(?:but|while|and|which)\b")
register_triggers(
    "denial",
    word_set(
        "responsibility denied denies deny denying dismissed dismisses dismissing disputed disputes rejected "
        "rejects refuted refutes called labelled labeled branded"
    ),
)
register_triggers(
    "denial-said",
    word_set(
        "responsible behind involved staged fabricated fabrication false baseless untrue fake lies unfounded conducted "
        "order ordered authorize authorise authorized authorised carry carried commit committed target targeted "
        "attack bomb shell strike kill"
    ),
)


class DenialFinder:
    """The denial claims of one document."""

    def __init__(self, context: ClaimContext):
        self.context = context
        self.doc = context.doc
        self.text = context.text
        self.attributor = context.attributor

    def denials(self) -> list[ClaimRecord]:
        """Every denial claim, in text order."""
        claims = []
        for m in self.context.matches_at(_DENIAL, "denial", 40, None):
            if self.doc.quote_around(m.start()) is not None and not self._long_quote(m.start()):
                continue
            sentence = self.doc.sentence_at(m.start())
            subject = clause_subject(self.doc, sentence, m.start(), [])
            speaker: Speaker | None = None
            if subject is not None:
                relative = _RELATIVE_PRONOUN.search(self.text, subject[0], subject[1])
                start = relative.end() if relative is not None else subject[0]  # "claims which Congo refutes"
                speaker = self.attributor.speaker_for(start, subject[1])
            end = _denial_end(self.text, m.end(), sentence.end)
            claim = ClaimRecord(
                kind="denial", text=self.text[m.start() : end], start=m.start(), end=end, sentence=sentence
            )
            if speaker is not None:
                claim.claimant, claim.claimant_id = speaker.text, speaker.entity_id
            else:
                self.context.attribute(claim)
            claim.about_ids = [
                x.entity_id
                for x in self.doc.mentions_in(m.end(), end)
                if self.doc.label_of(x.entity_id) in BLAMABLE_LABELS
            ]
            self._dated_and_filed(claim)
            claims.append(claim)
        claims.extend(self._said_denials({c.start for c in claims}))
        return claims

    def _said_denials(self, taken: set[int]) -> list[ClaimRecord]:
        """Denials in a statement's words: the speaker denies; "X was not responsible" is about X."""
        claims = []
        for m in self.context.matches_at(_SAID_DENIAL, "denial-said", 120, 12):
            sentence = self.doc.sentence_at(m.start())
            if any(sentence.start <= start < sentence.end for start in taken):
                continue  # the sentence's own "denied" has its denier already
            if m.group()[:1].lower() in "fbu" and self.doc.quote_around(m.start()) is None:
                continue  # "false claims" deny only in the speaker's own words; reported, they are news
            end = _denial_end(self.text, m.end(), sentence.end)
            claim = ClaimRecord(
                kind="denial", text=self.text[m.start() : end], start=m.start(), end=end, sentence=sentence
            )
            self.context.attribute(claim, m.start(), m.end())
            if claim.claimant is None:
                continue  # nobody says it: the article's own account, not a denial
            about_start, about_end = m.end(), end
            if _NOT_RESPONSIBLE.match(m.group()):
                subject = clause_subject(self.doc, sentence, m.start(), [])
                if subject is not None:
                    about_start, about_end = subject[0], subject[1]
            claim.about_ids = [
                x.entity_id
                for x in self.doc.mentions_in(about_start, about_end)
                if self.doc.label_of(x.entity_id) in BLAMABLE_LABELS and x.entity_id != claim.claimant_id
            ]
            self._dated_and_filed(claim)
            claims.append(claim)
        return claims

    def _dated_and_filed(self, claim: ClaimRecord) -> None:
        """A denial's date is its sentence's first; it is filed by month, at no place."""
        sentence = claim.sentence
        for found in self.doc.dates_in(sentence.start, sentence.end):
            claim.date = found.date
            break
        claim.place_ids = []
        claim.topic = f"denial:{self.context.topic_month(claim)}"

    def _long_quote(self, offset: int) -> bool:
        quote = self.doc.quote_around(offset)
        return quote is not None and quote.end - quote.start > 60


def _denial_end(text: str, start: int, limit: int) -> int:
    m = _DENIAL_STOP.search(text[start:limit])
    end = start + m.start() if m else limit
    while end > start and (text[end - 1].isspace() or text[end - 1] in ',”".'):
        end -= 1
    return balance_quotes(text, start, end)
