"""Reads of the catalogue and the best-cases library, with who-may-see-what in one place."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.enums import Category
from accounts.models import Organisation, User
from accounts.selectors import member_organisations, organisations_bookable_by
from common.lookups import Folded, fold, json_list_contains
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
        raise PermissionDenied(
            _("Only the provider's own people and association staff can edit this solution.")
        )
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

# The categories whose people tell best cases: a city about a solution it runs, a provider about a city
# that runs its solution.
BEST_CASE_AUTHOR_CATEGORIES = (Category.LOCAL_GOVERNMENT, Category.CORPORATION)


def is_best_case_author(user: User | AnonymousUser, best_case: BestCase) -> bool:
    """Whether `user` is one of the city's or the provider's people. No queries beyond the solution."""
    organisation_id = _organisation_id(user)
    return bool(organisation_id) and organisation_id in (best_case.city_id, best_case.solution.provider_id)


def can_edit_best_case(user: User | AnonymousUser, best_case: BestCase) -> bool:
    """Staff always; the city's and the provider's people until it is published."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return best_case.status != BestCaseStatus.PUBLISHED and is_best_case_author(user, best_case)


def can_submit_best_case(user: User | AnonymousUser) -> bool:
    """Staff, and the people of a member city or provider. One query for the organisation at most."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    organisation = user.organisation
    return organisation is not None and organisation.category in BEST_CASE_AUTHOR_CATEGORIES


def best_case_actions(best_case: BestCase, user: User | AnonymousUser) -> set[str]:
    """What `user` may do with `best_case` from its page: "edit" (authors until published, staff),
    "review" (staff, while it waits for them). The services check every rule again. No queries."""
    actions = set()
    if can_edit_best_case(user, best_case):
        actions.add("edit")
    if user.is_authenticated and user.is_staff and best_case.status == BestCaseStatus.SUBMITTED:
        actions.add("review")
    return actions


def best_case_review_choices(best_case: BestCase, user: User | AnonymousUser) -> set[str]:
    """What staff may decide on a case now: "publish" and "send_back" while it is under review."""
    if not (user.is_authenticated and user.is_staff) or best_case.status != BestCaseStatus.SUBMITTED:
        return set()
    return {"publish", "send_back"}


def best_cases_visible_to(user: User | AnonymousUser) -> QuerySet[BestCase]:
    """Published cases, plus unpublished ones involving the caller's organisation (all for staff)."""
    queryset = BestCase.objects.select_related("city", "solution", "solution__provider")
    if user is not None and user.is_authenticated and user.is_staff:
        return queryset
    visible = Q(status=BestCaseStatus.PUBLISHED)
    organisation_id = _organisation_id(user)
    if organisation_id:
        visible |= Q(city_id=organisation_id) | Q(solution__provider_id=organisation_id)
    return queryset.filter(visible)


def published_best_cases(
    *, sector: str = "", region: str = "", city: int | None = None, query: str = ""
) -> QuerySet[BestCase]:
    """The public library, newest first, narrowed by the solution's sector, the city's world region,
    the city, and words that must each appear (accents and case ignored, on PostgreSQL and SQLite) in
    the title, the problem, approach or results, the city's, the solution's or the provider's name.
    One query per page."""
    queryset = BestCase.objects.filter(status=BestCaseStatus.PUBLISHED).select_related(
        "city", "solution", "solution__provider"
    )
    if sector:
        queryset = queryset.filter(json_list_contains("solution__sectors", sector))
    if region:
        queryset = queryset.filter(city__region=region)
    if city:
        queryset = queryset.filter(city_id=city)
    words = fold(query).split()
    if words:
        searchable = [
            "title", "problem", "approach", "results", "city__name", "solution__title",
            "solution__provider__name",
        ]  # fmt: skip
        parts: list[Any] = []
        for name in searchable:
            parts += [F(name), Value("\n")]
        queryset = queryset.annotate(haystack=Folded(Concat(*parts, output_field=TextField())))
        for word in words:
            queryset = queryset.filter(haystack__contains=word)
    return queryset.order_by("-published_at", "-created_at", "-id")


def best_case_cities() -> QuerySet[Organisation]:
    """Cities with at least one published best case, by name (the list's city filter)."""
    return (
        Organisation.objects.filter(
            category=Category.LOCAL_GOVERNMENT, best_cases__status=BestCaseStatus.PUBLISHED
        )
        .distinct()
        .order_by("name")
    )


def best_cases_of_organisation(*, organisation: Organisation) -> QuerySet[BestCase]:
    """Every case the organisation is part of (as the city or the provider), whatever its state,
    newest first: "my best cases". One query per page."""
    return (
        BestCase.objects.filter(Q(city=organisation) | Q(solution__provider=organisation))
        .select_related("city", "solution", "solution__provider")
        .order_by("-created_at", "-id")
    )


def best_case_solution_choices(user: User | AnonymousUser) -> QuerySet[Solution]:
    """The solutions `user` may tell a case about: a provider's people, their own (any state but
    archived); anyone else who may submit, the published solutions of member providers."""
    if not can_submit_best_case(user):
        return Solution.objects.none()
    queryset = Solution.objects.select_related("provider").order_by("provider__name", "title", "id")
    organisation = getattr(user, "organisation", None)
    if not user.is_staff and organisation is not None and organisation.category == Category.CORPORATION:
        return queryset.filter(provider=organisation).exclude(status=SolutionStatus.ARCHIVED)
    return queryset.filter(status=SolutionStatus.PUBLISHED, provider__in=member_organisations())


def best_case_city_choices(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The cities `user` may tell a case of: a city's people, their own; a provider's people and
    staff, any member city."""
    if not can_submit_best_case(user):
        return Organisation.objects.none()
    cities = member_organisations().filter(category=Category.LOCAL_GOVERNMENT).order_by("name")
    organisation = getattr(user, "organisation", None)
    if not user.is_staff and organisation is not None and organisation.category == Category.LOCAL_GOVERNMENT:
        return cities.filter(pk=organisation.pk)
    return cities


def best_cases_to_review() -> QuerySet[BestCase]:
    """Best cases waiting for staff to publish or send back, oldest first (one query)."""
    return (
        BestCase.objects.filter(status=BestCaseStatus.SUBMITTED)
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
            _("Only staff, and the city's and provider's people until it is published, can edit this.")
        )
    return best_case


def access_best_case_for_review(user: User | AnonymousUser, pk: int) -> BestCase:
    """A best case for staff to review: 404 if the user cannot see it, 403 if they are not staff."""
    best_case = access_best_case(user, pk)
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied(_("Association staff review best cases."))
    return best_case
