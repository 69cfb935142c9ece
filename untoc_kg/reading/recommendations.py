"""Recommendations: label as printed (建议 12, (k)), full text, heading, order."""

from __future__ import annotations

from untoc_kg.reading.context import ReadContext
from untoc_kg.records import Recommendation


def read_recommendations(ctx: ReadContext, bodies: list[str]) -> list[Recommendation]:
    """Recommendations with the bodies that adopted them (adopted_by: those named where the list
    is introduced, "国际合作工作组和技术援助问题政府专家工作组通过了以下建议", all of the report's
    by default)."""
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
    _unique_keys(found, adopted_by)
    for recommendation, owners in zip(found, adopted_by):
        recommendation.adopted_by = owners
    return found


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
