"""A small hand-made graph in the shape the loaders write (the March 2025 coast massacres, simplified).

Offsets are computed from the article texts, so every span points at the words it names. Expected answers in
the query and API tests are read off this file by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.records import GraphBatch, NodeRecord, RelRecord

SOHR = "organization/sohr"
SHARAA = "person/ahmed-al-sharaa"
HTS = "faction/hts"
STG = "government/syrian-transitional-government"
REMNANTS = "faction/assad-remnants"
ALAWITES = "community/alawites"
RAMI = "person/rami-abdel-rahman"
HALA = "person/~hala-mansour"
TPS = "outlet/tps-il"
BREITBART = "outlet/breitbart"
CRADLE = "outlet/the-cradle"
BBC = "outlet/bbc"
SYRIA = "location/country/SY"
TARTOUS = "location/SY11"
BANIYAS = "location/SY1102"
LATTAKIA = "location/SY06"
JABLAH = "location/SY0602"
DAMASCUS = "location/SY01"

A1, A2, A3, A4 = (f"article/fixture_{n}" for n in (1, 2, 3, 4))

TEXTS = {
    A1: (
        "Massacres on the coast. The Syrian Observatory for Human Rights said at least 745 Alawite civilians were "
        "killed in Baniyas and nearby villages. SOHR blamed forces loyal to Ahmed al-Sharaa for the killings. "
        'Hala Mansour, citing locals in Baniyas, said "they went house to house".'
    ),
    A2: (
        "Coast killings. SOHR said 830 civilians were killed in Lattakia province. "
        'Abu Mohammad al-Julani said: "We will hold accountable anyone who harmed civilians." '
        "The BBC reported that HTS fighters were among the gunmen."
    ),
    A3: (
        "Toll rises. SOHR said on 10 March that 973 civilians were killed in Jablah and across the coast. "
        "The government dismissed much of the coverage as misinformation."
    ),
    A4: (
        "Another account. The government said the massacres were carried out by Assad remnants in Tartous. "
        "Rami Abdel Rahman of SOHR disputed that account."
    ),
}


def span(article: str, words: str, occurrence: int = 0) -> tuple[int, int]:
    """Offsets of ``words`` in an article's text (the n-th occurrence)."""
    text = TEXTS[article]
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def sentence(article: str, words: str) -> dict[str, Any]:
    """The sentence around ``words``: its offsets (the text is the article's, as the loader stores it)."""
    text = TEXTS[article]
    start, end = span(article, words)
    left = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
    right = text.find(". ", end)
    right = len(text) if right < 0 else right + 1
    return {"sentence_start": left, "sentence_end": right}


@dataclass
class Builder:
    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)

    def node(self, node_id: str, label: str, name: str, **props: Any) -> None:
        self.nodes.append(NodeRecord(node_id, label, {"name": name, **props}))

    def rel(self, source: str, rel_type: str, target: str, **props: Any) -> None:
        self.rels.append(RelRecord(source, rel_type, target, props))

    def mention(self, article: str, entity: str, alias: str, count: int = 1) -> None:
        start, end = span(article, alias)
        self.rel(article, "MENTIONS", entity, alias=alias, count=count, start=start, end=end)

    def claim(self, article: str, kind: str, words: str, claimant_id: str | None, **props: Any) -> str:
        start, end = span(article, words)
        key = article.removeprefix("article/")
        claim_id = f"claim/{key}/{kind}/{start}-{end}"
        self.node(
            claim_id, "Claim", words, article_id=article, kind=kind, text=words, start=start, end=end,
            **sentence(article, words), **props,
        )  # fmt: skip
        self.rel(article, "CONTAINS", claim_id)
        if claimant_id:
            self.rel(claimant_id, "CLAIMS", claim_id)
        return claim_id

    def statement(self, article: str, kind: str, words: str, speaker_id: str, **props: Any) -> str:
        start, end = span(article, words)
        statement_id = f"statement/{article.removeprefix('article/')}/{start}-{end}"
        self.node(
            statement_id, "Statement", words[:60], article_id=article, kind=kind, text=words, start=start, end=end,
            **sentence(article, words), **props,
        )  # fmt: skip
        self.rel(article, "CONTAINS", statement_id)
        self.rel(speaker_id, "SAID", statement_id)
        return statement_id


def fixture_batch() -> GraphBatch:
    """The whole fixture graph as one batch."""
    b = Builder()
    # actors
    b.node(SOHR, "Organization", "Syrian Observatory for Human Rights", aliases=["SOHR", "Syrian Observatory"])
    b.node(
        SHARAA, "Person", "Ahmed al-Sharaa",
        aliases=["Ahmad al-Sharaa", "al-Shara'a", "Abu Mohammad al-Julani", "Julani"], side="syrian-transitional-government",
    )  # fmt: skip
    b.node(HTS, "Faction", "Hayat Tahrir al-Sham", aliases=["HTS"], side="syrian-transitional-government")
    b.node(
        STG,
        "Government",
        "Syrian transitional government",
        aliases=["the government"],
        side="syrian-transitional-government",
    )
    b.node(REMNANTS, "Faction", "Assad remnants", aliases=["remnants of the former regime"], side="assad-regime")
    b.node(ALAWITES, "Community", "Alawites", aliases=["Alawite"])
    b.node(RAMI, "Person", "Rami Abdel Rahman", aliases=["Rami Abdulrahman"])
    b.node(HALA, "Person", "Hala Mansour", provisional=True)
    for outlet, name in ((TPS, "TPS-IL"), (BREITBART, "Breitbart News"), (CRADLE, "The Cradle"), (BBC, "BBC")):
        b.node(outlet, "Outlet", name, aliases=[name])
    # places
    b.node(SYRIA, "Location", "Syria", kind="country", country="SY", lat=35.0, lon=38.5)
    b.node(TARTOUS, "Location", "Tartous", kind="governorate", country="SY", pcode="SY11", lat=34.9, lon=36.0,
           aliases=["Tartus"])  # fmt: skip
    b.node(BANIYAS, "Location", "Baniyas", kind="district", country="SY", pcode="SY1102", lat=35.18, lon=35.95,
           aliases=["Banias", "Banyas"])  # fmt: skip
    b.node(LATTAKIA, "Location", "Lattakia", kind="governorate", country="SY", pcode="SY06", lat=35.6, lon=35.9,
           aliases=["Latakia"])  # fmt: skip
    b.node(JABLAH, "Location", "Jablah", kind="district", country="SY", pcode="SY0602", lat=35.36, lon=35.93)
    b.node(DAMASCUS, "Location", "Damascus", kind="governorate", country="SY", pcode="SY01", lat=33.51, lon=36.29)
    for child, parent in (
        (TARTOUS, SYRIA),
        (LATTAKIA, SYRIA),
        (DAMASCUS, SYRIA),
        (BANIYAS, TARTOUS),
        (JABLAH, LATTAKIA),
    ):
        b.rel(child, "LOCATED_IN", parent)
    # roles
    b.rel(SHARAA, "LEADS", HTS)
    b.rel(SHARAA, "LEADS", STG)
    b.rel(HTS, "MEMBER_OF", STG)
    b.rel(RAMI, "LEADS", SOHR)
    b.rel(STG, "OPPOSES", REMNANTS)
    # articles
    meta = {
        A1: ("Massacres on the coast", "2025-03-09", TPS),
        A2: ("Coast killings", "2025-03-10", BREITBART),
        A3: ("Toll rises", "2025-03-11", CRADLE),
        A4: ("Another account", "2025-03-08", None),
    }
    for article, (title, published, outlet) in meta.items():
        text = TEXTS[article]
        b.node(article, "Article", title, published=published, language="en", text=text,
               word_count=len(text.split()), sha256=f"digest-{article}")  # fmt: skip
        if outlet:
            b.rel(outlet, "PUBLISHED", article)
    b.rel(RAMI, "AUTHORED", A4)

    b.mention(A1, SOHR, "Syrian Observatory for Human Rights", count=2)
    b.mention(A1, ALAWITES, "Alawite")
    b.mention(A1, BANIYAS, "Baniyas", count=2)
    b.mention(A1, SHARAA, "Ahmed al-Sharaa")
    b.mention(A1, HALA, "Hala Mansour")
    b.mention(A2, SOHR, "SOHR")
    b.mention(A2, LATTAKIA, "Lattakia")
    b.mention(A2, SHARAA, "Abu Mohammad al-Julani")
    b.mention(A2, BBC, "BBC")
    b.mention(A2, HTS, "HTS")
    b.mention(A3, SOHR, "SOHR")
    b.mention(A3, JABLAH, "Jablah")
    b.mention(A3, STG, "The government")
    b.mention(A4, STG, "The government")
    b.mention(A4, REMNANTS, "Assad remnants")
    b.mention(A4, TARTOUS, "Tartous")
    b.mention(A4, SOHR, "SOHR")

    # claims
    c745 = b.claim(A1, "casualty", "at least 745 Alawite civilians", SOHR, claimant="The Syrian Observatory for Human Rights",
                   value=745, value_max=745, qualifier="at_least", victims="civilians", as_of="2025-03-08",
                   topic="coast-2025-03/civilians")  # fmt: skip
    b.rel(c745, "AT", BANIYAS)
    b.rel(c745, "ABOUT", ALAWITES, role="victims")
    blame1 = b.claim(A1, "blame", "SOHR blamed forces loyal to Ahmed al-Sharaa", SOHR, claimant="SOHR",
                     date="2025-03-07", topic="coast-2025-03/perpetrators")  # fmt: skip
    b.rel(blame1, "BLAMES", STG)
    b.rel(blame1, "AT", BANIYAS)
    c830 = b.claim(A2, "casualty", "830 civilians", SOHR, claimant="SOHR", value=830, value_max=830, qualifier="exact",
                   victims="civilians", as_of="2025-03-09", topic="coast-2025-03/civilians")  # fmt: skip
    b.rel(c830, "AT", LATTAKIA)
    blame_bbc = b.claim(A2, "blame", "HTS fighters were among the gunmen", BBC, claimant="The BBC",
                        date="2025-03-08", topic="coast-2025-03/perpetrators")  # fmt: skip
    b.rel(blame_bbc, "BLAMES", HTS)
    b.rel(BBC, "REPORTED", blame_bbc)
    c973 = b.claim(A3, "casualty", "973 civilians", SOHR, claimant="SOHR", value=973, value_max=973, qualifier="exact",
                   victims="civilians", date="2025-03-10", as_of="2025-03-10", topic="coast-2025-03/civilians")  # fmt: skip
    b.rel(c973, "AT", JABLAH)
    denial = b.claim(A3, "denial", "dismissed much of the coverage as misinformation", STG, claimant="The government",
                     topic="coast-2025-03/coverage")  # fmt: skip
    b.rel(denial, "ABOUT", STG, role="subject")
    blame4 = b.claim(A4, "blame", "the massacres were carried out by Assad remnants", STG, claimant="The government",
                     topic="coast-2025-03/perpetrators")  # fmt: skip
    b.rel(blame4, "BLAMES", REMNANTS)
    b.rel(blame4, "AT", TARTOUS)
    # outlets carry the claims of their articles
    for claim, outlet in ((c745, TPS), (blame1, TPS), (c830, BREITBART), (blame_bbc, BREITBART), (c973, CRADLE),
                          (denial, CRADLE)):  # fmt: skip
        b.rel(outlet, "REPORTED", claim)

    # statements
    s_hala = b.statement(A1, "quote", "they went house to house", HALA, speaker="Hala Mansour",
                         via="locals in Baniyas", date="2025-03-07")  # fmt: skip
    b.rel(s_hala, "AT", BANIYAS)
    b.rel(TPS, "REPORTED", s_hala)
    s_sharaa = b.statement(A2, "quote", "We will hold accountable anyone who harmed civilians.", SHARAA,
                           speaker="Abu Mohammad al-Julani")  # fmt: skip
    b.rel(BREITBART, "REPORTED", s_sharaa)
    s_rami = b.statement(A4, "reported", "disputed that account", RAMI, speaker="Rami Abdel Rahman")
    b.rel(s_rami, "ABOUT", REMNANTS, role="subject")

    # claim groups: the toll is a trajectory (UPDATES); the two blame accounts contradict each other
    groups = {
        "claimgroup/toll-745": ("coast-2025-03/civilians", "casualty", {"value": 745, "as_of": "2025-03-08"}, [c745]),
        "claimgroup/toll-830": ("coast-2025-03/civilians", "casualty", {"value": 830, "as_of": "2025-03-09"}, [c830]),
        "claimgroup/toll-973": ("coast-2025-03/civilians", "casualty", {"value": 973, "as_of": "2025-03-10"}, [c973]),
        "claimgroup/blame-government": (
            "coast-2025-03/perpetrators", "blame", {"blamed": "syrian-transitional-government"}, [blame1, blame_bbc],
        ),
        "claimgroup/blame-remnants": ("coast-2025-03/perpetrators", "blame", {"blamed": "assad-regime"}, [blame4]),
    }  # fmt: skip
    for group, (topic, kind, props, members) in groups.items():
        b.node(group, "ClaimGroup", f"{topic} {kind}", topic=topic, kind=kind, size=len(members), **props)
        for claim in members:
            b.rel(claim, "IN_GROUP", group)
    b.rel("claimgroup/toll-745", "UPDATES", "claimgroup/toll-830")
    b.rel("claimgroup/toll-830", "UPDATES", "claimgroup/toll-973")
    b.rel("claimgroup/blame-government", "CONTRADICTS", "claimgroup/blame-remnants", reason="different perpetrators")
    return GraphBatch(nodes=b.nodes, rels=b.rels)


CLAIM_745 = "claim/fixture_1/casualty/{}-{}".format(*span(A1, "at least 745 Alawite civilians"))
CLAIM_973 = "claim/fixture_3/casualty/{}-{}".format(*span(A3, "973 civilians"))
