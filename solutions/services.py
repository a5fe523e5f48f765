"""Every write to the catalogue and the best-cases library."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.enums import Category
from accounts.models import Organisation, User
from common.fields import clean_tags
from common.slugs import unique_slug
from solutions.enums import BestCaseStatus, SolutionStatus
from solutions.models import BestCase, SearchTerm, Solution, SolutionReference
from solutions.selectors import can_edit_best_case, can_edit_solution

SOLUTION_EDITABLE_FIELDS = frozenset(
    {"title", "summary", "description", "sectors", "tags", "esg_dimensions", "maturity", "regions_served",
     "languages", "pricing_model"}
)  # fmt: skip
BEST_CASE_EDITABLE_FIELDS = frozenset({"title", "problem", "approach", "results"})


def _normalise(changes: dict[str, Any]) -> dict[str, Any]:
    if "tags" in changes:
        changes["tags"] = clean_tags(changes["tags"] or [])
    if "languages" in changes:
        changes["languages"] = clean_tags(changes["languages"] or [])
    return changes


def _check_provider(actor: User, provider: Organisation) -> None:
    if provider.category != Category.CORPORATION:
        raise ValidationError({"provider": "Solutions are listed by corporate members (solution providers)."})
    if not (actor.is_staff or (actor.is_authenticated and actor.organisation_id == provider.pk)):
        raise PermissionDenied("You can list solutions only for your own organisation.")


@transaction.atomic
def create_solution(*, actor: User, provider: Organisation, **fields: Any) -> Solution:
    """A new draft solution of `provider`, by one of its people or staff."""
    _check_provider(actor, provider)
    unknown = set(fields) - SOLUTION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be set here." for name in sorted(unknown)})
    solution = Solution(provider=provider, status=SolutionStatus.DRAFT, **_normalise(fields))
    solution.slug = unique_slug(Solution, f"{solution.title} {provider.name}")
    solution.full_clean()
    solution.save()
    return solution


@transaction.atomic
def update_solution(*, solution: Solution, actor: User, **changes: Any) -> Solution:
    """Change a solution's content. Status moves through publish/archive, never through here."""
    if not can_edit_solution(actor, solution):
        raise PermissionDenied("Only the provider's own people and association staff can edit this solution.")
    unknown = set(changes) - SOLUTION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in sorted(unknown)})
    locked = Solution.objects.select_for_update().get(pk=solution.pk)
    for name, value in _normalise(changes).items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def publish_solution(*, solution: Solution, actor: User) -> Solution:
    """Make a draft (or archived) solution visible to everyone. It needs a summary and a sector."""
    if not can_edit_solution(actor, solution):
        raise PermissionDenied(
            "Only the provider's own people and association staff can publish this solution."
        )
    locked = Solution.objects.select_for_update().get(pk=solution.pk)
    errors = {}
    if not locked.sectors:
        errors["sectors"] = "Choose at least one sector before publishing."
    if len(locked.description) < 20:
        errors["description"] = "Describe the solution (at least 20 characters) before publishing."
    if errors:
        raise ValidationError(errors)
    locked.status = SolutionStatus.PUBLISHED
    locked.published_at = locked.published_at or timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    return locked


@transaction.atomic
def archive_solution(*, solution: Solution, actor: User) -> Solution:
    """Withdraw a solution from the catalogue; it stays visible to its provider and staff."""
    if not can_edit_solution(actor, solution):
        raise PermissionDenied(
            "Only the provider's own people and association staff can archive this solution."
        )
    locked = Solution.objects.select_for_update().get(pk=solution.pk)
    locked.status = SolutionStatus.ARCHIVED
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def set_solution_references(
    *, solution: Solution, actor: User, references: list[dict[str, str]]
) -> list[Any]:
    """Replace the cities where the solution runs; each is linked to the member city of that name."""
    if not can_edit_solution(actor, solution):
        raise PermissionDenied("Only the provider's own people and association staff can edit this solution.")
    solution.references.all().delete()
    created = []
    for reference in references:
        city_name = " ".join(str(reference.get("city_name", "")).split())
        country = str(reference.get("country", "")).strip().upper()[:2]
        if not city_name:
            raise ValidationError({"references": "Each reference needs a city name."})
        member = (
            Organisation.objects.filter(category=Category.LOCAL_GOVERNMENT, name__iexact=city_name)
            .filter(**({"country": country} if country else {}))
            .first()
        )
        created.append(
            SolutionReference.objects.create(
                solution=solution,
                city_name=city_name,
                country=country or (str(member.country) if member else ""),  # str() of a Country is its code
                organisation=member,
            )
        )
    return created


def refresh_search_statistics() -> int:
    """Recount, per lexeme, the published solutions holding it (PostgreSQL). Returns the number of lexemes.

    Search stays correct between refreshes: a lexeme missing from the table counts as rare.
    Run after bulk loads and periodically (`manage.py refresh_search_statistics`).
    """
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM solutions_searchterm")
        cursor.execute(
            "INSERT INTO solutions_searchterm (word, document_count) "
            "SELECT word, ndoc FROM ts_stat($$SELECT search_vector FROM solutions_solution "
            "WHERE status = 'published'$$)"
        )
        count = cursor.rowcount
    return count if count >= 0 else SearchTerm.objects.count()


# --- Best cases ---------------------------------------------------------------------------


@transaction.atomic
def create_best_case(*, actor: User, city: Organisation, solution: Solution, **fields: Any) -> BestCase:
    """A draft best case, told by the city's or the provider's people (or staff)."""
    if city.category != Category.LOCAL_GOVERNMENT:
        raise ValidationError({"city": "A best case happens in a local government."})
    involved = {city.pk, solution.provider_id}
    if not (actor.is_staff or (actor.is_authenticated and actor.organisation_id in involved)):
        raise PermissionDenied("Only the city's or the provider's people (or staff) can tell this case.")
    unknown = set(fields) - BEST_CASE_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be set here." for name in sorted(unknown)})
    best_case = BestCase(city=city, solution=solution, created_by=actor, **fields)
    best_case.full_clean()
    best_case.save()
    return best_case


@transaction.atomic
def update_best_case(*, best_case: BestCase, actor: User, **changes: Any) -> BestCase:
    if not can_edit_best_case(actor, best_case):
        raise PermissionDenied(
            "Only staff, and the city's and provider's people while it is a draft, can edit this."
        )
    unknown = set(changes) - BEST_CASE_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in sorted(unknown)})
    for name, value in changes.items():
        setattr(best_case, name, value)
    best_case.full_clean()
    best_case.save()
    return best_case


@transaction.atomic
def publish_best_case(*, best_case: BestCase, actor: User) -> BestCase:
    """Staff publish a best case to the library."""
    if not actor.is_staff:
        raise PermissionDenied("Only association staff publish best cases.")
    best_case.status = BestCaseStatus.PUBLISHED
    best_case.published_at = timezone.now()
    best_case.published_by = actor
    best_case.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return best_case
