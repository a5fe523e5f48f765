"""The Activator's pure scoring: dimension scores, overall score, stage edges, weakest dimensions,
answer completeness, the recommendation query, population bands and the radar geometry."""

import pytest

from cities.activator import (
    STAGES,
    DimensionScore,
    GradedAnswer,
    answer_errors,
    dimension_score,
    overall_score,
    population_band,
    radar,
    recommendation_text,
    score_card,
    stage_for,
    weakest_dimensions,
)

pytestmark = [pytest.mark.unit, pytest.mark.portable]


@pytest.mark.parametrize(
    ("score", "stage"),
    [
        (0, 1),
        (19.9, 1),
        (20, 2),
        (20.0, 2),
        (39.9, 2),
        (40, 3),
        (59.9, 3),
        (60, 4),
        (79.9, 4),
        (80, 5),
        (99.9, 5),
        (100, 5),
    ],
)
def test_stage_edges_belong_to_the_higher_stage(score, stage):
    assert stage_for(score).number == stage


def test_stage_of_a_score_is_that_of_its_one_decimal_rounding():
    assert [stage_for(19.94).number, stage_for(19.96).number] == [1, 2]


@pytest.mark.parametrize("score", [-0.1, 100.1])
def test_stage_refuses_scores_outside_0_to_100(score):
    with pytest.raises(ValueError, match="between 0 and 100"):
        stage_for(score)


def test_stages_are_named_described_and_contiguous():
    assert [(s.number, s.name) for s in STAGES] == [
        (1, "Starting"),
        (2, "Exploring"),
        (3, "Developing"),
        (4, "Integrating"),
        (5, "Leading"),
    ]
    assert [(s.lower, s.upper) for s in STAGES] == [(0, 20), (20, 40), (40, 60), (60, 80), (80, None)]
    assert all(len(str(s.description)) > 80 for s in STAGES)
    assert [s.range_label for s in STAGES][::4] == ["0 to under 20", "80 to 100"]


@pytest.mark.parametrize(
    ("answers", "score"),
    [
        ([GradedAnswer("a", 0)], 0.0),
        ([GradedAnswer("a", 4)], 100.0),
        ([GradedAnswer("a", 2)], 50.0),
        ([GradedAnswer("a", 1), GradedAnswer("a", 2)], 37.5),
        # weighted: (2*4 + 1*0) / (4 * 3) = 66.7
        ([GradedAnswer("a", 4, weight=2), GradedAnswer("a", 0, weight=1)], 66.7),
        (
            [GradedAnswer("a", 1, weight=1), GradedAnswer("a", 1, weight=1), GradedAnswer("a", 2, weight=1)],
            33.3,
        ),
    ],
)
def test_dimension_score_is_the_weighted_mean_grade_out_of_100(answers, score):
    assert dimension_score(answers) == score


def test_dimension_score_needs_answers_with_valid_grades():
    with pytest.raises(ValueError, match="at least one answer"):
        dimension_score([])
    with pytest.raises(ValueError, match="between 0 and 4"):
        dimension_score([GradedAnswer("a", 5)])


def test_overall_score_is_the_plain_mean_of_dimensions():
    assert overall_score([100.0, 0.0, 50.0]) == 50.0
    assert overall_score([33.3, 33.3, 33.4]) == 33.3
    assert overall_score([0.1, 0.2]) == 0.2  # 0.15 exactly, rounded half up


def test_scores_round_halves_up_exactly():
    # 100 * 9 / 16 = 56.25: Python's round() would give 56.2 (half to even)
    grades = [GradedAnswer("a", grade) for grade in (3, 2, 2, 2)]

    assert dimension_score(grades) == 56.3


def test_score_card_scores_each_dimension_in_survey_order():
    card = score_card(
        [("mobility", "Mobility"), ("safety", "Safety")],
        [
            GradedAnswer("safety", 4),
            GradedAnswer("mobility", 1, weight=3),
            GradedAnswer("mobility", 3, weight=1),
            GradedAnswer("safety", 2),
        ],
    )

    assert [(d.key, d.score, d.stage.number) for d in card.dimensions] == [
        ("mobility", 37.5, 2),
        ("safety", 75.0, 4),
    ]
    assert (card.overall, card.stage.name) == (56.3, "Developing")  # 56.25, halves round up


def test_score_card_refuses_an_unanswered_dimension_or_unknown_one():
    with pytest.raises(ValueError, match="at least one answer"):
        score_card([("a", "A"), ("b", "B")], [GradedAnswer("a", 1)])
    with pytest.raises(ValueError, match="Unknown dimension"):
        score_card([("a", "A")], [GradedAnswer("a", 1), GradedAnswer("z", 1)])


def test_weakest_dimensions_are_the_lowest_three_ties_in_survey_order_never_perfect_ones():
    scores = [
        DimensionScore("a", "A", 50),
        DimensionScore("b", "B", 20),
        DimensionScore("c", "C", 100),
        DimensionScore("d", "D", 20),
        DimensionScore("e", "E", 70),
    ]

    assert [d.key for d in weakest_dimensions(scores)] == ["b", "d", "a"]
    assert [d.key for d in weakest_dimensions(scores, count=2)] == ["b", "d"]
    assert weakest_dimensions([DimensionScore("c", "C", 100)]) == []


def test_answer_errors_name_every_missing_wrong_and_stray_answer():
    options = {1: [10, 11], 2: [20, 21], 3: [30, 31]}

    errors = answer_errors(options, {1: 10, 2: 99, 7: 70, 8: None})

    assert errors == {
        "question_2": "Choose one of this question's answers.",
        "question_3": "Answer this question.",
        "answers": "Not questions of this survey: 7, 8.",
    }


def test_answer_errors_empty_when_complete():
    assert answer_errors({1: [10, 11], 2: [20]}, {1: 11, 2: 20}) == {}


def test_recommendation_text_joins_dimension_and_gaps():
    text = recommendation_text(
        name="Mobility",
        description="Public transport and traffic.",
        tags=["parking", "cycling"],
        gaps=[("How is traffic managed?", "Fixed-time signals")],
    )

    assert text.splitlines() == [
        "Mobility",
        "Public transport and traffic.",
        "parking cycling",
        "How is traffic managed? Fixed-time signals",
    ]


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (None, None),
        (0, (0, 200_000)),
        (199_999, (0, 200_000)),
        (200_000, (200_000, 1_000_000)),
        (999_999, (200_000, 1_000_000)),
        (1_000_000, (1_000_000, 5_000_000)),
        (5_000_000, (5_000_000, None)),
        (25_000_000, (5_000_000, None)),
    ],
)
def test_population_bands(population, band):
    assert population_band(population) == band


def test_radar_puts_the_first_axis_on_top_and_scores_along_their_axes():
    chart = radar([("A", 100), ("B", 50), ("C", 0), ("D", 50)], size=200, radius=100, label_room=50)

    assert chart.view_box == "-50 0 300 200"
    assert [axis.end for axis in chart.axes] == [(100.0, 0.0), (200.0, 100.0), (100.0, 200.0), (0.0, 100.0)]
    assert [axis.point for axis in chart.axes] == [
        (100.0, 0.0),
        (150.0, 100.0),
        (100.0, 100.0),
        (50.0, 100.0),
    ]
    assert [axis.anchor for axis in chart.axes] == ["middle", "start", "middle", "end"]
    assert chart.shape == "100.0,0.0 150.0,100.0 100.0,100.0 50.0,100.0"
    assert chart.rings[0] == "100.0,80.0 120.0,100.0 100.0,120.0 80.0,100.0"
    assert len(chart.rings) == 5


def test_radar_for_a_right_to_left_reader_turns_the_other_way_and_anchors_labels_outward():
    chart = radar(
        [("A", 100), ("B", 50), ("C", 0), ("D", 50)], size=200, radius=100, label_room=50, right_to_left=True
    )

    # The second axis is on the left: read from the top towards the reader's start, the right.
    assert [axis.end for axis in chart.axes] == [(100.0, 0.0), (0.0, 100.0), (100.0, 200.0), (200.0, 100.0)]
    # In right-to-left text "start" is the right end: a label left of the chart runs leftward, away from it.
    assert [axis.anchor for axis in chart.axes] == ["middle", "start", "middle", "end"]
