"""Requests per second of the served endpoint for a stored query, on loopback.

    .venv/bin/python bench/serve.py [--requests 400] [--clients 8] [--query states-on-topic] [--workers N]
                                    [--answer-cache MIB] [--store PATH | FOLDER]

Loads FOLDER (default samples/) into a fresh store on disk, or serves the store --store PATH
as it is (read-only, as `serve` opens it: only the readers' lock note is written there),
starts `untoc-kg serve` on it as its own process on 127.0.0.1, sends a few warm-up requests
(the first fills the server's answer cache; --answer-cache 0 turns it off), then --requests
GETs of /queries/NAME?format=json from --clients threads (one keep-alive connection each),
and prints the throughput and latencies. A bounded loop: it stops after --requests answers,
whatever they are, and counts non-200s.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from untoc_kg.loading import load_files  # noqa: E402
from untoc_kg.store import GraphStore  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} before it answered")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/queries/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer on port {port} within {seconds:g} s")


def client(port: int, path: str, count: int, latencies: list, failures: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            failures.append(response.status)
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--query", default="states-on-topic")
    parser.add_argument("--workers", type=int, help="query worker processes of the server (its default if absent)")
    parser.add_argument("--answer-cache", type=int, metavar="MIB",
                        help="the server's --answer-cache (its default if absent; 0: every request runs its query)")
    parser.add_argument("--store", type=Path, help="serve this store as it is instead of loading FOLDER")
    parser.add_argument("folder", nargs="?", default=str(ROOT / "samples"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "bench.db"
        if args.store is None:
            with GraphStore(path) as store:
                load_files(store, [args.folder])
        with GraphStore(path, read_only=True) as store:
            quads = store.count()
        port = free_port()
        command = [sys.executable, "-m", "untoc_kg.cli", "--store", str(path), "serve", "--port", str(port)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        if args.answer_cache is not None:
            command += ["--answer-cache", str(args.answer_cache)]
        server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            wait_until_up(port, server)
            target = f"/queries/{args.query}?format=json"
            client(port, target, 10, [], [])                       # warm-up
            latencies: list[float] = []
            failures: list[int] = []
            shares = [args.requests // args.clients + (i < args.requests % args.clients) for i in range(args.clients)]
            threads = [threading.Thread(target=client, args=(port, target, n, latencies, failures)) for n in shares]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(30)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * len(latencies))) - 1)]
    cache = "" if args.answer_cache is None else f"; --answer-cache {args.answer_cache}"
    print(f"{quads} quads; GET {target}; {args.requests} requests from {args.clients} clients; "
          f"{os.cpu_count()} CPUs{cache}")
    print(f"{args.requests / elapsed:.1f} requests/s   median {statistics.median(latencies) * 1000:.1f} ms   "
          f"p95 {p95 * 1000:.1f} ms   non-200: {len(failures)}")


if __name__ == "__main__":
    main()
