"""Notices other apps announce without importing this app (see `accounts.signals`): each becomes
notifications through the same service as every other notice."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from notifications.services import notify_people


def write_membership_notice(
    sender: Any, *, kind: str, recipients: list[User], title: str, link: str, **_: Any
) -> None:
    notify_people(recipients=recipients, kind=kind, title=title, link=link)
