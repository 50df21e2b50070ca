"""Place resolution beyond the gazetteer's automata: the world's small places (with their country as evidence),
and the parts of a place named by a compass word ("northern Gaza")."""

from __future__ import annotations

from datetime import date

import pytest

from loaders.extract import extract
from loaders.gazetteer import Gazetteer
from loaders.place_parts import RESOLVED_PART
from loaders.records import Article


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _places(gazetteer: Gazetteer, text: str) -> dict[str, str]:
    """Mentioned place ids by the text that named them."""
    extraction = extract(Article(id="t", text=text, published=date(2024, 5, 1)), gazetteer)
    return {m.alias: m.entity_id for m in extraction.mentions if m.entity_id.startswith("location/")}


def test_a_small_town_is_found_where_the_article_names_its_country(gazetteer: Gazetteer) -> None:
    text = "Shelling hit the town of Olenivka overnight, officials in Ukraine said."
    found = _places(gazetteer, text)
    assert found["Olenivka"] == "location/geonames/698614"  # the Olenivka of Donetsk oblast, the largest of three
    assert gazetteer.ancestors(found["Olenivka"])[-1] == "location/country/UA"


def test_a_small_town_of_another_country_stays_provisional(gazetteer: Gazetteer) -> None:
    found = _places(gazetteer, "Shelling hit the town of Olenivka overnight, officials in Lebanon said.")
    assert found["Olenivka"].startswith("location/~")  # no evidence for the Ukrainian town in a Lebanese story


def test_a_compass_word_names_a_part_of_the_place(gazetteer: Gazetteer) -> None:
    found = _places(gazetteer, "Fighting spread across north-eastern Nigeria and into southern Lebanon on Monday.")
    nigeria = gazetteer.get(found["north-eastern Nigeria"])
    assert nigeria is not None and nigeria.id == "location/part/north-east/country/NG"
    assert nigeria.properties["resolved_by"] == RESOLVED_PART and nigeria.properties["kind"] == "region"
    assert gazetteer.ancestors(nigeria.id) == ["location/country/NG"]
    centre = gazetteer.get("location/country/NG")
    assert centre is not None
    # Towards the north-east of the country's places, not at its centre.
    assert nigeria.properties["lat"] > centre.properties["lat"] and nigeria.properties["lon"] > centre.properties["lon"]
    assert found["southern Lebanon"] == "location/part/south/country/LB"  # the country, not its government


def test_a_city_s_suburbs_are_a_part_of_the_city(gazetteer: Gazetteer) -> None:
    found = _places(gazetteer, "Strikes hit Baghdad's western outskirts and the centre of Mosul.")
    part = gazetteer.get(found["Baghdad's western outskirts"])
    assert part is not None and part.name == "Baghdad's western outskirts"
    assert gazetteer.ancestors(part.id)[0] == "location/geonames/98182"  # LOCATED_IN Baghdad, at its point


def test_a_compass_word_inside_a_name_is_left_alone(gazetteer: Gazetteer) -> None:
    found = _places(gazetteer, "Aid reached North Kivu and South Sudan, and the West Bank.")
    assert not [place for place in found.values() if place.startswith("location/part/")]


def test_a_dateline_with_the_agency_and_a_colon_is_the_place(gazetteer: Gazetteer) -> None:
    found = _places(gazetteer, "Beirut (Reuters): A strike hit a market on Monday, witnesses said.")
    assert found["Beirut"] == "location/geonames/276781"  # the city, not the Lebanese government it stands for


def test_a_longer_name_of_the_same_country_wins_over_the_place_inside_it(gazetteer: Gazetteer) -> None:
    found = _places(gazetteer, "Troops fired near a roundabout in the western part of Gaza City on Thursday.")
    assert found == {"Gaza City": "location/geonames/281133"}  # the city, not the Strip named by its first word


def test_after_a_possessive_the_compass_word_says_where_the_place_lies(gazetteer: Gazetteer) -> None:
    found = _places(gazetteer, "The governor of Ukraine's eastern Donetsk region said 50 people were killed.")
    assert found["Donetsk region"] == "location/geonames/region/ua/donetsk"


def test_a_small_place_spelled_with_a_single_letter_for_a_double(gazetteer: Gazetteer) -> None:
    found = gazetteer.small_place("Um Kadadah", {"SD"})  # GeoNames: Umm Kaddadah, North Darfur
    assert found is not None and found.name == "Umm Kaddadah"
    assert gazetteer.ancestors(found.id) == ["location/geonames/region/sd/northern-darfur", "location/country/SD"]


def test_a_country_as_a_stretch_of_land_is_the_place(gazetteer: Gazetteer) -> None:
    found = _places(gazetteer, "Explosions struck Lebanon and parts of Syria, and much of Israel heard them.")
    assert found["Lebanon"] == "location/country/LB" and found["Israel"] == "location/country/IL"
    acting = extract(Article(id="t", text="Lebanon said the explosions were an attack."), gazetteer)
    assert [m.entity_id for m in acting.mentions] == ["government/lebanon"]  # the state acting stays the actor


def test_continents_are_places_with_a_point(gazetteer: Gazetteer) -> None:
    found = _places(gazetteer, "The group has spread across Africa and into Europe.")
    assert found == {"Africa": "location/continent/AF", "Europe": "location/continent/EU"}
    africa = gazetteer.get("location/continent/AF")
    assert africa is not None and africa.properties["kind"] == "continent" and "lat" in africa.properties
