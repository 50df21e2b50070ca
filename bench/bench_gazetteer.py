"""Start-up cost of the world gazetteer: the packaged data's size, the CPU time and memory of ``Gazetteer.load()``
(in a fresh process, as a store-free start-up pays it), and the cost of the on-demand small-places lookups.

    python bench/bench_gazetteer.py

Targets (issue 9): start-up with the world gazetteer <= 1.5 s, a load's peak memory <= 1 GB.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from loaders.gazetteer_files import DATA_DIR  # noqa: E402

_CHILD = """
import json, resource, time
from loaders.gazetteer import Gazetteer
cpu, wall = time.process_time(), time.perf_counter()
gazetteer = Gazetteer.load()
loaded = {"load_cpu": time.process_time() - cpu}
gazetteer.automaton, gazetteer.word_automaton()
loaded |= {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
          "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "entities": len(gazetteer.entities)}
names = ["Olenivka", "Hodeidah", "Djenne", "Union", "Nowhereville", "Kramatorsk", "Moura", "Laiza"] * 25
wall = time.perf_counter()
first = [gazetteer.small_place(name + str(i), {"UA"}) for i, name in enumerate(names)]  # every one a new key
loaded["lookup_ms"] = (time.perf_counter() - wall) * 1000 / len(names)
loaded["rss_after_lookups_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(loaded))
"""


def main() -> None:
    sizes = {path.name: path.stat().st_size / 1e6 for path in sorted(DATA_DIR.iterdir()) if path.is_file()}
    print("packaged data: " + ", ".join(f"{name} {size:.1f} MB" for name, size in sizes.items()))
    runs = []
    for _ in range(3):
        output = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(output.splitlines()[-1]))
    best = min(runs, key=lambda run: run["cpu"])
    print(
        f"Gazetteer.load(), fresh process, best of 3: CPU {best['load_cpu']:.2f} s; with both automata: CPU {best['cpu']:.2f} s, "
        f"wall {best['wall']:.2f} s, peak RSS {best['rss_mb']:.0f} MB, {best['entities']} entities"
    )
    print(
        f"small-place lookup (a new spelling each time): {best['lookup_ms']:.3f} ms; "
        f"peak RSS after them {best['rss_after_lookups_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
