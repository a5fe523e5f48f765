"""E-mails of matchmaking events: a meeting request received goes to the receiving organisation's
representatives at the event, with a link to the page where they answer it.

As in `scheduling.emails`, the messages are built inside the service's transaction (so they say what
was saved) and written to the outbox there (`outbox.services.queueing`): nobody hears of a request
that rolled back, a worker sends them after the commit (the page never waits for the mail server),
and a mail server failure is retried without undoing the request. Only people who want the
kind by e-mail get one (`notifications.selectors`); links are absolute (`settings.SITE_URL`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from common.languages import in_language_of
from common.links import absolute_url
from events.models import EventMeetingRequest
from notifications.enums import NotificationKind
from notifications.selectors import email_choices_for
from outbox.services.queueing import KeyedEmail, enqueue_many


@in_language_of("person")
def request_received_email(request: EventMeetingRequest, person: User) -> EmailMessage:
    """The message telling `person` (of the receiving organisation) that `request` came in."""
    event = request.event
    requester = request.requester
    greeting = _("Dear %(name)s,") % {"name": person.get_full_name() or person.username}
    lines = [
        greeting,
        "",
        _("%(requester)s asks %(receiver)s for a meeting at %(event)s.")
        % {
            "requester": requester.organisation,
            "receiver": request.receiver.organisation,
            "event": event.name,
        },
        _("Priority: %(priority)s") % {"priority": request.get_priority_display()},
    ]
    if request.session_wish is not None:
        lines.append(_("Session wished: %(session_wish)s") % {"session_wish": request.session_wish})
    if requester.offer:
        lines += ["", _("What they offer: %(offer)s") % {"offer": requester.offer}]
    if requester.seek:
        lines.append(_("What they look for: %(seek)s") % {"seek": requester.seek})
    if request.message:
        lines += ["", _("Their message:"), request.message]
    lines += [
        "",
        _("Accept or decline it here: %(url)s")
        % {"url": absolute_url(reverse("frontend:event-requests", args=[event.slug]))},
        "",
    ]
    return EmailMessage(
        subject=_("Meeting request at %(name)s: %(organisation)s")
        % {"name": event.name, "organisation": requester.organisation},
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )


def email_request_received_after_commit(request: EventMeetingRequest) -> list[User]:
    """E-mail the receiving registration's representatives (active, with an address, wanting the
    kind by e-mail): written to the outbox in the caller's transaction, sent after the commit; returns
    whom. Three queries (representatives, their e-mail preferences, the outbox INSERT)."""
    people = [
        person
        for person in User.objects.filter(
            event_roles__registration=request.receiver, is_active=True
        ).order_by("pk")
        if person.email
    ]
    if not people:
        return []
    choices = email_choices_for(person_ids=[person.pk for person in people])
    kind = NotificationKind.EVENT_REQUEST_RECEIVED.value
    readers = [person for person in people if choices.wants(person.pk, kind)]
    if not readers:
        return []
    enqueue_many(
        KeyedEmail(
            f"event-request:{request.pk}:received:to:{person.pk}", request_received_email(request, person)
        )
        for person in readers
    )
    return readers
