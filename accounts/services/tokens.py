"""API tokens (django-rest-knox, model `ApiToken`): made with a name and an expiry, revoked one by one
or all at once. Every password change revokes them all (`accounts.passwords`)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import API_TOKEN_NAME_MAX_LENGTH, ApiToken, User
from accounts.selectors import access_api_token

# A token already marked as used this recently is not written again: one UPDATE per token and
# minute at most, not one per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def max_token_lifetime_days() -> int:
    return int(settings.API_TOKEN_MAX_TTL_DAYS)


def default_token_lifetime_days() -> int:
    return int(settings.API_TOKEN_TTL_DAYS)


@transaction.atomic
def create_api_token(*, user: User, name: str, expires_in_days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored row and the token itself, which is never shown again.

    `expires_in_days` defaults to API_TOKEN_TTL_DAYS and may not exceed API_TOKEN_MAX_TTL_DAYS.
    """
    days = default_token_lifetime_days() if expires_in_days is None else expires_in_days
    errors: dict[str, list[str]] = {}
    if not 1 <= days <= max_token_lifetime_days():
        errors["expires_in_days"] = [
            gettext("Choose between 1 and %(most)s days.") % {"most": max_token_lifetime_days()}
        ]
    name = name.strip()
    if not name:
        errors["name"] = [gettext("Give the token a name, e.g. the script or device that uses it.")]
    elif len(name) > API_TOKEN_NAME_MAX_LENGTH:
        errors["name"] = [gettext("At most %(most)s characters.") % {"most": API_TOKEN_NAME_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    token, key = ApiToken.objects.create(user=user, expiry=timedelta(days=days), name=name)
    return token, key


@transaction.atomic
def revoke_api_token(*, user: User, token_id: int) -> None:
    """Delete one of the caller's tokens; another person's token is a 404, as if it did not exist."""
    access_api_token(user, token_id).delete()


def revoke_all_api_tokens(*, user: User) -> int:
    """Delete every token of `user` (one DELETE); returns how many there were."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


def record_api_token_use(*, token: ApiToken) -> None:
    """Note that `token` was just used, at most once per LAST_USED_RESOLUTION (one UPDATE or none)."""
    now = timezone.now()
    if token.last_used is not None and now - token.last_used < LAST_USED_RESOLUTION:
        return
    token.last_used = now
    ApiToken.objects.filter(pk=token.pk).update(last_used=now)
