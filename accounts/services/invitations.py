"""Invitations: an organisation's admin invites a colleague by e-mail; the link works once.

The link carries a random token (`secrets`); only its SHA-256 is stored, so a database leak gives
no working links. Re-sending replaces the token (the old link stops working) and the expiry.
Invitations only ever give the member role, of the organisation whose admin sent them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.emails import send_invitation
from accounts.enums import JoinRequestStatus, OrganisationRole
from accounts.models import Invitation, JoinRequest, Organisation, User
from accounts.selectors import can_manage_people
from accounts.services.people import register_user
from common.exceptions import ApplicationError, ConflictError

INVITATION_LIFETIME = timedelta(days=7)


class InvitationUnusableError(ApplicationError):
    """The link cannot be used: unknown or forged (404), or expired, used or revoked (410)."""

    error_type = "invitation_unusable"

    def __init__(self, message: str, *, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation and its link's token, which exists only here and in the e-mail."""

    invitation: Invitation
    token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_colleague(*, organisation: Organisation, email: str, invited_by: User) -> IssuedInvitation:
    """Invite `email` to represent `organisation` as a member, and e-mail them the link.

    The answer says nothing about accounts outside the organisation (issue 15): an address with an
    account, in another organisation or none, is invited like a new one; only its owner, opening
    the link, learns what stands in the way (`accept_invitation`). Only the organisation's own
    people, whose addresses its admins see anyway, are refused here."""
    if not can_manage_people(invited_by, organisation):
        raise PermissionDenied(_("Only this organisation's admins invite people to it."))
    if not invited_by.email_verified:  # an unproven account must not make us mail strangers
        raise PermissionDenied(_("Verify your e-mail address before you invite people."))
    email = User.objects.normalize_email(email).strip()
    existing = User.objects.filter(email__iexact=email, organisation=organisation).first()
    if existing is not None:
        raise ValidationError(
            {
                "email": _("%(person)s already represents %(organisation)s.")
                % {"person": existing, "organisation": organisation}
            }
        )
    if Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).exists():
        raise ValidationError(
            {"email": _("This address is invited already; re-send that invitation instead.")}
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=OrganisationRole.MEMBER,
        invited_by=invited_by,
        token_hash=token_hash(token),
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    invitation.full_clean()
    invitation.save()
    send_invitation(invitation, token)  # written to the outbox now, sent after the commit
    return IssuedInvitation(invitation=invitation, token=token)


@transaction.atomic
def resend_invitation(*, invitation: Invitation, actor: User) -> IssuedInvitation:
    """A new link and a new week; the old link stops working."""
    locked = _locked_for_management(invitation, actor)
    token = secrets.token_urlsafe(32)
    locked.token_hash = token_hash(token)
    locked.expires_at = timezone.now() + INVITATION_LIFETIME
    locked.save(update_fields=["token_hash", "expires_at", "updated_at"])
    send_invitation(locked, token)
    return IssuedInvitation(invitation=locked, token=token)


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, actor: User) -> Invitation:
    locked = _locked_for_management(invitation, actor)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at", "updated_at"])
    return locked


def usable_invitation(token: str, *, for_update: bool = False) -> Invitation:
    """The invitation behind a link, or InvitationUnusableError saying why it cannot be used."""
    queryset = Invitation.objects.select_related("organisation", "invited_by")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise InvitationUnusableError(
            _("This invitation link is not valid. Check that you copied all of it, or ask for a new one."),
            status_code=HTTPStatus.NOT_FOUND,
        )
    if invitation.revoked_at is not None:
        raise InvitationUnusableError(
            _("This invitation was withdrawn by the organisation."), status_code=HTTPStatus.GONE
        )
    if invitation.accepted_at is not None:
        raise InvitationUnusableError(_("This invitation was used already."), status_code=HTTPStatus.GONE)
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusableError(
            _("This invitation has expired; ask the organisation's admin to send it again."),
            status_code=HTTPStatus.GONE,
        )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> User:
    """A signed-in person with the invited address joins the organisation as a member."""
    invitation = usable_invitation(token, for_update=True)
    person = User.objects.select_for_update().get(pk=user.pk)
    if person.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            _("This invitation is for %(invited)s; you are signed in as %(signed_in)s.")
            % {"invited": invitation.email, "signed_in": person.email}
        )
    if person.organisation_id not in (None, invitation.organisation_id):
        raise ValidationError(
            {"token": _("You already represent %(organisation)s.") % {"organisation": person.organisation}}
        )
    if person.organisation_id is None:
        person.organisation = invitation.organisation
        person.organisation_role = OrganisationRole.MEMBER
        person.save(update_fields=["organisation", "organisation_role"])
    # Whatever they were waiting for is answered by this.
    JoinRequest.objects.filter(person=person, status=JoinRequestStatus.PENDING).update(
        status=JoinRequestStatus.WITHDRAWN, updated_at=timezone.now()
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return person


@transaction.atomic
def register_from_invitation(
    *,
    token: str,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    time_zone: str = "UTC",
) -> User:
    """Sign up straight into the organisation: the account takes the invited address. Telling the
    link's holder that the address has an account, or that a username is taken, reveals nothing
    about anyone else's: the link went to that address, like a sign-up link (issue 15)."""
    invitation = usable_invitation(token, for_update=True)
    user = register_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        time_zone=time_zone,
        # The invitation's link reached this address: that is the proof a verification link gives.
        email_verified=True,
    )
    return accept_invitation(token=token, user=user)


def _locked_for_management(invitation: Invitation, actor: User) -> Invitation:
    if not can_manage_people(actor, invitation.organisation):
        raise PermissionDenied(_("Only this organisation's admins manage its invitations."))
    locked = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise ConflictError(_("This invitation was accepted already."))
    if locked.revoked_at is not None:
        raise ConflictError(_("This invitation was revoked already."))
    return locked
