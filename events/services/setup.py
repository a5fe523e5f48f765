"""Events, their sessions and slots, and their phases: creating and changing an event, adding and
removing sessions (the event's `EventSlot` rows are materialised from them, in the event's time
zone), and moving the event from phase to phase."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from common.exceptions import ApplicationError
from common.slugs import unique_slug
from events.enums import PHASE_TRANSITIONS, PUBLISHED_PHASES, SESSION_EDIT_PHASES, EventPhase
from events.models import Event, EventMeeting, EventSession, EventSlot
from events.realtime import broadcast_dashboard
from events.selectors.access import check_staff
from events.services.guards import check_phase, lock_event
from scheduling.availability import local_instant

EVENT_FIELDS = frozenset(
    {"name", "description", "venue", "online_url", "time_zone", "meeting_minutes", "tables"}
)
# Changing these moves every slot: only while sessions may still change.
SLOT_SHAPING_FIELDS = frozenset({"time_zone", "meeting_minutes"})
# Slot indexes are renumbered in two steps (out of the way, then into place) so the unique
# (event, index) constraint holds after every statement.
RENUMBER_OFFSET = 1_000_000


@transaction.atomic
def create_event(
    *,
    actor: User,
    name: str,
    time_zone: str,
    venue: str = "",
    online_url: str = "",
    description: str = "",
    meeting_minutes: int = 30,
    tables: int = 10,
    sessions: Iterable[dict[str, Any]] = (),
) -> Event:
    """A new event, open for registration, with its first sessions (slots materialised). Staff only."""
    check_staff(actor)
    event = Event(
        name=name,
        slug=unique_slug(Event, name),
        description=description,
        venue=venue,
        online_url=online_url,
        time_zone=time_zone,
        meeting_minutes=meeting_minutes,
        tables=tables,
        created_by=actor,
    )
    event.full_clean()
    event.save()
    for session in sessions:
        _add_session(event, **session)
    materialise_slots(event)
    return event


@transaction.atomic
def update_event(*, event: Event, actor: User, **changes: Any) -> Event:
    """Change an event's details. Time zone and meeting length move every slot, so they change only
    while sessions may; tables never drop below a table the draft uses."""
    check_staff(actor)
    unknown = set(changes) - EVENT_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    event = lock_event(event)
    reshaped = {name for name in SLOT_SHAPING_FIELDS & set(changes) if changes[name] != getattr(event, name)}
    if reshaped:
        check_phase(event, SESSION_EDIT_PHASES, _("Changing the time zone or meeting length"))
        _check_nothing_placed(event)
    if "tables" in changes:
        if event.phase in PUBLISHED_PHASES and changes["tables"] != event.tables:
            raise ApplicationError(_("Tables cannot change once the agenda is published."))
        used = EventMeeting.objects.filter(event=event).aggregate(top=Max("table"))["top"] or 0
        if changes["tables"] is not None and changes["tables"] < used:
            raise ValidationError(
                {
                    "tables": _("The draft schedule uses table %(used)s; unplace its meetings first.")
                    % {"used": used}
                }
            )
    for name, value in changes.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if reshaped:
        materialise_slots(event)
    return event


@transaction.atomic
def change_event_phase(*, event: Event, actor: User, phase: str) -> Event:
    """Move the event to `phase` if the move is allowed (`enums.PHASE_TRANSITIONS`); publishing is
    the only way into "agenda published" (`events.services.publishing.publish_schedule`)."""
    check_staff(actor)
    event = lock_event(event)
    allowed = PHASE_TRANSITIONS[event.phase]
    if phase not in allowed:
        quote = pgettext("quoted phase name", "“%(phase)s”")
        targets = get_text_list([quote % {"phase": EventPhase(p).label} for p in allowed], _("or")) or _(
            "nothing (it is final)"
        )
        hint = (
            " " + _("Publish the schedule to publish the agenda.")
            if phase == EventPhase.AGENDA_PUBLISHED
            else ""
        )
        raise ValidationError(
            {
                "phase": _("From the phase “%(phase)s” the event can move to: %(targets)s.%(hint)s")
                % {"phase": event.get_phase_display(), "targets": targets, "hint": hint}
            }
        )
    if phase == EventPhase.SCHEDULING and not event.slots.exists():
        raise ValidationError({"phase": _("Add at least one session before scheduling.")})
    event.phase = phase
    event.save(update_fields=["phase", "updated_at"])
    # The phase's value only: a label here would be in the changer's language on every dashboard.
    broadcast_dashboard(event.pk, "event.phase_changed", {"phase": phase})
    return event


def _check_nothing_placed(event: Event) -> None:
    """Slots that meetings occupy must not move or vanish."""
    if (
        EventMeeting.objects.filter(event=event)
        .filter(Q(slot__isnull=False) | Q(published_slot__isnull=False))
        .exists()
    ):
        raise ApplicationError(_("Slots cannot change once meetings are placed; unplace them first."))


def _session_interval(
    event: Event, day: date, start_time: time, slot_count: int
) -> tuple[datetime, datetime]:
    start = local_instant(day, start_time, zoneinfo.ZoneInfo(event.time_zone))
    return start, start + timedelta(minutes=event.meeting_minutes * slot_count)


def _add_session(event: Event, *, day: date, name: str, start_time: time, slot_count: int) -> EventSession:
    session = EventSession(event=event, day=day, name=name, start_time=start_time, slot_count=slot_count)
    session.full_clean()
    start, end = _session_interval(event, day, start_time, slot_count)
    for other in EventSession.objects.filter(event=event, day__gte=day - timedelta(days=1)).exclude(
        pk=session.pk
    ):
        other_start, other_end = _session_interval(event, other.day, other.start_time, other.slot_count)
        if start < other_end and other_start < end:
            raise ValidationError(
                {"start_time": _("It overlaps the session “%(other)s”.") % {"other": other}}
            )
    session.save()
    return session


@transaction.atomic
def add_event_session(
    *, event: Event, actor: User, day: date, name: str, start_time: time, slot_count: int
) -> EventSession:
    """A session of `slot_count` consecutive slots from `start_time` (event time zone) on `day`;
    sessions never overlap. The event's slots are renumbered in time order."""
    check_staff(actor)
    event = lock_event(event)
    check_phase(event, SESSION_EDIT_PHASES, _("Changing sessions"))
    _check_nothing_placed(event)
    session = _add_session(event, day=day, name=name, start_time=start_time, slot_count=slot_count)
    materialise_slots(event)
    return session


@transaction.atomic
def remove_event_session(*, session: EventSession, actor: User) -> None:
    """Drop a session with its slots (and the unavailability marked in them)."""
    check_staff(actor)
    event = lock_event(session.event)
    check_phase(event, SESSION_EDIT_PHASES, _("Changing sessions"))
    _check_nothing_placed(event)
    session.delete()
    materialise_slots(event)


def materialise_slots(event: Event) -> list[EventSlot]:
    """Make the event's slot rows match its sessions: consecutive slots of `meeting_minutes` from each
    session's start (wall-clock time in the event's zone, so a session on either side of a
    daylight-saving change starts at its local time), numbered from 0 in time order. Existing rows
    are kept (and with them the unavailability marked in them) where a session keeps that slot."""
    length = timedelta(minutes=event.meeting_minutes)
    by_session: dict[int, list[EventSlot]] = defaultdict(list)
    for row in EventSlot.objects.filter(event=event).order_by("index"):
        by_session[row.session_id].append(row)
    existing = {
        (session_id, position): slot
        for session_id, slots in by_session.items()
        for position, slot in enumerate(slots)
    }
    EventSlot.objects.filter(event=event).update(index=F("index") + RENUMBER_OFFSET)
    wanted: list[EventSlot] = []
    index = 0
    sessions = EventSession.objects.filter(event=event).order_by("day", "start_time", "id")
    timed = sorted(
        ((_session_interval(event, s.day, s.start_time, s.slot_count)[0], s) for s in sessions),
        key=lambda pair: (pair[0], pair[1].pk),
    )
    for start, session in timed:
        for position in range(session.slot_count):
            slot = existing.pop((session.pk, position), None) or EventSlot(event=event, session=session)
            slot.index = index
            slot.start = start + position * length
            slot.end = slot.start + length
            wanted.append(slot)
            index += 1
    if existing:
        EventSlot.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    EventSlot.objects.bulk_update([s for s in wanted if s.pk], ["index", "start", "end"])
    EventSlot.objects.bulk_create([s for s in wanted if not s.pk])
    return wanted
