"""REST API of the notification centre: the caller's notifications (newest first, `unread=true`
for the unread ones), the unread count, and marking one or all read. Someone else's notification
is a 404."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from common.pagination import PageNumberPagination
from common.schema import error_responses
from notifications import selectors, services
from notifications.enums import NotificationKind

TAGS = ["notifications"]


# Inline (allOf): as a component the enum would collide with other apps' `kind` enums.
@extend_schema_field({"allOf": [{"type": "string", "enum": list(NotificationKind.values)}]})
class NotificationKindField(serializers.CharField):
    pass


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = NotificationKindField(help_text=_("What happened, as a dotted name (`meeting.requested`)."))
    title = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField(help_text=_("Site-relative URL of the page where you act on it."))
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, default=False, help_text=_("Only the unread ones."))


UnreadCountSerializer = inline_serializer(
    name="UnreadCount", fields={"unread_count": serializers.IntegerField(min_value=0)}
)


@extend_schema(tags=TAGS)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your notifications, newest first."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = PageNumberPagination
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        params = NotificationFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.notifications_for(
            recipient=authenticated_user(self.request), unread_only=params.validated_data["unread"]
        )

    @extend_schema(
        parameters=[NotificationFilterSerializer],
        responses={200: NotificationSerializer(many=True), **error_responses(400, 401)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


@extend_schema(tags=TAGS)
class UnreadCountApi(APIView):
    """How many of your notifications are unread (the bell's number)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: UnreadCountSerializer, **error_responses(401)})
    def get(self, request: Request) -> Response:
        return Response({"unread_count": selectors.unread_count(recipient=authenticated_user(request))})


@extend_schema(tags=TAGS)
class MarkNotificationReadApi(APIView):
    """Mark one of your notifications read (again: no change); 404 for anyone else's."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: NotificationSerializer, **error_responses(401, 404)})
    def post(self, request: Request, pk: int) -> Response:
        reader = authenticated_user(request)
        notification = services.mark_notification_read(
            notification=selectors.access_notification(reader, pk), reader=reader
        )
        return Response(NotificationSerializer(notification).data)


@extend_schema(tags=TAGS)
class MarkAllNotificationsReadApi(APIView):
    """Mark every unread notification of yours read; answers how many were marked."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                name="MarkedRead", fields={"marked": serializers.IntegerField(min_value=0)}
            ),
            **error_responses(401),
        },
    )
    def post(self, request: Request) -> Response:
        return Response({"marked": services.mark_all_notifications_read(reader=authenticated_user(request))})


class EmailPreferencesSerializer(serializers.Serializer):
    by_email = serializers.DictField(
        child=serializers.BooleanField(),
        help_text=_(
            "For each kind (`meeting.requested`) or group (`meeting`), whether it also comes by "
            "e-mail. Reading answers every kind; writing changes only the topics named."
        ),
    )


@extend_schema(tags=TAGS)
class EmailPreferencesApi(APIView):
    """Which of your notices also come by e-mail (every kind does unless you turn it off)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: EmailPreferencesSerializer, **error_responses(401)})
    def get(self, request: Request) -> Response:
        return Response({"by_email": selectors.email_settings_of(authenticated_user(request))})

    @extend_schema(
        request=EmailPreferencesSerializer,
        responses={200: EmailPreferencesSerializer, **error_responses(400, 401)},
    )
    def put(self, request: Request) -> Response:
        params = EmailPreferencesSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        person = authenticated_user(request)
        services.set_email_preferences(person=person, choices=params.validated_data["by_email"])
        return Response({"by_email": selectors.email_settings_of(person)})
