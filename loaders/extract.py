"""The rule-based extraction stage: one ``Article`` in, one ``Extraction`` out.

Deterministic and explainable: every statement and claim carries the exact span and sentence it came from. The
stages inside run in a fixed order over one indexed ``Document``: sentences and quotations, dates, entity mentions
(``loaders.entities``), statements (who said what), then claims (tolls, blame, denials), whose claimants come from
the statements that contain them.
"""

from __future__ import annotations

from typing import Any

from loaders.claims import find_claims
from loaders.dates import find_dates
from loaders.entities import find_mentions
from loaders.records import Article, Extraction
from loaders.statements import Attributor
from loaders.text import Document, FormatFreeText, find_quotes, scan_triggers, split_sentences


def extract(article: Article, gazetteer: Any) -> Extraction:
    """Entities, mentions, statements, claims and cited outlets of one article. Format characters (zero-width
    spaces, soft hyphens…) are left out of what the rules read; the offsets still point into ``article.text``."""
    cleaned = FormatFreeText.of(article.text)
    if cleaned is None:  # the fast path: nearly every article has none
        return _extract(article, gazetteer)
    return cleaned.restore(_extract(cleaned.cleaned(article), gazetteer), article)


def _extract(article: Article, gazetteer: Any) -> Extraction:
    text = article.text
    triggers = scan_triggers(text)
    quotes = find_quotes(text)
    sentences = split_sentences(text, quotes)
    mentions, entities = find_mentions(text, gazetteer)
    doc = Document(
        text=text,
        published=article.published,
        sentences=sentences,
        quotes=quotes,
        mentions=list(mentions),
        entities=dict(entities),
        dates=find_dates(text, article.published, triggers),
        triggers=triggers,
    )
    attributor = Attributor(doc, gazetteer)
    statements = attributor.run()
    claims = find_claims(doc, statements, attributor, gazetteer)
    cited: list[str] = []
    used = {m.entity_id for m in doc.mentions}
    for statement in statements:
        used.update(filter(None, (statement.speaker_id, statement.via_id, statement.outlet_id)))
        used.update(statement.about_ids, statement.place_ids)
        cited.extend(i for i in (statement.speaker_id, statement.outlet_id) if i and doc.label_of(i) == "Outlet")
    for claim in claims:
        used.update(filter(None, (claim.claimant_id, claim.via_id, claim.outlet_id)))
        used.update(claim.about_ids, claim.place_ids, claim.blamed_ids, claim.victim_ids)
        cited.extend(i for i in (claim.claimant_id, claim.outlet_id) if i and doc.label_of(i) == "Outlet")
    return Extraction(
        article=article,
        entities={entity_id: doc.entities[entity_id] for entity_id in sorted(used) if entity_id in doc.entities},
        mentions=doc.mentions,
        statements=statements,
        claims=claims,
        cited_outlet_ids=list(dict.fromkeys(cited)),
    )
