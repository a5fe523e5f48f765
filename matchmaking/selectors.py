"""Recommendations: solutions for a need or a problem, needs (cities) for a solution.

Text similarity comes from the matching index (TF-IDF, `ranking/`); structured signals and the
weights from `recommend.py`. Each result says why: the terms that contributed most and the
shared sectors/region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from cities.models import Need
from cities.selectors import needs_visible_to
from matchmaking import documents
from matchmaking.index import current_index
from matchmaking.ranking.explain import TermContribution
from matchmaking.recommend import Candidate, Profile, Scored, combine
from solutions.models import Solution
from solutions.selectors import solutions_visible_to

# How many text matches are re-scored with the structured signals before cutting to `limit`.
CANDIDATES_PER_RESULT = 5
MIN_CANDIDATES = 50
# Text matches weaker than this share of the best one are noise (often brought in only by
# pseudo-relevance feedback) and are not recommended, whatever their structured signals.
MIN_RELATIVE_TEXT_SCORE = 0.2


@dataclass
class SolutionFilters:
    """What the user ruled out or insists on."""

    sectors: list[str] = field(default_factory=list)
    maturity: list[str] = field(default_factory=list)
    region: str = ""
    exclude_providers: list[int] = field(default_factory=list)


@dataclass
class Recommendation:
    item: Any  # a Solution or a Need
    score: float
    components: dict[str, float]
    terms: list[TermContribution]
    shared_sectors: tuple[str, ...]


def _weights() -> dict[str, float]:
    return dict(settings.MATCH_WEIGHTS)


def _text_matches(text: str, *, prefix: str, want: int) -> list[tuple[str, float]]:
    index = current_index()
    # Needs and solutions share one index (one vocabulary, one idf): ask for enough of both kinds.
    matches = [m for m in index.search(text, k=want * 4 + 50) if m.doc_id.startswith(prefix)]
    if not matches:
        return []
    floor = matches[0].score * MIN_RELATIVE_TEXT_SCORE
    return [(m.doc_id, m.score) for m in matches if m.score >= floor][:want]


def _solution_candidates(
    text: str, *, user: User | AnonymousUser, limit: int, filters: SolutionFilters
) -> tuple[dict[int, Solution], list[Candidate]]:
    want = max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT)
    matches = _text_matches(text, prefix=documents.SOLUTION_PREFIX, want=want)
    score_by_pk = {documents.pk_of(doc_id): score for doc_id, score in matches}
    queryset = solutions_visible_to(user).filter(pk__in=score_by_pk, status="published")
    if filters.exclude_providers:
        queryset = queryset.exclude(provider_id__in=filters.exclude_providers)
    if filters.maturity:
        queryset = queryset.filter(maturity__in=filters.maturity)
    solutions = {}
    for solution in queryset:
        if filters.sectors and not set(filters.sectors) & set(solution.sectors):
            continue
        if filters.region and solution.regions_served and filters.region not in solution.regions_served:
            continue
        solutions[solution.pk] = solution
    candidates = [
        Candidate(
            doc_id=documents.solution_doc_id(pk),
            text_score=score_by_pk[pk],
            sectors=frozenset(s.sectors),
            regions_served=frozenset(s.regions_served),
            maturity=s.maturity,
            esg=frozenset(s.esg_dimensions),
        )
        for pk, s in solutions.items()
    ]
    return solutions, candidates


def _explained(text: str, scored: list[Scored], items: dict[int, Any], limit: int) -> list[Recommendation]:
    index = current_index()
    return [
        Recommendation(
            item=items[documents.pk_of(s.doc_id)],
            score=s.score,
            components=s.components,
            terms=index.explain(text, s.doc_id),
            shared_sectors=s.shared_sectors,
        )
        for s in scored[:limit]
    ]


def need_text(need: Need) -> str:
    """The need as a query: the same capped text as its document."""
    return "\n".join(documents.need_fields(need).values())


def solution_text(solution: Solution) -> str:
    """The solution as a query: the same capped text as its document."""
    return "\n".join(documents.solution_fields(solution).values())


def recommended_solutions_for_need(
    *, need: Need, user: User | AnonymousUser, limit: int = 10, filters: SolutionFilters | None = None
) -> list[Recommendation]:
    """The published solutions most likely to solve `need`, best first, each with its reasons."""
    text = need_text(need)
    solutions, candidates = _solution_candidates(
        text, user=user, limit=limit, filters=filters or SolutionFilters()
    )
    profile = Profile(sectors=frozenset(need.sectors), region=need.city.region)
    return _explained(
        text, combine(profile=profile, candidates=candidates, weights=_weights()), solutions, limit
    )


def solutions_for_problem(
    *,
    text: str,
    user: User | AnonymousUser,
    sectors: list[str] | None = None,
    region: str = "",
    limit: int = 10,
    filters: SolutionFilters | None = None,
) -> list[Recommendation]:
    """Free text ("our market floods every rainy season") to ranked solutions."""
    solutions, candidates = _solution_candidates(
        text, user=user, limit=limit, filters=filters or SolutionFilters()
    )
    profile = Profile(sectors=frozenset(sectors or []), region=region)
    return _explained(
        text, combine(profile=profile, candidates=candidates, weights=_weights()), solutions, limit
    )


def matching_needs_for_solution(
    *, solution: Solution, user: User | AnonymousUser, limit: int = 10
) -> list[Recommendation]:
    """The visible open needs `solution` fits best: the cities that need it."""
    text = solution_text(solution)
    want = max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT)
    matches = _text_matches(text, prefix=documents.NEED_PREFIX, want=want)
    score_by_pk = {documents.pk_of(doc_id): score for doc_id, score in matches}
    needs = {
        need.pk: need
        for need in needs_visible_to(user).filter(pk__in=score_by_pk, status__in=["open", "matched"])
    }
    candidates = [
        Candidate(
            doc_id=documents.need_doc_id(pk),
            text_score=score_by_pk[pk],
            sectors=frozenset(need.sectors),
            regions_served=frozenset(solution.regions_served),
            region=need.city.region,
        )
        for pk, need in needs.items()
    ]
    profile = Profile(sectors=frozenset(solution.sectors))
    return _explained(text, combine(profile=profile, candidates=candidates, weights=_weights()), needs, limit)
