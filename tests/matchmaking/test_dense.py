"""The dense signal's pure parts: passages, the vector index, fusion, the cache by text."""

import json

import numpy as np
import pytest

from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.dense import DenseIndex, embed_texts, passages
from matchmaking.ranking.encoder import CachedEncoder, MemoryVectorStore, text_key
from matchmaking.ranking.fusion import (
    SETTING_FILE,
    CrossLanguageMap,
    FusionSetting,
    dense_features,
    fuse,
    lexical_features,
    ranker_config,
)

pytestmark = pytest.mark.unit


class CountingEncoder:
    """A fake encoder: a fixed random unit vector per text; counts what it was asked to encode."""

    def __init__(self):
        self.calls: list[list[str]] = []

    def __call__(self, texts):
        self.calls.append(list(texts))
        rows = [np.random.default_rng(abs(hash(text)) % 2**32).normal(size=8) for text in texts]
        matrix = np.array(rows, dtype=np.float32).reshape(-1, 8)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_passages_pack_sentences_and_keep_long_ones_whole():
    text = "One two three. Four five!\n" + " ".join(["word"] * 70) + ". Last one?"
    parts = passages(text, max_words=10)
    assert parts[0] == "One two three. Four five!"
    assert parts[1].startswith("word word")
    assert parts[-1] == "Last one?"
    assert passages("   ") == []


def test_cached_encoder_encodes_each_text_once():
    fake = CountingEncoder()
    encoder = CachedEncoder(MemoryVectorStore(), encode=fake)
    first = encoder(["a", "b", "a"])
    second = encoder(["b", "a"])
    assert fake.calls == [["a", "b"]]
    assert encoder.calls == 1
    assert encoder.encoded == 2
    assert np.allclose(first[1], second[0])
    assert text_key("a") != text_key("a ")  # the exact text is the key


def test_documents_repeating_sentences_share_cached_passages():
    fake = CountingEncoder()
    encoder = CachedEncoder(MemoryVectorStore(), encode=fake)
    embed_texts(
        ["Sensors count cars. Lights adapt.", "Sensors count cars. Buses go first."], encoder, mode="passages"
    )
    embed_texts(["Sensors count cars. Lights adapt."], encoder, mode="passages")
    assert len(fake.calls) == 1  # the second call found everything stored


def test_dense_index_upsert_remove_and_nearest_by_prefix():
    index = DenseIndex()
    index.upsert("solution:1", np.array([1.0, 0.0], np.float32))
    index.upsert("solution:2", np.array([0.0, 1.0], np.float32))
    index.upsert("need:1", np.array([1.0, 0.0], np.float32))
    assert index.nearest(np.array([1.0, 0.0], np.float32), k=5, prefix="solution:") == {
        "solution:1": 1.0,
        "solution:2": 0.0,
    }
    index.upsert("solution:1", np.array([0.0, 1.0], np.float32))  # edited
    index.remove("solution:2")
    assert index.nearest(np.array([0.0, 1.0], np.float32), k=5, prefix="solution:") == {"solution:1": 1.0}
    assert "solution:2" not in index
    assert len(index) == 2


def clustered_unit_vectors(count: int, *, dim: int = 128, seed: int = 3) -> np.ndarray:
    """Unit vectors around a few topics, as sentence vectors are (not uniform on the sphere)."""
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(12, dim))
    rows = topics[rng.integers(0, len(topics), count)] + 0.6 * rng.normal(size=(count, dim))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_dense_index_approximate_nearest_agrees_with_exact_search():
    vectors = clustered_unit_vectors(8000)  # 6,400 solutions: more than the shortlist
    ids = [f"solution:{i}" if i % 5 else f"need:{i}" for i in range(len(vectors))]
    index = DenseIndex.of_matrix(ids, vectors, approximate_from=1000)
    assert index.approximate
    found = [0, 0]
    for query in vectors[:20]:
        near = index.nearest(query, k=10, prefix="solution:")
        exact = index.nearest(query, k=10, prefix="solution:", exact=True)
        assert [doc_id.startswith("solution:") for doc_id in near] == [True] * 10
        for doc_id, cosine in near.items():
            assert cosine == pytest.approx(float(vectors[ids.index(doc_id)] @ query), abs=1e-5)
        found[0] += len(near.keys() & exact.keys())
        found[1] += len(exact)
    assert found[0] / found[1] >= 0.95


def test_dense_index_edits_in_place_are_searched_at_once():
    vectors = clustered_unit_vectors(1500)
    ids = [f"solution:{i}" for i in range(len(vectors))]
    index = DenseIndex.of_matrix(ids, vectors, approximate_from=1000)
    index.prepare()
    target = vectors[0]

    index.upsert("solution:700", target)  # edited to mean what solution:0 means
    index.remove("solution:0")
    for number in range(1500, 2600):  # grows past its capacity
        index.upsert(f"solution:{number}", -target)

    near = index.nearest(target, k=3)
    assert next(iter(sorted(near, key=near.__getitem__, reverse=True))) == "solution:700"
    assert near["solution:700"] == pytest.approx(1.0)
    assert "solution:0" not in index.nearest(target, k=3000, exact=True)
    assert len(index) == 2599
    assert index.cosines_of(target, ["solution:700", "solution:0", "solution:2000", "unknown"]) == {
        "solution:700": pytest.approx(1.0),
        "solution:2000": pytest.approx(-1.0),
    }
    assert np.array_equal(vectors[0], target)  # the caller's matrix was copied, not written to


def test_dense_index_export_round_trips():
    vectors = clustered_unit_vectors(10)
    index = DenseIndex.of_matrix([f"s{i}" for i in range(10)], vectors)
    index.remove("s3")
    ids, matrix = index.export()
    again = DenseIndex.of_matrix(ids, matrix)
    assert len(again) == 9
    assert "s3" not in again
    assert np.array_equal(again.vector_of("s4"), vectors[4])


def test_fusion_normalises_per_query_and_weighs():
    assert lexical_features({"a": 4.0, "b": 2.0}) == {"a": 1.0, "b": 0.5}
    dense = dense_features({"a": 0.9, "b": 0.5, "c": 0.1}, depth=3)
    assert dense == {"a": 1.0, "b": 0.5, "c": 0.0}
    setting = FusionSetting(feedback=False, dense="passages", lexical_weight=0.5, dense_weight=0.5)
    fused = fuse({"a": 4.0, "b": 2.0}, {"a": 0.9, "b": 0.5, "c": 0.1, "d": 0.7}, setting)
    assert [f.doc_id for f in fused] == ["a", "b", "d"]  # d: found by meaning alone
    assert fused[2].lexical == 0.0
    assert fused[2].dense == pytest.approx(0.75)
    lexical_only = fuse({"a": 4.0}, {"d": 0.9}, FusionSetting(dense=None))
    assert [f.doc_id for f in lexical_only] == ["a"]


CROSS = CrossLanguageMap("normalised", slope=0.5, intercept=0.1, lexical="fitted", lexical_slope=0.25)
CROSS_SETTING = FusionSetting(feedback=False, dense="whole", cross_language=CROSS)


def test_same_language_pairs_score_as_the_lexical_setting_and_others_by_the_map():
    lexical = {"en1": 4.0, "en2": 2.0, "es1": 1.0}
    cosines = {"en1": 0.9, "es1": 0.8, "es2": 0.6, "es3": 0.4}
    fused = fuse(lexical, cosines, CROSS_SETTING, same_language=lambda doc_id: doc_id.startswith("en"))
    scores = {f.doc_id: f.score for f in fused}
    # English documents keep the lexical-only scores (normalised over every document, as before).
    assert scores["en1"] == 1.0
    assert scores["en2"] == 0.5
    # Spanish ones: 0.5 * normalised cosine among the Spanish candidates + 0.25 * lexical + 0.1.
    assert scores["es1"] == pytest.approx(0.5 * 1.0 + 0.25 * 0.25 + 0.1)
    assert scores["es2"] == pytest.approx(0.5 * 0.5 + 0.1)
    assert scores["es3"] == pytest.approx(0.1)
    assert [f.cross_language for f in fused] == [False, True, False, True, True]


def test_without_a_language_test_the_map_is_not_used():
    lexical = {"en1": 4.0, "es1": 1.0}
    fused = fuse(lexical, {"es2": 0.9}, CROSS_SETTING)
    assert [(f.doc_id, f.score) for f in fused] == [("en1", 1.0), ("es1", 0.25)]


def test_a_max_map_keeps_the_larger_of_the_lexical_and_the_meaning_value():
    cross = CrossLanguageMap("cosine", slope=1.0, intercept=-0.5, lexical="max")
    assert cross.score(0.7, 0.9) == 0.7
    assert cross.score(0.1, 0.9) == pytest.approx(0.4)


def test_a_setting_with_a_map_survives_its_file():
    assert FusionSetting.from_dict(CROSS_SETTING.as_dict()) == CROSS_SETTING
    assert "cross_language" not in FusionSetting().as_dict()


def test_a_setting_keeps_its_feedback_weight_through_its_file_and_into_the_ranker():
    setting = FusionSetting(
        feedback=True, feedback_weight=0.3, dense="whole", lexical_weight=0.9, dense_weight=0.1
    )

    loaded = FusionSetting.from_dict(json.loads(json.dumps(setting.as_dict())))

    assert loaded == setting
    assert ranker_config(loaded).feedback_weight == 0.3
    assert ranker_config(loaded).feedback is True


def test_a_setting_file_written_before_the_feedback_weight_gets_the_tuned_one():
    old = {"feedback": True, "dense": None, "lexical_weight": 1.0, "dense_weight": 0.0, "version": 1}

    assert (
        ranker_config(FusionSetting.from_dict(old)).feedback_weight == RankerConfig().feedback_weight == 0.5
    )


def test_the_stored_setting_file_loads():
    stored = FusionSetting.from_dict(json.loads(SETTING_FILE.read_text(encoding="utf-8")))
    assert stored.feedback is True  # rule v6 (docs/concepts.md)
    assert stored.feedback_ranking == "fused"
