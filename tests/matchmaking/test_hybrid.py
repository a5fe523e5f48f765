"""Production's text matches (`hybrid.text_matches`): lexical search, nearest vectors, the language
pairs when the setting scores cross-language pairs apart, fusion and the relative floor."""

import numpy as np
import pytest

from matchmaking.ranking.dense import DenseIndex, unit
from matchmaking.ranking.fusion import (
    DENSE_DEPTH,
    CrossLanguageMap,
    FusionSetting,
    fuse,
    language_pairs,
    load_setting,
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


def dense_index() -> DenseIndex:
    rng = np.random.default_rng(0)
    return DenseIndex({doc_id: unit(rng.normal(size=8).astype(np.float32)) for doc_id in DOCUMENTS})


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
    index, dense = RankingIndex.fit(DOCUMENTS), dense_index()
    vector = dense.vector_of("n1")
    lexical = {m.doc_id: m.score for m in index.search(QUERY, k=lexical_depth(2)) if m.doc_id.startswith("s")}
    cosines = dense.nearest(vector, k=DENSE_DEPTH, prefix="s") if setting.uses_dense else {}
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
