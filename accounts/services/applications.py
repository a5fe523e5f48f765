"""Membership applications ("Join us"): an organisation applies, staff approve or reject it once.

Approval creates the `Organisation` (source "application") and makes the applicant, its contact
person, the organisation's first admin. The applicant is e-mailed after each step's commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.emails import email_applicant_after_commit
from accounts.enums import APPLICATION_SOURCE, ApplicationStatus, JoinRequestStatus, OrganisationRole
from accounts.models import JoinRequest, MembershipApplication, Organisation, User
from accounts.selectors import active_staff, member_organisations
from accounts.services.people import register_user
from accounts.signals import announce
from common.exceptions import ApplicationError, ConflictError
from common.slugs import unique_slug

# What an applicant enters about the organisation; staff may correct these before approving.
APPLICATION_FIELDS = frozenset(
    {
        "organisation_name", "category", "kind", "country", "locality", "region", "website",
        "description", "population", "gdp_per_capita_ppp", "employee_count",
    }
)  # fmt: skip
# Organisation fields that come from an application field of another name.
_ORGANISATION_FIELD_NAMES = {"name": "organisation_name"}


@dataclass(frozen=True)
class NewApplicant:
    """The account an applicant who is not signed in creates with the application."""

    username: str
    email: str
    password: str
    first_name: str = ""
    last_name: str = ""


def _unknown_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - APPLICATION_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be set here." for name in sorted(unknown)})


def _name_taken_error(application: MembershipApplication) -> dict[str, list[str]]:
    taken = member_organisations().filter(
        category=application.category, country=application.country, name__iexact=application.organisation_name
    )
    if application.organisation_name and taken.exists():
        return {"organisation_name": ["A member organisation of this category and country has this name."]}
    return {}


@transaction.atomic
def submit_membership_application(
    *,
    applicant: User | None,
    new_applicant: NewApplicant | None = None,
    contact_job_title: str = "",
    **fields: Any,
) -> MembershipApplication:
    """Record an application from a signed-in `applicant`, or create the account of `new_applicant`
    first (password checked by AUTH_PASSWORD_VALIDATORS). Every error comes back at once, by field;
    nothing is saved unless everything is valid. The applicant is e-mailed after the commit."""
    _unknown_fields(fields)
    if applicant is None and new_applicant is None:
        raise ValidationError("Sign in or give the details of your new account.")
    if applicant is not None and applicant.organisation_id is not None:
        raise ApplicationError(
            "You already represent a member organisation; ask the association's staff to change that first."
        )
    if (
        applicant is not None
        and MembershipApplication.objects.filter(
            applicant=applicant, status=ApplicationStatus.PENDING
        ).exists()
    ):
        raise ApplicationError("You already have an application waiting for a decision.")
    application = MembershipApplication(contact_job_title=contact_job_title, **fields)
    errors: dict[str, list[str]] = {}
    try:
        application.full_clean(exclude=["applicant"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    errors.update(_name_taken_error(application))
    if applicant is None and new_applicant is not None:
        try:
            applicant = register_user(
                username=new_applicant.username,
                email=new_applicant.email,
                password=new_applicant.password,
                first_name=new_applicant.first_name,
                last_name=new_applicant.last_name,
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors or applicant is None:
        raise ValidationError(errors)
    application.applicant = applicant
    application.save()
    email_applicant_after_commit(application)
    announce(
        kind="membership.application_submitted",
        recipients=list(active_staff()),
        title=f"{application.organisation_name} applies for membership",
        link=reverse("frontend:application-review", args=[application.pk]),
    )
    return application


def _announce_decision(application: MembershipApplication) -> None:
    """The applicant hears of the decision in the notification centre, and by e-mail unless they
    turned these notices off."""
    by_email = announce(
        kind="membership.application_decided",
        recipients=[application.applicant],
        title=f"Your membership application for {application.organisation_name} was "
        f"{application.get_status_display().lower()}",
        link=reverse("frontend:application", args=[application.pk]),
    )
    if application.applicant.pk in by_email:
        email_applicant_after_commit(application)


def _lock_pending(application: MembershipApplication, actor: User) -> MembershipApplication:
    if not actor.is_staff:
        raise PermissionDenied("Only association staff decide on membership applications.")
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if not locked.is_pending:
        raise ConflictError(
            f"This application was already {locked.get_status_display().lower()}"
            + (f" by {locked.decided_by}." if locked.decided_by_id else "."),
            extra={"status": locked.status},
        )
    return locked


@transaction.atomic
def approve_membership_application(
    *, application: MembershipApplication, actor: User, **changes: Any
) -> MembershipApplication:
    """Staff approve, after applying `changes` to the application's fields: creates the member
    organisation (source "application") and makes the applicant its admin.

    Locks the application row first, so of two decisions taken at once the second gets a ConflictError.
    """
    _unknown_fields(changes)
    locked = _lock_pending(application, actor)
    for name, value in changes.items():
        setattr(locked, name, value)
    errors: dict[str, list[str]] = {}
    try:
        locked.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    errors.update(_name_taken_error(locked))
    if errors:
        raise ValidationError(errors)
    applicant = User.objects.select_for_update().get(pk=locked.applicant_id)
    if applicant.organisation_id is not None:
        raise ConflictError(
            f"{applicant} already represents another organisation ({applicant.organisation})."
        )

    organisation = Organisation(
        name=locked.organisation_name,
        slug=unique_slug(Organisation, f"{locked.organisation_name}-{locked.country}"),
        category=locked.category,
        kind=locked.kind,
        country=locked.country,
        region=locked.region,
        website=locked.website,
        description=locked.description,
        population=locked.population,
        gdp_per_capita_ppp=locked.gdp_per_capita_ppp,
        employee_count=locked.employee_count,
        source=APPLICATION_SOURCE,
    )
    try:
        organisation.full_clean()
    except ValidationError as exc:
        raise ValidationError(
            {
                _ORGANISATION_FIELD_NAMES.get(field, field): messages
                for field, messages in exc.message_dict.items()
                if field != "slug"
            }
            or {NON_FIELD_ERRORS: exc.messages}
        ) from exc
    organisation.save()

    applicant.organisation = organisation
    applicant.organisation_role = OrganisationRole.ADMIN
    if locked.contact_job_title and not applicant.job_title:
        applicant.job_title = locked.contact_job_title
    applicant.save(update_fields=["organisation", "organisation_role", "job_title"])
    # A request to join another organisation the contact left open is moot now.
    JoinRequest.objects.filter(person=applicant, status=JoinRequestStatus.PENDING).update(
        status=JoinRequestStatus.WITHDRAWN, decided_at=timezone.now()
    )

    locked.status = ApplicationStatus.APPROVED
    locked.organisation = organisation
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.applicant = applicant
    locked.save()
    _announce_decision(locked)
    return locked


@transaction.atomic
def reject_membership_application(
    *, application: MembershipApplication, actor: User, reason: str
) -> MembershipApplication:
    """Staff reject with a reason the applicant reads. Locks the row like an approval."""
    locked = _lock_pending(application, actor)
    if not reason.strip():
        raise ValidationError({"reason": "Say why, so the applicant knows what to change."})
    locked.status = ApplicationStatus.REJECTED
    locked.rejection_reason = reason.strip()
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save()
    _announce_decision(locked)
    return locked
