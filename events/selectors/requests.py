"""Meeting requests between registrations (sent, received, the status each side sees, who may
answer, every request of an event for staff) and whom to ask: the matching engine's
recommendations, limited to registered organisations not yet paired."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from cities.enums import NeedStatus
from cities.models import Need
from common.lookups import Folded, fold
from events.enums import RequestStatus
from events.models import Event, EventMeetingRequest, EventRegistration
from events.selectors.access import is_event_staff, speaks_for
from matchmaking import selectors as matching
from solutions.enums import SolutionStatus
from solutions.models import Solution

# --- Meeting requests -----------------------------------------------------------------------


def _requests() -> QuerySet[EventMeetingRequest]:
    return EventMeetingRequest.objects.select_related(
        "requester__organisation", "receiver__organisation", "requested_by", "session_wish"
    )


def requests_received(registration: EventRegistration) -> QuerySet[EventMeetingRequest]:
    """Requests to `registration`, waiting ones first, then by priority. One query."""
    return _requests().filter(receiver=registration).order_by("-priority", "created_at", "id")


def requests_sent(registration: EventRegistration) -> QuerySet[EventMeetingRequest]:
    return _requests().filter(requester=registration).order_by("created_at", "id")


def requests_of(registration: EventRegistration) -> QuerySet[EventMeetingRequest]:
    """Every request `registration` sent or received, newest first. One query per page."""
    return (
        _requests()
        .filter(Q(requester=registration) | Q(receiver=registration))
        .order_by("-created_at", "-id")
    )


def status_shown_to(user: User | AnonymousUser, request: EventMeetingRequest) -> str:
    """The status as `user` may see it: the requester's side sees "no thanks" as "declined"."""
    if (
        request.status == RequestStatus.NO_THANKS
        and not is_event_staff(user)
        and speaks_for(user, request.requester)
    ):
        return RequestStatus.DECLINED
    return request.status


def access_request_for_answer(user: User | AnonymousUser, pk: int) -> EventMeetingRequest:
    """A request `user` may answer (its receiver's people): 404 if absent, 403 otherwise."""
    request = _requests().select_related("event").filter(pk=pk).first()
    if request is None:
        raise Http404("No such meeting request.")
    if not speaks_for(user, request.receiver):
        raise PermissionDenied(_("Only the organisation that was asked answers a request."))
    return request


@dataclass(frozen=True)
class RequestFilters:
    """What staff narrow an event's requests to; empty strings filter nothing."""

    status: str = ""
    organisation: str = ""  # part of either side's name
    category: str = ""  # either side's category


def requests_of_event(
    event: Event, *, filters: RequestFilters | None = None
) -> QuerySet[EventMeetingRequest]:
    """Every request of `event` for the staff's list, newest first, narrowed by `filters` (a name
    matches either side, accents and case ignored; a category either side). A page of it takes two
    queries (count, rows)."""
    filters = filters or RequestFilters()
    rows = _requests().select_related("answered_by").filter(event=event)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.category:
        rows = rows.filter(
            Q(requester__organisation__category=filters.category)
            | Q(receiver__organisation__category=filters.category)
        )
    name = fold(filters.organisation.strip()[:100])
    if name:
        rows = rows.annotate(
            requester_folded=Folded("requester__organisation__name"),
            receiver_folded=Folded("receiver__organisation__name"),
        ).filter(Q(requester_folded__contains=name) | Q(receiver_folded__contains=name))
    return rows.order_by("-created_at", "-id")


def paired_registrations(registration: EventRegistration) -> set[int]:
    """Registrations `registration` already has a request with, in either direction. One query."""
    pairs = EventMeetingRequest.objects.filter(
        Q(requester=registration) | Q(receiver=registration)
    ).values_list("requester_id", "receiver_id")
    return {other for pair in pairs for other in pair if other != registration.pk}


# --- Whom to ask: recommendations of the matching engine, limited to registered organisations


@dataclass
class Suggestion:
    """A registered organisation worth asking, with the need/solution pairs that say why."""

    registration: EventRegistration
    score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)


NOBODY_LEFT = gettext_lazy(
    "No other registered organisation is left to suggest: none has registered yet, or you have "
    "already asked (or been asked by) each of them."
)
NOTHING_PUBLISHED = gettext_lazy("No suggestions: publish needs or solutions to get some.")
NO_MATCH = gettext_lazy(
    "No suggestions: no registered organisation's needs or solutions match yours yet. You can still "
    "ask any registered organisation."
)


@dataclass
class Suggestions:
    """`whom_to_ask`'s list with, when it is empty, the reason to show (one of the constants above)."""

    items: list[Suggestion]
    empty_reason: str = ""


def whom_to_ask(
    *, registration: EventRegistration, user: User | AnonymousUser, limit: int = 10
) -> list[Suggestion]:
    """Registered organisations the matching engine recommends to `registration`, best first.

    A city's open needs are matched to registered providers' solutions; a provider's published
    solutions to registered cities' needs. Organisations already asked (or that asked, in either
    direction) are left out. Each suggestion carries its best reasons (terms, shared sectors).
    """
    return suggestions_for(registration=registration, user=user, limit=limit).items


def suggestions_for(
    *, registration: EventRegistration, user: User | AnonymousUser, limit: int = 10
) -> Suggestions:
    """`whom_to_ask` with the reason an empty list is empty (no queries beyond it): nobody left to
    ask, nothing of the organisation's own to match, or no match."""
    others = {
        r.organisation_id: r
        for r in EventRegistration.objects.filter(event_id=registration.event_id)
        .exclude(pk=registration.pk)
        .exclude(pk__in=paired_registrations(registration))
        .select_related("organisation")
    }
    if not others:
        return Suggestions([], str(NOBODY_LEFT))
    found: dict[int, Suggestion] = {}

    def add(org_id: int, score: float, reason: dict[str, Any]) -> None:
        other = others.get(org_id)
        if other is None:
            return
        suggestion = found.setdefault(org_id, Suggestion(registration=other, score=0.0))
        suggestion.score = max(suggestion.score, score)
        suggestion.reasons.append(reason)

    organisation = registration.organisation
    wide = max(50, limit * 5)
    own_items = 0
    for need in organisation.needs.filter(status__in=[NeedStatus.OPEN, NeedStatus.MATCHED]).order_by(
        "-created_at"
    )[:10]:
        own_items += 1
        for rec in matching.recommended_solutions_for_need(need=need, user=user, limit=wide):
            add(rec.item.provider_id, rec.score, _reason(rec, need=need, solution=rec.item))
    for solution in organisation.solutions.filter(status=SolutionStatus.PUBLISHED).order_by("-created_at")[
        :10
    ]:
        own_items += 1
        for rec in matching.matching_needs_for_solution(solution=solution, user=user, limit=wide):
            add(rec.item.city_id, rec.score, _reason(rec, need=rec.item, solution=solution))
    ranked = sorted(found.values(), key=lambda s: (-s.score, s.registration.organisation.name))
    for suggestion in ranked:
        suggestion.reasons.sort(key=lambda r: -r["score"])
        del suggestion.reasons[3:]
    if ranked:
        return Suggestions(ranked[:limit])
    return Suggestions([], str(NO_MATCH if own_items else NOTHING_PUBLISHED))


def _reason(rec: matching.Recommendation, *, need: Need, solution: Solution) -> dict[str, Any]:
    return {
        "need": need.title,
        "solution": solution.title,
        "score": round(rec.score, 4),
        "terms": [t.term for t in rec.terms[:5]],
        "shared_sectors": list(rec.shared_sectors),
    }
