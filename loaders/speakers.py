"""Speakers: who says something, resolved to an entity.

:class:`SpeakerResolver` resolves the words that name a speaker (or a claimant, a culprit; found by
:func:`loaders.subjects.clause_subject`) to an entity: through the mentions inside them, the gazetteer, a title
("the governor of …" → the person the text gives that title, or who opens the next sentence), pronouns resolved
from where they stand (he/she → the person last quoted or just named; they → the last plural speaker; it → the last
organisation) and descriptions ("the group", "the newspaper", "the NGO"). Which text a speaker covers is
:mod:`loaders.speech_markers`' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from loaders.records import Entity, Mention, Sentence, StatementRecord
from loaders.subjects import RELATIVE_WORDS
from loaders.text import Document, last_word


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_RELATIVE_END = re.compile(r"\s(?:who|which|that)\s*\Z")
_WORD_TOKEN = re.compile(r"[\w’'\-]+")
_PRONOUNS = {"he": "person", "she": "person", "it": "thing", "they": "group", "we": "group", "i": "person"}
_PERSON_NOUNS = _words(
    "journalist witness eyewitness source activist official spokesman spokeswoman spokesperson man woman resident "
    "doctor commander president minister leader analyst expert survivor father mother brother sister son daughter "
    "correspondent reporter writer envoy ambassador diplomat officer general soldier fighter"
)
# A coordinated subject whose first part ends in a common noun ("witnesses and Gazan health officials"), unlike
# coordinated adjectives ("Kurdish and Druze leaders").
_FIRST_CONJUNCT = re.compile(r"((?:[\w’'\-]+\s+){0,3}?([A-Za-z][\w\-]*))\s+and\s+\S")
_ORG_NOUNS = _words("group monitor observatory organization organisation ngo agency")
_OUTLET_NOUNS = _words(
    "newspaper paper site outlet channel broadcaster network website daily agency television tv radio station"
)
_GOVERNMENT_NOUNS = _words("ministry government regime administration authorities presidency army")
_POSSESSED_SOURCE = re.compile(
    r"['’]s\s+(?:statement|statements|remarks|report|reports|announcement|spokes\w+|office)\b"
)
# Titles that name one office holder: "the governor of …" is the person the text names with that title.
_TITLES = _words("governor mayor president minister spokesman spokeswoman spokesperson commander chief prime")
_MADE_BY = re.compile(
    r",?\s+(?:formed|set\s+up|created|established|appointed|commissioned|founded|funded|backed|run|supported)\s+by\s"
)
_CAPITALISED_NAME = re.compile(r"(?:[A-Z][\w’'\-]+\s?){1,4}")
_GROUP_LABELS = frozenset({"Faction", "Community"})
# "it" means a body: one the sentence before names within its first characters (its subject), when "it" opens
# its own sentence ("It condemned …", "On Monday, it said …").
_BODY_LABELS = frozenset({"Organization", "Faction", "Government", "Outlet"})
_SUBJECT_OPENS_WITHIN = 12
_PRONOUN_OPENS_WITHIN = 20
# "They" means the last plural speaker only within about two sentences of them.
_GROUP_PRONOUN_REACH = 400
ACTOR_LABELS = frozenset({"Faction", "Government", "Person", "Organization", "Community", "Outlet"})
SPEAKER_LABELS = ACTOR_LABELS
_HEAD_RANK = {"Person": 0, "Organization": 0, "Outlet": 0, "Faction": 1, "Government": 1, "Community": 2}


@dataclass(slots=True)
class Speaker:
    """Who says something: the words that name them and, when resolved, the entity."""

    text: str
    start: int
    end: int
    entity_id: str | None = None
    person: bool = False  # for pronoun resolution: a Person, or a description like "a Syrian journalist"


class SpeakerResolver:
    """Resolves speakers of one document in text order, remembering the last person and organisation quoted."""

    def __init__(self, doc: Document, gazetteer: Any, statements: list[StatementRecord]) -> None:
        self.doc = doc
        self.text = doc.text
        self.gazetteer = gazetteer
        self.statements = statements  # the statements found so far, for descriptions ("the group")
        self.added_entities: dict[str, Entity] = {}
        self._last_person: Speaker | None = None
        self._last_other: Speaker | None = None
        self._last_group: Speaker | None = None  # a plural speaker ("Moscow officials"), for "they"
        self._last_person_end = -1
        self._last_group_end = -1
        # Every speaker remembered, in text order: (statement start, end, speaker, is person, is group).
        self._history: list[tuple[int, int, Speaker, bool, bool]] = []

    def subject_speaker(self, start: int, end: int, sentence: Sentence) -> Speaker:
        """ "Kassargian interviewed Kurdish and Druze leaders who said": the leaders, not Kassargian."""
        subject = self.text[start:end]
        relative = _RELATIVE_END.search(subject) if last_word(subject) in RELATIVE_WORDS else None
        if relative is None:
            return self.speaker_for(start, end)
        end = start + relative.start()
        words = list(_WORD_TOKEN.finditer(self.text[start:end]))
        verbs = [w for w in words if w.group().lower().endswith("ed") and w.group()[0].islower()]
        if verbs:
            start = start + verbs[-1].end()
        return self.speaker_for(start, end)

    def speaker_for(self, start: int, end: int, keep_text: bool = False) -> Speaker:
        """Resolve the words ``text[start:end]`` that name a speaker (or a claimant, a culprit) to an entity."""
        text = self.text
        while end > start and text[end - 1] in " ,.;:":
            end -= 1
        while start < end and text[start] in ' ,“”"':
            start += 1
        possessive = _POSSESSED_SOURCE.search(text[start:end])
        if possessive:
            end = start + possessive.start()
        made_by = _MADE_BY.search(text, start, end)
        if made_by is not None and made_by.start() > start:
            end = made_by.start()  # "A committee of inquiry formed by the regime of Ahmed al-Sharaa": the committee
        written = text[start:end]
        lower = written.lower()
        words = lower.split()
        speaker = Speaker(written, start, end)
        if not words:
            return speaker
        if len(words) == 1 and words[0] in _PRONOUNS:
            return self._pronoun(speaker, _PRONOUNS[words[0]])
        mentions = [m for m in self.doc.mentions_in(start, end) if self.doc.label_of(m.entity_id) in SPEAKER_LABELS]
        if len(words) == 2 and words[0] in ("the", "this") and all(m.alias.lower() == words[1] for m in mentions):
            # "The NGO" names the organisation the text is about, not the gazetteer's generic NGO
            described = self._description(words[1], start, generic=words[1])
            if described is not None:
                speaker.entity_id, speaker.person = described.entity_id, described.person
                return speaker
        if mentions:
            chosen = _head_mention(mentions, self.doc, end)
            speaker.entity_id = chosen.entity_id
            speaker.person = self.doc.label_of(chosen.entity_id) == "Person"
            if len(words) > 6 and not keep_text:  # a long subject: name the speaker by the entity, as written
                speaker.text, speaker.start, speaker.end = chosen.alias, chosen.start, chosen.end
            return speaker
        if words[0] in ("the", "this") and len(words) <= 3:
            described = self._description(words[-1], start)
            if described is not None:
                speaker.entity_id = described.entity_id
                speaker.person = described.person
                return speaker
        resolved = self._gazetteer_resolve(written)
        if resolved is not None:
            speaker.entity_id = resolved.id
            speaker.person = resolved.label == "Person"
            return speaker
        if len(words) > 2 and words[0] == "the" and words[1] in _TITLES:
            titled = self._titled_person(words[1], start)
            if titled is not None:  # "The governor of Ukraine's eastern Donetsk region": Governor Pavlo Kyrylenko
                speaker.entity_id, speaker.person = titled, True
                return speaker
        first = _FIRST_CONJUNCT.match(written)
        if first is not None and _is_source_noun(first.group(2).lower()):
            # "a war monitor and medical workers in the rebel-held area": the first source named speaks for both
            return self.speaker_for(start, start + first.end(1), keep_text)
        speaker.person = any(word.rstrip("s") in _PERSON_NOUNS for word in words[-2:])
        if speaker.person and words[0] in ("the", "this"):
            previous = self._last_person
            if previous is not None and words[-1] in previous.text.lower():
                speaker.entity_id = previous.entity_id
        return speaker

    def _titled_person(self, title: str, offset: int) -> str | None:
        """The person the text names with this title ("Governor Pavlo Kyrylenko"), the last before ``offset``,
        else the first after it."""
        text, doc = self.text, self.doc
        before, after = doc.mentions_in(0, offset), doc.mentions_in(offset, len(text))
        for mention in [*reversed(before), *after]:
            titled = title in text[max(0, mention.start - 40) : mention.start].lower().split()
            if titled and doc.label_of(mention.entity_id) == "Person":
                return mention.entity_id
        return self._person_opening_next_sentence(offset)

    def _person_opening_next_sentence(self, offset: int) -> str | None:
        """ "The governor of Ukraine's eastern Donetsk region revealed … . Pavlo Kyrylenko said …": news prose
        names the office holder as the subject of the next sentence of the paragraph."""
        doc = self.doc
        index = doc.sentence_index(offset) + 1
        if index >= len(doc.sentences) or not doc.same_paragraph(offset, doc.sentences[index].start):
            return None
        following = doc.sentences[index]
        for mention in doc.mentions_in(following.start, min(following.end, following.start + 40)):
            if doc.label_of(mention.entity_id) == "Person":
                return mention.entity_id
        return None

    def _pronoun(self, speaker: Speaker, kind: str) -> Speaker:
        previous: Speaker | None
        person, person_end, group, group_end, other = self._speakers_before(speaker.start)
        if kind == "person":
            previous = self._person_named_since(person_end, speaker.start) or person
        elif kind == "group":
            previous = group if speaker.start - group_end <= _GROUP_PRONOUN_REACH else None
        else:
            previous = self._body_opening_sentence_before(speaker.start) or other
        if previous is None:
            return speaker
        return Speaker(previous.text, speaker.start, speaker.end, previous.entity_id, previous.person)

    def _speakers_before(self, offset: int) -> tuple[Speaker | None, int, Speaker | None, int, Speaker | None]:
        """The last person, plural speaker and organisation remembered before ``offset`` (with the ends of their
        statements): while statements are found that is the latest; a claim read afterwards looks back from its
        own place, not from the end of the article."""
        if not self._history or self._history[-1][0] < offset:
            return self._last_person, self._last_person_end, self._last_group, self._last_group_end, self._last_other
        person = group = other = None
        person_end = group_end = -1
        for start, end, remembered, is_person, is_group in self._history:
            if start >= offset:
                break
            if is_person:
                person, person_end = remembered, end
            elif remembered.entity_id is not None:
                other = remembered
            if is_group:
                group, group_end = remembered, end
        return person, person_end, group, group_end, other

    def _body_opening_sentence_before(self, offset: int) -> Speaker | None:
        """ "The Coordination of Civil Democratic Forces condemned the violations. It condemned the shelling …":
        "it" opening a sentence means the organisation, faction or government the sentence before opens with."""
        index = self.doc.sentence_index(offset)
        if index == 0 or offset - self.doc.sentences[index].start > _PRONOUN_OPENS_WITHIN:
            return None
        before = self.doc.sentences[index - 1]
        for mention in self.doc.mentions_in(before.start, before.end):
            if mention.start - before.start > _SUBJECT_OPENS_WITHIN:
                break
            if self.doc.label_of(mention.entity_id) in _BODY_LABELS and self.doc.quote_around(mention.start) is None:
                return Speaker(mention.alias, mention.start, mention.end, mention.entity_id)
        return None

    def _person_named_since(self, since: int, offset: int) -> Speaker | None:
        """ "Spokesman Igor Konashenkov described the strike as a “provocation”. He said …": the person the
        sentence before the pronoun (or its own start) names as it tells what they did, when no one has spoken
        since, and not one named inside reported words."""
        index = self.doc.sentence_index(offset)
        start = self.doc.sentences[index - 1].start if index > 0 else 0
        if not self.doc.same_paragraph(start, offset):
            start = self.doc.sentences[index].start
        for mention in self.doc.mentions_in(max(start, since), offset):
            if self.doc.label_of(mention.entity_id) != "Person" or self.doc.quote_around(mention.start):
                continue
            if any(s.start <= mention.start < s.end for s in self.statements[-3:]):
                continue
            return Speaker(mention.alias, mention.start, mention.end, mention.entity_id, True)
        return None

    def _description(self, noun: str, offset: int, generic: str = "") -> Speaker | None:
        """ "the group" → the last organisation quoted or named; "the newspaper" → the last outlet; …"""
        noun = noun.rstrip("s") if noun.endswith("ies") is False else noun
        if noun in _PERSON_NOUNS:
            previous = self._last_person
            return previous if previous is not None and noun in previous.text.lower() else None
        wanted: frozenset[str]
        if noun in _OUTLET_NOUNS:
            wanted = frozenset({"Outlet"})
        elif noun in _ORG_NOUNS:
            wanted = frozenset({"Organization", "Faction"})
        elif noun in _GOVERNMENT_NOUNS:
            wanted = frozenset({"Government"})
        else:
            return None
        # One named earlier in the same sentence comes first ("the Arakan Army has been implicated …; however, the
        # group denied"), then those quoted recently (the group that spoke), then the last one named before.
        sentence_start = self.doc.sentence_at(offset).start
        for mention in reversed(self.doc.mentions_in(sentence_start, offset)):
            if self.doc.label_of(mention.entity_id) in wanted and self.doc.quote_around(mention.start) is None:
                return Speaker(mention.alias, 0, 0, mention.entity_id)
        earlier = [s for s in self.statements if s.start < offset]
        for statement in reversed(earlier[-5:]):
            for entity_id in (statement.speaker_id, statement.outlet_id):
                if entity_id and self.doc.label_of(entity_id) in wanted:
                    return Speaker(statement.speaker or "", 0, 0, entity_id)
        for mention in reversed(self.doc.mentions_in(max(0, sentence_start - 3000), sentence_start)):
            if self.doc.label_of(mention.entity_id) in wanted and mention.alias.lower() != generic:
                return Speaker(mention.alias, 0, 0, mention.entity_id)
        return None

    def _gazetteer_resolve(self, written: str) -> Entity | None:
        if len(written) < 3 or not any(ch.isupper() for ch in written):
            return None
        entity = self.gazetteer.resolve(written, labels=SPEAKER_LABELS)
        if entity is not None and entity.id not in self.doc.entities:
            self.added_entities[entity.id] = entity
            self.doc.entities[entity.id] = entity
        return entity

    def remember(self, statement: StatementRecord) -> None:
        """Keep a statement's speaker as the person or organisation a later pronoun or description means."""
        if statement.speaker is None or not statement.speaker.split():
            return  # no speaker, or one of spacing only (hostile text): nobody a pronoun could mean
        label = self.doc.label_of(statement.speaker_id) if statement.speaker_id else None
        words = statement.speaker.lower().split()
        # A plural speaker ("officials") is who "they" means, never "he" or "she".
        is_group = words[-1].endswith("s") and (statement.speaker.split()[-1].islower() or label in _GROUP_LABELS)
        is_person = label == "Person" or (
            label is None
            and not is_group
            and (
                any(w.rstrip("s") in _PERSON_NOUNS for w in words[-2:])
                or _CAPITALISED_NAME.fullmatch(statement.speaker) is not None
            )
        )
        speaker = Speaker(statement.speaker, 0, 0, statement.speaker_id, is_person)
        if is_person:
            self._last_person = speaker
            self._last_person_end = statement.end
        elif label is not None:
            self._last_other = speaker
        if is_group:
            self._last_group, self._last_group_end = speaker, statement.end
        self._history.append((statement.start, statement.end, speaker, is_person, is_group))


def _head_mention(mentions: list[Mention], doc: Document, end: int) -> Mention:
    """The entity a subject names: the name it ends with ("US Secretary of State Marco Rubio", "Syrian journalist
    Hala Mansour"), else the first person or organisation, before any government, faction or community."""
    for mention in mentions:
        if end - mention.end <= 2 and doc.label_of(mention.entity_id) in ("Person", "Organization", "Outlet"):
            return mention
    return min(mentions, key=lambda m: (_HEAD_RANK.get(doc.label_of(m.entity_id) or "", 3), m.start))


def _is_source_noun(word: str) -> bool:
    """Whether a lower-case word names a person or body that speaks ("witnesses", "monitor", "officials")."""
    return any(form in _PERSON_NOUNS or form in _ORG_NOUNS for form in (word, word[:-1], word[:-2]))
