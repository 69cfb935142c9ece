"""The meeting itself: bodies, dates, venue, sittings, format, officers, distribution date.

The title names the bodies and dates; the "会期" paragraph of the organization chapter says
them again with the number of sittings. The paragraph wins where they disagree (a title
printed "5月30日和29日" is a typo), and the disagreement is reported. In a joint report each
working group's paragraph gives its own sittings and chair.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from untoc_kg.errors import ReportError
from untoc_kg.gazetteer import Entity
from untoc_kg.reading.context import ReadContext
from untoc_kg.reading.persons import Mention, PersonRegistry
from untoc_kg.reading.series import Body
from untoc_kg.records import Meeting, OfficeHolding, Source

OFFICER_ENTRIES = (("co-chair", "officers.co_chairs"), ("chair", "officers.chair"))


@dataclass
class OfficerMention:
    """An office held at the meeting of ``bodies``, by a person named before persons are resolved."""

    bodies: list[str]
    office: str
    mention: Mention
    affiliation: Entity | None
    source: Source

    def holding(self) -> OfficeHolding:
        return OfficeHolding(self.office, self.mention.resolved(), self.affiliation, self.source)


@dataclass
class MeetingsRead:
    """What the title and the organization chapter say: the report's title, one meeting per
    body, and the officers of each."""

    title: str
    meetings: list[Meeting]
    officers: list[OfficerMention]


def read_distribution_date(ctx: ReadContext) -> dt.date | None:
    for block in ctx.document.blocks:
        if block.kind != "header":
            continue
        match = ctx.phrasebook.search("meeting.distributed", block.text)
        if match:
            return dt.date(int(match.group("year")), int(match.value("month")), int(match.group("day")))
    return None


def read_title(ctx: ReadContext):
    for block in ctx.document.blocks:
        if block.kind not in ("header", "chapter"):
            continue
        match = ctx.phrasebook.search("meeting.title", block.text)
        if match:
            return block, match
        if block.kind == "chapter":
            break
    raise ReportError(
        ctx.file,
        "no report title of this series was found before the first chapter (expected a line "
        "such as “2024年6月3日和4日在维也纳举行的技术援助问题政府专家工作组会议的报告”), so "
        "this does not look like a report of the UNTOC Conference or its working groups.",
    )


def bodies_leading(ctx: ReadContext, text: str, bodies: list[Body]) -> list[str]:
    """The bodies a paragraph is about: those it opens with, or all of the report's."""
    named = [b.symbol for b in ctx.bodies_named_in(text[:40]) if b in bodies]
    return named or [b.symbol for b in bodies]


def read_meetings(ctx: ReadContext, persons: PersonRegistry) -> MeetingsRead:
    title_block, title = read_title(ctx)
    bodies = ctx.bodies_named_in(title.group("bodies") or "")
    if not bodies:
        raise ReportError(ctx.file, f"the title names no body listed in loaders/series.yaml: “{title_block.text}”.",
                          f"line {title_block.line}")
    title_dates, _ = ctx.language.dates(title.group("dates"))
    if not title_dates:
        raise ReportError(ctx.file, f"the title gives no date that can be read: “{title.group('dates')}”.",
                          f"line {title_block.line}")
    if title_dates != sorted(title_dates):
        ctx.problem("discrepancy", f"the title prints the dates out of order (“{title.group('dates')}”); "
                    f"the meeting is recorded from {min(title_dates)} to {max(title_dates)}.", title_block)
    session = title.group("session")
    meetings = {
        body.symbol: Meeting(body=body.symbol, start=min(title_dates), end=max(title_dates), venue=title.group("venue"),
                             number=ctx.language.number(session) if session else None, source=ctx.source(title_block, title))
        for body in bodies
    }
    for block in ctx.document.paragraphs():
        if block.act is not None:
            continue
        duration = ctx.phrasebook.search("meeting.duration", block.text)
        if duration:
            for symbol in bodies_leading(ctx, block.text, bodies):
                meeting = meetings[symbol]
                if meeting.sitting_count is not None:
                    continue
                dates, _ = ctx.language.dates(duration.group("dates"))
                if dates and (min(dates), max(dates)) != (meeting.start, meeting.end):
                    ctx.problem("discrepancy", f"the dates in this paragraph ({min(dates)} to {max(dates)}) differ "
                                f"from the title's ({meeting.start} to {meeting.end}); the paragraph's are kept.", block)
                    meeting.start, meeting.end = min(dates), max(dates)
                if duration.group("sittings"):
                    meeting.sitting_count = ctx.language.number(duration.group("sittings"))
        fmt = ctx.phrasebook.search("meeting.format", block.text)
        if fmt:
            for meeting in meetings.values():
                meeting.format = meeting.format or fmt.value("format")
    return MeetingsRead(title_block.text, list(meetings.values()), read_officers(ctx, persons, bodies))


def read_officers(ctx: ReadContext, persons: PersonRegistry, bodies: list[Body]) -> list[OfficerMention]:
    """The officers named in the report; their mentions become persons once all are read."""
    found: list[OfficerMention] = []
    for block in ctx.document.paragraphs():
        if block.act is not None:
            continue
        for office, entry in OFFICER_ENTRIES:
            match = ctx.phrasebook.search(entry, block.text)
            if not match:
                continue
            scope = bodies_leading(ctx, block.text, bodies)
            for person in ctx.phrasebook.finditer("person.with_affiliation", match.group("list")):
                affiliation = ctx.resolve_one(person.group("for"), block, f"state of the {office}")
                mention = persons.mention(person.group("name"), affiliation, ctx.source(block, match), True)
                found.append(OfficerMention(scope, office, mention, affiliation, ctx.source(block, match)))
            break
        if ctx.phrasebook.search("officers.bureau_intro", block.text):
            found.extend(_read_bureau(ctx, persons, block, [b.symbol for b in bodies]))
    return found


def _read_bureau(ctx: ReadContext, persons: PersonRegistry, intro, scope: list[str]) -> list[OfficerMention]:
    """The lines after "选出下列主席团成员：": an office label, then one person per line."""
    found: list[OfficerMention] = []
    office = None
    for line in ctx.document.blocks_of_paragraph(intro.para):
        if line.kind != "line":
            continue
        match = ctx.phrasebook.search("officers.bureau_line", line.text)
        if not match:
            continue
        if match.group("office"):
            office = match.value("office")
        if office is None:
            continue
        for person in ctx.phrasebook.finditer("person.with_affiliation", match.group("list")):
            affiliation = ctx.resolve_one(person.group("for"), line, f"state of the {office}")
            mention = persons.mention(person.group("name"), affiliation, ctx.source(line, match), True)
            found.append(OfficerMention(scope, office, mention, affiliation, ctx.source(line, match)))
    return found
