"""Passkeys: the WebAuthn ceremonies of django-otp-webauthn, fitted to our second-factor rules, and
naming and removing one's passkeys from the security page.

The library's JSON views do the ceremonies (options, py_webauthn's verification, storing the
credential, django-otp's session mark); its scripts (static files, so they run under the site's
Content-Security-Policy) call them under the URL names its template tags expect (`otp_webauthn:`,
config/urls.py). Two things differ from the library's defaults:
- It asks `request.user.is_verified()`, which django-otp's OTPMiddleware installs by loading the
  session's device on every request; we do not run that middleware (our rule reads the session
  only, accounts.auth.second_factor_verified), so these views install the method from that rule.
- A passkey sign-in without a password logs in through the session backend every other login uses
  (it loads the unread count with the user), and a passkey given as the second factor ends the
  pending state like a code does (accounts.auth.mark_second_factor_verified).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from accounts.auth import mark_second_factor_verified, second_factor_verified
from accounts.services.passkeys import name_passkey, remove_passkey
from frontend.forms.two_factor import NamePasskeyForm
from frontend.http import AuthenticatedHttpRequest
from frontend.service_calls import call_service
from frontend.views.two_factor import next_page

# The backend every session is logged in with (its get_user loads the header's unread count).
SESSION_BACKEND = "notifications.auth.UnreadCountBackend"


class SessionVerification(View):
    """Gives the signed-in user the `is_verified()` the library's views call, from our session rule.
    Comes before the library's view in the bases, so it runs first."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            # What django-otp's OTPMiddleware would set, without its query on every request.
            setattr(request.user, "is_verified", partial(second_factor_verified, request))  # noqa: B010 -- an attribute our User type does not declare
        return super().dispatch(request, *args, **kwargs)


class BeginRegistration(SessionVerification, webauthn_views.BeginCredentialRegistrationView):
    """Options for a new passkey. The library refuses a person who has a second factor but has not
    given it in this session, so a stolen password cannot add one."""


class CompleteRegistration(SessionVerification, webauthn_views.CompleteCredentialRegistrationView):
    """Checks and stores the new passkey; a session that had not given a factor (a person setting up
    their first) counts as having given this one."""


class BeginAuthentication(SessionVerification, webauthn_views.BeginCredentialAuthenticationView):
    """Options to sign with a passkey: the person's own passkeys after a password, or any passkey of
    this site for a sign-in without one."""


class CompleteAuthentication(SessionVerification, webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device: WebAuthnCredential) -> None:
        if not self.request.user.is_authenticated:
            # A passkey is both factors: what the person has, unlocked by what they know or are.
            login(self.request, device.user, backend=SESSION_BACKEND)
        mark_second_factor_verified(self.request, device)


@login_required
@require_POST
def name(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Names the passkey just added (passkeys.js sends this form when the ceremony has finished)."""
    form = NamePasskeyForm(request.POST)
    if not form.is_valid():
        return redirect("frontend:security")
    call_service(
        request,
        lambda: name_passkey(
            user=request.user, passkey_id=form.cleaned_data["passkey"], name=form.cleaned_data["name"]
        ),
        success=lambda passkey: _("Your passkey “%(name)s” is added.") % {"name": passkey.name},
    )
    return redirect(next_page(request) if request.POST.get("next") else "frontend:security")


@login_required
@require_POST
def remove(request: AuthenticatedHttpRequest, passkey_id: int) -> HttpResponse:
    call_service(
        request,
        lambda: remove_passkey(user=request.user, passkey_id=passkey_id),
        success=_("The passkey is removed."),
    )
    return redirect("frontend:security")
