"""Namespaces and IRI builders (docs/model.md, "IRIs"). Every IRI is derived from content."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/untoc-kg/"
UNTOC = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
TOPIC = Namespace(BASE + "id/topic/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "untoc": UNTOC, "id": ID, "topic": TOPIC, "org": ORG, "skos": SKOS, "prov": PROV,
    "dcterms": DCTERMS, "schema": SCHEMA, "foaf": FOAF, "owl": OWL, "rdf": RDF, "rdfs": RDFS,
    "xsd": XSD, "wd": WIKIDATA,
}

ONTOLOGY_GRAPH = GRAPH["ontology"]
TOPICS_GRAPH = GRAPH["topics"]
GAZETTEER_GRAPH = GRAPH["gazetteer"]
REFERENCE_GRAPHS = (ONTOLOGY_GRAPH, TOPICS_GRAPH, GAZETTEER_GRAPH)
REPORT_GRAPH_PREFIX = BASE + "graph/report/"

# SpeakerRole / ParticipationStatus / Office keys → ontology individuals.
SPEAKER_ROLES = {
    "party": UNTOC.PartyDelegation, "observer-state": UNTOC.ObserverStateDelegation,
    "un-entity": UNTOC.UNEntityObserver, "igo": UNTOC.IntergovernmentalObserver,
    "ngo": UNTOC.NonGovernmentalObserver, "panellist": UNTOC.Panellist,
    "secretariat": UNTOC.Secretariat, "on-behalf-of-group": UNTOC.OnBehalfOfGroup,
    "right-of-reply": UNTOC.RightOfReply, "after-action": UNTOC.AfterAction, "invited": UNTOC.Invited,
}
PARTICIPATION_STATUSES = {
    "party": UNTOC.PartyStatus, "signatory": UNTOC.SignatoryStatus,
    "observer-state": UNTOC.ObserverStateStatus, "un-entity": UNTOC.UNEntityStatus,
    "igo": UNTOC.IGOStatus, "ngo": UNTOC.NGOStatus,
}
# A speaker or attendee who is not a party delegation takes its capacity from what kind of
# entity it is; the keys are the same notations in SPEAKER_ROLES and PARTICIPATION_STATUSES.
OBSERVER_CAPACITY = {
    "State": "observer-state",
    "UNEntity": "un-entity",
    "NonGovernmentalOrganization": "ngo",
    "IntergovernmentalOrganization": "igo",
    "RegionalEconomicIntegrationOrganization": "igo",
    "GroupOfStates": "igo",
}
OFFICES = {
    "chair": UNTOC.Chair, "co-chair": UNTOC.CoChair, "president": UNTOC.President,
    "vice-president": UNTOC.VicePresident, "rapporteur": UNTOC.Rapporteur,
}


def _segment(text: str) -> str:
    # Keep the characters an IRI path allows as they are (Chinese included); escape the rest.
    return quote(text, safe="()-._~!$&'*+,;=:@/" + "".join(ch for ch in text if ord(ch) > 127))


def body_key(symbol: str) -> str:
    return symbol.replace("/", "-")


def body_iri(symbol: str) -> URIRef:
    return ID[f"body/{body_key(symbol)}"]


def meeting_iri(body_symbol: str, start_iso: str) -> URIRef:
    return ID[f"meeting/{body_key(body_symbol)}/{start_iso}"]


def child_iri(parent: URIRef, *parts: str) -> URIRef:
    return URIRef(str(parent) + "/" + "/".join(_segment(p) for p in parts))


def person_iri(key: str) -> URIRef:
    return ID[f"person/{_segment(key)}"]


def act_iri(kind: str, issuer_path: str, number: str) -> URIRef:
    return ID[f"{kind}/{issuer_path}/{number.replace('/', '-')}"]


def document_iri(symbol: str) -> URIRef:
    return ID[f"document/{_segment(symbol)}"]


def report_iri(key: str) -> URIRef:
    return ID[f"report/{key}"]


def report_graph(key: str) -> URIRef:
    return URIRef(REPORT_GRAPH_PREFIX + key)
