"""The e-mail the best-cases library sends: staff published a case, or sent it back with a reason.

Plain text with absolute links (`common.links.absolute_url`). Built inside the service's transaction
from the row as decided and written to the outbox there (`outbox.services.queueing`), so nobody hears
of a decision that rolled back, a worker sends it after the commit (the page never waits for the mail
server), and a mail server failure is retried without undoing the decision.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from common.languages import in_language_of
from common.links import absolute_url
from outbox.services.queueing import KeyedEmail, enqueue_many
from solutions.enums import BestCaseStatus
from solutions.models import BestCase


@in_language_of("person")
def best_case_decision_email(best_case: BestCase, person: User) -> EmailMessage:
    """The message telling `person` (who submitted the case) what staff decided."""
    greeting = _("Dear %(name)s,") % {"name": person.get_full_name() or person.username}
    if best_case.status == BestCaseStatus.PUBLISHED:
        subject = _("Your best case is published: %(title)s") % {"title": best_case.title}
        lines = [
            _("the association's staff published your best case “%(title)s”.") % {"title": best_case.title},
            _("Everyone can read it in the best-cases library now:"),
            absolute_url(reverse("frontend:best-case", args=[best_case.pk])),
        ]
    else:
        subject = _("Your best case needs changes: %(title)s") % {"title": best_case.title}
        lines = [
            _("the association's staff sent your best case “%(title)s” back for changes.")
            % {"title": best_case.title},
            "",
            _("What to change: %(return_reason)s") % {"return_reason": best_case.return_reason},
            "",
            _("Edit it here; saving it sends it to staff again:"),
            absolute_url(reverse("frontend:best-case-edit", args=[best_case.pk])),
        ]
    body = "\n".join([greeting, "", *lines, ""])
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email])


def email_best_case_decision_after_commit(best_case: BestCase, people: Sequence[User]) -> None:
    """E-mail each of `people` (with an address) the decision: written to the outbox in the caller's
    transaction, sent after the commit. The key names this decision (a case sent back twice is two
    decisions: its `updated_at` tells them apart)."""
    decision = f"best-case:{best_case.pk}:{best_case.status}:{best_case.updated_at.timestamp():.6f}"
    enqueue_many(
        KeyedEmail(f"{decision}:to:{person.pk}", best_case_decision_email(best_case, person))
        for person in people
        if person.email
    )
