"""Meeting requests at an event (list, ask, answer) and whom to ask: the matching engine's
suggestions among registered organisations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
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
from events.enums import RequestAnswer, RequestPriority
from events.models import EventMeetingRequest, EventRegistration, EventSession
from events.selectors.requests import access_request_for_answer, requests_of, status_shown_to, whom_to_ask
from events.selectors.setup import access_event, viewer_registration
from events.services.requests import answer_event_meeting_request, request_event_meeting

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
        help_text=gettext_lazy(
            'The requester sees "no thanks" as "declined": the receiver\'s reason stays theirs.'
        )
    )
    created_at = serializers.DateTimeField()

    def get_status(self, request: EventMeetingRequest) -> str:
        return status_shown_to(self.context["request"].user, request)


class EventRequestsApi(APIView):
    """Your organisation's requests at this event (sent and received), and asking for a meeting."""

    permission_classes = [permissions.IsAuthenticated]
    # Its GET answers one page (`paginated`): the schema then shows the page, not a bare list.
    pagination_class = PageNumberPagination

    class EventRequestsInputSerializer(serializers.Serializer):
        receiver = serializers.IntegerField(
            help_text=gettext_lazy("The registration id of the organisation to ask.")
        )
        message = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
        priority = inline_choices(RequestPriority.choices, default=RequestPriority.NORMAL)
        session_wish = serializers.IntegerField(
            required=False, allow_null=True, help_text=gettext_lazy("A session id; none: any.")
        )

    @extend_schema(
        tags=TAGS,
        parameters=[REGISTRATION_PARAMETER],
        responses={200: EventRequestSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        event = access_event(request.user, pk)
        registration = viewer_registration(request.user, event, registration_param(request))
        return paginated(request, self, requests_of(registration), EventRequestSerializer)

    @extend_schema(
        tags=TAGS,
        request=EventRequestsInputSerializer,
        responses={201: EventRequestSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = access_event(request.user, pk)
        data = self.EventRequestsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        receiver = EventRegistration.objects.filter(event=event, pk=fields["receiver"]).first()
        if receiver is None:
            raise ValidationError({"receiver": _("Choose an organisation registered for this event.")})
        wish = None
        if fields.get("session_wish") is not None:
            wish = EventSession.objects.filter(event=event, pk=fields["session_wish"]).first()
            if wish is None:
                raise ValidationError({"session_wish": _("Choose a session of this event.")})
        created = request_event_meeting(
            event=event,
            actor=authenticated_user(request),
            receiver=receiver,
            message=fields["message"],
            priority=fields["priority"],
            session_wish=wish,
        )
        fresh = requests_of(created.requester).get(pk=created.pk)
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
        meeting_request = access_request_for_answer(request.user, pk)
        data = self.AnswerEventRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answered = answer_event_meeting_request(
            request=meeting_request, actor=authenticated_user(request), answer=data.validated_data["answer"]
        )
        fresh = requests_of(answered.receiver).get(pk=answered.pk)
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
    # Its GET answers one page (`paginated`): the schema then shows the page, not a bare list.
    pagination_class = PageNumberPagination

    class WhomToAskQuerySerializer(serializers.Serializer):
        limit = serializers.IntegerField(min_value=1, max_value=50, default=10)

    @extend_schema(
        tags=TAGS,
        parameters=[WhomToAskQuerySerializer, REGISTRATION_PARAMETER],
        responses={200: SuggestionSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        event = access_event(request.user, pk)
        registration = viewer_registration(request.user, event, registration_param(request))
        params = self.WhomToAskQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        suggestions = whom_to_ask(
            registration=registration, user=request.user, limit=params.validated_data["limit"]
        )
        return paginated(request, self, suggestions, SuggestionSerializer)
