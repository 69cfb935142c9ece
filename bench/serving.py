"""The serving layer at scale (issue 14): computing it, and the calls that read it.

    .venv/bin/python bench/serving.py --store PATH [--runs 11] [--no-compute] [--no-queries]

On a copy of the store at PATH (PATH itself is only read; the copy goes to --workdir):

- computing graph/serving, each in a child process of its own so that its peak RSS is its own:
  "afresh" (after the graph there was is dropped, in a child before: a first load, or a store
  of an older layout) and "again" (the store unchanged since the last computation: only what
  changed is written, which is nothing); the seconds, the peak RSS, the triples written and
  removed, and the triples of the graph;
- then, on the copy compacted as a load leaves it:
- the median of --runs runs (run_query, in this process) of every stored query called with a
  selective parameter (state, body, topic, name, number), and of the first page (limit=100)
  of every listing, with the rows of each.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The selective calls: each parameter that picks a part of the series, with values the
# benchmark corpus has (bench/generate.py 1000 --seed 0: acts 23/1; the person Burrows).
SELECTIVE = (
    ("attendance", {"body": "CTOC/COP/WG.6"}), ("attendance", {"body": "CTOC/COP/WG.2"}),
    ("state-profile", {"state": "USA"}), ("state-profile", {"state": "PER"}), ("state-profile", {"state": "EU"}),
    ("co-sponsorship", {"state": "MEX"}), ("co-sponsorship", {"state": "USA", "min_acts": "2"}),
    ("recommendations", {"body": "CTOC/COP/WG.2", "topic": "organized-fraud"}),
    ("recommendations", {"body": "CTOC/COP/WG.2"}), ("recommendations", {"topic": "organized-fraud"}),
    ("topic-timeline", {"topic": "organized-fraud"}), ("topic-timeline", {"topic": "crimes-affecting-the-environment"}),
    ("citation-graph", {"number": "23/1"}),
    ("endorsement-chain", {"body": "CTOC/COP/WG.3"}), ("endorsement-chain", {"body": "CTOC/COP/WG.2"}),
    ("statements", {"body": "CTOC/COP/WG.2", "state": "USA"}), ("statements", {"state": "USA"}),
    ("statements", {"body": "CTOC/COP/WG.6"}), ("statements", {"topic": "organized-fraud"}),
    ("persons", {"name": "Burrows"}),
    ("states-on-topic", {}), ("states-on-topic", {"topic": "organized-fraud"}),
    ("federated-states", {}), ("federated-states", {"topic": "organized-fraud"}),
)
PARAMS = {"state-profile": {"state": "USA"}}


def task_drop(path: str) -> dict:
    """Drop graph/serving and compact (a child process of its own: the drop is one transaction)."""
    from untoc_kg.serving import SERVING_GRAPH
    from untoc_kg.store import GraphStore

    with GraphStore(Path(path)) as store:
        t0 = time.perf_counter()
        store.drop_graph(str(SERVING_GRAPH))
        store.flush()
        store.compact()
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def task_compute(path: str) -> dict:
    """serve_store on the store at path (a child process: its peak RSS is this computation's)."""
    from untoc_kg.serving import SERVING_GRAPH, serve_store
    from untoc_kg.store import GraphStore

    with GraphStore(Path(path)) as store:
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        report = serve_store(store)
        seconds = time.perf_counter() - t0
        triples = store.count(str(SERVING_GRAPH))
    return {"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_before_mib": base, "added": report.added, "removed": report.removed, "triples": triples,
            "rows": report.rows}


def child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def compute(path: Path) -> None:
    print(f"\ncomputing graph/serving on {path} (a child process each)")
    dropped = child("--task-drop", str(path))
    print(f"(dropping the graph there was, and compacting: {dropped['seconds']:.1f} s, peak {dropped['peak_mib']:.0f} MiB)")
    print(f"{'run':<8} {'seconds':>8} {'peak MiB':>9} {'written':>9} {'removed':>9} {'triples':>9}")
    for run in ("afresh", "again"):
        result = child("--task-compute", str(path))
        print(f"{run:<8} {result['seconds']:>8.1f} {result['peak_mib']:>9.0f} "
              f"{result['added']:>9,} {result['removed']:>9,} {result['triples']:>9,}")
    print("rows ranked:", ", ".join(f"{name} {rows:,}" for name, rows in sorted(result["rows"].items())))


def timed(store, name: str, params: dict, runs: int) -> tuple[float, int]:
    from untoc_kg.queries import run_query
    times, rows = [], 0
    run_query(store, name, params)          # warm-up
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = len(run_query(store, name, params).rows)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), rows


def queries(path: Path, runs: int) -> None:
    from untoc_kg.queries import stored_queries
    from untoc_kg.store import GraphStore

    with GraphStore(path, read_only=True) as store:
        print(f"\nselective calls, median of {runs} runs (run_query)")
        print(f"{'call':<66} {'rows':>7} {'median ms':>10}")
        for name, params in SELECTIVE:
            median, rows = timed(store, name, params, runs)
            label = name + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
            print(f"{label:<66} {rows:>7} {median:>10.1f}")
        print(f"\nfirst page (limit=100) of every listing, median of {runs} runs")
        print(f"{'listing':<66} {'rows':>7} {'median ms':>10}")
        for name, query in stored_queries().items():
            median, rows = timed(store, name, {**PARAMS.get(name, {}), "limit": "100"}, runs)
            print(f"{name + ('  (read by rank)' if query.ranked else ''):<66} {rows:>7} {median:>10.1f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--task-compute":
        print(json.dumps(task_compute(sys.argv[2])))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--task-drop":
        print(json.dumps(task_drop(sys.argv[2])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a loaded store (only read; a copy is computed on)")
    parser.add_argument("--workdir", type=Path, default=None, help="where the copy goes (a temporary folder)")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--no-compute", action="store_true")
    parser.add_argument("--no-queries", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        copy = Path(tmp) / "store.db"
        shutil.copytree(args.store, copy, ignore=shutil.ignore_patterns("untoc-kg.lock", "untoc-kg.readers"))
        if not args.no_compute:
            compute(copy)
        if not args.no_queries:
            from untoc_kg.store import GraphStore
            # As a load leaves it: compacted after the serving layer is written.
            with GraphStore(copy) as store:
                store.compact()
            queries(copy, args.runs)


if __name__ == "__main__":
    main()
