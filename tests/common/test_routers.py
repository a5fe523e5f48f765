"""Every view set route refuses an id that is not a number with the JSON 404, before any query."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.viewsets import ViewSetMixin

from tests.factories.accounts import StaffFactory

pytestmark = [pytest.mark.integration]


def _view_set_detail_routes() -> list[str]:
    """The `/api/v1/...` paths of every registered view set route that takes an id, with "abc" as the id."""
    found: list[str] = []

    def walk(patterns: list, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                callback = entry.callback
                view_class = getattr(callback, "cls", None)
                pattern = str(entry.pattern)
                if view_class is None or not issubclass(view_class, ViewSetMixin):
                    continue
                if "(?P<" not in pattern:
                    continue
                found.append(prefix + pattern)

    walk(get_resolver().url_patterns, "")
    return found


def _with_abc(route: str) -> str:
    """`^api/v1/^plans/(?P<pk>[^/.]+)/$` -> `/api/v1/plans/abc/` (the other parameters "abc" too)."""
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "abc", path)
    return "/" + path


ROUTES = _view_set_detail_routes()


def test_every_view_set_is_found():
    assert any("plans" in route for route in ROUTES)
    assert len(ROUTES) >= 10


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_a_non_numeric_id_is_a_json_404(api_client, db, route, role):
    if role == "staff":
        api_client.force_authenticate(StaffFactory.create())
    path = _with_abc(route)

    for method in ("get", "put", "patch", "delete", "post"):
        response = getattr(api_client, method)(path, {}, format="json")

        assert response.status_code in {404, 405}, (method, path, response.status_code)
        assert response["Content-Type"].startswith("application/json"), (method, path)
