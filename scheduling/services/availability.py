"""Participants and their availability: booking settings, weekly rules and exceptions.

`ensure_participant` creates a participant row on first use; every write here is checked against who
may manage the participant and tells live viewers that its free slots changed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from accounts.models import Organisation, User
from scheduling import selectors
from scheduling.models import AvailabilityException, AvailabilityRule, Participant
from scheduling.realtime import broadcast_availability

PARTICIPANT_SETTINGS_FIELDS = frozenset({"time_zone", "meeting_lengths", "buffer_minutes"})
RULE_FIELDS = frozenset({"weekday", "start_time", "end_time", "time_zone"})
EXCEPTION_FIELDS = frozenset({"start_date", "end_date", "start_time", "end_time", "time_zone", "reason"})


def ensure_participant(*, organisation: Organisation | None = None, user: User | None = None) -> Participant:
    """The participant row of `organisation` or `user`, created with default settings if missing."""
    if organisation is not None:
        participant, _ = Participant.objects.get_or_create(organisation=organisation)
    elif user is None:
        raise ValueError("ensure_participant needs an organisation or a user.")
    else:
        participant, _ = Participant.objects.get_or_create(user=user, defaults={"time_zone": user.time_zone})
    return participant


def saved_participant(participant: Participant) -> Participant:
    """`participant` if it has a row; else the row of its organisation or person, created if missing."""
    if participant.pk is not None:
        return participant
    return ensure_participant(organisation=participant.organisation, user=participant.user)


def _check_manage(actor: User, participant: Participant) -> None:
    if not selectors.can_manage_participant(actor, participant):
        raise PermissionDenied(
            gettext("Only the person, their organisation's admins or staff edit this availability.")
        )


def _check_fields(changes: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            {name: gettext("This field cannot be changed here.") for name in sorted(unknown)}
        )


def _availability_changed(participant: Participant) -> None:
    broadcast_availability(participant.key, "slots.changed", {})


@transaction.atomic
def update_participant_settings(*, participant: Participant, actor: User, **changes: Any) -> Participant:
    """Change a participant's time zone, offered meeting lengths or buffer."""
    _check_manage(actor, participant)
    _check_fields(changes, PARTICIPANT_SETTINGS_FIELDS)
    locked = Participant.objects.select_for_update().get(pk=saved_participant(participant).pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    _availability_changed(locked)
    return locked


@transaction.atomic
def create_availability_rule(*, participant: Participant, actor: User, **fields: Any) -> AvailabilityRule:
    """A weekly window; its time zone defaults to the participant's."""
    _check_manage(actor, participant)
    _check_fields(fields, RULE_FIELDS)
    participant = saved_participant(participant)
    fields["time_zone"] = fields.get("time_zone") or participant.time_zone
    rule = AvailabilityRule(participant=participant, **fields)
    rule.full_clean()
    rule.save()
    _availability_changed(participant)
    return rule


@transaction.atomic
def update_availability_rule(*, rule: AvailabilityRule, actor: User, **changes: Any) -> AvailabilityRule:
    _check_manage(actor, rule.participant)
    _check_fields(changes, RULE_FIELDS)
    for name, value in changes.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    _availability_changed(rule.participant)
    return rule


@transaction.atomic
def delete_availability_rule(*, rule: AvailabilityRule, actor: User) -> None:
    """Withdraw a weekly window. Meetings already booked in it stay."""
    _check_manage(actor, rule.participant)
    rule.delete()
    _availability_changed(rule.participant)


@transaction.atomic
def create_availability_exception(
    *, participant: Participant, actor: User, **fields: Any
) -> AvailabilityException:
    """A holiday (whole days) or busy block (times on each day); time zone defaults to the participant's."""
    _check_manage(actor, participant)
    _check_fields(fields, EXCEPTION_FIELDS)
    participant = saved_participant(participant)
    fields["time_zone"] = fields.get("time_zone") or participant.time_zone
    exception = AvailabilityException(participant=participant, **fields)
    exception.full_clean()
    exception.save()
    _availability_changed(participant)
    return exception


@transaction.atomic
def update_availability_exception(
    *, exception: AvailabilityException, actor: User, **changes: Any
) -> AvailabilityException:
    _check_manage(actor, exception.participant)
    _check_fields(changes, EXCEPTION_FIELDS)
    for name, value in changes.items():
        setattr(exception, name, value)
    exception.full_clean()
    exception.save()
    _availability_changed(exception.participant)
    return exception


@transaction.atomic
def delete_availability_exception(*, exception: AvailabilityException, actor: User) -> None:
    _check_manage(actor, exception.participant)
    exception.delete()
    _availability_changed(exception.participant)
