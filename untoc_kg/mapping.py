"""Records → RDF: one report becomes one named graph, with provenance on every node.

This is the only module that knows both the records and the vocabulary (docs/model.md).
"""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from untoc_kg import __version__
from untoc_kg.errors import ReportError
from untoc_kg.gazetteer import Entity
from untoc_kg.links_out import act_undocs_iri, undocs_iri
from untoc_kg.reading.series import Series
from untoc_kg.records import Act, ActRef, AnnexItem, Meeting, Person, Recommendation, ReportRecords, Source
from untoc_kg.topics import TopicScheme
from untoc_kg.vocab import (OFFICES, PARTICIPATION_STATUSES, SPEAKER_ROLES, UNTOC, act_iri,
                            body_iri, child_iri, document_iri, meeting_iri, person_iri,
                            report_graph, report_iri)

LOADER = f"untoc-kg {__version__}"
ATTENDANCE_COUNTS = {"party": UNTOC.partiesRepresented, "signatory": UNTOC.signatoriesRepresented}
ACT_CLASSES = {"resolution": UNTOC.Resolution, "decision": UNTOC.Decision}


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


class ReportMapper:
    def __init__(self, records: ReportRecords, loaded_at: dt.datetime | None = None):
        self.records = records
        self.graph = Graph(identifier=report_graph(records.key))
        self.report = report_iri(records.key)
        self.loaded_at = loaded_at or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        self.series = Series.load()
        self.topics = TopicScheme.load()

    # -- helpers ------------------------------------------------------------------------
    def add(self, s, p, o) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    def provenance(self, node: URIRef, *sources: Source | None) -> None:
        self.graph.add((node, PROV.wasDerivedFrom, self.report))
        for source in sources:
            if source is None:
                continue
            if source.paragraph:
                self.graph.add((node, UNTOC.paragraph, Literal(source.paragraph)))
            self.graph.add((node, UNTOC.extractedBy, Literal(source.method)))

    def agent(self, agent: Entity | Person) -> URIRef:
        if isinstance(agent, Person):
            return person_iri(agent.key)
        return URIRef(agent.iri)

    # -- the report ---------------------------------------------------------------------
    def map(self) -> Graph:
        r = self.records
        g = self.graph
        add = self.add
        add(self.report, RDF.type, UNTOC.Report)
        add(self.report, DCTERMS.title, zh(r.title))
        add(self.report, DCTERMS.language, Literal(r.language))
        add(self.report, UNTOC.sha256, Literal(r.sha256))
        add(self.report, UNTOC.byteSize, Literal(r.size, datatype=XSD.integer))
        add(self.report, UNTOC.sourceFile, Literal(r.file))
        add(self.report, UNTOC.loaderVersion, Literal(LOADER))
        add(self.report, PROV.generatedAtTime, Literal(self.loaded_at.isoformat(), datatype=XSD.dateTime))
        if r.distributed:
            add(self.report, UNTOC.distributionDate, Literal(r.distributed.isoformat(), datatype=XSD.date))
        self.order = [m.body for m in r.meetings]
        self.starts = {m.body: m.start.isoformat() for m in r.meetings}
        meetings = [self.meeting(m) for m in r.meetings]
        for iri in meetings:
            add(self.report, UNTOC.reportOf, iri)
        for a, b in zip(meetings, meetings[1:]):
            add(a, UNTOC.jointWith, b)
            add(b, UNTOC.jointWith, a)
        for person in r.persons:
            self.person(person)
        for act in r.acts_cited:
            add(self.report, UNTOC.cites, self.act(act))
        if r.acts:
            adopter = next((m for m in r.meetings if self.series.body(m.body).adopts_acts), None)
            for act in r.acts:
                if adopter is None:
                    raise self.unmappable(
                        f"the report gives the text of {act.kind} {act.number}, but none of its bodies "
                        f"({', '.join(m.body for m in r.meetings)}) adopts acts in loaders/series.yaml, "
                        "so no body can be said to have adopted it.", act.source)
                self.adopted_act(act, adopter)
        return g

    def unmappable(self, reason: str, source: Source | None = None) -> ReportError:
        place = None
        if source is not None and source.paragraph:
            place = f"paragraph {source.paragraph}"
        elif source is not None and source.line:
            place = f"line {source.line}"
        return ReportError(self.records.file, reason, place)

    def meeting(self, m: Meeting) -> URIRef:
        add = self.add
        iri = meeting_iri(m.body, m.start.isoformat())
        body = self.series.body(m.body)
        add(iri, RDF.type, UNTOC.Meeting)
        add(iri, UNTOC.body, body_iri(m.body))
        add(iri, RDFS.label, zh(f"{body.names_zh[0]}会议（{m.start.isoformat()}）"))
        add(iri, RDFS.label, Literal(f"{body.name_en}, meeting of {m.start.isoformat()}", lang="en"))
        add(iri, UNTOC.startDate, Literal(m.start.isoformat(), datatype=XSD.date))
        add(iri, UNTOC.endDate, Literal(m.end.isoformat(), datatype=XSD.date))
        add(iri, UNTOC.venue, Literal(m.venue) if m.venue else None)
        if m.sitting_count is not None:
            add(iri, UNTOC.sittingCount, Literal(m.sitting_count, datatype=XSD.integer))
        add(iri, UNTOC["format"], Literal(m.format) if m.format else None)
        if m.number is not None:
            prop = UNTOC.sessionNumber if body.kind == "ConferenceOfTheParties" else UNTOC.meetingNumber
            add(iri, prop, Literal(m.number, datatype=XSD.integer))
        self.provenance(iri, m.source)

        sittings = {}
        for s in m.sittings:
            node = child_iri(iri, "sitting", str(s.number))
            sittings[s.number] = node
            add(iri, UNTOC.sitting, node)
            add(node, RDF.type, UNTOC.Sitting)
            add(node, UNTOC.sittingNumber, Literal(s.number, datatype=XSD.integer))
            if s.date:
                add(node, UNTOC.date, Literal(s.date.isoformat(), datatype=XSD.date))
            self.provenance(node, *s.sources)

        items = {}
        for item in m.agenda:
            node = child_iri(iri, "item", item.number)
            items[item.number] = node
            add(iri, UNTOC.agendaItem, node)
            add(node, UNTOC.ofMeeting, iri)
            add(node, RDF.type, UNTOC.AgendaItem)
            add(node, UNTOC.itemNumber, Literal(item.number))
            add(node, DCTERMS.title, zh(item.title))
            add(node, RDFS.label, zh(f"议程项目 {item.number}：{item.title}"))
            if item.joint:
                add(node, UNTOC.joint, Literal(True))
            for body, number in item.joint_with:
                add(node, UNTOC.jointItemWith, self.item_iri(body, number))
            for n in item.sittings:
                if n in sittings:
                    add(node, UNTOC.consideredAt, sittings[n])
            for topic in self.topics.classify(item.title):
                add(node, DCTERMS.subject, topic)
            self.provenance(node, item.source)
        titles = {item.number: item.title for item in m.agenda}
        for item in m.agenda:
            if item.parent and item.parent in items:
                add(items[item.number], UNTOC.subItemOf, items[item.parent])
                # A sub-item is about its parent's subject too: 2(a) 《公约》 of item 2, the review.
                for topic in self.topics.classify(titles[item.parent]):
                    add(items[item.number], DCTERMS.subject, topic)

        for st in m.statements:
            # A statement under a joint item is one node, named under the first body's item.
            refs = sorted(st.refs, key=lambda ref: self.order.index(ref[0]))
            speaker = self.agent(st.speaker)
            speaker_key = f"person-{st.speaker.key}" if isinstance(st.speaker, Person) else st.speaker.code
            parts = [st.role, speaker_key]
            if st.on_act is not None:
                # The same delegation may explain its vote on two drafts under one item.
                parts.append(f"{st.on_act[0]}-{st.on_act[1].replace('/', '-')}")
            if st.on_behalf_of is not None and st.on_behalf_of.code != speaker_key:
                parts.append(f"for-{st.on_behalf_of.code}")
            node = child_iri(self.item_iri(*refs[0]), "statement", *parts)
            add(node, RDF.type, UNTOC.Statement)
            add(node, UNTOC.speaker, speaker)
            add(node, UNTOC.role, SPEAKER_ROLES[st.role])
            for ref in refs:
                add(node, UNTOC.agendaItemOf, self.item_iri(*ref))
            if st.for_agent is not None:
                add(node, UNTOC.forState, self.agent(st.for_agent))
            if st.on_behalf_of is not None:
                add(node, UNTOC.onBehalfOf, self.agent(st.on_behalf_of))
            for state in st.aligned:
                add(node, UNTOC.alignedWith, self.agent(state))
            if st.on_act is not None:
                add(node, UNTOC.onResolution, self.act_node(st.on_act[0], "CTOC/COP", st.on_act[1]))
            self.provenance(node, *st.sources)

        for p in m.participations:
            node = child_iri(iri, "participant", p.participant.code)
            add(iri, UNTOC.participation, node)
            add(node, RDF.type, UNTOC.Participation)
            add(node, UNTOC.participant, self.agent(p.participant))
            add(node, UNTOC.status, PARTICIPATION_STATUSES[p.status])
            self.provenance(node, p.source)

        for status, number in sorted(m.attendance_counts.items()):
            add(iri, ATTENDANCE_COUNTS[status], Literal(number, datatype=XSD.integer))

        for o in m.officers:
            if o.office not in OFFICES:
                # The phrasebook names offices (terms.office); a new one needs its term in the vocabulary.
                raise self.unmappable(f"the office “{o.office}” that the phrasebook reads is not one the "
                                      f"vocabulary has ({', '.join(OFFICES)}).", o.source)
            node = child_iri(iri, "office", o.office, o.person.key)
            add(iri, UNTOC.officeHolding, node)
            add(node, RDF.type, UNTOC.OfficeHolding)
            add(node, UNTOC.holder, person_iri(o.person.key))
            add(node, UNTOC.office, OFFICES[o.office])
            if o.for_agent is not None:
                add(node, UNTOC.forState, self.agent(o.for_agent))
            self.provenance(node, o.source)

        for rec in m.recommendations:
            node = self.lettered_paragraph(child_iri(iri, "recommendation", rec.key), UNTOC.Recommendation, rec)
            add(node, RDFS.label, zh(rec.label))
            add(node, UNTOC.adoptedAt, iri)

        for doc in m.documents:
            node = document_iri(doc.symbols[0])
            add(iri, UNTOC.document, node)
            add(node, RDF.type, UNTOC.Document)
            for symbol in doc.symbols:
                add(node, UNTOC.symbol, Literal(symbol))
                add(node, RDFS.seeAlso, undocs_iri(symbol))   # the document at the UN (links_out)
            add(node, RDFS.label, Literal(" - ".join(doc.symbols)))
            if doc.description:
                add(node, DCTERMS.description, zh(doc.description))
            self.provenance(node, doc.source)
        return iri

    def lettered_paragraph(self, node: URIRef, rdf_class: URIRef, paragraph: Recommendation | AnnexItem) -> URIRef:
        """A recommendation, or its repetition in an annex: label as printed, text, heading (and
        the topics it names), position."""
        add = self.add
        add(node, RDF.type, rdf_class)
        add(node, UNTOC.label, Literal(paragraph.label))
        add(node, UNTOC.text, zh(paragraph.text))
        if paragraph.heading:
            add(node, UNTOC.heading, zh(paragraph.heading))
            for topic in self.topics.classify(paragraph.heading):
                add(node, DCTERMS.subject, topic)
        add(node, UNTOC.order, Literal(paragraph.order, datatype=XSD.integer))
        self.provenance(node, paragraph.source)
        return node

    def item_iri(self, body: str, number: str) -> URIRef:
        return child_iri(meeting_iri(body, self.starts[body]), "item", number)

    def person(self, person: Person) -> None:
        node = person_iri(person.key)
        self.add(node, RDF.type, UNTOC.Person)
        self.add(node, RDFS.label, Literal(person.name))
        for variant in person.variants:
            self.add(node, SKOS.altLabel, Literal(variant))
        self.provenance(node, *person.sources)

    def act_node(self, kind: str, issuer_code: str, number: str, source: Source | None = None) -> URIRef:
        """The node of an act, typed and labelled, whoever issued it."""
        issuer = next((i for i in self.series.issuers if i.code == issuer_code), None)
        if issuer is None:
            raise self.unmappable(f"{kind} {number} is an act of {issuer_code}, which is not listed among the "
                                  "issuers of acts in loaders/series.yaml, so it has no IRI.", source)
        if kind not in ACT_CLASSES:
            raise self.unmappable(f"{kind} {number}: the phrasebook reads an act kind “{kind}”, which the "
                                  f"vocabulary does not have (it has {', '.join(ACT_CLASSES)}).", source)
        node = act_iri(kind, issuer.act_path, number)
        self.add(node, RDF.type, ACT_CLASSES[kind])
        self.add(node, UNTOC.actNumber, Literal(number))
        self.add(node, RDFS.seeAlso, act_undocs_iri(issuer_code, kind, number))   # A/RES, E/RES only
        self.add(node, RDFS.label, Literal(f"{issuer.name_en} {kind} {number}", lang="en"))
        if issuer_code in (b.symbol for b in self.series.bodies):
            self.add(node, UNTOC.issuedBy, body_iri(issuer_code))
        return node

    def act(self, act: ActRef) -> URIRef:
        node = self.act_node(act.kind, act.issuer, act.number, act.source)
        if act.title:
            self.add(node, DCTERMS.title, zh(act.title))
        self.provenance(node, act.source)
        return node

    def adopted_act(self, act: Act, meeting: Meeting) -> URIRef:
        add = self.add
        node = self.act_node(act.kind, meeting.body, act.number, act.source)
        if act.title:
            add(node, DCTERMS.title, zh(act.title))
            for topic in self.topics.classify(act.title):
                add(node, DCTERMS.subject, topic)
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
            add(node, UNTOC.sponsor, self.agent(sponsor))
        for ref in act.item_refs:
            add(node, UNTOC.adoptedUnder, self.item_iri(*ref))
        add(node, UNTOC.adoptedAt, meeting_node)
        for recalled in act.recalls:
            add(node, UNTOC.recalls, self.act(recalled))
        for order, text in enumerate(act.preamble, start=1):
            paragraph = child_iri(node, "preamble", str(order))
            add(node, UNTOC.preambularParagraph, paragraph)
            add(paragraph, RDF.type, UNTOC.ActParagraph)
            add(paragraph, UNTOC.order, Literal(order, datatype=XSD.integer))
            add(paragraph, UNTOC.text, zh(text))
            self.provenance(paragraph)
        printed: dict[str, int] = {}
        for order, (number, text) in enumerate(act.operative, start=1):
            # A number printed twice (12/3 has two paragraphs 21) still names two paragraphs.
            printed[number] = printed.get(number, 0) + 1
            key = number if printed[number] == 1 else f"{number}-{printed[number]}"
            paragraph = child_iri(node, "paragraph", key)
            add(node, UNTOC.operativeParagraph, paragraph)
            add(paragraph, RDF.type, UNTOC.ActParagraph)
            add(paragraph, UNTOC.paragraphNumber, Literal(number))
            add(paragraph, UNTOC.order, Literal(order, datatype=XSD.integer))
            add(paragraph, UNTOC.text, zh(text))
            self.provenance(paragraph)
        for annex in act.annexes:
            annex_node = child_iri(node, "annex", str(annex.number))
            add(node, UNTOC.annex, annex_node)
            add(annex_node, RDF.type, UNTOC.Annex)
            add(annex_node, UNTOC.annexNumber, Literal(annex.number, datatype=XSD.integer))
            add(annex_node, DCTERMS.title, zh(annex.title))
            if annex.recommendations_of:
                body, start = annex.recommendations_of
                repeated = meeting_iri(body, start.isoformat())
                add(annex_node, UNTOC.recommendationsOf, repeated)
                if annex.meeting_number is not None:
                    # What this report says of the other meeting: its number in the body's series.
                    add(repeated, UNTOC.meetingNumber, Literal(annex.meeting_number, datatype=XSD.integer))
            if annex.source_symbol:
                document = document_iri(annex.source_symbol)
                add(annex_node, DCTERMS.source, document)
                add(document, RDF.type, UNTOC.Document)
                add(document, UNTOC.symbol, Literal(annex.source_symbol))
                add(document, RDFS.seeAlso, undocs_iri(annex.source_symbol))
                add(document, RDFS.label, Literal(annex.source_symbol))
                self.provenance(document, annex.source)
            for item in annex.items:
                item_node = self.lettered_paragraph(child_iri(annex_node, "item", item.key), UNTOC.AnnexItem, item)
                add(annex_node, UNTOC.annexItem, item_node)
            self.provenance(annex_node, annex.source)
        self.provenance(node, act.source, act.adoption_source)
        return node


def map_report(records: ReportRecords, loaded_at: dt.datetime | None = None) -> Graph:
    return ReportMapper(records, loaded_at).map()
