"""Text geometry for the extractor: sentences and quotations with character offsets, and one indexed view of an
article (``Document``) that the statement and claim rules share so nothing re-scans the whole text per sentence.

Every offset is a Python ``str`` index into the article text, end exclusive.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from loaders.records import Article, ClaimRecord, Entity, Extraction, Mention, Sentence, StatementRecord


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that end with a period without ending a sentence. Lower-cased, without the period.
_ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof gen lt col maj capt cpt sgt brig adm cmdr rep sen gov pres st jr sr rev hon fr
    no nos vs approx est dept univ govt inc ltd co corp bros mt ft ave
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
# After these an initialism such as "U.S." does end the sentence: "... in the U.S. The next day ..."
_SENTENCE_OPENERS = _words("the he she it they we i this that these those a an but however meanwhile")

# A run of terminal punctuation and any closing quotes or brackets, followed by whitespace; or a line break.
# (Written to start with one character class, which the regex engine scans for quickly.)
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=\n)|[.!?…]*[\"”’'»)\]]*(?=\s))")
_NEXT_WORD = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"\s*")  # \s is exactly str.isspace()
# Up to the last character that is neither alphanumeric nor one of .-’' (\w is str.isalnum() or "_").
_BEFORE_TOKEN = re.compile(r"(?s:.*)(?:[^\w.\-’']|_)")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}\Z")

_QUOTE_MARKS = re.compile(r"[“”\"‘’]")
_CURLY_MARKS = frozenset("“”‘’")
# A curly quote must close within one paragraph and this many characters, or it is left unpaired.
_MAX_QUOTE = 2000
# Text without sentence ends (a scraped page run together, a hostile post) is cut into pieces of at most this many
# characters, so that one "sentence" never holds the whole article: every claim and statement stores its sentence,
# and the rules read a sentence's words. Real news sentences stay under 1,000 (the longest of 70,000 in the
# evaluation corpora: 820).
MAX_SENTENCE_CHARS = 1000


class Quote(NamedTuple):
    """A quotation: ``start``/``end`` include the quote marks, the words are ``text[start + 1:end - 1]``."""

    start: int
    end: int
    mark: str  # the opening mark: “ " or ‘

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1


def find_quotes(text: str) -> list[Quote]:
    """Paired quotations in text order. Double quotes (curly or straight) pair within a paragraph; a single ‘…’
    pairs only where the closing ’ is not an apostrophe (Syria’s, don’t), and may sit inside a double quote."""
    quotes: list[Quote] = []
    marks = _quote_mark_offsets(text)
    if not marks:
        return quotes
    newlines = _offsets_of(text, "\n")
    # The marks paragraph by paragraph (a paragraph is a run of characters other than a line break).
    first = 0
    while first < len(marks):
        following = bisect_right(newlines, marks[first])
        start = newlines[following - 1] + 1 if following else 0
        end = newlines[following] if following < len(newlines) else len(text)
        last = bisect_left(marks, end, first)
        quotes.extend(_paragraph_quotes(text, start, end, marks[first:last]))
        first = last
    quotes.sort(key=_START)
    return quotes


def _offsets_of(text: str, char: str) -> list[int]:
    """Where ``char`` occurs in ``text``, in order (str.find: memory speed, for a character that is rare)."""
    offsets = []
    find = text.find
    position = find(char)
    while position != -1:
        offsets.append(position)
        position = find(char, position + 1)
    return offsets


def _quote_mark_offsets(text: str) -> list[int]:
    """Where the quote marks “ ” " ‘ ’ are, in order: the straight ones by str.find, the curly ones among the
    non-ASCII characters. (A regular expression would try its class on every character.)"""
    straight = _offsets_of(text, '"')
    if text.isascii():
        return straight
    others = non_ascii_offsets(text)
    if others is None:
        return [m.start() for m in _QUOTE_MARKS.finditer(text)]
    curly = [offset for offset in others if text[offset] in _CURLY_MARKS]
    return sorted(straight + curly) if straight else curly


def _paragraph_quotes(text: str, start: int, end: int, marks: list[int]) -> list[Quote]:
    """The quotations of the paragraph ``[start, end)``, given where its quote marks are."""
    found: list[Quote] = []
    open_curly: int | None = None
    open_straight: int | None = None
    open_single: int | None = None
    for pos in marks:
        mark = text[pos]
        if mark == "“":
            open_curly = pos
        elif mark == "”":
            if open_curly is not None and pos - open_curly <= _MAX_QUOTE:
                found.append(Quote(open_curly, pos + 1, "“"))
            open_curly = None
        elif mark == '"':
            # An unbalanced straight quote must not swallow the rest of a long paragraph.
            if open_straight is None or pos - open_straight > _MAX_QUOTE:
                open_straight = pos
            else:
                found.append(Quote(open_straight, pos + 1, '"'))
                open_straight = None
        elif mark == "‘":
            if pos == start or not text[pos - 1].isalnum():
                open_single = pos
        elif open_single is not None:  # ’: closes a single quote only when it is not an apostrophe
            after = text[pos + 1] if pos + 1 < end else " "
            if not after.isalpha() and not text[pos - 1].isspace():
                if pos - open_single <= _MAX_QUOTE:
                    found.append(Quote(open_single, pos + 1, "‘"))
                open_single = None
    return found


def split_sentences(text: str, quotes: list[Quote] | None = None) -> list[Sentence]:
    """Sentences with offsets, trimmed of surrounding whitespace. A line break always ends a sentence; a period
    after an abbreviation (Dr., Lt.-Gen., Feb. 23, U.N.) or inside a quotation does not. A sentence longer than
    MAX_SENTENCE_CHARS is cut, at a space where there is one."""
    if quotes is None:
        quotes = find_quotes(text)
    inside = _QuoteRegions(quotes)
    sentences: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group() == "\n":
            _append(sentences, text, start, m.start())
            start = m.end()
            continue
        end = m.end()
        if inside.covers(end) or not _ends_sentence(text, m.start(), end):
            continue
        _append(sentences, text, start, end)
        start = end
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = _long_sentence_cut(text, start)
        _append(sentences, text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        sentences.append(tuple.__new__(Sentence, (start, end)))  # without the named tuple's interpreted __new__


def _long_sentence_cut(text: str, start: int) -> int:
    """Where a sentence longer than MAX_SENTENCE_CHARS is cut: after its last space within the limit (in the
    second half of it), else at the limit."""
    limit = start + MAX_SENTENCE_CHARS
    space = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
    return space if space != -1 else limit


def _ends_sentence(text: str, punct_start: int, end: int) -> bool:
    following = _SPACES.match(text, end).end()  # type: ignore[union-attr]  # \s* always matches
    if following >= len(text):
        return True
    if text[following].islower():
        return False
    if text[punct_start] != ".":
        return True
    # The word before the period: the longest run of at most 30 letters, digits, periods, hyphens and apostrophes
    # ending there, i.e. what follows the last other character (found by the regex engine, not a loop in Python).
    window_start = max(0, punct_start - 30)
    before_token = _BEFORE_TOKEN.match(text, window_start, punct_start)
    start = before_token.end() if before_token else window_start
    token = text[start:punct_start]
    if not token:
        return True
    if "." in token and _INITIALISM.search(token + "."):  # an initialism has two periods or more
        # "U.N. High Commissioner" goes on; "... the U.S. The next day" ends.
        next_word = _NEXT_WORD.match(text, following, following + 20)
        return next_word is not None and next_word.group().lower() in _SENTENCE_OPENERS
    last = token.rstrip(".").replace("-", ".").rsplit(".", 1)[-1]
    if len(last) == 1 and last.isupper():  # an initial: "George W. Bush"
        return False
    return last.lower() not in _ABBREVIATIONS


class _QuoteRegions:
    """Answers "is this offset strictly inside a double quotation?" by bisection."""

    def __init__(self, quotes: list[Quote]) -> None:
        self._spans = sorted((q.start, q.end) for q in quotes if q.mark != "‘")
        self._starts = [s for s, _ in self._spans]

    def covers(self, offset: int) -> bool:
        # Double quotations barely overlap (a curly pair inside a straight one at most), so two checks suffice.
        i = bisect_right(self._starts, offset - 1) - 1
        if i < 0:
            return False
        s, e = self._spans[i]
        if s < offset < e:
            return True
        if i == 0:
            return False
        s, e = self._spans[i - 1]
        return s < offset < e


class SpanSet:
    """Spans ``[start, end)`` that answer "does this overlap one of you?" in time that does not grow with their
    number (a long article has thousands of claims; a scan of all of them per candidate was quadratic). Spans are
    filed in buckets of ``_SPAN_BUCKET`` characters: a query looks at the buckets it touches."""

    def __init__(self) -> None:
        self._buckets: dict[int, list[tuple[int, int]]] = {}

    def add(self, start: int, end: int) -> None:
        for bucket in range(start // _SPAN_BUCKET, max(start, end - 1) // _SPAN_BUCKET + 1):
            self._buckets.setdefault(bucket, []).append((start, end))

    def overlaps(self, start: int, end: int) -> bool:
        """True if a span shares a character with ``[start, end)``."""
        for bucket in range(start // _SPAN_BUCKET, max(start, end - 1) // _SPAN_BUCKET + 1):
            for s, e in self._buckets.get(bucket, ()):
                if s < end and start < e:
                    return True
        return False


_SPAN_BUCKET = 256


# ---------------------------------------------------------------------------------------------- prefilters
# A regular expression anchored at the end of a string (``…\Z``) and searched is tried at every position of the
# string. The rules spare themselves most such searches with a cheap test of the last word first, which must never
# reject what the expression would match: so the test reads words the way re.IGNORECASE does, for which four
# non-ASCII letters are ASCII ones: İ and ı are i, ſ is s, the Kelvin sign (U+212A) is k (and which folds nothing else
# onto an ASCII letter). str.lower() already makes k of the Kelvin sign.
_IGNORECASE_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def regex_lower(text: str) -> str:
    """``text`` in lower case, as re.IGNORECASE compares it with ASCII letters (same length as ``text``)."""
    if not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        text = text.translate(_IGNORECASE_ASCII)
    return text.lower()


def pattern_words(pattern: re.Pattern[str]) -> frozenset[str]:
    """The lower-case words written in a pattern's source, escapes (\\s, \\b) left out: every literal word the
    pattern can match is among them (with some fragments of its syntax, which only make a prefilter pass more)."""
    return frozenset(re.findall(r"[a-z]+", re.sub(r"\\[A-Za-z]", " ", pattern.pattern)))


def last_word(text: str) -> str:
    r"""The last whitespace-separated word of ``text``, "" if there is none; only its last 24 characters, which is
    enough to test how it ends (as ``\s`` does, whitespace here is ``str.isspace``)."""
    tail = text.rstrip()[-24:]
    return tail.rsplit(None, 1)[-1] if tail else ""


# ---------------------------------------------------------------------------------------------- trigger words
# The rules look only where their trigger words are: one Aho-Corasick pass over a folded copy of the text finds
# every trigger of every family, so no rule scans the whole article with a regular expression of its own.
_FAMILIES: dict[str, set[str]] = {}
_AUTOMATON: Any = None
_ASCII_FOLD = bytes(
    (code if chr(code).isalnum() else 32) if not chr(code).isupper() else ord(chr(code).lower()) for code in range(128)
) + bytes(range(128, 256))
_DIGITS = re.compile(r"\d+")
_ONLY_DIGITS = bytes(code if 48 <= code <= 57 else 32 for code in range(256))
_START = itemgetter(0)
_START_ATTR = attrgetter("start")
_END = attrgetter("end")


def register_triggers(family: str, words: Iterable[str]) -> None:
    """Declare the trigger words of a rule family (lower case; several words separated by single spaces)."""
    global _AUTOMATON
    _FAMILIES.setdefault(family, set()).update(" ".join(word.lower().split()) for word in words)
    _AUTOMATON = None


def fold(text: str) -> str:
    """Lower case, with anything but ASCII letters and digits as a space; the same length as ``text``, so offsets
    carry over. Trigger words are plain English, so other scripts need not survive."""
    return text.encode("ascii", "replace").translate(_ASCII_FOLD).decode("ascii")


def non_ascii_offsets(text: str, encoded: bytes | None = None) -> tuple[int, ...] | None:
    """Offsets of the non-ASCII characters of ``text``, in order; None when there are so many that a scan with a
    regular expression costs less. ``encoded``: ``text.encode("ascii", "replace")``, if already made.

    They are found through the "?" that the encoding puts in their place: bytes.find runs at memory speed, where a
    regular expression tries its character class on every character (news text has a few curly quotes and dashes
    in thousands of ASCII characters).
    """
    global _last_offsets
    if _last_offsets[0] is text:  # the stages of one extraction ask about the same article
        return _last_offsets[1]
    if encoded is None:
        encoded = text.encode("ascii", "replace")
    offsets: tuple[int, ...] | None = None
    if encoded.count(b"?") <= len(text) // 32 + 16:
        found = []
        find = encoded.find
        position = find(b"?")
        while position != -1:
            if text[position] != "?":
                found.append(position)
            position = find(b"?", position + 1)
        offsets = tuple(found)
    _last_offsets = (text, offsets)
    return offsets


_last_offsets: tuple[str, tuple[int, ...] | None] = ("", ())


def _digit_runs(text: str, encoded: bytes) -> list[Hit]:
    """``_DIGITS.finditer(text)`` as hits. When every digit is ASCII (\\d is str.isdecimal, which other scripts'
    digits satisfy too), the runs are read from a copy with everything but digits blanked, split in C."""
    if not text.isascii():
        offsets = non_ascii_offsets(text, encoded)
        if offsets is None or any(text[offset].isdecimal() for offset in offsets):
            return [tuple.__new__(Hit, (m.start(), m.end(), m.group())) for m in _DIGITS.finditer(text)]
    digits = encoded.translate(_ONLY_DIGITS)
    hits = []
    position = 0
    for run in digits.split():
        start = digits.find(run, position)  # only blanks lie between one run and the next
        position = start + len(run)
        hits.append(tuple.__new__(Hit, (start, position, run.decode("ascii"))))
    return hits


def _automaton() -> Any:
    global _AUTOMATON
    if _AUTOMATON is None:
        import ahocorasick

        by_word: dict[str, list[str]] = {}
        for family, words in _FAMILIES.items():
            for word in words:
                by_word.setdefault(word, []).append(family)
        automaton = ahocorasick.Automaton()
        for word, families in by_word.items():
            automaton.add_word(f" {word} ", (len(word) + 1, word, tuple(families)))
        automaton.make_automaton()
        _AUTOMATON = automaton
    return _AUTOMATON


class Hit(NamedTuple):
    """A trigger word in the text: ``text[start:end]`` folds to ``word``. (A tuple: articles have hundreds.)"""

    start: int
    end: int
    word: str


def scan_triggers(text: str) -> dict[str, list[Hit]]:
    """Every trigger word of every registered family, by family, in text order; digit runs under "digits"."""
    found: dict[str, list[Hit]] = {family: [] for family in _FAMILIES}
    encoded = text.encode("ascii", "replace")
    padded = f" {encoded.translate(_ASCII_FOLD).decode('ascii')} "  # fold(text)
    new_hit = tuple.__new__  # Hit(...) through its __new__ costs a Python call per hit
    for last, (back, word, families) in _automaton().iter(padded):
        # ``last`` is the index of the closing space in the padded text, which is the word's end in ``text``.
        hit = new_hit(Hit, (last - back, last - 1, word))
        for family in families:
            found[family].append(hit)
    for hits in found.values():
        hits.sort(key=_START)
    found["digits"] = _digit_runs(text, encoded)
    return found


@dataclass(slots=True)
class Document:
    """One article, indexed once: sentences, paragraphs, quotations, entity mentions and dates, all by offset."""

    text: str
    published: date | None
    sentences: list[Sentence]
    quotes: list[Quote]
    mentions: list[Mention]
    entities: dict[str, Entity]
    dates: list = field(default_factory=list)  # list[loaders.dates.DateMention], in text order
    triggers: dict[str, list[Hit]] = field(default_factory=dict)  # from scan_triggers
    _sentence_starts: list[int] = field(default_factory=list)
    _trigger_starts: dict[str, list[int]] = field(default_factory=dict)
    _mention_starts: list[int] = field(default_factory=list)
    _quote_starts: list[int] = field(default_factory=list)
    _date_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        # By start, longest first: two stable sorts on C-level keys cost less than one with a Python key function.
        self.mentions.sort(key=_END, reverse=True)
        self.mentions.sort(key=_START_ATTR)
        self.dates.sort(key=_START_ATTR)
        self._sentence_starts = [s.start for s in self.sentences]
        self._mention_starts = [m.start for m in self.mentions]
        self._quote_starts = [q.start for q in self.quotes]
        self._date_starts = [d.start for d in self.dates]
        self._trigger_starts = {family: [h.start for h in hits] for family, hits in self.triggers.items()}

    def hits(self, family: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Trigger words of ``family`` that start within ``[start, end)``."""
        hits = self.triggers.get(family, [])
        starts = self._trigger_starts.get(family, [])
        lo = bisect_left(starts, start)
        hi = len(hits) if end is None else bisect_left(starts, end)
        return hits[lo:hi]

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence that contains (or precedes) ``offset``."""
        return max(0, bisect_right(self._sentence_starts, offset) - 1)

    def sentence_at(self, offset: int) -> Sentence:
        return self.sentences[self.sentence_index(offset)]

    # The rules ask these hundreds of times per article: two bisections and a slice, no loop in Python.
    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions that lie wholly within ``[start, end)``."""
        starts = self._mention_starts
        return [m for m in self.mentions[bisect_left(starts, start) : bisect_left(starts, end)] if m.end <= end]

    def quotes_in(self, start: int, end: int) -> list[Quote]:
        starts = self._quote_starts
        return [q for q in self.quotes[bisect_left(starts, start) : bisect_left(starts, end)] if q.end <= end]

    def dates_in(self, start: int, end: int) -> list:
        starts = self._date_starts
        return self.dates[bisect_left(starts, start) : bisect_left(starts, end)]

    def quote_around(self, offset: int) -> Quote | None:
        """The innermost double quotation that strictly contains ``offset``."""
        i = bisect_right(self._quote_starts, offset) - 1
        while i >= 0:
            q = self.quotes[i]
            if q.start < offset < q.end and q.mark != "‘":
                return q
            if offset - q.start > _MAX_QUOTE:
                return None
            i -= 1
        return None

    def label_of(self, entity_id: str) -> str | None:
        entity = self.entities.get(entity_id)
        return entity.label if entity else None

    def same_paragraph(self, a: int, b: int) -> bool:
        lo, hi = (a, b) if a <= b else (b, a)
        return "\n" not in self.text[lo:hi]


# ---------------------------------------------------------------------------------------------- format characters
# Unicode format characters (category Cf: zero-width space and joiners, soft hyphen, bidi marks, word joiner, BOM…)
# are invisible, but split what a reader sees as one word or number: "7\u200b45 civilians" would be a toll of 45,
# "Lat\u200dakia" a place "Lat". Extraction runs on the text without them; the offsets it finds are then mapped back
# into the original text, which is what the store keeps and shows. (Unicode 14's Cf ranges; a test checks them
# against unicodedata.)
FORMAT_CHARACTER_RANGES = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891),
    (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
_FORMAT_CHARACTERS = re.compile(
    "[" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in FORMAT_CHARACTER_RANGES) + "]+"
)


class FormatFreeText:
    """An article's text without its format characters, and the map from its offsets to the original's."""

    __slots__ = ("_removed_at", "original", "text")

    def __init__(self, original: str, runs: list[tuple[int, int]]) -> None:
        self.original = original
        pieces: list[str] = []
        removed_at: list[int] = []  # for each removed character, how many kept characters precede it
        previous_end = 0
        kept = 0
        for start, end in runs:
            pieces.append(original[previous_end:start])
            kept += start - previous_end
            removed_at.extend([kept] * (end - start))
            previous_end = end
        pieces.append(original[previous_end:])
        self.text = "".join(pieces)
        self._removed_at = removed_at

    @staticmethod
    def of(text: str) -> FormatFreeText | None:
        """The text without format characters; None when it has none (every ASCII text: the fast path)."""
        if text.isascii():
            return None
        runs = [(m.start(), m.end()) for m in _FORMAT_CHARACTERS.finditer(text)]
        return FormatFreeText(text, runs) if runs else None

    def start(self, offset: int) -> int:
        """The original offset of the character at ``offset`` in the cleaned text."""
        return offset + bisect_right(self._removed_at, offset)

    def end(self, offset: int) -> int:
        """The original offset of an exclusive end: just after the character before it, so a span never takes
        in format characters that follow it."""
        return offset + bisect_right(self._removed_at, offset - 1) if offset > 0 else 0

    def _span(self, start: int, end: int) -> tuple[int, int]:
        original_start = self.start(start)
        return original_start, max(original_start, self.end(end))  # an empty span stays empty

    def sentence(self, sentence: Sentence) -> Sentence:
        return Sentence(*self._span(sentence.start, sentence.end))

    def span_text(self, start: int, end: int, text: str) -> str:
        """The original text of a span ``[start, end)`` (original offsets) whose cleaned text is ``text``; a
        record whose text is not its span (a rewritten name) keeps its own."""
        original = self.original[start:end]
        return original if _FORMAT_CHARACTERS.sub("", original) == text else text

    def cleaned(self, article: Article) -> Article:
        """``article`` with the cleaned text."""
        return Article(
            id=article.id,
            text=self.text,
            title=article.title,
            outlet=article.outlet,
            author=article.author,
            published=article.published,
            url=article.url,
            language=article.language,
            source=article.source,
        )

    def restore(self, extraction: Extraction, article: Article) -> Extraction:
        """The extraction of the cleaned text, with every offset and span moved back into ``article``'s text."""
        extraction.article = article
        mentions = []
        for mention in extraction.mentions:
            start, end = self._span(mention.start, mention.end)
            mentions.append(Mention(mention.entity_id, self.span_text(start, end, mention.alias), start, end))
        extraction.mentions = mentions
        records: list[StatementRecord | ClaimRecord] = [*extraction.statements, *extraction.claims]
        for record in records:
            start, end = self._span(record.start, record.end)
            record.text = self.span_text(start, end, record.text)
            record.start, record.end = start, end
            record.sentence = self.sentence(record.sentence)
        return extraction
