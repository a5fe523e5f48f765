"""The attendee list of an event: every registered organisation with its profile (what it offers,
what it looks for, its sectors) and its representatives, filtered by sector, country, category and
free text; who may browse it; and whether the viewer may still ask each attendee for a meeting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django_countries import countries

from accounts.models import User
from common.lookups import Folded, fold, json_list_contains
from events.enums import REQUEST_PHASES
from events.models import Event, EventRegistration, EventRepresentative
from events.selectors.access import is_event_staff
from events.selectors.requests import paired_registrations
from events.selectors.setup import own_registration

SEARCH_MAX = 100  # a search box, not a document


@dataclass(frozen=True)
class AttendeeFilters:
    """What the attendee list is narrowed to; empty strings filter nothing."""

    sector: str = ""
    country: str = ""
    category: str = ""
    text: str = ""


def access_attendee_list(user: User | AnonymousUser, event: Event) -> EventRegistration | None:
    """The viewer's own registration at `event` (None for staff who are not registered); 403 for
    anyone else: only participants and staff see who attends. One query."""
    own = own_registration(user, event)
    if own is None and not is_event_staff(user):
        raise PermissionDenied(_("Only the event's registered participants and staff see who attends."))
    return own


def attendees_of(event: Event, *, filters: AttendeeFilters | None = None) -> QuerySet[EventRegistration]:
    """The event's registrations with their organisation and representatives (and their people), by
    organisation name, narrowed by `filters`. A page of it takes three queries (count, rows,
    representatives), however many attendees."""
    filters = filters or AttendeeFilters()
    rows = (
        EventRegistration.objects.filter(event=event)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=EventRepresentative.objects.select_related("user").order_by(
                    "user__last_name", "user__first_name", "id"
                ),
            )
        )
    )
    if filters.sector:
        rows = rows.filter(json_list_contains("sectors", filters.sector))
    if filters.country:
        rows = rows.filter(organisation__country=filters.country)
    if filters.category:
        rows = rows.filter(organisation__category=filters.category)
    text = fold(filters.text.strip()[:SEARCH_MAX])
    if text:
        # Accents and case ignored on both databases, as in the member directory.
        rows = rows.annotate(
            offer_folded=Folded("offer"),
            seek_folded=Folded("seek"),
            name_folded=Folded("organisation__name"),
        ).filter(
            Q(offer_folded__contains=text) | Q(seek_folded__contains=text) | Q(name_folded__contains=text)
        )
    return rows.order_by("organisation__name", "id")


def attendee_countries(event: Event) -> list[tuple[str, str]]:
    """(code, name) of every country an attendee of `event` comes from, by name. One query."""
    codes = (
        EventRegistration.objects.filter(event=event)
        .order_by()
        .values_list("organisation__country", flat=True)
        .distinct()
    )
    return sorted(((str(code), countries.name(code)) for code in codes), key=lambda pair: pair[1])


@dataclass(frozen=True)
class Attendee:
    """One row of the attendee list as the viewer sees it."""

    registration: EventRegistration
    is_own: bool
    already_in_touch: bool  # a request between the two exists, in either direction
    may_request: bool


def attendee_rows(
    attendees: Iterable[EventRegistration], *, event: Event, own: EventRegistration | None
) -> list[Attendee]:
    """The attendees with what the viewer (registered as `own`) may do about each: ask for a meeting
    while requests are open, unless it is themselves or the two are in touch already. One query
    (the viewer's pairs; none for a viewer who is not registered)."""
    paired = paired_registrations(own) if own is not None else set()
    requests_open = own is not None and event.phase in REQUEST_PHASES
    rows = []
    for registration in attendees:
        is_own = own is not None and registration.pk == own.pk
        in_touch = registration.pk in paired
        rows.append(
            Attendee(
                registration=registration,
                is_own=is_own,
                already_in_touch=in_touch,
                may_request=requests_open and not is_own and not in_touch,
            )
        )
    return rows
