"""Bytes → clean text lines: decoding, markdown and PDF furniture removed, hard wraps joined.

Reports arrive as UTF-8 or GB18030, with or without BOM, LF or CRLF, as markdown, plain
numbered paragraphs or PDF extractions with a line break every forty characters. Everything
after this module sees one `Line` per logical line (a heading, a paragraph, a list item).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from untoc_kg.errors import ReportError
from untoc_kg.reading.phrasebook import Phrasebook
from untoc_kg.reading.text_forms import to_half_width


@dataclass
class Line:
    text: str            # the printed text, markdown markup removed, wraps joined
    number: int          # 1-based line number in the decoded file where it starts
    heading_level: int = 0   # markdown heading depth (0 when the layout has none)
    footnote: str | None = None  # "17" for a footnote body line
    footnote_refs: list[str] = field(default_factory=list)


@dataclass
class CleanText:
    lines: list[Line]
    layout: str          # "markdown", "plain" or "pdf"
    encoding: str


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Decode report bytes; refuse what is not text with a sentence saying why."""
    if not data.strip():
        raise ReportError(file, "the file is empty.")
    skipped = 0
    if data.startswith(b"\xef\xbb\xbf"):
        data, candidates, skipped = data[3:], ["utf-8"], 3
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    if b"\x00" in data and candidates != ["utf-16"]:
        raise ReportError(file, "the file is binary (it contains NUL bytes), not a text report.")
    failures: list[tuple[str, UnicodeDecodeError]] = []
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            failures.append((encoding, error))
            continue
        controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
        if controls > max(3, len(text) // 1000):
            raise ReportError(file, f"the file is binary ({controls} control characters), not a text report.")
        return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"), encoding
    # The encoding that decodes furthest is the file's own, and it stops at the bad byte:
    # UTF-8 Chinese read as GB18030 fails in its first line, wherever the bad byte is.
    encoding, error = max(failures, key=lambda failure: failure[1].start)
    line = data[:error.start].decode(encoding).count("\n") + 1
    names = [_ENCODING_NAMES[e] for e, _ in failures]
    what = f"neither {' nor '.join(names)}" if len(names) > 1 else f"not {names[0]}"
    raise ReportError(
        file,
        f"the file is {what} text: the first byte that is not {_ENCODING_NAMES[encoding]} is "
        f"0x{data[error.start]:02X}, byte {skipped + error.start} of the file.",
        f"line {line}",
    )


_ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030", "utf-16": "UTF-16"}
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_BOLD = re.compile(r"\*\*(.*?)\*\*|__(.*?)__")
_SUP = re.compile(r"<sup>\s*(\w+)\s*</sup>")
_HTML_TAG = re.compile(r"</?\w+[^>]*>")
_LIST_MARK = re.compile(r"^[-*+]\s+")


def _strip_markdown(raw: str) -> tuple[str, int, str | None, list[str]]:
    level = 0
    heading = _MD_HEADING.match(raw)
    if heading:
        level = len(heading.group(1))
        raw = raw[heading.end():]
    footnote = None
    leading_sup = re.match(r"^<sup>\s*(\w+)\s*</sup>\s*", raw)
    if leading_sup:
        footnote = leading_sup.group(1)
        raw = raw[leading_sup.end():]
    refs = _SUP.findall(raw)
    raw = _SUP.sub("", raw)
    raw = _MD_LINK.sub(lambda m: m.group(1), raw)
    raw = _MD_BOLD.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), raw)
    raw = _HTML_TAG.sub("", raw)
    raw = _LIST_MARK.sub("", raw)
    return raw, level, footnote, refs


def clean(text: str, phrasebook: Phrasebook, encoding: str = "utf-8") -> CleanText:
    raw_lines = text.split("\n")
    nonblank = [line for line in raw_lines if line.strip()]
    markdown = sum(1 for line in nonblank if _MD_HEADING.match(line.strip()) or "](" in line)
    blank_between = sum(1 for a, b in zip(raw_lines, raw_lines[1:]) if a.strip() and not b.strip())
    # PDF extractions put a blank line after nearly every wrapped line and end most lines
    # mid-sentence; markdown has heading marks; anything else is plain paragraphs.
    unfinished = sum(1 for line in nonblank if not phrasebook.ends_sentence(line.strip()))
    if markdown >= 3:
        layout = "markdown"
    elif nonblank and unfinished / len(nonblank) > 0.4:
        layout = "pdf"
    else:
        layout = "plain"
    del blank_between

    repeated = Counter(line.strip() for line in nonblank)
    lines: list[Line] = []
    for number, raw in enumerate(raw_lines, start=1):
        stripped = raw.strip()
        if not stripped or phrasebook.is_furniture(stripped):
            continue
        if repeated[stripped] > 1 and phrasebook.matches("layout.running_header", stripped):
            continue
        body, level, footnote, refs = _strip_markdown(stripped)
        body = body.strip()
        if not body:
            continue
        lines.append(Line(body, number, level, footnote, refs))
    return CleanText(_join_wraps(lines, phrasebook, layout, _right_margin(lines) if layout == "pdf" else None),
                     layout, encoding)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _right_margin(lines: list[Line]) -> int:
    """The width at which the extraction wrapped its lines: most wrapped lines reach it."""
    widths = sorted(_display_width(line.text) for line in lines)
    return widths[int(len(widths) * 0.9)] if widths else 0


def _join_wraps(lines: list[Line], phrasebook: Phrasebook, layout: str, margin: int | None = None) -> list[Line]:
    """Join a line to the one before when the one before stops mid-sentence.

    PDF text breaks lines every forty-odd characters and page breaks cut sentences in two in
    every layout ("追究肇事者责" / "任。"). A line continues the previous one unless the previous
    one ends a sentence or is a heading, or the line itself opens a new block.
    """
    joined: list[Line] = []
    # The printed width of the last line glued into each joined line: whether the wrap ended it.
    last_width: list[int] = []
    for index, line in enumerate(lines):
        if joined:
            previous = joined[-1]
            cut = layout == "pdf" and margin is not None and last_width[-1] >= margin - 2
            # The line after "第 12/1 号决定" is the act's title, whole in itself though it has no
            # full stop; in PDF text it runs on only where the wrap cut it.
            block = phrasebook.is_block_line(previous.text) or (
                len(joined) > 1 and phrasebook.matches("structure.act_heading", joined[-2].text))
            if (
                not previous.heading_level
                and previous.footnote is None
                and line.footnote is None
                and not line.heading_level
                and not phrasebook.opens_block(line.text)
                and (
                    (not phrasebook.ends_sentence(previous.text) and not block
                     and (layout == "pdf" or not phrasebook.ends_clause(previous.text)))
                    # A heading cut by the wrap: it ends on a word no title ends on, or it runs
                    # to the right margin (the wrap, not the author, ended the line).
                    or (layout == "pdf" and block
                        and not phrasebook.is_block_line(line.text)
                        and (phrasebook.matches("layout.title_continues", previous.text)
                             or (margin and _display_width(previous.text) >= 0.9 * margin)))
                    # "…作了发言：" with the list of names on the next line.
                    or (phrasebook.introduces_list(previous.text) and phrasebook.continues_list(line.text))
                    # A full stop, semicolon or colon that falls at the right margin: the wrap, not
                    # the author, ended the line when what follows runs on to a sentence end of its
                    # own (a heading never ends so: 001 "…；" / "《联合国…》在国内法理中的适用").
                    or (cut and phrasebook.ends_sentence(previous.text)
                        and _runs_to_sentence_end(lines, index, phrasebook, margin))
                    # A heading that holds a colon, cut just after it (003: "…吸取的经验教训：" /
                    # "为引渡和司法协助目的确定双重犯罪的指示性实例"). A numbered paragraph's colon
                    # introduces what follows ("8. …核可：" and a recommendation heading), unless
                    # the next block is the next number (004's agenda: "2. …有关的事项：" /
                    # "挑战、吸取的经验教训和查明的技术援助需要" / "3. …").
                    or (cut and to_half_width(previous.text).rstrip().endswith(":")
                        and (not phrasebook.opens_block(previous.text)
                             or _next_number_follows(lines, index, previous.text, phrasebook))
                        and not phrasebook.ends_sentence(line.text)
                        and phrasebook.is_heading_line(_glue(previous.text, line.text)))
                )
            ):
                previous.text = _glue(previous.text, line.text)
                previous.footnote_refs.extend(line.footnote_refs)
                last_width[-1] = _display_width(line.text)
                continue
        joined.append(line)
        last_width.append(_display_width(line.text))
    return joined


def _next_number_follows(lines: list[Line], index: int, numbered: str, phrasebook: Phrasebook) -> bool:
    """Whether the first block after ``lines[index]`` is the paragraph numbered one after ``numbered``."""
    this = phrasebook.search("structure.paragraph", numbered)
    if this is None:
        return False
    for line in lines[index + 1:]:
        if line.heading_level or phrasebook.opens_block(line.text) or phrasebook.is_block_line(line.text):
            following = phrasebook.search("structure.paragraph", line.text)
            return following is not None and int(following.group("number")) == int(this.group("number")) + 1
    return False


def _runs_to_sentence_end(lines: list[Line], index: int, phrasebook: Phrasebook, margin: int) -> bool:
    """Whether the lines from ``index`` on read as the rest of a cut sentence: each one the wrap
    ended, up to one that ends a sentence, with no new block in between."""
    for line in lines[index:]:
        if line.heading_level or line.footnote is not None or phrasebook.is_block_line(line.text):
            return False
        if line is not lines[index] and phrasebook.opens_block(line.text):
            return False
        if phrasebook.matches("layout.run_end", line.text):
            return True
        if _display_width(line.text) < margin - 2:
            return False
    return False


def _glue(left: str, right: str) -> str:
    # Latin words broken at a wrap keep a space; Chinese text does not. An initial counts as a
    # word ("Mary Rose E." / "Magsaysay").
    if (left and right and left[-1].isascii() and (left[-1].isalnum() or left[-1] == ".")
            and right[0].isascii() and right[0].isalnum()):
        return f"{left} {right}"
    return left + right
