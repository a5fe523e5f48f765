"""What would make a city smarter: recommendations for the weakest dimensions of an Activator result.

A read module beside `selectors.py` because it asks the matching engine, and the matching engine
reads city needs through `cities.selectors`: keeping this here avoids an import cycle.

For each weak dimension the query text is the dimension's name, description and catalogue tags plus
every question the city answered at or below `activator.GAP_GRADE` (with its answer), taken from the
response's snapshot; `matchmaking.selectors.solutions_for_problem` ranks published solutions for it
with the dimension's sectors and the city's region as structured signals. Best cases come from peer
cities: same region, and the same population band (or, without a population, the same kind).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import Organisation, User
from cities import activator
from cities.models import SurveyResponse
from cities.selectors import answers_of_response
from common.lookups import json_list_contains
from matchmaking.selectors import Recommendation, solutions_for_problem
from solutions.enums import BestCaseStatus
from solutions.models import BestCase
from solutions.selectors import best_cases_visible_to

SOLUTIONS_PER_DIMENSION = 3
BEST_CASES_PER_DIMENSION = 3


@dataclass
class WeakDimension:
    key: str
    name: str
    description: str
    score: float
    stage: activator.Stage
    sectors: list[str]
    gaps: list[tuple[str, str]]  # (question, answer given)
    query: str
    solutions: list[Recommendation] = field(default_factory=list)
    best_cases: list[BestCase] = field(default_factory=list)


def dimension_scores_of(response: SurveyResponse) -> list[activator.DimensionScore]:
    """The response's dimension scores as scored at submission (the snapshot), in survey order."""
    return [
        activator.DimensionScore(key=d["key"], name=d["name"], score=float(d["score"]))
        for d in response.dimension_scores
    ]


def peer_cities(city: Organisation) -> Q:
    """Cities like `city`: same region, and same population band when its population is recorded,
    else the same kind (city, district, region). Never the city itself."""
    peers = Q(region=city.region) & ~Q(pk=city.pk)
    band = activator.population_band(city.population)
    if band is None:
        return peers & Q(kind=city.kind)
    lower, upper = band
    peers &= Q(population__gte=lower)
    if upper is not None:
        peers &= Q(population__lt=upper)
    return peers


def peer_best_cases(
    *,
    city: Organisation,
    user: User | AnonymousUser,
    sectors: list[str],
    limit: int = BEST_CASES_PER_DIMENSION,
) -> QuerySet[BestCase]:
    """Published best cases of peer cities whose solution works in one of `sectors`, newest first."""
    in_sectors = Q()
    for sector in sectors:
        in_sectors |= json_list_contains("solution__sectors", sector)
    peer_ids = Organisation.objects.filter(peer_cities(city)).values("pk")
    return (
        best_cases_visible_to(user)
        .filter(in_sectors, status=BestCaseStatus.PUBLISHED, city_id__in=peer_ids)
        .order_by("-published_at", "-id")[:limit]
    )


def weak_dimensions_with_recommendations(
    *,
    response: SurveyResponse,
    user: User | AnonymousUser,
    solutions_per_dimension: int = SOLUTIONS_PER_DIMENSION,
    best_cases_per_dimension: int = BEST_CASES_PER_DIMENSION,
) -> list[WeakDimension]:
    """The weakest dimensions of `response` (lowest first), each with the solutions the matching
    engine ranks for its gaps (as `user` may see them; a solution is listed once, under the weakest
    dimension it matches) and best cases of peer cities. One query for the answers, then per
    dimension the matching engine's reads and one query for best cases."""
    snapshot = {d["key"]: d for d in response.dimension_scores}
    weakest = activator.weakest_dimensions(dimension_scores_of(response))
    wanted = {d.key for d in weakest}
    gaps: dict[str, list[tuple[str, str]]] = {key: [] for key in wanted}
    for answer in answers_of_response(response=response).filter(dimension_key__in=wanted):
        if answer.grade <= activator.GAP_GRADE:
            gaps[answer.dimension_key].append((answer.question_text, answer.answer_label))
    result = []
    recommended: set[int] = set()  # each solution once, under the weakest dimension it matches
    for dimension in weakest:
        spec = snapshot[dimension.key]
        query = activator.recommendation_text(
            name=spec["name"], description=spec["description"], tags=spec["tags"], gaps=gaps[dimension.key]
        )
        ranked = solutions_for_problem(
            text=query,
            user=user,
            sectors=list(spec["sectors"]),
            region=response.city.region,
            limit=solutions_per_dimension + len(recommended),
        )
        solutions = [r for r in ranked if r.item.pk not in recommended][:solutions_per_dimension]
        recommended.update(r.item.pk for r in solutions)
        result.append(
            WeakDimension(
                key=dimension.key,
                name=dimension.name,
                description=spec["description"],
                score=dimension.score,
                stage=dimension.stage,
                sectors=list(spec["sectors"]),
                gaps=gaps[dimension.key],
                query=query,
                solutions=solutions,
                best_cases=list(
                    peer_best_cases(
                        city=response.city,
                        user=user,
                        sectors=list(spec["sectors"]),
                        limit=best_cases_per_dimension,
                    )
                ),
            )
        )
    return result
