"""Error pages (config/urls.py names them as handler400 ... handler500).

Under ASGI, Django renders the page for an exception raised by a view on a worker thread that
Django's request cycle never checks or closes connections on (`common.db`), and a 500 page is
often shown because the database is gone. So an error page never needs the database: it
closes that thread's connection before and after, and if the signed-in header cannot be rendered
(the organisation, the bell's count) it is shown with the signed-out header instead.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from common.db import close_connections_outside_transactions
from common.exceptions import api_not_found_response, is_api_path

logger = logging.getLogger(__name__)

TEMPLATE = "frontend/errors/error.html"


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"title": title, "message": message}
    close_connections_outside_transactions()  # one this thread kept from an earlier page may be dead
    try:
        try:
            html = render_to_string(TEMPLATE, context, request)
        except DatabaseError:
            logger.warning(
                "The database is unreachable: error page %s shown with the signed-out header.", status
            )
            close_connections_outside_transactions()
            # The context processors read `request.user`: an unloaded one would query again.
            request.user = AnonymousUser()
            html = render_to_string(TEMPLATE, context, request)
    finally:
        close_connections_outside_transactions()
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403, _("Not allowed"), str(exception or "") or _("You may not do this."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request):
        return api_not_found_response()
    return _error_page(request, 404, _("Not found"), _("There is nothing at this address."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(
        request, 500, _("Something went wrong"), _("The error was logged; please try again later.")
    )
