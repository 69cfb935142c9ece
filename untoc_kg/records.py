"""Plain typed records: what a report says, with names already resolved.

The reading stage produces these; the mapping stage turns them into RDF. Nothing here knows
about text layout or about RDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from untoc_kg.gazetteer import Entity


@dataclass(frozen=True)
class Source:
    """Where a fact was read: the report paragraph (as printed) and the phrasebook entry."""

    paragraph: str | None
    method: str
    line: int | None = None


@dataclass
class Person:
    key: str                      # IRI slug, from the canonical spelling
    name: str                     # canonical spelling
    variants: list[str] = field(default_factory=list)
    affiliation: Entity | None = None
    sources: list[Source] = field(default_factory=list)


@dataclass
class Sitting:
    number: int
    date: dt.date | None
    sources: list[Source] = field(default_factory=list)


@dataclass
class AgendaItem:
    number: str                   # as printed: "2", "1(a)"
    title: str
    parent: str | None = None     # "1" for "1(a)"
    sittings: list[int] = field(default_factory=list)
    joint: bool = False
    joint_with: list[tuple[str, str]] = field(default_factory=list)   # the same item in the other body's agenda
    topics: list[str] = field(default_factory=list)       # topic IRIs its title (and its parent's) names
    source: Source | None = None
    home: tuple[str, str | None] | None = None   # (chapter, section) of the report devoted to it, where the agenda is derived from chapters


@dataclass
class Statement:
    refs: list[tuple[str, str]]   # (body symbol, item number as printed): two for a joint item
    role: str                     # SpeakerRole notation: party, observer-state, panellist …
    speaker: Entity | Person
    for_agent: Entity | None = None     # panellists and invited persons: whom they speak for
    on_behalf_of: Entity | None = None
    aligned: list[Entity] = field(default_factory=list)
    on_act: tuple[str, str] | None = None   # ("resolution", "12/4") for a statement after action on it
    sources: list[Source] = field(default_factory=list)

    @property
    def item(self) -> str:
        """The item number in the first body's agenda (the only one outside joint meetings)."""
        return self.refs[0][1]


@dataclass
class Participation:
    participant: Entity
    status: str                   # ParticipationStatus notation
    source: Source | None = None


@dataclass
class OfficeHolding:
    office: str                   # chair, co-chair, president, vice-president, rapporteur
    person: Person
    for_agent: Entity | None
    source: Source | None = None


@dataclass
class Recommendation:
    label: str                    # as printed: "建议 12", "(k)"
    key: str                      # "12", "k"
    text: str
    heading: str | None
    order: int
    section: str | None = None    # label of the report section it is printed in ("C")
    source: Source | None = None
    adopted_by: list[str] = field(default_factory=list)   # the bodies that adopted it (two at a joint meeting)
    topics: list[str] = field(default_factory=list)       # topic IRIs its heading names
    joint_discussion: bool = False  # printed in the section of a joint thematic discussion
    items: list[tuple[str, str]] = field(default_factory=list)   # (body symbol, item number): the agenda items it was adopted under, one per body
    item_source: Source | None = None   # where that was read: the heading naming the item, or the item's summary


@dataclass
class DocumentRef:
    symbols: list[str]            # a joint document has one symbol per body
    description: str | None
    source: Source | None = None
    bodies: list[str] = field(default_factory=list)       # the bodies that had it before them


@dataclass
class ActRef:
    kind: str                     # "resolution" or "decision"
    number: str                   # "11/3"
    issuer: str                   # body symbol (CTOC/COP) or organization code
    title: str | None = None
    source: Source | None = None


@dataclass
class AnnexItem:
    label: str                    # as printed: "(k)"
    key: str
    text: str
    heading: str | None
    order: int
    source: Source | None = None
    topics: list[str] = field(default_factory=list)       # topic IRIs its heading names


@dataclass
class Annex:
    number: int
    title: str
    recommendations_of: tuple[str, "dt.date"] | None   # (body symbol, start date) of the meeting it repeats
    items: list[AnnexItem] = field(default_factory=list)
    meeting_number: int | None = None      # "第十四次会议": the number of the meeting it repeats
    source_symbol: str | None = None       # the report of that meeting, from the annex's footnote
    source: Source | None = None


@dataclass
class EndorsementStatement:
    """A sentence saying which recommendations an act endorsed, as it says it: by the numbers
    of the meetings that adopted them, by the dates of the meeting (and the topic of a joint
    thematic discussion), or by the words of one recommendation. Which recommendation nodes
    these are is decided across reports (untoc_kg/linking_prose.py)."""

    act: ActRef                   # the endorsing act
    bodies: list[str] = field(default_factory=list)        # symbols of the working groups named
    meeting_numbers: list[int] = field(default_factory=list)   # "第十二次和第十三次会议" → [12, 13]
    meeting_start: "dt.date | None" = None   # the first day of the meeting named by its dates
    joint_discussion: bool = False           # only what was adopted on the topic of a joint thematic discussion
    text: str | None = None                  # the one recommendation, as the sentence words it
    stated_in: tuple[str, str, int] | None = None   # (kind, number, order) of the preambular paragraph of an act the report adopts
    source: Source | None = None


@dataclass
class MeetingNumberStatement:
    """A report numbering another body's meeting by the month it was held in ("2022 年 5 月，国际
    合作工作组第十三次会议"); the meeting it is is found across reports (untoc_kg/linking_prose.py)."""

    body: str                     # symbol of the body
    year: int
    month: int
    number: int
    source: Source | None = None


@dataclass
class Act:
    """A resolution or decision the Conference adopted, as printed in its report."""

    kind: str                     # resolution | decision
    number: str                   # "12/4"
    title: str | None
    preamble: list[str] = field(default_factory=list)
    operative: list[tuple[str, str]] = field(default_factory=list)   # (number as printed, text)
    annexes: list[Annex] = field(default_factory=list)
    recalls: list[ActRef] = field(default_factory=list)
    adopted_on: dt.date | None = None
    sitting: int | None = None
    draft: str | None = None
    sponsors: list[Entity] = field(default_factory=list)
    item_refs: list[tuple[str, str]] = field(default_factory=list)
    source: Source | None = None
    adoption_source: Source | None = None
    topics: list[str] = field(default_factory=list)       # topic IRIs its title names


@dataclass
class Meeting:
    body: str                     # UN symbol of the body: CTOC/COP/WG.2
    start: dt.date
    end: dt.date
    venue: str | None = None
    number: int | None = None
    sitting_count: int | None = None
    format: str | None = None
    sittings: list[Sitting] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    officers: list[OfficeHolding] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)
    attendance_counts: dict[str, int] = field(default_factory=dict)   # status → number, where no list is printed
    source: Source | None = None


@dataclass
class Problem:
    """Something the reader could not read or found inconsistent, with where."""

    kind: str                     # "unresolved" | "discrepancy" | "unread"
    message: str
    paragraph: str | None = None
    line: int | None = None

    def line_text(self, file: str) -> str:
        where = f"paragraph {self.paragraph}" if self.paragraph else (f"line {self.line}" if self.line else "")
        return f"{file}{', ' + where if where else ''}: {self.message}"


@dataclass
class ReportRecords:
    file: str                     # file name as given
    sha256: str
    size: int
    language: str
    layout: str
    encoding: str
    distributed: dt.date | None
    title: str
    meetings: list[Meeting]
    persons: list[Person]
    acts_cited: list[ActRef]
    acts: list[Act] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    paragraphs: dict[str, str] = field(default_factory=dict)   # number as printed → text as printed, without the number
    endorsement_statements: list[EndorsementStatement] = field(default_factory=list)
    meeting_numbers_stated: list[MeetingNumberStatement] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Content-derived key of the report: first body and start date, plus language."""
        first = self.meetings[0]
        return f"{first.body.replace('/', '-')}/{first.start.isoformat()}/{self.language}"

    @property
    def unresolved(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "unresolved"]

    @property
    def partial(self) -> bool:
        return any(p.kind in ("unresolved", "unread") for p in self.problems)
