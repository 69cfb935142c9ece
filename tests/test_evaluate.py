"""`untoc-kg evaluate`: the graph against the facts a person read from the reports (tests/facts/).

The loader is exact on the samples, so every kind of every report scores 1.0; a reading that
loses a line scores less, by exactly the facts that line held.
"""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from click.testing import CliRunner

from tests.conftest import REPORT_000, SAMPLES
from untoc_kg.cli import cli
from untoc_kg.evaluation import ALL, evaluate, graph_facts
from untoc_kg.hand_read_facts import KINDS, FactFileError, all_facts
from untoc_kg.loading import load_files
from untoc_kg.output import render
from untoc_kg.queries import parse_query_file
from untoc_kg.resources import data_dir
from untoc_kg.sparql_files import sparql
from untoc_kg.store import GraphStore

# Report 000, paragraph 56: the party delegations that spoke under item 4, Azerbaijan first.
ITEM_4_LINE = "56. 在议程项目 4 下，《公约》下列缔约方的代表作了发言：阿塞拜疆、中国、"


@pytest.fixture(scope="module")
def evaluation(store_all):
    return evaluate(store_all)


def test_every_sample_has_facts_of_every_kind(evaluation):
    facts = all_facts()
    assert sorted(f.file for f in facts) == sorted(p.name for p in SAMPLES.glob("*.txt"))
    assert evaluation.unmeasured == []
    measured = {(s.report, s.kind) for s in evaluation.scores if s.report != ALL}
    assert measured == {(f.file, kind) for f in facts for kind in KINDS + (ALL,)}
    # Every kind is read from some report, and none is measured on nothing at all.
    for score in evaluation.by_kind():
        assert score.expected > 0, f"no report has a hand-read fact of kind {score.kind}"


def test_the_loader_is_exact_on_every_kind_and_report(evaluation):
    wrong = [s for s in evaluation.scores if s.f1 != 1.0]
    assert wrong == [], render(evaluation.differences(), "table", max_cell=200)
    overall = evaluation.overall()
    assert overall.precision == overall.recall == overall.f1 == 1.0
    assert overall.expected == overall.found == overall.correct > 1500


def test_endorsements_are_expected_only_where_both_reports_are_loaded(evaluation):
    [facts] = [f for f in all_facts() if f.file.startswith("002")]
    annex = [f for f in facts.kinds["endorsements"] if f[-1].startswith("annex")]
    prose = [f for f in facts.kinds["endorsements"] if f[-1] == "prose"]
    # Resolution 12/1's annexes repeat 17 + 10 recommendations, 12/2's 11 + 24; its preamble says
    # 11/1 endorsed 25 recommendations of report 001 and 11/3 the 12 + 12 of its joint discussion.
    assert (len(annex), len(prose)) == (17 + 10 + 11 + 24, 25 + 12 + 12)
    [score] = [s for s in evaluation.scores if s.report == facts.file and s.kind == "endorsements"]
    # The 10 of the 15th meeting of WG.3 (5-6 June 2024) cannot be linked: its report is not a sample.
    assert score.expected == score.correct == len(annex) + len(prose) - 10


def test_a_name_lost_from_a_list_lowers_recall_by_that_fact(tmp_path):
    text = REPORT_000.read_text(encoding="utf-8")
    assert text.count(ITEM_4_LINE) == 1
    broken = tmp_path / REPORT_000.name          # the same file name: the same hand-read facts apply
    broken.write_text(text.replace(ITEM_4_LINE, ITEM_4_LINE.replace("阿塞拜疆、", "")), encoding="utf-8")
    store = GraphStore(None)
    load_files(store, [broken])
    result = evaluate(store)
    scores = {s.kind: s for s in result.scores if s.report == REPORT_000.name}
    statements = scores["statements"]
    assert (statements.expected, statements.found, statements.correct) == (47, 46, 46)
    assert statements.precision == 1.0
    assert statements.recall == pytest.approx(46 / 47)
    assert statements.f1 == pytest.approx(2 * (46 / 47) / (1 + 46 / 47))
    assert statements.missing == (("CTOC/COP/WG.2", "2024-06-03", "4", "party", "AZE", ""),)
    # Nothing else of the report changed; only this report was loaded.
    assert [kind for kind, s in scores.items() if s.f1 != 1.0] == ["statements", ALL], \
        render(result.differences(), "table")
    assert {s.report for s in result.scores} == {REPORT_000.name, ALL}
    assert result.overall().recall == pytest.approx((scores[ALL].expected - 1) / scores[ALL].expected)


def test_a_fact_the_graph_lacks_is_missing_and_a_fact_it_adds_is_extra(store_000, tmp_path):
    facts = tmp_path / "facts"
    facts.mkdir()
    text = (SAMPLES.parent / "tests" / "facts" / "000.yaml").read_text(encoding="utf-8")
    # One document the report does not list, and one it lists left out.
    edited = text.replace("      - CTOC/COP/WG.2/2024/1\n", "      - CTOC/COP/WG.2/2024/9\n")
    assert edited != text
    (facts / "000.yaml").write_text(edited, encoding="utf-8")
    [documents] = [s for s in evaluate(store_000, facts).scores
                   if s.report == REPORT_000.name and s.kind == "documents"]
    assert (documents.expected, documents.found, documents.correct) == (5, 5, 4)
    assert (documents.precision, documents.recall, documents.f1) == pytest.approx((0.8, 0.8, 0.8))
    assert [f[2] for f in documents.missing] == ["CTOC/COP/WG.2/2024/9"]
    assert [f[2] for f in documents.extra] == ["CTOC/COP/WG.2/2024/1"]


def test_evaluate_command(tmp_path):
    path = tmp_path / "db"
    copy = tmp_path / "in" / "999_not_read_by_hand.txt"     # the same report under a name without facts
    copy.parent.mkdir()
    shutil.copy(SAMPLES / "004_1128377bf6bc7323.txt", copy)
    assert CliRunner().invoke(cli, ["--store", str(path), "load", str(REPORT_000)]).exit_code == 0
    result = CliRunner().invoke(cli, ["--store", str(path), "evaluate", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["report"], r["kind"]) for r in rows] == (
        [(REPORT_000.name, k) for k in KINDS + (ALL,)] + [(ALL, k) for k in KINDS + (ALL,)])
    assert {r["f1"] for r in rows} == {"1.000"}
    result = CliRunner().invoke(cli, ["--store", str(path), "evaluate", "--differences", "--format", "json"])
    assert result.exit_code == 0 and result.stdout.strip() == "[]"
    assert CliRunner().invoke(cli, ["--store", str(path), "load", str(copy)]).exit_code == 0
    result = CliRunner().invoke(cli, ["--store", str(path), "evaluate"])
    assert result.exit_code == 0
    assert "not measured: <https://w3id.org/untoc-kg/graph/report/CTOC-COP-WG.2/2023-05-29/zh>" in result.stderr
    assert "999_not_read_by_hand" not in result.stdout


@pytest.mark.parametrize("name", sorted(p.stem for p in data_dir("evaluation").glob("*.rq")))
def test_every_evaluation_query_has_the_standard_header_and_gives_its_columns(store_all, name):
    query = parse_query_file(data_dir("evaluation") / f"{name}.rq")
    assert query.title and query.description and query.examples == ["untoc-kg evaluate"], name
    solutions = store_all.query(sparql("evaluation", name))
    assert [v.value for v in solutions.variables] == query.columns, name



def test_a_fact_naming_an_unknown_organization_is_refused_with_its_name(store_000, tmp_path):
    facts = tmp_path / "facts"
    facts.mkdir()
    text = (SAMPLES.parent / "tests" / "facts" / "000.yaml").read_text(encoding="utf-8")
    (facts / "000.yaml").write_text(text.replace("        - 各国议会联盟\n", "        - 没有这个组织\n"), encoding="utf-8")
    with pytest.raises(FactFileError, match="000.yaml: The fact “没有这个组织” names an organization the gazetteer does not know"):
        evaluate(store_000, facts)
    (facts / "000.yaml").write_text("meetings: []\n", encoding="utf-8")
    with pytest.raises(FactFileError, match="000.yaml.*“file:”"):
        evaluate(store_000, facts)


def test_reports_without_facts_are_not_read_and_change_no_figure(store_all, evaluation):
    # Beside the samples, the English report of meeting 004 has no hand-read facts: its graph is
    # left out of every query (at a thousand reports, reading them all took 76 s) and listed as
    # not measured, and every figure of the samples stays what it was.
    store = GraphStore(None)
    load_files(store, sorted(SAMPLES.glob("*.txt")) + [SAMPLES.parent / "tests" / "fixtures" / "en" / "004_en.txt"])
    mixed = evaluate(store)
    english = "https://w3id.org/untoc-kg/graph/report/CTOC-COP-WG.2/2023-05-29/en"
    assert mixed.unmeasured == [english]
    read = graph_facts(store, {facts.file for facts in all_facts()})
    assert english in read.files and english not in read.kinds and len(read.kinds) == 5
    assert [(s.report, s.kind, s.expected, s.found, s.correct) for s in mixed.scores] == \
        [(s.report, s.kind, s.expected, s.found, s.correct) for s in evaluation.scores]
