"""Throttled page forms: the API's throttles (common.throttling, the same cache and rates) applied to
a page's POSTs. Over the limit, the page says when to try again (429 with Retry-After)."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle

from common.throttling import ScopeThrottle

View = Callable[..., HttpResponseBase]


class _PageView:
    """What a DRF throttle reads from its view: the scope."""

    def __init__(self, scope: str) -> None:
        self.throttle_scope = scope


def throttle_posts(scope: str, *extra: type[BaseThrottle]) -> Callable[[View], View]:
    """Count a view's POSTs in `scope` (per address, or per person when logged in), and in each of
    the `extra` throttle classes; GETs always pass."""

    def decorator(view: View) -> View:
        @wraps(view)
        def throttled_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST":
                throttles: list[BaseThrottle] = [ScopeThrottle(), *(throttle() for throttle in extra)]
                # DRF's throttles read only META and the user of the request and the scope of the
                # view, which a page's request and _PageView have.
                drf_request: Any = request
                page_view: Any = _PageView(scope)
                refused = [t for t in throttles if not t.allow_request(drf_request, page_view)]
                waits = [t.wait() or 60 for t in refused]
                if waits:
                    return too_many_requests(request, max(waits))
            return view(request, *args, **kwargs)

        return throttled_view

    return decorator


def too_many_requests(request: HttpRequest, wait_seconds: float) -> HttpResponse:
    """The page that says when to try again."""
    minutes = max(1, math.ceil(wait_seconds / 60))
    response = render(request, "frontend/auth/throttled.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(math.ceil(wait_seconds))
    return response
