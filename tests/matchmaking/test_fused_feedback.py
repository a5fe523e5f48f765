"""Rule v6's feedback (docs/concepts.md): the expansion terms come from the fused first pass's top
documents; with a dense weight of 0 that is v5's lexical feedback exactly."""

import json

import pytest

from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.fused_feedback import feedback_documents, lexical_scores
from matchmaking.ranking.fusion import SETTING_FILE, FusionSetting, ranker_config
from matchmaking.ranking.index import RankingIndex
from tests.matchmaking.test_ranking import CATALOGUE

pytestmark = [pytest.mark.unit, pytest.mark.portable]

QUERY = "flood alerts"
# Cosines the meaning signal might give: the parking offer nearest (the lexical pass never finds it).
COSINES = {"parking": 0.9, "air": 0.5, "waste": 0.1}


def fused(w: float, *, f: float = 0.5) -> FusionSetting:
    return FusionSetting(
        feedback=True,
        feedback_weight=f,
        feedback_ranking="fused",
        dense="whole",
        lexical_weight=round(1 - w, 4),
        dense_weight=w,
    )


def index_for(setting: FusionSetting) -> RankingIndex:
    return RankingIndex.fit(CATALOGUE, ranker_config(setting))


@pytest.mark.parametrize("f", [0.1, 0.4, 0.5])
def test_with_no_dense_weight_the_fused_first_pass_is_v5s_lexical_feedback(f):
    setting = fused(0.0, f=f)
    index = index_for(setting)
    v5 = index.search(QUERY, k=10)  # feedback from the lexical top, as rule v5 ranks

    v6 = lexical_scores(index, QUERY, COSINES, setting, k=10)

    assert list(v6) == [m.doc_id for m in v5]
    assert list(v6.values()) == [m.score for m in v5]  # the same weights, bit for bit


def test_the_fused_first_pass_takes_the_fused_top_documents_with_their_fused_scores():
    setting = fused(0.6)
    index = index_for(setting)
    first = {m.doc_id: m.score for m in index.search(QUERY, k=100, feedback=False)}
    assert "parking" not in first  # no shared word

    top = feedback_documents(first, COSINES, setting, count=3)

    # parking: 0.6 x its dense feature 1; flood: 0.4 x its lexical feature 1 (not among the nearest).
    assert [doc_id for doc_id, _ in top] == ["parking", "flood", "air"]
    assert top[0][1] == pytest.approx(0.6)
    assert top[1][1] == pytest.approx(0.4)
    assert top[2][1] == pytest.approx(0.6 * 0.5)  # air: (0.5 - 0.1) / (0.9 - 0.1)


def test_the_expanded_query_reads_the_fused_top_documents_words():
    setting = fused(0.6)
    index = index_for(setting)
    first = {m.doc_id: m.score for m in index.search(QUERY, k=100, feedback=False)}
    top = feedback_documents(first, COSINES, setting, count=3)

    scores = lexical_scores(index, QUERY, COSINES, setting, k=10)

    assert scores == {m.doc_id: m.score for m in index.search(QUERY, k=10, feedback_documents=top)}
    lexical_feedback = {m.doc_id: m.score for m in index.search(QUERY, k=10)}
    # parking's own words are feedback terms now; from the lexical top it only shares "sensors".
    assert scores["parking"] > 2 * lexical_feedback["parking"]


def test_a_setting_with_the_lexical_first_pass_searches_as_before():
    setting = FusionSetting(feedback=True, dense="whole", lexical_weight=0.4, dense_weight=0.6)
    index = index_for(setting)

    scores = lexical_scores(index, QUERY, COSINES, setting, k=10)

    assert scores == {m.doc_id: m.score for m in index.search(QUERY, k=10)}


def test_feedback_documents_unknown_to_the_index_are_skipped():
    index = RankingIndex.fit(CATALOGUE, RankerConfig(feedback=True))

    with_unknown = index.search(QUERY, k=10, feedback_documents=[("gone", 1.0), ("flood", 0.5)])

    assert with_unknown == index.search(QUERY, k=10, feedback_documents=[("flood", 0.5)])


def test_the_feedback_ranking_survives_its_file():
    setting = fused(0.15, f=0.4)

    loaded = FusionSetting.from_dict(json.loads(json.dumps(setting.as_dict())))

    assert loaded == setting
    assert loaded.feedback_ranking == "fused"
    assert "feedback_ranking" not in FusionSetting().as_dict()  # files before v6 stay as they were


def test_a_setting_file_written_before_rule_v6_keeps_the_lexical_first_pass():
    old = {
        "feedback": True,
        "feedback_weight": 0.5,
        "dense": "whole",
        "lexical_weight": 0.9,
        "dense_weight": 0.1,
    }

    assert FusionSetting.from_dict(old).feedback_ranking == "lexical"


def test_the_stored_setting_is_rule_v6s():
    stored = FusionSetting.from_dict(json.loads(SETTING_FILE.read_text(encoding="utf-8")))

    assert (stored.feedback, stored.feedback_ranking, stored.feedback_weight) == (True, "fused", 0.4)
    assert (stored.lexical_weight, stored.dense_weight) == (0.85, 0.15)
