"""The dataset description (VoID and DCAT), measured from the store, never written by hand.

`measure(store)` counts what the store holds with the SPARQL aggregates of describing/*.rq, and
measures how exact it is against the hand-read facts (untoc_kg/evaluation.py);
`description(facts, base_url)` turns the counts into VoID + DCAT triples and the measures into
DQV quality measurements. The two steps are
apart so that the server can measure once (its store is read-only) and describe for whatever
address it is reached at, and so that the home page can show the same numbers the VoID
document states.

The dataset's own IRIs (the dataset, its partitions, distributions and service) live under
https://w3id.org/untoc-kg/dataset and do not depend on where it is served; only the endpoint
and the dump addresses come from `base_url`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, VOID, XSD

from untoc_kg.formats import of_kind
from untoc_kg.errors import UntocError
from untoc_kg.evaluation import ALL, MEASURES, Evaluation, evaluate, facts_available
from untoc_kg.loading import load_time
from untoc_kg.resources import data_file
from untoc_kg.sparql_files import sparql
from untoc_kg.store import GraphStore
from untoc_kg.vocab import BASE, ID, PREFIXES, REPORT_GRAPH_PREFIX

DATASET = URIRef(BASE + "dataset")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
QUALITY = Namespace("https://w3id.org/untoc-kg/quality#")
IANA = "https://www.iana.org/assignments/media-types/"
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")

# Export format → (file extension, media type), from untoc_kg/formats.py. The server offers
# each at /dumps/untoc-kg.EXT.
DUMPS = {f.name: (f.extension, f.media_type) for f in of_kind("rdf")}
DESCRIPTION_FORMATS = ("ttl", "jsonld")


def dump_path(fmt: str) -> str:
    return f"/dumps/untoc-kg.{DUMPS[fmt][0]}"


@dataclass
class GraphFacts:
    iri: str
    triples: int
    report: str | None = None          # the untoc:Report the graph was read from
    generated: str | None = None       # its prov:generatedAtTime (xsd:dateTime, lexical)


@dataclass
class DatasetFacts:
    triples: int                       # distinct triples in the union of all graphs
    subjects: int
    objects: int
    entities: int                      # distinct IRIs under id/ that are the subject of a triple
    classes: dict[str, int]            # class IRI → distinct instances
    properties: dict[str, int]         # property IRI → distinct triples
    graphs: list[GraphFacts]
    examples: dict[str, str] = field(default_factory=dict)   # "meeting" | "resolution" | "state" → IRI
    first_meeting: str | None = None   # xsd:date of the earliest meeting start
    last_meeting: str | None = None    # xsd:date of the latest meeting end
    quality: Evaluation | None = None  # the graph against the hand-read facts (None: no facts to hand)
    measured_at: str | None = None     # xsd:dateTime of the measuring, the quality's prov:generatedAtTime

    @property
    def modified(self) -> str | None:
        """The newest load of any report: when the data last changed."""
        times = [g.generated for g in self.graphs if g.generated]
        return max(times) if times else None

    @property
    def reports(self) -> list[GraphFacts]:
        return [g for g in self.graphs if g.iri.startswith(REPORT_GRAPH_PREFIX)]


# -- measuring ----------------------------------------------------------------------------
# Every query (describing/*.rq) runs on the union of the named graphs (GraphStore.query), so a
# triple that two report graphs both state counts once, as it does in the Turtle and N-Triples
# dumps.

# One of each kind a newcomer would look at first (describing/example-KIND.rq), each query
# ordered so that the same store always shows the same ones.
EXAMPLE_KINDS = ("meeting", "resolution", "state")


def _rows(store: GraphStore, name: str) -> list[dict]:
    solutions = store.query(sparql("describing", name))
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def measure(store: GraphStore) -> DatasetFacts:
    totals = _rows(store, "totals")[0]
    reports = {r["g"]: r for r in _rows(store, "reports")}
    graphs = [GraphFacts(r["g"], int(r["n"]), reports.get(r["g"], {}).get("report"),
                         reports.get(r["g"], {}).get("generated"))
              for r in sorted(_rows(store, "graphs"), key=lambda r: r["g"])]
    examples = {}
    for kind in EXAMPLE_KINDS:
        found = _rows(store, f"example-{kind}")
        if found:
            examples[kind] = found[0]["x"]
    period = _rows(store, "period")[0]
    # Measured now, from the store and the facts as they are: never a figure kept from before.
    quality = evaluate(store) if facts_available() else None
    return DatasetFacts(
        triples=int(totals["triples"]), subjects=int(totals["subjects"]), objects=int(totals["objects"]),
        entities=int(_rows(store, "entities")[0]["n"]),
        classes={r["class"]: int(r["n"]) for r in sorted(_rows(store, "classes"), key=lambda r: r["class"])},
        properties={r["p"]: int(r["n"]) for r in sorted(_rows(store, "properties"), key=lambda r: r["p"])},
        graphs=graphs, examples=examples, first_meeting=period["first"], last_meeting=period["last"],
        quality=quality, measured_at=load_time().isoformat().replace("+00:00", "Z"),
    )


# -- describing ---------------------------------------------------------------------------

def _local(iri: str) -> str:
    """A readable fragment for a partition IRI: untoc-Statement, skos-prefLabel."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)) and len(iri) > len(str(namespace)):
            return f"{prefix}-{iri[len(str(namespace)):]}"
    # A term of a vocabulary without a prefix here: its position in the sorted list would
    # change with the data, a digest of the IRI does not.
    return "t" + hashlib.sha1(iri.encode("utf-8")).hexdigest()[:12]


def _vocabularies(facts: DatasetFacts) -> list[str]:
    """The known vocabularies whose terms the data uses (void:vocabulary)."""
    used = set(facts.classes) | set(facts.properties)
    return sorted({str(ns) for ns in PREFIXES.values()
                   if str(ns) not in (str(ID), str(PREFIXES["topic"])) and any(t.startswith(str(ns)) for t in used)})


def description(facts: DatasetFacts, base_url: str) -> Graph:
    base_url = base_url.rstrip("/")
    g = Graph(bind_namespaces="none")
    for prefix, namespace in {**PREFIXES, "void": VOID, "dcat": DCAT, "sd": SD, "dqv": DQV, "quality": QUALITY}.items():
        g.bind(prefix, namespace)
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    _about(g, d, facts)
    _counts(g, d, facts)
    _access(g, d, base_url)
    for graph in facts.graphs:
        _subset(g, d, graph)
    if facts.quality is not None:
        _quality(g, d, facts)
    return g


def _about(g: Graph, d: URIRef, facts: DatasetFacts) -> None:
    g.add((d, DCTERMS.title, Literal("untoc-kg: meetings of the UNTOC Conference of the Parties and its working groups", lang="en")))
    g.add((d, DCTERMS.title, Literal("untoc-kg：联合国打击跨国有组织犯罪公约缔约方会议及其工作组的会议", lang="zh")))
    g.add((d, DCTERMS.description, Literal(
        "A linked-data knowledge graph read from the meeting reports of the Conference of the Parties to the "
        "United Nations Convention against Transnational Organized Crime and its working groups: meetings, "
        "agendas, who spoke under which item and in which role, attendance, recommendations, resolutions and "
        "decisions, each fact with the report and paragraph it was read from.", lang="en")))
    g.add((d, DCTERMS.license, CC_BY_4))
    g.add((d, DCTERMS.rights, Literal(
        "The graph is published under CC BY 4.0. The meeting reports it is read from are public documents "
        "of the United Nations.", lang="en")))
    g.add((d, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/zh")))
    g.add((d, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/en")))
    for keyword in ("UNTOC", "Conference of the Parties", "transnational organized crime", "United Nations", "meeting reports"):
        g.add((d, DCAT.keyword, Literal(keyword, lang="en")))
    if facts.modified:
        g.add((d, DCTERMS.modified, Literal(facts.modified, datatype=XSD.dateTime, normalize=False)))
    if facts.first_meeting and facts.last_meeting:
        period = URIRef(f"{d}#period")
        g.add((d, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(facts.first_meeting, datatype=XSD.date, normalize=False)))
        g.add((period, DCAT.endDate, Literal(facts.last_meeting, datatype=XSD.date, normalize=False)))
    for report in facts.reports:
        if report.report:
            g.add((d, DCTERMS.source, URIRef(report.report)))
    for kind in EXAMPLE_KINDS:
        if kind in facts.examples:
            g.add((d, VOID.exampleResource, URIRef(facts.examples[kind])))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    for namespace in _vocabularies(facts):
        g.add((d, VOID.vocabulary, URIRef(namespace)))


def _integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _counts(g: Graph, d: URIRef, facts: DatasetFacts) -> None:
    g.add((d, VOID.triples, _integer(facts.triples)))
    g.add((d, VOID.distinctSubjects, _integer(facts.subjects)))
    g.add((d, VOID.distinctObjects, _integer(facts.objects)))
    g.add((d, VOID.entities, _integer(facts.entities)))
    g.add((d, VOID.classes, _integer(len(facts.classes))))
    g.add((d, VOID.properties, _integer(len(facts.properties))))
    for cls, n in facts.classes.items():
        part = URIRef(f"{d}#class-{_local(cls)}")
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, _integer(n)))
    for prop, n in facts.properties.items():
        part = URIRef(f"{d}#property-{_local(prop)}")
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, _integer(n)))


def _access(g: Graph, d: URIRef, base_url: str) -> None:
    endpoint = URIRef(base_url + "/sparql")
    g.add((d, VOID.sparqlEndpoint, endpoint))
    g.add((d, FOAF.homepage, URIRef(base_url + "/")))
    g.add((d, DCAT.landingPage, URIRef(base_url + "/")))
    service = URIRef(f"{d}#sparql")
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, RDF.type, SD.Service))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, SD.endpoint, endpoint))
    g.add((service, DCAT.servesDataset, d))
    g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint (read-only)", lang="en")))
    g.add((d, DCAT.accessService, service))
    for fmt, (_ext, media_type) in DUMPS.items():
        url = URIRef(base_url + dump_path(fmt))
        dist = URIRef(f"{d}#dump-{fmt}")
        g.add((d, VOID.dataDump, url))
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media_type)))
        g.add((dist, DCTERMS.license, CC_BY_4))
        g.add((dist, DCTERMS.title, Literal(f"untoc-kg dump ({media_type})", lang="en")))


def _subset(g: Graph, d: URIRef, graph: GraphFacts) -> None:
    # A named graph is itself a dataset; its IRI is the one SPARQL names it by (GRAPH, FROM NAMED).
    subset = URIRef(graph.iri)
    g.add((d, VOID.subset, subset))
    g.add((subset, RDF.type, VOID.Dataset))
    g.add((subset, VOID.triples, _integer(graph.triples)))
    if graph.report:
        g.add((subset, DCTERMS.source, URIRef(graph.report)))
    if graph.generated:
        g.add((subset, DCTERMS.modified, Literal(graph.generated, datatype=XSD.dateTime, normalize=False)))


def _quality(g: Graph, d: URIRef, facts: DatasetFacts) -> None:
    """One dqv:QualityMeasurement per measure, kind and report graph that has hand-read facts,
    and per measure and kind over all of them (computed on the dataset). A report graph without
    facts gets none: it is not measured. The metrics themselves are data (evaluation/metrics.ttl),
    copied in so that the description says what each one measures."""
    metrics_file = data_file("evaluation", "metrics.ttl")
    metrics = Graph().parse(metrics_file, format="turtle")
    g += metrics
    when = Literal(facts.measured_at, datatype=XSD.dateTime, normalize=False)
    for score in facts.quality.scores:
        on = DATASET if score.report == ALL else URIRef(score.graph)
        where = "dataset" if score.report == ALL else score.graph[len(REPORT_GRAPH_PREFIX):].replace("/", "-")
        for measure in MEASURES:
            value = score.measure(measure)
            if value is None:
                continue                    # undefined (nothing read, or nothing stated): no figure
            metric = QUALITY[f"{score.kind}-{measure}"]
            if (metric, RDF.type, DQV.Metric) not in metrics:
                raise UntocError(f"{metrics_file}: there is no dqv:Metric {metric} for the {measure} of "
                                 f"{score.kind}; add it there.")
            node = URIRef(f"{d}#quality-{where}-{score.kind}-{measure}")
            g.add((d, DQV.hasQualityMeasurement, node))
            g.add((node, RDF.type, DQV.QualityMeasurement))
            g.add((node, DQV.isMeasurementOf, metric))
            g.add((node, DQV.computedOn, on))
            g.add((node, DQV.value, Literal(round(value, 6), datatype=XSD.double)))
            g.add((node, PROV.generatedAtTime, when))


def serialize(graph: Graph, fmt: str) -> bytes:
    if fmt not in DESCRIPTION_FORMATS:
        raise ValueError(f"unknown description format {fmt!r}; use one of {', '.join(DESCRIPTION_FORMATS)}")
    if fmt == "ttl":
        return graph.serialize(format="turtle").encode("utf-8")
    context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    data = graph.serialize(format="json-ld", context=context, auto_compact=True)
    return json.dumps(_stable(json.loads(data)), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"


def _stable(value):
    # JSON-LD arrays carry no order; sorted, the same store prints the same bytes every time.
    if isinstance(value, dict):
        return {key: _stable(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_stable(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


def describe(store: GraphStore, base_url: str, fmt: str = "ttl") -> bytes:
    """The VoID + DCAT description of the store, as `untoc-kg describe` prints it."""
    return serialize(description(measure(store), base_url), fmt)

