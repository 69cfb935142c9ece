"""The VoID + DCAT description: every number in it equals what the store holds."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, VOID

from tests.conftest import REPORT_000, SAMPLES
from untoc_kg.cli import cli
from untoc_kg.dataset import DATASET, DQV, DUMPS, QUALITY, describe, description, measure, serialize
from untoc_kg.evaluation import ALL, MEASURES, evaluate
from untoc_kg.hand_read_facts import KINDS
from untoc_kg.loading import load_files
from untoc_kg.store import GraphStore
from untoc_kg.vocab import ID, REPORT_GRAPH_PREFIX

BASE_URL = "http://example.org:9000"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
UNTOC = "https://w3id.org/untoc-kg/ontology#"


@pytest.fixture(scope="module")
def facts(store_all):
    return measure(store_all)


@pytest.fixture(scope="module")
def void(facts):
    # Through Turtle and back: what a client of /.well-known/void reads.
    return Graph().parse(data=serialize(description(facts, BASE_URL), "ttl").decode("utf-8"), format="turtle")


def _triples(store):
    return {(q.subject, q.predicate, q.object) for q in store.store}


def _int(graph, subject, predicate) -> int:
    return int(graph.value(subject, predicate))


def test_totals_equal_the_store(store_all, facts, void):
    triples = _triples(store_all)
    assert facts.triples == len(triples)
    assert facts.subjects == len({s for s, _p, _o in triples})
    assert facts.objects == len({o for _s, _p, o in triples})
    assert facts.entities == len({s for s, _p, _o in triples
                                  if isinstance(s, ox.NamedNode) and s.value.startswith(str(ID))})
    assert _int(void, DATASET, VOID.triples) == len(triples)
    assert _int(void, DATASET, VOID.distinctSubjects) == facts.subjects
    assert _int(void, DATASET, VOID.entities) == facts.entities


def test_class_partitions_count_instances(store_all, facts, void):
    instances = Counter()
    for s, o in {(s, o) for s, p, o in _triples(store_all) if p == RDF_TYPE}:
        instances[o.value] += 1
    assert facts.classes == dict(instances)
    partitions = {str(void.value(part, VOID["class"])): _int(void, part, VOID.entities)
                  for part in void.objects(DATASET, VOID.classPartition)}
    assert partitions == dict(instances)
    assert partitions[UNTOC + "Statement"] > 500
    assert _int(void, DATASET, VOID.classes) == len(instances)


def test_property_partitions_add_up(store_all, facts, void):
    per_property = Counter(p.value for _s, p, _o in _triples(store_all))
    partitions = {str(void.value(part, VOID.property)): _int(void, part, VOID.triples)
                  for part in void.objects(DATASET, VOID.propertyPartition)}
    assert partitions == dict(per_property)
    assert sum(partitions.values()) == facts.triples


def test_a_subset_per_named_graph(store_all, void):
    subsets = set(void.objects(DATASET, VOID.subset))
    assert {str(s) for s in subsets} == set(store_all.named_graphs())
    reports = [g for g in store_all.report_graphs()]
    assert len(reports) == 5
    for graph in reports:
        subset = URIRef(graph)
        assert _int(void, subset, VOID.triples) == store_all.count(graph)
        # The report the graph was read from: graph/report/X → id/report/X.
        assert void.value(subset, DCTERMS.source) == URIRef(str(ID) + "report/" + graph[len(REPORT_GRAPH_PREFIX):])


def test_dates_are_the_newest_load(store_all, facts, void):
    times = [r["t"].value for r in store_all.query(
        "SELECT ?t WHERE { ?r a <https://w3id.org/untoc-kg/ontology#Report> ; <http://www.w3.org/ns/prov#generatedAtTime> ?t }")]
    assert facts.modified == max(times)
    # rdflib reads "Z" back as "+00:00": compare instants, not spellings.
    assert void.value(DATASET, DCTERMS.modified).toPython() == dt.datetime.fromisoformat(max(times).replace("Z", "+00:00"))


def test_licence_endpoint_and_dumps(void):
    assert void.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef(BASE_URL + "/sparql")
    dumps = set(void.objects(DATASET, VOID.dataDump))
    assert dumps == {URIRef(f"{BASE_URL}/dumps/untoc-kg.{ext}") for ext, _m in DUMPS.values()}
    media_types = {str(void.value(d, DCAT.mediaType)).rsplit("media-types/", 1)[1]
                   for d in void.objects(DATASET, DCAT.distribution)}
    assert media_types == {m for _e, m in DUMPS.values()}
    service = void.value(DATASET, DCAT.accessService)
    assert void.value(service, DCAT.endpointURL) == URIRef(BASE_URL + "/sparql")
    assert (DATASET, RDF.type, DCAT.Dataset) in void


def test_example_resources_are_a_meeting_a_resolution_a_state(store_all, void):
    kinds = set()
    for example in void.objects(DATASET, VOID.exampleResource):
        for row in store_all.query(f"SELECT ?c WHERE {{ <{example}> a ?c }}"):
            kinds.add(row["c"].value.rsplit("#", 1)[1])
    assert {"Meeting", "Resolution", "State"} <= kinds


def test_jsonld_says_the_same(facts, void):
    jsonld = Graph().parse(data=serialize(description(facts, BASE_URL), "jsonld").decode("utf-8"), format="json-ld")
    assert len(jsonld) == len(void)
    assert (DATASET, VOID.triples, Literal(facts.triples)) in jsonld


def test_same_store_same_bytes(store_all, monkeypatch):
    # The quality is measured when the description is made; SOURCE_DATE_EPOCH fixes that time.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert describe(store_all, BASE_URL, "ttl") == describe(store_all, BASE_URL, "ttl")
    assert describe(store_all, BASE_URL, "jsonld") == describe(store_all, BASE_URL, "jsonld")


def test_describe_command(tmp_path):
    path = tmp_path / "db"
    assert CliRunner().invoke(cli, ["--store", str(path), "load", str(REPORT_000)]).exit_code == 0
    result = CliRunner().invoke(cli, ["--store", str(path), "describe", "--base-url", BASE_URL])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.output, format="turtle")
    assert (DATASET, VOID.sparqlEndpoint, URIRef(BASE_URL + "/sparql")) in graph
    result = CliRunner().invoke(cli, ["--store", str(path), "describe", "--format", "jsonld"])
    assert result.exit_code == 0 and '"void:sparqlEndpoint"' in result.output


# -- the quality measurements (DQV) -----------------------------------------------------------

def _measurements(graph: Graph) -> dict[tuple[str, str], float]:
    """(computedOn, metric) → value of every dqv:QualityMeasurement of the dataset."""
    found = {}
    for m in graph.objects(DATASET, DQV.hasQualityMeasurement):
        assert (m, RDF.type, DQV.QualityMeasurement) in graph
        assert graph.value(m, PROV.generatedAtTime) is not None
        key = (str(graph.value(m, DQV.computedOn)), str(graph.value(m, DQV.isMeasurementOf)))
        assert key not in found, f"two measurements of {key}"
        found[key] = float(graph.value(m, DQV.value))
    return found


def test_quality_is_published_per_report_and_kind(store_all, facts, void):
    published = _measurements(void)
    expected = {}
    for score in evaluate(store_all).scores:
        on = str(DATASET) if score.report == ALL else score.graph
        for measure in MEASURES:
            if score.measure(measure) is not None:
                expected[(on, str(QUALITY[f"{score.kind}-{measure}"]))] = score.measure(measure)
    assert published == pytest.approx(expected)
    per_graph = Counter(on for on, _metric in published)
    every = len(KINDS + (ALL,)) * len(MEASURES)
    assert per_graph == {**{g: every for g in store_all.report_graphs()}, str(DATASET): every}
    # The samples are read exactly: every figure is 1.
    assert set(published.values()) == {1.0}
    when = {void.value(m, PROV.generatedAtTime) for m in void.objects(DATASET, DQV.hasQualityMeasurement)}
    # rdflib reads "Z" back as "+00:00": compare instants, not spellings.
    assert [t.toPython() for t in when] == [dt.datetime.fromisoformat(facts.measured_at.replace("Z", "+00:00"))]


def test_every_metric_is_defined_in_two_languages(void):
    metrics = set(void.objects(None, DQV.isMeasurementOf))
    assert len(metrics) == len(KINDS + (ALL,)) * len(MEASURES)
    for metric in metrics:
        assert (metric, RDF.type, DQV.Metric) in void
        assert {label.language for label in void.objects(metric, RDFS.label)} == {"en", "zh"}
        assert void.value(metric, RDFS.comment) is not None
        assert void.value(metric, DQV.inDimension) == QUALITY.extractionAccuracy
    assert void.value(QUALITY.extractionAccuracy, DQV.inCategory) == QUALITY.accuracy


def _described(*files) -> Graph:
    store = GraphStore(None)
    load_files(store, list(files))
    return Graph().parse(data=describe(store, BASE_URL, "ttl").decode("utf-8"), format="turtle")


def test_quality_is_measured_from_the_store_as_it_is(tmp_path):
    # Report 000 with Azerbaijan left out of the speakers under item 4: one statement of 47 lost.
    text = REPORT_000.read_text(encoding="utf-8")
    line = "56. 在议程项目 4 下，《公约》下列缔约方的代表作了发言：阿塞拜疆、"
    assert text.count(line) == 1
    broken = tmp_path / REPORT_000.name
    broken.write_text(text.replace(line, line.replace("阿塞拜疆、", "")), encoding="utf-8")
    published = _measurements(_described(broken))
    graph = "https://w3id.org/untoc-kg/graph/report/CTOC-COP-WG.2/2024-06-03/zh"
    assert published[(graph, str(QUALITY["statements-recall"]))] == pytest.approx(46 / 47)
    assert published[(graph, str(QUALITY["statements-precision"]))] == 1.0
    assert published[(str(DATASET), str(QUALITY["statements-recall"]))] == pytest.approx(46 / 47)
    assert published[(graph, str(QUALITY["documents-f1"]))] == 1.0


def test_a_report_without_hand_read_facts_is_not_measured(tmp_path):
    copy = tmp_path / "999_not_read_by_hand.txt"
    copy.write_bytes((SAMPLES / "004_1128377bf6bc7323.txt").read_bytes())
    described = _described(copy)
    assert list(described.objects(DATASET, VOID.subset))          # the graph is described …
    assert _measurements(described) == {}                          # … but no figure is given for it

