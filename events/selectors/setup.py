"""Events with their sessions and slots, and registrations with their representatives: listing,
fetching by key or slug, and the permission-checked fetchers (`access_*`) for them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Min, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import Event, EventRegistration, EventRepresentative, EventSession, EventSlot
from events.selectors.access import can_see_registration, check_staff, is_event_staff, speaks_for

# --- Events, sessions, slots ----------------------------------------------------------------


def events_listed() -> QuerySet[Event]:
    """Every event with its first and last slot and its number of registrations, soonest first
    (events without sessions last). One query."""
    return Event.objects.annotate(
        starts_at=Min("slots__start"),
        ends_at=Max("slots__end"),
        registration_count=Count("registrations", distinct=True),
    ).order_by(F("starts_at").asc(nulls_last=True), "id")


def event_by_pk(pk: int) -> Event:
    event = Event.objects.filter(pk=pk).first()
    if event is None:
        raise Http404("No such event.")
    return event


def event_by_slug(slug: str) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise Http404("No such event.")
    return event


def access_event(user: User | AnonymousUser, pk: int) -> Event:
    """The event (everyone may see events); 404 if absent."""
    return event_by_pk(pk)


def access_event_for_staff(user: User | AnonymousUser, pk: int) -> Event:
    """The event if `user` is staff: 404 if absent, 403 if not staff."""
    event = event_by_pk(pk)
    check_staff(user)
    return event


def sessions_of(event: Event) -> QuerySet[EventSession]:
    """The event's sessions in time order, each with `starts_at`/`ends_at` (its first and last
    slot). One query."""
    return (
        EventSession.objects.filter(event=event)
        .annotate(starts_at=Min("slots__start"), ends_at=Max("slots__end"))
        .order_by("day", "start_time", "id")
    )


def slots_of(event: Event) -> QuerySet[EventSlot]:
    return EventSlot.objects.filter(event=event).select_related("session").order_by("index")


def slot_at(event: Event, index: int) -> EventSlot:
    slot = EventSlot.objects.filter(event=event, index=index).select_related("session").first()
    if slot is None:
        raise Http404("No such slot.")
    return slot


# --- Registrations --------------------------------------------------------------------------


def registrations_of(event: Event) -> QuerySet[EventRegistration]:
    """Registrations with their organisation and representatives (and their people). Three queries."""
    return (
        EventRegistration.objects.filter(event=event)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=EventRepresentative.objects.select_related("user").order_by("user__username"),
            )
        )
        .order_by("organisation__name", "id")
    )


def registration_of(event: Event, organisation_id: int | None) -> EventRegistration | None:
    if not organisation_id:
        return None
    return (
        EventRegistration.objects.filter(event=event, organisation_id=organisation_id)
        .select_related("organisation", "event")
        .first()
    )


def own_registration(user: User | AnonymousUser, event: Event) -> EventRegistration | None:
    """The registration of `user`'s organisation at `event`, if any."""
    if user is None or not user.is_authenticated:
        return None
    return registration_of(event, user.organisation_id)


def access_registration(user: User | AnonymousUser, event: Event, pk: int) -> EventRegistration:
    """A registration of `event` its organisation's people and staff may act on: 404/403."""
    registration = (
        EventRegistration.objects.filter(event=event, pk=pk).select_related("organisation", "event").first()
    )
    if registration is None:
        raise Http404("No such registration.")
    if not can_see_registration(user, registration):
        raise PermissionDenied(_("Only the organisation's people and staff see this registration."))
    return registration


def viewer_registration(
    user: User | AnonymousUser, event: Event, registration_id: int | None = None
) -> EventRegistration:
    """The registration a page or API call is about: staff may name any (`registration_id`), others
    get their own organisation's. 404 when there is none."""
    if registration_id is not None:
        return access_registration(user, event, registration_id)
    registration = own_registration(user, event)
    if registration is None:
        raise Http404("Your organisation is not registered for this event.")
    return registration


def representatives_of(registration: EventRegistration) -> QuerySet[EventRepresentative]:
    return (
        EventRepresentative.objects.filter(registration=registration)
        .select_related("user")
        .prefetch_related("unavailable_slots")
        .order_by("user__username", "id")
    )


def access_representative(user: User | AnonymousUser, event: Event, pk: int) -> EventRepresentative:
    """A representative `user` may edit: themself, their organisation's admins, staff (404/403)."""
    representative = (
        EventRepresentative.objects.filter(pk=pk, registration__event=event)
        .select_related("user", "registration__organisation", "registration__event")
        .first()
    )
    if representative is None:
        raise Http404("No such representative.")
    if not can_manage_representative(user, representative):
        raise PermissionDenied(_("Only the person, their organisation's admins and staff change this."))
    return representative


def can_manage_representative(user: User | AnonymousUser, representative: EventRepresentative) -> bool:
    if is_event_staff(user):
        return True
    if user is None or not user.is_authenticated:
        return False
    if representative.user_id == user.pk:
        return True
    return bool(user.is_organisation_admin and speaks_for(user, representative.registration))
