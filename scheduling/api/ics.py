"""iCalendar responses shared by the meeting download and the calendar feed: a renderer that lets
clients ask for `text/calendar`, the attachment response and its schema."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import renderers

from scheduling import calendar


class ICalendarRenderer(renderers.BaseRenderer):
    """Lets clients ask for `text/calendar`; the views answer with ready-made bytes. Errors (dicts)
    still come out as JSON text in the common error shape."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


ICS_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description="An iCalendar file (text/calendar).")
