"""A person's own data, from their profile: download it (JSON) and delete the account."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from frontend.forms.privacy import DeleteAccountForm
from frontend.http import AuthenticatedHttpRequest
from frontend.service_calls import call_service
from privacy.selectors import personal_data_of
from privacy.services import delete_account


@never_cache
@login_required
@require_GET
def download_my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = personal_data_of(person=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"solutions-meet-cities-{request.user.username}-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            request,
            lambda: delete_account(person=request.user, password=form.cleaned_data["password"]),
            form=form,
        ).ok
    ):
        logout(request)
        messages.success(
            request, _("Your account is deleted. Thank you for having been part of the network.")
        )
        return redirect("frontend:home")
    return render(request, "frontend/privacy/delete.html", {"form": form})
