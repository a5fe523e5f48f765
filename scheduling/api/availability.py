"""Participants and availability endpoints: a participant's booking settings, its weekly rules and
exceptions (for the people who manage it) and its free slots."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from common.api import updated_instance
from common.pagination import PageNumberPagination
from common.schema import error_responses
from scheduling import selectors
from scheduling.models import AvailabilityException, AvailabilityRule, Participant
from scheduling.services.availability import (
    create_availability_exception,
    create_availability_rule,
    delete_availability_exception,
    delete_availability_rule,
    update_availability_exception,
    update_availability_rule,
    update_participant_settings,
)

MAX_SLOT_RANGE_DAYS = 62
# Days a calendar is asked about: far enough either way for any booking, near enough that the day's
# start in any time zone is a datetime (year 1 and 9999 overflowed into 500s).
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2999, 12, 31)


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
        participant = update_participant_settings(
            participant=participant, actor=authenticated_user(request), **data.validated_data
        )
        return Response(ParticipantSerializer(participant).data)


class AvailabilityRuleSerializer(serializers.ModelSerializer):
    time_zone = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("IANA name; the participant's by default."),
    )

    class Meta:
        model = AvailabilityRule
        fields = ["id", "weekday", "start_time", "end_time", "time_zone"]


class AvailabilityExceptionSerializer(serializers.ModelSerializer):
    time_zone = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("IANA name; the participant's by default."),
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
    # Reads too are refused to people who do not manage this availability (common.schema.AutoSchema).
    extra_error_codes = (403,)

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

    def perform_create(self, serializer: BaseSerializer[AvailabilityRule]) -> None:
        serializer.instance = create_availability_rule(
            participant=self.participant(),
            actor=authenticated_user(self.request),
            **serializer.validated_data,
        )

    def perform_update(self, serializer: BaseSerializer[AvailabilityRule]) -> None:
        serializer.instance = update_availability_rule(
            rule=updated_instance(serializer),
            actor=authenticated_user(self.request),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance: AvailabilityRule) -> None:
        delete_availability_rule(rule=instance, actor=authenticated_user(self.request))


@extend_schema(tags=["scheduling"], parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH)])
class AvailabilityExceptionViewSet(_OwnAvailabilityViewSet):
    """Holidays (whole days) and busy blocks (a time window on each day of a date range)."""

    serializer_class = AvailabilityExceptionSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no participant
            return AvailabilityException.objects.none()
        return selectors.exceptions_of(self.participant())

    def perform_create(self, serializer: BaseSerializer[AvailabilityException]) -> None:
        serializer.instance = create_availability_exception(
            participant=self.participant(),
            actor=authenticated_user(self.request),
            **serializer.validated_data,
        )

    def perform_update(self, serializer: BaseSerializer[AvailabilityException]) -> None:
        serializer.instance = update_availability_exception(
            exception=updated_instance(serializer),
            actor=authenticated_user(self.request),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance: AvailabilityException) -> None:
        delete_availability_exception(exception=instance, actor=authenticated_user(self.request))


def _validate_time_zone(value: str) -> None:
    try:
        selectors.parse_time_zone(value)
    except ValueError as exc:
        raise serializers.ValidationError(str(exc)) from exc


class FreeSlotsApi(APIView):
    """A participant's free slots between two dates of the viewer's calendar, in the viewer's time
    zone (`tz`, default: the viewer's own). Live updates: /ws/availability/<key>/."""

    permission_classes = [permissions.IsAuthenticated]

    class FreeSlotsQuerySerializer(serializers.Serializer):
        start = serializers.DateField(help_text=gettext_lazy("First day, in the viewer's time zone."))
        end = serializers.DateField(
            help_text=gettext_lazy("Last day (inclusive); at most 62 days after start.")
        )
        tz = serializers.CharField(required=False, max_length=64, validators=[_validate_time_zone])
        length = serializers.IntegerField(required=False, min_value=5, max_value=480)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            for field in ("start", "end"):
                if not EARLIEST_DAY <= attrs[field] <= LATEST_DAY:
                    raise serializers.ValidationError(
                        {
                            field: _("Choose a day between %(earliest_day)s and %(latest_day)s.")
                            % {"earliest_day": EARLIEST_DAY, "latest_day": LATEST_DAY}
                        }
                    )
            if attrs["end"] < attrs["start"]:
                raise serializers.ValidationError({"end": _("The last day cannot come before the first.")})
            if attrs["end"] - attrs["start"] > timedelta(days=MAX_SLOT_RANGE_DAYS):
                raise serializers.ValidationError(
                    {
                        "end": _("Ask for at most %(max_slot_range_days)s days at once.")
                        % {"max_slot_range_days": MAX_SLOT_RANGE_DAYS}
                    }
                )
            return attrs

    class SlotSerializer(serializers.Serializer):
        start = serializers.CharField(help_text=gettext_lazy("ISO 8601 with the viewer's UTC offset."))
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
                {
                    "length": [
                        _("%(participant)s offers meetings of %(meeting_lengths)s minutes.")
                        % {"participant": participant, "meeting_lengths": participant.meeting_lengths}
                    ]
                }
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
