"""The logged-in caller of a request, typed as the project's User; API token authentication."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from knox.auth import TokenAuthentication

from accounts.services.tokens import record_api_token_use

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request

    from accounts.models import ApiToken, User


def authenticated_user(request: HttpRequest | Request) -> User:
    """The caller of a view that only admits logged-in callers (an `IsAuthenticated`-style permission
    class, `login_required`, the admin site). Those guards run first, so the PermissionDenied here is
    a safety net that never fires in practice; it narrows `User | AnonymousUser` to `User`."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("A logged-in user is required.")
    return user


class ApiTokenAuthentication(TokenAuthentication):
    """knox's token authentication (hashed tokens; an expired token is deleted and refused), which also
    notes when each token was last used, for the person's token list."""

    def validate_user(self, auth_token: ApiToken) -> tuple[User, ApiToken]:
        user, token = super().validate_user(auth_token)
        record_api_token_use(token=token)
        return user, token
