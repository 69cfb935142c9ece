"""Knowledge as data (issue 18): the language of the reports lives in loaders/<language>/, the
bodies' roles in loaders/series.yaml, and the engine holds none of it.

- the package holds no Chinese literal outside docstrings, comments and messages;
- a phrasebook or language file that does not give what loaders/schema.yaml asks is refused
  when it loads, by file and entry, and a reader asking a match for a group its entry does not
  list fails at once;
- no body symbol stands in the code: what the Conference does differently is read from series.yaml;
- an English report (tests/fixtures/en/004_en.txt, the formulaic sentences of report 004 as the
  English originals print them) gives the facts a person read from the Chinese one
  (tests/facts/004.yaml), and loaded beside it lands on the same nodes, in English.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from untoc_kg.errors import DataFileError
from untoc_kg.gazetteer import Gazetteer
from untoc_kg.loading import load_files
from untoc_kg.reading.language import Language, available
from untoc_kg.reading.names import resolve_printed
from untoc_kg.reading.phrasebook import Phrasebook, UnknownGroup
from untoc_kg.reading.report import read_report
from untoc_kg.reading.series import Series
from untoc_kg.records import Person
from untoc_kg.store import GraphStore
from untoc_kg.vocab import ID

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "untoc_kg"
LOADERS = HERE.parent / "loaders"
SAMPLES = HERE.parent / "samples"
REPORT_004 = SAMPLES / "004_1128377bf6bc7323.txt"
REPORT_004_EN = HERE / "fixtures" / "en" / "004_en.txt"
FACTS_004 = yaml.safe_load((HERE / "facts" / "004.yaml").read_text(encoding="utf-8"))

# ---------------------------------------------------------------- 1. no Chinese in the engine

# Ideographs, CJK punctuation (、。《》「」), full-width forms (，：；（）) and the quotation marks
# “” that the Chinese reports print.
CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u201c\u201d]")
# Calls whose string arguments are messages to a person, not knowledge the reader runs on.
MESSAGE_CALLS = ("problem", "Problem", "echo", "secho", "print", "fail")
# Modules outside the reading engine whose Chinese is text shown to a person (the site's
# interface, the dataset's title, the documentation pages), and the gazetteer's folding of the
# brackets that may wrap a printed name (loaders/gazetteer/ is changed under issue 16).
SHOWN_TO_PEOPLE = ("web/", "dataset.py", "docs.py", "remote.py", "gazetteer.py")


def _is_message_call(node: ast.Call) -> bool:
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    return name in MESSAGE_CALLS or name.endswith(("Error", "Failed")) or name.startswith("check_")


def literals_with(pattern: re.Pattern, path: Path) -> list[tuple[int, str]]:
    """String constants of a module that match ``pattern``, outside docstrings and messages
    (comments are not constants)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and _is_message_call(node)):
            skipped.update(id(inner) for inner in ast.walk(node))
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in skipped and pattern.search(node.value))


def engine_modules() -> list[Path]:
    return [path for path in sorted(PACKAGE.rglob("*.py"))
            if not path.relative_to(PACKAGE).as_posix().startswith(SHOWN_TO_PEOPLE)]


def test_the_engine_holds_no_chinese_literal():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {value!r}"
             for path in engine_modules() for line, value in literals_with(CJK, path)]
    assert found == [], "Chinese in the code; it belongs in loaders/zh/:\n" + "\n".join(found)


def test_the_scan_sees_a_chinese_literal_where_there_is_one(tmp_path):
    # The scan itself: a separator table in code is found, the same text in a message is not.
    module = tmp_path / "m.py"
    module.write_text('"""文档。"""\nSEPARATORS = "、，"\n# 注释\nraise ValueError("名称“x”")\n', encoding="utf-8")
    assert literals_with(CJK, module) == [(2, "、，")]


def test_no_body_symbol_stands_in_the_code():
    symbols = re.compile(r"^(?:CTOC/COP(?:/WG\.\d+)?|UNODC)$")
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {value!r}"
             for path in sorted(PACKAGE.rglob("*.py")) if "web" not in path.parts
             for line, value in literals_with(symbols, path)]
    assert found == []


# ---------------------------------------------------------------- 2. the schema, checked on load

PHRASEBOOK_ZH = LOADERS / "zh" / "phrasebook.yaml"
LANGUAGE_ZH = LOADERS / "zh" / "language.yaml"


def _phrasebook(tmp_path, edit) -> tuple[Path, dict]:
    entries = yaml.safe_load(PHRASEBOOK_ZH.read_text(encoding="utf-8"))
    edit(entries)
    path = tmp_path / "phrasebook.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _refused(tmp_path, edit) -> str:
    path, entries = _phrasebook(tmp_path, edit)
    with pytest.raises(DataFileError) as error:
        Phrasebook(entries, path, "zh")
    message = str(error.value)
    assert message.startswith(str(path)), message
    return message


def _rename(entries: dict, old: str, new: str) -> None:
    entries[new] = entries.pop(old)


def test_a_misspelt_entry_is_refused_by_name(tmp_path):
    message = _refused(tmp_path, lambda e: _rename(e, "statements.party", "statements.partys"))
    assert "'statements.partys' is not one the reader knows" in message
    assert "misspelling of 'statements.party'" in message


def test_a_missing_entry_is_refused_by_name(tmp_path):
    message = _refused(tmp_path, lambda e: e.pop("attendance.signatory"))
    assert "entry 'attendance.signatory' is missing" in message


def test_a_misspelt_group_is_refused_by_entry_and_variant(tmp_path):
    def misspell(entries):
        entries["statements.observers"][1] = entries["statements.observers"][1].replace("(?P<list>", "(?P<lsit>")
    message = _refused(tmp_path, misspell)
    assert "entry 'statements.observers', variant 2" in message
    assert "defines the group lsit" in message and "misspelling of 'list'" in message


def test_a_pattern_without_a_required_group_is_refused(tmp_path):
    def drop(entries):
        entries["structure.chapter"] = [r"^(?P<label>[一二三四五六七八九十]+)\.\s*\S.*$"]
    message = _refused(tmp_path, drop)
    assert "entry 'structure.chapter', variant 1" in message and "title" in message


def test_a_form_with_a_value_the_graph_has_not_is_refused(tmp_path):
    message = _refused(tmp_path, lambda e: e["terms.format"].update({"在线": "onlien"}))
    assert "terms.format" in message and "'onlien'" in message and "hybrid, online, in-person" in message


def test_the_phrasebooks_of_every_language_load():
    assert set(available()) >= {"zh", "en"}
    for code in available():
        phrasebook = Phrasebook.load(code)
        assert phrasebook.names()                  # checked against loaders/schema.yaml on load


def test_a_match_asked_for_a_group_its_entry_does_not_list_raises():
    match = Phrasebook.load("zh").search("meeting.format", "会议以混合形式举行。")
    assert match.value("format") == "hybrid"
    assert match.group("format") == "混合"
    with pytest.raises(UnknownGroup) as error:
        match.group("fromat")
    assert "meeting.format" in str(error.value) and "'fromat'" in str(error.value)
    # A group the entry lists but this variant lacks is simply absent.
    duration = Phrasebook.load("zh").search("meeting.duration", "工作组于 2024 年 6 月 3 日在维也纳举行")
    assert duration.group("sittings") is None


def _language(tmp_path, edit) -> tuple[Path, dict]:
    entries = yaml.safe_load(LANGUAGE_ZH.read_text(encoding="utf-8"))
    edit(entries)
    path = tmp_path / "language.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("edit, expected", [
    (lambda e: e.pop("numbers.units"), "entry 'numbers.units' is missing"),
    (lambda e: _rename(e, "dates.pattern", "dates.patern"), "misspelling of 'dates.pattern'"),
    (lambda e: e.update({"numbers.units": "零一二三"}), "entry 'numbers.units' should map each printed form"),
    (lambda e: e.update({"dates.missing_from": "before"}), "'before' is not one of those dates.missing_from may give"),
    (lambda e: e.update({"labels.meeting": "{body}会议（{date}）"}), "uses the field date"),
    (lambda e: e.update({"dates.pattern": r"(?P<day>\d+)日(?P<mnth>\d+)"}), "mnth"),
], ids=["missing map", "misspelt entry", "map as a string", "choice", "template field", "date group"])
def test_a_language_file_that_does_not_give_what_the_schema_asks_is_refused(tmp_path, edit, expected):
    path, entries = _language(tmp_path, edit)
    with pytest.raises(DataFileError) as error:
        Language("zh", entries, path)
    assert str(error.value).startswith(str(path)) and expected in str(error.value), str(error.value)


# ---------------------------------------------------------------- 3. numbers, dates, lists per language

@pytest.mark.parametrize("code, printed, number", [
    ("zh", "四", 4),            # 004 ¶32 "共举行了四次会议"
    ("zh", "十二", 12),         # 002 "第十二届会议"
    ("zh", "十四", 14),         # 003 "第十四次会议"
    ("zh", "一百二十七", 127),
    ("zh", "１２", 12),
    ("en", "four", 4),          # 004_en ¶32 "It held four meetings."
    ("en", "twelfth", 12),
    ("en", "twenty-first", 21),
    ("en", "3rd", 3),
    ("en", "XIV", 14),
])
def test_numbers_are_read_as_the_language_writes_them(code, printed, number):
    assert Language.load(code).number(printed) == number


def test_a_word_that_is_no_number_is_refused():
    with pytest.raises(ValueError):
        Language.load("zh").number("次")
    with pytest.raises(ValueError):
        Language.load("en").number("often")
    assert Language.load("en").numbers_in("it often held ten meetings") == [10]


def test_dates_take_what_they_lack_from_the_neighbour_the_language_says():
    import datetime as dt
    zh, en = Language.load("zh"), Language.load("en")
    may = [dt.date(2023, 5, 29), dt.date(2023, 5, 30)]
    assert zh.dates("2023 年 5 月 29 日和 30 日") == (may, False)       # 004 ¶32
    assert en.dates("29 and 30 May 2023") == (may, False)               # 004_en ¶32
    assert zh.dates("2024 年 10 月 14 日至 18 日")[1] is True            # 002: a range
    assert en.dates("from 14 to 18 October 2024") == ([dt.date(2024, 10, 14), dt.date(2024, 10, 18)], True)
    assert en.dates("on 30 May", 2023) == ([dt.date(2023, 5, 30)], False)


def test_the_language_of_a_report_is_recognised_from_its_title():
    for sample in sorted(SAMPLES.glob("*.txt")):
        assert Language.of_text(sample.read_text(encoding="utf-8")) == "zh", sample.name
    assert Language.of_text(REPORT_004_EN.read_text(encoding="utf-8")) == "en"
    assert Language.of_text("第一章\n\n这是一本小说，不是会议报告。\n") is None


# ---------------------------------------------------------------- 4. bodies' roles in series.yaml

def test_the_conference_is_special_by_its_attributes():
    series = Series.load()
    conference = series.body("CTOC/COP")
    assert (conference.adopts_acts, conference.numbers, conference.lists_documents) == (True, "session", False)
    for body in series.bodies:
        if body.symbol != "CTOC/COP":
            assert (body.adopts_acts, body.numbers, body.lists_documents) == (False, "meeting", True), body.symbol
    assert series.secretariat == "UNODC"
    assert series.issuer_before("毒品和犯罪问题办公室在其").code == "CTOC/COP"      # cited_when_unnamed
    assert series.issuer_before("预防犯罪和刑事司法委员会").code == "CCPCJ"


def test_the_issuer_of_an_unattributed_act_is_said_once(tmp_path):
    data = yaml.safe_load((LOADERS / "series.yaml").read_text(encoding="utf-8"))
    for issuer in data["issuers"]:
        issuer.pop("cited_when_unnamed", None)
    path = tmp_path / "series.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        Series.from_file(path)
    assert str(path) in str(error.value) and "cited_when_unnamed" in str(error.value)


def test_a_body_numbering_neither_sessions_nor_meetings_is_refused(tmp_path):
    data = yaml.safe_load((LOADERS / "series.yaml").read_text(encoding="utf-8"))
    data["bodies"][1]["numbers"] = "sessions"
    path = tmp_path / "series.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        Series.from_file(path)
    assert "CTOC/COP/WG.2" in str(error.value) and "'sessions'" in str(error.value)


# ---------------------------------------------------------------- 5. the English report of meeting 004

@lru_cache(maxsize=None)
def english():
    return read_report(REPORT_004_EN)


def _code(name: str) -> str:
    text = str(name)
    if text.isascii() and text.upper() == text:
        return text
    entity = resolve_printed(text, Gazetteer.load())
    assert entity is not None, text
    return entity.code


def test_the_english_report_gives_the_facts_read_from_the_chinese_one():
    records, want = english(), FACTS_004["meetings"][0]
    assert records.language == "en"
    assert records.unresolved == [] and records.problems == []
    assert records.distributed.isoformat() == str(FACTS_004["distributed"])
    [meeting] = records.meetings
    assert (meeting.body, meeting.start, meeting.end) == (want["body"], want["start"], want["end"])
    assert (meeting.venue, meeting.sitting_count, meeting.format) == ("Vienna", want["sittings"], want["format"])
    assert [i.number for i in meeting.agenda] == [i["number"] for i in want["agenda"]]
    assert sorted((o.office, o.person.name, o.for_agent.code) for o in meeting.officers) == sorted(
        (o["office"], o["person"], o["for"]) for o in want["officers"])
    for item, roles in want["statements"].items():
        said = [s for s in meeting.statements if s.item == item]
        for role in ("party", "observer-state", "igo"):
            assert sorted(s.speaker.code for s in said if s.role == role) == sorted(
                _code(n) for n in roles.get(role, [])), (item, role)
        assert [(s.speaker.name, s.for_agent.code) for s in said if s.role == "panellist"] == [
            (p["person"], p["for"]) for p in roles.get("panellist", [])], item
        assert any(s.role == "secretariat" for s in said) == roles.get("secretariat", False)
    for status in ("party", "signatory", "un-entity", "igo"):
        assert sorted(p.participant.code for p in meeting.participations if p.status == status) == sorted(
            _code(n) for n in want["attendance"][status]), status
    assert len(meeting.recommendations) == want["recommendations"]["count"]
    assert sorted(s for d in meeting.documents for s in d.symbols) == sorted(want["documents"])


def test_the_english_report_prints_its_own_words():
    [meeting] = english().meetings
    titles = {i.number: i.title for i in meeting.agenda}
    assert titles["4"] == "Other matters" and titles["1(b)"] == "Adoption of the agenda and organization of work"
    assert [r.label for r in meeting.recommendations][:2] == ["Recommendation 1", "Recommendation 2"]
    assert meeting.recommendations[0].heading == "General recommendations"
    cited = {(a.kind, a.number, a.issuer): a.title for a in english().acts_cited}
    assert cited[("resolution", "9/1", "CTOC/COP")].startswith("Establishment of the Mechanism for the Review")
    assert ("resolution", "31/1", "CCPCJ") in cited          # ¶30: "Commission on Crime Prevention … resolution 31/1"


PREFIXES = """
PREFIX untoc: <https://w3id.org/untoc-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
MEETING_004 = f"{ID}meeting/CTOC-COP-WG.2/2023-05-29"
GRAPH = "https://w3id.org/untoc-kg/graph/report/CTOC-COP-WG.2/2023-05-29/"


@pytest.fixture(scope="module")
def both():
    store = GraphStore(None)
    load_files(store, [REPORT_004, REPORT_004_EN])
    return store


def _values(store, query: str) -> set[tuple[str, ...]]:
    solutions = store.query(PREFIXES + query)
    names = [v.value for v in solutions.variables]
    return {tuple(s[n].value if s[n] is not None else "" for n in names) for s in solutions}


NODE_CLASSES = ("Meeting", "Sitting", "AgendaItem", "Statement", "Participation", "OfficeHolding",
                "Recommendation", "Document", "Person")


@pytest.mark.parametrize("rdf_class", NODE_CLASSES)
def test_the_two_languages_land_on_the_same_nodes(both, rdf_class):
    def nodes(language):
        return _values(both, f"SELECT ?node WHERE {{ GRAPH <{GRAPH}{language}> {{ ?node a untoc:{rdf_class} }} }}")
    chinese, english_nodes = nodes("zh"), nodes("en")
    assert chinese, rdf_class
    assert english_nodes == chinese


def test_the_merged_nodes_speak_both_languages(both):
    item4 = f"{MEETING_004}/item/4"
    assert _values(both, f"SELECT ?title (LANG(?title) AS ?l) WHERE {{ <{item4}> dcterms:title ?title }}") == {
        ("其他事项", "zh"), ("Other matters", "en")}
    assert _values(both, f"SELECT ?label WHERE {{ <{MEETING_004}> rdfs:label ?label }}") == {
        ("技术援助问题政府专家工作组会议（2023-05-29）",),
        ("Working Group of Government Experts on Technical Assistance, meeting of 2023-05-29",)}
    rec1 = f"{MEETING_004}/recommendation/1"
    assert _values(both, f"SELECT (LANG(?text) AS ?l) WHERE {{ <{rec1}> untoc:text ?text }}") == {("zh",), ("en",)}
    # A statement is read from paragraph 36 of each report, and shows each one's words.
    statement = f"{MEETING_004}/item/2/statement/party/VEN"
    assert _values(both, f"""SELECT ?number (LANG(?text) AS ?l) WHERE {{
        <{statement}> untoc:fromParagraph ?p . ?p untoc:paragraphNumber ?number ; untoc:text ?text }}""") == {
        ("36", "zh"), ("36", "en")}
    # Both readings name the same speakers under item 3.
    speakers = _values(both, f"""SELECT ?speaker ?g WHERE {{ GRAPH ?g {{
        ?s untoc:agendaItemOf <{MEETING_004}/item/3> ; untoc:speaker ?speaker }} }}""")
    by_graph = {g: {s for s, h in speakers if h == g} for _, g in speakers}
    assert len(by_graph) == 2 and len({frozenset(v) for v in by_graph.values()}) == 1
    assert len(next(iter(by_graph.values()))) == 14 + 1 + 2 + 4 + 1   # parties, EU, observers, panellists, UNODC


def test_the_english_person_is_the_chinese_person():
    chinese = {p.key: p for p in read_report(REPORT_004).persons}
    for person in english().persons:
        assert isinstance(person, Person) and person.key in chinese
        assert person.name == chinese[person.key].name
        assert person.affiliation.code == chinese[person.key].affiliation.code


# ---------------------------------------------------------------- 6. one object warms every cache

def test_warming_the_knowledge_leaves_nothing_for_a_report_to_load():
    import datetime as dt

    from untoc_kg import loader_version as version_module, validation
    from untoc_kg.loading import prepare
    from untoc_kg.reading import gazetteers, language, phrasebook, schema, series
    from untoc_kg.reading.knowledge import KNOWLEDGE
    from untoc_kg.topics import TopicScheme

    caches = {
        "phrasebooks": phrasebook.Phrasebook.load, "language files": language.Language.load,
        "languages": language.available, "gazetteers": gazetteers.gazetteer_in, "series": series.Series.load,
        "schema": schema.schema, "topic scheme": TopicScheme.load, "loader version": version_module.loader_version,
        "reference index": validation._report_base, "shapes": validation._prepared_shapes,
    }
    for cache in caches.values():
        cache.cache_clear()          # as in a fresh process: what warm() does not load, a report would
    KNOWLEDGE.warm()
    before = {name: cache.cache_info().misses for name, cache in caches.items()}
    prepare(REPORT_004_EN, dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    prepare(SAMPLES / "002_ed9f8f015a552a03.txt", dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    after = {name: cache.cache_info().misses for name, cache in caches.items()}
    assert after == before


def test_an_empty_pattern_is_refused_where_the_reader_needs_one(tmp_path):
    path, entries = _language(tmp_path, lambda e: e.update({"dates.range": ""}))
    with pytest.raises(DataFileError) as error:
        Language("zh", entries, path)
    assert "entry 'dates.range' is empty" in str(error.value)
    path, entries = _language(tmp_path, lambda e: e.update({"numbers.joiner": ""}))
    assert Language("zh", entries, path).number("二十一") == 21
