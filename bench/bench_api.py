"""HTTP benchmark: depth-2 neighbourhoods (cap 300) through `claimgraph serve` on a 100,000-node graph.

Builds a synthetic, schema-valid embedded store of about 100,000 nodes and 500,000 relationships (articles
mentioning actors and places with a skewed popularity, claims and statements with their claimants, outlets,
places and groups, a place hierarchy and actor roles), starts `claimgraph serve` on 127.0.0.1 as a subprocess,
then measures:

- latency of `GET /entities/{id}/neighbors?depth=2&cap=300` from one client, p50 / p95 / max;
- requests per second from concurrent clients (threads with keep-alive connections), for a bounded time.

Targets (issue 4): p95 < 50 ms, >= 200 requests/s on this 2-core machine.

    python bench/bench_api.py                     # build a fresh store in a temporary directory
    python bench/bench_api.py --data /tmp/g100k   # build it there once, reuse it on later runs
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from graph.embedded import EmbeddedStore
from graph.records import GraphBatch, NodeRecord, RelRecord

ACTOR_LABELS = (("Person", 4000), ("Faction", 1500), ("Government", 500), ("Organization", 1500), ("Community", 500))
OUTLETS = 200
LOCATIONS = 2000
ARTICLES = 20_000
CLAIMS_PER_ARTICLE = 2
STATEMENTS_PER_ARTICLE = 1
MENTIONS_PER_ARTICLE = 8
GROUPS = 9_800
MARKER = "bench-api-graph-v2"


_CUMULATIVE: dict[int, list[float]] = {}


def skewed(rng: random.Random, items: list[str]) -> str:
    """Half the picks Zipf-distributed (a few hubs: a country, a leader, a wire agency), half uniform."""
    if rng.random() < 0.5:
        return rng.choice(items)
    weights = _CUMULATIVE.get(len(items))
    if weights is None:
        total = 0.0
        weights = []
        for rank in range(len(items)):
            total += 1.0 / (rank + 1)
            weights.append(total)
        _CUMULATIVE[len(items)] = weights
    return rng.choices(items, cum_weights=weights)[0]


def build(store: EmbeddedStore, seed: int = 7) -> tuple[int, int, float]:
    """Write the synthetic graph in large batches; returns (nodes, relationships, seconds)."""
    rng = random.Random(seed)
    started = time.perf_counter()
    nodes: list[NodeRecord] = []
    rels: list[RelRecord] = []
    written = [0, 0]

    def flush(force: bool = False) -> None:
        if force or len(nodes) + len(rels) >= 150_000:
            store.write(GraphBatch(nodes=list(nodes), rels=list(rels)))
            written[0] += len(nodes)
            written[1] += len(rels)
            nodes.clear()
            rels.clear()

    # places: a country, governorates, districts, villages
    places = ["location/country/SY"]
    nodes.append(NodeRecord(places[0], "Location", {"name": "Syria", "kind": "country", "lat": 35.0, "lon": 38.5}))
    for index in range(1, LOCATIONS):
        kind = "governorate" if index < 15 else "district" if index < 75 else "village"
        parent = places[0] if kind == "governorate" else places[rng.randrange(1, 15 if kind == "district" else 75)]
        place = f"location/bench/{index}"
        lat, lon = 32.5 + rng.random() * 4.5, 35.7 + rng.random() * 6.3
        nodes.append(NodeRecord(place, "Location", {"name": f"Place {index}", "kind": kind, "lat": lat, "lon": lon}))
        rels.append(RelRecord(place, "LOCATED_IN", parent))
        places.append(place)
    # actors and their roles
    actors: dict[str, list[str]] = {}
    for label, count in ACTOR_LABELS:
        actors[label] = [f"{label.lower()}/bench-{index}" for index in range(count)]
        for index, actor in enumerate(actors[label]):
            nodes.append(NodeRecord(actor, label, {"name": f"{label} {index}", "aliases": [f"{label[0]}{index}"]}))
    everyone = [actor for group in actors.values() for actor in group]
    role_targets = actors["Faction"] + actors["Government"] + actors["Organization"]
    for _ in range(10_000):
        source = rng.choice(actors["Person"] + actors["Faction"])
        rel_type = rng.choice(("LEADS", "MEMBER_OF", "SUPPORTS", "OPPOSES"))
        if rel_type == "LEADS" and not source.startswith("person/"):
            rel_type = "SUPPORTS"
        rels.append(RelRecord(source, rel_type, skewed(rng, role_targets)))
    outlets = [f"outlet/bench-{index}" for index in range(OUTLETS)]
    nodes += [NodeRecord(outlet, "Outlet", {"name": f"Outlet {index}"}) for index, outlet in enumerate(outlets)]
    groups = [f"claimgroup/bench-{index}" for index in range(GROUPS)]
    nodes += [
        NodeRecord(group, "ClaimGroup", {"name": f"group {index}", "topic": f"topic-{index // 3}", "kind": "casualty"})
        for index, group in enumerate(groups)
    ]
    flush(force=True)

    sentence = "According to the monitor, at least 120 civilians were killed in the district on Sunday."
    for index in range(ARTICLES):
        article = f"article/bench-{index}"
        day = f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}"
        outlet = skewed(rng, outlets)
        nodes.append(
            NodeRecord(article, "Article", {"name": f"Article {index}", "published": day, "text": sentence * 3})
        )
        rels.append(RelRecord(outlet, "PUBLISHED", article))
        for entity in {skewed(rng, everyone if rng.random() < 0.7 else places) for _ in range(MENTIONS_PER_ARTICLE)}:
            rels.append(RelRecord(article, "MENTIONS", entity, {"alias": "x", "count": 1, "start": 0, "end": 1}))
        for number in range(CLAIMS_PER_ARTICLE + STATEMENTS_PER_ARTICLE):
            is_claim = number < CLAIMS_PER_ARTICLE
            label = "Claim" if is_claim else "Statement"
            evidence = f"{label.lower()}/bench-{index}/{number}"
            props: dict[str, Any] = {
                "name": sentence[:40],
                "article_id": article,
                "text": sentence[26:48],
                "start": 26,
                "end": 48,
                "sentence": sentence,
                "date": day,
                "kind": "casualty" if is_claim else "quote",
            }
            if is_claim:
                props.update(value=rng.randrange(1, 2000), victims="civilians", qualifier="at_least")
            nodes.append(NodeRecord(evidence, label, props))
            rels.append(RelRecord(article, "CONTAINS", evidence))
            speaker = skewed(rng, everyone)
            rels.append(RelRecord(speaker, "CLAIMS" if is_claim else "SAID", evidence))
            rels.append(RelRecord(outlet, "REPORTED", evidence))
            rels.append(RelRecord(evidence, "AT", skewed(rng, places)))
            if is_claim:
                rels.append(RelRecord(evidence, "BLAMES" if number else "ABOUT", skewed(rng, role_targets)))
                rels.append(RelRecord(evidence, "IN_GROUP", groups[(index * 2 + number) % GROUPS]))
        flush()
    flush(force=True)
    return written[0], written[1], time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def wait_until_up(base: str, server: subprocess.Popen[bytes], limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with status {server.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("the server did not start in time")


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server and its worker processes so far, from /proc (Linux)."""
    total = 0.0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, ValueError, IndexError):
            continue
        todo.extend(int(child) for child in children)
    return total


def load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def measure(base: str, centers: list[str], requests: int, clients: int, seconds: float, server_pid: int) -> None:
    url = "/entities/{}/neighbors"
    params = {"depth": 2, "cap": 300}
    with httpx.Client(base_url=base, timeout=60) as client:
        started = time.perf_counter()
        for center in centers[:10]:  # the first requests on each worker connection
            client.get(url.format(center), params=params).raise_for_status()
        print(f"first 10 requests: {time.perf_counter() - started:.2f} s")
        latencies: list[float] = []
        sizes: list[int] = []
        capped = 0
        cpu_before = server_cpu_seconds(server_pid)
        for center in centers[:requests]:
            begin = time.perf_counter()
            response = client.get(url.format(center), params=params)
            latencies.append((time.perf_counter() - begin) * 1000)
            response.raise_for_status()
            payload = response.json()
            sizes.append(len(payload["nodes"]))
            capped += payload["capped"]
        cpu_per_request = (server_cpu_seconds(server_pid) - cpu_before) / len(latencies) * 1000
    print(
        f"one client, {len(latencies)} depth-2 neighbourhoods (cap 300; mean {statistics.mean(sizes):.0f} nodes, "
        f"{capped} capped): p50 {percentile(latencies, 0.5):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
        f"max {max(latencies):.1f} ms  [target p95 < 50 ms]"
    )
    print(f"server CPU time per request: {cpu_per_request:.1f} ms (the machine's load average: {load_average()})")

    done = [0] * clients
    errors = [0] * clients
    stop = time.monotonic() + seconds

    def worker(slot: int) -> None:
        picker = random.Random(slot)
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.monotonic() < stop:
                response = client.get(url.format(picker.choice(centers)), params=params)
                if response.status_code == 200:
                    done[slot] += 1
                else:
                    errors[slot] += 1

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in range(clients)]
    cpu_before = server_cpu_seconds(server_pid)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    server_cpu = server_cpu_seconds(server_pid) - cpu_before
    print(
        f"{clients} concurrent clients for {elapsed:.1f} s: {sum(done)} requests, {sum(done) / elapsed:.0f} requests/s, "
        f"{sum(errors)} errors  [target >= 200 requests/s]"
    )
    per_request = server_cpu / max(sum(done), 1) * 1000
    print(
        f"server CPU: {per_request:.1f} ms per request, {server_cpu / elapsed:.2f} cores busy on average "
        f"(load average now {load_average()}; {os.cpu_count()} CPUs shared with the clients and anything else)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="Store directory: built if missing, reused if built before.")
    parser.add_argument("--requests", type=int, default=400, help="Sequential requests for the latency figures.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients for the throughput figure.")
    parser.add_argument("--seconds", type=float, default=15.0, help="How long the throughput run lasts.")
    parser.add_argument("--workers", type=int, default=2, help="Server processes (claimgraph serve --workers).")
    args = parser.parse_args()

    scratch = None
    data = args.data
    if data is None:
        scratch = tempfile.mkdtemp(prefix="claimgraph-bench-api-")
        data = Path(scratch)
    try:
        marker = data / MARKER
        store = EmbeddedStore(data)
        if not marker.exists():
            nodes, rels, seconds = build(store)
            marker.write_text("built\n")
            print(f"built {nodes} nodes and {rels} relationships in {seconds:.1f} s")
        counts = store.stats()
        print(f"store: {counts.node_count} nodes, {counts.relationship_count} relationships at {data}")
        rng = random.Random(11)
        every_id = [node.id for node in store.iter_nodes()]
        store.close()
        centers = [rng.choice(every_id) for _ in range(args.requests)]

        port = free_port()
        env = {**os.environ, "CLAIMGRAPH_DATA": str(data)}
        env.pop("NEO4J_URI", None)
        command = [str(Path(sys.executable).with_name("claimgraph")), "serve", "--port", str(port), "--no-access-log"]
        command += ["--workers", str(args.workers)]
        print(f"server: claimgraph serve --workers {args.workers} on 127.0.0.1:{port}")
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            started = time.perf_counter()
            wait_until_up(base, server)
            print(f"server up (graph built in memory) after {time.perf_counter() - started:.1f} s")
            measure(base, centers, args.requests, args.clients, args.seconds, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
