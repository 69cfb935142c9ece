"""Clean lines → the document's structure: chapters, sections, numbered paragraphs, the
lines inside them, acts and their annexes, footnotes — each block with its context.

Report paragraphs are numbered 1, 2, 3 … through the whole report, while agenda lists and
the operative paragraphs of a resolution restart at 1. A numbered line is a report
paragraph only when it carries the next report number and stands outside an act — or skips a
few numbers that no later line carries (a paragraph lost in print: said as a discrepancy, so that
the paragraphs after it are still read as paragraphs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from untoc_kg.reading.phrasebook import Phrasebook
from untoc_kg.reading.text import CleanText


@dataclass
class Block:
    kind: str                 # header | chapter | section | paragraph | line | act | annex | footnote
    text: str                 # the block's printed text (for a paragraph: without its number)
    line: int                 # line number in the decoded file
    para: str | None          # the report paragraph it belongs to ("52"), None before the first
    chapter: str | None = None        # chapter title ("建议"), None in the masthead
    chapter_label: str | None = None  # "二"
    section: str | None = None        # section title ("发言情况")
    section_label: str | None = None  # "B"
    heading: str | None = None        # the nearest unnumbered heading line inside a section
    act: str | None = None            # "12/1" inside the text of an act
    act_kind: str | None = None       # "resolution" / "decision" (printed 决议 / 决定)
    annex: str | None = None          # "一" inside an annex of that act
    label: str | None = None          # paragraph number, list label, chapter/section label
    footnote_refs: list[str] = field(default_factory=list)


@dataclass
class Document:
    file: str
    layout: str
    encoding: str
    blocks: list[Block]
    footnotes: dict[str, str]
    # (line, last number, number): a report paragraph whose number skips one or more, read as
    # a paragraph because no later line carries the skipped numbers (a paragraph lost in print).
    numbering_gaps: list[tuple[int, int, int]] = field(default_factory=list)
    # Readers ask for a paragraph's blocks once per paragraph or list line: a scan of all
    # blocks each time made reading quadratic (bench/read_large.py: 10 MB took 32-50 s).
    _by_paragraph: dict[str, list[Block]] = field(init=False, repr=False, compare=False)
    _printed: dict[str, list[Block]] = field(init=False, repr=False, compare=False)
    _in_print: set[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_paragraph = {}
        for block in self.blocks:
            if block.para is not None and block.act is None:
                self._by_paragraph.setdefault(block.para, []).append(block)
        # A paragraph as printed is its numbered line and the lines of its list (sub-headings of
        # the list included), up to the next chapter, section or act heading: such a heading
        # carries the number of the paragraph before it, but is no part of it.
        self._printed = {}
        current: list[Block] | None = None
        for block in self.blocks:
            if block.kind == "paragraph":
                current = self._printed.setdefault(block.para, [])
                current.append(block)
            elif block.kind == "line" and block.act is None and current is not None:
                current.append(block)
            elif block.kind in ("chapter", "section", "act", "annex"):
                current = None
        self._in_print = {id(block) for blocks in self._printed.values() for block in blocks}

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    def blocks_of_paragraph(self, number: str) -> list[Block]:
        return list(self._by_paragraph.get(number, ()))

    def paragraph_text(self, number: str) -> str:
        """A paragraph with the lines that follow it (lists), joined by newlines."""
        return "\n".join(b.text for b in self._by_paragraph.get(number, ()) if b.kind in ("paragraph", "line"))

    def paragraph_opening(self, number: str) -> str:
        """The first line of a paragraph (the sentence that introduces its list)."""
        return next((b.text for b in self._by_paragraph.get(number, ()) if b.kind in ("paragraph", "line")), "")

    def printed_paragraphs(self) -> dict[str, str]:
        """Every numbered report paragraph's text as printed, without its number: its first
        line and the lines of its list, joined by newlines."""
        return {number: "\n".join(b.text for b in blocks) for number, blocks in self._printed.items()}

    def paragraph_of(self, block: Block) -> str | None:
        """The report paragraph a fact read from the block was read from: the paragraph whose
        printed text holds the block, or, inside the text of an act, the paragraph that
        introduces the acts ("通过了下列决议："), under which they are printed. None for the
        masthead and for headings, which belong to no paragraph."""
        if block.act is not None or id(block) in self._in_print:
            return block.para
        return None

    def in_chapter(self, predicate) -> list[Block]:
        return [b for b in self.blocks if b.chapter is not None and predicate(b.chapter)]


def parse(clean: CleanText, phrasebook: Phrasebook, file: str, acts: bool = True,
          unnumbered_annex: str = "1") -> Document:
    """The document's blocks; with ``acts`` False (the report of a body that adopts no acts)
    a line such as "第 9/9 号决定" is a line of the text, not the heading of an act. An annex
    heading without a number is annex ``unnumbered_annex`` (the language's annexes.unnumbered,
    printed in its numerals)."""
    blocks: list[Block] = []
    footnotes: dict[str, str] = {}
    gaps: list[tuple[int, int, int]] = []
    last_para = 0
    numbered = _numbers_ahead(clean, phrasebook)
    ctx = dict(para=None, chapter=None, chapter_label=None, section=None, section_label=None,
               heading=None, act=None, act_kind=None, annex=None)

    def add(kind: str, text: str, line, label=None):
        blocks.append(Block(kind, text, line.number, label=label, footnote_refs=list(line.footnote_refs), **ctx))

    for index, line in enumerate(clean.lines):
        text = line.text
        if line.footnote is not None:
            footnotes[line.footnote] = text
            blocks.append(Block("footnote", text, line.number, None, label=line.footnote))
            continue
        chapter = phrasebook.search("structure.chapter", text)
        if chapter and phrasebook.is_block_line(text):
            ctx.update(chapter=chapter.group("title").strip(), chapter_label=chapter.group("label"),
                       section=None, section_label=None, heading=None, act=None, act_kind=None, annex=None)
            add("chapter", ctx["chapter"], line, label=ctx["chapter_label"])
            continue
        section = phrasebook.search("structure.section", text)
        if section and phrasebook.is_block_line(text) and ctx["chapter"] is not None:
            title = section.group("title").strip()
            # "B. 决定" after the resolutions closes the text of the last resolution.
            if ctx["act"] is not None and not phrasebook.matches("structure.act_section_end", title):
                add("line", text, line)
                continue
            ctx.update(section=title, section_label=section.group("label"), heading=None,
                       act=None, act_kind=None, annex=None)
            add("section", title, line, label=ctx["section_label"])
            continue
        act = phrasebook.search("structure.act_heading", text) if acts else None
        if act and ctx["chapter"] is not None:
            ctx.update(act=act.group("number"), act_kind=act.value("kind"), annex=None, heading=None)
            add("act", text, line, label=ctx["act"])
            continue
        annex = phrasebook.search("structure.annex_heading", text)
        if annex and ctx["act"] is not None:
            ctx.update(annex=annex.group("number") or unnumbered_annex, heading=None)
            add("annex", text, line, label=ctx["annex"])
            continue
        paragraph = phrasebook.search("structure.paragraph", text)
        if paragraph and ctx["act"] is None and _skips_lost_paragraphs(numbered, index, last_para,
                                                                       int(paragraph.group("number"))):
            gaps.append((line.number, last_para, int(paragraph.group("number"))))
            last_para = int(paragraph.group("number")) - 1
        if paragraph and ctx["act"] is None and int(paragraph.group("number")) == last_para + 1:
            last_para += 1
            ctx.update(para=str(last_para))
            add("paragraph", paragraph.group("text"), line, label=str(last_para))
            continue
        if ctx["chapter"] is None:
            add("header", text, line)
            continue
        if line.heading_level or (not phrasebook.ends_sentence(text) and phrasebook.is_heading_line(text)):
            ctx.update(heading=text)
        add("line", text, line)
    return Document(file, clean.layout, clean.encoding, blocks, footnotes, gaps)


# A paragraph lost in print skips at most this many numbers; a larger jump is a list item.
MOST_NUMBERS_SKIPPED = 3


def _numbers_ahead(clean: CleanText, phrasebook: Phrasebook) -> list[int | None]:
    """The number each line would carry as a numbered paragraph, whatever its context."""
    out: list[int | None] = []
    for line in clean.lines:
        found = phrasebook.search("structure.paragraph", line.text) if line.footnote is None else None
        out.append(int(found.group("number")) if found else None)
    return out


def _skips_lost_paragraphs(numbered: list[int | None], index: int, last: int, number: int) -> bool:
    """Whether the numbered line at ``index`` is the next report paragraph though its number
    skips some: only when the report has begun numbering, the jump is small, no later line
    carries a skipped number (a list item "5." inside paragraph 3 is followed by paragraph 4)
    and a later line carries the number after it (the numbering goes on from here)."""
    if last == 0 or not last + 1 < number <= last + 1 + MOST_NUMBERS_SKIPPED:
        return False
    later = set(n for n in numbered[index + 1:] if n is not None)
    return number + 1 in later and not any(n in later for n in range(last + 1, number))
