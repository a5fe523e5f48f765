"""The token endpoint (accounts.api.members.ObtainTokenApi): the login lock-out and the second factor
apply to it as to the login page; sign-up is throttled."""

import pytest
from rest_framework.test import APIClient

from tests.factories.accounts import OrganisationAdminFactory, StaffFactory, UserFactory
from tests.second_factor import authenticator_app_of, current_code

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "correct-horse-battery"  # noqa: S105 -- the factories' throw-away password
TOKEN_ENDPOINT = "/api/v1/auth/token/"  # noqa: S105 -- a path, not a secret


def test_a_member_gets_a_token_with_the_password_alone(api_client):
    UserFactory.create(username="ama")

    response = api_client.post(TOKEN_ENDPOINT, {"username": "ama", "password": PASSWORD}, format="json")

    assert (response.status_code, len(response.json()["token"])) == (201, 64)


def test_a_wrong_password_is_a_400_in_the_error_shape(api_client):
    UserFactory.create(username="ama")

    response = api_client.post(TOKEN_ENDPOINT, {"username": "ama", "password": "nope"}, format="json")

    assert (response.status_code, response.json()["type"]) == (400, "validation_error")


def test_the_right_password_is_refused_while_locked_out(api_client):
    UserFactory.create(username="ama")
    for n in range(5):
        api_client.post(TOKEN_ENDPOINT, {"username": "ama", "password": f"wrong-{n}"}, format="json")

    response = api_client.post(TOKEN_ENDPOINT, {"username": "ama", "password": PASSWORD}, format="json")

    assert (response.status_code, response["Retry-After"], response.json()["type"]) == (
        429,
        "900",
        "throttled",
    )
    assert "token" not in response.json()


@pytest.mark.parametrize("factory", [StaffFactory, OrganisationAdminFactory])
def test_staff_and_admins_need_their_second_factor_for_a_token(api_client, factory):
    person = factory.create(username="zola")

    without_app = api_client.post(TOKEN_ENDPOINT, {"username": "zola", "password": PASSWORD}, format="json")
    device = authenticator_app_of(person)
    without_code = api_client.post(TOKEN_ENDPOINT, {"username": "zola", "password": PASSWORD}, format="json")
    wrong_code = api_client.post(
        TOKEN_ENDPOINT, {"username": "zola", "password": PASSWORD, "otp_token": "000000"}, format="json"
    )
    right_code = api_client.post(
        TOKEN_ENDPOINT,
        {"username": "zola", "password": PASSWORD, "otp_token": current_code(device)},
        format="json",
    )

    assert [r.status_code for r in (without_app, without_code, wrong_code, right_code)] == [
        400,
        400,
        400,
        201,
    ]
    assert "Set up a second factor" in without_app.json()["errors"]["otp_token"][0]
    assert "required" in without_code.json()["errors"]["otp_token"][0]
    assert "not right" in wrong_code.json()["errors"]["otp_token"][0]
    assert "token" in right_code.json()


def test_token_requests_are_throttled_per_address(settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": "3/min"}
    UserFactory.create(username="ama")
    client = APIClient()

    answers = [
        client.post(TOKEN_ENDPOINT, {"username": "ama", "password": PASSWORD}, format="json")
        for _ in range(4)
    ]

    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert int(answers[-1]["Retry-After"]) > 0


def test_signups_are_throttled_with_retry_after(settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "signup": "2/hour"}
    client = APIClient()

    answers = [
        client.post(
            "/api/v1/auth/signup/",
            {"email": f"p{n}@example.org"},
            format="json",
        )
        for n in range(3)
    ]

    assert [a.status_code for a in answers] == [202, 202, 429]
    assert (answers[-1].json()["type"], 3000 < int(answers[-1]["Retry-After"]) <= 3600) == ("throttled", True)
