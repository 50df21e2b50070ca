"""Capitalised names outside the gazetteer, as provisional entities labelled from their words and context (titles and
"X said" → Person; Agency, Ministry, Front, Brigade → Organization, Outlet, Government, Faction; "in X" → Location);
a later surname alone refers to the person named in full before. Headline fragments, common words capitalised and
sentence-initial words are no names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.gazetteer import Gazetteer, alias_key, slugify
from loaders.name_cues import (
    ADJECTIVE_TAILS,
    ADJECTIVES,
    ALL_HEADS,
    BODY_HEADS,
    COMPASS,
    CONNECTOR_WORDS,
    EVENT_WORDS,
    FACTION_HEADS,
    GOVERNMENT_HEADS,
    GROUP_PLURALS,
    INSTITUTION_WORDS,
    LOCATION_PREPOSITIONS,
    NAME_WORD,
    NUMBER_WORDS,
    ORG_HEADS,
    OUTLET_HEADS,
    PARTICLE_BEFORE,
    PLACE_HEADS,
    PLACE_KIND_AFTER,
    PLACE_NOUNS,
    PLACE_PREFIXES,
    PROVISIONAL_MARK,
    RUN,
    STOP_OR_CALENDAR,
    TOKEN_RE,
    headline_word,
    institution_head,
    news_word,
    person_cue_before,
    provisional_entity,
    sentence_initial,
    speech_cue_before,
    title_word,
    words_before,
)
from loaders.records import Entity, Mention

_SPEECH_AFTER = re.compile(
    r"^(?:[’']s)?(?:,[^,.;]{1,80},)?[ \t]+(?:has[ \t]+|had[ \t]+|also[ \t]+)?(?:said|says|told|tells|added|announced|"
    r"stated|reported|reports|claimed|claims|wrote|noted|stressed|explained|confirmed|insisted|warned|tweeted|posted|"
    r"argued|alleged|denied|accused|called|urged|described|emphasi[sz]ed|believes|reminds|predicts)\b",
)


_OUTLET_AFTER = re.compile(
    r"^[ \t]+(?:news[ \t]+(?:site|agency|outlet|website|channel)|newspaper|daily|website|channel)\b"
)


_PERSON_AFTER = re.compile(r"^(?:[’']s)?,[ \t]+(?:who\b|an?[ \t]+|the[ \t]+(?:head|leader|director|spokes|commander))")


def unknown_names(
    text: str, known: list[Mention], gazetteer: Gazetteer, provisional: dict[str, Entity]
) -> list[Mention]:
    """Capitalised names outside the gazetteer, as provisional entities; surnames of people named before."""
    names = _PersonNames(gazetteer, text, known)
    found: list[Mention] = []
    position = 0
    # Only the text between gazetteer names is scanned: most capitalised words are gazetteer names. A gap without
    # a capital (most of them: " and ", "’s ") is passed over here, without a call.
    for mention in known:
        if mention.start > position:
            written = text[position : mention.start]
            # The checks of _classify_segment, inline: a call per gap costs more than they do.
            if not written.islower() and written.strip().lower() not in STOP_OR_CALENDAR:
                found.extend(_segment_runs(text, position, mention.start, names, provisional))
        if mention.end > position:
            position = mention.end
    if len(text) > position:
        found.extend(_classify_segment(text, position, len(text), names, provisional))
    return found


def _classify_segment(
    text: str, start: int, end: int, names: _PersonNames, provisional: dict[str, Entity]
) -> list[Mention]:
    """The part of a capitalised run outside gazetteer names: each name in it, classified."""
    if start == end:
        return []
    written = text[start:end]
    if written.islower():
        return []  # what a name leaves of its run: "’s", " of the "
    if written.strip().lower() in STOP_OR_CALENDAR:
        return []  # the commonest case, "The", "In", "Sunday": no need for the regex
    return _segment_runs(text, start, end, names, provisional)


def _segment_runs(
    text: str, start: int, end: int, names: _PersonNames, provisional: dict[str, Entity]
) -> list[Mention]:
    """The names in the capitalised runs of a segment that holds more than a stop word."""
    found = []
    for run in RUN.finditer(text, start, end):
        if run.group().lower() in STOP_OR_CALENDAR:
            continue  # the commonest run by far: "The", "In", "But", "Sunday"
        run_start = run.start()
        if run_start:
            previous = text[run_start - 1]
            if previous.isalnum() or previous == "_":
                continue  # a capital inside a word ("McDonald")
            if previous in "-‐":
                particle = PARTICLE_BEFORE.search(text, max(start, run_start - 4), run_start)
                run_start = particle.start() if particle else run_start  # "al-Zuaiter"
        found.extend(_classify_run(text, run_start, run.end(), names, provisional))
    return found


# Past this many characters an article's tokens are split into a set once instead of searching the text per word.
_LONG_TEXT = 100_000


class _PersonNames:
    """Surnames (and, for provisional people, first names) of the people named so far in the article."""

    def __init__(self, gazetteer: Gazetteer, text: str, known: list[Mention]) -> None:
        self.gazetteer = gazetteer
        self._governorates: set[str] | None = None
        self._countries: set[str] | None = None
        self._tokens: frozenset[str] | None = None
        self._text = text
        self._known = known
        self._registered = 0  # known mentions whose surnames are registered
        self._by_token: dict[str, str] = {}

    def _register_known(self, before: int) -> None:
        """Register the people the gazetteer found before ``before`` (only when a lone word needs it)."""
        known, registered, surnames = self._known, self._registered, self.gazetteer.surname_table
        while registered < len(known) and known[registered].end <= before:
            entity_id = known[registered].entity_id
            for word in surnames.get(entity_id, ()):
                self._by_token.setdefault(word, entity_id)
            registered += 1
        self._registered = registered

    def add_provisional(self, entity: Entity, words: list[str]) -> None:
        if len(words) >= 2:
            self._by_token.setdefault(words[-1], entity.id)
            self._by_token.setdefault(words[0], entity.id)

    def get(self, word: str, position: int) -> str | None:
        """The person a lone name at ``position`` refers to, if someone of that name was named before."""
        self._register_known(position)
        return self._by_token.get(alias_key(word))

    @property
    def governorates(self) -> set[str]:
        """The governorates of the places the gazetteer found in the text."""
        if self._governorates is None:
            found = {self.gazetteer.governorate(mention.entity_id) for mention in self._known}
            self._governorates = {place for place in found if place}
        return self._governorates

    @property
    def countries(self) -> set[str]:
        """The countries of the places and governments the gazetteer found in the text (ISO codes)."""
        if self._countries is None:
            entities = self.gazetteer.entities
            found: set[object] = set()
            for mention in self._known:
                entity = entities.get(mention.entity_id)
                if entity is not None and entity.label in ("Location", "Government"):
                    found.add(entity.properties.get("country"))
            self._countries = {country for country in found if isinstance(country, str)}
        return self._countries

    def used_in_lower_case(self, word: str) -> bool:
        """True if the article writes ``word`` in lower case somewhere: an ordinary word, not a name.

        That is, some whitespace-separated token of the text is ``word`` itself or ``word`` followed by one of
        , . ; : ) ’s 's. The text is searched for ``word`` (str.find, at memory speed) rather than split into a set
        of tokens: an article asks a few dozen times, and splitting and hashing its thousand tokens costs more.
        """
        if not word or any(char.isspace() for char in word):
            return self._token_lookup(word)  # odd words (never a token's start) keep the plain definition
        if self._tokens is not None or len(self._text) > _LONG_TEXT:
            return self._token_lookup(word)  # a long text asks thousands of times: one token set, not a scan each
        text = self._text
        size, length = len(word), len(text)
        position = text.find(word)
        while position != -1:
            if position == 0 or text[position - 1].isspace():
                after = position + size
                if after == length or text[after].isspace():
                    return True
                mark = text[after]
                following = -1
                if mark in ",.;:)":
                    following = after + 1
                elif mark in "’'" and text.startswith("s", after + 1):
                    following = after + 2
                if following != -1 and (following == length or text[following].isspace()):
                    return True
            position = text.find(word, position + 1)
        return False

    def _token_lookup(self, word: str) -> bool:
        if self._tokens is None:
            self._tokens = frozenset(self._text.split())
        tokens = self._tokens
        for after in ("", ",", ".", ";", ":", ")", "’s", "'s"):  # noqa: SIM110  (no generator to set up per call)
            if word + after in tokens:
                return True
        return False


def _name_words(name: str) -> list[str]:
    return [word for word in alias_key(name).split() if word not in ("al", "el", "bin", "ibn", "abu", "de")]


def _classify_run(
    text: str, start: int, end: int, names: _PersonNames, provisional: dict[str, Entity]
) -> list[Mention]:
    """The names in one capitalised run, as mentions."""
    found = []
    for group, title_before in _name_groups(text, start, end, names):
        mention = _classify_group(text, group, title_before, names, provisional)
        if mention is not None:
            found.append(mention)
    return found


def _name_groups(text: str, start: int, end: int, names: _PersonNames) -> Iterable[tuple[list[tuple[int, int]], bool]]:
    """The candidate names in a run: its tokens split at stop words, titles, dates and numbers ("Sudanese President
    Bashir" → "Bashir", after a title)."""
    group: list[tuple[int, int]] = []
    title_before = False
    for token in TOKEN_RE.finditer(text, start, end):
        word = _bare(token.group())
        lowered = word.lower()
        if lowered in INSTITUTION_WORDS and _body_name_ahead(text, token.end(), end):
            group.append((token.start(), token.start() + len(word)))  # "National Umma Party", "General Hospital"
        elif title_word(lowered):
            if group:
                yield group, title_before
            group, title_before = [], True
        elif (not group and _not_a_name(text, token.start(), word, lowered, names)) or (
            group
            and (lowered in STOP_OR_CALENDAR or any(map(str.isdigit, word)))
            and lowered not in BODY_HEADS  # "Rapid Support Forces", "Kachin Independence Army" go on
        ):
            if group:
                yield group, title_before
                title_before = False
            group = []
        else:
            group.append((token.start(), token.start() + len(word)))
    if group:
        yield group, title_before


def _body_name_ahead(text: str, start: int, end: int) -> bool:
    """Whether the rest of a run holds the head noun of a body's name ("... Umma Party", "... Suhul General Hospital")."""
    return any(institution_head(_bare(token.group()).lower()) for token in TOKEN_RE.finditer(text, start, end))


def _classify_group(
    text: str, tokens: list[tuple[int, int]], title_before: bool, names: _PersonNames, provisional: dict[str, Entity]
) -> Mention | None:
    # "Students of Damascus University": a sentence-initial word joined by "of" is no part of the name, unless it
    # is the name's head ("Ministry of Defence", "Army of Conquest").
    if (
        len(tokens) >= 2
        and text[tokens[0][1] : tokens[1][0]].strip() in ("of", "for")
        and text[tokens[0][0] : tokens[0][1]].lower() not in ALL_HEADS
        and sentence_initial(text, tokens[0][0])
    ):
        tokens = tokens[1:]
    # Headline words around a name ("Liberate Raqqa", "Muhammad Maarouf Explosion") are not part of it.
    while tokens and headline_word(text[tokens[0][0] : tokens[0][1]].lower()):
        tokens = tokens[1:]
    while len(tokens) > 1 and headline_word(text[tokens[-1][0] : tokens[-1][1]].lower()):
        tokens = tokens[:-1]
    if not tokens:
        return None
    start, end = tokens[0][0], tokens[-1][1]
    name = text[start:end]
    words = [text[token_start:token_end] for token_start, token_end in tokens]
    lowered_words = [word.lower() for word in words]
    if all(word in ADJECTIVES for word in lowered_words) or any(word in EVENT_WORDS for word in lowered_words):
        return None
    before = words_before(text, start)
    after = text[end : end + 120]
    if len(words) == 1:
        place = provisional.get(f"location/{PROVISIONAL_MARK}{slugify(name)}")
        entity_id = place.id if place is not None else names.get(name, start)
        if entity_id:
            return Mention(entity_id, name, start, end)  # "Darfur" again, or "Mansour" for Hala Mansour
        if news_word(lowered_words[0]) or names.used_in_lower_case(lowered_words[0]):
            return None  # a common word capitalised ("At Least", "Clashes" in a headline)
        if lowered_words[0] in ALL_HEADS:
            return None  # "Senate", "Commission": a body, but which one?
        label = _single_word_label(text, start, end, name, before, after)
        if label is None:
            return None
    else:
        if len(words) > 5 or _mostly_common_words(lowered_words, names):
            return None
        starts_with_place = any(entry.label == "Location" for entry in names.gazetteer.candidates(alias_key(words[0])))
        label = _multi_word_label(words, lowered_words, before, after, title_before, starts_with_place)
    if label == "Location":
        place_id = names.gazetteer.place_by_skeleton(name, near=names.governorates)
        if place_id:
            return Mention(place_id, name, start, end)
        small = names.gazetteer.small_place(name, names.countries)  # a town under the gazetteer's cut-off
        if small is not None:
            return Mention(small.id, name, start, end)
    entity = provisional_entity(label, name, provisional)
    if label == "Person":
        names.add_provisional(entity, _name_words(name))
    return Mention(entity.id, name, start, end)


def _mostly_common_words(lowered_words: list[str], names: _PersonNames) -> bool:
    """A headline fragment ("Missile Attack", "Syrian Town Kills"): most words are ordinary words of the article."""
    content = [
        word
        for word in lowered_words
        if word not in ADJECTIVES and word not in CONNECTOR_WORDS and word not in ALL_HEADS
    ]
    common = sum(1 for word in content if news_word(word) or names.used_in_lower_case(word))
    return common >= 1 and common * 5 >= len(content) * 3 and (common >= 2 or len(content) <= 2)


# A weapon's or vehicle's model: a word and a hyphenated code of capitals ("Tochka-U", "Buk-M", "T-72B" has digits).
_MODEL_DESIGNATION = re.compile(r"[-‐][A-Z]{1,3}$")


def _not_a_name(text: str, start: int, word: str, lowered: str, names: _PersonNames) -> bool:
    """A leading word that starts no name: a stop word, a date word, a number ("Fifty-six"), a model designation
    ("Tochka-U", like "Su-24"), a hyphenated adjective ("Ukrainian-held"), a demonym ("Ukrainian"), a
    sentence-initial common word."""
    if lowered in STOP_OR_CALENDAR or any(map(str.isdigit, word)) or _MODEL_DESIGNATION.search(word):
        return True
    if lowered.endswith(ADJECTIVE_TAILS) or lowered.split("-", 1)[0] in NUMBER_WORDS:
        return True
    if lowered in names.gazetteer.demonyms:
        return True
    return sentence_initial(text, start) and names.used_in_lower_case(lowered)


def _bare(word: str) -> str:
    """A name without a trailing possessive or punctuation: "Sharaa’s" → "Sharaa"."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif word.endswith(("'", "’")):
        word = word[:-1]
    return word.rstrip("-‐")


def _single_word_label(text: str, start: int, end: int, name: str, before: list[str], after: str) -> str | None:
    """A lone capitalised word is a name only with a clear cue, and never at the start of a sentence."""
    if len(name) < 3 or (name.isupper() and len(name) <= 5) or sentence_initial(text, start):
        return None
    if PLACE_KIND_AFTER.match(after) or (before[-1:] == ["of"] and before[-2:-1] and before[-2] in PLACE_NOUNS):
        return "Location"
    if before and before[-1] in LOCATION_PREPOSITIONS:
        return "Location"
    if _SPEECH_AFTER.match(after) or person_cue_before(before):
        return "Person"
    return None


def _multi_word_label(
    words: list[str],
    lowered_words: list[str],
    before: list[str],
    after: str,
    title_before: bool,
    starts_with_place: bool,
) -> str:
    if lowered_words[-1] in PLACE_HEADS or lowered_words[0] in PLACE_PREFIXES or lowered_words[0] in COMPASS:
        return "Location"  # "Tartus Port", "Kafr Nabl", "North Darfur"
    for word in lowered_words:
        if word in OUTLET_HEADS:
            return "Outlet"
    for word in lowered_words:
        if word in GOVERNMENT_HEADS:
            return "Government"
        if word in FACTION_HEADS:
            return "Faction"
        if word in ORG_HEADS:
            return "Outlet" if word == "agency" and "news" in lowered_words else "Organization"
    if lowered_words[-1] in GROUP_PLURALS:
        return "Organization"
    if _OUTLET_AFTER.match(after):
        return "Outlet"
    if before[-1:] == ["of"] and before[-2:-1] and before[-2] in PLACE_NOUNS:
        return "Location"
    person_shaped = (
        2 <= len(words) <= 4
        and all(NAME_WORD.fullmatch(word) for word in words)
        and not any(word in ADJECTIVES for word in lowered_words)
    )
    if title_before or person_cue_before(before) or _PERSON_AFTER.match(after):
        return "Person"
    if PLACE_KIND_AFTER.match(after):
        return "Location"
    if _SPEECH_AFTER.match(after) or speech_cue_before(before):
        return "Person" if person_shaped else "Organization"
    if (before and before[-1] in LOCATION_PREPOSITIONS) or starts_with_place:
        return "Location"  # "in Ras Tanura", "Tartus Port"
    return "Person" if person_shaped else "Organization"
