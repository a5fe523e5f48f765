"""Production's text matches (`hybrid.text_matches`): lexical search, nearest vectors, the language
pairs when the setting scores cross-language pairs apart, fusion and the relative floor."""

import numpy as np
import pytest

from matchmaking.ranking.dense import DenseIndex, unit
from matchmaking.ranking.fused_feedback import lexical_scores
from matchmaking.ranking.fusion import (
    DENSE_DEPTH,
    CrossLanguageMap,
    FusionSetting,
    fuse,
    language_pairs,
    load_setting,
    ranker_config,
)
from matchmaking.ranking.hybrid import MIN_RELATIVE_TEXT_SCORE, lexical_depth, text_matches
from matchmaking.ranking.index import RankingIndex

pytestmark = pytest.mark.unit

DOCUMENTS = {
    "s1": {"title": "Flood warning for river cities", "body": "Sensors on rivers warn residents of floods."},
    "s2": {
        "title": "Alerta de inundaciones para ciudades",
        "body": "Los sensores en los ríos avisan a los vecinos.",
    },
    "s3": {"title": "Smart parking guidance", "body": "Street sensors show drivers the free spaces."},
    "s4": {"title": "Air quality network", "body": "The sensors map air pollution street by street."},
    "n1": {"title": "Our river floods every spring", "body": "We need warnings for the residents."},
}
QUERY = "Our river floods every spring and we need warnings for the residents"
# Enough solutions for the meaning signal to count (MIN_DENSE_NEIGHBOURS).
MORE_DOCUMENTS = DOCUMENTS | {
    f"s{number}": {"title": title, "body": f"{title} for the city's residents."}
    for number, title in enumerate(
        (
            "Waste collection routes",
            "Heat maps of the streets",
            "Noise monitoring",
            "Bus arrival times",
            "Tree inventory",
            "Water leak detection",
            "Bike sharing",
            "Digital permits",
        ),
        start=5,
    )
}


def dense_index(documents=DOCUMENTS) -> DenseIndex:
    rng = np.random.default_rng(0)
    return DenseIndex({doc_id: unit(rng.normal(size=8).astype(np.float32)) for doc_id in documents})


@pytest.mark.parametrize(
    "setting",
    [
        load_setting(),
        FusionSetting(
            feedback=False,
            dense="whole",
            cross_language=CrossLanguageMap("normalised", slope=0.7, intercept=0.1, lexical="ignore"),
        ),
        FusionSetting(feedback=False, dense="whole", dense_weight=0.5),
        FusionSetting(feedback=False),
    ],
)
def test_text_matches_fuse_with_the_language_pairs_and_cut_at_the_floor(setting):
    index, dense = RankingIndex.fit(MORE_DOCUMENTS, ranker_config(setting)), dense_index(MORE_DOCUMENTS)
    vector = dense.vector_of("n1")
    cosines = dense.nearest(vector, k=DENSE_DEPTH, prefix="s") if setting.uses_dense else {}
    scores = lexical_scores(index, QUERY, cosines, setting, k=lexical_depth(2))
    lexical = {doc_id: score for doc_id, score in scores.items() if doc_id.startswith("s")}
    same = language_pairs(index, QUERY) if setting.uses_dense and setting.cross_language else None
    expected = fuse(lexical, cosines, setting, same_language=same)
    expected = [f for f in expected if f.score >= expected[0].score * MIN_RELATIVE_TEXT_SCORE][:2]

    found = text_matches(
        index, dense, QUERY, setting=setting, prefix="s", want=2, query_vector=lambda: vector
    )

    assert found == expected


def test_text_matches_ask_for_no_vector_without_the_meaning_signal():
    def no_vector():
        raise AssertionError("not needed")

    index = RankingIndex.fit(DOCUMENTS)
    found = text_matches(
        index,
        dense_index(),
        QUERY,
        setting=FusionSetting(feedback=False),
        prefix="s",
        want=3,
        query_vector=no_vector,
    )
    assert [f.doc_id for f in found][:1] == ["s1"]


def test_with_few_documents_of_the_kind_only_those_in_another_language_keep_the_meaning_signal():
    setting = FusionSetting(
        feedback=False,
        dense="whole",
        dense_weight=0.5,
        lexical_weight=0.5,
        cross_language=CrossLanguageMap("normalised", slope=0.7, intercept=0.1, lexical="ignore"),
    )
    index, dense = RankingIndex.fit(DOCUMENTS, ranker_config(setting)), dense_index()  # four solutions
    vector = dense.vector_of("n1")

    found = text_matches(
        index, dense, QUERY, setting=setting, prefix="s", want=4, query_vector=lambda: vector
    )

    assert [f.doc_id for f in found if f.cross_language] == ["s2"]  # scored by the map
    same_language = [f for f in found if not f.cross_language]
    assert [f.doc_id for f in same_language] == ["s1"]
    assert [(f.dense, f.score) for f in same_language] == [(0.0, 0.5 * f.lexical) for f in same_language]
