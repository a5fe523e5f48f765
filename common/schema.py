"""OpenAPI pieces shared by every API view: the `Error` component, and the schema class that declares
on every operation the error answers it can give (all in that shape)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication

from common.api import IsAuthenticatedToWrite

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "type": serializers.CharField(help_text=_("Machine-readable kind, e.g. validation_error, conflict.")),
        "detail": serializers.CharField(help_text=_("Human-readable summary.")),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text=_("Field name to messages; `non_field_errors` for the rest."),
        ),
    },
)

ERROR_DESCRIPTIONS = {
    400: "Invalid input; `errors` names each bad field.",
    401: "Not logged in, or the API token is invalid or expired.",
    403: "Logged in, but not allowed to do this.",
    404: "No such object (or not visible to you).",
    409: "Conflict with the current state.",
    410: "Gone: e.g. an invitation that expired, was used or was revoked.",
    413: "The request body is too large.",
    415: "The request body is not in a supported media type.",
    429: "Too many requests (or failed logins); Retry-After says how many seconds to wait.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error answers of an endpoint, all sharing the `Error` shape."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in codes}


# A time of day as DRF reads (ISO 8601 hh:mm[:ss[.ffffff]]) and writes it.
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"

# Permissions that let anyone read: a GET guarded only by these is never a 403.
_OPEN_TO_READ = (
    permissions.AllowAny,
    permissions.IsAuthenticatedOrReadOnly,
    permissions.IsAuthenticated,
    IsAuthenticatedToWrite,
)


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema class, which also declares the errors every operation can answer with,
    derived from the view (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS), so no view has to list them:

    - 400 when the operation reads a body or query parameters (validation, unparsable JSON);
    - 401 when the view authenticates (a wrong or expired token is refused on every operation);
    - 403 for writes under session authentication (CSRF) and views with permissions beyond logging in;
    - 404 for operations with path parameters and paginated lists (a page past the end);
    - 413 and 415 for operations with a body (too large, unsupported media type);
    - 429 for throttled views;
    - whatever the view adds in `extra_error_codes` (e.g. 403 for reads checked object by object).

    Codes a view declares itself (with its own description) are kept as they are.
    """

    def get_auth(self) -> list[dict[str, Any]]:
        """drf-spectacular marks authentication optional (`{}`) only for its own AllowAny and
        IsAuthenticatedOrReadOnly; ask every permission class of the view whether an anonymous caller
        passes it for this method, so that the schema says so for ours too (IsAuthenticatedToWrite,
        read-only-for-anonymous and apply-without-account permissions)."""
        auths = super().get_auth()
        if {} not in auths and self._anonymous_passes():
            auths.append({})
        return auths

    def _anonymous_passes(self) -> bool:
        request = SimpleNamespace(method=self.method, user=AnonymousUser(), auth=None)
        try:
            return all(
                permission.has_permission(request, self.view)  # type: ignore[arg-type]
                for permission in self.view.get_permissions()
            )
        except AttributeError:  # a permission that needs more of the request: assume it refuses
            return False

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            # JSON Schema's `time` is RFC 3339's full-time, with a UTC offset ("09:00:00Z"); DRF reads and
            # writes local times without one ("09:00:00").
            del schema["format"]
            schema["pattern"] = TIME_PATTERN
        return schema

    def _map_basic_serializer(self, serializer: Any, direction: str) -> Any:
        schema = super()._map_basic_serializer(serializer, direction)
        properties = schema.get("properties", {})
        for name, field in serializer.fields.items():
            answer = properties.get(field.field_name or name)
            if isinstance(field, serializers.URLField) and field.read_only and answer and "format" in answer:
                # A model's URL left out is answered as "" (an organisation's or application's website),
                # not a URI, so `format: uri` alone would call a true answer wrong. Read-only fields lose
                # the model's blank=True on the way (ModelSerializer gives them no allow_blank); writable
                # ones already say `oneOf` with the empty string.
                properties[field.field_name or name] = {
                    **{key: value for key, value in answer.items() if key != "format"},
                    "anyOf": [{"format": "uri"}, {"maxLength": 0}],
                }
        return schema

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and not parameter.get("required"):
                # An optional query parameter left empty is one not given (`?sector=` is no filter):
                # django-filter, DRF's serializer fields for query data and our pagination agree.
                parameter["allowEmptyValue"] = True
        responses = operation["responses"]
        for code in sorted(self._error_codes(operation)):
            if str(code) not in responses:
                responses[str(code)] = self._error_response(code)
        return operation

    def _error_codes(self, operation: dict[str, Any]) -> set[int]:
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation
        codes: set[int] = set()
        if has_body or any(parameter["in"] == "query" for parameter in parameters):
            codes.add(400)
        authenticators = self.view.get_authenticators()
        if authenticators:
            codes.add(401)
        csrf = any(isinstance(auth, SessionAuthentication) for auth in authenticators)
        if (self.method not in permissions.SAFE_METHODS and csrf) or not all(
            isinstance(permission, _OPEN_TO_READ) for permission in self.view.get_permissions()
        ):
            codes.add(403)
        if any(parameter["in"] == "path" for parameter in parameters) or self._is_paginated():
            codes.add(404)
        if has_body:
            codes.update({413, 415})
        if getattr(self.view, "throttle_scope", None):
            codes.add(429)
        # What the view knows and its classes do not show, e.g. reads refused object by object.
        codes.update(getattr(self.view, "extra_error_codes", ()))
        return codes

    def _is_paginated(self) -> bool:
        return self.method == "GET" and self._is_list_view() and self._get_paginator() is not None

    def _error_response(self, code: int) -> dict[str, Any]:
        component = self.resolve_serializer(ErrorSerializer, "response")
        return {
            "description": ERROR_DESCRIPTIONS[code],
            "content": {"application/json": {"schema": component.ref}},
        }
