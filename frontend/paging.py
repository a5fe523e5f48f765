"""Page-numbered pagination shared by the list pages (template: frontend/layout/_pagination.html)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 20


def requested_page_number(request: HttpRequest) -> int:
    """The `page` query parameter as a number from 1 (anything else is page 1)."""
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def page_context(request: HttpRequest, page: Page) -> dict[str, Any]:
    """What _pagination.html needs: the page, the page numbers to link, the query minus `page`."""
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "query_string": query.urlencode(),
    }


def paginate(request: HttpRequest, items: QuerySet[Any] | Sequence[Any]) -> dict[str, Any]:
    return page_context(request, Paginator(items, PAGE_SIZE).get_page(request.GET.get("page")))
