"""Claims: casualty counts, blame and denials, each tied to the words that carry it.

Each kind has its own module: :mod:`loaders.counts` reads numbers, :mod:`loaders.casualties` decides which count
the killed, injured, missing, detained or displaced, :mod:`loaders.blame` who is said to have done it and
:mod:`loaders.denials` who denies it. :mod:`loaders.claim_context` gives every claim its claimant (the speaker of
the statement that contains it, else the source its sentence names; an unattributed claim is the article's own,
claimant None), dates, places and topic.
"""

from __future__ import annotations

from typing import Any

from loaders.blame import BlameFinder
from loaders.casualties import CasualtyFinder, harm_kind
from loaders.claim_context import BLAMABLE_LABELS, ClaimContext
from loaders.counts import Count, find_counts, parse_number
from loaders.denials import DenialFinder
from loaders.records import ClaimRecord, StatementRecord
from loaders.statements import Attributor
from loaders.text import Document

__all__ = ["BLAMABLE_LABELS", "ClaimFinder", "Count", "find_claims", "find_counts", "harm_kind", "parse_number"]


class ClaimFinder:
    """Finds the claims of one document, given its statements (for claimants) and the attributor (for names)."""

    def __init__(self, doc: Document, statements: list[StatementRecord], attributor: Attributor, gazetteer: Any):
        self.context = ClaimContext(doc, statements, attributor, gazetteer)

    def run(self) -> list[ClaimRecord]:
        """Every claim of the document, in text order."""
        claims = CasualtyFinder(self.context).casualties()
        claims.extend(BlameFinder(self.context).blames())
        claims.extend(DenialFinder(self.context).denials())
        claims.sort(key=lambda c: (c.start, c.kind))
        return claims


def find_claims(
    doc: Document, statements: list[StatementRecord], attributor: Attributor, gazetteer: Any
) -> list[ClaimRecord]:
    """Casualty, blame and denial claims of a document, in text order."""
    return ClaimFinder(doc, statements, attributor, gazetteer).run()
