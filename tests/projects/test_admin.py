"""The admin shows proposals (with history, notes, key dates) and the activity log, read-only."""

import pytest

from tests.factories.accounts import StaffFactory
from tests.factories.projects import (
    ActivityRecordFactory,
    ProposalKeyDateFactory,
    ProposalNoteFactory,
    ProposalStageChangeFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_admin_shows_proposals_and_activity_read_only(client):
    change = ProposalStageChangeFactory.create()
    proposal = change.proposal
    ProposalNoteFactory.create(proposal=proposal)
    ProposalKeyDateFactory.create(proposal=proposal)
    record = ActivityRecordFactory.create()
    client.force_login(StaffFactory.create(is_superuser=True))

    pages = [
        client.get("/admin/projects/proposal/"),
        client.get(f"/admin/projects/proposal/{proposal.pk}/change/"),
        client.get("/admin/solutions/activityrecord/"),
        client.get(f"/admin/solutions/activityrecord/{record.pk}/change/"),
    ]
    refused = [
        client.get("/admin/projects/proposal/add/"),
        client.get(f"/admin/projects/proposal/{proposal.pk}/delete/"),
        client.get(f"/admin/solutions/activityrecord/{record.pk}/delete/"),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert [page.status_code for page in refused] == [403, 403, 403]
    assert proposal.title in pages[1].content.decode()
