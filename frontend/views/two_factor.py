"""The second factor's pages: the code (or a passkey) after a password login, setting up an
authenticator app or a first passkey, and the security page under the profile (passkeys, backup
codes, turning it off where optional). The passkey ceremonies are in frontend/views/passkeys.py.
The rules are in accounts.auth (who must, and when a session still owes it) and
accounts.services.second_factor."""

from __future__ import annotations

from base64 import b32encode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.auth import (
    has_authenticator_app,
    has_backup_codes,
    has_passkey,
    has_second_factor,
    mark_second_factor_verified,
    needs_second_factor,
    second_factor_required,
    second_factor_verified,
)
from accounts.selectors import passkeys_of
from accounts.services.second_factor import (
    confirm_totp_device,
    new_backup_codes,
    remove_second_factor,
    start_totp_setup,
    verify_second_factor,
)
from frontend.forms.two_factor import NamePasskeyForm, NewAppCodeForm, SecondFactorCodeForm
from frontend.http import AuthenticatedHttpRequest
from frontend.qr_codes import qr_code_svg
from frontend.service_calls import call_service
from frontend.throttling import throttle_posts


def next_page(request: AuthenticatedHttpRequest) -> str:
    """Where the person was going (a page of this site only), else home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
@throttle_posts("login")
@require_http_methods(["GET", "POST"])
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The code after the password, or one of the person's passkeys."""
    if not needs_second_factor(request):
        return redirect(next_page(request))
    if not has_second_factor(request.user):
        # Must have one and has none yet: set one up (that proves it as well).
        return redirect(f"{reverse('frontend:two-factor-setup')}?{request.GET.urlencode()}")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            lambda: verify_second_factor(user=request.user, token=form.cleaned_data["token"]),
            form=form,
        )
        if outcome.ok:
            mark_second_factor_verified(request, outcome.result)
            return redirect(next_page(request))
    return render(
        request,
        "frontend/auth/two_factor_verify.html",
        {
            "form": form,
            "next": next_page(request),
            "takes_codes": has_authenticator_app(request.user) or has_backup_codes(request.user),
            "has_passkey": has_passkey(request.user),
        },
    )


@login_required
@throttle_posts("login")
@require_http_methods(["GET", "POST"])
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (or type the key), enter its first code; or add a
    passkey instead. A person who already has a second factor must have given it in this session,
    or a stolen password could replace it."""
    if has_second_factor(request.user) and not second_factor_verified(request):
        return redirect(f"{reverse('frontend:two-factor')}?{request.GET.urlencode()}")
    device = start_totp_setup(user=request.user)
    form = NewAppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            lambda: confirm_totp_device(user=request.user, token=form.cleaned_data["token"]),
            success=_("Your authenticator app is set up. Keep a set of backup codes in a safe place."),
            form=form,
        )
        if outcome.ok:
            mark_second_factor_verified(request, outcome.result)
            return redirect(next_page(request) if "next" in request.POST else "frontend:security")
    return render(
        request,
        "frontend/auth/two_factor_setup.html",
        {
            "form": form,
            "qr_code": qr_code_svg(device.config_url, title=_("QR code for your authenticator app")),
            "secret": _grouped(_base32_key(device.bin_key)),
            "next": request.GET.get("next", ""),
            "required": second_factor_required(request.user),
            "passkey_form": NamePasskeyForm(),
        },
    )


def _base32_key(key: bytes) -> str:
    return b32encode(key).decode().rstrip("=")


def _grouped(text: str) -> str:
    """The key in groups of four, as authenticator apps print it."""
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
@require_http_methods(["GET"])
def security(request: AuthenticatedHttpRequest) -> HttpResponse:
    passkeys = list(passkeys_of(person=request.user))
    has_app = has_authenticator_app(request.user)
    return render(
        request,
        "frontend/auth/security.html",
        {
            "has_second_factor": has_app or bool(passkeys),
            "has_app": has_app,
            "required": second_factor_required(request.user),
            "passkeys": passkeys,
            "passkey_form": NamePasskeyForm(),
        },
    )


@login_required
@require_POST
def backup_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New backup codes, shown once on the answer to the POST."""
    outcome = call_service(request, lambda: new_backup_codes(user=request.user))
    if not outcome.ok:
        return redirect("frontend:security")
    return render(request, "frontend/auth/backup_codes.html", {"codes": outcome.result})


@login_required
@require_POST
def remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    call_service(
        request, lambda: remove_second_factor(user=request.user), success=_("The second factor is off.")
    )
    return redirect("frontend:security")
