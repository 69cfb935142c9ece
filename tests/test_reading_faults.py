"""Faults of the reading side (issue 13): each test reads a report the way a user's file
would reach the reader and checks what came out.

- the same file gives the same IRIs whatever the hash seed of the process;
- reading does a bounded amount of work per block, and a file beyond any report's size is
  refused before it is read into memory;
- a file that is not UTF-8 is named at the first byte that is not UTF-8;
- a line "第 9/9 号决定" in a working group's report is not an act that working group adopted;
- a phrasebook form carries its value in the phrasebook, so a new form is read or refused
  when the phrasebook loads, never a KeyError in the middle of a report.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest
import yaml
from rdflib import Graph
from rdflib.namespace import RDF

from tests.conftest import REPORT_000, SAMPLES
from untoc_kg.errors import ReportError, UntocError
from untoc_kg.loading import prepare
from untoc_kg.mapping import map_report
from untoc_kg.reading import report as report_module
from untoc_kg.reading import structure
from untoc_kg.reading.phrasebook import Phrasebook
from untoc_kg.reading.report import read_report
from untoc_kg.records import Act
from untoc_kg.vocab import UNTOC

ROOT = Path(__file__).resolve().parent.parent
REPORT_001 = next(SAMPLES.glob("001_*.txt"))
REPORT_002 = next(SAMPLES.glob("002_*.txt"))
REPORT_004 = next(SAMPLES.glob("004_*.txt"))
PHRASEBOOK = ROOT / "loaders" / "zh" / "phrasebook.yaml"
LOADED_AT = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


# ---------------------------------------------------------------- 1. IRIs independent of the hash seed

_READ_AND_MAP = textwrap.dedent("""
    import datetime as dt, json, sys
    from pathlib import Path
    from untoc_kg.mapping import map_report
    from untoc_kg.reading.report import read_report
    out = {}
    for name in sys.argv[1:]:
        records = read_report(Path(name))
        graph = map_report(records, dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
        out[name] = {"keys": {m.body: [r.key for r in m.recommendations] for m in records.meetings},
                     "problems": [p.message for p in records.problems],
                     # rdflib's memory store walks a set of triples: its order is not ours.
                     "nt": sorted(graph.serialize(format="nt").splitlines())}
    print(json.dumps(out))
""")


def _read_with_seed(seed: int) -> dict:
    files = [str(path) for path in sorted(SAMPLES.glob("*.txt"))]
    result = subprocess.run([sys.executable, "-c", _READ_AND_MAP, *files], cwd=ROOT, check=True,
                            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": str(seed)})
    return json.loads(result.stdout)


def test_the_samples_read_the_same_under_any_hash_seed():
    # Seeds 1 and 2 walked the two working groups of the joint report (001) in opposite orders.
    first, *others = [_read_with_seed(seed) for seed in (1, 2, 3)]
    for other in others:
        for name, read in first.items():
            assert other[name]["keys"] == read["keys"], name
            assert other[name]["problems"] == read["problems"], name
            assert other[name]["nt"] == read["nt"], name


def test_each_working_group_of_the_joint_report_keys_its_recommendations_by_section():
    # 001 letters (a)… again in each section: WG.3 has A, C, D, WG.2 has B, C, D (tests/facts/001.yaml).
    records = read_report(REPORT_001)
    sections = {m.body: sorted({r.key.split("-")[0] for r in m.recommendations}) for m in records.meetings}
    assert sections == {"CTOC/COP/WG.3": ["A", "C", "D"], "CTOC/COP/WG.2": ["B", "C", "D"]}
    for meeting in records.meetings:
        keys = [r.key for r in meeting.recommendations]
        assert len(set(keys)) == len(keys)
        assert all(r.key == f"{r.section}-{r.key.split('-')[1]}" for r in meeting.recommendations)
    wg2 = next(m for m in records.meetings if m.body == "CTOC/COP/WG.2")
    assert [r.key for r in wg2.recommendations][:2] == ["B-a", "B-b"]


# ---------------------------------------------------------------- 2. linear reading, a size limit

def _bench():
    spec = importlib.util.spec_from_file_location("bench_read_large", ROOT / "bench" / "read_large.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _CountedBlocks(list):
    """The blocks of a document, counting how many a reader walks through."""

    visits = 0

    def __iter__(self):
        for block in super().__iter__():
            _CountedBlocks.visits += 1
            yield block


_PARSE = structure.parse


def _block_visits(monkeypatch, tmp_path, size: int) -> int:
    def counted(*args, **kwargs):
        document = _PARSE(*args, **kwargs)
        document.blocks = _CountedBlocks(document.blocks)
        return document

    monkeypatch.setattr(report_module.structure, "parse", counted)
    path = tmp_path / f"large-{size}.txt"
    path.write_text(_bench().build(size), encoding="utf-8")
    _CountedBlocks.visits = 0
    read_report(path)
    return _CountedBlocks.visits


def test_reading_walks_each_block_a_bounded_number_of_times(monkeypatch, tmp_path):
    # The report grows fourfold (recommendations and paragraphs repeated, as bench/read_large.py
    # does): a reader that scans every block once per paragraph or label walks sixteen times as
    # many blocks; linear reading walks about four times as many.
    small = _block_visits(monkeypatch, tmp_path, 60_000)
    large = _block_visits(monkeypatch, tmp_path, 240_000)
    assert large < 5 * small, (small, large)


def test_a_file_beyond_any_report_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(200 * 2**20)          # sparse: the disk holds none of it
    tracemalloc.start()
    try:
        with pytest.raises(ReportError) as error:
            read_report(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(error.value) == (
        f"{huge}: the file is 200 MiB, larger than any report of this series (the limit is 8 MiB); "
        "if it really is one report, raise the limit with --max-report-size."
    )
    assert peak < 1_000_000


def test_the_size_limit_is_a_parameter(tmp_path):
    size = REPORT_000.stat().st_size
    with pytest.raises(ReportError, match="the limit is 29.3 KiB"):
        read_report(REPORT_000, max_bytes=30_000)
    assert read_report(REPORT_000, max_bytes=size).meetings[0].body == "CTOC/COP/WG.2"
    assert report_module.MAX_REPORT_BYTES > max(p.stat().st_size for p in SAMPLES.glob("*.txt"))


# ---------------------------------------------------------------- 3. the byte that is not UTF-8

def test_a_bad_byte_in_a_utf8_file_is_named_where_it_is(tmp_path):
    lines = REPORT_000.read_bytes().split(b"\n")
    lines[19] = lines[19][:30] + b"\xff" + lines[19][30:]
    data = b"\n".join(lines)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    offset = data.index(b"\xff")
    with pytest.raises(ReportError) as error:
        read_report(bad)
    assert error.value.place == "line 20"
    assert f"byte {offset} " in error.value.reason
    assert "neither UTF-8 nor GB18030" in error.value.reason


def test_a_bad_byte_after_a_bom_is_counted_from_the_start_of_the_file(tmp_path):
    data = b"\xef\xbb\xbf" + "第一行\n第二行".encode("utf-8") + b"\xff\n"
    bad = tmp_path / "bom.txt"
    bad.write_bytes(data)
    with pytest.raises(ReportError) as error:
        read_report(bad)
    offset = data.index(b"\xff")
    assert error.value.place == "line 2"
    assert f"byte {offset} " in error.value.reason


# ---------------------------------------------------------------- 4. a decision line in a working group's report

def _with_line(tmp_path, after: str, line: str) -> Path:
    text = REPORT_000.read_text(encoding="utf-8")
    assert after in text
    path = tmp_path / "000_with_decision.txt"
    path.write_text(text.replace(after, f"{after}\n\n{line}\n", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("after, line", [
    ("A. 会期", "第 9/9 号决定"),                # before the paragraphs giving the sittings and the chair
    ("A. 关于将影响环境的犯罪定为刑事犯罪的建议", "第9/9号决定"),   # inside the recommendations
    ("一. 引言", "第 9/9 号决议"),
])
def test_a_decision_line_in_a_working_group_report_is_not_its_act(tmp_path, after, line):
    original = prepare(REPORT_000, LOADED_AT)
    result = prepare(_with_line(tmp_path, after, line), LOADED_AT)
    graph = Graph().parse(data=result.ntriples, format="nt")
    adopted = [s for s, o in graph.subject_objects(UNTOC.adoptedAt)
               if (s, RDF.type, UNTOC.Decision) in graph or (s, RDF.type, UNTOC.Resolution) in graph]
    assert adopted == []
    assert not any("CTOC-COP-WG.2/9" in str(s) for s in graph.subjects())
    # The paragraphs after the line are read as before (read as an act's heading, the line
    # took them into the act's text); the line is one more act the report cites.
    counts, expected = dict(result.counts), dict(original.counts)
    del counts["triples"], expected["triples"]
    assert counts.pop("acts cited") == expected.pop("acts cited") + 1
    assert counts == expected


def test_mapping_an_act_no_body_of_the_report_adopts_is_a_sentence():
    # Read afresh: the records are changed, and the session's records_000 are shared.
    records = read_report(REPORT_000)
    records.acts = [Act("decision", "9/9", None)]
    with pytest.raises(ReportError) as error:
        map_report(records, LOADED_AT)
    assert error.value.file == REPORT_000.name
    assert "decision 9/9" in str(error.value) and "loaders/series.yaml" in str(error.value)


# ---------------------------------------------------------------- 5. phrasebook forms carry their values

def _phrasebook(tmp_path, edit) -> Path:
    entries = yaml.safe_load(PHRASEBOOK.read_text(encoding="utf-8"))
    edit(entries)
    path = tmp_path / "phrasebook.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _load(path: Path) -> Phrasebook:
    return Phrasebook(yaml.safe_load(path.read_text(encoding="utf-8")), path, "zh")


def _read_with(monkeypatch, phrasebook: Phrasebook, report: Path):
    monkeypatch.setattr(Phrasebook, "load", classmethod(lambda cls, language="zh": phrasebook))
    return read_report(report)


def _report(tmp_path, source: Path, printed: str, replacement: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert printed in text
    path = tmp_path / source.name
    path.write_text(text.replace(printed, replacement), encoding="utf-8")
    return path


def test_a_format_added_to_the_phrasebook_is_read(monkeypatch, tmp_path):
    path = _phrasebook(tmp_path, lambda entries: entries["terms.format"].update({"在线": "online"}))
    report = _report(tmp_path, REPORT_004, "会议以混合形式举行", "会议以在线形式举行")
    records = _read_with(monkeypatch, _load(path), report)
    assert [m.format for m in records.meetings] == ["online"]


def test_a_form_without_a_value_is_refused_when_the_phrasebook_loads(tmp_path):
    path = _phrasebook(tmp_path, lambda entries: entries["terms.office"].update({"副报告员": None}))
    with pytest.raises(UntocError) as error:
        _load(path)
    assert str(path) in str(error.value) and "terms.office" in str(error.value) and "副报告员" in str(error.value)


# A form added to the pattern itself, as today's phrasebook lists them: the reader once looked
# its value up in a table of the code and stopped on a KeyError in the middle of the report.
FORMS_IN_PATTERNS = {
    "format": ("meeting.format", ['以(?P<format>混合|线上|线下|面对面|在线)(?:形式|方式)举行'],
               REPORT_004, "会议以混合形式举行", "会议以在线形式举行"),
    "office": ("officers.bureau_line", ['^(?P<office>主席|副主席|报告员|副报告员)\\s*:\\s*(?P<list>.+)$',
                                        '^(?P<list>[^:]+\\([^()]+\\))\\s*$'],
               REPORT_002, "报告员：", "副报告员："),
    "act kind": ("acts.cited", ['(?:题为“(?P<title>[^”]+)”的\\s*)?第\\s*(?P<number>\\d{1,4}/\\d{1,3})\\s*号(?P<kind>决议|决定|声明)'],
                 REPORT_000, "第 2/6 号决定", "第 2/6 号声明"),
}


@pytest.mark.parametrize("name", sorted(FORMS_IN_PATTERNS))
def test_a_form_added_to_a_pattern_is_refused_when_the_phrasebook_loads(monkeypatch, tmp_path, name):
    entry, patterns, source, printed, replacement = FORMS_IN_PATTERNS[name]
    path = _phrasebook(tmp_path, lambda entries: entries.update({entry: patterns}))
    report = _report(tmp_path, source, printed, replacement)
    with pytest.raises(UntocError) as error:
        _read_with(monkeypatch, _load(path), report)
    assert str(error.value).startswith(f"{path}: entry {entry!r}")


def _without_line(tmp_path: Path, sample: Path, start: str) -> Path:
    lines = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    [lost] = [line for line in lines if line.startswith(start)]
    changed = tmp_path / sample.name
    changed.write_text("".join(line for line in lines if line is not lost), encoding="utf-8")
    return changed


def test_a_paragraph_lost_in_print_is_said_and_the_paragraphs_after_it_are_read(tmp_path):
    # Without ¶56 (the speakers under item 4), paragraph 57 holds the agenda: read as a line of
    # ¶55 it took the agenda and the attendance lists with it, and nothing said so.
    whole = read_report(REPORT_000).meetings[0]
    changed = read_report(_without_line(tmp_path, REPORT_000, "56. ")).meetings[0]
    assert [item.number for item in changed.agenda] == [item.number for item in whole.agenda]
    assert len(changed.participations) == len(whole.participations) == 85
    def said(meeting):
        return [(tuple(s.refs), getattr(s.speaker, "code", None) or getattr(s.speaker, "key", None))
                for s in meeting.statements]
    lost = [said_one for said_one in said(whole) if said_one not in said(changed)]
    assert lost == [((("CTOC/COP/WG.2", "4"),), code) for code in
                    ("AZE", "CHN", "COL", "DOM", "EGY", "IDN", "PAK", "USA")]
    assert len(changed.statements) == len(whole.statements) - 8
    [gap] = [p for p in read_report(tmp_path / REPORT_000.name).problems if "go from" in p.message]
    assert gap.paragraph == "57"
    assert gap.message == "the report paragraphs go from 55 to 57: paragraph 56 is not in the text"


def test_a_list_item_numbered_past_the_paragraph_is_not_a_lost_paragraph(tmp_path):
    # A list inside ¶4 whose item "7." comes before ¶5: ¶5 and ¶6 follow, so nothing was lost
    # and "7." is a line of ¶4.
    assert not [p for sample in sorted(SAMPLES.glob("*.txt")) for p in read_report(sample).problems
                if "go from" in p.message]
    text = REPORT_000.read_text(encoding="utf-8")
    [fourth] = [line for line in text.splitlines(keepends=True) if line.startswith("4. ")]
    listed = tmp_path / REPORT_000.name
    listed.write_text(text.replace(fourth, fourth + "7. 一项列表中的第七项。\n"), encoding="utf-8")
    records = read_report(listed)
    assert not [p for p in records.problems if "go from" in p.message]
    def cited_where(read):
        return sorted((act.number, act.source.paragraph) for act in read.acts_cited)
    assert cited_where(records) == cited_where(read_report(REPORT_000))
    assert ("11/3", "6") in cited_where(records)

