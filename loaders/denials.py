"""Denials and dismissals: "denied responsibility", "has not taken responsibility", "dismissed … as", "disputed
this", "rejected the accusations", "called the reports fabricated". The denier is the subject of the verb, else the
claimant of the sentence; what is denied names the actors after the verb."""

from __future__ import annotations

import re

from loaders.claim_context import BLAMABLE_LABELS, ClaimContext, word_set
from loaders.records import ClaimRecord
from loaders.speakers import Speaker, clause_subject
from loaders.statements import balance_quotes
from loaders.text import register_triggers

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
_DENIAL_STOP = re.compile(r"[.;!?]|,\s+(?:but|while|and|which)\b")
register_triggers(
    "denial",
    word_set(
        "responsibility denied denies deny denying dismissed dismisses dismissing disputed disputes rejected "
        "rejects refuted refutes called labelled labeled branded"
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
                speaker = self.attributor.speaker_for(subject[0], subject[1])
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
            for found in self.doc.dates_in(sentence.start, sentence.end):
                claim.date = found.date
                break
            claim.place_ids = []
            claim.topic = f"denial:{self.context.topic_month(claim)}"
            claims.append(claim)
        return claims

    def _long_quote(self, offset: int) -> bool:
        quote = self.doc.quote_around(offset)
        return quote is not None and quote.end - quote.start > 60


def _denial_end(text: str, start: int, limit: int) -> int:
    m = _DENIAL_STOP.search(text[start:limit])
    end = start + m.start() if m else limit
    while end > start and (text[end - 1].isspace() or text[end - 1] in ',”".'):
        end -= 1
    return balance_quotes(text, start, end)
