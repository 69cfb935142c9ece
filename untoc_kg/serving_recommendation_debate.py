"""recommendation-debate in the serving layer: one record per row of its answer, the cells as the
query prints them (docs/model.md, "The serving layer").

A row is a recommendation's label at the meeting that adopted it (its body, its start date, its
order among the meeting's recommendations), with the numbers of the agenda items it was adopted
under (untoc:adoptedUnder), the codes of the States and the EU that spoke under those items at
that meeting, and the numbers of the acts that endorsed it (untoc:endorsedBy, however the link
was found). Computing the speakers at the time of the query meant joining every recommendation
with every statement of its item: 10.4 s for the listing at a thousand reports.

The query answers two kinds of call from two sets of (recommendation, meeting) pairs, as the
query it replaced did: the whole listing (and a start date given alone) from the rows of the
recommendations listing (serving_listings.recommendation_rows), a call for one body (and a
start date) from every meeting that adopted a recommendation. Both are the same rows unless the
recommendations listing leaves a recommendation out (one with no text in its label's language),
so a record stands for the row with the same cells in both: the listing's rows have a rank
(untoc:recommendationDebateRank, the position in the listing, what a page is read by), the
rows of the calls for one body a position among all of them (untoc:recommendationDebatePosition,
which orders the rows of any one body as the cells do).
"""

from __future__ import annotations

from collections import defaultdict

from untoc_kg.serving_listings import in_listing_language, item_listings, recommendation_rows
from untoc_kg.serving_order import in_order
from untoc_kg.serving_records import ServingReport, Sink, U, columns, integer, literal, record_iri
from untoc_kg.serving_tables import ServingTables
from untoc_kg.serving_views import DEBATE_ROLES, meeting_cells
from untoc_kg.vocab import UNTOC

_U = str(UNTOC)
_ADOPTED_AT, _ADOPTED_UNDER, _LABEL, _ORDER, _ENDORSED_BY, _ACT_NUMBER = (
    _U + name for name in ("adoptedAt", "adoptedUnder", "label", "order", "endorsedBy", "actNumber"))



def item_speakers(tables: ServingTables) -> dict:
    """(agenda item, meeting) → the codes the statements listing prints for those that spoke
    under the item at the meeting in a delegation's role (a person: the code of the State they
    spoke for), for each item and meeting the statements listing lists."""
    listed = {(item, meeting) for item, meeting, _node, _cells in item_listings(tables)}
    speakers: dict = defaultdict(set)
    for statement in tables.typed:
        items, agents, _roles = tables.statements.get(statement, ((), (), ()))
        if not items or not agents or not tables.roles(statement) & DEBATE_ROLES:
            continue
        codes = {code.value for agent in agents
                 for code in (tables.codes.get(agent) or tables.for_codes(statement))}
        if not codes:
            continue
        for item in items:
            for meeting in tables.item_meetings.get(item, ()):
                if (item, meeting) in listed:
                    speakers[(item, meeting)] |= codes
    return speakers


def debate_rows(tables: ServingTables, pairs, speakers: dict) -> dict:
    """The rows the query gives for these (recommendation, meeting) pairs: (start, body, order,
    label) → (item numbers, speaker codes, endorsing act numbers), each a set of strings. A
    recommendation read in several languages gives the label of the language that ranks first
    (serving_listings.LISTING_LANGUAGES)."""
    rows: dict = {}
    for recommendation, meeting in pairs:
        facts = tables.recommendations[recommendation]
        items = facts.get(_ADOPTED_UNDER, ())
        numbers = {number.value for item in items for number in tables.item_numbers.get(item, ())}
        codes = {code for item in items for code in speakers.get((item, meeting), ())}
        acts = {number.value for act in facts.get(_ENDORSED_BY, ())
                for number in tables.acts.get(act, {}).get(_ACT_NUMBER, ())}
        for start, body in meeting_cells(tables, meeting):
            for label in in_listing_language(facts.get(_LABEL, ())):
                for order in facts.get(_ORDER, ()):
                    cells = rows.setdefault((start, body, order, label), (set(), set(), set()))
                    cells[0].update(numbers)
                    cells[1].update(codes)
                    cells[2].update(acts)
    return rows


_CELLS = (U.adoptedUnderNumbers, U.itemSpeakerCodes, U.endorsedByNumbers)


def recommendation_debate(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """The records of recommendation-debate's rows: the rows of its listing ranked, those of the
    calls for one body positioned (see the module's comment), each record written once."""
    speakers = item_speakers(tables)
    listed = debate_rows(tables, set(recommendation_rows(tables).values()), speakers)
    adopted = debate_rows(tables, {(recommendation, meeting)
                                   for recommendation, facts in tables.recommendations.items()
                                   for meeting in facts.get(_ADOPTED_AT, ())}, speakers)
    records: dict = {}         # record → (start, body, label, the three cells as printed)

    def record(key, cells):
        start, body, order, label = key
        printed = tuple(";".join(sorted(value for value in values if value)) for values in cells)
        node = record_iri("recommendation-debate-row", *(str(term) for term in key), *printed)
        records[node] = (start, body, label, printed)
        return node

    ranks = [(record(key, listed[key]), U.recommendationDebateRank) for key in in_order(list(listed), columns(4))]
    positions = [(record(key, adopted[key]), U.recommendationDebatePosition)
                 for key in in_order(list(adopted), columns(4))]
    for ordered in (ranks, positions):
        for number, (node, prop) in enumerate(ordered, 1):
            out.add(node, prop, integer(number))
    for node, (start, body, label, printed) in records.items():
        out.add(node, U.adoptingBodySymbol, body)
        out.add(node, U.adoptingMeetingStart, start)
        # The start date as a call gives it (the query compares STR(start)): a value bound by the
        # call is looked up in the index, where a date computed from it in the query is not
        # (the rows of one start date: 0.3 ms instead of 210 at a thousand reports).
        out.add(node, U.adoptingMeetingStartKey, literal(start.value))
        out.add(node, U.recommendationLabel, label)
        for prop, text in zip(_CELLS, printed):
            # An empty cell is left unbound, as the query prints it.
            if text:
                out.add(node, prop, literal(text))
    report.rows["recommendation-debate"] = len(ranks)
