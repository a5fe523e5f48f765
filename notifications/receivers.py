"""Notices other apps announce without importing this app (see `accounts.signals`): each becomes
notifications through the same service as every other notice."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise

from accounts.models import User
from notifications.selectors import people_wanting_email
from notifications.services import notify_people


def write_membership_notice(
    sender: Any, *, kind: str, recipients: list[User], title: str | Promise, link: str, **_: Any
) -> set[int]:
    """Write the notifications; answer who of the recipients wants this kind by e-mail too."""
    notify_people(recipients=recipients, kind=kind, title=title, link=link)
    return {person.pk for person in people_wanting_email(recipients, kind)}
