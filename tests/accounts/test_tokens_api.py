"""The API tokens API (accounts/api/tokens.py): log in for a token, list, create, revoke, log out."""

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services.tokens import create_api_token
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def client_with(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_login_gives_a_named_token_each_time():
    user = UserFactory.create(username="ana")
    credentials = {"username": "ana", "password": "correct-horse-battery", "name": "laptop"}

    first = APIClient().post("/api/v1/auth/token/", credentials, format="json")
    second = APIClient().post("/api/v1/auth/token/", credentials, format="json")

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["token"] != second.json()["token"]
    assert list(ApiToken.objects.filter(user=user).values_list("name", flat=True)) == ["laptop", "laptop"]


def test_login_with_a_wrong_password_is_a_400():
    UserFactory.create(username="ana")

    response = APIClient().post("/api/v1/auth/token/", {"username": "ana", "password": "nope"}, format="json")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["non_field_errors"])


def test_list_shows_only_ones_own_tokens_without_the_secret():
    user = UserFactory.create()
    _, key = create_api_token(user=user, name="script")
    create_api_token(user=UserFactory.create(), name="someone else's")

    rows = client_with(key).get("/api/v1/auth/tokens/").json()["results"]

    assert [row["name"] for row in rows] == ["script"]
    assert sorted(rows[0]) == ["created", "expiry", "id", "last_used", "name"]


@pytest.mark.parametrize("tokens", [1, 3])
def test_list_query_count(tokens, django_assert_num_queries):
    user = UserFactory.create()
    for n in range(tokens):
        create_api_token(user=user, name=f"t{n}")
    client = APIClient()
    client.force_authenticate(user)

    with django_assert_num_queries(2):  # count, page
        client.get("/api/v1/auth/tokens/")


def test_create_shows_the_token_once_and_it_works():
    user = UserFactory.create()
    client = APIClient()
    client.force_authenticate(user)

    made = client.post("/api/v1/auth/tokens/", {"name": "ci", "expires_in_days": 7}, format="json").json()

    assert client_with(made["token"]).get("/api/v1/me/").status_code == 200
    assert "token" not in client.get("/api/v1/auth/tokens/").json()["results"][0]


def test_create_beyond_the_maximum_lifetime_is_a_400():
    client = APIClient()
    client.force_authenticate(UserFactory.create())

    response = client.post("/api/v1/auth/tokens/", {"name": "ci", "expires_in_days": 5000}, format="json")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["expires_in_days"])


def test_revoke_own_token():
    user = UserFactory.create()
    token, key = create_api_token(user=user, name="script")
    _, other_key = create_api_token(user=user, name="laptop")

    response = client_with(other_key).delete(f"/api/v1/auth/tokens/{token.pk}/")

    assert response.status_code == 204
    assert client_with(key).get("/api/v1/me/").status_code == 401


def test_revoke_another_persons_token_is_a_404():
    token, key = create_api_token(user=UserFactory.create(), name="script")
    _, stranger_key = create_api_token(user=UserFactory.create(), name="mine")

    response = client_with(stranger_key).delete(f"/api/v1/auth/tokens/{token.pk}/")

    assert (response.status_code, response.json()["type"]) == (404, "not_found")
    assert client_with(key).get("/api/v1/me/").status_code == 200


def test_anonymous_list_is_a_401():
    assert APIClient().get("/api/v1/auth/tokens/").status_code == 401


def test_revoke_all():
    user = UserFactory.create()
    _, key = create_api_token(user=user, name="a")
    _, other_key = create_api_token(user=user, name="b")

    response = client_with(key).post("/api/v1/auth/tokens/revoke-all/")

    assert (response.status_code, response.json()) == (200, {"revoked": 2})
    assert client_with(other_key).get("/api/v1/me/").status_code == 401


def test_logout_revokes_only_the_token_used():
    user = UserFactory.create()
    _, key = create_api_token(user=user, name="a")
    _, other_key = create_api_token(user=user, name="b")

    assert client_with(key).post("/api/v1/auth/logout/").status_code == 204
    assert (
        client_with(key).get("/api/v1/me/").status_code,
        client_with(other_key).get("/api/v1/me/").status_code,
    ) == (
        401,
        200,
    )
