"""The gazetteer data (states.tsv, organizations.tsv) and its resolver."""

from __future__ import annotations

import importlib.util
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from untoc_kg.gazetteer import Gazetteer, GazetteerError, normalise_name
from untoc_kg.vocab import UNTOC

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "loaders" / "gazetteer"
INPUTS = ("states-zh-un.tsv", "states-en-un.tsv", "wikidata-states.tsv")


def load_builder():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def table(name: str) -> list[dict[str, str]]:
    lines = [line for line in (FOLDER / name).read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


# ---------------------------------------------------------------- the builder


def test_builder_reproduces_the_committed_states_table(tmp_path):
    builder = load_builder()
    out = tmp_path / "states.tsv"
    builder.build(out)
    assert out.read_bytes() == (FOLDER / "states.tsv").read_bytes(), (
        "states.tsv is not what scripts/build_gazetteer.py makes from its inputs; "
        "run python scripts/build_gazetteer.py and review the diff.")


def test_builder_rejects_a_name_shared_by_two_states(tmp_path):
    builder = load_builder()
    for name in INPUTS:
        shutil.copy(FOLDER / name, tmp_path / name)
    override = tmp_path / "states-zh-un.tsv"
    override.write_text(override.read_text(encoding="utf-8").replace(
        "ZWE\t\t\t津巴布韦共和国\t\t", "ZWE\t\t\t津巴布韦共和国\t美国\t"), encoding="utf-8")
    with pytest.raises(builder.BuildError, match="美国.*USA.*ZWE"):
        builder.build(None, tmp_path)


def test_builder_rejects_an_english_name_shared_by_two_states(tmp_path):
    builder = load_builder()
    for name in INPUTS:
        shutil.copy(FOLDER / name, tmp_path / name)
    english = tmp_path / "states-en-un.tsv"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "KOR\tRepublic of Korea", "KOR\tRepublic of Moldova"), encoding="utf-8")
    with pytest.raises(builder.BuildError, match="English name Republic of Moldova.*KOR.*MDA"):
        builder.build(None, tmp_path)


def test_builder_rejects_an_english_row_that_repeats_iso(tmp_path):
    # The reviewed file lists only what differs from ISO: a row that does not is a slip.
    builder = load_builder()
    for name in INPUTS:
        shutil.copy(FOLDER / name, tmp_path / name)
    english = tmp_path / "states-en-un.tsv"
    english.write_text(english.read_text(encoding="utf-8") + "TUR\tTürkiye\t\n", encoding="utf-8")
    with pytest.raises(builder.BuildError, match=r"states-en-un.tsv, line \d+: Türkiye is also ISO's name of TUR"):
        builder.build(None, tmp_path)


def test_builder_rejects_a_malformed_wikidata_id(tmp_path):
    builder = load_builder()
    for name in INPUTS:
        shutil.copy(FOLDER / name, tmp_path / name)
    ids = tmp_path / "wikidata-states.tsv"
    ids.write_text(ids.read_text(encoding="utf-8").replace("USA\tQ30\t", "USA\t30\t"), encoding="utf-8")
    with pytest.raises(builder.BuildError, match="wikidata-states.tsv, line .*'30'"):
        builder.build(None, tmp_path)


# ---------------------------------------------------------------- the data


def test_193_members_and_2_observers():
    rows = table("states.tsv")
    statuses = defaultdict(set)
    for row in rows:
        statuses[row["un_status"]].add(row["alpha3"])
    assert len(statuses["member"]) == 193
    assert statuses["observer"] == {"VAT", "PSE"}
    assert set(statuses) == {"member", "observer"}


def test_codes_are_unique_and_well_formed():
    rows = table("states.tsv")
    alpha3 = [row["alpha3"] for row in rows]
    assert len(alpha3) == len(set(alpha3))
    assert len({row["alpha2"] for row in rows}) == len(rows)
    assert all(len(row["m49"]) == 3 and row["m49"].isdigit() for row in rows)
    organizations = [row["code"] for row in table("organizations.tsv")]
    assert len(organizations) == len(set(organizations))
    assert not set(organizations) & set(alpha3)


def test_every_chinese_name_is_unique_across_states_and_organizations():
    owners = defaultdict(set)
    for row in table("states.tsv"):
        for cell in (row["name_zh"], row["name_zh_official"], row["variants_zh"]):
            for name in filter(None, cell.split("|")):
                owners[normalise_name(name)].add(row["alpha3"])
    for row in table("organizations.tsv"):
        for name in filter(None, row["names_zh"].split("|")):
            owners[normalise_name(name)].add(row["code"])
    shared = {name: codes for name, codes in owners.items() if len(codes) > 1}
    assert not shared, f"names that would resolve to more than one entity: {shared}"


def test_every_state_has_a_wikidata_item():
    missing = [row["alpha3"] for row in table("states.tsv") if not row["wikidata"]]
    assert missing == []


@pytest.mark.parametrize("name, code", [
    ("美国", "USA"), ("美利坚合众国", "USA"),
    ("联合王国", "GBR"), ("英国", "GBR"), ("大不列颠及北爱尔兰联合王国", "GBR"),
    ("俄罗斯联邦", "RUS"), ("委内瑞拉玻利瓦尔共和国", "VEN"), ("多民族玻利维亚国", "BOL"),
    ("伊朗伊斯兰共和国", "IRN"), ("阿拉伯叙利亚共和国", "SYR"), ("老挝人民民主共和国", "LAO"),
    ("摩尔多瓦共和国", "MDA"), ("大韩民国", "KOR"), ("朝鲜民主主义人民共和国", "PRK"),
    ("坦桑尼亚联合共和国", "TZA"), ("刚果民主共和国", "COD"), ("刚果", "COG"),
    ("特立尼达和多巴哥", "TTO"), ("波斯尼亚和黑塞哥维那", "BIH"), ("教廷", "VAT"),
    ("巴勒斯坦国", "PSE"), ("土耳其", "TUR"), ("捷克", "CZE"), ("科特迪瓦", "CIV"),
    ("北马其顿", "MKD"), ("埃斯瓦蒂尼", "SWZ"), ("斯威士兰", "SWZ"), ("荷兰王国", "NLD"),
    ("荷兰", "NLD"), ("中华人民共和国", "CHN"),
    ("欧洲联盟", "EU"), ("国际刑警组织", "INTERPOL"), ("国际刑事警察组织", "INTERPOL"),
    ("联合国环境规划署", "UNEP"), ("环境署", "UNEP"), ("阿拉伯国家联盟", "LAS"),
    ("77 国集团和中国", "G77"), ("非洲国家组", "AFRICAN-GROUP"), ("毒罪办", "UNODC"),
])
def test_spot_facts(gazetteer, name, code):
    entity = gazetteer.resolve(name)
    assert entity is not None, f"{name} does not resolve"
    assert entity.code == code


def test_state_entity_fields(gazetteer):
    usa = gazetteer.by_code("USA")
    assert usa.wikidata == "Q30"
    assert usa.kind == "state" and usa.rdf_class == "State"
    assert usa.iri == "https://w3id.org/untoc-kg/id/state/USA"
    assert (usa.alpha2, usa.m49, usa.un_status) == ("US", "840", "member")
    assert usa.name_zh == "美利坚合众国" and "美国" in usa.names_zh
    assert gazetteer.by_code("GBR").wikidata == "Q145"
    assert gazetteer.by_code("PER").wikidata == "Q419"
    assert gazetteer.by_code("VAT").un_status == "observer"


def test_organization_entity_fields(gazetteer):
    eu = gazetteer.by_code("EU")
    assert eu.kind == "organization" and eu.rdf_class == "RegionalEconomicIntegrationOrganization"
    assert eu.iri == "https://w3id.org/untoc-kg/id/organization/EU"
    assert eu.wikidata == "Q458" and eu.alpha2 is None
    assert gazetteer.by_code("UNODC").rdf_class == "UNEntity"
    assert gazetteer.by_code("G77").rdf_class == "GroupOfStates"


def test_by_code_unknown_is_a_key_error_with_a_sentence(gazetteer):
    with pytest.raises(KeyError, match="No State or organization .* 'XYZ'"):
        gazetteer.by_code("XYZ")


def test_default_instance_is_cached():
    assert Gazetteer.load() is Gazetteer.load()


# ---------------------------------------------------------------- normalising and finding


@pytest.mark.parametrize("printed, normal", [
    ("委内瑞拉玻利\n瓦尔共和国", "委内瑞拉玻利瓦尔共和国"),
    ("  美国。", "美国"),
    ("**Thomas Burrows**", "ThomasBurrows"),
    ("“欧洲联盟”", "欧洲联盟"),
    ("（美国）", "美国"),
    ("国际刑事警察组织（国际刑警组织）", "国际刑事警察组织(国际刑警组织)"),
    ("刚果（金）", "刚果(金)"),
    ("《反腐败公约》民间社会联合会", "《反腐败公约》民间社会联合会"),
    ("伊比利亚―美洲检察官协会", "伊比利亚-美洲检察官协会"),
    ("ＡＤＭ\u3000资本基金会", "ADM资本基金会"),
    ("---欧洲联盟", "欧洲联盟"),
])
def test_normalise_name(printed, normal):
    assert normalise_name(printed) == normal


def test_resolve_does_not_guess(gazetteer):
    assert gazetteer.resolve("美") is None
    assert gazetteer.resolve("美国人") is None
    assert gazetteer.resolve("") is None


def test_find_all_longest_match_with_offsets(gazetteer):
    text = "南苏丹和苏丹、委内瑞拉玻利\n瓦尔共和国以及中国劳工观察与中国。"
    found = [(text[s:e], entity.code) for s, e, entity in gazetteer.find_all(text)]
    assert found == [("南苏丹", "SSD"), ("苏丹", "SDN"), ("委内瑞拉玻利\n瓦尔共和国", "VEN"),
                     ("中国劳工观察", "CLW"), ("中国", "CHN")]


# ---------------------------------------------------------------- load-time errors


def copy_folder(tmp_path: Path) -> Path:
    for name in ("states.tsv", "organizations.tsv"):
        shutil.copy(FOLDER / name, tmp_path / name)
    return tmp_path


def test_an_ambiguous_name_fails_at_load_time_naming_file_row_and_both(tmp_path):
    folder = copy_folder(tmp_path)
    with (folder / "organizations.tsv").open("a", encoding="utf-8") as handle:
        handle.write("USA-NGO\tNonGovernmentalOrganization\tA test NGO\t美国\t\n")
    with pytest.raises(GazetteerError) as error:
        Gazetteer.load(folder)
    message = str(error.value)
    assert "organizations.tsv, line" in message
    assert "美国" in message and "USA-NGO" in message and "USA" in message
    assert "states.tsv, line" in message


def test_a_bad_kind_fails_at_load_time(tmp_path):
    folder = copy_folder(tmp_path)
    with (folder / "organizations.tsv").open("a", encoding="utf-8") as handle:
        handle.write("ODD\tClub\tA club\t俱乐部\t\n")
    with pytest.raises(GazetteerError, match="the kind 'Club' of ODD"):
        Gazetteer.load(folder)


# ---------------------------------------------------------------- RDF


def test_to_rdf(gazetteer):
    graph = gazetteer.to_rdf()
    usa = URIRef("https://w3id.org/untoc-kg/id/state/USA")
    assert (usa, RDF.type, UNTOC.State) in graph
    assert (usa, UNTOC.code, Literal("USA")) in graph
    assert (usa, UNTOC.iso3166Alpha2, Literal("US")) in graph
    assert (usa, UNTOC.iso3166Alpha3, Literal("USA")) in graph
    assert (usa, UNTOC.m49, Literal("840")) in graph
    assert (usa, SKOS.prefLabel, Literal("美利坚合众国", lang="zh")) in graph
    assert (usa, SKOS.prefLabel, Literal("United States of America", lang="en")) in graph
    assert (usa, SKOS.altLabel, Literal("United States", lang="en")) in graph
    assert (usa, SKOS.altLabel, Literal("美国", lang="zh")) in graph
    assert (usa, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q30")) in graph
    interpol = URIRef("https://w3id.org/untoc-kg/id/organization/INTERPOL")
    assert (interpol, RDF.type, UNTOC.IntergovernmentalOrganization) in graph
    assert (interpol, SKOS.altLabel, Literal("国际刑警组织", lang="zh")) in graph
    assert not list(graph.objects(interpol, UNTOC.m49))
    # one prefLabel per language per entity
    for entity in gazetteer.entities():
        labels = list(graph.objects(URIRef(entity.iri), SKOS.prefLabel))
        assert sorted(label.language for label in labels) == ["en", "zh"], entity.code


# ---------------------------------------------------------------- English names

# The UN's English short names (UNTERM), as the UN's English reports print them.
UN_ENGLISH_NAMES = {
    "IRN": "Iran (Islamic Republic of)",
    "USA": "United States of America",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "BOL": "Bolivia (Plurinational State of)",
    "TUR": "Türkiye",
}


@pytest.mark.parametrize("code, name", sorted(UN_ENGLISH_NAMES.items()))
def test_a_state_is_called_by_its_un_english_name(gazetteer, code, name):
    graph = gazetteer.to_rdf()
    node = URIRef(gazetteer.by_code(code).iri)
    assert [label for label in graph.objects(node, SKOS.prefLabel) if label.language == "en"] == [
        Literal(name, lang="en")]


def test_every_state_has_one_english_name_and_iso_s_as_an_alternative(gazetteer):
    import pycountry

    graph = gazetteer.to_rdf()
    states = [e for e in gazetteer.entities() if e.kind == "state"]
    assert len(states) == 195
    differing = set()
    for state in states:
        node = URIRef(state.iri)
        english = [label for label in graph.objects(node, SKOS.prefLabel) if label.language == "en"]
        assert len(english) == 1, state.code
        iso = pycountry.countries.get(alpha_3=state.code).name
        alternatives = {str(label) for label in graph.objects(node, SKOS.altLabel) if label.language == "en"}
        if str(english[0]) != iso:
            differing.add(state.code)
            assert alternatives == {iso}, state.code
        else:
            assert alternatives == set(), state.code
    assert differing == {"BOL", "COD", "FSM", "GBR", "IRN", "KOR", "MDA", "NLD", "PRK", "PSE", "TZA",
                         "USA", "VAT", "VEN"}


def test_an_english_report_may_print_the_un_or_the_iso_name():
    from untoc_kg.reading.gazetteers import gazetteer_in

    english = gazetteer_in("en")
    for name in ("Iran (Islamic Republic of)", "Iran, Islamic Republic of", "United States of America",
                 "United States", "Holy See", "Türkiye"):
        assert english.resolve(name) is not None, name
    assert english.resolve("Iran (Islamic Republic of)").code == "IRN"
    assert english.resolve("Holy See").code == "VAT"
