"""How each label and claim kind is drawn: colour and vis-network shape, and the colours of links by type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Style:
    """How a label is drawn: a vis-network shape with the label beside it, and a colour."""

    color: str
    shape: str


# Shapes that keep the caption outside the node, so long names do not swell it.
STYLES: dict[str, Style] = {
    "Person": Style("#e15759", "dot"),
    "Faction": Style("#f28e2b", "diamond"),
    "Government": Style("#8c5aa6", "triangle"),
    "Organization": Style("#4e79a7", "square"),
    "Community": Style("#59a14f", "dot"),
    "Outlet": Style("#2a9d8f", "hexagon"),
    "Location": Style("#d4a017", "triangleDown"),
    "Article": Style("#8d8d8d", "square"),
    "Statement": Style("#9c755f", "dot"),
    "Claim": Style("#ff6f91", "star"),
    "ClaimGroup": Style("#c39bd3", "diamond"),
}

# Claim kinds drawn apart: a toll, blame and a denial are different statements about the events.
CLAIM_STYLES: dict[str, Style] = {
    "casualty": Style("#d62728", "star"),
    "blame": Style("#b2182b", "triangle"),
    "denial": Style("#7f7f7f", "square"),
}
FALLBACK_STYLE = Style("#b0b0b0", "dot")
FOCUS_BORDER = "#1f1f1f"
LINK_COLORS = {"BLAMES": "#c0392b", "CONTRADICTS": "#c0392b", "CLAIMS": "#d35400", "SAID": "#9c755f"}
LINK_COLOR = "#9aa0a6"
OUTLET_BLAME_COLOR = "#e08a2e"
DENIAL_COLOR = "#6b6b6b"


def style_of(label: str, kind: Any = None) -> Style:
    """The style of a node: a claim's by its kind, else its label's."""
    if label == "Claim" and kind in CLAIM_STYLES:
        return CLAIM_STYLES[kind]
    return STYLES.get(label, FALLBACK_STYLE)
