"""Names an article defines for itself: "Rapid Support Forces (RSF)", "JNIM, the Group for the Support of Islam
and Muslims,", and acronyms of armed groups that the text introduces by what they are ("M23 rebels", "ADF
militants").

For the rest of the article, both spellings of a definition name one actor: the gazetteer's when it knows either
spelling, otherwise a provisional one named by the full name, so the same group defined in two articles is one node.
What the article defines wins over the gazetteer for that article: its "RSF" is its Rapid Support Forces.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_WORD = r"(?:(?:al|el|wal|ad|ar|as|ash|an|ul)[-‐])?[A-Z][\w’'\-]*"  # "al-Islam", "wal-Muslimin" too
_LINK = r"(?:of|for|the|and|de|du|al|el|wal|in|on)"
# A capitalised name of two to nine words (lower-case links allowed inside), then "(ACR)".
_FULL_THEN_ACRONYM = re.compile(
    rf"\b({_WORD}(?:[ \t]+(?:{_LINK}[ \t]+){{0,2}}{_WORD}){{1,8}})[ \t]+\(([A-Z][A-Za-z0-9]{{1,7}})\)"
)
# "ACR, the Full Name," / "ACR (the Full Name)".
_ACRONYM_THEN_FULL = re.compile(
    rf"\b([A-Z][A-Z0-9]{{1,7}})(?:,[ \t]+|[ \t]+\()(?:the[ \t]+)?({_WORD}(?:[ \t]+(?:{_LINK}[ \t]+){{0,2}}{_WORD}){{1,8}})[,)]"
)
GROUP_NOUNS = (
    "rebels|rebel|fighters|militants|militia|militias|militiamen|forces|troops|insurgents|insurgent|jihadists|"
    "gunmen|combatants|paramilitaries|paramilitary|guerrillas|group|movement|coalition|alliance"
)
# An acronym right before a noun that says it is an armed group ("M23 rebels", "RSF fighters", "the ADF group").
_ACRONYM_GROUP = re.compile(rf"\b([A-Z][A-Z0-9]{{1,6}})(?=[ \t]+(?:{GROUP_NOUNS})\b)")
# ... or right after one, in apposition ("the rebel group, the ADF, which …", "the militia known as the FDLR").
_GROUP_THEN_ACRONYM = re.compile(
    rf"\b(?:{GROUP_NOUNS}|armed group|rebel group|militant group|jihadist group)(?:,|[ \t]+known[ \t]+as)[ \t]+"
    r"(?:the[ \t]+)?([A-Z][A-Z0-9]{1,6})\b"
)
_LEADING_WORDS = frozenset({"The", "A", "An", "Sudan's"})
# An acronym standing alone in the text ("the RSF said"), and a capitalised name of three words or more.
_ACRONYM_TOKEN = re.compile(r"(?<![\w\-])([A-Z]{3,6})(?![\w\-])")


class Definition(NamedTuple):
    """An acronym and the full name the article gives it (``full`` empty when only a group noun introduced it)."""

    acronym: str
    full: str


def _initials(full: str) -> str:
    """The capitals that start the words of a name, and of its hyphenated parts ("Jama’at Nusrat al-Islam
    wal-Muslimin" → "JNIM")."""
    letters = []
    for word in re.split(r"[\s\-]+", full):
        if word[:1].isupper() or word[:1].isdigit():
            letters.append(word[0])
    return "".join(letters)


def _abbreviates(acronym: str, full: str) -> bool:
    """Whether ``acronym`` is plausibly made of the initials of ``full``: same first letter, and its letters, in
    order, among the initials (a loose test: "SAF" for Sudanese Armed Forces, "KIA" for Kachin Independence
    Army, not "UN" for Rapid Support Forces)."""
    initials = _initials(full).upper()
    letters = [char for char in acronym.upper() if char.isalpha()]
    if not letters or not initials or letters[0] != initials[0]:
        return False
    position = 0
    for letter in letters:
        position = initials.find(letter, position)
        if position < 0:
            return False
        position += 1
    return len(letters) >= min(2, len(initials))


def _trimmed(full: str, acronym: str) -> str:
    """The defined name without words before its initials begin ("Sudan's paramilitary Rapid Support Forces" is
    cut to "Rapid Support Forces" by the match itself; here a leading "The" or a leading word whose initial the
    acronym lacks is dropped)."""
    words = full.split()
    while len(words) > 2 and (words[0] in _LEADING_WORDS or not _abbreviates(acronym, " ".join(words))):
        if _abbreviates(acronym, " ".join(words[1:])):
            words = words[1:]
        else:
            break
    while len(words) > 2 and words[0] in _LEADING_WORDS:
        words = words[1:]
    return " ".join(words)


def find_definitions(text: str) -> list[Definition]:
    """The acronyms the text defines, each once, in text order."""
    if "(" not in text and "," not in text and not any(char.isupper() for char in text):
        return []
    found: dict[str, Definition] = {}
    for match in _FULL_THEN_ACRONYM.finditer(text):
        full, acronym = match.group(1), match.group(2)
        full = _trimmed(full, acronym)
        if _abbreviates(acronym, full):
            found.setdefault(acronym, Definition(acronym, full))
    if "," in text or "(" in text:
        for match in _ACRONYM_THEN_FULL.finditer(text):
            # The apposition itself defines: "JNIM, the Group for the Support of Islam and Muslims," (an acronym of
            # the Arabic name) needs no matching initials, only a name of two capitalised words or more.
            acronym, full = match.group(1), match.group(2)
            if _abbreviates(acronym, full) or len(_initials(full)) >= 2:
                found.setdefault(acronym, Definition(acronym, full))
    for definition in _implied(text, found):
        found.setdefault(definition.acronym, definition)
    groups = [*_ACRONYM_GROUP.finditer(text), *_GROUP_THEN_ACRONYM.finditer(text)]
    for match in sorted(groups, key=lambda found: found.start()):
        acronym = match.group(1)
        if len([char for char in acronym if char.isalpha()]) >= 1:
            found.setdefault(acronym, Definition(acronym, ""))
    return list(found.values())


def _implied(text: str, defined: dict[str, Definition]) -> list[Definition]:
    """Acronyms the article uses without defining them, each of which is exactly the initials of a name of three
    words or more that the article also writes out: "Rapid Support Forces" … "the RSF said" (the article's RSF is
    its Rapid Support Forces). Exact initials only: a loose match would join unrelated names."""
    acronyms = {found.group(1) for found in _ACRONYM_TOKEN.finditer(text)} - defined.keys()
    if not acronyms:
        return []  # the common case: every acronym is defined, or there is none
    lengths = {len(acronym) for acronym in acronyms}
    implied: dict[str, Definition] = {}
    for run in _capitalised_runs(text):
        # Every stretch of the run as long as an acronym: one slice and one set lookup each (no regex per name).
        initials = "".join(text[start] for start, _end in run).upper()
        for length in lengths:
            for first in range(len(run) - length + 1):
                acronym = initials[first : first + length]
                if acronym in acronyms and acronym not in implied:
                    start, end = run[first][0], run[first + length - 1][1]
                    implied[acronym] = Definition(acronym, text[start:end])
    return list(implied.values())


_CAPITALISED = re.compile(r"[A-Z][\w’'\-]*")
_LINK_GAP = re.compile(rf"[ \t]+(?:{_LINK}[ \t]+){{0,2}}")


def _linked(text: str, gap_start: int, start: int) -> bool:
    return start - gap_start < 16 and _LINK_GAP.fullmatch(text, gap_start, start) is not None


def _capitalised_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of three or more capitalised words (lower-case links such as "of the" allowed between them), each as
    its words' (start, end): the names an acronym may abbreviate. Acronyms themselves end a run."""
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    for word in _CAPITALISED.finditer(text):
        start, end = word.span()
        if start and text[start - 1].isalnum():
            continue  # inside a word ("McDonald"): not a word start
        gap_start = run[-1][1] if run else -1
        # one space between the words is the common case: no regex for it
        joined = bool(run) and ((start == gap_start + 1 and text[gap_start] == " ") or _linked(text, gap_start, start))
        if not joined:
            if len(run) >= 3:
                runs.append(run)
            run = []
        if word.group().isupper() and end - start > 1:
            if len(run) >= 3:
                runs.append(run)
            run = []
            continue
        run.append((start, end))
    if len(run) >= 3:
        runs.append(run)
    return runs


def occurrences(text: str, spelling: str) -> list[tuple[int, int]]:
    """Where ``spelling`` stands in ``text`` as a whole word (an acronym as written, a possessive allowed)."""
    if not spelling:
        return []
    pattern = re.compile(rf"(?<![\w\-]){re.escape(spelling)}(?![\w\-]|\.\w)")
    return [(found.start(), found.end()) for found in pattern.finditer(text)]


__all__ = ["GROUP_NOUNS", "Definition", "find_definitions", "occurrences"]
