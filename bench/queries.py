"""Latency of every stored query on the graph of the sample reports.

    .venv/bin/python bench/queries.py [--runs 50] [--store disk|memory]

Loads samples/ into a fresh store, then runs each stored query (with the parameters of its
example where it needs one) --runs times and prints the median and 95th percentile.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from untoc_kg.loading import load_files  # noqa: E402
from untoc_kg.queries import run_query, stored_queries  # noqa: E402
from untoc_kg.store import GraphStore  # noqa: E402

PARAMS = {"state-profile": {"state": "USA"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--store", choices=("disk", "memory"), default="disk")
    parser.add_argument("folder", nargs="?", default=str(ROOT / "samples"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with GraphStore(Path(tmp) / "bench.db" if args.store == "disk" else None) as store:
            load_files(store, [args.folder])
            print(f"{store.count()} quads ({args.store} store), {args.runs} runs per query")
            print(f"{'query':<20} {'rows':>6} {'median ms':>10} {'p95 ms':>8}")
            for name in stored_queries():
                params = PARAMS.get(name, {})
                times = []
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    rows = run_query(store, name, params).rows
                    times.append((time.perf_counter() - t0) * 1000)
                times.sort()
                p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
                print(f"{name:<20} {len(rows):>6} {statistics.median(times):>10.2f} {p95:>8.2f}")


if __name__ == "__main__":
    main()
