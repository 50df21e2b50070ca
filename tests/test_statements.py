"""Statements: quotes and reported speech, with speakers, outlets and nested attribution, on short texts."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from loaders.extract import extract
from loaders.gazetteer import Gazetteer
from loaders.records import Article, StatementRecord

PUBLISHED = date(2025, 3, 10)  # a Monday


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def statements(text: str) -> list[StatementRecord]:
    found = extract(Article(id="t", text=text, published=PUBLISHED), gazetteer()).statements
    for statement in found:
        assert text[statement.start : statement.end] == statement.text
    return found


def only(text: str) -> StatementRecord:
    found = statements(text)
    assert len(found) == 1, found
    return found[0]


def test_quote_then_speaker_with_an_appositive() -> None:
    s = only("“The killing must cease immediately,” Volker Turk, the U.N. High Commissioner, said in a statement.")
    assert (s.kind, s.text, s.speaker_id) == ("quote", "The killing must cease immediately", "person/volker-turk")


def test_quote_then_speaker_with_an_appositive_and_no_closing_comma() -> None:
    text = (
        "“Abuses by armed groups are no justification for the slaughter of people in custody,” Corinne Dufka, "
        "Sahel director at HRW said. “The government is responsible for this atrocity, the worst in a decade.”"
    )
    first, second = statements(text)
    assert first.speaker == "Corinne Dufka" and first.kind == "quote"
    assert second.speaker_id == first.speaker_id  # the next quotation continues her words


def test_a_that_after_the_reported_clause_is_not_the_verbs() -> None:
    s = only("Western states said the Syrian government was responsible for that attack.")
    assert (s.speaker, s.text) == ("Western states", "the Syrian government was responsible for that attack")


def test_inverted_speaker_after_the_quote() -> None:
    s = only("“Foreign fighters joined the residents of Idlib,” said Rami Abdel Rahman, head of the Observatory.")
    assert s.speaker_id == "person/rami-abdel-rahman"


def test_speaker_before_a_colon_and_the_outlet_told() -> None:
    s = only("The interim president went on, telling Reuters: “We fought to defend the oppressed.”")
    assert s.kind == "quote" and s.outlet_id == "outlet/reuters"
    assert s.text == "We fought to defend the oppressed."


def test_pronoun_is_the_last_person_quoted() -> None:
    found = statements(
        "“We have to preserve national unity,” Sharaa said in Damascus. The crowd listened. "
        "“We can live together in peace,” he added."
    )
    assert [s.speaker_id for s in found] == ["person/ahmed-al-sharaa", "person/ahmed-al-sharaa"]


def test_a_quote_in_its_own_paragraph_continues_the_speaker() -> None:
    found = statements(
        "“You made an unforgivable mistake,” Sharaa said in a speech.\n“Lay down your weapons before it is too late.”"
    )
    assert [s.speaker_id for s in found] == ["person/ahmed-al-sharaa", "person/ahmed-al-sharaa"]


def test_reported_speech_with_that_and_a_date() -> None:
    s = only("The Syrian Observatory for Human Rights reported on Sunday that the clashes had spread beyond Latakia.")
    assert (s.kind, s.speaker_id, s.date) == ("reported", "organization/sohr", date(2025, 3, 9))
    assert s.text == "the clashes had spread beyond Latakia"
    assert "location/sy/latakia" in s.place_ids


@pytest.mark.parametrize(
    "text",
    [
        "According to the Syrian Observatory for Human Rights (SOHR), at least 973 civilians were killed.",
        "At least 973 civilians were killed, according to reports from the Syrian Observatory for Human Rights.",
        "At least 973 civilians were killed, the UK-based Syrian Observatory for Human Rights (SOHR) reported.",
    ],
)
def test_according_to_and_trailing_attribution(text: str) -> None:
    s = only(text)
    assert s.speaker_id == "organization/sohr"
    assert s.text == "at least 973 civilians were killed" or s.text == "At least 973 civilians were killed"


def test_nested_attribution_citing_and_quoted_by() -> None:
    s = only("SOHR, citing locals in Baniyas, said that drones and artillery shells swarmed over the town.")
    assert (s.speaker_id, s.via) == ("organization/sohr", "locals in Baniyas")
    s = only("Executions took place in coastal cities, according to Facebook accounts quoted by Abu Ali Express.")
    assert s.speaker_id == "outlet/abu-ali-express" and s.via == "Facebook accounts"
    assert s.outlet_id == "outlet/abu-ali-express"


def test_an_outlet_that_reports_is_speaker_and_outlet() -> None:
    s = only("The BBC reported on Sunday, citing eyewitnesses, that Alawites were killed in their own homes.")
    assert (s.speaker_id, s.outlet_id, s.via) == ("outlet/bbc", "outlet/bbc", "eyewitnesses")


def test_description_resolves_to_the_last_outlet() -> None:
    found = statements(
        "One source told The National that the men were taken away. "
        "“Photos showed a mass burial of twelve victims in the village,” the newspaper reported."
    )
    assert found[-1].speaker_id == "outlet/the-national"


@pytest.mark.parametrize(
    "text",
    [
        "The reports have not confirmed decisively who the perpetrators are.",  # negated: nothing asserted
        "Interim “president” Ahmed al-Sharaa issued remarks calling for calm.",  # a scare quote
        "Reports began surfacing on Thursday of attacks on the coast.",  # "reports" is a noun
        "No reports indicated that any party had claimed to overthrow the authority.",
    ],
)
def test_not_statements(text: str) -> None:
    assert statements(text) == []


def test_single_quotes_right_after_the_verb_are_quotes() -> None:
    s = only("The Saudis told Assad, ‘Stay away from Iran, we will give you what you want.’")
    assert (s.kind, s.text) == ("quote", "Stay away from Iran, we will give you what you want.")
    # a single-quoted name inside the clause is not a quotation (the announcement is reported speech)
    found = statements("Militants announced the formation of the ‘Military Council for the Liberation of Syria.’")
    assert [s.kind for s in found] == ["reported"]


def test_stripped_punctuation_quote_then_speaker() -> None:
    s = only('"Some cases appear to show signs of exposure to nerve agents" WHO said in a statement.')
    assert (s.kind, s.speaker_id) == ("quote", "organization/who")


@pytest.mark.parametrize(
    ("text", "speaker", "speaker_id"),
    [
        (
            "“The situation is dire,” said Staffan de Mistura, the UN envoy.",
            "Staffan de Mistura",
            "person/staffan-de-mistura",
        ),
        (
            "“We will rebuild,” said Asaad al-Shaibani, Syria's foreign minister.",
            "Asaad al-Shaibani",
            "person/asaad-al-shaibani",
        ),
        (
            "“Rescuers worked all night,” said Raed al-Saleh, head of the White Helmets.",
            "Raed al-Saleh",
            "person/raed-al-saleh",
        ),
    ],
)
def test_inverted_speaker_with_lower_case_particles(text: str, speaker: str, speaker_id: str) -> None:
    s = only(text)
    assert (s.kind, s.speaker, s.speaker_id) == ("quote", speaker, speaker_id)


def test_inverted_speaker_with_particles_not_in_the_gazetteer_is_a_provisional_person() -> None:
    text = "“Talks go on,” said Hans van der Berg, a Dutch diplomat."
    extraction = extract(Article(id="t", text=text, published=PUBLISHED), gazetteer())
    [s] = extraction.statements
    assert s.speaker == "Hans van der Berg"
    assert s.speaker_id is not None
    entity = extraction.entities[s.speaker_id]
    assert (entity.label, entity.provisional) == ("Person", True)


@pytest.mark.parametrize(
    ("text", "speaker", "speaker_id"),
    [
        # a coordinated subject: the first source named speaks; coordinated adjectives stay one speaker
        ("At least 58 people were killed, a war monitor and medical workers in the area said.", "a war monitor", None),
        ("Witnesses and Gazan health officials said 112 people were killed.", "Witnesses", None),
        ("Kurdish and Druze leaders said 30 people were killed.", "Kurdish and Druze leaders", "community/kurds"),
        # who a body is, not who formed it
        (
            "A committee of inquiry formed by the government of Ahmed al-Sharaa reported that 1,426 people died.",
            "A committee of inquiry",
            None,
        ),
        ("Hamas maintains that 471 people were killed.", "Hamas", "faction/hamas"),
    ],
)
def test_who_speaks_for_a_subject(text: str, speaker: str, speaker_id: str | None) -> None:
    s = only(text)
    assert (s.speaker, s.speaker_id) == (speaker, speaker_id)


def test_the_holder_of_a_title_is_the_person_named_with_it() -> None:
    found = statements(
        "Donetsk Governor Pavlo Kyrylenko visited the station. "
        "The governor of Ukraine's eastern Donetsk region said 50 people were killed."
    )
    assert [s.speaker_id for s in found] == ["person/~pavlo-kyrylenko"]
