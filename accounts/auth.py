"""The logged-in caller of a request, typed as the project's User; API token authentication;
and whether that caller's session has given its second factor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from knox.auth import TokenAuthentication

from accounts.services.tokens import record_api_token_use
from common.audit import record_actor

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_otp.models import Device
    from rest_framework.request import Request

    from accounts.models import ApiToken, User


def authenticated_user(request: HttpRequest | Request) -> User:
    """The caller of a view that only admits logged-in callers (an `IsAuthenticated`-style permission
    class, `login_required`, the admin site). Those guards run first, so the PermissionDenied here is
    a safety net that never fires in practice; it narrows `User | AnonymousUser` to `User`."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied(_("A logged-in user is required."))
    return user


class ApiTokenAuthentication(TokenAuthentication):
    """knox's token authentication (hashed tokens; an expired token is deleted and refused), which also
    notes when each token was last used, for the person's token list, and names the token's person
    as the actor of the request's audited changes (auditlog's middleware ran before DRF knew them)."""

    def validate_user(self, auth_token: ApiToken) -> tuple[User, ApiToken]:
        user, token = super().validate_user(auth_token)
        record_api_token_use(token=token)
        record_actor(user)
        return user, token


# --- Second factor --------------------------------------------------------------------------------
# A password login opens a session; for staff, organisation admins and anyone who set up a second
# factor, that session is "pending" until a code from their authenticator app (or a backup code)
# is entered, or one of their passkeys answers. accounts.middleware.SecondFactorMiddleware sends a
# pending session to the code page (or, for those who must have one and have none yet, to setting
# one up). The check reads only the
# session and the user row already loaded, so it costs no query per request.

SECOND_FACTOR_PENDING_KEY = "second_factor_pending"


def second_factor_required(user: User) -> bool:
    """Staff and organisation admins must use a second factor; everyone else may."""
    return bool(user.is_staff or user.is_organisation_admin)


def second_factor_verified(request: HttpRequest) -> bool:
    """This session gave its second factor, a code or a passkey (django-otp's session key names the
    device)."""
    return DEVICE_ID_SESSION_KEY in request.session


def needs_second_factor(request: HttpRequest) -> bool:
    """A logged-in session that must give a second-factor code before it sees any other page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or second_factor_verified(request):
        return False
    return bool(request.session.get(SECOND_FACTOR_PENDING_KEY)) or second_factor_required(user)


def mark_second_factor_verified(request: HttpRequest, device: Device) -> None:
    """The session has given a code from `device`: every page is open to it now."""
    otp_login(request, device)
    request.session.pop(SECOND_FACTOR_PENDING_KEY, None)


def ask_for_second_factor(sender: object, request: HttpRequest | None, user: User, **kwargs: object) -> None:
    """On every login (`user_logged_in`): a person with a second factor gives it before anything else,
    even where it is optional. Connected in AccountsConfig.ready."""
    if request is None or not hasattr(request, "session"):
        return
    if has_second_factor(user):
        request.session[SECOND_FACTOR_PENDING_KEY] = True


def has_second_factor(user: User) -> bool:
    """A confirmed authenticator app or a passkey (backup codes only come with one of them)."""
    return has_authenticator_app(user) or has_passkey(user)


def has_authenticator_app(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_passkey(user: User) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def has_backup_codes(user: User) -> bool:
    return StaticDevice.objects.filter(user=user, confirmed=True, token_set__isnull=False).exists()
