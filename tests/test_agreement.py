"""Claim groups and agreement between sources, through the mapping and a real store of each kind."""

from __future__ import annotations

from datetime import date

import pytest

from graph.store import GraphStore
from loaders.agreement import reconcile
from loaders.event_keys import EventContext, claim_topic, stale_topics, topics_of
from loaders.extract import extract
from loaders.gazetteer import Gazetteer
from loaders.mapping import to_batch
from loaders.records import Article, ClaimRecord, Extraction, Mention, Sentence

SOHR = "organization/sohr"
ALAWITES = "community/alawites"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def toll(value: int, as_of: date, claimant: str = SOHR, value_max: int | None = None) -> ClaimRecord:
    text = f"{value} Alawite civilians were killed"
    return ClaimRecord(
        kind="casualty",
        text=text,
        start=0,
        end=len(text),
        sentence=Sentence(0, len(text)),
        claimant="SOHR",
        claimant_id=claimant,
        as_of=as_of,
        value=value,
        value_max=value_max if value_max is not None else value,
        qualifier="at_least",
        victims="civilians",
        victim_ids=[ALAWITES],
    )


def blame(blamed: str) -> ClaimRecord:
    text = f"the massacres were carried out by {blamed}"
    return ClaimRecord(
        kind="blame", text=text, start=0, end=len(text), sentence=Sentence(0, len(text)), blamed_ids=[blamed]
    )


def denial(claimant: str) -> ClaimRecord:
    text = "dismissed the coverage as misinformation"
    return ClaimRecord(
        kind="denial", text=text, start=0, end=len(text), sentence=Sentence(0, len(text)), claimant_id=claimant
    )


def extraction(article_id: str, claims: list[ClaimRecord], outlet: str | None = None) -> Extraction:
    text = "Alawite civilians were killed in Latakia. " + " ".join(c.text for c in claims)
    article = Article(id=article_id, text=text, outlet=outlet, published=date(2025, 3, 9), source="test")
    mentions = [Mention(ALAWITES, "Alawite", 0, 7), Mention("location/sy/SY06", "Latakia", 33, 40)]
    return Extraction(article=article, mentions=mentions, claims=claims)


def load(store: GraphStore, gazetteer: Gazetteer, *extractions: Extraction) -> None:
    topics: set[str] = set()
    for item in extractions:
        topics |= stale_topics(store, [item.article.id])
        batch = to_batch(item, gazetteer)
        topics |= topics_of(batch)
        store.write(batch)
    reconcile(store, topics)


def agreement(store: GraphStore) -> set[tuple[str, str, str]]:
    """(source group name, type, target group name) for every agreement relation."""
    names = {n.id: n.properties["name"] for n in store.iter_nodes() if n.label == "ClaimGroup"}
    return {
        (names[r.source], r.type, names[r.target])
        for r in store.iter_rels()
        if r.type in ("CORROBORATES", "CONTRADICTS", "UPDATES")
    }


def groups(store: GraphStore) -> dict[str, int]:
    return {n.properties["name"]: n.properties["size"] for n in store.iter_nodes() if n.label == "ClaimGroup"}


def test_a_syndicated_toll_is_one_group_not_pairs(store: GraphStore, gazetteer: Gazetteer) -> None:
    copies = [extraction(f"article/copy-{i}", [toll(745, date(2025, 3, 8))], outlet="Reuters") for i in range(30)]
    load(store, gazetteer, *copies)
    assert groups(store) == {"745 alawites people (as of 2025-03-08)": 30}
    assert agreement(store) == set()
    assert store.stats().relationship_types["IN_GROUP"] == 30


def test_different_tolls_for_the_same_date_contradict(store: GraphStore, gazetteer: Gazetteer) -> None:
    load(
        store,
        gazetteer,
        extraction("article/a", [toll(250, date(2025, 3, 8))]),
        extraction("article/b", [toll(601, date(2025, 3, 8), claimant="outlet/abu-ali-express")]),
        extraction("article/c", [toll(252, date(2025, 3, 8), claimant="organization/snhr")]),
    )
    relations = agreement(store)
    corroborating = {frozenset((a, b)) for a, kind, b in relations if kind == "CORROBORATES"}
    assert corroborating == {
        frozenset(("250 alawites people (as of 2025-03-08)", "252 alawites people (as of 2025-03-08)"))
    }
    # every pair of one day's figures is compared: 250 ~ 252, and both differ from 601
    contradicting = {frozenset((a, b)) for a, kind, b in relations if kind == "CONTRADICTS"}
    assert contradicting == {
        frozenset(("252 alawites people (as of 2025-03-08)", "601 alawites people (as of 2025-03-08)")),
        frozenset(("250 alawites people (as of 2025-03-08)", "601 alawites people (as of 2025-03-08)")),
    }
    reasons = {r.type: r.properties["reason"] for r in store.iter_rels() if r.type in ("CORROBORATES", "CONTRADICTS")}
    assert reasons["CONTRADICTS"].startswith("different tolls for 2025-03-08: ")
    assert reasons["CORROBORATES"].startswith("within what their qualifiers allow: ")


def test_a_toll_rising_on_a_later_date_is_a_trajectory(store: GraphStore, gazetteer: Gazetteer) -> None:
    load(
        store,
        gazetteer,
        extraction("article/a", [toll(745, date(2025, 3, 8))]),
        extraction("article/b", [toll(973, date(2025, 3, 10))]),
        extraction("article/c", [toll(830, date(2025, 3, 9))]),
        extraction("article/d", [toll(830, date(2025, 3, 9))]),
        extraction("article/e", [toll(700, date(2025, 3, 9))]),  # fewer sources than 830 on that day
    )
    relations = agreement(store)
    assert (
        "745 alawites people (as of 2025-03-08)",
        "UPDATES",
        "830 alawites people (as of 2025-03-09)",
    ) in relations
    assert (
        "830 alawites people (as of 2025-03-09)",
        "UPDATES",
        "973 alawites people (as of 2025-03-10)",
    ) in relations
    assert (
        "745 alawites people (as of 2025-03-08)",
        "UPDATES",
        "973 alawites people (as of 2025-03-10)",
    ) not in relations
    assert len([r for r in relations if r[1] == "UPDATES"]) == 2


def test_blaming_different_sides_contradicts_and_a_denial_answers_the_blame(
    store: GraphStore, gazetteer: Gazetteer
) -> None:
    load(
        store,
        gazetteer,
        extraction("article/a", [blame("faction/hts")]),
        extraction("article/b", [blame("person/ahmed-al-sharaa")]),  # the same side as HTS
        extraction("article/c", [blame("faction/assad-former-intelligence-forces")]),
        extraction("article/d", [denial("government/syrian-transitional-government")]),
    )
    sizes = groups(store)
    assert sizes["blame: syrian-transitional-government"] == 2
    assert sizes["blame: assad-regime"] == 1
    relations = agreement(store)
    contradicting = {frozenset((a, b)) for a, kind, b in relations if kind == "CONTRADICTS"}
    assert frozenset(("blame: syrian-transitional-government", "blame: assad-regime")) in contradicting
    assert (
        frozenset(("blame: syrian-transitional-government", "denial by syrian-transitional-government"))
        in contradicting
    )
    assert frozenset(("blame: assad-regime", "denial by syrian-transitional-government")) not in contradicting


def test_reconcile_is_idempotent_and_replacing_an_article_cleans_up(store: GraphStore, gazetteer: Gazetteer) -> None:
    first = extraction("article/a", [toll(250, date(2025, 3, 8))])
    second = extraction("article/b", [toll(601, date(2025, 3, 8), claimant="outlet/reuters")])
    load(store, gazetteer, first, second)
    topics = topics_of(to_batch(first, gazetteer))
    assert not reconcile(store, topics).changed
    assert len(agreement(store)) == 1

    corrected = extraction("article/b", [toll(250, date(2025, 3, 8))])
    load(store, gazetteer, corrected)
    assert groups(store) == {"250 alawites people (as of 2025-03-08)": 2}
    assert agreement(store) == set()


def test_vague_small_and_far_apart_counts_are_not_compared(store: GraphStore, gazetteer: Gazetteer) -> None:
    hundreds = toll(200, date(2025, 3, 8))
    hundreds.qualifier = "vague"
    load(
        store,
        gazetteer,
        extraction("article/a", [toll(745, date(2025, 3, 8))]),
        extraction("article/b", [hundreds]),  # "hundreds": neither confirms nor contradicts 745
        extraction("article/c", [toll(4, date(2025, 3, 8))]),  # a family, not the event's toll
        extraction("article/d", [toll(3, date(2025, 3, 8))]),
        extraction("article/e", [toll(70, date(2025, 3, 8))]),  # over 5x apart from 745: another incident
    )
    assert len(groups(store)) == 5
    assert agreement(store) == set()


def exact_toll(value: int, claimant: str, start: int = 0, place: str | None = None) -> ClaimRecord:
    """A toll given as an exact count, at ``start`` in its article (several per article), optionally placed."""
    claim = toll(value, date(2025, 3, 8), claimant)
    claim.qualifier, claim.start, claim.end = "exact", start, start + len(claim.text)
    claim.place_ids = [place] if place else []
    return claim


def test_one_article_s_own_figures_are_parts_not_rivals(store: GraphStore, gazetteer: Gazetteer) -> None:
    # "52 deaths at one hospital, 2 at another" and the ministry's "54 killed": parts that add up to the total;
    # 30 and 45 from the same source in the same article are two places, not a contradiction.
    claims = [exact_toll(v, SOHR, start=i * 100) for i, v in enumerate((52, 2, 54, 30, 45))]
    load(store, gazetteer, extraction("article/a", claims))
    relations = agreement(store)
    assert ("52 alawites people (as of 2025-03-08)", "CORROBORATES", "54 alawites people (as of 2025-03-08)") in (
        relations
    )
    assert not [r for r in relations if r[1] == "CONTRADICTS"], relations


def test_one_source_s_figures_on_one_day_are_parts_but_a_later_one_updates(
    store: GraphStore, gazetteer: Gazetteer
) -> None:
    load(
        store,
        gazetteer,
        # SOHR's two figures in one report: parts of what it counts (two places, two days), not rivals
        extraction("article/a", [exact_toll(250, SOHR), exact_toll(601, SOHR, start=100)]),
        extraction("article/c", [toll(200, date(2025, 3, 10))]),  # SOHR's revision, two days later
    )
    relations = agreement(store)
    assert not [r for r in relations if r[1] == "CONTRADICTS"], relations
    updates = [r for r in store.iter_rels() if r.type == "UPDATES"]
    assert len(updates) == 1
    assert updates[0].properties["reason"] == "a later figure revising it from the same source (organization/sohr)"


def test_two_exact_counts_agree_only_when_equal(store: GraphStore, gazetteer: Gazetteer) -> None:
    load(
        store,
        gazetteer,
        extraction("article/a", [exact_toll(1426, "government/syrian-transitional-government")]),
        extraction("article/b", [exact_toll(1479, "outlet/reuters")]),
    )
    assert {kind for _a, kind, _b in agreement(store)} == {"CONTRADICTS"}


def test_close_floors_from_two_sources_agree(store: GraphStore, gazetteer: Gazetteer) -> None:
    load(
        store,
        gazetteer,
        extraction("article/a", [toll(58, date(2025, 3, 8))]),
        extraction("article/b", [toll(50, date(2025, 3, 8), "outlet/reuters")]),
    )
    assert {kind for _a, kind, _b in agreement(store)} == {"CORROBORATES"}


def _topic(gazetteer: Gazetteer, claim: ClaimRecord, country: str | None = "location/country/SY") -> str:
    return claim_topic(claim, EventContext(community=None, country=country, published=date(2025, 3, 9)), gazetteer)


def test_civilians_and_people_are_one_topic_but_children_are_a_part(gazetteer: Gazetteer) -> None:
    civilians, people, children = (toll(400, date(2025, 3, 8)) for _ in range(3))
    people.victims, children.victims = "people", "children"
    assert _topic(gazetteer, civilians) == _topic(gazetteer, people) == "casualty|alawites:people|SY|2025-03"
    assert _topic(gazetteer, children) == "casualty|alawites:children|SY|2025-03"


def test_a_running_count_belongs_to_the_month_it_was_counted(gazetteer: Gazetteer) -> None:
    since_2011 = toll(221, date(2018, 7, 26))
    since_2011.date = date(2011, 1, 1)  # "221 … since the war began in 2011"
    assert _topic(gazetteer, since_2011).endswith("|2018-07")
    same_week = toll(221, date(2018, 7, 26))
    same_week.date = date(2018, 7, 24)  # "221 killed on Tuesday", counted on Thursday
    assert _topic(gazetteer, same_week).endswith("|2018-07")


def test_the_country_of_a_toll_is_that_of_its_places_not_the_article_s(gazetteer: Gazetteer) -> None:
    in_beirut = toll(12, date(2024, 9, 18))
    in_beirut.place_ids = ["location/geonames/276781"]  # Beirut, in an article that names Gaza most
    assert _topic(gazetteer, in_beirut, country="location/country/PS").split("|")[2] == "LB"
    unplaced = toll(12, date(2024, 9, 18))
    assert _topic(gazetteer, unplaced, country="location/country/PS").split("|")[2] == "PS"


# -- consistency with qualifiers, voices and event keys ----------------------------------------------------------


def qualified(value: int, qualifier: str, claimant: str, as_of: date = date(2025, 3, 8)) -> ClaimRecord:
    claim = toll(value, as_of, claimant)
    claim.qualifier = qualifier
    return claim


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        ((60, "about"), (56, "exact"), "CORROBORATES"),  # "about 60" allows 54–66
        ((40, "over"), (43, "exact"), "CORROBORATES"),  # "more than 40" fits 43
        ((10, "at_least"), (43, "exact"), "CONTRADICTS"),  # "at least 10" confirmed is not 43
        ((70, "at_least"), (82, "exact"), "CONTRADICTS"),
        ((600, "up_to"), (300, "about"), "CONTRADICTS"),  # "up to 600" allows 480–600
        ((220, "at_least"), (221, "exact"), "CORROBORATES"),
    ],
)
def test_figures_agree_within_what_their_qualifiers_allow(
    store: GraphStore, gazetteer: Gazetteer, first: tuple[int, str], second: tuple[int, str], kind: str
) -> None:
    load(
        store,
        gazetteer,
        extraction("article/a", [qualified(*first, claimant="organization/msf")]),
        extraction("article/b", [qualified(*second, claimant="outlet/reuters")]),
    )
    links = [r for r in store.iter_rels() if r.type in ("CORROBORATES", "CONTRADICTS", "UPDATES")]
    assert [r.type for r in links] == [kind]
    assert links[0].properties["reason"]


def test_a_source_s_later_figure_in_another_outlet_updates_it(store: GraphStore, gazetteer: Gazetteer) -> None:
    un = "organization/un"
    load(
        store,
        gazetteer,
        extraction("article/a", [qualified(100, "over", un, date(2025, 4, 12))]),
        extraction("article/b", [qualified(400, "over", un, date(2025, 4, 14))]),
    )
    (link,) = [r for r in store.iter_rels() if r.type in ("CORROBORATES", "CONTRADICTS", "UPDATES")]
    assert link.type == "UPDATES"
    assert link.properties["reason"] == f"a later, higher figure from the same source ({un})"


def test_a_part_of_a_breakdown_is_linked_to_its_total_only(store: GraphStore, gazetteer: Gazetteer) -> None:
    # "52 deaths at one hospital and 2 at another", the ministry's 54; another outlet's 50 is a rival of the 54,
    # not of the 52 that is only a part of it
    parts = [exact_toll(v, SOHR, start=i * 100) for i, v in enumerate((52, 2, 54))]
    load(store, gazetteer, extraction("article/a", parts), extraction("article/b", [exact_toll(50, "outlet/reuters")]))
    relations = agreement(store)
    assert ("52 alawites people (as of 2025-03-08)", "CORROBORATES", "54 alawites people (as of 2025-03-08)") in (
        relations
    )
    assert not [
        r for r in relations if "52 alawites people (as of 2025-03-08)" in (r[0], r[2]) and r[1] != "CORROBORATES"
    ]
    assert {frozenset((a, b)) for a, kind, b in relations if kind == "CONTRADICTS"} == {
        frozenset(("50 alawites people (as of 2025-03-08)", "54 alawites people (as of 2025-03-08)"))
    }


def test_one_article_s_civilians_are_among_its_people(store: GraphStore, gazetteer: Gazetteer) -> None:
    people = exact_toll(221, "outlet/the-new-arab")
    people.victims = "people"
    civilians = exact_toll(127, SOHR, start=100)  # "… while the Observatory reported 127 civilians killed"
    load(store, gazetteer, extraction("article/a", [people, civilians]))
    assert agreement(store) == set()


def test_undated_figures_from_different_articles_are_not_compared(store: GraphStore, gazetteer: Gazetteer) -> None:
    first, second = exact_toll(75, SOHR), exact_toll(117, "outlet/reuters")
    for claim in (first, second):
        claim.as_of = None
    undated = [
        Extraction(article=Article(id=f"article/{i}", text=c.text, source="test"), claims=[c])
        for i, c in enumerate((first, second))
    ]
    load(store, gazetteer, *undated)
    assert len(groups(store)) == 2
    assert agreement(store) == set()


def test_a_town_s_figure_and_its_province_s_are_one_event(store: GraphStore, gazetteer: Gazetteer) -> None:
    # one article: "at least 58 killed in Idlib province" (a monitor) and "more than 50 in Khan Sheikhoun" (a doctor)
    province = toll(58, date(2017, 4, 4), claimant="organization/sohr")
    town = toll(50, date(2017, 4, 4), claimant="organization/msf")
    town.qualifier, town.start, town.end = "over", 100, 100 + len(town.text)
    province.place_ids = ["location/sy/SY07"]
    town.place_ids = ["location/sy/khan-shaykhun"]
    load(store, gazetteer, extraction("article/a", [province, town]))
    assert {kind for _a, kind, _b in agreement(store)} == {"CORROBORATES"}


def _casualties(text: str) -> list[ClaimRecord]:
    article = Article(id="t", text=text, published=date(2025, 9, 10), source="test")
    return [claim for claim in extract(article, Gazetteer.load()).claims if claim.kind == "casualty"]


def test_event_keys_from_the_text() -> None:
    (said,) = _casualties("The United Nations said on Saturday that more than 100 people were killed in the camp.")
    assert said.as_of == date(2025, 9, 6)  # the day the source gave its figure, not the day of the report
    (alone,) = _casualties("Fighters killed 132 people on Tuesday alone, the monitor said.")
    assert (alone.scope, alone.as_of) == ("one_day", date(2025, 9, 9))
    context = EventContext(community=None, country="location/country/SY", published=date(2025, 9, 10))
    assert claim_topic(alone, context, Gazetteer.load()).endswith("|2025-09-09")
    updated, earlier = _casualties("The toll was updated to 221 from an earlier figure of 150 killed.")
    assert (updated.value, updated.scope, earlier.value, earlier.scope) == (221, None, 150, "earlier")
    main, other = _casualties(
        "The raid killed 60 people in the town. Later, a second attack in a nearby village left at least 18 people dead."
    )
    assert (main.scope, other.scope) == (None, "other_incident")
    assert claim_topic(main, context, Gazetteer.load()) != claim_topic(other, context, Gazetteer.load())


def test_a_part_of_a_breakdown_is_kept_apart_from_the_totals() -> None:
    total, part = _casualties("The strike killed 40 people, including 12 in the market, officials said.")
    assert (total.scope, part.value, part.scope) == (None, 12, "part")
    site, hospital = _casualties("The governor said 38 people died at the site and another 12 in hospital.")
    assert (site.value, site.scope, hospital.value, hospital.scope) == (38, "part", 12, "part")
    # The words that add a count are one cue (claim_context.ADDITIVE_WORDS), whichever of them the writer chose.
    for words in ("a further", "an additional"):
        first, added = _casualties(f"The governor said 38 people died at the site and {words} 12 in hospital.")
        assert (first.scope, added.value, added.scope) == ("part", 12, "part"), words


def test_a_flagged_part_is_no_rival(store: GraphStore, gazetteer: Gazetteer) -> None:
    part = exact_toll(38, SOHR)
    part.scope = "part"  # "38 died at the site and another 12 in hospital"
    load(store, gazetteer, extraction("article/a", [part]), extraction("article/b", [exact_toll(50, "outlet/reuters")]))
    assert agreement(store) == set()
    assert "38 (a part) alawites people (as of 2025-03-08)" in groups(store)


def test_a_replaced_figure_leads_only_to_the_one_told_with_it(store: GraphStore, gazetteer: Gazetteer) -> None:
    # "At least 220 killed" in the first sentence; "updated to 221 … from an earlier figure of 150" in the third
    headline, updated, earlier = (exact_toll(v, SOHR, start=i * 100) for i, v in enumerate((220, 221, 150)))
    headline.sentence = Sentence(0, 60)
    updated.sentence = earlier.sentence = Sentence(200, 300)
    earlier.scope = "earlier"
    load(store, gazetteer, extraction("article/a", [headline, updated, earlier]))
    relations = agreement(store)
    assert (
        "150 alawites people (before 2025-03-08)",
        "UPDATES",
        "221 alawites people (as of 2025-03-08)",
    ) in relations
    assert not [r for r in relations if "150 alawites people (before 2025-03-08)" in r and "220" in r[0] + r[2]]


def test_a_place_the_gazetteer_does_not_know_is_not_told_apart() -> None:
    from loaders.comparison import Voices, _different_places

    def voice(*places: str) -> Voices:
        return Voices(articles={"article/a"}, places=set(places), areas=set(places))

    # "17 in Donetsk", "38 in Kramatorsk": two known places of one article are two events
    assert _different_places(voice("location/geonames/709717"), voice("location/geonames/704508"))
    # "about 300 executed in Moura" (not in the gazetteer) and the ministry's 203 in Mali: may be one event
    assert not _different_places(voice("location/~moura"), voice("location/country/ML"))
    # "the northwestern province of Idlib" and Khan Sheikhoun, a town of that province
    town = Voices(articles={"article/a"}, places={"location/sy/khan-shaykhun"})
    town.areas = {"location/sy/khan-shaykhun", "location/sy/SY0703", "location/sy/SY07", "location/country/SY"}
    assert not _different_places(voice("location/part/north-west/sy/SY07"), town)


def test_a_figure_repeated_later_by_another_source_corroborates(store: GraphStore, gazetteer: Gazetteer) -> None:
    # The day's best-attested 300 leads to the next day's 340 (a trajectory); besides, another source's later
    # recap of the 340 agrees with the 340 told the day before.
    load(
        store,
        gazetteer,
        extraction("article/a", [exact_toll(300, SOHR)]),
        extraction("article/b", [exact_toll(300, "outlet/reuters")]),
        extraction("article/c", [exact_toll(340, "organization/un")]),
        extraction("article/d", [qualified(340, "at_least", "outlet/ap", date(2025, 3, 10))]),
    )
    corroborating = {frozenset((a, b)) for a, kind, b in agreement(store) if kind == "CORROBORATES"}
    assert corroborating == {
        frozenset(("340 alawites people (as of 2025-03-08)", "340 alawites people (as of 2025-03-10)"))
    }


def test_parts_that_add_up_within_the_total_s_qualifier(store: GraphStore, gazetteer: Gazetteer) -> None:
    # "we've retrieved 2,000 bodies, and another 900 are in morgues" of "nearly 3,000 dead"
    parts = [exact_toll(2000, SOHR), exact_toll(900, SOHR, start=100)]
    for part in parts:
        part.scope = "part"
    total = qualified(3000, "about", SOHR, date(2025, 3, 8))
    total.start, total.end = 200, 200 + len(total.text)
    load(store, gazetteer, extraction("article/a", [*parts, total]))
    linked = {(a.split(" ")[0], kind, b.split(" ")[0]) for a, kind, b in agreement(store)}
    assert {("2,000", "CORROBORATES", "3,000"), ("900", "CORROBORATES", "3,000")} <= linked
    # unmarked figures that happen to fall within a qualifier's span are not taken for parts
    store.clear()
    load(store, gazetteer, extraction("article/b", [exact_toll(2000, SOHR), exact_toll(900, SOHR, start=100), total]))
    assert not {(a, b) for a, kind, b in agreement(store) if kind == "CORROBORATES"}
