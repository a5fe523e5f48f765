"""What every event API module shares: the schema tag, inline choice fields, the documented error
responses, the `registration` query parameter, and pagination of a list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.ids import parse_id
from common.pagination import PageNumberPagination
from common.schema import error_responses

TAGS = ["events"]


def inline_choices(choices: Sequence[tuple[Any, object]], **kwargs: Any) -> serializers.ChoiceField:
    """A choice field whose enum stays inline in the schema (wrapped in allOf, as scheduling's
    `MeetingStatusField`): as components, enums of the same field name in other apps ("status",
    "outcome") would collide. Labels may be lazy translations: they are only formatted."""
    kind = "integer" if all(isinstance(value, int) for value, _ in choices) else "string"
    described = "; ".join(f"`{value}`: {label}" for value, label in choices)
    schema = {"allOf": [{"type": kind, "enum": [value for value, _ in choices]}], "description": described}
    field_class = extend_schema_field(schema)(type("InlineChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


READ_ERRORS = error_responses(404)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409)
REGISTRATION_PARAMETER = OpenApiParameter(
    "registration", int, description="Staff: whose (registration id); default: your organisation's."
)


def paginated(
    request: Request,
    view: APIView,
    items: QuerySet[Any] | list[Any],
    serializer: type[serializers.BaseSerializer[Any]],
) -> Response:
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(items, request, view=view)
    context = {"request": request}
    return paginator.get_paginated_response(serializer(page, many=True, context=context).data)


def registration_param(request: Request) -> int | None:
    value = request.query_params.get("registration")
    if value in (None, ""):
        return None
    registration_id = parse_id(value)
    if registration_id is None:
        raise ValidationError({"registration": gettext("Give a registration id.")})
    return registration_id
