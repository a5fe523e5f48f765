import pytest
from rest_framework.test import APIClient

from notifications.models import Notification
from tests.factories.accounts import UserFactory
from tests.factories.notifications import NotificationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NOTIFICATIONS = "/api/v1/notifications/"


@pytest.fixture
def reader(db):
    return UserFactory.create()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", NOTIFICATIONS),
        ("get", f"{NOTIFICATIONS}unread-count/"),
        ("post", f"{NOTIFICATIONS}1/read/"),
        ("post", f"{NOTIFICATIONS}read-all/"),
    ],
)
def test_anonymous_callers_get_401(api_client, method, url):
    response = getattr(api_client, method)(url)

    assert response.status_code == 401


def test_list_shows_own_notifications_newest_first(api_client, reader):
    older = NotificationFactory.create(recipient=reader)
    newer = NotificationFactory.create(recipient=reader, read_at="2025-01-01T00:00Z")
    NotificationFactory.create()
    api_client.force_authenticate(reader)

    response = api_client.get(NOTIFICATIONS)

    assert response.status_code == 200
    assert [n["id"] for n in response.json()["results"]] == [newer.pk, older.pk]
    assert response.json()["results"][1] == {
        "id": older.pk,
        "kind": "meeting.requested",
        "title": older.title,
        "body": "",
        "link": "/my/meetings/",
        "created_at": response.json()["results"][1]["created_at"],
        "read_at": None,
    }


def test_list_filters_unread(api_client, reader):
    unread = NotificationFactory.create(recipient=reader)
    NotificationFactory.create(recipient=reader, read_at="2025-01-01T00:00Z")
    api_client.force_authenticate(reader)

    response = api_client.get(NOTIFICATIONS, {"unread": "true"})

    assert [n["id"] for n in response.json()["results"]] == [unread.pk]


@pytest.mark.parametrize("item_count", [1, 3])
def test_list_query_count_is_constant(api_client, reader, django_assert_num_queries, item_count):
    NotificationFactory.create_batch(item_count, recipient=reader)
    api_client.force_authenticate(reader)

    with django_assert_num_queries(2):  # count, page
        response = api_client.get(NOTIFICATIONS)

    assert response.json()["count"] == item_count


def test_unread_count(api_client, reader):
    NotificationFactory.create_batch(2, recipient=reader)
    NotificationFactory.create()
    api_client.force_authenticate(reader)

    response = api_client.get(f"{NOTIFICATIONS}unread-count/")

    assert response.json() == {"unread_count": 2}


def test_mark_read(api_client, reader):
    notification = NotificationFactory.create(recipient=reader)
    api_client.force_authenticate(reader)

    response = api_client.post(f"{NOTIFICATIONS}{notification.pk}/read/")

    notification.refresh_from_db()
    assert (response.status_code, response.json()["read_at"] is not None, notification.is_read) == (
        200,
        True,
        True,
    )


def test_someone_elses_notification_is_a_404(api_client, reader):
    notification = NotificationFactory.create()
    api_client.force_authenticate(reader)

    response = api_client.post(f"{NOTIFICATIONS}{notification.pk}/read/")

    notification.refresh_from_db()
    assert (response.status_code, notification.read_at) == (404, None)


def test_mark_all_read(api_client, reader):
    NotificationFactory.create_batch(3, recipient=reader)
    other = NotificationFactory.create()
    api_client.force_authenticate(reader)

    response = api_client.post(f"{NOTIFICATIONS}read-all/")

    assert response.json() == {"marked": 3}
    assert Notification.objects.filter(read_at__isnull=True).get() == other


def test_the_schema_documents_the_endpoints(api_client):
    paths = api_client.get("/api/schema/?format=json").json()["paths"]

    assert [p for p in paths if p.startswith("/api/v1/notifications/")] == [
        "/api/v1/notifications/",
        "/api/v1/notifications/{id}/read/",
        "/api/v1/notifications/email-preferences/",
        "/api/v1/notifications/read-all/",
        "/api/v1/notifications/unread-count/",
    ]


def test_email_preferences_are_read_and_changed_through_the_api():
    person = UserFactory.create()
    client = APIClient()
    client.force_authenticate(person)

    changed = client.put(
        "/api/v1/notifications/email-preferences/", {"by_email": {"membership": False}}, format="json"
    )
    read = client.get("/api/v1/notifications/email-preferences/")

    assert changed.status_code == 200
    assert read.json()["by_email"]["membership.join_decided"] is False
    assert read.json()["by_email"]["meeting.requested"] is True


def test_email_preferences_refuse_an_unknown_topic_and_anonymous_callers():
    client = APIClient()
    assert client.get("/api/v1/notifications/email-preferences/").status_code == 401
    client.force_authenticate(UserFactory.create())

    response = client.put(
        "/api/v1/notifications/email-preferences/", {"by_email": {"gossip": True}}, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["topics"])
