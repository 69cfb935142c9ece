"""How long publishing the sample reports to an Oxigraph server takes.

    .venv/bin/python bench/publish.py [--runs 5] [folder]

Loads the folder (default samples/) into an in-memory store, starts `oxigraph serve` (PyPI
`oxigraph`) on a free port of 127.0.0.1 in a temporary folder, then publishes --runs times
by SPARQL Update and --runs times by the Graph Store Protocol. The first run writes into an
empty server; the others replace what is there. Prints each run and the median, and checks
that the server ends with exactly the local triples.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_remote import OxigraphServer, oxigraph_executable, remote_counts  # noqa: E402
from untoc_kg.loading import load_files  # noqa: E402
from untoc_kg.remote import Credentials, publish  # noqa: E402
from untoc_kg.store import GraphStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("folder", nargs="?", default=str(ROOT / "samples"))
    args = parser.parse_args()
    executable = oxigraph_executable()
    if executable is None:
        sys.exit("The Oxigraph server is not installed: pip install oxigraph (a dev dependency).")
    with GraphStore(None) as store, tempfile.TemporaryDirectory() as tmp:
        load_files(store, [args.folder])
        server = OxigraphServer(Path(tmp), executable).start()
        try:
            print(f"{store.count()} triples in {len(store.named_graphs())} graphs; "
                  f"oxigraph serve on {server.base}")
            for protocol, how in (("SPARQL Update", {"endpoint": server.update}),
                                  ("Graph Store Protocol", {"graph_store": server.store})):
                seconds = []
                for run in range(1, args.runs + 1):
                    report = publish(store, credentials=Credentials(), **how)
                    seconds.append(report.seconds)
                    print(f"  {protocol:<21} run {run}: {report.seconds:.3f} s, {report.requests} request(s)")
                print(f"{protocol}: median {statistics.median(seconds):.3f} s, "
                      f"first (empty server) {seconds[0]:.3f} s")
            local = {g: store.count(g) for g in store.named_graphs()}
            assert remote_counts(server.query) == local, "the server does not hold the local triples"
            print("the server holds exactly the local graphs and triples")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
