"""The serving layer's summaries of what a State did about an act and about a topic: per State ×
act as adopted under an agenda item (act-debate: spoke under the item, sponsored the act,
explained its vote) and per State × topic (state-said-and-signed: the meetings it spoke at on the
topic, the resolutions on it it sponsored, those whose debate it spoke in without sponsoring).

Both listings are written whole, row by row with their ranks and cells (the stored queries read
a call for one State or one number from the same records): the queries they replaced joined
every row of the statements listing to the acts adopted under its item (1.1 s and 5.6 s at a
thousand reports, bench/RESULTS.md of 2026-12-03). The rows are those of the replaced queries
(tests/replaced_queries/), which read the statements listing's rows (serving_listings.statements):
a speaker is counted here as that listing counts it, from the same statements. (A row of that
listing stands for the smallest of the (item listing, speaker listing) pairs with its cells;
this module reads every pair. The two differ only where two item listings print the same cells:
two items of one number and title at one meeting, which only a joint meeting could give; on the
samples and the 100- and 1,000-report corpora they give the same rows.)
"""

from __future__ import annotations

from collections import defaultdict

from untoc_kg.serving_listings import item_listings
from untoc_kg.serving_order import in_order
from untoc_kg.serving_records import RDF_TYPE, ServingReport, Sink, U, columns, integer, literal, record_iri
from untoc_kg.serving_tables import ServingTables
from untoc_kg.serving_views import DEBATE_ROLES
from untoc_kg.vocab import UNTOC

_U = str(UNTOC)
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RESOLUTION = _U + "Resolution"
_ACT_NUMBER, _ADOPTED_AT, _ADOPTED_ON, _SPONSOR = (_U + name for name in ("actNumber", "adoptedAt", "adoptedOn", "sponsor"))
_SUBJECT = "http://purl.org/dc/terms/subject"
_TOPIC_PATH = "/id/topic/"


_YES, _NO = literal("yes"), literal("no")


def _kind(facts) -> str:
    return "resolution" if any(t.value == _RESOLUTION for t in facts.get(_RDF_TYPE, ())) else "decision"


def _listings(tables: ServingTables) -> dict:
    """(item, meeting) → [(its agenda item listing's record, (start, body, number, title))], as
    the statements listing writes them."""
    found: dict = defaultdict(list)
    for item, meeting, node, cells in item_listings(tables):
        found[(item, meeting)].append((node, cells))
    return found


def _speakers(tables: ServingTables) -> dict:
    """(item, meeting) → {(agent, code or None)}: who has a row of the statements listing under
    that item at that meeting in a role of a delegation, with the code the row prints (a
    person's is that of the state they spoke for)."""
    found: dict = defaultdict(set)
    for statement in tables.typed:
        items, agents, _roles = tables.statements.get(statement, ((), (), ()))
        if not items or not agents or not (tables.roles(statement) & DEBATE_ROLES):
            continue
        for agent in agents:
            codes = tables.codes.get(agent) or tables.for_codes(statement) or {None}
            for item in items:
                for meeting in tables.item_meetings.get(item, ()):
                    found[(item, meeting)] |= {(agent, code) for code in codes}
    return found


def _adoptions(tables: ServingTables, listings: dict):
    """Each act adopted under an agenda item of a meeting that lists it: (act, its facts, item,
    meeting)."""
    for act, items in tables.adopted_under.items():
        facts = tables.acts.get(act)
        if facts is None:
            continue
        for item in items:
            for meeting in facts.get(_ADOPTED_AT, ()):
                if (item, meeting) in listings:
                    yield act, facts, item, meeting


def state_debates(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """The summaries of both listings, from the same agenda item listings and speakers (read
    once: at a thousand reports, some 2 s each)."""
    listings, speakers = _listings(tables), _speakers(tables)
    act_debate(tables, out, report, listings, speakers)
    state_said_and_signed(tables, out, report, listings, speakers)


def act_debate(tables: ServingTables, out: Sink, report: ServingReport, listings: dict, speakers: dict) -> None:
    """One summary per row of act-debate (untoc:ActDebateSummary): an act as adopted under an
    agenda item at its meeting (the body, the meeting's start, the item's number and title as
    its listing prints them, the act's number, kind and adoption date)
    and one State, with whether it spoke under the item, sponsored the act and explained its
    vote; an act nobody did any of the three for has one summary without a State."""
    explainers: dict = defaultdict(set)
    for statement, acts in tables.on_resolution.items():
        agents = tables.statements.get(statement, ((), (), ()))[1]
        for act in acts:
            # Every act a statement is about has an entry, with or without a code.
            explainers[act] |= {code for agent in agents for code in tables.codes.get(agent, ())}
    # cells → [spoke, sponsored, explained]
    rows: dict = {}
    for act, facts, item, meeting in _adoptions(tables, listings):
        spoken = speakers.get((item, meeting), set())
        spoke = {code for _agent, code in spoken if code is not None}
        sponsors = facts.get(_SPONSOR, ())
        sponsored = {code for agent in sponsors for code in tables.codes.get(agent, ())}
        explained = explainers.get(act, set())
        # The act alone only when nobody at all spoke, sponsored or explained (a speaker, sponsor
        # or explainer without a code gives it no row).
        alone = not spoken and not sponsors and act not in explainers
        states = [(code, code in spoke, code in sponsored, code in explained)
                  for code in spoke | sponsored | explained]
        if alone:
            states.append((None, False, False, False))
        kind = literal(_kind(facts))
        for _node, (start, body, number, title) in listings[(item, meeting)]:
            for symbol in facts.get(_ACT_NUMBER, ()):
                for adopted_on in facts.get(_ADOPTED_ON) or {None}:
                    for code, *ways in states:
                        cells = (start, body, kind, symbol, code, number, adopted_on, title)
                        # Two acts with the same cells are one row (the replaced query grouped by them).
                        found = rows.setdefault(cells, [False, False, False])
                        found[:] = [a or b for a, b in zip(found, ways)]
    ordered = in_order(list(rows), columns(8))
    for rank, cells in enumerate(ordered, 1):
        start, body, kind, symbol, code, number, adopted_on, title = cells
        spoke, sponsored, explained = rows[cells]
        summary = record_iri("act-debate", *(None if cell is None else cell.value for cell in cells),
                             title.language)
        out.add(summary, RDF_TYPE, U.ActDebateSummary)
        out.add(summary, U.actDebateRank, integer(rank))
        # The item's cells on the summary itself, not behind a pointer to its listing: the whole
        # listing is read one property at a time and joined by hash, and a join to the item
        # listings made that twice as slow at a thousand reports (330 ms instead of 175).
        out.add(summary, U.debateBody, body)
        out.add(summary, U.debateMeetingStart, start)
        out.add(summary, U.debateItemNumber, number)
        out.add(summary, U.debateItemTitle, title)
        out.add(summary, U.debateActNumber, symbol)
        out.add(summary, U.debateActKind, kind)
        if adopted_on is not None:
            out.add(summary, U.debateAdoptedOn, adopted_on)
        if code is not None:
            out.add(summary, U.debateStateCode, code)
        out.add(summary, U.spokeUnderItem, _YES if spoke else _NO)
        out.add(summary, U.sponsoredAct, _YES if sponsored else _NO)
        out.add(summary, U.explainedVote, _YES if explained else _NO)
    report.rows["act-debate"] = len(ordered)


def state_said_and_signed(tables: ServingTables, out: Sink, report: ServingReport, listings: dict,
                          speakers: dict) -> None:
    """One summary per State × topic of state-said-and-signed (untoc:StateTopicSummary): the
    meetings it spoke at under an agenda item on the topic or in the debate of an act on it
    (under the item the act was adopted under), the resolutions on the topic it sponsored and
    those whose debate it spoke in that it (the speaker itself) did not sponsor."""
    # (code, topic) → [meetings, sponsored numbers, numbers spoken on but not sponsored]
    found: dict = defaultdict(lambda: (set(), set(), set()))
    for (item, meeting), spoken in speakers.items():
        if (item, meeting) not in listings:
            continue
        for _agent, code in spoken:
            if code is not None:
                for topic in tables.subjects.get(item, ()):
                    found[(code, topic)][0].add(meeting)
    for act, facts, item, meeting in _adoptions(tables, listings):
        resolution = _kind(facts) == "resolution"
        sponsors = facts.get(_SPONSOR, set())
        for agent, code in speakers.get((item, meeting), ()):
            if code is None:
                continue
            for topic in facts.get(_SUBJECT, ()):
                meetings, _sponsored, unsponsored = found[(code, topic)]
                meetings.add(meeting)
                if resolution and agent not in sponsors:
                    unsponsored |= facts.get(_ACT_NUMBER, set())
    for act, facts in tables.acts.items():
        if _kind(facts) != "resolution":
            continue
        for agent in facts.get(_SPONSOR, ()):
            for code in tables.codes.get(agent, ()):
                for topic in facts.get(_SUBJECT, ()):
                    found[(code, topic)][1].update(facts.get(_ACT_NUMBER, ()))
    rows = {}
    for (code, topic), cells in found.items():
        key = literal(topic.value.split(_TOPIC_PATH, 1)[1] if _TOPIC_PATH in topic.value else "")
        rows[(code, key, topic.value)] = (code, topic, cells)
    ordered = in_order(list(rows), columns(2))
    for rank, row in enumerate(ordered, 1):
        code, topic, (meetings, sponsored, unsponsored) = rows[row]
        summary = record_iri("state-topic", code.value, topic.value)
        out.add(summary, RDF_TYPE, U.StateTopicSummary)
        out.add(summary, U.stateTopicRank, integer(rank))
        out.add(summary, U.summaryStateCode, code)
        out.add(summary, U.stateTopic, topic)
        out.add(summary, U.topicMeetingCount, integer(len(meetings)))
        # The cells as printed (";" between the numbers), absent when empty.
        if sponsored:
            out.add(summary, U.sponsoredNumbers, literal(";".join(sorted({n.value for n in sponsored}))))
        if unsponsored:
            out.add(summary, U.unsponsoredNumbers, literal(";".join(sorted({n.value for n in unsponsored}))))
    report.rows["state-said-and-signed"] = len(ordered)
