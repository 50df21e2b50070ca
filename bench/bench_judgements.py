"""What judgements cost a load (issue 14): a generated corpus loaded with no judgements, then loaded into a new
store that already holds 10,000 judgements, which the loader applies to every article it writes.

    python bench/bench_judgements.py                       # 10,000 articles, 10,000 judgements (~5-10 min)
    python bench/bench_judgements.py --count 1000 --judgements 1000

Steps, all in this process, embedded store, one worker (so CPU time is the load's own), the gazetteer loaded once:
1. load the corpus into a store (a warm-up, and what the judgements are about);
2. make judgements from what it holds (rejected claims, corrected values and claimants, renamed entities, moved
   places, merged provisional entities) and add them to it (checked, applied to what it holds): timed apart;
3. each round, load the corpus into a new store without judgements, and into a new store that holds the same
   judgements (as `claimgraph judgements import` leaves them), which the loader applies to every article; that
   store must end up the same graph as the first (checked by digest).

Target: the judged load takes < 10 % more CPU than the plain one (best of --rounds). Wall time moves with whatever else runs on the machine; CPU time is printed too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_corpus import generate, write_corpus
from graph.embedded import EmbeddedStore
from graph.judgements import Judgement, new_judgement
from graph.store import GraphStore
from loaders.judgements import add_judgements
from loaders.pipeline import load_gazetteer, load_paths


def timed_load(store: GraphStore, corpus: Path, gazetteer: Any) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    report = load_paths(store, [corpus], workers=1, gazetteer=gazetteer)
    return time.perf_counter() - wall, time.process_time() - cpu, len(report.loaded)


def graph_digest(store: GraphStore) -> str:
    """One digest of every node and relationship with its properties."""
    digest = hashlib.sha256()
    for node in store.iter_nodes():
        digest.update(json.dumps([node.id, node.label, node.properties], sort_keys=True, default=str).encode())
    for rel in store.iter_rels():
        digest.update(json.dumps([rel.source, rel.type, rel.target, rel.properties], sort_keys=True).encode())
    return digest.hexdigest()


def make_judgements(store: GraphStore, count: int, seed: int) -> list[Judgement]:
    """A mix of every kind that changes records, picked at random from the store."""
    rng = random.Random(seed)
    nodes = list(store.iter_nodes())
    claims = [n for n in nodes if n.label == "Claim"]
    tolls = [n for n in claims if n.properties.get("kind") == "casualty"]
    actors = [n for n in nodes if n.label in ("Faction", "Government", "Organization", "Person")]
    places = [n for n in nodes if n.label == "Location"]
    provisional = [n for n in actors if n.properties.get("provisional")]
    known = [n for n in actors if not n.properties.get("provisional") and n.label != "Person"]
    rng.shuffle(claims)
    rng.shuffle(tolls)
    found: list[Judgement] = []
    used: set[str] = set()

    def take(pool: list, n: int):  # type: ignore[no-untyped-def,type-arg]
        picked = [node for node in pool if node.id not in used][:n]
        used.update(node.id for node in picked)
        return picked

    share = count // 10
    for node in take(claims, share):
        found.append(new_judgement("reject", [node.id], who="bench", why="not a claim"))
    for node in take(tolls, 3 * share):
        found.append(new_judgement("set_claim", [node.id], {"value": rng.randint(10, 5000)}, who="bench"))
    for node in take(claims, 2 * share):
        found.append(new_judgement("set_claim", [node.id], {"claimant": rng.choice(known).id}, who="bench"))
    for node in take(places, share):
        found.append(new_judgement("set_place", [node.id], {"lat": 35.0, "lon": 36.0}, who="bench"))
    gazetteer = [n for n in actors if not n.properties.get("provisional")]
    for node in take(provisional, share):
        same = [k for k in gazetteer if k.label == node.label]
        if same:
            found.append(new_judgement("merge", [rng.choice(same).id, node.id], who="bench"))
    for node in take(actors + places, count - len(found)):
        found.append(new_judgement("rename", [node.id], {"name": node.properties.get("name", node.id) + " (checked)"}))
    while len(found) < count:  # a small corpus has fewer entities than judgements asked for
        node = rng.choice(claims)
        found.append(new_judgement("confirm", [node.id], who="bench", when=f"2026-01-01T00:00:{len(found):06d}"))
    return found[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="articles (default 10,000)")
    parser.add_argument("--judgements", type=int, default=10_000, help="judgements (default 10,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2, help="timed loads of each kind; the best counts (default 2)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-judgements-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        write_corpus(generate(options.count, options.seed), corpus, "jsonl")
        corpus_file = corpus / "corpus.jsonl"
        print(f"corpus: {options.count:,} generated articles (seed {options.seed})", flush=True)
        gazetteer = load_gazetteer()  # loaded once, before either load is timed

        with EmbeddedStore(root / "a") as first:
            wall, cpu, loaded = timed_load(first, corpus_file, gazetteer)
            print(f"warm-up load (the judgements' targets): {wall:.1f} s wall, {cpu:.1f} s CPU, {loaded:,} articles")
            judgements = make_judgements(first, options.judgements, options.seed)
            started = time.perf_counter()
            stored = add_judgements(first, judgements)
            added = time.perf_counter() - started
            kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(Counter(j.action for j in stored).items()))
            print(f"adding {len(stored):,} judgements to the loaded store ({kinds}): {added:.1f} s", flush=True)
            expected = graph_digest(first)
        plain: list[tuple[float, float]] = []
        judged: list[tuple[float, float]] = []
        same = True
        for round_number in range(1, options.rounds + 1):
            with EmbeddedStore(root / f"plain-{round_number}") as store:
                plain.append(timed_load(store, corpus_file, gazetteer)[:2])
            with EmbeddedStore(root / f"judged-{round_number}") as store:
                store.save_judgements(stored)  # as `claimgraph judgements import` leaves them
                judged.append(timed_load(store, corpus_file, gazetteer)[:2])
                same = same and graph_digest(store) == expected
            print(
                f"round {round_number}: load without judgements {plain[-1][0]:.1f} s wall, {plain[-1][1]:.1f} s CPU; "
                f"with {len(stored):,} judgements {judged[-1][0]:.1f} s wall, {judged[-1][1]:.1f} s CPU",
                flush=True,
            )
        wall0, cpu0 = min(w for w, _ in plain), min(c for _, c in plain)
        wall1, cpu1 = min(w for w, _ in judged), min(c for _, c in judged)
        wall_cost, cpu_cost = wall1 / wall0 - 1, cpu1 / cpu0 - 1
        print(
            f"cost of applying {len(stored):,} judgements to a {options.count:,}-article load (best of {options.rounds}): "
            f"{wall_cost:+.1%} wall, {cpu_cost:+.1%} CPU (target < 10 %: {'met' if cpu_cost < 0.10 else 'NOT met'})"
        )
        print(f"the same graph as judging after the load: {'yes' if same else 'NO'}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
