from datetime import UTC

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from common.realtime import user_group
from notifications import selectors
from notifications.enums import NotificationKind, kinds_by_group
from notifications.models import Notification
from notifications.services import (
    Notice,
    deliver_notifications,
    mark_all_notifications_read,
    mark_notification_read,
    notify_people,
    notify_person,
    set_email_preferences,
)
from tests.factories.accounts import UserFactory
from tests.factories.notifications import EmailPreferenceFactory, NotificationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def sent(monkeypatch):
    """The live events handed to the channel layer, as (group, type, payload): the boundary."""
    events = []
    monkeypatch.setattr(
        "common.realtime.send_to_group", lambda group, kind, payload: events.append((group, kind, payload))
    )
    return events


def test_notify_person_writes_the_row_and_tells_after_commit(sent, django_capture_on_commit_callbacks):
    reader = UserFactory.create()
    NotificationFactory.create(recipient=reader)

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_person(
            recipient=reader,
            kind=NotificationKind.MEETING_REQUESTED,
            title="Meeting request: Smart parking",
            link="/my/meetings/#meeting-1",
            payload={"id": 1},
        )

    assert (notification.recipient, notification.read_at, notification.link) == (
        reader,
        None,
        "/my/meetings/#meeting-1",
    )
    group = user_group(reader.pk)
    assert [(g, kind) for g, kind, _ in sent] == [
        (group, "meeting.requested"),
        (group, "notification.created"),
    ]
    assert sent[0][2] == {"id": 1}
    assert sent[1][2] == {
        "id": notification.pk,
        "kind": "meeting.requested",
        "title": "Meeting request: Smart parking",
        "link": "/my/meetings/#meeting-1",
        "created_at": notification.created_at.astimezone(UTC).isoformat(),
        "unread_count": 2,
    }


def test_notification_rolled_back_with_the_change_tells_nobody(sent, django_capture_on_commit_callbacks):
    reader = UserFactory.create()

    def change_that_fails():
        with transaction.atomic():
            notify_person(recipient=reader, kind=NotificationKind.MEETING_CONFIRMED, title="x", link="/")
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_that_fails()

    assert (Notification.objects.count(), sent) == (0, [])


def test_notify_people_writes_all_rows_in_one_insert(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    readers = UserFactory.create_batch(3)

    with django_assert_num_queries(1):
        notifications = notify_people(
            recipients=readers,
            kind=NotificationKind.EVENT_AGENDA_PUBLISHED,
            title="Agenda",
            link="/events/x/agenda/",
        )

    assert [n.recipient for n in notifications] == readers


def test_deliver_notifications_counts_unread_in_one_query_after_commit(
    sent, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first, second = UserFactory.create_batch(2)
    NotificationFactory.create_batch(2, recipient=second)
    notices = [
        Notice(recipient=first, kind="meeting.confirmed", title="a", link="/my/meetings/"),
        Notice(recipient=second, kind="project.note_added", title="b", link="/projects/1/"),
    ]

    with django_capture_on_commit_callbacks() as callbacks:
        deliver_notifications(notices=notices)
    with django_assert_num_queries(1), django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    assert [payload["unread_count"] for _, kind, payload in sent] == [1, 3]


@pytest.mark.parametrize("link", ["https://evil.example/", "//evil.example/x", "my/meetings/"])
def test_a_notification_links_only_to_this_site(link):
    with pytest.raises(ValueError, match="page of this site"):
        notify_person(recipient=UserFactory.create(), kind="meeting.requested", title="x", link=link)


def test_the_database_refuses_a_link_to_another_site():
    with pytest.raises(IntegrityError):
        NotificationFactory.create(link="//evil.example/")


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify_person(recipient=UserFactory.create(), kind="meeting.teleported", title="x", link="/")


def test_mark_read_marks_the_readers_own_and_tells_their_pages(sent, django_capture_on_commit_callbacks):
    notification = NotificationFactory.create()
    NotificationFactory.create(recipient=notification.recipient)

    with django_capture_on_commit_callbacks(execute=True):
        marked = mark_notification_read(notification=notification, reader=notification.recipient)

    assert marked.read_at is not None
    assert sent == [(user_group(notification.recipient.pk), "notification.read", {"unread_count": 1})]


def test_marking_someone_elses_notification_is_a_404():
    notification = NotificationFactory.create()

    with pytest.raises(Http404):
        mark_notification_read(notification=notification, reader=UserFactory.create())

    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_readers_unread(sent, django_capture_on_commit_callbacks):
    reader = UserFactory.create()
    NotificationFactory.create_batch(3, recipient=reader)
    other = NotificationFactory.create()

    with django_capture_on_commit_callbacks(execute=True):
        marked = mark_all_notifications_read(reader=reader)

    other.refresh_from_db()
    assert (marked, selectors.unread_count(recipient=reader), other.read_at) == (3, 0, None)
    assert [kind for _, kind, _ in sent] == ["notification.read"]


def test_every_kind_comes_by_email_by_default():
    assert selectors.wants_email(UserFactory.create(), "meeting.requested") is True


def test_a_kind_switched_off_does_not_come_by_email():
    person = EmailPreferenceFactory.create(topic="meeting.requested").person

    assert (
        selectors.wants_email(person, "meeting.requested"),
        selectors.wants_email(person, "meeting.confirmed"),
    ) == (
        False,
        True,
    )


def test_a_group_switched_off_covers_its_kinds_unless_a_kind_says_otherwise():
    person = EmailPreferenceFactory.create(topic="meeting").person
    EmailPreferenceFactory.create(person=person, topic="meeting.confirmed", by_email=True)

    assert [
        selectors.wants_email(person, kind)
        for kind in ("meeting.requested", "meeting.confirmed", "event.agenda_published")
    ] == [
        False,
        True,
        True,
    ]


def test_set_email_preferences_updates_in_place():
    person = UserFactory.create()

    set_email_preferences(person=person, choices={"meeting.requested": False, "project": False})
    set_email_preferences(person=person, choices={"meeting.requested": True})

    assert selectors.email_settings_of(person)["meeting.requested"] is True
    assert selectors.email_settings_of(person)["project.stage_changed"] is False
    assert person.email_preferences.count() == 2


def test_set_email_preferences_refuses_unknown_kinds():
    with pytest.raises(ValidationError):
        set_email_preferences(person=UserFactory.create(), choices={"meeting.teleported": False})


def test_people_wanting_email_is_one_query(django_assert_num_queries):
    people = UserFactory.create_batch(3)
    EmailPreferenceFactory.create(person=people[1], topic="event")

    with django_assert_num_queries(1):
        wanting = selectors.people_wanting_email(people, "event.request_received")

    assert wanting == [people[0], people[2]]


def test_every_kind_belongs_to_a_group():
    grouped = [kind for _, kinds in kinds_by_group() for kind in kinds]

    assert sorted(grouped) == sorted(NotificationKind)
