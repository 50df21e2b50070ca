"""Actors of any crisis named the way news prose names them: bodies of a country or group, names of institutions
kept whole, titles and offices apart from the people who hold them. Texts written for these tests."""

from __future__ import annotations

import pytest

from loaders.entities import find_mentions
from loaders.gazetteer import Gazetteer
from loaders.records import Entity, Mention


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def found(text: str, gazetteer: Gazetteer) -> tuple[list[Mention], dict[str, Entity]]:
    mentions, entities = find_mentions(text, gazetteer)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.alias
    return mentions, entities


def by_alias(text: str, gazetteer: Gazetteer) -> dict[str, Entity]:
    mentions, entities = found(text, gazetteer)
    return {mention.alias: entities[mention.entity_id] for mention in mentions}


# -- bodies of a named country, place or group ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "body", "country"),
    [
        ("On Monday Kenya’s Interior Ministry ordered a curfew.", "Kenya’s Interior Ministry", "KE"),
        ("The Chadian health ministry counted the wounded.", "Chadian health ministry", "TD"),
        ("Officials said Peru's Ministry of Defence had sent troops.", "Peru's Ministry of Defence", "PE"),
        ("According to Hezbollah-run health authorities, four died.", "Hezbollah-run health authorities", None),
        ("Hamas health authorities gave a new figure.", "Hamas health authorities", None),
    ],
)
def test_a_ministry_or_authority_of_its_owner_is_one_body(
    text: str, body: str, country: str | None, gazetteer: Gazetteer
) -> None:
    names = by_alias(text, gazetteer)
    entity = names[body]
    assert entity.label == "Government" and entity.provisional
    assert entity.properties.get("country") == country
    assert not any(alias in body for alias in names if alias != body)  # no bare "Interior Ministry", no owner alone


def test_a_coalition_led_by_a_country_is_one_faction(gazetteer: Gazetteer) -> None:
    names = by_alias("Jets of the Emirati-led coalition struck the port.", gazetteer)
    assert names["Emirati-led coalition"].label == "Faction"


def test_no_owner_no_body(gazetteer: Gazetteer) -> None:
    """A ministry with no country or group named before it stays what it was; so does a person's ministry."""
    assert by_alias("The health ministry said nine people died.", gazetteer) == {}
    names = by_alias("Sources close to Vladimir Putin's defence ministry said so.", gazetteer)
    assert names["Vladimir Putin"].label == "Person"


# -- names of institutions kept whole -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("He was taken to the Homs National Hospital, where he died.", "Homs National Hospital", "Organization"),
        ("A doctor at Aleppo University Specialty Hospital said so.", "Aleppo University Specialty Hospital", None),
        ("She leads the National Renewal Party in the north.", "National Renewal Party", "Organization"),
        ("Staff of Kassala General Hospital were hurt.", "Kassala General Hospital", "Organization"),
        ("The Union of Relief Workers, a charity, told reporters.", "Union of Relief Workers", None),
    ],
)
def test_institution_names_are_kept_whole(text: str, name: str, label: str | None, gazetteer: Gazetteer) -> None:
    names = by_alias(text, gazetteer)
    assert name in names, names
    assert names[name].label != "Person" and names[name].label != "Location"
    if label:
        assert names[name].label == label
    assert not any(alias in name for alias in names if alias != name)  # not split into a place and a rest


# -- titles and offices are roles, not names --------------------------------------------------------------------
def test_hyphenated_ranks_are_not_part_of_a_name(gazetteer: Gazetteer) -> None:
    names = by_alias("Army spokesman Brig-Gen Kofi Mensah Adu denied it.", gazetteer)
    assert "Kofi Mensah Adu" in names and names["Kofi Mensah Adu"].label == "Person"


def test_an_office_before_a_name_is_the_holders_role(gazetteer: Gazetteer) -> None:
    names = by_alias("US President Barack Obama met them. Later the US President spoke.", gazetteer)
    assert names["Barack Obama"].label == "Person"
    mentions, entities = found("US President Barack Obama met them.", gazetteer)
    assert [entities[m.entity_id].name for m in mentions] == ["Barack Obama"]
    assert "US President" in names  # without a name after it, the office is still named


def test_a_kind_of_body_alone_is_no_alias() -> None:
    """Single words such as "Organization" are kinds of bodies; the world list keeps them as no actor's name."""
    gazetteer = Gazetteer.load()
    assert not [entry for entry in gazetteer.candidates("organization") if entry.label != "Location"]


# -- armed men of a people, irregulars of a state ---------------------------------------------------------------
def test_armed_men_of_a_people_or_irregulars_of_a_state_are_a_faction(gazetteer: Gazetteer) -> None:
    names = by_alias("Bedouin gunmen and suspected Chadian mercenaries raided the village.", gazetteer)
    assert names["Bedouin gunmen"].label == "Faction"
    assert names["Chadian mercenaries"].label == "Faction"
    assert names["Chadian mercenaries"].properties.get("country") == "TD"


def test_a_states_fighters_are_not_made_a_group(gazetteer: Gazetteer) -> None:
    """ "Russian fighters" may be its army or volunteers: no new group is made of them."""
    names = by_alias("Russian fighters crossed the river near Kherson.", gazetteer)
    assert "Russian fighters" not in names


# -- words for every country's government, datelines --------------------------------------------------------------
def test_every_countrys_words_name_only_the_main_countrys_actor(gazetteer: Gazetteer) -> None:
    """ "The authorities" in a story about Sudan that names Kenya once are Sudan's, or nobody's; never Kenya's."""
    text = (
        "Fighting in Khartoum and Omdurman spread to El Obeid, Sudan, while a Kenyan envoy watched. "
        "Residents said they were besieged by the authorities."
    )
    entity_id = first_alias_id(text, "authorities", gazetteer)
    assert entity_id is None or "kenya" not in entity_id


def first_alias_id(text: str, word: str, gazetteer: Gazetteer) -> str | None:
    mentions, _ = found(text, gazetteer)
    return next((mention.entity_id for mention in mentions if word in mention.alias), None)


def test_a_dateline_with_the_agency_and_a_colon_places_the_story(gazetteer: Gazetteer) -> None:
    text = "Beirut (Reuters): An explosion shook the port on Tuesday."
    assert first_alias_id(text, "Beirut", gazetteer) == first_alias_id("In Beirut it rained.", "Beirut", gazetteer)
    assert first_alias_id(text, "Beirut", gazetteer).startswith("location/")  # type: ignore[union-attr]


# -- what is no entity --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "A Grad-M rocket hit the depot.",
        "Both sides broke the Khartoum Declaration within days.",
        "The injured were taken to a Coptic Orthodox parish nearby.",
    ],
)
def test_models_declarations_and_religious_adjectives_are_no_entities(text: str, gazetteer: Gazetteer) -> None:
    _, entities = found(text, gazetteer)
    assert not [entity for entity in entities.values() if entity.provisional], entities


def test_a_rank_before_admiral_is_no_name(gazetteer: Gazetteer) -> None:
    names = by_alias("“We struck the launcher,” said Rear Admiral Tomas Vidal.", gazetteer)
    assert "Rear" not in names and names["Tomas Vidal"].label == "Person"
