"""The staff's e-mail outbox page (frontend/views/outbox.py): staff only, filter by status, Retry."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from tests.factories.accounts import UserFactory
from tests.factories.outbox import OutboxMessageFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_only_staff_see_the_outbox(client):
    assert client.get("/staff/outbox/").status_code == 302  # to the login page
    assert logged_in(UserFactory.create()).get("/staff/outbox/").status_code == 403


def test_the_outbox_filters_by_status(staff):
    failed = OutboxMessageFactory.create(
        status=OutboxStatus.FAILED, attempts=6, last_error="SMTPDataError: 554"
    )
    OutboxMessageFactory.create(status=OutboxStatus.SENT, sent_at=timezone.now())
    client = logged_in(staff)

    everything = client.get("/staff/outbox/")
    only_failed = client.get("/staff/outbox/?status=failed")
    unknown = client.get("/staff/outbox/?status=lost")

    assert (len(everything.context["page"]), len(unknown.context["page"])) == (2, 2)
    assert list(only_failed.context["page"]) == [failed]
    assert only_failed.context["filters"] == [
        ("queued", "Queued", 0),
        ("sending", "Sending", 0),
        ("sent", "Sent", 1),
        ("failed", "Failed", 1),
        ("cancelled", "Cancelled", 0),
    ]
    page = only_failed.content.decode()
    assert "SMTPDataError: 554" in page
    assert f'action="/staff/outbox/{failed.pk}/retry/"' in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_outbox_page_query_count_is_constant(staff, count, django_assert_num_queries):
    OutboxMessageFactory.create_batch(count)
    client = logged_in(staff)

    # session, user (with the unread count), counts per status, page count, page
    with django_assert_num_queries(5):
        response = client.get("/staff/outbox/")

    assert len(response.context["page"]) == count


def test_retry_queues_a_failed_message_again_and_sends_it(staff, django_capture_on_commit_callbacks):
    failed = OutboxMessageFactory.create(status=OutboxStatus.FAILED, attempts=6)

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(staff).post(f"/staff/outbox/{failed.pk}/retry/", {"status": "failed"})

    assert (response.status_code, response["Location"]) == (302, "/staff/outbox/?status=failed")
    assert (OutboxMessage.objects.get().status, len(mail.outbox)) == (OutboxStatus.SENT, 1)


def test_retry_is_a_post_for_staff_only_with_a_csrf_token(staff):
    failed = OutboxMessageFactory.create(status=OutboxStatus.FAILED)
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(staff)

    assert logged_in(staff).get(f"/staff/outbox/{failed.pk}/retry/").status_code == 405
    assert logged_in(UserFactory.create()).post(f"/staff/outbox/{failed.pk}/retry/").status_code == 403
    assert checked.post(f"/staff/outbox/{failed.pk}/retry/").status_code == 403
    assert OutboxMessage.objects.get().status == OutboxStatus.FAILED


def test_the_staff_navigation_links_to_the_outbox(staff):
    page = logged_in(staff).get("/staff/").content.decode()

    assert 'href="/staff/outbox/" data-testid="staff-outbox-link"' in page


def test_the_admin_lists_the_outbox(staff):
    OutboxMessageFactory.create(subject="Welcome aboard")
    staff.is_superuser = True
    staff.save()

    page = logged_in(staff).get("/admin/outbox/outboxmessage/").content.decode()

    assert "Welcome aboard" in page
