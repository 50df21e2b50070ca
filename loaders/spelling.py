"""How names are spelled and compared: folding for matching, lookup keys, ids, transliteration variants, case rules
and consonant skeletons. Pure functions of strings; the gazetteer's indexes are built from them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from loaders.text import non_ascii_offsets

# Case rules for a spelling, derived from how it is written in the gazetteer.
CASE_ANY = 0  # written in lower case ("rebels", "security forces"): any case matches
CASE_PROPER = 1  # a proper name: its capitalised words must be capitalised in the text
CASE_EXACT = 2  # an acronym or a very short name ("US", "UN", "AP", "IS"): exact case only


# Letters NFKD does not decompose to an ASCII base.
_SPECIAL_FOLDS = {"ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ħ": "h", "Ħ": "h", "ß": "s"}


def _fold_char(char: str) -> str:
    """One character folded for matching: a letter or digit to its lower-case base letter, anything else to space."""
    if not char.isalnum():
        return " "
    if char in _SPECIAL_FOLDS:
        return _SPECIAL_FOLDS[char]
    base = unicodedata.normalize("NFKD", char)[0].lower()
    if len(base) != 1 or not base.isalnum():
        base = char.lower()
    return base if len(base) == 1 else char


_ASCII_FOLD = bytes(ord(_fold_char(chr(code))) for code in range(128)) + b" " * 128


class _FoldTable(dict[int, str]):
    """str.translate table folding any character; unseen characters are computed once and cached."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


# Non-ASCII letters and digits: [^\W_] is exactly str.isalnum(). Any other non-ASCII character (curly quotes, dashes,
# non-breaking spaces) folds to a space, which the fast ASCII pass below already made of it.
_NON_ASCII_ALNUM = re.compile(r"[^\W\x00-\x7f_]+")


def fold(text: str) -> str:
    """Fold ``text`` for matching without changing its length: lower case, no diacritics, punctuation → space.

    Offsets into the folded string are offsets into ``text``: "al-Shara’a" and "Al Shara'a" both fold to
    "al shara a".
    """
    # bytes.translate is an order of magnitude faster than str.translate. Non-ASCII characters become one "?" each
    # on encoding, hence a space; only the letters and digits among them (é, ş, Arabic) are then folded: English
    # news has none but its quotes and dashes, which non_ascii_offsets finds faster than a regular expression.
    encoded = text.encode("ascii", "replace")
    folded = encoded.translate(_ASCII_FOLD).decode("ascii")
    if text.isascii():
        return folded
    offsets = non_ascii_offsets(text, encoded)
    if offsets is None:
        runs = [(run.start(), run.end()) for run in _NON_ASCII_ALNUM.finditer(text)]
    else:
        runs = [(offset, offset + 1) for offset in offsets if text[offset].isalnum()]
    if not runs:
        return folded
    pieces: list[str] = []
    position = 0
    for start, end in runs:
        pieces.append(folded[position:start])
        pieces.append(text[start:end].translate(_FOLD_TABLE))
        position = end
    pieces.append(folded[position:])
    return "".join(pieces)


def alias_key(alias: str) -> str:
    """The lookup key of a spelling: folded, with runs of spaces collapsed."""
    return " ".join(fold(alias).split())


APOSTROPHES = re.compile(r"[’'ʼ`‘]")


def slugify(name: str) -> str:
    """A stable id fragment: "Hala Mansour" → "hala-mansour", "Ma'arrat Nu'man" → "maarrat-numan"."""
    return "-".join(fold(APOSTROPHES.sub("", name)).split())


# The Arabic article and its assimilated forms, as a word of its own and as a prefix of a name.
ARTICLE_WORDS = frozenset({"al", "el", "as", "ash", "ad", "ar", "at", "az", "an"})
ARTICLE_PREFIX = re.compile(r"^(?:al|el|as|ash|ad|ar|at|az|an)[-\s’']", re.IGNORECASE)


_AL_OR_EL = re.compile(r"^(?:al|el)(?=[-\s])", re.IGNORECASE)


def _swap_article(found: re.Match[str]) -> str:
    swapped = {"a": "e", "e": "a", "A": "E", "E": "A"}[found.group()[0]]
    return swapped + found.group()[1:]


def alias_variants(name: str) -> list[str]:
    """Systematic spelling variants of an Arabic place or personal name, as news writes them.

    Drops the article prefix (al-Hasakah → Hasakah, only if what remains is long enough to stay specific),
    removes apostrophes (Dar'a → Dara), and swaps common transliteration pairs: ou/u, ee/i, and the endings
    ah/a/eh. The name itself is not in the list.
    """
    forms = {name}
    stripped = ARTICLE_PREFIX.sub("", name, count=1)
    if stripped != name and len(stripped) >= 5:
        forms.add(stripped)
    for form in list(forms):
        forms.add(APOSTROPHES.sub("", form))
    for form in list(forms):
        swapped = _AL_OR_EL.sub(_swap_article, form, count=1)  # El Fasher, Al Fasher
        if swapped != form:
            forms.add(swapped)
    for form in list(forms):
        if "ou" in form:
            forms.add(form.replace("ou", "u"))
        elif re.search(r"[^aeiou]u[^aeiou]", form):
            forms.add(re.sub(r"(?<=[^aeiouAEIOU])u(?=[^aeiou])", "ou", form, count=1))
        if "ee" in form:
            forms.add(form.replace("ee", "i"))
    for form in list(forms):
        last = form.split()[-1] if form.split() else form
        if len(last) < 4:
            continue
        if form.endswith("ah"):
            forms.update((form[:-2] + "a", form[:-2] + "eh"))
        elif form.endswith("eh"):
            forms.update((form[:-2] + "ah", form[:-2] + "a"))
        elif form.endswith("a") and not form.endswith("aa") and len(last) >= 5:
            forms.add(form + "h")
    forms.discard(name)
    return sorted(form for form in forms if form.strip())


@lru_cache(maxsize=65536)
def case_rule(alias: str) -> tuple[int, str, tuple[int, ...]]:
    """How a spelling must be cased in text: (rule, letters for CASE_EXACT, capital offsets for CASE_PROPER).

    Offsets are positions in the spelling's key (hence in the matched text) that must be upper case. A name of
    three capitalised words or more needs only its first capital ("Human rights Watch"), and one of three words
    and fifteen letters or more none ("syrian observatory for human rights").
    """
    letters = "".join(char for char in alias if char.isalnum())
    words = fold(alias).split()
    if not any(char.isupper() for char in letters) or (len(words) >= 3 and len(letters) >= 15):
        return CASE_ANY, "", ()  # lower-case phrases, and long names that no common phrase matches
    if len(letters) <= 3 or (letters.upper() == letters and len(letters) <= 6):
        return CASE_EXACT, letters, ()
    offsets: list[int] = []
    key_position = 0
    for word in re.finditer(r"\S+", fold(alias)):
        # An Arabic article is written in either case ("el-Fasher", "El Fasher"): only the name after it counts.
        if alias[word.start()].isupper() and word.group() not in ARTICLE_WORDS:
            offsets.append(key_position)
        key_position += len(word.group()) + 1
    return CASE_PROPER, "", tuple(offsets[:1]) if len(offsets) >= 3 else tuple(offsets)


_DIPHTHONG = re.compile(r"a[iy]|e[iy]")
_VOWELS = str.maketrans("", "", "aeiou")
_DOUBLED = re.compile(r"(.)\1+")


def single_letters(text: str) -> str:
    """``text`` with each run of one letter written once ("Mellit" → "Melit"): transliterations of a name differ
    in doubled letters as often as in anything."""
    return _DOUBLED.sub(r"\1", text)


def skeleton(name: str) -> str:
    """The consonants of a transliterated name, articles and vowels dropped, doubled letters collapsed."""
    words = []
    for word in alias_key(name).split():
        if word in ARTICLE_WORDS:
            continue
        word = _DIPHTHONG.sub("e", word.replace("dh", "d").replace("q", "k").replace("ou", "u"))  # Zaynab, Zeinab
        if len(word) > 2 and word.endswith("h") and word[-2] in "aeiou":
            word = word[:-1]  # Khaldiyeh, Khalediya
        consonants = single_letters(word.translate(_VOWELS))
        if consonants:
            words.append(consonants)
    return " ".join(words)
