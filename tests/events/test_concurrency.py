"""Staff publish an event's agenda while someone books one of its providers on demand for an
overlapping time, at the same instant, each on its own database connection (real threads released
by a barrier), twenty rounds over: exactly one of the two wins every round, and no participant ever
holds two overlapping active attendances."""

import threading
from collections import Counter
from collections.abc import Callable
from datetime import time
from functools import partial

import pytest
from django.db import connection

from common.exceptions import ConflictError
from events.enums import EventPhase
from events.models import Event, EventMeeting
from events.selectors.setup import slot_at
from events.services.publishing import publish_schedule
from events.services.scheduler import place_draft_meeting
from scheduling.models import Meeting, MeetingAttendance
from scheduling.services.meetings import request_meeting
from tests.factories.accounts import CorporationFactory, StaffFactory, UserFactory
from tests.factories.events import accepted_meeting, event_with_sessions, registered
from tests.scheduling.conftest import open_every_day
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROUNDS = 20


def race(*works: Callable[[], object]) -> list[object]:
    """Run each of `works` in its own thread, released together; each closes its connection.
    Each result is what the work returned or the exception it raised."""
    barrier = threading.Barrier(len(works))
    results: list[object] = [None] * len(works)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = works[index]()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def arrange_round(staff):
    """An event in scheduling whose draft has the provider meeting a city in the first slot
    (09:00-09:30 Berlin), the provider bookable on demand at that time, and someone to book it."""
    provider = open_every_day(OrganisationParticipantFactory.create(meeting_lengths=[30]))
    event = event_with_sessions(("Morning", time(9), 2), phase=EventPhase.SCHEDULING)
    city, _ = registered(event)
    provider_registration, _ = registered(event, provider.organisation)
    placement = accepted_meeting(event, city, provider_registration)
    slot = slot_at(event, 0)
    place_draft_meeting(meeting=placement, actor=staff, slot=slot, table=1)
    booker = UserFactory.create(organisation=CorporationFactory.create())
    return event, provider, placement, slot, booker


def overlapping_active_claims():
    """Pairs of active attendances of one participant whose times overlap (should be none)."""
    claims = list(
        MeetingAttendance.objects.filter(active=True).values_list("participant_id", "start", "end", "pk")
    )
    return [
        (a[3], b[3])
        for i, a in enumerate(claims)
        for b in claims[i + 1 :]
        if a[0] == b[0] and a[1] < b[2] and b[1] < a[2]
    ]


def test_publishing_and_an_on_demand_booking_never_overlap():
    staff = StaffFactory.create()
    winners: Counter[str] = Counter()
    for _ in range(ROUNDS):
        event, provider, placement, slot, booker = arrange_round(staff)

        published, booked = race(
            partial(publish_schedule, event=event, actor=staff),
            partial(
                request_meeting,
                actor=booker,
                invitee=provider,
                subject="Pilot",
                length=30,
                start=slot.start,
            ),
        )

        outcome = (type(published).__name__, type(booked).__name__)
        assert outcome in {("PublishSummary", "ConflictError"), ("ConflictError", "Meeting")}
        winners[(outcome[0] == "PublishSummary" and "publish") or "booking"] += 1
        placement.refresh_from_db()
        event.refresh_from_db()
        if isinstance(published, ConflictError):  # the booking won: nothing of the publish stays
            assert (placement.meeting, event.phase) == (None, EventPhase.SCHEDULING)
            assert "already has the meeting “Pilot”" in published.message
        else:
            assert (placement.meeting.start, event.phase) == (slot.start, EventPhase.AGENDA_PUBLISHED)
        assert MeetingAttendance.objects.filter(participant=provider, active=True).count() == 1
        assert overlapping_active_claims() == []

    assert sum(winners.values()) == ROUNDS
    assert Meeting.objects.count() == ROUNDS
    assert EventMeeting.objects.filter(meeting__isnull=False).count() == winners["publish"]
    assert Event.objects.filter(phase=EventPhase.AGENDA_PUBLISHED).count() == winners["publish"]
