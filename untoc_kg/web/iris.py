"""IRIs and the addresses of this server: where a reader follows an IRI, and which IRIs a
request path under /id/ may stand for.

An IRI under https://w3id.org/untoc-kg/id/ becomes /id/…, an ontology term /ontology/#Term,
and anything else (Wikidata, creativecommons.org) stays as it is."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, unquote_to_bytes

import pyoxigraph as ox

from untoc_kg.docs import vocabulary_terms
from untoc_kg.vocab import BASE, ID, PREFIXES

ONTOLOGY = BASE + "ontology"
UNTOC_NS = BASE + "ontology#"


def local_href(iri: str) -> str:
    """Where a reader of this server follows an IRI."""
    if iri.startswith(str(ID)):
        # An IRI may hold characters a URI may not (Chinese); percent-encode them, and only them.
        return "/id/" + quote(iri[len(str(ID)):], safe="/:@!$&'()*+,;=-._~%")
    if iri.startswith(UNTOC_NS):
        name = iri[len(UNTOC_NS):]
        # Controlled values (speaker roles, statuses, offices) have their own page of the docs.
        page = "vocabularies.html" if name in vocabulary_terms() else ""
        return f"/ontology/{page}#" + quote(name, safe="-._~")
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


def tail(iri: str) -> str:
    """What a link to an IRI says when nothing better is known: its path under /id/, or its prefixed name."""
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else short(iri)


def candidate_iris(raw_path: bytes) -> list[str]:
    """The IRIs a request path under /id/ may stand for, most literal first.

    The path as sent (an IRI that itself holds %-escapes); then with the escaped non-ASCII
    characters decoded (RFC 3987 §3.2: /id/…/%E8%8B%B1 for an IRI written with 英); then
    fully decoded (a client that escaped "(" as %28)."""
    path = raw_path.decode("latin-1")[len("/id/"):]
    as_sent = str(ID) + path
    iri_form = str(ID) + re.sub(r"(?:%[89A-Fa-f][0-9A-Fa-f])+",
                                lambda m: unquote_to_bytes(m.group(0)).decode("utf-8", "replace"), path)
    decoded = str(ID) + unquote(path)
    out = []
    for iri in (as_sent, iri_form, decoded):
        try:
            ox.NamedNode(iri)
        except ValueError:
            continue
        if iri not in out:
            out.append(iri)
    return out
