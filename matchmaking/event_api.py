"""REST API of matchmaking events: one view per workflow operation, small serializers, every list
paginated. Reads go through `event_selectors`, writes through the event services; staff-only
operations fetch through a staff check first, so others get 403 before any input is validated."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation, User
from common.pagination import PageNumberPagination
from common.schema import error_responses
from matchmaking import event_publishing, event_scheduler, event_services
from matchmaking import event_selectors as selectors
from matchmaking.enums import DayStatus, EventPhase, MeetingOutcome, RequestAnswer, RequestPriority, RunStatus
from matchmaking.models import (
    Event,
    EventMeeting,
    EventMeetingRequest,
    EventRegistration,
    EventRepresentative,
    EventSession,
    EventSlot,
    ScheduleRun,
)

TAGS = ["events"]


def inline_choices(choices: list[tuple[Any, str]], **kwargs: Any) -> serializers.ChoiceField:
    """A choice field whose enum stays inline in the schema (wrapped in allOf, as scheduling's
    `MeetingStatusField`): as components, enums of the same field name in other apps ("status",
    "outcome") would collide."""
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


def _paginated(
    request: Request, view: APIView, items: QuerySet[Any] | list[Any], serializer: Any
) -> Response:
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(items, request, view=view)
    context = {"request": request}
    return paginator.get_paginated_response(serializer(page, many=True, context=context).data)


def _registration_param(request: Request) -> int | None:
    value = request.query_params.get("registration")
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise ValidationError({"registration": "Give a registration id."})
    return int(value)


# --- Events ---------------------------------------------------------------------------------


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    name = serializers.CharField()
    start_time = serializers.TimeField()
    slot_count = serializers.IntegerField()


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    phase = inline_choices(EventPhase.choices)
    venue = serializers.CharField()
    online_url = serializers.CharField()
    time_zone = serializers.CharField()
    meeting_minutes = serializers.IntegerField()
    tables = serializers.IntegerField()
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    registration_count = serializers.IntegerField()


class EventDetailSerializer(EventSerializer):
    description = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    sessions = serializers.SerializerMethodField()
    your_registration = serializers.SerializerMethodField(help_text="Your organisation's registration id.")

    @extend_schema_field(SessionSerializer(many=True))
    def get_sessions(self, event: Event) -> Any:
        return SessionSerializer(event.sessions.order_by("day", "start_time", "id"), many=True).data

    def get_your_registration(self, event: Event) -> int | None:
        own = selectors.own_registration(self.context["request"].user, event)
        return own.pk if own else None


class EventListApi(APIView):
    """Every matchmaking event, soonest first."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: EventSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return _paginated(request, self, selectors.events_listed(), EventSerializer)


def _event_detail(request: Request, event: Event) -> dict[str, Any]:
    listed = selectors.events_listed().get(pk=event.pk)
    return EventDetailSerializer(listed, context={"request": request}).data


class EventDetailApi(APIView):
    """One event with its sessions."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: EventDetailSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_event_detail(request, selectors.access_event(request.user, pk)))


class ChangeEventPhaseApi(APIView):
    """Staff move the event to another phase (only the allowed moves; publishing reaches "agenda
    published")."""

    permission_classes = [permissions.IsAuthenticated]

    class ChangeEventPhaseInputSerializer(serializers.Serializer):
        phase = inline_choices(EventPhase.choices)

    @extend_schema(
        tags=TAGS,
        request=ChangeEventPhaseInputSerializer,
        responses={200: EventDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.access_event_for_staff(request.user, pk)
        data = self.ChangeEventPhaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = event_services.change_event_phase(
            event=event, actor=request.user, phase=data.validated_data["phase"]
        )
        return Response(_event_detail(request, event))


# --- Registration ---------------------------------------------------------------------------


class RepresentativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.__str__")
    checked_in_at = serializers.DateTimeField(allow_null=True)


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.IntegerField(source="event_id")
    organisation = serializers.IntegerField(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.name")
    category = serializers.CharField(source="organisation.category")
    representatives = RepresentativeSerializer(many=True, source="representatives.all")


class RegisterApi(APIView):
    """Register your organisation (staff: any organisation) with its representatives (default: you)."""

    permission_classes = [permissions.IsAuthenticated]

    class RegisterInputSerializer(serializers.Serializer):
        organisation = serializers.PrimaryKeyRelatedField(
            queryset=Organisation.objects.all(), required=False, help_text="Staff only; default: yours."
        )
        representatives = serializers.ListField(
            child=serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True)),
            required=False,
            max_length=20,
            help_text="User ids of people of the organisation; default: you.",
        )

    @extend_schema(
        tags=TAGS, request=RegisterInputSerializer, responses={201: RegistrationSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.access_event(request.user, pk)
        data = self.RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = event_services.register_organisation(
            event=event,
            actor=request.user,
            organisation=data.validated_data.get("organisation"),
            representatives=data.validated_data.get("representatives"),
        )
        fresh = selectors.registrations_of(event).get(pk=registration.pk)
        return Response(RegistrationSerializer(fresh).data, status=status.HTTP_201_CREATED)


# --- Meeting requests -----------------------------------------------------------------------


class EventPartySerializer(serializers.Serializer):
    registration = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="organisation.name")


class EventRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    requester = EventPartySerializer()
    receiver = EventPartySerializer()
    message = serializers.CharField()
    priority = inline_choices(RequestPriority.choices)
    session_wish = serializers.IntegerField(source="session_wish_id", allow_null=True)
    status = serializers.SerializerMethodField(
        help_text='The requester sees "no thanks" as "declined": the receiver\'s reason stays theirs.'
    )
    created_at = serializers.DateTimeField()

    def get_status(self, request: EventMeetingRequest) -> str:
        return selectors.status_shown_to(self.context["request"].user, request)


class EventRequestsApi(APIView):
    """Your organisation's requests at this event (sent and received), and asking for a meeting."""

    permission_classes = [permissions.IsAuthenticated]

    class EventRequestsInputSerializer(serializers.Serializer):
        receiver = serializers.IntegerField(help_text="The registration id of the organisation to ask.")
        message = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
        priority = inline_choices(RequestPriority.choices, default=RequestPriority.NORMAL)
        session_wish = serializers.IntegerField(
            required=False, allow_null=True, help_text="A session id; none: any."
        )

    @extend_schema(
        tags=TAGS,
        parameters=[REGISTRATION_PARAMETER],
        responses={200: EventRequestSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        event = selectors.access_event(request.user, pk)
        registration = selectors.viewer_registration(request.user, event, _registration_param(request))
        return _paginated(request, self, selectors.requests_of(registration), EventRequestSerializer)

    @extend_schema(
        tags=TAGS,
        request=EventRequestsInputSerializer,
        responses={201: EventRequestSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.access_event(request.user, pk)
        data = self.EventRequestsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        receiver = EventRegistration.objects.filter(event=event, pk=fields["receiver"]).first()
        if receiver is None:
            raise ValidationError({"receiver": "Choose an organisation registered for this event."})
        wish = None
        if fields.get("session_wish") is not None:
            wish = EventSession.objects.filter(event=event, pk=fields["session_wish"]).first()
            if wish is None:
                raise ValidationError({"session_wish": "Choose a session of this event."})
        created = event_services.request_event_meeting(
            event=event,
            actor=request.user,
            receiver=receiver,
            message=fields["message"],
            priority=fields["priority"],
            session_wish=wish,
        )
        fresh = selectors.requests_of(created.requester).get(pk=created.pk)
        return Response(
            EventRequestSerializer(fresh, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class AnswerEventRequestApi(APIView):
    """The asked organisation accepts, declines, or says "no thanks" (never scheduled)."""

    permission_classes = [permissions.IsAuthenticated]

    class AnswerEventRequestInputSerializer(serializers.Serializer):
        answer = inline_choices(RequestAnswer.choices)

    @extend_schema(
        tags=TAGS,
        request=AnswerEventRequestInputSerializer,
        responses={200: EventRequestSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting_request = selectors.access_request_for_answer(request.user, pk)
        data = self.AnswerEventRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answered = event_services.answer_event_meeting_request(
            request=meeting_request, actor=request.user, answer=data.validated_data["answer"]
        )
        fresh = selectors.requests_of(answered.receiver).get(pk=answered.pk)
        return Response(EventRequestSerializer(fresh, context={"request": request}).data)


class SuggestionSerializer(serializers.Serializer):
    registration = serializers.IntegerField(source="registration.pk")
    organisation = serializers.CharField(source="registration.organisation.name")
    score = serializers.FloatField()
    reasons = serializers.ListField(
        child=inline_serializer(
            name="SuggestionReason",
            fields={
                "need": serializers.CharField(),
                "solution": serializers.CharField(),
                "score": serializers.FloatField(),
                "terms": serializers.ListField(child=serializers.CharField()),
                "shared_sectors": serializers.ListField(child=serializers.CharField()),
            },
        )
    )


class WhomToAskApi(APIView):
    """Registered organisations the matching engine recommends asking, with the reasons."""

    permission_classes = [permissions.IsAuthenticated]

    class WhomToAskQuerySerializer(serializers.Serializer):
        limit = serializers.IntegerField(min_value=1, max_value=50, default=10)

    @extend_schema(
        tags=TAGS,
        parameters=[WhomToAskQuerySerializer, REGISTRATION_PARAMETER],
        responses={200: SuggestionSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        event = selectors.access_event(request.user, pk)
        registration = selectors.viewer_registration(request.user, event, _registration_param(request))
        params = self.WhomToAskQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        suggestions = selectors.whom_to_ask(
            registration=registration, user=request.user, limit=params.validated_data["limit"]
        )
        return _paginated(request, self, suggestions, SuggestionSerializer)


# --- Scheduler runs, the draft, publishing --------------------------------------------------


class RunSerializer(serializers.ModelSerializer):
    status = inline_choices(RunStatus.choices, read_only=True)

    class Meta:
        model = ScheduleRun
        fields = [
            "id", "status", "solver_status", "applied", "time_limit_s", "started_at", "finished_at",
            "seconds", "requested", "placed", "pinned", "total_breaks", "break_spread", "problems",
        ]  # fmt: skip
        read_only_fields = fields


class ScheduleRunsApi(APIView):
    """Staff: the event's scheduler runs, newest first; POST runs the scheduler now and answers when
    it is done (at most the time limit, `settings.EVENT_SCHEDULER_TIME_LIMIT_S` by default). An
    impossible schedule still answers 201: `problems` explains what could not be placed and why."""

    permission_classes = [permissions.IsAuthenticated]

    class ScheduleRunsInputSerializer(serializers.Serializer):
        time_limit_s = serializers.FloatField(required=False, min_value=0.5, max_value=600)

    @extend_schema(tags=TAGS, responses={200: RunSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        event = selectors.access_event_for_staff(request.user, pk)
        return _paginated(request, self, selectors.runs_of(event), RunSerializer)

    @extend_schema(
        tags=TAGS, request=ScheduleRunsInputSerializer, responses={201: RunSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.access_event_for_staff(request.user, pk)
        data = self.ScheduleRunsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = event_scheduler.run_scheduler(
            event=event, actor=request.user, time_limit_s=data.validated_data.get("time_limit_s")
        )
        return Response(RunSerializer(run).data, status=status.HTTP_201_CREATED)


class ScheduleRunDetailApi(APIView):
    """Staff: one run, with its state ("running" while the solver works), figures and problems."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: RunSerializer, **error_responses(401, 403, 404)})
    def get(self, request: Request, pk: int, run_pk: int) -> Response:
        event = selectors.access_event(request.user, pk)
        return Response(RunSerializer(selectors.access_run(request.user, event, run_pk)).data)


class PlacementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    requester = EventPartySerializer()
    receiver = EventPartySerializer()
    slot = serializers.IntegerField(source="slot.index", allow_null=True, default=None)
    start = serializers.DateTimeField(source="slot.start", allow_null=True, default=None)
    end = serializers.DateTimeField(source="slot.end", allow_null=True, default=None)
    table = serializers.IntegerField(allow_null=True)
    pinned = serializers.BooleanField()
    status = serializers.CharField()
    meeting = serializers.IntegerField(
        source="meeting_id", allow_null=True, help_text="The published meeting."
    )


class EventScheduleApi(APIView):
    """Staff: the draft (or published) schedule: every accepted request's slot and table, placed first."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAGS, responses={200: PlacementSerializer(many=True), **error_responses(401, 403, 404)}
    )
    def get(self, request: Request, pk: int) -> Response:
        event = selectors.access_event_for_staff(request.user, pk)
        return _paginated(request, self, selectors.schedule_of(event), PlacementSerializer)


class PublishSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    moved = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    unplaced = serializers.IntegerField()


class PublishScheduleApi(APIView):
    """Staff publish the draft: it becomes everyone's agenda and confirmed meetings in their calendars.
    All or nothing: 409 naming the clash when a participant has another meeting at one of the times."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, request=None, responses={200: PublishSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.access_event_for_staff(request.user, pk)
        summary = event_publishing.publish_schedule(event=event, actor=request.user)
        return Response(PublishSerializer(summary).data)


# --- Agenda ---------------------------------------------------------------------------------


class AgendaEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateTimeField(source="slot.start")
    end = serializers.DateTimeField(source="slot.end")
    start_event_time = serializers.SerializerMethodField(help_text="ISO 8601 in the event's time zone.")
    start_your_time = serializers.SerializerMethodField(help_text="ISO 8601 in your time zone.")
    table = serializers.IntegerField()
    with_organisation = serializers.SerializerMethodField()
    status = serializers.CharField()
    ics_url = serializers.SerializerMethodField()

    def get_start_event_time(self, meeting: EventMeeting) -> str:
        return meeting.slot.start.astimezone(zoneinfo.ZoneInfo(meeting.event.time_zone)).isoformat()

    def get_start_your_time(self, meeting: EventMeeting) -> str:
        zone = getattr(self.context["request"].user, "time_zone", "") or "UTC"
        return meeting.slot.start.astimezone(zoneinfo.ZoneInfo(zone)).isoformat()

    def get_with_organisation(self, meeting: EventMeeting) -> str:
        return str(selectors.other_side(meeting, self.context["registration"]))

    def get_ics_url(self, meeting: EventMeeting) -> str | None:
        if meeting.meeting_id is None:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("api:meeting-ics", args=[meeting.meeting_id])
        )


class AgendaApi(APIView):
    """Your organisation's published agenda at this event, in time order (staff: any registration's)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        parameters=[REGISTRATION_PARAMETER],
        responses={200: AgendaEntrySerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        event = selectors.access_event(request.user, pk)
        registration = selectors.viewer_registration(request.user, event, _registration_param(request))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            selectors.agenda_of(registration).select_related("event"), request, view=self
        )
        context = {"request": request, "registration": registration}
        return paginator.get_paginated_response(AgendaEntrySerializer(page, many=True, context=context).data)


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
        selectors.check_staff(request.user)
        representative = (
            EventRepresentative.objects.select_related("registration__event").filter(pk=pk).first()
        )
        if representative is None:
            raise Http404("No such representative.")
        data = self.CheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        representative = event_publishing.check_in_representative(
            representative=representative, actor=request.user, checked_in=data.validated_data["checked_in"]
        )
        return Response(RepresentativeSerializer(representative).data)


def _slot_of(event: Event, index: int) -> EventSlot:
    try:
        return selectors.slot_at(event, index)
    except Http404 as exc:
        raise ValidationError({"slot": "No such slot in this event."}) from exc


class MoveEventMeetingApi(APIView):
    """Staff put a meeting at another slot (index) and table: in the draft it is pinned there; on the
    day (agenda published or running) the published meeting moves and both sides are told."""

    permission_classes = [permissions.IsAuthenticated]

    class MoveEventMeetingInputSerializer(serializers.Serializer):
        slot = serializers.IntegerField(min_value=0, help_text="The slot's index in the event (from 0).")
        table = serializers.IntegerField(min_value=1)

    @extend_schema(
        tags=TAGS,
        request=MoveEventMeetingInputSerializer,
        responses={200: PlacementSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = selectors.access_event_meeting_for_staff(request.user, pk)
        data = self.MoveEventMeetingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = _slot_of(meeting.event, data.validated_data["slot"])
        table = data.validated_data["table"]
        if meeting.event.phase in (EventPhase.AGENDA_PUBLISHED, EventPhase.RUNNING):
            event_publishing.move_event_meeting(meeting=meeting, actor=request.user, slot=slot, table=table)
        else:
            event_scheduler.place_draft_meeting(meeting=meeting, actor=request.user, slot=slot, table=table)
        return Response(PlacementSerializer(selectors.access_event_meeting_for_staff(request.user, pk)).data)


class PinEventMeetingApi(APIView):
    """Staff pin a placed draft meeting (later runs keep it) or release it."""

    permission_classes = [permissions.IsAuthenticated]

    class PinEventMeetingInputSerializer(serializers.Serializer):
        pinned = serializers.BooleanField()

    @extend_schema(
        tags=TAGS,
        request=PinEventMeetingInputSerializer,
        responses={200: PlacementSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = selectors.access_event_meeting_for_staff(request.user, pk)
        data = self.PinEventMeetingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event_scheduler.pin_draft_meeting(
            meeting=meeting, actor=request.user, pinned=data.validated_data["pinned"]
        )
        return Response(PlacementSerializer(selectors.access_event_meeting_for_staff(request.user, pk)).data)


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
        meeting = selectors.access_event_meeting_for_staff(request.user, pk)
        data = self.EventMeetingStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event_publishing.record_event_meeting_status(
            meeting=meeting, actor=request.user, status=data.validated_data["status"]
        )
        return Response(PlacementSerializer(selectors.access_event_meeting_for_staff(request.user, pk)).data)


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
        meeting = selectors.access_event_meeting(request.user, pk)
        data = self.EventMeetingFeedbackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = event_services.submit_meeting_feedback(
            meeting=meeting, actor=request.user, **data.validated_data
        )
        return Response(FeedbackSerializer(feedback).data)
