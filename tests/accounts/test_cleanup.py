"""The daily clean-up of expired invitations and held applications (accounts/services/cleanup.py),
run through its beat task as beat runs it: eagerly, in this process."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Invitation, UnconfirmedApplication
from accounts.services.cleanup import EXPIRED_INVITATION_KEPT
from accounts.tasks import clean_up_expired_links
from accounts.verification import SIGN_UP_LINK_LIFETIME
from tests.factories.accounts import OrganisationAdminFactory, OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _invitation(admin, email, **fields):
    return Invitation.objects.create(
        organisation=admin.organisation, email=email, invited_by=admin, token_hash=email, **fields
    )


def test_cleanup_deletes_only_long_expired_open_invitations_and_expired_held_applications():
    now = timezone.now()
    admin = OrganisationAdminFactory.create(organisation=OrganisationFactory.create())
    long_gone = now - EXPIRED_INVITATION_KEPT - timedelta(days=1)
    _invitation(admin, "old@example.org", expires_at=long_gone)
    _invitation(admin, "resend@example.org", expires_at=now - timedelta(days=1))
    _invitation(admin, "open@example.org", expires_at=now + timedelta(days=3))
    _invitation(admin, "revoked@example.org", expires_at=long_gone, revoked_at=long_gone)
    stale = UnconfirmedApplication.objects.create(email="late@example.org", details={})
    UnconfirmedApplication.objects.filter(pk=stale.pk).update(
        created_at=now - SIGN_UP_LINK_LIFETIME - timedelta(minutes=1)
    )
    UnconfirmedApplication.objects.create(email="fresh@example.org", details={})

    assert clean_up_expired_links.delay().get() == {"invitations": 1, "applications": 1}
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "open@example.org",
        "resend@example.org",
        "revoked@example.org",
    ]
    assert list(UnconfirmedApplication.objects.values_list("email", flat=True)) == ["fresh@example.org"]
    assert clean_up_expired_links.delay().get() == {"invitations": 0, "applications": 0}
