"""Error pages (config/urls.py names them as handler400 ... handler500)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from common.exceptions import api_not_found_response, is_api_path


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "frontend/errors/error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 400, "Bad request", "The request could not be understood.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403, "Not allowed", str(exception or "") or "You may not do this.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request):
        return api_not_found_response()
    return _error_page(request, 404, "Not found", "There is nothing at this address.")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, 500, "Something went wrong", "The error was logged; please try again later.")
