"""Meeting endpoints: the caller's meetings, asking for one, the workflow actions (accept, decline,
reschedule, cancel, outcome, video link) and a meeting's `.ics` download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, renderers, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from common.fields import NOTE_LENGTH
from common.pagination import PageNumberPagination
from common.schema import error_responses
from scheduling import calendar, selectors
from scheduling.api.ics import ICS_RESPONSE, ICalendarRenderer, ics_response
from scheduling.enums import MeetingStatus, Side
from scheduling.models import Meeting
from scheduling.services.meetings import (
    MAX_NEW_TIMES,
    accept_meeting,
    cancel_meeting,
    decline_meeting,
    propose_new_times,
    record_meeting_outcome,
    request_meeting,
    set_video_link,
)


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
    your_side = serializers.SerializerMethodField(
        help_text=gettext_lazy("organiser, invitee, or null (staff).")
    )
    # Read-only copies of blank-able model fields lose `allow_blank`, and the schema would promise a
    # side or a URL where the answer is "" (no side awaited, no link yet).
    awaiting_side = serializers.ChoiceField(
        choices=Side.choices,
        allow_blank=True,
        read_only=True,
        help_text=gettext_lazy("Empty when no side must answer."),
    )
    video_link = serializers.CharField(
        read_only=True, help_text=gettext_lazy("A URL, or empty when none was given.")
    )
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
    proposed = ProposalSerializer(
        source="proposed_times",
        many=True,
        help_text=gettext_lazy("The times this change proposed to choose from."),
    )
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


def _written_and_answered(
    request: Request, write: Callable[[], Meeting], read: Callable[[Meeting], Meeting]
) -> Any:
    """Run `write` and read and serialize everything the answer shows in one transaction, so that
    nothing touches the database after the commit: a connection lost then cannot turn a committed
    write into a 500 (and one lost before it leaves nothing written)."""
    with transaction.atomic():
        meeting = read(write())
        return MeetingDetailSerializer(meeting, context={"request": request}).data


@extend_schema(tags=["meetings"])
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's meetings (as a person or through their organisation), and asking for a new one."""

    serializer_class = MeetingSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list[Any] = []
    pagination_class = PageNumberPagination

    class MeetingRequestInputSerializer(serializers.Serializer):
        invitee = serializers.CharField(help_text=gettext_lazy('Participant key: "org-<id>" or "user-<id>".'))
        subject = serializers.CharField(max_length=200)
        message = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_LENGTH)
        length = serializers.IntegerField(min_value=5, max_value=480, help_text=gettext_lazy("Minutes."))
        start = serializers.DateTimeField(
            required=False, help_text=gettext_lazy("One of the invitee's free slots.")
        )
        proposals = serializers.ListField(
            child=serializers.DateTimeField(),
            required=False,
            max_length=5,
            help_text=gettext_lazy("Or: times to propose."),
        )
        video_link = serializers.URLField(required=False, allow_blank=True, default="", max_length=500)
        as_organisation = serializers.BooleanField(
            required=False,
            default=True,
            help_text=gettext_lazy("Ask on behalf of your organisation (default) or yourself."),
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
        detail = _written_and_answered(
            request,
            lambda: request_meeting(actor=authenticated_user(request), invitee=invitee, **fields),
            # The service hands back the meeting with its parties loaded: no need to fetch it again.
            selectors.meeting_details,
        )
        return Response(detail, status=status.HTTP_201_CREATED)


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
        detail = _written_and_answered(
            request,
            lambda: service(meeting=meeting, actor=authenticated_user(request), **data.validated_data),
            lambda changed: selectors.access_meeting(request.user, changed.pk),
        )
        return Response(detail)


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
        return self.act(request, pk, self.AcceptMeetingInputSerializer, accept_meeting)


@extend_schema(tags=["meetings"])
class DeclineMeetingApi(_MeetingActionApi):
    """The awaited side says no."""

    @extend_schema(request=NoteInputSerializer, responses={200: MeetingDetailSerializer, **ACTION_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, NoteInputSerializer, decline_meeting)


@extend_schema(tags=["meetings"])
class RescheduleMeetingApi(_MeetingActionApi):
    """Either side proposes another time (held at once; 409 with `free_slots` if taken), or up to
    three times for the other side to choose from (the meeting's time is released meanwhile)."""

    class RescheduleMeetingInputSerializer(serializers.Serializer):
        start = serializers.DateTimeField(required=False, help_text=gettext_lazy("One new time."))
        starts = serializers.ListField(
            child=serializers.DateTimeField(),
            required=False,
            min_length=1,
            max_length=MAX_NEW_TIMES,
            help_text=gettext_lazy("Or: up to three times for the other side to choose from."),
        )
        length = serializers.IntegerField(required=False, min_value=5, max_value=480)
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if ("start" in attrs) == ("starts" in attrs):
                raise serializers.ValidationError(
                    {"start": [_("Give one new time (start) or times (starts).")]}
                )
            if "start" in attrs:
                attrs["starts"] = [attrs.pop("start")]
            return attrs

    @extend_schema(
        request=RescheduleMeetingInputSerializer, responses={200: MeetingDetailSerializer, **ACTION_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, self.RescheduleMeetingInputSerializer, propose_new_times)


@extend_schema(tags=["meetings"])
class CancelMeetingApi(_MeetingActionApi):
    """Either side calls the meeting off."""

    @extend_schema(request=NoteInputSerializer, responses={200: MeetingDetailSerializer, **ACTION_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, NoteInputSerializer, cancel_meeting)


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
        return self.act(request, pk, self.MeetingOutcomeInputSerializer, record_meeting_outcome)


@extend_schema(tags=["meetings"])
class MeetingVideoLinkApi(_MeetingActionApi):
    """Set the video-call link."""

    class VideoLinkInputSerializer(serializers.Serializer):
        video_link = serializers.URLField(allow_blank=True, max_length=500)

    @extend_schema(
        request=VideoLinkInputSerializer, responses={200: MeetingDetailSerializer, **ACTION_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk, self.VideoLinkInputSerializer, set_video_link)


@extend_schema(tags=["meetings"])
class MeetingIcsApi(_MeetingActionApi):
    """The meeting as an `.ics` file: same UID for every copy, SEQUENCE rising with each change,
    METHOD:CANCEL once it is called off."""

    renderer_classes = [renderers.JSONRenderer, ICalendarRenderer]

    @extend_schema(responses={(200, "text/calendar"): ICS_RESPONSE, **error_responses(400, 401, 403, 404)})
    def get(self, request: Request, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        if meeting.start is None:
            raise serializers.ValidationError({"non_field_errors": [_("This meeting has no time yet.")]})
        # A token-authenticated client skips UserLanguageMiddleware: the caller's own language here.
        with translation.override(getattr(request.user, "language", "") or translation.get_language()):
            content = calendar.meeting_ics(meeting)
        return ics_response(content, f"meeting-{meeting.pk}.ics")
