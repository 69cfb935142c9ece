"""The SPARQL the engine sends lives in .rq files (describing/, linking/, remote/), with headers."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from untoc_kg.errors import UntocError
from untoc_kg.queries import parse_query_file
from untoc_kg.resources import data_dir
from untoc_kg.sparql_files import sparql, sparql_file
from untoc_kg.vocab import ID, REPORT_GRAPH_PREFIX

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("describing", "linking", "remote")
ENGINE_FILES = [(folder, path.stem) for folder in FOLDERS for path in sorted(data_dir(folder).glob("*.rq"))]
# The modules whose SPARQL moved into those folders.
MODULES = ("dataset", "linking", "stats", "remote")
# A SPARQL keyword as a query or update starts one, in upper case as the project writes them.
SPARQL_KEYWORD = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE|DROP|PREFIX)\b")


def test_each_folder_holds_the_queries_its_module_runs():
    assert {folder: sorted(name for f, name in ENGINE_FILES if f == folder) for folder in FOLDERS} == {
        "describing": ["classes", "entities", "example-meeting", "example-resolution", "example-state",
                       "graphs", "period", "properties", "report-classes", "reports", "totals"],
        "linking": ["act-adoption-dates", "adopted-titles", "annex-items", "cited-titles", "endorsement-statements", "meeting-numbers", "person-names", "persons-acting-for",
                    "prose-candidates", "recommendations", "report-symbols", "stated-meeting-numbers"],
        "remote": ["report-graphs"],
    }


@pytest.mark.parametrize("folder,name", ENGINE_FILES)
def test_every_engine_query_has_the_standard_header_and_gives_its_columns(store_all, folder, name):
    query = parse_query_file(data_dir(folder) / f"{name}.rq")
    assert query.title and query.description, name
    assert query.examples and all(e.startswith("untoc-kg ") for e in query.examples), name
    # The columns the header promises are the ones the query answers with, in that order.
    solutions = store_all.query(sparql(folder, name))
    assert [v.value for v in solutions.variables] == query.columns, name


def test_the_namespaces_written_in_the_queries_are_those_of_the_vocabulary():
    # void:uriSpace and the report graphs are named in vocab.py; the counts must use the same.
    assert f'"{ID}"' in sparql_file("describing", "entities").text
    assert f'"{REPORT_GRAPH_PREFIX}"' in sparql_file("describing", "report-classes").text


def test_a_missing_query_is_named_with_its_folder():
    with pytest.raises(UntocError) as error:
        sparql("linking", "endorsements")
    message = str(error.value)
    assert "endorsements.rq" in message and "linking" in message and "annex-items" in message


def _code_strings(tree: ast.AST):
    """Every string constant of a module that is not a docstring, with the function it is in."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}

    def visit(node, function):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield function, node.value
        for child in ast.iter_child_nodes(node):
            yield from visit(child, function)
    yield from visit(tree, None)


@pytest.mark.parametrize("module", MODULES)
def test_no_sparql_is_written_in_python_strings(module):
    tree = ast.parse((ROOT / "untoc_kg" / f"{module}.py").read_text(encoding="utf-8"))
    found = [(function, text) for function, text in _code_strings(tree) if SPARQL_KEYWORD.search(text)]
    # The one exception: an update that carries data (INSERT DATA, DROP GRAPH take no variable a
    # VALUES block could bind), written around terms pyoxigraph serialised.
    allowed = {("remote", "update_requests")}
    assert [(function, text) for function, text in found if (module, function) not in allowed] == []
