"""Free-text names to gazetteer ids: the exact spelling, then without a possessive or title, then a known name at the
end of a longer phrase, then an approximate match (never for an unknown acronym)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from loaders.alias_index import AliasEntry
from loaders.records import Entity
from loaders.spelling import alias_key, fold

_TITLE_WORDS = (
    r"(?:the|a|an|president|prime minister|minister|foreign minister|defen[cs]e minister|secretary of state|"
    r"secretary|spokesman|spokeswoman|spokesperson|general|gen\.?|lt\.?-gen\.?|lieutenant general|colonel|col\.?|"
    r"dr\.?|mr\.?|mrs\.?|ms\.?|sheikh|interim president|leader|head|chief|director|commander|journalist|"
    r"activist|envoy|ambassador|king|crown prince|emir|premier|chancellor|observatory director)"
)
_LEADING_TITLES = re.compile(rf"^(?:{_TITLE_WORDS}\s+)+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_ACRONYM_WORD = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")
FUZZY_CUTOFF = 90  # rapidfuzz ratio: spelling slips ("Observatry"), not different names


def _name_attempts(text: str) -> Iterable[str]:
    yield text
    bare = _POSSESSIVE.sub("", text)
    if bare != text:
        yield bare
    untitled = _LEADING_TITLES.sub("", bare)
    if untitled != bare and untitled:
        yield untitled


class NameResolver:
    """Resolves names against the alias index (see :meth:`Gazetteer.resolve`)."""

    def __init__(self, by_key: Mapping[str, list[AliasEntry]], entities: Mapping[str, Entity]) -> None:
        self._by_key = by_key
        self._entities = entities
        self._actor_keys: list[str] | None = None
        self._all_keys: list[str] | None = None

    def resolve_id(self, name: str, labels: frozenset[str] | None) -> str | None:
        """The id ``name`` names, among entities with one of ``labels`` (any when None); None when unsure."""
        return _resolve_cached(self, name, labels)

    def _resolve_id(self, name: str, labels: frozenset[str] | None) -> str | None:
        text = " ".join(name.split())
        for attempt in _name_attempts(text):
            found = self.best(alias_key(attempt), labels)
            if found:
                return found
        found = self._embedded(text, labels)
        if found:
            return found
        if any(alias_key(word) not in self._by_key for word in _ACRONYM_WORD.findall(text)):
            return None  # "RSF fighters" is not "SDF fighters": an unknown acronym is never matched approximately
        return self._fuzzy(alias_key(text), labels)

    def best(self, key: str, labels: frozenset[str] | None) -> str | None:
        """The best entity spelled ``key`` with one of ``labels``; without a label filter a place name is the
        place: "Moscow" is the city, not the Kremlin."""
        entries = self._by_key.get(key)
        if not entries:
            return None
        # A country-scoped spelling ("the army", "the government") names a body only in an article about that
        # country; a free-text name has no article to say which, and the first country in the list is not it.
        usable = [
            entry
            for entry in entries
            if not entry.scope and (labels is None or self._entities[entry.entity_id].label in labels)
        ]
        if not usable:
            return None
        if labels is None or "Location" in labels:
            literal = [entry for entry in usable if not entry.metonym]
            if literal:
                return literal[0].entity_id
        return usable[0].entity_id

    def _embedded(self, text: str, labels: frozenset[str] | None) -> str | None:
        """A known name at the end of a longer phrase: "Turkish Foreign Minister Hakan Fidan" → Hakan Fidan. The
        name starts with a capital as written: "a Sudanese monitor" ends in a common noun, not in Al-Monitor."""
        written = text.split()
        words = fold(text).split()
        for start in range(1, len(words)):
            tail = " ".join(words[start:])
            if len(tail) < 4:
                break
            if len(written) == len(words) and not written[start][:1].isupper():
                continue
            found = self.best(tail, labels)
            if found and self._entities[found].label != "Location":
                return found
        return None

    def _fuzzy(self, key: str, labels: frozenset[str] | None) -> str | None:
        if len(key) < 6:
            return None
        from rapidfuzz import fuzz, process

        actors_only = labels is not None and "Location" not in labels
        choices = self._fuzzy_choices(actors_only)
        match = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if match is None:
            return None
        return self.best(match[0], labels)

    def _fuzzy_choices(self, actors_only: bool) -> list[str]:
        if actors_only:
            if self._actor_keys is None:
                self._actor_keys = [
                    key
                    for key, entries in self._by_key.items()
                    if any(self._entities[entry.entity_id].label != "Location" for entry in entries)
                ]
            return self._actor_keys
        if self._all_keys is None:
            self._all_keys = list(self._by_key)
        return self._all_keys


@lru_cache(maxsize=8192)
def _resolve_cached(resolver: NameResolver, name: str, labels: frozenset[str] | None) -> str | None:
    return resolver._resolve_id(name, labels)
