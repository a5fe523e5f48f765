"""Every write of the notification centre.

`notify_person` / `deliver_notifications` write the rows in the caller's transaction (so a change
that rolls back leaves no notification) and, after the commit, send each reader a live
`notification.created` event with their unread count; with a `payload`, the domain event of the
same name (`meeting.requested`) goes first, exactly as `common.realtime.notify` sent it before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import User
from common.languages import speaking_to
from common.realtime import notify
from notifications import selectors
from notifications.enums import NotificationKind
from notifications.models import EmailPreference, Notification


@dataclass(frozen=True)
class Notice:
    """One notification to write: for whom, what, and where the reader acts."""

    recipient: User
    kind: str
    # str, or a lazy text, made in the recipient's language when the row is written
    title: str | Promise
    link: str
    body: str | Promise = ""
    payload: dict[str, Any] | None = None


def _check(notice: Notice) -> None:
    if notice.kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {notice.kind!r}; add it to NotificationKind.")
    if not notice.link.startswith("/") or notice.link.startswith("//"):
        raise ValueError(f"A notification links to a page of this site, not {notice.link!r}.")


def _texts_for_reader(notice: Notice) -> dict[str, str]:
    """The title and body as their reader reads them: a lazy text (`gettext_lazy`, `format_lazy`, or
    `common.languages.per_reader`) becomes text in the reader's language; plain text stays as given."""
    with speaking_to(notice.recipient):
        return {"title": str(notice.title)[:200], "body": str(notice.body)}


def live_notification(notification: Notification, unread: int) -> dict[str, Any]:
    """What the `notification.created` live event says (the bell and the notifications page)."""
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "link": notification.link,
        "created_at": notification.created_at.astimezone(UTC).isoformat(),
        "unread_count": unread,
    }


def _announce(notifications: list[Notification], notices: Sequence[Notice]) -> None:
    """After the commit: each reader's domain event (if any), then the new notification with the
    unread count as committed. One query (the counts)."""
    counts = selectors.unread_counts(recipient_ids={n.recipient_id for n in notifications})
    for notification, notice in zip(notifications, notices, strict=True):
        if notice.payload is not None:
            notify(notice.recipient, notice.kind, notice.payload)
        notify(
            notice.recipient,
            "notification.created",
            live_notification(notification, counts[notification.recipient_id]),
        )


# No savepoint when nested: the caller's transaction is the one these rows live and die with, and
# a savepoint would cost two more queries on every booking.
@transaction.atomic(savepoint=False)
def deliver_notifications(*, notices: Sequence[Notice]) -> list[Notification]:
    """Write one notification per notice (one INSERT for all; none for no notices) and tell each
    reader live after the commit (one query then, for the unread counts)."""
    if not notices:
        return []
    for notice in notices:
        _check(notice)
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        Notification(recipient=n.recipient, kind=n.kind, link=n.link, created_at=now, **_texts_for_reader(n))
        for n in notices
    )
    # Robust: the rows are committed by then; a count that fails (the connection lost) is logged
    # and must not turn the caller's committed write into a 500.
    transaction.on_commit(lambda: _announce(notifications, notices), robust=True)
    return notifications


def notify_people(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str | Promise,
    link: str,
    body: str | Promise = "",
    payload: dict[str, Any] | None = None,
) -> list[Notification]:
    """The same notification for each of `recipients` (one INSERT); see `deliver_notifications`."""
    return deliver_notifications(
        notices=[
            Notice(recipient=r, kind=kind, title=title, link=link, body=body, payload=payload)
            for r in recipients
        ]
    )


def notify_person(
    *,
    recipient: User,
    kind: str,
    title: str | Promise,
    link: str,
    body: str | Promise = "",
    payload: dict[str, Any] | None = None,
) -> Notification:
    """Write a notification for `recipient` in the caller's transaction; after the commit the live
    event `kind` (when a `payload` is given) and `notification.created` with the unread count."""
    return notify_people(
        recipients=[recipient], kind=kind, title=title, link=link, body=body, payload=payload
    )[0]


def _announce_count(reader: User) -> None:
    notify(reader, "notification.read", {"unread_count": selectors.unread_count(recipient=reader)})


@transaction.atomic
def mark_notification_read(*, notification: Notification, reader: User) -> Notification:
    """Mark the reader's own notification read (again: no change); 404 for anyone else's. The
    reader's other pages hear the new count after the commit."""
    notification = selectors.access_notification(reader, notification.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        transaction.on_commit(lambda: _announce_count(reader), robust=True)
    return notification


@transaction.atomic
def mark_all_notifications_read(*, reader: User) -> int:
    """Mark every unread notification of the reader read; returns how many. One UPDATE."""
    marked = Notification.objects.filter(recipient=reader, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if marked:
        transaction.on_commit(lambda: _announce_count(reader), robust=True)
    return marked


@transaction.atomic
def set_email_preferences(*, person: User, choices: dict[str, bool]) -> None:
    """Which topics (kinds or groups) also come to `person` by e-mail; topics not named keep their
    setting. Unknown topics are a ValidationError."""
    known = {*NotificationKind.values, *(k.split(".", 1)[0] for k in NotificationKind.values)}
    unknown = sorted(set(choices) - known)
    if unknown:
        raise ValidationError(
            {"topics": _("Unknown notification kinds: %(kinds)s.") % {"kinds": ", ".join(unknown)}}
        )
    EmailPreference.objects.bulk_create(
        [EmailPreference(person=person, topic=topic, by_email=on) for topic, on in choices.items()],
        update_conflicts=True,
        unique_fields=["person", "topic"],
        update_fields=["by_email"],
    )
