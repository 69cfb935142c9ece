"""The agenda as adopted — one per body, with joint items — and the sittings (and dates) at
which each item was considered.

A joint meeting prints two agendas in one paragraph, each under its body's name, and marks
the shared items "（联合项目）". Items are referred to elsewhere by number ("议程项目 2"), by
body and number ("技术援助问题政府专家工作组的议程项目 3") or by title ("题为“其他事项”的联合
议程项目"); `ItemIndex.resolve` turns any of these into the items meant.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from untoc_kg.reading.context import ReadContext
from untoc_kg.reading.language import Language
from untoc_kg.reading.text_forms import to_half_width
from untoc_kg.reading.series import Body
from untoc_kg.reading.structure import Block
from untoc_kg.records import AgendaItem, Meeting, Problem, Sitting, Source

# A title quoted in the text may differ from the agenda's by a word ("…有关的其他事项" for
# "…有关的事项"); closer than this counts as the same item, and the difference is reported.
TITLE_SIMILARITY = 0.85

ItemRef = tuple[str, str]          # (body symbol, item number as printed)


def item_number(printed: str) -> str:
    """'2', '1 (a)', '1(a)' → '2', '1(a)' — the number as printed, spaces removed, brackets half-width."""
    return re.sub(r"\s+", "", to_half_width(printed))


@dataclass
class AgendaRead:
    """The adopted agenda of each body, and the sittings the adoption names."""

    items: dict[str, list[AgendaItem]]     # body symbol → its items, in printed order
    sittings: list[Sitting]


def read_agenda(ctx: ReadContext, bodies: list[Body]) -> AgendaRead:
    agendas: dict[str, list[AgendaItem]] = {b.symbol: [] for b in bodies}
    sittings: list[Sitting] = []
    for block in ctx.document.paragraphs():
        adopted = ctx.phrasebook.search("agenda.adopted", block.text)
        if not adopted:
            continue
        if adopted.group("sitting"):
            sittings.append(Sitting(int(adopted.group("sitting")), _date(ctx.language, adopted.group("date"), None),
                                    [ctx.source(block, adopted)]))
        current = bodies[0].symbol
        parent: AgendaItem | None = None
        for line in ctx.document.blocks_of_paragraph(block.para):
            if line.kind != "line":
                continue
            named = ctx.bodies_named_in(line.text)
            if named and ctx.phrasebook.is_heading_line(line.text) and named[0].symbol in agendas:
                current, parent = named[0].symbol, None
                continue
            entry = ctx.phrasebook.search("structure.list_item", line.text)
            if not entry:
                continue
            label, text = entry.group("label"), entry.group("text").strip()
            joint_marker = ctx.phrasebook.search("agenda.joint_marker", text)
            joint = joint_marker is not None
            if joint_marker:
                text = text[:joint_marker.start] + text[joint_marker.end:]
            title_end = ctx.phrasebook.search("agenda.title_end", text)
            title = text[:title_end.start] if title_end else text
            source = ctx.source(line, adopted)
            if label.isdigit():
                parent = AgendaItem(label, title, joint=joint, source=source)
                agendas[current].append(parent)
            elif parent is not None:
                agendas[current].append(AgendaItem(f"{parent.number}({label})", title, parent=parent.number,
                                                   joint=joint or parent.joint, source=source))
        if any(agendas.values()):
            break
    if len(bodies) == 1 and not agendas[bodies[0].symbol]:
        agendas[bodies[0].symbol] = _items_from_consideration(ctx)
    for symbol, items in agendas.items():
        if not items:
            ctx.problem("unread", f"no adopted agenda of {symbol} was found (expected “…通过了以下议程：” followed by the items).")
    return AgendaRead(agendas, sittings)


def _items_from_consideration(ctx: ReadContext) -> list[AgendaItem]:
    """The Conference's report adopts an agenda printed elsewhere (“通过了载于 CTOC/COP/2024/1
    号文件的临时议程”). Its items are known from the paragraphs that consider them by number
    and title ("审议了题为“技术援助”的议程项目 5"), and its chapters follow the agenda: the
    chapter holding sub-items 2(a)–2(d) is item 2, the chapter 组织事项 is item 1 with its
    sections A, B, … as 1(a), 1(b), …, and a chapter between items n-1 and n+1 is item n."""
    items: dict[str, AgendaItem] = {}
    chapter_of: dict[str, str] = {}          # item number -> chapter label it is considered in
    for block in ctx.document.paragraphs():
        if block.act is not None:
            continue
        for match in ctx.phrasebook.finditer("agenda.considered", block.text):
            if not (match.group("item") and match.group("title")):
                continue
            number = item_number(match.group("item"))
            if number not in items:
                parent = number.split("(")[0] if "(" in number else None
                items[number] = AgendaItem(number, match.group("title"), parent=parent, source=ctx.source(block, match))
                if block.chapter_label:
                    chapter_of[number] = block.chapter_label
                    if block.section_label and "(" in number:
                        items[number].home = (block.chapter_label, block.section_label)
                    elif block.chapter and _comparable(block.chapter) == _comparable(items[number].title):
                        items[number].home = (block.chapter_label, None)
    if items:
        _items_from_chapters(ctx, items, chapter_of)
    # The text quotes a sub-item with its parent's title ("审议…的实施情况：《关于打击陆、海、空偷运
    # 移民的议定书》"); the sub-item's own title is what follows the parent's.
    for item in items.values():
        parent = items.get(item.parent) if item.parent else None
        if parent and item.title.startswith(parent.title):
            rest = item.title[len(parent.title):]
            separator = ctx.phrasebook.search("agenda.subtitle_separator", rest)
            rest = (rest[separator.end:] if separator else rest).strip()
            if rest:
                item.title = rest
    return sorted(items.values(), key=lambda i: _sort_key(i.number))


def _items_from_chapters(ctx: ReadContext, items: dict[str, AgendaItem], chapter_of: dict[str, str]) -> None:
    chapters = [b for b in ctx.document.blocks if b.kind == "chapter" and b.act is None]
    order = [b.chapter_label for b in chapters]
    # A chapter whose sub-items are considered in it, under another title, is their parent item.
    for number, item in list(items.items()):
        head = item.parent
        label = chapter_of.get(number)
        if head is None or head in items or label is None or item.home is None or item.home[1] is None:
            continue
        chapter = next(b for b in chapters if b.chapter_label == label)
        items[head] = AgendaItem(head, chapter.chapter, source=ctx.source(chapter, "agenda.from_chapter"),
                                 home=(label, None))
        chapter_of[head] = label
    # Item 1, organizational matters: its lettered sections are its sub-items.
    for chapter in chapters:
        if not ctx.phrasebook.matches("agenda.organizational_chapter", chapter.chapter or ""):
            continue
        later = sorted(n for n in items if n.startswith("1("))
        if "1" not in items:
            items["1"] = AgendaItem("1", chapter.chapter, source=ctx.source(chapter, "agenda.from_chapter"),
                                    home=(chapter.chapter_label, None))
            chapter_of["1"] = chapter.chapter_label
        sections = [b for b in ctx.document.blocks if b.kind == "section" and b.chapter_label == chapter.chapter_label
                    and b.section_label and len(b.section_label) == 1]
        for section in sections:
            number = f"1({section.section_label.lower()})"
            # Only letters before the first sub-item the text names by number (1(f)) are taken.
            if number in items or (later and number > later[0]):
                continue
            items[number] = AgendaItem(number, section.section, parent="1",
                                       source=ctx.source(section, "agenda.from_chapter"),
                                       home=(chapter.chapter_label, section.section_label))
        break
    # A chapter standing alone between the chapters of items n-1 and n+1 (or after the last) is item n.
    tops = sorted((int(n), chapter_of[n]) for n in items if n.isdigit() and n in chapter_of)
    known_chapters = set(chapter_of.values())
    for (number, label), following in zip(tops, tops[1:] + [(None, None)]):
        position = order.index(label)
        nxt = order[position + 1] if position + 1 < len(order) else None
        if nxt is None or nxt in known_chapters or str(number + 1) in items:
            continue
        if following[0] is not None and following[0] != number + 2:
            continue
        if following[1] is not None and order.index(following[1]) != position + 2:
            continue
        chapter = chapters[position + 1]
        items[str(number + 1)] = AgendaItem(str(number + 1), chapter.chapter,
                                            source=ctx.source(chapter, "agenda.from_chapter"), home=(nxt, None))
        chapter_of[str(number + 1)] = nxt


def _sort_key(number: str) -> tuple:
    head, _, tail = number.partition("(")
    return (int(head), tail)


class ItemIndex:
    """Every agenda item of the report, and how the text refers to them."""

    def __init__(self, ctx: ReadContext, agendas: dict[str, list[AgendaItem]]):
        self.ctx = ctx
        self.agendas = agendas
        self.bodies = list(agendas)
        self.partners: dict[ItemRef, list[ItemRef]] = {}
        # Joint items carry the same title in each body's agenda.
        for symbol, items in agendas.items():
            for item in items:
                if not item.joint:
                    continue
                for other, other_items in agendas.items():
                    if other == symbol:
                        continue
                    for candidate in other_items:
                        if candidate.joint and candidate.title == item.title:
                            self.partners.setdefault((symbol, item.number), []).append((other, candidate.number))
                item.joint_with = list(self.partners.get((symbol, item.number), []))

    def with_partners(self, ref: ItemRef) -> list[ItemRef]:
        return [ref] + self.partners.get(ref, [])

    def resolve(self, block: Block, number: str | None = None, title: str | None = None,
                body_text: str | None = None) -> list[ItemRef]:
        """The items a reference means (a joint item brings its partner), or [] with a problem."""
        bodies = [b.symbol for b in self.ctx.bodies_named_in(body_text or "") if b.symbol in self.agendas]
        bodies = bodies or self.bodies
        if number:
            number = item_number(number)
            found = [(b, number) for b in bodies if any(i.number == number for i in self.agendas[b])]
            if len(found) > 1 and not body_text:
                joint = self.with_partners(found[0])
                if set(found) <= set(joint):
                    return joint
                self.ctx.problem("unread", f"“议程项目 {number}” is ambiguous in a joint report: both bodies have an item {number}.", block)
                return []
            if not found:
                self.ctx.problem("unread", f"agenda item {number} is referred to but is not on the adopted agenda.", block)
                return []
            return self.with_partners(found[0])
        if title:
            return self._by_title(block, title, bodies)
        return []

    def _by_title(self, block: Block, title: str, bodies: list[str]) -> list[ItemRef]:
        wanted = _comparable(title)

        def score(item: AgendaItem) -> float:
            printed = _comparable(item.title)
            if printed == wanted:
                return 1.0
            shorter, longer = sorted((printed, wanted), key=len)
            if shorter in longer:
                return len(shorter) / len(longer)
            return difflib.SequenceMatcher(None, wanted, printed).ratio()

        scored = sorted(((score(i), b, i) for b in bodies for i in self.agendas[b]), key=lambda s: -s[0])
        if scored and scored[0][0] >= TITLE_SIMILARITY:
            ratio, b, i = scored[0]
            if ratio < 1.0:
                self.ctx.problem("discrepancy", f"the item title quoted here (“{title}”) differs from the agenda's "
                                 f"(“{i.title}”, item {i.number} of {b}); taken as that item.", block)
            return self.with_partners((b, i.number))
        self.ctx.problem("unread", f"no agenda item is titled “{title}”.", block)
        return []


def _comparable(title: str) -> str:
    # Spacing and full/half-width forms vary between the agenda and the text that quotes it.
    return re.sub(r"\s+", "", to_half_width(title))


def sentence_around(language: Language, text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (from the sentence end before it to the end of the match)."""
    return text[language.sentence_start(text, start):end]


def read_consideration(ctx: ReadContext, meeting: Meeting, index: ItemIndex) -> None:
    """Fill each item's sittings and the meeting's sittings with their dates."""
    known: dict[int, Sitting] = {s.number: s for s in meeting.sittings}
    by_number = {item.number: item for item in meeting.agenda}

    def sitting(number: int, date: dt.date | None, source: Source) -> None:
        existing = known.get(number)
        if existing is None:
            known[number] = Sitting(number, date, [source])
        else:
            existing.sources.append(source)
            if existing.date is None:
                existing.date = date
            elif date is not None and existing.date != date:
                ctx.problems.append(Problem("discrepancy", f"sitting {number} is dated {existing.date} in one place "
                                            f"and {date} in another; {existing.date} is kept.", source.paragraph, source.line))

    for block in ctx.document.paragraphs():
        if block.act is not None:
            continue
        for match in ctx.phrasebook.finditer("agenda.considered", block.text):
            refs = index.resolve(block, number=match.group("item"), title=match.group("title"),
                                 body_text=sentence_around(ctx.language, block.text, match.start, match.end))
            numbers = ctx.language.numbers_in(match.group("sittings"))
            dates, _ = ctx.language.dates(match.group("dates") or "", meeting.start.year)
            for body, number in refs:
                if body != meeting.body:
                    continue
                item = by_number[number]
                for index_, n in enumerate(numbers):
                    date = dates[0] if len(dates) == 1 else (dates[index_] if len(dates) == len(numbers) else None)
                    sitting(n, date, ctx.source(block, match))
                    if n not in item.sittings:
                        item.sittings.append(n)
        adopted = ctx.phrasebook.search("agenda.report_adopted", block.text)
        if adopted:
            sitting(int(adopted.group("sitting")), _date(ctx.language, adopted.group("date"), meeting.start.year),
                    ctx.source(block, adopted))
    meeting.sittings = sorted(known.values(), key=lambda s: s.number)


def _date(language: Language, text: str | None, year: int | None) -> dt.date | None:
    if not text:
        return None
    dates, _ = language.dates(text, year)
    return dates[0] if dates else None
