"""The admin shows participants and meetings (with their history) and never edits a meeting."""

import pytest

from scheduling.services.meetings import request_meeting
from tests.factories.accounts import StaffFactory
from tests.scheduling.conftest import berlin_at

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_admin_lists_and_shows_meetings_read_only(client, host, city_person):
    meeting = request_meeting(
        actor=city_person, invitee=host, subject="Smart parking", length=30, start=berlin_at(3, 10)
    )
    client.force_login(StaffFactory.create(is_superuser=True))

    pages = [
        client.get("/admin/scheduling/meeting/"),
        client.get(f"/admin/scheduling/meeting/{meeting.pk}/change/"),
        client.get("/admin/scheduling/participant/"),
        client.get(f"/admin/scheduling/participant/{host.pk}/change/"),
    ]
    add = client.get("/admin/scheduling/meeting/add/")

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert add.status_code == 403
