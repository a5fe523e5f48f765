"""An existing database moves forward across the split of `events` out of `matchmaking` (and of the
activity log out of `projects`): rows written by the migrations of the last commit before the move
are all found through the new models afterwards, and their content types follow them."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import (
    Event,
    EventMeeting,
    EventMeetingFeedback,
    EventMeetingRequest,
    EventRegistration,
    EventRepresentative,
    EventSeat,
    EventSession,
    EventSlot,
    ScheduleRun,
)
from solutions.models import ActivityRecord

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Every app's newest migration at the last commit before the move (0f25608).
BEFORE_THE_MOVE = [
    ("events", None),
    ("accounts", "0001_initial"),
    ("cities", "0004_activator_survey_v1"),
    ("matchmaking", "0002_events"),
    ("projects", "0001_initial"),
    ("scheduling", "0002_no_double_booking"),
    ("solutions", "0007_search_head_trigger"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _write_old_rows(apps):
    """One of everything the moved models hold, written through the historical models."""
    organisation = apps.get_model("accounts", "Organisation")
    user_model = apps.get_model("accounts", "User")
    city = organisation.objects.create(name="Seoul", slug="seoul", category="local_government")
    company = organisation.objects.create(name="Acme Mobility", slug="acme", category="corporation")
    officer = user_model.objects.create(username="officer", email="officer@seoul.example", organisation=city)
    seller = user_model.objects.create(username="seller", email="seller@acme.example", organisation=company)
    event = apps.get_model("matchmaking", "Event").objects.create(
        name="Smart Cities Meet", slug="meet", venue="Hall B", time_zone="Asia/Seoul"
    )
    session = apps.get_model("matchmaking", "EventSession").objects.create(
        event=event, day=date(2027, 3, 1), name="Morning", start_time=time(9), slot_count=2
    )
    start = datetime(2027, 3, 1, 0, tzinfo=UTC)
    slots = [
        apps.get_model("matchmaking", "EventSlot").objects.create(
            event=event,
            session=session,
            index=i,
            start=start + timedelta(minutes=30 * i),
            end=start + timedelta(minutes=30 * (i + 1)),
        )
        for i in range(2)
    ]
    registration = apps.get_model("matchmaking", "EventRegistration")
    city_reg = registration.objects.create(event=event, organisation=city)
    company_reg = registration.objects.create(event=event, organisation=company)
    representative = apps.get_model("matchmaking", "EventRepresentative").objects.create(
        registration=city_reg, user=officer
    )
    representative.unavailable_slots.add(slots[1])
    request = apps.get_model("matchmaking", "EventMeetingRequest").objects.create(
        event=event, requester=company_reg, receiver=city_reg, requested_by=seller, status="accepted"
    )
    apps.get_model("matchmaking", "ScheduleRun").objects.create(event=event, time_limit_s=5, status="done")
    meeting = apps.get_model("matchmaking", "EventMeeting").objects.create(
        event=event, request=request, requester=company_reg, receiver=city_reg, slot=slots[0], table=1
    )
    seat = apps.get_model("matchmaking", "EventSeat")
    seat.objects.create(meeting=meeting, registration=company_reg, slot=slots[0])
    seat.objects.create(meeting=meeting, registration=city_reg, slot=slots[0])
    apps.get_model("matchmaking", "EventMeetingFeedback").objects.create(
        meeting=meeting, registration=city_reg, rating=4, outcome="further_contact"
    )
    apps.get_model("projects", "ActivityRecord").objects.create(kind="search", user=officer, query="flood")
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.get_or_create(app_label="matchmaking", model="event")
    content_type.objects.get_or_create(app_label="projects", model="activityrecord")
    return representative.pk


def test_a_database_with_events_migrates_forward_and_keeps_every_row():
    executor = _migrate(BEFORE_THE_MOVE)
    old_apps = executor.loader.project_state(BEFORE_THE_MOVE[1:], at_end=True).apps
    representative_pk = _write_old_rows(old_apps)
    try:
        _migrate(_latest())

        counts = {
            model.__name__: model.objects.count()
            for model in (
                Event,
                EventSession,
                EventSlot,
                EventRegistration,
                EventRepresentative,
                EventMeetingRequest,
                ScheduleRun,
                EventMeeting,
                EventSeat,
                EventMeetingFeedback,
                ActivityRecord,
            )
        }
        assert counts == {
            "Event": 1,
            "EventSession": 1,
            "EventSlot": 2,
            "EventRegistration": 2,
            "EventRepresentative": 1,
            "EventMeetingRequest": 1,
            "ScheduleRun": 1,
            "EventMeeting": 1,
            "EventSeat": 2,
            "EventMeetingFeedback": 1,
            "ActivityRecord": 1,
        }
        representative = EventRepresentative.objects.get(pk=representative_pk)
        assert [s.index for s in representative.unavailable_slots.all()] == [1]
        meeting = EventMeeting.objects.select_related("slot", "request").get()
        assert (meeting.placed_slot.index, meeting.table, meeting.request.status) == (0, 1, "accepted")
        assert ActivityRecord.objects.get().query == "flood"
        assert ContentType.objects.get_for_model(Event).app_label == "events"
        assert ContentType.objects.get_for_model(ActivityRecord).app_label == "solutions"
        assert ContentType.objects.filter(app_label="matchmaking", model="event").exists() is False
    finally:
        _migrate(_latest())
