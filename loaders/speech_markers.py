"""Attributions inside a sentence: which words a speech verb, a quotation or "according to" attributes, and to whom.

A speech verb's subject is the noun phrase before it in its clause, or the name after it in an inversion ("said
Rami Abdel Rahman"); a quotation is attributed by the verb right after it (“…,” he said) or right before it (he
said: “…”); reported speech is the clause the verb governs, after it ("X said that …") or before it ("…, X
reported"), up to the next attribution, a turn ("though …") or a sentence end the page lost its space after. Each
attribution is a :class:`Marker`; :mod:`loaders.statements` turns markers into statements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from loaders.records import Sentence
from loaders.speakers import Speaker, SpeakerResolver
from loaders.subjects import FILLERS, clause_subject, closes_clause, skip_chars
from loaders.text import Document, Hit, Quote, last_word, regex_lower, register_triggers

# Patterns used inside functions, compiled once.
# A name token may carry a lower-case prefix ("al-Shaibani") and be followed by lower-case particles ("Staffan de
# Mistura", "Hans van der Berg"), but it always starts and ends on a capitalised word.
_NAME_TOKEN = r"(?:(?:al|el|ad|ash|as|an|ar|at|az|abu|bin|ibn|ben)-)?[A-Z][\w’'.\-]*"
_NAME_PARTICLES = r"(?:(?:de|da|di|du|del|della|der|den|dos|das|van|von|ter|ten|le|la|al|el|bin|ibn|bint|abu|ben)\s+)*"
_INVERTED_NAME = re.compile(rf"\s+((?:{_NAME_TOKEN}\s+{_NAME_PARTICLES}){{0,3}}{_NAME_TOKEN})\s*(?=[,.;:]|\Z)")
_PASSIVE_AUX_END = re.compile(r"\b(?:was|were|is|are|been|be)\s*\Z")
_CLAUSE_ENDS_HERE = re.compile(r"\s*(?:[.!?]|[—–]|,\s*(?:but|and|adding|citing)\b|\Z)")
_DATE_THEN_END = re.compile(r"\s+(?:(?:on|in|late|early)\s+)?\w+(?:\s+\w+)?\s*[.!?]?\s*\Z")
_THAT_BLOCKER = re.compile(r"[.;:“”\"]")
_POST_ATTRIBUTION = re.compile(r",\s+(?:the\s+)?[\w’'\- ]{2,60}?\s+(?:said|reported|added|claimed)\b")
_SPACED_DASH = re.compile(r"\s[—–]\s")
_CLAUSE_BREAK = re.compile(r";\s|,\s+(?:according\s+to|but)\b")
_QUOTE_BLOCKER = re.compile(r"[.;!?”\"]")
# The words the three patterns above end with: a clause whose last word is none of them needs no search.
_PASSIVE_AUX_WORDS = ("was", "were", "is", "are", "been", "be")
_NP_BREAK = re.compile(r"\s(?:that|who|which|said|says|and\s+(?:said|says|added))\b")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SPEECH_VERBS = (
    r"said|says|say|told|tells|telling|added|adds|adding|stated|states|stating|declared|declares|insisted|insists"
    r"|explained|explains|claimed|claims|claim|claiming|reported|reports|report|reporting|announced|announces|announcing"
    r"|confirmed|confirms|noted|notes|warned|warns|warning|argued|argues|wrote|writes|tweeted|posted|stressed"
    r"|emphasi[sz]ed|emphasi[sz]es|alleged|alleges|acknowledged|admitted|admits|asserted|affirmed|urged|demanded"
    r"|predicted|predicts|reminds|reminded|believes|expressed|described|detailed|detail|indicated|indicate"
    r"|suggested|suggests|concluded|recalled|revealed|disclosed|continued|asked|replied|responded|pledged"
    r"|condemned|denounced|cited|citing|estimated|documented|identified|maintains|maintained"
)
register_triggers(
    "speech",
    _SPEECH_VERBS.replace("emphasi[sz]ed", "emphasized emphasised")
    .replace("emphasi[sz]es", "emphasizes emphasises")
    .replace("|", " ")
    .split(),
)
register_triggers("according", ["according to"])
# Verbs that govern a following clause even without "that": "Katz said troops will remain".
_CLAUSE_VERBS = _words(
    "said says told tells stated claimed claims reported reports report announced confirmed added insisted warned "
    "maintains maintained "
    "alleged argued noted notes believes indicated indicate predicted predicts admitted admits wrote writes "
    "tweeted detail detailed claim say"
)
# Verbs that attribute a quotation but never govern reported speech on their own.
_QUOTE_ONLY_VERBS = _words("expressed described condemned denounced urged demanded pledged asked")
# Verbs that may come before their subject: "said Rami Abdel Rahman", "says Mahalli".
_INVERSION_VERBS = _words("said says added adds wrote writes explained explains notes noted continued asked")
# A word before a speech verb that makes it a noun: "some reports", "his claims", "to reports".
_NOUN_CONTEXT = _words(
    "the a an some many multiple these those this initial unconfirmed other no most his her its their our my your "
    "media news several such to of from with in by further earlier recent conflicting first latest"
)
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
# A word after "reports"/"claims" that shows them to be nouns.
_VERB_AFTER_NOUN = _words(
    "emerged began surfaced indicated indicate suggested suggest showed show say said claimed claim have has had "
    "were are was is appeared appear circulated circulating emerging"
)
# Verbs that attribute the clause before them: "…, the UK-based SOHR reported."
_POST_VERBS = _words(
    "said says reported reports told stated claimed claims added announced confirmed noted notes wrote tweeted "
    "alleged insisted warned explained detailed"
)
_STRICT_NOUN_CONTEXT = _words("the a an his her its their our my your this that to of from with in by such no")
# Matched against regex_lower(text), which is re.IGNORECASE's reading of it, with the same length and the same word
# and space characters: case-sensitive, the engine skips an alternative at its first letter, a third faster.
# The last word of a run of adverbs is one of the pattern's words, or any word ending in "ly".
_CITING = re.compile(r"\b(?:citing|cited|quoting)\s+", re.IGNORECASE)
_SOURCE_THEN_DATE = re.compile(
    r"\s(?:on|late|early|last|this|earlier)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month"
    r"|night|morning|evening)\b"
)
_GLUED_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][A-Z][a-z]")
# A later source ends the reported speech before it: "…, as reported by the Gaza Health Ministry".
_LATER_SOURCE = re.compile(
    r"\b(?:according\s+to|as\s+(?:reported|stated|announced|confirmed|documented|recorded)\s+by)\s+", re.IGNORECASE
)
_QUOTED_BY = re.compile(r"\s+(?:quoted|cited|reported|relayed|carried)\s+by\s+", re.IGNORECASE)
_NP_STOP_PUNCT = re.compile(r"[,.;:!?()\[\]“”\"—–]|\s-\s")
# Where reported speech stops: a new clause that turns away from it.
_CLAUSE_TURN = re.compile(r"[,”]\s*”?\s*(?:though|although|while|whereas|but|yet)\s", re.IGNORECASE)
_WORD_AT = re.compile(r"[\w’'\-]+")
# Between a verb and a single-quoted quotation: nothing, or a short object and a comma or colon ("told Assad, ‘…’").
_INTRODUCES_QUOTE = re.compile(r"\s*(?:(?:[\w’'\-]+\s+){0,3}[\w’'\-]+\s*)?[,:]\s*|\s*")
_ONLY_SEPARATORS = re.compile(r"[\s,.]*")
_CLEFT = re.compile(r"\s*it\s+(?:was|is|were)\s", re.IGNORECASE)
_THAT = re.compile(r"\bthat\b", re.IGNORECASE)
_FINITE_VERB = re.compile(r"\b(?:is|was|were|are|has|have|had|will|would|could|can|did|does|do)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w’'\-]*")
# Generic heads in "according to reports from SOHR": the source is what follows.
_SOURCE_PREFIX = re.compile(
    r"(?:(?:the|a|an|some|several|multiple)\s+)?(?:reports?|statements?|figures|data|sources?|estimates?|"
    r"accounts?|posts?|footage|documents?|tallies|tally|counts?|updates?|bulletins?|briefings?)\s+"
    r"(?:from|by|of|at|in|on)\s+",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Marker:
    """One attribution inside a sentence: who, and which span of the sentence they govern."""

    speaker: Speaker | None
    verb_start: int
    verb_end: int
    govern_start: int  # the reported text, when it is reported speech
    govern_end: int
    via: Speaker | None = None
    quote: Quote | None = None


class MarkerFinder:
    """Finds the attributions of one document's sentences, resolving their speakers as it goes."""

    def __init__(self, doc: Document, speakers: SpeakerResolver) -> None:
        self.doc = doc
        self.text = doc.text
        self.speakers = speakers

    def inside_quote(self, offset: int, quotes: list[Quote]) -> bool:
        return any(q.start < offset < q.end for q in quotes)

    def is_noun(self, offset: int) -> bool:
        if not self.text[offset].islower() and offset > 0 and self.text[offset - 1] != "“":
            return True  # "The United States stands", "Reports began"
        word_end = _word_end(self.text, offset)
        following = _NEXT_WORD.match(self.text, word_end)
        if following and following.group(1).lower() in _VERB_AFTER_NOUN:
            return True  # "as reports emerged", "his claims were"
        if self.text.startswith(" the lives", word_end):
            return True  # "the fighting claimed the lives of 129": no one is speaking
        if following and following.group(1).lower() in ("of", "from", "about") and self.text[word_end - 1] == "s":
            return True  # "reports of massacres"
        before = self.text[max(0, offset - 30) : offset]
        words = _WORD.findall(before)
        if not words:
            return True  # sentence-initial "Reports began …": a noun with no subject before it
        previous = words[-1].lower()
        if before.rstrip().endswith(("’s", "'s")):
            return True
        if before.rstrip().endswith(","):
            return False
        word = self.text[offset:word_end].lower()
        if word.endswith("s") or word.endswith("ed"):
            return previous in _NOUN_CONTEXT  # "some reports", "his claims", "the reported toll"
        return previous in _STRICT_NOUN_CONTEXT  # "most indicate" is a verb; "the report" a noun

    def marker(self, sentence: Sentence, verb: Hit, quotes: list[Quote]) -> Marker | None:
        text = self.text
        word = verb.word
        v_start, v_end = verb.start, verb.end
        speaker: Speaker | None
        # "“…,” said Rami Abdel Rahman" / "says Mahalli," — the speaker follows the verb.
        if word in _INVERSION_VERBS:
            inverted = _INVERTED_NAME.match(text[v_end : sentence.end])
            if inverted and not _is_calendar_word(inverted.group(1)):
                speaker = self.speakers.speaker_for(v_end + inverted.start(1), v_end + inverted.end(1))
                before_quote = self._quote_ending_before(v_start, quotes, sentence)
                if before_quote is not None:
                    return Marker(speaker, v_start, v_end, before_quote.start, before_quote.end, quote=before_quote)
                after = v_end + inverted.end()
                rest_start = skip_chars(text, after, ", ")
                if sentence.end - rest_start > 15 and not _reports_clause_before(text, sentence.start, v_start):
                    return Marker(speaker, v_start, v_end, rest_start, trim_end(text, rest_start, sentence.end))
                return Marker(
                    speaker, v_start, v_end, sentence.start, _clause_end_before(text, sentence.start, v_start)
                )
        subject = clause_subject(self.doc, sentence, v_start, quotes)
        if subject is None:
            return None
        named = self._person_before_apposition(subject[0], sentence)
        if named is not None:  # "“…,” Corinne Dufka, Sahel director at HRW, said": Dufka speaks
            subject = (named[0], named[1], *subject[2:])
        speaker = self.speakers.subject_speaker(subject[0], subject[1], sentence)
        subject_text = text[subject[0] : v_start]
        if last_word(subject_text).endswith(_PASSIVE_AUX_WORDS) and _PASSIVE_AUX_END.search(subject_text):
            speaker = None  # "it was announced that …": nobody is named
        via = self._via(subject[0], v_start, sentence)
        quote_before = self._quote_ending_before(subject[0], quotes, sentence)
        if quote_before is not None:  # “…,” he insisted
            return Marker(speaker, v_start, v_end, quote_before.start, quote_before.end, via, quote_before)
        quote_after = self._quote_starting_after(v_end, quotes, sentence)
        if quote_after is not None:  # he said: “…”
            via = via or self._via(v_end, quote_after.start, sentence)
            return Marker(speaker, v_start, v_end, quote_after.start, quote_after.end, via, quote_after)
        if word in ("cited", "citing") and word == "cited":
            # "SOHR cited locals in Baniyas, Tartous governate, documented …": SOHR via the locals.
            np_end = _noun_phrase_end(text, v_end + 1, sentence.end)
            via = self.speakers.speaker_for(skip_chars(text, v_end, " "), np_end)
            start = skip_chars(text, v_end, " ")
            return Marker(speaker, v_start, v_end, start, trim_end(text, start, sentence.end), via)
        if word in _QUOTE_ONLY_VERBS or word in ("citing", "estimated", "documented", "identified"):
            return None
        that = self._that_after(v_end, sentence)
        if that is not None:
            start = skip_chars(text, that, " ")
            end = self._govern_end(start, sentence)
            via = via or self._via(v_end, that, sentence)
            return Marker(speaker, v_start, v_end, start, end, via)
        follow = text[v_end : sentence.end]
        if _CLAUSE_ENDS_HERE.match(follow) or _DATE_THEN_END.match(follow):
            # "…, the UK-based Syrian Observatory for Human Rights (SOHR) reported — but …"
            if word not in _POST_VERBS or not text[sentence.start : subject[0]].rstrip().endswith(","):
                return None
            start = self._previous_boundary(sentence, subject[0])
            end = _clause_end_before(text, start, subject[0])
            if end - start < 12:
                return None
            return Marker(speaker, v_start, v_end, start, end, via)
        if subject[2] and word in _CLAUSE_VERBS:  # "Katz said troops will remain …", ", SOHR detailed, were …"
            if follow.lstrip().startswith(","):  # a parenthetical: the whole sentence is what is reported
                return Marker(speaker, v_start, v_end, sentence.start, trim_end(text, sentence.start, sentence.end))
            start = v_end
            if word in ("told", "tells"):
                start = _noun_phrase_end(text, v_end + 1, sentence.end)
            start = skip_chars(text, start, " ,")
            end = self._govern_end(start, sentence)
            if len(text[start:end].split()) >= 4:
                return Marker(speaker, v_start, v_end, start, end, via)
        return None

    def according_markers(self, sentence: Sentence, quotes: list[Quote]) -> Iterable[Marker]:
        text = self.text
        for m in self.doc.hits("according", sentence.start, sentence.end):
            if self.inside_quote(m.start, quotes):
                continue
            np_start = skip_chars(text, m.end, " ")
            np_end = _clause_end(text, np_start, sentence.end)
            source_start, source_end, via = np_start, np_end, None
            quoted_by = _QUOTED_BY.search(text, np_start, np_end)
            if quoted_by:  # "according to Facebook accounts … quoted by Abu Ali": Abu Ali, via the accounts
                via = self.speakers.speaker_for(np_start, quoted_by.start(), keep_text=True)
                source_start = quoted_by.end()
            prefix = _SOURCE_PREFIX.match(text, source_start, source_end)
            if prefix:
                source_start = prefix.end()
            dated = _SOURCE_THEN_DATE.search(text, source_start, source_end)
            if dated:  # "according to an update from Houthi-run health authorities on Friday"
                source_end = dated.start()
            speaker = self.speakers.speaker_for(source_start, trim_end(text, source_start, source_end))
            before = text[sentence.start : m.start].strip(" ,")
            if len(before.split()) >= 3:  # "…, according to X": the clause before
                start = self._previous_boundary(sentence, m.start)
                end = _clause_end_before(text, start, m.start)
            else:  # "According to X, …": the clause after
                start = skip_chars(text, np_end, " ,")
                end = self._govern_end(start, sentence)
            if end - start >= 12:
                yield Marker(speaker, m.start, m.end, start, end, via)

    def _that_after(self, v_end: int, sentence: Sentence) -> int | None:
        """The end of "that" after a verb, past an object, a date or a ", citing X," aside (at most 90 chars)."""
        window_end = min(sentence.end, v_end + 90)
        m = _THAT.search(self.text, v_end, window_end)
        if m is None:
            return None
        between = self.text[v_end : m.start()]
        if _THAT_BLOCKER.search(between) or len(between.split()) > 10 or _CLEFT.match(between):
            return None  # "claim it was the army that fired": the cleft's "that", not the verb's
        if _FINITE_VERB.search(between):
            return None  # "said the government was responsible for that attack": a clause already, "that" its word
        return m.end()

    def _govern_end(self, start: int, sentence: Sentence) -> int:
        """Where reported speech that starts at ``start`` ends: the next attribution or the sentence end."""
        text = self.text
        end = sentence.end
        later = _LATER_SOURCE.search(text, start, end)
        if later:
            end = _clause_end_before(text, start, later.start())
        glued = _GLUED_SENTENCE_END.search(text, start, end)
        if glued:  # "… in the chaos.The recent escalation …": a sentence end the page lost its space after
            end = glued.start() + 3
        post = _POST_ATTRIBUTION.search(text[start:end])
        if post:
            end = _clause_end_before(text, start, start + post.start() + 1)
        turn = _CLAUSE_TURN.search(text, start, end)
        if turn:
            end = _clause_end_before(text, start, turn.start() + 1)
        return trim_end(text, start, end)

    def _person_before_apposition(self, start: int, sentence: Sentence) -> tuple[int, int] | None:
        """The person a description in apposition describes: in "Corinne Dufka, Sahel director at HRW, said" the
        clause subject found is the description; the speaker is the person named just before its comma. Only a
        person's name, and only after a quotation, a clause break or the sentence's start."""
        text = self.text
        comma = text.rfind(",", sentence.start, start)
        if comma < 0 or text[comma + 1 : start].strip():
            return None
        before = self.doc.mentions_in(max(sentence.start, comma - 60), comma)
        if not before or before[-1].end != comma or self.doc.label_of(before[-1].entity_id) != "Person":
            return None
        if any(
            m.start >= start and self.doc.label_of(m.entity_id) == "Person"
            for m in self.doc.mentions_in(start, start + 80)
        ):
            return None  # the subject names a person of its own
        person = before[-1]
        lead = text[sentence.start : person.start].rstrip()
        if lead and not lead.endswith((",", "”", '"', "—", "–", ":", ";")):
            return None  # "The report by Corinne Dufka, an HRW director, said": not a speaker in apposition
        return person.start, person.end

    def _previous_boundary(self, sentence: Sentence, before: int) -> int:
        """The start of the clause that ends at ``before``: after an earlier attribution or dash, or the sentence."""
        text = self.text
        start = sentence.start
        head = text[sentence.start : before]
        dashes = list(_SPACED_DASH.finditer(head))
        # Dashes in pairs enclose an aside ("250 Alawites — including women — were executed"); an odd one out
        # starts a new clause.
        if len(dashes) % 2 == 1:
            start = sentence.start + dashes[-1].end()
        for m in _CLAUSE_BREAK.finditer(head):
            start = max(start, sentence.start + m.end())
        start = skip_chars(text, start, " ,")
        filler = FILLERS.match(text, start, before)
        return filler.end() if filler and filler.end() < before else start

    def _quote_ending_before(self, offset: int, quotes: list[Quote], sentence: Sentence) -> Quote | None:
        """A quotation that closes a clause right before ``offset``: “…,” he said. Not a scare-quoted phrase
        inside a noun phrase (The “unity president” went …)."""
        for q in quotes:
            if (
                q.end <= offset
                and _ONLY_SEPARATORS.fullmatch(self.text, q.end, offset)
                and closes_clause(self.text, q, sentence)
            ):
                return q
        return None

    def _quote_starting_after(self, offset: int, quotes: list[Quote], sentence: Sentence) -> Quote | None:
        for q in quotes:
            if q.start >= offset:
                between = self.text[offset : q.start]
                short = len(self.text[q.inner_start : q.inner_end].split()) < 3
                if q.mark == "‘" and not _INTRODUCES_QUOTE.fullmatch(between):
                    return None  # a single-quoted name or phrase inside the clause, not what was said
                if len(between) <= 90 and not _QUOTE_BLOCKER.search(between) and not short:
                    return q
                return None
        return None

    def _via(self, start: int, end: int, sentence: Sentence) -> Speaker | None:
        window = regex_lower(self.text[start:end])
        if "cit" not in window and "quot" not in window:
            return None  # no "citing", "cited" or "quoting": spare the search
        m = _CITING.search(self.text, start, end)
        if m is None:
            return None
        np_end = _noun_phrase_end(self.text, m.end(), min(end, sentence.end))
        if np_end <= m.end():
            return None
        return self.speakers.speaker_for(m.end(), np_end, keep_text=True)

    # ------------------------------------------------------------------------------------------ records


def _reports_clause_before(text: str, start: int, verb_start: int) -> bool:
    """ "The attack caused around 60 deaths, said Col. Alain Kiwewa, a local administrator …": an inverted verb
    after a comma-ended clause reports that clause; what follows the name describes the speaker."""
    before = text[start:verb_start].rstrip()
    return before.endswith(",") and len(before.split()) >= 3


def _is_calendar_word(words: str) -> bool:
    return bool(
        re.fullmatch(
            r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May"
            r"|June|July|August|September|October|November|December|Today|Yesterday)\b.*",
            words,
        )
    )


def _word_end(text: str, offset: int) -> int:
    m = _WORD_AT.match(text, offset)
    return m.end() if m else offset


def trim_end(text: str, start: int, end: int, chars: str = ".,;:!?—–-") -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return end


def _clause_end(text: str, start: int, limit: int) -> int:
    """The end of the noun phrase or clause starting at ``start``: the next comma, period, dash or bracket."""
    position = start
    while True:
        m = _NP_STOP_PUNCT.search(text, position, limit)
        if m is None or m.group() != "(":
            break
        close = text.find(")", m.end(), min(limit, m.end() + 30))  # "the Syrian Observatory (SOHR), …"
        if close == -1:
            break
        position = close + 1
    end = m.start() if m else limit
    return trim_end(text, start, end)


def _clause_end_before(text: str, start: int, before: int) -> int:
    return trim_end(text, start, before)


def _noun_phrase_end(text: str, start: int, limit: int) -> int:
    """A short noun phrase from ``start``: up to punctuation or a word that starts a new clause."""
    end = _clause_end(text, start, limit)
    m = _NP_BREAK.search(text[start:end])
    return trim_end(text, start, start + m.start()) if m else end
