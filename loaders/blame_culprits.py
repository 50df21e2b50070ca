"""Culprits: the actors a blame's culprit phrase names.

The gazetteer's name for the whole phrase ("a faction of Assad’s former intelligence forces" → Assad forces), else
the actors named inside it, but never a backer ("Islamic State-backed rebels") or the state that leads a coalition
("the Saudi-led coalition" is the coalition); "the regime" is the government of the article's country; pronouns
and "the group" are the armed actor last named, never the subject of their own clause.
"""

from __future__ import annotations

import re

from loaders.blame_cues import trim_to_word
from loaders.claim_context import BLAMABLE_LABELS, ClaimContext, unique
from loaders.records import Entity, Mention
from loaders.spelling import slugify

_POSSESSIVE_PRONOUN = re.compile(r"\b(?:his|her)\s+(?:own\s+)?", re.IGNORECASE)
_LEADING_DETERMINER = re.compile(r"^(?:the|a|an|this|that)\s+", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_REMNANTS_OF = re.compile(r"\b(remnants|loyalists|supporters)\s+of\s+(?:the\s+)?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)")
# "regime shelling", "Regime bombing raids": the government of the country the article is about.
_REGIME_WORD = re.compile(r"\bregime\b", re.IGNORECASE)
# A phrase that points back at an armed actor already named.
_ANAPHOR = re.compile(
    r"(?:they|them|it|the\s+(?:armed\s+|rebel\s+|militant\s+|paramilitary\s+|jihadist\s+)?(?:group|paramilitar(?:y|ies)|militia"
    r"|militants|rebels|insurgents|jihadists|fighters|forces|movement|organi[sz]ation))",
    re.IGNORECASE,
)
_BLAMED_PREFIX = re.compile(
    r"^(?:(?:a|an|the|some|several)\s+)?(?:(?:faction|factions|remnants|elements|members|units|fighters|militias?|"
    r"groups?|forces|loyalists|supporters)\s+(?:of|loyal\s+to|from|within|aligned\s+with)\s+)",
    re.IGNORECASE,
)
# "the Saudi-led coalition": a group named by the state that leads it, which is not that state.
_LED_GROUP = re.compile(
    r"\b([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,2})-led\s+(?:[a-z][\w\-]*\s+){0,2}?"
    r"(coalition|alliance|forces|troops|militias?|operation)\b"
)
_THE_GROUP_NOUN = re.compile(r"(?:the\s+)?(coalition|alliance)\Z", re.IGNORECASE)
# "Islamic State-backed rebels": the name before such a modifier backs the culprit; it is not the culprit.
_BACKER_SUFFIX = re.compile(r"-(?:backed|allied|aligned|affiliated|linked|supported|sponsored)\b")


class CulpritFinder:
    """Resolves the culprit phrases of one document to its actors (and the gazetteer's)."""

    def __init__(self, context: ClaimContext):
        self.context = context
        self.doc = context.doc
        self.text = context.text
        self.gazetteer = context.gazetteer
        self._led_groups: list[re.Match[str]] | None = None

    def country_regime(self) -> list[str]:
        """The government the article's country's "regime" is: "the regime" in a story about Syria."""
        country = next(iter(self.context.article_country()), None)
        if country is None and len(self.context.countries()) == 1:  # "outside Damascus": Syria
            country = f"location/country/{next(iter(self.context.countries()))}"
        entity = self.gazetteer.get(country) if country else None
        if entity is None:
            return []
        for name in (entity.name, *entity.aliases):
            regime = self.gazetteer.resolve(f"{name} regime", labels=("Government",))
            if regime is not None and any(name.lower() in n.lower() for n in (regime.name, *regime.aliases)):
                self.context.adopt(regime)
                return [regime.id]
        return []

    def culprits(self, start: int, end: int, anaphor_before: int) -> list[str]:
        """The entities a culprit phrase names: the gazetteer's name for the whole phrase, else its mentions."""
        doc, text = self.doc, self.text
        phrase = text[start:end]
        ids: list[str] = []
        attempts = _blamed_attempts(phrase)
        pronoun = _POSSESSIVE_PRONOUN.search(phrase)
        if pronoun is not None:
            # "the remnants of his security forces", his = the man last named: "Assad remnants", "Assad forces".
            owner = self._last_person_alias(start)
            if owner:
                named = f"{phrase[: pronoun.start()]}{owner}’s {phrase[pronoun.end() :]}"
                attempts = [a for a in _owned_forms(named)] + attempts
        if _LEADING_DETERMINER.sub("", phrase.strip()).lower() == "regime":
            return self.country_regime()
        led = self._led_group(phrase, start)
        if led is not None:
            return [led]
        mentioned = [m for m in doc.mentions_in(start, end) if doc.label_of(m.entity_id) in BLAMABLE_LABELS]
        inside = [m for m in mentioned if not _BACKER_SUFFIX.match(text, m.end)]
        if mentioned and not inside:
            return []  # "Islamic State-backed rebels": the backer is named, the culprits are not
        whole = _covering(inside, text, start, end)
        if whole is not None:
            attempts = []  # the article already knows who the phrase names ("the army" in a story about Sudan)
            ids.append(whole)
        for attempt in attempts:
            entity = self.gazetteer.resolve(attempt, labels=BLAMABLE_LABELS)
            if entity is not None and not _ignores_a_name(entity, inside) and not self._foreign(entity):
                self.context.adopt(entity)
                ids.append(entity.id)
                break
        if not ids and pronoun is not None:
            person = self._last_person_before(start)  # "by his cadres": the man last named
            if person:
                ids.append(person)
        if not ids:  # the gazetteer's name for the phrase beats the names inside it ("his security forces")
            ids.extend(m.entity_id for m in inside)
            ids = unique(ids)
        if not ids:
            ids.extend(self._described(phrase, start))
        if not ids and _ANAPHOR.fullmatch(phrase.strip()):
            ids.extend(self._last_armed_actor_before(anaphor_before))
        regime = _REGIME_WORD.search(phrase)
        if ids and regime is not None and not doc.mentions_in(start + regime.start(), start + regime.end()):
            ids = unique([*ids, *self.country_regime()])  # "Russian and regime air strikes"
        if any(doc.label_of(i) != "Community" for i in ids):
            ids = [i for i in ids if doc.label_of(i) != "Community"]  # "Sunni terror gangs": the gangs, not Sunnis
        return ids

    def _led_group(self, phrase: str, offset: int) -> str | None:
        """ "the Saudi-led coalition" → that coalition (the gazetteer's, else a provisional faction), never the
        state that leads it; "the coalition" → the led coalition the article names, the last before ``offset``."""
        led = _LED_GROUP.search(phrase)
        if led is None:
            noun = _THE_GROUP_NOUN.fullmatch(phrase.strip())
            if noun is None:
                return None
            if self._led_groups is None:
                self._led_groups = list(_LED_GROUP.finditer(self.text))
            named = [m for m in self._led_groups if m.group(2).lower() == noun.group(1).lower()]
            earlier = [m for m in named if m.start() < offset]
            led = earlier[-1] if earlier else (named[0] if named else None)
            if led is None:
                return None
        name = f"{led.group(1)}-led {led.group(2)}"  # "the US-led anti-terror coalition": the US-led coalition
        entity = self.gazetteer.resolve(name, labels=BLAMABLE_LABELS)
        if entity is None or led.group(1).lower() not in " ".join([entity.name, *entity.aliases]).lower():
            entity = self.doc.entities.get(f"faction/~{slugify(name)}") or Entity(
                f"faction/~{slugify(name)}", "Faction", name, provisional=True
            )
        self.context.adopt(entity)
        return entity.id

    def _foreign(self, entity: Entity) -> bool:
        """An actor of a country the article never names, reached from a generic phrase ("the army" is not
        Afghanistan's in a story about Sudan)."""
        country = entity.properties.get("country")
        return bool(country) and str(country) not in self.context.countries()

    def _described(self, phrase: str, offset: int) -> list[str]:
        """ "the central government" → the actor last named with those words ("central government in Damascus")."""
        words = _LEADING_DETERMINER.sub("", phrase.strip()).lower()
        if len(words) < 6 or " " not in words:
            return []
        for m in reversed(self.doc.mentions_in(max(0, offset - 5000), offset)):
            if words in m.alias.lower() and self.doc.label_of(m.entity_id) in BLAMABLE_LABELS:
                return [m.entity_id]
        return []

    def _last_armed_actor_before(self, offset: int) -> list[str]:
        """ "the group", "they", "the paramilitary": the faction or government last named before ``offset``."""
        for m in reversed(self.doc.mentions_in(max(0, offset - 2000), offset)):
            if self.doc.label_of(m.entity_id) in ("Faction", "Government"):
                return [m.entity_id]
        return []

    def _last_person_alias(self, offset: int) -> str:
        for m in reversed(self.doc.mentions_in(max(0, offset - 3000), offset)):
            if self.doc.label_of(m.entity_id) == "Person":
                return m.alias
        return ""

    def _last_person_before(self, offset: int) -> str | None:
        for m in reversed(self.doc.mentions_in(max(0, offset - 3000), offset)):
            if self.doc.label_of(m.entity_id) == "Person":
                return m.entity_id
        return None


def _blamed_attempts(phrase: str) -> list[str]:
    """ "a faction of Assad’s former intelligence forces" → itself, "Assad’s former intelligence forces", "Assad
    forces" (the owner and the head noun, which is how the gazetteer names such groups)."""
    attempts = [phrase.strip()]
    stripped = _BLAMED_PREFIX.sub("", phrase.strip())
    if stripped != attempts[0]:
        attempts.append(stripped)
    bare = _LEADING_ARTICLE.sub("", stripped)
    if bare not in attempts:
        attempts.append(bare)
    attempts.extend(form for form in _owned_forms(bare) if form not in attempts)
    return [a for a in attempts if len(a) >= 3]


def _owned_forms(phrase: str) -> list[str]:
    """ "remnants of Assad’s security forces" → "Assad remnants", "Assad forces": the owner and the head noun."""
    forms = []
    remnants = _REMNANTS_OF.search(phrase)
    if remnants:
        forms.append(f"{remnants.group(2)} {remnants.group(1)}")
    owned = re.search(
        r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)['’]s?\s+(?:[\w\-]+\s+){0,3}?(forces|loyalists|fighters|militias?|troops"
        r"|gunmen|cadres|men|remnants)\s*$",
        phrase,
    )
    if owned:
        forms.append(f"{owned.group(1)} {owned.group(2)}")
    return forms


def _covering(mentions: list[Mention], text: str, start: int, end: int) -> str | None:
    """The entity of a mention that is the whole phrase but for a leading determiner ("the army")."""
    lead = _LEADING_DETERMINER.match(text, start, end)
    first = lead.end() if lead is not None else start
    for mention in mentions:
        if mention.start <= first and mention.end >= trim_to_word(text, start, end):
            return mention.entity_id
    return None


def _ignores_a_name(entity: Entity, mentions: list[Mention]) -> bool:
    """Whether the gazetteer's entity for a phrase leaves out a name the phrase holds: "the Saudi-led coalition"
    is not the US-led coalition, "the Houthi rebels" not Syria's rebels."""
    names = " ".join([entity.name, *entity.aliases]).lower()
    return any(m.entity_id != entity.id and m.alias.lower() not in names for m in mentions)
