"""REST API of scheduling: availability of one's own participant, free slots, the meeting workflow,
`.ics` downloads and the private calendar feed."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, permissions, renderers, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.pagination import PageNumberPagination
from common.schema import error_responses
from scheduling import calendar, selectors, services
from scheduling.enums import MeetingStatus
from scheduling.models import AvailabilityException, AvailabilityRule, Meeting, Participant

MAX_SLOT_RANGE_DAYS = 62


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


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


ICS_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description="An iCalendar file (text/calendar).")


# --- Participants and availability ----------------------------------------------------------


class ParticipantSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)
    kind = serializers.SerializerMethodField()
    time_zone = serializers.CharField(max_length=64, required=False)
    meeting_lengths = serializers.ListField(
        child=serializers.IntegerField(min_value=5, max_value=480), required=False, max_length=10
    )
    buffer_minutes = serializers.IntegerField(min_value=0, max_value=240, required=False)

    def get_kind(self, participant: Participant) -> str:
        return "organisation" if participant.is_organisation else "person"


@extend_schema(tags=["scheduling"])
class ParticipantApi(APIView):
    """A participant's booking settings: everyone logged in reads them; the person, the organisation's
    admins and staff change them."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: ParticipantSerializer, **error_responses(401, 404)})
    def get(self, request: Request, key: str) -> Response:
        return Response(ParticipantSerializer(selectors.participant_by_key(key)).data)

    @extend_schema(
        request=ParticipantSerializer,
        responses={200: ParticipantSerializer, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, key: str) -> Response:
        participant = selectors.access_participant_for_edit(request.user, key)
        data = ParticipantSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        participant = services.update_participant_settings(
            participant=participant, actor=request.user, **data.validated_data
        )
        return Response(ParticipantSerializer(participant).data)


class AvailabilityRuleSerializer(serializers.ModelSerializer):
    time_zone = serializers.CharField(
        max_length=64, required=False, allow_blank=True, help_text="IANA name; the participant's by default."
    )

    class Meta:
        model = AvailabilityRule
        fields = ["id", "weekday", "start_time", "end_time", "time_zone"]


class AvailabilityExceptionSerializer(serializers.ModelSerializer):
    time_zone = serializers.CharField(
        max_length=64, required=False, allow_blank=True, help_text="IANA name; the participant's by default."
    )

    class Meta:
        model = AvailabilityException
        fields = ["id", "start_date", "end_date", "start_time", "end_time", "time_zone", "reason"]


class _OwnAvailabilityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Rows of one participant's availability, for the people who manage it (403 for others)."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list[Any] = []
    pagination_class = PageNumberPagination

    lookup_value_regex = "[0-9]+"

    def participant(self) -> Participant:
        if not hasattr(self, "_participant"):
            self._participant = selectors.access_participant_for_edit(self.request.user, self.kwargs["key"])
        return self._participant


@extend_schema(tags=["scheduling"], parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH)])
class AvailabilityRuleViewSet(_OwnAvailabilityViewSet):
    """Weekly availability windows, in wall-clock time of their time zone."""

    serializer_class = AvailabilityRuleSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no participant
            return AvailabilityRule.objects.none()
        return selectors.rules_of(self.participant())

    def perform_create(self, serializer: AvailabilityRuleSerializer) -> None:
        serializer.instance = services.create_availability_rule(
            participant=self.participant(), actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: AvailabilityRuleSerializer) -> None:
        serializer.instance = services.update_availability_rule(
            rule=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: AvailabilityRule) -> None:
        services.delete_availability_rule(rule=instance, actor=self.request.user)


@extend_schema(tags=["scheduling"], parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH)])
class AvailabilityExceptionViewSet(_OwnAvailabilityViewSet):
    """Holidays (whole days) and busy blocks (a time window on each day of a date range)."""

    serializer_class = AvailabilityExceptionSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no participant
            return AvailabilityException.objects.none()
        return selectors.exceptions_of(self.participant())

    def perform_create(self, serializer: AvailabilityExceptionSerializer) -> None:
        serializer.instance = services.create_availability_exception(
            participant=self.participant(), actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: AvailabilityExceptionSerializer) -> None:
        serializer.instance = services.update_availability_exception(
            exception=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: AvailabilityException) -> None:
        services.delete_availability_exception(exception=instance, actor=self.request.user)


def _validate_time_zone(value: str) -> str:
    try:
        return selectors.parse_time_zone(value)
    except ValueError as exc:
        raise serializers.ValidationError(str(exc)) from exc


class FreeSlotsApi(APIView):
    """A participant's free slots between two dates of the viewer's calendar, in the viewer's time
    zone (`tz`, default: the viewer's own). Live updates: /ws/availability/<key>/."""

    permission_classes = [permissions.IsAuthenticated]

    class FreeSlotsQuerySerializer(serializers.Serializer):
        start = serializers.DateField(help_text="First day, in the viewer's time zone.")
        end = serializers.DateField(help_text="Last day (inclusive); at most 62 days after start.")
        tz = serializers.CharField(required=False, max_length=64, validators=[_validate_time_zone])
        length = serializers.IntegerField(required=False, min_value=5, max_value=480)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if attrs["end"] < attrs["start"]:
                raise serializers.ValidationError({"end": "The last day cannot come before the first."})
            if attrs["end"] - attrs["start"] > timedelta(days=MAX_SLOT_RANGE_DAYS):
                raise serializers.ValidationError(
                    {"end": f"Ask for at most {MAX_SLOT_RANGE_DAYS} days at once."}
                )
            return attrs

    class SlotSerializer(serializers.Serializer):
        start = serializers.CharField(help_text="ISO 8601 with the viewer's UTC offset.")
        end = serializers.CharField()

    @extend_schema(
        tags=["scheduling"],
        parameters=[FreeSlotsQuerySerializer],
        responses={
            200: inline_serializer(
                name="FreeSlotPage",
                fields={
                    "count": serializers.IntegerField(),
                    "next": serializers.CharField(allow_null=True),
                    "previous": serializers.CharField(allow_null=True),
                    "time_zone": serializers.CharField(),
                    "length": serializers.IntegerField(),
                    "results": SlotSerializer(many=True),
                },
            ),
            **error_responses(400, 401, 404),
        },
    )
    def get(self, request: Request, key: str) -> Response:
        participant = selectors.participant_by_key(key)
        params = self.FreeSlotsQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        viewer_tz = data.get("tz") or getattr(request.user, "time_zone", "UTC")
        length = data.get("length") or min(participant.meeting_lengths)
        if length not in participant.meeting_lengths:
            raise serializers.ValidationError(
                {"length": [f"{participant} offers meetings of {participant.meeting_lengths} minutes."]}
            )
        start, end = selectors.local_day_range(data["start"], data["end"], viewer_tz)
        slots = selectors.free_slots_for(
            participant=participant, start=start, end=end, viewer_time_zone=viewer_tz, length=length
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            [{"start": s.start.isoformat(), "end": s.end.isoformat()} for s in slots], request, view=self
        )
        response = paginator.get_paginated_response(self.SlotSerializer(page, many=True).data)
        response.data.update({"time_zone": viewer_tz, "length": length})
        return response


# --- Meetings -------------------------------------------------------------------------------


class PartySerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField(source="__str__")


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class ProposalSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


# Wrapped in allOf so drf-spectacular keeps the enum inline: as a component it would collide with the
# other apps' `status` enums (the fix there, ENUM_NAME_OVERRIDES, lives in settings).
@extend_schema_field({"allOf": [{"type": "string", "enum": list(MeetingStatus.values)}]})
class MeetingStatusField(serializers.CharField):
    pass


class MeetingSerializer(serializers.ModelSerializer):
    status = MeetingStatusField(read_only=True)
    organiser = PartySerializer()
    invitee = PartySerializer()
    requested_by = PersonSerializer()
    accepted_by = PersonSerializer(allow_null=True)
    proposals = ProposalSerializer(many=True)
    your_side = serializers.SerializerMethodField(help_text="organiser, invitee, or null (staff).")
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id", "uid", "subject", "message", "status", "awaiting_side", "your_side", "start", "end",
            "sequence", "video_link", "organiser", "invitee", "requested_by", "accepted_by", "proposals",
            "ics_url", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_your_side(self, meeting: Meeting) -> str | None:
        return selectors.side_of(self.context["request"].user, meeting)

    def get_ics_url(self, meeting: Meeting) -> str | None:
        if meeting.start is None:
            return None
        return self.context["request"].build_absolute_uri(reverse("api:meeting-ics", args=[meeting.pk]))


class MeetingEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    status = serializers.CharField()
    start = serializers.DateTimeField(allow_null=True)
    end = serializers.DateTimeField(allow_null=True)
    sequence = serializers.IntegerField()
    note = serializers.CharField()
    actor = PersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class MeetingDetailSerializer(MeetingSerializer):
    history = MeetingEventSerializer(source="events", many=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "history"]
        read_only_fields = fields


def _detail(request: Request, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
    fresh = selectors.access_meeting(request.user, meeting.pk)
    return Response(MeetingDetailSerializer(fresh, context={"request": request}).data, status=code)


@extend_schema(tags=["meetings"])
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's meetings (as a person or through their organisation), and asking for a new one."""

    serializer_class = MeetingSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list[Any] = []
    pagination_class = PageNumberPagination

    class MeetingRequestInputSerializer(serializers.Serializer):
        invitee = serializers.CharField(help_text='Participant key: "org-<id>" or "user-<id>".')
        subject = serializers.CharField(max_length=200)
        message = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
        length = serializers.IntegerField(min_value=5, max_value=480, help_text="Minutes.")
        start = serializers.DateTimeField(required=False, help_text="One of the invitee's free slots.")
        proposals = serializers.ListField(
            child=serializers.DateTimeField(), required=False, max_length=5, help_text="Or: times to propose."
        )
        video_link = serializers.URLField(required=False, allow_blank=True, default="", max_length=500)
        as_organisation = serializers.BooleanField(
            required=False,
            default=True,
            help_text="Ask on behalf of your organisation (default) or yourself.",
        )

    def get_queryset(self) -> Any:
        return selectors.meetings_for(self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return _detail(request, selectors.access_meeting(request.user, int(kwargs["pk"])))

    @extend_schema(
        request=MeetingRequestInputSerializer,
        responses={201: MeetingDetailSerializer, **error_responses(400, 401, 404, 409)},
    )
    def create(self, request: Request) -> Response:
        """Ask for a meeting at a free slot (held at once; 409 with `free_slots` if taken meanwhile)
        or at proposed times."""
        data = self.MeetingRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        invitee = selectors.participant_by_key(fields.pop("invitee"))
        meeting = services.request_meeting(actor=request.user, invitee=invitee, **fields)
        # The service hands back the meeting with its parties loaded: no need to fetch it again.
        detail = MeetingDetailSerializer(selectors.meeting_details(meeting), context={"request": request})
        return Response(detail.data, status=status.HTTP_201_CREATED)


class _MeetingActionApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def meeting(self, request: Request, pk: int) -> Meeting:
        return selectors.access_meeting(request.user, pk)

    def act(
        self, request: Request, pk: int, input_serializer: type[serializers.Serializer], service: Any
    ) -> Response:
        """The shape of every meeting action: access, validate the input, call the service, answer."""
        meeting = self.meeting(request, pk)
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _detail(request, service(meeting=meeting, actor=request.user, **data.validated_data))


ACTION_ERRORS = error_responses(400, 401, 403, 404, 409)


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


@extend_schema(tags=["meetings"])
class AcceptMeetingApi(_MeetingActionApi):
    """The awaited side confirms (choosing one of the proposals if there are several)."""

    class AcceptMeetingInputSerializer(serializers.Serializer):
        proposal_start = serializers.DateTimeField(required=False)
        video_link = serializers.URLField(required=False, allow_blank=True, max_length=500)

    @extend_schema(
        request=AcceptMeetingInputSerializer, responses={200: MeetingDetailSerializer, **ACTION_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, self.AcceptMeetingInputSerializer, services.accept_meeting)


@extend_schema(tags=["meetings"])
class DeclineMeetingApi(_MeetingActionApi):
    """The awaited side says no."""

    @extend_schema(request=NoteInputSerializer, responses={200: MeetingDetailSerializer, **ACTION_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, NoteInputSerializer, services.decline_meeting)


@extend_schema(tags=["meetings"])
class RescheduleMeetingApi(_MeetingActionApi):
    """Either side proposes another time (held at once; 409 with `free_slots` if taken)."""

    class RescheduleMeetingInputSerializer(serializers.Serializer):
        start = serializers.DateTimeField()
        length = serializers.IntegerField(required=False, min_value=5, max_value=480)
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    @extend_schema(
        request=RescheduleMeetingInputSerializer, responses={200: MeetingDetailSerializer, **ACTION_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, self.RescheduleMeetingInputSerializer, services.propose_new_time)


@extend_schema(tags=["meetings"])
class CancelMeetingApi(_MeetingActionApi):
    """Either side calls the meeting off."""

    @extend_schema(request=NoteInputSerializer, responses={200: MeetingDetailSerializer, **ACTION_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, NoteInputSerializer, services.cancel_meeting)


@extend_schema(tags=["meetings"])
class MeetingOutcomeApi(_MeetingActionApi):
    """After it started: the meeting was held, or someone did not show up."""

    class MeetingOutcomeInputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=[MeetingStatus.HELD, MeetingStatus.NO_SHOW])
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    @extend_schema(
        request=MeetingOutcomeInputSerializer, responses={200: MeetingDetailSerializer, **ACTION_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, self.MeetingOutcomeInputSerializer, services.record_meeting_outcome)


@extend_schema(tags=["meetings"])
class MeetingVideoLinkApi(_MeetingActionApi):
    """Set the video-call link."""

    class VideoLinkInputSerializer(serializers.Serializer):
        video_link = serializers.URLField(allow_blank=True, max_length=500)

    @extend_schema(
        request=VideoLinkInputSerializer, responses={200: MeetingDetailSerializer, **ACTION_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, self.VideoLinkInputSerializer, services.set_video_link)


@extend_schema(tags=["meetings"])
class MeetingIcsApi(_MeetingActionApi):
    """The meeting as an `.ics` file: same UID for every copy, SEQUENCE rising with each change,
    METHOD:CANCEL once it is called off."""

    renderer_classes = [renderers.JSONRenderer, ICalendarRenderer]

    @extend_schema(responses={(200, "text/calendar"): ICS_RESPONSE, **error_responses(400, 401, 403, 404)})
    def get(self, request: Request, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        if meeting.start is None:
            raise serializers.ValidationError({"non_field_errors": ["This meeting has no time yet."]})
        return _ics_response(calendar.meeting_ics(meeting), f"meeting-{meeting.pk}.ics")


# --- Calendar feed --------------------------------------------------------------------------


class FeedSerializer(serializers.Serializer):
    url = serializers.CharField(allow_null=True, help_text="Secret: anyone with it reads your meetings.")


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
        return Response(_feed_data(request, services.rotate_calendar_feed(user=request.user)))

    @extend_schema(request=None, responses={204: None, **error_responses(401)})
    def delete(self, request: Request) -> Response:
        services.revoke_calendar_feed(user=request.user)
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
        content = calendar.feed_ics(selectors.feed_meetings_for(feed.user), name="Solutions Meet Cities")
        response = _ics_response(content, "meetings.ics")
        response["Cache-Control"] = "private, max-age=300"
        return response
