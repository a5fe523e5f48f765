"""The fast paths of the ranking core give exactly the plain path's results: the pruned top-k
(`pruning.PrunedTopK`), the float64 posting lists (`scoring.Postings`) and the per-text query cache."""

import dataclasses
import random

import numpy as np
import pytest

from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.index import RankingIndex
from matchmaking.ranking.pruning import PrunedTopK, PruningLimits
from matchmaking.ranking.scoring import gather_scores

pytestmark = [pytest.mark.unit, pytest.mark.portable]

WORDS = [
    "flood", "river", "sensor", "water", "street", "traffic", "parking", "energy", "waste", "bin", "grid",
    "solar", "heat", "tree", "noise", "camera", "school", "health", "permit", "ticket", "bike", "route",
    "demand", "alert", "pipe", "leak", "map", "dashboard", "payment", "lighting", "building", "emission",
    "charging", "vehicle", "forecast", "council", "resident", "twin", "platform", "kelp", "drone",
]  # fmt: skip
ENGLISH = RankerConfig(languages=("en",), feedback=False)
# Prune from the first document and posting, and stop early or late.
EAGER = PruningLimits(from_documents=0, from_postings=0, from_terms=0, up_to_k=1_000, checks=(0.1, 0.3, 0.6))


def random_corpus(seed: int, count: int = 300) -> dict[str, dict[str, str]]:
    """Zipf-weighted documents over a small vocabulary; every fifth one a copy of another (ties)."""
    rng = random.Random(seed)  # noqa: S311 -- test data, not secrets
    weights = [1 / rank for rank in range(1, len(WORDS) + 1)]
    documents: dict[str, dict[str, str]] = {}
    for number in range(count):
        if number % 5 == 4:
            documents[f"d{number:03}"] = dict(documents[f"d{rng.randrange(number - 4, number):03}"])
            continue
        documents[f"d{number:03}"] = {
            "title": " ".join(rng.choices(WORDS, weights, k=3)),
            "body": " ".join(rng.choices(WORDS, weights, k=rng.randint(5, 40))),
        }
    return documents


def queries(seed: int) -> list[str]:
    rng = random.Random(seed + 100)  # noqa: S311 -- test data, not secrets
    return [" ".join(rng.choices(WORDS, k=rng.randint(1, 30))) for _ in range(40)]


def pruned(index: RankingIndex, limits: PruningLimits) -> RankingIndex:
    index.pruning = PrunedTopK(index.corpus.postings, index.feedback.vectors(), limits)
    return index


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("survivors", [5, 60, 10_000])
def test_pruned_top_k_is_the_full_top_k(seed, survivors):
    index = pruned(
        RankingIndex.fit(random_corpus(seed), ENGLISH), dataclasses.replace(EAGER, survivors=survivors)
    )
    settled = 0
    for text in queries(seed):
        query = index.query_vector(text)
        assert query is not None
        assert index.pruning is not None
        for k in (1, 3, 10, 40):
            found = index.pruning.top(*query, k, None)
            if found is None:
                continue
            settled += 1
            full = index.corpus.top(*query, k, None)
            assert sorted(zip(*(part.tolist() for part in found), strict=True)) == sorted(
                zip(*(part.tolist() for part in full), strict=True)
            )
    assert settled > 0


@pytest.mark.parametrize("feedback", [False, True])
@pytest.mark.parametrize("seed", [4, 5])
def test_pruned_search_equals_plain_search_with_edits_and_allowed(seed, feedback):
    documents = random_corpus(seed)
    config = dataclasses.replace(ENGLISH, feedback=feedback)
    fast = pruned(RankingIndex.fit(documents, config), dataclasses.replace(EAGER, survivors=40))
    plain = RankingIndex.fit(documents, config)
    plain.pruning = None
    rng = random.Random(seed)  # noqa: S311 -- test data, not secrets
    for index in (fast, plain):
        index.remove("d010")
        index.remove("d011")
        index.upsert(
            "d012", {"title": "kelp drone kelp", "body": "harbour kelp drones and a new word zorblat"}
        )
        index.upsert("side1", dict(documents["d020"]))  # a copy of a fitted document: tied scores
    allowed = rng.sample(sorted(documents), 150)
    for text in [*queries(seed), "kelp zorblat drone"]:
        for k in (1, 5, 30):
            assert fast.search(text, k=k) == plain.search(text, k=k)
            assert fast.search(text, k=k, allowed=allowed) == plain.search(text, k=k, allowed=allowed)
            assert fast.search(text, k=k, feedback=not feedback) == plain.search(
                text, k=k, feedback=not feedback
            )


def test_postings_add_up_exactly_as_the_gathered_rows():
    index = RankingIndex.fit(random_corpus(6), ENGLISH)
    matrix = index.corpus.matrix
    for text in queries(6):
        query = index.query_vector(text)
        assert query is not None
        terms, weights = query
        assert np.array_equal(
            index.corpus.postings.scores(terms, weights),
            gather_scores(matrix, terms, weights, matrix.shape[1]),
        )


def test_documents_rows_score_exactly_as_the_gathered_rows():
    index = RankingIndex.fit(random_corpus(7), ENGLISH)
    vectors, matrix = index.feedback.vectors(), index.corpus.matrix
    columns = np.arange(0, matrix.shape[1], 3, dtype=np.int32)
    for text in queries(7):
        query = index.query_vector(text)
        assert query is not None
        terms, weights = query
        full = gather_scores(matrix, terms, weights, matrix.shape[1])
        assert np.array_equal(vectors.scores(terms, weights, columns), full[columns])


def test_edited_stored_text_is_analysed_anew():
    index = RankingIndex.fit(random_corpus(8), ENGLISH)
    need = "flood river sensors"
    before = index.search(need, k=5)
    assert index.search(need, k=5) == before  # asked again: from the kept analysis
    edited = "parking ticket payment"
    assert index.search(edited, k=5) == RankingIndex.fit(random_corpus(8), ENGLISH).search(edited, k=5)
    assert index.search(edited, k=5) != before


def test_word_unknown_when_a_text_was_first_asked_counts_once_an_upsert_brings_it():
    index = RankingIndex.fit(random_corpus(9), ENGLISH)
    text = "zorblat harbour"
    assert index.search(text, k=5) == []
    index.upsert("new", {"title": "zorblat harbour services"})
    assert [match.doc_id for match in index.search(text, k=5)] == ["new"]
