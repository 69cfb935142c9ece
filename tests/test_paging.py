"""Listings page: limit and offset on every stored query, pages and streamed CSV from the server,
the server's row limit inside the query, and the streaming `query --format csv` and `export -o`.

The rows are the five sample reports' (store_all in memory, disk_store on disk for the server,
whose workers open the store in their own processes)."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import time
import urllib.parse

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from tests.servers import Running, samples_on_disk
from tests.test_server import ITEM_2_QUERY, fetch, get, json_rows
from tests.test_report_000 import ITEM_2_PARTIES
from untoc_kg.web import jobs as jobs_module
from untoc_kg.cli import cli
from untoc_kg.errors import UntocError
from untoc_kg.export import export
from untoc_kg.output import csv_chunks, render
from untoc_kg.queries import (bound_text, has_order_by, iter_query, page_query, paging, parameter_blocks, run_query,
                              stored_queries, with_slice, with_values)
from untoc_kg.server import CsvJob, ProcessRunner, Stream, StoredJob, capped, create_app

# What a query needs to give rows on the samples (state-profile has a required parameter).
BASE = {"state-profile": {"state": "PER"}}


def pages(store, name, params, size):
    """Every page of `size` rows, until one comes back short."""
    out, offset = [], 0
    while True:
        page = run_query(store, name, {**params, "limit": str(size), "offset": str(offset)}).rows
        out.append(page)
        if len(page) < size:
            return out
        offset += size


# -- the binder -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(stored_queries()))
def test_pages_concatenated_are_the_full_listing(store_all, name):
    params = BASE.get(name, {})
    full = run_query(store_all, name, params).rows
    assert full, name
    size = max(1, len(full) // 4 + 1)          # four or five pages, the last one short
    got = pages(store_all, name, params, size)
    assert [row for page in got for row in page] == full
    assert all(len(page) == size for page in got[:-1]) and len(got[-1]) < size


@pytest.mark.parametrize("name, params", [("statements", {"state": "USA"}), ("attendance", {}),
                                          ("co-sponsorship", {"min_acts": "2"}), ("recommendations", {})])
def test_small_pages_with_parameters(store_all, name, params):
    full = run_query(store_all, name, params).rows
    assert len(full) > 21
    assert [r for page in pages(store_all, name, params, 7) for r in page] == full
    assert run_query(store_all, name, {**params, "limit": "10", "offset": "20"}).rows == full[20:30]
    assert run_query(store_all, name, {**params, "offset": str(len(full) - 2)}).rows == full[-2:]
    assert run_query(store_all, name, {**params, "limit": "0"}).rows == []
    assert run_query(store_all, name, {**params, "offset": str(len(full) + 5)}).rows == []


def test_every_stored_query_orders_its_answer():
    # A page is well defined only under an order; the binder refuses to page a query without one.
    for name, query in stored_queries().items():
        assert has_order_by(query.text), name


def test_paging_goes_after_the_order_by_and_nowhere_else():
    query = stored_queries()["statements"]
    plain = bound_text(query, {"state": "USA"})
    paged = bound_text(query, {"state": "USA", "limit": "10", "offset": "20"})
    assert paged == plain.rstrip("\n") + "\nLIMIT 10 OFFSET 20\n"
    assert re.search(r"ORDER BY [^\n]+\nLIMIT 10 OFFSET 20\n$", paged)
    assert bound_text(query, {"state": "USA", "offset": "0"}) == plain     # nothing to add
    assert bound_text(query, {"offset": "5"}).endswith("\nOFFSET 5\n")
    # The caller's cap: the smaller of it and the given limit.
    assert bound_text(query, {"state": "USA", "limit": "10"}, cap=4).endswith("\nLIMIT 4\n")
    assert bound_text(query, {"state": "USA", "limit": "3"}, cap=4).endswith("\nLIMIT 3\n")
    assert bound_text(query, {"state": "USA"}, cap=4).endswith("\nLIMIT 4\n")


def test_a_page_of_a_listing_as_it_stands_is_read_by_rank():
    query = stored_queries()["statements"]
    ranked = bound_text(query, {"limit": "3", "offset": "10"})
    # The page query, with the ranks of the rows asked for in its block; no LIMIT, no OFFSET.
    assert ranked == with_values(page_query(query).text, {ox.Variable("rank"): tuple(
        ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")) for n in (11, 12, 13))})
    assert ranked.count("VALUES (?rank) { (11) (12) (13) }") == 1 and "UNION" not in ranked
    assert re.search(r"\n(LIMIT|OFFSET) \d+\n$", ranked) is None
    assert bound_text(query, {"lang": "en", "limit": "3", "offset": "10"}) == ranked    # the default given
    assert bound_text(query, {"limit": "10"}, cap=4).count("VALUES (?rank) { (1) (2) (3) (4) }") == 1
    assert bound_text(query, {}, cap=2).count("VALUES (?rank) { (1) (2) }") == 1
    # Any other call is paged by LIMIT and OFFSET: a parameter given, no limit, a page too large.
    assert bound_text(query, {"lang": "zh", "limit": "3", "offset": "10"}).endswith("\nLIMIT 3 OFFSET 10\n")
    assert bound_text(query, {"offset": "10"}).endswith("\nOFFSET 10\n")
    assert bound_text(query, {"limit": "5000"}).endswith("\nLIMIT 5000\n")
    assert bound_text(query, {"limit": "0"}).endswith("\nLIMIT 0\n")
    # A query the serving layer keeps no ranks for is paged as before.
    assert bound_text(stored_queries()["persons"], {"limit": "3"}).endswith("\nLIMIT 3\n")


@pytest.mark.parametrize("name", sorted(n for n, q in stored_queries().items() if q.ranked))
def test_the_page_query_of_a_ranked_listing_prints_the_same_columns_in_the_same_order(name):
    query = stored_queries()[name]
    page = page_query(query)
    assert page.columns == query.columns and page.multi == query.multi and page.ranked == "rank"
    order = re.compile(r"\nORDER BY [^\n]+")
    assert order.findall(page.text) == order.findall(query.text)
    assert not page.params and parameter_blocks(page.text) == [["rank"]]


def test_a_ranked_query_names_its_rank_variable_apart_from_its_parameters(tmp_path):
    from untoc_kg.queries import parse_query_file
    (tmp_path / "q.rq").write_text("# title: T\n# description: D.\n# param: rank (integer) — rows\n# ranked: rank — r\n"
                                   "SELECT * WHERE {\n  VALUES (?rank) { (UNDEF) }\n  ?s ?p ?o\n} ORDER BY ?s\n")
    with pytest.raises(UntocError, match="not one of the query's parameters"):
        parse_query_file(tmp_path / "q.rq")


@pytest.mark.parametrize("value", ["-1", "ten", "1.5", "10 } UNION { ?s ?p ?o }", "", "1e3", "0x10"])
@pytest.mark.parametrize("name", ["limit", "offset"])
def test_limit_and_offset_are_whole_numbers(store_all, name, value):
    with pytest.raises(UntocError, match=f"^The parameter {name} takes a whole number of rows, 0 or more"):
        run_query(store_all, "statements", {name: value})


def test_paging_parameters_are_taken_out_and_checked():
    given = {"state": "USA", "limit": " 10 ", "offset": "3"}
    assert paging(given) == (10, 3) and given == {"state": "USA"}
    assert paging({}) == (None, 0)
    # Still the query's own parameters that are checked for strangers.
    with pytest.raises(UntocError, match="has no parameter colour.*limit, offset"):
        bound_text(stored_queries()["statements"], {"colour": "red", "limit": "1"})


def test_a_query_may_not_declare_a_paging_parameter(tmp_path):
    from untoc_kg.queries import parse_query_file
    (tmp_path / "q.rq").write_text("# title: T\n# description: D.\n# param: limit (integer) — rows\n"
                                   "SELECT * WHERE {\n  VALUES (?limit) { (UNDEF) }\n  ?s ?p ?o\n} ORDER BY ?s\n")
    with pytest.raises(UntocError, match="limit is a parameter of every stored query"):
        parse_query_file(tmp_path / "q.rq")


def test_iter_query_gives_the_rows_of_run_query(store_all):
    for name in ("statements", "persons", "states-on-topic"):       # persons and states-on-topic: multi cells
        columns, rows = iter_query(store_all, name, {"limit": "30"})
        expected = run_query(store_all, name, {"limit": "30"})
        assert columns == expected.columns and list(rows) == expected.rows


def test_streamed_csv_is_the_rendered_csv(store_all):
    result = run_query(store_all, "statements")
    chunks = list(csv_chunks(result.columns, iter(result.rows), rows_per_chunk=50))
    assert len(chunks) == 1 + -(-len(result.rows) // 50)
    assert b"".join(chunks).decode("utf-8") == render(result, "csv")


# -- LIMIT and OFFSET written into a query text ------------------------------------------------

@pytest.mark.parametrize("text, limit, offset, expected", [
    ("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x", 6, 0, "SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\nLIMIT 6\n"),
    ("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\n", 6, 2, "SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\nLIMIT 6 OFFSET 2\n"),
    # A comment at the end: the clause goes on a line of its own.
    ("SELECT ?x WHERE { ?x ?p ?o } # the end", 6, 0, "SELECT ?x WHERE { ?x ?p ?o } # the end\nLIMIT 6\n"),
    # A smaller LIMIT of its own is kept; a larger one rewritten where it stands.
    ("SELECT ?x WHERE { ?x ?p ?o } LIMIT 3", 6, 0, "SELECT ?x WHERE { ?x ?p ?o } LIMIT 3"),
    ("SELECT ?x WHERE { ?x ?p ?o } LIMIT 50 OFFSET 1", 6, 0, "SELECT ?x WHERE { ?x ?p ?o } LIMIT 6 OFFSET 1"),
    ("SELECT ?x WHERE { ?x ?p ?o } OFFSET 4", 6, 0, "SELECT ?x WHERE { ?x ?p ?o } OFFSET 4\nLIMIT 6\n"),
    # LIMIT in a subquery, a string, an IRI, a comment or a variable's name is not the query's.
    ("SELECT * WHERE { { SELECT ?x WHERE { ?x ?p ?o } LIMIT 100 } }", 6, 0,
     "SELECT * WHERE { { SELECT ?x WHERE { ?x ?p ?o } LIMIT 100 } }\nLIMIT 6\n"),
    ('PREFIX a: <http://x/LIMIT 1>\nSELECT ?limit WHERE { ?limit ?p "} LIMIT 2" } ORDER BY ?limit # LIMIT 3', 6, 0,
     'PREFIX a: <http://x/LIMIT 1>\nSELECT ?limit WHERE { ?limit ?p "} LIMIT 2" } ORDER BY ?limit # LIMIT 3\nLIMIT 6\n'),
    ("SELECT (EXISTS { ?a ?b ?c } AS ?e) { ?x ?p ?o }", 6, 0, "SELECT (EXISTS { ?a ?b ?c } AS ?e) { ?x ?p ?o }\nLIMIT 6\n"),
    ("select ?x { ?x ?p ?o } group by ?x having (count(*) > 1)", 6, 0,
     "select ?x { ?x ?p ?o } group by ?x having (count(*) > 1)\nLIMIT 6\n"),
    # What is left as it is (None): not a SELECT, a final VALUES, braces after the WHERE
    # group, an offset asked of a query with its own LIMIT or OFFSET, brackets that do not balance.
    ("CONSTRUCT WHERE { ?s ?p ?o }", 6, 0, None),
    ("ASK { ?s ?p ?o }", 6, 0, None),
    ("DESCRIBE <http://x>", 6, 0, None),
    ("SELECT ?x WHERE { ?x ?p ?o } VALUES ?x { 1 }", 6, 0, None),
    ("SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?x HAVING (EXISTS { ?x ?p 1 })", 6, 0, None),
    ("SELECT ?x WHERE { ?x ?p ?o } LIMIT 3", 6, 2, None),
    ("SELECT ?x WHERE { ?x ?p ?o } OFFSET 3", 6, 2, None),
    ("SELECT ?x WHERE { ?x ?p ?o ", 6, 0, None),
    ("INSERT DATA { <a> <b> <c> }", 6, 0, None),
])
def test_with_slice(text, limit, offset, expected):
    assert with_slice(text, limit, offset) == expected


def test_capped_texts_parse_and_keep_their_answer(store_all):
    # The server's cap on /sparql texts: LIMIT n+1 where it can be written, the text unchanged elsewhere.
    assert capped(ITEM_2_QUERY, 5).endswith("ORDER BY ?code\nLIMIT 6\n")
    codes = [s["code"].value for s in store_all.query(capped(ITEM_2_QUERY, 5))]
    assert codes == sorted(ITEM_2_PARTIES)[:6]
    assert capped("CONSTRUCT WHERE { ?s ?p ?o }", 5) == "CONSTRUCT WHERE { ?s ?p ?o }"


# -- the server ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    with samples_on_disk(tmp_path_factory, "paged") as store:
        yield store


@pytest.fixture(scope="module")
def server(disk_store):
    running = Running(create_app(disk_store, timeout=30, limit=1000, workers=2))
    yield running.url
    running.stop()


@pytest.fixture(scope="module")
def small(disk_store):
    """A server whose row limit (40) is below the listings' length."""
    running = Running(create_app(disk_store, timeout=30, limit=40, workers=1))
    yield running.url
    running.stop()


def links(headers) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]*)>; rel="(\w+)"', headers.get("Link") or "")}


def test_json_pages(server, disk_store):
    full = json.loads(render(run_query(disk_store, "statements", {"state": "USA"}), "json"))
    assert len(full) > 30
    status, headers, body = get(server, "/queries/statements", state="USA", limit=10, offset=20, format="json")
    assert status == 200 and json.loads(body) == full[20:30]
    assert "X-Untoc-Partial" not in headers
    found = links(headers)
    assert set(found) == {"prev", "next"}
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(found["next"]).query) == \
        {"state": ["USA"], "format": ["json"], "limit": ["10"], "offset": ["30"]}
    assert "offset=10" in found["prev"]
    # Following next to the end gives the listing.
    rows, url = [], f"/queries/statements?state=USA&limit=13&format=json"
    while url:
        status, headers, body = fetch(server + url)
        rows += json.loads(body)
        url = links(headers).get("next")
    assert rows == full
    # The last page, exactly full: no next page.
    status, headers, body = get(server, "/queries/statements", state="USA", limit=len(full), format="json")
    assert json.loads(body) == full and "next" not in links(headers)


def test_html_pages_show_a_hundred_rows_with_links(server, disk_store):
    full = run_query(disk_store, "statements")
    assert len(full.rows) > 200
    status, headers, body = get(server, "/queries/statements", "text/html")
    page = body.decode("utf-8")
    assert status == 200 and page.count("<tr><td>") == 100
    assert "rows 1–100" in page and 'rel="next"' in page and 'rel="prev"' not in page
    assert 'href="?limit=100&amp;offset=100"' in page
    status, headers, body = get(server, "/queries/statements", "text/html", body="CTOC/COP/WG.2", limit=50, offset=50)
    page = body.decode("utf-8")
    assert "rows 51–100" in page and page.count("<tr><td>") == 50
    assert "body=CTOC%2FCOP%2FWG.2&amp;limit=50&amp;offset=100" in page        # the other parameters kept
    assert "body=CTOC%2FCOP%2FWG.2&amp;limit=50\"" in page                    # previous: the first page
    expected = run_query(disk_store, "statements", {"body": "CTOC/COP/WG.2", "limit": "50", "offset": "50"})
    assert expected.rows[0][3] in page and expected.rows[-1][3] in page
    status, _, body = get(server, "/queries/statements", "text/html", limit="-3")
    assert status == 400 and "whole number" in body.decode()


def test_csv_streams_the_whole_listing_past_the_row_limit(small, disk_store):
    expected = render(run_query(disk_store, "statements"), "csv")
    assert expected.count("\n") > 500
    url = urllib.parse.urlsplit(small)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.request("GET", "/queries/statements?format=csv")
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/csv")
    assert response.getheader("Transfer-Encoding") == "chunked" and response.getheader("X-Untoc-Partial") is None
    assert response.read().decode("utf-8") == expected
    connection.close()
    # A page as CSV; JSON from the same server is cut at its limit and says so.
    status, headers, body = get(small, "/queries/statements", format="csv", limit=10, offset=5)
    assert body.decode() == render(run_query(disk_store, "statements", {"limit": "10", "offset": "5"}), "csv")
    status, headers, body = get(small, "/queries/statements", format="json")
    assert headers["X-Untoc-Partial"] == "limit 40" and len(json.loads(body)) == 40
    status, _, body = get(small, "/queries/statements", format="csv", colour="red")
    assert status == 400 and body.decode().startswith("The query statements has no parameter colour")
    status, _, body = get(small, "/queries/statements", format="csv", offset="x")
    assert status == 400 and b"whole number" in body


def test_the_server_limit_and_a_page(small, disk_store):
    full = json.loads(render(run_query(disk_store, "attendance"), "json"))
    # A page within the limit is not partial, and has a next page.
    status, headers, body = get(small, "/queries/attendance", format="json", limit=40, offset=40)
    assert json.loads(body) == full[40:80] and "X-Untoc-Partial" not in headers and "next" in links(headers)
    # A page larger than the limit is cut at it, and partial.
    status, headers, body = get(small, "/queries/attendance", format="json", limit=100, offset=10)
    assert json.loads(body) == full[10:50] and headers["X-Untoc-Partial"] == "limit 40"


def test_sparql_select_is_limited_inside_the_query(small):
    query = ITEM_2_QUERY.replace("ORDER BY ?code", "ORDER BY ?code OFFSET 2")
    status, headers, body = get(small, "/sparql", "application/sparql-results+json", query=query)
    assert [r["code"] for r in json_rows(body)] == sorted(ITEM_2_PARTIES)[2:]          # fewer than 40
    assert "X-Untoc-Partial" not in headers
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    status, headers, body = get(small, "/sparql", "text/csv", query=everything)
    assert headers["X-Untoc-Partial"] == "limit 40" and len(body.decode().strip().splitlines()) == 41
    status, headers, body = get(small, "/sparql", "application/sparql-results+json",
                                query=everything + " LIMIT 100000")
    assert headers["X-Untoc-Partial"] == "limit 40" and len(json_rows(body)) == 40
    status, headers, body = get(small, "/sparql", "application/sparql-results+json", query=everything + " LIMIT 40")
    assert "X-Untoc-Partial" not in headers and len(json_rows(body)) == 40
    # A text the rewrite leaves alone is answered as before; a malformed one with its own message.
    status, _, body = get(small, "/sparql", "application/sparql-results+json",
                          query="SELECT ?x WHERE { ?x ?p ?o } VALUES ?x { 1 }")
    assert status == 200
    status, _, body = get(small, "/sparql", "application/sparql-results+json", query="SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and body.decode().startswith("The query does not parse: error at 1:")


def test_a_stream_left_midway_frees_its_worker(disk_store):
    runner = ProcessRunner(disk_store.path, 1, 30)
    runner.start()
    try:
        stream = runner.stream(CsvJob("statements", ()))
        assert isinstance(stream, Stream) and stream.answer.status == 200
        first = next(stream.chunks)
        assert first.startswith(b"body,meeting_start,agenda_item")
        stream.chunks.close()                 # the client went away: the worker is replaced
        deadline = time.monotonic() + 60
        answer = runner.run(StoredJob("resolutions", (), 1000))
        assert answer.status == 200 and len(answer.result.rows) == 6 and time.monotonic() < deadline
        # A whole stream gives its worker back for the next job.
        stream = runner.stream(CsvJob("resolutions", (("limit", "2"),)))
        assert b"".join(stream.chunks).decode().count("\n") == 3
        assert runner.run(StoredJob("resolutions", (("limit", "1"),), 1000)).more is True
    finally:
        runner.close()


def test_a_stream_past_its_deadline_is_cut(store_all, monkeypatch):
    # In memory the stream is read in threads (ThreadRunner); a slow listing ends without its last chunk.
    def slow(columns, rows, rows_per_chunk=500):
        for chunk in csv_chunks(columns, rows, rows_per_chunk=20):
            time.sleep(0.05)
            yield chunk
    monkeypatch.setattr(jobs_module, "csv_chunks", slow)
    running = Running(create_app(store_all, timeout=0.5, limit=10, workers=1))
    try:
        url = urllib.parse.urlsplit(running.url)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        connection.request("GET", "/queries/statements?format=csv")
        response = connection.getresponse()
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead):
            response.read()
        connection.close()
    finally:
        running.stop()


# -- the command line ---------------------------------------------------------------------------

def cli_run(store, *args) -> bytes:
    result = CliRunner().invoke(cli, ["--store", str(store.path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_cli_pages_and_streams_csv(disk_store):
    full = run_query(disk_store, "statements", {"state": "USA"})
    out = cli_run(disk_store, "query", "statements", "--param", "state=USA", "--format", "csv")
    assert out.decode("utf-8") == render(full, "csv")
    out = cli_run(disk_store, "query", "statements", "-p", "state=USA", "--param", "limit=10", "--param", "offset=20",
                  "--format", "json")
    assert json.loads(out) == json.loads(render(full, "json"))[20:30]
    rows = list(csv.reader(io.StringIO(cli_run(disk_store, "query", "attendance", "-p", "limit=3",
                                               "--format", "csv").decode())))
    assert len(rows) == 4
    result = CliRunner().invoke(cli, ["--store", str(disk_store.path), "query", "statements", "-p", "limit=-1"])
    assert result.exit_code == 1 and "limit takes a whole number" in result.output


def test_cli_list_names_the_paging_parameters_once(disk_store):
    out = cli_run(disk_store, "query", "--list").decode()
    assert out.count("--param limit=") == 1 and out.count("--param offset=") == 1
    assert "every stored query also takes" in out


@pytest.mark.parametrize("fmt", ["nq", "ttl"])
def test_export_to_a_file_streams_the_same_bytes(disk_store, tmp_path, fmt):
    target = tmp_path / f"dump.{fmt}"
    result = CliRunner().invoke(cli, ["--store", str(disk_store.path), "export", "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == export(disk_store, fmt) == cli_run(disk_store, "export", "--format", fmt)
    assert f"bytes of {fmt} to {target}" in result.output
    assert [p.name for p in tmp_path.iterdir()] == [target.name]         # no partial file left behind
