"""Reads of the catalogue and the best-cases library, with who-may-see-what in one place."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.enums import Category
from accounts.models import Organisation, User
from accounts.selectors import member_organisations, organisations_bookable_by
from common.lookups import json_list_contains
from solutions.enums import BestCaseStatus, SolutionStatus
from solutions.models import BestCase, Solution


def _organisation_id(user: User | AnonymousUser) -> int | None:
    return getattr(user, "organisation_id", None) if user is not None and user.is_authenticated else None


def can_edit_solution(user: User | AnonymousUser, solution: Solution) -> bool:
    """Staff edit every solution; any confirmed person of the provider edits its own."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or (user.organisation_id and user.organisation_id == solution.provider_id))


def solution_actions(solution: Solution, user: User | AnonymousUser) -> set[str]:
    """What `user` may do on `solution`'s page: "book" a meeting with its provider (someone signed in
    from elsewhere), or "edit", "publish" (unless published) and "archive" (unless archived) it (its
    provider's people and staff). The services check every rule again. No queries."""
    if not user.is_authenticated:
        return set()
    if not can_edit_solution(user, solution):
        return {"book"}
    actions = {"edit"}
    if solution.status != SolutionStatus.PUBLISHED:
        actions.add("publish")
    if solution.status != SolutionStatus.ARCHIVED:
        actions.add("archive")
    return actions


def providers_bookable_by(user: User | AnonymousUser, provider_ids: Iterable[int]) -> set[int]:
    """Which of these providers `user` may ask for a meeting from a page: anyone signed in, except
    the provider's own people (nobody books a meeting with their own organisation). No queries."""
    return organisations_bookable_by(user, provider_ids)


def solutions_visible_to(user: User | AnonymousUser) -> QuerySet[Solution]:
    """Published solutions, plus the caller's own organisation's drafts and archive (all for staff)."""
    queryset = Solution.objects.select_related("provider")
    if user is not None and user.is_authenticated and user.is_staff:
        return queryset
    organisation_id = _organisation_id(user)
    visible = Q(status=SolutionStatus.PUBLISHED)
    if organisation_id:
        visible |= Q(provider_id=organisation_id)
    return queryset.filter(visible)


def filter_solutions(
    queryset: QuerySet[Solution],
    *,
    sector: str = "",
    region: str = "",
    maturity: str = "",
    provider: int | None = None,
    status: str = "",
) -> QuerySet[Solution]:
    """Apply the catalogue facets (each optional)."""
    if sector:
        queryset = queryset.filter(json_list_contains("sectors", sector))
    if region:
        queryset = queryset.filter(json_list_contains("regions_served", region))
    if maturity:
        queryset = queryset.filter(maturity=maturity)
    if provider:
        queryset = queryset.filter(provider_id=provider)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def access_solution(
    user: User | AnonymousUser, *, pk: int | None = None, slug: str | None = None
) -> Solution:
    """A solution the user may see, or 404 (drafts of others do not exist for them)."""
    lookup = {"pk": pk} if pk is not None else {"slug": slug}
    try:
        return solutions_visible_to(user).prefetch_related("references__organisation").get(**lookup)
    except Solution.DoesNotExist as exc:
        raise Http404("No such solution.") from exc


def access_solution_for_edit(
    user: User | AnonymousUser, *, pk: int | None = None, slug: str | None = None
) -> Solution:
    """A solution the user may edit: 404 if they cannot see it, 403 if they can see but not edit."""
    solution = access_solution(user, pk=pk, slug=slug)
    if not can_edit_solution(user, solution):
        raise PermissionDenied("Only the provider's own people and association staff can edit this solution.")
    return solution


def solutions_of_provider(*, provider: Organisation, user: User | AnonymousUser) -> QuerySet[Solution]:
    """A provider's solutions as `user` may see them (the provider's page, "my solutions")."""
    return solutions_visible_to(user).filter(provider=provider).order_by("title", "id")


def catalogue_providers() -> QuerySet[Organisation]:
    """Providers with at least one published solution, by name (the catalogue's provider facet)."""
    return (
        Organisation.objects.filter(category=Category.CORPORATION, solutions__status=SolutionStatus.PUBLISHED)
        .distinct()
        .order_by("name")
    )


def provider_choices_for(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Organisations `user` may list solutions for: their own corporation, or any for staff."""
    corporations = member_organisations().filter(category=Category.CORPORATION)
    if user.is_staff:
        return corporations
    return corporations.filter(pk=_organisation_id(user) or 0)


# --- Best cases ---------------------------------------------------------------------------


def can_edit_best_case(user: User | AnonymousUser, best_case: BestCase) -> bool:
    """Staff always; the city's and the provider's people while the case is a draft."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if best_case.status != BestCaseStatus.DRAFT:
        return False
    return bool(user.organisation_id) and user.organisation_id in (
        best_case.city_id,
        best_case.solution.provider_id,
    )


def best_cases_visible_to(user: User | AnonymousUser) -> QuerySet[BestCase]:
    """Published cases, plus drafts involving the caller's organisation (all for staff)."""
    queryset = BestCase.objects.select_related("city", "solution", "solution__provider")
    if user is not None and user.is_authenticated and user.is_staff:
        return queryset
    visible = Q(status=BestCaseStatus.PUBLISHED)
    organisation_id = _organisation_id(user)
    if organisation_id:
        visible |= Q(city_id=organisation_id) | Q(solution__provider_id=organisation_id)
    return queryset.filter(visible)


def best_cases_to_review() -> QuerySet[BestCase]:
    """Draft best cases waiting for staff to publish them, oldest first (one query)."""
    return (
        BestCase.objects.filter(status=BestCaseStatus.DRAFT)
        .select_related("city", "solution")
        .order_by("created_at", "id")
    )


def access_best_case(user: User | AnonymousUser, pk: int) -> BestCase:
    try:
        return best_cases_visible_to(user).get(pk=pk)
    except BestCase.DoesNotExist as exc:
        raise Http404("No such best case.") from exc


def access_best_case_for_edit(user: User | AnonymousUser, pk: int) -> BestCase:
    best_case = access_best_case(user, pk)
    if not can_edit_best_case(user, best_case):
        raise PermissionDenied(
            "Only staff, and the city's and provider's people while it is a draft, can edit this."
        )
    return best_case
