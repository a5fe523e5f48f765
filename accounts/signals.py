"""What accounts tells the rest of the product about membership, as notices for people: the
notification centre (`notifications.receivers`) turns each into notifications (bell, page, live).

A signal rather than a call because `notifications` depends on `accounts` (its rows belong to users):
`accounts` announces, and does not know who listens. Sent inside the service's transaction, so the
notifications are written with the change and vanish with it if it rolls back.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.dispatch import Signal

from accounts.models import User

# Sent with: kind (a `notifications.enums.NotificationKind` value, "membership.…"), recipients
# (a list of User), title, link (a site-relative URL of the page where the reader acts).
membership_notice = Signal()


def announce(*, kind: str, recipients: Sequence[User], title: str, link: str) -> None:
    """Send `membership_notice` for these recipients (nothing when there are none)."""
    if recipients:
        membership_notice.send(sender=User, kind=kind, recipients=list(recipients), title=title, link=link)
