"""Endorsements stated in prose, linked across reports (graph/links).

A report graph records what a sentence says an act endorsed (untoc:EndorsementStatement,
reading/endorsements.py); this step finds the recommendation nodes it covers among the loaded
reports and links each to the act (untoc:endorsedBy), with the way it is known (an
untoc:Endorsement: method untoc:StatedInProse, derived from the statements that say so). The
annex linker (linking.py) qualifies its own links the same way (untoc:RepeatedInAnnex).

A sentence covers:
- by meeting numbers ("国际合作工作组第十二次和第十三次会议通过的建议"): every recommendation
  adopted at a meeting of that body with that number (untoc:meetingNumber, as any loaded report
  gives it), by the body alone or jointly with another;
- by the dates of a meeting ("在 2022 年 5 月 23 日至 27 日举行的会议上"): the recommendations of
  that meeting of each body named, and of those only the ones adopted in the joint thematic
  discussion when the sentence says so;
- by the words of one recommendation ("核可了一项建议，即……"): the recommendation most like those
  words (TEXT_SIMILARITY or more, in the same language) among those adopted before the meeting
  of the report that says so; the same recommendation adopted by two groups of a joint meeting
  is two nodes with one text, and both are covered.

The meeting numbers come from the reports (untoc:meetingNumber) and from what other reports say of
a meeting by its month (untoc:MeetingNumberStatement: "2022 年 5 月，国际合作工作组第十三次会议"),
which this step writes on the meeting it finds (graph/links).

What a sentence names but no loaded report holds is listed as waiting (the report of that
meeting may come later); words no recommendation is like enough are reported as unmatched.
Every result is a function of the report graphs: the same in any load order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from untoc_kg.vocab import ID, UNTOC, child_iri

# The words of 000 ¶6 and 004 ¶5 and the recommendation they reword (001 C(g)) are 94 %
# alike; the next most alike recommendation of the samples is 47 %.
TEXT_SIMILARITY = 0.8

METHODS = {"annex": UNTOC.RepeatedInAnnex, "prose": UNTOC.StatedInProse}

_U = str(UNTOC)


@dataclass
class StatementFacts:
    iri: str
    acts: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)
    meetings: set[str] = field(default_factory=set)
    numbers: set[int] = field(default_factory=set)
    joint_only: bool = False
    texts: set[tuple[str, str]] = field(default_factory=set)      # (text, language)
    own_starts: set[str] = field(default_factory=set)             # the stating report's meetings


def qualify(graph: Graph, recommendation: str, act: str, method: str, basis: str) -> None:
    """The untoc:Endorsement of ``recommendation`` by ``act`` known by ``method`` ("annex" or
    "prose"), derived from ``basis`` (the annex paragraph or the endorsement statement)."""
    node = endorsement_iri(recommendation, act, method)
    graph.add((node, RDF.type, UNTOC.Endorsement))
    graph.add((node, UNTOC.endorsedRecommendation, URIRef(recommendation)))
    graph.add((node, UNTOC.endorser, URIRef(act)))
    graph.add((node, UNTOC.endorsementMethod, METHODS[method]))
    graph.add((node, PROV.wasDerivedFrom, URIRef(basis)))


def endorsement_iri(recommendation: str, act: str, method: str) -> URIRef:
    # {recommendation}/endorsement/resolution/CTOC-COP/11-3/prose: from content only.
    act_path = act[len(str(ID)):] if act.startswith(str(ID)) else act
    return child_iri(URIRef(recommendation), "endorsement", act_path, method)


def prose_endorsements(store, graph: Graph, report) -> None:
    """Link what every endorsement statement in the store covers; ``report`` (a LinkReport)
    gets the count, what waits for a report not loaded and what matched nothing."""
    from untoc_kg.linking import _rows     # linking imports this module
    statements = _statements(_rows(store, "endorsement-statements"))
    candidates = _rows(store, "prose-candidates")
    texts = _Texts(candidates)
    adopted_on: dict[str, str] = {}
    for row in _rows(store, "act-adoption-dates"):
        adopted_on[row["act"]] = min(row["adopted"], adopted_on.get(row["act"], row["adopted"]))
    by_meeting: dict[str, list[dict]] = {}
    for row in candidates:
        by_meeting.setdefault(row["meeting"], []).append(row)
    numbered: dict[tuple[str, int], set[str]] = {}
    numbers_of: dict[str, set[int]] = {}
    for row in _rows(store, "meeting-numbers"):
        numbered.setdefault((row["body"], int(row["number"])), set()).add(row["meeting"])
        numbers_of.setdefault(row["meeting"], set()).add(int(row["number"]))
    bodies_of = {row["meeting"]: row["body"] for row in candidates}
    _stated_numbers(store, graph, report, numbered, numbers_of, bodies_of, _rows)
    links: set[tuple[str, str, str]] = set()
    for st in sorted(statements.values(), key=lambda s: s.iri):
        covered: set[str] = set()
        if not st.bodies and not st.texts:
            report.prose_unmatched.append(f"{st.iri}: names no working group that could be resolved; nothing is linked")
        for body in sorted(st.bodies):
            for number in sorted(st.numbers):
                meetings = numbered.get((body, number), set())
                if not meetings:
                    report.prose_waiting.append(f"{st.iri}: no loaded meeting of {body} is numbered {number}")
                for meeting in sorted(meetings):
                    covered |= _of_meeting(st, meeting, by_meeting, report)
        for meeting in sorted(st.meetings):
            covered |= _of_meeting(st, meeting, by_meeting, report)
        for text, language in sorted(st.texts):
            covered |= _like(st, text, language, texts, report, adopted_on)
        for rec in covered:
            for act in st.acts:
                links.add((rec, act, st.iri))
    for rec, act, basis in sorted(links):
        graph.add((URIRef(rec), UNTOC.endorsedBy, URIRef(act)))
        qualify(graph, rec, act, "prose", basis)
    report.prose_endorsements = len({(rec, act) for rec, act, _basis in links})


def _stated_numbers(store, graph: Graph, report, numbered: dict, numbers_of: dict, bodies_of: dict, rows) -> None:
    """The numbers other reports give a meeting by its month ("2022 年 5 月，国际合作工作组第十三次会议"):
    written on the meeting in graph/links, and used like its own; a number that contradicts the
    one the meeting has is reported, not used."""
    for row in sorted(rows(store, "stated-meeting-numbers"), key=lambda r: (r["meeting"], r["statement"])):
        meeting, number = row["meeting"], int(row["number"])
        known = numbers_of.get(meeting, set())
        if known and number not in known:
            report.prose_unmatched.append(f"{row['statement']}: numbers {meeting} {number}, which is numbered "
                                          f"{', '.join(map(str, sorted(known)))} elsewhere; not used")
            continue
        graph.add((URIRef(meeting), UNTOC.meetingNumber, Literal(number, datatype=XSD.integer)))
        graph.add((URIRef(meeting), UNTOC.meetingNumberStatedBy, URIRef(row["statement"])))
        body = bodies_of.get(meeting)
        if body is not None:
            numbered.setdefault((body, number), set()).add(meeting)


def _statements(rows: list[dict]) -> dict[str, StatementFacts]:
    found: dict[str, StatementFacts] = {}
    for row in rows:
        st = found.setdefault(row["statement"], StatementFacts(row["statement"]))
        prop, value = row["property"][len(_U):], row["value"]
        if prop == "endorser":
            st.acts.add(value)
        elif prop == "endorsedBody":
            st.bodies.add(value)
        elif prop == "endorsedMeeting":
            st.meetings.add(value)
        elif prop == "endorsedMeetingNumber":
            st.numbers.add(int(value))
        elif prop == "jointDiscussionOnly":
            st.joint_only = value == "true"
        elif prop == "endorsedText":
            st.texts.add((value, row["lang"]))
        elif prop == "startDate":
            st.own_starts.add(value)
    return found


def _of_meeting(st: StatementFacts, meeting: str, by_meeting: dict, report) -> set[str]:
    recs = by_meeting.get(meeting, [])
    if not recs:
        report.prose_waiting.append(f"{st.iri}: the recommendations of {meeting}, whose report is not loaded")
        return set()
    chosen = {r["rec"] for r in recs if not st.joint_only or r["joint"] == "true"}
    if not chosen:
        report.prose_unmatched.append(f"{st.iri}: no recommendation of {meeting} was adopted in a joint "
                                      "thematic discussion; nothing is linked")
    return chosen


class _Texts:
    """The candidates' texts by language, each made comparable once (linking._comparable), so
    that one sentence is scored against all of them in one call of RapidFuzz: scoring them one
    pair at a time was 5 million calls of linking.similarity at a thousand reports, most of the
    linking's time. The scores are those of linking.similarity (the same Indel ratio, 0.0 where
    either text is empty)."""

    def __init__(self, candidates: list[dict]):
        from untoc_kg.linking import _comparable
        self.start_of = {r["rec"]: r["start"] for r in candidates}
        by_language: dict[str, list[dict]] = {}
        for row in candidates:
            by_language.setdefault(row["lang"], []).append(row)
        self.rows = {language: (np.array([r["start"] for r in rows]), [r["rec"] for r in rows],
                                [_comparable(r["text"]) for r in rows])
                     for language, rows in by_language.items()}

    def scored(self, text: str, language: str, before: str | None, at_least: float) -> list[tuple[float, str]]:
        """(similarity, recommendation) for the candidates in `language` adopted before `before`:
        those `at_least` as alike when there are any (RapidFuzz then skips most pairs by their
        lengths alone), otherwise all of them."""
        from untoc_kg.linking import _comparable
        if language not in self.rows:
            return []
        starts, recs, texts = self.rows[language]
        chosen = range(len(recs)) if before is None else np.flatnonzero(starts < before).tolist()
        query = _comparable(text)
        if not query:
            return [(0.0, recs[i]) for i in chosen]
        choices = [texts[i] for i in chosen]
        if not choices:
            return []
        for cutoff in (at_least * 100.0, 0.0):
            ratios = process.cdist([query], choices, scorer=fuzz.ratio, dtype=np.float64, score_cutoff=cutoff)[0]
            # Below the cutoff RapidFuzz gives 0; an empty choice is 0.0 for linking.similarity too.
            scored = [(float(ratio) / 100.0 if choice else 0.0, recs[i])
                      for i, choice, ratio in zip(chosen, choices, ratios) if ratio >= cutoff]
            if any(score >= at_least for score, _rec in scored):
                return [(score, rec) for score, rec in scored if score >= at_least]
        return scored


def _like(st: StatementFacts, text: str, language: str, texts: _Texts, report,
          adopted_on: dict[str, str]) -> set[str]:
    # The recommendation came before the sentence's report and before the act, where its date is known.
    bounds = sorted(st.own_starts | {adopted_on[act] for act in st.acts if act in adopted_on})
    before = bounds[0] if bounds else None
    scored = texts.scored(text, language, before, TEXT_SIMILARITY)
    best_score, best_rec = max(scored) if scored else (0.0, "")
    if not scored or best_score < TEXT_SIMILARITY:
        best = f" (the most alike is {best_rec}, {best_score:.0%})" if scored else ""
        report.prose_waiting.append(f"{st.iri}: no loaded recommendation adopted before the report's meeting "
                                    f'is like "{text}"{best}')
        return set()
    top = best_score
    # Working groups repeat a recommendation's words from one meeting to the next: of the equally
    # alike, the sentence means the latest adopted before its report's meeting (the joint
    # meeting of two groups adopts one recommendation twice, on the same day: both are meant).
    start_of = texts.start_of
    alike = [rec for score, rec in scored if score == top]
    latest = max(start_of[rec] for rec in alike)
    return {rec for rec in alike if start_of[rec] == latest}
