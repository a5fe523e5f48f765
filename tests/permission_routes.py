"""The operations the permission matrix tries, read from the URL configuration itself: every API route
(`api:` namespace and the schema views) with each HTTP method its view allows, and every page whose
view accepts a writing method (POST, PUT, PATCH, DELETE) with those methods."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
METHOD_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    name: str  # "api:need-detail", "frontend:need-edit", "api-schema"
    path: str  # the pattern as written, for messages
    callback: Callable[..., Any]

    @property
    def is_api(self) -> bool:
        return self.path.startswith("api/")


def all_routes() -> Iterator[Route]:
    """Every named URL pattern except the Django admin (its own permission system, tested by Django)."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    raise AssertionError(
                        f"Unnamed URL pattern {prefix}{pattern.pattern}: name it for the matrix."
                    )
                yield Route(f"{namespace}{pattern.name}", prefix + str(pattern.pattern), pattern.callback)

    return walk(get_resolver().url_patterns, "", "")


def allowed_methods(callback: Callable[..., Any]) -> list[str]:
    """The HTTP methods (without HEAD and OPTIONS) a view answers other than with 405."""
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None:
        actions = getattr(callback, "actions", None)  # a DRF view set's route: method -> action
        if actions:
            names = set(actions)
        else:
            names = {m for m in view_class.http_method_names if hasattr(view_class, m)}
        return [m for m in METHOD_ORDER if m.lower() in names]
    methods = _require_http_methods_list(callback)
    if methods is not None:
        return [m for m in METHOD_ORDER if m in methods]
    # An undecorated function view answers every method; it writes only if it reads the method or a
    # posted form (a view that does neither treats a POST as a GET).
    source = inspect.getsource(inspect.unwrap(callback))
    if "request.method" in source or "request.POST" in source:
        return ["GET", "POST", "PUT", "PATCH", "DELETE"]
    return ["GET"]


def _require_http_methods_list(callback: Callable[..., Any]) -> list[str] | None:
    """The list given to Django's `require_http_methods` (or `require_POST`/`require_GET`) somewhere
    in the view's decorator chain, if any."""
    function: Any = callback
    while function is not None:
        code = getattr(function, "__code__", None)
        if code is not None and function.__closure__:
            cells = dict(zip(code.co_freevars, function.__closure__, strict=True))
            if "request_method_list" in cells:
                return list(cells["request_method_list"].cell_contents)
        function = getattr(function, "__wrapped__", None)
    return None


def operations() -> list[tuple[Route, str]]:
    """(route, method) for every API operation and every write of a page."""
    found: list[tuple[Route, str]] = []
    for route in all_routes():
        methods = allowed_methods(route.callback)
        if not route.is_api:
            methods = [m for m in methods if m in WRITE_METHODS]
        found.extend((route, method) for method in methods)
    return found
