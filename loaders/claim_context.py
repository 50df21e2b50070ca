"""What every claim rule reads, and what every claim is given.

:class:`ClaimContext` holds one document with its statements and answers the questions the casualty, blame and denial
rules share: who makes a claim (the speaker of the statement around it, else the source its sentence names), its
date and as-of date, where its events happened (its sentence's places outside the attribution, else the paragraph's,
else the article's scene or country), the topic it is grouped under, and where a rule's trigger words are.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from loaders.records import ClaimRecord, Entity, Sentence, StatementRecord
from loaders.sources import is_fragment, nearest_source, sentence_sources
from loaders.speakers import Speaker
from loaders.statements import Attributor, statement_at
from loaders.text import Document, Hit, regex_lower, register_triggers

BLAMABLE_LABELS = frozenset({"Faction", "Government", "Person", "Organization", "Community"})


def word_set(text: str) -> frozenset[str]:
    """The words of ``text`` as a set (word lists are written as one string)."""
    return frozenset(text.split())


# The words before a figure that say it was replaced: "up from 150", "from an earlier figure of 150", "its initial
# toll of 500", "a previous count of 40".
_EARLIER_FIGURE = re.compile(
    r"\b(?:(?:up|down|revised|raised|lowered)\s+from|(?:earlier|previous|initial|prior|first|preliminary)\s+"
    r"(?:death\s+)?(?:figure|toll|count|tally|estimate)s?\s+of)\s+(?:about\s+|at\s+least\s+|some\s+)?\Z",
    re.IGNORECASE,
)
# A sentence that tells of another incident than the article's own: "a second attack by the ADF", "in an earlier
# raid on", "another strike", "a separate bombing".
_ANOTHER_INCIDENT = re.compile(
    r"\b(?:a\s+(?:second|third|separate|further|new|later|previous|different)|another|an\s+(?:earlier|additional))"
    r"\s+(?:(?:deadly|separate|suspected|similar)\s+)?(?:attack|strike|air\s*strike|raid|assault|ambush|bombing|"
    r"explosion|blast|massacre|incident|shelling)s?\b",
    re.IGNORECASE,
)
# The words that add a count to the one before it: "and another 12 in hospital", "a further 30", "an additional
# five". Tolls read them as a part of a breakdown (below); casualties chain the added count to the first one's cue.
ADDITIVE_WORDS = r"(?:another|a\s+further|an\s+additional)"
# The words around a figure that make it a part of a breakdown: "including 20 in Homs", "among them 12
# children", "another 12 in hospital", or "38 at the site and another 12 in hospital".
_PART_BEFORE = re.compile(
    rf"\b(?:including|among\s+them|of\s+whom|of\s+them|{ADDITIVE_WORDS})\s+"
    r"(?:at\s+least\s+|about\s+|some\s+|nearly\s+)?\Z",
    re.IGNORECASE,
)
_PART_AFTER = re.compile(rf"[^.;:]{{0,60}}?\band\s+{ADDITIVE_WORDS}\s+\w", re.IGNORECASE)
# How far from a figure such words still speak of its incident.
INCIDENT_REACH = 90
_DIGIT = re.compile(r"\d")
_LOCATIVE_WORDS = word_set("in near at across around outside inside into throughout of from")
register_triggers(
    "killword",
    word_set(
        "kill kills killed killing killings massacre massacres massacred slaughter slaughtered execution "
        "executions executed murder murdered murders dead death deaths died bodies victims casualties genocide"
    ),
)


class ClaimContext:
    """One document's statements, places and trigger words, shared by the claim rules (with their caches)."""

    def __init__(self, doc: Document, statements: list[StatementRecord], attributor: Attributor, gazetteer: Any):
        self.doc = doc
        self.text = doc.text
        self.statements = statements
        self.attributor = attributor
        self.gazetteer = gazetteer
        self._statements_by_sentence: dict[int, list[StatementRecord]] = {}
        for statement in statements:
            index = doc.sentence_index(statement.start)
            self._statements_by_sentence.setdefault(index, []).append(statement)
        self._incident_places: list[str] | None = None
        self._article_country: list[str] | None = None
        self._countries: frozenset[str] | None = None
        self._places_cache: dict[tuple[int, bool], list[str]] = {}
        self._kill_sentence_list: list[Sentence] | None = None
        self._hit_sentences: dict[str, list[tuple[Hit, int, int]]] = {}
        self._sentence_sources: dict[int, list[tuple[int, Speaker]]] = {}
        self._lowered: str | None = None  # the text as re.IGNORECASE reads it (same length), when first needed

    def adopt(self, entity: Entity) -> None:
        """Add an entity a rule resolved by itself (not a mention) to the document's entities and records."""
        self.doc.entities.setdefault(entity.id, entity)
        self.attributor.added_entities.setdefault(entity.id, entity)

    def attribute(self, claim: ClaimRecord, start: int | None = None, end: int | None = None) -> None:
        """The claimant is the speaker of the innermost statement that contains the claim (or its culprit)."""
        start = claim.start if start is None else start
        end = claim.end if end is None else end
        statement = statement_at(self.in_sentence(start), start, end)
        if statement is not None:
            claim.outlet_id = statement.outlet_id
            if statement.speaker_id is not None or not is_fragment(statement.speaker):
                claim.claimant, claim.claimant_id = statement.speaker, statement.speaker_id
                claim.via, claim.via_id = statement.via, statement.via_id
                return
        # No statement, or one whose "speaker" is a piece of the sentence: the source the sentence names.
        source = nearest_source(self.text, self._sources(start), start, end)
        if source is not None:
            claim.claimant, claim.claimant_id = source.text, source.entity_id

    def _sources(self, offset: int) -> list[tuple[int, Speaker]]:
        index = self.doc.sentence_index(offset)
        found = self._sentence_sources.get(index)
        if found is None:
            found = sentence_sources(self.doc, self.attributor, self.doc.sentences[index])
            self._sentence_sources[index] = found
        return found

    def set_dates(self, claim: ClaimRecord, sentence: Sentence, parent: ClaimRecord | None) -> None:
        statement = statement_at(self.in_sentence(claim.start), claim.start, claim.end)
        span_start = statement.start if statement else sentence.start
        span_end = statement.end if statement else sentence.end
        since: date | None = None
        found_dates = self.doc.dates_in(span_start, span_end) or self.doc.dates_in(sentence.start, sentence.end)
        # The date nearest the figure is its own ("updated to 221 by Wednesday … since the war began in 2011").
        found_dates = sorted(found_dates, key=lambda d: abs(d.start - claim.start))
        reported: date | None = None
        for found in found_dates:
            if found.role == "as_of":
                claim.as_of = claim.as_of or found.date
            elif found.role == "since":
                since = since or found.date
            elif found.role == "reported":
                reported = reported or found.date
            elif claim.date is None:
                claim.date = found.date
                if found.role == "one_day":  # "132 on Tuesday alone": that day's count, as of that day
                    claim.scope, claim.as_of = "one_day", claim.as_of or found.date
        # The day a source gave its figures ("the UN said on Saturday") is the day they count to.
        claim.as_of = claim.as_of or reported
        self._mark_counted_events(claim, sentence)
        if parent is not None and claim.date is None and claim.as_of is None:
            claim.date, claim.as_of = parent.date, parent.as_of
        if claim.as_of is None and (claim.date is None or since is not None):
            # A running toll with no date of its own counts up to when it was reported.
            claim.as_of = (statement.date if statement else None) or self.doc.published
            if since is not None:
                claim.date = since

    def _mark_counted_events(self, claim: ClaimRecord, sentence: Sentence) -> None:
        """What a toll counts, when its words say it is not the event's whole toll (``ClaimRecord.scope``): a
        figure replaced by a later one ("up from 150"), one of another incident than the article's own ("a second
        attack … with at least 18 killed"), or a part of a breakdown ("including 20 in Homs")."""
        before = max(sentence.start, claim.start - 48)
        if _EARLIER_FIGURE.search(self.text, before, claim.start):
            claim.scope = "earlier"
        elif self._tells_of_another_incident(claim, sentence):
            claim.scope = "other_incident"
        elif _PART_BEFORE.search(self.text, before, claim.start) or _PART_AFTER.match(
            self.text, claim.end, sentence.end
        ):
            claim.scope = "part"

    def _tells_of_another_incident(self, claim: ClaimRecord, sentence: Sentence) -> bool:
        """Whether words of another incident speak of this figure: they come just before it ("a second attack …
        with at least 18 killed"), or just after it with no figure of their own ("five others were killed in an
        earlier attack on the village"; in "34 in Komanda and an earlier attack that killed 66" they are 66's)."""
        lo, hi = max(sentence.start, claim.start - INCIDENT_REACH), min(sentence.end, claim.end + INCIDENT_REACH)
        for cue in _ANOTHER_INCIDENT.finditer(self.text, lo, hi):
            if cue.end() <= claim.start and not _DIGIT.search(self.text, cue.end(), claim.start):
                return True
            after = min(sentence.end, cue.end() + INCIDENT_REACH)
            if (
                cue.start() >= claim.end
                and not _DIGIT.search(self.text, claim.end, cue.start())
                and not _DIGIT.search(self.text, cue.end(), after)
            ):
                return True
        return False

    def places(self, claim: ClaimRecord, sentence: Sentence, parent: ClaimRecord | None) -> list[str]:
        """Where the claim's events happened: the places its sentence names outside the attribution, else its
        parent toll's, else those of the two sentences before it in the paragraph, else the article's scene."""
        index = self.doc.sentence_index(sentence.start)
        places = self._sentence_places(index, outside_speakers=True)
        if places:
            return list(places)
        if parent is not None and parent.place_ids:
            return list(parent.place_ids)
        for back in (1, 2):
            if index - back < 0:
                break
            previous = self.doc.sentences[index - back]
            if not self.doc.same_paragraph(previous.end, sentence.start):
                break
            places = self._sentence_places(index - back, outside_speakers=False)
            if places:
                return list(places)
        return self.incident_places()[:1] or self.article_country()

    def _sentence_places(self, index: int, outside_speakers: bool) -> list[str]:
        key = (index, outside_speakers)
        cached = self._places_cache.get(key)
        if cached is None:
            sentence = self.doc.sentences[index]
            excluded = self._speaker_spans(sentence) if outside_speakers else []
            cached = unique(
                [
                    m.entity_id
                    for m in self.doc.mentions_in(sentence.start, sentence.end)
                    if self.doc.label_of(m.entity_id) == "Location" and not any(s <= m.start < e for s, e in excluded)
                ]
            )
            self._places_cache[key] = cached
        return cached

    def in_sentence(self, offset: int) -> list[StatementRecord]:
        """The statements of the sentence around ``offset`` (a statement never spans two sentences)."""
        return self._statements_by_sentence.get(self.doc.sentence_index(offset), [])

    def _speaker_spans(self, sentence: Sentence) -> list[tuple[int, int]]:
        """The parts of a sentence outside its statements' texts: where speakers are named ("the UK-based Syrian
        Observatory"), not where things happened."""
        inside = [
            (s.start, s.end) for s in self._statements_by_sentence.get(self.doc.sentence_index(sentence.start), [])
        ]
        return _complement(inside, sentence) if inside else []

    def kill_sentences(self) -> list[Sentence]:
        """Sentences that speak of killing."""
        if self._kill_sentence_list is None:
            indices = sorted({self.doc.sentence_index(hit.start) for hit in self.doc.hits("killword")})
            self._kill_sentence_list = [self.doc.sentences[i] for i in indices]
        return self._kill_sentence_list

    def article_country(self) -> list[str]:
        """The country the article names most, as the place of last resort."""
        if self._article_country is None:
            counter = Counter(
                m.entity_id
                for m in self.doc.mentions
                if (entity := self.doc.entities.get(m.entity_id)) is not None
                and entity.properties.get("kind") == "country"
            )
            self._article_country = [counter.most_common(1)[0][0]] if counter else []
        return self._article_country

    def countries(self) -> frozenset[str]:
        """The country codes the article's places and named actors belong to."""
        if self._countries is None:
            found: set[str] = set()
            for m in self.doc.mentions:
                entity = self.doc.entities.get(m.entity_id)
                if entity is None:
                    continue
                if entity.properties.get("country"):
                    found.add(str(entity.properties["country"]))
                if entity.label == "Location":
                    chain = [m.entity_id, *self.gazetteer.ancestors(m.entity_id)]
                    found.update(p.rsplit("/", 1)[1] for p in chain if p.startswith("location/country/"))
            self._countries = frozenset(found)
        return self._countries

    def incident_places(self) -> list[str]:
        """Places named in sentences that speak of killing, most named first: the article's scene."""
        if self._incident_places is None:
            counter: Counter[str] = Counter()
            first: dict[str, int] = {}
            for sentence in self.kill_sentences():
                for m in self.doc.mentions_in(sentence.start, sentence.end):
                    entity = self.doc.entities.get(m.entity_id)
                    if entity is None or entity.label != "Location" or entity.properties.get("kind") == "country":
                        continue
                    before = self.text[max(0, m.start - 30) : m.start].lower().split()[-3:]
                    if not any(word in _LOCATIVE_WORDS for word in before):
                        continue  # "Damascus launched …" is the government, not a scene
                    counter[m.entity_id] += 1
                    first.setdefault(m.entity_id, m.start)
            # Gazetteer places before provisional ones, which cannot be placed in the hierarchy.
            self._incident_places = sorted(
                counter, key=lambda e: (self.doc.entities[e].provisional, -counter[e], first[e])
            )
        return self._incident_places

    def topic_place(self, place_ids: list[str]) -> str:
        """The widest useful area for grouping: one governorate if the places share it, else the country."""
        governorates: set[str] = set()
        countries: set[str] = set()
        for place_id in place_ids:
            chain = [place_id, *self.gazetteer.ancestors(place_id)]
            for ancestor in chain:
                entity = self.doc.entities.get(ancestor) or self.gazetteer.get(ancestor)
                kind = entity.properties.get("kind") if entity else None
                if kind == "governorate":
                    governorates.add(ancestor)
                elif kind == "country":
                    countries.add(ancestor)
        if len(governorates) == 1:
            return next(iter(governorates))
        if len(countries) == 1:
            return next(iter(countries))
        return next(iter(self.article_country()), "unknown")

    def topic_month(self, claim: ClaimRecord) -> str:
        when: date | None = claim.date or claim.as_of or self.doc.published
        if when is None:
            return "undated"
        # strftime costs three times more; below year 1000 its %Y differs between platforms, so it decides there.
        return f"{when.year}-{when.month:02d}" if when.year >= 1000 else when.strftime("%Y-%m")

    def matches_at(
        self, pattern: re.Pattern[str], family: str, before: int, after: int | None, needed: str | None = None
    ) -> list[re.Match[str]]:
        """Matches of ``pattern`` in the sentence windows around each trigger word of ``family``: from ``before``
        characters ahead of the word to ``after`` characters past it (None: to the sentence end). A pattern that
        starts with its trigger word (``before`` 0) is matched right there; one that ``needed`` a word (case-blind,
        see :func:`loaders.text.regex_lower`) is not tried where the window lacks it."""
        found: list[re.Match[str]] = []
        starts: set[int] = set()
        for hit, sentence_start, sentence_end in self._family_sentences(family):
            lo = max(sentence_start, hit.start - before)
            hi = sentence_end if after is None else min(sentence_end, hit.end + after)
            if needed is not None:
                if self._lowered is None:
                    self._lowered = regex_lower(self.text)
                if self._lowered.find(needed, lo, hi) == -1:
                    continue
            m = pattern.match(self.text, lo, hi) if before == 0 else pattern.search(self.text, lo, hi)
            if m is not None and m.start() not in starts:
                found.append(m)
                starts.add(m.start())
        return found

    def _family_sentences(self, family: str) -> list[tuple[Hit, int, int]]:
        """The trigger words of ``family``, each with the bounds of its sentence (several patterns share a family)."""
        found = self._hit_sentences.get(family)
        if found is None:
            sentences, sentence_index = self.doc.sentences, self.doc.sentence_index
            found = []
            for hit in self.doc.hits(family):
                sentence = sentences[sentence_index(hit.start)]
                found.append((hit, sentence.start, sentence.end))
            self._hit_sentences[family] = found
        return found


def unique(items: list[str]) -> list[str]:
    """``items`` without repeats, in their order."""
    return list(dict.fromkeys(items))


def community_slug(entity_id: str) -> str:
    """The last part of a community's id ("community/alawites" → "alawites"), as topics name victims."""
    return entity_id.rsplit("/", 1)[-1]


def _complement(spans: list[tuple[int, int]], sentence: Sentence) -> list[tuple[int, int]]:
    """The parts of a sentence outside the given spans."""
    out: list[tuple[int, int]] = []
    position = sentence.start
    for start, end in sorted(spans):
        if start > position:
            out.append((position, start))
        position = max(position, end)
    if position < sentence.end:
        out.append((position, sentence.end))
    return out
