"""Endorsements stated in prose: the sentences saying which recommendations an act endorsed.

The Conference's preambles recall them ("第 11/1 号决议，其中缔约方会议核可了国际合作工作组第十二次
和第十三次会议通过的建议"), the working groups' introductions repeat them ("第 11/3 号决议中核可了一项
建议，即……"). Each is read as it is said (endorsements.* in the phrasebook): the act, the bodies,
the meetings by number or by date, or the one recommendation by its words. Which recommendation
nodes it covers is decided across reports (untoc_kg/linking_prose.py), since the meetings named
are mostly other reports'.

The same module reads what those sentences need of the report's own meeting: its ordinal,
where the report prints it (meeting.own_number).
"""

from __future__ import annotations

from untoc_kg.reading.context import ReadContext
from untoc_kg.reading.documents import cited_in
from untoc_kg.reading.phrasebook import PhraseMatch
from untoc_kg.reading.structure import Block
from untoc_kg.records import Act, ActRef, EndorsementStatement, Meeting, MeetingNumberStatement

_FORMS = ("endorsements.of_meetings", "endorsements.of_joint_discussion", "endorsements.of_recommendation")


def read_endorsement_statements(ctx: ReadContext, acts: list[Act]) -> list[EndorsementStatement]:
    """Every sentence of the report (its own paragraphs and the preambles of the acts it
    adopts) that says what an act endorsed, in printed order."""
    found: list[EndorsementStatement] = []
    for block in ctx.document.blocks:
        if block.kind not in ("paragraph", "line"):
            continue
        matches = [m for form in _FORMS for m in ctx.phrasebook.finditer(form, block.text)]
        for match in sorted(matches, key=lambda m: m.start):
            act = _endorsing_act(ctx, block, match)
            if act is None:
                continue
            statement = EndorsementStatement(act, source=ctx.source(block, match),
                                             stated_in=_preamble_place(block, acts))
            if match.entry == "endorsements.of_meetings":
                statement.bodies = _bodies(ctx, block, match.group("body"))
                statement.meeting_numbers = ctx.language.numbers_in(match.group("ordinals"))
            elif match.entry == "endorsements.of_joint_discussion":
                statement.bodies = _bodies(ctx, block, match.group("bodies"))
                statement.joint_discussion = True
                dates, _range = ctx.language.dates(match.group("dates"))
                if dates:
                    statement.meeting_start = min(dates)
                else:
                    ctx.problem("unread", f"{act.kind} {act.number} is said to endorse the recommendations of a "
                                f"meeting held “{match.group('dates')}”, which is not read as a date.", block)
            else:
                statement.text = match.group("text").strip()
            found.append(statement)
    return found


def _endorsing_act(ctx: ReadContext, block: Block, match: PhraseMatch) -> ActRef | None:
    """The act the sentence names, with its issuer found as for any act the text cites."""
    kind, number = match.value("kind"), match.group("number")
    refs = [r for r in cited_in(ctx, [block]) if r.kind == kind and r.number == number]
    if not refs:
        ctx.problem("unread", f"an endorsement by {kind} {number} is stated, but the act is not read as cited there.", block)
        return None
    return refs[0]


def _bodies(ctx: ReadContext, block: Block, printed: str) -> list[str]:
    bodies = [b.symbol for b in ctx.bodies_named_in(printed)]
    if not bodies:
        ctx.problem("unresolved", f"the body “{printed.strip()}” whose recommendations an act endorsed matches "
                    "no body of loaders/series.yaml.", block)
    return bodies


def _preamble_place(block: Block, acts: list[Act]) -> tuple[str, str, int] | None:
    """(kind, number, order) of the preambular paragraph the sentence is, inside an act the
    report adopts; None for a sentence of the report's own paragraphs."""
    if block.act is None:
        return None
    for act in acts:
        if (act.kind, act.number) == (block.act_kind, block.act) and block.text in act.preamble:
            return act.kind, act.number, act.preamble.index(block.text) + 1
    return None


def read_own_meeting_number(ctx: ReadContext, meetings: list[Meeting]) -> None:
    """The ordinal of the report's meeting in its bodies' series, where the report prints it
    and the title did not give it (a joint report: one ordinal for both groups' meetings)."""
    for block in ctx.document.blocks:
        if block.kind not in ("paragraph", "line") or block.act is not None:
            continue
        found = ctx.phrasebook.search("meeting.own_number", block.text)
        if found is None:
            continue
        number = ctx.language.number(found.group("number"))
        for meeting in meetings:
            if meeting.number is None:
                meeting.number = number
            elif meeting.number != number:
                ctx.problem("discrepancy", f"the meeting of {meeting.body} is numbered {meeting.number} by the "
                            f"title, {number} here; the title's number is kept.", block)
        return


def read_meeting_numbers_stated(ctx: ReadContext) -> list[MeetingNumberStatement]:
    """The ordinals the report gives other meetings, named by body and month (meeting.numbered_elsewhere)."""
    found: list[MeetingNumberStatement] = []
    for block in ctx.document.blocks:
        if block.kind not in ("paragraph", "line"):
            continue
        for match in ctx.phrasebook.finditer("meeting.numbered_elsewhere", block.text):
            bodies = _bodies(ctx, block, match.group("body"))
            if len(bodies) != 1:
                continue
            found.append(MeetingNumberStatement(bodies[0], int(match.group("year")), int(match.group("month_of_year")),
                                                ctx.language.number(match.group("number")), ctx.source(block, match)))
    return found
