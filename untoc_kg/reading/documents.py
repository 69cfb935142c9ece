"""UN documents the meeting had before it, and the acts the report cites."""

from __future__ import annotations

from untoc_kg.reading.context import ReadContext
from untoc_kg.records import ActRef, DocumentRef


def read_documents(ctx: ReadContext, bodies: list[str]) -> list[DocumentRef]:
    """Documents with the bodies that had them ("国际合作工作组收到了下列文件：")."""
    found: list[DocumentRef] = []
    for block in ctx.document.blocks:
        if block.kind != "line" or block.act is not None:
            continue
        if not (block.section and ctx.phrasebook.matches("documents.chapter", block.section)):
            continue
        symbols = ctx.phrasebook.finditer("documents.symbol", block.text)
        if not symbols:
            continue
        groups: list[list] = [[symbols[0]]]
        for previous, match in zip(symbols, symbols[1:]):
            # "CTOC/COP/WG.2/2024/4-CTOC/COP/WG.3/2024/4" is one joint document.
            if block.text[previous.end:match.start].strip() == "-":
                groups[-1].append(match)
            else:
                groups.append([match])
        item = ctx.phrasebook.search("structure.list_item", block.text)
        body = item.group("text") if item else block.text
        for group in groups:
            offset = len(block.text) - len(body)
            description = _description(ctx, body[: max(0, group[0].start - offset)])
            intro = ctx.document.paragraph_opening(block.para) if block.para else ""
            named = [b.symbol for b in ctx.bodies_named_in(intro) if b.symbol in bodies]
            found.append(DocumentRef([m.group("symbol") for m in group], description, ctx.source(block, group[0]),
                                     named or list(bodies)))
    return found


def read_session_documents(ctx: ReadContext, body: str, year: int) -> list[DocumentRef]:
    """The Conference's report has no list of documents: each chapter names those it had
    ("缔约方会议收到了下列文件：(a) 秘书处关于…的说明（CTOC/COP/2024/CRP.1）"), the drafts it acted
    on and the report's own parts. Every symbol of the session's series (CTOC/COP/2024/…)
    printed outside the text of the acts is one of its documents; symbols of other series
    (a working group's report in a footnote) are cited, not had."""
    prefix = f"{body}/{year}/"
    found: dict[str, DocumentRef] = {}
    for block in ctx.document.blocks:
        if block.act is not None or block.kind not in ("paragraph", "line"):
            continue
        symbols = [m for m in ctx.phrasebook.finditer("documents.symbol", block.text)
                   if m.group("symbol").startswith(prefix)]
        description = None
        if len(symbols) == 1 and block.kind == "line":
            item = ctx.phrasebook.search("structure.list_item", block.text)
            if item:
                offset = len(block.text) - len(item.group("text"))
                description = _description(ctx, item.group("text")[: max(0, symbols[0].start - offset)])
        for match in symbols:
            symbol = match.group("symbol")
            if symbol not in found:
                found[symbol] = DocumentRef([symbol], description, ctx.source(block, match), [body])
            elif found[symbol].description is None and description:
                found[symbol].description = description
    return list(found.values())


def _description(ctx: ReadContext, text: str) -> str | None:
    """What a list item says of a document before its symbol, without the bracket and punctuation."""
    end = ctx.phrasebook.search("documents.description_end", text)
    return (text[:end.start] if end else text).strip() or None


def read_cited_acts(ctx: ReadContext) -> list[ActRef]:
    """Acts the report's own text cites (outside the text of the acts it adopts)."""
    return cited_in(ctx, [b for b in ctx.document.blocks if b.act is None and b.kind in ("paragraph", "line")])


def cited_in(ctx: ReadContext, blocks) -> list[ActRef]:
    found: dict[tuple[str, str, str], ActRef] = {}
    for block in blocks:
        text = block.text
        for match in ctx.phrasebook.finditer("acts.cited", text):
            before = _blank_quotes(ctx, text[ctx.language.sentence_start(text, match.start):match.start])
            issuer = ctx.issuer_before(before)
            kind = match.value("kind")
            key = (kind, match.group("number"), issuer.code)
            if key not in found:
                found[key] = ActRef(kind, match.group("number"), issuer.code, match.group("title"), ctx.source(block, match))
            elif found[key].title is None and match.group("title"):
                found[key].title = match.group("title")
    return list(found.values())


def _blank_quotes(ctx: ReadContext, text: str) -> str:
    """``text`` with every quoted title blanked out (same length), so that a body named inside
    a title is not taken for the issuer of the act after it."""
    out, position = [], 0
    for quoted in ctx.phrasebook.finditer("acts.quoted", text):
        out.append(text[position:quoted.start])
        out.append(" " * (quoted.end - quoted.start))
        position = quoted.end
    out.append(text[position:])
    return "".join(out)
