"""The weekly digest, put in the outbox by the beat task `digests.tasks.send_weekly_digests`.

Each person who wants `digest.weekly` by e-mail (on unless they turned it off) gets at most one
digest per ISO week (UTC), keyed `digest:<person>:<iso-year>-W<week>`: a rerun, a redelivered task
or two beats write nothing twice. A digest with nothing new is not sent. The matching runs once per
organisation (its people share what they may see), never per person.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from digests.emails import city_digest_email, provider_digest_email, staff_digest_email
from digests.selectors import (
    Match,
    WeekFigures,
    is_city_person,
    new_needs_for_provider,
    new_solutions_for_city,
    week_figures,
)
from notifications.selectors import email_choices_for
from outbox.models import OutboxMessage
from outbox.services.queueing import KeyedEmail, enqueue_many

DIGEST_KIND = "digest.weekly"
DIGEST_PERIOD = timedelta(days=7)


def digest_key(person: User, now: datetime) -> str:
    """The outbox key: one digest per person per ISO week (UTC) of `now`."""
    year, week, _ = now.astimezone(UTC).isocalendar()
    return f"digest:{person.pk}:{year}-W{week:02d}"


def _readers(now: datetime) -> list[tuple[str, User]]:
    """(key, person) for everyone who wants the digest and has not had this week's yet."""
    people = list(
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(is_staff=True) | Q(organisation__isnull=False))
        .select_related("organisation")
        .order_by("pk")
    )
    choices = email_choices_for(person_ids=[p.pk for p in people])
    keyed = [(digest_key(p, now), p) for p in people if choices.wants(p.pk, DIGEST_KIND)]
    written = set(
        OutboxMessage.objects.filter(key__in=[key for key, _ in keyed]).values_list("key", flat=True)
    )
    return [(key, person) for key, person in keyed if key not in written]


def send_weekly_digests(*, now: datetime | None = None) -> int:
    """Put this week's digests in the outbox: for city people the solutions published in the 7 days
    before `now` that match their city's open needs, for provider people the needs opened in them
    that match their solutions, for staff the week's figures. Returns how many were written."""
    now = now or timezone.now()
    since = now - DIGEST_PERIOD
    figures: WeekFigures | None = None
    by_organisation: dict[int, list[Match]] = {}
    emails = []
    for key, person in _readers(now):
        if person.is_staff:
            figures = figures or week_figures(since=since, until=now)
            if figures.any():
                emails.append(KeyedEmail(key, staff_digest_email(person, figures, since=since, until=now)))
            continue
        organisation_id = person.organisation_id
        assert organisation_id is not None  # noqa: S101 -- _readers keeps only people with one
        city = is_city_person(person)
        if organisation_id not in by_organisation:
            find: Callable[..., list[Match]] = new_solutions_for_city if city else new_needs_for_provider
            by_organisation[organisation_id] = find(viewer=person, since=since, until=now)
        matches = by_organisation[organisation_id]
        if matches:
            build = city_digest_email if city else provider_digest_email
            emails.append(KeyedEmail(key, build(person, matches, since=since, until=now)))
    # The matching above reads only; the rows are written in one short transaction.
    with transaction.atomic():
        enqueue_many(emails)
    return len(emails)
