"""Comparison rules: how two claim groups of one topic relate, and the reason the link keeps.

Tolls (:func:`toll_relation`), in this order:

1. never compared: a vague count ("hundreds"), counts under 10 (one family), counts more than five times apart
   (different incidents), one article's figures for places it tells apart ("17 in Donetsk", "38 in Kramatorsk"),
   a count of civilians below a count of people ("221 people, the majority civilians" and "127 civilians": the
   civilians are among the people),
   and figures of different articles whose topic has no country or no month (they may be about any war);
2. a replaced figure ("updated to 221 from an earlier figure of 150") ``UPDATES`` to its own source's figure told
   in the same or the next sentence, and is related to nothing else;
3. one voice (a named claimant both groups share, or one article's own figures): a different figure on a later
   day ``UPDATES`` the earlier, however close (a rise or a revision by the same source, in any articles);
4. ``CORROBORATES`` when the figures are *consistent*: each is read as the span its qualifier allows — an exact
   count as its number, a floor ("at least", "more than") N as N to 10 % above it (the count so far: "more than
   40" fits 43, "at least 10" does not fit 43), "about"/"nearly"/"some" N as N ± 10 %, "up to" N as 80–100 % of N,
   a range as its bounds — and the spans overlap ("at least 745" does not fit 830); two exact counts agree only
   when equal (1,426 and 1,479 are two counts), and two floors for one day agree within 20 % of each other ("at
   least 58", "more than 50": one count reported a little apart);
5. otherwise, across days a later higher toll ``UPDATES`` the earlier (a trajectory) and another source's later
   lower one ``CONTRADICTS`` it; on one day, one article's figures from one voice are the parts of what it reports
   (places, days, victims: no link), and different voices' figures ``CONTRADICTS``.

A part of one article's breakdown is linked to its total only (:func:`parts_of_totals`, ``loaders.agreement``).

Blame and denial (:func:`event_relation`): groups blaming different known sides contradict, the same side
corroborates, and a denial contradicts the blame of the denier's side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.records import NodeRecord
from loaders.event_keys import topic_is_placed
from loaders.name_cues import PROVISIONAL_MARK
from loaders.place_parts import whole_of

Relation = tuple[str, str, str, dict[str, str]]

# Tolls more than this many times apart count different incidents ("four civilians were killed in the melee"
# beside "at least 745 civilians"), not rival counts of one: they are not compared.
SAME_INCIDENT_RATIO = 5
# Counts under this are the details of one family or one attack ("her three brothers"), not tolls of an event.
SMALLEST_COMPARED_TOLL = 10
LOWER_BOUNDS = frozenset({"at_least", "over"})
# Two floors this close ("at least 58", "more than 50") are one count reported a little apart, not rival counts.
CLOSE_FLOORS = 0.8
APPROXIMATE = frozenset({"about"})
APPROXIMATE_SPREAD = 0.10  # "about 60" allows 54–66
CEILINGS = frozenset({"up_to"})
CEILING_SPREAD = 0.20  # "up to 600" allows 480–600
FLOOR_SPREAD = 0.10  # "at least 40" allows 40–44


@dataclass(slots=True)
class Voices:
    """Who says a group's figure: the articles its claims come from, their claimants as written (None for the
    article's own voice), their qualifiers and places (``areas``: the places with the areas that hold them).
    Read from the claims in the store when relations are drawn."""

    articles: set[str] = field(default_factory=set)
    claimants: set[str | None] = field(default_factory=set)
    qualifiers: set[str | None] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)
    victims: set[str | None] = field(default_factory=set)
    sentences: set[tuple[str, int, int]] = field(default_factory=set)  # (article, start, end) of the claims' sentences

    def add(self, claim: NodeRecord, claimant_id: str | None, places: list[str]) -> None:
        """Count one claim of the group: its article, claimant (the entity, else the words), qualifier, places."""
        props = claim.properties
        self.articles.add(str(props.get("article_id", "")))
        claimant = claimant_id or props.get("claimant")
        self.claimants.add(" ".join(str(claimant).lower().split()) if claimant else None)
        self.qualifiers.add(props.get("qualifier"))
        self.places.update(places)
        self.victims.add(props.get("victims"))
        self.sentences.add(
            (str(props.get("article_id", "")), int(props.get("sentence_start", -9)), int(props.get("sentence_end", -9)))
        )

    @property
    def named(self) -> set[str]:
        """The named claimants of the group."""
        return {claimant for claimant in self.claimants if claimant is not None}

    @property
    def lower_bound(self) -> bool:
        """Every claim gives the figure as a floor ("at least 58", "more than 50")."""
        return bool(self.qualifiers) and self.qualifiers <= LOWER_BOUNDS

    def qualifier(self) -> str | None:
        """The one qualifier all claims share, else None (mixed readings are compared as exact figures)."""
        return next(iter(self.qualifiers)) if len(self.qualifiers) == 1 else None


def _span(group: NodeRecord, voice: Voices | None) -> tuple[float, float]:
    """The figures a group's qualifier allows (see the module docstring)."""
    low, high = float(group.properties["value"]), float(group.properties.get("value_max", group.properties["value"]))
    qualifier = voice.qualifier() if voice else None
    if low == high and qualifier in APPROXIMATE:
        return low * (1 - APPROXIMATE_SPREAD), high * (1 + APPROXIMATE_SPREAD)
    if low == high and qualifier in CEILINGS:
        return low * (1 - CEILING_SPREAD), high
    if low == high and qualifier in LOWER_BOUNDS:
        return low, high * (1 + FLOOR_SPREAD)
    return low, high


def consistent(a: NodeRecord, b: NodeRecord, voice_a: Voices | None, voice_b: Voices | None) -> str | None:
    """Why two toll groups' figures agree (the reason a CORROBORATES keeps), or None when they do not."""
    pa, pb = a.properties, b.properties
    if (pa["value"], pa.get("value_max")) == (pb["value"], pb.get("value_max")):
        return "the same figure"
    lo_a, hi_a = _span(a, voice_a)
    lo_b, hi_b = _span(b, voice_b)
    if lo_a <= hi_b and lo_b <= hi_a:
        return "within what their qualifiers allow"
    if (
        voice_a
        and voice_b
        and voice_a.lower_bound
        and voice_b.lower_bound
        and a.properties.get("as_of") == b.properties.get("as_of")
        and min(lo_a, lo_b) >= CLOSE_FLOORS * max(lo_a, lo_b)
    ):
        return "two close floors for one day"
    return None


def comparable(a: NodeRecord, b: NodeRecord) -> bool:
    """Whether two toll groups are rival counts of one thing at all: numbers, not too small, not far apart."""
    pa, pb = a.properties, b.properties
    if "vague" in (pa.get("qualifier"), pb.get("qualifier")):
        return False
    lo_a, hi_a = int(pa["value"]), int(pa.get("value_max", pa["value"]))
    lo_b, hi_b = int(pb["value"]), int(pb.get("value_max", pb["value"]))
    return min(hi_a, hi_b) >= SMALLEST_COMPARED_TOLL and max(lo_a, lo_b) <= SAME_INCIDENT_RATIO * min(hi_a, hi_b)


def _different_places(a: Voices, b: Voices) -> bool:
    """One article's figures for places it tells apart ("17 in Donetsk", "38 in Kramatorsk"): two events. A
    place inside the other's area ("Khan Sheikhoun" and "Idlib") is the same event."""
    if len(a.articles | b.articles) != 1 or not a.places or not b.places:
        return False
    if _only_unplaced(a) or _only_unplaced(b):
        return False  # a place the gazetteer does not know ("Moura") may lie inside the other's: not told apart
    # A compass part ("northwestern Idlib province") may hold any place of the whole: it stands for the whole here.
    # (A part's areas hold its whole, so two parts of one whole meet here too.)
    return not ({whole_of(place) for place in a.places} & b.areas or {whole_of(place) for place in b.places} & a.areas)


def _only_unplaced(voice: Voices) -> bool:
    """Whether all of a group's places are provisional: found in the text, with no place in the hierarchy."""
    return all(f"/{PROVISIONAL_MARK}" in place for place in voice.places)


def _civilians_among_people(a: NodeRecord, b: NodeRecord, voice_a: Voices, voice_b: Voices) -> bool:
    """A count of civilians below a count of people: the civilians are among those people, not a rival count."""
    for part, whole, part_voice, whole_voice in ((a, b, voice_a, voice_b), (b, a, voice_b, voice_a)):
        if part_voice.victims == {"civilians"} and "civilians" not in whole_voice.victims:
            return int(part.properties["value"]) < int(whole.properties["value"])
    return False


def _unplaced_across_articles(group: NodeRecord, a: Voices, b: Voices) -> bool:
    """Figures from different articles whose country or month is unknown may be about any war: not compared."""
    return not (a.articles & b.articles) and not topic_is_placed(str(group.properties.get("topic", "")))


# Sentences this close are next to each other (a space, or a paragraph break).
NEXT_SENTENCE_GAP = 3


def _told_together(a: Voices, b: Voices) -> bool:
    """Whether two groups' figures are told in one sentence or in two next to each other ("Hamas maintains that
    471 people were killed. Its initial toll of 500 was cited …")."""
    return any(
        article_a == article_b
        and (
            start_a == start_b or 0 <= start_b - end_a <= NEXT_SENTENCE_GAP or 0 <= start_a - end_b <= NEXT_SENTENCE_GAP
        )
        for article_a, start_a, end_a in a.sentences
        for article_b, start_b, end_b in b.sentences
    )


def one_voice(a: Voices, b: Voices) -> str | None:
    """Who gives both groups' figures: a named claimant they share (in any articles), or one article's own
    voice; None when the figures come from different sources."""
    named = sorted(a.named & b.named)
    if named:
        return named[0]
    if len(a.articles | b.articles) == 1 and len(a.claimants | b.claimants) == 1:
        return "the article's own voice"
    return None


def rivals(a: NodeRecord, b: NodeRecord, voices: dict[str, Voices] | None) -> bool:
    """Whether two toll groups may be rival counts of one event (rule 1 of the module docstring)."""
    voice_a, voice_b = (voices.get(a.id), voices.get(b.id)) if voices else (None, None)
    if not comparable(a, b):
        return False
    if voice_a is None or voice_b is None:
        return True
    return not (
        _different_places(voice_a, voice_b)
        or _unplaced_across_articles(a, voice_a, voice_b)
        or _civilians_among_people(a, b, voice_a, voice_b)
    )


def _over_time(earlier: NodeRecord, later: NodeRecord, speaker: str | None) -> Relation:
    """Two figures of different days that do not agree: a source's own later figure, or a later higher toll,
    updates the earlier; another source's later lower toll contradicts it."""
    rise = int(later.properties["value"]) >= int(earlier.properties["value"])
    if speaker is not None:
        what = "a later, higher figure" if rise else "a later figure revising it"
        return earlier.id, "UPDATES", later.id, {"reason": f"{what} from the same source ({speaker})"}
    if rise:
        return earlier.id, "UPDATES", later.id, {"reason": "a later, higher toll"}
    first, second = sorted((earlier, later), key=lambda g: g.id)
    reason = f"a lower toll later: {later.properties['name']} after {earlier.properties['name']}"
    return first.id, "CONTRADICTS", second.id, {"reason": reason}


def toll_relation(a: NodeRecord, b: NodeRecord, voices: dict[str, Voices] | None = None) -> Relation | None:
    """How two toll groups of one topic relate: (source, type, target, properties with the reason), or None.
    ``voices`` says who gives each group's figure (without it, every figure is an exact count of its own)."""
    voice_a, voice_b = (voices.get(a.id), voices.get(b.id)) if voices else (None, None)
    if not rivals(a, b, voices):
        return None
    speaker = one_voice(voice_a, voice_b) if voice_a and voice_b else None
    as_of_a, as_of_b = a.properties.get("as_of"), b.properties.get("as_of")
    over_time = bool(as_of_a and as_of_b and as_of_a != as_of_b)
    earlier, later = (a, b) if str(as_of_a) < str(as_of_b) else (b, a)
    earlier_a, earlier_b = a.properties.get("scope") == "earlier", b.properties.get("scope") == "earlier"
    if earlier_a or earlier_b:
        # A replaced figure ("updated to 221 from an earlier figure of 150") is no one's claim now: it only leads
        # to the figure its own source gives for it in the same or the next sentence.
        together = voice_a is not None and voice_b is not None and _told_together(voice_a, voice_b)
        if speaker is None or not together or earlier_a == earlier_b:
            return None
        earlier, later = (a, b) if earlier_a else (b, a)
        return _over_time(earlier, later, speaker)
    same_figure = (a.properties["value"], a.properties.get("value_max")) == (
        b.properties["value"],
        b.properties.get("value_max"),
    )
    if over_time and speaker is not None and not same_figure:
        return _over_time(earlier, later, speaker)  # 745 → 830 from one monitor is a rise, however close
    agreement = consistent(a, b, voice_a, voice_b)
    first, second = sorted((a, b), key=lambda g: g.id)
    if agreement is not None:
        reason = f"{agreement}: {a.properties['name']} and {b.properties['name']}"
        return first.id, "CORROBORATES", second.id, {"reason": reason}
    if over_time:
        return _over_time(earlier, later, None)
    if (
        speaker is not None
        and voice_a is not None
        and voice_b is not None
        and len(voice_a.articles | voice_b.articles) == 1
    ):
        return None  # one source's figures for different parts, places or days of what it reports: not rivals
    when = f" for {as_of_a}" if as_of_a and as_of_a == as_of_b else ""
    reason = f"different tolls{when}: {a.properties['name']} vs {b.properties['name']}"
    return first.id, "CONTRADICTS", second.id, {"reason": reason}


def parts_of_totals(tolls: list[NodeRecord], voices: dict[str, Voices]) -> list[tuple[NodeRecord, NodeRecord]]:
    """One article's figures that add up to another of its figures ("52 deaths at El No and two at Sawaeed" and
    "at least 54 killed"): each part with its total. Pairs of parts only, within one article, so a handful of
    groups: the pairs are all tried."""
    by_article: dict[str, list[NodeRecord]] = {}
    for group in tolls:
        voice = voices.get(group.id)
        if voice is not None and len(voice.articles) == 1 and group.properties.get("qualifier") != "vague":
            by_article.setdefault(next(iter(voice.articles)), []).append(group)
    found: list[tuple[NodeRecord, NodeRecord]] = []
    for groups in by_article.values():
        for i, a in enumerate(groups):
            for b in groups[i + 1 :]:
                total = _total_of(a, b, groups, voices)
                if total is not None:
                    found.extend([(a, total), (b, total)])
    return found


def _total_of(a: NodeRecord, b: NodeRecord, groups: list[NodeRecord], voices: dict[str, Voices]) -> NodeRecord | None:
    """The figure that two others add up to: exactly, or within what its qualifier allows when the text marks one
    of them as a part ("2,000 bodies, and another 900 in morgues" of "nearly 3,000")."""
    added = int(a.properties["value"]) + int(b.properties["value"])
    marked = "part" in (a.properties.get("scope"), b.properties.get("scope"))
    for total in groups:
        if (
            total.id in (a.id, b.id)
            or total.properties.get("value_max", total.properties["value"]) != total.properties["value"]
        ):
            continue  # a range is no total
        if int(total.properties["value"]) == added:
            return total
        low, high = _span(total, voices.get(total.id))
        if marked and low <= added <= high:
            return total
    return None


def known_sides(group: NodeRecord) -> set[str]:
    """The gazetteer sides a blame or denial group names; an actor with no known side ("jihadists") has none."""
    return {side for side in str(group.properties.get("blamed", "")).split("+") if side and "/" not in side}


def event_relation(a: NodeRecord, b: NodeRecord) -> Relation | None:
    """Blame groups blaming different sides contradict; a denial contradicts the blame of the denier's side.

    Only known sides are compared: blaming "jihadists" neither confirms nor contradicts blaming HTS.
    """
    first, second = sorted((a, b), key=lambda g: g.id)
    kinds = {a.properties["kind"], b.properties["kind"]}
    sides_a, sides_b = known_sides(a), known_sides(b)
    if not (sides_a and sides_b):
        return None
    if kinds == {"blame"}:
        if sides_a & sides_b:
            return (
                first.id,
                "CORROBORATES",
                second.id,
                {"reason": f"both blame {' + '.join(sorted(sides_a & sides_b))}"},
            )
        reason = f"different perpetrators: {' + '.join(sorted(sides_a))} vs {' + '.join(sorted(sides_b))}"
        return first.id, "CONTRADICTS", second.id, {"reason": reason}
    if kinds == {"blame", "denial"} and sides_a & sides_b:
        side = next(iter(sorted(sides_a & sides_b)))
        return first.id, "CONTRADICTS", second.id, {"reason": f"{side} is blamed and denies it"}
    return None
