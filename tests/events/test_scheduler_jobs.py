"""Scheduler runs off the request (issue 16, acceptance 2): the page and the API queue a run and
return; a Celery task solves it through the same service as the synchronous run (same result);
its progress reaches the event's dashboards over the real Redis channel layer; staff cancel it; the
beat sweep fails a run whose worker died; one active run per event."""

import random
import threading
import time
from datetime import time as clock
from datetime import timedelta

import pytest
import redis
from asgiref.sync import sync_to_async
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client
from django.utils import timezone

from events.enums import EventPhase, RunStatus
from events.models import EventMeeting, EventSeat, ScheduleRun
from events.services.scheduler import (
    cancel_schedule_run,
    execute_schedule_run,
    run_scheduler,
    start_schedule_run,
)
from events.services.scheduler_queue import queue_schedule_run
from events.tasks import sweep_schedule_runs
from tests.events.test_consumers import connect_to_dashboard
from tests.factories.accounts import CorporationFactory, StaffFactory
from tests.factories.events import accepted_meeting, event_with_sessions, registered
from tests.live_server import free_port
from tests.outbox.worker import celery_worker, clear_broker, wait_until

pytestmark = [pytest.mark.integration]

LIMIT = 2.0
FIGURES = (
    "status",
    "solver_status",
    "applied",
    "requested",
    "placed",
    "pinned",
    "total_breaks",
    "break_spread",
)


def small_event():
    """Four slots, two tables; two cities meeting three providers (five meetings)."""
    event = event_with_sessions(("Morning", clock(9), 4), phase=EventPhase.SCHEDULING, tables=2)
    cities = [registered(event)[0] for _ in range(2)]
    providers = [registered(event, CorporationFactory.create())[0] for _ in range(3)]
    for provider in providers:
        accepted_meeting(event, cities[0], provider)
    for provider in providers[:2]:
        accepted_meeting(event, cities[1], provider)
    return event


def hard_event():
    """An event CP-SAT does not settle within 20 s on two workers (measured: 13 cities, 27 providers,
    130 meetings, 14 slots, 10 tables; still improving the breaks at the time limit)."""
    event = event_with_sessions(("Day", clock(8), 14), phase=EventPhase.SCHEDULING, tables=10)
    cities = [registered(event)[0] for _ in range(13)]
    providers = [registered(event, CorporationFactory.create())[0] for _ in range(27)]
    chooser = random.Random(1)  # noqa: S311 -- a fixed test instance, not security
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 130:
        pairs.add((chooser.randrange(len(cities)), chooser.randrange(len(providers))))
    for city, provider in sorted(pairs):
        accepted_meeting(event, cities[city], providers[provider])
    return event


def draft(event):
    return {
        m.pk: (m.slot.index if m.slot else None, m.table) for m in EventMeeting.objects.filter(event=event)
    }


def figures(run):
    return {name: getattr(run, name) for name in FIGURES}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def no_worker(settings):
    """Tasks go to this run's Redis queue, and no worker takes them."""
    clear_broker()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield
    clear_broker()


def queued_tasks() -> int:
    prefix = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"]
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    try:
        return int(client.llen(f"{prefix}celery"))
    finally:
        client.close()


# --- One code path: the task's result is the synchronous run's -------------------------------


@pytest.mark.django_db
def test_the_task_gives_the_same_result_as_the_synchronous_run(staff, django_capture_on_commit_callbacks):
    event = small_event()
    synchronous = run_scheduler(event=event, actor=staff, time_limit_s=LIMIT)
    synchronous_draft = draft(event)
    EventSeat.objects.filter(meeting__event=event).delete()
    EventMeeting.objects.filter(event=event).update(slot=None, table=None)

    with django_capture_on_commit_callbacks(execute=True):  # the commit hands it to the (eager) task
        queued = queue_schedule_run(event=event, actor=staff, time_limit_s=LIMIT)
        assert ScheduleRun.objects.get(pk=queued.pk).status == RunStatus.QUEUED
    queued.refresh_from_db()

    assert figures(queued) == figures(synchronous)
    assert figures(queued)["status"] == RunStatus.DONE
    assert (queued.placed, queued.applied) == (5, True)
    # Both drafts place every meeting; which of several equally good schedules comes back may differ
    # from one solve to the next (CP-SAT's two workers race), synchronous or not: measured on the
    # code before this change too, so the figures above are what "the same result" can promise.
    assert None not in {slot for slot, _ in draft(event).values()}
    assert set(draft(event)) == set(synchronous_draft)
    assert queued.heartbeat_at is not None


# --- The page and the API return at once ------------------------------------------------------


@pytest.mark.django_db
def test_the_page_queues_the_run_and_returns_without_solving_it(
    staff, no_worker, django_capture_on_commit_callbacks
):
    event = small_event()
    client = logged_in(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{event.slug}/schedule/", {"action": "run"})
    page = client.get(f"/events/{event.slug}/schedule/")

    run = ScheduleRun.objects.get(event=event)
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.slug}/schedule/"
    # Nobody took the task: the run waits, queued, and the draft is untouched.
    assert (run.status, run.heartbeat_at, run.finished_at) == (RunStatus.QUEUED, None, None)
    assert set(draft(event).values()) == {(None, None)}
    assert queued_tasks() == 1
    body = page.content.decode()
    assert 'data-testid="run-live"' in body
    assert 'data-testid="cancel-run"' in body
    assert "frontend/schedule_run.js" in body


@pytest.mark.django_db
def test_a_second_run_is_refused_on_the_page_and_with_409_in_the_api(
    staff, no_worker, api_client, django_capture_on_commit_callbacks
):
    event = small_event()
    client = logged_in(staff)
    api_client.force_authenticate(staff)

    with django_capture_on_commit_callbacks(execute=True):
        first = api_client.post(f"/api/v1/events/{event.pk}/runs/", {"time_limit_s": 2}, format="json")
    second = api_client.post(f"/api/v1/events/{event.pk}/runs/", {"time_limit_s": 2}, format="json")
    page = client.post(f"/events/{event.slug}/schedule/", {"action": "run"}, follow=True)

    assert first.status_code == 202
    assert first.json()["status"] == "queued"
    assert first["Location"] == f"/api/v1/events/{event.pk}/runs/{first.json()['id']}/"
    assert second.status_code == 409
    assert "already queued or running" in second.json()["detail"]
    assert [str(m) for m in page.context["messages"]] == [
        "A scheduler run of this event is already queued or running; wait for it or cancel it."
    ]
    assert ScheduleRun.objects.filter(event=event).count() == 1


@pytest.mark.django_db
def test_a_queued_run_is_cancelled_at_once_and_its_task_then_does_nothing(staff, no_worker, api_client):
    event = small_event()
    run = start_schedule_run(event=event, actor=staff, time_limit_s=LIMIT)
    api_client.force_authenticate(staff)

    cancelled = api_client.post(f"/api/v1/events/{event.pk}/runs/{run.pk}/cancel/")
    again = api_client.post(f"/api/v1/events/{event.pk}/runs/{run.pk}/cancel/")
    late = execute_schedule_run(run=run)  # the task, delivered after the cancel

    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert again.status_code == 409
    assert late.status == RunStatus.CANCELLED
    assert set(draft(event).values()) == {(None, None)}
    assert run_scheduler(event=event, actor=staff, time_limit_s=LIMIT).status == RunStatus.DONE


# --- Progress streams to the dashboard ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_progress_reaches_the_event_dashboard_over_the_redis_channel_layer(settings):
    settings.EVENT_SCHEDULER_HEARTBEAT_S = 0.25
    staff = await sync_to_async(StaffFactory.create)()
    event = await sync_to_async(hard_event)()
    communicator, connected, _ = await connect_to_dashboard(event.pk, staff)
    assert connected

    try:
        run = await sync_to_async(run_scheduler)(event=event, actor=staff, time_limit_s=3.0)
        received: list[dict] = []
        while not any(m["type"] == "event.run_finished" for m in received):
            received.append(await communicator.receive_json_from(timeout=5))
        stored = await sync_to_async(ScheduleRun.objects.get)(pk=run.pk)
    finally:
        await communicator.disconnect()
        await sync_to_async(connections.close_all)()

    progress = [m["payload"] for m in received if m["type"] == "event.run_progress"]
    types = [m["type"] for m in received]
    assert types[:2] == ["event.run_queued", "event.run_started"]
    assert len(progress) >= 4  # about four a second for three seconds
    assert {p["run"] for p in progress} == {run.pk}
    assert [p["seconds"] for p in progress] == sorted(p["seconds"] for p in progress)
    assert progress[-1]["objective"] is not None  # a schedule with every meeting placed was found
    assert progress[-1]["bound"] <= progress[-1]["objective"]
    assert set(progress[-1]) >= {"event", "run", "objective", "bound", "seconds"}
    assert (stored.status, stored.progress["objective"]) == (RunStatus.DONE, progress[-1]["objective"])


# --- Cancel -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_cancel_stops_a_long_run_well_before_its_limit_and_keeps_the_draft(settings):
    settings.EVENT_SCHEDULER_HEARTBEAT_S = 0.25
    staff = StaffFactory.create()
    event = hard_event()
    before = draft(event)
    run = start_schedule_run(event=event, actor=staff, time_limit_s=120)
    ended = {}

    def worker():
        try:
            ended["run"] = execute_schedule_run(run=run)
        finally:
            connections.close_all()

    started = time.monotonic()
    thread = threading.Thread(target=worker)
    thread.start()
    wait_until(
        lambda: ScheduleRun.objects.get(pk=run.pk).progress.get("objective") is not None,
        timeout=60,
        what="the first schedule",
    )
    cancel_schedule_run(run=ScheduleRun.objects.get(pk=run.pk), actor=staff)
    thread.join(timeout=60)
    elapsed = time.monotonic() - started

    run.refresh_from_db()
    assert not thread.is_alive()
    assert (run.status, ended["run"].status, run.cancel_requested) == (
        RunStatus.CANCELLED,
        RunStatus.CANCELLED,
        True,
    )
    assert elapsed < 30  # the limit was 120 s
    assert run.finished_at is not None
    assert draft(event) == before  # a cancelled run replaces no draft


# --- A worker that died ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sweep_fails_a_run_whose_worker_died_and_leaves_a_live_one(staff):
    dead_event, live_event = small_event(), small_event()
    dead = start_schedule_run(event=dead_event, actor=staff, time_limit_s=LIMIT)
    live = start_schedule_run(event=live_event, actor=staff, time_limit_s=LIMIT)
    long_ago = timezone.now() - timedelta(seconds=django_settings.EVENT_SCHEDULER_STALE_AFTER_S + 5)
    ScheduleRun.objects.filter(pk=dead.pk).update(status=RunStatus.RUNNING, heartbeat_at=long_ago)
    ScheduleRun.objects.filter(pk=live.pk).update(status=RunStatus.RUNNING, heartbeat_at=timezone.now())

    swept = sweep_schedule_runs.apply().get()

    dead.refresh_from_db()
    live.refresh_from_db()
    assert swept == 1
    assert (dead.status, live.status) == (RunStatus.FAILED, RunStatus.RUNNING)
    assert dead.finished_at is not None
    assert dead.problems == ["The run was abandoned: its worker stopped giving signs of life."]
    assert {
        "task": "events.tasks.sweep_schedule_runs",
        "schedule": 60.0,
    } in django_settings.CELERY_BEAT_SCHEDULE.values()
    # The event is free again.
    assert run_scheduler(event=dead_event, actor=staff, time_limit_s=LIMIT).status == RunStatus.DONE


# --- A real worker ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_run_started_on_the_page_waits_for_a_worker_and_a_real_worker_completes_it(no_worker, tmp_path):
    """A `celery worker` subprocess on the test database and this run's Redis prefix."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("A worker in another process needs the PostgreSQL test database.")
    staff = StaffFactory.create()
    event = small_event()

    response = logged_in(staff).post(f"/events/{event.slug}/schedule/", {"action": "run"})
    time.sleep(1)
    waiting = ScheduleRun.objects.get(event=event)
    with celery_worker(smtp_port=free_port(), log=tmp_path / "worker.log", concurrency=1):
        wait_until(
            lambda: (
                ScheduleRun.objects.get(pk=waiting.pk).status not in {RunStatus.QUEUED, RunStatus.RUNNING}
            ),
            timeout=60,
            what="the worker to finish the run",
        )

    run = ScheduleRun.objects.get(pk=waiting.pk)
    assert response.status_code == 302
    assert waiting.status == RunStatus.QUEUED
    assert (run.status, run.solver_status, run.placed, run.applied) == (RunStatus.DONE, "optimal", 5, True)
    assert None not in {slot for slot, _ in draft(event).values()}


@pytest.mark.django_db
def test_the_sweep_hands_over_again_a_run_whose_hand_over_was_lost(staff):
    # start_schedule_run records the run as queue_schedule_run does, without handing it to a worker:
    # as when the broker was down at that moment.
    stranded_event, fresh_event = small_event(), small_event()
    stranded = start_schedule_run(event=stranded_event, actor=staff, time_limit_s=LIMIT)
    fresh = start_schedule_run(event=fresh_event, actor=staff, time_limit_s=LIMIT)
    waited = timezone.now() - timedelta(seconds=django_settings.EVENT_SCHEDULER_REQUEUE_AFTER_S + 5)
    ScheduleRun.objects.filter(pk=stranded.pk).update(started_at=waited)

    sweep_schedule_runs.apply().get()  # the tests' Celery runs the handed-over task at once

    stranded.refresh_from_db()
    fresh.refresh_from_db()
    assert (stranded.status, fresh.status) == (RunStatus.DONE, RunStatus.QUEUED)
    assert stranded.placed == 5
