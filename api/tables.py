"""The toll table and claims as flat rows: CSV for a spreadsheet, and the columns the CLI's table prints.

Rows are sorted by their as-of date (the date a toll was counted, else the events' date, else the article's
publication day), and every row says whether its claim group is disputed (a CONTRADICTS on either side).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from queries.models import ClaimRow, EntityRef, TollRow, TollTable

TOLL_COLUMNS = (
    *("as_of", "victims", "value", "value_max", "qualifier", "claimant", "claimant_ids", "outlets", "places"),
    *("disputed", "groups", "topic", "date", "published", "claim_id", "article_id", "sentence"),
)
CLAIM_COLUMNS = (
    *("as_of", "date", "kind", "text", "value", "value_max", "qualifier", "victims", "claimant", "claimant_ids"),
    *("blamed", "about", "places", "outlets", "disputed", "groups", "topic", "published", "claim_id", "article_id"),
    "sentence",
)


def _names(refs: Iterable[EntityRef]) -> str:
    return "; ".join(ref.name for ref in refs)


def _ids(refs: Iterable[EntityRef]) -> str:
    return "; ".join(ref.id for ref in refs)


def day_of(as_of: str | None, date: str | None, published: str | None) -> str:
    """The date a row sorts by: as-of, else the events' date, else the publication day ('' when none)."""
    return as_of or date or (published or "")[:10]


def toll_text(value: int | None, value_max: int | None, qualifier: str | None) -> str:
    """A toll as a reader says it: "at least 745", "5,000-40,000", "hundreds"."""
    if value is None:
        return qualifier or "?"
    if value_max is not None and value_max != value:
        return f"{value:,}–{value_max:,}"
    if qualifier in (None, "", "exact", "range"):
        return f"{value:,}"
    if qualifier == "vague":
        return f"about {value:,} (vague)"
    return f"{qualifier.replace('_', ' ')} {value:,}"


def toll_rows(table: TollTable) -> list[dict[str, Any]]:
    """Every toll of the table as one flat row, by as-of date, then victims, value and claim id."""
    rows = [_toll_row(group.victims, row) for group in table.groups for row in group.rows]
    return sorted(
        rows, key=lambda row: (row["as_of"] == "", row["as_of"], row["victims"], row["value"] or -1, row["claim_id"])
    )


def _toll_row(victims: str, row: TollRow) -> dict[str, Any]:
    return {
        "as_of": day_of(row.as_of, row.date, row.published),
        "victims": victims,
        "value": row.value,
        "value_max": row.value_max,
        "qualifier": row.qualifier,
        "toll": toll_text(row.value, row.value_max, row.qualifier),  # for the CLI table; CSV has value, qualifier
        "claimant": row.claimant or _names(row.claimants),
        "claimant_ids": _ids(row.claimants),
        "claimant_names": _names(row.claimants),  # not a CSV column: the chart's series are per claimant entity
        "outlets": _names(row.outlets),
        "places": _names(row.places),
        "disputed": "yes" if row.disputed else "",
        "groups": "; ".join(row.groups),
        "topic": row.topic,
        "date": row.date,
        "published": row.published,
        "claim_id": row.claim_id,
        "article_id": row.article_id,
        "sentence": row.sentence,
    }


def claim_rows(claims: Iterable[ClaimRow], disputed_groups: set[str]) -> list[dict[str, Any]]:
    """Claims as flat rows, by as-of date then claim id; ``disputed`` when a group of the claim is contradicted."""
    rows = [
        {
            "as_of": day_of(claim.as_of, claim.date, claim.provenance.published),
            "date": claim.date,
            "kind": claim.kind,
            "text": claim.text,
            "value": claim.value,
            "value_max": claim.value_max,
            "qualifier": claim.qualifier,
            "victims": claim.victims,
            "claimant": claim.claimant or _names(claim.claimants),
            "claimant_ids": _ids(claim.claimants),
            "blamed": _names(claim.blamed),
            "about": _names(claim.about),
            "places": _names(claim.places),
            "outlets": _names(claim.provenance.outlets),
            "disputed": "yes" if not disputed_groups.isdisjoint(claim.groups) else "",
            "groups": "; ".join(claim.groups),
            "topic": claim.topic,
            "published": claim.provenance.published,
            "claim_id": claim.id,
            "article_id": claim.provenance.article_id,
            "sentence": claim.provenance.sentence,
        }
        for claim in claims
    ]
    return sorted(rows, key=lambda row: (row["as_of"] == "", row["as_of"], row["claim_id"]))


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV text with a header row; a cell a spreadsheet would run as a formula is prefixed with a quote mark."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    # Article text is untrusted: "=HYPERLINK(...)" in a sentence must stay text when the CSV is opened.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
