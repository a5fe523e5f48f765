"""Staff's scheduler runs, the draft schedule and its edits (move, pin), publishing, and each
registration's published agenda."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from common.pagination import PageNumberPagination
from common.schema import error_responses
from events.api.common import (
    REGISTRATION_PARAMETER,
    TAGS,
    WRITE_ERRORS,
    inline_choices,
    paginated,
    registration_param,
)
from events.api.requests import EventPartySerializer
from events.enums import RunStatus, SolverStatus
from events.models import Event, EventMeeting, EventSlot, ScheduleRun
from events.selectors.schedule import (
    access_event_meeting_for_staff,
    access_run,
    agenda_of,
    other_side,
    runs_of,
    schedule_of,
)
from events.selectors.setup import access_event, access_event_for_staff, slot_at, viewer_registration
from events.services.day import place_event_meeting
from events.services.publishing import publish_schedule
from events.services.scheduler import cancel_schedule_run, pin_draft_meeting
from events.services.scheduler_queue import queue_schedule_run

# --- Scheduler runs, the draft, publishing --------------------------------------------------


class RunSerializer(serializers.ModelSerializer):
    status = inline_choices(RunStatus.choices, read_only=True)
    solver_status = serializers.CharField(
        read_only=True,
        help_text="What the solver proved, empty while running: "
        + "; ".join(f"`{value}`: {label}" for value, label in SolverStatus.choices),
    )
    solver_summary = serializers.CharField(
        read_only=True,
        help_text=gettext_lazy("The result in one sentence, e.g. how many meetings were placed."),
    )

    class Meta:
        model = ScheduleRun
        fields = [
            "id", "status", "solver_status", "solver_summary", "applied", "time_limit_s", "started_at",
            "finished_at", "seconds", "requested", "placed", "pinned", "total_breaks", "break_spread",
            "problems", "cancel_requested", "heartbeat_at", "progress",
        ]  # fmt: skip
        read_only_fields = fields


class ScheduleRunsApi(APIView):
    """Staff: the event's scheduler runs, newest first; POST queues a run and answers 202 at once
    with it ("queued"; a worker solves it within the time limit, `settings.EVENT_SCHEDULER_TIME_LIMIT_S`
    by default; follow it at the run's URL or on the dashboard WebSocket). 409 while another run of
    the event is queued or running. An impossible schedule still ends "done": `problems` explains
    what could not be placed and why."""

    throttle_scope = "scheduler"
    permission_classes = [permissions.IsAuthenticated]
    # Its GET answers one page (`paginated`): the schema then shows the page, not a bare list.
    pagination_class = PageNumberPagination

    class ScheduleRunsInputSerializer(serializers.Serializer):
        time_limit_s = serializers.FloatField(required=False, min_value=0.5, max_value=600)

    def get_throttles(self) -> list[Any]:
        """Running the solver is what costs: only POSTs count."""
        return super().get_throttles() if self.request.method == "POST" else []

    @extend_schema(tags=TAGS, responses={200: RunSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        event = access_event_for_staff(request.user, pk)
        return paginated(request, self, runs_of(event), RunSerializer)

    @extend_schema(
        tags=TAGS,
        request=ScheduleRunsInputSerializer,
        responses={202: RunSerializer, **WRITE_ERRORS, **error_responses(429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = access_event_for_staff(request.user, pk)
        data = self.ScheduleRunsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = queue_schedule_run(
            event=event,
            actor=authenticated_user(request),
            time_limit_s=data.validated_data.get("time_limit_s"),
        )
        run.refresh_from_db()  # without a broker the task ran eagerly after the commit: its outcome
        return Response(
            RunSerializer(run).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("api:event-run", args=[event.pk, run.pk])},
        )


class ScheduleRunDetailApi(APIView):
    """Staff: one run, with its state ("queued" until a worker takes it, "running" while the solver
    works, with `progress` and `heartbeat_at` updated about once a second), figures and problems."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: RunSerializer, **error_responses(401, 403, 404)})
    def get(self, request: Request, pk: int, run_pk: int) -> Response:
        event = access_event(request.user, pk)
        return Response(RunSerializer(access_run(request.user, event, run_pk)).data)


class CancelScheduleRunApi(APIView):
    """Staff: cancel a run. A queued run ends "cancelled" at once; a running one gets
    `cancel_requested` and its worker stops the search within about a second, ending it "cancelled"
    with the draft unchanged. 409 for a run that has ended."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, request=None, responses={200: RunSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int, run_pk: int) -> Response:
        event = access_event_for_staff(request.user, pk)
        run = access_run(request.user, event, run_pk)
        run = cancel_schedule_run(run=run, actor=authenticated_user(request))
        return Response(RunSerializer(run).data)


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
        source="meeting_id", allow_null=True, help_text=gettext_lazy("The published meeting.")
    )


class EventScheduleApi(APIView):
    """Staff: the draft (or published) schedule: every accepted request's slot and table, placed first."""

    permission_classes = [permissions.IsAuthenticated]
    # Its GET answers one page (`paginated`): the schema then shows the page, not a bare list.
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS, responses={200: PlacementSerializer(many=True), **error_responses(401, 403, 404)}
    )
    def get(self, request: Request, pk: int) -> Response:
        event = access_event_for_staff(request.user, pk)
        return paginated(request, self, schedule_of(event), PlacementSerializer)


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
        event = access_event_for_staff(request.user, pk)
        summary = publish_schedule(event=event, actor=authenticated_user(request))
        return Response(PublishSerializer(summary).data)


# --- Agenda ---------------------------------------------------------------------------------


class AgendaEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateTimeField(source="slot.start")
    end = serializers.DateTimeField(source="slot.end")
    start_event_time = serializers.SerializerMethodField(
        help_text=gettext_lazy("ISO 8601 in the event's time zone.")
    )
    start_your_time = serializers.SerializerMethodField(help_text=gettext_lazy("ISO 8601 in your time zone."))
    table = serializers.IntegerField()
    with_organisation = serializers.SerializerMethodField()
    status = serializers.CharField()
    ics_url = serializers.SerializerMethodField()

    def get_start_event_time(self, meeting: EventMeeting) -> str:
        return meeting.placed_slot.start.astimezone(zoneinfo.ZoneInfo(meeting.event.time_zone)).isoformat()

    def get_start_your_time(self, meeting: EventMeeting) -> str:
        zone = getattr(self.context["request"].user, "time_zone", "") or "UTC"
        return meeting.placed_slot.start.astimezone(zoneinfo.ZoneInfo(zone)).isoformat()

    def get_with_organisation(self, meeting: EventMeeting) -> str:
        return str(other_side(meeting, self.context["registration"]))

    def get_ics_url(self, meeting: EventMeeting) -> str | None:
        if meeting.meeting_id is None:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("api:meeting-ics", args=[meeting.meeting_id])
        )


class AgendaApi(APIView):
    """Your organisation's published agenda at this event, in time order (staff: any registration's)."""

    permission_classes = [permissions.IsAuthenticated]
    # Its GET answers one page: the schema then shows the page, not a bare list.
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        parameters=[REGISTRATION_PARAMETER],
        responses={200: AgendaEntrySerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        event = access_event(request.user, pk)
        registration = viewer_registration(request.user, event, registration_param(request))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            agenda_of(registration).select_related("event"), request, view=self
        )
        context = {"request": request, "registration": registration}
        return paginator.get_paginated_response(AgendaEntrySerializer(page, many=True, context=context).data)


def _slot_of(event: Event, index: int) -> EventSlot:
    try:
        return slot_at(event, index)
    except Http404 as exc:
        raise ValidationError({"slot": _("No such slot in this event.")}) from exc


class MoveEventMeetingApi(APIView):
    """Staff put a meeting at another slot (index) and table: in the draft it is pinned there; on the
    day (agenda published or running) the published meeting moves and both sides are told."""

    permission_classes = [permissions.IsAuthenticated]

    class MoveEventMeetingInputSerializer(serializers.Serializer):
        slot = serializers.IntegerField(
            min_value=0, help_text=gettext_lazy("The slot's index in the event (from 0).")
        )
        table = serializers.IntegerField(min_value=1)

    @extend_schema(
        tags=TAGS,
        request=MoveEventMeetingInputSerializer,
        responses={200: PlacementSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = access_event_meeting_for_staff(request.user, pk)
        data = self.MoveEventMeetingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = _slot_of(meeting.event, data.validated_data["slot"])
        table = data.validated_data["table"]
        place_event_meeting(meeting=meeting, actor=authenticated_user(request), slot=slot, table=table)
        return Response(PlacementSerializer(access_event_meeting_for_staff(request.user, pk)).data)


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
        meeting = access_event_meeting_for_staff(request.user, pk)
        data = self.PinEventMeetingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pin_draft_meeting(
            meeting=meeting, actor=authenticated_user(request), pinned=data.validated_data["pinned"]
        )
        return Response(PlacementSerializer(access_event_meeting_for_staff(request.user, pk)).data)
