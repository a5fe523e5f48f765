"""Recording what members do in the catalogue (a search, a recommendation followed), for the staff's
matching-activity report (`projects.reports`). Append-only; recording never fails a request."""

from __future__ import annotations

import logging

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from accounts.models import User
from solutions.enums import ActivityKind
from solutions.models import ActivityRecord

logger = logging.getLogger(__name__)


def record_activity(
    *, kind: str, user: User | AnonymousUser | None, reference: str = "", query: str = ""
) -> ActivityRecord | None:
    """Log one matching action of a logged-in member; anonymous visits are not counted. Never
    raises: on any failure the request goes on and the error is logged. In its own savepoint, so a
    failed insert cannot spoil the caller's transaction; one INSERT (plus the savepoint)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    try:
        with transaction.atomic():
            record = ActivityRecord(
                kind=kind,
                user=user,
                organisation_id=user.organisation_id,
                reference=str(reference)[:100],
                query=" ".join(str(query).split())[:500],
            )
            # user and organisation come from the authenticated request: no lookup to validate them.
            record.full_clean(exclude=["user", "organisation"])
            record.save()
    except Exception:  # whatever goes wrong, the search or page must still answer
        logger.exception("Could not record %s activity; the request goes on.", kind)
        return None
    return record


def record_search(*, user: User | AnonymousUser | None, query: str, page: int = 1) -> ActivityRecord | None:
    """Log a catalogue search (page or API) by a logged-in member; never raises. Only its first page
    counts: reading on through the results is the same search."""
    if page != 1:
        return None
    return record_activity(kind=ActivityKind.SEARCH, user=user, query=query)


def record_recommendation_followed(
    *, user: User | AnonymousUser | None, via: str, solution_id: int
) -> ActivityRecord | None:
    """Log that a member opened a solution from a recommendation (its link carries
    `?via=recommendation`); nothing for any other `via`. Never raises."""
    if via != "recommendation":
        return None
    return record_activity(
        kind=ActivityKind.RECOMMENDATION_FOLLOWED, user=user, reference=f"solution:{solution_id}"
    )
