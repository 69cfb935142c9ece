"""One report file → ReportRecords: the reading stage from bytes to resolved records."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from untoc_kg.errors import ReportError
from untoc_kg.reading import structure
from untoc_kg.reading.acts import read_acts
from untoc_kg.reading.agenda import ItemIndex, read_agenda, read_consideration
from untoc_kg.reading.attendance import read_attendance, read_attendance_counts
from untoc_kg.reading.context import ReadContext
from untoc_kg.reading.gazetteers import gazetteer_in
from untoc_kg.reading.language import Language, available
from untoc_kg.reading.documents import read_cited_acts, read_documents, read_session_documents
from untoc_kg.reading.endorsements import (read_endorsement_statements, read_meeting_numbers_stated,
                                           read_own_meeting_number)
from untoc_kg.reading.meeting import read_distribution_date, read_meetings, read_title
from untoc_kg.reading.persons import PersonRegistry
from untoc_kg.reading.phrasebook import Phrasebook
from untoc_kg.reading.recommendations import read_recommendations
from untoc_kg.reading.series import Series
from untoc_kg.reading.speakers import read_statements, statements_of
from untoc_kg.reading.subjects import assign_topics
from untoc_kg.reading.text import clean, decode
from untoc_kg.records import Problem, ReportRecords, Sitting
from untoc_kg.topics import TopicScheme


# The largest report of the series is 82 KB (the Conference's, 002); a hundred times that is
# still a report, while a file of hundreds of MB is a mistake (a dump, a concatenation) that
# would take minutes and gigabytes before failing. 8 MiB leaves room for a report with long
# annexes and refuses such files before a byte is read.
MAX_REPORT_BYTES = 8 * 1024 * 1024


def read_report(path: Path, language: str | None = None, *, max_bytes: int | None = None) -> ReportRecords:
    """Read one report file, in ``language`` (None: the language its title is written in); a file
    larger than ``max_bytes`` (None: MAX_REPORT_BYTES) is refused."""
    limit = MAX_REPORT_BYTES if max_bytes is None else max_bytes
    # Errors name the file as the user gave it; the graph records only its name.
    _check_size(path, path.stat().st_size, limit)
    with path.open("rb") as handle:
        # The file may grow after it was measured: never hold more than the limit.
        data = handle.read(limit + 1)
        if len(data) > limit:
            _check_size(path, max(len(data), os.fstat(handle.fileno()).st_size), limit)
    return read_report_bytes(data, str(path), language)


def _check_size(path: Path, size: int, limit: int) -> None:
    if size <= limit:
        return
    raise ReportError(str(path), f"the file is {_size(size)}, larger than any report of this series "
                      f"(the limit is {_size(limit)}); if it really is one report, raise the limit with "
                      "--max-report-size.")


def _size(n: int) -> str:
    for unit, factor in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


def read_report_bytes(data: bytes, file: str, language: str | None = None) -> ReportRecords:
    text, encoding = decode(data, file)
    language = language or _language_of(text, file)
    phrasebook = Phrasebook.load(language)
    grammar = Language.load(language)
    lines = clean(text, phrasebook, encoding)
    document = structure.parse(lines, phrasebook, file, unnumbered_annex=grammar.unnumbered_annex)
    series = Series.load()
    ctx = ReadContext(document, phrasebook, gazetteer_in(language), series, grammar)
    if any(b.act is not None for b in document.blocks) and not _adopts_acts(ctx):
        # "第 9/9 号决定" alone on a line of a working group's report names an act of another
        # body; read as the heading of an act it would swallow the paragraphs after it.
        document = structure.parse(lines, phrasebook, file, acts=False, unnumbered_annex=grammar.unnumbered_annex)
        ctx = ReadContext(document, phrasebook, ctx.gazetteer, series, grammar)
    for line, last, number in document.numbering_gaps:
        skipped = ", ".join(str(n) for n in range(last + 1, number))
        ctx.problems.append(Problem("discrepancy", f"the report paragraphs go from {last} to {number}: "
                                    f"{'paragraphs' if number - last > 2 else 'paragraph'} {skipped} "
                                    f"{'are' if number - last > 2 else 'is'} not in the text", str(number), line))
    persons = PersonRegistry()

    read = read_meetings(ctx, persons)
    symbols = [m.body for m in read.meetings]
    agenda = read_agenda(ctx, [series.body(symbol) for symbol in symbols])
    index = ItemIndex(ctx, agenda.items)
    turns = read_statements(ctx, persons, index)
    attendance = read_attendance(ctx)
    attendance_counts = read_attendance_counts(ctx)
    recommendations = read_recommendations(ctx, symbols, index)
    documents = read_documents(ctx, symbols)
    acts_cited = read_cited_acts(ctx)
    adopted_acts = read_acts(ctx, index, series.adopter_of(symbols))
    endorsement_statements = read_endorsement_statements(ctx, adopted_acts)
    read_own_meeting_number(ctx, read.meetings)
    people = persons.resolve(ctx.problems)

    for meeting in read.meetings:
        body = series.body(meeting.body)
        meeting.agenda = agenda.items[meeting.body]
        meeting.sittings = list(agenda.sittings) if len(read.meetings) == 1 else []
        read_consideration(ctx, meeting, index)
        if body.adopts_acts:
            _add_adoption_sittings(meeting, adopted_acts)
        # A joint meeting's attendance list is one list for both working groups.
        meeting.participations = attendance
        if not attendance:
            meeting.attendance_counts = attendance_counts
        meeting.recommendations = [r for r in recommendations if meeting.body in r.adopted_by]
        meeting.documents = [d for d in documents if meeting.body in d.bodies]
        if not meeting.documents and not body.lists_documents:
            meeting.documents = read_session_documents(ctx, meeting.body, meeting.start.year)
        meeting.officers = [o.holding() for o in read.officers if meeting.body in o.bodies]
        meeting.statements = statements_of(turns, meeting.body)
    assign_topics(read.meetings, adopted_acts, TopicScheme.load())

    return ReportRecords(
        file=Path(file).name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        language=language,
        layout=document.layout,
        encoding=encoding,
        distributed=read_distribution_date(ctx),
        title=read.title,
        meetings=read.meetings,
        persons=people,
        acts_cited=acts_cited,
        acts=adopted_acts,
        problems=ctx.problems,
        paragraphs=document.printed_paragraphs(),
        endorsement_statements=endorsement_statements,
        meeting_numbers_stated=read_meeting_numbers_stated(ctx),
    )


def _language_of(text: str, file: str) -> str:
    language = Language.of_text(text)
    if language is None:
        raise ReportError(file, "no report title of this series was found in its first lines, in any language of "
                          f"loaders/ ({', '.join(available())}), so this does not look like a report of the UNTOC "
                          "Conference or its working groups.")
    return language


def _adopts_acts(ctx: ReadContext) -> bool:
    """Whether a body the title names adopts acts (the title is read before any chapter)."""
    _, title = read_title(ctx)
    return any(body.adopts_acts for body in ctx.bodies_named_in(title.group("bodies") or ""))


def _add_adoption_sittings(meeting, acts) -> None:
    # An act names the sitting that adopted it; that sitting belongs in the meeting even when
    # no agenda paragraph mentions it (the Conference's tenth sitting in report 002).
    known = {s.number: s for s in meeting.sittings}
    for act in acts:
        if act.sitting is None:
            continue
        sitting = known.get(act.sitting)
        if sitting is None:
            known[act.sitting] = sitting = Sitting(act.sitting, act.adopted_on, [])
        elif sitting.date is None:
            sitting.date = act.adopted_on
        if act.adoption_source:
            sitting.sources.append(act.adoption_source)
    meeting.sittings = sorted(known.values(), key=lambda s: s.number)
