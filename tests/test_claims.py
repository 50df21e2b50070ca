"""Claims: number phrases, casualty counts tied to killing cues, blame and denials, on short texts."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from loaders.claims import find_counts, parse_number
from loaders.extract import extract
from loaders.gazetteer import Gazetteer
from loaders.records import Article, ClaimRecord
from loaders.sources import is_fragment

PUBLISHED = date(2025, 3, 10)


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def claims(text: str, kind: str | None = None) -> list[ClaimRecord]:
    found = extract(Article(id="t", text=text, published=PUBLISHED), gazetteer()).claims
    for claim in found:
        assert text[claim.start : claim.end] == claim.text
    return [c for c in found if kind is None or c.kind == kind]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1,300", 1300),
        ("1 300", 1300),
        ("1300", 1300),
        ("twenty-five", 25),
        ("two hundred", 200),
        ("three thousand", 3000),
        ("1.5 million", 1_500_000),
        ("four", 4),
    ],
)
def test_parse_number(written: str, value: int) -> None:
    assert parse_number(written) == value


@pytest.mark.parametrize(
    ("text", "value", "value_max", "qualifier"),
    [
        ("at least 745 people", 745, None, "at_least"),
        ("over 1,300 people", 1300, None, "over"),
        ("more than 70 dead", 70, None, "over"),
        ("nearly 2,000 people", 2000, None, "about"),
        ("between 5,000-40,000 people", 5000, 40000, "range"),
        ("up to 50 people", 50, None, "up_to"),
        ("hundreds of civilians", 200, None, "vague"),
        ("a dozen people", 12, None, "about"),
        ("tens of thousands of people", 20000, None, "vague"),
        ("Four civilians", 4, None, "exact"),
    ],
)
def test_find_counts(text: str, value: int, value_max: int | None, qualifier: str) -> None:
    counts = find_counts(text)
    assert counts, text
    count = counts[0]
    assert (count.value, count.value_max, count.qualifier) == (value, value_max, qualifier)
    assert text[count.start : count.end] == count.text


@pytest.mark.parametrize(
    ("text", "value", "victims"),
    [
        ("The Observatory said 745 unarmed Alawite civilians have been killed.", 745, "civilians"),
        ("Initial tolls estimated over 70 dead in street clashes.", 70, "people"),
        ("Gunmen killed 25 soldiers in Aleppo on Monday.", 25, "security_forces"),
        ("A suicide bomber kills 4 in the town.", 4, "people"),
        ("The death toll from the massacres against Alawite civilians has risen to 745.", 745, "civilians"),
        ("Photos showed a mass burial of 12 victims in the village.", 12, "people"),
        ("The militants massacred hundreds of ethnic Alawites.", 200, "alawites"),
        ("The security forces were ambushed, leaving 13 of them dead.", 13, "security_forces"),
        ("Hundreds of civilians died in a sarin gas attack.", 200, "civilians"),
        ("A blast led to the killing of one person and the injury of 40 others.", 1, "people"),
        ("The rebels killed 1300 people in the city", 1300, "people"),  # punctuation stripped, as in FA-KES
        ("Her three brothers had been killed.", 3, "people"),
        (
            "An air strike hit a market in Idlib. Among the dead were 12 children, the civil defence said.",
            12,
            "children",
        ),
        ("Shelling hit Aleppo on Monday. Among the dead were 12 civilians.", 12, "civilians"),
        ("Among those killed were 40 civilians.", 40, "civilians"),
        ("The dead included 9 fighters.", 9, "fighters"),
        # the toll's own words name the attackers after "by": they are not the victims
        ("The death toll from an attack on a church by Islamic State-backed rebels has risen to 34.", 34, "people"),
        ("The death toll among civilians from shelling by the rebels has risen to 34.", 34, "civilians"),
    ],
)
def test_casualty_counts(text: str, value: int, victims: str) -> None:
    found = claims(text, "casualty")
    assert [(c.value, c.victims) for c in found] == [(value, victims)]


def test_a_list_shares_the_cue_and_breakdowns_inherit() -> None:
    found = claims(
        "SOHR reported that at least 745 unarmed Alawite civilians have been killed, along with 150 armed Alawites "
        "and 125 members of the security forces."
    )
    assert [(c.value, c.victims, c.claimant_id) for c in found] == [
        (745, "civilians", "organization/sohr"),
        (150, "fighters", "organization/sohr"),
        (125, "security_forces", "organization/sohr"),
    ]
    found = claims(
        "SOHR reported on Sunday that massacres had killed over 1,300 people as of Sunday. "
        "Of those, the group identified 830 people as civilians."
    )
    assert [(c.value, c.victims, c.as_of) for c in found] == [
        (1300, "people", date(2025, 3, 9)),
        (830, "civilians", date(2025, 3, 9)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Assad family ruled Syria from 1971-2024 and makes up 12% of the population.",
        "An estimated 700,000-800,000 Druze live in Syria.",
        "Israel sent forces into the 235 sq km buffer zone.",
        "The dismissal of 170,000 soldiers from the security forces since December.",
        "Nearly 2,000 Alawites have taken refuge at the base.",
        "Forces detained a 20-year-old man just 20 kilometers from the capital.",
        "Her younger son was a 10th-grade student; they gave him 3 months.",
        "Rescue teams evacuated dozens of women from the building.",
    ],
)
def test_numbers_that_are_not_casualties(text: str) -> None:
    assert claims(text, "casualty") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Six people were killed and 30 others wounded.", [(6, "killed"), (30, "injured")]),
        ("The regime forces also abducted dozens of women from the community.", [(24, "detained")]),
        ("There were 19 injuries and 70 deaths.", [(19, "injured"), (70, "killed")]),
        ("The attack killed 53 prisoners and injured 75.", [(53, "killed"), (75, "injured")]),
        ("Shelling killed 14 people and injured 108 others.", [(14, "killed"), (108, "injured")]),
        ("At least 20 people are still missing after the raid.", [(20, "missing")]),
        ("The fighting displaced 5,000 people last week.", [(5000, "displaced")]),
        # A count added to the one before it shares its kind.
        ("He said 38 people had died at the scene and another 12 in hospital.", [(38, "killed"), (12, "killed")]),
        ("We have recovered 300 bodies, and another 90 are in the morgue.", [(300, "killed"), (90, "killed")]),
        ("He said 38 people had died at the scene and an additional 12 in hospital.", [(38, "killed"), (12, "killed")]),
        # "and injuries to …" starts a new phrase; "injuries to N" counts the injured.
        (
            "The blasts caused the deaths of at least two guards and injuries to more than 270 people.",
            [(2, "killed"), (270, "injured")],
        ),
        ("Officials said 20 patients were in critical condition.", [(20, "injured")]),
        ("Four medics were also among the casualties.", [(4, "killed")]),
        ("It includes 10 aid workers from a local charity, who were killed at a clinic.", [(10, "killed")]),
        ("At least 75 IS militants were killed in the attacks.", [(75, "killed")]),
        # Dots of an abbreviation do not end the toll's phrase.
        ("The death toll from U.S. strikes on the port has increased to 74.", [(74, "killed")]),
        ("The number of people who died at the hospital had reached 500.", [(500, "killed")]),
    ],
)
def test_casualty_kinds(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(c.value, c.harm) for c in claims(text, "casualty")] == expected


def test_injured_and_killed_are_never_one_topic() -> None:
    killed, injured = claims("Six people were killed and 30 others wounded.", "casualty")
    assert killed.topic != injured.topic


def test_dates_of_tolls() -> None:
    (day,) = claims("At least 973 Alawite civilians were slaughtered on 10 March alone.", "casualty")
    assert (day.date, day.as_of, day.scope) == (date(2025, 3, 10), date(2025, 3, 10), "one_day")  # that day's count
    (running,) = claims("At least 250 Alawites were executed since the clashes began Thursday.", "casualty")
    assert (running.date, running.as_of) == (date(2025, 3, 6), PUBLISHED)


@pytest.mark.parametrize(
    ("text", "blamed"),
    [
        ("At least 250 Alawites were executed by HTS forces since Thursday.", "faction/hts"),
        (
            "Islamists aligned with Syria’s interim government massacred hundreds of ethnic Alawites.",
            "government/syrian-transitional-government",
        ),
        ("Reports indicate that the massacres were carried out by Assad loyalists.", "faction/assad-regime-remnants"),
        ("Alawites were slaughtered at the hands of jihadists.", "faction/jihadists"),
        ("Last week’s HTS massacres exposed the sectarian hatred.", "faction/hts"),
        ("Syrian government forces shelled the town of Houla, killing 20.", "faction/syrian-arab-army"),
        ("An Israeli airstrike hit the hospital, killing 12 people.", "government/israel"),
        ("Russian airstrikes killed 34 civilians in Deir Ezzor.", "faction/russian-armed-forces"),
        ("Twelve people were killed in air strikes carried out by Russian warplanes.", "faction/russian-armed-forces"),
        ("The Islamic State group claimed responsibility for the bombing that killed 30.", "faction/isis"),
        ("Activists said HTS fighters were responsible for the killing of 40 villagers.", "faction/hts"),
        # the subject of a violence verb, and one said to be implicated
        ("Witnesses said Israeli troops fired upon the crowd, killing 100 people.", "faction/idf"),
        ("Witnesses said the Arakan Army has been implicated in the attack that killed 20.", "faction/~arakan-army"),
        # a generic phrase names the article's own actor, not one of a country it never names
        (
            "Sudan's war went on. A monitor accused the army of killing 20 civilians in Darfur.",
            "faction/sudan-armed-forces",
        ),
        ("Myanmar rebels said the military shelled the camp, killing 20 people.", "faction/myanmar-armed-forces"),
        # coordinated attackers, and "regime" in a story about one country
        ("Russian and regime air strikes killed 47 people in eastern Syria.", "government/russia"),
        ("Russian and regime air strikes killed 47 people in eastern Syria.", "government/assad-regime"),
        ("Seven children were killed in regime shelling outside Damascus.", "government/assad-regime"),
        ("Regime shelling killed 31 people in Aleppo on Monday.", "government/assad-regime"),
        # a count is the object of an active verb, not where or when it happened
        ("The Syrian army has killed at least 100 fighters in Deir Ezzor.", "faction/syrian-arab-army"),
        # more verbs of attack, and their agents in the passive
        ("The Syrian army ambushed a convoy on Friday, killing 15 fighters.", "faction/syrian-arab-army"),
        ("The Assad regime fired rockets on the suburb, killing 40 people.", "government/assad-regime"),
        ("Russian jets pounded the town, killing 12 people.", "faction/russian-armed-forces"),
        (
            "Twelve civilians were killed in an airstrike of the US-led anti-terror coalition.",
            "faction/us-led-coalition",
        ),
    ],
)
def test_blame(text: str, blamed: str) -> None:
    found = claims(text, "blame")
    assert any(blamed in claim.blamed_ids for claim in found), found


def test_possessive_pronoun_culprit_is_the_last_person_named() -> None:
    (claim,) = claims("Ahmed al-Sharaa spoke on Sunday. The massacre of Alawites by his cadres went on.", "blame")
    assert claim.blamed_ids == ["person/ahmed-al-sharaa"]


def test_victims_are_not_culprits() -> None:
    assert claims("The Alawite massacres set a dangerous precedent.", "blame") == []
    assert claims("Entire families of civilians were killed in their homes.", "blame") == []


def test_a_claim_of_responsibility_is_the_side_s_own_claim() -> None:
    (claim,) = claims("The Islamic State group claimed responsibility for the bombing that killed 30.", "blame")
    assert claim.claimant_id == claim.blamed_ids[0] == "faction/isis"


def test_whoever_accuses_makes_the_blame_claim() -> None:
    text = "The Syrian Observatory for Human Rights accused HTS fighters of killing 40 villagers."
    (claim,) = claims(text, "blame")
    assert (claim.blamed_ids, claim.claimant_id) == (["faction/hts"], "organization/sohr")


def test_a_speaker_claiming_responsibility_is_blamed() -> None:
    (claim,) = claims("Russia has claimed responsibility for a missile strike in Sumy that killed 30 people.", "blame")
    assert claim.blamed_ids == [claim.claimant_id] == ["government/russia"]


def test_a_side_admitting_an_attack_is_blamed_by_itself() -> None:
    text = "On Thursday, the Saudi-led coalition admitted to having hit the port city of Hodeidah, where 12 died."
    (claim,) = claims(text, "blame")
    assert claim.blamed_ids == [claim.claimant_id] == ["faction/~saudi-led-coalition"]


def test_a_led_coalition_is_not_its_leader() -> None:
    text = (
        "Twelve civilians were killed in airstrikes by the Saudi-led coalition. The charity accused the coalition "
        "of bombing its clinics."
    )
    assert [c.blamed_ids for c in claims(text, "blame")] == [["faction/~saudi-led-coalition"]] * 2


@pytest.mark.parametrize(
    ("text", "blamed", "claimant_id"),
    [
        # "X used … in the attack", "X continued to bomb", a cleft "it was X that fired"
        (
            "Russia said Ukraine used US-supplied rocket launchers in the attack on the prison that killed 53.",
            "government/ukraine",
            "government/russia",
        ),
        (
            "Ukrainian officials said Russia continued to bomb civilian targets, killing 5.",
            "government/russia",
            "government/ukraine",
        ),
        (
            "The Rapid Support Forces said it was Sudan's army that fired into the market, killing 20.",
            "faction/sudan-armed-forces",
            "faction/~rapid-support-forces",
        ),
        # a second verb shares the first one's subject; a cleft's "that" is not the verb's
        (
            "The Rapid Support Forces, however, have denied responsibility and claim it was Sudan's army that fired "
            "into the market, killing 20.",
            "faction/sudan-armed-forces",
            "faction/~rapid-support-forces",
        ),
        # "the NGO" is the organisation named before, not the gazetteer's generic NGO
        (
            "The charity Human Rights Watch documented the war. The NGO accuses the Syrian army of killing 40 "
            "villagers.",
            "faction/syrian-arab-army",
            "organization/human-rights-watch",
        ),
        # an object pronoun is never its own clause's subject
        (
            "The Rapid Support Forces control nearly all of Darfur, where the United States has accused them of "
            "committing genocide.",
            "faction/~rapid-support-forces",
            "government/united-states",
        ),
    ],
)
def test_blame_and_its_claimant(text: str, blamed: str, claimant_id: str) -> None:
    found = [c for c in claims(text, "blame") if blamed in c.blamed_ids]
    assert found and found[0].claimant_id == claimant_id, claims(text, "blame")


def test_a_pronoun_is_resolved_from_where_it_stands() -> None:
    text = (
        "Volker Turk spoke in Geneva. He accused the Rapid Support Forces of killing 20 civilians. "
        "“We are investigating,” Rami Abdel Rahman said."
    )
    (claim,) = claims(text, "blame")
    assert claim.claimant_id == "person/volker-turk"


def test_the_target_of_a_bombardment_is_not_its_agent() -> None:
    assert claims("Eight people died in the bombardment of rebel-held districts of Aleppo.", "blame") == []
    assert claims("Eight people died in the bombardment of Alawite villages.", "blame") == []


def test_a_backer_is_not_the_culprit() -> None:
    assert (
        claims("Fifteen worshippers were killed in an attack on a church by Islamic State-backed rebels.", "blame")
        == []
    )


@pytest.mark.parametrize(
    ("text", "claimant_id"),
    [
        # an accusing verb after a quotation is inverted: the accuser follows it
        (
            "“The airstrikes by the Saudi-led coalition killed 20 people”, accuses Omar Haddad, head of the mission.",
            "person/~omar-haddad",
        ),
        # a relative pronoun stands for the phrase before it
        (
            "Human Rights Watch, which accuses HTS fighters of killing 40 villagers, published a report.",
            "organization/human-rights-watch",
        ),
    ],
)
def test_who_accuses(text: str, claimant_id: str) -> None:
    (claim,) = claims(text, "blame")
    assert claim.claimant_id == claimant_id


def test_the_group_is_the_armed_actor_last_named() -> None:
    text = "HTS fighters entered the village on Friday. Activists said the group killed 40 villagers."
    (claim,) = [c for c in claims(text, "blame") if c.blamed == "the group"]
    assert claim.blamed_ids == ["faction/hts"]


def test_no_blame_without_a_perpetrator_nor_for_a_target_or_a_speaker() -> None:
    assert claims("Regime shelling killed 31 people on Monday.", "blame") == []  # no country: whose regime?
    blamed = [
        c.blamed_ids for c in claims("Coalition jets carried out strikes on ISIS positions, killing 20 fighters.")
    ]
    assert not any("faction/isis" in ids for ids in blamed)
    found = claims("Regional Governor Oleh Syniehubov said the onslaught killed 5 people.", "blame")
    assert found == []


def test_who_holds_a_target_or_what_struck_is_no_culprit() -> None:
    assert claims("An airstrike on a prison held by the Houthi rebels killed 70 people.", "blame") == []


def test_an_attack_with_no_casualty_is_no_blame() -> None:
    assert claims("An Israeli airstrike hit an empty warehouse.", "blame") == []


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "The interim HTS government of Syria has not taken responsibility for the massacres.",
            "government/syrian-transitional-government",
        ),
        ("SANA also dismissed much of the international coverage as “misinformation.”", "outlet/sana"),
        ("The Syrian government has always denied responsibility for that attack.", "government/syria"),
        # the speaker denies in the words reported or quoted
        ("Russia said allegations of a chemical attack “were staged”.", "government/russia"),
        ("Army spokesman Nabil Abdallah said the army was not responsible for the blast.", "person/~nabil-abdallah"),
        ("Army spokesman Nabil Abdallah said the army did not target civilians.", "person/~nabil-abdallah"),
        ("Army spokesman Nabil Abdallah said the commanders never ordered the killings.", "person/~nabil-abdallah"),
        ("“False claims such as this arise whenever we fight,” Hamas said.", "faction/hamas"),
        # "the group" is the one named earlier in the sentence; the denier of a relative clause is its subject
        (
            "The Arakan Army was blamed for the attack; however, the group has denied any involvement.",
            "faction/~arakan-army",
        ),
        ("The army accused Rwanda of arming the rebels, claims which Kigali refutes.", "government/rwanda"),
    ],
)
def test_denials(text: str, claimant: str) -> None:
    (claim,) = claims(text, "denial")
    assert claim.claimant_id == claimant


@pytest.mark.parametrize(
    "text",
    [
        "The army was not responsible for the blast.",  # the article's own account: nobody denies
        "Police said false claims about the raid spread online.",  # reported, "false claims" are news
        "The army did not target civilians.",  # the article's own account
    ],
)
def test_no_denial_without_a_denier(text: str) -> None:
    assert claims(text, "denial") == []


def test_among_the_dead_is_a_toll_with_exact_offsets() -> None:
    text = "An air strike hit a market in Idlib on Monday. Among the dead were 12 children, the civil defence said."
    [claim] = claims(text, "casualty")
    assert (claim.text, claim.value, claim.victims) == ("12 children", 12, "children")
    assert text[claim.start : claim.end] == "12 children"


def test_among_the_dead_only_counts_the_dead() -> None:
    assert claims("Among the wounded were 12 children.", "casualty") == []
    found = claims("Among the dead were 12 children, and 40 were wounded.", "casualty")
    assert [(c.value, c.victims, c.harm) for c in found] == [(12, "children", "killed"), (40, "people", "injured")]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "The strikes also wounded more than 60 people, said the Observatory, a British-based war monitoring group.",
            "organization/sohr",
        ),
        (
            "IS said its fighters carried out the attacks, while the Syrian Observatory for Human Rights reported "
            "127 civilians killed.",
            "organization/sohr",
        ),
        ("An investigation by Reuters documented the deaths of 1,479 Alawites.", "outlet/reuters"),
        ("Initially, the United Nations estimated that at least 200 people had died in the attack.", "organization/un"),
        ("The toll rose to over 300, as reported by the Syrian Observatory for Human Rights.", "organization/sohr"),
    ],
)
def test_the_source_a_sentence_names_is_the_claimant(text: str, claimant: str) -> None:
    (claim,) = claims(text, "casualty")
    assert claim.claimant_id == claimant


@pytest.mark.parametrize(
    ("text", "value", "claimant", "claimant_id"),
    [
        # An inverted "said X" after a clause reports that clause; the appositive after the name describes X.
        (
            "The attack caused around 60 deaths, said Col. Amadou Diallo, a local administrator of the district.",
            60,
            "Col. Amadou Diallo",
            "person/amadou-diallo",
        ),
        # A relative clause inside the subject does not start the clause of the speech verb.
        (
            "Rami Abdel Rahman, the head of the monitor that has been documenting the war, said: “The shelling has "
            "killed 20 civilians.”",
            20,
            "Rami Abdel Rahman",
            "person/rami-abdel-rahman",
        ),
        # "He" is the person the sentence before named, when no one has spoken since.
        (
            "Volker Turk described the attack as a “grave violation”. He said 30 civilians were killed.",
            30,
            "Volker Turk",
            "person/volker-turk",
        ),
        # "They" is the last plural speaker, a sentence or two back.
        (
            "Local officials reported heavy shelling overnight in the city. They also said the shelling had killed "
            "12 people.",
            12,
            "Local officials",
            None,
        ),
        # A role ("the governor of …") is the person the next sentence of the paragraph opens with.
        (
            "The governor of the northern region said the death toll had risen to 50. Omar Haddad said 38 people "
            "had died at the scene.",
            50,
            "The governor of the northern region",
            "person/~omar-haddad",
        ),
        # Reported speech stops at a sentence end with no space after it, and at "as reported by X".
        (
            "Israel disputed the claim, stating that many were crushed in the chaos.The toll rose to over 300, as "
            "reported by the Syrian Observatory for Human Rights.",
            300,
            "the Syrian Observatory for Human Rights",
            "organization/sohr",
        ),
        # "an update from X on Friday": the source is X.
        (
            "The toll rose to 74, according to an update from local health authorities on Friday.",
            74,
            "local health authorities",
            None,
        ),
        # A name set off by commas after a title is the speaker.
        (
            "The health minister, Omar Haddad, confirmed the deaths, with 200 people in critical condition.",
            200,
            "Omar Haddad",
            "person/~omar-haddad",
        ),
        # An accuser is not the source of the figure in a relative clause about the attack.
        ("Russia and Ukraine accused each other of shelling a prison that killed dozens of prisoners.", 24, None, None),
        # "the agency" is the outlet that spoke before it, not one named later.
        (
            "The strikes hit the port, according to Reuters. Five medics were also among the casualties, said the "
            "agency in an earlier report. Officials told AFP the port was closed.",
            5,
            "the agency",
            "outlet/reuters",
        ),
    ],
)
def test_claimant_from_attribution_scope(text: str, value: int, claimant: str, claimant_id: str | None) -> None:
    claim = next(c for c in claims(text, "casualty") if c.value == value)
    assert (claim.claimant, claim.claimant_id) == (claimant, claimant_id)


def test_an_announcement_in_the_passive_names_no_claimant() -> None:
    (claim,) = claims("On 4 March, it was announced that two soldiers were killed in an ambush.", "casualty")
    assert (claim.claimant, claim.claimant_id) == (None, None)


@pytest.mark.parametrize(
    "written", ["has been", "At least 30 children", "an update from health authorities on Friday", "in the south"]
)
def test_fragments_are_not_speakers(written: str) -> None:
    assert is_fragment(written)
    assert not is_fragment("the Syrian Observatory for Human Rights")


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "harm"),
    [
        # a death verb with "to death", or a verb that is a death by itself
        ('"Seventy people suffocated to death," said the head of the rescue service.', 70, "exact", "killed"),
        ("Police said 12 prisoners were beaten to death in the jail.", 12, "exact", "killed"),
        ("Rescuers said at least 40 migrants drowned off the coast.", 40, "at_least", "killed"),
        # a quoted verb or a quoted count
        ('The media centre said more than 75 people had "suffocated" in the attack.', 75, "over", "killed"),
        ('Lawyers said "hundreds of civilians" were killed in the strike.', 200, "vague", "killed"),
        # "N killings", "the number dead at N"
        ('The rights office "has verified 148 killings", a spokeswoman said.', 148, "exact", "killed"),
        ("A deleted tweet put the number dead at more than 150.", 150, "over", "killed"),
        # a qualifier after the number
        ("A European official put the toll at 50 or less.", 50, "up_to", "killed"),
        ("The fighting killed 100 or more people in the town.", 100, "at_least", "killed"),
        # the disappeared are missing
        ("The inquiry documented the disappearance of dozens of men in the villages.", 24, "vague", "missing"),
    ],
)
def test_casualty_figures_of_more_shapes(text: str, value: int, qualifier: str, harm: str) -> None:
    claim = next(c for c in claims(text, "casualty") if c.value == value)
    assert (claim.qualifier, claim.harm) == (qualifier, harm)


def test_no_toll_counts_places_where_killings_happened() -> None:
    text = "It documented the deaths of 1,479 people in 40 different locations where revenge killings occurred."
    assert [c.value for c in claims(text, "casualty")] == [1479]


def test_a_replaced_figure_owned_by_a_pronoun_is_its_owner_s() -> None:
    # "Its initial toll of 500 was cited by media outlets": the outlets repeat Hamas's figure, they do not give it.
    text = "Hamas maintains that 471 people were killed. Its initial toll of 500 was cited by outlets worldwide."
    by_value = {c.value: c for c in claims(text, "casualty")}
    assert by_value[500].claimant_id == by_value[471].claimant_id == "faction/hamas"


def test_humanitarian_personnel_are_not_the_armed_forces() -> None:
    (claim,) = claims("The UN said 10 humanitarian personnel were killed in Zamzam camp.", "casualty")
    assert claim.victims == "people"
    (soldiers,) = claims("The army said 10 military personnel were killed in the ambush.", "casualty")
    assert soldiers.victims == "security_forces"


def test_an_attack_of_a_place_by_an_actor_and_who_condemns_it() -> None:
    # "the shelling of <a long place phrase> by X": X is blamed; "It" opening the next sentence is the body the
    # sentence before opens with, and whoever condemns the attack makes the claim.
    text = (
        "The Coordination of Civil Democratic Forces condemned the violations against civilians. It condemned the "
        "artillery shelling of residential neighbourhoods in the El Thawrat area and the market by the Rapid "
        "Support Forces."
    )
    (claim,) = claims(text, "blame")
    assert claim.blamed_ids == ["faction/~rapid-support-forces"]
    assert claim.claimant_id == "faction/~coordination-of-civil-democratic-forces"
