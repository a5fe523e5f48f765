"""Every write to the catalogue and the best-cases library."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.enums import Category
from accounts.models import Organisation, User
from common.exceptions import ConflictError
from common.fields import clean_tags
from common.languages import per_reader
from common.slugs import unique_slug
from common.translated_content import put_translation, remove_translation
from notifications.enums import NotificationKind
from notifications.selectors import people_wanting_email
from notifications.services import notify_people
from solutions.emails import email_best_case_decision_after_commit
from solutions.enums import BestCaseStatus, SolutionStatus
from solutions.models import (
    BestCase,
    BestCaseTranslation,
    SearchTerm,
    Solution,
    SolutionReference,
    SolutionTranslation,
)
from solutions.selectors import (
    can_edit_best_case,
    can_edit_solution,
    can_submit_best_case,
    solutions_visible_to,
)

SOLUTION_EDITABLE_FIELDS = frozenset(
    {"title", "summary", "description", "sectors", "tags", "esg_dimensions", "maturity", "regions_served",
     "languages", "pricing_model", "original_language"}
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
        raise ValidationError(
            {"provider": _("Solutions are listed by corporate members (solution providers).")}
        )
    if not (actor.is_staff or (actor.is_authenticated and actor.organisation_id == provider.pk)):
        raise PermissionDenied(_("You can list solutions only for your own organisation."))


@transaction.atomic
def create_solution(*, actor: User, provider: Organisation, **fields: Any) -> Solution:
    """A new draft solution of `provider`, by one of its people or staff."""
    _check_provider(actor, provider)
    unknown = set(fields) - SOLUTION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    solution = Solution(provider=provider, status=SolutionStatus.DRAFT, **_normalise(fields))
    solution.slug = unique_slug(Solution, f"{solution.title} {provider.name}")
    solution.full_clean()
    solution.save()
    return solution


@transaction.atomic
def update_solution(*, solution: Solution, actor: User, **changes: Any) -> Solution:
    """Change a solution's content. Status moves through publish/archive, never through here."""
    if not can_edit_solution(actor, solution):
        raise PermissionDenied(
            _("Only the provider's own people and association staff can edit this solution.")
        )
    unknown = set(changes) - SOLUTION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
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
            _("Only the provider's own people and association staff can publish this solution.")
        )
    locked = Solution.objects.select_for_update().get(pk=solution.pk)
    errors = {}
    if not locked.sectors:
        errors["sectors"] = _("Choose at least one sector before publishing.")
    if len(locked.description) < 20:
        errors["description"] = _("Describe the solution (at least 20 characters) before publishing.")
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
            _("Only the provider's own people and association staff can archive this solution.")
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
        raise PermissionDenied(
            _("Only the provider's own people and association staff can edit this solution.")
        )
    solution.references.all().delete()
    created = []
    for reference in references:
        city_name = " ".join(str(reference.get("city_name", "")).split())
        country = str(reference.get("country", "")).strip().upper()[:2]
        if not city_name:
            raise ValidationError({"references": _("Each reference needs a city name.")})
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


def _check_best_case_content(fields: dict[str, Any], verb: str) -> dict[str, Any]:
    unknown = set(fields) - BEST_CASE_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            {
                name: (
                    _("This field cannot be set here.")
                    if verb == "set"
                    else _("This field cannot be changed here.")
                )
                for name in sorted(unknown)
            }
        )
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


@transaction.atomic
def create_best_case(*, actor: User, city: Organisation, solution: Solution, **fields: Any) -> BestCase:
    """A best case submitted for review (not public until staff publish it), told by the city's or
    the provider's people (or staff)."""
    if not can_submit_best_case(actor):
        raise PermissionDenied(_("Best cases are told by the people of member cities and providers."))
    if city.category != Category.LOCAL_GOVERNMENT:
        raise ValidationError({"city": _("A best case happens in a local government.")})
    involved = {city.pk, solution.provider_id}
    if not (actor.is_staff or actor.organisation_id in involved):
        raise PermissionDenied(_("Only the city's or the provider's people (or staff) can tell this case."))
    if not solutions_visible_to(actor).filter(pk=solution.pk).exists():
        raise ValidationError({"solution": _("No such solution.")})
    content = _check_best_case_content(fields, "set")
    best_case = BestCase(
        city=city, solution=solution, created_by=actor, status=BestCaseStatus.SUBMITTED, **content
    )
    best_case.full_clean()
    best_case.save()
    return best_case


@transaction.atomic
def update_best_case(*, best_case: BestCase, actor: User, **changes: Any) -> BestCase:
    """Change a case's content (locks the row). When its authors change a case staff sent back, it
    is under review again; an edit by staff leaves the state alone."""
    locked = BestCase.objects.select_for_update(of=("self",)).select_related("solution").get(pk=best_case.pk)
    if not can_edit_best_case(actor, locked):
        raise PermissionDenied(
            _("Only staff, and the city's and provider's people until it is published, can edit this.")
        )
    for name, value in _check_best_case_content(changes, "changed").items():
        setattr(locked, name, value)
    if not actor.is_staff and locked.status == BestCaseStatus.RETURNED:
        locked.status = BestCaseStatus.SUBMITTED
        locked.return_reason = ""
    locked.full_clean()
    locked.save()
    return locked


def _lock_for_review(best_case: BestCase, actor: User) -> BestCase:
    if not actor.is_staff:
        raise PermissionDenied(_("Only association staff review best cases."))
    locked = (
        BestCase.objects.select_for_update(of=("self",))
        .select_related("city", "solution", "created_by")
        .get(pk=best_case.pk)
    )
    if locked.status != BestCaseStatus.SUBMITTED:
        raise ConflictError(
            _("This best case is no longer under review: its status is “%(status)s”.")
            % {"status": locked.get_status_display()},
            extra={"status": locked.status},
        )
    return locked


def best_case_published_title(title: str) -> str:
    return _("Your best case “%(title)s” is published") % {"title": title}


def best_case_returned_title(title: str) -> str:
    return _("Your best case “%(title)s” needs changes") % {"title": title}


def _tell_submitter(best_case: BestCase, *, kind: str, title: Promise, link: str) -> None:
    """The person who submitted the case hears of the decision in the notification centre (in this
    transaction; `title` a `per_reader` text, so in their language, not the reviewer's) and, unless
    they turned it off, by e-mail after the commit."""
    submitter = best_case.created_by
    if submitter is None or not submitter.is_active:
        return
    notify_people(recipients=[submitter], kind=kind, title=title, link=link, body=best_case.return_reason)
    email_best_case_decision_after_commit(best_case, people_wanting_email([submitter], kind))


@transaction.atomic
def publish_best_case(*, best_case: BestCase, actor: User) -> BestCase:
    """Staff publish a case under review to the library (locks the row; 409 if it was decided
    meanwhile). Its submitter is notified and e-mailed."""
    locked = _lock_for_review(best_case, actor)
    locked.status = BestCaseStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    _tell_submitter(
        locked,
        kind=NotificationKind.BEST_CASE_PUBLISHED,
        title=per_reader(best_case_published_title, locked.title),
        link=reverse("frontend:best-case", args=[locked.pk]),
    )
    return locked


@transaction.atomic
def send_back_best_case(*, best_case: BestCase, actor: User, reason: str) -> BestCase:
    """Staff send a case under review back to its authors with the reason (locks the row; 409 if
    it was decided meanwhile). Its submitter is notified and e-mailed; their next edit resubmits it."""
    if not actor.is_staff:
        raise PermissionDenied(_("Only association staff review best cases."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what to change, so the authors know what to do.")})
    locked = _lock_for_review(best_case, actor)
    locked.status = BestCaseStatus.RETURNED
    locked.return_reason = reason
    locked.full_clean()
    locked.save(update_fields=["status", "return_reason", "updated_at"])
    _tell_submitter(
        locked,
        kind=NotificationKind.BEST_CASE_RETURNED,
        title=per_reader(best_case_returned_title, locked.title),
        link=reverse("frontend:best-case-edit", args=[locked.pk]),
    )
    return locked


# --- Translations (issue 18) -----------------------------------------------------------------


def save_solution_translation(
    *, solution: Solution, actor: User, language: str, title: str, summary: str = "", description: str = ""
) -> SolutionTranslation:
    """Create or replace the solution's text in `language` (not its original language). The
    provider's people and staff only; validated, atomic; search re-indexes it (trigger)."""
    if not can_edit_solution(actor, solution):
        raise PermissionDenied("Only the provider's own people and association staff can translate this.")
    values = {"title": title, "summary": summary, "description": description}
    return put_translation(parent=solution, language=language, values=values)  # type: ignore[return-value]


def remove_solution_translation(*, solution: Solution, actor: User, language: str) -> bool:
    """Delete the solution's text in `language`; False when it had none. Same people as editing."""
    if not can_edit_solution(actor, solution):
        raise PermissionDenied("Only the provider's own people and association staff can translate this.")
    return remove_translation(parent=solution, language=language)


def save_best_case_translation(
    *,
    best_case: BestCase,
    actor: User,
    language: str,
    title: str,
    problem: str = "",
    approach: str = "",
    results: str = "",
) -> BestCaseTranslation:
    """Create or replace the case's text in `language`: whoever may edit the case (its authors
    until it is published, staff). Validated, atomic."""
    if not can_edit_best_case(actor, best_case):
        raise PermissionDenied("Only staff, and the city's and provider's people until it is published.")
    values = {"title": title, "problem": problem, "approach": approach, "results": results}
    return put_translation(parent=best_case, language=language, values=values)  # type: ignore[return-value]


def remove_best_case_translation(*, best_case: BestCase, actor: User, language: str) -> bool:
    if not can_edit_best_case(actor, best_case):
        raise PermissionDenied("Only staff, and the city's and provider's people until it is published.")
    return remove_translation(parent=best_case, language=language)
