"""The SPARQL of the pages (views/*.rq): read and bound as the stored queries are.

A view query has the same header as a stored query (title, description, parameters, an
example) and is bound by the same binder (queries.bound_text: values as RDF terms in the
VALUES blocks, never spliced in as text). It is not part of the public interface of
queries/: the pages and the forms read it, and their rows keep the RDF terms (a label's
language, an IRI) that a stored query's rows give as plain strings.
"""

from __future__ import annotations

from untoc_kg.errors import UntocError
from untoc_kg.queries import StoredQuery, bound_text, stored_queries
from untoc_kg.resources import data_dir


def view_query(name: str) -> StoredQuery:
    queries = stored_queries(data_dir("views"))
    if name not in queries:
        raise UntocError(f"There is no view query views/{name}.rq.")
    return queries[name]


def select(store, name: str, params: dict[str, str] | None = None) -> list[dict]:
    """The rows of a view query on the store, each a dict of variable name → RDF term (unbound
    variables left out)."""
    solutions = store.query(bound_text(view_query(name), params))
    names = [v.value for v in solutions.variables]
    return [{n: term for n, term in zip(names, solution) if term is not None} for solution in solutions]
