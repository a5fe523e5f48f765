"""The answer to a login while its username and address are locked out (django-axes calls
`locked_out`, settings.AXES_LOCKOUT_CALLABLE): a page in our layout for people, the API's error
shape for the token endpoint. Both 429 with Retry-After."""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext


def cool_off_seconds(request: HttpRequest) -> int:
    cool_off = get_cool_off(request) or settings.AXES_COOLOFF_TIME
    return max(1, math.ceil(cool_off.total_seconds()))


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    seconds = cool_off_seconds(request)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "type": "locked_out",
                "detail": gettext("Too many failed logins. Try again later."),
                "errors": {},
                "retry_after": seconds,
            },
            status=429,
        )
    else:
        minutes = max(1, math.ceil(seconds / 60))
        response = render(request, "frontend/auth/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds)
    return response
