"""Recommendations: solutions for a need or a problem, needs (cities) for a solution.

Text similarity comes from the matching index: the lexical score (TF-IDF, `ranking/`) fused with
the meaning signal (sentence vectors, `ranking/dense.py`) as the stored fusion setting says
(`ranking/fusion.py`, through `ranking/hybrid.py`, which bench/ranking.py times); structured
signals and the weights from `recommend.py`. Each result says why: the query's own terms that
contributed most (never a word the query did not use), the shared sectors/region, and, for a
match the words do not explain (another language, other words), "similar meaning" with the
best-matching pair of passages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from cities.models import Need
from cities.selectors import needs_visible_to
from matchmaking import documents
from matchmaking.index import current_indexes
from matchmaking.ranking.dense import passages, unit
from matchmaking.ranking.explain import TermContribution
from matchmaking.ranking.fusion import Fused, load_setting
from matchmaking.ranking.hybrid import text_matches
from matchmaking.recommend import Candidate, Profile, Scored, combine
from solutions.models import Solution
from solutions.selectors import solutions_visible_to

# How many text matches are re-scored with the structured signals before cutting to `limit`.
CANDIDATES_PER_RESULT = 5
MIN_CANDIDATES = 50


@dataclass
class SolutionFilters:
    """What the user ruled out or insists on."""

    sectors: list[str] = field(default_factory=list)
    maturity: list[str] = field(default_factory=list)
    region: str = ""
    exclude_providers: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class SimilarMeaning:
    """Why a match the shared words do not explain was found: the passage of the query and the
    passage of the match that mean the most similar thing, and their cosine."""

    query_passage: str
    match_passage: str
    similarity: float


@dataclass
class Recommendation:
    item: Any  # a Solution or a Need
    score: float
    components: dict[str, float]
    terms: list[TermContribution]
    shared_sectors: tuple[str, ...]
    meaning: SimilarMeaning | None = None


def _weights() -> dict[str, float]:
    return dict(settings.MATCH_WEIGHTS)


def _text_matches(text: str, *, prefix: str, want: int, query_doc_id: str | None = None) -> list[Fused]:
    """Fused text scores of the best `want` documents of one kind (`ranking.hybrid.text_matches`:
    a document in another language than `text` scored by meaning, as the setting's rule v3 says);
    `query_doc_id` names the stored document `text` comes from, whose saved vector then serves as
    the query's."""
    index, dense = current_indexes()

    def query_vector() -> npt.NDArray[np.float32]:
        if dense is not None and query_doc_id is not None and query_doc_id in dense:
            return dense.vector_of(query_doc_id)
        from matchmaking.vectors import text_vectors  # noqa: PLC0415 -- loads the encoder

        return text_vectors([text])[0]

    return text_matches(
        index, dense, text, setting=load_setting(), prefix=prefix, want=want, query_vector=query_vector
    )


def _solution_candidates(
    text: str,
    *,
    user: User | AnonymousUser,
    limit: int,
    filters: SolutionFilters,
    query_doc_id: str | None = None,
) -> tuple[dict[int, Solution], list[Candidate], frozenset[str]]:
    """Visible solutions matching `text` and their candidates, and the doc ids found across
    languages."""
    want = max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT)
    matches = _text_matches(text, prefix=documents.SOLUTION_PREFIX, want=want, query_doc_id=query_doc_id)
    score_by_pk = {documents.pk_of(f.doc_id): f.score for f in matches}
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
    return solutions, candidates, _across(matches)


def _across(matches: list[Fused]) -> frozenset[str]:
    return frozenset(f.doc_id for f in matches if f.cross_language)


def _explained(
    text: str, scored: list[Scored], items: dict[int, Any], limit: int, across: frozenset[str] = frozenset()
) -> list[Recommendation]:
    """The top `limit` with their reasons; a match in `across` (found across languages) always says
    which passages mean the same, beside any word the two texts really share."""
    index, dense = current_indexes()
    results = []
    for s in scored[:limit]:
        item = items[documents.pk_of(s.doc_id)]
        # Only words the query itself used: a feedback expansion term is not a shared word. Their
        # weights before expansion: a feedback pass per result would cost a whole search each.
        terms = index.explain(text, s.doc_id, only_query_terms=True, feedback=False)
        meaning = None
        if (not terms or s.doc_id in across) and dense is not None:
            meaning = similar_meaning(text, _fields_text(s.doc_id, item))
        results.append(
            Recommendation(
                item=item,
                score=s.score,
                components=s.components,
                terms=terms,
                shared_sectors=s.shared_sectors,
                meaning=meaning,
            )
        )
    return results


def _fields_text(doc_id: str, item: Any) -> str:
    if doc_id.startswith(documents.SOLUTION_PREFIX):
        return solution_text(item)
    return need_text(item)


PASSAGE_SHOWN = 160  # characters of a passage an explanation quotes


def similar_meaning(query_text: str, match_text: str) -> SimilarMeaning | None:
    """The pair of passages (one of the query, one of the match) with the highest cosine, quoted
    at most PASSAGE_SHOWN characters long; None when either text is blank."""
    from matchmaking.vectors import production_encoder  # noqa: PLC0415 -- loads the encoder

    query_passages, match_passages = passages(query_text), passages(match_text)
    if not query_passages or not match_passages:
        return None
    vectors = unit(production_encoder()(query_passages + match_passages))
    similarity = vectors[: len(query_passages)] @ vectors[len(query_passages) :].T
    row, column = divmod(int(similarity.argmax()), len(match_passages))
    return SimilarMeaning(
        _quoted(query_passages[row]),
        _quoted(match_passages[column]),
        round(float(similarity[row, column]), 4),
    )


def _quoted(passage: str) -> str:
    if len(passage) <= PASSAGE_SHOWN:
        return passage
    cut = passage[:PASSAGE_SHOWN]
    return cut[: cut.rfind(" ")] + " …" if " " in cut else cut + "…"


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
    solutions, candidates, across = _solution_candidates(
        text,
        user=user,
        limit=limit,
        filters=filters or SolutionFilters(),
        query_doc_id=documents.need_doc_id(need.pk),
    )
    profile = Profile(sectors=frozenset(need.sectors), region=need.city.region)
    return _explained(
        text, combine(profile=profile, candidates=candidates, weights=_weights()), solutions, limit, across
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
    solutions, candidates, across = _solution_candidates(
        text, user=user, limit=limit, filters=filters or SolutionFilters()
    )
    profile = Profile(sectors=frozenset(sectors or []), region=region)
    return _explained(
        text, combine(profile=profile, candidates=candidates, weights=_weights()), solutions, limit, across
    )


def matching_needs_for_solution(
    *, solution: Solution, user: User | AnonymousUser, limit: int = 10
) -> list[Recommendation]:
    """The visible open needs `solution` fits best: the cities that need it."""
    text = solution_text(solution)
    want = max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT)
    matches = _text_matches(
        text, prefix=documents.NEED_PREFIX, want=want, query_doc_id=documents.solution_doc_id(solution.pk)
    )
    score_by_pk = {documents.pk_of(f.doc_id): f.score for f in matches}
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
    scored = combine(profile=profile, candidates=candidates, weights=_weights())
    return _explained(text, scored, needs, limit, _across(matches))
