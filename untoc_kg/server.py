"""The web face of the graph: `untoc-kg serve`. The application lives in untoc_kg/web/ (app.py
puts the modules together); this module keeps the names that the command line, the benchmarks
and the tests import from here."""

from __future__ import annotations

from untoc_kg.web.answers import PARTIAL_HEADER, Answer, refusal
from untoc_kg.web.app import (DEFAULT_LIMIT, DEFAULT_TIMEOUT, MAX_QUERY_STRING, MAX_REQUEST_HEAD, UVICORN_OPTIONS,
                              create_app)
from untoc_kg.web.iris import candidate_iris
from untoc_kg.web.jobs import CsvJob, Stream, StoredJob
from untoc_kg.web.negotiation import negotiate
from untoc_kg.web.protocol import SparqlJob, capped
from untoc_kg.web.screening import (MAX_NESTING, looks_like_update, masked, names_default_graph, nesting_depth,
                                    uses_service)
from untoc_kg.web.workers import ProcessRunner, ThreadRunner

__all__ = ["PARTIAL_HEADER", "Answer", "refusal", "DEFAULT_LIMIT", "DEFAULT_TIMEOUT", "MAX_QUERY_STRING",
           "MAX_REQUEST_HEAD", "UVICORN_OPTIONS", "create_app", "candidate_iris", "CsvJob", "Stream", "StoredJob",
           "negotiate", "SparqlJob", "capped", "MAX_NESTING", "looks_like_update", "masked", "names_default_graph",
           "nesting_depth", "uses_service", "ProcessRunner", "ThreadRunner"]
