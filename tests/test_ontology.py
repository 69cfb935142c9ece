"""The ontology (ontology/untoc.ttl) and the topic scheme (ontology/topics.ttl).

The ontology must be a consistent OWL 2 document a DL reasoner accepts (HermiT, through
owlready2), declare every untoc: term the loader writes, and label every term in Chinese and
English; the topic scheme must hold the concepts the stored queries name.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from untoc_kg.resources import data_file
from untoc_kg.vocab import OFFICES, PARTICIPATION_STATUSES, SPEAKER_ROLES, TOPIC, UNTOC

PACKAGE = Path(__file__).resolve().parent.parent / "untoc_kg"
ONTOLOGY_IRI = URIRef("https://w3id.org/untoc-kg/ontology")
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

# The topic keys the stored queries, the docs and the tests use.
REQUIRED_TOPICS = [
    "crimes-affecting-the-environment", "organized-fraud", "implementation-review-mechanism",
    "transfer-of-sentenced-persons", "law-enforcement-cooperation",
    "extradition-and-mutual-legal-assistance", "technology-in-international-cooperation",
    "strategies-against-organized-crime", "data-collection-and-threat-assessment",
    "technical-assistance", "international-cooperation", "firearms", "trafficking-in-persons",
    "smuggling-of-migrants", "sherloc", "finance-and-budget", "organizational-matters",
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(data_file("ontology", "untoc.ttl"), format="turtle")
    return graph


@pytest.fixture(scope="module")
def topics() -> Graph:
    graph = Graph()
    graph.parse(data_file("ontology", "topics.ttl"), format="turtle")
    return graph


def untoc_terms(graph: Graph, *types: URIRef) -> set[URIRef]:
    return {s for t in types for s in graph.subjects(RDF.type, t)
            if isinstance(s, URIRef) and str(s).startswith(str(UNTOC))}


def used_untoc_terms() -> set[URIRef]:
    """Every untoc: term the package writes or reads: UNTOC.x and UNTOC["x"] in the source,
    and the controlled values of vocab.py."""
    names: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"\bUNTOC\.([A-Za-z_][A-Za-z0-9_]*)", text))
        names |= set(re.findall(r"\bUNTOC\[\s*[\"']([^\"']+)[\"']\s*\]", text))
    terms = {UNTOC[name] for name in names}
    terms |= set(SPEAKER_ROLES.values()) | set(PARTICIPATION_STATUSES.values()) | set(OFFICES.values())
    return terms


# ---------------------------------------------------------------- reasoning


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java, and no java is on PATH")
def test_hermit_finds_the_ontology_consistent_and_every_class_satisfiable(ontology, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    # owlready2 does not read Turtle: hand it RDF/XML.
    source = tmp_path / "untoc.owl"
    ontology.serialize(source, format="xml")
    world = owlready2.World()
    onto = world.get_ontology(source.as_uri()).load()
    with onto:
        # xsd:date (the range of the date properties) is outside the OWL 2 datatype map;
        # HermiT is told to leave the axioms that use it aside instead of giving up.
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                       ignore_unsupported_datatypes=True)
    assert list(world.inconsistent_classes()) == []
    # Every class of the ontology made it into the reasoner's world.
    declared = untoc_terms(ontology, OWL.Class)
    loaded = {URIRef(c.iri) for c in onto.classes()}
    assert declared <= loaded


def test_the_ontology_has_a_proper_header(ontology):
    header = ONTOLOGY_IRI
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionIRI) == URIRef("https://w3id.org/untoc-kg/ontology/0.1.0")
    assert str(ontology.value(header, OWL.versionInfo)) == "0.1.0"
    titles = {t.language for t in ontology.objects(header, URIRef("http://purl.org/dc/terms/title"))}
    assert {"en", "zh"} <= titles
    assert ontology.value(header, URIRef("http://purl.org/dc/terms/license")) == \
        URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(ontology.value(header, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"))) == "untoc"
    assert not list(ontology.objects(header, OWL.imports)), "the ontology is self-contained"


def test_no_iri_is_punned_across_kinds_of_entity(ontology):
    """OWL 2 DL: a property is of exactly one kind, and no property is also a class."""
    kinds = {}
    for kind in PROPERTY_TYPES + (OWL.Class,):
        for term in ontology.subjects(RDF.type, kind):
            if isinstance(term, URIRef):
                kinds.setdefault(term, set()).add(kind)
    punned = {term: k for term, k in kinds.items() if len(k) > 1}
    assert punned == {}


def test_every_external_term_used_in_an_axiom_is_declared(ontology):
    """Self-contained: a class or property the axioms point to outside untoc: is declared."""
    declared = {s for kind in PROPERTY_TYPES + (OWL.Class,) for s in ontology.subjects(RDF.type, kind)}
    builtin = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
    for predicate in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
        for obj in ontology.objects(None, predicate):
            if isinstance(obj, URIRef) and not str(obj).startswith(builtin):
                assert obj in declared, f"{obj} is used with {predicate} but not declared"


# ---------------------------------------------------------------- the loader's terms


def test_every_untoc_term_the_package_uses_is_declared(ontology):
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    missing = sorted(str(t) for t in used_untoc_terms() - declared)
    assert missing == []


def test_the_controlled_values_are_concepts_keyed_by_their_notation(ontology):
    for values, cls in ((SPEAKER_ROLES, UNTOC.SpeakerRole), (PARTICIPATION_STATUSES, UNTOC.ParticipationStatus),
                        (OFFICES, UNTOC.Office)):
        for key, individual in values.items():
            assert (individual, RDF.type, OWL.NamedIndividual) in ontology
            assert (individual, RDF.type, SKOS.Concept) in ontology
            assert (individual, RDF.type, cls) in ontology
            assert [str(n) for n in ontology.objects(individual, SKOS.notation)] == [key]
            scheme = ontology.value(individual, SKOS.inScheme)
            assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology


# ---------------------------------------------------------------- documentation of terms


def test_every_class_and_property_is_labelled_in_chinese_and_english_and_commented(ontology):
    terms = untoc_terms(ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    assert len(terms) > 60
    for term in sorted(terms):
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"zh", "en"} <= languages, f"{term} lacks a zh or en rdfs:label"
        comments = [c for c in ontology.objects(term, RDFS.comment) if c.language == "en"]
        assert comments, f"{term} has no English rdfs:comment"
        assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI


def test_every_property_has_a_range_and_untoc_properties_a_domain(ontology):
    # untoc:paragraph, untoc:fromParagraph and untoc:extractedBy are stated on every kind of node.
    anywhere = {UNTOC.paragraph, UNTOC.fromParagraph, UNTOC.extractedBy}
    for prop in untoc_terms(ontology, OWL.ObjectProperty, OWL.DatatypeProperty):
        assert ontology.value(prop, RDFS.range) is not None, f"{prop} has no rdfs:range"
        if prop not in anywhere:
            domain = ontology.value(prop, RDFS.domain)
            assert domain is not None, f"{prop} has no rdfs:domain"
            if isinstance(domain, BNode):
                assert ontology.value(domain, OWL.unionOf) is not None


def test_the_hierarchy_follows_the_model(ontology):
    org = "http://www.w3.org/ns/org#"
    expected = {
        UNTOC.State: {UNTOC.EligibleParty, URIRef("https://schema.org/Country")},
        UNTOC.EligibleParty: {UNTOC.Agent},
        UNTOC.RegionalEconomicIntegrationOrganization: {UNTOC.IntergovernmentalOrganization, UNTOC.EligibleParty},
        UNTOC.Body: {UNTOC.Organization, URIRef(org + "FormalOrganization")},
        UNTOC.WorkingGroup: {UNTOC.Body, URIRef(org + "OrganizationalUnit")},
        UNTOC.Report: {UNTOC.Document},
        UNTOC.Resolution: {UNTOC.Act},
        UNTOC.Topic: {SKOS.Concept},
        UNTOC.OfficeHolding: {URIRef(org + "Membership")},
    }
    for cls, parents in expected.items():
        assert parents <= set(ontology.objects(cls, RDFS.subClassOf)), cls
    assert (UNTOC.jointWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert (UNTOC.jointItemWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert (UNTOC.agendaItem, OWL.inverseOf, UNTOC.ofMeeting) in ontology
    assert (UNTOC.speaker, RDF.type, OWL.FunctionalProperty) in ontology
    assert (UNTOC.startDate, RDFS.subPropertyOf, URIRef("https://schema.org/startDate")) in ontology


def test_disjoint_classes_are_declared(ontology):
    groups = []
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = ontology.value(node, OWL.members)
        groups.append(set(ontology.items(members)))
    assert {UNTOC.State, UNTOC.Organization, UNTOC.Person} in groups
    assert {UNTOC.Meeting, UNTOC.Sitting, UNTOC.AgendaItem, UNTOC.Statement} in groups
    assert {UNTOC.Resolution, UNTOC.Decision} in groups
    assert {UNTOC.Recommendation, UNTOC.Act, UNTOC.Document, UNTOC.Annex} in groups


# ---------------------------------------------------------------- topics


def test_topics_are_labelled_concepts_of_the_scheme(topics):
    scheme = TOPIC["scheme"]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in topics
    concepts = set(topics.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        assert (concept, RDF.type, UNTOC.Topic) in topics, concept
        assert (concept, SKOS.inScheme, scheme) in topics, concept
        labels = {label.language for label in topics.objects(concept, SKOS.prefLabel)}
        assert {"zh", "en"} <= labels, concept
        assert len(list(topics.objects(concept, SKOS.prefLabel))) == 2, concept
        assert any(d.language == "en" for d in topics.objects(concept, SKOS.definition)), concept
        for keyword in topics.objects(concept, UNTOC.keyword):
            assert isinstance(keyword, Literal) and keyword.language is None and str(keyword).strip()


def test_the_topics_the_queries_name_exist(topics):
    concepts = set(topics.subjects(RDF.type, SKOS.Concept))
    missing = [key for key in REQUIRED_TOPICS if TOPIC[key] not in concepts]
    assert missing == []


def test_the_topic_hierarchy_stays_inside_the_scheme(topics):
    concepts = set(topics.subjects(RDF.type, SKOS.Concept))
    for predicate in (SKOS.broader, SKOS.narrower, SKOS.related):
        for s, o in topics.subject_objects(predicate):
            assert s in concepts and o in concepts
    assert (TOPIC["extradition-and-mutual-legal-assistance"], SKOS.broader,
            TOPIC["international-cooperation"]) in topics
    top = set(topics.objects(TOPIC["scheme"], SKOS.hasTopConcept))
    assert all((t, SKOS.broader, None) not in topics for t in top)


@pytest.mark.parametrize("title, topic", [
    ("将影响环境的犯罪定为刑事犯罪", "crimes-affecting-the-environment"),
    ("有组织欺诈", "organized-fraud"),
    ("与审议《打击有组织犯罪公约》实施情况有关的事项", "implementation-review-mechanism"),
    ("被判刑人员的移交（《打击有组织犯罪公约》第 17 条）", "transfer-of-sentenced-persons"),
    ("《联合国打击跨国有组织犯罪公约》第 27 条(执法合作)的实际实施情况", "law-enforcement-cooperation"),
    ("国际合作，尤其侧重于引渡、司法协助和没收事宜国际合作，以及中央机关的设立与加强",
     "extradition-and-mutual-legal-assistance"),
    ("技术援助", "technical-assistance"),
    ("财务和预算事项", "finance-and-budget"),
    ("通过议程和工作安排", "organizational-matters"),
])
def test_sample_titles_get_their_topic(title, topic):
    from untoc_kg.topics import TopicScheme
    assert TOPIC[topic] in TopicScheme.load().classify(title)


def test_the_review_mechanism_is_not_assigned_for_a_passing_mention():
    from untoc_kg.topics import TopicScheme
    title = ("在《打击有组织犯罪公约》生效 20 年后,考虑到联合国打击跨国有组织犯罪公约及其各项议定书实施情况"
             "审议机制下的预期工作,从《公约》国际合作条款实施工作中吸取的经验教训:为引渡和司法协助目的确定双重犯罪的指示性实例")
    found = TopicScheme.load().classify(title)
    assert TOPIC["implementation-review-mechanism"] not in found
    assert TOPIC["extradition-and-mutual-legal-assistance"] in found
