"""Golden files: each sample report's graph, as the load prepares it for the store, compared
line by line with tests/golden/NNN.nq.

The fact tests say what a report must give; these say that a change to reading or mapping
gives exactly what it gave before, so that a refactor shows as a diff and an intended change
is seen whole before it is accepted. Two values change with every load or every code change
and are left out: the load time (prov:generatedAtTime, dropped) and the loader version
(untoc:loaderVersion, whose digest covers the code: its value is masked).

An intended change is accepted by writing the files again and reading the diff:

    .venv/bin/python -m tests.test_golden            # rewrites tests/golden/*.nq
    git diff tests/golden/
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from pathlib import Path

import pytest

from untoc_kg.loading import prepare

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
GOLDEN = HERE / "golden"
LOADED_AT = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)

_GENERATED_AT = "<http://www.w3.org/ns/prov#generatedAtTime>"
_LOADER_VERSION = re.compile(r'(<https://w3id\.org/untoc-kg/ontology#loaderVersion> )"[^"]*"')
MASKED_VERSION = r'\1"untoc-kg (version masked)"'


def golden_name(sample: Path) -> str:
    return f"{sample.name.split('_', 1)[0]}.nq"


def nquads(sample: Path) -> str:
    """The report graph of ``sample`` as sorted N-Quads, without the load time and with the
    loader version masked."""
    result = prepare(sample, LOADED_AT)
    graph = f"<{result.graph_iri}>"
    lines = []
    for line in result.ntriples.splitlines():
        if not line.strip() or _GENERATED_AT in line:
            continue
        assert line.endswith(" ."), f"not an N-Triples line: {line!r}"
        lines.append(f"{_LOADER_VERSION.sub(MASKED_VERSION, line[:-2])} {graph} .")
    return "\n".join(sorted(lines)) + "\n"


SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


def test_every_sample_has_a_golden_file():
    assert SAMPLE_FILES, "no sample reports found"
    assert sorted(p.name for p in GOLDEN.glob("*.nq")) == sorted(golden_name(p) for p in SAMPLE_FILES)


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name[:3])
def test_a_fresh_load_gives_the_golden_file(sample):
    expected = (GOLDEN / golden_name(sample)).read_text(encoding="utf-8")
    actual = nquads(sample)
    if actual != expected:
        diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), "golden", "fresh load",
                                         lineterm="", n=0))
        shown = "\n".join(diff[:60]) + (f"\n… {len(diff) - 60} more diff lines" if len(diff) > 60 else "")
        pytest.fail(f"{sample.name} no longer gives tests/golden/{golden_name(sample)}:\n{shown}\n"
                    "If the change is intended, rewrite the golden files (python -m tests.test_golden) "
                    "and review git diff tests/golden/.", pytrace=False)


def test_the_golden_files_hold_no_load_time_and_no_loader_digest():
    for path in GOLDEN.glob("*.nq"):
        text = path.read_text(encoding="utf-8")
        assert _GENERATED_AT not in text
        versions = re.findall(r'ontology#loaderVersion> "([^"]*)"', text)
        assert versions == ["untoc-kg (version masked)"], path.name


def write_golden_files() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for sample in SAMPLE_FILES:
        (GOLDEN / golden_name(sample)).write_text(nquads(sample), encoding="utf-8")
        print(f"wrote {GOLDEN / golden_name(sample)}")


if __name__ == "__main__":
    write_golden_files()
    sys.exit(0)
