"""Subjects: the noun phrase a verb's clause names as its subject, found by punctuation and a few word lists.

:func:`clause_subject` reads back from a verb to the start of its clause (after the last subordinator, a closing
quotation or a dash), past an appositive ("Volker Turk, the U.N. High Commissioner, said" → Volker Turk; "the health
minister, Firas Abiad, confirmed" → Firas Abiad), a relative clause inside the subject ("the spokesman for the
TPLF that has been fighting the government, said"), a first verb sharing the subject ("The RSF have denied … and
claim"), and a relative pronoun ("which accuses" → the phrase before it). :mod:`loaders.speakers` resolves the
words it returns to an entity.
"""

from __future__ import annotations

import re

from loaders.records import Sentence
from loaders.text import Document, Quote, last_word, pattern_words, regex_lower


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SUBORDINATORS = re.compile(
    r"(?:\b(?:that|when|where|while|whereas|because|although|though|if|after|before|since|but|as|and then)\s+"
    r"|[;:]\s*|\s[—–]\s*)"
)
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:also|similarly|strongly|personally|reportedly|allegedly|recently|later|then|has|have|had|are|is|"
    r"were|was|"
    r"had\s+been|has\s+been|once|again|previously|publicly|repeatedly|first|further|already|further|"
    r"explicitly|[a-z]+ly))+\s*\Z",
    re.IGNORECASE,
)
_ADVERB_WORDS = pattern_words(_TRAILING_ADVERBS)
_COMMA_OUTSIDE_BRACKETS = re.compile(r",(?![^()]*\))")
_NEGATION_END = re.compile(r"\b(?:not|never|n’t|n't)\s*\Z")
_NEGATION_WORDS = ("not", "never", "n’t", "n't")
_MAX_SUBJECT_WORDS = 14
_SUBJECT_REACH = 240
FILLERS = re.compile(
    r"(?:(?:meanwhile|similarly|moreover|however|instead|still|yet|but|and|also|then|now|noticeably|finally|"
    r"so|thus|indeed|later|earlier|separately|furthermore|in\s+addition|at\s+the\s+same\s+time)\b[,\s]*)+",
    re.IGNORECASE,
)
PARTICIPLES = _words("stating telling adding claiming announcing reporting warning citing")
_NON_SPACE = re.compile(r"\S+")
_MAIN_VERBS = _words("went was is are were has had made took gave came said says told pointed spoke turned")
_RELATIVE_END = re.compile(r"\s(?:who|which|that)\s*\Z")
RELATIVE_WORDS = frozenset(("who", "which", "that"))
_COORDINATED_PREDICATE = re.compile(r"\s*(?:has|have|had|is|are|was|were)\s[^,]*\sand\s*")
_RELATIVE_VERB_START = re.compile(r"(?:has|have|had|is|are|was|were|runs|run|controls|leads|led|operates)\s")
_WORD_TOKEN = re.compile(r"[\w’'\-]+")


def clause_subject(
    doc: Document, sentence: Sentence, verb_start: int, quotes: list[Quote]
) -> tuple[int, int, bool] | None:
    """The subject noun phrase of the verb at ``verb_start``: (start, end, is_clean_clause_subject)."""
    text = doc.text
    # A subject is a few words: looking further back than this only costs time on long, unpunctuated text.
    clause_start = max(sentence.start, verb_start - _SUBJECT_REACH)
    for q in quotes:
        if q.end <= verb_start and closes_clause(text, q, sentence):
            clause_start = max(clause_start, q.end)
    head = text[clause_start:verb_start]
    for m in reversed(list(_SUBORDINATORS.finditer(regex_lower(head)))):
        # The clause starts after the last subordinator that leaves words before the verb.
        after = text[clause_start + m.end() : verb_start]
        if after.strip() and not _is_relative_clause(m.group(), after):
            clause_start += m.end()
            break
    left = text[clause_start:verb_start]
    participle = text[verb_start : verb_start + 12].split(" ")[0].lower() in PARTICIPLES
    stripped = _strip_trailing_adverbs(left)
    if stripped.rstrip().endswith(","):
        parts = _split_commas(stripped.rstrip()[:-1])
        if participle or len(parts) == 1:
            chosen = _leading_noun_phrase(parts[0])  # "Abdel Rahman pointed to …, stating": Abdel Rahman
            offset = clause_start
        elif _is_appositive_name(doc, clause_start + sum(len(p) + 1 for p in parts[:-1]), parts[-1]):
            chosen = parts[-1]  # "Lebanon’s Health Minister, Firas Abiad, confirmed": the name after the title
            offset = clause_start + sum(len(p) + 1 for p in parts[:-1])
        else:
            chosen = parts[-2]
            offset = clause_start + sum(len(p) + 1 for p in parts[:-2])
    else:
        parts = _split_commas(stripped)
        chosen = parts[-1]
        offset = clause_start + len(stripped) - len(chosen)  # the parts before it, and their commas
        if len(parts) > 1 and _COORDINATED_PREDICATE.fullmatch(chosen):
            # "The RSF, however, have denied responsibility and claim …": the subject of the first verb
            chosen, offset = parts[0], clause_start
    start = offset + (len(chosen) - len(chosen.lstrip()))
    end = offset + len(chosen.rstrip())
    filler = FILLERS.match(text, start, end)
    if filler:
        start = filler.end()
    start = skip_chars(text, start, ' “”"')
    if end <= start:
        return None
    if text[start:end] in RELATIVE_WORDS:
        # "The NGO, which accuses the coalition of …": the phrase the relative pronoun follows
        before = text[sentence.start : start].rstrip(" ,")
        end = sentence.start + len(before)
        start = end - len(before.rsplit(",", 1)[-1].lstrip())
        if end <= start:
            return None
    words = text[start:end].split()
    if not words or (len(words) > _MAX_SUBJECT_WORDS and not doc.mentions_in(start, end)):
        return None
    if words[0].lower() in ("no", "none", "nobody") or (
        last_word(left).endswith(_NEGATION_WORDS) and _NEGATION_END.search(left)
    ):
        return None  # "no reports indicated", "The reports have not confirmed": nothing is asserted
    clean = len(words) <= _MAX_SUBJECT_WORDS and not participle
    return start, end, clean


def closes_clause(text: str, quote: Quote, sentence: Sentence) -> bool:
    """A quotation ends a clause when it ends with punctuation (“…,” / “….”) or a comma follows it, or when it
    opens its sentence with a few words (where punctuation was stripped: "Some cases appear …" WHO said)."""
    if text[quote.end - 2] in ",.!?;:" or text[quote.end : quote.end + 1] in (",", "."):
        return True
    return not text[sentence.start : quote.start].strip() and len(text[quote.start : quote.end].split()) >= 3


def _is_appositive_name(doc: Document, start: int, part: str) -> bool:
    """Whether a comma-enclosed part before a verb is just a person's name ("…, Firas Abiad, confirmed")."""
    words = part.split()
    if not words or len(words) > 4 or not all(w[:1].isupper() for w in words):
        return False
    return any(doc.label_of(m.entity_id) == "Person" for m in doc.mentions_in(start, start + len(part)))


def _is_relative_clause(subordinator: str, after: str) -> bool:
    """ "the spokesman for the TPLF that has been fighting the government, said": a "that" or "who" whose clause
    starts with a verb and ends in the comma before the speech verb describes the subject; it does not start a
    clause of its own."""
    return (
        subordinator.strip() == "that"
        and after.rstrip().endswith(",")
        and _RELATIVE_VERB_START.match(after) is not None
    )


def _leading_noun_phrase(clause: str) -> str:
    """The words before the clause's first verb: "The “unity president” went full spin" → The “unity president”."""
    words = list(_NON_SPACE.finditer(clause))
    for index, word in enumerate(words[1:], start=1):
        token = word.group().strip("“”\"’',").lower()
        if word.group()[0].islower() and (token.endswith("ed") or token in _MAIN_VERBS):
            return clause[: words[index - 1].end()]
    return clause


def _split_commas(clause: str) -> list[str]:
    """``_COMMA_OUTSIDE_BRACKETS.split(clause)``: with no ")" in the clause every comma is outside brackets, and
    str.split does the same without a look-ahead from each comma to the end."""
    return _COMMA_OUTSIDE_BRACKETS.split(clause) if ")" in clause else clause.split(",")


def _strip_trailing_adverbs(clause: str) -> str:
    """``_TRAILING_ADVERBS.sub("", clause)``, without the search when the clause's last word could not end it."""
    last = regex_lower(last_word(clause))
    if last in _ADVERB_WORDS or last.endswith("ly"):
        return _TRAILING_ADVERBS.sub("", clause)
    return clause


def skip_chars(text: str, offset: int, chars: str) -> int:
    """The first offset from ``offset`` on whose character is not in ``chars``."""
    while offset < len(text) and text[offset] in chars:
        offset += 1
    return offset
