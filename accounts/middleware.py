import zoneinfo
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.auth import needs_second_factor
from common import languages


class UserTimezoneMiddleware:
    """Show every time in the logged-in person's own time zone; data stays in UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        tz_name = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
        try:
            timezone.activate(zoneinfo.ZoneInfo(tz_name)) if tz_name else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in person sees the language stored on their profile (the switcher stores it there),
    wherever they sign in from. Visitors, and people who chose none, keep what LocaleMiddleware found:
    the switcher's cookie, else the browser's Accept-Language when we speak it, else English. After
    LocaleMiddleware and authentication; LocaleMiddleware's response half then names this language
    in Content-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if chosen in languages.BY_CODE:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class SecondFactorMiddleware:
    """A session that still owes its second factor (accounts.auth.needs_second_factor) sees only the
    pages that take it (code, passkey, setting one up, logging out): every other page, the staff pages and
    the admin included, sends it to the code page and then back; the API answers 403. Requests with
    an API token never reach this check (their user is set later, by DRF): see accounts.api.members
    for how staff and admins get a token."""

    EXEMPT_URL_NAMES = (
        "frontend:two-factor",
        "frontend:two-factor-setup",
        "frontend:logout",
        # Giving a passkey, or adding the first one (the library refuses to add one for a session
        # that owes a factor it already has).
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
        "otp_webauthn:js-i18n-catalog",
        "javascript-catalog",  # the scripts of the code page need their strings
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_factor(request) and request.path not in self.exempt_paths():
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "type": "second_factor_required",
                        "detail": gettext("Enter your second-factor code on the site first."),
                        "errors": {},
                    },
                    status=403,
                )
            return redirect(
                f"{reverse('frontend:two-factor')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)

    def exempt_paths(self) -> set[str]:
        return {reverse(name) for name in self.EXEMPT_URL_NAMES}
