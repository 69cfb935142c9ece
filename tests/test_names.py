"""Splitting printed name lists, and the key test: every name in the five reports resolves.

The key test reads the sample reports on its own (it does not use the phrasebook, which is
tested elsewhere): it finds the formulaic sentences that carry names — speaker lists, attendance
lists, observers, sponsors, right of reply, opening statements on behalf of groups, the officials
heard in the general debate, and every "Person（State）" — splits them with split_name_list and
asserts that nothing is left unresolved.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from untoc_kg.gazetteer import Gazetteer
from untoc_kg.reading.names import NamePart, split_name_list

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
REPORTS = sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def codes(parts: list[NamePart]) -> list[str | None]:
    return [part.entity.code if part.entity else None for part in parts]


# ---------------------------------------------------------------- split_name_list on real lists


def test_speaker_list_of_000_gives_the_18_speakers_in_order(gazetteer):
    text = ("阿根廷、阿塞拜疆、巴西、中国、哥伦比亚、厄瓜多尔、埃及、欧洲联盟、洪都拉斯、印度、意大利、"
            "墨西哥、俄罗斯联邦、南非、阿拉伯叙利亚共和国、土耳其、美国和委内瑞拉玻利瓦尔共和国")
    assert codes(split_name_list(text, gazetteer)) == [
        "ARG", "AZE", "BRA", "CHN", "COL", "ECU", "EGY", "EU", "HND", "IND", "ITA", "MEX", "RUS",
        "ZAF", "SYR", "TUR", "USA", "VEN"]


def test_offsets_point_at_the_printed_names(gazetteer):
    text = "中国、多米尼加共和国、埃及、联合王国和委内瑞拉玻利瓦尔共和国。"
    parts = split_name_list(text, gazetteer)
    assert [text[p.start:p.end] for p in parts] == [p.text for p in parts]
    assert parts[-1].text == "委内瑞拉玻利瓦尔共和国"


def test_he_inside_a_name_is_not_a_separator(gazetteer):
    # 003, para. 50: the list ends "特立尼达和多巴哥和美国".
    text = "布基纳法索、中国、哥伦比亚、厄瓜多尔、埃及、法国、巴勒斯坦国、特立尼达和多巴哥和美国。"
    assert codes(split_name_list(text, gazetteer)) == [
        "BFA", "CHN", "COL", "ECU", "EGY", "FRA", "PSE", "TTO", "USA"]


def test_names_with_he_and_ji_stay_whole(gazetteer):
    text = ("波斯尼亚和黑塞哥维那、圣文森特和格林纳丁斯、圣多美和普林西比、安提瓜和巴布达、圣基茨和尼维斯"
            "及大不列颠及北爱尔兰联合王国")
    assert codes(split_name_list(text, gazetteer)) == ["BIH", "VCT", "STP", "ATG", "KNA", "GBR"]


def test_line_wrapped_names_resolve(gazetteer):
    # 001, para. 74 and 82 as extracted from the PDF.
    text = "巴西、加拿大、中国、洪都拉斯、墨西哥、美国、委内瑞拉玻利\n\n瓦尔共和国。"
    parts = split_name_list(text, gazetteer)
    assert codes(parts) == ["BRA", "CAN", "CHN", "HND", "MEX", "USA", "VEN"]
    assert parts[-1].text == "委内瑞拉玻利瓦尔共和国"
    wrapped = "比利时、多\n民族玻利维亚国、巴西、布基纳法索、加拿大、智利、中国、哥伦比亚、科特\n\n迪瓦、古巴"
    assert codes(split_name_list(wrapped, gazetteer)) == [
        "BEL", "BOL", "BRA", "BFA", "CAN", "CHL", "CHN", "COL", "CIV", "CUB"]


def test_yiji_and_half_width_separators(gazetteer):
    text = "美国,英国;联合王国以及大韩民国"
    assert codes(split_name_list(text, gazetteer)) == ["USA", "GBR", "GBR", "KOR"]


def test_a_name_that_contains_the_list_separator(gazetteer):
    # 001, para. 85: CARICC's Chinese name contains 、.
    text = ("伊比利亚―美洲检察官协会，巴尔干资产管理机构间网络、中亚区域打击非法贩运麻醉药品、精神药物及其"
            "前体信息和协调中心、独立国家联合体、海湾阿拉伯国家合作委员会、欧洲委员会、欧洲边境和海岸警卫队"
            "机构、一体化内部安全治理进程、国际刑事警察组织（国际刑警组织）。")
    assert codes(split_name_list(text, gazetteer)) == [
        "AIAMP", "BAMIN", "CARICC", "CIS", "GCC", "COE", "FRONTEX", "IISG", "INTERPOL"]


def test_unknown_names_come_back_unresolved_not_dropped(gazetteer):
    text = "阿根廷、火星共和国、巴西和亚特兰蒂斯"
    parts = split_name_list(text, gazetteer)
    assert [(p.text, p.entity.code if p.entity else None) for p in parts] == [
        ("阿根廷", "ARG"), ("火星共和国", None), ("巴西和亚特兰蒂斯", None)]
    assert text[parts[1].start:parts[1].end] == "火星共和国"


def test_no_fuzzy_matching(gazetteer):
    # A slip the data does not list stays unresolved rather than being matched to 美国.
    assert codes(split_name_list("美囯", gazetteer)) == [None]
    assert codes(split_name_list("委内瑞拉玻利瓦尔共和", gazetteer)) == [None]


def test_empty_pieces_are_skipped(gazetteer):
    assert codes(split_name_list("、中国、、美国。", gazetteer)) == ["CHN", "USA"]
    assert split_name_list("  。", gazetteer) == []


# ---------------------------------------------------------------- reading the reports

# A line that starts a new paragraph or heading; any other line continues the one before it
# (001 is PDF text whose lines are wrapped anywhere, even inside a name).
_OPENER = re.compile(r"^\s*(?:#|\*\*|\d{1,3}\.\s|[A-Z]\.\s|[一二三四五六七八九十]+\.\s|-?\s*\([a-z]{1,2}\)|\d\.\s)")


def paragraphs(path: Path) -> list[str]:
    """The report's paragraphs, whitespace removed and NFKC-folded (，：（）→ ,:())."""
    joined: list[str] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if _OPENER.match(line) or not joined:
            joined.append(line)
        else:
            joined[-1] += line
    result = []
    for paragraph in joined:
        text = unicodedata.normalize("NFKC", "".join(ch for ch in paragraph if not ch.isspace()))
        text = re.sub(r"^#+", "", text).replace("*", "")
        text = re.sub(r"^\d{1,3}\.", "", text)
        if text:
            result.append(text)
    return result


# Lists introduced by a colon and closed by 。 — the intro words that make them lists of names.
COLON_LIST = re.compile(
    r"(?:作了发言|观察员的发言|国家代表的发言|出席了会议(?:,包括[^:。]{0,40})?|提案国有|答辩权|政府专家)"
    r":(?P<list>[^。]+)")
OFFICIALS = re.compile(r"下列人士的发言:(?P<list>[^。]+)")
# Sentences whose names come before the verb.
SENTENCE_LISTS = [
    re.compile(r"^(?:在[^,:]{0,40}下,)?(?:《公约》)?(?:签署国)?(?P<list>[^:]+?)(?:的)?观察员"
               r"(?:也|各自)?(?:在[^:]{0,30}下)?作了发言$"),
    re.compile(r"^(?:在[^,:]{0,40}下,)?(?:作为《公约》缔约方的(?:一个)?区域经济一体化组织-*)?"
               r"(?P<list>[^:]+?)的(?:一名)?代表(?:也|各自)?(?:在[^:]{0,30}下)?作了发言$"),
    re.compile(r"^(?:《公约》)?(?:签署国)?(?:作为《公约》缔约方的(?:一个)?区域经济一体化组织-*)?"
               r"(?P<list>[^:,]+?)派(?:一名)?(?:观察员|代表)出席了会议$"),
    re.compile(r"给予(?P<list>[^:,]+?)代表答辩权$"),
]
# Names inside a sentence.
IN_SENTENCE = [
    re.compile(r"主席(?:随后)?请(?P<list>[^,。]+?)的[A-Za-z]"),                       # invited
    # "致开幕词的还有" is tried first so that it is not taken into the name at the sentence start.
    re.compile(r"(?:致开幕词的还有|^)(?P<list>[^,:、()]+?(?:\([^()]+\))?)(?:执行主任|秘书长)"),
    re.compile(r"(?:^|以及|、|和)(?P<list>[^、,:;()和]+?)代表\(代表"),                 # opening
    re.compile(r"\((?:也)?代表(?!其成员国)(?P<list>[^():;]+?)(?:及其成员国)?[);:]"),   # on behalf of
    re.compile(r"\((?:也)?代表[^()]*?[:;](?P<list>[^()]+?)赞同该发言\)"),               # aligned
    re.compile(r"[A-Za-zÀ-ÿĀ-ž.](?:先生|女士)?\((?P<list>[^()]+)\)"),                   # Person（State）
]
# Words printed inside a list that are not part of any name.
NOT_NAMES = re.compile(r"的一名代表|的代表|观察员")
# A parenthesis inside a list that says who else a speaker spoke for (read by IN_SENTENCE).
ASIDE = re.compile(r"\((?:也)?代表[^()]*\)")


def names_in_report(path: Path, gazetteer: Gazetteer) -> tuple[list[NamePart], list[str], int]:
    """(parts of every list found, the officials whose State was not found, lists found)."""
    parts: list[NamePart] = []
    officials_unresolved: list[str] = []
    lists = 0

    def take(text: str) -> None:
        nonlocal lists
        lists += 1
        parts.extend(split_name_list(NOT_NAMES.sub("", ASIDE.sub("", text)), gazetteer))

    for paragraph in paragraphs(path):
        for match in OFFICIALS.finditer(paragraph):
            # "秘鲁外交部长；泰国总检察长；…": each entry starts with the State's name.
            lists += 1
            for entry in filter(None, re.split(r"[;、]", match["list"])):
                found = gazetteer.find_all(entry)
                if found and found[0][0] == 0:
                    parts.append(NamePart(entry[:found[0][1]], 0, found[0][1], found[0][2]))
                else:
                    officials_unresolved.append(entry)
        for match in COLON_LIST.finditer(OFFICIALS.sub("", paragraph)):
            take(match["list"])
        for sentence in paragraph.split("。"):
            for pattern in SENTENCE_LISTS:
                match = pattern.search(sentence)
                if match:
                    take(match["list"])
                    break
            for pattern in IN_SENTENCE:
                for match in pattern.finditer(sentence):
                    take(match["list"])
    return parts, officials_unresolved, lists


# The least the test must find in each report, hand-counted from the report so that a
# broken reader cannot pass by finding nothing: the party attendance list plus the lists of
# speaking parties (000: 78 attending + 18 + 11 + 8 speakers + 18 parties with review experts;
# 001: 79 attending + 6 + 11 + 7 + 8 + 6 + 18; 002, which prints no attendance list: 82
# officials heard in the general debate + 22 + 13 + 20 + 15 + 21; 003: 90 attending + 13 + 9
# + 4 + 22; 004: 81 attending + 14 + 14 + 4). Observers, groups and panellists come on top.
MINIMUM_NAMES = {"000": 133, "001": 135, "002": 173, "003": 138, "004": 113}


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name[:3])
def test_every_name_in_the_report_resolves(path, gazetteer):
    parts, officials_unresolved, lists = names_in_report(path, gazetteer)
    unresolved = sorted({part.text for part in parts if part.entity is None})
    assert not unresolved and not officials_unresolved, (
        f"{path.name}: these names found in lists do not resolve: {unresolved}; "
        f"these officials start with no known State: {officials_unresolved}")
    minimum = MINIMUM_NAMES[path.name[:3]]
    assert len(parts) >= minimum, (
        f"{path.name}: only {len(parts)} names found in {lists} lists; the report prints at "
        f"least {minimum}, so the reading of the report is broken.")


def test_the_samples_are_all_there():
    assert [p.name[:3] for p in REPORTS] == sorted(MINIMUM_NAMES)


def test_the_reports_name_the_entities_they_should(gazetteer):
    # Spot checks that the lists were read, not only that they resolve.
    found = {path.name[:3]: Counter(p.entity.code for p in names_in_report(path, gazetteer)[0])
             for path in REPORTS}
    assert {"USA", "PER", "EU", "INTERPOL", "IRN", "PSE", "LAS", "IISG"} <= set(found["000"])
    assert {"BOL", "CARICC", "FRONTEX", "IRN"} <= set(found["001"])
    assert {"VAT", "G77", "AFRICAN-GROUP", "UNODC", "GITOC", "TTO", "BIH", "NLD"} <= set(found["002"])
    assert {"ECOWAS", "TTO", "COMJIB", "OAS-RANDOT"} <= set(found["003"])
    assert {"UNEP", "SCO", "OSCE", "GBR"} <= set(found["004"])
