"""Bad input: one sentence naming the file and the reason, a non-zero exit, an untouched store."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from untoc_kg.cli import cli
from tests.conftest import REPORT_000

BAD = {
    "empty.txt": (b"", "the file is empty"),
    "blank.txt": (b"\n\n  \n", "the file is empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    "latin1.txt": ("Rapport de la Conférence - réunion à Genève, été 2024".encode("latin-1") * 5 + b"\xff\xfe\xfa",
                   "neither UTF-8 nor GB18030"),
    "novel.txt": ("第一章\n\n这是一本小说，不是会议报告。\n".encode("utf-8"), "does not look like a report"),
}


def snapshot(store_dir):
    return sorted(line for line in CliRunner().invoke(cli, ["--store", str(store_dir), "export", "--format", "nq"]).output.splitlines()
                  if "generatedAtTime" not in line)


@pytest.fixture()
def loaded_store(tmp_path):
    store_dir = tmp_path / "db"
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "load", str(REPORT_000)])
    assert result.exit_code == 0, result.output
    return store_dir


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_refused_and_store_untouched(tmp_path, loaded_store, name):
    data, reason = BAD[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    before = snapshot(loaded_store)
    result = CliRunner().invoke(cli, ["--store", str(loaded_store), "load", str(REPORT_000), str(bad)])
    assert result.exit_code != 0
    message = result.output.strip().splitlines()[-1]
    assert str(bad) in message and reason in message
    assert snapshot(loaded_store) == before


def test_missing_path_is_named(tmp_path, loaded_store):
    result = CliRunner().invoke(cli, ["--store", str(loaded_store), "load", str(tmp_path / "nowhere.txt")])
    assert result.exit_code != 0
    assert "nowhere.txt: no such file or folder." in result.output


@pytest.mark.parametrize("encoding, bom, newline", [
    ("gb18030", b"", "\n"), ("utf-8", b"\xef\xbb\xbf", "\r\n"), ("utf-8", b"", "\r\n"), ("gb18030", b"", "\r\n"),
])
def test_other_encodings_and_line_ends_read_the_same(tmp_path, records_000, encoding, bom, newline):
    from untoc_kg.reading.report import read_report
    text = REPORT_000.read_text(encoding="utf-8").replace("\n", newline)
    copy = tmp_path / REPORT_000.name
    copy.write_bytes(bom + text.encode(encoding))
    records = read_report(copy)
    first, expected = records.meetings[0], records_000.meetings[0]
    assert [(s.item, s.role, getattr(s.speaker, "code", None)) for s in first.statements] == \
           [(s.item, s.role, getattr(s.speaker, "code", None)) for s in expected.statements]
    assert [r.text for r in first.recommendations] == [r.text for r in expected.recommendations]
    assert records.encoding == encoding
