"""The serving layer: what the stored queries read, computed from the report graphs and the links.

In the union of the report graphs a node that many reports describe (a state, a person, a
meeting) is one solution per copy, and a question such as "which states spoke on this topic at
two or more meetings" has to gather thousands of statements before it can count. The serving
layer (graph/serving) holds the same facts in the shape the questions take:

- the agents (states, organizations, persons) once each, with their codes and labels
  (untoc:servedCode, untoc:servedPrefLabel, untoc:servedLabel);
- per topic (and each of its broader topics) × speaking state: the different occasions at which
  the state spoke on it, counted (a joint meeting of two working groups counts once), with the
  start dates of those meetings and the roles it spoke in — for the default roles and for the
  variants that add panellists and vote explanations (what states-on-topic answers);
- per agenda item × meeting: the body, start date, item number, title and topics, and per
  statement its speaker, the speaker's code and its role (what statements lists);
- per name of a person: the states acted for, offices, panels, meetings and other spellings
  (what persons lists).

It is a function of the report graphs and graph/links only (each base table is read with a
SELECT in serving/*.rq, joined here, and written sorted), so the load order never changes it.
It is written in one transaction after the links, and names the graphs it was computed from
(prov:wasDerivedFrom), so that a missing or stale serving layer is reported like stale links.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from untoc_kg.resources import data_dir
from untoc_kg.store import GraphStore
from untoc_kg.vocab import GRAPH, ID, UNTOC

SERVING_GRAPH = GRAPH["serving"]
LINKS = str(GRAPH["links"])
_U = str(UNTOC)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCTERMS_TITLE = "http://purl.org/dc/terms/title"
_VIEW = {_U + "code": "servedCode", _SKOS_PREF: "servedPrefLabel", _RDFS_LABEL: "servedLabel"}

# The roles of a state's own delegation (states-on-topic counts them by default).
DELEGATION_ROLES = ("party", "observer-state", "on-behalf-of-group")
# (with panellists, with vote explanations): the four answers of states-on-topic.
VARIANTS = ((False, False), (True, False), (False, True), (True, True))


def variant_key(panels: bool, after: bool) -> str:
    """The ways of speaking a topic summary counts, as states-on-topic names them from its
    parameters: "delegation", "delegation+panel", "delegation+after-action", or all three."""
    return "delegation" + ("+panel" if panels else "") + ("+after-action" if after else "")


@dataclass
class ServingReport:
    triples: int = 0
    topic_speakers: int = 0
    listings: int = 0
    persons: int = 0


@lru_cache(maxsize=None)
def serving_query(name: str) -> str:
    """The text of serving/NAME.rq (the SELECTs the serving layer is computed from)."""
    return (data_dir("serving") / f"{name}.rq").read_text(encoding="utf-8")


def _table(store: GraphStore, name: str) -> list[tuple]:
    solutions = store.query(serving_query(name))
    return [tuple(solution) for solution in solutions]


def _iri(kind: str, *parts: str) -> ox.NamedNode:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return ox.NamedNode(f"{ID}serving/{kind}/{digest}")


def _u(name: str) -> ox.NamedNode:
    return ox.NamedNode(_U + name)


def _literal(value, datatype: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + datatype))
    return ox.Literal(str(value))




def compute_serving(store: GraphStore) -> tuple[list[str], ServingReport]:
    """The serving graph as sorted N-Triples lines, and what it holds."""
    lines: set[str] = set()
    report = ServingReport()

    def add(s, p, o) -> None:
        lines.add(f"{s} {p} {o} .")

    # ------------------------------------------------------------ agents, once each
    kinds: dict[ox.NamedNode, set[str]] = defaultdict(set)
    for agent, kind in _table(store, "agent-kinds"):
        kinds[agent].add(kind.value)
    codes: dict[ox.NamedNode, set[ox.Literal]] = defaultdict(set)
    labels: dict[ox.NamedNode, set[ox.Literal]] = defaultdict(set)
    alts: dict[ox.NamedNode, set[ox.Literal]] = defaultdict(set)
    # The view of an agent uses properties of its own (untoc:servedCode …, sub-properties of
    # the ones the reports use): a copy under the same property would be one more solution for
    # every query of the union graph that does not read the serving layer.
    for agent, prop, value in _table(store, "agents"):
        if not isinstance(agent, ox.NamedNode):
            continue
        if prop.value in _VIEW:
            add(agent, _u(_VIEW[prop.value]), value)
        if prop.value == _U + "code":
            codes[agent].add(value)
        elif prop.value == _RDFS_LABEL:
            labels[agent].add(value)
        elif prop.value == _SKOS_ALT:
            alts[agent].add(value)

    # ------------------------------------------------------------ topics, meetings, items
    broader: dict = defaultdict(set)
    for narrower, wider in _table(store, "broader"):
        broader[narrower].add(wider)

    @lru_cache(maxsize=None)
    def closure(topic) -> frozenset:
        seen, todo = {topic}, [topic]
        while todo:
            for wider in broader.get(todo.pop(), ()):
                if wider not in seen:
                    seen.add(wider)
                    todo.append(wider)
        return frozenset(seen)

    subjects: dict = defaultdict(set)
    for node, subject in _table(store, "subjects"):
        subjects[node].add(subject)

    def topics_of(node) -> set:
        found: set = set()
        for subject in subjects.get(node, ()):
            found |= closure(subject)
        return found

    starts: dict = defaultdict(set)
    partners: dict = defaultdict(set)
    bodies: dict = defaultdict(set)
    for meeting, prop, value in _table(store, "meetings"):
        name = prop.value[len(_U):]
        {"startDate": starts, "jointWith": partners, "body": bodies}[name][meeting].add(value)

    def occasions(meeting) -> set:
        # Two working groups meeting jointly are one occasion: the pair is named by the
        # meeting whose IRI sorts first (as states-on-topic always counted it).
        smaller = {p for p in partners.get(meeting, ()) if p.value < meeting.value}
        return smaller or {meeting}

    item_meetings: dict = defaultdict(set)
    item_numbers: dict = defaultdict(set)
    item_titles: dict = defaultdict(set)
    for item, prop, value in _table(store, "items"):
        target = {_U + "ofMeeting": item_meetings, _U + "itemNumber": item_numbers,
                  DCTERMS_TITLE: item_titles}[prop.value]
        target[item].add(value)

    # ------------------------------------------------------------ statements
    statements: dict = defaultdict(lambda: {"items": set(), "speakers": set(), "roles": set(), "typed": False})
    for statement, item, speaker, role, typed in _table(store, "statements"):
        entry = statements[statement]
        entry["items"].add(item)
        entry["speakers"].add(speaker)
        entry["roles"].add(role.value)
        entry["typed"] = entry["typed"] or typed.value == "true"
    for_state: dict = defaultdict(set)
    on_resolution: dict = defaultdict(set)
    for statement, prop, value in _table(store, "statement-links"):
        (for_state if prop.value == _U + "forState" else on_resolution)[statement].add(value)

    # ------------------------------------------------------------ topic × speaker
    # (topic, agent) → way → set of (meeting, role); way: delegation, panel, after-action.
    spoken: dict = defaultdict(lambda: defaultdict(set))
    for statement, entry in statements.items():
        for item in entry["items"]:
            meetings = item_meetings.get(item, set())
            if not meetings:
                continue
            for role in entry["roles"]:
                if role in DELEGATION_ROLES:
                    way, agents, topics = "delegation", entry["speakers"], topics_of(item)
                elif role == "panellist":
                    way, agents, topics = "panel", for_state.get(statement, ()), topics_of(item)
                elif role == "after-action":
                    # A vote explanation is about the resolution, whatever item it was under.
                    way, agents = "after-action", entry["speakers"]
                    topics = {t for act in on_resolution.get(statement, ()) for t in topics_of(act)}
                else:
                    continue
                for topic in topics:
                    for agent in agents:
                        spoken[(topic, agent)][way] |= {(m, role) for m in meetings}
    for (topic, agent), ways in spoken.items():
        if "state" not in kinds.get(agent, ()):
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
            pairs = frozenset((m, r) for m, r in pairs if starts.get(m))
            if pairs:
                answers.setdefault(pairs, []).append(variant_key(panels, after))
        for pairs, keys in answers.items():
            node = _iri("topic-speaker", topic.value, agent.value, keys[0])
            counted = {o for m, _r in pairs for o in occasions(m)}
            add(node, _RDF_TYPE_NODE, _u("TopicSpeakerSummary"))
            add(node, _u("summaryTopic"), topic)
            add(node, _u("summarySpeaker"), agent)
            for key in keys:
                add(node, _u("countsWays"), _literal(key))
            add(node, _u("occasionCount"), _literal(len(counted), "integer"))
            # The two listing cells as states-on-topic prints them (";" between values).
            add(node, _u("meetingStarts"), _literal(";".join(sorted({s.value for m, _r in pairs for s in starts[m]}))))
            add(node, _u("speakerRoles"), _literal(";".join(sorted({r for _m, r in pairs}))))
            report.topic_speakers += 1

    # ------------------------------------------------------------ the statements listing
    listing_of: dict = {}
    for item, meetings in item_meetings.items():
        for meeting in meetings:
            node = _iri("item-listing", item.value, meeting.value)
            listing_of[(item, meeting)] = node
            add(node, _RDF_TYPE_NODE, _u("AgendaItemListing"))
            add(node, _u("listedItem"), item)
            add(node, _u("listedMeeting"), meeting)
            for body in bodies.get(meeting, ()):
                add(node, _u("bodySymbol"), body)
            for start in starts.get(meeting, ()):
                add(node, _u("meetingStart"), start)
            for number in item_numbers.get(item, ()):
                add(node, _u("listedItemNumber"), number)
            for title in item_titles.get(item, ()):
                add(node, _u("listedItemTitle"), title)
            for subject in subjects.get(item, ()):
                add(node, _u("listedTopic"), subject)
            report.listings += 1
    for statement, entry in statements.items():
        if not entry["typed"]:
            continue
        for item in entry["items"]:
            for meeting in item_meetings.get(item, ()):
                add(statement, _u("listedAt"), listing_of[(item, meeting)])
        for speaker in entry["speakers"]:
            add(statement, _u("listedSpeaker"), speaker)
            # The speaker's own code; a person's is that of the state they spoke for.
            for code in codes.get(speaker) or {c for f in for_state.get(statement, ()) for c in codes.get(f, ())}:
                add(statement, _u("speakerCode"), code)
        for role in entry["roles"]:
            add(statement, _u("listedRole"), _literal(role))

    # ------------------------------------------------------------ persons
    persons = [agent for agent, kind in kinds.items() if "person" in kind]
    # node → list of (meeting, office string or None, panel number or None, for codes)
    acts: dict = defaultdict(list)
    for node, meeting, office, for_code in _table(store, "person-offices"):
        acts[node].append((meeting, office.value, None, {for_code} if for_code is not None else set()))
    person_set = set(persons)
    for statement, entry in statements.items():
        for node in entry["speakers"] & person_set:
            fors = {c for f in for_state.get(statement, ()) for c in codes.get(f, ())}
            panel = "panellist" in entry["roles"]
            for item in entry["items"]:
                for meeting in item_meetings.get(item, ()):
                    for number in item_numbers.get(item, ()):
                        acts[node].append((meeting, None, number.value if panel else None, fors or set()))
    by_name: dict = defaultdict(lambda: {"nodes": set(), "for": set(), "offices": set(), "panels": set(),
                                         "meetings": set(), "alts": set()})
    for node in persons:
        rows = []
        for meeting, office, number, fors in acts.get(node, ()):
            for body in bodies.get(meeting, ()):
                for start in starts.get(meeting, ()):
                    rows.append((meeting, office, number, fors, body.value, start.value))
        if not rows:
            continue
        for name in labels.get(node, ()):
            entry = by_name[name]
            entry["nodes"].add(node)
            entry["alts"] |= {a.value for a in alts.get(node, ())}
            for meeting, office, number, fors, body, start in rows:
                entry["meetings"].add(meeting)
                entry["for"] |= {f.value for f in fors}
                if office is not None:
                    entry["offices"].add(f"{office} {body} {start}")
                if number is not None:
                    entry["panels"].add(f"{body} {start} item {number}")
    for name, entry in by_name.items():
        node = _iri("person", name.value)
        add(node, _RDF_TYPE_NODE, _u("PersonSummary"))
        add(node, _u("personName"), name)
        for person in entry["nodes"]:
            add(node, _u("summaryPerson"), person)
        # The listing cells as persons prints them (";" between values; none when empty).
        for prop, values in (("actedForCodes", entry["for"]), ("officesHeld", entry["offices"]),
                             ("panelsSatOn", entry["panels"]), ("otherSpellings", entry["alts"])):
            if values:
                add(node, _u(prop), _literal(";".join(sorted(values))))
        add(node, _u("meetingCount"), _literal(len(entry["meetings"]), "integer"))
        report.persons += 1

    ordered = sorted(lines)
    report.triples = len(ordered)
    return ordered, report


_RDF_TYPE_NODE = ox.NamedNode(_RDF_TYPE)


def serve_store(store: GraphStore) -> ServingReport:
    """Recompute graph/serving from the report graphs and graph/links now in the store, in one
    transaction; the graph names the graphs it was computed from (prov:wasDerivedFrom)."""
    # The old serving graph is dropped first: it repeats facts of the report graphs (codes,
    # labels), and what is computed must come from the report graphs and the links alone.
    store.drop_graph(str(SERVING_GRAPH))
    lines, report = compute_serving(store)
    graph = ox.NamedNode(str(SERVING_GRAPH))
    derived = [*store.report_graphs(), LINKS] if store.has_graph(LINKS) else store.report_graphs()
    lines += sorted(f"{graph} <{_PROV_DERIVED}> <{iri}> ." for iri in derived)
    store.replace_graphs({str(SERVING_GRAPH): "\n".join(lines) + "\n"})
    store.flush()
    report.triples = len(lines)
    return report


def serving_problem(store: GraphStore) -> str | None:
    """Why the serving layer cannot be trusted, or None when it is current."""
    reports = store.report_graphs()
    if not reports:
        return None
    derived = store.objects(str(SERVING_GRAPH), _PROV_DERIVED, str(SERVING_GRAPH))
    if not derived:
        return ("the serving layer (graph/serving, which the stored queries read) is missing: a load was "
                "interrupted before it was computed; run `untoc-kg link` (or the same load again) to restore it.")
    if sorted(set(derived) - {LINKS}) != reports or LINKS not in derived:
        return (f"the serving layer (graph/serving) was computed from {len(set(derived) - {LINKS})} report "
                f"graph(s), but the store holds {len(reports)} different ones; run `untoc-kg link` to "
                "recompute it.")
    return None
