"""Acceptance 1 of issue 16: a real Celery worker (a `celery worker` subprocess) on the real Redis
delivers the outbox to a local SMTP server (aiosmtpd) that counts every message it accepts. Nothing
is deduplicated on the way: the counts are what a mail server would have received."""

import time
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from outbox.enums import OutboxStatus
from outbox.messages import message_id_for
from outbox.models import OutboxMessage
from outbox.services.queueing import HAND_OVER_BATCH, KeyedEmail, enqueue_many
from outbox.tasks import sweep_outbox
from scheduling.models import Meeting
from scheduling.services.meetings import request_meeting
from tests.factories.accounts import OrganisationFactory
from tests.outbox.worker import celery_worker, clear_broker, smtp_sink, wait_until
from tests.scheduling.conftest import berlin_at, open_every_day, person_of
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _tasks_go_to_the_broker(settings):
    """In this module the test process hands tasks to Redis (this run's own key prefix) instead of
    running them itself; the worker subprocess takes them from there. (Celery reads its settings
    from Django's at each use.)"""
    if connection.vendor != "postgresql":
        pytest.skip("A worker in another process needs the PostgreSQL test database.")
    clear_broker()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield
    clear_broker()


@pytest.fixture
def sink():
    with smtp_sink() as counting:
        yield counting


def book_a_meeting() -> Meeting:
    """A city person books a provider: both sides are e-mailed (the booking's own transaction)."""
    host = open_every_day(OrganisationParticipantFactory.create())
    host_person = person_of(host.organisation, time_zone="Europe/Berlin")
    city_person = person_of(OrganisationFactory.create(), time_zone="Asia/Seoul")
    meeting = request_meeting(
        actor=city_person, invitee=host, subject="Smart parking", length=30, start=berlin_at(3, 10)
    )
    rows = OutboxMessage.objects.filter(key__startswith=f"meeting:{meeting.pk}:")
    assert sorted(address for row in rows for address in row.to) == sorted(
        [host_person.email, city_person.email]
    )
    return meeting


def message_ids() -> list[str]:
    return sorted(message_id_for(key) for key in OutboxMessage.objects.values_list("key", flat=True))


def all_sent() -> bool:
    return not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()


def test_an_e_mail_caused_by_a_booking_arrives_exactly_once(sink, tmp_path):
    with celery_worker(smtp_port=sink.port, log=tmp_path / "worker.log"):
        book_a_meeting()
        wait_until(lambda: sink.total() >= 2, timeout=60, what="both e-mails")
        time.sleep(2)  # room for a second copy, if one were coming

    assert dict(sink.received) == dict.fromkeys(message_ids(), 1)
    assert sorted(OutboxMessage.objects.values_list("status", "attempts")) == [(OutboxStatus.SENT, 1)] * 2


def test_a_message_written_ahead_of_its_time_is_held_by_the_worker_until_then(sink, tmp_path):
    """A reminder written before its moment (MEETING_REMINDER_LOOKAHEAD_SECONDS): the worker holds
    its task (Celery's eta) and sends it at that time, not before, and once."""
    with celery_worker(smtp_port=sink.port, log=tmp_path / "worker.log"):
        send_at = timezone.now() + timedelta(seconds=4)
        with transaction.atomic():
            enqueue_many([KeyedEmail("held:1", EmailMessage("Soon", "Body", to=["a@example.org"]), send_at)])
        time.sleep(max((send_at - timezone.now()).total_seconds() - 1, 0))
        nothing_yet = sink.total()  # a second before its time
        wait_until(lambda: sink.total() >= 1, timeout=60, what="the held e-mail")
        time.sleep(2)  # room for a second copy, if one were coming

    assert nothing_yet == 0
    assert dict(sink.received) == dict.fromkeys(message_ids(), 1)
    assert all_sent()


def test_bookings_succeed_without_a_worker_and_their_e_mails_arrive_once_it_starts(sink, tmp_path):
    meetings = [book_a_meeting() for _ in range(3)]
    time.sleep(1)

    assert (Meeting.objects.count(), sink.total()) == (3, 0)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.QUEUED}

    with celery_worker(smtp_port=sink.port, log=tmp_path / "worker.log"):
        wait_until(lambda: sink.total() >= 2 * len(meetings), timeout=60, what="the waiting e-mails")
        time.sleep(2)

    assert dict(sink.received) == dict.fromkeys(message_ids(), 1)
    assert all_sent()


def test_a_worker_killed_in_the_middle_of_a_batch_loses_none_and_duplicates_none(sink, tmp_path):
    """200 e-mails; once 80 have arrived, the sink holds every further SMTP conversation at RCPT (the
    worker has claimed the message and holds its row lock, the server has accepted nothing yet), and
    when both pool processes are held there the whole worker is killed with SIGKILL: no shutdown, no
    acknowledgement, the reserved tasks lost with it. A new worker and the sweep deliver the rest."""
    concurrency = 2
    log = tmp_path / "worker.log"
    with transaction.atomic():
        enqueue_many(
            KeyedEmail(f"batch:{n}", EmailMessage(f"Message {n}", "Body", to=[f"person{n}@example.org"]))
            for n in range(200)
        )
    sink.hold_after(80)

    with celery_worker(smtp_port=sink.port, log=log, concurrency=concurrency) as first:
        wait_until(lambda: sink.held >= concurrency, timeout=120, what="both pool processes to be mid-send")
        first.kill()
    sink.release()
    killed_mid_send = OutboxMessage.objects.filter(status=OutboxStatus.SENDING).count()
    arrived_before_the_kill = sink.total()

    # The sweep re-queues unsent messages as soon as they are 1 s overdue (5 minutes in production),
    # including some whose first task is still waiting in the queue: those are handed over twice.
    with celery_worker(smtp_port=sink.port, log=log, env={"OUTBOX_STALE_AFTER_SECONDS": "1"}):

        def swept_and_done() -> bool:
            sweep_outbox.delay()
            return all_sent()

        wait_until(swept_and_done, timeout=180, what="every message to be sent", step=2)
        time.sleep(2)

    # The kill came mid-batch (a pool process may have passed RCPT just before the 80th arrived) and
    # found each pool process in an SMTP conversation not yet accepted, its batch claimed ("sending":
    # the message on the wire and the batch's rest, HAND_OVER_BATCH at most each).
    assert 80 <= arrived_before_the_kill < 80 + concurrency
    assert concurrency <= killed_mid_send <= concurrency * HAND_OVER_BATCH
    assert dict(sink.received) == dict.fromkeys(message_ids(), 1)
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 200


def test_the_remaining_window_a_worker_killed_after_the_server_took_a_message_sends_it_again(sink, tmp_path):
    """The one case docs/concepts.md names: the server has taken message 5 but the worker is killed
    before it hears so, and so before it commits "sent". That message arrives twice; no other does,
    and none is lost. (One pool process, so the kill catches nothing else mid-send.)"""
    log = tmp_path / "worker.log"
    with celery_worker(smtp_port=sink.port, log=log, concurrency=1) as first:
        sink.on_accepting(5, first.kill)
        with transaction.atomic():
            enqueue_many(
                KeyedEmail(f"window:{n}", EmailMessage(f"Message {n}", "Body", to=[f"person{n}@example.org"]))
                for n in range(10)
            )
        wait_until(lambda: first.process.poll() is not None, timeout=120, what="the kill")
    with celery_worker(smtp_port=sink.port, log=log, env={"OUTBOX_STALE_AFTER_SECONDS": "1"}):

        def swept_and_done() -> bool:
            sweep_outbox.delay()
            return all_sent()

        wait_until(swept_and_done, timeout=120, what="every message to be sent", step=2)
        time.sleep(2)

    twice = [message_id for message_id, count in sink.received.items() if count == 2]
    assert sorted(sink.received) == message_ids()
    assert (len(twice), sum(sink.received.values())) == (1, 11)
