"""Records → RDF: one report becomes one named graph, with provenance on every node.

This is the only module that knows both the records and the vocabulary (docs/model.md). Each
kind of record has its function; what they all need is decided from the records before any
triple is written (Scope), and the graph being written is handed to each (Writer), so that no
function depends on another having run first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from untoc_kg.errors import ReportError
from untoc_kg.gazetteer import Entity
from untoc_kg.links_out import act_undocs_iri, undocs_iri
from untoc_kg.loader_version import loader_version
from untoc_kg.reading.knowledge import KNOWLEDGE
from untoc_kg.reading.language import Language, available
from untoc_kg.reading.series import Body, Series
from untoc_kg.records import (Act, ActRef, Annex, AgendaItem, AnnexItem, DocumentRef, EndorsementStatement, Meeting,
                              MeetingNumberStatement, OfficeHolding, Participation, Person, Recommendation, ReportRecords, Sitting, Source,
                              Statement)
from untoc_kg.vocab import (ID, OFFICES, PARTICIPATION_STATUSES, SPEAKER_ROLES, UNTOC, act_iri,
                            body_iri, child_iri, document_iri, meeting_iri, person_iri,
                            report_graph, report_iri)

# Every graph records the loader's version, a digest of the engine's files: computed once.
KNOWLEDGE.holds("loader version", loader_version)

ATTENDANCE_COUNTS = {"party": UNTOC.partiesRepresented, "signatory": UNTOC.signatoriesRepresented}
ACT_CLASSES = {"resolution": UNTOC.Resolution, "decision": UNTOC.Decision}
NUMBER_PROPERTIES = {"session": UNTOC.sessionNumber, "meeting": UNTOC.meetingNumber}


def map_report(records: ReportRecords, loaded_at: dt.datetime | None = None) -> Graph:
    scope = Scope.of(records)
    out = Writer(Graph(identifier=report_graph(records.key)), scope)
    map_report_node(out, loaded_at or dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    meetings = [map_meeting(out, m) for m in records.meetings]
    for iri in meetings:
        out.add(scope.report, UNTOC.reportOf, iri)
    for a, b in zip(meetings, meetings[1:]):
        out.add(a, UNTOC.jointWith, b)
        out.add(b, UNTOC.jointWith, a)
    for person in records.persons:
        map_person(out, person)
    for act in records.acts_cited:
        out.add(scope.report, UNTOC.cites, map_cited_act(out, act))
    for act in records.acts:
        map_adopted_act(out, act)
    for order, statement in enumerate(records.endorsement_statements, start=1):
        map_endorsement_statement(out, order, statement)
    for order, stated in enumerate(records.meeting_numbers_stated, start=1):
        map_meeting_number_statement(out, order, stated)
    map_report_paragraphs(out)
    return out.graph


# ---------------------------------------------------------------- what every function is given

@dataclass(frozen=True)
class Scope:
    """What the whole report's graph is written with, decided from the records up front."""

    records: ReportRecords
    report: URIRef
    language: Language
    series: Series
    starts: dict[str, str]            # body symbol → start date of its meeting in this report
    order: tuple[str, ...]            # the report's bodies, in printed order
    adopter: Meeting | None           # the meeting of the body that adopts the report's acts

    @classmethod
    def of(cls, records: ReportRecords) -> "Scope":
        series = Series.load()
        body = series.adopter_of([m.body for m in records.meetings])
        adopter = next((m for m in records.meetings if body is not None and m.body == body.symbol), None)
        return cls(records, report_iri(records.key), Language.load(records.language), series,
                   {m.body: m.start.isoformat() for m in records.meetings},
                   tuple(m.body for m in records.meetings), adopter)

    def item_iri(self, body: str, number: str) -> URIRef:
        return child_iri(meeting_iri(body, self.starts[body]), "item", number)

    def paragraph_iri(self, number: str) -> URIRef:
        return child_iri(self.report, "paragraph", number)

    def unmappable(self, reason: str, source: Source | None = None) -> ReportError:
        place = None
        if source is not None and source.paragraph:
            place = f"paragraph {source.paragraph}"
        elif source is not None and source.line:
            place = f"line {source.line}"
        return ReportError(self.records.file, reason, place)


@dataclass
class Writer:
    """The report's named graph as it is written, and the report paragraphs its nodes were read
    from (written last, with their text)."""

    graph: Graph
    scope: Scope
    paragraphs_read: set[str] = field(default_factory=set)

    def add(self, s, p, o) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    def text(self, text: str) -> Literal:
        """Text as the report prints it, in the report's language."""
        return Literal(text, lang=self.scope.language.code)

    def provenance(self, node: URIRef, *sources: Source | None) -> None:
        self.graph.add((node, PROV.wasDerivedFrom, self.scope.report))
        for source in sources:
            if source is None:
                continue
            if source.paragraph:
                self.graph.add((node, UNTOC.paragraph, Literal(source.paragraph)))
                self.graph.add((node, UNTOC.fromParagraph, self.scope.paragraph_iri(source.paragraph)))
                self.paragraphs_read.add(source.paragraph)
            self.graph.add((node, UNTOC.extractedBy, Literal(source.method)))

    def subjects(self, node: URIRef, topics: list[str]) -> None:
        for topic in topics:
            self.add(node, DCTERMS.subject, URIRef(topic))


def agent_iri(agent: Entity | Person) -> URIRef:
    return person_iri(agent.key) if isinstance(agent, Person) else URIRef(agent.iri)


# ---------------------------------------------------------------- the report

def map_report_node(out: Writer, loaded_at: dt.datetime) -> None:
    r, report, add = out.scope.records, out.scope.report, out.add
    add(report, RDF.type, UNTOC.Report)
    add(report, DCTERMS.title, out.text(r.title))
    add(report, DCTERMS.language, Literal(r.language))
    add(report, UNTOC.sha256, Literal(r.sha256))
    add(report, UNTOC.byteSize, Literal(r.size, datatype=XSD.integer))
    add(report, UNTOC.sourceFile, Literal(r.file))
    add(report, UNTOC.loaderVersion, Literal(loader_version()))
    # A partial reading says so in the graph itself, so that the store, the dumps and a
    # reload (which never skips a partial reading) all know it.
    for problem in r.problems:
        if problem.kind in ("unresolved", "unread"):
            add(report, UNTOC.readingGap, Literal(problem.line_text(r.file)))
    add(report, PROV.generatedAtTime, Literal(loaded_at.isoformat(), datatype=XSD.dateTime))
    if r.distributed:
        add(report, UNTOC.distributionDate, Literal(r.distributed.isoformat(), datatype=XSD.date))


def map_report_paragraphs(out: Writer) -> None:
    """The paragraphs the nodes were read from, with their text as printed, so that a fact
    can be shown with the words it was read from."""
    scope = out.scope
    for number in sorted(out.paragraphs_read):
        text = scope.records.paragraphs.get(number)
        if not text:
            raise scope.unmappable(f"a fact was read from paragraph {number}, but the reading kept no "
                                   "text for that paragraph.", Source(number, "structure.paragraph"))
        node = scope.paragraph_iri(number)
        out.add(node, RDF.type, UNTOC.ReportParagraph)
        out.add(node, UNTOC.paragraphNumber, Literal(number))
        out.add(node, UNTOC.text, out.text(text))
        out.add(node, DCTERMS.isPartOf, scope.report)


# ---------------------------------------------------------------- the meeting and what it holds

def map_meeting(out: Writer, m: Meeting) -> URIRef:
    add = out.add
    iri = meeting_iri(m.body, m.start.isoformat())
    body = out.scope.series.body(m.body)
    add(iri, RDF.type, UNTOC.Meeting)
    add(iri, UNTOC.body, body_iri(m.body))
    for label in meeting_labels(body, m.start):
        add(iri, RDFS.label, label)
    add(iri, UNTOC.startDate, Literal(m.start.isoformat(), datatype=XSD.date))
    add(iri, UNTOC.endDate, Literal(m.end.isoformat(), datatype=XSD.date))
    # The venue is a word of the report's language (维也纳, Vienna): one value per language.
    add(iri, UNTOC.venue, out.text(m.venue) if m.venue else None)
    if m.sitting_count is not None:
        add(iri, UNTOC.sittingCount, Literal(m.sitting_count, datatype=XSD.integer))
    add(iri, UNTOC["format"], Literal(m.format) if m.format else None)
    if m.number is not None:
        add(iri, NUMBER_PROPERTIES[body.numbers], Literal(m.number, datatype=XSD.integer))
    out.provenance(iri, m.source)

    sittings = {s.number: map_sitting(out, iri, s) for s in m.sittings}
    items = {item.number: map_agenda_item(out, iri, item, sittings) for item in m.agenda}
    for item in m.agenda:
        if item.parent and item.parent in items:
            add(items[item.number], UNTOC.subItemOf, items[item.parent])
    for statement in m.statements:
        map_statement(out, statement)
    for participation in m.participations:
        map_participation(out, iri, participation)
    for status, number in sorted(m.attendance_counts.items()):
        add(iri, ATTENDANCE_COUNTS[status], Literal(number, datatype=XSD.integer))
    for holding in m.officers:
        map_office(out, iri, holding)
    for recommendation in m.recommendations:
        map_recommendation(out, iri, recommendation, m.body)
    for document in m.documents:
        add(iri, UNTOC.document, map_document(out, document))
    return iri


def meeting_labels(body: Body, start: dt.date) -> list[Literal]:
    """A meeting is labelled in every language the series names its body in, whatever the
    report's language: the reports of one meeting in two languages give it the same labels."""
    labels = []
    for code in available():
        name = body.label(code)
        if name:
            labels.append(Literal(Language.load(code).label("meeting", body=name, start=start.isoformat()), lang=code))
    return labels


def map_sitting(out: Writer, meeting: URIRef, s: Sitting) -> URIRef:
    node = child_iri(meeting, "sitting", str(s.number))
    out.add(meeting, UNTOC.sitting, node)
    out.add(node, RDF.type, UNTOC.Sitting)
    out.add(node, UNTOC.sittingNumber, Literal(s.number, datatype=XSD.integer))
    if s.date:
        out.add(node, UNTOC.date, Literal(s.date.isoformat(), datatype=XSD.date))
    out.provenance(node, *s.sources)
    return node


def map_agenda_item(out: Writer, meeting: URIRef, item: AgendaItem, sittings: dict[int, URIRef]) -> URIRef:
    add = out.add
    node = child_iri(meeting, "item", item.number)
    add(meeting, UNTOC.agendaItem, node)
    add(node, UNTOC.ofMeeting, meeting)
    add(node, RDF.type, UNTOC.AgendaItem)
    add(node, UNTOC.itemNumber, Literal(item.number))
    add(node, DCTERMS.title, out.text(item.title))
    add(node, RDFS.label, out.text(out.scope.language.label("agenda_item", number=item.number, title=item.title)))
    if item.joint:
        add(node, UNTOC.joint, Literal(True))
    for body, number in item.joint_with:
        add(node, UNTOC.jointItemWith, out.scope.item_iri(body, number))
    for n in item.sittings:
        if n in sittings:
            add(node, UNTOC.consideredAt, sittings[n])
    out.subjects(node, item.topics)
    out.provenance(node, item.source)
    return node


def map_statement(out: Writer, st: Statement) -> URIRef:
    scope, add = out.scope, out.add
    # A statement under a joint item is one node, named under the first body's item.
    refs = sorted(st.refs, key=lambda ref: scope.order.index(ref[0]))
    speaker_key = f"person-{st.speaker.key}" if isinstance(st.speaker, Person) else st.speaker.code
    parts = [st.role, speaker_key]
    if st.on_act is not None:
        # The same delegation may explain its vote on two drafts under one item.
        parts.append(f"{st.on_act[0]}-{st.on_act[1].replace('/', '-')}")
    if st.on_behalf_of is not None and st.on_behalf_of.code != speaker_key:
        parts.append(f"for-{st.on_behalf_of.code}")
    node = child_iri(scope.item_iri(*refs[0]), "statement", *parts)
    add(node, RDF.type, UNTOC.Statement)
    add(node, UNTOC.speaker, agent_iri(st.speaker))
    add(node, UNTOC.role, SPEAKER_ROLES[st.role])
    for ref in refs:
        add(node, UNTOC.agendaItemOf, scope.item_iri(*ref))
    if st.for_agent is not None:
        add(node, UNTOC.forState, agent_iri(st.for_agent))
    if st.on_behalf_of is not None:
        add(node, UNTOC.onBehalfOf, agent_iri(st.on_behalf_of))
    for state in st.aligned:
        add(node, UNTOC.alignedWith, agent_iri(state))
    if st.on_act is not None:
        if scope.adopter is None:
            raise scope.unmappable(f"a statement is said to follow action on {st.on_act[0]} {st.on_act[1]}, but no "
                                   "body of the report adopts acts in loaders/series.yaml.", st.sources[0])
        add(node, UNTOC.onResolution, act_node(out, st.on_act[0], scope.adopter.body, st.on_act[1]))
    out.provenance(node, *st.sources)
    return node


def map_participation(out: Writer, meeting: URIRef, p: Participation) -> URIRef:
    node = child_iri(meeting, "participant", p.participant.code)
    out.add(meeting, UNTOC.participation, node)
    out.add(node, RDF.type, UNTOC.Participation)
    out.add(node, UNTOC.participant, agent_iri(p.participant))
    out.add(node, UNTOC.status, PARTICIPATION_STATUSES[p.status])
    out.provenance(node, p.source)
    return node


def map_office(out: Writer, meeting: URIRef, o: OfficeHolding) -> URIRef:
    if o.office not in OFFICES:
        # The phrasebook names offices (terms.office); a new one needs its term in the vocabulary.
        raise out.scope.unmappable(f"the office “{o.office}” that the phrasebook reads is not one the "
                                   f"vocabulary has ({', '.join(OFFICES)}).", o.source)
    node = child_iri(meeting, "office", o.office, o.person.key)
    out.add(meeting, UNTOC.officeHolding, node)
    out.add(node, RDF.type, UNTOC.OfficeHolding)
    out.add(node, UNTOC.holder, person_iri(o.person.key))
    out.add(node, UNTOC.office, OFFICES[o.office])
    if o.for_agent is not None:
        out.add(node, UNTOC.forState, agent_iri(o.for_agent))
    out.provenance(node, o.source)
    return node


def map_recommendation(out: Writer, meeting: URIRef, rec: Recommendation, body: str) -> URIRef:
    node = map_lettered_paragraph(out, child_iri(meeting, "recommendation", rec.key), UNTOC.Recommendation, rec)
    out.add(node, RDFS.label, out.text(rec.label))
    out.add(node, UNTOC.adoptedAt, meeting)
    # A recommendation two working groups adopted is a node under each meeting: each is linked
    # to its own body's item.
    items = [number for item_body, number in rec.items if item_body == body]
    for number in items:
        out.add(node, UNTOC.adoptedUnder, out.scope.item_iri(body, number))
    if items:
        out.provenance(node, rec.item_source)
    if rec.joint_discussion:
        out.add(node, UNTOC.jointThematicDiscussion, Literal(True))
    return node


def map_lettered_paragraph(out: Writer, node: URIRef, rdf_class: URIRef,
                           paragraph: Recommendation | AnnexItem) -> URIRef:
    """A recommendation, or its repetition in an annex: label as printed, text, heading (and
    the topics it names), position."""
    out.add(node, RDF.type, rdf_class)
    # As printed, in the report's language ("建议 12", "Recommendation 12", "(k)"): the reports
    # of one meeting in two languages give a recommendation one label in each.
    out.add(node, UNTOC.label, out.text(paragraph.label))
    out.add(node, UNTOC.text, out.text(paragraph.text))
    if paragraph.heading:
        out.add(node, UNTOC.heading, out.text(paragraph.heading))
    out.subjects(node, paragraph.topics)
    out.add(node, UNTOC.order, Literal(paragraph.order, datatype=XSD.integer))
    out.provenance(node, paragraph.source)
    return node


def map_document(out: Writer, doc: DocumentRef) -> URIRef:
    node = document_iri(doc.symbols[0])
    out.add(node, RDF.type, UNTOC.Document)
    for symbol in doc.symbols:
        out.add(node, UNTOC.symbol, Literal(symbol))
        out.add(node, RDFS.seeAlso, undocs_iri(symbol))   # the document at the UN (links_out)
    out.add(node, RDFS.label, Literal(" - ".join(doc.symbols)))
    if doc.description:
        out.add(node, DCTERMS.description, out.text(doc.description))
    out.provenance(node, doc.source)
    return node


def map_person(out: Writer, person: Person) -> URIRef:
    node = person_iri(person.key)
    out.add(node, RDF.type, UNTOC.Person)
    out.add(node, RDFS.label, Literal(person.name))
    for variant in person.variants:
        out.add(node, SKOS.altLabel, Literal(variant))
    out.provenance(node, *person.sources)
    return node


# ---------------------------------------------------------------- acts

def act_node(out: Writer, kind: str, issuer_code: str, number: str, source: Source | None = None) -> URIRef:
    """The node of an act, typed and labelled, whoever issued it."""
    scope = out.scope
    issuer = scope.series.issuer(issuer_code)
    if issuer is None:
        raise scope.unmappable(f"{kind} {number} is an act of {issuer_code}, which is not listed among the "
                               "issuers of acts in loaders/series.yaml, so it has no IRI.", source)
    if kind not in ACT_CLASSES:
        raise scope.unmappable(f"{kind} {number}: the phrasebook reads an act kind “{kind}”, which the "
                               f"vocabulary does not have (it has {', '.join(ACT_CLASSES)}).", source)
    node = act_iri(kind, issuer.act_path, number)
    out.add(node, RDF.type, ACT_CLASSES[kind])
    out.add(node, UNTOC.actNumber, Literal(number))
    out.add(node, RDFS.seeAlso, act_undocs_iri(issuer_code, kind, number))   # A/RES, E/RES only
    out.add(node, RDFS.label, Literal(f"{issuer.name_en} {kind} {number}", lang="en"))
    if issuer_code in (b.symbol for b in scope.series.bodies):
        out.add(node, UNTOC.issuedBy, body_iri(issuer_code))
    return node


def map_cited_act(out: Writer, act: ActRef) -> URIRef:
    node = act_node(out, act.kind, act.issuer, act.number, act.source)
    if act.title:
        # Reports cite one act in slightly different words: each report's wording is a variant
        # of its own; the act's dcterms:title is chosen from them across reports, in the links
        # (untoc_kg/linking_titles.py), or is its adopting report's.
        variant = cited_title_iri(out.scope.report, node, act.title)
        out.add(node, UNTOC.citedTitle, variant)
        out.add(variant, RDF.type, UNTOC.CitedTitle)
        out.add(variant, RDF.value, out.text(act.title))
        out.provenance(variant, act.source)
    out.provenance(node, act.source)
    return node


def cited_title_iri(report: URIRef, act: URIRef, title: str) -> URIRef:
    """One node per wording a report gives an act: the report's IRI, /cited-title/, the act's
    path and a digest of the words (one report may cite an act twice in different words)."""
    digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:12]
    return child_iri(report, "cited-title", *str(act)[len(str(ID)):].split("/"), digest)


def map_adopted_act(out: Writer, act: Act) -> URIRef:
    scope, add = out.scope, out.add
    meeting = scope.adopter
    if meeting is None:
        raise scope.unmappable(
            f"the report gives the text of {act.kind} {act.number}, but none of its bodies "
            f"({', '.join(m.body for m in scope.records.meetings)}) adopts acts in loaders/series.yaml, "
            "so no body can be said to have adopted it.", act.source)
    node = act_node(out, act.kind, meeting.body, act.number, act.source)
    if act.title:
        add(node, DCTERMS.title, out.text(act.title))
    out.subjects(node, act.topics)
    if meeting.number is not None:
        add(node, UNTOC.session, Literal(meeting.number, datatype=XSD.integer))
    if act.adopted_on:
        add(node, UNTOC.adoptedOn, Literal(act.adopted_on.isoformat(), datatype=XSD.date))
    meeting_node = meeting_iri(meeting.body, meeting.start.isoformat())
    if act.sitting is not None:
        add(node, UNTOC.adoptedAtSitting, child_iri(meeting_node, "sitting", str(act.sitting)))
    if act.draft:
        add(node, UNTOC.draftSymbol, Literal(act.draft))
    for sponsor in act.sponsors:
        add(node, UNTOC.sponsor, agent_iri(sponsor))
    for ref in act.item_refs:
        add(node, UNTOC.adoptedUnder, scope.item_iri(*ref))
    add(node, UNTOC.adoptedAt, meeting_node)
    for recalled in act.recalls:
        add(node, UNTOC.recalls, map_cited_act(out, recalled))
    map_act_paragraphs(out, node, act)
    for annex in act.annexes:
        add(node, UNTOC.annex, map_annex(out, node, annex))
    out.provenance(node, act.source, act.adoption_source)
    return node


def map_act_paragraphs(out: Writer, act_node_iri: URIRef, act: Act) -> None:
    add = out.add
    for order, text in enumerate(act.preamble, start=1):
        paragraph = child_iri(act_node_iri, "preamble", str(order))
        add(act_node_iri, UNTOC.preambularParagraph, paragraph)
        add(paragraph, RDF.type, UNTOC.ActParagraph)
        add(paragraph, UNTOC.order, Literal(order, datatype=XSD.integer))
        add(paragraph, UNTOC.text, out.text(text))
        out.provenance(paragraph)
    printed: dict[str, int] = {}
    for order, (number, text) in enumerate(act.operative, start=1):
        # A number printed twice (12/3 has two paragraphs 21) still names two paragraphs.
        printed[number] = printed.get(number, 0) + 1
        key = number if printed[number] == 1 else f"{number}-{printed[number]}"
        paragraph = child_iri(act_node_iri, "paragraph", key)
        add(act_node_iri, UNTOC.operativeParagraph, paragraph)
        add(paragraph, RDF.type, UNTOC.ActParagraph)
        add(paragraph, UNTOC.paragraphNumber, Literal(number))
        add(paragraph, UNTOC.order, Literal(order, datatype=XSD.integer))
        add(paragraph, UNTOC.text, out.text(text))
        out.provenance(paragraph)


def map_annex(out: Writer, act_node_iri: URIRef, annex: Annex) -> URIRef:
    add = out.add
    node = child_iri(act_node_iri, "annex", str(annex.number))
    add(node, RDF.type, UNTOC.Annex)
    add(node, UNTOC.annexNumber, Literal(annex.number, datatype=XSD.integer))
    add(node, DCTERMS.title, out.text(annex.title))
    if annex.recommendations_of:
        body, start = annex.recommendations_of
        repeated = meeting_iri(body, start.isoformat())
        add(node, UNTOC.recommendationsOf, repeated)
        if annex.meeting_number is not None:
            # What this report says of the other meeting: its number in the body's series.
            add(repeated, UNTOC.meetingNumber, Literal(annex.meeting_number, datatype=XSD.integer))
    if annex.source_symbol:
        document = document_iri(annex.source_symbol)
        add(node, DCTERMS.source, document)
        add(document, RDF.type, UNTOC.Document)
        add(document, UNTOC.symbol, Literal(annex.source_symbol))
        add(document, RDFS.seeAlso, undocs_iri(annex.source_symbol))
        add(document, RDFS.label, Literal(annex.source_symbol))
        out.provenance(document, annex.source)
    for item in annex.items:
        item_node = map_lettered_paragraph(out, child_iri(node, "item", item.key), UNTOC.AnnexItem, item)
        add(node, UNTOC.annexItem, item_node)
    out.provenance(node, annex.source)
    return node


# ---------------------------------------------------------------- endorsements stated in prose

def map_endorsement_statement(out: Writer, order: int, st: EndorsementStatement) -> URIRef:
    """What a sentence says an act endorsed, as it says it; the recommendations it covers are
    linked across reports (untoc_kg/linking_prose.py)."""
    add = out.add
    node = child_iri(out.scope.report, "endorsement-statement", str(order))
    add(node, RDF.type, UNTOC.EndorsementStatement)
    act = map_cited_act(out, st.act)
    add(node, UNTOC.endorser, act)
    for body in st.bodies:
        add(node, UNTOC.endorsedBody, body_iri(body))
        if st.meeting_start is not None:
            add(node, UNTOC.endorsedMeeting, meeting_iri(body, st.meeting_start.isoformat()))
    for number in st.meeting_numbers:
        add(node, UNTOC.endorsedMeetingNumber, Literal(number, datatype=XSD.integer))
    if st.joint_discussion:
        add(node, UNTOC.jointDiscussionOnly, Literal(True))
    if st.text:
        add(node, UNTOC.endorsedText, out.text(st.text))
    if st.stated_in is not None:
        kind, number, preamble = st.stated_in
        adopted = act_node(out, kind, out.scope.adopter.body, number, st.source) if out.scope.adopter else None
        if adopted is not None:
            add(node, UNTOC.statedIn, child_iri(adopted, "preamble", str(preamble)))
    out.provenance(node, st.source)
    return node


def map_meeting_number_statement(out: Writer, order: int, st: MeetingNumberStatement) -> URIRef:
    """A report's number for another body's meeting, named by its month: the meeting's IRI needs
    its first day, which only its own report gives (the number is written on it in graph/links)."""
    node = child_iri(out.scope.report, "meeting-number", str(order))
    out.add(node, RDF.type, UNTOC.MeetingNumberStatement)
    out.add(node, UNTOC.numberedBody, body_iri(st.body))
    out.add(node, UNTOC.numberedMonth, Literal(f"{st.year:04d}-{st.month:02d}", datatype=XSD.gYearMonth))
    out.add(node, UNTOC.statedMeetingNumber, Literal(st.number, datatype=XSD.integer))
    out.provenance(node, st.source)
    return node
