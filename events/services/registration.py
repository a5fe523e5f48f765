"""Registration and availability: an organisation registers for an event with its
representatives and its profile (what it offers, what it looks for, its sectors), more of its people
join later, the profile may change until the schedule is made, and each representative marks the
slots they cannot attend."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from accounts.models import Organisation, User
from common.exceptions import ApplicationError, ConflictError
from events.enums import AVAILABILITY_PHASES, PROFILE_PHASES, REGISTRATION_PHASES, EventPhase
from events.models import Event, EventRegistration, EventRepresentative, EventSlot
from events.selectors.access import can_see_registration, is_event_staff, speaks_for
from events.selectors.setup import can_manage_representative
from events.services.guards import check_phase, lock_event


@transaction.atomic
def register_organisation(
    *,
    event: Event,
    actor: User,
    organisation: Organisation | None = None,
    representatives: Sequence[User] | None = None,
    offer: str = "",
    seek: str = "",
    sectors: Sequence[str] = (),
) -> EventRegistration:
    """Register the actor's organisation (staff: any organisation) with its representatives, by
    default the actor, and its profile (may be filled later). Only people of the organisation
    represent it; members name themselves, organisation admins and staff anyone of it. 409 if it is
    registered already."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(gettext("Log in to register."))
    organisation = organisation or actor.organisation
    if organisation is None:
        raise ValidationError({"organisation": gettext("You do not belong to a member organisation yet.")})
    is_staff = is_event_staff(actor)
    if not is_staff and organisation.pk != actor.organisation_id:
        raise PermissionDenied(gettext("You can register only your own organisation."))
    event = lock_event(event)
    check_phase(event, REGISTRATION_PHASES, gettext("Registration"))
    people = list(representatives) if representatives else []
    if not people:
        if actor.organisation_id != organisation.pk:
            raise ValidationError(
                {"representatives": gettext("Name at least one person of the organisation.")}
            )
        people = [actor]
    _check_representatives(actor, organisation, people)
    if EventRegistration.objects.filter(event=event, organisation=organisation).exists():
        raise ConflictError(
            gettext("%(organisation)s is already registered for %(event)s.")
            % {"organisation": organisation, "event": event}
        )
    registration = EventRegistration(
        event=event,
        organisation=organisation,
        registered_by=actor,
        offer=offer.strip(),
        seek=seek.strip(),
        sectors=list(sectors),
    )
    registration.full_clean()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # a second registration raced this one
        raise ConflictError(
            gettext("%(organisation)s is already registered for %(event)s.")
            % {"organisation": organisation, "event": event}
        ) from exc
    EventRepresentative.objects.bulk_create(
        EventRepresentative(registration=registration, user=person)
        for person in {p.pk: p for p in people}.values()
    )
    return registration


def _check_representatives(actor: User, organisation: Organisation, people: Sequence[User]) -> None:
    strangers = [str(p) for p in people if p.organisation_id != organisation.pk]
    if strangers:
        raise ValidationError(
            {
                "representatives": gettext("Not people of %(organisation)s: %(people)s.")
                % {"organisation": organisation, "people": ", ".join(strangers)}
            }
        )
    may_name_others = is_event_staff(actor) or (
        actor.is_organisation_admin and actor.organisation_id == organisation.pk
    )
    if not may_name_others and any(p.pk != actor.pk for p in people):
        raise ValidationError(
            {"representatives": gettext("Only your organisation's admins name other people; add yourself.")}
        )


@transaction.atomic
def update_registration_profile(
    *, registration: EventRegistration, actor: User, offer: str, seek: str, sectors: Sequence[str]
) -> EventRegistration:
    """Replace the registration's profile (offer, seek, sectors) while the event is open to it
    (registration, requests, scheduling). Only the organisation's people and staff."""
    if not can_see_registration(actor, registration):
        raise PermissionDenied(gettext("Only the organisation's people and staff change its profile."))
    event = lock_event(registration.event)
    check_phase(event, PROFILE_PHASES, gettext("Changing the profile"))
    registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    registration.offer, registration.seek = offer.strip(), seek.strip()
    registration.sectors = list(dict.fromkeys(sectors))  # a sector ticked twice counts once
    registration.full_clean(exclude=["event", "organisation", "registered_by"])
    registration.save(update_fields=["offer", "seek", "sectors", "updated_at"])
    return registration


@transaction.atomic
def add_representative(*, registration: EventRegistration, actor: User, user: User) -> EventRepresentative:
    """Someone else of the organisation attends too (themself, or named by an admin or staff)."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(gettext("Log in first."))
    if not (is_event_staff(actor) or speaks_for(actor, registration)):
        raise PermissionDenied(gettext("Only the organisation's people and staff change its registration."))
    event = lock_event(registration.event)
    if event.phase == EventPhase.CLOSED:
        raise ApplicationError(gettext("The event is closed."))
    _check_representatives(actor, registration.organisation, [user])
    representative, _ = EventRepresentative.objects.get_or_create(registration=registration, user=user)
    return representative


@transaction.atomic
def set_unavailable_slots(
    *, representative: EventRepresentative, actor: User, slots: Iterable[EventSlot]
) -> EventRepresentative:
    """The slots `representative` cannot attend (replacing the previous choice)."""
    if not can_manage_representative(actor, representative):
        raise PermissionDenied(gettext("Only the person, their organisation's admins and staff change this."))
    event = lock_event(representative.registration.event)
    check_phase(event, AVAILABILITY_PHASES, gettext("Changing availability"))
    chosen = list(slots)
    if any(slot.event_id != event.pk for slot in chosen):
        raise ValidationError({"slots": gettext("Choose slots of this event.")})
    representative.unavailable_slots.set(chosen)
    return representative
