"""The outbox's writes: rows in the caller's transaction, one per key, delivered after the commit;
delivery under a row lock, back-off and failure after the last attempt; the sweep; staff's retry.
Tasks run eagerly here (config/settings/test.py); tests/outbox/test_worker.py runs a real worker."""

import smtplib
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from common.exceptions import ApplicationError
from outbox.enums import OutboxStatus
from outbox.messages import email_for, message_id_for, row_for
from outbox.models import OutboxMessage
from outbox.services.delivery import claim_stale_messages, deliver_message, retry_delay
from outbox.services.queueing import HAND_OVER_BATCH, KeyedEmail, enqueue, enqueue_many, retry_message
from tests.factories.accounts import UserFactory
from tests.factories.outbox import OutboxMessageFactory

pytestmark = [pytest.mark.integration, pytest.mark.portable, pytest.mark.django_db]


class BrokenMailServer(BaseEmailBackend):
    """The external boundary, failing as an unreachable SMTP server would."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def invitation(n: int = 1) -> EmailMessage:
    message = EmailMessage(f"Invitation {n}", "Come along.", to=[f"p{n}@example.org"], cc=["cc@example.org"])
    message.attach("meeting.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar; method=REQUEST")
    message.attach("logo.png", b"\x89PNG\x00\xff", "image/png")
    return message


def test_a_message_is_sent_after_the_commit_as_it_was_built(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(invitation(), key="invitation:1")

    [sent] = mail.outbox
    row = OutboxMessage.objects.get()
    assert (sent.subject, sent.to, sent.cc, sent.body) == (
        "Invitation 1",
        ["p1@example.org"],
        ["cc@example.org"],
        "Come along.",
    )
    assert [tuple(attachment) for attachment in sent.attachments] == [
        ("meeting.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar; method=REQUEST"),
        ("logo.png", b"\x89PNG\x00\xff", "image/png"),
    ]
    assert sent.extra_headers["Message-ID"] == message_id_for("invitation:1")
    assert (row.status, row.attempts, row.sent_at is not None) == (OutboxStatus.SENT, 1, True)


def test_the_message_id_is_derived_from_the_key():
    assert message_id_for("a") == message_id_for("a") != message_id_for("b")
    assert message_id_for("a").endswith("@localhost>")


def test_nothing_is_written_or_sent_for_a_change_that_rolled_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        enqueue(invitation(), key="invitation:1")
        transaction.set_rollback(True)

    assert (len(callbacks), OutboxMessage.objects.count(), mail.outbox) == (0, 0, [])


def test_a_second_enqueue_with_the_same_key_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(invitation(1), key="same")
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(invitation(2), key="same")

    assert (OutboxMessage.objects.get().subject, [m.subject for m in mail.outbox]) == (
        "Invitation 1",
        ["Invitation 1"],
    )


def test_many_messages_are_one_insert(django_assert_num_queries):
    with django_assert_num_queries(1):
        enqueue_many(KeyedEmail(f"k{n}", invitation(n)) for n in range(5))

    assert OutboxMessage.objects.filter(status=OutboxStatus.QUEUED).count() == 5


def test_delivering_a_sent_message_again_sends_nothing():
    row = OutboxMessageFactory.create()

    first, second = deliver_message(pk=row.pk), deliver_message(pk=row.pk)

    assert (first.status, second.status, len(mail.outbox)) == (OutboxStatus.SENT, "skipped", 1)


def back_off_passed(row: OutboxMessage) -> None:
    """The time of `row`'s next attempt has come."""
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())


@override_settings(
    EMAIL_BACKEND="tests.outbox.test_services.BrokenMailServer", OUTBOX_RETRY_BACKOFF_SECONDS=30
)
def test_a_mail_server_failure_is_recorded_and_retried_later_with_back_off():
    row = OutboxMessageFactory.create()

    first = deliver_message(pk=row.pk)
    too_early = deliver_message(pk=row.pk)  # within the back-off: not even tried
    back_off_passed(row)
    second = deliver_message(pk=row.pk)
    row.refresh_from_db()

    assert too_early.status == "skipped"
    assert (first.status, first.retry_in, second.retry_in) == (OutboxStatus.QUEUED, 30, 60)
    assert (row.status, row.attempts, row.last_error) == (
        OutboxStatus.QUEUED,
        2,
        "SMTPServerDisconnected: Connection unexpectedly closed",
    )
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


@override_settings(EMAIL_BACKEND="tests.outbox.test_services.BrokenMailServer", OUTBOX_MAX_ATTEMPTS=2)
def test_after_the_last_attempt_the_message_is_failed():
    row = OutboxMessageFactory.create()

    outcomes = []
    for _ in range(3):
        outcomes.append(deliver_message(pk=row.pk).status)
        back_off_passed(row)
    row.refresh_from_db()

    assert outcomes == [OutboxStatus.QUEUED, OutboxStatus.FAILED, "skipped"]
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 2)


def test_the_sweep_hands_over_only_messages_overdue_and_not_sent():
    now = timezone.now()
    old = now - timedelta(minutes=10)
    stuck_sending = OutboxMessageFactory.create(status=OutboxStatus.SENDING, next_attempt_at=old)
    waiting = OutboxMessageFactory.create(status=OutboxStatus.QUEUED, next_attempt_at=old)
    OutboxMessageFactory.create(status=OutboxStatus.QUEUED, next_attempt_at=now)  # just queued
    OutboxMessageFactory.create(
        status=OutboxStatus.QUEUED, next_attempt_at=now + timedelta(minutes=2)
    )  # back-off
    OutboxMessageFactory.create(status=OutboxStatus.SENT, sent_at=old, next_attempt_at=old)
    OutboxMessageFactory.create(status=OutboxStatus.FAILED, next_attempt_at=old)

    claimed = claim_stale_messages(older_than=timedelta(minutes=5))

    assert sorted(claimed) == sorted([stuck_sending.pk, waiting.pk])
    assert claim_stale_messages(older_than=timedelta(minutes=5)) == []  # due again only a period later


def test_staff_retry_a_failed_message(django_capture_on_commit_callbacks, staff):
    row = OutboxMessageFactory.create(status=OutboxStatus.FAILED, attempts=6, last_error="SMTPDataError")

    with django_capture_on_commit_callbacks(execute=True):
        retry_message(message=row, actor=staff)
    row.refresh_from_db()

    assert (row.status, row.attempts, len(mail.outbox)) == (OutboxStatus.SENT, 1, 1)


def test_only_staff_retry_and_only_failed_messages(staff):
    failed = OutboxMessageFactory.create(status=OutboxStatus.FAILED)
    sent = OutboxMessageFactory.create(status=OutboxStatus.SENT, sent_at=timezone.now())

    with pytest.raises(PermissionDenied):
        retry_message(message=failed, actor=UserFactory.create())
    with pytest.raises(ApplicationError):
        retry_message(message=sent, actor=staff)


def test_a_row_gives_back_the_message_it_holds():
    row = OutboxMessageFactory.build(
        alternatives=[{"content": "<p>Hi</p>", "mimetype": "text/html"}], reply_to=["desk@example.org"]
    )

    message = email_for(row)

    assert (message.alternatives[0][:2], message.reply_to) == (
        ("<p>Hi</p>", "text/html"),
        ["desk@example.org"],
    )


class CountingMailServer(BaseEmailBackend):
    """The external boundary as an SMTP backend: counts the connections it opens, keeps what it
    accepts, and refuses (for now, as a full mailbox would) the addresses in `refused`."""

    opened = 0
    accepted: list[str] = []
    refused: set[str] = set()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.connected = False

    def open(self):
        if self.connected:
            return False
        CountingMailServer.opened += 1
        self.connected = True
        return True

    def close(self):
        self.connected = False

    def send_messages(self, email_messages):
        new = self.open()
        try:
            for message in email_messages:
                if set(message.to) & self.refused:
                    raise smtplib.SMTPRecipientsRefused(
                        {address: (450, b"Try later") for address in message.to}
                    )
                self.accepted.append(message.extra_headers["Message-ID"])
        finally:
            if new:
                self.close()
        return len(email_messages)


@pytest.fixture
def counting_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingMailServer"
    CountingMailServer.opened, CountingMailServer.accepted, CountingMailServer.refused = 0, [], set()
    return CountingMailServer


def test_messages_handed_over_together_share_one_connection_per_batch(
    counting_server, django_capture_on_commit_callbacks
):
    """Two batches and a bit in one commit: three delivery tasks, one connection each."""
    count = 2 * HAND_OVER_BATCH + 5
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_many(KeyedEmail(f"batch:{n}", invitation(n)) for n in range(count))

    assert counting_server.opened == 3
    assert sorted(counting_server.accepted) == sorted(message_id_for(f"batch:{n}") for n in range(count))
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxStatus.SENT, 1)}


def test_a_message_refused_mid_batch_waits_for_its_retry_and_the_rest_go_on_a_new_connection(
    counting_server, django_capture_on_commit_callbacks
):
    counting_server.refused = {"p2@example.org"}
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_many(KeyedEmail(f"batch:{n}", invitation(n)) for n in range(1, 4))

    assert counting_server.accepted == [message_id_for("batch:1"), message_id_for("batch:3")]
    assert counting_server.opened == 2
    refused = OutboxMessage.objects.get(key="batch:2")
    assert (refused.status, refused.attempts) == (OutboxStatus.QUEUED, 1)
    assert refused.last_error.startswith("SMTPRecipientsRefused")
    assert refused.next_attempt_at > timezone.now()


def test_a_message_rendered_when_written_is_dated_when_it_is_sent():
    row = row_for(EmailMessage("Your meeting starts soon", "Hi", to=["amina@example.org"]), key="reminder:1")
    rendered = row.rendered
    assert isinstance(rendered, bytes)
    written_date = rendered.split(b"\nDate: ", 1)[1].split(b"\n", 1)[0]
    row.rendered = rendered.replace(written_date, b"Mon, 01 Jan 2024 00:00:00 -0000", 1)

    sent = email_for(row).message()

    sent_at = parsedate_to_datetime(sent["Date"]).replace(tzinfo=UTC)  # "-0000": UTC, as Django writes it
    assert abs((sent_at - timezone.now()).total_seconds()) < 60
    assert sent.as_bytes().count(b"Date: ") == 1
    assert sent["Subject"] == "Your meeting starts soon"
