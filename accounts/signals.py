"""What accounts tells the rest of the product about membership, as notices for people: the
notification centre (`notifications.receivers`) turns each into notifications (bell, page, live).

A signal rather than a call because `notifications` depends on `accounts` (its rows belong to users):
`accounts` announces, and does not know who listens. Sent inside the service's transaction, so the
notifications are written with the change and vanish with it if it rolls back.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.dispatch import Signal
from django.utils.functional import Promise

from accounts.models import User

# Sent with: kind (a `notifications.enums.NotificationKind` value, "membership.…"), recipients
# (a list of User), title (a `common.languages.per_reader` text, so that each recipient reads it in
# their own language, or plain text), link (a site-relative URL of the page where the reader acts). A receiver
# may answer with the set of recipient ids who want the notice by e-mail too (their preferences).
membership_notice = Signal()


def announce(*, kind: str, recipients: Sequence[User], title: str | Promise, link: str) -> set[int]:
    """Send `membership_notice` for these recipients; returns the ids of those who also want this kind
    by e-mail (a receiver answers with a set of ids; with no receiver, everyone)."""
    wanted = {person.pk for person in recipients}
    if not recipients:
        return wanted
    for _, answer in membership_notice.send(
        sender=User, kind=kind, recipients=list(recipients), title=title, link=link
    ):
        if isinstance(answer, set):
            wanted &= answer
    return wanted
