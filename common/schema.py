"""OpenAPI pieces shared by every API view."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "type": serializers.CharField(help_text="Machine-readable kind, e.g. validation_error, conflict."),
        "detail": serializers.CharField(help_text="Human-readable summary."),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Field name to messages; `non_field_errors` for the rest.",
        ),
    },
)


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error answers of an endpoint, all sharing the `Error` shape."""
    descriptions = {
        400: "Invalid input; `errors` names each bad field.",
        401: "Not logged in.",
        403: "Logged in, but not allowed to do this.",
        404: "No such object (or not visible to you).",
        409: "Conflict with the current state.",
        410: "Gone: e.g. an invitation that expired, was used or was revoked.",
        429: "Too many requests (or failed logins); Retry-After says how many seconds to wait.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=descriptions[code]) for code in codes}
