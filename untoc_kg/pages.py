"""HTML for people: the page of a resource under /id/, the home page, the stored queries.

Every IRI of the graph is shown as a link the reader can follow on this server: an IRI
under https://w3id.org/untoc-kg/id/ becomes /id/…, an ontology term /ontology/#Term, and
anything else (Wikidata, creativecommons.org) stays as it is. Every text that comes from the
data is escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from untoc_kg.dataset import DUMPS, dump_path
from untoc_kg.vocab import BASE, ID, PREFIXES

ONTOLOGY = BASE + "ontology"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
UNTOC_NS = BASE + "ontology#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCT_TITLE = "http://purl.org/dc/terms/title"
INCOMING_SHOWN = 300          # a State has hundreds of incoming links; the page shows this many
LABEL_CHARS = 120

_CSS = """
body{font-family:system-ui,sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;color:#222;line-height:1.45}
a{color:#0b5394;text-decoration:none}a:hover{text-decoration:underline}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f5f8}code,.iri{font-family:ui-monospace,monospace;font-size:.9em}
.iri{color:#555;word-break:break-all}.meta{color:#666;font-size:.85em}nav{margin-bottom:1rem}
textarea{width:100%;font-family:ui-monospace,monospace}
"""


def layout(title: str, body: str, lang: str = "en", head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style>{head}</head><body>"
            '<nav><a href="/">untoc-kg</a> · <a href="/sparql">SPARQL</a> · <a href="/queries/">stored queries</a>'
            ' · <a href="/ontology/">ontology</a> · <a href="/.well-known/void">dataset description</a></nav>'
            f"<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")


# -- IRIs and their local addresses --------------------------------------------------------

def local_href(iri: str) -> str:
    """Where a reader of this server follows an IRI."""
    if iri.startswith(str(ID)):
        # An IRI may hold characters a URI may not (Chinese); percent-encode them, and only them.
        return "/id/" + quote(iri[len(str(ID)):], safe="/:@!$&'()*+,;=-._~%")
    if iri.startswith(UNTOC_NS):
        return "/ontology/#" + quote(iri[len(UNTOC_NS):], safe="-._~")
    if iri == ONTOLOGY:
        return "/ontology/"
    return iri


def short(iri: str) -> str:
    """The prefixed name of a term (skos:prefLabel), or the IRI when no prefix fits."""
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(iri) > len(ns) and "/" not in iri[len(ns):] and prefix not in ("id", "topic"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _tail(iri: str) -> str:
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else short(iri)


# -- reading a resource ----------------------------------------------------------------------

@dataclass
class Source:
    report: str
    paragraphs: list[str]
    extracted_by: list[str]


@dataclass
class Resource:
    iri: str
    outgoing: list[tuple[str, object]]              # (predicate IRI, object term)
    incoming: list[tuple[object, str]]              # (subject term, predicate IRI)
    labels: dict[str, str] = field(default_factory=dict)      # neighbour IRI → label for a link
    sources: list[Source] = field(default_factory=list)

    def triples(self) -> list[ox.Triple]:
        """The description machines get: every triple with the IRI as subject or as object."""
        me = ox.NamedNode(self.iri)
        out = [ox.Triple(me, ox.NamedNode(p), o) for p, o in self.outgoing]
        return out + [ox.Triple(s, ox.NamedNode(p), me) for s, p in self.incoming]

    def values(self, predicate: str) -> list:
        return [o for p, o in self.outgoing if p == predicate]


_DESCRIBE = "SELECT ?dir ?p ?x WHERE {{ {{ {node} ?p ?x BIND(1 AS ?dir) }} UNION {{ ?x ?p {node} BIND(0 AS ?dir) }} }}"
_SOURCES = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
SELECT ?report ?paragraph ?by WHERE {{
  GRAPH ?g {{ {node} prov:wasDerivedFrom ?report
             OPTIONAL {{ {node} untoc:paragraph ?paragraph }} OPTIONAL {{ {node} untoc:extractedBy ?by }} }}
}}
"""
# The predicates a link label is made of, in order of preference.
_LABELS = """
SELECT ?node ?p ?label WHERE {{
  VALUES ?node {{ {nodes} }}
  VALUES ?p {{ <http://www.w3.org/2004/02/skos/core#prefLabel> <http://www.w3.org/2000/01/rdf-schema#label>
             <http://purl.org/dc/terms/title> <https://w3id.org/untoc-kg/ontology#itemNumber>
             <https://w3id.org/untoc-kg/ontology#label> <https://w3id.org/untoc-kg/ontology#symbol>
             <https://w3id.org/untoc-kg/ontology#sourceFile> }}
  ?node ?p ?label
}}
"""


def load_resource(store, iri: str) -> Resource | None:
    """The resource as the store knows it, or None when no triple mentions it.

    `iri` must be a valid IRI (ox.NamedNode accepts it); it enters the query as an
    N-Triples term, escaped by pyoxigraph."""
    node = str(ox.NamedNode(iri))
    outgoing, incoming = [], []
    seen = set()
    for row in store.query(_DESCRIBE.format(node=node)):
        key = (row["dir"].value, row["p"].value, str(row["x"]))
        if key in seen:          # the same triple stated in two report graphs
            continue
        seen.add(key)
        (outgoing.append((row["p"].value, row["x"])) if row["dir"].value == "1"
         else incoming.append((row["x"], row["p"].value)))
    if not outgoing and not incoming:
        return None
    resource = Resource(iri, sorted(outgoing, key=_order), sorted(incoming, key=lambda t: (t[1], str(t[0]))))
    resource.sources = _sources(store, node)
    resource.labels = _link_labels(store, resource)
    return resource


def _order(pair) -> tuple:
    predicate, term = pair
    return (predicate != RDF_TYPE, predicate, str(term))


def _sources(store, node: str) -> list[Source]:
    # Each report graph holds the paragraphs of its own report, so the pairing is exact.
    by_report: dict[str, Source] = {}
    for row in store.query(_SOURCES.format(node=node)):
        source = by_report.setdefault(row["report"].value, Source(row["report"].value, [], []))
        for name, values in (("paragraph", source.paragraphs), ("by", source.extracted_by)):
            if row[name] is not None and row[name].value not in values:
                values.append(row[name].value)
    for source in by_report.values():
        source.paragraphs.sort(key=lambda p: (len(p), p))
        source.extracted_by.sort()
    return sorted(by_report.values(), key=lambda s: s.report)


def _link_labels(store, resource: Resource) -> dict[str, str]:
    nodes = {resource.iri} | {t.value for _p, t in resource.outgoing if isinstance(t, ox.NamedNode)}
    nodes |= {t.value for t, _p in resource.incoming[:INCOMING_SHOWN] if isinstance(t, ox.NamedNode)}
    found: dict[str, dict[str, list]] = {}
    for row in store.query(_LABELS.format(nodes=" ".join(str(ox.NamedNode(n)) for n in sorted(nodes)))):
        found.setdefault(row["node"].value, {}).setdefault(row["p"].value, []).append(row["label"])
    return {node: _label(values) for node, values in found.items() if _label(values)}


def _pick(values: list, lang: str | None) -> str | None:
    for value in sorted(values, key=str):
        if lang is None or getattr(value, "language", None) == lang:
            return value.value
    return None


def _label(by_predicate: dict[str, list]) -> str:
    """English first, then Chinese, then any; an agenda item or a recommendation keeps its number."""
    name = None
    for predicate in (SKOS_NS + "prefLabel", RDFS_LABEL, DCT_TITLE):
        values = by_predicate.get(predicate, [])
        name = name or _pick(values, "en") or _pick(values, "zh") or _pick(values, None)
    key = None
    for predicate in (UNTOC_NS + "itemNumber", UNTOC_NS + "label", UNTOC_NS + "symbol"):
        key = key or _pick(by_predicate.get(predicate, []), None)
    # "2" before "议程项目 2：…" says nothing the title does not.
    text = name if key and name and key in name else " ".join(part for part in (key, name) if part)
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


# -- rendering a resource --------------------------------------------------------------------

def _link(iri: str, labels: dict[str, str]) -> str:
    label = labels.get(iri) or _tail(iri)
    return f'<a href="{html.escape(local_href(iri))}" title="{html.escape(iri)}">{html.escape(label)}</a>'


def term_html(term, labels: dict[str, str]) -> str:
    if isinstance(term, ox.NamedNode):
        return _link(term.value, labels)
    if isinstance(term, ox.BlankNode):
        return f"<code>_:{html.escape(term.value)}</code>"
    if isinstance(term, ox.Literal):
        text = html.escape(term.value)
        if term.language:
            return f'<span lang="{html.escape(term.language)}">{text}</span> <span class="meta">@{html.escape(term.language)}</span>'
        datatype = term.datatype.value
        if datatype.endswith("#string"):
            return text
        return f'{text} <span class="meta">{html.escape(short(datatype))}</span>'
    return html.escape(str(term))


def _heading(resource: Resource) -> str:
    names = []
    for predicate in (SKOS_NS + "prefLabel", RDFS_LABEL, DCT_TITLE):
        for lang in ("en", "zh"):
            names += [v.value for v in resource.values(predicate)
                      if isinstance(v, ox.Literal) and v.language == lang and v.value not in names]
    return " · ".join(names[:2]) or resource.labels.get(resource.iri) or _tail(resource.iri)


def _property_rows(pairs, labels, subject_side: bool) -> str:
    rows = []
    for predicate, term in pairs:
        cells = [_link(predicate, {}), term_html(term, labels)]
        if subject_side:
            cells.reverse()
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return "".join(rows)


def _source_html(resource: Resource) -> str:
    if not resource.sources:
        return ""
    items = []
    for source in resource.sources:
        where = f"paragraph {', '.join(source.paragraphs)} of " if source.paragraphs else ""
        by = f' <span class="meta">read by {html.escape(", ".join(source.extracted_by))}</span>' if source.extracted_by else ""
        items.append(f"<li>{html.escape(where)}{_link(source.report, resource.labels)}{by}</li>")
    return "<h2>Source</h2><ul>" + "".join(items) + "</ul>"


def render_resource(resource: Resource) -> str:
    types = [term_html(t, {}) for t in resource.values(RDF_TYPE)]
    href = html.escape(local_href(resource.iri))
    formats = " · ".join(f'<a href="{href}?format={f}">{name}</a>'
                         for f, name in (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples")))
    body = [f'<p class="iri">{html.escape(resource.iri)}</p>',
            f"<p>a {', '.join(types)}</p>" if types else "",
            f'<p class="meta">Also as {formats}.</p>',
            _source_html(resource),
            "<h2>Properties</h2><table><thead><tr><th>property</th><th>value</th></tr></thead><tbody>",
            _property_rows([(p, o) for p, o in resource.outgoing if p != RDF_TYPE], resource.labels, False),
            "</tbody></table>"]
    if resource.incoming:
        shown = resource.incoming[:INCOMING_SHOWN]
        more = len(resource.incoming) - len(shown)
        body += [f"<h2>Links in ({len(resource.incoming)})</h2>",
                 "<table><thead><tr><th>from</th><th>property</th></tr></thead><tbody>",
                 _property_rows([(p, s) for s, p in shown], resource.labels, True), "</tbody></table>",
                 f'<p class="meta">{more} more are in the <a href="{href}?format=ttl">Turtle</a>.</p>' if more else ""]
    alternates = "".join(f'<link rel="alternate" type="{t}" href="{href}?format={f}">'
                         for f, t in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples")))
    return layout(_heading(resource), "\n".join(b for b in body if b), head=alternates)


# -- the home page, the stored queries, the SPARQL form ------------------------------------

_EXAMPLE_SPARQL = """PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?meeting ?start (COUNT(?statement) AS ?statements) WHERE {
  ?meeting a untoc:Meeting ; untoc:startDate ?start ; untoc:agendaItem ?item .
  ?statement untoc:agendaItemOf ?item .
} GROUP BY ?meeting ?start ORDER BY ?start"""


def sparql_form(query: str = _EXAMPLE_SPARQL) -> str:
    return (f'<form action="/sparql" method="get"><textarea name="query" rows="12">{html.escape(query)}</textarea>'
            '<p><label>results as <select name="format"><option value="json">JSON</option><option value="xml">XML</option>'
            '<option value="csv">CSV</option><option value="tsv">TSV</option><option value="ttl">Turtle (CONSTRUCT)</option>'
            '</select></label> <button type="submit">Run</button></p></form>')


def render_sparql_form(timeout: float, limit: int) -> str:
    body = (f"<p>The SPARQL 1.1 Protocol, read-only: GET or POST a query; the results come as JSON, XML, CSV "
            f"or TSV by the Accept header. The default graph is the union of all graphs. A query may run "
            f"{timeout:g} seconds and return {limit} rows; beyond that the answer says it is partial "
            f"(header <code>X-Untoc-Partial</code>).</p>" + sparql_form())
    return layout("SPARQL endpoint", body)


def render_home(facts, queries: dict, base_url: str) -> str:
    classes = "".join(f"<tr><td>{_link(c, {})}</td><td>{n}</td></tr>"
                      for c, n in facts.classes.items() if c.startswith(UNTOC_NS))
    examples = "".join(f"<li>{kind}: {_link(iri, {})}</li>" for kind, iri in facts.examples.items())
    reports = "".join(f"<li>{_link(g.report, {})} <span class='meta'>({g.triples} triples, loaded {html.escape(g.generated or '?')})</span></li>"
                      for g in facts.reports if g.report)
    names = "".join(f'<li><a href="/queries/{html.escape(n)}">{html.escape(n)}</a> — {html.escape(q.title)}</li>'
                    for n, q in queries.items())
    dumps = " · ".join(f'<a href="{dump_path(fmt)}">{fmt}</a>' for fmt in DUMPS)
    endpoint = html.escape(base_url.rstrip("/") + "/sparql")
    modified = html.escape(facts.modified or "never")
    body = f"""
<p>A linked-data knowledge graph read from the meeting reports of the Conference of the Parties to the
United Nations Convention against Transnational Organized Crime and its working groups. Every fact names
the report and paragraph it was read from. Licence: <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>;
the reports are public documents of the United Nations.</p>
<p><b>{facts.triples}</b> triples about <b>{facts.entities}</b> resources, from {len(facts.reports)} report(s);
last loaded {modified}.</p>
<h2>Use it</h2>
<ul><li><a href="/sparql">/sparql</a> — SPARQL 1.1 endpoint at <code>{endpoint}</code></li>
<li><a href="/queries/">/queries/</a> — the stored queries, as JSON, CSV or a table</li>
<li><a href="/.well-known/void">/.well-known/void</a> — the dataset description (VoID, DCAT)</li>
<li><a href="/ontology/">/ontology</a> — the ontology</li>
<li>dumps: {dumps}</li></ul>
<h2>Examples</h2><ul>{examples}</ul>
<h2>Reports</h2><ul>{reports}</ul>
<h2>Stored queries</h2><ul>{names}</ul>
<h2>What the graph holds</h2><table><thead><tr><th>class</th><th>instances</th></tr></thead><tbody>{classes}</tbody></table>
"""
    return layout("untoc-kg", body)


def render_query_list(queries: dict) -> str:
    rows = []
    for name, q in queries.items():
        params = "<br>".join(f"<code>{html.escape(p.name)}</code>"
                             + (f" (default {html.escape(p.default)})" if p.default else "")
                             + (" <b>required</b>" if p.required else "")
                             + f" — {html.escape(p.description)}" for p in q.params)
        rows.append(f'<tr><td><a href="/queries/{html.escape(name)}">{html.escape(name)}</a></td>'
                    f"<td>{html.escape(q.description)}</td><td>{params}</td></tr>")
    body = ("<p>The stored queries are the public interface of the graph: <code>/queries/NAME?param=value"
            "&amp;format=json|csv|html</code>.</p><table><thead><tr><th>query</th><th>what it answers</th>"
            f"<th>parameters</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return layout("Stored queries", body)


def render_query_result(stored, params: dict[str, str], result, partial: str | None, pager: str = "") -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in result.columns)
    rows = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in result.rows)
    links = " · ".join(f'<a href="?{html.escape(urlencode({**params, "format": f}))}">{f.upper()}</a>' for f in ("json", "csv"))
    given = ", ".join(f"{k}={v}" for k, v in params.items()) or "defaults"
    note = f"<p><b>Partial:</b> the answer stops at the server's {html.escape(partial)}.</p>" if partial else ""
    body = (f"<p>{html.escape(stored.description)}</p><p class='meta'>Parameters: {html.escape(given)}. "
            f"{len(result.rows)} row(s). Also as {links}.</p>{note}{pager}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{pager}")
    return layout(stored.title, body)


def render_pager(params: dict[str, str], offset: int, limit: int, shown: int, more: bool) -> str:
    """“rows 101–200” with links to the previous and next pages of a stored query (the other
    parameters kept); no total, which would cost a second query."""
    def href(start: int) -> str:
        kept = {k: v for k, v in params.items() if k not in ("limit", "offset")}
        return "?" + html.escape(urlencode({**kept, "limit": limit, **({"offset": start} if start else {})}))
    span = f"rows {offset + 1}–{offset + shown}" if shown else f"no rows after row {offset}"
    links = []
    if offset > 0:
        links.append(f'<a rel="prev" href="{href(max(0, offset - limit))}">previous page</a>')
    if more:
        links.append(f'<a rel="next" href="{href(offset + limit)}">next page</a>')
    return f"<p class='meta pager'>{span}{' · ' if links else ''}{' · '.join(links)}</p>"


def _cell(value: str | None) -> str:
    if value is None:
        return ""
    if value.startswith(str(ID)):
        return _link(value, {})
    return html.escape(value)


def render_error(status: int, sentence: str) -> str:
    return layout(f"{status}", f"<p>{html.escape(sentence)}</p>")
