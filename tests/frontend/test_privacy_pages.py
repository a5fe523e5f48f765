"""The profile's data pages: download one's data (a JSON attachment) and delete one's account."""

import json

import pytest
from django.test import Client

from accounts.models import ApiToken, User
from accounts.services.tokens import create_api_token
from tests.factories.accounts import OrganisationAdminFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "correct-horse-battery"  # noqa: S105 -- the factories' throw-away password


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_profile_links_to_both_pages():
    body = _client_of(UserFactory.create()).get("/accounts/profile/").content.decode()

    assert ('href="/accounts/profile/data/"' in body, 'href="/accounts/profile/delete/"' in body) == (
        True,
        True,
    )


def test_the_download_is_a_json_attachment_of_the_person_s_data():
    person = UserFactory.create(username="amina", first_name="Amina")
    create_api_token(user=person, name="laptop")

    response = _client_of(person).get("/accounts/profile/data/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="solutions-meet-cities-amina-')
    data = json.loads(response.content)
    assert (data["profile"]["first_name"], [t["name"] for t in data["api_tokens"]]) == ("Amina", ["laptop"])


@pytest.mark.parametrize("path", ["/accounts/profile/data/", "/accounts/profile/delete/"])
def test_both_pages_need_a_login(path):
    assert Client().get(path).status_code == 302


def test_deleting_asks_for_the_password_then_logs_out():
    person = UserFactory.create()
    create_api_token(user=person, name="laptop")
    client = _client_of(person)

    form = client.get("/accounts/profile/delete/")
    response = client.post("/accounts/profile/delete/", {"password": PASSWORD})

    assert form.status_code == 200
    assert (response.status_code, response["Location"]) == (302, "/")
    person.refresh_from_db()
    assert (person.is_active, ApiToken.objects.filter(user=person).count()) == (False, 0)
    assert client.get("/accounts/profile/").status_code == 302  # logged out


def test_a_wrong_password_is_shown_on_the_form():
    person = UserFactory.create()

    response = _client_of(person).post("/accounts/profile/delete/", {"password": "not-it"})

    assert (response.status_code, response.context["form"].errors) == (
        200,
        {"password": ["This is not your password."]},
    )
    assert User.objects.get(pk=person.pk).is_active is True


def test_the_last_admin_is_told_to_hand_over_first():
    admin = OrganisationAdminFactory.create()
    UserFactory.create(organisation=admin.organisation)

    response = _client_of(admin).post("/accounts/profile/delete/", {"password": PASSWORD}, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        f"You are the last admin of {admin.organisation}, which has other people: make one of them "
        "admin before you delete your account."
    ]
    assert User.objects.get(pk=admin.pk).is_active is True
