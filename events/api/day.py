"""The day and after: check-in of representatives, held/no-show statuses, and participants'
feedback on their meetings."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from events.api.common import TAGS, WRITE_ERRORS, inline_choices
from events.api.schedule import PlacementSerializer
from events.api.setup import RepresentativeSerializer
from events.enums import DayStatus, MeetingOutcome
from events.models import EventRepresentative
from events.selectors.access import check_staff
from events.selectors.schedule import access_event_meeting, access_event_meeting_for_staff
from events.services.day import check_in_representative, record_event_meeting_status
from events.services.feedback import submit_meeting_feedback

# --- The day and after ----------------------------------------------------------------------


class CheckInApi(APIView):
    """Staff check a representative in (or out, with `checked_in: false`); dashboards update live."""

    permission_classes = [permissions.IsAuthenticated]

    class CheckInInputSerializer(serializers.Serializer):
        checked_in = serializers.BooleanField(default=True)

    @extend_schema(
        tags=TAGS, request=CheckInInputSerializer, responses={200: RepresentativeSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        check_staff(request.user)
        representative = (
            EventRepresentative.objects.select_related("registration__event").filter(pk=pk).first()
        )
        if representative is None:
            raise Http404("No such representative.")
        data = self.CheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        representative = check_in_representative(
            representative=representative,
            actor=authenticated_user(request),
            checked_in=data.validated_data["checked_in"],
        )
        return Response(RepresentativeSerializer(representative).data)


class EventMeetingStatusApi(APIView):
    """Staff record a started meeting as held or as a no-show."""

    permission_classes = [permissions.IsAuthenticated]

    class EventMeetingStatusInputSerializer(serializers.Serializer):
        status = inline_choices(DayStatus.choices)

    @extend_schema(
        tags=TAGS,
        request=EventMeetingStatusInputSerializer,
        responses={200: PlacementSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = access_event_meeting_for_staff(request.user, pk)
        data = self.EventMeetingStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record_event_meeting_status(
            meeting=meeting, actor=authenticated_user(request), status=data.validated_data["status"]
        )
        return Response(PlacementSerializer(access_event_meeting_for_staff(request.user, pk)).data)


class FeedbackSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(source="meeting_id")
    registration = serializers.IntegerField(source="registration_id")
    rating = serializers.IntegerField()
    outcome = inline_choices(MeetingOutcome.choices)
    comment = serializers.CharField()


class EventMeetingFeedbackApi(APIView):
    """A participant rates a meeting it had (1-5) and says what should happen next."""

    permission_classes = [permissions.IsAuthenticated]

    class EventMeetingFeedbackInputSerializer(serializers.Serializer):
        rating = serializers.IntegerField(min_value=1, max_value=5)
        outcome = inline_choices(MeetingOutcome.choices)
        comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    @extend_schema(
        tags=TAGS,
        request=EventMeetingFeedbackInputSerializer,
        responses={200: FeedbackSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = access_event_meeting(request.user, pk)
        data = self.EventMeetingFeedbackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = submit_meeting_feedback(
            meeting=meeting, actor=authenticated_user(request), **data.validated_data
        )
        return Response(FeedbackSerializer(feedback).data)
