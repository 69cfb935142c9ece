"""The words of an endorsement sentence scored against every recommendation at once
(linking_prose._Texts): the same scores as linking.similarity, pair by pair, for the ones
that count, and every candidate when none is alike enough (the waiting line names the most
alike)."""

from __future__ import annotations

from untoc_kg.linking import similarity
from untoc_kg.linking_prose import TEXT_SIMILARITY, _Texts

SENTENCE = "毒品和犯罪问题办公室继续根据请求向缔约国提供技术援助和能力建设"
CANDIDATES = [
    {"rec": "r/1", "lang": "zh", "start": "2022-05-23", "text": "毒品和犯罪问题办公室应继续根据请求向缔约国提供技术援助和能力建设。"},
    {"rec": "r/2", "lang": "zh", "start": "2020-01-01", "text": "毒品和犯罪问题办公室继续根据请求向缔约国提供技术援助和能力建设"},
    {"rec": "r/3", "lang": "zh", "start": "2021-03-01", "text": "缔约国应考虑加强国际合作。"},
    {"rec": "r/4", "lang": "zh", "start": "2019-06-01", "text": "、。"},       # nothing comparable: 0.0
    {"rec": "r/5", "lang": "en", "start": "2018-01-01", "text": SENTENCE},   # another language
    {"rec": "r/6", "lang": "zh", "start": "2030-01-01", "text": SENTENCE},   # adopted after the sentence
    {"rec": "r/7", "lang": "zh", "start": "2025-01-01", "text": SENTENCE},   # on the day: not before it
]


def expected(text: str, before: str | None) -> dict[str, float]:
    return {r["rec"]: similarity(text, r["text"]) for r in CANDIDATES
            if r["lang"] == "zh" and (before is None or r["start"] < before)}


def test_the_alike_enough_are_scored_as_similarity_scores_them():
    scored = dict((rec, score) for score, rec in _Texts(CANDIDATES).scored(SENTENCE, "zh", "2025-01-01", TEXT_SIMILARITY))
    alike = {rec: score for rec, score in expected(SENTENCE, "2025-01-01").items() if score >= TEXT_SIMILARITY}
    assert scored == alike and set(alike) == {"r/1", "r/2"}
    assert scored["r/2"] == 1.0 and 0.8 < scored["r/1"] < 1.0


def test_when_none_is_alike_enough_every_candidate_is_scored():
    text = "缔约方会议核可了关于资产追回的建议"
    scored = dict((rec, score) for score, rec in _Texts(CANDIDATES).scored(text, "zh", None, TEXT_SIMILARITY))
    assert scored == expected(text, None)
    assert set(scored) == {"r/1", "r/2", "r/3", "r/4", "r/6", "r/7"} and scored["r/4"] == 0.0
    assert max(scored.values()) < TEXT_SIMILARITY


def test_words_with_nothing_comparable_score_nothing():
    scored = _Texts(CANDIDATES).scored("。", "zh", None, TEXT_SIMILARITY)
    assert sorted(scored) == sorted((0.0, rec) for rec in expected("。", None))
    assert _Texts(CANDIDATES).scored(SENTENCE, "fr", None, TEXT_SIMILARITY) == []
