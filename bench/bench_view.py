"""How long a 300-node network view takes to draw in headless Chromium (target: under 3 s).

Builds a synthetic graph in a temporary embedded store (articles mentioning a centre and many actors and places,
with claims that blame and locate), serves the app with uvicorn on a free 127.0.0.1 port, and opens the centre's
depth-2 ego view, capped at ``--nodes``, in Debian's Chromium through Playwright. For each run it prints:

- ``html``: the server's time to answer the page (query + pyvis network + template), measured with httpx;
- ``load→drawn``: from navigation start to the network settled and drawn (what a user waits for);
- ``script→drawn``: the same from the moment views.js starts (layout and drawing alone).

    /work/venv/bin/python bench/bench_view.py [--nodes 300] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from api.app import create_app
from graph.embedded import EmbeddedStore
from graph.records import GraphBatch, NodeRecord, RelRecord
from graph.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script: make bench/ importable as a package, as bench_scale does
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

CENTER = "organization/center"
TARGET_S = 3.0


def synthetic_batch(articles: int = 120, actors: int = 400, places: int = 60, seed: int = 7) -> GraphBatch:
    """A centre mentioned by every article; each article names actors and places and holds two claims."""
    rng = random.Random(seed)
    nodes = [NodeRecord(CENTER, "Organization", {"name": "Centre Monitor", "aliases": ["CM"]})]
    rels: list[RelRecord] = []
    labels = ("Person", "Faction", "Government", "Organization")
    actor_ids = [f"{labels[i % 4].lower()}/actor-{i}" for i in range(actors)]
    nodes += [NodeRecord(actor, labels[i % 4], {"name": f"Actor number {i}"}) for i, actor in enumerate(actor_ids)]
    place_ids = [f"location/place-{i}" for i in range(places)]
    nodes += [
        NodeRecord(place, "Location", {"name": f"Place {i}", "kind": "district"}) for i, place in enumerate(place_ids)
    ]
    for a in range(articles):
        article = f"article/synthetic-{a}"
        text = f"Synthetic article {a}. " + "Words about the events. " * 20
        nodes.append(NodeRecord(article, "Article", {"name": f"Synthetic article {a}", "text": text}))
        rels.append(RelRecord(article, "MENTIONS", CENTER, {"alias": "CM", "count": 1, "start": 0, "end": 2}))
        for other in rng.sample(actor_ids, 4) + rng.sample(place_ids, 2):
            rels.append(RelRecord(article, "MENTIONS", other, {"alias": "x", "count": 1, "start": 0, "end": 1}))
        for c in range(2):
            claim = f"claim/synthetic-{a}/blame/{c * 10}-{c * 10 + 9}"
            nodes.append(
                NodeRecord(
                    claim,
                    "Claim",
                    {
                        "name": f"claim {a}.{c}",
                        "article_id": article,
                        "kind": "blame",
                        "text": f"claim {a}.{c}",
                        "start": c * 10,
                        "end": c * 10 + 9,
                        "sentence": f"Synthetic article {a}.",
                    },
                )
            )
            rels.append(RelRecord(article, "CONTAINS", claim))
            rels.append(RelRecord(CENTER if c == 0 else rng.choice(actor_ids), "CLAIMS", claim))
            rels.append(RelRecord(claim, "BLAMES", rng.choice(actor_ids)))
            rels.append(RelRecord(claim, "AT", rng.choice(place_ids)))
    return GraphBatch(nodes=nodes, rels=rels)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=300, help="Node cap of the view (default 300).")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"skipped: {CHROMIUM} is missing (apt-get install chromium)")
        return 0
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        store.write(synthetic_batch())
        config = uvicorn.Config(
            create_app(Settings(), store), host="127.0.0.1", port=free_port(), log_level="warning", ws="none"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{config.port}/view/entities/{CENTER}?depth=2&limit={args.nodes}"
        try:
            started = time.perf_counter()
            page_html = httpx.get(url, timeout=30)
            first_html = time.perf_counter() - started
            page_html.raise_for_status()
            html_times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                httpx.get(url, timeout=30).raise_for_status()
                html_times.append(time.perf_counter() - started)
            runs = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
                # one context: the first run fetches vis-network cold, later ones from the cache, as a user would
                context = browser.new_context(viewport={"width": 1400, "height": 950})
                for _ in range(args.runs):
                    page = context.new_page()
                    started = time.perf_counter()
                    page.goto(url, wait_until="commit")
                    page.wait_for_selector('body[data-drawn="true"]', state="attached", timeout=60_000)
                    wall = time.perf_counter() - started
                    state = page.evaluate(
                        """() => ({nodes: window.claimgraph.network.body.data.nodes.length,
                                   edges: window.claimgraph.network.body.data.edges.length,
                                   startedMs: window.claimgraph.startedMs, drawMs: window.claimgraph.drawMs})"""
                    )
                    runs.append({"wall": wall, **state})
                    page.close()
                context.close()
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            store.close()
    first, warm = runs[0], runs[1:] or runs
    print(f"view: {first['nodes']} nodes, {first['edges']} links (depth-2 ego view capped at {args.nodes})")
    print(f"machine load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"html (server)          : first {first_html * 1000:.0f} ms, median {statistics.median(html_times) * 1000:.0f} ms"
    )
    print("run   navigation→drawn   navigation→script start   script start→drawn")
    for number, run in enumerate(runs, 1):
        cache = "cold" if number == 1 else "warm"
        print(
            f"{number} {cache}  {run['wall']:8.2f} s {run['startedMs'] / 1000:18.2f} s {run['drawMs'] / 1000:20.2f} s"
        )
    warm_median = statistics.median(run["wall"] for run in warm)
    print(f"navigation→drawn: cold {first['wall']:.2f} s, warm median {warm_median:.2f} s")
    verdict = "meets" if max(run["wall"] for run in runs) < TARGET_S else "MISSES"
    print(f"target < {TARGET_S:.0f} s from navigation to drawn, every run: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
