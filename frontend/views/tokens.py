"""A person's API tokens (under their profile): the list, making one (shown once), revoking one or
all, and signing out everywhere (every token and this browser session)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors
from accounts.services.tokens import create_api_token, revoke_all_api_tokens, revoke_api_token
from frontend.forms.tokens import NewApiTokenForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import paginate
from frontend.service_calls import call_service


# never_cache: the answer to the POST shows a new token, which no cache may keep.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NewApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request, lambda: create_api_token(user=request.user, **form.cleaned_data), form=form
        )
        if outcome.ok:
            token, key = outcome.result
            # Rendered, not redirected: the token is in this one answer and stored nowhere.
            return render(request, "frontend/tokens/created.html", {"token": token, "key": key})
    listing = paginate(request, selectors.api_tokens_of(person=request.user))
    return render(request, "frontend/tokens/list.html", {**listing, "form": form})


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call_service(
        request, lambda: revoke_api_token(user=request.user, token_id=pk), success=_("The token was revoked.")
    )
    return redirect("frontend:api-tokens")


@login_required
@require_POST
def api_tokens_revoke_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    call_service(
        request,
        lambda: revoke_all_api_tokens(user=request.user),
        success=lambda revoked: (
            ngettext("Revoked %(count)d token.", "Revoked %(count)d tokens.", revoked) % {"count": revoked}
        ),
    )
    return redirect("frontend:api-tokens")


@login_required
@require_POST
def sign_out_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    revoke_all_api_tokens(user=request.user)
    logout(request)
    messages.success(request, _("You are signed out, and every API token of yours is revoked."))
    return redirect("frontend:login")
