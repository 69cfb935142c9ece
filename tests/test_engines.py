"""The same answers on the stores people publish to (issue 17): Virtuoso Open Source, Apache Jena
on TDB2 and the Oxigraph server, each started for real on 127.0.0.1 (tests/engines.py).

The five samples are published to each with `untoc-kg publish`, and every stored query, with
every parameter combination the other tests use (tests/test_sparql_portable.py's calls()), is
run there with `untoc-kg query --endpoint` and compared row by row, cell by cell, with the
embedded store. The graph/serving graph that the stored queries read travels with the others.
A test whose engine is not installed skips and says how to install it.
"""

from __future__ import annotations

import json
import urllib.request

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, Quad

from untoc_kg.cli import cli
from untoc_kg.loading import load_files
from untoc_kg.queries import QueryResult, bound_text, get_query, run_query, stored_queries
from untoc_kg.remote import (RemoteError, _send, dataset_graphs, publish, refusal, remote_dataset, remote_query,
                             select, update_requests)
from untoc_kg.serving import SERVING_GRAPH
from untoc_kg.store import GraphStore
from tests.conftest import SAMPLES
from tests.engines import ENGINES, SETUPS, missing
from tests.test_sparql_portable import calls


def distinct_calls() -> list[tuple[str, dict[str, str]]]:
    """calls() without repeats, and a page of each listing read by rank (its own query,
    pages/NAME.rq); the federated calls that name Wikidata are left out (no network here:
    tests/test_remote.py federates two local servers instead)."""
    seen, out = set(), []
    pages = [(name, {"limit": "10", "offset": "20"}) for name, query in stored_queries().items() if query.ranked]
    for name, params in calls() + pages:
        key = (name, tuple(sorted(params.items())))
        if key not in seen and "service" not in params:
            seen.add(key)
            out.append((name, params))
    return out


CALLS = distinct_calls()
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("engines") / "db"
    with GraphStore(path) as store:
        load_files(store, [SAMPLES])
    return path


@pytest.fixture(scope="module")
def local(disk_store):
    store = GraphStore(disk_store, read_only=True)
    yield store
    store.close()


def run_cli(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env or {})


@pytest.fixture(scope="module", params=sorted(SETUPS))
def engine(request, tmp_path_factory, disk_store):
    """A server of each setup holding the five samples, published once by `untoc-kg publish`."""
    name, options, dataset, mode = SETUPS[request.param]
    reason = missing(name)
    if reason:
        pytest.skip(reason)
    server = ENGINES[name](tmp_path_factory.mktemp(request.param), **options).start()
    server.setup, server.dataset, server.mode = request.param, dataset, mode
    try:
        with urllib.request.urlopen(server.query + "?query=ASK%7B%7D", timeout=10) as answer:
            server.header = answer.headers.get("Server") or ""
        published = run_cli("--store", str(disk_store), "publish", "--endpoint", server.update, env=server.env)
        assert published.exit_code == 0, published.output
        server.published = published.output
        yield server
    finally:
        server.stop()


def remote_counts(server) -> dict[str, int]:
    """Triples per named graph of ours on the server (Virtuoso keeps graphs of its own too)."""
    _, rows = select(server.query, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                     server.credentials)
    return {g: int(n) for g, n in rows if g.startswith("https://w3id.org/untoc-kg/graph/")}


def local_counts(store) -> dict[str, int]:
    return {g: store.count(g) for g in store.named_graphs()}


def test_publish_sends_every_graph_the_serving_graph_too(engine, local):
    counts = local_counts(local)
    assert len(counts) == 10 and counts[str(SERVING_GRAPH)] > 10_000     # five reports, five reference graphs
    assert remote_counts(engine) == counts
    assert "published 10 graph(s), " in engine.published and engine.published.count("sent <") == 10


def test_publishing_twice_leaves_the_same_triples(engine, disk_store, local):
    again = run_cli("--store", str(disk_store), "publish", "--endpoint", engine.update, env=engine.env)
    assert again.exit_code == 0, again.output
    assert remote_counts(engine) == local_counts(local)
    if engine.graph_store:                  # and by the Graph Store Protocol, where the engine has it
        put = run_cli("--store", str(disk_store), "publish", "--graph-store", engine.graph_store, env=engine.env)
        assert put.exit_code == 0, put.output
        assert "by Graph Store Protocol" in put.output
        assert remote_counts(engine) == local_counts(local)


def test_blank_nodes_keep_their_links(engine, local):
    # The ontology's OWL lists: each list cell's rdf:first and rdf:rest stay on one node.
    query = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/untoc-kg/graph/ontology> "
             "{ ?cell <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?x ; "
             "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> ?y } }")
    _, rows = select(engine.query, query, engine.credentials)
    here = next(iter(local.query(query)))[0].value
    assert int(here) > 20 and rows == [[here]]


def differences(expected, got) -> list[str]:
    """Where two results differ, in words: columns, row count, then the first differing cells."""
    if got.columns != expected.columns:
        return [f"columns {got.columns} instead of {expected.columns}"]
    # Rows compared as a multiset: ORDER BY leaves ties in an order each engine may choose.
    want, have = sorted(map(repr, expected.rows)), sorted(map(repr, got.rows))
    if want == have:
        return []
    found = [f"{len(got.rows)} rows instead of {len(expected.rows)}"]
    missing_rows = [r for r in expected.rows if repr(r) not in set(have)]
    extra_rows = [r for r in got.rows if repr(r) not in set(want)]
    for lost, extra in zip(missing_rows[:3], extra_rows[:3]):
        cells = [f"{column}: {b!r} instead of {a!r}" for column, a, b in zip(expected.columns, lost, extra) if a != b]
        found.append("; ".join(cells))
    found += [f"missing {row}" for row in missing_rows[len(extra_rows):][:2]]
    found += [f"extra {row}" for row in extra_rows[len(missing_rows):][:2]]
    return found


@pytest.mark.parametrize("name,params", CALLS, ids=[f"{n}{p}" for n, p in CALLS])
def test_every_stored_query_gives_the_embedded_rows(engine, local, name, params):
    options = [item for key, value in params.items() for item in ("--param", f"{key}={value}")]
    result = run_cli("--store", "/nonexistent", "query", name, *options, "--format", "json",
                     "--endpoint", engine.query, "--dataset", engine.dataset, env=engine.env)
    refused = refusal(name, engine.header)
    if refused:
        # Refused before it is sent, in one sentence that says why.
        assert result.exit_code == 1 and f"{name} cannot run on {refused.engine}" in result.output, result.output
        assert result.output.count("\n") == 1
        return
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    expected = run_query(local, name, params)
    # An empty answer has no keys to read the columns from.
    got = QueryResult(list(rows[0]) if rows else expected.columns, [list(row.values()) for row in rows])
    problems = differences(expected, got)
    assert not problems, f"{engine.name}: {name} {params}: " + " | ".join(problems)


def test_the_calls_compare_real_rows(local):
    # Every stored query has calls whose answer on the samples is not empty, so that the
    # comparison above compares rows, not only empty answers.
    answered = {name for name, params in CALLS if run_query(local, name, params).rows}
    assert answered == set(stored_queries())


def test_only_virtuoso_refuses_a_query_and_it_still_must(engine):
    # A refusal stands only while the engine still fails the query: sent anyway, Virtuoso's
    # compiler rejects federated-states, with or without a service.
    refused = {name for name in stored_queries() if refusal(name, engine.header)}
    if engine.name != "virtuoso":
        assert refused == set()
        return
    assert refused == {"federated-states"}
    graphs = dataset_graphs(engine.query, engine.credentials)
    for params in ({}, {"service": "http://127.0.0.1:9/sparql"}):
        # Virtuoso 7.2.5 spells it "Usupported".
        with pytest.raises(RemoteError, match="Un?supported combination of subqueries and service invocations"):
            select(engine.query, bound_text(get_query("federated-states"), params), engine.credentials, graphs)


def test_an_answer_cut_at_the_row_limit_is_an_error(engine):
    # Virtuoso stops at ResultSetMaxRows (10,000 on the test instance, as in Debian's config)
    # and still answers 200; a short answer must not pass for the whole one.
    everything = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    if engine.name != "virtuoso":
        assert len(select(engine.query, everything, engine.credentials)[1]) > 30_000
        return
    with pytest.raises(RemoteError, match=r"cut its answer at 10,000 rows \(its ResultSetMaxRows"):
        select(engine.query, everything, engine.credentials)
    assert len(select(engine.query, everything + " LIMIT 9999", engine.credentials)[1]) == 9999


def test_a_graph_of_many_reports_is_queried_whole(engine, local):
    # Each report is a named graph, sent as a default-graph-uri of its own; Virtuoso answers
    # each with a header of its own, past http.client's limit of 100 at a hundred reports.
    many = GraphStore(None)
    iris = [f"https://w3id.org/untoc-kg/graph/report/TEST-{n}/2000-01-01/zh" for n in range(150)]
    for iri in iris:
        many.store.add(Quad(NamedNode(iri.replace("/graph/", "/id/")), NamedNode(RDF_TYPE),
                            NamedNode("https://w3id.org/untoc-kg/ontology#Report"), NamedNode(iri)))
    publish(many, engine.update, credentials=engine.credentials)
    try:
        assert len(dataset_graphs(engine.query, engine.credentials)) == 10 + 150
        result = remote_query(engine.query, "resolutions", credentials=engine.credentials, dataset=engine.dataset)
        assert sorted(map(repr, result.rows)) == sorted(map(repr, run_query(local, "resolutions").rows))
    finally:
        publish_nothing = [(iri, "") for iri in iris]
        for body in update_requests(publish_nothing):
            _send(engine.update, "POST", body.encode(), "application/sparql-update", "clean-up",
                  engine.credentials, 60)
    assert len(dataset_graphs(engine.query, engine.credentials)) == 10


def test_the_dataset_is_the_servers_union_where_it_has_one(engine, local):
    # Oxigraph and Jena started with their union default graph, and Virtuoso, are queried
    # without naming a graph; started as they are by default, each graph is named.
    chosen = remote_dataset(engine.query, engine.credentials, mode=engine.dataset)
    assert chosen.mode == engine.mode
    if chosen.mode == "union":
        assert chosen.default_graphs == [] and chosen.named_graphs == []
    else:
        reports = sorted(g for g in local.named_graphs() if "/graph/report/" in g)
        assert len(reports) == 5 and chosen.default_graphs[-5:] == reports
        assert set(chosen.default_graphs) == set(local.named_graphs()) and chosen.named_graphs == [str(SERVING_GRAPH)]


def test_union_is_refused_where_the_default_graph_is_not_the_union(engine, disk_store):
    # Asked for, the union is checked: a server whose default graph does not see the reports
    # of its named graphs is not queried as if it did, and the user is told what to do.
    result = run_cli("--store", str(disk_store), "query", "resolutions", "--endpoint", engine.query,
                     "--dataset", "union", env=engine.env)
    if engine.mode == "union":
        assert result.exit_code == 0, result.output
        return
    if engine.name == "virtuoso":           # its default graph is the union: --dataset graphs was the setup's choice
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    assert ("does not give the union of its named graphs as its default graph (its default graph sees 0 of "
            "the 5 reports of its named graphs): start it with its union default graph") in result.output


REPORT_IN_DEFAULT = ("INSERT DATA { <https://w3id.org/untoc-kg/id/report/TEST/2000-01-01/zh> "
                     "a <https://w3id.org/untoc-kg/ontology#Report> }")


def test_a_default_graph_that_is_not_the_union_is_not_taken_for_it(engine, local):
    # A report in the default graph alone (an export once loaded there): the default graph now
    # sees a report, but not the five of the named graphs, and auto still names every graph.
    if engine.mode == "union" or engine.name == "virtuoso":
        pytest.skip("the default graph of this setup is the union of its named graphs")
    _send(engine.update, "POST", REPORT_IN_DEFAULT.encode(), "application/sparql-update", "update",
          engine.credentials, 60)
    try:
        assert remote_dataset(engine.query, engine.credentials).mode == "graphs"
        result = remote_query(engine.query, "resolutions", credentials=engine.credentials)
        assert sorted(map(repr, result.rows)) == sorted(map(repr, run_query(local, "resolutions").rows))
        with pytest.raises(RemoteError, match=r"its default graph sees 0 of the 5 reports of its named graphs, "
                                              r"and 1 report\(s\) of its own default graph besides\)"):
            remote_dataset(engine.query, engine.credentials, mode="union")
    finally:
        _send(engine.update, "POST", REPORT_IN_DEFAULT.replace("INSERT", "DELETE").encode(),
              "application/sparql-update", "clean-up", engine.credentials, 60)
    assert remote_dataset(engine.query, engine.credentials).mode == "graphs"


def test_a_query_whose_comments_name_an_update_keyword_is_sent_as_a_query(engine):
    # SPARQLWrapper reads the form off the first keyword it finds, and its comment filter
    # misses every other line of a header; a stored query's header that said "a loaded
    # meeting" on its second line went to the engine as an update (LOAD).
    _, rows = select(engine.query, "# title: The reports\n# description: the reports of a loaded meeting\n"
                     "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?r a <https://w3id.org/untoc-kg/ontology#Report> } }",
                     engine.credentials)
    assert rows == [["5"]]
