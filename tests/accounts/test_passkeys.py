"""Passkeys (django-otp-webauthn) as a second factor and a sign-in without a password: the
ceremonies' endpoints with what a browser would send (tests/passkeys.py signs with a real key, and
the library's real verification checks it), and naming and removing one's passkeys."""

import json
from typing import Any

import pytest
from django.test import Client
from django_otp_webauthn.models import WebAuthnCredential

from accounts.auth import has_second_factor
from accounts.services.passkeys import name_passkey, remove_passkey
from accounts.services.second_factor import remove_second_factor
from common.exceptions import ApplicationError
from tests.factories.accounts import PasskeyFactory, StaffFactory, UserFactory
from tests.passkeys import SoftAuthenticator
from tests.second_factor import authenticator_app_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "correct-horse-battery"  # noqa: S105 -- the factories' throw-away password
CEREMONY = "/accounts/passkeys"


def post_json(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def log_in_with_password(username: str) -> Client:
    client = Client()
    answer = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302
    return client


def register(client: Client, authenticator: SoftAuthenticator) -> Any:
    """Both steps of adding a passkey; the second step's answer."""
    options = post_json(client, f"{CEREMONY}/registration/begin/")
    assert options.status_code == 200, options.content
    return post_json(client, f"{CEREMONY}/registration/complete/", authenticator.registration(options.json()))


def sign_in(client: Client, authenticator: SoftAuthenticator, next_page: str = "") -> Any:
    """Both steps of signing with a passkey; the second step's answer."""
    options = post_json(client, f"{CEREMONY}/authentication/begin/")
    assert options.status_code == 200, options.content
    query = f"?next={next_page}" if next_page else ""
    return post_json(
        client, f"{CEREMONY}/authentication/complete/{query}", authenticator.assertion(options.json())
    )


def passkey_of(user: Any) -> SoftAuthenticator:
    """A passkey registered for `user`, a person without a second factor yet, through the ceremony."""
    return added_passkey(user)[0]


def added_passkey(user: Any) -> tuple[SoftAuthenticator, Client]:
    """A passkey registered for `user` (without a second factor yet) and the session that added it
    (logged in with the password, which counts as having given the passkey)."""
    authenticator = SoftAuthenticator()
    client = log_in_with_password(user.username)
    assert register(client, authenticator).status_code == 200
    return authenticator, client


# --- Adding a passkey -------------------------------------------------------------------------------


def test_new_staff_add_a_passkey_as_their_second_factor_and_reach_the_staff_pages():
    staff = StaffFactory.create(username="zola")
    client = log_in_with_password("zola")
    assert client.get("/staff/").status_code == 302  # owes a second factor: sent to set one up

    options = post_json(client, f"{CEREMONY}/registration/begin/").json()
    answer = post_json(
        client, f"{CEREMONY}/registration/complete/", SoftAuthenticator().registration(options)
    )

    passkey = WebAuthnCredential.objects.get(user=staff)
    assert (answer.status_code, answer.json()) == (200, {"id": passkey.pk})
    assert (options["rp"], options["user"]["name"]) == (
        {"id": "localhost", "name": "Solutions Meet Cities"},
        "zola",
    )
    assert has_second_factor(staff)
    assert client.get("/staff/").status_code == 200


def test_a_session_that_owes_its_app_code_cannot_add_a_passkey():
    staff = StaffFactory.create(username="zola")
    authenticator_app_of(staff)
    client = log_in_with_password("zola")

    answer = post_json(client, f"{CEREMONY}/registration/begin/")

    assert (answer.status_code, answer.json()["code"]) == (403, "user_not_verified")
    assert not WebAuthnCredential.objects.filter(user=staff).exists()


def test_a_passkey_made_for_another_origin_is_refused():
    staff = StaffFactory.create(username="zola")
    client = log_in_with_password("zola")

    answer = register(client, SoftAuthenticator(origin="https://smc.example.net"))

    assert answer.status_code == 422
    assert not WebAuthnCredential.objects.filter(user=staff).exists()
    assert client.get("/staff/").status_code == 302


def test_the_origin_of_the_settings_is_the_one_accepted(settings):
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost:8123"]
    UserFactory.create(username="ama")
    client = log_in_with_password("ama")

    accepted = register(client, SoftAuthenticator(origin="http://localhost:8123"))

    assert accepted.status_code == 200


def test_nobody_adds_a_passkey_without_logging_in():
    answer = post_json(Client(), f"{CEREMONY}/registration/begin/")

    assert answer.status_code in {401, 403}


# --- A passkey as the second factor -----------------------------------------------------------------


def test_staff_with_a_passkey_pass_the_second_factor_with_it():
    staff = StaffFactory.create(username="zola")
    authenticator = passkey_of(staff)
    client = log_in_with_password("zola")
    assert client.get("/staff/")["Location"] == "/accounts/two-factor/?next=%2Fstaff%2F"
    verify_page = client.get("/accounts/two-factor/?next=/staff/").content.decode()

    options = post_json(client, f"{CEREMONY}/authentication/begin/").json()
    answer = post_json(
        client, f"{CEREMONY}/authentication/complete/?next=/staff/", authenticator.assertion(options)
    )

    assert 'id="passkey-verification-button"' in verify_page
    assert [allowed["id"] for allowed in options["allowCredentials"]] == [authenticator.id]
    assert (answer.status_code, answer.json()["redirect_url"]) == (200, "/staff/")
    assert client.get("/staff/").status_code == 200
    assert WebAuthnCredential.objects.get(user=staff).sign_count == 1


def test_a_person_with_only_a_passkey_is_offered_the_passkey_and_no_code_field():
    staff = StaffFactory.create(username="zola")
    passkey_of(staff)
    client = log_in_with_password("zola")

    page = client.get("/accounts/two-factor/?next=/staff/").content.decode()

    assert 'id="passkey-verification-button"' in page
    assert 'name="token"' not in page
    assert '<input type="hidden" name="next" value="/staff/">' in page


def test_a_signature_is_good_for_one_challenge_only():
    staff = StaffFactory.create(username="zola")
    authenticator = passkey_of(staff)
    client = log_in_with_password("zola")
    options = post_json(client, f"{CEREMONY}/authentication/begin/").json()
    signed = authenticator.assertion(options)
    post_json(client, f"{CEREMONY}/authentication/complete/", signed)
    other = log_in_with_password("zola")
    post_json(other, f"{CEREMONY}/authentication/begin/")

    replayed = post_json(other, f"{CEREMONY}/authentication/complete/", signed)

    assert replayed.status_code == 422
    assert other.get("/staff/").status_code == 302


def test_another_persons_passkey_does_not_pass_the_second_factor():
    authenticator_app_of(StaffFactory.create(username="zola"))
    someone_else = passkey_of(UserFactory.create())
    client = log_in_with_password("zola")

    answer = sign_in(client, someone_else)

    assert answer.status_code == 403
    assert client.get("/staff/").status_code == 302


def test_a_member_who_added_a_passkey_is_asked_for_it_after_the_password():
    member = UserFactory.create(username="ama")
    authenticator = passkey_of(member)
    client = log_in_with_password("ama")

    asked = client.get("/accounts/profile/")
    passed = sign_in(client, authenticator)

    assert asked["Location"].startswith("/accounts/two-factor/")
    assert passed.status_code == 200
    assert client.get("/accounts/profile/").status_code == 200


# --- Signing in without a password ------------------------------------------------------------------


def test_a_passkey_signs_in_without_a_password_with_both_factors_given():
    staff = StaffFactory.create(username="zola")
    authenticator = passkey_of(staff)
    client = Client()

    options = post_json(client, f"{CEREMONY}/authentication/begin/").json()
    answer = post_json(client, f"{CEREMONY}/authentication/complete/", authenticator.assertion(options))

    assert (options["userVerification"], options.get("allowCredentials", [])) == ("required", [])
    assert (answer.status_code, answer.json()["redirect_url"]) == (200, "/")
    assert int(client.session["_auth_user_id"]) == staff.pk
    assert client.get("/staff/").status_code == 200


def test_a_passkey_of_a_deactivated_account_signs_nobody_in():
    person = UserFactory.create()
    authenticator = passkey_of(person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    client = Client()

    answer = sign_in(client, authenticator)

    assert answer.status_code == 403
    assert "_auth_user_id" not in client.session


# --- Naming and removing ----------------------------------------------------------------------------


def test_the_page_names_the_new_passkey_and_lists_it():
    person = UserFactory.create()
    _, client = added_passkey(person)
    passkey = WebAuthnCredential.objects.get(user=person)

    answer = client.post(
        "/accounts/profile/security/passkeys/name/", {"passkey": passkey.pk, "name": "  Laptop  "}
    )

    assert answer["Location"] == "/accounts/profile/security/"
    passkey.refresh_from_db()
    assert passkey.name == "Laptop"
    page = client.get("/accounts/profile/security/").content.decode()
    assert "<strong>Laptop</strong>" in page


def test_a_blank_name_becomes_passkey_and_another_persons_passkey_is_not_found():
    person, other = UserFactory.create(), UserFactory.create()
    passkey_of(person)
    passkey = WebAuthnCredential.objects.get(user=person)

    named = name_passkey(user=person, passkey_id=passkey.pk, name=" ")
    with pytest.raises(ApplicationError):
        name_passkey(user=other, passkey_id=passkey.pk, name="Mine now")

    assert named.name == "Passkey"


def test_staff_keep_their_last_second_factor():
    staff = StaffFactory.create()
    passkey_of(staff)
    passkey = WebAuthnCredential.objects.get(user=staff)

    with pytest.raises(ApplicationError):
        remove_passkey(user=staff, passkey_id=passkey.pk)
    authenticator_app_of(staff)
    remove_passkey(user=staff, passkey_id=passkey.pk)

    assert not WebAuthnCredential.objects.filter(user=staff).exists()


def test_a_member_removes_a_passkey_from_the_page():
    person = UserFactory.create()
    _, client = added_passkey(person)
    passkey = WebAuthnCredential.objects.get(user=person)

    client.post(f"/accounts/profile/security/passkeys/{passkey.pk}/remove/")

    assert not has_second_factor(person)


def test_turning_the_second_factor_off_removes_the_passkeys_too():
    person = UserFactory.create()
    passkey_of(person)
    authenticator_app_of(person)

    remove_second_factor(user=person)

    assert not has_second_factor(person)


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_security_page_query_count_is_constant(django_assert_num_queries, item_count):
    person = UserFactory.create()
    PasskeyFactory.create_batch(item_count, user=person)
    client = Client()
    client.force_login(person)
    session = client.session
    session["otp_device_id"] = WebAuthnCredential.objects.filter(user=person).first().persistent_id
    session.save()

    with django_assert_num_queries(4):  # session, user, the authenticator app, the passkeys
        page = client.get("/accounts/profile/security/")

    assert page.content.decode().count('data-testid="passkey"') == item_count
