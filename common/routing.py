"""WebSocket routes, typed. Channels routes ASGI consumers through Django's `path()`, which Django's
stubs type for HTTP views only, and channels' stubs want their own URL pattern type in a URLRouter:
the two stub packages meet here, once, instead of at every route."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from channels.routing import URLRouter
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.urls import URLPattern, path, re_path

from common.consumers import UnknownPathConsumer

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
    # Last, a route for every other address, so that an unknown path is a refused handshake.
    unknown_path: Any = UnknownPathConsumer.as_asgi()  # an ASGI app where the stubs want a view
    routes: Any = [*patterns, re_path(r"", unknown_path)]
    return URLRouter(routes)


DEFAULT_PORTS = {"http": 80, "https": 443}


Origin = tuple[str, str, int]  # scheme, host name, port


def _parse_origin(text: str) -> Origin | None:
    """("https", "smc.example.org", 443) for "https://smc.example.org"; None for anything else."""
    parsed = urlsplit(text)
    try:
        port = parsed.port
    except ValueError:
        return None
    if parsed.scheme not in DEFAULT_PORTS or not parsed.hostname or "*" in parsed.netloc:
        return None
    return (parsed.scheme, parsed.hostname.lower(), port or DEFAULT_PORTS[parsed.scheme])


def _own_origin(scheme: str, host: str) -> Origin | None:
    """The socket's own address as an origin of `scheme`, from its Host header."""
    host_name, host_port = split_domain_port(host)
    if not host_name or (host_port and not host_port.isdigit()):
        return None
    return (scheme, host_name, int(host_port) if host_port else DEFAULT_PORTS[scheme])


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """Whether a WebSocket handshake with this Origin and Host headers comes from our own pages.

    Scheme, host and port count, as in Django's CSRF check: the origin is the socket's own address
    (Host), or one of CSRF_TRUSTED_ORIGINS (the pages of a separate live-updates pool). Its host is
    one of ALLOWED_HOSTS in either case. Without a Host header (only test harnesses omit it), only
    the scheme's default port is accepted."""
    claimed = _parse_origin(origin) if origin else None
    if claimed is None or not validate_host(claimed[1], settings.ALLOWED_HOSTS):
        return False
    scheme = claimed[0]
    trusted = {_parse_origin(listed) for listed in settings.CSRF_TRUSTED_ORIGINS}
    own = _own_origin(scheme, host) if host is not None else (scheme, claimed[1], DEFAULT_PORTS[scheme])
    return claimed in trusted or claimed == own


class OriginValidator:
    """ASGI middleware refusing WebSocket handshakes whose Origin is not one of our pages
    (`origin_allowed`: scheme, host and port), against cross-site WebSocket hijacking."""

    def __init__(self, application: Any) -> None:  # AuthMiddlewareStack(...): typed loosely by channels
        self.application = application

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "websocket":
            headers = dict(scope.get("headers") or [])
            origin, host = headers.get(b"origin"), headers.get(b"host")
            if not origin_allowed(
                origin.decode("latin1") if origin else None, host.decode("latin1") if host else None
            ):
                await WebsocketDenier()(scope, receive, send)
                return
        await self.application(scope, receive, send)
