"""Logging in through the pages (issue 15): the lock-out after wrong passwords, throttled sign-up and
password-reset forms, and the second factor (required for staff and organisation admins, optional
for everyone else). These tests log in with the password, as a person does; `force_login` would
give the second factor already (tests/conftest.py)."""

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.accounts import OrganisationAdminFactory, StaffFactory, UserFactory
from tests.second_factor import authenticator_app_of, code_for_key, current_code

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "correct-horse-battery"  # noqa: S105 -- the factories' throw-away password


def log_in(client: Client, username: str, password: str = PASSWORD, address: str = "127.0.0.1") -> Any:
    """The login page's answer to the form sent from `address`."""
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


# --- Lock-out -------------------------------------------------------------------------------------


def test_the_right_password_after_fifty_wrong_ones_is_refused(settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "1000/min"}
    person = UserFactory.create(username="ama")
    client = Client()

    answers = [log_in(client, "ama", f"wrong-{n}").status_code for n in range(50)]
    right = log_in(client, "ama")

    assert (answers[:4], set(answers[4:]), right.status_code) == ([200] * 4, {429}, 429)
    assert "_auth_user_id" not in client.session
    assert person.pk is not None


def test_the_lockout_page_says_when_to_try_again_in_the_sites_layout():
    UserFactory.create(username="ama")
    client = Client()
    for n in range(5):
        log_in(client, "ama", f"wrong-{n}")

    response = log_in(client, "ama")

    content = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (429, "900")
    assert "Too many failed logins" in content
    assert "the next 15 minutes" in content
    assert 'data-testid="locked-out"' in content
    assert "Forgot your password?" in content  # the layout's page, not a bare text


def test_the_lockout_is_per_username_and_address_and_ends_after_the_cool_off():
    UserFactory.create(username="ama")
    UserFactory.create(username="kofi")
    client = Client()
    for n in range(5):
        log_in(client, "ama", f"wrong-{n}")

    other_person = log_in(Client(), "kofi")
    other_address = log_in(Client(), "ama", address="10.0.0.9")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    after_cool_off = log_in(client, "ama")

    assert (other_person.status_code, other_address.status_code, after_cool_off.status_code) == (
        302,
        302,
        302,
    )


# --- Throttled forms ------------------------------------------------------------------------------


def test_reset_mails_to_one_address_are_throttled(django_capture_on_commit_callbacks):
    UserFactory.create(email="ama@example.org")
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        answers = [
            Client(REMOTE_ADDR=f"10.0.0.{n}").post("/accounts/password-reset/", {"email": "ama@example.org"})
            for n in range(20)
        ]

    assert [a.status_code for a in answers] == [302] * 3 + [429] * 17
    assert len(mail.outbox) == 3
    assert int(answers[-1]["Retry-After"]) > 0
    assert "Please try again in" in answers[-1].content.decode()


def test_reset_requests_from_one_address_are_throttled():
    answers = [
        Client().post("/accounts/password-reset/", {"email": f"person{n}@example.org"}).status_code
        for n in range(7)
    ]

    assert answers == [302] * 5 + [429] * 2


def test_signups_from_one_address_are_throttled():
    client = Client()

    def sign_up(n: int) -> int:
        client.cookies.clear()
        return client.post(
            "/accounts/signup/",
            {"email": f"person{n}@example.org", "first_name": "A", "last_name": "B", "time_zone": "UTC"},
        ).status_code

    answers = [sign_up(n) for n in range(12)]

    assert answers == [200] * 10 + [429] * 2


# --- Second factor --------------------------------------------------------------------------------


def test_staff_without_a_second_factor_are_sent_to_set_one_up_before_the_staff_page():
    StaffFactory.create(username="zola")
    client = Client()
    log_in(client, "zola")

    staff_page = client.get("/staff/")
    code_page = client.get(staff_page["Location"])

    assert staff_page["Location"] == "/accounts/two-factor/?next=%2Fstaff%2F"
    assert code_page["Location"] == "/accounts/two-factor/setup/?next=%2Fstaff%2F"


def test_staff_set_up_the_app_then_reach_the_staff_page():
    StaffFactory.create(username="zola")
    client = Client()
    log_in(client, "zola")
    setup_page = client.get("/accounts/two-factor/setup/?next=/staff/")
    key = setup_page.context["secret"]

    wrong = client.post("/accounts/two-factor/setup/", {"token": "000000", "next": "/staff/"})
    right = client.post("/accounts/two-factor/setup/", {"token": code_for_key(key), "next": "/staff/"})

    assert 'data-testid="totp-secret"' in setup_page.content.decode()
    assert "<svg" in setup_page.content.decode()
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert right["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_staff_with_an_app_give_its_code_before_the_staff_pages_and_the_admin():
    staff = StaffFactory.create(username="zola")
    device = authenticator_app_of(staff)
    client = Client()
    log_in(client, "zola")

    before = [client.get(path)["Location"] for path in ("/staff/", "/admin/", "/reports/")]
    api_before = client.get("/api/v1/me/")
    wrong = client.post("/accounts/two-factor/", {"token": "123456", "next": "/staff/"})
    right = client.post("/accounts/two-factor/", {"token": current_code(device), "next": "/staff/"})

    assert before == [
        "/accounts/two-factor/?next=%2Fstaff%2F",
        "/accounts/two-factor/?next=%2Fadmin%2F",
        "/accounts/two-factor/?next=%2Freports%2F",
    ]
    assert (api_before.status_code, api_before.json()["type"]) == (403, "second_factor_required")
    assert "That code is not right" in wrong.content.decode()
    assert right["Location"] == "/staff/"
    assert [client.get(path).status_code for path in ("/staff/", "/admin/")] == [200, 200]


def test_the_code_page_does_not_send_back_to_another_site():
    staff = StaffFactory.create(username="zola")
    device = authenticator_app_of(staff)
    client = Client()
    log_in(client, "zola")

    answer = client.post(
        "/accounts/two-factor/", {"token": current_code(device), "next": "https://evil.example/"}
    )

    assert answer["Location"] == "/"


def test_a_stolen_password_cannot_replace_the_app():
    staff = StaffFactory.create(username="zola")
    authenticator_app_of(staff)
    client = Client()
    log_in(client, "zola")

    answer = client.get("/accounts/two-factor/setup/")

    assert answer["Location"].startswith("/accounts/two-factor/?")


def test_an_organisation_admin_must_set_up_a_second_factor():
    OrganisationAdminFactory.create(username="ines")
    client = Client()
    log_in(client, "ines")

    home = client.get("/")

    assert home["Location"] == "/accounts/two-factor/?next=%2F"
    assert client.get(home["Location"])["Location"].startswith("/accounts/two-factor/setup/")


def test_a_member_may_skip_the_second_factor_or_turn_it_on_and_off():
    UserFactory.create(username="ama")
    client = Client()
    log_in(client, "ama")

    home = client.get("/")
    security_off = client.get("/accounts/profile/security/").content.decode()
    key = client.get("/accounts/two-factor/setup/").context["secret"]
    turned_on = client.post("/accounts/two-factor/setup/", {"token": code_for_key(key)})
    security_on = client.get("/accounts/profile/security/").content.decode()
    turned_off = client.post("/accounts/profile/security/remove/")

    assert home.status_code == 200
    assert "Off: your password alone" in security_off
    assert turned_on["Location"] == "/accounts/profile/security/"
    assert "On: after your password" in security_on
    assert turned_off["Location"] == "/accounts/profile/security/"
    assert "Off: your password alone" in client.get("/accounts/profile/security/").content.decode()


def test_a_member_who_turned_it_on_gives_the_code_at_the_next_login():
    person = UserFactory.create(username="ama")
    device = authenticator_app_of(person)
    client = Client()
    log_in(client, "ama")

    home = client.get("/")
    client.post("/accounts/two-factor/", {"token": current_code(device)})

    assert home["Location"] == "/accounts/two-factor/?next=%2F"
    assert client.get("/").status_code == 200


def test_staff_cannot_turn_the_second_factor_off():
    staff = StaffFactory.create()
    client = Client()
    client.force_login(staff)

    client.post("/accounts/profile/security/remove/")

    assert TOTPDevice.objects.filter(user=staff, confirmed=True).count() == 1


def test_a_backup_code_works_once():
    person = UserFactory.create(username="ama")
    authenticator_app_of(person)
    client = Client()
    client.force_login(person)
    client.post("/accounts/two-factor/", {"token": current_code(TOTPDevice.objects.get(user=person))})
    codes = client.post("/accounts/profile/security/backup-codes/").context["codes"]

    first, second = Client(), Client()
    log_in(first, "ama")
    log_in(second, "ama")
    used = first.post("/accounts/two-factor/", {"token": codes[0]})
    again = second.post("/accounts/two-factor/", {"token": codes[0]})

    assert (len(codes), used["Location"]) == (10, "/")
    assert again.status_code == 200
    assert "That code is not right" in again.content.decode()
