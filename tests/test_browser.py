"""Every network view in a real headless Chromium (Debian's, driven by Playwright) against a real uvicorn.

The graph is the seed corpus as ``claimgraph load seeds`` builds it, plus nodes whose names and texts are markup
(``tests/test_views.py``'s hostile batch, tied to SOHR so every view meets them). Each view must draw (a canvas
with every node of its payload, painted), log no console error, fetch nothing outside the app, and never run an
injected script. Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.network import network_for
from api.views import TYPED_PATH_TYPES
from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from graph.embedded import EmbeddedStore
from graph.settings import Settings
from loaders.pipeline import load_paths
from queries.models import GraphPayload
from queries.registry import run_query
from tests.conftest import PROJECT_ROOT, SEEDS_DIR
from tests.test_views import (
    BREAKOUT,
    EVIL_ALERT,
    EVIL_CLAIM,
    EVIL_IMG,
    EVIL_SCRIPT,
    IMG_PWNED,
    SCRIPT_ALERT,
    SCRIPT_PWNED,
    hostile_batch,
)

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
SOHR = "organization/sohr"
SHARAA = "person/ahmed-al-sharaa"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"headless browser test skipped: {CHROMIUM} is missing (apt-get install chromium)"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="headless browser test skipped: playwright not installed")

# name → (view URL, JSON URL of the same payload, or None for the claims view, which draws /claims rows)
TYPED = "&types=" + ",".join(TYPED_PATH_TYPES)
VIEWS: dict[str, tuple[str, str | None]] = {
    "entity": (
        f"/view/entities/{SOHR}?depth=2&statements=each&limit=2000",
        f"/entities/{SOHR}/neighbors?depth=2&cap=2000",
    ),
    "entity-default": (f"/view/entities/{SOHR}", None),  # depth 1, statements grouped per speaker
    "claims": ("/view/claims?claims=500&vague=yes", None),
    "claims-default": ("/view/claims", None),  # the first 25 claims, vague counts left out
    "blame": ("/view/blame", "/blame"),
    "paths": (
        f"/view/paths?source={SHARAA}&target={SOHR}&co_mentions=yes",
        f"/paths?source={SHARAA}&target={SOHR}",
    ),
    "paths-default": (f"/view/paths?source={SHARAA}&target={SOHR}", f"/paths?source={SHARAA}&target={SOHR}{TYPED}"),
    "hostile": (f"/view/entities/{EVIL_CLAIM}?depth=2", f"/entities/{EVIL_CLAIM}/neighbors?depth=2"),
}
NOTICE_ALLOWED = {"claims-default"}  # it says how many claims it leaves out


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("browser-seeds"))
    report = load_paths(store, [SEEDS_DIR])
    assert report.ok and len(report.loaded) == 5, report.as_dict()
    store.write(hostile_batch(SOHR))
    yield store
    store.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url(seed_store: EmbeddedStore) -> Iterator[str]:
    """The app served by uvicorn on a free port of 127.0.0.1, in a thread of this process (it shares the store)."""
    config = uvicorn.Config(
        create_app(Settings(), seed_store),
        host="127.0.0.1",
        port=_free_port(),
        log_level="warning",
        ws="none",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


class Watch:
    """What a page did that it must not: console errors, uncaught exceptions, dialogs, requests off the app."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("dialog", self._dialog)
        page.route("**/*", lambda route: self._route(route, base_url))

    def _console(self, message: Any) -> None:
        if message.type in ("error", "assert"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog opened: {dialog.message}")
        dialog.dismiss()

    def _route(self, route: Any, base_url: str) -> None:
        url = route.request.url
        if url.startswith(base_url + "/") or url == base_url or url.startswith("data:"):
            route.continue_()
        else:
            self.problems.append(f"request outside the app: {url}")
            route.abort()


def open_view(page: Any, url: str) -> dict[str, Any]:
    """Load a view, wait until the network has settled and been drawn, and report what is on the canvas."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    # a CSS selector, not a JS predicate: the page's Content-Security-Policy forbids Playwright's eval
    page.wait_for_selector('body[data-drawn="true"]', state="attached", timeout=30_000)
    # big graphs finish settling on screen; the physics stops within seconds of the first drawing
    page.wait_for_selector('body[data-still="true"]', state="attached", timeout=15_000)
    report: dict[str, Any] = page.evaluate(
        """() => {
            const canvas = document.querySelector('#network canvas');
            const state = window.claimgraph;
            let painted = 0;
            if (canvas) {
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                for (let i = 0; i < pixels.length; i += 16) {
                    if (pixels[i + 3] > 0 && (pixels[i] < 235 || pixels[i + 1] < 235 || pixels[i + 2] < 235)) painted++;
                }
            }
            const data = JSON.parse(document.getElementById('graph-data').textContent);
            return {
                canvas: canvas ? [canvas.clientWidth, canvas.clientHeight] : null,
                painted: painted,
                drawn: state.network.body.data.nodes.getIds(),
                positioned: Object.keys(state.network.getPositions()).length,
                payload: data.nodes.map(node => node.id),
                legend: Array.from(document.querySelectorAll('#legend li')).map(li => li.dataset.label),
                notice: document.getElementById('capped-notice') !== null,
                pwned: window.__pwned === undefined ? null : window.__pwned,
                drawMs: state.drawMs,
            };
        }"""
    )
    return report


@pytest.mark.parametrize("name", list(VIEWS))
def test_view_draws_in_chromium(name: str, base_url: str, browser: Any) -> None:
    view_url, json_url = VIEWS[name]
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    watch = Watch(page, base_url)
    try:
        report = open_view(page, base_url + view_url)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"view-{name}.png"))
    finally:
        page.close()
    assert watch.problems == []
    assert report["canvas"] is not None and min(report["canvas"]) > 300, "no canvas"
    assert report["pwned"] is None
    assert len(report["payload"]) > 1
    assert sorted(report["drawn"]) == sorted(report["payload"])
    assert report["positioned"] == len(report["payload"])
    assert report["painted"] > 500, "the canvas is blank"
    assert report["legend"] and (name in NOTICE_ALLOWED or not report["notice"])
    if json_url is not None:
        body = httpx.get(base_url + json_url, timeout=10).json()
        assert set(report["drawn"]) == {node["id"] for node in body["nodes"]}


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_injected_markup_never_runs(bypass_csp: bool, base_url: str, browser: Any) -> None:
    """Hostile names are drawn, hovered and clicked; nothing runs. Without the page's CSP, escaping alone holds."""
    context = browser.new_context(viewport={"width": 1400, "height": 950}, bypass_csp=bypass_csp)
    page = context.new_page()
    watch = Watch(page, base_url)
    seen: dict[str, dict[str, Any]] = {}
    try:
        for url in (f"/view/entities/{SOHR}", "/view/claims", "/view/blame", f"/view/entities/{EVIL_CLAIM}?depth=2"):
            report = open_view(page, base_url + url)
            assert report["pwned"] is None, url
            for node in (EVIL_ALERT, EVIL_SCRIPT, EVIL_IMG, EVIL_CLAIM):
                if node in report["drawn"]:
                    seen[node] = {"url": url, **hover_and_click(page, node)}
        if not bypass_csp:
            page.screenshot(path=str(ARTIFACTS / "view-hostile-tooltip.png"))
        pwned = page.evaluate("() => window.__pwned === undefined ? null : window.__pwned")
    finally:
        context.close()
    assert watch.problems == []
    assert pwned is None
    assert set(seen) == {EVIL_ALERT, EVIL_SCRIPT, EVIL_IMG, EVIL_CLAIM}
    assert seen[EVIL_ALERT]["details"].startswith(SCRIPT_ALERT)
    assert seen[EVIL_SCRIPT]["details"].startswith(SCRIPT_PWNED)
    assert seen[EVIL_IMG]["details"].startswith(IMG_PWNED) and BREAKOUT in seen[EVIL_IMG]["details"]
    assert SCRIPT_PWNED in seen[EVIL_CLAIM]["tooltip"] and BREAKOUT in seen[EVIL_CLAIM]["tooltip"]
    for node, found in seen.items():
        assert found["markup"] == 0, f"{node}: an element was created from text on {found['url']}"
        assert found["tooltip"], f"{node}: no tooltip on {found['url']}"


def test_standalone_notebook_page_draws_offline(seed_store: EmbeddedStore, browser: Any, tmp_path: Path) -> None:
    """What ``network_for(...).show()`` writes in a notebook: one file, vis-network inlined, opened from disk."""
    payload = run_query(seed_store, "neighbors", {"id": EVIL_CLAIM, "depth": 2})
    assert isinstance(payload, GraphPayload)
    target = tmp_path / "notebook.html"
    network_for(payload).write_html(str(target))
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    watch = Watch(page, target.as_uri())
    try:
        report = open_view(page, target.as_uri())
        page.screenshot(path=str(ARTIFACTS / "view-notebook-file.png"))
    finally:
        page.close()
    assert watch.problems == []
    assert report["pwned"] is None and report["painted"] > 500
    assert sorted(report["drawn"]) == sorted(node.id for node in payload.nodes)


def hover_and_click(page: Any, node: str) -> dict[str, Any]:
    """Hover a node (tooltip) and click it (details panel); the text shown and any element made from markup."""
    point = page.evaluate(
        """(id) => {
            const network = window.claimgraph.network;
            network.focus(id, {scale: 1.2, animation: false});
            const dom = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.querySelector('#network canvas').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node,
    )
    page.mouse.move(point["x"] - 3, point["y"] - 3)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("div.vis-tooltip .tip", state="visible", timeout=5_000)
    page.mouse.click(point["x"], point["y"])
    found: dict[str, Any] = page.evaluate(
        """() => ({
            tooltip: document.querySelector('div.vis-tooltip').textContent,
            details: Array.from(document.querySelectorAll('#details > div, #details dd')).map(e => e.textContent).join('\\n'),
            markup: document.querySelectorAll('div.vis-tooltip img, div.vis-tooltip script, #details img, #details script').length,
        })"""
    )
    page.mouse.move(5, 5)
    return found


# -- the toll chart, the contradictions page and the API docs ------------------------------------------------------


def open_page(browser: Any, base_url: str, url: str, screenshot: str, *, ready: str) -> tuple[Any, Watch]:
    """A new page at ``url``, once ``ready`` (a CSS selector) is on it; its screenshot saved under the artifacts."""
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    watch = Watch(page, base_url)
    response = page.goto(base_url + url, wait_until="load")
    assert response is not None and response.status == 200, url
    page.wait_for_selector(ready, state="attached", timeout=30_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / screenshot))
    return page, watch


@pytest.mark.parametrize("victims", ["civilians", "people"])
def test_toll_chart_draws_in_chromium(victims: str, base_url: str, browser: Any) -> None:
    page, watch = open_page(
        browser,
        base_url,
        f"/view/tolls?victims={victims}",
        f"view-tolls-{victims}.png",
        ready='body[data-drawn="true"]',
    )
    try:
        report = page.evaluate(
            """() => {
                const data = JSON.parse(document.getElementById('chart-data').textContent);
                return {
                    series: data.series.map(s => s.label),
                    points: data.series.reduce((n, s) => n + s.x.length, 0),
                    drawnPoints: document.querySelectorAll('#toll-chart .scatterlayer .point').length,
                    legend: Array.from(document.querySelectorAll('#toll-chart .legendtext')).map(t => t.textContent),
                    rows: document.querySelectorAll('#toll-table tbody tr').length,
                    event: document.querySelector('select[name="topic"]').value,
                    // every drawn point: its centre on screen and the table row it stands for
                    marks: Array.from(document.querySelectorAll('#toll-chart .scatterlayer .point')).map(point => {
                        const box = point.getBoundingClientRect();
                        const trace = point.closest('.trace').__data__[0].trace;
                        return [box.x + box.width / 2, box.y + box.height / 2, trace.customdata[point.__data__.i]];
                    }),
                    pwned: window.__pwned === undefined ? null : window.__pwned,
                };
            }"""
        )
        x, y, _ = report["marks"][0]
        page.mouse.click(x, y)
        page.wait_for_selector("#toll-table tr.highlight", state="attached", timeout=5_000)
        highlighted = page.evaluate("() => document.querySelector('#toll-table tr.highlight').id")
        page.screenshot(path=str(ARTIFACTS / f"view-tolls-{victims}-clicked.png"))
    finally:
        page.close()
    assert watch.problems == []
    assert report["pwned"] is None
    table = httpx.get(f"{base_url}/claims/tolls", params={"victims": victims}, timeout=10).json()
    [group] = [group for group in table["groups"] if group["victims"] == victims]
    # the page shows one event's tolls (by default the event with the most), joined per claimant
    shown = [row for row in group["rows"] if report["event"] in ("any", row["topic"])]
    assert report["event"] != "any"
    assert report["rows"] == len(shown) > 1
    assert report["drawnPoints"] == report["points"] > 1, "every dated toll is a point on the chart"
    assert sorted(report["legend"]) == sorted(report["series"]), "one legend entry per claimant, names as text"
    under_the_click = {anchor for px, py, anchor in report["marks"] if abs(px - x) < 4 and abs(py - y) < 4}
    assert highlighted in under_the_click, "a click on a point shows its sentence in the table"


def test_contradictions_page_in_chromium(base_url: str, browser: Any) -> None:
    page, watch = open_page(
        browser, base_url, "/view/contradictions?relation=any", "view-contradictions.png", ready="article.link"
    )
    try:
        shown = page.evaluate(
            """() => Array.from(document.querySelectorAll('article.link')).map(a => ({
                relation: a.querySelector('.relation').textContent,
                claims: a.querySelectorAll('.claim').length,
                sentences: Array.from(a.querySelectorAll('blockquote')).filter(q => q.textContent.trim()).length,
            }))"""
        )
    finally:
        page.close()
    assert watch.problems == []
    links = httpx.get(f"{base_url}/claims/links", timeout=10).json()
    assert len(shown) == min(links["total"], 50) and {link["relation"] for link in shown} >= {"CONTRADICTS"}
    for link in shown:
        assert link["claims"] >= 1 and link["sentences"] == link["claims"]


@pytest.mark.parametrize(("url", "ready"), [("/docs", ".swagger-ui .opblock"), ("/redoc", "[data-section-id]")])
def test_api_docs_render_offline(url: str, ready: str, base_url: str, browser: Any) -> None:
    """Swagger UI and ReDoc draw with every asset from the app: any request elsewhere fails the test."""
    page, watch = open_page(browser, base_url, url, f"docs{url.replace('/', '-')}.png", ready=ready)
    try:
        operations = page.evaluate("(sel) => document.querySelectorAll(sel).length", ready)
    finally:
        page.close()
    assert watch.problems == []
    assert operations >= 20
