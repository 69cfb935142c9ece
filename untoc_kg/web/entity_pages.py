"""What each kind of page shows, read from the store: a state or organization, a meeting, an
agenda item, a statement, a recommendation, a resolution or decision, a person, a topic, a
document, a report.

Each function takes the store and the node's IRI and returns plain data (IRIs, RDF terms,
numbers, lists) for a template; none of them writes HTML. The SPARQL is in views/*.rq.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from untoc_kg.view_queries import select
from untoc_kg.web.entity_labels import Labels
from untoc_kg.web.entity_naming import natural_key

UNTOC = "https://w3id.org/untoc-kg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCTERMS = "http://purl.org/dc/terms/"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# The page a class calls for, most specific first (a Report is also a Document).
PAGE_OF_CLASS = OrderedDict([
    (UNTOC + "Statement", "statement"), (UNTOC + "AgendaItem", "item"), (UNTOC + "Meeting", "meeting"),
    (UNTOC + "Recommendation", "recommendation"), (UNTOC + "Resolution", "act"), (UNTOC + "Decision", "act"),
    (UNTOC + "Person", "person"), (UNTOC + "Topic", "topic"), (UNTOC + "Report", "report"),
    (UNTOC + "Document", "document"), (UNTOC + "State", "agent"),
    (UNTOC + "IntergovernmentalOrganization", "agent"), (UNTOC + "RegionalEconomicIntegrationOrganization", "agent"),
    (UNTOC + "UNEntity", "agent"), (UNTOC + "NonGovernmentalOrganization", "agent"),
    (UNTOC + "GroupOfStates", "agent"), (UNTOC + "Organization", "agent"),
    (UNTOC + "ConferenceOfTheParties", "agent"), (UNTOC + "WorkingGroup", "agent"), (UNTOC + "Body", "agent"),
])
WIKIDATA = "http://www.wikidata.org/entity/"


def page_kind(store, iri: str) -> str | None:
    """Which page shows this node, from its classes; None when none of them has one."""
    types = {row["type"].value for row in select(store, "entity-types", {"iri": iri})}
    return next((kind for cls, kind in PAGE_OF_CLASS.items() if cls in types), None)


def _properties(rows: list[dict]) -> dict[str, list]:
    """property IRI → its values (RDF terms), from a view's (property, value) rows."""
    found: dict[str, list] = defaultdict(list)
    for row in rows:
        if row["value"] not in found[row["property"].value]:
            found[row["property"].value].append(row["value"])
    return found


def _first(props: dict[str, list], prop: str):
    values = props.get(prop) or []
    return values[0] if values else None


def _in(props: dict[str, list], prop: str, lang: str):
    return next((v for v in props.get(prop, []) if getattr(v, "language", None) == lang), None)


def _value(row: dict, name: str):
    term = row.get(name)
    return term.value if term is not None else None


def _paragraph_key(number: str | None) -> tuple:
    return natural_key(number or "")


# -- provenance: the paragraph a fact was read from --------------------------------------------

@dataclass
class Source:
    report: str
    symbol: str | None
    language: str | None
    title: object | None
    paragraphs: list[tuple[str, object]] = field(default_factory=list)   # (number, text term)
    numbers: list[str] = field(default_factory=list)                     # every paragraph number, with text or not
    rules: list[str] = field(default_factory=list)


def provenance(store, iri: str) -> list[Source]:
    """The reports a node was read from, each with the paragraphs (number, text as printed) and
    the reading rules (phrasebook entries) that read it."""
    by_report: dict[str, Source] = {}
    for row in select(store, "provenance", {"iri": iri}):
        report = row["report"].value
        source = by_report.get(report)
        if source is None:
            source = by_report[report] = Source(report, _value(row, "symbol"), _value(row, "language"), row.get("title"))
        number = _value(row, "number")
        if number is not None and number not in source.numbers:
            source.numbers.append(number)
            source.paragraphs.append((number, row.get("text")))
        rule = _value(row, "rule")
        if rule is not None and rule not in source.rules:
            source.rules.append(rule)
    for source in by_report.values():
        source.paragraphs.sort(key=lambda pair: _paragraph_key(pair[0]))
        source.numbers.sort(key=_paragraph_key)
        source.rules.sort()
    return sorted(by_report.values(), key=lambda s: s.report)


# -- a state or an organization ---------------------------------------------------------------

def agent_page(store, labels: Labels, iri: str) -> dict:
    props = _properties(select(store, "agent", {"agent": iri}))
    meetings = [{"meeting": r["meeting"].value, "start": r["start"].value, "body": r["body"].value,
                 "status": r["status"].value} for r in select(store, "agent-meetings", {"agent": iri})]
    statements = _statements_by_meeting(select(store, "agent-statements", {"agent": iri}), iri)
    offices = [{"meeting": r["meeting"].value, "office": r["office"].value, "person": r["person"].value}
               for r in select(store, "agent-offices", {"agent": iri})]
    acts = [{"act": r["act"].value, "kind": r["kind"].value, "number": r["number"].value, "title": r.get("title"),
             "meeting": _value(r, "meeting"), "adopted_on": _value(r, "adopted_on")}
            for r in select(store, "agent-acts", {"agent": iri})]
    same_as = [v.value for v in props.get(OWL_SAME_AS, [])]
    links_out = {
        "wikidata": [s for s in same_as if s.startswith(WIKIDATA)],
        "same_as": [s for s in same_as if not s.startswith(WIKIDATA)],
        "see_also": [v.value for v in props.get(RDFS + "seeAlso", [])],
        "codes": [(label, _first(props, UNTOC + prop).value) for label, prop in
                  (("ISO 3166-1 alpha-3", "iso3166Alpha3"), ("ISO 3166-1 alpha-2", "iso3166Alpha2"),
                   ("M49", "m49"), ("code", "code"), ("symbol", "symbol")) if _first(props, UNTOC + prop)],
    }
    names = {"en": _in(props, SKOS + "prefLabel", "en"), "zh": _in(props, SKOS + "prefLabel", "zh"),
             "other": [v for v in props.get(SKOS + "altLabel", [])]}
    made = {s["statement"]: s for group in statements for item in group["entries"] for s in item["statements"]}
    panels = [s for s in made.values() if s["speaker"] != iri]
    return {"iri": iri, "kind": labels.kind(iri) or "organization", "code": labels.code(iri), "names": names,
            "meetings": meetings, "statements": statements, "statement_count": len(made),
            "panels": panels, "offices": offices, "acts": acts, "links_out": links_out}


def _statements_by_meeting(rows: list[dict], agent: str | None = None) -> list[dict]:
    """Statements grouped by meeting (in the order held) and agenda item (in printed order),
    each item with its title and topics; a statement under a joint item appears under the item
    of each of the two meetings."""
    meetings: dict[str, dict] = {}
    for row in rows:
        meeting = meetings.setdefault(row["meeting"].value, {"meeting": row["meeting"].value,
                                                             "start": row["start"].value, "entries": {}})
        item = meeting["entries"].setdefault(row["item"].value, {
            "item": row["item"].value, "number": row["number"].value, "title": row.get("title"),
            "topics": [], "statements": []})
        topic = _value(row, "topic")
        if topic and topic not in item["topics"]:
            item["topics"].append(topic)
        statement = row["statement"].value
        if statement not in [s["statement"] for s in item["statements"]]:
            item["statements"].append({"statement": statement, "role": row["role"].value,
                                       "speaker": _value(row, "speaker") or agent,
                                       "paragraph": _value(row, "paragraph")})
    out = sorted(meetings.values(), key=lambda m: (m["start"], m["meeting"]))
    for meeting in out:
        meeting["entries"] = sorted(meeting["entries"].values(), key=lambda i: natural_key(i["number"]))
    return out


# -- a meeting ----------------------------------------------------------------------------------

def meeting_page(store, labels: Labels, iri: str) -> dict:
    props = _properties(select(store, "meeting", {"meeting": iri}))
    items = _agenda(select(store, "meeting-agenda", {"meeting": iri}))
    by_item: dict[str, list] = defaultdict(list)
    for row in select(store, "meeting-speakers", {"meeting": iri}):
        by_item[row["item"].value].append({"statement": row["statement"].value, "speaker": row["speaker"].value,
                                           "role": row["role"].value, "for": _value(row, "for")})
    for item in items:
        item["statements"] = by_item.get(item["item"], [])
    officers = [{"office": r["office"].value, "person": r["person"].value, "for": _value(r, "for")}
                for r in select(store, "meeting-officers", {"meeting": iri})]
    attendance: dict[str, list[str]] = defaultdict(list)
    for row in select(store, "meeting-participants", {"meeting": iri}):
        attendance[row["status"].value].append(row["agent"].value)
    recommendations = _recommendations(select(store, "meeting-recommendations", {"meeting": iri}))
    acts = [{"act": r["act"].value, "kind": r["kind"].value, "number": r["number"].value, "title": r.get("title"),
             "adopted_on": _value(r, "adopted_on"), "item": _value(r, "item")}
            for r in select(store, "meeting-acts", {"meeting": iri})]
    acts.sort(key=lambda a: (a["kind"], natural_key(a["number"])))
    documents = [{"document": r["document"].value, "symbol": r["symbol"].value, "description": r.get("description"),
                  "see_also": _value(r, "see_also")} for r in select(store, "meeting-documents", {"meeting": iri})]
    facts = labels.meetings.get(iri)
    return {"iri": iri, "props": props, "body": _first(props, UNTOC + "body"),
            "start": facts.start if facts else None, "end": facts.end if facts else None,
            "venue": _first(props, UNTOC + "venue"), "format": _first(props, UNTOC + "format"),
            "number": _first(props, UNTOC + "meetingNumber"), "session": _first(props, UNTOC + "sessionNumber"),
            "sittings": _first(props, UNTOC + "sittingCount"),
            "parties": _first(props, UNTOC + "partiesRepresented"),
            "signatories": _first(props, UNTOC + "signatoriesRepresented"),
            "joint_with": [v.value for v in props.get(UNTOC + "jointWith", [])],
            "reports": [v.value for v in props.get(UNTOC + "reportOf", [])],
            "agenda": items, "officers": officers,
            "attendance": sorted(attendance.items(), key=lambda pair: (-len(pair[1]), pair[0])),
            "attendance_total": sum(len(v) for v in attendance.values()),
            "statement_total": len({s["statement"] for item in items for s in item["statements"]}),
            "recommendations": recommendations, "acts": acts, "documents": documents}


def _agenda(rows: list[dict]) -> list[dict]:
    items: dict[str, dict] = {}
    for row in rows:
        item = items.setdefault(row["item"].value, {"item": row["item"].value, "number": row["number"].value,
                                                    "title": row.get("title"), "parent": _value(row, "parent"),
                                                    "joint_with": _value(row, "joint_with"), "topics": []})
        topic = _value(row, "topic")
        if topic and topic not in item["topics"]:
            item["topics"].append(topic)
    return sorted(items.values(), key=lambda i: natural_key(i["number"]))


def _recommendations(rows: list[dict]) -> list[dict]:
    found: dict[str, dict] = {}
    for row in rows:
        rec = found.setdefault(row["recommendation"].value, {
            "recommendation": row["recommendation"].value, "order": int(row["order"].value),
            "label": row["label"].value, "heading": row.get("heading"), "topics": [], "endorsed_by": []})
        for key, name in (("topics", "topic"), ("endorsed_by", "endorsed_by")):
            value = _value(row, name)
            if value and value not in rec[key]:
                rec[key].append(value)
    return sorted(found.values(), key=lambda r: r["order"])


# -- an agenda item -----------------------------------------------------------------------------

def item_page(store, labels: Labels, iri: str) -> dict:
    props = _properties(select(store, "item", {"item": iri}))
    meeting = _first(props, UNTOC + "ofMeeting")
    agenda = _agenda(select(store, "meeting-agenda", {"meeting": meeting.value})) if meeting is not None else []
    statements = [{"statement": r["statement"].value, "speaker": r["speaker"].value, "role": r["role"].value,
                   "for": _value(r, "for"), "paragraph": _value(r, "paragraph")}
                  for r in select(store, "item-speakers", {"item": iri})]
    acts = [{"act": r["act"].value, "kind": r["kind"].value, "number": r["number"].value, "title": r.get("title")}
            for r in select(store, "item-acts", {"item": iri})]
    return {"iri": iri, "number": _first(props, UNTOC + "itemNumber"), "title": _first(props, DCTERMS + "title"),
            "meeting": meeting.value if meeting is not None else None,
            "parent": (_first(props, UNTOC + "subItemOf") or None) and _first(props, UNTOC + "subItemOf").value,
            "sub_items": [i for i in agenda if i["parent"] == iri],
            "joint_with": [v.value for v in props.get(UNTOC + "jointItemWith", [])],
            "topics": [v.value for v in props.get(DCTERMS + "subject", [])],
            "days": sorted(v.value for v in props.get(UNTOC + "consideredAt", [])),
            "statements": statements, "acts": acts}


# -- a statement --------------------------------------------------------------------------------

def statement_page(store, labels: Labels, iri: str) -> dict:
    props = _properties(select(store, "statement", {"statement": iri}))
    items = []
    for row in select(store, "statement-items", {"statement": iri}):
        item = next((i for i in items if i["item"] == row["item"].value), None)
        if item is None:
            item = {"item": row["item"].value, "number": row["number"].value, "title": row.get("title"),
                    "meeting": row["meeting"].value, "body": row["body"].value, "start": row["start"].value,
                    "topics": []}
            items.append(item)
        topic = _value(row, "topic")
        if topic and topic not in item["topics"]:
            item["topics"].append(topic)
    speaker = _first(props, UNTOC + "speaker")
    return {"iri": iri, "speaker": speaker.value if speaker is not None else None,
            "speaker_names": _names(store, labels, speaker.value) if speaker is not None else [],
            "role": (_first(props, UNTOC + "role") or None) and _first(props, UNTOC + "role").value,
            "under": items, "places": [(item["number"], item["meeting"]) for item in items],
            "on_behalf_of": [v.value for v in props.get(UNTOC + "onBehalfOf", [])],
            "aligned_with": [v.value for v in props.get(UNTOC + "alignedWith", [])],
            "for_state": [v.value for v in props.get(UNTOC + "forState", [])],
            "on_act": [v.value for v in props.get(UNTOC + "onResolution", [])]}


def _names(store, labels: Labels, agent: str) -> list[str]:
    """Every name of an agent (its labels in both languages, a person's name as printed): what
    a statement's page marks in the paragraph the statement was read from."""
    props = _properties(select(store, "agent", {"agent": agent}))
    names = {v.value for prop in (SKOS + "prefLabel", SKOS + "altLabel") for v in props.get(prop, [])}
    known = labels.name(agent)
    names |= {name for name in (known.en, known.zh) if name} if known else set()
    return sorted(names, key=len, reverse=True)


# -- a recommendation ---------------------------------------------------------------------------

def recommendation_page(store, labels: Labels, iri: str) -> dict:
    props = _properties(select(store, "recommendation", {"recommendation": iri}))
    meeting = _first(props, UNTOC + "adoptedAt")
    return {"iri": iri, "label": _first(props, UNTOC + "label"), "heading": _first(props, UNTOC + "heading"),
            "text": _first(props, UNTOC + "text"), "order": _first(props, UNTOC + "order"),
            "meeting": meeting.value if meeting is not None else None,
            "topics": [v.value for v in props.get(DCTERMS + "subject", [])],
            "endorsed_by": [v.value for v in props.get(UNTOC + "endorsedBy", [])],
            "repeated_in": [v.value for v in props.get(UNTOC + "repeats", [])]}


# -- a resolution or decision -------------------------------------------------------------------

def act_page(store, labels: Labels, iri: str, sources: list[Source]) -> dict:
    props = _properties(select(store, "act", {"act": iri}))
    paragraphs = {"preamble": [], "operative": []}
    for row in select(store, "act-paragraphs", {"act": iri}):
        part = "preamble" if row["part"].value.endswith("preambularParagraph") else "operative"
        paragraphs[part].append({"paragraph": row["paragraph"].value, "order": int(row["order"].value),
                                 "number": _value(row, "number"), "text": row["text"]})
    for part in paragraphs.values():
        part.sort(key=lambda p: p["order"])
    names: dict[str, list[str]] = defaultdict(list)
    for row in select(store, "act-sponsors", {"act": iri}):
        name = _value(row, "name")
        names[row["sponsor"].value] += [name] if name else []
    printed = [text.value for source in sources for _n, text in source.paragraphs if text is not None]
    links = {"recalls": [], "recalled-by": []}
    for row in select(store, "act-links", {"act": iri}):
        entry = {"act": row["other"].value, "kind": row["kind"].value, "number": _value(row, "number"),
                 "title": row.get("title")}
        if entry["act"] not in [e["act"] for e in links[row["direction"].value]]:
            links[row["direction"].value].append(entry)
    for entries in links.values():
        entries.sort(key=lambda e: e["act"])
    explanations = [{"statement": r["statement"].value, "speaker": r["speaker"].value, "role": r["role"].value,
                     "paragraph": _value(r, "paragraph")} for r in select(store, "act-explanations", {"act": iri})]
    annexes: dict[str, dict] = {}
    for row in select(store, "act-annexes", {"act": iri}):
        annex = annexes.setdefault(row["annex"].value, {
            "annex": row["annex"].value, "number": _value(row, "annex_number"), "title": row.get("annex_title"),
            "meeting": _value(row, "meeting"), "entries": []})
        if "entry" in row and row["entry"].value not in [e["entry"] for e in annex["entries"]]:
            annex["entries"].append({"entry": row["entry"].value, "order": int(row["order"].value),
                                     "label": _value(row, "label"), "heading": row.get("heading"),
                                     "text": row.get("text"), "recommendation": _value(row, "recommendation")})
    for annex in annexes.values():
        annex["entries"].sort(key=lambda e: e["order"])
    types = [v.value for v in props.get(RDF_TYPE, [])]
    meeting = _first(props, UNTOC + "adoptedAt")
    return {"iri": iri, "kind": "decision" if UNTOC + "Decision" in types else "resolution",
            "number": _first(props, UNTOC + "actNumber"), "title": _first(props, DCTERMS + "title"),
            "label_en": _in(props, RDFS + "label", "en"),
            "issued_by": [v.value for v in props.get(UNTOC + "issuedBy", [])],
            "meeting": meeting.value if meeting is not None else None,
            "adopted_on": _first(props, UNTOC + "adoptedOn"), "sitting": _first(props, UNTOC + "adoptedAtSitting"),
            "item": (_first(props, UNTOC + "adoptedUnder") or None) and _first(props, UNTOC + "adoptedUnder").value,
            "draft": _first(props, UNTOC + "draftSymbol"), "session": _first(props, UNTOC + "session"),
            "topics": [v.value for v in props.get(DCTERMS + "subject", [])],
            "see_also": [v.value for v in props.get(RDFS + "seeAlso", [])],
            "sponsors": printed_order(names, printed, labels), "paragraphs": paragraphs,
            "recalls": links["recalls"], "recalled_by": links["recalled-by"],
            "explanations": explanations, "annexes": sorted(annexes.values(), key=lambda a: natural_key(a["number"] or ""))}


def printed_order(names: dict[str, list[str]], texts: list[str], labels: Labels) -> list[str]:
    """The sponsors in the order the report prints them.

    The graph keeps the sponsors as a set; the report lists them in the paragraph they were
    read from ("提案国有：阿尔巴尼亚、智利……"). Each sponsor is placed where one of its names
    stands in the paragraph that names most of them; longer names are matched first and their
    place taken, so that "刚果民主共和国" is not also read as "刚果". A sponsor whose name the
    text does not hold comes after the others, by code."""
    if not names:
        return []

    def places(text: str) -> dict[str, int]:
        taken = [False] * len(text)
        found: dict[str, int] = {}
        pairs = sorted(((name, sponsor) for sponsor, all_names in names.items() for name in set(all_names) if name),
                       key=lambda pair: -len(pair[0]))
        for name, sponsor in pairs:
            start = text.find(name)
            while start >= 0 and any(taken[start:start + len(name)]):
                start = text.find(name, start + 1)
            if start < 0:
                continue
            for index in range(start, start + len(name)):
                taken[index] = True
            found[sponsor] = min(found.get(sponsor, start), start)
        return found

    best = max((places(text) for text in texts), key=len, default={})
    placed = sorted((sponsor for sponsor in names if sponsor in best), key=lambda s: best[s])
    rest = sorted((sponsor for sponsor in names if sponsor not in best), key=lambda s: labels.code(s) or s)
    return placed + rest


# -- a person -----------------------------------------------------------------------------------

def person_page(store, labels: Labels, iri: str) -> dict:
    props = _properties(select(store, "person", {"person": iri}))
    offices, statements, acted_for = [], [], []
    for row in select(store, "person-roles", {"person": iri}):
        entry = {"meeting": row["meeting"].value, "what": row["what"].value, "for": _value(row, "for"),
                 "item": _value(row, "item"), "number": _value(row, "number")}
        (offices if row["aspect"].value == "office" else statements).append(entry)
        if entry["for"] and entry["for"] not in acted_for:
            acted_for.append(entry["for"])
    return {"iri": iri, "name": _first(props, RDFS + "label"),
            "other_names": [v for v in props.get(SKOS + "altLabel", [])],
            "same_as": [v.value for v in props.get(OWL_SAME_AS, [])],
            "offices": offices, "statements": statements, "acted_for": acted_for}


# -- a topic --------------------------------------------------------------------------------------

TOPIC_RECOMMENDATIONS_SHOWN = 50


def topic_page(store, labels: Labels, iri: str) -> dict:
    props = _properties(select(store, "topic", {"topic": iri}))
    speakers = [{"speaker": r["speaker"].value, "occasions": int(r["occasions"].value),
                 "starts": sorted(r["starts"].value.split(";"))} for r in select(store, "topic-speakers", {"topic": iri})]
    items = [{"item": r["item"].value, "meeting": r["meeting"].value, "number": r["number"].value,
              "title": r.get("title"), "statements": int(r["statements"].value)}
             for r in select(store, "topic-items", {"topic": iri})]
    items.sort(key=lambda i: (labels.meetings[i["meeting"]].start if i["meeting"] in labels.meetings else dt.date.min,
                              i["meeting"], natural_key(i["number"])))
    acts = [{"act": r["act"].value, "kind": r["kind"].value, "number": r["number"].value, "title": r.get("title"),
             "meeting": _value(r, "meeting"), "adopted_on": _value(r, "adopted_on")}
            for r in select(store, "topic-acts", {"topic": iri})]
    on_topic = {r["recommendation"].value for r in select(store, "topic-recommendations", {"topic": iri})}
    recommendations = _latest_recommendations(store, labels, on_topic, TOPIC_RECOMMENDATIONS_SHOWN)
    return {"iri": iri, "key": labels.code(iri),
            "names": {"en": _in(props, SKOS + "prefLabel", "en"), "zh": _in(props, SKOS + "prefLabel", "zh")},
            "other_names": props.get(SKOS + "altLabel", []), "definition": props.get(SKOS + "definition", []),
            "broader": [v.value for v in props.get(SKOS + "broader", [])],
            "narrower": sorted(v.value for v in props.get(SKOS + "narrower", [])),
            "keywords": sorted(v.value for v in props.get(UNTOC + "keyword", [])),
            "speakers": speakers, "agenda_items": items, "acts": acts,
            "recommendations": recommendations, "recommendation_total": len(on_topic)}


def _latest_recommendations(store, labels: Labels, chosen: set[str], count: int) -> list[dict]:
    """The `count` latest of these recommendations, with their label, heading and endorsements,
    read from their meetings (the latest first; a recommendation's IRI is its meeting's IRI +
    /recommendation/…, docs/model.md)."""
    meetings = {iri.rsplit("/recommendation/", 1)[0] for iri in chosen}
    latest = sorted(meetings, key=lambda m: (labels.meetings[m].start if m in labels.meetings else dt.date.min, m),
                    reverse=True)
    out: list[dict] = []
    for meeting in latest:
        for rec in _recommendations(select(store, "meeting-recommendations", {"meeting": meeting})):
            if rec["recommendation"] in chosen:
                out.append({**rec, "meeting": meeting})
        if len(out) >= count:
            break
    return out[:count]


# -- a document and a report ---------------------------------------------------------------------

def document_page(store, labels: Labels, iri: str) -> dict:
    props = _properties(select(store, "document", {"document": iri}))
    return {"iri": iri, "symbol": _first(props, UNTOC + "symbol"), "description": props.get(DCTERMS + "description", []),
            "see_also": [v.value for v in props.get(RDFS + "seeAlso", [])],
            "meetings": sorted(v.value for v in props.get(UNTOC + "document", [])),
            "reports": [v.value for v in props.get(OWL_SAME_AS, [])]}


def report_page(store, labels: Labels, iri: str) -> dict:
    props = _properties(select(store, "report", {"report": iri}))
    count = _first(props, UNTOC + "ReportParagraph")
    return {"iri": iri, "title": _first(props, DCTERMS + "title"), "symbol": _first(props, UNTOC + "symbol"),
            "language": _first(props, DCTERMS + "language"),
            "distributed": _first(props, UNTOC + "distributionDate"),
            "meetings": sorted(v.value for v in props.get(UNTOC + "reportOf", [])),
            "file": _first(props, UNTOC + "sourceFile"), "size": _first(props, UNTOC + "byteSize"),
            "sha256": _first(props, UNTOC + "sha256"), "loaded": _first(props, PROV + "generatedAtTime"),
            "loader": _first(props, UNTOC + "loaderVersion"),
            "gaps": [v.value for v in props.get(UNTOC + "readingGap", [])],
            "paragraphs_read": int(count.value) if count is not None else 0}
