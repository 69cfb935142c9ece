"""One report file → ReportRecords: the reading stage from bytes to resolved records."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from untoc_kg.errors import ReportError
from untoc_kg.gazetteer import Gazetteer
from untoc_kg.reading import structure
from untoc_kg.reading.acts import read_acts
from untoc_kg.reading.agenda import ItemIndex, read_agenda, read_consideration
from untoc_kg.reading.attendance import read_attendance, read_attendance_counts
from untoc_kg.reading.context import ReadContext
from untoc_kg.reading.documents import read_cited_acts, read_documents, read_session_documents
from untoc_kg.reading.meeting import read_distribution_date, read_meetings, read_title
from untoc_kg.reading.persons import PersonRegistry
from untoc_kg.reading.phrasebook import Phrasebook
from untoc_kg.reading.recommendations import read_recommendations
from untoc_kg.reading.series import Series
from untoc_kg.reading.speakers import read_statements
from untoc_kg.reading.text import clean, decode
from untoc_kg.records import OfficeHolding, Person, ReportRecords, Sitting, Statement


# The largest report of the series is 82 KB (the Conference's, 002); a hundred times that is
# still a report, while a file of hundreds of MB is a mistake (a dump, a concatenation) that
# would take minutes and gigabytes before failing. 8 MiB leaves room for a report with long
# annexes and refuses such files before a byte is read.
MAX_REPORT_BYTES = 8 * 1024 * 1024


def read_report(path: Path, language: str = "zh", *, max_bytes: int | None = None) -> ReportRecords:
    """Read one report file; a file larger than ``max_bytes`` (None: MAX_REPORT_BYTES) is refused."""
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


def read_report_bytes(data: bytes, file: str, language: str = "zh") -> ReportRecords:
    phrasebook = Phrasebook.load(language)
    text, encoding = decode(data, file)
    lines = clean(text, phrasebook, encoding)
    document = structure.parse(lines, phrasebook, file)
    series = Series.load()
    ctx = ReadContext(document, phrasebook, Gazetteer.load(), series)
    if any(b.act is not None for b in document.blocks) and not _adopts_acts(ctx):
        # "第 9/9 号决定" alone on a line of a working group's report names an act of another
        # body; read as the heading of an act it would swallow the paragraphs after it.
        document = structure.parse(lines, phrasebook, file, acts=False)
        ctx = ReadContext(document, phrasebook, ctx.gazetteer, series)
    persons = PersonRegistry()

    title, meetings, officer_mentions = read_meetings(ctx, persons)
    bodies = [series.body(m.body) for m in meetings]
    symbols = [m.body for m in meetings]
    agendas, sittings = read_agenda(ctx, bodies)
    index = ItemIndex(ctx, agendas)
    statements = read_statements(ctx, persons, index)
    attendance = read_attendance(ctx)
    attendance_counts = read_attendance_counts(ctx)
    recommendations = read_recommendations(ctx, symbols)
    documents = read_documents(ctx, symbols)
    acts = read_cited_acts(ctx)
    adopted_acts = read_acts(ctx, index)
    person_of = persons.resolve(ctx.problems)

    for meeting in meetings:
        meeting.agenda = agendas[meeting.body]
        for item in meeting.agenda:
            item.joint_with = [ref for ref in index.partners.get((meeting.body, item.number), [])]
        meeting.sittings = [s for s in sittings] if len(meetings) == 1 else []
        read_consideration(ctx, meeting, index)
        _add_adoption_sittings(meeting, adopted_acts, series)
        # A joint meeting's attendance list is one list for both working groups.
        meeting.participations = attendance
        if not attendance:
            meeting.attendance_counts = attendance_counts
        meeting.recommendations = [r for owners, r in recommendations if meeting.body in owners]
        meeting.documents = [d for owners, d in documents if meeting.body in owners]
        if not meeting.documents and meeting.body == "CTOC/COP":
            meeting.documents = read_session_documents(ctx, meeting.body, meeting.start.year)
        meeting.officers = [OfficeHolding(office, person_of[id(mention)], affiliation, source)
                            for scope, office, mention, affiliation, source in officer_mentions
                            if meeting.body in scope]
        meeting.statements = _merge_statements([s for s in statements if any(b == meeting.body for b, _ in s.refs)],
                                               person_of)

    return ReportRecords(
        file=Path(file).name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        language=language,
        layout=document.layout,
        encoding=encoding,
        distributed=read_distribution_date(ctx),
        title=title,
        meetings=meetings,
        persons=_unique_persons(person_of.values()),
        acts_cited=acts,
        acts=adopted_acts,
        problems=ctx.problems,
    )


def _adopts_acts(ctx: ReadContext) -> bool:
    """Whether a body the title names adopts acts (the title is read before any chapter)."""
    _, title = read_title(ctx)
    return any(body.adopts_acts for body in ctx.series.bodies_named_in(title.group("bodies") or ""))


def _add_adoption_sittings(meeting, acts, series: Series) -> None:
    # An act names the sitting that adopted it; that sitting belongs in the meeting even when
    # no agenda paragraph mentions it (the Conference's tenth sitting in report 002).
    if not acts or not series.body(meeting.body).adopts_acts:
        return
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


def _merge_statements(pending, person_of) -> list[Statement]:
    # One speaker's turns under one item in one role are one Statement with several sources;
    # a turn after action on a different act, or for a different group, is another statement.
    merged: dict[tuple, Statement] = {}
    for p in pending:
        speaker = person_of.get(id(p.speaker), p.speaker)
        group = p.on_behalf_of.code if p.on_behalf_of else None
        key = (tuple(p.refs), p.role, _speaker_key(speaker), p.on_act, group)
        if key in merged:
            statement = merged[key]
            statement.sources.extend(p.sources)
            statement.aligned.extend(a for a in p.aligned if a not in statement.aligned)
        else:
            merged[key] = Statement(p.refs, p.role, speaker, for_agent=p.for_agent,
                                    on_behalf_of=p.on_behalf_of, aligned=list(p.aligned),
                                    on_act=p.on_act, sources=list(p.sources))
    return list(merged.values())


def _speaker_key(speaker) -> str:
    return f"person:{speaker.key}" if isinstance(speaker, Person) else speaker.code


def _unique_persons(persons) -> list[Person]:
    seen: dict[str, Person] = {}
    for person in persons:
        seen.setdefault(person.key, person)
    return list(seen.values())
