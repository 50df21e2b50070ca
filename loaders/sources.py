"""Attribution scope for claims: who a sentence says its figures and accusations come from.

A statement (``loaders.statements``) ties reported words to a speaker clause by clause. A claim needs less and
more: the source that covers every figure of its sentence ("…, X said", "according to X", "X reported /
documented / recorded / estimated …", "X told Y", "citing X", "as reported by X", "X accused Y of …"), even
where the statement rules found no clause, and never a fragment of the sentence ("has been", "At least 30
children", "an update from … on Friday") taken for a speaker.
"""

from __future__ import annotations

import re

from loaders.records import Sentence
from loaders.speakers import Speaker
from loaders.statements import Attributor
from loaders.subjects import clause_subject
from loaders.text import Document

# "according to X", "as reported by X", "citing X", "…, said X": the source follows the cue. ("X told Y": Y is
# the audience, and X the subject of a reporting verb, below.)
_SOURCE_AFTER = re.compile(
    r"\b(?:according\s+to|(?:as\s+)?(?:reported|documented|recorded|confirmed|announced|cited|counted)\s+by"
    r"|citing|quoting)\s+|[,”\"]\s*(?:said|says|added)\s+",
    re.IGNORECASE,
)
# "X reported 127 civilians killed", "X estimated that …", "X told the BBC …": the source is the verb's subject.
_REPORTING_VERB = re.compile(
    r"\b(?:said|says|reported|reports|documented|documents|recorded|records|counted|confirmed|confirms|estimated"
    r"|estimates|announced|announces|told|tells|stated|states|put\s+the\s+(?:death\s+)?toll|accused|accuses"
    r"|verified|registered|tallied)\b",
    re.IGNORECASE,
)
# The end of a source named after its cue: punctuation, a clause, a date or a relative pronoun.
_SOURCE_END = re.compile(
    r"[,.;:!?()“”\"—–]|\s(?:on|in|that|who|which|said|says|late|early|last|this|earlier|and\s+(?:said|added))\b"
)
# Words that start a clause or a figure rather than a name; a verb form inside one ("has been fighting").
_FRAGMENT_START = re.compile(
    r"(?:has|have|had|is|was|were|are|been|in|on|at|as|by|an?\s+update|at\s+least|more\s+than|some|about|of|to"
    r"|from|with|after|before|during|while|when|but|and|or|if|so)\b",
    re.IGNORECASE,
)
_FRAGMENT_VERB = re.compile(r"\b(?:has|have|had|was|were|is|are|been|being|would|will|could)\s", re.IGNORECASE)
_MAX_SOURCE_WORDS = 12
# Heads of subjects that report nothing themselves: the figures, the reports, quantifiers.
_NOT_A_SOURCE = re.compile(
    r"(?:tolls?|figures?|counts?|numbers?|reports?|estimates?|data|statistics|tallies|tally|most|many|some|others"
    r"|all|both|few|several|this|that|these|those)",
    re.IGNORECASE,
)
_ACCUSING_CUE = re.compile(r"accus", re.IGNORECASE)
_RELATIVE_CLAUSE = re.compile(r"\b(?:that|which)\s")
_AFTER_A_QUOTE = re.compile(r"[”\"],?\s*\Z")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+ly\s+)?\Z", re.IGNORECASE)


def is_fragment(written: str | None) -> bool:
    """Whether a speaker as written is a piece of the sentence rather than a name ("has been", "At least 30
    children", "an update from health authorities on Friday", "in the south of Idlib")."""
    if not written or not written.strip():
        return True
    stripped = written.strip()
    return (
        len(stripped.split()) > _MAX_SOURCE_WORDS
        or any(ch.isdigit() for ch in stripped)
        or _FRAGMENT_START.match(stripped) is not None
        or _FRAGMENT_VERB.search(stripped) is not None
    )


def sentence_sources(doc: Document, attributor: Attributor, sentence: Sentence) -> list[tuple[int, Speaker]]:
    """The sources a sentence names, each with the offset of its cue ("said", "according to"), resolved to
    entities where they can be; empty when it names none (the outlet's own voice)."""
    text = doc.text
    found: list[tuple[int, Speaker]] = []
    for m in _SOURCE_AFTER.finditer(text, sentence.start, sentence.end):
        speaker = _resolved(attributor, m.end(), _source_end(text, m.end(), sentence.end))
        if speaker is not None:
            found.append((m.start(), speaker))
    for m in _REPORTING_VERB.finditer(text, sentence.start, sentence.end):
        if _PASSIVE_BEFORE.search(text, max(sentence.start, m.start() - 20), m.start()):
            continue  # "it was announced that …", "were reported killed": nobody named
        if _AFTER_A_QUOTE.search(text, max(sentence.start, m.start() - 4), m.start()):
            # "“… unjustifiable airstrikes …”, accuses Ahmed Mahat, head of …": the name follows the verb
            after = m.end() + 1
            speaker = _resolved(attributor, after, _source_end(text, after, sentence.end))
        else:
            subject = clause_subject(doc, sentence, m.start(), [])
            speaker = _resolved(attributor, subject[0], subject[1]) if subject is not None else None
        if speaker is not None:
            found.append((m.start(), speaker))
    return found


def nearest_source(text: str, sources: list[tuple[int, Speaker]], start: int, end: int) -> Speaker | None:
    """Of a sentence's sources, the one whose cue is nearest to the claim at ``start:end`` (its own clause:
    "IS said …, while SOHR reported 127 killed" gives the 127 to SOHR)."""
    best: Speaker | None = None
    best_distance = 0
    for cue, speaker in sources:
        if speaker.start < end and start < speaker.end:
            continue  # the claim is the source's own words ("At least 30 children")
        if cue < start and _ACCUSING_CUE.match(text, cue) and _RELATIVE_CLAUSE.search(text, cue, start):
            continue  # "X accused Y of bombing a prison, which killed dozens": the accuser's is the accusation
        distance = start - cue if cue < start else cue - end
        if best is None or distance < best_distance:
            best, best_distance = speaker, distance
    return best


def _last_word(text: str) -> str:
    words = text.split()
    return words[-1].strip(',.;:“”"') if words else ""


def _source_end(text: str, start: int, limit: int) -> int:
    stop = _SOURCE_END.search(text, start, limit)
    return stop.start() if stop else limit


def _resolved(attributor: Attributor, start: int, end: int) -> Speaker | None:
    """The speaker named by ``text[start:end]``, if it is a name (resolved, or not a fragment)."""
    if end <= start:
        return None
    written = attributor.text[start:end]
    if is_fragment(written) or _NOT_A_SOURCE.fullmatch(_last_word(written)):
        return None  # "Initial tolls estimated …", "most indicate …": no one is named
    speaker = attributor.speaker_for(start, end)
    if is_fragment(speaker.text):
        return None  # "said in a statement seen by Radio Dabanga": the words after the verb name no source
    if speaker.entity_id is None and not speaker.text[:1].isalpha():
        return None
    return speaker
