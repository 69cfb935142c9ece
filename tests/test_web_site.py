"""The site around the stored queries (issue 15): the language of every page, the SPARQL page,
the ontology and dataset description for browsers, and what makes the pages usable on a phone
and with a screen reader. A real server on the five samples."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import pytest
import yaml
from rdflib import Graph

from tests.html_pages import by_id, links, parse, table_rows, text
from tests.servers import Running
from tests.test_report_000 import ITEM_2_PARTIES
from tests.test_server import ITEM_2_QUERY, MEETING, fetch
from tests.test_web_queries import disk_store, server  # noqa: F401 — the same kind of server, one per module
from untoc_kg.docs import vocabulary_terms, with_term_anchors
from untoc_kg.queries import stored_queries
from untoc_kg.resources import data_file
from untoc_kg.server import create_app
from untoc_kg.web import assets
from untoc_kg.web.iris import local_href
from untoc_kg.web.language import accepted_language
from untoc_kg.web.rendering import TEMPLATES, all_messages

HTML = "text/html,application/xhtml+xml,*/*;q=0.8"
WEB = Path(__file__).resolve().parent.parent / "untoc_kg" / "web"
SPEAKERS_QUERY = ITEM_2_QUERY.replace("SELECT ?code", "SELECT ?speaker ?code").replace(
    "untoc:speaker/untoc:code ?code", "untoc:speaker ?speaker . ?speaker untoc:code ?code")


def get(server, path, headers=None, **params):
    query = ("?" + urllib.parse.urlencode(params)) if params else ""
    return fetch(server + path + query, headers={"Accept": HTML, **(headers or {})})


# -- the language of a page -----------------------------------------------------------------------

def test_english_by_default_chinese_when_asked(server):
    status, headers, body = get(server, "/")
    html = parse(body)
    assert html.get("lang") == "en" and "Set-Cookie" not in headers
    assert text(html.find(".//nav//a[@href='/states']")) == "States"
    status, headers, body = get(server, "/", lang="zh")
    html = parse(body)
    assert html.get("lang") == "zh"
    assert text(html.find(".//nav//a[@href='/states']")) == "国家"
    assert text(html.find(".//a[@class='skip']")) == "跳到正文"
    # The choice is remembered.
    assert headers["Set-Cookie"].startswith("lang=zh;") and "Path=/" in headers["Set-Cookie"]
    status, _, body = get(server, "/queries/", headers={"Cookie": "lang=zh"})
    assert parse(body).get("lang") == "zh"
    # ?lang= wins over the cookie, the cookie over Accept-Language.
    status, _, body = get(server, "/queries/", headers={"Cookie": "lang=zh"}, lang="en")
    assert parse(body).get("lang") == "en"
    status, _, body = get(server, "/queries/", headers={"Cookie": "lang=en", "Accept-Language": "zh-CN,zh;q=0.9"})
    assert parse(body).get("lang") == "en"


def test_accept_language_is_honoured(server):
    status, headers, body = get(server, "/queries/state-profile", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    html = parse(body)
    assert html.get("lang") == "zh" and "Set-Cookie" not in headers
    assert by_id(html, "param-state").find(".//option[@value='PER']").text == "秘鲁 (PER)"
    assert text(html.find(".//label[@for='param-state']")) == "国家或组织"
    assert accepted_language("en-GB,en;q=0.9,zh;q=0.8") == "en"
    assert accepted_language("fr, zh-Hans;q=0.5") == "zh"
    assert accepted_language("fr, de") == "en" and accepted_language(None) == "en"
    assert accepted_language("zh;q=0, en;q=0.1") == "en"


def test_every_page_switches_language_keeping_its_parameters(server):
    for path, params in (("/", {}), ("/queries/statements", {"state": "ARG"}), ("/sparql", {}),
                         ("/id/state/ARG", {}), ("/.well-known/void", {}), ("/no-such-page", {})):
        status, _, body = get(server, path, **params)
        html = parse(body)
        zh, en = by_id(html, "lang-zh"), by_id(html, "lang-en")
        assert zh is not None and en is not None, path
        assert zh.get("lang") == "zh" and en.get("aria-current") == "true"
        target = urllib.parse.urlsplit(zh.get("href"))
        assert target.path == path and urllib.parse.parse_qs(target.query) == {
            **{k: [v] for k, v in params.items()}, "lang": ["zh"]}


def test_text_in_the_other_language_is_marked(server):
    # A Chinese page: the English titles of the stored queries carry lang="en" ...
    status, _, body = get(server, "/queries/", lang="zh")
    html = parse(body)
    title = html.find(".//table[@id='query-list']//td/span")
    # (the first stored query by name)
    assert title.get("lang") == "en" and text(title) == min(stored_queries().items())[1].title
    # ... and an English page marks the Chinese agenda titles the reports give.
    status, _, body = get(server, "/queries/statements", state="ARG")
    html = parse(body)
    marked = [s for s in html.iterfind(".//table[@id='results']//td/span") if re.search("[\u4e00-\u9fff]", text(s))]
    assert marked and all(s.get("lang") == "zh" for s in marked)


def test_every_message_is_in_both_languages_and_every_key_used_exists():
    for path in sorted(WEB.glob("messages*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data["en"]) == set(data["zh"]), path.name
    known = set(all_messages()["en"])
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        used |= set(re.findall(r"\bt\.([a-z_]+)\b", template.read_text(encoding="utf-8")))
    assert used and not sorted(used - known)


# -- the SPARQL page ------------------------------------------------------------------------------

def test_the_sparql_page_has_the_prefixes_and_the_stored_queries_as_examples(server):
    status, _, body = get(server, "/sparql")
    html = parse(body)
    assert status == 200
    editor = by_id(html, "query")
    assert html.find(".//label[@for='query']") is not None
    assert "PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>" in editor.text
    assert "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>" in editor.text
    examples = [a for a in html.iter("a") if a.get("class") == "example"]
    runnable = [name for name, q in stored_queries().items() if "SERVICE" not in q.text]
    assert [text(a) for a in examples] == runnable and "federated-states" not in runnable
    flagship = next(a for a in examples if text(a) == "states-on-topic")
    assert flagship.get("data-query") == stored_queries()["states-on-topic"].text
    # An example runs as it is.
    status, _, body = fetch(server + flagship.get("href"), headers={"Accept": HTML})
    assert status == 200 and len(table_rows(by_id(parse(body), "results"))) > 0


def test_a_browser_gets_a_table_with_links_and_a_program_gets_json(server):
    status, headers, body = get(server, "/sparql", query=SPEAKERS_QUERY)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    html = parse(body)
    rows = table_rows(by_id(html, "results"))
    assert [text(r[1]) for r in rows] == sorted(ITEM_2_PARTIES)
    assert links(rows[0][0]) == ["/id/state/ARG"]
    assert "PREFIX untoc:" in by_id(html, "query").text          # the query stays in the editor
    status, headers, body = fetch(server + "/sparql?" + urllib.parse.urlencode({"query": SPEAKERS_QUERY}),
                                  headers={"Accept": "application/sparql-results+json"})
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert [b["code"]["value"] for b in json.loads(body)["results"]["bindings"]] == sorted(ITEM_2_PARTIES)
    # The form's own choice of format.
    status, headers, body = get(server, "/sparql", query=SPEAKERS_QUERY, format="csv")
    assert headers["Content-Type"].startswith("text/csv") and body.decode().splitlines()[0] == "speaker,code"


def test_the_sparql_page_says_what_is_wrong(server):
    status, _, body = get(server, "/sparql", query="SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and text(by_id(parse(body), "failure")).startswith("The query does not parse")
    status, _, body = get(server, "/sparql", query="ASK { ?s ?p ?o }")
    assert status == 200 and text(by_id(parse(body), "results")).startswith("true")
    status, _, body = get(server, "/sparql", query=f"CONSTRUCT WHERE {{ <{MEETING}> ?p ?o }}")
    rows = table_rows(by_id(parse(body), "results"))
    assert rows and all(links(r[0]) == ["/id/meeting/CTOC-COP-WG.2/2024-06-03"] for r in rows)


@pytest.mark.skipif(not assets.yasgui_installed(), reason="YASGUI is not installed (make setup runs npm)")
def test_yasgui_is_served_from_this_server(server):
    status, _, body = get(server, "/sparql")
    scripts = [s.get("src") for s in parse(body).iter("script")]
    assert "/static/yasgui/yasgui.min.js" in scripts and all(src.startswith("/") for src in scripts if src)
    status, headers, script = fetch(server + "/static/yasgui/yasgui.min.js")
    assert status == 200 and len(script) > 100_000 and "javascript" in headers["Content-Type"]
    assert fetch(server + "/static/yasgui/yasgui.min.css")[0] == 200


def test_without_yasgui_the_page_is_a_form_and_says_so(disk_store, monkeypatch, tmp_path):
    monkeypatch.setattr(assets, "YASGUI_BUILD", tmp_path / "none")
    running = Running(create_app(disk_store, timeout=30, limit=100, workers=1))
    try:
        status, _, body = get(running.url, "/sparql")
        html = parse(body)
        assert status == 200 and "make setup" in text(by_id(html, "editor-note"))
        assert by_id(html, "sparql-form") is not None and not list(html.iter("script"))
        assert fetch(running.url + "/static/yasgui/yasgui.min.js")[0] == 404
    finally:
        running.stop()


# -- the ontology and the dataset description for a browser ----------------------------------------

def test_the_ontology_documentation_is_built_on_first_use(server, disk_store):
    status, headers, body = get(server, "/ontology/")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<title>The untoc-kg ontology" in page
    assert (disk_store.path / "ontology-docs" / "index.html").is_file()
    status, _, body = get(server, "/ontology/", lang="zh")
    assert "议程项目" in body.decode("utf-8")
    pages = {"/ontology/": page, "/ontology/vocabularies.html": get(server, "/ontology/vocabularies.html")[2].decode()}
    ids = {path: set(re.findall(r'id="([^"]+)"', text_)) for path, text_ in pages.items()}
    # Every term of the ontology the graph uses has the anchor the pages link it by, on the page they link.
    used = {r["t"].value for r in disk_store.query(
        'SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } UNION { ?s ?p ?t } '
        'FILTER(isIRI(?t) && STRSTARTS(STR(?t), "https://w3id.org/untoc-kg/ontology#")) }')}
    # (Whether every term the graph uses is defined is the ontology's tests' question; here, the
    # terms it defines.)
    defined = {str(s) for s in Graph().parse(data_file("ontology", "untoc.ttl"), format="turtle").subjects()}
    used &= defined
    names = {iri.rsplit("#", 1)[1] for iri in used}
    assert {"AgendaItem", "OfficeHolding", "ConferenceOfTheParties", "NonGovernmentalOrganization",
            "symbol", "label", "extractedBy", "PartyDelegation"} <= names
    dangling = []
    for iri in used:
        path, _, anchor = local_href(iri).partition("#")
        if anchor not in ids[path]:
            dangling.append(local_href(iri))
    assert not sorted(dangling)
    assert "PartyDelegation" in vocabulary_terms() and "AgendaItem" not in vocabulary_terms()


def test_pages_older_than_the_ontology_are_not_shown(disk_store, tmp_path):
    (tmp_path / "index.html").write_text("<html>an older ontology</html>", encoding="utf-8")
    (tmp_path / ".sources").write_text("the digest of another ontology", encoding="utf-8")
    running = Running(create_app(disk_store, timeout=30, limit=100, workers=1, docs_dir=tmp_path))
    try:
        status, _, body = get(running.url, "/ontology/")
        assert status == 200 and "<title>The untoc-kg ontology" in body.decode("utf-8")
    finally:
        running.stop()


def test_pylode_section_ids_become_the_terms_local_names():
    page = ('<a href="#Agendaitem">Agenda item</a><div class="property entity" id="Agendaitem"><h3>Agenda item</h3>'
            '<code>https://w3id.org/untoc-kg/ontology#AgendaItem</code></div>'
            '<div class="property entity" id="Agent1"><code>http://xmlns.com/foaf/0.1/Agent</code></div>'
            '<div class="property entity" id="speaker"><code>https://w3id.org/untoc-kg/ontology#speaker</code></div>')
    fixed = with_term_anchors(page)
    assert 'id="AgendaItem"' in fixed and 'href="#AgendaItem"' in fixed and "Agendaitem" not in fixed
    assert 'id="Agent1"' in fixed            # a term of another vocabulary keeps its section's id


def test_the_dataset_description_for_a_browser(server, disk_store):
    status, headers, body = get(server, "/.well-known/void")
    html = parse(body)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    counts = {text(row.find("th")): text(row.find("td")) for row in html.iterfind(".//table[caption='Counts']//tr")}
    triples = len({(q.subject, q.predicate, q.object) for q in disk_store.store})
    assert counts["Triples"] == str(triples)
    assert "/sparql" in links(html) and "/dumps/untoc-kg.nt" in links(html)
    # A program still gets Turtle.
    status, headers, _ = fetch(server + "/.well-known/void")
    assert headers["Content-Type"].startswith("text/turtle")


# -- phones and screen readers ----------------------------------------------------------------------

PAGES = [("/", {}), ("/queries/", {}), ("/queries/statements", {"state": "ARG"}), ("/sparql", {"query": SPEAKERS_QUERY}),
         ("/id/state/ARG", {"view": "triples"}), ("/.well-known/void", {}),
         ("/queries/states-on-topic", {"topic": "nonsense"})]


@pytest.mark.parametrize("path, params", PAGES)
def test_tables_inputs_and_skip_link(server, path, params):
    status, _, body = get(server, path, **params)
    html = parse(body)
    body_element = html.find("body")
    skip = body_element.find("a")
    assert skip.get("href") == "#main" and by_id(html, "main") is not None
    for table in html.iter("table"):
        # A table scrolls inside its own box, has a caption and says what each header is of.
        box = next(e for e in html.iter() if table in list(e))
        assert "table-box" in (box.get("class") or ""), path
        assert table.find("caption") is not None, path
        assert all(th.get("scope") in ("col", "row") for th in table.iter("th")), path
    for field in [*html.iter("input"), *html.iter("select"), *html.iter("textarea")]:
        if field.get("type") in ("hidden", "submit"):
            continue
        assert html.find(f".//label[@for='{field.get('id')}']") is not None, (path, field.get("name"))


def test_the_stylesheet_lets_tables_scroll_at_phone_width(server):
    status, headers, body = fetch(server + "/static/site.css")
    css = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert re.search(r"\.table-box\{[^}]*overflow-x:auto", css)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in get(server, "/")[2].decode()


# -- where the HTML and the SPARQL live ---------------------------------------------------------

# The modules of the web core; the entity pages and the pictures have their own tests.
CORE_MODULES = ["answers", "app", "assets", "cell_links", "dataset_pages", "docs_folder", "dump_files", "error_pages",
                "forms", "home", "iris", "jobs", "language", "negotiation", "protocol", "query_pages", "rendering",
                "resource_page", "screening", "sparql_page", "terms", "workers"]
SPARQL_TEXT = re.compile(r"^\s*(SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE|PREFIX)\b|\bWHERE\s*\{")
HTML_TAG = re.compile(r"<(html|body|div|table|tr|td|th|a|p|span|ul|li|h[1-6]|form|select|option|input|script)\b[^>]*>")


@pytest.mark.parametrize("module", CORE_MODULES)
def test_no_html_or_sparql_in_python_strings(module):
    import ast
    path = WEB / f"{module}.py"
    found = [(node.lineno, node.value[:60]) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and (SPARQL_TEXT.search(node.value) or HTML_TAG.search(node.value))]
    assert not found
    assert ".store.store" not in path.read_text(encoding="utf-8") and "store.store." not in path.read_text(encoding="utf-8")
