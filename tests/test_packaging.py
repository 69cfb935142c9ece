"""The wheel carries the knowledge folders, so an install outside the checkout works."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_runs_outside_the_repository(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True)
    wheel = next((tmp_path / "dist").glob("untoc_kg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("untoc_kg/_data/ontology/untoc.ttl", "untoc_kg/_data/shapes/untoc-shapes.ttl",
                   "untoc_kg/_data/loaders/zh/phrasebook.yaml", "untoc_kg/_data/queries/states-on-topic.rq",
                   "untoc_kg/_data/samples/000_edfd6897bde2ce76.txt",
                   # The SPARQL the engine runs (untoc_kg/sparql_files.py); the load below reads
                   # linking/ when it links.
                   "untoc_kg/_data/describing/totals.rq", "untoc_kg/_data/linking/annex-items.rq",
                   "untoc_kg/_data/remote/report-graphs.rq"):
        assert needed in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    # Only the installed copy and the dependencies' site-packages are on the path, not the checkout.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]]))
    code = ("import untoc_kg.resources as r, untoc_kg.cli as c; print(r.data_dir('queries'));"
            "c.cli(['--store', 'db', 'load', str(r.data_dir('samples') / '000_edfd6897bde2ce76.txt')], standalone_mode=False)")
    out = subprocess.run([sys.executable, "-c", code],
                         cwd=work, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert str(target) in out.stdout.splitlines()[0]
    assert "loaded 000_edfd6897bde2ce76.txt" in out.stdout
