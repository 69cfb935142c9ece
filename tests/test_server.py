"""The web server end to end: a real uvicorn on 127.0.0.1, a real store on disk, plain HTTP.

Two servers run on the five sample reports: a roomy one (long timeout, large limit) for the
answers, and a strict one (a timeout of a fraction of a second, five rows) for the limits.
"""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from tests.servers import Running, samples_on_disk
from tests.test_report_000 import ITEM_2_PARTIES
from untoc_kg.docs import SOURCES_STAMP, sources_stamp
from untoc_kg.output import render
from untoc_kg.queries import run_query, stored_queries
from untoc_kg.server import candidate_iris, create_app, negotiate
from untoc_kg.vocab import ID

MEETING = "https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03"
ITEM_2_QUERY = f"""PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
SELECT ?code WHERE {{
  ?statement untoc:agendaItemOf <{MEETING}/item/2> ; untoc:role untoc:PartyDelegation ;
             untoc:speaker/untoc:code ?code .
}} ORDER BY ?code"""
ACTS_QUERY = """PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
SELECT ?kind (COUNT(DISTINCT ?act) AS ?n) WHERE {
  VALUES ?kind { untoc:Resolution untoc:Decision }
  ?act a ?kind ; untoc:adoptedAt/untoc:body/untoc:symbol "CTOC/COP" .
} GROUP BY ?kind"""
# Every triple with every triple with every triple: about 10^12 rows to count.
HEAVY_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
UNTOC = "https://w3id.org/untoc-kg/ontology#"


# -- fixtures: a store on disk and servers on it --------------------------------------------

@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    with samples_on_disk(tmp_path_factory, "served") as store:
        yield store


@pytest.fixture(scope="module")
def server(disk_store):
    running = Running(create_app(disk_store, timeout=30, limit=1000, workers=2))
    yield running.url
    running.stop()


@pytest.fixture(scope="module")
def strict(disk_store):
    running = Running(create_app(disk_store, timeout=0.5, limit=5, workers=1))
    yield running.url
    running.stop()


def fetch(url, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(base, path, accept=None, **params):
    query = ("?" + urllib.parse.urlencode(params)) if params else ""
    return fetch(base + path + query, headers={"Accept": accept} if accept else {})


def sparql_get(base, query, accept="application/sparql-results+json"):
    return get(base, "/sparql", accept, query=query)


def json_rows(body: bytes) -> list[dict]:
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


# -- the SPARQL protocol ----------------------------------------------------------------------

def test_get_counts_the_acts_of_the_conference(server):
    status, headers, body = sparql_get(server, ACTS_QUERY)
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    counts = {row["kind"].rsplit("#", 1)[1]: int(row["n"]) for row in json_rows(body)}
    assert counts == {"Resolution": 4, "Decision": 2}


def test_post_as_form_and_as_query_body(server):
    form = urllib.parse.urlencode({"query": ITEM_2_QUERY}).encode()
    status, _, body = fetch(server + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                        "Accept": "application/sparql-results+json"})
    assert status == 200
    assert [r["code"] for r in json_rows(body)] == sorted(ITEM_2_PARTIES)
    status, _, body = fetch(server + "/sparql", ITEM_2_QUERY.encode(),
                            {"Content-Type": "application/sparql-query; charset=utf-8",
                             "Accept": "application/sparql-results+json"})
    assert status == 200
    assert [r["code"] for r in json_rows(body)] == sorted(ITEM_2_PARTIES)


def test_json_results(server):
    status, _, body = sparql_get(server, ITEM_2_QUERY, "application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == ["code"]
    assert [b["code"] for b in data["results"]["bindings"]][0] == {"type": "literal", "value": "ARG"}
    assert [r["code"] for r in json_rows(body)] == sorted(ITEM_2_PARTIES)


def test_xml_results(server):
    status, headers, body = sparql_get(server, ITEM_2_QUERY, "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(body)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["code"]
    codes = [b.find("r:literal", ns).text for b in root.findall("r:results/r:result/r:binding", ns)]
    assert codes == sorted(ITEM_2_PARTIES)


def test_csv_results(server):
    status, headers, body = sparql_get(server, ITEM_2_QUERY, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["code"]
    assert [r[0] for r in rows[1:]] == sorted(ITEM_2_PARTIES)


def test_tsv_results(server):
    status, headers, body = sparql_get(server, ITEM_2_QUERY, "text/tab-separated-values")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    lines = body.decode("utf-8").splitlines()
    assert lines[0] == "?code"
    # TSV writes terms as in Turtle: a plain literal in quotes.
    assert lines[1:] == [f'"{code}"' for code in sorted(ITEM_2_PARTIES)]


def test_accept_with_qualities_and_format_parameter(server):
    status, headers, _ = sparql_get(server, ITEM_2_QUERY, "application/sparql-results+json;q=0.5, text/csv")
    assert headers["Content-Type"].startswith("text/csv")
    status, headers, _ = fetch(server + "/sparql?" + urllib.parse.urlencode({"query": ITEM_2_QUERY, "format": "tsv"}))
    assert headers["Content-Type"].startswith("text/tab-separated-values")
    status, _, body = sparql_get(server, ITEM_2_QUERY, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body


def test_ask(server):
    status, _, body = sparql_get(server, f"ASK {{ <{ID}state/ARG> ?p ?o }}")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_construct_as_turtle_ntriples_and_jsonld(server, disk_store):
    query = f"CONSTRUCT {{ <{ID}state/ARG> ?p ?o }} WHERE {{ <{ID}state/ARG> ?p ?o }}"
    expected = {(URIRef(f"{ID}state/ARG"), SKOS.prefLabel, Literal("Argentina", lang="en")),
                (URIRef(f"{ID}state/ARG"), OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q414"))}
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")):
        status, headers, body = sparql_get(server, query, accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        graph = Graph().parse(data=body.decode("utf-8"), format=fmt)
        assert expected <= set(graph), accept


def test_from_names_the_default_graph(server, disk_store):
    # The default graph is the union of all graphs, unless the query names its own.
    graph = "https://w3id.org/untoc-kg/graph/topics"
    status, _, body = sparql_get(server, f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}")
    assert int(json_rows(body)[0]["n"]) == disk_store.count(graph)
    status, _, body = fetch(server + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": graph}),
        headers={"Accept": "application/sparql-results+json"})
    assert int(json_rows(body)[0]["n"]) == disk_store.count(graph)


@pytest.mark.parametrize("how", ["form", "body", "get", "as-query"])
def test_updates_are_refused_and_change_nothing(server, disk_store, how):
    before = disk_store.count()
    update = f"INSERT DATA {{ GRAPH <urn:x:g> {{ <{ID}state/ARG> <urn:x:p> \"hacked\" }} }}"
    if how == "form":
        status, _, body = fetch(server + "/sparql", urllib.parse.urlencode({"update": update}).encode(),
                                {"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "body":
        status, _, body = fetch(server + "/sparql", update.encode(), {"Content-Type": "application/sparql-update"})
    elif how == "get":
        status, _, body = get(server, "/sparql", update=update)
    else:
        status, _, body = sparql_get(server, update)
    assert status == 403
    assert body.decode().strip() == "This endpoint is read-only: it answers queries and refuses SPARQL updates."
    assert disk_store.count() == before
    _, _, answer = sparql_get(server, 'ASK { ?s <urn:x:p> "hacked" }')
    assert json.loads(answer)["boolean"] is False


def test_federated_queries_are_refused_unless_the_operator_allows_them(server):
    # SERVICE would make the server fetch any address it is given (a request forgery vector).
    status, _, body = sparql_get(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"--allow-service" in body
    status, _, body = get(server, "/queries/federated-states", service="http://127.0.0.1:9/sparql")
    assert status == 403 and b"--allow-service" in body
    # A string or IRI that merely contains the word is not a federated query.
    status, _, _ = sparql_get(server, 'ASK { ?s ?p "SERVICE" }')
    assert status == 200


def test_malformed_query_is_400_with_the_parser_message(server):
    status, headers, body = sparql_get(server, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400
    text = body.decode()
    assert text.startswith("The query does not parse: error at 1:")
    assert headers["Content-Type"].startswith("text/plain")


def test_unsupported_post_type_is_415(server):
    status, _, body = fetch(server + "/sparql", b"{}", {"Content-Type": "application/json"})
    assert status == 415 and b"application/sparql-query" in body


def test_heavy_query_is_stopped_at_the_timeout(strict):
    started = time.monotonic()
    status, _, body = sparql_get(strict, HEAVY_QUERY)
    elapsed = time.monotonic() - started
    assert status == 503
    assert b"longer than this endpoint's limit of 0.5 seconds" in body
    assert elapsed < 5
    # The worker that ran it was replaced: the next query is answered.
    deadline = time.monotonic() + 30
    while True:
        status, _, body = sparql_get(strict, f"ASK {{ <{ID}state/ARG> ?p ?o }}")
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status == 200 and json.loads(body)["boolean"] is True


def test_limit_cuts_rows_and_says_so(strict):
    status, headers, body = sparql_get(strict, ITEM_2_QUERY)
    assert status == 200
    assert headers["X-Untoc-Partial"] == "limit 5"
    assert [r["code"] for r in json_rows(body)] == sorted(ITEM_2_PARTIES)[:5]
    status, headers, body = sparql_get(strict, ITEM_2_QUERY.replace("ORDER BY ?code", "ORDER BY ?code LIMIT 3"))
    assert "X-Untoc-Partial" not in headers and len(json_rows(body)) == 3
    status, headers, body = sparql_get(strict, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert headers["X-Untoc-Partial"] == "limit 5" and len(body.decode().strip().splitlines()) == 5


def test_sparql_form_for_a_browser(server):
    status, headers, body = get(server, "/sparql", "text/html")
    assert status == 200 and b"<textarea" in body


# -- stored queries -----------------------------------------------------------------------------

def test_stored_query_equals_run_query(server, disk_store):
    expected = run_query(disk_store, "statements", {"state": "USA"})
    status, headers, body = get(server, "/queries/statements", state="USA", format="json")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == json.loads(render(expected, "json"))
    assert len(json.loads(body)) == len(expected.rows) > 0
    status, headers, body = get(server, "/queries/statements", state="USA", format="csv")
    assert body.decode("utf-8") == render(expected, "csv")


def test_stored_query_by_accept_and_as_html(server):
    status, headers, body = get(server, "/queries/resolutions", "text/csv")
    assert headers["Content-Type"].startswith("text/csv") and body.startswith(b"symbol,kind,title")
    status, headers, body = get(server, "/queries/resolutions", "text/html")
    assert status == 200 and b'<table id="results">' in body
    # The act's number links to the act's page.
    assert b'<a href="/id/resolution/CTOC-COP/12-4"' in body


def test_stored_query_errors(server):
    status, _, body = get(server, "/queries/statements", colour="red")
    assert status == 400 and body.decode().startswith("The query statements has no parameter colour")
    status, _, body = get(server, "/queries/states-on-topic", min_meetings="two")
    assert status == 400 and b"whole number" in body
    status, _, body = get(server, "/queries/no-such-query")
    assert status == 404


def test_stored_query_limit(strict, disk_store):
    status, headers, body = get(strict, "/queries/statements", format="json")
    assert headers["X-Untoc-Partial"] == "limit 5"
    assert json.loads(body) == json.loads(render(run_query(disk_store, "statements"), "json"))[:5]


def test_query_list(server):
    status, headers, body = get(server, "/queries/", "application/json")
    listing = json.loads(body)
    assert [q["name"] for q in listing] == list(stored_queries())
    statements = next(q for q in listing if q["name"] == "statements")
    assert {"body", "state", "topic"} <= {p["name"] for p in statements["parameters"]}
    status, headers, body = get(server, "/queries/", "text/html")
    assert headers["Content-Type"].startswith("text/html") and b'href="/queries/states-on-topic"' in body


# -- /id/ -------------------------------------------------------------------------------------

def test_state_page_for_people(server):
    status, headers, body = get(server, "/id/state/ARG", "text/html,application/xhtml+xml,*/*;q=0.8")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "Argentina" in page and "阿根廷" in page
    assert 'href="http://www.wikidata.org/entity/Q414"' in page
    # Incoming links to the statements Argentina made, as local links.
    assert f'href="/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/party/ARG"' in page


def test_meeting_page_links_its_items_and_its_source(server):
    status, _, body = get(server, "/id/meeting/CTOC-COP-WG.2/2024-06-03", "text/html")
    page = body.decode("utf-8")
    assert status == 200
    assert 'href="/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2"' in page
    assert 'href="/id/body/CTOC-COP-WG.2"' in page
    assert 'href="/id/report/CTOC-COP-WG.2/2024-06-03/zh"' in page          # the source report
    assert "维也纳" in page


def test_statement_page_names_its_paragraph(server, disk_store):
    iri = f"{MEETING}/item/2/statement/party/ARG"
    paragraphs = [r["p"].value for r in disk_store.query(
        f"SELECT ?p WHERE {{ <{iri}> <{UNTOC}paragraph> ?p }}")]
    status, _, body = get(server, iri[len("https://w3id.org/untoc-kg"):], "text/html")
    page = body.decode("utf-8")
    # The statement's page shows the paragraph it was read from, number and text (issue 15).
    assert paragraphs and f'data-paragraph="{paragraphs[0]}"' in page and 'id="paragraph-text"' in page
    assert 'href="/id/state/ARG"' in page and "Argentina" in page


def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype.endswith("#string") else URIRef(datatype))


def _subject_triples(store, iri):
    return {(URIRef(q.subject.value), URIRef(q.predicate.value), _rdflib(q.object))
            for q in store.store.quads_for_pattern(ox.NamedNode(iri), None, None, None)}


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                         ("application/n-triples", "nt")])
def test_resource_for_machines(server, disk_store, accept, fmt):
    iri = f"{ID}state/ARG"
    status, headers, body = get(server, "/id/state/ARG", accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    assert "Accept" in headers["Vary"]
    graph = Graph().parse(data=body.decode("utf-8"), format=fmt)
    assert _subject_triples(disk_store, iri) <= set(graph)
    # ... and what points at it: the statements Argentina made.
    assert (URIRef(f"{MEETING}/item/2/statement/party/ARG"), URIRef(f"{UNTOC}speaker"), URIRef(iri)) in graph


def test_format_parameter_on_a_resource(server):
    status, headers, body = get(server, "/id/state/ARG", "text/html", format="ttl")
    assert headers["Content-Type"].startswith("text/turtle")


def test_iris_with_parentheses_and_escapes_dereference(server):
    status, _, body = get(server, "/id/meeting/CTOC-COP-WG.2/2024-06-03/item/1(a)", "text/turtle")
    assert status == 200 and b"item/1(a)" in body
    status, _, _ = get(server, "/id/meeting/CTOC-COP-WG.2/2024-06-03/item/1%28a%29", "text/turtle")
    assert status == 200
    # An IRI that itself holds %-escapes (a person known by a Chinese name).
    status, _, body = get(server, "/id/person/%E8%8B%B1%E6%A0%BC-%E5%AE%89%E5%BE%B7%E6%A3%AE", "text/turtle")
    assert status == 200


def test_unknown_iri_is_404(server):
    status, _, body = get(server, "/id/state/XXX", "text/turtle")
    assert status == 404 and b"no triple" in body
    status, headers, body = get(server, "/id/state/XXX", "text/html")
    assert status == 404 and headers["Content-Type"].startswith("text/html")


def test_candidate_iris():
    assert candidate_iris(b"/id/state/ARG") == [f"{ID}state/ARG"]
    assert candidate_iris(b"/id/person/%E8%8B%B1") == [f"{ID}person/%E8%8B%B1", f"{ID}person/英"]
    assert candidate_iris(b"/id/a%20b") == [f"{ID}a%20b"]          # a space cannot be in an IRI


def test_negotiate():
    offered = ["text/html", "text/turtle"]
    assert negotiate(None, offered) == "text/html"
    assert negotiate("text/turtle;q=0.9, text/html;q=0.1", offered) == "text/turtle"
    assert negotiate("text/*;q=0.5, text/html;q=0", offered) == "text/turtle"
    assert negotiate("application/json", offered) is None


# -- the rest: home, VoID, ontology, dumps --------------------------------------------------------

def test_home_page(server):
    status, _, body = get(server, "/", "text/html")
    page = body.decode("utf-8")
    assert status == 200
    for link in ('href="/sparql"', 'href="/queries/"', 'href="/.well-known/void"', 'href="/id/state/'):
        assert link in page


def test_void(server, disk_store):
    status, headers, body = get(server, "/.well-known/void")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    void = "http://rdfs.org/ns/void#"
    assert (None, URIRef(void + "sparqlEndpoint"), URIRef(server + "/sparql")) in graph
    triples = {(q.subject, q.predicate, q.object) for q in disk_store.store}
    assert int(graph.value(URIRef("https://w3id.org/untoc-kg/dataset"), URIRef(void + "triples"))) == len(triples)
    # The dump links it gives are served.
    dump = graph.value(URIRef("https://w3id.org/untoc-kg/dataset#dump-nt"), URIRef("http://www.w3.org/ns/dcat#downloadURL"))
    status, _, data = fetch(str(dump))
    assert status == 200 and len(data.decode().splitlines()) == len(triples)


def test_ontology_as_turtle(server):
    status, headers, body = get(server, "/ontology", "text/turtle")
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (URIRef("https://w3id.org/untoc-kg/ontology"), None, OWL.Ontology) in graph
    status, headers, body = get(server, "/ontology", "application/ld+json")
    assert status == 200 and json.loads(body)


def test_ontology_documentation_when_built(disk_store, tmp_path):
    (tmp_path / "index.html").write_text("<html>the docs</html>", encoding="utf-8")
    (tmp_path / "vocabularies.html").write_text("<html>values</html>", encoding="utf-8")
    # The stamp `untoc-kg docs` writes: these pages are of the ontology as it is.
    (tmp_path / SOURCES_STAMP).write_text(sources_stamp(), encoding="utf-8")
    running = Running(create_app(disk_store, workers=1, docs_dir=tmp_path))
    try:
        status, _, body = get(running.url, "/ontology/", "text/html")
        assert status == 200 and body == b"<html>the docs</html>"
        status, _, body = get(running.url, "/ontology/vocabularies.html")
        assert status == 200 and body == b"<html>values</html>"
        status, _, _ = get(running.url, "/ontology/..%2Fsecret")
        assert status == 404
        status, headers, _ = get(running.url, "/ontology", "text/turtle")
        assert headers["Content-Type"].startswith("text/turtle")
    finally:
        running.stop()


def test_in_memory_store_runs_queries_in_threads(store_000):
    running = Running(create_app(store_000, timeout=10, limit=100, workers=2))
    try:
        status, _, body = sparql_get(running.url, ITEM_2_QUERY)
        assert status == 200 and [r["code"] for r in json_rows(body)] == sorted(ITEM_2_PARTIES)
    finally:
        running.stop()
