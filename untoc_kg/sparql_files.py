"""The SPARQL the engine sends, read from .rq files and bound by the stored queries' binder.

Each job keeps its queries in a folder of its own beside queries/ (describing/, linking/,
remote/), written with the same header as a stored query (title, description, parameters with
their defaults, an example), so that every query the code runs can be read, and pasted into a
SPARQL editor, as it is sent. Parameters go through queries.bound_text: a value reaches a
query as one RDF term, never as text spliced into it.
"""

from __future__ import annotations

from untoc_kg.errors import UntocError
from untoc_kg.queries import StoredQuery, bound_text, stored_queries
from untoc_kg.resources import data_dir


def sparql_file(folder: str, name: str) -> StoredQuery:
    """FOLDER/NAME.rq, parsed (and parsed again only when the file changes)."""
    queries = stored_queries(data_dir(folder))
    if name not in queries:
        raise UntocError(f"There is no query {name}.rq in {data_dir(folder)}; it holds "
                         f"{', '.join(queries) or 'none'}.")
    return queries[name]


def sparql(folder: str, name: str, params: dict[str, str] | None = None) -> str:
    """The text of FOLDER/NAME.rq with its parameters bound (its defaults where not given)."""
    return bound_text(sparql_file(folder, name), params)
