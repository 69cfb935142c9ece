"""The next report may come in a layout not seen yet. Each markdown sample is rewritten as a
plain numbered text and as a PDF extraction (hard wraps every 38 characters, running headers,
footers and page numbers, a name split by a line break), and must read into the same facts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from untoc_kg.reading.report import read_report

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
MARKDOWN = ["000_edfd6897bde2ce76.txt", "003_f1c36f5d3f0b82b2.txt", "004_1128377bf6bc7323.txt"]


def plain(text: str) -> str:
    """Markdown stripped: no #, no emphasis, no links, no HTML superscripts."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"\*\*|__", "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"<sup>[^<]*</sup>", "", line)
        line = re.sub(r"^\s*[-*]\s+(?=\()", "", line)
        out.append(line.rstrip())
    return "\n".join(out) + "\n"


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "/.-")


def pdf(text: str, width: int = 38) -> str:
    """Hard wraps (a name split between lines included), and a page break with furniture every 45 lines, as pdftotext prints."""
    lines = []
    for line in plain(text).splitlines():
        if not line.strip():
            lines.append("")
            continue
        while len(line) > width:
            cut = width
            # Latin words wrap at a space, which the extraction drops ("Christian" / "Tournié");
            # Chinese wraps anywhere.
            while 0 < cut and _latin(line[cut - 1]) and _latin(line[cut]):
                cut -= 1
            if cut == 0:
                # A symbol longer than the line overflows it, as pdftotext prints it.
                cut = width
                while cut < len(line) and _latin(line[cut]):
                    cut += 1
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip(" ")
        lines.append(line)
    out, page = [], 1
    for n, line in enumerate(lines, start=1):
        out.append(line)
        if n % 45 == 0:
            out += ["", f"V.24-{10000 + page:05d}", "", "CTOC/COP/WG.2/2024/4", "", f"{page + 1}/12", ""]
            page += 1
    return "\n".join(out) + "\n"


def facts(records):
    meetings = []
    for m in records.meetings:
        meetings.append({
            "body": m.body, "dates": (m.start, m.end), "sittings": m.sitting_count,
            "agenda": [(i.number, i.title) for i in m.agenda],
            "statements": sorted((s.refs[0][1], s.role, getattr(s.speaker, "code", None) or s.speaker.name,
                                  getattr(s.for_agent, "code", None)) for s in m.statements),
            "attendance": sorted((p.participant.code, p.status) for p in m.participations),
            "officers": sorted((o.office, o.person.name) for o in m.officers),
            "recommendations": [(r.label, r.heading, re.sub(r"\s+", "", r.text)) for r in m.recommendations],
            "documents": sorted(s for d in m.documents for s in d.symbols),
        })
    return meetings


@pytest.mark.parametrize("name", MARKDOWN)
@pytest.mark.parametrize("layout", ["plain", "pdf"])
def test_same_facts_in_another_layout(tmp_path, name, layout):
    original = read_report(SAMPLES / name)
    text = (SAMPLES / name).read_text(encoding="utf-8")
    copy = tmp_path / name
    copy.write_text(plain(text) if layout == "plain" else pdf(text), encoding="utf-8")
    rewritten = read_report(copy)
    assert rewritten.layout == layout
    assert rewritten.unresolved == []
    for got, want in zip(facts(rewritten), facts(original), strict=True):
        for key in want:
            assert got[key] == want[key], f"{key} differs in the {layout} layout"


def test_a_heading_cut_before_the_margin_is_joined_when_it_ends_mid_phrase():
    # A PDF heading may wrap early (centred or justified text); one that ends on "的" is unfinished.
    from untoc_kg.reading.phrasebook import Phrasebook
    from untoc_kg.reading.text import clean

    body = ["工作组在会议期间审议了与打击跨国有组织犯罪有关的各项议题并交换了各国的经验和"] * 30
    text = "\n\n".join(body[:15] + ["C. 关于预防和打击影响环境的犯罪的", "联合专题讨论"] + body[15:]) + "\n"
    lines = [line.text for line in clean(text, Phrasebook.load("zh")).lines]
    assert "C. 关于预防和打击影响环境的犯罪的联合专题讨论" in lines
