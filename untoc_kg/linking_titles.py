"""One title per act and language, chosen across the reports that cite the act.

Reports cite one act with slightly different wording (《》 around the Convention's name or not,
推动 or 促进, 的成果 or 成果). Each report's wording is kept in its own graph as an
untoc:CitedTitle (untoc_kg/mapping.py); the act's dcterms:title, one per language, is:

1. its adopting report's title, when that report is loaded (written in that report's graph;
   nothing is added here);
2. otherwise the wording of the latest report that cites it: the report of the meeting that
   started last, and among reports of meetings that started on the same day the greatest
   report IRI; one report citing the act in two wordings gives the first in code-point order.

The latest report is preferred because the UN's editors bring the wording of a cited title in
line with the official one going forward (the samples' later reports put the Convention's name
in 《》, as the titles of the acts themselves do), never in the reports already issued. The
choice is a function of the report graphs only: any load order gives the same title, and
loading or reloading a report chooses again.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from untoc_kg.sparql_files import sparql
from untoc_kg.store import GraphStore


@dataclass(frozen=True)
class TitleChoice:
    act: str
    language: str
    title: str
    report: str          # the citing report whose wording was chosen
    wordings: int        # how many different wordings the reports give in this language

    def line(self) -> str:
        return (f"{self.act} (@{self.language}): {self.wordings} wordings cited; the title is that of "
                f"{self.report}, the latest report citing it: {self.title!r}")


def choose_titles(store: GraphStore) -> list[TitleChoice]:
    """The title of every cited act in every language its adopting report does not title it in."""
    adopted = {(row["act"].value, row["language"].value) for row in store.query(sparql("linking", "adopted-titles"))}
    cited: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for row in store.query(sparql("linking", "cited-titles")):
        title = row["title"]
        key = (row["act"].value, title.language or "")
        if key not in adopted:
            cited.setdefault(key, []).append((row["start"].value, row["report"].value, title.value))
    choices = []
    for (act, language), wordings in sorted(cited.items()):
        latest = max(wordings, key=lambda w: (w[0], w[1]))
        same_report = sorted(title for start, report, title in wordings if report == latest[1])
        choices.append(TitleChoice(act, language, same_report[0], latest[1],
                                   len({title for _start, _report, title in wordings})))
    return choices


def add_titles(store: GraphStore, graph: Graph) -> list[TitleChoice]:
    """Add to the links graph the chosen title of each act; return the choices."""
    choices = choose_titles(store)
    for choice in choices:
        graph.add((URIRef(choice.act), DCTERMS.title, Literal(choice.title, lang=choice.language or None)))
    return choices
