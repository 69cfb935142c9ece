"""Links out of the graph to the United Nations' own addresses of documents and resolutions.

Only what follows from a symbol by a rule the UN applies is linked, nothing that needs a
lookup (docs/remote-stores.md, "Links out"):

- a document of the series, by its symbol: https://undocs.org/CTOC/COP/WG.2/2024/1 (undocs.org
  resolves every symbol of the Official Document System). Conference room papers (…/CRP.n)
  are left out: they are posted on the UNODC site, not issued in the Official Document System.
- a General Assembly resolution numbered session/number from the 31st session on, whose
  symbol is A/RES/session/number (earlier ones carry Roman numerals: A/RES/3034(XXVII)), and
  an Economic and Social Council resolution numbered year/number (since 1978), E/RES/year/number.

Resolutions and decisions of the Conference, the Crime Commission and the UNCAC Conference
have no symbol of their own: they are printed in the report of their session, so their
address is that report's, which the graph knows only when a footnote names it.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import URIRef

UNDOCS = "https://undocs.org/"

# A UN symbol: a series (CTOC, A, E, CAC) and slash-separated parts such as COP, WG.2, 2024,
# 1, L.1, Add.2, INF, Rev.1. Anything else is not taken for a symbol.
_SYMBOL = re.compile(r"^[A-Z]{1,10}(?:/[A-Za-z0-9][A-Za-z0-9.()-]*)+$")
_NOT_IN_ODS = re.compile(r"(?:^|/)CRP\.", re.IGNORECASE)
_GA_NUMBER = re.compile(r"^(?P<session>[1-9][0-9]*)/(?P<number>[1-9][0-9]*)$")
_ECOSOC_NUMBER = re.compile(r"^(?P<year>(?:19|20)[0-9]{2})/(?P<number>[1-9][0-9]*)$")
FIRST_GA_SESSION_WITH_ARABIC_SYMBOLS = 31
FIRST_ECOSOC_YEAR_WITH_YEAR_NUMBERS = 1978


def undocs_iri(symbol: str) -> URIRef | None:
    """The undocs.org address of a document symbol, or None when the symbol is not one the
    Official Document System holds."""
    symbol = symbol.strip()
    if not _SYMBOL.match(symbol) or _NOT_IN_ODS.search(symbol):
        return None
    return URIRef(UNDOCS + quote(symbol, safe="/.()-"))


def act_symbol(issuer: str, kind: str, number: str) -> str | None:
    """The document symbol of an act that is issued as a document of its own, or None."""
    if kind != "resolution":
        return None
    if issuer == "GA":
        match = _GA_NUMBER.match(number)
        if match and int(match.group("session")) >= FIRST_GA_SESSION_WITH_ARABIC_SYMBOLS:
            return f"A/RES/{number}"
    if issuer == "ECOSOC":
        match = _ECOSOC_NUMBER.match(number)
        if match and int(match.group("year")) >= FIRST_ECOSOC_YEAR_WITH_YEAR_NUMBERS:
            return f"E/RES/{number}"
    return None


def act_undocs_iri(issuer: str, kind: str, number: str) -> URIRef | None:
    symbol = act_symbol(issuer, kind, number)
    return undocs_iri(symbol) if symbol else None
