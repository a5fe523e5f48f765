"""WebSocket routes, typed. Channels routes ASGI consumers through Django's `path()`, which Django's
stubs type for HTTP views only, and channels' stubs want their own URL pattern type in a URLRouter:
the two stub packages meet here, once, instead of at every route."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from channels.routing import URLRouter
from django.urls import URLPattern, path

# What `Consumer.as_asgi()` returns: an ASGI application (scope, receive, send).
AsgiApplication = Callable[[Any, Any, Any], Awaitable[None]]


def websocket_path(route: str, consumer: AsgiApplication) -> URLPattern:
    """`path(route, Consumer.as_asgi())`: the WebSocket route of one consumer."""
    # Django's stubs accept only HTTP views here; at run time path() takes any callable.
    return path(route, consumer)  # type: ignore[arg-type]


def websocket_router(patterns: Sequence[URLPattern]) -> URLRouter:
    """A channels URLRouter over WebSocket routes made with `path()` (or `websocket_path`)."""
    # channels' stubs name a URLPattern subclass that exists only in the stubs; the router takes
    # Django's URLPattern, which is all path() ever returns.
    routes: Any = list(patterns)
    return URLRouter(routes)
