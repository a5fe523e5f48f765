"""The API tokens page under the profile (frontend/views/tokens.py), and the password-reset pages
revoking every token."""

import re

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services.tokens import create_api_token
from tests.factories.accounts import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_works(key) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/").status_code == 200


def test_the_page_lists_only_ones_own_tokens():
    user = UserFactory.create()
    create_api_token(user=user, name="reporting script")
    create_api_token(user=UserFactory.create(), name="someone else's")

    response = logged_in(user).get("/accounts/profile/tokens/")

    assert [token.name for token in response.context["page"]] == ["reporting script"]


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_page_query_count_is_constant(item_count, django_assert_num_queries):
    user = UserFactory.create(organisation=OrganisationFactory.create())
    for n in range(item_count):
        create_api_token(user=user, name=f"t{n}")
    client = logged_in(user)

    with django_assert_num_queries(
        5
    ):  # session, user (with the unread count), count, page, organisation (nav)
        response = client.get("/accounts/profile/tokens/")

    assert len(response.context["page"]) == item_count


def test_a_new_token_is_shown_once_and_works():
    user = UserFactory.create()
    client = logged_in(user)

    response = client.post("/accounts/profile/tokens/", {"name": "laptop", "expires_in_days": "7"})

    key = response.context["key"]
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    assert token_works(key)
    assert key not in client.get("/accounts/profile/tokens/").content.decode()


def test_a_new_token_beyond_the_maximum_lifetime_is_a_form_error():
    response = logged_in(UserFactory.create()).post(
        "/accounts/profile/tokens/", {"name": "laptop", "expires_in_days": "9999"}
    )

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["expires_in_days"])
    assert ApiToken.objects.count() == 0


def test_revoke_one():
    user = UserFactory.create()
    token, key = create_api_token(user=user, name="laptop")

    response = logged_in(user).post(f"/accounts/profile/tokens/{token.pk}/revoke/")

    assert (response.status_code, token_works(key)) == (302, False)


def test_revoking_another_persons_token_is_a_404():
    token, key = create_api_token(user=UserFactory.create(), name="laptop")

    response = logged_in(UserFactory.create()).post(f"/accounts/profile/tokens/{token.pk}/revoke/")

    assert (response.status_code, token_works(key)) == (404, True)


def test_revoke_all():
    user = UserFactory.create()
    keys = [create_api_token(user=user, name=name)[1] for name in ("a", "b")]

    logged_in(user).post("/accounts/profile/tokens/revoke-all/")

    assert [token_works(key) for key in keys] == [False, False]


def test_sign_out_everywhere_revokes_tokens_and_ends_the_session():
    user = UserFactory.create()
    _, key = create_api_token(user=user, name="laptop")
    client = logged_in(user)

    response = client.post("/accounts/sign-out-everywhere/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert token_works(key) is False
    assert client.get("/accounts/profile/tokens/").status_code == 302


def test_password_reset_through_the_pages_revokes_every_token(django_capture_on_commit_callbacks):
    user = UserFactory.create(email="ana@example.org")
    _, key = create_api_token(user=user, name="laptop")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        client.post("/accounts/password-reset/", {"email": "ana@example.org"})
    link = re.search(r"/accounts/reset/\S+/", str(mail.outbox[0].body))
    assert link is not None
    form_page = client.get(link.group(0), follow=True)

    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )

    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")
    assert token_works(key) is False
