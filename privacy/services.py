"""Deleting one's own account (GDPR art. 17) while the organisation keeps its records.

The person's row stays, so the meetings, needs, solutions and proposals that name them keep their
author, but it is anonymised: it holds no name, address or password, is inactive and reads
"Former member" everywhere (`User.__str__`). What was only theirs goes: API tokens, second-factor
devices, sessions, the calendar feed, notifications, e-mail choices, their availability and the
outbox's e-mails to them alone; their own meetings still to come are cancelled (the other side is told).
"""

from __future__ import annotations

from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.enums import JoinRequestStatus, OrganisationRole
from accounts.models import ApiToken, JoinRequest, Organisation, User
from common.exceptions import ApplicationError, ConflictError
from notifications.models import EmailPreference, Notification
from outbox.services.queueing import forget_messages_to
from scheduling.models import AvailabilityException, AvailabilityRule, CalendarFeed
from scheduling.services.meetings import cancel_meetings_of_leaving_person


class LastAdminError(ApplicationError):
    """The person is the last admin of an organisation that has other people."""

    error_type = "last_admin"


@transaction.atomic
def delete_account(*, person: User, password: str) -> User:
    """Anonymise `person` and remove what was only theirs, in one transaction, after checking their
    password. Refused (LastAdminError) while they are the last admin of an organisation with other
    people: they hand the role over first. The sole person of an organisation may leave: the
    organisation and its records stay, without people, until staff accept someone's request to be
    its admin. Their audit entries stay, with no e-mail address or network address of theirs."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise ConflictError(_("This account is deleted already."))
    if not person.check_password(password):
        raise ValidationError({"password": _("This is not your password.")})
    if person.organisation_id is not None and person.organisation_role == OrganisationRole.ADMIN:
        _check_not_last_admin(person, organisation_id=person.organisation_id)

    token_ids = _token_ids_ever(person)
    address = person.email
    # Failed logins are kept by username and address (django-axes): the old username goes with them.
    AccessAttempt.objects.filter(username=person.username).delete()
    _anonymise(person)
    # The other side of their own meetings is told, by "Former member" (after the anonymisation).
    cancel_meetings_of_leaving_person(person)
    forget_messages_to(address)
    # After the anonymisation: the audit entries of these deletions name "Former member".
    ApiToken.objects.filter(user=person).delete()
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    WebAuthnCredential.objects.filter(user=person).delete()
    CalendarFeed.objects.filter(user=person).delete()
    Notification.objects.filter(recipient=person).delete()
    EmailPreference.objects.filter(person=person).delete()
    AvailabilityRule.objects.filter(participant__user=person).delete()
    AvailabilityException.objects.filter(participant__user=person).delete()
    JoinRequest.objects.filter(person=person, status=JoinRequestStatus.PENDING).update(
        status=JoinRequestStatus.WITHDRAWN
    )
    _delete_sessions(person)
    _redact_audit_entries(person, token_ids)
    return person


def _check_not_last_admin(person: User, *, organisation_id: int) -> None:
    # The organisation row serialises role changes of its people (accounts.services.joining).
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    others = User.objects.filter(organisation=organisation, is_active=True).exclude(pk=person.pk)
    if others.exists() and not others.filter(organisation_role=OrganisationRole.ADMIN).exists():
        raise LastAdminError(
            _(
                "You are the last admin of %(organisation)s, which has other people: make one of "
                "them admin before you delete your account."
            )
            % {"organisation": organisation}
        )


def _anonymise(person: User) -> None:
    person.username = f"former-member-{person.pk}"
    person.first_name = person.last_name = person.job_title = person.pending_email = ""
    # `.invalid` is reserved (RFC 2606): no mail can ever reach it, and the address stays unique.
    person.email = f"former-member-{person.pk}@deleted.invalid"
    person.email_verified = False
    person.set_unusable_password()
    person.is_active = person.is_staff = person.is_superuser = False
    person.organisation = None
    person.organisation_role = OrganisationRole.MEMBER
    person.time_zone = "UTC"
    person.erased_at = timezone.now()
    person.save()


def _token_ids_ever(person: User) -> list[str]:
    """Every API token the person ever had, revoked ones included, from the audit trail (whose
    entries name them, e.g. "laptop (Amina Otieno)")."""
    created = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ApiToken),
        action=LogEntry.Action.CREATE,
        changes__user__1=person.pk,
    )
    current = ApiToken.objects.filter(user=person).values_list("pk", flat=True)
    return [*created.values_list("object_pk", flat=True), *(str(pk) for pk in current)]


def _delete_sessions(person: User) -> None:
    """Every session of the person. Sessions are signed blobs without a user column, so the open ones
    are read; an account is deleted rarely. (They would fail anyway: Django checks each session
    against the password's hash, now unusable, and never loads an inactive person.)"""
    stale = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(person.pk)
    ]
    Session.objects.filter(session_key__in=stale).delete()


def _redact_audit_entries(person: User, token_ids: list[str]) -> None:
    """The trail keeps what the person did and what was done to their rights, but neither their
    name (in the entries' object names) nor their addresses."""
    LogEntry.objects.filter(actor=person).update(actor_email=None, remote_addr=None, remote_port=None)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(person.pk)
    ).update(object_repr=str(person))
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ApiToken), object_pk__in=token_ids
    ).update(object_repr=_("API token of a former member"))
