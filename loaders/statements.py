"""Statements: direct quotes and reported speech, each with its speaker, the outlet that carried it, and nested
attribution ("SOHR, citing locals in Baniyas, said…").

The rules work clause by clause inside a sentence: :mod:`loaders.speech_markers` finds each attribution (a speech
verb and its subject, a quotation's verb, "according to X") and the words it governs; this module turns them into
statements, carries a quotation with no verb of its own over from the previous speaker's, and gives each statement
its outlet, date, actors and places. Speakers resolve to entities in :mod:`loaders.speakers`, through the mentions
inside the subject, the gazetteer, pronouns (he/she → the person last quoted or just named; they → the last plural
speaker; it → the last organisation) and descriptions ("the group", "the newspaper").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from loaders.records import Entity, Sentence, StatementRecord
from loaders.speakers import ACTOR_LABELS, Speaker, SpeakerResolver
from loaders.speech_markers import Marker, MarkerFinder, trim_end
from loaders.subjects import FILLERS, PARTICIPLES, clause_subject, skip_chars
from loaders.text import Document, Quote

_SENTENCE_END_MARK = re.compile(r"[.!?]")
_LEADING_NAME = re.compile(r"\s*((?:[A-Z][\w’'\-]*\s+){0,3}[A-Z][\w’'\-]*)")
_INFINITIVE = re.compile(r"to\s")


class Attributor:
    """Finds the statements of one document, in text order, keeping the pronoun and description context."""

    def __init__(self, doc: Document, gazetteer: Any) -> None:
        self.doc = doc
        self.text = doc.text
        self.gazetteer = gazetteer
        self.statements: list[StatementRecord] = []
        self.speakers = SpeakerResolver(doc, gazetteer, self.statements)
        self.markers = MarkerFinder(doc, self.speakers)
        self.added_entities: dict[str, Entity] = self.speakers.added_entities
        self._last_quote_speaker: tuple[Speaker | None, int, str | None] | None = None  # speaker, end, outlet

    def speaker_for(self, start: int, end: int, keep_text: bool = False) -> Speaker:
        """Resolve the words ``text[start:end]`` that name a speaker (or a claimant, a culprit) to an entity."""
        return self.speakers.speaker_for(start, end, keep_text)

    # ------------------------------------------------------------------------------------------ driver
    def run(self) -> list[StatementRecord]:
        """Every statement of the document."""
        doc = self.doc
        if not doc.sentences:
            return self.statements
        # Only sentences with a quotation, a speech verb or "according to" in them hold statements (most sentences
        # do not, and even finding that out costs a few lookups each).
        sentence_index = doc.sentence_index
        busy = {sentence_index(quote.start) for quote in doc.quotes}
        busy.update(sentence_index(hit.start) for hit in doc.triggers.get("speech", ()))
        busy.update(sentence_index(hit.start) for hit in doc.triggers.get("according", ()))
        for index in sorted(busy):
            self._sentence(index, doc.sentences[index])
        return self.statements

    def _sentence(self, index: int, sentence: Sentence) -> None:
        text = self.text
        quotes = self._quotes(sentence)
        speech = self.doc.hits("speech", sentence.start, sentence.end)
        if not quotes and not speech and not self.doc.hits("according", sentence.start, sentence.end):
            return
        markers: list[Marker] = []
        for verb in speech:
            if self.markers.inside_quote(verb.start, quotes) or self.markers.is_noun(verb.start):
                continue
            marker = self.markers.marker(sentence, verb, quotes)
            if marker is None:
                continue
            if verb.word in PARTICIPLES and markers and markers[-1].speaker is not None:
                marker.speaker = markers[-1].speaker  # "Mahalli noted that …, warning that “…”": still Mahalli
            markers.append(marker)
        markers.extend(self.markers.according_markers(sentence, quotes))
        markers.sort(key=lambda m: m.verb_start)
        emitted: list[StatementRecord] = []
        for marker in markers:
            if marker.quote is not None:
                continue
            statement = self._reported_statement(sentence, marker, quotes)
            if statement is not None and not any((s.start, s.end) == (statement.start, statement.end) for s in emitted):
                emitted.append(statement)
        previous_quote: tuple[Quote, Marker] | None = None
        for quote in quotes:
            marker = next((m for m in markers if m.quote is quote), None)
            if marker is None and previous_quote is not None:
                # “A,” the group claimed, “B.”: the second part has the first part's speaker.
                gap = text[previous_quote[0].end : quote.start]
                if len(gap) <= 80 and not _SENTENCE_END_MARK.search(gap):
                    marker = previous_quote[1]
            if marker is None and any(s.start <= quote.start and quote.end <= s.end + 1 for s in emitted):
                continue  # already part of a reported statement ("the BBC reported that Alawites were “…”")
            statement = self._quote_statement(index, sentence, quote, marker)
            if statement is not None:
                emitted.append(statement)
                if marker is not None:
                    previous_quote = (quote, marker)
        emitted.sort(key=lambda s: (s.start, -s.end))
        for statement in emitted:
            self.speakers.remember(statement)
        self.statements.extend(emitted)

    def _quotes(self, sentence: Sentence) -> list[Quote]:
        """The sentence's quotations: double ones, and single ‘…’ ones that are not inside a double one."""
        found = self.doc.quotes_in(sentence.start, sentence.end)
        doubles = [q for q in found if q.mark != "‘"]
        singles = [q for q in found if q.mark == "‘" and not any(d.start < q.start < d.end for d in doubles)]
        return sorted(doubles + singles, key=lambda q: q.start) if singles else doubles

    # ------------------------------------------------------------------------------------------ markers
    def _quote_statement(
        self, index: int, sentence: Sentence, quote: Quote, marker: Marker | None
    ) -> StatementRecord | None:
        text = self.text
        inner = text[quote.inner_start : quote.inner_end]
        words = len(inner.split())
        speaker: Speaker | None = marker.speaker if marker else None
        via = marker.via if marker else None
        outlet_id = None
        if marker is None:
            if words < 4:
                return None
            if text[sentence.start : quote.start].strip():
                return None  # a phrase quoted inside a narrative sentence, with nobody saying it
            speaker, outlet_id = self._continued_speaker(index, quote)
            if speaker is None and words < 8:
                return None
        elif words < 3:
            return None
        start, end = quote.inner_start, trim_end(text, quote.inner_start, quote.inner_end, ",;: ")
        record = self._record("quote", start, end, sentence, speaker, via)
        if outlet_id and not record.outlet_id:
            record.outlet_id = outlet_id
        self._last_quote_speaker = (speaker, quote.end, record.outlet_id)
        return record

    def _continued_speaker(self, index: int, quote: Quote) -> tuple[Speaker | None, str | None]:
        """A quotation with no verb of its own continues the last quote (or the colon that introduced it)."""
        text = self.text
        if index > 0:
            previous = self.doc.sentences[index - 1]
            if text[previous.end - 1] == ":" and not self.doc.quotes_in(previous.start, previous.end):
                for verb in self.doc.hits("speech", previous.start, previous.end):
                    subject = clause_subject(self.doc, previous, verb.start, [])
                    if subject is not None and not self.markers.is_noun(verb.start):
                        return self._relative_subject(subject[0], subject[1], previous), None
                first = _LEADING_NAME.match(text[previous.start : previous.end])
                if first:
                    return self.speakers.speaker_for(
                        previous.start + first.start(1), previous.start + first.end(1)
                    ), None
        if self._last_quote_speaker is not None:
            speaker, end, outlet_id = self._last_quote_speaker
            gap = text[end : quote.start]
            if len(gap) < 400 and gap.count("\n") <= 2:
                return speaker, outlet_id
        return None, None

    def _relative_subject(self, start: int, end: int, sentence: Sentence) -> Speaker:
        """ "Kassargian interviewed Kurdish and Druze leaders who said:" → the leaders."""
        return self.speakers.subject_speaker(start, end, sentence)

    def _record(
        self, kind: str, start: int, end: int, sentence: Sentence, speaker: Speaker | None, via: Speaker | None
    ) -> StatementRecord:
        doc = self.doc
        inside = doc.mentions_in(start, end)
        # The outlet and the date of a statement are named in its attribution, near the speaker: "a Syrian
        # journalist told The Press Service of Israel", "In a statement on Sunday, … Rubio demanded".
        if speaker is not None and sentence.start <= speaker.start < sentence.end:
            near_start, near_end = max(sentence.start, speaker.start - 80), min(sentence.end, speaker.end + 80)
        else:
            near_start, near_end = sentence.start, sentence.end
        outlet_id = None
        if speaker is not None and speaker.entity_id and doc.label_of(speaker.entity_id) == "Outlet":
            outlet_id = speaker.entity_id
        else:
            for mention in doc.mentions_in(near_start, near_end):
                if doc.label_of(mention.entity_id) == "Outlet" and not (start <= mention.start < end):
                    outlet_id = mention.entity_id
                    break
        about_ids: list[str] = []
        place_ids: list[str] = []
        for mention in inside:
            label = doc.label_of(mention.entity_id)
            if label in ACTOR_LABELS:
                about_ids.append(mention.entity_id)
            elif label == "Location":
                place_ids.append(mention.entity_id)
        about_ids, place_ids = _unique(about_ids), _unique(place_ids)
        statement_date = None
        for found in doc.dates_in(near_start, near_end):
            if not (start <= found.start < end) and found.precision == "day":
                statement_date = found.date
                break
        record = StatementRecord(
            kind="quote" if kind == "quote" else "reported",
            text=self.text[start:end],
            start=start,
            end=end,
            sentence=sentence,
            speaker=speaker.text if speaker else None,
            speaker_id=speaker.entity_id if speaker else None,
            via=via.text if via else None,
            via_id=via.entity_id if via else None,
            outlet_id=outlet_id,
            date=statement_date,
            about_ids=about_ids,
            place_ids=place_ids,
        )
        return record

    def _reported_statement(self, sentence: Sentence, marker: Marker, quotes: list[Quote]) -> StatementRecord | None:
        start, end = marker.govern_start, marker.govern_end
        start = skip_chars(self.text, start, " ,—–")
        filler = FILLERS.match(self.text, start, end)
        if filler and filler.end() < end:
            start = filler.end()
        end = trim_end(self.text, start, end)
        if end - start < 8 or len(self.text[start:end].split()) < 3:
            return None
        if _INFINITIVE.match(self.text[start:end]):
            return None  # "any party had claimed to overthrow …": an intention, not a statement
        end = balance_quotes(self.text, start, end)
        return self._record("reported", start, end, sentence, marker.speaker, marker.via)


# ---------------------------------------------------------------------------------------------- helpers
def find_statements(doc: Document, gazetteer: Any) -> tuple[list[StatementRecord], dict[str, Entity]]:
    """Direct quotes and reported speech of a document, in text order, and any entity resolved on the way that
    the mentions did not already hold."""
    attributor = Attributor(doc, gazetteer)
    statements = attributor.run()
    return statements, attributor.added_entities


def statement_at(statements: list[StatementRecord], start: int, end: int) -> StatementRecord | None:
    """The innermost statement whose text contains ``[start, end)``."""
    best: StatementRecord | None = None
    for statement in statements:
        if (
            statement.start <= start
            and end <= statement.end
            and (best is None or statement.end - statement.start < best.end - best.start)
        ):
            best = statement
    return best


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def balance_quotes(text: str, start: int, end: int) -> int:
    """Extend a span that opens a quotation to take in its closing mark, if that follows within a few characters."""
    span = text[start:end]
    if span.count("“") > span.count("”"):
        close = text.find("”", end, end + 3)
        if close != -1:
            return close + 1
    return end
