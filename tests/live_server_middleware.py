"""Middleware of the test server only (tests/live_server.py sets SMC_TEST_LIVE_SERVER, which
config/settings/test.py reads)."""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse


class ForgetCachedContentTypes:
    """One daphne serves a whole browser-test session, while the database is emptied after each test and
    its content types come back with new ids. Django caches those ids per process, and the audit trail
    writes them (django-auditlog's LogEntry.content_type): with stale ids the second test's first audited
    change failed its commit. So the test server forgets them before each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ContentType.objects.clear_cache()
        return self.get_response(request)
