"""Reads of availability and meetings, with who-may-see-and-do-what in one place.

Parties: a meeting has two sides, each a participant. A person belongs to a side when the side is
that person, or is their organisation. Only the people of the two sides and staff see a meeting.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from scheduling import availability, reminders
from scheduling.enums import AWAITING_STATUSES, OPEN_STATUSES, MeetingStatus, Side
from scheduling.models import (
    AvailabilityException,
    AvailabilityRule,
    CalendarFeed,
    Meeting,
    MeetingAttendance,
    MeetingEvent,
    MeetingProposal,
    Participant,
)

PARTICIPANT_KEY = re.compile(r"^(org|user)-([1-9][0-9]{0,17})$")
# Slots start every `length` minutes, but at least every half hour (45-minute meetings at :00 and :30).
MAX_SLOT_STEP = timedelta(minutes=30)
# Feeds carry recent history and everything ahead; older meetings drop out of subscribers' views.
FEED_HISTORY = timedelta(days=180)


# --- Participants -------------------------------------------------------------------------


def participant_by_key(key: str) -> Participant:
    """The participant named `key` ("org-12", "user-5"): the saved row, or an unsaved one with the
    default settings if it never published anything. 404 if no such organisation or person."""
    match = PARTICIPANT_KEY.match(key)
    if match is None:
        raise Http404("No such participant.")
    kind, pk = match.group(1), int(match.group(2))
    if kind == "org":
        organisation = Organisation.objects.filter(pk=pk).select_related("scheduling_participant").first()
        if organisation is None:
            raise Http404("No such participant.")
        participant = getattr(organisation, "scheduling_participant", None)
        return participant or Participant(organisation=organisation)
    user = User.objects.filter(pk=pk, is_active=True).select_related("scheduling_participant").first()
    if user is None:
        raise Http404("No such participant.")
    return getattr(user, "scheduling_participant", None) or Participant(user=user, time_zone=user.time_zone)


def acts_for(user: User | AnonymousUser, participant: Participant) -> bool:
    """Whether `user` speaks for `participant`: it is them, or their organisation."""
    if user is None or not user.is_authenticated:
        return False
    if participant.user_id is not None:
        return bool(participant.user_id == user.pk)
    return bool(user.organisation_id and participant.organisation_id == user.organisation_id)


def can_manage_participant(user: User | AnonymousUser, participant: Participant) -> bool:
    """Who edits a participant's availability: the person themself, the organisation's admins, staff."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if participant.user_id is not None:
        return bool(participant.user_id == user.pk)
    return bool(participant.organisation_id == user.organisation_id and user.is_organisation_admin)


def access_participant_for_edit(user: User | AnonymousUser, key: str) -> Participant:
    """The participant `key` if `user` may edit its availability; 404 if absent, 403 if not allowed."""
    participant = participant_by_key(key)
    if not can_manage_participant(user, participant):
        raise PermissionDenied(
            _("Only the person, their organisation's admins or staff edit this availability.")
        )
    return participant


def rules_of(participant: Participant) -> QuerySet[AvailabilityRule]:
    if participant.pk is None:
        return AvailabilityRule.objects.none()
    return AvailabilityRule.objects.filter(participant=participant).order_by("weekday", "start_time", "id")


def exceptions_of(participant: Participant) -> QuerySet[AvailabilityException]:
    if participant.pk is None:
        return AvailabilityException.objects.none()
    return AvailabilityException.objects.filter(participant=participant).order_by(
        "start_date", "start_time", "id"
    )


def people_to_tell(meeting: Meeting) -> list[User]:
    """Who hears about `meeting`: the people of the organiser side, the person who asked, the people
    of the invitee side (in that order, once each). One query at most, none when both sides are people."""
    return people_to_tell_about([meeting])[meeting.pk]


def people_to_tell_about(meetings: Sequence[Meeting]) -> dict[int, list[User]]:
    """`people_to_tell` for many meetings, by meeting id: one query at most, however many."""
    # A participant is either a person or an organisation, so a side without a person has one.
    organisation_ids = {
        side.organisation_id
        for meeting in meetings
        for side in (meeting.organiser, meeting.invitee)
        if side.user_id is None and side.organisation_id is not None
    }
    members: dict[int, list[User]] = {}
    if organisation_ids:
        for member in User.objects.filter(organisation_id__in=organisation_ids, is_active=True).order_by(
            "pk"
        ):
            members.setdefault(member.organisation_id or 0, []).append(member)

    def of(side: Participant) -> list[User]:
        if side.user is not None:
            return [side.user]
        return members.get(side.organisation_id or 0, [])

    told: dict[int, list[User]] = {}
    for meeting in meetings:
        recipients = {person.pk: person for person in of(meeting.organiser)}
        recipients.setdefault(meeting.requested_by_id, meeting.requested_by)
        recipients.update({person.pk: person for person in of(meeting.invitee)})
        told[meeting.pk] = list(recipients.values())
    return told


# --- Free slots ---------------------------------------------------------------------------


def busy_intervals_for(
    participant: Participant, *, start: datetime, end: datetime, exclude_meeting: Meeting | None = None
) -> list[availability.Interval]:
    """The times `participant` is already taken (active claims) that touch [start, end)."""
    if participant.pk is None:
        return []
    claims = MeetingAttendance.objects.filter(
        participant=participant, active=True, start__lt=end, end__gt=start
    )
    if exclude_meeting is not None:
        claims = claims.exclude(meeting=exclude_meeting)
    return [availability.Interval(s, e) for s, e in claims.values_list("start", "end")]


def free_slots_for(
    *,
    participant: Participant,
    start: datetime,
    end: datetime,
    viewer_time_zone: str,
    length: int | None = None,
    now: datetime | None = None,
    exclude_meeting: Meeting | None = None,
    ignore_busy: bool = False,
) -> list[availability.Slot]:
    """Free slots of `length` minutes (default: the shortest offered) starting in [start, end), in
    the viewer's time zone, every `length` minutes but at least every half hour. Three queries
    (rules, exceptions, busy); none for a participant that never published availability."""
    if participant.pk is None:
        return []
    length_delta = timedelta(minutes=length or min(participant.meeting_lengths))
    buffer = timedelta(minutes=participant.buffer_minutes)
    margin = length_delta + buffer
    windows = [
        availability.WeeklyWindow(rule.weekday, rule.start_time, rule.end_time, rule.time_zone)
        for rule in rules_of(participant)
    ]
    if not windows:
        return []
    exceptions = [
        availability.Unavailability(e.start_date, e.end_date, e.time_zone, e.start_time, e.end_time)
        for e in exceptions_of(participant)
    ]
    busy = (
        []
        if ignore_busy
        else busy_intervals_for(
            participant, start=start - margin, end=end + margin, exclude_meeting=exclude_meeting
        )
    )
    return availability.free_slots(
        windows=windows,
        exceptions=exceptions,
        busy=busy,
        length=length_delta,
        buffer=buffer,
        step=min(length_delta, MAX_SLOT_STEP),
        start=start,
        end=end,
        now=now or timezone.now(),
        viewer_time_zone=viewer_time_zone,
    )


def local_day_range(first: date, last: date, time_zone: str) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in `time_zone`, as aware UTC instants."""
    zone = zoneinfo.ZoneInfo(time_zone)
    return (
        availability.local_instant(first, time(0), zone),
        availability.local_instant(last + timedelta(days=1), time(0), zone),
    )


def free_slots_near(
    *,
    participant: Participant,
    around: datetime,
    viewer_time_zone: str,
    length: int,
    days: int = 7,
    exclude_meeting: Meeting | None = None,
) -> list[availability.Slot]:
    """The free slots of the `days` days from `around`'s day (viewer's calendar): what a 409 offers."""
    first = max(around, timezone.now()).astimezone(zoneinfo.ZoneInfo(viewer_time_zone)).date()
    start, end = local_day_range(first, first + timedelta(days=days - 1), viewer_time_zone)
    return free_slots_for(
        participant=participant,
        start=start,
        end=end,
        viewer_time_zone=viewer_time_zone,
        length=length,
        exclude_meeting=exclude_meeting,
    )


# --- Meetings -----------------------------------------------------------------------------


def _party_filter(user: User) -> Q:
    mine = Q(organiser__user_id=user.pk) | Q(invitee__user_id=user.pk) | Q(requested_by_id=user.pk)
    if user.organisation_id:
        mine |= Q(organiser__organisation_id=user.organisation_id) | Q(
            invitee__organisation_id=user.organisation_id
        )
    return mine


def open_proposals() -> Prefetch:
    """Prefetch a meeting's `proposals` that can still be picked (superseded ones left out): what
    every page, the API and the e-mails mean by a meeting's proposed times."""
    return Prefetch("proposals", queryset=MeetingProposal.objects.filter(superseded=False))


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related(
        "organiser__organisation",
        "organiser__user",
        "invitee__organisation",
        "invitee__user",
        "requested_by",
        "accepted_by",
    ).prefetch_related(open_proposals())


def meetings_for(user: User | AnonymousUser) -> QuerySet[Meeting]:
    """The meetings `user` is a party to (as a person or through their organisation), soonest first,
    undated requests last. Two queries per page (meetings, proposals)."""
    if user is None or not user.is_authenticated:
        return Meeting.objects.none()
    return _meetings().filter(_party_filter(user)).order_by("start", "id")


def meetings_overview(user: User | AnonymousUser) -> dict[str, list[Meeting]]:
    """A person's meetings for "my meetings": requests waiting for their answer (`to_answer`), for the
    other side's (`waiting`), confirmed ones ahead (`upcoming`) and the rest, newest first (`past`)."""
    now = timezone.now()
    overview: dict[str, list[Meeting]] = {"to_answer": [], "waiting": [], "upcoming": [], "past": []}
    for meeting in meetings_for(user):
        if meeting.status in AWAITING_STATUSES:
            mine = side_of(user, meeting) == meeting.awaiting_side
            overview["to_answer" if mine else "waiting"].append(meeting)
        elif meeting.status == MeetingStatus.CONFIRMED and (meeting.end is None or meeting.end > now):
            overview["upcoming"].append(meeting)
        else:
            overview["past"].append(meeting)
    overview["past"].reverse()
    return overview


def side_of(user: User | AnonymousUser, meeting: Meeting) -> Side | None:
    """Which side of `meeting` `user` speaks for, if any (the organiser side wins a tie)."""
    if user is None or not user.is_authenticated:
        return None
    if acts_for(user, meeting.organiser) or meeting.requested_by_id == user.pk:
        return Side.ORGANISER
    if acts_for(user, meeting.invitee):
        return Side.INVITEE
    return None


def meeting_details(meeting: Meeting) -> Meeting:
    """`meeting`, just written by a service (its parties at hand), with the proposals and history the
    detail view shows: two queries instead of fetching it again."""
    prefetch_related_objects([meeting], open_proposals(), _history())
    return meeting


def can_see_meeting(user: User | AnonymousUser, meeting: Meeting) -> bool:
    return bool(user is not None and user.is_authenticated and (user.is_staff or side_of(user, meeting)))


def _history() -> Prefetch:
    return Prefetch("events", queryset=MeetingEvent.objects.select_related("actor"))


def access_meeting(user: User | AnonymousUser, pk: int) -> Meeting:
    """The meeting if `user` is a party to it or staff: 404 if absent, 403 if not allowed.
    Three queries (meeting with its parties, proposals, history with actors)."""
    meeting = _meetings().prefetch_related(_history()).filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting.")
    if not can_see_meeting(user, meeting):
        raise PermissionDenied(_("Only the two parties to a meeting (and staff) can see it."))
    return meeting


def access_meeting_for_party(user: User | AnonymousUser, pk: int) -> Meeting | None:
    """The meeting if `user` speaks for one of its two sides (not staff), else None. Three queries."""
    meeting = _meetings().prefetch_related(_history()).filter(pk=pk).first()
    if meeting is None or side_of(user, meeting) is None:
        return None
    return meeting


def expiring_requests(*, now: datetime, unanswered_since: datetime) -> QuerySet[Meeting]:
    """Meetings still waiting for an answer that expire at `now`: unchanged since before
    `unanswered_since`, or whose held time, or every open proposed time, has come. One query."""
    time_ahead = MeetingProposal.objects.filter(meeting=OuterRef("pk"), superseded=False, start__gt=now)
    return Meeting.objects.filter(status__in=AWAITING_STATUSES).filter(
        Q(updated_at__lt=unanswered_since)
        | Q(start__isnull=False, start__lte=now)
        | Q(start__isnull=True) & ~Exists(time_ahead)
    )


def meetings_due_for_messages(
    *, now: datetime, lookback: timedelta, lookahead: timedelta = timedelta(0)
) -> QuerySet[Meeting]:
    """Meetings with a reminder or a follow-up due at `now` (`scheduling.reminders`), or a reminder
    due within `lookahead`: confirmed ones starting in a reminder window, and confirmed or held ones
    that ended within `lookback`. With both sides, their people, and the event meeting (table,
    event) of a published agenda. One query."""
    in_reminder_window = Q()
    for window in reminders.reminder_windows(now=now, lookback=lookback, lookahead=lookahead).values():
        in_reminder_window |= Q(start__gt=window.after, start__lte=window.until)
    ended = reminders.follow_up_window(now=now, lookback=lookback)
    return (
        Meeting.objects.filter(
            Q(status=MeetingStatus.CONFIRMED) & in_reminder_window
            | Q(
                status__in=(MeetingStatus.CONFIRMED, MeetingStatus.HELD),
                end__gt=ended.after,
                end__lte=ended.until,
            )
        )
        .select_related(
            "organiser__organisation",
            "organiser__user",
            "invitee__organisation",
            "invitee__user",
            "requested_by",
            "event_meeting__event",
        )
        .order_by("start", "pk")
    )


# --- Calendar feeds -----------------------------------------------------------------------


_FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def feed_by_token(token: str) -> CalendarFeed:
    """The feed with this secret token, or 404 (a rotated token is simply unknown)."""
    # Tokens are token_urlsafe(32): anything else (a NUL byte, which PostgreSQL refuses to compare,
    # answered 500) cannot be one.
    if not _FEED_TOKEN.fullmatch(token):
        raise Http404("No such calendar feed.")
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404("No such calendar feed.")
    return feed


def calendar_feed_of(user: User) -> CalendarFeed | None:
    """`user`'s private calendar feed, if they made one. One query."""
    return CalendarFeed.objects.filter(user=user).first()


def feed_meetings_for(user: User | AnonymousUser) -> QuerySet[Meeting]:
    """The dated meetings of `user` for their calendar feed: from six months back onwards."""
    return meetings_for(user).filter(start__isnull=False, end__gte=timezone.now() - FEED_HISTORY)


def parse_time_zone(name: str) -> str:
    """`name` if it is a known IANA time zone, else ValueError."""
    try:
        zoneinfo.ZoneInfo(name)
    # OSError: zoneinfo opens `name` as a file under the zone database; a folder ("America") or a name
    # longer than a file name can be (64 characters of 4 UTF-8 bytes) fails there, not as "not found".
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"“{name}” is not a known IANA time zone.") from exc
    return name


def active_claims_during(
    *,
    participant_ids: Iterable[int],
    start: datetime,
    end: datetime,
    excluding_meeting_ids: Iterable[int] = (),
) -> list[MeetingAttendance]:
    """The active claims of these participants on time overlapping [start, end), with their meetings,
    other than those of `excluding_meeting_ids`. One query; call it under `lock_calendars` to rely on it."""
    return list(
        MeetingAttendance.objects.filter(
            participant_id__in=set(participant_ids), active=True, start__lt=end, end__gt=start
        )
        .exclude(meeting_id__in=set(excluding_meeting_ids))
        .select_related("meeting")
        .order_by("participant_id", "start", "pk")
    )


# --- What a person may do on a meeting -----------------------------------------------------------

MEETING_ACTIONS = frozenset({"accept", "decline", "cancel", "mark_held", "mark_no_show", "propose", "ics"})


def meeting_actions(meeting: Meeting, user: User, *, now: datetime | None = None) -> set[str]:
    """What `user` may do on `meeting` (a subset of MEETING_ACTIONS), for pages to show as buttons.
    The services check every rule again. No queries (the meeting's parties are at hand)."""
    now = now or timezone.now()
    actions: set[str] = set()
    if meeting.status == MeetingStatus.EXPIRED:  # never answered: nothing left to do, not even a file
        return actions
    awaiting = meeting.status in AWAITING_STATUSES
    to_answer = awaiting and side_of(user, meeting) == meeting.awaiting_side
    if to_answer:
        # Without a time of its own the meeting is accepted by choosing one of its proposed times
        # (the page offers one button per time, each sending `proposal_start`).
        actions |= {"accept", "decline"}
    elif meeting.status in (*AWAITING_STATUSES, MeetingStatus.CONFIRMED):
        actions.add("cancel")
    # The outcome is recorded once the meeting has started (as `record_meeting_outcome` checks), never
    # on one still ahead, whatever else is on the page.
    started = meeting.start is not None and meeting.start <= now
    if meeting.status == MeetingStatus.CONFIRMED and started:
        actions |= {"mark_held", "mark_no_show"}
    if meeting.status == MeetingStatus.HELD:
        actions.add("propose")
    if meeting.start is not None:
        actions.add("ics")
    return actions


MEETING_CHANGES = frozenset({"propose_time", "edit_video_link"})


def meeting_changes(meeting: Meeting, user: User, *, now: datetime | None = None) -> set[str]:
    """What the people of `meeting`'s two sides may change on its page (a subset of MEETING_CHANGES):
    propose another time while it is open and has not started, set the video link while it is open.
    The services check every rule again. No queries."""
    now = now or timezone.now()
    if side_of(user, meeting) is None or meeting.status not in OPEN_STATUSES:
        return set()
    changes = {"edit_video_link"}
    if meeting.start is None or meeting.start > now:
        changes.add("propose_time")
    return changes


def proposable_slots(
    meeting: Meeting, user: User, *, viewer_time_zone: str, days: int = 14
) -> list[availability.Slot]:
    """The times `user` may propose for `meeting`: the other side's free slots of the meeting's length
    over the next `days` days (its own claim aside), or, if the other side publishes no availability,
    the free slots of `user`'s own side. Six queries at most."""
    side = side_of(user, meeting)
    own, other = meeting.organiser, meeting.invitee
    if side != Side.ORGANISER:
        own, other = other, own
    length = None
    if meeting.start is not None and meeting.end is not None:
        length = int((meeting.end - meeting.start).total_seconds() // 60)
    first = timezone.now().astimezone(zoneinfo.ZoneInfo(viewer_time_zone)).date()
    start, end = local_day_range(first, first + timedelta(days=days - 1), viewer_time_zone)
    for participant in (other, own):
        slots = free_slots_for(
            participant=participant,
            start=start,
            end=end,
            viewer_time_zone=viewer_time_zone,
            length=length,
            exclude_meeting=meeting,
        )
        if slots:
            return [slot for slot in slots if slot.start != meeting.start]
    return []
