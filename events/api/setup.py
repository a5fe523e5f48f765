"""Events (list, detail, phase changes) and registration of organisations with their
representatives and profile (what they offer, what they look for, their sectors)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from accounts.models import User
from accounts.selectors import member_organisations
from common.pagination import PageNumberPagination
from events.api.common import READ_ERRORS, TAGS, WRITE_ERRORS, inline_choices, paginated
from events.enums import EventPhase
from events.models import PROFILE_TEXT_MAX, Event
from events.selectors.setup import (
    access_event,
    access_event_for_staff,
    access_registration,
    events_listed,
    own_registration,
    registrations_of,
)
from events.services.registration import register_organisation, update_registration_profile
from events.services.setup import change_event_phase
from solutions.enums import Sector

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
    your_registration = serializers.SerializerMethodField(help_text=_("Your organisation's registration id."))

    @extend_schema_field(SessionSerializer(many=True))
    def get_sessions(self, event: Event) -> Any:
        return SessionSerializer(event.sessions.order_by("day", "start_time", "id"), many=True).data

    def get_your_registration(self, event: Event) -> int | None:
        own = own_registration(self.context["request"].user, event)
        return own.pk if own else None


class EventListApi(APIView):
    """Every matchmaking event, soonest first."""

    permission_classes = [permissions.AllowAny]
    # Its GET answers one page (`paginated`): the schema then shows the page, not a bare list.
    pagination_class = PageNumberPagination

    @extend_schema(tags=TAGS, responses={200: EventSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return paginated(request, self, events_listed(), EventSerializer)


def _event_detail(request: Request, event: Event) -> dict[str, Any]:
    listed = events_listed().get(pk=event.pk)
    return EventDetailSerializer(listed, context={"request": request}).data


class EventDetailApi(APIView):
    """One event with its sessions."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: EventDetailSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_event_detail(request, access_event(request.user, pk)))


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
        event = access_event_for_staff(request.user, pk)
        data = self.ChangeEventPhaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = change_event_phase(
            event=event, actor=authenticated_user(request), phase=data.validated_data["phase"]
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
    offer = serializers.CharField()
    seek = serializers.CharField()
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices))
    representatives = RepresentativeSerializer(many=True, source="representatives.all")


class ProfileInputSerializer(serializers.Serializer):
    """A registration's profile, as participants see it in the attendee list."""

    offer = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=PROFILE_TEXT_MAX,
        default="",
        help_text=_("What we offer."),
    )
    seek = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=PROFILE_TEXT_MAX,
        default="",
        help_text=_("What we look for."),
    )
    sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices),
        required=False,
        default=list,
        max_length=len(Sector.choices),
    )


class RegisterApi(APIView):
    """Register your organisation (staff: any organisation) with its representatives (default: you)."""

    permission_classes = [permissions.IsAuthenticated]

    class RegisterInputSerializer(ProfileInputSerializer):
        organisation = serializers.PrimaryKeyRelatedField(
            queryset=member_organisations(), required=False, help_text=_("Staff only; default: yours.")
        )
        representatives = serializers.ListField(
            child=serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True)),
            required=False,
            max_length=20,
            help_text=_("User ids of people of the organisation; default: you."),
        )

    @extend_schema(
        tags=TAGS, request=RegisterInputSerializer, responses={201: RegistrationSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        event = access_event(request.user, pk)
        data = self.RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = register_organisation(
            event=event,
            actor=authenticated_user(request),
            organisation=data.validated_data.get("organisation"),
            representatives=data.validated_data.get("representatives"),
            offer=data.validated_data["offer"],
            seek=data.validated_data["seek"],
            sectors=data.validated_data["sectors"],
        )
        fresh = registrations_of(event).get(pk=registration.pk)
        return Response(RegistrationSerializer(fresh).data, status=status.HTTP_201_CREATED)


class RegistrationProfileApi(APIView):
    """Replace a registration's profile (its organisation's people and staff, until scheduling is over)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAGS, request=ProfileInputSerializer, responses={200: RegistrationSerializer, **WRITE_ERRORS}
    )
    def put(self, request: Request, pk: int, registration_pk: int) -> Response:
        event = access_event(request.user, pk)
        registration = access_registration(request.user, event, registration_pk)
        data = ProfileInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update_registration_profile(
            registration=registration, actor=authenticated_user(request), **data.validated_data
        )
        fresh = registrations_of(event).get(pk=registration.pk)
        return Response(RegistrationSerializer(fresh).data)
