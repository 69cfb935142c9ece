"""The serving layer's view of the shared nodes (agents, meetings, acts: once each, with one set
of facts) and its summaries keyed the way the questions are asked (per topic × State, per pair
of sponsors, per meeting × topic, per name of a person)."""

from __future__ import annotations

from collections import defaultdict

from untoc_kg.serving_order import in_order
from untoc_kg.serving_records import RDF_TYPE, ServingReport, U, Sink, columns, integer, literal, record_iri
from untoc_kg.serving_tables import ServingTables
from untoc_kg.vocab import UNTOC


_U = str(UNTOC)
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DCTERMS = "http://purl.org/dc/terms/"


# The roles of a state's own delegation (states-on-topic counts them by default).
DELEGATION_ROLES = ("party", "observer-state", "on-behalf-of-group")
# Every role a State's delegation speaks in, replies and explanations of vote included (not the
# observers of organizations, the secretariat or panellists): what the debate queries count.
DEBATE_ROLES = frozenset((*DELEGATION_ROLES, "right-of-reply", "after-action"))


# (with panellists, with vote explanations): the four answers of states-on-topic.
VARIANTS = ((False, False), (True, False), (False, True), (True, True))


# The roles federated-states counts: a State's delegation as a party or an observer State.
STATE_DELEGATION_ROLES = ("party", "observer-state")
STATE_DELEGATION = "state-delegation"


def variant_key(panels: bool, after: bool) -> str:
    """The ways of speaking a topic summary counts, as states-on-topic names them from its
    parameters: "delegation", "delegation+panel", "delegation+after-action", or all three."""
    return "delegation" + ("+panel" if panels else "") + ("+after-action" if after else "")


# The view of an agent, a meeting or an act uses properties of its own (untoc:servedCode …,
# sub-properties of the ones the reports use): a copy under the same property would be one
# more solution for every query of the union graph that does not read the serving layer.
_AGENT_VIEW = {_U + "code": "servedCode", _SKOS_PREF: "servedPrefLabel", _RDFS_LABEL: "servedLabel"}


def agents(tables: ServingTables, out: Sink) -> None:
    for agent, prop, value in tables.agent_facts:
        if prop.value in _AGENT_VIEW:
            out.add(agent, getattr(U, _AGENT_VIEW[prop.value]), value)
    for agent, items in tables.same_as.items():
        for item in items:
            out.add(agent, U.servedWikidataItem, item)


def meetings(tables: ServingTables, out: Sink) -> None:
    for meeting in set(tables.starts) | set(tables.bodies):
        for start in tables.starts.get(meeting, ()):
            out.add(meeting, U.servedStartDate, start)
        for body in tables.bodies.get(meeting, ()):
            out.add(meeting, U.servedBodySymbol, body)


_RESOLUTION = _U + "Resolution"

_ACT_NUMBER, _SPONSOR, _RECALLS, _ISSUED_BY = (_U + name for name in ("actNumber", "sponsor", "recalls", "issuedBy"))

_ACT_VIEW = {
    _U + "actNumber": "servedActNumber", _U + "adoptedOn": "servedAdoptedOn", _U + "adoptedAt": "servedAdoptedAt",
    _DCTERMS + "title": "servedTitle", _U + "session": "servedSession", _U + "draftSymbol": "servedDraftSymbol",
    _U + "sponsor": "servedSponsor", _U + "recalls": "servedRecalls", _DCTERMS + "subject": "servedSubject",
}


def acts(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """The cited acts once each: every fact the reports give of an act, under the serving
    layer's own property, its kind ("resolution" for an untoc:Resolution, else "decision")
    and the symbol of the body that issued it."""
    for act, facts in tables.acts.items():
        kind = "resolution" if any(t.value == _RESOLUTION for t in facts.get(_RDF_TYPE, ())) else "decision"
        out.add(act, U.servedActKind, literal(kind))
        for prop, values in facts.items():
            served = _ACT_VIEW.get(prop)
            if served:
                for value in values:
                    out.add(act, getattr(U, served), value)
        for body in facts.get(_ISSUED_BY, ()):
            for symbol in tables.body_symbols.get(body, ()):
                out.add(act, U.servedIssuerSymbol, symbol)
        report.acts += 1


def topic_speakers(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    # (topic, agent) → way → set of (meeting, role); way: delegation, panel, after-action.
    spoken: dict = defaultdict(lambda: defaultdict(set))
    for statement, (items, speakers, _roles) in tables.statements.items():
        roles = tables.roles(statement)
        for item in items:
            meetings = tables.item_meetings.get(item, set())
            if not meetings:
                continue
            for role in roles:
                if role in DELEGATION_ROLES:
                    way, agents, topics = "delegation", speakers, tables.topics_of(item)
                elif role == "panellist":
                    way, agents, topics = "panel", tables.for_state.get(statement, ()), tables.topics_of(item)
                elif role == "after-action":
                    # A vote explanation is about the resolution, whatever item it was under.
                    way, agents = "after-action", speakers
                    topics = {t for act in tables.on_resolution.get(statement, ()) for t in tables.topics_of(act)}
                else:
                    continue
                for topic in topics:
                    for agent in agents:
                        spoken[(topic, agent)][way] |= {(m, role) for m in meetings}
                        if way == "delegation" and role in STATE_DELEGATION_ROLES:
                            spoken[(topic, agent)][STATE_DELEGATION] |= {(m, role) for m in meetings}
    for (topic, agent), ways in spoken.items():
        kinds = tables.kinds.get(agent, ())
        if "state" not in kinds and "reio" not in kinds:
            continue
        # The four answers (with or without panellists, with or without vote explanations) are
        # most often the same: one summary answers every variant whose statements it counts.
        answers: dict[frozenset, list[str]] = {}
        for panels, after in VARIANTS:
            pairs = set(ways.get("delegation", ()))
            if panels:
                pairs |= ways.get("panel", set())
            if after:
                pairs |= ways.get("after-action", set())
            pairs = frozenset((m, r) for m, r in pairs if tables.starts.get(m))
            if pairs:
                answers.setdefault(pairs, []).append(variant_key(panels, after))
        # federated-states counts a State's own delegation only (no group, no organization).
        pairs = frozenset((m, r) for m, r in ways.get(STATE_DELEGATION, ()) if tables.starts.get(m))
        if pairs and "state" in kinds:
            answers.setdefault(pairs, []).append(STATE_DELEGATION)
        for pairs, keys in answers.items():
            node = record_iri("topic-speaker", topic.value, agent.value, keys[0])
            counted = {o for m, _r in pairs for o in tables.occasions(m)}
            out.add(node, RDF_TYPE, U.TopicSpeakerSummary)
            out.add(node, U.summaryTopic, topic)
            out.add(node, U.summarySpeaker, agent)
            for key in keys:
                out.add(node, U.countsWays, literal(key))
            out.add(node, U.occasionCount, integer(len(counted)))
            # The two listing cells as states-on-topic prints them (";" between values).
            out.add(node, U.meetingStarts, literal(";".join(sorted({s.value for m, _r in pairs for s in tables.starts[m]}))))
            out.add(node, U.speakerRoles, literal(";".join(sorted({r for _m, r in pairs}))))
            report.topic_speakers += 1


def co_sponsorship(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """Per pair of sponsor codes (the smaller first): the acts they sponsored together, their
    numbers as co-sponsorship prints them, how many, and the pair's rank in the listing."""
    pairs: dict = defaultdict(lambda: (set(), set()))
    for act, facts in tables.acts.items():
        numbers = facts.get(_ACT_NUMBER)
        if not numbers:
            continue
        codes = sorted({code.value for sponsor in facts.get(_SPONSOR, ()) for code in tables.codes.get(sponsor, ())})
        for index, first in enumerate(codes):
            for second in codes[index + 1:]:
                acts, printed = pairs[(first, second)]
                acts.add(act)
                printed |= {number.value for number in numbers}
    rows = {(integer(len(acts)), literal(first), literal(second)): (first, second, printed)
            for (first, second), (acts, printed) in pairs.items()}
    ordered = in_order(list(rows), [(lambda r: r[0], True), (lambda r: r[1], False), (lambda r: r[2], False)])
    for rank, cells in enumerate(ordered, 1):
        first, second, printed = rows[cells]
        node = record_iri("co-sponsorship", first, second)
        out.add(node, RDF_TYPE, U.CoSponsorshipSummary)
        out.add(node, U.firstSponsorCode, cells[1])
        out.add(node, U.secondSponsorCode, cells[2])
        out.add(node, U.actsTogether, literal(";".join(sorted(printed))))
        out.add(node, U.actCount, cells[0])
        out.add(node, U.coSponsorshipRank, integer(rank))
    report.rows["co-sponsorship"] = len(ordered)


def topic_timeline(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """Per meeting × topic of the scheme (a topic counting its narrower topics): how many
    agenda items and statements it had there, with the row's rank in topic-timeline."""
    statements_of: dict = defaultdict(set)
    for statement, (items, _speakers, _roles) in tables.statements.items():
        for item in items:
            statements_of[item].add(statement)
    counted: dict = defaultdict(lambda: (set(), set()))
    for meeting, items in tables.agenda_items.items():
        for item in items:
            for subject in tables.subjects.get(item, ()):
                for topic in tables.closure(subject) & tables.concepts:
                    found_items, found_statements = counted[(meeting, topic)]
                    found_items.add(item)
                    found_statements |= statements_of.get(item, set())
    rows: dict = {}
    for (meeting, topic), (items, statements) in counted.items():
        key = literal(topic.value.split("/id/topic/", 1)[1] if "/id/topic/" in topic.value else "")
        for start, body in meeting_cells(tables, meeting):
            rows.setdefault((start, body, key), []).append((meeting, topic, items, statements))
    ordered = in_order(list(rows), columns(3))
    for rank, cells in enumerate(ordered, 1):
        groups = rows[cells]
        items = set().union(*(g[2] for g in groups))
        statements = set().union(*(g[3] for g in groups))
        meeting, topic = min(((g[0], g[1]) for g in groups), key=lambda pair: (pair[0].value, pair[1].value))
        node = record_iri("timeline", meeting.value, topic.value)
        out.add(node, RDF_TYPE, U.TimelineSummary)
        out.add(node, U.timelineRank, integer(rank))
        out.add(node, U.rowMeeting, meeting)
        out.add(node, U.timelineTopic, topic)
        out.add(node, U.itemCount, integer(len(items)))
        out.add(node, U.statementCount, integer(len(statements)))
    report.rows["topic-timeline"] = len(ordered)


def persons(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    persons = [agent for agent, kind in tables.kinds.items() if "person" in kind]
    person_set = set(persons)
    # node → list of (meeting, office string or None, panel number or None, for codes)
    acts: dict = defaultdict(list)
    for node, meeting, office, for_code in tables.person_offices:
        acts[node].append((meeting, office.value, None, {for_code} if for_code is not None else set()))
    for statement, (items, speakers, _roles) in tables.statements.items():
        for node in set(speakers) & person_set:
            fors = tables.for_codes(statement)
            panel = "panellist" in tables.roles(statement)
            for item in items:
                for meeting in tables.item_meetings.get(item, ()):
                    for number in tables.item_numbers.get(item, ()):
                        acts[node].append((meeting, None, number.value if panel else None, fors))
    by_name: dict = defaultdict(lambda: {"nodes": set(), "for": set(), "offices": set(), "panels": set(),
                                         "meetings": set(), "alts": set()})
    for node in persons:
        rows = []
        for meeting, office, number, fors in acts.get(node, ()):
            for body in tables.bodies.get(meeting, ()):
                for start in tables.starts.get(meeting, ()):
                    rows.append((meeting, office, number, fors, body.value, start.value))
        if not rows:
            continue
        for name in tables.labels.get(node, ()):
            entry = by_name[name]
            entry["nodes"].add(node)
            entry["alts"] |= {a.value for a in tables.alts.get(node, ())}
            for meeting, office, number, fors, body, start in rows:
                entry["meetings"].add(meeting)
                entry["for"] |= {f.value for f in fors}
                if office is not None:
                    entry["offices"].add(f"{office} {body} {start}")
                if number is not None:
                    entry["panels"].add(f"{body} {start} item {number}")
    for name, entry in by_name.items():
        node = record_iri("person", name.value)
        out.add(node, RDF_TYPE, U.PersonSummary)
        out.add(node, U.personName, name)
        for person in entry["nodes"]:
            out.add(node, U.summaryPerson, person)
        # The listing cells as persons prints them (";" between values; none when empty).
        for prop, values in (("actedForCodes", entry["for"]), ("officesHeld", entry["offices"]),
                             ("panelsSatOn", entry["panels"]), ("otherSpellings", entry["alts"])):
            if values:
                out.add(node, getattr(U, prop), literal(";".join(sorted(values))))
        out.add(node, U.meetingCount, integer(len(entry["meetings"])))
        report.persons += 1


def meeting_cells(tables: ServingTables, meeting):
    """(start, body) of a meeting, for each start date and body symbol it has."""
    for start in tables.starts.get(meeting, ()):
        for body in tables.bodies.get(meeting, ()):
            yield start, body



def offices(tables: ServingTables, out: Sink, report: ServingReport) -> None:
    """The offices held for a State (state-profile's "office" aspect): one record per holding
    as listed (untoc:OfficeListing: the meeting, the office's key, the holder's name as printed
    and the code of the State it was held for), so that a State's offices are read from its
    code instead of from every report graph's holdings and statements that name the State."""
    for node, meeting, office, for_code in tables.person_offices:
        names = tables.labels.get(node, ())
        if for_code is None or not names:
            continue
        record = record_iri("office-listing", node.value, meeting.value, office.value, for_code.value)
        out.add(record, RDF_TYPE, U.OfficeListing)
        out.add(record, U.officeForCode, for_code)
        out.add(record, U.officeMeeting, meeting)
        out.add(record, U.officeKey, office)
        for name in names:
            out.add(record, U.officeHolderName, name)
