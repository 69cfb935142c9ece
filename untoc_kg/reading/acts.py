"""The Conference's resolutions and decisions: their text (title, preamble, operative
paragraphs, annexes, the acts they recall) from chapter one, and their adoption (date,
sitting, draft symbol, sponsors, agenda item) from the chapter of the item they came under.
"""

from __future__ import annotations

from untoc_kg.reading.agenda import ItemIndex, sentence_around
from untoc_kg.reading.context import ReadContext
from untoc_kg.reading.documents import cited_in
from untoc_kg.reading.series import Body
from untoc_kg.reading.structure import Block
from untoc_kg.records import Act, Annex, AnnexItem, Problem


def read_acts(ctx: ReadContext, index: ItemIndex, adopter: Body | None) -> list[Act]:
    """The acts whose text the report prints, adopted by ``adopter`` (the report's body that adopts acts)."""
    acts: dict[tuple[str, str], Act] = {}
    blocks_of: dict[tuple[str, str], list[Block]] = {}
    for block in ctx.document.blocks:
        if block.act is None:
            continue
        key = (block.act_kind, block.act)
        blocks_of.setdefault(key, []).append(block)
    for key, blocks in blocks_of.items():
        acts[key] = _read_text(ctx, key, blocks, adopter)
    _read_adoptions(ctx, index, acts)
    return list(acts.values())


def _read_text(ctx: ReadContext, key: tuple[str, str], blocks: list[Block], adopter: Body | None) -> Act:
    kind, number = key
    act = Act(kind, number, None, source=ctx.source(blocks[0], "structure.act_heading"))
    body = [b for b in blocks if b.kind == "line" and b.annex is None]
    if body and not ctx.phrasebook.matches("acts.preamble_formula", body[0].text) \
            and not ctx.phrasebook.matches("acts.operative", body[0].text):
        act.title = body[0].text.strip()
        body = body[1:]
    for line in body:
        if ctx.phrasebook.matches("acts.preamble_formula", line.text):
            continue
        operative = ctx.phrasebook.search("acts.operative", line.text)
        if operative:
            number = operative.group("number")
            if any(n == number for n, _ in act.operative):
                ctx.problems.append(Problem(
                    "discrepancy", f"{kind} {act.number} prints operative paragraph {number} twice; "
                    "both are kept, in printed order.", None, line.line))
            act.operative.append((number, operative.group("text").strip()))
        elif act.operative:
            # A page break inside an operative paragraph.
            number, text = act.operative[-1]
            act.operative[-1] = (number, text + line.text)
        else:
            act.preamble.append(line.text)
    # The act does not recall itself (its own number, issued by the body that adopts it).
    seen = {(kind, number, adopter.symbol if adopter else None)}
    for ref in cited_in(ctx, [b for b in body]):
        if (ref.kind, ref.number, ref.issuer) not in seen:
            seen.add((ref.kind, ref.number, ref.issuer))
            act.recalls.append(ref)
    annex_numbers = []
    for block in blocks:
        if block.kind == "annex" and block.annex not in annex_numbers:
            annex_numbers.append(block.annex)
    for printed in annex_numbers:
        act.annexes.append(_read_annex(ctx, [b for b in blocks if b.annex == printed and b.kind in ("annex", "line")], printed))
    return act


def _read_annex(ctx: ReadContext, blocks: list[Block], printed: str) -> Annex:
    lines = [b for b in blocks if b.kind == "line"]
    title = lines[0].text.strip() if lines else ""
    meeting = None
    found = ctx.phrasebook.search("acts.annex_meeting", title)
    if found:
        bodies = ctx.bodies_named_in(found.group("body"))
        dates, _ = ctx.language.dates(found.group("dates"))
        if bodies and dates:
            meeting = (bodies[0].symbol, min(dates))
    annex = Annex(ctx.language.number(printed), title, meeting, source=ctx.source(blocks[0], "structure.annex_heading"))
    if found and found.group("number"):
        annex.meeting_number = ctx.language.number(found.group("number"))
    # The sentence introducing the recommendations carries a footnote naming the report they
    # come from ("…通过了下列建议，³" / "³ CTOC/COP/WG.3/2023/4，第 4 段。").
    for line in lines[:3]:
        for ref in line.footnote_refs:
            symbol = ctx.phrasebook.search("documents.symbol", ctx.document.footnotes.get(ref, ""))
            if symbol and annex.source_symbol is None:
                annex.source_symbol = symbol.group("symbol")
    heading = None
    for line in lines[1:]:
        label = ctx.phrasebook.search("recommendations.label", line.text)
        if label:
            annex.items.append(AnnexItem(" ".join(label.group("label").split()), label.group("key"),
                                         (label.group("text") or "").strip(), heading, len(annex.items) + 1,
                                         ctx.source(line, label)))
        elif ctx.phrasebook.is_heading_line(line.text):
            heading = line.text.strip()
        elif annex.items:
            item = annex.items[-1]
            item.text = f"{item.text}\n{line.text}" if item.text else line.text
    return annex


def _read_adoptions(ctx: ReadContext, index: ItemIndex, acts: dict[tuple[str, str], Act]) -> None:
    chapter_items: dict[str | None, list] = {}
    previous = None
    for block in ctx.document.paragraphs():
        if block.act is not None:
            continue
        considered = ctx.phrasebook.search("agenda.considered", block.text)
        if considered:
            # The item most recently taken up in this chapter is the one the draft came under.
            chapter_items[block.chapter_label] = index.resolve(
                block, number=considered.group("item"), title=considered.group("title"),
                body_text=sentence_around(ctx.language, block.text, considered.start, considered.end))
        adopted = ctx.phrasebook.search("acts.adopted", block.text)
        if not adopted:
            continue
        if not adopted.group("number"):
            if not adopted.group("draftkind"):
                continue      # the adoption of the report itself, not of an act
            ctx.problem("unread", "a draft was adopted, but the report does not say which act it became "
                        "(expected “案文见…第 N/M 号决议”).", block)
            continue
        key = (adopted.value("kind"), adopted.group("number"))
        act = acts.get(key)
        if act is None:
            ctx.problem("unread", f"{key[0]} {key[1]} is said to be adopted, but its text is not in the report.", block)
            continue
        if adopted.group("date"):
            dates, _ = ctx.language.dates(adopted.group("date"))
            act.adopted_on, act.sitting = dates[0], int(adopted.group("sitting"))
        elif previous is not None:
            # "在这次会议上，缔约方会议通过了…": the sitting of the adoption just before.
            act.adopted_on, act.sitting = previous.adopted_on, previous.sitting
        act.draft = adopted.group("draft").strip()
        if adopted.group("sponsors"):
            act.sponsors = [entry.entity for entry in ctx.read_list(adopted.group("sponsors"), block, f"sponsors of {key[0]} {key[1]}")]
        act.item_refs = chapter_items.get(block.chapter_label) or []
        act.adoption_source = ctx.source(block, adopted)
        previous = act
