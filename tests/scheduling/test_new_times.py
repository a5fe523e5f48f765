"""propose_new_times: either side answers with up to three other times and a note; the held time is
released, the earlier proposals are superseded but kept, the other side picks one."""

import zoneinfo
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from common.exceptions import ConflictError
from notifications.models import Notification
from scheduling.enums import MeetingAction, MeetingStatus, Side
from scheduling.models import MeetingAttendance, MeetingEvent, MeetingProposal
from scheduling.services.meetings import (
    accept_meeting,
    cancel_meeting,
    propose_new_time,
    propose_new_times,
    request_meeting,
)
from tests.scheduling.conftest import berlin_at

pytestmark = [pytest.mark.integration, pytest.mark.portable, pytest.mark.django_db]


def book(actor, host, start):
    return request_meeting(actor=actor, invitee=host, subject="Smart parking", length=30, start=start)


def active_claims(meeting):
    return MeetingAttendance.objects.filter(meeting=meeting, active=True).count()


def open_starts(meeting):
    return list(meeting.proposals.filter(superseded=False).values_list("start", flat=True))


def test_several_times_release_the_held_time_and_wait_for_the_other_side(host, host_person, city_person):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=host_person)
    times = [berlin_at(4, 15), berlin_at(4, 11), berlin_at(5, 9)]

    moved = propose_new_times(meeting=meeting, actor=host_person, starts=times, note="Our engineer joins")

    assert (moved.status, moved.awaiting_side, moved.sequence, moved.start, moved.end) == (
        MeetingStatus.RESCHEDULED,
        Side.ORGANISER,
        2,
        None,
        None,
    )
    assert active_claims(meeting) == 0
    assert open_starts(meeting) == sorted(times)
    assert set(meeting.proposals.values_list("proposed_by", flat=True)) == {host_person.pk}
    event = MeetingEvent.objects.filter(meeting=meeting).last()
    assert event is not None
    assert (event.action, event.note, event.start) == (
        MeetingAction.PROPOSED_TIME,
        "Our engineer joins",
        None,
    )
    assert [(t.start, t.end - t.start) for t in event.proposed_times] == [
        (start, timedelta(minutes=30)) for start in sorted(times)
    ]


def test_the_other_side_accepts_one_of_the_new_times(host, host_person, city_person):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=host_person)
    propose_new_times(meeting=meeting, actor=host_person, starts=[berlin_at(4, 15), berlin_at(5, 9)])

    confirmed = accept_meeting(meeting=meeting, actor=city_person, proposal_start=berlin_at(5, 9))

    assert (confirmed.status, confirmed.start, confirmed.sequence) == (
        MeetingStatus.CONFIRMED,
        berlin_at(5, 9),
        3,
    )
    assert active_claims(meeting) == 4  # both organisations and the two people attending


def test_a_request_with_proposed_times_is_answered_with_new_times_superseding_them(
    host, host_person, city_person
):
    first = [berlin_at(4, 9), berlin_at(4, 10)]
    meeting = request_meeting(actor=city_person, invitee=host, subject="Intro", length=30, proposals=first)

    propose_new_times(meeting=meeting, actor=host_person, starts=[berlin_at(6, 9), berlin_at(6, 10)])

    assert open_starts(meeting) == [berlin_at(6, 9), berlin_at(6, 10)]
    # Nothing proposed is lost: the city's own times are kept, superseded, with who proposed them.
    assert list(
        MeetingProposal.objects.filter(meeting=meeting, superseded=True).values_list("start", "proposed_by")
    ) == [(start, city_person.pk) for start in first]
    with pytest.raises(ValidationError) as excinfo:
        accept_meeting(meeting=meeting, actor=city_person, proposal_start=berlin_at(4, 9))
    assert excinfo.value.message_dict == {"proposal_start": ["Choose one of the proposed times."]}
    requested = MeetingEvent.objects.filter(meeting=meeting).first()
    assert requested is not None
    assert [t.start for t in requested.proposed_times] == first


def test_the_same_time_may_be_proposed_again_after_being_superseded(host, host_person, city_person):
    meeting = request_meeting(
        actor=city_person, invitee=host, subject="Intro", length=30, proposals=[berlin_at(4, 9)]
    )
    propose_new_times(meeting=meeting, actor=host_person, starts=[berlin_at(6, 9), berlin_at(6, 10)])

    propose_new_times(meeting=meeting, actor=city_person, starts=[berlin_at(4, 9), berlin_at(6, 10)])

    assert open_starts(meeting) == [berlin_at(4, 9), berlin_at(6, 10)]
    assert meeting.awaiting_side == Side.INVITEE


def test_one_time_behaves_as_moving_the_meeting(host, host_person, city_person):
    meeting = request_meeting(
        actor=city_person, invitee=host, subject="Intro", length=30, proposals=[berlin_at(4, 9)]
    )

    moved = propose_new_times(meeting=meeting, actor=host_person, starts=[berlin_at(4, 19)], note="Late")

    assert (moved.start, moved.awaiting_side, active_claims(meeting)) == (berlin_at(4, 19), Side.ORGANISER, 4)
    assert open_starts(meeting) == []  # the city's time is superseded by the one held now
    event = MeetingEvent.objects.filter(meeting=meeting).last()
    assert event is not None
    assert (event.start, event.proposed, event.note) == (berlin_at(4, 19), [], "Late")


@pytest.mark.parametrize(
    ("starts", "error"),
    [
        ([], "Propose at least one time."),
        ([berlin_at(4, h) for h in (9, 10, 11, 12)], "Propose at most 3 times."),
        ([berlin_at(4, 9), berlin_at(-2, 9)], "That time has already passed."),
    ],
)
def test_new_times_are_checked(host, host_person, city_person, starts, error):
    meeting = book(city_person, host, berlin_at(3, 10))

    with pytest.raises(ValidationError) as excinfo:
        propose_new_times(meeting=meeting, actor=host_person, starts=starts)

    assert excinfo.value.message_dict == {"starts": [error]}
    meeting.refresh_from_db()
    assert (meeting.start, meeting.sequence) == (berlin_at(3, 10), 0)


def test_new_times_on_a_closed_meeting_are_refused(host, city_person):
    meeting = cancel_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=city_person)

    with pytest.raises(ConflictError):
        propose_new_times(meeting=meeting, actor=city_person, starts=[berlin_at(4, 9), berlin_at(4, 10)])


def test_the_other_side_is_told_the_old_time_the_new_times_and_the_note(host, host_person, city_person):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=host_person)

    propose_new_times(
        meeting=meeting, actor=host_person, starts=[berlin_at(4, 15), berlin_at(5, 9)], note="Afternoons?"
    )

    notice = Notification.objects.get(recipient=city_person, kind="meeting.rescheduled")
    assert notice.title == "New times proposed: Smart parking"
    seoul = "(Asia/Seoul)"
    assert notice.body.splitlines() == [
        f"Old time: {span(berlin_at(3, 10), 'Asia/Seoul')} {seoul}",
        "New times proposed (choose one):",
        f"- {span(berlin_at(4, 15), 'Asia/Seoul')} {seoul}",
        f"- {span(berlin_at(5, 9), 'Asia/Seoul')} {seoul}",
        "Note: Afternoons?",
    ]
    assert not Notification.objects.filter(recipient=host_person, kind="meeting.rescheduled").exists()


def test_one_new_time_notification_gives_old_and_new_time(host, host_person, city_person):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=host_person)

    propose_new_time(meeting=meeting, actor=host_person, start=berlin_at(3, 14), note="After lunch")

    notice = Notification.objects.get(recipient=city_person, kind="meeting.rescheduled")
    assert (notice.title, notice.body.splitlines()) == (
        "New time proposed: Smart parking",
        [
            f"Old time: {span(berlin_at(3, 10), 'Asia/Seoul')} (Asia/Seoul)",
            f"New time: {span(berlin_at(3, 14), 'Asia/Seoul')} (Asia/Seoul)",
            "Note: After lunch",
        ],
    )


def span(start, zone_name):
    local = start.astimezone(zoneinfo.ZoneInfo(zone_name))
    return f"{local:%A, %B} {local.day}, {local:%Y, %H:%M}-{local + timedelta(minutes=30):%H:%M}"
