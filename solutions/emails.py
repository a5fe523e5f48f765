"""The e-mail the best-cases library sends: staff published a case, or sent it back with a reason.

Plain text with absolute links (`common.links.absolute_url`). Built inside the service's transaction
from the row as decided, handed to the after-commit worker thread (`common.realtime.in_background`)
once the transaction commits, so nobody hears of a decision that rolled back, the page never waits for
the mail server, and a failure is logged without undoing the decision.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from common.links import absolute_url
from common.realtime import in_background
from solutions.enums import BestCaseStatus
from solutions.models import BestCase

logger = logging.getLogger(__name__)


def best_case_decision_email(best_case: BestCase, person: User) -> EmailMessage:
    """The message telling `person` (who submitted the case) what staff decided."""
    greeting = f"Dear {person.get_full_name() or person.username},"
    if best_case.status == BestCaseStatus.PUBLISHED:
        subject = f"Your best case is published: {best_case.title}"
        lines = [
            f"the association's staff published your best case “{best_case.title}”.",
            "Everyone can read it in the best-cases library now:",
            absolute_url(reverse("frontend:best-case", args=[best_case.pk])),
        ]
    else:
        subject = f"Your best case needs changes: {best_case.title}"
        lines = [
            f"the association's staff sent your best case “{best_case.title}” back for changes.",
            "",
            f"What to change: {best_case.return_reason}",
            "",
            "Edit it here; saving it sends it to staff again:",
            absolute_url(reverse("frontend:best-case-edit", args=[best_case.pk])),
        ]
    body = "\n".join([greeting, "", *lines, ""])
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email])


def _send(backend: BaseEmailBackend, messages: list[EmailMessage]) -> None:
    try:
        backend.send_messages(messages)
    except Exception:  # backends raise SMTPException, OSError, ...; the decision stands
        logger.exception(
            "Could not send %d best-case e-mail(s); the decision itself is saved.", len(messages)
        )


def email_best_case_decision_after_commit(best_case: BestCase, people: Sequence[User]) -> None:
    """E-mail each of `people` (with an address) the decision once the transaction commits."""
    messages = [best_case_decision_email(best_case, person) for person in people if person.email]
    if not messages:
        return

    def hand_over() -> None:
        backend = get_connection()  # the backend configured now, at commit time
        in_background(lambda: _send(backend, messages))

    transaction.on_commit(hand_over)
