"""Invitations by e-mail (accounts/services/invitations.py)."""

import re
from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.enums import OrganisationRole
from accounts.models import Invitation
from accounts.services.invitations import (
    InvitationUnusableError,
    accept_invitation,
    invite_colleague,
    register_from_invitation,
    resend_invitation,
    revoke_invitation,
    token_hash,
)
from common.exceptions import ConflictError
from tests.factories.accounts import OrganisationAdminFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def admin():
    return OrganisationAdminFactory.create(organisation=OrganisationFactory.create(name="Nairobi"))


def test_invite_mails_a_link_and_stores_only_its_hash(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issued = invite_colleague(
            organisation=admin.organisation, email="Wanjiru@Example.org", invited_by=admin
        )

    invitation = Invitation.objects.get()
    assert invitation.token_hash == token_hash(issued.token) != issued.token
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=5)
    )
    assert mail.outbox[-1].to == ["Wanjiru@example.org"]
    assert f"http://127.0.0.1:8000/invitations/{issued.token}/" in mail.outbox[-1].body


def test_sign_up_from_the_link_joins_as_member_once(admin):
    issued = invite_colleague(organisation=admin.organisation, email="wanjiru@example.org", invited_by=admin)

    user = register_from_invitation(token=issued.token, username="wanjiru", password="a-long-passphrase")

    assert (user.email, user.organisation, user.organisation_role) == (
        "wanjiru@example.org",
        admin.organisation,
        OrganisationRole.MEMBER,
    )
    with pytest.raises(InvitationUnusableError) as used:
        register_from_invitation(token=issued.token, username="again", password="a-long-passphrase")
    assert used.value.status_code == 410


@pytest.mark.parametrize("who", ["stranger", "member", "other_admin", "staff_of_organisation_with_admin"])
def test_only_the_organisations_admin_invites(admin, who):
    actor = {
        "stranger": UserFactory.create(),
        "member": UserFactory.create(organisation=admin.organisation),
        "other_admin": OrganisationAdminFactory.create(),
        "staff_of_organisation_with_admin": StaffFactory.create(),
    }[who]

    with pytest.raises(PermissionDenied):
        invite_colleague(organisation=admin.organisation, email="x@example.org", invited_by=actor)


def test_an_unverified_admin_cannot_invite(admin):
    admin.email_verified = False
    admin.save()

    with pytest.raises(PermissionDenied, match="Verify your e-mail address"):
        invite_colleague(organisation=admin.organisation, email="new@example.org", invited_by=admin)

    assert (Invitation.objects.count(), len(mail.outbox)) == (0, 0)


def test_invitation_is_always_member_role_of_the_inviters_organisation(admin):
    issued = invite_colleague(organisation=admin.organisation, email="x@example.org", invited_by=admin)

    assert issued.invitation.role == OrganisationRole.MEMBER
    assert issued.invitation.organisation == admin.organisation


def test_duplicate_open_invitation_is_refused(admin):
    invite_colleague(organisation=admin.organisation, email="x@example.org", invited_by=admin)

    with pytest.raises(ValidationError):
        invite_colleague(organisation=admin.organisation, email="X@example.org", invited_by=admin)


def test_forged_expired_revoked_links_are_unusable(admin):
    with pytest.raises(InvitationUnusableError) as forged:
        register_from_invitation(token="forged", username="a", password="a-long-passphrase")
    assert forged.value.status_code == 404

    expired = invite_colleague(organisation=admin.organisation, email="e@example.org", invited_by=admin)
    Invitation.objects.filter(pk=expired.invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(InvitationUnusableError) as gone:
        register_from_invitation(token=expired.token, username="e", password="a-long-passphrase")
    assert gone.value.status_code == 410

    revoked = invite_colleague(organisation=admin.organisation, email="r@example.org", invited_by=admin)
    revoke_invitation(invitation=revoked.invitation, actor=admin)
    with pytest.raises(InvitationUnusableError) as withdrawn:
        register_from_invitation(token=revoked.token, username="r", password="a-long-passphrase")
    assert withdrawn.value.status_code == 410


def test_resend_replaces_the_token_and_the_expiry(admin):
    issued = invite_colleague(organisation=admin.organisation, email="x@example.org", invited_by=admin)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))

    again = resend_invitation(invitation=issued.invitation, actor=admin)

    with pytest.raises(InvitationUnusableError):
        register_from_invitation(token=issued.token, username="x", password="a-long-passphrase")
    user = register_from_invitation(token=again.token, username="x", password="a-long-passphrase")
    assert user.organisation == admin.organisation
    with pytest.raises(ConflictError):
        resend_invitation(invitation=issued.invitation, actor=admin)


def test_signed_in_person_with_another_address_cannot_accept(admin):
    issued = invite_colleague(organisation=admin.organisation, email="x@example.org", invited_by=admin)

    with pytest.raises(PermissionDenied):
        accept_invitation(token=issued.token, user=UserFactory.create(email="other@example.org"))


def test_signed_in_person_with_the_address_joins(admin):
    person = UserFactory.create(email="x@example.org")
    issued = invite_colleague(organisation=admin.organisation, email="x@example.org", invited_by=admin)

    accept_invitation(token=issued.token, user=person)

    person.refresh_from_db()
    assert person.organisation == admin.organisation


def test_invitation_link_appears_only_in_the_mail(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite_colleague(organisation=admin.organisation, email="x@example.org", invited_by=admin)

    token = re.search(r"/invitations/([^/]+)/", str(mail.outbox[-1].body))
    assert token is not None
    assert Invitation.objects.get().token_hash == token_hash(token.group(1))


def test_inviting_an_address_with_an_account_answers_as_for_a_new_one(
    admin, django_capture_on_commit_callbacks
):
    """Issue 15: an admin must not learn from an invitation whether an address has an account
    elsewhere; only its owner, opening the link, learns why it cannot be accepted."""
    elsewhere = UserFactory.create(
        email="taken@example.org", organisation=OrganisationFactory.create(name="Lagos")
    )
    unattached = UserFactory.create(email="alone@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        issued = [
            invite_colleague(organisation=admin.organisation, email=address, invited_by=admin)
            for address in ("taken@example.org", "alone@example.org", "free@example.org")
        ]

    assert [m.to for m in mail.outbox] == [["taken@example.org"], ["alone@example.org"], ["free@example.org"]]
    assert {m.subject for m in mail.outbox} == {"Join Nairobi on Solutions Meet Cities"}
    with pytest.raises(ValidationError) as caught:
        accept_invitation(token=issued[0].token, user=elsewhere)
    assert caught.value.message_dict == {"token": ["You already represent Lagos."]}
    assert accept_invitation(token=issued[1].token, user=unattached).organisation == admin.organisation


def test_inviting_one_of_the_organisations_own_people_is_refused(admin):
    member = UserFactory.create(email="m@example.org", organisation=admin.organisation)

    with pytest.raises(ValidationError) as caught:
        invite_colleague(organisation=admin.organisation, email="M@example.org", invited_by=admin)

    assert caught.value.message_dict == {"email": [f"{member} already represents Nairobi."]}


def test_the_invitation_gives_its_expiry_in_the_readers_language(admin, django_capture_on_commit_callbacks):
    # The invited address has no account, so no language yet: the invitation speaks the inviter's.
    admin.language = "es"
    admin.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        invite_colleague(organisation=admin.organisation, email="lucia@example.org", invited_by=admin)

    expires = Invitation.objects.get().expires_at.astimezone(UTC)
    with translation.override("es"):
        month = date_format(expires, "F")  # Django's Spanish month names agree with CLDR's
    assert f"{expires.day} de {month} de {expires.year}" in mail.outbox[-1].body
