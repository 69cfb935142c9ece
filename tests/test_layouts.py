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


def _wrap_as_the_benchmark(text: str, columns: int) -> str:
    """The sample as bench/generate.py's pdf layout prints it, ``columns`` wide (display width),
    a blank line after every line, no page breaks (so only the wraps differ)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("bench_generate", SAMPLES.parent / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generate          # dataclasses look their module up while it loads
    spec.loader.exec_module(generate)

    class Fixed:                                # the generator's random choices, pinned
        def randint(self, low, high):
            return columns // 2 if (low, high) == (34, 42) else 10_000

        def random(self):
            return 0.0

    # The Conference report comes without its table of contents, as the generator prints it.
    text = "\n".join(generate.drop_contents(text.split("\n")))
    return generate.wrap_pdf(text, Fixed(), "CTOC/COP/WG.2/2023/4", 2023)


# Real wraps of the samples that once lost a fact: each is the width at which the pdf layout of
# bench/generate.py cuts the line right after a colon or full stop, which a reader takes for the
# author's line end.
WRAPPED_AT_A_STOP = [
    # 003: a recommendation heading with a colon in it, cut after the colon:
    # "…从《公约》国际合作条款实施工作中吸取的经验教训：" / "为引渡和司法协助目的确定双重犯罪的指示性实例"
    ("003_f1c36f5d3f0b82b2.txt", 82, "…吸取的经验教训：", "为引渡和司法协助目的确定双重犯罪的指示性实例"),
    # 002: an adoption cut before the act it became:
    # "…联合王国和美国。" / "（案文见第一章 A 节，第 12/4 号决议。）"
    ("002_ed9f8f015a552a03.txt", 68, "…联合王国和美国。", "（案文见第一章 A 节，第 12/4 号决议。）"),
    # 004: an item of the adopted agenda cut after its colon, the next item right after it:
    # "2. 与…审议机制有关的事项：" / "挑战、吸取的经验教训和查明的技术援助需要" / "3. …"
    ("004_1128377bf6bc7323.txt", 76, "…审议机制有关的事项：", "挑战、吸取的经验教训和查明的技术援助需要"),
]


@pytest.mark.parametrize("name,columns,before,after", WRAPPED_AT_A_STOP)
def test_a_line_the_wrap_ends_at_a_colon_or_full_stop_is_joined(tmp_path, name, columns, before, after):
    text = (SAMPLES / name).read_text(encoding="utf-8")
    wrapped = _wrap_as_the_benchmark(text, columns)
    lines = wrapped.split("\n")
    cut = lines.index(after)
    assert lines[cut - 2].endswith(before.lstrip("…"))      # the wrap really falls there
    copy = tmp_path / name
    copy.write_text(wrapped, encoding="utf-8")
    original, rewritten = read_report(SAMPLES / name), read_report(copy)
    assert rewritten.layout == "pdf"
    assert [p.message for p in rewritten.problems if p.kind == "unread"] == []
    for got, want in zip(facts(rewritten), facts(original), strict=True):
        for key in want:
            assert got[key] == want[key], f"{key} differs where the wrap falls after {before}"
    def adopted(records):
        return [(a.number, a.kind, a.title, a.draft, a.adopted_on, a.sitting, a.item_refs) for a in records.acts]

    assert adopted(rewritten) == adopted(original)


@pytest.mark.parametrize("layout", ["plain", "pdf"])
def test_an_act_title_is_not_run_into_the_act_text(tmp_path, layout):
    # 002 printed plain: "第 12/1 号决定" / "联合国…第十三届会议临时议程" (no full stop) /
    # "联合国…核准缔约方会议第十三届会议临时议程如下。" The title is a line of its own.
    name = "002_ed9f8f015a552a03.txt"
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("bench_generate", SAMPLES.parent / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generate          # dataclasses look their module up while it loads
    spec.loader.exec_module(generate)
    text = (SAMPLES / name).read_text(encoding="utf-8")
    plain_text = generate.strip_markdown("\n".join(generate.drop_contents(text.split("\n"))))
    copy = tmp_path / name
    copy.write_text(plain_text if layout == "plain" else _wrap_as_the_benchmark(text, 80),
                    encoding="utf-8")
    original, rewritten = read_report(SAMPLES / name), read_report(copy)
    assert rewritten.layout == layout
    titles = {a.number: a.title for a in rewritten.acts}
    assert titles["12/1"] == "联合国打击跨国有组织犯罪公约缔约方会议第十三届会议临时议程"
    assert titles == {a.number: a.title for a in original.acts}


def test_a_name_wrapped_after_an_initial_keeps_its_space():
    # 000 in the pdf layout: "…专题讨论小组成员：Mary Rose E." / "Magsaysay（菲律宾）…"
    from untoc_kg.reading.phrasebook import Phrasebook
    from untoc_kg.reading.text import clean

    body = ["工作组在会议期间审议了与打击跨国有组织犯罪有关的各项议题并交换了各国的经验和"] * 30
    text = "\n\n".join(body[:15] + ["由以下专题讨论小组成员主讲：Mary Rose E.", "Magsaysay（菲律宾）。"] + body[15:]) + "\n"
    lines = [line.text for line in clean(text, Phrasebook.load("zh")).lines]
    assert any(line.endswith("由以下专题讨论小组成员主讲：Mary Rose E. Magsaysay（菲律宾）。") for line in lines)
