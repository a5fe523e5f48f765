"""City Activator scoring: pure functions over plain data, no ORM.

How a response is scored (docs/concepts.md repeats this for readers):

- Every answer option carries a grade from 0 (nothing in place) to 4 (leading practice).
- A dimension's score is the weighted mean of its answers' grades, scaled to 0..100:
  ``100 * sum(weight * grade) / (4 * sum(weight))``, rounded to one decimal (halves up, computed
  exactly: 56.25 is 56.3).
- The overall score is the plain mean of the (rounded) dimension scores, each dimension counting the
  same however many questions it has, rounded the same way.
- A score's stage comes from the rounded score: below 20 is 1 Starting, below 40 is 2 Exploring,
  below 60 is 3 Developing, below 80 is 4 Integrating, 80 and above is 5 Leading. An edge belongs
  to the higher stage (exactly 20.0 is Exploring), so the number shown and the stage always agree.
- Every question must be answered: a missing answer is an error on that question, never a zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_GRADE = 4
# Answers graded at or below this describe a gap; their questions feed the recommendation query.
GAP_GRADE = 2
# How many of the lowest dimensions the results page calls "weakest".
WEAKEST_COUNT = 3


def translated(text: str) -> str:
    """`text` in the reader's language when the catalogues have it: the questionnaire's version 1
    (seeded by `cities.migrations.0004_activator_survey_v1`, its texts marked with `gettext_noop`);
    a version staff wrote in the admin shows as written. Empty stays empty (gettext("") is the
    catalogue's header)."""
    return _(text) if text else text


@dataclass(frozen=True)
class Stage:
    number: int
    name: str | Promise
    description: str | Promise
    lower: float  # inclusive
    upper: float | None  # exclusive; None for the last stage

    @property
    def range_label(self) -> str:
        if self.upper is None:
            return _("%(lower)s to 100") % {"lower": f"{self.lower:g}"}
        return _("%(lower)s to under %(upper)s") % {"lower": f"{self.lower:g}", "upper": f"{self.upper:g}"}


STAGES: tuple[Stage, ...] = (
    Stage(
        1,
        gettext_lazy("Starting"),
        gettext_lazy(
            "Smart-city work has not begun in earnest: services are mostly on paper or run in separate "
            "departments, data is scattered and there is no shared plan. First steps: agree a vision, "
            "name an owner and pick a few visible quick wins.",
        ),
        0,
        20,
    ),
    Stage(
        2,
        gettext_lazy("Exploring"),
        gettext_lazy(
            "The city experiments: pilots and single-department projects exist, but they are not yet "
            "connected, funded for the long term or measured. Next: a strategy that sets priorities, "
            "owners and a budget.",
        ),
        20,
        40,
    ),
    Stage(
        3,
        gettext_lazy("Developing"),
        gettext_lazy(
            "A strategy is in place and several services are digital; departments begin to share data and "
            "platforms. Next: scale the pilots that worked and adopt common platforms and standards.",
        ),
        40,
        60,
    ),
    Stage(
        4,
        gettext_lazy("Integrating"),
        gettext_lazy(
            "Services, data and infrastructure are connected across departments and partners, results are "
            "measured and residents take part. Next: open data and platforms to partners and close the "
            "remaining gaps.",
        ),
        60,
        80,
    ),
    Stage(
        5,
        gettext_lazy("Leading"),
        gettext_lazy(
            "The city is a reference for others: integrated, data-driven and inclusive services, continuous "
            "improvement with residents and partners, and experience shared across the network.",
        ),
        80,
        None,
    ),
)
STAGE_BY_NUMBER = {stage.number: stage for stage in STAGES}


def stage_for(score: float) -> Stage:
    """The stage of a 0..100 score (see the module docstring for the edges)."""
    if not 0 <= score <= 100:
        raise ValueError(f"A score is between 0 and 100, not {score}.")
    rounded = round(score, 1)
    for stage in STAGES:
        if stage.upper is None or rounded < stage.upper:
            return stage
    raise AssertionError("unreachable: the last stage has no upper edge")


@dataclass(frozen=True)
class GradedAnswer:
    dimension_key: str
    grade: int
    weight: int = 1


@dataclass(frozen=True)
class DimensionScore:
    key: str
    name: str
    score: float

    @property
    def stage(self) -> Stage:
        return stage_for(self.score)


@dataclass(frozen=True)
class ScoreCard:
    dimensions: tuple[DimensionScore, ...]
    overall: float

    @property
    def stage(self) -> Stage:
        return stage_for(self.overall)


def _one_decimal(value: Fraction) -> float:
    """`value` rounded to one decimal, halves up, without binary floating-point surprises."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def dimension_score(answers: Iterable[GradedAnswer]) -> float:
    """The weighted mean grade of one dimension's answers, as 0..100 with one decimal."""
    answers = list(answers)
    total_weight = sum(a.weight for a in answers)
    if not answers or total_weight <= 0:
        raise ValueError("A dimension is scored from at least one answer with a positive weight.")
    for answer in answers:
        if not 0 <= answer.grade <= MAX_GRADE:
            raise ValueError(f"A grade is between 0 and {MAX_GRADE}, not {answer.grade}.")
    points = sum(a.weight * a.grade for a in answers)
    return _one_decimal(Fraction(100 * points, MAX_GRADE * total_weight))


def overall_score(scores: Iterable[float]) -> float:
    """The plain mean of the dimension scores, one decimal."""
    exact = [Fraction(str(score)) for score in scores]
    if not exact:
        raise ValueError("An overall score needs at least one dimension score.")
    return _one_decimal(sum(exact, Fraction(0)) / len(exact))


def score_card(dimensions: Sequence[tuple[str, str]], answers: Iterable[GradedAnswer]) -> ScoreCard:
    """Score every dimension (`(key, name)` in survey order) and the whole response.

    Raises ValueError if a dimension has no answer or an answer names an unknown dimension: callers
    check completeness first (`answer_errors`), so this is a programming error, not bad input.
    """
    by_dimension: dict[str, list[GradedAnswer]] = {key: [] for key, _name in dimensions}
    for answer in answers:
        if answer.dimension_key not in by_dimension:
            raise ValueError(f"Unknown dimension {answer.dimension_key!r}.")
        by_dimension[answer.dimension_key].append(answer)
    scores = tuple(
        DimensionScore(key=key, name=name, score=dimension_score(by_dimension[key]))
        for key, name in dimensions
    )
    return ScoreCard(dimensions=scores, overall=overall_score(s.score for s in scores))


def weakest_dimensions(scores: Sequence[DimensionScore], count: int = WEAKEST_COUNT) -> list[DimensionScore]:
    """The `count` lowest dimensions, lowest first, ties in survey order; a perfect 100 is never weak."""
    order = {s.key: position for position, s in enumerate(scores)}
    candidates = [s for s in scores if s.score < 100]
    return sorted(candidates, key=lambda s: (s.score, order[s.key]))[:count]


def answer_field(question_id: int) -> str:
    """The name under which a question's answer is posted and its error reported (`question_12`)."""
    return f"question_{question_id}"


def answer_errors(
    options_by_question: Mapping[int, Iterable[int]], answers: Mapping[int, int | None]
) -> dict[str, str]:
    """Field messages for every unanswered question, wrongly answered question and stray answer.

    `options_by_question` maps each question of the survey to its answer option ids; `answers` maps
    question ids to the chosen option id (None or absent when unanswered).
    """
    errors: dict[str, str] = {}
    for question_id, option_ids in options_by_question.items():
        chosen = answers.get(question_id)
        if chosen is None:
            errors[answer_field(question_id)] = _("Answer this question.")
        elif chosen not in set(option_ids):
            errors[answer_field(question_id)] = _("Choose one of this question's answers.")
    stray = sorted(set(answers) - set(options_by_question))
    if stray:
        errors["answers"] = _("Not questions of this survey: %(ids)s.") % {"ids": ", ".join(map(str, stray))}
    return errors


def recommendation_text(
    *, name: str, description: str, tags: Iterable[str], gaps: Iterable[tuple[str, str]]
) -> str:
    """The free text the matching engine ranks solutions for, for one weak dimension.

    The dimension's name, description and catalogue tags say what the field is about; each gap (a
    question answered at or below GAP_GRADE, with the answer given) says what is missing.
    """
    lines = [name, description, " ".join(tags)]
    lines.extend(f"{question} {answer}" for question, answer in gaps)
    return "\n".join(line for line in lines if line.strip())


# --- Peers ---------------------------------------------------------------------------------------

# Population bands for "cities of similar size": (lower inclusive, upper exclusive or None).
POPULATION_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 200_000),
    (200_000, 1_000_000),
    (1_000_000, 5_000_000),
    (5_000_000, None),
)


def population_band(population: int | None) -> tuple[int, int | None] | None:
    """The band a population falls in, or None when the population is not recorded."""
    if population is None:
        return None
    for lower, upper in POPULATION_BANDS:
        if population >= lower and (upper is None or population < upper):
            return lower, upper
    raise ValueError(f"A population is not negative, not {population}.")


# --- Radar chart ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RadarAxis:
    label: str
    score: float
    end: tuple[float, float]  # where the axis line ends (score 100)
    point: tuple[float, float]  # the score's point on the axis
    label_at: tuple[float, float]
    anchor: str  # SVG text-anchor: start, middle or end


@dataclass(frozen=True)
class Radar:
    size: int
    view_box: str  # wider than the chart so the axis labels fit on both sides
    center: float
    axes: tuple[RadarAxis, ...]
    rings: tuple[str, ...]  # SVG polygon points of the 20/40/60/80/100 rings (the stage edges)
    shape: str  # SVG polygon points of the scores


def _points(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar(
    scores: Sequence[tuple[str, float]],
    *,
    size: int = 440,
    radius: float = 140,
    label_room: int = 100,
    right_to_left: bool = False,
) -> Radar:
    """Geometry of a radar chart: one axis per score, clockwise from the top, 0 at the centre;
    mirrored for a right-to-left reader (counter-clockwise, the way they read round it).

    The rings sit at the stage edges (20, 40, 60, 80) and at 100, so the chart reads like the stages.
    """
    center = size / 2
    count = len(scores)
    turn = -1 if right_to_left else 1
    # SVG's text-anchor follows the text's direction: in right-to-left text "start" is the right end.
    outward = {True: "start", False: "end"} if not right_to_left else {True: "end", False: "start"}

    def at(index: int, value: float, extra: float = 0) -> tuple[float, float]:
        angle = -math.pi / 2 + turn * 2 * math.pi * index / max(count, 1)
        distance = radius * value / 100 + extra
        return round(center + distance * math.cos(angle), 1), round(center + distance * math.sin(angle), 1)

    axes = []
    for index, (label, score) in enumerate(scores):
        label_x, label_y = at(index, 100, extra=14)
        anchor = "middle" if abs(label_x - center) < 1 else outward[label_x > center]
        axes.append(
            RadarAxis(
                label=label,
                score=score,
                end=at(index, 100),
                point=at(index, score),
                label_at=(label_x, label_y),
                anchor=anchor,
            )
        )
    rings = tuple(_points(at(i, level) for i in range(count)) for level in (20, 40, 60, 80, 100))
    return Radar(
        size=size,
        view_box=f"{-label_room} 0 {size + 2 * label_room} {size}",
        center=center,
        axes=tuple(axes),
        rings=rings,
        shape=_points(axis.point for axis in axes),
    )
