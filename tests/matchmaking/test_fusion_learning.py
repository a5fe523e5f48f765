"""Rules v5 and v6 (docs/concepts.md): the learner on toy tables (eligibility on the training
collections, the best mean, ties within 0.002 broken to the smaller dense weight, then the smaller
feedback weight; each collection held out with the point chosen on the others) and v6's runs."""

import math

import pytest

from matchmaking.evaluation import Collection
from matchmaking.fusion_learning import (
    QuerySignals,
    V5Table,
    grid_verdict,
    lexical_runs,
    v5_choice,
    v5_held_out,
    v5_setting,
    v6_runs,
    v6_setting,
)
from tests.matchmaking.test_ranking import CATALOGUE

pytestmark = pytest.mark.unit

BM25 = {"a": 0.50, "b": 0.50, "c": 0.50}


def test_the_best_mean_among_points_eligible_on_every_training_collection_wins():
    table: V5Table = {
        (0.0, 0.0): {"a": 0.50, "b": 0.50, "c": 0.50},
        (0.5, 0.0): {"a": 0.70, "b": 0.48, "c": 0.50},  # best mean, but b is 0.02 below bm25s
        (0.2, 0.1): {"a": 0.55, "b": 0.52, "c": 0.50},
    }

    assert v5_choice(table, ["a", "b"], BM25) == (0.2, 0.1)
    assert v5_choice(table, ["a", "c"], BM25) == (0.5, 0.0)  # b not in training: not checked


def test_points_within_the_tie_go_to_the_smaller_dense_weight_then_the_smaller_feedback_weight():
    table: V5Table = {
        (0.1, 0.10): {"a": 0.6000},
        (0.3, 0.05): {"a": 0.5990},  # within 0.002 of the best: smaller w wins
        (0.2, 0.05): {"a": 0.5985},  # same w, smaller f wins
        (0.0, 0.00): {"a": 0.5970},  # 0.003 below the best: not a tie
    }

    assert v5_choice(table, ["a"], {"a": 0.5}) == (0.2, 0.05)


def test_with_no_eligible_point_the_best_worst_margin_wins():
    table: V5Table = {
        (0.0, 0.0): {"a": 0.40, "b": 0.60},
        (0.1, 0.0): {"a": 0.45, "b": 0.46},
    }

    assert v5_choice(table, ["a", "b"], BM25) == (0.1, 0.0)


def test_each_collection_is_measured_with_the_point_chosen_on_the_others():
    table: V5Table = {
        (0.0, 0.0): {"a": 0.50, "b": 0.50, "c": 0.50},
        (0.5, 0.1): {"a": 0.60, "b": 0.60, "c": 0.30},
    }

    held = v5_held_out(table, BM25)

    assert held["c"] == ((0.5, 0.1), 0.30)  # a and b chose it; c pays for it
    assert held["a"] == ((0.0, 0.0), 0.50)  # c is in a's training and vetoes the point


def test_a_point_becomes_a_setting_with_feedback_off_at_zero():
    assert v5_setting((0.0, 0.0)).feedback is False
    on = v5_setting((0.3, 0.15))
    assert (on.feedback, on.feedback_weight, on.dense, on.lexical_weight, on.dense_weight) == (
        True,
        0.3,
        "whole",
        0.85,
        0.15,
    )


def test_v6_runs_at_no_dense_weight_are_v5s_and_a_dense_weight_changes_the_feedback():

    collection = Collection(
        "toy",
        CATALOGUE,
        {"q1": "flood alerts", "q2": "free parking spaces"},
        {"q1": {"flood": 1.0}, "q2": {"parking": 1.0}},
    )
    dense = {
        "q1": {"parking": 0.9, "air": 0.5, "waste": 0.1},
        "q2": {"air": 0.8, "parking": 0.7, "flood": 0.1},
    }

    runs = v6_runs(collection, dense, feedback_weights=(0.0, 0.4), grid=(0.0, 0.6))

    assert runs[(0.0, 0.0)] == runs[(0.0, 0.6)] == lexical_runs(collection, feedback=False)
    assert runs[(0.4, 0.0)] == lexical_runs(collection, feedback=True, feedback_weight=0.4)
    assert runs[(0.4, 0.6)]["q1"] != runs[(0.4, 0.0)]["q1"]


def test_a_v6_point_stores_the_fused_first_pass_when_feedback_is_on():

    assert v6_setting((0.4, 0.15)).feedback_ranking == "fused"
    assert v6_setting((0.4, 0.15)).feedback_weight == 0.4
    assert v6_setting((0.0, 0.15)).feedback_ranking == "lexical"  # no feedback: nothing to choose


def test_the_verdict_scores_each_held_out_point_as_production_fuses_and_compares_with_the_stored_setting():
    # One query per collection: its relevant document is second by words and first by meaning.
    query = QuerySignals(lexical={"x": 1.0, "r": 0.9}, dense={"r": 0.9, "x": 0.1}, judgments={"r": 1})
    signals = {point: {name: {"q": query} for name in BM25} for point in ((0.0, 0.0), (0.0, 0.5))}
    table: V5Table = {(0.0, 0.0): dict.fromkeys(BM25, 0.50), (0.0, 0.5): dict.fromkeys(BM25, 0.90)}

    outcome = grid_verdict(table, signals, BM25, v5_setting)

    assert {name: point for name, (point, _) in outcome.held_out.items()} == dict.fromkeys(BM25, (0.0, 0.5))
    assert outcome.mean == pytest.approx(1.0)  # fused, the relevant document comes first
    assert outcome.stored_mean == pytest.approx(1 / math.log2(3))  # by words alone, second
    assert (outcome.eligible, outcome.changes, outcome.final) == (True, True, (0.0, 0.5))
