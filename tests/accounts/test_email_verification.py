"""E-mail addresses are verified at sign-up and on change (issue 15, medium 5): a signed link, the
old address kept until the new one is proven, resending throttled."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from accounts.models import User
from accounts.services.invitations import invite_colleague, register_from_invitation
from accounts.services.people import (
    TooSoonError,
    VerificationLinkError,
    register_user,
    resend_email_verification,
    update_profile,
    verify_email,
)
from accounts.verification import (
    SALT,
    VERIFICATION_LINK_LIFETIME,
    email_verification_token,
    read_email_verification_token,
)
from common.exceptions import ConflictError
from tests.factories.accounts import OrganisationAdminFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def link_token(message) -> str:
    found = re.search(r"/accounts/verify-email/([^/\s]+)/", message.body)
    assert found is not None
    return found.group(1)


def sign_up(**extra) -> User:
    return register_user(
        username="wanjiru", email="wanjiru@example.org", password="a-long-passphrase", **extra
    )


def test_sign_up_sends_a_link_and_the_account_starts_unverified(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = sign_up()

    assert (user.email_verified, [m.to for m in mail.outbox]) == (False, [["wanjiru@example.org"]])
    assert mail.outbox[0].subject == "Confirm your e-mail address on Solutions Meet Cities"


def test_opening_the_link_verifies_the_address(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = sign_up()

    verify_email(token=link_token(mail.outbox[0]))

    user.refresh_from_db()
    assert user.email_verified is True


def test_a_forged_or_altered_link_verifies_nothing():
    user = UserFactory.create(email_verified=False)
    forged = signing.TimestampSigner(salt="another-salt").sign_object({"user": user.pk, "email": user.email})
    altered = email_verification_token(user_id=user.pk, email=user.email)[:-2] + "xx"

    for token in (forged, altered, "not-a-token"):
        with pytest.raises(VerificationLinkError):
            verify_email(token=token)

    user.refresh_from_db()
    assert user.email_verified is False


class SignerFromThePast(signing.TimestampSigner):
    """Signs as if it were just past a link's lifetime ago."""

    def timestamp(self) -> str:
        then = timezone.now() - VERIFICATION_LINK_LIFETIME - timedelta(seconds=5)
        return signing.b62_encode(int(then.timestamp()))


def test_a_link_expires():
    user = UserFactory.create(email_verified=False)
    fresh = signing.TimestampSigner(salt=SALT).sign_object({"user": user.pk, "email": user.email})
    expired = SignerFromThePast(salt=SALT).sign_object({"user": user.pk, "email": user.email})

    assert (read_email_verification_token(fresh) is not None, read_email_verification_token(expired)) == (
        True,
        None,
    )


def test_an_invitation_signs_up_verified():
    admin = OrganisationAdminFactory.create()
    assert admin.organisation is not None
    issued = invite_colleague(organisation=admin.organisation, email="kofi@example.org", invited_by=admin)

    user = register_from_invitation(token=issued.token, username="kofi", password="a-long-passphrase")

    assert user.email_verified is True


def test_changing_the_address_keeps_the_old_one_until_the_new_one_is_verified(
    django_capture_on_commit_callbacks,
):
    user = UserFactory.create(email="old@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        update_profile(user=user, email="new@example.org")

    user.refresh_from_db()
    assert (user.email, user.pending_email, user.email_verified) == (
        "old@example.org",
        "new@example.org",
        True,
    )
    assert [m.to for m in mail.outbox] == [["new@example.org"]]

    verify_email(token=link_token(mail.outbox[0]))

    user.refresh_from_db()
    assert (user.email, user.pending_email, user.email_verified) == ("new@example.org", "", True)


def test_a_link_for_a_superseded_address_is_refused(django_capture_on_commit_callbacks):
    user = UserFactory.create(email="old@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(user=user, email="first@example.org")
    user.email_verification_sent_at = None
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(user=user, email="second@example.org")

    with pytest.raises(VerificationLinkError, match="no longer on your account"):
        verify_email(token=link_token(mail.outbox[0]))

    user.refresh_from_db()
    assert (user.email, user.pending_email) == ("old@example.org", "second@example.org")


def test_an_address_taken_meanwhile_is_not_switched_to(django_capture_on_commit_callbacks):
    user = UserFactory.create(email="old@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(user=user, email="new@example.org")
    UserFactory.create(email="NEW@example.org")

    with pytest.raises(ConflictError):
        verify_email(token=link_token(mail.outbox[0]))


def test_resending_is_allowed_once_a_minute(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = sign_up()

    with pytest.raises(TooSoonError):
        resend_email_verification(user=user)
    User.objects.filter(pk=user.pk).update(email_verification_sent_at=timezone.now() - timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        address = resend_email_verification(user=user)

    assert (address, len(mail.outbox)) == ("wanjiru@example.org", 2)


def test_nothing_to_resend_for_a_verified_address():
    with pytest.raises(ConflictError):
        resend_email_verification(user=UserFactory.create())


# --- Pages ----------------------------------------------------------------------------------


def test_the_profile_asks_to_verify_and_resends(client, django_capture_on_commit_callbacks):
    user = UserFactory.create(email_verified=False)
    client.force_login(user)

    page = client.get("/accounts/profile/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/profile/verify-email/", follow=True)

    assert 'data-testid="verify-email"' in page
    assert "Send the link again" in page
    assert [str(m) for m in response.context["messages"]] == [f"We sent a new link to {user.email}."]
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_the_profile_page_keeps_the_old_address_until_the_link_is_opened(client):
    user = UserFactory.create(email="old@example.org")
    client.force_login(user)

    response = client.post(
        "/accounts/profile/",
        {
            "first_name": "Ama",
            "last_name": "Mensah",
            "email": "new@example.org",
            "job_title": "",
            "time_zone": "UTC",
        },
        follow=True,
    )

    user.refresh_from_db()
    assert (user.email, user.pending_email) == ("old@example.org", "new@example.org")
    assert "Your address stays old@example.org until you open it." in response.content.decode()


def test_the_link_page_verifies_and_sends_on_to_the_profile(client):
    user = UserFactory.create(email_verified=False)
    client.force_login(user)

    response = client.get(
        f"/accounts/verify-email/{email_verification_token(user_id=user.pk, email=user.email)}/"
    )

    user.refresh_from_db()
    assert (response.status_code, response["Location"], user.email_verified) == (
        302,
        "/accounts/profile/",
        True,
    )


def test_a_bad_link_page_says_so(client):
    response = client.get("/accounts/verify-email/nonsense/", follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "This verification link is invalid or has expired. Ask for a new one on your profile."
    ]


def test_the_api_keeps_the_old_address_until_the_new_one_is_verified(api_client):
    user = UserFactory.create(email="old@example.org")
    api_client.force_authenticate(user)

    response = api_client.patch("/api/v1/me/", {"email": "new@example.org"}, format="json")

    body = response.json()
    assert (response.status_code, body["email"], body["pending_email"], body["email_verified"]) == (
        200,
        "old@example.org",
        "new@example.org",
        True,
    )
