"""Sign-up does not reveal who has an account (issue 15, low): the page and the API answer a taken
address exactly as a free one, the owner of a taken address hears of the attempt by e-mail with a
way back in, and the account is made only from the e-mailed link, where the username and password
are chosen. The password-reset page does not reveal existence either."""

import re
from dataclasses import asdict
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services.people import (
    VerificationLinkError,
    complete_sign_up,
    request_sign_up,
)
from accounts.verification import SIGN_UP_LINK_LIFETIME, SIGN_UP_SALT, SignUpClaim, sign_up_token
from common.exceptions import ConflictError
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from tests.factories.accounts import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TAKEN, FREE = "owner@example.org", "newcomer@example.org"
PASSWORD = "a-long-passphrase-42"  # noqa: S105 -- a throw-away test account


@pytest.fixture
def owner():
    return UserFactory.create(username="owner", email=TAKEN, first_name="Ama", last_name="Owusu")


def sign_up_link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/signup/[^/\s]+/)", message.body)
    assert found is not None, message.body
    return found.group(1)


CSRF_FIELD = r'name="csrfmiddlewaretoken" value="[^"]+"'


def token_of(message) -> str:
    return sign_up_link(message).split("/")[-2]


# --- The answer is the same ---------------------------------------------------------------------


def test_the_sign_up_page_answers_a_taken_address_as_a_free_one(owner, django_capture_on_commit_callbacks):
    def page_for(address: str) -> tuple[int, str]:
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(
                "/accounts/signup/", {"email": address, "first_name": "Kofi", "time_zone": "UTC"}
            )
        page = response.content.decode().replace(address, "ADDRESS")
        # Every page's language switcher carries a CSRF token, masked anew on each page.
        return response.status_code, re.sub(CSRF_FIELD, "", page)

    taken, free = page_for(TAKEN.upper()), page_for(FREE)

    assert taken == free
    assert taken[0] == 200
    assert "Check your inbox" in taken[1]
    assert sorted(message.to[0] for message in mail.outbox) == [FREE, TAKEN]  # one e-mail each


def test_the_sign_up_api_answers_a_taken_address_as_a_free_one(owner):
    def answer_for(address: str) -> tuple[int, object]:
        response = APIClient().post("/api/v1/auth/signup/", {"email": address}, format="json")
        return response.status_code, response.json()

    assert (
        answer_for(TAKEN)
        == answer_for(FREE)
        == (
            202,
            {"detail": "Check your inbox: we sent an e-mail to the address given. Open its link to go on."},
        )
    )


def test_field_errors_do_not_depend_on_who_is_registered(owner):
    def errors_for(address: str) -> object:
        return APIClient().post("/api/v1/auth/signup/", {"email": address, "time_zone": "Mars/Base"}).json()

    assert errors_for(TAKEN) == errors_for(FREE)


# --- What each address receives -----------------------------------------------------------------


def test_the_owner_of_a_taken_address_is_told_of_the_attempt_with_a_reset_link(
    owner, django_capture_on_commit_callbacks
):
    client = Client()

    with django_capture_on_commit_callbacks(execute=True):
        request_sign_up(email="Owner@Example.org", first_name="Someone")

    assert [message.to for message in mail.outbox] == [[TAKEN]]
    notice = mail.outbox[0]
    assert notice.subject == "Someone tried to sign up with your e-mail address"
    assert "username: owner" in notice.body
    assert "/accounts/signup/" not in notice.body  # no way to a second account
    reset = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", str(notice.body))
    assert reset is not None
    # The link is a working password-reset link: it leads to the form that sets a new password.
    opened = client.get(reset.group(1), follow=True)
    assert opened.context["validlink"] is True
    assert User.objects.count() == 1


def test_a_free_address_gets_the_link_and_no_account_yet(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_sign_up(email=FREE, first_name="Kofi", last_name="Mensah", time_zone="Africa/Accra")

    assert [message.to for message in mail.outbox] == [[FREE]]
    assert mail.outbox[0].subject == "Finish signing up on Solutions Meet Cities"
    assert "Dear Kofi Mensah," in mail.outbox[0].body
    assert User.objects.count() == 0


# --- Finishing from the link --------------------------------------------------------------------


def test_the_link_makes_a_verified_account_with_what_was_asked(django_capture_on_commit_callbacks):
    city = OrganisationFactory.create(name="Accra")
    with django_capture_on_commit_callbacks(execute=True):
        request_sign_up(email=FREE, first_name="Kofi", time_zone="Africa/Accra", asks_to_join=city)

    user = complete_sign_up(token=token_of(mail.outbox[0]), username="kofi", password=PASSWORD)

    assert (user.username, user.email, user.email_verified, user.first_name, user.time_zone) == (
        "kofi",
        FREE,
        True,
        "Kofi",
        "Africa/Accra",
    )
    assert user.check_password(PASSWORD)
    assert user.join_requests.get().organisation == city


def test_a_link_used_once_cannot_make_a_second_account(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_sign_up(email=FREE)
    token = token_of(mail.outbox[0])
    complete_sign_up(token=token, username="kofi", password=PASSWORD)

    with pytest.raises(ConflictError):
        complete_sign_up(token=token, username="kofi2", password=PASSWORD)

    assert User.objects.count() == 1


def test_a_taken_username_is_told_only_to_whoever_holds_a_link(owner, django_capture_on_commit_callbacks):
    """The username is chosen on the link's page: only a person who proved an address, through a
    throttled sign-up and its e-mail, learns that a username is taken."""
    with django_capture_on_commit_callbacks(execute=True):
        request_sign_up(email=FREE)

    with pytest.raises(Exception, match="username already exists"):
        complete_sign_up(token=token_of(mail.outbox[0]), username="owner", password=PASSWORD)

    assert User.objects.filter(email=FREE).exists() is False


class SignerFromThePast(signing.TimestampSigner):
    """Signs as if it were just past a sign-up link's lifetime ago."""

    def timestamp(self) -> str:
        then = timezone.now() - SIGN_UP_LINK_LIFETIME - timedelta(seconds=5)
        return signing.b62_encode(int(then.timestamp()))


def test_forged_and_expired_links_are_refused():
    claim = asdict(SignUpClaim(email=FREE))
    expired = SignerFromThePast(salt=SIGN_UP_SALT).sign_object(claim, compress=True)
    forged = signing.TimestampSigner(salt="another").sign_object(claim)
    malformed = signing.TimestampSigner(salt=SIGN_UP_SALT).sign_object([1])

    for token in [expired, forged, malformed, "nonsense"]:
        with pytest.raises(VerificationLinkError):
            complete_sign_up(token=token, username="kofi", password=PASSWORD)
    assert complete_sign_up(token=sign_up_token(SignUpClaim(email=FREE)), username="kofi", password=PASSWORD)


# --- The password-reset page --------------------------------------------------------------------


def test_the_password_reset_page_answers_a_taken_address_as_an_unknown_one(
    owner, django_capture_on_commit_callbacks
):
    def answer_for(address: str) -> tuple[int, str]:
        # The reset e-mail is written to the outbox and sent when the commit's callbacks run.
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post("/accounts/password-reset/", {"email": address}, follow=True)
        # Every page's language switcher carries a CSRF token, masked anew on each page.
        return response.status_code, re.sub(CSRF_FIELD, "", response.content.decode())

    assert answer_for(TAKEN) == answer_for("nobody@example.org")
    assert [message.to for message in mail.outbox] == [[TAKEN]]


def test_the_sign_up_e_mails_are_outbox_rows_of_the_transaction(owner, django_capture_on_commit_callbacks):
    """The link to a new address and the notice to a taken one are written to the outbox in the
    service's transaction (a rollback leaves no row and sends nothing), each under its own key."""
    with django_capture_on_commit_callbacks(execute=True):
        for email in [FREE, TAKEN]:
            with transaction.atomic():
                request_sign_up(email=email)
                transaction.set_rollback(True)  # the caller's transaction rolls back
    assert (OutboxMessage.objects.count(), len(mail.outbox)) == (0, 0)

    with django_capture_on_commit_callbacks(execute=True):
        request_sign_up(email=FREE)
        request_sign_up(email=TAKEN)

    rows = OutboxMessage.objects.order_by("pk")
    assert [(row.key.split(":")[0], row.to, row.status) for row in rows] == [
        ("sign-up-link", [FREE], OutboxStatus.SENT),
        ("sign-up-attempt", [TAKEN], OutboxStatus.SENT),
    ]
    assert len(mail.outbox) == 2
