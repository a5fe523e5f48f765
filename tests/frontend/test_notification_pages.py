import pytest
from django.test import Client

from notifications.models import Notification
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.notifications import EmailPreferenceFactory, NotificationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reader(db):
    return UserFactory.create(organisation=OrganisationFactory.create())


def test_the_bell_shows_the_unread_count_on_every_page(reader):
    NotificationFactory.create_batch(2, recipient=reader)
    NotificationFactory.create(recipient=reader, read_at="2025-01-01T00:00Z")

    response = logged_in(reader).get("/solutions/")

    assert response.context["unread_notifications"] == 2
    assert 'data-testid="unread-count" aria-label="unread">2</span>' in response.content.decode()


def test_the_bell_hides_a_zero_count(reader):
    response = logged_in(reader).get("/")

    assert 'data-testid="unread-count" aria-label="unread" hidden>0</span>' in response.content.decode()


def test_a_session_from_before_the_bell_still_sees_the_count(reader):
    NotificationFactory.create(recipient=reader)
    client = Client()
    client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get("/")

    assert str(response.context["unread_notifications"]) == "1"


def test_visitors_see_no_bell(client):
    response = client.get("/")

    assert (
        "unread_notifications" in response.context,
        'data-testid="bell"' in response.content.decode(),
    ) == (
        False,
        False,
    )


def test_the_notifications_page_needs_a_login(client):
    response = client.get("/notifications/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/notifications/")


def test_the_list_shows_own_notifications_newest_first(reader):
    older = NotificationFactory.create(recipient=reader, title="Older")
    newer = NotificationFactory.create(recipient=reader, title="Newer")
    NotificationFactory.create(title="Someone else's")

    response = logged_in(reader).get("/notifications/")

    assert list(response.context["page"]) == [newer, older]


def test_the_unread_filter(reader):
    unread = NotificationFactory.create(recipient=reader)
    NotificationFactory.create(recipient=reader, read_at="2025-01-01T00:00Z")

    response = logged_in(reader).get("/notifications/?unread=on")

    assert list(response.context["page"]) == [unread]


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_notifications_page_query_count_is_constant(reader, django_assert_num_queries, item_count):
    NotificationFactory.create_batch(item_count, recipient=reader)
    client = logged_in(reader)

    with django_assert_num_queries(
        5
    ):  # session, user (with the unread count), count, page, organisation (nav)
        response = client.get("/notifications/")

    assert len(response.context["page"]) == item_count


def test_opening_a_notification_marks_it_read_and_follows_its_link(reader):
    notification = NotificationFactory.create(recipient=reader, link="/my/meetings/#meeting-7")

    response = logged_in(reader).post(f"/notifications/{notification.pk}/open/")

    notification.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/my/meetings/#meeting-7")
    assert notification.read_at is not None


def test_opening_someone_elses_notification_is_a_404(reader):
    notification = NotificationFactory.create()

    response = logged_in(reader).post(f"/notifications/{notification.pk}/open/")

    notification.refresh_from_db()
    assert (response.status_code, notification.read_at) == (404, None)


def test_mark_all_read(reader):
    NotificationFactory.create_batch(3, recipient=reader)

    response = logged_in(reader).post("/notifications/read-all/", follow=True)

    assert Notification.objects.filter(recipient=reader, read_at__isnull=True).count() == 0
    assert [str(m) for m in response.context["messages"]] == ["Marked 3 notifications read."]


def test_the_settings_page_shows_every_kind_checked_by_default(reader):
    EmailPreferenceFactory.create(person=reader, topic="project")

    form = logged_in(reader).get("/notifications/settings/").context["form"]

    assert (form["meeting.requested"].value(), form["project.stage_changed"].value()) == (True, False)


def test_the_settings_page_saves_the_choice(reader):
    checked = {"meeting.requested": "on", "meeting.confirmed": "on"}

    response = logged_in(reader).post("/notifications/settings/", checked)

    assert response.status_code == 302
    settings = logged_in(reader).get("/notifications/settings/").context["form"]
    assert (settings["meeting.requested"].value(), settings["meeting.cancelled"].value()) == (True, False)
