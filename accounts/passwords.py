"""What a password change does besides changing the password."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from accounts.models import User
from accounts.services.tokens import revoke_all_api_tokens


class RevokeApiTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for its `password_changed` hook, which Django calls after a
    user saved with a new password, whichever way it was set (change and reset pages, the admin, the
    API, `manage.py changepassword`): whoever changed it may be locking out a thief, so every API
    token goes. It accepts every password; its help text, listed under the password fields, says so."""

    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if isinstance(user, User) and user.pk is not None:
            revoke_all_api_tokens(user=user)

    def get_help_text(self) -> str:
        return gettext("Setting a new password revokes all your API tokens.")
