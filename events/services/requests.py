"""Meeting requests: one registered organisation asks another for a meeting at the event, and the
receiver answers (an accepted request becomes an `EventMeeting` for the scheduler). Both sides'
people find it in the notification centre (live too); the receiver's representatives are also
e-mailed a new request."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import check_may_request_meetings
from common.exceptions import ApplicationError, ConflictError
from common.languages import per_reader
from events.emails import email_request_received_after_commit
from events.enums import ANSWER_PHASES, REQUEST_PHASES, RequestAnswer, RequestPriority, RequestStatus
from events.models import Event, EventMeeting, EventMeetingRequest, EventRegistration, EventSession
from events.selectors.access import speaks_for
from events.selectors.setup import own_registration
from events.services.guards import check_phase, lock_event
from notifications.services import notify_people


def _people_of_organisation(organisation_id: int) -> list[User]:
    return list(User.objects.filter(organisation_id=organisation_id, is_active=True).order_by("pk"))


# Notification titles, built for each reader in their language (`per_reader`), not the actor's.
def request_received_title(requester: EventRegistration, event_name: str) -> str:
    return _("%(requester)s asks you for a meeting at %(name)s") % {
        "requester": requester,
        "name": event_name,
    }


def request_answered_title(receiver: EventRegistration, event_name: str, *, accepted: bool) -> str:
    title = (
        _("%(receiver)s accepted your meeting request at %(name)s")
        if accepted
        else _("%(receiver)s declined your meeting request at %(name)s")
    )
    return title % {"receiver": receiver, "name": event_name}


@transaction.atomic
def request_event_meeting(
    *,
    event: Event,
    actor: User,
    receiver: EventRegistration,
    message: str = "",
    priority: int = RequestPriority.NORMAL,
    session_wish: EventSession | None = None,
) -> EventMeetingRequest:
    """The actor's organisation asks `receiver` for a meeting at `event`. One request per pair:
    409 when either side already asked the other. The receiver's people are notified, and its
    representatives e-mailed after the commit, with the page where they answer. Only staff and
    the verified, confirmed people of member organisations ask (403 otherwise)."""
    check_may_request_meetings(actor)
    requester = own_registration(actor, event)
    if requester is None:
        raise ApplicationError(_("Register your organisation for this event first."))
    event = lock_event(event)
    check_phase(event, REQUEST_PHASES, _("Asking for meetings"))
    if receiver.event_id != event.pk:
        raise ValidationError({"receiver": _("Choose an organisation registered for this event.")})
    if receiver.pk == requester.pk:
        raise ValidationError({"receiver": _("You cannot ask your own organisation for a meeting.")})
    if session_wish is not None and session_wish.event_id != event.pk:
        raise ValidationError({"session_wish": _("Choose a session of this event.")})
    existing = EventMeetingRequest.objects.filter(
        Q(requester=requester, receiver=receiver) | Q(requester=receiver, receiver=requester)
    ).first()
    if existing is not None:
        if existing.requester_id == requester.pk:
            raise ConflictError(_("You already asked %(receiver)s for a meeting.") % {"receiver": receiver})
        raise ConflictError(
            _("%(receiver)s already asked you for a meeting; answer their request instead.")
            % {"receiver": receiver}
        )
    request = EventMeetingRequest(
        event=event,
        requester=requester,
        receiver=receiver,
        requested_by=actor,
        message=message,
        priority=priority,
        session_wish=session_wish,
    )
    request.full_clean(exclude=["requester", "receiver", "event", "requested_by"])
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:  # the same pair, asked at the same moment
        raise ConflictError(
            _("You already asked %(receiver)s for a meeting.") % {"receiver": receiver}
        ) from exc
    notify_people(
        recipients=_people_of_organisation(receiver.organisation_id),
        kind="event.request_received",
        title=per_reader(request_received_title, requester, event.name),
        body=message,
        link=reverse("frontend:event-requests", args=[event.slug]),
        payload={"event": event.pk, "request": request.pk, "from": str(requester)},
    )
    email_request_received_after_commit(request)
    return request


ANSWER_STATUS = {
    RequestAnswer.ACCEPT: RequestStatus.ACCEPTED,
    RequestAnswer.DECLINE: RequestStatus.DECLINED,
    RequestAnswer.NO_THANKS: RequestStatus.NO_THANKS,
}


@transaction.atomic
def answer_event_meeting_request(
    *, request: EventMeetingRequest, actor: User, answer: str
) -> EventMeetingRequest:
    """The receiver accepts (the meeting joins the next scheduler run), declines, or says "no thanks"
    (final). A declined request may still be accepted later; accepted and no-thanks are final."""
    if answer not in ANSWER_STATUS:
        raise ValidationError(
            {"answer": _("Answer one of: %(values)s.") % {"values": ", ".join(RequestAnswer.values)}}
        )
    if not speaks_for(actor, request.receiver):
        raise PermissionDenied(_("Only the organisation that was asked answers a request."))
    event = lock_event(request.event)
    check_phase(event, ANSWER_PHASES, _("Answering requests"))
    request = EventMeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (RequestStatus.PENDING, RequestStatus.DECLINED):
        raise ConflictError(
            _("This request was answered already: its status is “%(status)s”.")
            % {"status": request.get_status_display()}
        )
    request.status = ANSWER_STATUS[RequestAnswer(answer)]
    request.answered_by, request.answered_at = actor, timezone.now()
    request.save(update_fields=["status", "answered_by", "answered_at", "updated_at"])
    if request.status == RequestStatus.ACCEPTED:
        EventMeeting.objects.get_or_create(
            request=request,
            defaults={
                "event": event,
                "requester_id": request.requester_id,
                "receiver_id": request.receiver_id,
            },
        )
    shown = RequestStatus.DECLINED if request.status == RequestStatus.NO_THANKS else request.status
    notify_people(
        recipients=_people_of_organisation(request.requester.organisation_id),
        kind="event.request_answered",
        title=per_reader(
            request_answered_title, request.receiver, event.name, accepted=shown == RequestStatus.ACCEPTED
        ),
        link=reverse("frontend:event-requests", args=[event.slug]),
        payload={"event": event.pk, "request": request.pk, "status": shown, "by": str(request.receiver)},
    )
    return request
