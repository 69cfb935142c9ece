"""Listings page (issue 14): the first page of every listing, and full listings streamed as CSV.

    .venv/bin/python bench/paging.py (--store PATH | CORPUS_FOLDER) [--runs 20] [--page 100] [--no-serve]

On a store (opened read-only) or on a corpus folder loaded into a temporary store first:

- for every stored query called with no parameter (state-profile: state=USA), the median and
  95th percentile of its first page (`limit=100` through run_query), next to the median of the
  whole listing, with the rows of each;
- the CSV streaming rate (rows/s) of the full `statements` and `attendance` listings: through
  iter_query + csv_chunks into a sink (what `untoc-kg query --format csv` does), and, unless
  --no-serve, through `untoc-kg serve` over loopback (`/queries/NAME?format=csv`: the worker
  process reads the rows, sends the CSV over its pipe in chunks, the server passes them on);
  with the time to the first row or byte (the query's evaluation and ORDER BY, which Oxigraph
  completes before the first row), the rate over the whole call and after the first row, and
  the peak of Python memory (tracemalloc, a run of its own) of streaming against building the
  whole result and rendering it.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from untoc_kg.loading import load_files  # noqa: E402
from untoc_kg.output import csv_chunks, render  # noqa: E402
from untoc_kg.queries import iter_query, run_query, stored_queries  # noqa: E402
from untoc_kg.store import GraphStore  # noqa: E402

PARAMS = {"state-profile": {"state": "USA"}}
STREAMED = ("statements", "attendance")


def timed(call, runs: int) -> tuple[float, float, object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = call()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))], out


def first_pages(store: GraphStore, runs: int, page: int) -> None:
    print(f"\nfirst page ({page} rows) of every listing, {runs} runs; whole listing, {max(1, runs // 4)} runs")
    print(f"{'query':<20} {'page rows':>9} {'page median ms':>14} {'page p95 ms':>11} "
          f"{'all rows':>8} {'all median ms':>13}")
    for name in stored_queries():
        params = PARAMS.get(name, {})
        run_query(store, name, {**params, "limit": str(page)})                 # warm-up
        median, p95, result = timed(lambda: run_query(store, name, {**params, "limit": str(page)}), runs)
        full_median, _, full = timed(lambda: run_query(store, name, params), max(1, runs // 4))
        print(f"{name:<20} {len(result.rows):>9} {median:>14.1f} {p95:>11.1f} {len(full.rows):>8} {full_median:>13.1f}")


def stream_locally(store: GraphStore, name: str) -> tuple[int, float, float, int]:
    """(rows, seconds to the first row, seconds in all, bytes) of the whole listing as CSV."""
    t0 = time.perf_counter()
    columns, rows = iter_query(store, name)
    count, size, first = 0, 0, None

    def counted():
        nonlocal count, first
        for row in rows:
            if first is None:
                first = time.perf_counter() - t0
            count += 1
            yield row
    for chunk in csv_chunks(columns, counted()):
        size += len(chunk)
    return count, first or 0.0, time.perf_counter() - t0, size


def peak_memory(call) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def streaming(store: GraphStore, runs: int) -> None:
    print(f"\nfull listings as CSV, in this process (iter_query + csv_chunks into a sink), best of {runs}")
    print(f"{'query':<12} {'rows':>7} {'MB':>6} {'first row ms':>12} {'total ms':>9} {'rows/s':>9} "
          f"{'rows/s after 1st':>16} {'peak MiB streamed':>17} {'peak MiB built':>14}")
    for name in STREAMED:
        best = min((stream_locally(store, name) for _ in range(runs)), key=lambda r: r[2])
        rows, first, total, size = best
        streamed = peak_memory(lambda: stream_locally(store, name))
        built = peak_memory(lambda: render(run_query(store, name), "csv").encode("utf-8"))
        print(f"{name:<12} {rows:>7} {size / 1e6:>6.1f} {first * 1000:>12.1f} {total * 1000:>9.1f} "
              f"{rows / total:>9,.0f} {rows / max(total - first, 1e-9):>16,.0f} "
              f"{streamed / 2**20:>17.1f} {built / 2**20:>14.1f}")


def through_server(path: Path, runs: int) -> None:
    import uvicorn

    from untoc_kg.server import create_app
    store = GraphStore(path, read_only=True)
    app = create_app(store, timeout=120, limit=10_000, workers=2)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        print(f"\nthrough `serve` on loopback (2 worker processes), best of {runs}")
        print(f"{'request':<40} {'rows':>7} {'first byte ms':>13} {'total ms':>9} {'rows/s':>9} {'after 1st':>9}")
        requests = [(f"/queries/{name}?format=csv", True) for name in STREAMED]
        requests += [(f"/queries/{name}?format=json&limit=100", False) for name in STREAMED]
        requests += [(f"/queries/{name}", False) for name in STREAMED]          # HTML: the first 100 rows
        for url, is_csv in requests:
            best = None
            for _ in range(runs):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                t0 = time.perf_counter()
                connection.request("GET", url, headers={"Accept": "text/html"})
                response = connection.getresponse()
                first = response.read(1)
                t1 = time.perf_counter()
                body = first + response.read()
                t2 = time.perf_counter()
                connection.close()
                assert response.status == 200, (url, response.status, body[:200])
                rows = body.count(b"\n") - 1 if is_csv else None
                if best is None or t2 - t0 < best[2]:
                    best = (rows, t1 - t0, t2 - t0)
            rows, first, total = best
            rate = f"{rows / total:>9,.0f} {rows / max(total - first, 1e-9):>9,.0f}" if rows else ""
            print(f"{url:<40} {rows if rows is not None else '':>7} {first * 1000:>13.1f} {total * 1000:>9.1f} {rate}")
    finally:
        server.should_exit = True
        thread.join(30)
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", help="a folder of reports to load into a temporary store")
    parser.add_argument("--store", type=Path, help="an existing store (opened read-only)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--page", type=int, default=100)
    parser.add_argument("--no-serve", action="store_true", help="skip the measures through `untoc-kg serve`")
    args = parser.parse_args()
    if (args.store is None) == (args.corpus is None):
        parser.error("give either --store PATH or a corpus folder")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store
        if path is None:
            path = Path(tmp) / "bench.db"
            t0 = time.perf_counter()
            with GraphStore(path) as writable:
                load_files(writable, [args.corpus])
                writable.flush()
            print(f"loaded {args.corpus} in {time.perf_counter() - t0:.1f} s")
        with GraphStore(path, read_only=True) as store:
            print(f"{path}: {store.count():,} quads")
            first_pages(store, args.runs, args.page)
            streaming(store, max(1, args.runs // 4))
        if not args.no_serve:
            through_server(path, max(1, args.runs // 4))


if __name__ == "__main__":
    main()
