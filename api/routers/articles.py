"""Articles: list, read with the extracted spans marked, and ingest one (with the API key)."""

from __future__ import annotations

import hashlib
import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.responses import Response

from api.deps import ApiKeyDep, SettingsDep, StoreDep
from api.models import ArticleIn, ErrorBody, IngestOut
from api.routers import SummaryRoute, respond
from graph.errors import InputError
from queries.models import ArticleDetail, ArticleRow, Page
from queries.params import ArticleParams, ArticlesParams
from queries.registry import run_query

router = APIRouter(tags=["articles"], route_class=SummaryRoute)
_gazetteer_lock = threading.Lock()


@router.get("/articles", response_model=Page[ArticleRow])
def articles(store: StoreDep, params: Annotated[ArticlesParams, Query()]) -> Response:
    """Articles, newest first, by outlet, date range or words in the title."""
    return respond(run_query(store, "articles", params))


@router.get("/articles/{id:path}", response_model=ArticleDetail)
def article(store: StoreDep, id: str) -> Response:
    """An article's text with the extracted spans (mentions, statements, claims) and their offsets."""
    return respond(run_query(store, "article_detail", ArticleParams(id=id)))


def _gazetteer(request: Request) -> Any:
    """The gazetteer, loaded once per app on the first ingestion."""
    with _gazetteer_lock:
        gazetteer = getattr(request.app.state, "gazetteer", None)
        if gazetteer is None:
            from loaders.gazetteer import Gazetteer

            gazetteer = request.app.state.gazetteer = Gazetteer.load()
        return gazetteer


@router.post(
    "/articles",
    response_model=IngestOut,
    status_code=201,
    dependencies=[ApiKeyDep],
    responses={
        200: {"model": IngestOut, "description": "The same article was already loaded: nothing changed."},
        401: {"model": ErrorBody, "description": "No X-API-Key header."},
        403: {"model": ErrorBody, "description": "A wrong API key."},
        413: {"model": ErrorBody, "description": "The body is over CLAIMGRAPH_MAX_ARTICLE_BYTES."},
        503: {"model": ErrorBody, "description": "Ingestion is disabled: no CLAIMGRAPH_API_KEY is set."},
    },
)
def ingest(store: StoreDep, settings: SettingsDep, request: Request, body: ArticleIn) -> Response:
    """Load one article with the same loader as `claimgraph load` (needs the X-API-Key header)."""
    from loaders.pipeline import load_articles
    from loaders.readers import article_from_record
    from loaders.records import ReadProblem

    size = len(body.text.encode("utf-8", "surrogatepass"))
    if size > settings.max_article_bytes:
        raise HTTPException(413, f"the article text is {size} bytes; the limit is {settings.max_article_bytes}")
    default_id = "api-" + hashlib.sha256(body.text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    item = article_from_record(
        body.model_dump(mode="json", exclude_none=True),
        source="POST /articles",
        default_id=default_id,
        max_bytes=settings.max_article_bytes,
    )
    if isinstance(item, ReadProblem):
        raise InputError(item.reason)
    report = load_articles(store, [item], gazetteer=_gazetteer(request), batch_size=settings.batch_size)
    if report.problems:
        raise InputError("; ".join(problem.reason for problem in report.problems))
    status: Literal["loaded", "replaced", "unchanged"] = (
        "replaced" if item.id in report.replaced else "loaded" if item.id in report.loaded else "unchanged"
    )
    result = IngestOut(
        article_id=item.id,
        status=status,
        entities=len(report.entity_ids),
        statements=report.statements,
        claims=report.claims,
        warnings=[warning.reason for warning in report.warnings],
    )
    return respond(result, 200 if status == "unchanged" else 201)
