"""One error shape for the whole API.

Every 4xx answer is::

    {"type": "validation_error", "detail": "Human readable summary.", "errors": {"field": ["message"]}}

`errors` is present (possibly empty) on every error; field-less problems sit under
`non_field_errors`. Services raise Django's `ValidationError` (bad input, 400),
`ApplicationError` (a business rule, 400) or `ConflictError` (the state changed under you, 409).
A body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 of type `request_too_large`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext, gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A business rule said no. Rendered as 400 unless a subclass says otherwise."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    error_type = "application_error"

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class RequestTooLarge(exceptions.APIException):
    """The body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE (Django refuses to read it)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "request_too_large"


class ConflictError(ApplicationError):
    """The request lost a race or contradicts the current state (409)."""

    status_code = status.HTTP_409_CONFLICT
    error_type = "conflict"


_TYPE_BY_EXCEPTION: list[tuple[type[Exception], str]] = [
    (exceptions.ValidationError, "validation_error"),
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "authentication_failed"),
    (exceptions.PermissionDenied, "permission_denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.Throttled, "throttled"),
    (exceptions.ParseError, "parse_error"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (RequestTooLarge, "request_too_large"),
]


def _error_type(exc: Exception) -> str:
    for klass, name in _TYPE_BY_EXCEPTION:
        if isinstance(exc, klass):
            return name
    return "error"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        body = {"type": exc.error_type, "detail": exc.message, "errors": {}, **exc.extra}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        # Services say why in words meant for the person (e.g. what to do before booking).
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        # Left to Django, this SuspiciousOperation would be the HTML 400 page.
        exc = RequestTooLarge()

    response = exception_handler(exc, context)
    if response is None:
        return None  # a genuine bug: let Django log it and answer 500

    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {
            "type": "validation_error",
            "detail": gettext("Some fields are invalid."),
            "errors": flat_errors(errors),
        }
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"type": _error_type(exc), "detail": str(detail), "errors": {}}
    return response


def flat_errors(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """Field messages as the documented `{"field": ["message"]}`, also where DRF nests them: the messages
    about items of a list of values go to the list's field (`{"sectors": {"1": [...]}}` becomes
    `{"sectors": [...]}`), and fields of nested objects get paths (`{"slots": [{}, {"start": [...]}]}`
    becomes `{"slots.1.start": [...]}`)."""
    if (
        isinstance(errors, dict)
        and prefix
        and all(str(key).isdigit() and _is_messages(value) for key, value in errors.items())
    ):
        return {prefix: [str(message) for value in errors.values() for message in value]}
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            # A nested object's own errors (not of one of its fields) are its field's.
            path = (
                prefix if prefix and key == "non_field_errors" else f"{prefix}.{key}" if prefix else str(key)
            )
            for name, messages in flat_errors(value, path).items():
                flat.setdefault(name, []).extend(messages)
    elif _is_messages(errors):
        flat[prefix or "non_field_errors"] = [str(message) for message in errors]
    elif isinstance(errors, list):
        # A list serializer's errors: one entry per item, empty for the valid ones.
        for index, item in enumerate(errors):
            if item:
                flat.update(flat_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        flat[prefix or "non_field_errors"] = [str(errors)]
    return flat


def _is_messages(value: Any) -> bool:
    return isinstance(value, list) and not any(isinstance(item, dict | list) for item in value)


def is_api_path(request: HttpRequest) -> bool:
    """True for the API's addresses, whose errors are JSON even when no DRF view answered."""
    return request.path.startswith("/api/")


def api_not_found_response() -> JsonResponse:
    """The API's 404 for an address no route matches (`/api/v1/plans/abc/`), in the error shape."""
    body = {"type": "not_found", "detail": gettext("Not found."), "errors": {}}
    return JsonResponse(body, status=status.HTTP_404_NOT_FOUND)
