"""The periodic task that expires unanswered meeting requests (beat, hourly)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from scheduling.services.meetings import request_meeting
from scheduling.tasks import expire_meeting_requests
from tests.scheduling.conftest import berlin_at

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_task_expires_what_is_due_and_says_how_many(host, city_person, settings):
    request_meeting(
        actor=city_person, invitee=host, subject="Smart parking", length=30, start=berlin_at(3, 10)
    )
    Meeting.objects.update(
        updated_at=timezone.now() - timedelta(days=settings.MEETING_REQUEST_EXPIRY_DAYS + 1)
    )

    result = expire_meeting_requests.delay()

    assert (result.get(), Meeting.objects.get().status) == (1, MeetingStatus.EXPIRED)
    assert expire_meeting_requests.delay().get() == 0
