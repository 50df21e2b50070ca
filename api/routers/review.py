"""Curation: the review queue and analysts' judgements (JSON), and the /review page that writes them.

Writing (POST /judgements, DELETE /judgements/{id}, the page's buttons) needs the API key, like every write. The
page has no script: one form whose buttons each name a judgement; the key typed once is then kept in an
HttpOnly, SameSite=Strict cookie scoped to /review, so another site can neither read it nor post with it.
"""

from __future__ import annotations

import hmac
import urllib.parse
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from api.deps import ApiKeyDep, SettingsDep, StoreDep
from api.pages import html_page, render_template, request_base
from api.routers import SummaryRoute
from graph.errors import ClaimgraphError, NotFoundError
from graph.judgements import ACTIONS, new_judgement
from graph.store import GraphStore
from loaders.judgements import add_judgements, judgements_touching, undo_judgement
from queries.review import REVIEW_KINDS, ReviewItem, review_queue

router = APIRouter(tags=["review"], route_class=SummaryRoute)
KEY_COOKIE = "claimgraph_review_key"
PAGE_ITEMS = 40


class JudgementIn(BaseModel):
    """A judgement to record: the action, the node ids it is about, its payload, and who decides and why."""

    action: str = Field(description=f"One of: {', '.join(ACTIONS)}.", examples=["merge"])
    targets: list[str] = Field(max_length=2, examples=[["organization/sohr", "organization/~syrian-observatory"]])
    payload: dict[str, Any] = Field(default_factory=dict, examples=[{}])
    who: str = Field("api", max_length=200, description="Who decides (default: the API key's holder, 'api').")
    why: str = Field("", max_length=2000)


class JudgementOut(BaseModel):
    id: str
    action: str
    targets: list[str]
    payload: dict[str, Any]
    who: str
    why: str
    when: str
    anchors: dict[str, Any] = Field(default_factory=dict)


class ReviewItemOut(BaseModel):
    kind: str
    id: str
    label: str
    name: str
    degree: int
    reason: str
    article_id: str | None = None
    sentence: str | None = None
    highlight: list[int] | None = None
    other_id: str | None = None
    suggestions: list[dict[str, str]] = Field(default_factory=list)


def _json(data: Any, status_code: int = 200) -> Response:
    import json

    return Response(json.dumps(data, ensure_ascii=False), status_code=status_code, media_type="application/json")


def _kinds(kind: list[str] | None) -> tuple[str, ...]:
    unknown = sorted(set(kind or []) - set(REVIEW_KINDS))
    if unknown:
        raise HTTPException(422, f"unknown kind {', '.join(unknown)}; choose from {', '.join(REVIEW_KINDS)}")
    return tuple(kind or REVIEW_KINDS)


KindQuery = Annotated[list[str] | None, Query(description=f"Any of {', '.join(REVIEW_KINDS)} (default: all).")]
LimitQuery = Annotated[int, Query(ge=1, le=1000)]


@router.get("/review", response_model=list[ReviewItemOut])
def review(store: StoreDep, kind: KindQuery = None, limit: LimitQuery = 50) -> Response:
    """What the extractor was least sure of, most depended-on first."""
    items = review_queue(store, kinds=_kinds(kind), limit=limit)
    return _json([item.as_dict() for item in items])


@router.get("/judgements", response_model=list[JudgementOut])
def judgements(store: StoreDep) -> Response:
    """Every judgement kept with the store, in the order they apply."""
    return _json([judgement.as_dict() for judgement in store.judgements()])


@router.post("/judgements", response_model=JudgementOut, status_code=201, dependencies=[ApiKeyDep])
def add_judgement(store: StoreDep, body: JudgementIn) -> Response:
    """Record a judgement and apply it now (needs the API key); an unknown id is refused (422)."""
    judgement = new_judgement(body.action, body.targets, body.payload, who=body.who or "api", why=body.why)
    stored = add_judgements(store, [judgement])
    return _json((stored[0] if stored else judgement).as_dict(), status_code=201)


@router.get("/judgements/about/{id:path}", response_model=list[dict[str, Any]])
def judgements_about(store: StoreDep, id: str) -> Response:
    """The judgements that touched one node (entity, claim, statement or group): who, when, why."""
    node = store.get_node(id)
    if node is None:
        raise NotFoundError(f"no node {id!r}")
    return _json(judgements_touching(store, node))


@router.delete("/judgements/{id:path}", response_model=JudgementOut, dependencies=[ApiKeyDep])
def delete_judgement(store: StoreDep, id: str) -> Response:
    """Undo a judgement (needs the API key): what it changed goes back to the extractor's version."""
    return _json(undo_judgement(store, id).as_dict())


# -- the page ---------------------------------------------------------------------------------------------------------


def _sentence_parts(item: ReviewItem) -> list[tuple[str, bool]]:
    """The sentence cut around the fact, so the template marks it without any markup in the data."""
    if not item.sentence:
        return []
    if not item.highlight:
        return [(item.sentence, False)]
    start, end = item.highlight
    return [(item.sentence[:start], False), (item.sentence[start:end], True), (item.sentence[end:], False)]


def _card(number: int, item: ReviewItem) -> dict[str, Any]:
    return {"n": number, "item": item, "parts": _sentence_parts(item), "evidence": item.label in ("Claim", "Statement")}


@router.get("/view/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(
    request: Request, store: StoreDep, kind: KindQuery = None, done: str | None = None, error: str | None = None
) -> HTMLResponse:
    """The review queue as a page: one-click confirm / reject / merge / edit, each writing a judgement."""
    base = request_base(request)
    items = review_queue(store, kinds=_kinds(kind), limit=PAGE_ITEMS)
    recent = list(reversed(store.judgements()))[:10]
    page = render_template(
        "review.html",
        title="Review",
        summary=f"{len(items)} things the extractor was least sure of, most depended-on first. Each button records "
        "a judgement (who, why) that every later load obeys; undo any of them below.",
        nav=[
            ("this queue as JSON", f"{base}/review"),
            ("judgements as JSON", f"{base}/judgements"),
            ("contradictions", f"{base}/view/contradictions"),
            ("API docs", f"{base}/docs"),
        ],
        cards=[_card(number, item) for number, item in enumerate(items, start=1)],
        recent=recent,
        done=done,
        error=error,
        has_key=bool(request.cookies.get(KEY_COOKIE)),
        base=base,
    )
    return html_page(page)


def _key_ok(settings: Any, given: str) -> bool:
    configured = settings.api_key.get_secret_value() if settings.api_key else ""
    return bool(configured) and bool(given) and hmac.compare_digest(given.encode(), configured.encode())


def _form_judgement(form: dict[str, str]) -> tuple[str, list[str], dict[str, Any]]:
    """What the clicked button asks: ``judge`` is 'ACTION NUMBER' (an item of the page) or 'undo ID'."""
    action, _, rest = form.get("judge", "").partition(" ")
    target = form.get(f"id_{rest}", "")
    other = form.get(f"other_{rest}", "")
    if action == "confirm":
        return action, [target], {}
    if action == "reject":
        return action, [target], {}
    if action == "merge":  # the item is merged into the entity chosen (a suggestion or an id typed)
        keep = form.get(f"merge_{rest}", "").strip()
        return action, [keep, target], {}
    if action == "not_same":
        return action, [form.get(f"merge_{rest}", "").strip(), target], {}
    if action == "rename":
        return action, [target], {"name": form.get(f"name_{rest}", "").strip()}
    if action == "claimant":
        return "set_claim", [target], {"claimant": form.get(f"claimant_{rest}", "").strip()}
    if action == "value":
        text = form.get(f"value_{rest}", "").strip().replace(",", "")
        if not text.isdigit():
            raise ClaimgraphError(f"the value must be a whole number, got {text!r}")
        return "set_claim", [target], {"value": int(text)}
    if action == "reject_link":
        return action, [target, other], {"type": "CONTRADICTS"}
    raise ClaimgraphError(f"unknown button {form.get('judge', '')!r}")


@router.post("/view/review", include_in_schema=False)
async def review_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """A button of the review page: check the key, record the judgement, show the queue again."""
    base = f"{request.scope.get('root_path', '')}".rstrip("/") + "/view/review"
    body = (await request.body()).decode("utf-8", "replace")
    form = {key: values[-1] for key, values in urllib.parse.parse_qs(body, keep_blank_values=True).items()}
    key = form.get("api_key") or request.cookies.get(KEY_COOKIE, "")
    if not _key_ok(settings, key):
        return RedirectResponse(f"{base}?error=" + urllib.parse.quote("the API key is missing or not valid"), 303)
    try:
        message = _apply_form(store, form)
    except ClaimgraphError as exc:
        return RedirectResponse(f"{base}?error=" + urllib.parse.quote(str(exc)[:500]), 303)
    response = RedirectResponse(f"{base}?done=" + urllib.parse.quote(message), 303)
    response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict", path="/view/review")
    return response


def _apply_form(store: GraphStore, form: dict[str, str]) -> str:
    who, why = form.get("who", "").strip() or "review page", form.get("why", "").strip()
    if form.get("judge", "").startswith("undo "):
        undone = undo_judgement(store, form["judge"][5:])
        return f"undone: {undone.action} {' '.join(undone.targets)}"
    action, targets, payload = _form_judgement(form)
    stored = add_judgements(store, [new_judgement(action, targets, payload, who=who, why=why)])
    return f"{action} {' '.join(targets)}" + (f" ({stored[0].id})" if stored else " (already recorded)")
