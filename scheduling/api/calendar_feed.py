"""Calendar feed endpoints: reading, rotating and revoking one's private feed URL, and the feed
itself for calendar apps."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, renderers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from common.languages import speaking_to
from common.schema import error_responses
from scheduling import calendar, selectors
from scheduling.api.ics import ICS_RESPONSE, ICalendarRenderer, ics_response
from scheduling.services.feeds import revoke_calendar_feed, rotate_calendar_feed


class FeedSerializer(serializers.Serializer):
    url = serializers.CharField(allow_null=True, help_text=_("Secret: anyone with it reads your meetings."))


def _feed_data(request: Request, feed: Any) -> dict[str, Any]:
    if feed is None:
        return {"url": None}
    return {"url": request.build_absolute_uri(reverse("api:calendar-feed-ics", args=[feed.token]))}


@extend_schema(tags=["meetings"])
class CalendarFeedApi(APIView):
    """Your private iCalendar feed URL: read it, rotate it (the old URL stops working), or revoke it."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: FeedSerializer, **error_responses(401)})
    def get(self, request: Request) -> Response:
        return Response(_feed_data(request, getattr(request.user, "calendar_feed", None)))

    @extend_schema(request=None, responses={200: FeedSerializer, **error_responses(401)})
    def post(self, request: Request) -> Response:
        return Response(_feed_data(request, rotate_calendar_feed(user=authenticated_user(request))))

    @extend_schema(request=None, responses={204: None, **error_responses(401)})
    def delete(self, request: Request) -> Response:
        revoke_calendar_feed(user=authenticated_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["meetings"])
class CalendarFeedIcsApi(APIView):
    """The feed itself, for calendar apps: no login, the secret token in the URL is the credential."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    renderer_classes = [renderers.JSONRenderer, ICalendarRenderer]

    @extend_schema(responses={(200, "text/calendar"): ICS_RESPONSE, **error_responses(404)})
    def get(self, request: Request, token: str) -> HttpResponse:
        feed = selectors.feed_by_token(token)
        with speaking_to(feed.user):  # a calendar app asks, in no language of its own: the owner's
            content = calendar.feed_ics(
                selectors.feed_meetings_for(feed.user), name=str(_("Solutions Meet Cities"))
            )
        response = ics_response(content, "meetings.ics")
        response["Cache-Control"] = "private, max-age=300"
        return response
