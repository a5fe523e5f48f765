"""Membership applications ("Join us"): an organisation applies, staff approve or reject it once.

Approval creates the `Organisation` (source "application") and makes the applicant, its contact
person, the organisation's first admin. The applicant is e-mailed after each step's commit.
Someone without an account applies through an e-mailed link, like a sign-up
(`request_membership_application`), so applying never tells whether an address has an account.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries.fields import Country

from accounts.emails import (
    email_applicant_after_commit,
    send_application_attempt_notice,
    send_application_link,
)
from accounts.enums import APPLICATION_SOURCE, ApplicationStatus, JoinRequestStatus, OrganisationRole
from accounts.models import JoinRequest, MembershipApplication, Organisation, UnconfirmedApplication, User
from accounts.selectors import active_staff, member_organisations
from accounts.services.people import (
    VerificationLinkError,
    account_with_address,
    complete_sign_up,
    read_sign_up_link,
    sign_up_candidate,
)
from accounts.signals import announce
from accounts.verification import SIGN_UP_LINK_LIFETIME, SignUpClaim, sign_up_token
from common.exceptions import ApplicationError, ConflictError
from common.languages import per_reader
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


def _unknown_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - APPLICATION_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})


def _name_taken_error(application: MembershipApplication) -> dict[str, list[str]]:
    taken = member_organisations().filter(
        category=application.category, country=application.country, name__iexact=application.organisation_name
    )
    if application.organisation_name and taken.exists():
        return {"organisation_name": [_("A member organisation of this category and country has this name.")]}
    return {}


def _application_errors(application: MembershipApplication) -> dict[str, list[str]]:
    """Every error of the application's own fields, by field (the applicant aside)."""
    errors: dict[str, list[str]] = {}
    try:
        application.full_clean(exclude=["applicant"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    errors.update(_name_taken_error(application))
    return errors


@transaction.atomic
def submit_membership_application(
    *, applicant: User, contact_job_title: str = "", **fields: Any
) -> MembershipApplication:
    """Record an application from `applicant` (signed in, or whose account the application's link
    just made). Every error comes back at once, by field; nothing is saved unless everything is
    valid. The applicant is e-mailed after the commit."""
    _unknown_fields(fields)
    if applicant.organisation_id is not None:
        raise ApplicationError(
            _("You already represent a member organisation; ask the association's staff to change that.")
        )
    if MembershipApplication.objects.filter(applicant=applicant, status=ApplicationStatus.PENDING).exists():
        raise ApplicationError(_("You already have an application waiting for a decision."))
    application = MembershipApplication(contact_job_title=contact_job_title, **fields)
    errors = _application_errors(application)
    if errors:
        raise ValidationError(errors)
    application.applicant = applicant
    application.save()
    email_applicant_after_commit(application)
    announce(
        kind="membership.application_submitted",
        recipients=list(active_staff()),
        title=per_reader(application_submitted_title, application.organisation_name),
        link=reverse("frontend:application-review", args=[application.pk]),
    )
    return application


def application_submitted_title(organisation_name: str) -> str:
    return _("%(organisation_name)s applies for membership") % {"organisation_name": organisation_name}


def _json_ready(value: Any) -> Any:
    # A country may come as django-countries' Country; the rest is str, int, Decimal or None
    # (DjangoJSONEncoder writes a Decimal as its exact string).
    return value.code if isinstance(value, Country) else value


@transaction.atomic
def request_membership_application(
    *, email: str, first_name: str = "", last_name: str = "", contact_job_title: str = "", **fields: Any
) -> None:
    """Someone without an account applies: the answer never says whether the address has an
    account (issue 15), as with sign-up (`request_sign_up`).

    Checked here: the application's fields and the applicant's names and address, by the field rules
    only (a 400 never depends on who is registered). Then, after the commit, one e-mail either way:
    to a new address the sign-up link (`accounts.verification.SignUpClaim` naming the application
    held here), whose page makes the account and submits the application
    (`complete_membership_application`); to an address with an account a notice to log in and apply
    from it (the application is not kept). Staff see nothing until the link is opened."""
    _unknown_fields(fields)
    application = MembershipApplication(contact_job_title=contact_job_title, **fields)
    errors = _application_errors(application)
    candidate: User | None = None
    try:
        candidate = sign_up_candidate(email=email, first_name=first_name, last_name=last_name)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors or candidate is None:
        raise ValidationError(errors)
    existing = account_with_address(candidate.email)
    if existing is not None:
        # Written to the outbox in this transaction, sent after the commit (as every e-mail).
        send_application_attempt_notice(
            user=existing, organisation_name=application.organisation_name, at=timezone.now()
        )
        return
    # Nobody opened these links in time: their applications are void.
    UnconfirmedApplication.objects.filter(created_at__lt=timezone.now() - SIGN_UP_LINK_LIFETIME).delete()
    held = UnconfirmedApplication.objects.create(
        email=candidate.email,
        first_name=first_name,
        last_name=last_name,
        contact_job_title=contact_job_title,
        details={name: _json_ready(value) for name, value in fields.items()},
    )
    claim = SignUpClaim(
        email=candidate.email, first_name=first_name, last_name=last_name, application=held.pk
    )
    send_application_link(
        email=candidate.email,
        name=candidate.get_full_name() or candidate.email,
        token=sign_up_token(claim),
        organisation_name=application.organisation_name,
    )


def held_application(token: str) -> UnconfirmedApplication:
    """The application an application link finishes; 400 when the link is forged or expired, or
    its application was sent already."""
    claim = read_sign_up_link(token)
    held = (
        UnconfirmedApplication.objects.filter(pk=claim.application, email__iexact=claim.email).first()
        if claim.application is not None
        else None
    )
    if held is None:
        raise VerificationLinkError(
            _("This application link is invalid, has expired or was used already. Apply again.")
        )
    return held


@transaction.atomic
def complete_membership_application(*, token: str, username: str, password: str) -> MembershipApplication:
    """Open an application link: the account is made as a sign-up link makes it (`complete_sign_up`:
    the address verified, the username and password chosen now) and the held application is
    submitted to staff with it as its contact. All or nothing; the held row is locked, so a link
    opened twice at once submits once."""
    held = held_application(token)
    held = UnconfirmedApplication.objects.select_for_update().get(pk=held.pk)
    applicant = complete_sign_up(token=token, username=username, password=password)
    application = submit_membership_application(
        applicant=applicant, contact_job_title=held.contact_job_title, **held.details
    )
    held.delete()
    return application


def _announce_decision(application: MembershipApplication) -> None:
    """The applicant hears of the decision in the notification centre, and by e-mail unless they
    turned these notices off."""
    by_email = announce(
        kind="membership.application_decided",
        recipients=[application.applicant],
        title=per_reader(_decision_title, application),  # in the applicant's language
        link=reverse("frontend:application", args=[application.pk]),
    )
    if application.applicant.pk in by_email:
        email_applicant_after_commit(application)


def _decision_title(application: MembershipApplication) -> str:
    # One whole sentence per decision: a lower-cased status label cannot be fitted into a sentence
    # in every language (gender and case agreement, word order).
    if application.status == ApplicationStatus.APPROVED:
        title = _("Your membership application for %(organisation_name)s was approved")
    else:
        title = _("Your membership application for %(organisation_name)s was rejected")
    return title % {"organisation_name": application.organisation_name}


def _already_decided_message(application: MembershipApplication) -> str:
    approved = application.status == ApplicationStatus.APPROVED
    if application.decided_by_id:
        message = (
            _("This application was already approved by %(decided_by)s.")
            if approved
            else _("This application was already rejected by %(decided_by)s.")
        )
        return message % {"decided_by": application.decided_by}
    if approved:
        return _("This application was already approved.")
    return _("This application was already rejected.")


def _lock_pending(application: MembershipApplication, actor: User) -> MembershipApplication:
    if not actor.is_staff:
        raise PermissionDenied(_("Only association staff decide on membership applications."))
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if not locked.is_pending:
        raise ConflictError(_already_decided_message(locked), extra={"status": locked.status})
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
            _("%(applicant)s already represents another organisation (%(organisation)s).")
            % {"applicant": applicant, "organisation": applicant.organisation}
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
        raise ValidationError({"reason": _("Say why, so the applicant knows what to change.")})
    locked.status = ApplicationStatus.REJECTED
    locked.rejection_reason = reason.strip()
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save()
    _announce_decision(locked)
    return locked
