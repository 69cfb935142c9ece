"""The facts of the report graphs (and the links) the serving layer is computed from: each base
table is one SELECT of serving/*.rq, read once, its terms kept once each (a state or an agenda
item is named by thousands of rows)."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

import pyoxigraph as ox

from untoc_kg.sparql_files import sparql
from untoc_kg.store import GraphStore
from untoc_kg.vocab import UNTOC

_U = str(UNTOC)
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DCTERMS = "http://purl.org/dc/terms/"


def table(store: GraphStore, name: str, terms: dict) -> Iterator[tuple]:
    """The rows of serving/NAME.rq one at a time, each a tuple of terms (None where unbound),
    every term the same object as the equal terms read before (`terms` keeps them)."""
    keep = terms.setdefault    # an unbound cell (None) is kept as None too
    for solution in store.query(sparql("serving", name)):
        row = tuple(solution)
        yield tuple(map(keep, row, row))


class ServingTables:
    """The report graphs' facts the serving layer is computed from, read once each."""

    def __init__(self, store: GraphStore) -> None:
        terms: dict = {}

        def read(name: str) -> Iterator[tuple]:
            return table(store, name, terms)

        self.kinds: dict = defaultdict(set)
        for agent, kind in read("agent-kinds"):
            self.kinds[agent].add(kind.value)
        self.agent_facts: list[tuple] = [row for row in read("agents") if isinstance(row[0], ox.NamedNode)]
        self.same_as: dict = defaultdict(set)
        for agent, item in read("same-as"):
            self.same_as[agent].add(item)
        self.codes: dict = defaultdict(set)
        self.prefs: dict = defaultdict(set)
        self.labels: dict = defaultdict(set)
        self.alts: dict = defaultdict(set)
        for agent, prop, value in self.agent_facts:
            target = {_U + "code": self.codes, _SKOS_PREF: self.prefs, _RDFS_LABEL: self.labels,
                      _SKOS_ALT: self.alts}[prop.value]
            target[agent].add(value)

        self.broader: dict = defaultdict(set)
        self._closures: dict = {}
        for narrower, wider in read("broader"):
            self.broader[narrower].add(wider)
        self.subjects: dict = defaultdict(set)
        for node, subject in read("subjects"):
            self.subjects[node].add(subject)

        self.starts: dict = defaultdict(set)
        self.partners: dict = defaultdict(set)
        self.bodies: dict = defaultdict(set)
        for meeting, prop, value in read("meetings"):
            {"startDate": self.starts, "jointWith": self.partners, "body": self.bodies}[prop.value[len(_U):]][meeting].add(value)
        self.meetings_typed = {row[0] for row in read("meeting-nodes")}

        self.item_meetings: dict = defaultdict(set)
        self.item_numbers: dict = defaultdict(set)
        self.item_titles: dict = defaultdict(set)
        for item, prop, value in read("items"):
            {_U + "ofMeeting": self.item_meetings, _U + "itemNumber": self.item_numbers,
             _DCTERMS + "title": self.item_titles}[prop.value][item].add(value)

        # statement → its items, speakers and role keys; whether it is typed untoc:Statement.
        self.statements: dict = defaultdict(lambda: ([], [], []))
        for statement, prop, value in read("statements"):
            index = {_U + "agendaItemOf": 0, _U + "speaker": 1, _U + "role": 2}[prop.value]
            self.statements[statement][index].append(value)
        self.typed = {row[0] for row in read("statement-nodes")}
        self.role_keys = {node: key.value for node, key in read("role-keys")}
        self.for_state: dict = defaultdict(set)
        self.on_resolution: dict = defaultdict(set)
        for statement, prop, value in read("statement-links"):
            (self.for_state if prop.value == _U + "forState" else self.on_resolution)[statement].add(value)
        self.participations = list(read("participations"))
        self.person_offices = list(read("person-offices"))
        # act → property IRI → its values (each act once, whichever reports describe it).
        self.acts: dict = defaultdict(lambda: defaultdict(set))
        for act, prop, value in read("acts"):
            self.acts[act][prop.value].add(value)
        self.body_symbols: dict = defaultdict(set)
        for body, symbol in read("body-symbols"):
            self.body_symbols[body].add(symbol)
        self.recommendations: dict = defaultdict(lambda: defaultdict(set))
        for recommendation, prop, value in read("recommendations"):
            self.recommendations[recommendation][prop.value].add(value)
        # recommendation → {(act, annex number or None, annex paragraph label or None, method key)}
        self.endorsements: dict = defaultdict(set)
        for recommendation, act, annex, label, method in read("endorsements"):
            self.endorsements[recommendation].add((act, annex, label, method))
        self.agenda_items: dict = defaultdict(set)
        for meeting, item in read("agenda-items"):
            self.agenda_items[meeting].add(item)
        self.concepts = {row[0] for row in read("concepts")}
        # act → the agenda items it was adopted under (act-debate, state-said-and-signed).
        self.adopted_under: dict = defaultdict(set)
        for act, item in read("adopted-under"):
            self.adopted_under[act].add(item)

    def closure(self, topic) -> frozenset:
        """The topic and every broader topic (skos:broader*)."""
        if topic in self._closures:
            return self._closures[topic]
        seen, todo = {topic}, [topic]
        while todo:
            for wider in self.broader.get(todo.pop(), ()):
                if wider not in seen:
                    seen.add(wider)
                    todo.append(wider)
        found = self._closures[topic] = frozenset(seen)
        return found

    def topics_of(self, node) -> set:
        found: set = set()
        for subject in self.subjects.get(node, ()):
            found |= self.closure(subject)
        return found

    def occasions(self, meeting) -> set:
        # Two working groups meeting jointly are one occasion: the pair is named by the
        # meeting whose IRI sorts first (as states-on-topic always counted it).
        smaller = {p for p in self.partners.get(meeting, ()) if p.value < meeting.value}
        return smaller or {meeting}

    def roles(self, statement) -> set[str]:
        return {self.role_keys[node] for node in self.statements[statement][2] if node in self.role_keys}

    def for_codes(self, statement) -> set:
        return {code for state in self.for_state.get(statement, ()) for code in self.codes.get(state, ())}
