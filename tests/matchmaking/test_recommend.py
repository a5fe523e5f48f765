import pytest

from matchmaking.recommend import Candidate, Profile, combine

pytestmark = [pytest.mark.unit, pytest.mark.portable]

WEIGHTS = {"text": 0.6, "sectors": 0.2, "region": 0.1, "maturity": 0.05, "esg": 0.05}


def test_text_score_is_normalised_to_the_best_candidate():
    scored = combine(
        profile=Profile(),
        candidates=[Candidate("a", 2.0), Candidate("b", 1.0)],
        weights={"text": 1.0},
    )

    assert [(s.doc_id, s.score) for s in scored] == [("a", 1.0), ("b", 0.5)]


def test_structured_signals_can_reorder_close_text_matches():
    profile = Profile(sectors=frozenset({"water", "safety"}), region="africa")
    candidates = [
        Candidate("text-only", 1.0, sectors=frozenset({"culture"}), regions_served=frozenset({"europe"})),
        Candidate(
            "good-fit",
            0.9,
            sectors=frozenset({"water", "safety"}),
            regions_served=frozenset({"africa"}),
            maturity="at_scale",
            esg=frozenset({"environmental"}),
        ),
    ]

    scored = combine(profile=profile, candidates=candidates, weights=WEIGHTS)

    assert [s.doc_id for s in scored] == ["good-fit", "text-only"]
    assert scored[0].shared_sectors == ("safety", "water")
    assert scored[0].components == pytest.approx(
        {"text": 0.9, "sectors": 1.0, "region": 1.0, "maturity": 1.0, "esg": 1 / 3}
    )


def test_unknown_region_served_counts_half():
    scored = combine(
        profile=Profile(region="americas"), candidates=[Candidate("x", 1.0)], weights={"region": 1.0}
    )

    assert scored[0].score == 0.5


def test_no_candidates():
    assert combine(profile=Profile(), candidates=[], weights=WEIGHTS) == []
