"""Daily clean-up of links nobody used, run by the beat task `accounts.tasks.clean_up_expired`.

Expired invitations stay listed on the organisation's people page so its admin can re-send them
(`selectors.open_invitations`); only those expired for longer than `EXPIRED_INVITATION_KEPT` are
deleted, by then nobody is going to re-send them and inviting the address again is a new
invitation. Accepted and revoked invitations are the organisation's record and are kept. Held
applications whose link expired can never be completed (`held_application`) and are deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Invitation, UnconfirmedApplication
from accounts.verification import SIGN_UP_LINK_LIFETIME

# How long an expired, unanswered invitation stays on the people page to be re-sent.
EXPIRED_INVITATION_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class CleanedUp:
    invitations: int
    applications: int


@transaction.atomic
def clean_up_expired(*, now: datetime | None = None) -> CleanedUp:
    """Delete invitations expired (unanswered) more than `EXPIRED_INVITATION_KEPT` before `now` and
    held applications whose link expired; returns how many of each. Safe to run twice."""
    now = now or timezone.now()
    invitations, _ = Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lt=now - EXPIRED_INVITATION_KEPT
    ).delete()
    applications, _ = UnconfirmedApplication.objects.filter(
        created_at__lt=now - SIGN_UP_LINK_LIFETIME
    ).delete()
    return CleanedUp(invitations=invitations, applications=applications)
