"""The listings of the serving layer, row by row: every row of a stored query called with no
parameter, with its rank in the query's ORDER BY and the records its cells are read from (the
binder reads a page by rank: queries.page_ranks)."""

from __future__ import annotations

import re

import pyoxigraph as ox

from untoc_kg.serving_order import in_order
from untoc_kg.serving_records import RDF_TYPE, ServingReport, U, Sink, columns, integer, literal, ranked, record_iri
from untoc_kg.serving_tables import ServingTables
from untoc_kg.serving_views import meeting_cells
from untoc_kg.reading.series import Series
from untoc_kg.vocab import UNTOC


_U = str(UNTOC)
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ACT_NUMBER = _U + "actNumber"
_RECALLS = _U + "recalls"
_DCTERMS = "http://purl.org/dc/terms/"


# What citation-graph prints of an act, from its IRI (id/resolution/CTOC-COP/12-4): the series
# of the issuer and the kind; REPLACE gives the whole IRI back when the pattern does not match.
_ISSUER = re.compile(r"^.*/id/(resolution|decision)/(.+)/[^/]+$")

_KIND = re.compile(r"^.*/id/(resolution|decision)/.*$")


def _issuer_and_kind(act) -> tuple[ox.Literal, ox.Literal]:
    issuer, kind = _ISSUER.match(act.value), _KIND.match(act.value)
    return (literal(issuer.group(2) if issuer else act.value), literal(kind.group(1) if kind else act.value))


def citations(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """The rows of the citation graph (an act, an earlier act it recalls), with their ranks."""
    rows: dict = {}
    for citing, facts in tables.acts.items():
        for recalled in facts.get(_RECALLS, ()):
            for number in facts.get(_ACT_NUMBER, ()):
                for recalled_number in tables.acts.get(recalled, {}).get(_ACT_NUMBER, ()):
                    issuer, kind = _issuer_and_kind(citing)
                    recalled_issuer, recalled_kind = _issuer_and_kind(recalled)
                    cells = (issuer, number, recalled_issuer, recalled_number, kind, recalled_kind)
                    found = rows.get(cells)
                    if found is None or (citing.value, recalled.value) < (found[0].value, found[1].value):
                        rows[cells] = (citing, recalled)
    keys = columns(6)
    report.rows["citation-graph"] = ranked(out, rows, keys, U.citationRank, (U.rowAct, U.rowRecalled),
                                            "citation-row")


def _label_en(tables: ServingTables, agent) -> set:
    """The labels the statements listing prints for an agent in its default language:
    its English preferred name, else each name as printed (none when it has neither)."""
    english = {p for p in tables.prefs.get(agent, ()) if p.language == "en"}
    return english or set(tables.labels.get(agent, ())) or {None}


def item_listings(tables: ServingTables):
    """Each agenda item listing the statements listing writes (and the panellists listing points
    to): (item, meeting, its record's IRI, its cells (start, body, number, title)). One record per
    combination of the cells (an item has one number and one title, a meeting one start and one
    body; a record stands for exactly one row prefix); an item read from reports in several
    languages has a title in each, and its rows print one, by the rule of the recommendations
    (LISTING_LANGUAGES)."""
    for item, meetings in tables.item_meetings.items():
        for meeting in meetings:
            for body in tables.bodies.get(meeting, ()):
                for start in tables.starts.get(meeting, ()):
                    for number in tables.item_numbers.get(item, ()):
                        for title in in_listing_language(tables.item_titles.get(item, ())):
                            node = record_iri("item-listing", item.value, meeting.value, body.value, start.value,
                                              number.value, title.value)
                            yield item, meeting, node, (start, body, number, title)


def statements(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """The statements listing: one record per agenda item × meeting (untoc:AgendaItemListing),
    one per speaker as listed (untoc:SpeakerListing: speaker, role key, the code printed and
    the English label), and one row record per row of the listing, with its rank."""
    listings: dict = {}        # (item, meeting) → [(listing node, cells)]
    for item, meeting, node, (start, body, number, title) in item_listings(tables):
        listings.setdefault((item, meeting), []).append((node, (start, body, number, title)))
        out.add(node, RDF_TYPE, U.AgendaItemListing)
        out.add(node, U.listedItem, item)
        out.add(node, U.listedMeeting, meeting)
        out.add(node, U.bodySymbol, body)
        out.add(node, U.meetingStart, start)
        out.add(node, U.listedItemNumber, number)
        out.add(node, U.listedItemTitle, title)
        for subject in tables.subjects.get(item, ()):
            out.add(node, U.listedTopic, subject)
        report.listings += 1
    speakers: dict = {}        # (speaker, role, code, label) → speaker listing node
    rows: dict = {}            # (start, body, number, role, code, label, title) → (listing, speaker listing)
    for statement in tables.typed:
        items, agents, _roles = tables.statements.get(statement, ((), (), ()))
        roles = tables.roles(statement)
        if not items or not agents or not roles:
            continue
        for agent in agents:
            # The speaker's own code; a person's is that of the state they spoke for.
            codes = tables.codes.get(agent) or tables.for_codes(statement) or {None}
            for role in roles:
                for code in codes:
                    for label in _label_en(tables, agent):
                        key = (agent, role, code, label)
                        view = speakers.get(key)
                        if view is None:
                            view = speakers[key] = record_iri("speaker-listing", agent.value, role,
                                                        code.value if code else None, label)
                            out.add(view, RDF_TYPE, U.SpeakerListing)
                            out.add(view, U.listedSpeaker, agent)
                            out.add(view, U.listedRole, literal(role))
                            if code is not None:
                                out.add(view, U.speakerCode, code)
                            if label is not None:
                                out.add(view, U.listedLabel, label)
                        for item in items:
                            for meeting in tables.item_meetings.get(item, ()):
                                for node, (start, body, number, title) in listings.get((item, meeting), ()):
                                    # Every pair, also those a row of the listing stands for
                                    # already: a call with a parameter reads the pairs of its
                                    # listings in one scan instead of looking up each row.
                                    out.add(node, U.itemSpeaker, view)
                                    cells = (start, body, number, literal(role), code, label, title)
                                    found = rows.get(cells)
                                    if found is None or (node.value, view.value) < (found[0].value, found[1].value):
                                        rows[cells] = (node, view)
    keys = columns(7)
    report.rows["statements"] = ranked(out, rows, keys, U.statementsRank, (U.rowListing, U.rowSpeaker),
                                        "statement-row")


def attendance(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """The attendance listing: one record per participant as listed in one status
    (untoc:AttendeeListing: the participant, its code, the status key), and one row record per
    row of the listing (a meeting and an attendee), with its rank."""
    attendees: dict = {}
    rows: dict = {}            # (start, body, status, code) → (meeting, attendee listing)
    for meeting, agent, status in tables.participations:
        if meeting not in tables.meetings_typed:
            continue
        for code in tables.codes.get(agent, ()):
            key = (agent, status, code)
            view = attendees.get(key)
            if view is None:
                view = attendees[key] = record_iri("attendee-listing", agent.value, status.value, code.value)
                out.add(view, RDF_TYPE, U.AttendeeListing)
                out.add(view, U.attendee, agent)
                out.add(view, U.attendeeCode, code)
                out.add(view, U.attendeeStatus, status)
            # Every pair (see itemSpeaker in statements).
            out.add(meeting, U.meetingAttendee, view)
            for start in tables.starts.get(meeting, ()):
                for body in tables.bodies.get(meeting, ()):
                    cells = (start, body, status, code)
                    found = rows.get(cells)
                    if found is None or (meeting.value, view.value) < (found[0].value, found[1].value):
                        rows[cells] = (meeting, view)
    keys = columns(4)
    report.rows["attendance"] = ranked(out, rows, keys, U.attendanceRank, (U.rowMeeting, U.rowAttendee),
                                        "attendance-row")

_ADOPTED_AT, _LABEL, _TEXT, _ORDER, _ENDORSED_BY = (_U + name for name in ("adoptedAt", "label", "text", "order", "endorsedBy"))

_SUBJECT = _DCTERMS + "subject"

_PANELLIST = _U + "Panellist"


# A recommendation read from the reports of its meeting in several languages has a label and a
# text in each (untoc:label, untoc:text: one per language); its listings print it once, in one
# language: Chinese when a report gives it in Chinese, else English, else the language whose
# tag sorts first. The same rule picks the title of an agenda item in the statements,
# panellists and act-debate listings. The stored queries and the queries they replaced spell it
# in SPARQL (queries/recommendations.rq, queries/endorsement-chain.rq,
# queries/recommendation-debate.rq, tests/replaced_queries/statements.rq).
LISTING_LANGUAGES = ("zh", "en")


def _language_rank(term) -> str:
    language = term.language or ""
    if language in LISTING_LANGUAGES:
        return str(LISTING_LANGUAGES.index(language))
    return f"{len(LISTING_LANGUAGES)}{language}"


def in_listing_language(values) -> list:
    """The values of one fact of a recommendation (its labels, its texts) that its listings
    print: those in the language that ranks first among them."""
    if not values:
        return []
    first = min(_language_rank(value) for value in values)
    return [value for value in values if _language_rank(value) == first]


def recommendations(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """One row record per row of the recommendations listing (a recommendation at a meeting
    that adopted it), with its rank; the cells are the recommendation's own facts."""
    rows = recommendation_rows(tables)
    keys = columns(5)
    report.rows["recommendations"] = ranked(out, rows, keys, U.recommendationsRank,
                                             (U.rowRecommendation, U.rowMeeting), "recommendation-row",
                                             _recommendation_cells(tables, out))


def _topic_key(topic) -> str:
    # As the query printed it: STRAFTER(STR(?topic_iri), "/id/topic/"), empty when not there.
    head, found, tail = topic.value.partition("/id/topic/")
    return tail if found else ""


def _recommendation_cells(tables: ServingTables, out: Sink):
    """What writes a row's cells on its record: the body, start, label and text, its topics
    (untoc:rowTopic, what a call for one topic reads) and the three cells that join several
    values (the topics' keys, the endorsing acts' numbers, the ways the endorsements are known),
    each as GROUP_CONCAT gave it over the recommendations of the row (one, in practice), sorted,
    absent when there is none."""
    of_cells: dict = {}
    for cells, _targets in recommendation_rows(tables).items():
        of_cells[cells] = set()
    for recommendation, facts in tables.recommendations.items():
        for meeting in facts.get(_ADOPTED_AT, ()):
            for start, body in meeting_cells(tables, meeting):
                for label in facts.get(_LABEL, ()):
                    for text in facts.get(_TEXT, ()):
                        for order in facts.get(_ORDER, ()):
                            group = of_cells.get((start, body, order, label, text))
                            if group is not None:
                                group.add(recommendation)

    def write(node, cells) -> None:
        start, body, _order, label, text = cells
        topics, numbers, methods = set(), set(), set()
        for recommendation in of_cells[cells]:
            facts = tables.recommendations[recommendation]
            topics |= facts.get(_SUBJECT, set())
            for act in facts.get(_ENDORSED_BY, ()):
                numbers |= {number.value for number in tables.acts.get(act, {}).get(_ACT_NUMBER, ())}
            methods |= {method.value for act, _annex, _label, method in tables.endorsements.get(recommendation, ())
                        if tables.acts.get(act, {}).get(_ACT_NUMBER)}
        out.add(node, U.rowBodySymbol, body)
        out.add(node, U.rowStartDate, start)
        out.add(node, U.rowLabel, label)
        out.add(node, U.rowText, text)
        for topic in topics:
            out.add(node, U.rowTopic, topic)
        # Oxigraph's GROUP_CONCAT of no value is unbound: no triple.
        for prop, values in ((U.rowTopicKeys, {_topic_key(topic) for topic in topics}),
                             (U.rowEndorsedBy, numbers), (U.rowMethods, methods)):
            if values:
                out.add(node, prop, literal(";".join(sorted(values))))
    return write


def recommendation_rows(tables: ServingTables) -> dict:
    """The rows of the recommendations listing: their cells (start, body, order, label, text) →
    the (recommendation, meeting) the row record points to (the smallest, when two give the same
    cells). recommendation-debate reads its whole listing from these pairs."""
    rows: dict = {}
    for recommendation, facts in tables.recommendations.items():
        for meeting in facts.get(_ADOPTED_AT, ()):
            for start, body in meeting_cells(tables, meeting):
                for label in facts.get(_LABEL, ()):
                    for text in in_listing_language(facts.get(_TEXT, ())):
                        if label.language != text.language:
                            continue
                        for order in facts.get(_ORDER, ()):
                            cells = (start, body, order, label, text)
                            found = rows.get(cells)
                            if found is None or (recommendation.value, meeting.value) < (found[0].value, found[1].value):
                                rows[cells] = (recommendation, meeting)
    return rows


def endorsements(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """The endorsement chain: one row record per row (a recommendation at a meeting, and one of
    its endorsements or none), with its rank and its cells. A row's record is named by the
    endorsement's cells too (the IRI the endorsement listing it once pointed to had: no query
    reads such listings any more, the rows carry their cells)."""
    listed: dict = {}
    rows: dict = {}
    for recommendation, facts in tables.recommendations.items():
        endorsements = [None]
        found_any = []
        for act, annex, annex_label, method in tables.endorsements.get(recommendation, ()):
            # The annex paragraph's label as printed ("(a)"), in no language: the listing has one.
            annex_label = None if annex_label is None else literal(annex_label.value)
            act_facts = tables.acts.get(act, {})
            for number in act_facts.get(_ACT_NUMBER, ()):
                for adopted_on in act_facts.get(_U + "adoptedOn") or {None}:
                    key = (number, adopted_on, annex, annex_label, method)
                    node = listed.get(key)
                    if node is None:
                        node = listed[key] = record_iri("endorsement-listing", *(None if t is None else t.value for t in key))
                    found_any.append((key, node))
        endorsements = found_any or [((None, None, None, None, None), None)]
        for meeting in facts.get(_ADOPTED_AT, ()):
            for start, body in meeting_cells(tables, meeting):
                for label in in_listing_language(facts.get(_LABEL, ())):
                    for order in facts.get(_ORDER, ()):
                        for (number, adopted_on, annex, annex_label, method), node in endorsements:
                            cells = (start, body, order, number, annex, annex_label, label, adopted_on, method)
                            targets = (recommendation, meeting) if node is None else (recommendation, meeting, node)
                            found = rows.get(cells)
                            if found is None or [t.value for t in targets] < [t.value for t in found]:
                                rows[cells] = targets
    keys = columns(9)
    report.rows["endorsement-chain"] = ranked(out, rows, keys, U.endorsementsRank,
                                               (U.rowRecommendation, U.rowMeeting),
                                               "endorsement-row", lambda node, cells: _endorsement_cells(out, node, cells))


def _endorsement_cells(out: Sink, node, cells) -> None:
    """A row's cells on its record (an empty cell has no triple): a call for one body reads
    them in rank order."""
    properties = (U.rowStartDate, U.rowBodySymbol, U.rowOrder, U.rowActNumber, U.rowAnnexNumber,
                  U.rowAnnexLabel, U.rowLabel, U.rowAdoptedOn, U.rowMethod)
    for prop, cell in zip(properties, cells):
        if cell is not None:
            out.add(node, prop, cell)


def panellists(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """One row record per row of the panellists listing: the agenda item listing it is under,
    the panellist's name as printed and the code of the state they spoke for, with its rank."""
    listing_of: dict = {}
    for item, meeting, node, (start, body, number, _title) in item_listings(tables):
        key = (item, meeting, body, start, number)
        if key not in listing_of or node.value < listing_of[key].value:
            listing_of[key] = node
    rows: dict = {}
    for statement, (items, speakers, roles) in tables.statements.items():
        if not any(role.value == _PANELLIST for role in roles):
            continue
        codes = tables.for_codes(statement) or {None}
        for item in items:
            for meeting in tables.item_meetings.get(item, ()):
                for start, body in meeting_cells(tables, meeting):
                    for number in tables.item_numbers.get(item, ()):
                        listing = listing_of.get((item, meeting, body, start, number))
                        if listing is None:
                            continue
                        for speaker in speakers:
                            for person in tables.labels.get(speaker, ()):
                                for code in codes:
                                    cells = (start, body, number, person, code)
                                    found = rows.get(cells)
                                    if found is None or listing.value < found[0].value:
                                        rows[cells] = (listing, person, code)
    ordered = in_order(list(rows), columns(5))
    for rank, cells in enumerate(ordered, 1):
        listing, person, code = rows[cells]
        node = record_iri("panellist-row", listing.value, person.value, code.value if code is not None else None)
        out.add(node, U.panellistsRank, integer(rank))
        out.add(node, U.rowListing, listing)
        out.add(node, U.rowPerson, person)
        if code is not None:
            out.add(node, U.rowStateCode, code)
    report.rows["panellists"] = len(ordered)


_ISSUED_BY, _ADOPTED_ON, _SESSION, _DRAFT = (_U + "issuedBy", _U + "adoptedOn", _U + "session", _U + "draftSymbol")
_TITLE = _DCTERMS + "title"


def resolutions(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """One row record per row of the resolutions listing (an act of the Conference, for each of
    its titles), with its rank; the cells are the act's own, once each (serving_views.acts)."""
    rows: dict = {}
    for act, facts in tables.acts.items():
        symbols = {symbol.value for body in facts.get(_ISSUED_BY, ()) for symbol in tables.body_symbols.get(body, ())}
        # The listing is of the acts of the body that adopts them (series.yaml: adopts_acts).
        if Series.load().adopter_of(sorted(symbols)) is None:
            continue
        kind = literal("resolution" if any(t.value == _U + "Resolution" for t in facts.get(_RDF_TYPE, ())) else "decision")
        for number in facts.get(_ACT_NUMBER, ()):
            for adopted_on in facts.get(_ADOPTED_ON, ()):
                for title in facts.get(_TITLE) or {None}:
                    for session in facts.get(_SESSION) or {None}:
                        for draft in facts.get(_DRAFT) or {None}:
                            cells = (kind, number, title, session, adopted_on, draft)
                            found = rows.get(cells)
                            targets = (act,) if title is None else (act, title)
                            if found is None or [t.value for t in targets] < [t.value for t in found]:
                                rows[cells] = targets
    report.rows["resolutions"] = ranked(out, rows, columns(6), U.resolutionsRank, (U.rowAct, U.rowTitle),
                                        "resolution-row")
