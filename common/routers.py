"""The router every app's API registers its view sets with."""

from __future__ import annotations

from typing import Any

from rest_framework.routers import SimpleRouter


class IdRouter(SimpleRouter):
    """A SimpleRouter whose detail routes only match a number (`/plans/12/`), unless the view set
    declares its own `lookup_value_regex`. A path such as `/plans/abc/` then matches no route and is a
    404 in the API error shape, instead of reaching `int("abc")` in a query (a 500)."""

    id_regex = "[0-9]+"

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        lookup_value = getattr(viewset, "lookup_value_regex", self.id_regex)
        return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{lookup_value})"
