"""Time the reading of one large report: is reading linear in the size of the file?

    .venv/bin/python bench/read_large.py [--sizes 1 3 10] [--shape paragraphs|line] [--keep DIR]

A large report is built from samples/004_* (WG.2, 2023), in one of two shapes:

- ``paragraphs``: its recommendation sections (chapter 二, "建议 N" with their text) and its
  summary of deliberations (chapter 三) are repeated until the file reaches each size in MB,
  the report paragraphs and the recommendations numbered on as a longer report would number
  them. The phrasebook reads paragraph numbers of up to three digits (no report reaches
  1,000 paragraphs), so past ¶999 the repeated paragraphs are read as lines of ¶999, and
  the chapters after them (attendance, speakers) are lines too: fewer statements are read
  from the larger files, but every line is still read, by the same readers;
- ``line``: one sentence naming speakers is repeated on one line, inside ¶35, until the file
  reaches the size: one paragraph with tens of thousands of matches.

Each size is read in a fresh process (``untoc_kg.reading.report.read_report``, past its size
limit), so the peak memory printed is that size's own.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = next((ROOT / "samples").glob("004_*.txt"))
_PARAGRAPH = re.compile(r"^(\d{1,3})\.(\s*\S.*)$")
_RECOMMENDATION = re.compile(r"^建议\s*\d+\s*$")


def _segments(lines: list[tuple[str, bool]]) -> tuple[list, list, list, list, list]:
    """head, recommendation sections, start of the summary, summary sections, the rest."""
    def at(prefix: str, start: int = 0) -> int:
        return next(i for i in range(start, len(lines)) if lines[i][0].strip().startswith(prefix))

    recs, summary, organization = at("A. 总体建议"), at("三. 审议情况概要"), at("四. 会议安排")
    first_summary_section = at("A.", summary)
    return (lines[:recs], lines[recs:summary], lines[summary:first_summary_section],
            lines[first_summary_section:organization], lines[organization:])


def build(target_bytes: int) -> str:
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    # Which lines are report paragraphs is decided on the sample, where the numbers run 1, 2, 3…
    marked, last = [], 0
    for line in lines:
        match = _PARAGRAPH.match(line.strip())
        is_paragraph = bool(match) and int(match.group(1)) == last + 1
        last += is_paragraph
        marked.append((line, is_paragraph))
    head, recs, intro, summary, tail = _segments(marked)
    unit = sum(len(line.encode()) + 1 for line, _ in recs + summary)
    base = sum(len(line.encode()) + 1 for line, _ in marked)
    copies = max(1, round((target_bytes - base) / unit) + 1)
    out, paragraph, recommendation = [], 0, 0
    for line, is_paragraph in head + recs * copies + intro + summary * copies + tail:
        if is_paragraph:
            paragraph += 1
            line = f"{paragraph}.{_PARAGRAPH.match(line.strip()).group(2)}"
        elif _RECOMMENDATION.match(line.strip()):
            recommendation += 1
            line = f"建议 {recommendation}"
        out.append(line)
    return "\n".join(out)


# A sentence that statements.observers reads, naming two speakers under item 2.
_SPEAKERS = "伊朗伊斯兰共和国和国际刑警组织的观察员也在议程项目 2 下作了发言。"


def build_line(target_bytes: int) -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    copies = max(1, (target_bytes - len(text.encode())) // len(_SPEAKERS.encode()))
    return text.replace("\n35. ", "\n35. " + _SPEAKERS * copies, 1)


def read_one(path: Path) -> dict:
    from untoc_kg.reading.report import read_report

    # The bench reads past the size limit on purpose (before the limit existed, no keyword).
    kwargs = {"max_bytes": path.stat().st_size} if "max_bytes" in inspect.signature(read_report).parameters else {}
    t0 = time.perf_counter()
    records = read_report(path, **kwargs)
    seconds = time.perf_counter() - t0
    return {
        "seconds": round(seconds, 2),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "recommendations": sum(len(m.recommendations) for m in records.meetings),
        "statements": sum(len(m.statements) for m in records.meetings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 3, 10], help="file sizes in MB")
    parser.add_argument("--shape", choices=("paragraphs", "line"), default="paragraphs",
                        help="repeat paragraphs, or one sentence on one line")
    parser.add_argument("--keep", type=Path, help="write the built reports to this folder and keep them")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(read_one(args.one)))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="untoc-read-large-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'size':>8} {'read s':>8} {'peak MiB':>9} {'recs':>6} {'stmts':>6}")
    for size in args.sizes:
        path = folder / f"004_{args.shape}_{size:g}MB.txt"
        path.write_text((build if args.shape == "paragraphs" else build_line)(int(size * 1_000_000)), encoding="utf-8")
        result = subprocess.run([sys.executable, __file__, "--one", str(path)],
                                capture_output=True, text=True, check=True)
        row = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"{path.stat().st_size / 1e6:>6.1f}MB {row['seconds']:>8.2f} {row['peak_mib']:>9.1f} "
              f"{row['recommendations']:>6} {row['statements']:>6}")


if __name__ == "__main__":
    main()
