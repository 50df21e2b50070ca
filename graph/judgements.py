"""Judgements: an analyst's corrections, kept as data beside the extracted graph.

A judgement says who decided what, when and why, about which nodes. The stores keep them apart from the
extracted records (the embedded store in a table of its own, Neo4j as ``:Judgement`` nodes outside the ``:Node``
graph), so a reload never overwrites them; ``loaders.judgements`` applies them to everything the loader writes.

This module only defines the record and checks its shape; whether its targets exist is checked against a store
by ``loaders.judgements``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph.errors import JudgementError

__all__ = ["Judgement", "JudgementError", "from_dict", "new_judgement", "parse_judgement_lines"]

# action -> (number of target ids, payload keys it accepts, payload keys it needs)
ACTIONS: dict[str, tuple[int, frozenset[str], frozenset[str]]] = {
    "merge": (2, frozenset(), frozenset()),  # targets: the entity kept, the entity merged into it
    "not_same": (2, frozenset(), frozenset()),  # two entities that must never be merged
    "rename": (1, frozenset({"name"}), frozenset({"name"})),
    "relabel": (1, frozenset({"label"}), frozenset({"label"})),
    "set_place": (1, frozenset({"lat", "lon", "parent"}), frozenset()),
    "reject": (1, frozenset(), frozenset()),  # a claim or a statement the extractor got wrong
    "set_claim": (1, frozenset({"claimant", "value", "value_max", "kind", "perpetrator"}), frozenset()),
    "reject_link": (2, frozenset({"type"}), frozenset({"type"})),  # between two claim groups
    "add_link": (2, frozenset({"type", "reason"}), frozenset({"type"})),
    "confirm": (1, frozenset(), frozenset()),  # the extractor was right: off the review queue
}
LINK_TYPES = ("CONTRADICTS", "CORROBORATES", "UPDATES")
CLAIM_KINDS = ("casualty", "blame", "denial")

ACTION_HELP = {
    "merge": "KEEP_ID DROP_ID: DROP_ID is the same entity as KEEP_ID; its facts move to KEEP_ID",
    "not_same": "ID ID: two different entities, never to be merged",
    "rename": "ID, name=NEW NAME",
    "relabel": "ID, label=Person|Faction|Government|Organization|Community",
    "set_place": "PLACE_ID, lat=…, lon=…, parent=PLACE_ID (any of them)",
    "reject": "CLAIM_OR_STATEMENT_ID: the extractor got it wrong; it leaves the graph",
    "set_claim": "CLAIM_ID, any of claimant=ACTOR_ID, perpetrator=ACTOR_ID[,ACTOR_ID], value=N, value_max=N, "
    "kind=casualty|blame|denial",
    "reject_link": "GROUP_ID GROUP_ID, type=CONTRADICTS|CORROBORATES|UPDATES",
    "add_link": "GROUP_ID GROUP_ID, type=CONTRADICTS|CORROBORATES|UPDATES, reason=TEXT",
    "confirm": "ID: the extractor was right (leaves the review queue)",
}

_MAX_TEXT = 2000  # why and names are free text; a judgement is not a place for documents


@dataclass(frozen=True, slots=True)
class Judgement:
    """One decision: ``action`` on ``targets`` (node ids) with ``payload``, by ``who`` at ``when`` because ``why``.

    ``anchors`` are filled in when the judgement is accepted: what identifies a claim or statement in its article
    apart from its offsets (so a judgement survives an edit earlier in the text), and the names and labels of the
    targets as they were, for messages and for rebuilding a merged entity.
    """

    id: str
    action: str
    targets: tuple[str, ...]
    payload: dict[str, Any] = field(default_factory=dict)
    who: str = "unknown"
    why: str = ""
    when: str = ""
    anchors: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (export, the API): every field, targets as a list."""
        return {
            "id": self.id,
            "action": self.action,
            "targets": list(self.targets),
            "payload": self.payload,
            "who": self.who,
            "why": self.why,
            "when": self.when,
            "anchors": self.anchors,
        }

    def to_json(self) -> str:
        """One line of JSON (JSON Lines export, the stores' stored form)."""
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def audit(self) -> dict[str, Any]:
        """What a node's detail shows about a judgement that touched it."""
        return {
            "id": self.id,
            "action": self.action,
            "who": self.who,
            "when": self.when,
            "why": self.why,
            "payload": self.payload,
            "targets": list(self.targets),
        }


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string to the microsecond (judgements apply in this order)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_judgement(
    action: str,
    targets: list[str] | tuple[str, ...],
    payload: dict[str, Any] | None = None,
    *,
    who: str = "unknown",
    why: str = "",
    when: str | None = None,
) -> Judgement:
    """A checked new judgement with an id derived from its content and time."""
    when = when or now_iso()
    payload = dict(payload or {})
    body = json.dumps([action, list(targets), payload, who, when], sort_keys=True, ensure_ascii=False)
    judgement_id = "judgement/" + hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]
    return checked(Judgement(judgement_id, action, tuple(targets), payload, who, why, when))


def from_dict(data: Any, *, where: str = "judgement") -> Judgement:
    """A judgement from its JSON form (import, the API); a malformed one raises ``JudgementError``."""
    if not isinstance(data, dict):
        raise JudgementError(f"{where}: expected a JSON object, got {type(data).__name__}")
    unknown = set(data) - {"id", "action", "targets", "payload", "who", "why", "when", "anchors"}
    if unknown:
        raise JudgementError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    targets = data.get("targets")
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise JudgementError(f"{where}: 'targets' must be a list of node ids")
    payload = data.get("payload") or {}
    anchors = data.get("anchors") or {}
    if not isinstance(payload, dict) or not isinstance(anchors, dict):
        raise JudgementError(f"{where}: 'payload' and 'anchors' must be JSON objects")
    fields = {key: data.get(key) for key in ("action", "who", "why", "when")}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise JudgementError(f"{where}: {key!r} must be a string")
    if data.get("id") is None:
        made = new_judgement(
            str(fields["action"] or ""),
            targets,
            payload,
            who=fields["who"] or "unknown",
            why=fields["why"] or "",
            when=fields["when"],
        )
        return Judgement(made.id, made.action, made.targets, made.payload, made.who, made.why, made.when, anchors)
    if not isinstance(data["id"], str) or not data["id"].startswith("judgement/"):
        raise JudgementError(f"{where}: 'id' must be a string starting with 'judgement/'")
    judgement = Judgement(
        data["id"],
        str(fields["action"] or ""),
        tuple(targets),
        payload,
        fields["who"] or "unknown",
        fields["why"] or "",
        fields["when"] or now_iso(),
        anchors,
    )
    return checked(judgement)


def checked(judgement: Judgement) -> Judgement:
    """The judgement itself when its action, number of targets and payload make sense; else ``JudgementError``."""
    spec = ACTIONS.get(judgement.action)
    if spec is None:
        raise JudgementError(f"unknown action {judgement.action!r}: choose one of {', '.join(ACTIONS)}")
    count, accepted, needed = spec
    where = f"{judgement.action}"
    if len(judgement.targets) != count:
        raise JudgementError(f"{where} takes {count} target id(s), got {len(judgement.targets)}")
    if any(not target or len(target) > 500 for target in judgement.targets):
        raise JudgementError(f"{where}: a target id is empty or too long")
    if count == 2 and judgement.targets[0] == judgement.targets[1]:
        raise JudgementError(f"{where}: the two targets are the same id {judgement.targets[0]!r}")
    keys = set(judgement.payload)
    if keys - accepted:
        raise JudgementError(
            f"{where} does not take {', '.join(sorted(keys - accepted))} (it takes: {', '.join(sorted(accepted)) or 'nothing'})"
        )
    if needed - keys:
        raise JudgementError(f"{where} needs {', '.join(sorted(needed - keys))}")
    if judgement.action in ("set_place", "set_claim") and not keys:
        raise JudgementError(f"{where} needs at least one of {', '.join(sorted(accepted))}")
    for text in (judgement.who, judgement.why, *(v for v in judgement.payload.values() if isinstance(v, str))):
        if len(text) > _MAX_TEXT:
            raise JudgementError(f"{where}: a text field is longer than {_MAX_TEXT} characters")
    _check_payload(judgement)
    return judgement


def _check_payload(judgement: Judgement) -> None:
    payload, where = judgement.payload, judgement.action
    if "name" in payload and (not isinstance(payload["name"], str) or not payload["name"].strip()):
        raise JudgementError(f"{where}: name must be a non-empty string")
    for key in ("label", "parent", "claimant", "reason"):
        if key in payload and (not isinstance(payload[key], str) or not payload[key]):
            raise JudgementError(f"{where}: {key} must be a non-empty string")
    for key, low, high in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
        if key in payload:
            value = payload[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
                raise JudgementError(f"{where}: {key} must be a number between {low:g} and {high:g}")
    for key in ("value", "value_max"):
        if key in payload:
            value = payload[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise JudgementError(f"{where}: {key} must be a whole number ≥ 0")
    if "value" in payload and "value_max" in payload and payload["value_max"] < payload["value"]:
        raise JudgementError(f"{where}: value_max is below value")
    if "kind" in payload and payload["kind"] not in CLAIM_KINDS:
        raise JudgementError(f"{where}: kind must be one of {', '.join(CLAIM_KINDS)}")
    if "type" in payload and payload["type"] not in LINK_TYPES:
        raise JudgementError(f"{where}: type must be one of {', '.join(LINK_TYPES)}")
    if "perpetrator" in payload:
        value = payload["perpetrator"]
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(v, str) and v for v in names):
            raise JudgementError(f"{where}: perpetrator must be an actor id or a list of actor ids")


def perpetrators(judgement: Judgement) -> list[str]:
    """The actor ids a ``set_claim`` judgement names as perpetrators (one id or a list)."""
    value = judgement.payload.get("perpetrator")
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def parse_judgement_lines(text: str, *, source: str = "import") -> list[Judgement]:
    """Judgements from JSON Lines; every malformed line is named in one ``JudgementError`` and none is taken."""
    found: list[Judgement] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append(from_dict(json.loads(line), where=f"{source}:{number}"))
        except json.JSONDecodeError as exc:
            problems.append(f"{source}:{number}: not JSON ({exc.msg})")
        except JudgementError as exc:
            problems.append(str(exc))
    if problems:
        raise JudgementError(
            "; ".join(problems[:10]) + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else "")
        )
    return found
