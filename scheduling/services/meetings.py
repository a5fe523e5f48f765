"""The meeting workflow: request, accept, decline, propose a new time, cancel, record the outcome
and set the video link.

Each service locks the meeting row, checks who acts and in which state, records a `MeetingEvent`,
announces the change after the commit and, when the meeting gets a time, claims it in the
participants' calendars (`scheduling.services.claims`) last, so the calendar locks are held briefly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import check_may_request_meetings
from common.exceptions import ApplicationError, ConflictError
from common.languages import per_reader
from common.realtime import notify
from notifications.services import Notice, deliver_notifications
from scheduling import selectors
from scheduling.emails import email_people_after_commit
from scheduling.enums import AWAITING_STATUSES, OPEN_STATUSES, MeetingAction, MeetingStatus, Side
from scheduling.models import (
    MAX_MEETING_MINUTES,
    MIN_MEETING_MINUTES,
    Meeting,
    MeetingEvent,
    MeetingProposal,
    Participant,
)
from scheduling.notices import change_text, meeting_link, meeting_title
from scheduling.realtime import broadcast_availability, time_payload
from scheduling.services.availability import ensure_participant, saved_participant
from scheduling.services.claims import (
    answer_conflicts,
    claim_meeting_time,
    minutes_between,
    release_meeting_times,
)
from scheduling.services.history import history_entry, record_history
from scheduling.services.request_caps import hold_request_caps
from scheduling.signals import announce_meetings_called_off

MAX_PROPOSALS = 5
# New times proposed at once in answer to a meeting (the pages offer three fields).
MAX_NEW_TIMES = 3


def _check_length(length: int) -> None:
    if not MIN_MEETING_MINUTES <= length <= MAX_MEETING_MINUTES:
        raise ValidationError(
            {
                "length": _(
                    "A meeting lasts between %(min_meeting_minutes)s and %(max_meeting_minutes)s minutes."
                )
                % {"min_meeting_minutes": MIN_MEETING_MINUTES, "max_meeting_minutes": MAX_MEETING_MINUTES}
            }
        )


def _check_subject(subject: str) -> None:
    # The subject is the e-mail's Subject header: Django refuses to send a header with a line break
    # (BadHeaderError), and the request's e-mails were then lost after the meeting was saved.
    if any(unicodedata.category(character) == "Cc" for character in subject):
        raise ValidationError(
            {"subject": _("The subject must be one line of text, without control characters.")}
        )


def _check_future(start: datetime, field: str = "start") -> None:
    if start <= timezone.now():
        raise ValidationError({field: _("That time has already passed.")})


def _record(
    meeting: Meeting,
    *,
    actor: User,
    action: str,
    note: str = "",
    proposed: Sequence[tuple[datetime, datetime]] = (),
) -> MeetingEvent:
    return record_history([history_entry(meeting, actor=actor, action=action, note=note, proposed=proposed)])[
        0
    ]


def _lock_meeting(meeting: Meeting) -> Meeting:
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related(
            "organiser__organisation",
            "organiser__user",
            "invitee__organisation",
            "invitee__user",
            "requested_by",
            "accepted_by",
        )
        .get(pk=meeting.pk)
    )
    return locked


def _side(actor: User, meeting: Meeting) -> Side:
    side = selectors.side_of(actor, meeting)
    if side is None:
        raise PermissionDenied(_("Only the two parties to a meeting can change it."))
    return side


def _other(side: str) -> Side:
    return Side.INVITEE if side == Side.ORGANISER else Side.ORGANISER


def _own_participants(actor: User) -> list[Participant]:
    """The participant rows that already exist for `actor` and for their organisation. One query."""
    mine = Q(user_id=actor.pk)
    if actor.organisation_id:
        mine |= Q(organisation_id=actor.organisation_id)
    return list(Participant.objects.filter(mine).select_related("organisation"))


def meeting_payload(meeting: Meeting) -> dict[str, Any]:
    """What a live event says about a meeting (the client fetches the rest)."""
    return {
        "id": meeting.pk,
        "subject": meeting.subject,
        "status": meeting.status,
        "awaiting_side": meeting.awaiting_side,
        "start": meeting.start.astimezone(UTC).isoformat() if meeting.start else None,
        "end": meeting.end.astimezone(UTC).isoformat() if meeting.end else None,
        "sequence": meeting.sequence,
        "organiser": meeting.organiser.key,
        "invitee": meeting.invitee.key,
    }


def _announce(
    meeting: Meeting,
    event_type: str,
    actor: User,
    *,
    note: str = "",
    previous: tuple[datetime | None, datetime | None] = (None, None),
    proposed: Sequence[tuple[datetime, datetime]] = (),
) -> None:
    """Tell the people of both sides: everyone but the actor gets a notification (and, after the
    commit, the live event); the actor's own pages get the live event; everyone who wants it gets an
    e-mail with the `.ics`, sent off the request thread. The notification and the e-mail also say
    what changed in the reader's time zone: the `previous` time of a moved meeting, the time or
    times `proposed`, and the actor's `note`. Three queries at most (who they are, the
    notifications, their e-mail preferences)."""
    recipients = selectors.people_to_tell(meeting)
    payload = meeting_payload(meeting)
    if any(person.pk == actor.pk for person in recipients):
        notify(actor, event_type, payload)
    title = per_reader(meeting_title, meeting, event_type, new_times=len(proposed))  # each in their language
    link = meeting_link(meeting)
    deliver_notifications(
        notices=[
            Notice(
                recipient=person,
                kind=event_type,
                title=title,
                link=link,
                body=per_reader(
                    change_text,
                    event_type,
                    time_zone=person.time_zone or "UTC",
                    note=note,
                    previous=previous,
                    proposed=proposed,
                ),
                payload=payload,
            )
            for person in recipients
            if person.pk != actor.pk
        ]
    )
    email_people_after_commit(
        meeting, event_type, recipients, note=note, previous=previous, proposed=proposed
    )


def _save(meeting: Meeting) -> None:
    # The uid is a fresh uuid4 and the time is set as start + a checked length (or cleared), so the
    # unique and check constraints (enforced by the database) would cost four queries to re-prove.
    meeting.full_clean(
        exclude=["organiser", "invitee", "requested_by", "accepted_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    meeting.save()


# --- Meetings: the workflow -----------------------------------------------------------------


@answer_conflicts
@transaction.atomic
def request_meeting(
    *,
    actor: User,
    invitee: Participant,
    subject: str,
    length: int,
    message: str = "",
    start: datetime | None = None,
    proposals: list[datetime] | None = None,
    video_link: str = "",
    as_organisation: bool = True,
) -> Meeting:
    """Ask `invitee` for a meeting: either at `start`, one of its free slots (held at once, 409 if
    taken meanwhile), or at one of up to five proposed times (held when the invitee accepts one).
    The asker's organisation is the organiser side unless `as_organisation` is false.
    Only staff and the verified, confirmed people of member organisations ask (403 otherwise);
    requests waiting for an answer are capped per requester and per invitee (409, `hold_request_caps`).
    Booking a free slot takes about ten queries, three of them under the calendar locks."""
    check_may_request_meetings(actor)
    if selectors.acts_for(actor, invitee):
        raise ValidationError(
            {"invitee": _("You cannot ask yourself or your own organisation for a meeting.")}
        )
    proposals = sorted(set(proposals or []))
    if (start is None) == (not proposals):
        raise ValidationError({"start": _("Choose one free slot, or propose times instead (not both).")})
    if len(proposals) > MAX_PROPOSALS:
        raise ValidationError(
            {"proposals": _("Propose at most %(max_proposals)s times.") % {"max_proposals": MAX_PROPOSALS}}
        )
    _check_subject(subject)
    _check_length(length)
    for proposed in [start] if start else proposals:
        _check_future(proposed, "start" if start else "proposals")
    invitee = saved_participant(invitee)
    own = _own_participants(actor)
    if as_organisation and actor.organisation_id:
        organiser = next((p for p in own if p.organisation_id), None) or ensure_participant(
            organisation=actor.organisation
        )
    else:
        organiser = next((p for p in own if p.user_id), None) or ensure_participant(user=actor)
    hold_request_caps(organiser=organiser, invitee=invitee)
    meeting = Meeting(
        organiser=organiser,
        invitee=invitee,
        requested_by=actor,
        subject=subject,
        message=message,
        video_link=video_link,
        status=MeetingStatus.REQUESTED,
        awaiting_side=Side.INVITEE,
    )
    if start is not None:
        meeting.start, meeting.end = start, start + timedelta(minutes=length)
    _save(meeting)
    times = [(p, p + timedelta(minutes=length)) for p in proposals]
    if times:
        MeetingProposal.objects.bulk_create(
            MeetingProposal(meeting=meeting, start=s, end=e, proposed_by=actor) for s, e in times
        )
    _record(meeting, actor=actor, action=MeetingAction.REQUESTED, note=message, proposed=times)
    _announce(meeting, "meeting.requested", actor)
    if start is not None:
        claim_meeting_time(meeting, actor=actor, from_availability=True, known=own, new_meeting=True)
    return meeting


@answer_conflicts
@transaction.atomic
def accept_meeting(
    *, meeting: Meeting, actor: User, proposal_start: datetime | None = None, video_link: str | None = None
) -> Meeting:
    """The awaited side says yes: the meeting is confirmed at its time (or at the proposal chosen),
    after the participants' calendars are locked and re-checked (409 if taken meanwhile)."""
    meeting = _lock_meeting(meeting)
    side = _side(actor, meeting)
    if meeting.status not in AWAITING_STATUSES:
        raise ConflictError(
            _("This meeting cannot be accepted: its status is “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )
    if side != meeting.awaiting_side:
        raise ApplicationError(_("The other side has to answer this request."))
    if meeting.start is None:
        open_proposals = meeting.proposals.filter(superseded=False)
        proposal = open_proposals.filter(start=proposal_start).first() if proposal_start else None
        if proposal is None:
            raise ValidationError({"proposal_start": _("Choose one of the proposed times.")})
        meeting.start, meeting.end = proposal.start, proposal.end
    elif proposal_start is not None and proposal_start != meeting.start:
        raise ValidationError({"proposal_start": _("This request is for one time only; accept it as it is.")})
    _check_future(meeting.start, "proposal_start")
    if side == Side.INVITEE and meeting.invitee.is_organisation:
        meeting.accepted_by = actor
    if video_link is not None:
        meeting.video_link = video_link
    meeting.status, meeting.awaiting_side = MeetingStatus.CONFIRMED, ""
    meeting.sequence += 1
    _save(meeting)
    _record(meeting, actor=actor, action=MeetingAction.ACCEPTED)
    _announce(meeting, "meeting.confirmed", actor)
    claim_meeting_time(meeting, actor=actor, from_availability=False)
    return meeting


@transaction.atomic
def decline_meeting(*, meeting: Meeting, actor: User, note: str = "") -> Meeting:
    """The awaited side says no; the time held for the request is freed."""
    meeting = _lock_meeting(meeting)
    side = _side(actor, meeting)
    if meeting.status not in AWAITING_STATUSES:
        raise ConflictError(
            _("This meeting cannot be declined: its status is “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )
    if side != meeting.awaiting_side:
        raise ApplicationError(_("The other side has to answer this request; you can cancel it instead."))
    meeting.status, meeting.awaiting_side = MeetingStatus.DECLINED, ""
    meeting.sequence += 1
    _save(meeting)
    release_meeting_times([meeting])
    _record(meeting, actor=actor, action=MeetingAction.DECLINED, note=note)
    _announce(meeting, "meeting.declined", actor, note=note)
    announce_meetings_called_off(meeting_ids=[meeting.pk], reason=_("The meeting was declined."))
    return meeting


def propose_new_time(
    *, meeting: Meeting, actor: User, start: datetime, length: int | None = None, note: str = ""
) -> Meeting:
    """Either side moves an open meeting to `start`: `propose_new_times` with one time."""
    return propose_new_times(meeting=meeting, actor=actor, starts=[start], length=length, note=note)


@answer_conflicts
@transaction.atomic
def propose_new_times(
    *,
    meeting: Meeting,
    actor: User,
    starts: Sequence[datetime],
    length: int | None = None,
    note: str = "",
) -> Meeting:
    """Either side answers an open meeting with another time, or up to three, and a note; the other
    side then accepts one, declines or proposes again. The times proposed before are superseded (kept,
    never offered again). One time is held at once (409 if taken; the organiser side may only pick
    one of the invitee's offered slots). Several times hold nothing: the meeting's time is released
    until the other side picks one. A confirmed meeting becomes `rescheduled`, keeping its UID with a
    higher SEQUENCE, so calendars update the same entry."""
    times = sorted(set(starts))
    field = "start" if len(times) == 1 else "starts"
    if not times:
        raise ValidationError({"starts": _("Propose at least one time.")})
    if len(times) > MAX_NEW_TIMES:
        raise ValidationError(
            {"starts": _("Propose at most %(max_new_times)s times.") % {"max_new_times": MAX_NEW_TIMES}}
        )
    meeting = _lock_meeting(meeting)
    side = _side(actor, meeting)
    if meeting.status not in OPEN_STATUSES:
        raise ConflictError(
            _("This meeting cannot be moved: its status is “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )
    if length is None:
        current = meeting.start and meeting.end and minutes_between(meeting.start, meeting.end)
        first = meeting.proposals.filter(superseded=False).first()
        length = current or (
            minutes_between(first.start, first.end) if first else min(meeting.invitee.meeting_lengths)
        )
    _check_length(length)
    for proposed_start in times:
        _check_future(proposed_start, field)
    proposed = [(start, start + timedelta(minutes=length)) for start in times]
    was_confirmed = meeting.status in (MeetingStatus.CONFIRMED, MeetingStatus.RESCHEDULED)
    old = (meeting.start, meeting.end)
    meeting.proposals.filter(superseded=False).update(superseded=True)
    several = len(proposed) > 1
    if several:
        if old[0] is not None:
            release_meeting_times([meeting])
        MeetingProposal.objects.bulk_create(
            MeetingProposal(meeting=meeting, start=start, end=end, proposed_by=actor)
            for start, end in proposed
        )
        meeting.start, meeting.end = None, None
    else:
        meeting.start, meeting.end = proposed[0]
    meeting.status = MeetingStatus.RESCHEDULED if was_confirmed else MeetingStatus.REQUESTED
    meeting.awaiting_side = _other(side)
    if side == Side.INVITEE and meeting.invitee.is_organisation:
        meeting.accepted_by = actor
    meeting.sequence += 1
    _save(meeting)
    _record(
        meeting,
        actor=actor,
        action=MeetingAction.PROPOSED_TIME,
        note=note,
        proposed=proposed if several else (),
    )
    _announce(meeting, "meeting.rescheduled", actor, note=note, previous=old, proposed=proposed)
    if several:
        return meeting
    claimants = claim_meeting_time(meeting, actor=actor, from_availability=side == Side.ORGANISER)
    if old[0] is not None and old[1] is not None and old != (meeting.start, meeting.end):
        for participant in claimants:
            broadcast_availability(participant.key, "slots.released", time_payload(old[0], old[1]))
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor: User, note: str = "") -> Meeting:
    """Either side calls an open meeting off; its time is freed and calendars get a cancellation."""
    meeting = _lock_meeting(meeting)
    _side(actor, meeting)
    if meeting.status not in OPEN_STATUSES:
        raise ConflictError(
            _("This meeting cannot be cancelled: its status is “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )
    meeting.status, meeting.awaiting_side = MeetingStatus.CANCELLED, ""
    meeting.sequence += 1
    _save(meeting)
    release_meeting_times([meeting])
    _record(meeting, actor=actor, action=MeetingAction.CANCELLED, note=note)
    _announce(meeting, "meeting.cancelled", actor, note=note)
    announce_meetings_called_off(meeting_ids=[meeting.pk], reason=_("The meeting was cancelled."))
    return meeting


def cancel_meetings_of_leaving_person(person: User) -> list[Meeting]:
    """Call off the open meetings still to come in which `person` is a side themself (not through
    their organisation, whose colleagues can still attend), as they delete their account: the other
    side is told and the time freed, instead of waiting for someone who no longer exists. In the
    caller's transaction."""
    upcoming = (
        Meeting.objects.filter(Q(organiser__user=person) | Q(invitee__user=person), status__in=OPEN_STATUSES)
        .filter(Q(start__isnull=True) | Q(start__gt=timezone.now()))
        .order_by("pk")
    )
    return [cancel_meeting(meeting=meeting, actor=person) for meeting in upcoming]


@transaction.atomic
def record_meeting_outcome(*, meeting: Meeting, actor: User, outcome: str, note: str = "") -> Meeting:
    """Once a confirmed meeting has started, either side (or staff) records it as held or as a no-show."""
    if outcome not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise ValidationError({"outcome": _("Choose held or no_show.")})
    meeting = _lock_meeting(meeting)
    if not getattr(actor, "is_staff", False):
        _side(actor, meeting)
    if meeting.status != MeetingStatus.CONFIRMED:
        raise ConflictError(
            _("Only a confirmed meeting has an outcome; this one's status is “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )
    if meeting.start is None or meeting.start > timezone.now():
        raise ApplicationError(_("A meeting's outcome can be recorded once it has started."))
    meeting.status = outcome
    _save(meeting)
    _record(
        meeting,
        actor=actor,
        action=MeetingAction.HELD if outcome == MeetingStatus.HELD else MeetingAction.NO_SHOW,
        note=note,
    )
    _announce(meeting, f"meeting.{outcome}", actor)
    return meeting


@transaction.atomic
def set_video_link(*, meeting: Meeting, actor: User, video_link: str) -> Meeting:
    """Either side sets the video-call link of an open meeting (calendars get the update)."""
    meeting = _lock_meeting(meeting)
    _side(actor, meeting)
    if meeting.status not in OPEN_STATUSES:
        raise ConflictError(
            _("This meeting cannot change: its status is “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )
    meeting.video_link = video_link
    meeting.sequence += 1
    _save(meeting)
    _record(
        meeting,
        actor=actor,
        action=MeetingAction.DETAILS_CHANGED,
        note=_("Video link: %(link)s") % {"link": video_link},
    )
    _announce(meeting, "meeting.updated", actor)
    return meeting
