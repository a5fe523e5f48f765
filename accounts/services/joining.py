"""Join requests and an organisation's people: asking to join, deciding, roles, removal, appointing admins.

Decisions lock the request row (Zulip: validate-and-lock, then write, then tell people after the
commit): of two admins approving the same request at once exactly one wins; the other gets a
ConflictError (409). Role changes lock the organisation row so two admins demoting each other
cannot leave it without one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.emails import send_join_decision
from accounts.enums import JoinRequestStatus, OrganisationRole
from accounts.models import JoinRequest, Organisation, User
from accounts.selectors import (
    active_staff,
    can_decide_join_request,
    can_manage_people,
    organisation_admins,
    organisation_has_admin,
)
from accounts.signals import announce
from common.exceptions import ApplicationError, ConflictError
from common.languages import per_reader


# Notification titles, built for each reader in their language (`per_reader`), not the actor's.
def join_requested_title(name: str, organisation: str, *, as_admin: bool) -> str:
    title = (
        _("%(name)s asks to join %(organisation)s as its admin")
        if as_admin
        else _("%(name)s asks to join %(organisation)s")
    )
    return title % {"name": name, "organisation": organisation}


def join_decided_title(organisation: str, *, approved: bool) -> str:
    title = (
        _("Your request to join %(organisation)s was approved")
        if approved
        else _("Your request to join %(organisation)s was declined")
    )
    return title % {"organisation": organisation}


@transaction.atomic
def request_to_join(*, person: User, organisation: Organisation, as_admin: bool = False) -> JoinRequest:
    """`person` asks to represent `organisation`, as a member or (`as_admin`) as its admin."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if as_admin:
        if person.organisation_id not in (None, organisation.pk):
            raise ValidationError(
                {
                    "organisation": _("You represent %(organisation)s; you can only become its admin.")
                    % {"organisation": person.organisation}
                }
            )
        if organisation_has_admin(organisation):
            raise ValidationError(
                {
                    "as_admin": _("%(organisation)s already has an admin; ask them to make you one.")
                    % {"organisation": organisation}
                }
            )
    elif person.organisation_id is not None:
        raise ValidationError(
            {
                "organisation": _("You already represent %(organisation)s.")
                % {"organisation": person.organisation}
            }
        )
    if JoinRequest.objects.filter(person=person, status=JoinRequestStatus.PENDING).exists():
        raise ValidationError(
            {"organisation": _("You already have a pending request; withdraw it before asking again.")}
        )
    join_request = JoinRequest(person=person, organisation=organisation, as_admin=as_admin)
    join_request.full_clean()
    join_request.save()
    deciders = (
        organisation_admins(organisation)
        if not as_admin and organisation_has_admin(organisation)
        else active_staff()
    )
    announce(
        kind="membership.join_requested",
        recipients=list(deciders),
        title=per_reader(
            join_requested_title,
            person.get_full_name() or person.username,
            str(organisation),
            as_admin=as_admin,
        ),
        link=reverse("frontend:people", args=[organisation.slug]),
    )
    return join_request


@transaction.atomic
def withdraw_join_request(*, join_request: JoinRequest, actor: User) -> JoinRequest:
    """The person takes back their pending request."""
    locked = _locked_request(join_request)
    if locked.person_id != actor.pk:
        raise PermissionDenied(_("Only the person who asked can withdraw this request."))
    _require_pending(locked)
    locked.status = JoinRequestStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def approve_join_request(*, join_request: JoinRequest, actor: User) -> JoinRequest:
    """Attach the person to the organisation (as admin for an `as_admin` request); e-mail them."""
    locked = _locked_request(join_request)
    if not can_decide_join_request(actor, locked):
        raise PermissionDenied(_deny_message(locked))
    _require_pending(locked)
    person = User.objects.select_for_update().get(pk=locked.person_id)
    if person.organisation_id not in (None, locked.organisation_id):
        raise ConflictError(
            _("%(person)s represents %(organisation)s in the meantime.")
            % {"person": person, "organisation": person.organisation}
        )
    person.organisation_id = locked.organisation_id
    if locked.as_admin:
        person.organisation_role = OrganisationRole.ADMIN
    elif person.organisation_role != OrganisationRole.ADMIN:
        person.organisation_role = OrganisationRole.MEMBER
    person.full_clean(exclude=["password"])
    person.save(update_fields=["organisation", "organisation_role"])
    return _decide(locked, actor=actor, status=JoinRequestStatus.APPROVED)


@transaction.atomic
def decline_join_request(*, join_request: JoinRequest, actor: User, reason: str = "") -> JoinRequest:
    """Turn the request down, with an optional reason the person reads in the e-mail."""
    locked = _locked_request(join_request)
    if not can_decide_join_request(actor, locked):
        raise PermissionDenied(_deny_message(locked))
    _require_pending(locked)
    return _decide(locked, actor=actor, status=JoinRequestStatus.DECLINED, reason=reason.strip())


@transaction.atomic
def appoint_admin(*, organisation: Organisation, person: User, actor: User) -> User:
    """Staff make someone the organisation's admin: one of its people, or someone asking to join it."""
    if not actor.is_staff:
        raise PermissionDenied(_("Only association staff appoint an organisation's admin."))
    person = User.objects.select_for_update().get(pk=person.pk)
    pending = (
        JoinRequest.objects.select_for_update()
        .filter(person=person, organisation=organisation, status=JoinRequestStatus.PENDING)
        .first()
    )
    if person.organisation_id != organisation.pk and pending is None:
        raise ValidationError(
            {
                "person": _("%(person)s neither represents %(organisation)s nor asked to join it.")
                % {"person": person, "organisation": organisation}
            }
        )
    person.organisation = organisation
    person.organisation_role = OrganisationRole.ADMIN
    person.full_clean(exclude=["password"])
    person.save(update_fields=["organisation", "organisation_role"])
    if pending is not None:
        pending.as_admin = True
        _decide(pending, actor=actor, status=JoinRequestStatus.APPROVED)
    return person


@transaction.atomic
def change_role(*, organisation: Organisation, person: User, role: str, actor: User) -> User:
    """An admin makes one of the organisation's people admin or member; the last admin stays."""
    if role not in OrganisationRole.values:
        raise ValidationError({"role": _("“%(role)s” is not a role.") % {"role": role}})
    person = _locked_member(organisation, person, actor)
    if role == OrganisationRole.MEMBER and person.organisation_role == OrganisationRole.ADMIN:
        _keep_an_admin(organisation, leaving=person, actor=actor, verb="demote")
    person.organisation_role = role
    person.save(update_fields=["organisation_role"])
    return person


@transaction.atomic
def remove_person(*, organisation: Organisation, person: User, actor: User) -> User:
    """An admin removes someone from the organisation (their account stays)."""
    person = _locked_member(organisation, person, actor)
    if person.organisation_role == OrganisationRole.ADMIN:
        _keep_an_admin(organisation, leaving=person, actor=actor, verb="remove")
    person.organisation = None
    person.organisation_role = OrganisationRole.MEMBER
    person.save(update_fields=["organisation", "organisation_role"])
    return person


def _locked_member(organisation: Organisation, person: User, actor: User) -> User:
    if not can_manage_people(actor, organisation):
        raise PermissionDenied(_("Only this organisation's admins manage its people."))
    # The organisation row serialises every role change of its people.
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    locked = User.objects.select_for_update().get(pk=person.pk)
    if locked.organisation_id != organisation.pk:
        raise ConflictError(
            _("%(person)s does not represent %(organisation)s (any more).")
            % {"person": locked, "organisation": organisation}
        )
    return locked


def _keep_an_admin(organisation: Organisation, *, leaving: User, actor: User, verb: str) -> None:
    others = (
        User.objects.filter(
            organisation=organisation, organisation_role=OrganisationRole.ADMIN, is_active=True
        )
        .exclude(pk=leaving.pk)
        .exists()
    )
    if not others and not actor.is_staff:
        raise ApplicationError(
            (
                _(
                    "You are %(organisation)s's last admin: "
                    "make someone else admin before you demote yourself."
                )
                if verb == "demote"
                else _(
                    "You are %(organisation)s's last admin: "
                    "make someone else admin before you remove yourself."
                )
            )
            % {"organisation": organisation}
        )


def _locked_request(join_request: JoinRequest) -> JoinRequest:
    return JoinRequest.objects.select_for_update().select_related("organisation").get(pk=join_request.pk)


def _require_pending(join_request: JoinRequest) -> None:
    if not join_request.is_pending:
        # One whole sentence per status (no lower-cased label inside a sentence: translators).
        already = {
            JoinRequestStatus.APPROVED: _("This request was approved already."),
            JoinRequestStatus.DECLINED: _("This request was declined already."),
            JoinRequestStatus.WITHDRAWN: _("This request was withdrawn already."),
        }
        raise ConflictError(already[JoinRequestStatus(join_request.status)])


def _deny_message(join_request: JoinRequest) -> str:
    if join_request.as_admin:
        return _("Only association staff decide who becomes an organisation's admin.")
    return _("Only this organisation's admins (or staff, while it has none) decide who joins it.")


def _decide(join_request: JoinRequest, *, actor: User, status: str, reason: str = "") -> JoinRequest:
    join_request.status = status
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.reason = reason
    join_request.save()
    by_email = announce(
        kind="membership.join_decided",
        recipients=[join_request.person],
        title=per_reader(
            join_decided_title, str(join_request.organisation), approved=status == JoinRequestStatus.APPROVED
        ),
        link=reverse("frontend:profile"),
    )
    if join_request.person.pk in by_email:
        send_join_decision(join_request)  # written to the outbox now, sent after the commit
    return join_request
