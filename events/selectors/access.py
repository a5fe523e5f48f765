"""Who may do what at an event: staff (Django `is_staff`) run events, and a person speaks for a
registration when they belong to its organisation. Every other event selector asks these."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import EventRegistration

# --- Who may do what ------------------------------------------------------------------------


def is_event_staff(user: User | AnonymousUser) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


def speaks_for(user: User | AnonymousUser, registration: EventRegistration) -> bool:
    """Whether `user` belongs to the registered organisation."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.organisation_id
        and user.organisation_id == registration.organisation_id
    )


def can_see_registration(user: User | AnonymousUser, registration: EventRegistration) -> bool:
    return is_event_staff(user) or speaks_for(user, registration)


def check_staff(user: User | AnonymousUser) -> None:
    if not is_event_staff(user):
        raise PermissionDenied(_("Only association staff run events."))
