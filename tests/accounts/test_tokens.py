"""API tokens (accounts/services/tokens.py, accounts/auth.py, accounts/passwords.py): expiry, revocation,
revocation on every password change, and the last use noted."""

from datetime import timedelta

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services.tokens import create_api_token, revoke_all_api_tokens, revoke_api_token
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def me_with(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/")


def test_token_works_until_it_expires(monkeypatch):
    user = UserFactory.create()
    _, key = create_api_token(user=user, name="script", expires_in_days=2)
    later = timezone.now() + timedelta(days=2, minutes=1)
    assert me_with(key).status_code == 200

    monkeypatch.setattr(timezone, "now", lambda: later)

    response = me_with(key)
    assert (response.status_code, response.json()["type"]) == (401, "authentication_failed")
    assert ApiToken.objects.filter(user=user).count() == 0


def test_token_expires_after_the_default_lifetime(settings):
    token, _ = create_api_token(user=UserFactory.create(), name="script")

    lifetime = token.expiry - token.created

    assert round(lifetime / timedelta(days=1)) == settings.API_TOKEN_TTL_DAYS == 30


@pytest.mark.parametrize("days", [0, 366])
def test_token_lifetime_outside_the_bounds_is_refused(days):
    with pytest.raises(ValidationError) as error:
        create_api_token(user=UserFactory.create(), name="script", expires_in_days=days)

    assert list(error.value.message_dict) == ["expires_in_days"]


def test_token_without_a_name_is_refused():
    with pytest.raises(ValidationError) as error:
        create_api_token(user=UserFactory.create(), name="  ")

    assert list(error.value.message_dict) == ["name"]


def test_only_a_digest_is_stored():
    token, key = create_api_token(user=UserFactory.create(), name="script")

    assert key not in (token.digest, token.token_key)
    assert len(token.digest) == 128


def test_revoked_token_is_refused():
    user = UserFactory.create()
    token, key = create_api_token(user=user, name="script")
    _, other_key = create_api_token(user=user, name="laptop")

    revoke_api_token(user=user, token_id=token.pk)

    assert (me_with(key).status_code, me_with(other_key).status_code) == (401, 200)


def test_revoking_another_persons_token_is_a_404():
    token, key = create_api_token(user=UserFactory.create(), name="script")

    with pytest.raises(Http404):
        revoke_api_token(user=UserFactory.create(), token_id=token.pk)
    assert me_with(key).status_code == 200


def test_revoke_all_leaves_other_peoples_tokens():
    user, other = UserFactory.create(), UserFactory.create()
    create_api_token(user=user, name="a")
    create_api_token(user=user, name="b")
    _, other_key = create_api_token(user=other, name="c")

    assert revoke_all_api_tokens(user=user) == 2
    assert me_with(other_key).status_code == 200


def test_password_change_revokes_every_token():
    user = UserFactory.create()
    _, key = create_api_token(user=user, name="script")
    _, other_key = create_api_token(user=UserFactory.create(), name="script")

    user.set_password("a-new-long-passphrase")
    user.save()

    assert (me_with(key).status_code, me_with(other_key).status_code) == (401, 200)


def test_password_reset_form_revokes_every_token():
    user = UserFactory.create()
    _, key = create_api_token(user=user, name="script")
    form = SetPasswordForm(
        user, {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"}
    )
    assert form.is_valid()

    form.save()

    assert me_with(key).status_code == 401


def test_saving_a_person_without_a_new_password_keeps_their_tokens():
    user = UserFactory.create()
    _, key = create_api_token(user=user, name="script")

    user.first_name = "Ana"
    user.save()

    assert me_with(key).status_code == 200


def test_use_is_noted_once_a_minute():
    token, key = create_api_token(user=UserFactory.create(), name="script")
    me_with(key)
    token.refresh_from_db()
    first_use = token.last_used

    me_with(key)
    token.refresh_from_db()

    assert first_use is not None
    assert token.last_used == first_use
