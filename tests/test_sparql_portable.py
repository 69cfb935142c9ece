"""Every stored query is SPARQL 1.1 as a strict parser reads it, bound or as it is in its file.

Oxigraph accepts some texts that SPARQL 1.1 forbids (such as "(GROUP_CONCAT(…) AS ?topic)" where
?topic is already bound), and Jena rejects them, so a query that only Oxigraph has parsed may
fail on the store someone publishes to. The strict parser is Apache Jena's ARQ from Debian
(`apt-get install libapache-jena-java`, and a JDK for javac); the tests that need it skip
without it. The file of a stored query is also a query of its own: pasted into YASGUI or
Fuseki it gives the default answer, because its parameters' defaults are in its VALUES blocks.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from untoc_kg.errors import UntocError
from untoc_kg.queries import (StoredQuery, bound_text, parse_query_file, parameter_blocks, query_result,
                              run_query, stored_queries, values_block)

HERE = Path(__file__).resolve().parent
JAVA = Path("/usr/share/java")
INSTALL = "apt-get install libapache-jena-java"
# Jena's jars and what the parser needs of their dependencies (Debian's names, unversioned).
JARS = ("jena-arq", "jena-core", "jena-base", "jena-iri", "commons-compress", "guava", "thrift",
        "slf4j-api", "slf4j-nop")

# A real value from the samples for every parameter a stored query declares; a new parameter
# needs one here.
SAMPLE_VALUES = {
    "body": ["CTOC/COP/WG.2", "CTOC/COP/WG.3"],
    "state": ["USA", "EU", "PER"],
    "topic": ["crimes-affecting-the-environment", "organized-fraud",
              "https://w3id.org/untoc-kg/id/topic/firearms"],
    "name": ["Burrows", "Sánchez del Águila"],
    "min_meetings": ["1", "3"],
    "min_acts": ["2"],
    "lang": ["en", "zh"],
    "include_panellists": ["yes", "no"],
    "include_after_action": ["yes", "no"],
    "number": ["12/4"],
    "service": ["https://query.wikidata.org/sparql"],
    "start": ["2024-06-03", "2023-09-11"],
}
HOSTILE = 'USA" } UNION { ?s ?p ?o } #'
# The calls the other tests and the benchmarks make, besides those made up below.
USED = [
    ("statements", {"state": "USA"}), ("statements", {"body": "CTOC/COP/WG.2"}),
    ("statements", {"state": "USA", "body": "CTOC/COP/WG.2"}), ("statements", {"state": "EU"}),
    ("states-on-topic", {"min_meetings": "1"}), ("states-on-topic", {"min_meetings": "1", "include_panellists": "yes"}),
    ("states-on-topic", {"topic": "organized-fraud", "min_meetings": "1"}),
    ("states-on-topic", {"include_after_action": "yes"}), ("states-on-topic", {"include_panellists": "yes"}),
    ("recommendations", {"body": "CTOC/COP/WG.3"}), ("recommendations", {"topic": "organized-fraud"}),
    ("recommendations", {"body": "CTOC/COP/WG.2", "topic": "organized-fraud"}),
    ("persons", {"name": "Craigie"}), ("persons", {"name": "Sánchez"}), ("persons", {"name": "Burrows"}),
    ("endorsement-chain", {"body": "CTOC/COP/WG.2"}), ("endorsement-chain", {"body": "CTOC/COP/WG.3"}),
    ("state-profile", {"state": "USA"}), ("state-profile", {"state": "PER"}),
    ("federated-states", {"service": "https://query.wikidata.org/sparql"}),
    ("attendance", {"body": "CTOC/COP/WG.6"}), ("co-sponsorship", {"state": "MEX"}),
    ("topic-timeline", {"topic": "organized-fraud"}),
    ("act-debate", {"number": "12/1"}), ("act-debate", {"number": "12/3"}), ("act-debate", {"state": "GBR"}),
    ("act-debate", {"number": "12/4", "state": "IRN"}),
    ("recommendation-debate", {"body": "CTOC/COP/WG.3", "start": "2023-09-11"}),
    ("state-said-and-signed", {"state": "GBR"}),
]


def example_params(query: StoredQuery) -> list[dict[str, str]]:
    """The parameters of each "# example:" line of the query's header."""
    return [dict(re.findall(r"--param\s+(\w+)=(\S+)", example)) for example in query.examples]


def file_values(query: StoredQuery) -> dict[str, str]:
    """What the file binds when nothing is given: the defaults, and for a required parameter the
    value of the header's example (state-profile: PER)."""
    examples = example_params(query)
    values = {}
    for param in query.params:
        if param.required:
            values[param.name] = next(e[param.name] for e in examples if param.name in e)
        elif param.default is not None:
            values[param.name] = param.default
    return values


def required(query: StoredQuery) -> dict[str, str]:
    return {name: value for name, value in file_values(query).items()
            if any(p.required and p.name == name for p in query.params)}


def calls() -> list[tuple[str, dict[str, str]]]:
    """Every stored query with no parameter, each parameter with each sample value (and a
    hostile one for the text kinds), each pair of parameters, all of them, its header's
    examples and the calls of USED."""
    out = []
    for name, query in stored_queries().items():
        base = required(query)
        out.append((name, base))
        for param in query.params:
            assert param.name in SAMPLE_VALUES, f"{name}: give tests/test_sparql_portable.py a value of {param.name}"
            for value in SAMPLE_VALUES[param.name]:
                out.append((name, {**base, param.name: value}))
            if param.kind in ("string", "state", "body"):
                out.append((name, {**base, param.name: HOSTILE}))
        first = {p.name: SAMPLE_VALUES[p.name][0] for p in query.params}
        for a, b in itertools.combinations(sorted(first), 2):
            out.append((name, {**base, a: first[a], b: first[b]}))
        out.append((name, first))
        out.extend((name, {**base, **example}) for example in example_params(query))
    out.extend((name, {**required(stored_queries()[name]), **params}) for name, params in USED)
    return out


@pytest.fixture(scope="session")
def strict_parser(tmp_path_factory):
    """parse(texts) → {key: None if the text is a SPARQL 1.1 query, else the parser's message},
    all texts in one JVM (it takes a second to start)."""
    if not (JAVA / "jena-arq.jar").exists():
        pytest.skip(f"Apache Jena is not installed; to run the strict SPARQL 1.1 check: {INSTALL}")
    if not (shutil.which("java") and shutil.which("javac")):
        pytest.skip(f"the strict SPARQL 1.1 check needs java and javac: apt-get install default-jdk-headless; {INSTALL}")
    work = tmp_path_factory.mktemp("jena")
    # Debian's jena-core moves the bundled Xerces classes from org/apache/jena/ext/xerces to
    # xerces/ but leaves their message files behind; without them Jena cannot start ("internal
    # error" in XSSimpleTypeDecl). A copy where the classes look for them is enough.
    with zipfile.ZipFile(JAVA / "jena-core.jar") as jar:
        for entry in jar.namelist():
            if entry.startswith("org/apache/jena/ext/xerces/") and entry.endswith(".properties"):
                target = work / "resources" / entry.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(entry))
    classpath = ":".join([str(work / "classes"), str(work / "resources")]
                         + [str(JAVA / f"{jar}.jar") for jar in JARS if (JAVA / f"{jar}.jar").exists()])
    subprocess.run(["javac", "-nowarn", "-d", str(work / "classes"), "-cp", classpath, str(HERE / "StrictSparql.java")],
                   check=True, capture_output=True, text=True)

    def parse(texts: dict[str, str]) -> dict[str, str | None]:
        folder = Path(tmp_path_factory.mktemp("texts"))
        files = {}
        for index, (key, text) in enumerate(texts.items()):
            files[str(folder / f"{index}.rq")] = key
            (folder / f"{index}.rq").write_text(text, encoding="utf-8")
        done = subprocess.run(["java", "-cp", classpath, "StrictSparql", *files], capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        verdicts = {}
        for line in done.stdout.splitlines():
            path, verdict, *message = line.split("\t")
            verdicts[files[path]] = None if verdict == "ok" else " ".join(message)
        assert set(verdicts) == set(texts), done.stderr[-2000:]
        return verdicts

    return parse


def test_the_strict_parser_rejects_what_oxigraph_lets_through(strict_parser):
    # The harness itself: the case of issue 17, in small.
    verdicts = strict_parser({"good": "SELECT * WHERE { ?s ?p ?o }",
                              "reused": "SELECT (COUNT(?s) AS ?x) WHERE { VALUES ?x { 1 } ?s ?p ?x }"})
    assert verdicts["good"] is None
    assert "already in-scope" in verdicts["reused"]


def test_every_stored_query_is_sparql_11_bound_with_every_parameter(strict_parser):
    queries = stored_queries()
    texts = {f"{name}: the file as it is": query.text for name, query in queries.items()}
    for name, params in calls():
        texts[f"{name} {params}"] = bound_text(queries[name], params)
    for name, query in queries.items():
        # Paged (LIMIT and OFFSET after the ORDER BY), and cut by the server's row limit.
        texts[f"{name} paged"] = bound_text(query, {**required(query), "limit": "10", "offset": "20"})
        texts[f"{name} offset"] = bound_text(query, {**required(query), "offset": "20"})
        texts[f"{name} capped"] = bound_text(query, {**required(query), "limit": "500"}, cap=101)
    assert len(texts) > 100
    rejected = {key: message for key, message in strict_parser(texts).items() if message}
    assert not rejected, "\n".join(f"{key}: {message}" for key, message in rejected.items())


@pytest.mark.parametrize("name", sorted(stored_queries()))
def test_the_file_carries_the_defaults_in_its_values_blocks(name):
    query = stored_queries()[name]
    if not query.params:
        assert parameter_blocks(query.text) == []
        return
    values = {p.name: p.term(file_values(query)[p.name]) for p in query.params if p.name in file_values(query)}
    blocks = 0
    for line in query.text.splitlines():
        if line.lstrip().startswith("VALUES ("):
            names = re.findall(r"\?(\w+)", line.split(")")[0])
            indent = line[:len(line) - len(line.lstrip())]
            # UNDEF for a parameter without a default; the default as the binder writes it.
            assert line == values_block(names, values, indent, undef=True), line
            blocks += 1
    assert blocks == len(parameter_blocks(query.text)) >= 1
    assert sorted(parameter_blocks(query.text)[0]) == sorted(p.name for p in query.params)
    # Each "bound here" marker is followed by its block, so that the file runs as fast as a call.
    lines = query.text.splitlines()
    for index, line in enumerate(lines):
        if "# bound here:" in line:
            assert lines[index + 1].strip().startswith("VALUES (" + line.split(":", 1)[1].strip()), line


@pytest.mark.parametrize("name", sorted(stored_queries()))
def test_the_file_as_it_is_gives_the_default_answer(store_all, name):
    query = stored_queries()[name]
    solutions = store_all.query(query.text)                  # no binder: the text a user pastes
    columns = [v.value for v in solutions.variables]
    rows = [[None if term is None else term.value for term in solution] for solution in solutions]
    pasted = query_result(query, columns, rows)
    called = run_query(store_all, name, required(query))
    assert pasted.columns == called.columns
    assert sorted(map(repr, pasted.rows)) == sorted(map(repr, called.rows))
    assert called.rows, name


def test_the_binder_rewrites_the_values_blocks_and_nothing_else():
    queries = stored_queries()
    for name, params in calls():
        query = queries[name]
        text, bound = query.text.split("\n"), bound_text(query, params).split("\n")
        assert len(bound) == len(text), (name, params)
        for raw, line in zip(text, bound):
            if raw != line:
                assert raw.lstrip().startswith("VALUES (") or "SERVICE SILENT ?service" in raw, (name, params, raw)
                assert HOSTILE not in line or '"USA\\" } UNION { ?s ?p ?o } #"' in line, line
    # What a call gives is bound; what it does not give is left out, not sent as UNDEF.
    statements = bound_text(queries["statements"], {"state": "usa"})
    assert '  VALUES (?lang ?state) { ("en" "USA") }\n' in statements
    assert not any("UNDEF" in line for line in statements.splitlines() if line.lstrip().startswith("VALUES"))
    persons = bound_text(queries["persons"])
    assert "VALUES" not in persons and "  # no parameter given here" in persons


def test_a_query_file_must_carry_a_block_of_its_parameters(tmp_path):
    header = ("# title: T\n# description: D.\n# param: body (string) — a body\n"
              "# param: lang (string, default=en) — a language\n")
    (tmp_path / "none.rq").write_text(header + "SELECT * WHERE { ?s ?p ?body }\n")
    with pytest.raises(UntocError, match=r"VALUES \(\?body \?lang\)"):
        parse_query_file(tmp_path / "none.rq")
    (tmp_path / "stranger.rq").write_text(header + 'SELECT * WHERE {\n  VALUES (?body ?lang) { (UNDEF "en") }\n'
                                          '  VALUES (?kind) { (1) }\n  ?s ?p ?body\n}\n')
    with pytest.raises(UntocError, match=r"binds \?kind"):
        parse_query_file(tmp_path / "stranger.rq")
    (tmp_path / "good.rq").write_text(header + 'SELECT * WHERE {\n  VALUES (?body ?lang) { (UNDEF "en") }\n'
                                      '  VALUES ?kind { 1 2 }\n  ?s ?p ?body\n}\n')
    good = parse_query_file(tmp_path / "good.rq")
    assert 'VALUES (?body ?lang) { ("CTOC/COP" "zh") }' in bound_text(good, {"body": "CTOC/COP", "lang": "zh"})
    assert "VALUES ?kind { 1 2 }" in bound_text(good, {"body": "CTOC/COP"})
