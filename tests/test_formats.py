"""One table of output formats (untoc_kg/formats.py) serves the CLI, the export, the dumps and the
server: every format it lists is written by the face that offers it, under the media type the
table gives, and reads back to the same data (issue 18)."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from tests.servers import Running, samples_on_disk
from tests.test_report_000 import ITEM_2_PARTIES
from untoc_kg import formats
from untoc_kg.cli import cli
from untoc_kg.dataset import DUMPS
from untoc_kg.export import EXPORT_FORMATS, export
from untoc_kg.output import FORMATS as QUERY_FORMATS
from untoc_kg.queries import run_query
from untoc_kg.server import create_app
from untoc_kg.store import DUMP_FORMATS, GraphStore
from untoc_kg.web.negotiation import FORMAT_NAMES, GRAPHS, RESULTS
from untoc_kg.web.resource_page import ALTERNATES

MEETING = "https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03"
# The party delegations that spoke under item 2 of the meeting (¶… of report 000, tests/test_report_000.py).
ITEM_2_SELECT = f"""PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
SELECT DISTINCT ?code WHERE {{
  ?statement untoc:agendaItemOf <{MEETING}/item/2> ; untoc:role untoc:PartyDelegation ;
             untoc:speaker/untoc:code ?code .
}} ORDER BY ?code"""
ITEM_2_CONSTRUCT = f"""PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
CONSTRUCT {{ ?state untoc:code ?code }} WHERE {{
  ?statement untoc:agendaItemOf <{MEETING}/item/2> ; untoc:role untoc:PartyDelegation ; untoc:speaker ?state .
  ?state untoc:code ?code .
}}"""
RDF = formats.of_kind("rdf")
RESULT_FORMATS = formats.of_kind("results")
ROWS = formats.of_kind("rows")
JSON_LD = ox.RdfFormat.JSON_LD            # the compacted JSON-LD the project writes reads back with it


def reader(fmt: formats.Format) -> ox.RdfFormat:
    return fmt.oxigraph or JSON_LD


def ground(quads) -> set[str]:
    """The quads (or triples) without blank nodes, as text; blank node labels differ per parse."""
    return {str(q) for q in quads if "_:" not in str(q)}


def with_blank_nodes(quads) -> int:
    return sum(1 for q in quads if "_:" in str(q))


# -- the table -----------------------------------------------------------------------------------

def test_each_format_is_listed_once_and_as_pyoxigraph_names_it():
    for kind in ("rdf", "results", "rows"):
        listed = formats.of_kind(kind)
        assert len({f.name for f in listed}) == len(listed), kind
        assert len({f.media_type for f in listed}) == len(listed), kind
    for fmt in formats.FORMATS:
        engine = fmt.oxigraph or (JSON_LD if fmt.name == "jsonld" else None)
        if engine is None:
            continue
        assert fmt.media_type == engine.media_type.split(";")[0], fmt.name
        assert fmt.extension == engine.file_extension, fmt.name
        if fmt.kind == "rdf":
            assert fmt.quads == engine.supports_datasets, fmt.name
    # A dump's URL is /dumps/untoc-kg.NAME: a graph format's name is its extension.
    assert all(f.name == f.extension for f in RDF)


def test_every_face_reads_its_list_from_the_table():
    assert EXPORT_FORMATS == ("ttl", "nt", "nq", "trig", "jsonld")
    assert DUMPS == {f.name: (f.extension, f.media_type) for f in RDF}
    assert set(DUMP_FORMATS) == {"ttl", "nt", "nq", "trig"}
    assert QUERY_FORMATS == ("table", "csv", "json")
    assert GRAPHS == ["text/turtle", "application/n-triples", "application/ld+json"]
    assert list(RESULTS)[0] == "application/sparql-results+json"
    assert set(RESULTS) == {f.media_type for f in RESULT_FORMATS} | {"application/json", "application/xml"}
    assert {name for name in FORMAT_NAMES} == {"json", "xml", "csv", "tsv", "ttl", "turtle", "nt", "jsonld", "html"}
    assert [(name, media) for name, media, _label in ALTERNATES] == [
        ("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples")]


# -- export ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", RDF, ids=[f.name for f in RDF])
def test_every_graph_format_round_trips_through_export(store_all, fmt):
    data = export(store_all, fmt.name)
    read = list(ox.parse(data, format=reader(fmt)))
    if fmt.quads:
        # Each quad in its report's graph: as many graphs, the same quads.
        expected = list(store_all.store)
        assert {q.graph_name for q in read} == {q.graph_name for q in expected}
    else:
        # A triple format holds the union of the graphs, each triple once.
        expected = list({ox.Triple(q.subject, q.predicate, q.object) for q in store_all.store})
        read = [q.triple if isinstance(q, ox.Quad) else q for q in read]
    assert ground(read) == ground(expected)
    assert with_blank_nodes(read) == with_blank_nodes(expected) > 20      # the ontology's OWL lists
    assert len(read) == len(expected)


@pytest.mark.parametrize("fmt", ROWS, ids=[f.name for f in ROWS])
def test_every_row_format_reads_back_to_the_rows_of_the_query(store_all, tmp_path, fmt):
    path = tmp_path / "db"
    with GraphStore(path) as store:
        store.store.bulk_extend(store_all.store)
    printed = CliRunner().invoke(cli, ["--store", str(path), "query", "resolutions", "--format", fmt.name])
    assert printed.exit_code == 0, printed.output
    expected = run_query(store_all, "resolutions")
    assert len(expected.rows) >= 4
    if fmt.name == "json":
        assert [list(row.values()) for row in json.loads(printed.output)] == expected.rows
    elif fmt.name == "csv":
        rows = list(csv.reader(io.StringIO(printed.output)))
        assert rows[0] == expected.columns
        assert rows[1:] == [["" if cell is None else cell for cell in row] for row in expected.rows]
    else:
        lines = printed.output.splitlines()
        assert lines[0].split(" | ")[0].strip() == expected.columns[0]
        assert lines[-1] == f"({len(expected.rows)} rows)" and len(lines) == len(expected.rows) + 3


# -- the server --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with samples_on_disk(tmp_path_factory, "formats") as store:
        running = Running(create_app(store, timeout=30, limit=1000, workers=1))
        try:
            yield running.url, store
        finally:
            running.stop()


def fetch(url: str, accept: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def sparql_url(base: str, query: str, **more: str) -> str:
    return f"{base}/sparql?" + urllib.parse.urlencode({"query": query, **more})


@pytest.mark.parametrize("fmt", RDF, ids=[f.name for f in RDF])
def test_every_graph_format_round_trips_through_the_server(server, fmt):
    base, store = server
    # The dump, under the table's media type, holds what the export holds.
    status, media, body = fetch(f"{base}/dumps/untoc-kg.{fmt.extension}")
    assert status == 200 and media.split(";")[0] == fmt.media_type
    assert ground(ox.parse(body, format=reader(fmt))) == ground(ox.parse(export(store, fmt.name), format=reader(fmt)))
    # A CONSTRUCT answer, by Accept and by ?format=, in the formats the server answers graphs in.
    for url, accept in ((sparql_url(base, ITEM_2_CONSTRUCT), fmt.media_type),
                        (sparql_url(base, ITEM_2_CONSTRUCT, format=fmt.name), None)):
        status, media, body = fetch(url, accept)
        if not fmt.answers:
            assert status == 406, (fmt.name, status)
            continue
        assert status == 200 and media.split(";")[0] == fmt.media_type, (fmt.name, media)
        codes = sorted(t.object.value for t in ox.parse(body, format=reader(fmt)))
        assert codes == sorted(ITEM_2_PARTIES)


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=[f.name for f in RESULT_FORMATS])
def test_every_results_format_round_trips_through_the_server(server, fmt):
    base, _ = server
    for url, accept in ((sparql_url(base, ITEM_2_SELECT), fmt.media_type),
                        *((sparql_url(base, ITEM_2_SELECT), alias) for alias in fmt.media_aliases),
                        (sparql_url(base, ITEM_2_SELECT, format=fmt.name), None)):
        status, media, body = fetch(url, accept)
        # Asked for by a plainer type (application/json), the answer says that type.
        expected = accept if accept in fmt.media_aliases else fmt.media_type
        assert status == 200 and media.split(";")[0] == expected, (fmt.name, accept, media)
        if fmt.oxigraph == ox.QueryResultsFormat.CSV:     # lossy: pyoxigraph does not read it back
            rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
            codes = [row[0] for row in rows[1:]]
            assert rows[0] == ["code"]
        else:
            codes = [str(solution["code"].value) for solution in ox.parse_query_results(body, format=fmt.oxigraph)]
        assert codes == sorted(ITEM_2_PARTIES)


@pytest.mark.parametrize("fmt", [f for f in ROWS if f.name != "table"], ids=lambda f: f.name)
def test_every_row_format_round_trips_through_the_server(server, fmt):
    # A stored query's rows, as `untoc-kg query --format NAME` prints them and as the server sends them.
    base, store = server
    status, media, body = fetch(f"{base}/queries/resolutions", fmt.media_type)
    assert status == 200 and media.split(";")[0] == fmt.media_type
    printed = CliRunner().invoke(cli, ["--store", str(store.path), "query", "resolutions", "--format", fmt.name])
    assert printed.exit_code == 0, printed.output
    if fmt.name == "json":
        assert json.loads(body) == json.loads(printed.output) and len(json.loads(body)) >= 4
    else:
        assert body.decode("utf-8") == printed.output and body.count(b"\n") >= 5


def test_every_alternate_of_a_resource_page_is_its_graph_in_that_format(server):
    # The alternate links of /id/… pages: each gives the same triples, under the table's media type.
    base, _ = server
    path = "/id/" + MEETING.split("/id/", 1)[1]
    graphs = []
    for name, media_type, _label in ALTERNATES:
        fmt = formats.rdf_format(name)
        for url, accept in ((f"{base}{path}?format={name}", None), (f"{base}{path}", media_type)):
            status, media, body = fetch(url, accept)
            assert status == 200 and media.split(";")[0] == media_type, (name, media)
            graphs.append(ground(ox.parse(body, format=reader(fmt))))
    assert all(graph == graphs[0] for graph in graphs) and len(graphs[0]) > 20
    assert any(MEETING in triple for triple in graphs[0])
