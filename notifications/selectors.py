"""Reads of the notification centre: a person's notifications and unread count, one notification
checked to be theirs, and whether a person wants a kind by e-mail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import User
from notifications.enums import NotificationKind, group_of
from notifications.models import EmailPreference, Notification


def notifications_for(*, recipient: User, unread_only: bool = False) -> QuerySet[Notification]:
    """The recipient's notifications, newest first (the inbox index serves both filters)."""
    rows = Notification.objects.filter(recipient=recipient)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-pk")


def unread_count(*, recipient: User | AnonymousUser) -> int:
    """How many of the recipient's notifications are unread (0 for a visitor). One query."""
    if not recipient.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()


def unread_counts(*, recipient_ids: Iterable[int]) -> dict[int, int]:
    """Unread counts by recipient id (0 for those without any). One query."""
    ids = set(recipient_ids)
    counts = dict.fromkeys(ids, 0)
    rows = (
        Notification.objects.filter(recipient_id__in=ids, read_at__isnull=True)
        .values("recipient_id")
        .annotate(unread=Count("pk"))
        .values_list("recipient_id", "unread")
    )
    counts.update(rows)
    return counts


def access_notification(user: User | AnonymousUser, pk: int) -> Notification:
    """The user's own notification `pk`; 404 for anyone else's (whose existence is not revealed)."""
    if not user.is_authenticated:
        raise Http404
    notification = Notification.objects.filter(pk=pk, recipient=user).first()
    if notification is None:
        raise Http404
    return notification


@dataclass(frozen=True)
class EmailChoices:
    """The e-mail preferences of some people, loaded at once: `wants(person_id, kind)`."""

    by_person: dict[int, dict[str, bool]] = field(default_factory=dict)

    def wants(self, person_id: int, kind: str) -> bool:
        topics = self.by_person.get(person_id, {})
        if kind in topics:
            return topics[kind]
        return topics.get(group_of(kind), True)


def email_choices_for(*, person_ids: Iterable[int]) -> EmailChoices:
    """The e-mail preferences of these people. One query (none for nobody)."""
    ids = set(person_ids)
    by_person: dict[int, dict[str, bool]] = {}
    if ids:
        for person_id, topic, by_email in EmailPreference.objects.filter(person_id__in=ids).values_list(
            "person_id", "topic", "by_email"
        ):
            by_person.setdefault(person_id, {})[topic] = by_email
    return EmailChoices(by_person)


def wants_email(user: User, kind: str) -> bool:
    """Whether `user` wants notifications of `kind` by e-mail too (yes unless they said no, for the
    kind or its group). One query."""
    topics = Q(topic=kind) | Q(topic=group_of(kind))
    preferences = dict(EmailPreference.objects.filter(topics, person=user).values_list("topic", "by_email"))
    return EmailChoices({user.pk: preferences}).wants(user.pk, kind)


def people_wanting_email(people: Iterable[User], kind: str) -> list[User]:
    """Those of `people` (in order) who want `kind` by e-mail. One query."""
    people = list(people)
    choices = email_choices_for(person_ids=[p.pk for p in people])
    return [person for person in people if choices.wants(person.pk, kind)]


def email_settings_of(person: User) -> dict[str, bool]:
    """For each kind, whether it also comes to `person` by e-mail. One query."""
    choices = email_choices_for(person_ids=[person.pk])
    return {kind.value: choices.wants(person.pk, kind.value) for kind in NotificationKind}
