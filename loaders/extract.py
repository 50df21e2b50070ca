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
from loaders.text import Document, find_quotes, scan_triggers, split_sentences


def extract(article: Article, gazetteer: Any) -> Extraction:
    """Entities, mentions, statements, claims and cited outlets of one article."""
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
    for record in (*statements, *claims):
        for entity_id in (record.outlet_id, record.claimant_id if hasattr(record, "claimant_id") else None):
            if entity_id and doc.label_of(entity_id) == "Outlet" and entity_id not in cited:
                cited.append(entity_id)
    for statement in statements:
        if (
            statement.speaker_id
            and doc.label_of(statement.speaker_id) == "Outlet"
            and statement.speaker_id not in cited
        ):
            cited.append(statement.speaker_id)
    used = {m.entity_id for m in doc.mentions}
    for record in (*statements, *claims):
        used.update(filter(None, (getattr(record, "speaker_id", None), getattr(record, "claimant_id", None))))
        used.update(filter(None, (record.via_id,)))
        used.update(record.about_ids)
        used.update(record.place_ids)
        used.update(getattr(record, "blamed_ids", []))
        used.update(getattr(record, "victim_ids", []))
    return Extraction(
        article=article,
        entities={entity_id: doc.entities[entity_id] for entity_id in sorted(used) if entity_id in doc.entities},
        mentions=doc.mentions,
        statements=statements,
        claims=claims,
        cited_outlet_ids=cited,
    )
