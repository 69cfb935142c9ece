"""Recommendations: label as printed (建议 12, (k)), full text, heading, order, and the agenda
item each was adopted under."""

from __future__ import annotations

import difflib
import re

from untoc_kg.reading.agenda import TITLE_SIMILARITY, ItemIndex, ItemRef
from untoc_kg.reading.context import ReadContext
from untoc_kg.reading.text_forms import to_half_width
from untoc_kg.records import Problem, Recommendation, Source


def read_recommendations(ctx: ReadContext, bodies: list[str], index: ItemIndex | None = None) -> list[Recommendation]:
    """Recommendations with the bodies that adopted them (adopted_by: those named where the list
    is introduced, "国际合作工作组和技术援助问题政府专家工作组通过了以下建议", all of the report's
    by default), and, given the agenda, the items they were adopted under."""
    found: list[Recommendation] = []
    adopted_by: list[list[str]] = []
    current: Recommendation | None = None
    for block in ctx.document.blocks:
        if block.act is not None or block.chapter is None:
            continue
        if not ctx.phrasebook.matches("recommendations.chapter", block.chapter):
            current = None
            continue
        if block.kind in ("chapter", "section", "paragraph"):
            current = None
            continue
        if block.kind != "line":
            continue
        label = ctx.phrasebook.search("recommendations.label", block.text)
        if label:
            heading = block.heading if block.heading and block.heading != block.text else block.section
            current = Recommendation(
                label=" ".join(label.group("label").split()),
                key=label.group("key"),
                text=(label.group("text") or "").strip(),
                heading=heading,
                order=len(found) + 1,
                section=block.section_label,
                source=ctx.source(block, label),
                joint_discussion=bool(block.section) and ctx.phrasebook.matches("recommendations.joint_discussion",
                                                                                 block.section),
            )
            found.append(current)
            intro = ctx.document.paragraph_opening(block.para) if block.para else ""
            named = [b.symbol for b in ctx.bodies_named_in(intro) if b.symbol in bodies]
            adopted_by.append(named or list(bodies))
        elif current is not None and block.heading != block.text:
            current.text = f"{current.text}\n{block.text}" if current.text else block.text
    for recommendation in found:
        if not recommendation.text:
            ctx.problems.append(_empty(recommendation))
    for recommendation, owners in zip(found, adopted_by):
        recommendation.adopted_by = owners
    if index is not None:
        # Read while the keys are still the printed letters, which the summaries name.
        _items_from_summaries(ctx, found, index)
        _items_from_headings(ctx, found, index)
    _unique_keys(found, adopted_by)
    return found


# ---------------------------------------------------------------- the item each was adopted under

def _items_from_summaries(ctx: ReadContext, found: list[Recommendation], index: ItemIndex) -> None:
    """An item's summary that says where its recommendations are printed ("已通过的建议列于本报告
    第二节第 8(a)至(o)段", 001 ¶42): those recommendations were adopted under the item the summary
    is printed under, whatever their headings say (they name the items of the earlier meeting
    that drafted them)."""
    for block in ctx.document.paragraphs():
        if block.act is not None:
            continue
        listed = ctx.phrasebook.search("recommendations.listed_at", block.text)
        if not listed:
            continue
        heading = _numbered_title(ctx, block.heading or block.section or "")
        named = [b.symbol for b in ctx.bodies_named_in(f"{block.section or ''} {block.text}") if b.symbol in index.agendas]
        refs = _item_titled(index, heading, named or list(index.agendas)) if heading else []
        if not refs:
            ctx.problem("unread", f"this paragraph says where the recommendations of an item are printed, but "
                        f"its heading (“{heading}”) names no agenda item, so they are linked to none.", block)
            continue
        first, last = _letter_rank(listed.group("first")), _letter_rank(listed.group("last"))
        placed = [r for r in found if r.source is not None and r.source.paragraph == listed.group("paragraph")
                  and first <= _letter_rank(r.key) <= last and any(body in r.adopted_by for body, _ in refs)]
        if not placed:
            ctx.problem("unread", f"this paragraph places recommendations at paragraph {listed.group('paragraph')}"
                        f"({listed.group('first')}) to ({listed.group('last')}), but no recommendation is printed there.", block)
        for recommendation in placed:
            recommendation.items = [ref for ref in refs if ref[0] in recommendation.adopted_by]
            recommendation.item_source = ctx.source(block, listed)


def _items_from_headings(ctx: ReadContext, found: list[Recommendation], index: ItemIndex) -> None:
    """The heading a recommendation is printed under names its item by title ("关于有组织欺诈的
    建议"). A general heading ("总体建议") names none, and says so; a heading naming only the
    working group, or nothing on the agenda, is reported."""
    reported: set[tuple[str | None, tuple[str, ...]]] = set()
    for recommendation in found:
        if recommendation.items or not recommendation.heading:
            continue
        heading = recommendation.heading
        if ctx.phrasebook.matches("recommendations.general_heading", heading):
            continue
        named = ctx.phrasebook.search("recommendations.item_heading", heading)
        refs = _item_titled(index, named.group("title"), recommendation.adopted_by) if named else []
        if refs:
            recommendation.items = refs
            where = recommendation.source
            recommendation.item_source = Source(None, named.method, where.line if where else None)
            continue
        if (heading, tuple(recommendation.adopted_by)) in reported:
            continue
        reported.add((heading, tuple(recommendation.adopted_by)))
        place = recommendation.source.paragraph if recommendation.source else None
        if any(b.symbol in recommendation.adopted_by for b in ctx.bodies_named_in(heading)):
            ctx.problems.append(Problem(
                "discrepancy", f"the recommendations printed under “{heading}” (from {recommendation.label}) have "
                "a heading naming the working group, not one of its agenda items: they are linked to no item.", place))
        else:
            ctx.problems.append(Problem(
                "unread", f"the heading “{heading}” of recommendation {recommendation.label} names no agenda item of "
                f"{' and '.join(recommendation.adopted_by)}, so it is linked to none.", place))


def _item_titled(index: ItemIndex, title: str, bodies: list[str]) -> list[ItemRef]:
    """The item of ``bodies`` whose title the heading gives (a joint item brings its partner), []
    when none comes close. A heading rewords the title ("联合国…审议机制事项" for "与联合国…审议机制
    有关的事项"): the closest title counts when it is closer than TITLE_SIMILARITY."""
    wanted = _comparable(title)
    scored = sorted(((_similarity(wanted, _comparable(item.title)), body, item.number)
                     for body in bodies for item in index.agendas.get(body, [])), key=lambda s: -s[0])
    if not scored or scored[0][0] < TITLE_SIMILARITY:
        return []
    _, body, number = scored[0]
    return [ref for ref in index.with_partners((body, number)) if ref[0] in bodies]


def _similarity(wanted: str, printed: str) -> float:
    if wanted == printed:
        return 1.0
    shorter, longer = sorted((printed, wanted), key=len)
    if shorter and shorter in longer:
        return len(shorter) / len(longer)
    return difflib.SequenceMatcher(None, wanted, printed).ratio()


def _comparable(title: str) -> str:
    # Spacing, full/half-width forms and (in English) the capital of a title's first word vary
    # between a heading and the agenda.
    return re.sub(r"\s+", "", to_half_width(title)).casefold()


def _numbered_title(ctx: ReadContext, heading: str) -> str:
    """A summary's sub-heading without its number: "2. 最后确定并通过…" → "最后确定并通过…"."""
    entry = ctx.phrasebook.search("structure.list_item", heading)
    return entry.group("text").strip() if entry else heading


def _letter_rank(key: str) -> tuple[int, str]:
    # "(z)" comes before "(aa)".
    return (len(key), key)


def _unique_keys(found: list[Recommendation], adopted_by: list[list[str]]) -> None:
    """A joint report restarts its lettering per section: "(a)" of section A and "(a)" of
    section C are different recommendations of one meeting. Keys then carry the section.

    Whether a meeting's lettering restarts is decided on the printed keys of every meeting
    before any key changes: deciding one meeting after the other saw the keys the first had
    already changed, so the IRIs followed the order a set was walked in (the hash seed)."""
    keys_of: dict[str, list[str]] = {}
    for recommendation, owners in zip(found, adopted_by):
        for body in owners:
            keys_of.setdefault(body, []).append(recommendation.key)
    clashing = {body for body, keys in keys_of.items() if len(set(keys)) < len(keys)}
    for recommendation, owners in zip(found, adopted_by):
        # A recommendation both groups adopted is one node: it carries its section if either
        # group's lettering restarts.
        if recommendation.section and any(body in clashing for body in owners):
            recommendation.key = f"{recommendation.section}-{recommendation.key}"


def _empty(recommendation: Recommendation):
    from untoc_kg.records import Problem
    return Problem("unread", f"recommendation “{recommendation.label}” has no text after its label.",
                   recommendation.source.paragraph if recommendation.source else None)
