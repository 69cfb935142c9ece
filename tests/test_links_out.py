"""Links out of the graph: Wikidata items of states, undocs.org addresses of documents and resolutions."""

from __future__ import annotations

import pytest

from untoc_kg.links_out import UNDOCS, act_symbol, undocs_iri
from untoc_kg.reference import gazetteer_graph

PREFIXES = """PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def rows(store, query: str) -> list[tuple]:
    solutions = store.query(PREFIXES + query)
    names = [v.value for v in solutions.variables]
    return [tuple(s[n].value if s[n] is not None else None for n in names) for s in solutions]


def rows_of(graph, query: str) -> list[tuple]:
    return [tuple(term.toPython() if term is not None else None for term in row)
            for row in graph.query(PREFIXES + query)]


# ---------------------------------------------------------------- states and Wikidata


def test_every_state_is_the_same_as_one_wikidata_item():
    graph = gazetteer_graph()
    found = rows_of(graph, """
        SELECT ?code (COUNT(?item) AS ?n) (SAMPLE(?item) AS ?one) WHERE {
          ?state a untoc:State ; untoc:code ?code .
          OPTIONAL { ?state owl:sameAs ?item }
        } GROUP BY ?code""")
    assert len(found) == 195
    assert all(n == 1 and one.startswith("http://www.wikidata.org/entity/Q") for _, n, one in found)
    items = {code: one for code, _, one in found}
    # Items checked by hand on Wikidata.
    assert {code: items[code] for code in ("USA", "ARG", "CHN", "RUS", "FRA", "PER")} == {
        "USA": "http://www.wikidata.org/entity/Q30", "ARG": "http://www.wikidata.org/entity/Q414",
        "CHN": "http://www.wikidata.org/entity/Q148", "RUS": "http://www.wikidata.org/entity/Q159",
        "FRA": "http://www.wikidata.org/entity/Q142", "PER": "http://www.wikidata.org/entity/Q419"}
    assert len(set(items.values())) == len(items)          # no two states share an item


def test_the_speakers_in_the_reports_reach_wikidata(store_all):
    missing = rows(store_all, """
        SELECT DISTINCT ?code WHERE {
          ?statement untoc:speaker ?state . ?state a untoc:State ; untoc:code ?code .
          FILTER NOT EXISTS { ?state owl:sameAs ?item FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q")) }
        }""")
    assert missing == []


# ---------------------------------------------------------------- documents and undocs.org


@pytest.mark.parametrize("symbol, address", [
    ("CTOC/COP/WG.2/2024/1", "https://undocs.org/CTOC/COP/WG.2/2024/1"),
    ("CTOC/COP/2024/L.1/Add.3", "https://undocs.org/CTOC/COP/2024/L.1/Add.3"),
    ("CTOC/COP/2024/INF/2/Rev.2", "https://undocs.org/CTOC/COP/2024/INF/2/Rev.2"),
    ("A/RES/76/185", "https://undocs.org/A/RES/76/185"),
    ("CTOC/COP/2024/CRP.3", None),            # conference room papers are not in the ODS
    ("CTOC/COP/WG.3/", None),                 # a symbol cut off by a line break
    ("第12/4号决议", None),
    ("CTOC/COP/WG.2/2024/1 UNION", None),
])
def test_undocs_address_of_a_symbol(symbol, address):
    iri = undocs_iri(symbol)
    assert (str(iri) if iri is not None else None) == address


@pytest.mark.parametrize("issuer, kind, number, symbol", [
    ("GA", "resolution", "76/185", "A/RES/76/185"),
    ("GA", "resolution", "55/25", "A/RES/55/25"),          # the resolution that adopted the Convention
    ("GA", "resolution", "25/2625", None),                 # before the 31st session: A/RES/2625(XXV)
    ("ECOSOC", "resolution", "2011/36", "E/RES/2011/36"),
    ("ECOSOC", "decision", "2011/258", None),
    ("CTOC/COP", "resolution", "12/4", None),              # printed in the session's report
    ("CCPCJ", "resolution", "31/1", None),
    ("CAC/COSP", "resolution", "10/5", None),
])
def test_acts_with_a_symbol_of_their_own(issuer, kind, number, symbol):
    assert act_symbol(issuer, kind, number) == symbol


def test_every_document_links_to_undocs_by_each_of_its_symbols(store_all):
    found = rows(store_all, """
        SELECT ?document ?symbol ?see WHERE {
          ?document a untoc:Document ; untoc:symbol ?symbol .
          OPTIONAL { ?document rdfs:seeAlso ?see FILTER(STR(?see) = CONCAT("https://undocs.org/", ?symbol)) }
        }""")
    assert len(found) > 60
    for document, symbol, see in found:
        if "/CRP." in symbol:
            assert see is None, symbol
        else:
            assert see == UNDOCS + symbol, (document, symbol)
    # No address that is not one of the document's own symbols.
    stray = rows(store_all, """
        SELECT ?document ?see WHERE {
          ?document a untoc:Document ; rdfs:seeAlso ?see .
          FILTER NOT EXISTS { ?document untoc:symbol ?symbol FILTER(STR(?see) = CONCAT("https://undocs.org/", ?symbol)) }
        }""")
    assert stray == []


def test_a_joint_document_links_to_both_symbols(store_all):
    found = rows(store_all, """
        SELECT ?see WHERE { <https://w3id.org/untoc-kg/id/document/CTOC/COP/WG.2/2022/1> rdfs:seeAlso ?see }""")
    assert sorted(see for (see,) in found) == ["https://undocs.org/CTOC/COP/WG.2/2022/1",
                                               "https://undocs.org/CTOC/COP/WG.3/2022/1"]


def test_a_working_group_report_reaches_its_undocs_address(store_all):
    # The Conference's footnote names the report of WG.3, 11-12 September 2023 (linking), and the
    # document of that symbol carries its address.
    found = rows(store_all, """
        SELECT ?see WHERE {
          <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.3/2023-09-11/zh> owl:sameAs/rdfs:seeAlso ?see }""")
    assert found == [("https://undocs.org/CTOC/COP/WG.3/2023/4",)]


def test_resolutions_link_only_where_the_symbol_follows_from_the_number(store_all):
    found = dict(rows(store_all, """
        SELECT ?act ?see WHERE { ?act untoc:actNumber ?number ; rdfs:seeAlso ?see }"""))
    assert found == {
        "https://w3id.org/untoc-kg/id/resolution/A-RES/76-185": "https://undocs.org/A/RES/76/185",
        "https://w3id.org/untoc-kg/id/resolution/A-RES/77-325": "https://undocs.org/A/RES/77/325",
        "https://w3id.org/untoc-kg/id/resolution/A-RES/78-47": "https://undocs.org/A/RES/78/47",
        "https://w3id.org/untoc-kg/id/resolution/E-RES/2011-36": "https://undocs.org/E/RES/2011/36",
        "https://w3id.org/untoc-kg/id/resolution/E-RES/2012-19": "https://undocs.org/E/RES/2012/19",
        "https://w3id.org/untoc-kg/id/resolution/E-RES/2013-38": "https://undocs.org/E/RES/2013/38",
        "https://w3id.org/untoc-kg/id/resolution/E-RES/2019-23": "https://undocs.org/E/RES/2019/23",
    }
