"""REST API for API tokens: log in for a token, list one's tokens, make one, revoke one or all, log out.

Tokens are django-rest-knox tokens (`accounts.models.ApiToken`): stored hashed, with an expiry. The
token itself is in the answer that makes it and never again; lists show its name and dates.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors
from accounts.auth import authenticated_user, has_second_factor, second_factor_required
from accounts.models import API_TOKEN_NAME_MAX_LENGTH, ApiToken, User
from accounts.services.second_factor import verify_second_factor
from accounts.services.tokens import (
    create_api_token,
    revoke_all_api_tokens,
    revoke_api_token,
)
from common.schema import error_responses

TAGS = ["auth"]


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "created", "expiry", "last_used"]
        read_only_fields = fields


class NewApiTokenSerializer(serializers.Serializer):
    """A token just made: `token` is shown this once."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField()
    token = serializers.CharField(help_text=_("Send as `Authorization: Token <token>`. Shown only once."))


class TokenChoiceSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=API_TOKEN_NAME_MAX_LENGTH, required=False, default="API")
    expires_in_days = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text=_(
            "Lifetime in days; API_TOKEN_TTL_DAYS (30) when left out, at most API_TOKEN_MAX_TTL_DAYS."
        ),
    )


def new_token_body(token: ApiToken, key: str) -> dict[str, Any]:
    body = {
        "id": token.pk,
        "name": token.name,
        "created": token.created,
        "expiry": token.expiry,
        "token": key,
    }
    return dict(NewApiTokenSerializer(body).data)


class ObtainTokenApi(APIView):
    """Exchange a username and password for a new token (one per call: one per device or script).

    Wrong passwords count towards the same lock-out as the login page (django-axes: per username and
    address; 429 with Retry-After while locked, even with the right password). Staff, organisation
    admins and anyone who turned on a second factor also send `otp_token`, a code from their
    authenticator app (or a backup code); staff and admins without one set it up on the site first.
    So a stolen password alone never yields a privileged token."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    throttle_scope = "login"

    class ObtainTokenInputSerializer(TokenChoiceSerializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=4096, write_only=True, style={"input_type": "password"})
        otp_token = serializers.CharField(
            max_length=16,
            required=False,
            default="",
            help_text=_("Second-factor code; required for staff, organisation admins and anyone with one."),
        )

    @extend_schema(
        tags=TAGS,
        request=ObtainTokenInputSerializer,
        responses={201: NewApiTokenSerializer, **error_responses(400, 429)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = self.ObtainTokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = authenticate(request=request, username=values["username"], password=values["password"])
        if getattr(request, "axes_locked_out", False):
            cool_off = get_cool_off(request) or settings.AXES_COOLOFF_TIME
            raise exceptions.Throttled(
                wait=cool_off.total_seconds(),
                detail=gettext("Too many failed logins for this username from here."),
            )
        if not isinstance(user, User):  # None: wrong credentials (the check also narrows the type)
            raise exceptions.ValidationError(
                {"non_field_errors": [gettext("Unable to log in with the provided credentials.")]}
            )
        _check_second_factor(user, values["otp_token"])
        token, key = create_api_token(
            user=user,
            name=values["name"],
            expires_in_days=values["expires_in_days"],
        )
        return Response(new_token_body(token, key), status=status.HTTP_201_CREATED)


def _check_second_factor(user: User, otp_token: str) -> None:
    """Staff, organisation admins and anyone with a second factor give its code with their password."""
    if not (second_factor_required(user) or has_second_factor(user)):
        return
    if not has_second_factor(user):
        raise DjangoValidationError(
            {"otp_token": gettext("Set up a second factor on the site first (Your profile, Security).")}
        )
    if not otp_token:
        raise DjangoValidationError({"otp_token": gettext("Your second-factor code is required.")})
    try:
        verify_second_factor(user=user, token=otp_token)
    except DjangoValidationError as exc:
        raise DjangoValidationError({"otp_token": exc.message_dict["token"]}) from exc


class ApiTokensApi(generics.ListAPIView):
    """The caller's working tokens (GET), or a new one (POST)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()  # for the schema; get_queryset is the caller's

    def get_queryset(self) -> QuerySet[ApiToken]:
        return selectors.api_tokens_of(person=authenticated_user(self.request))

    @extend_schema(tags=TAGS, responses={200: ApiTokenSerializer(many=True), **error_responses(401)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        request=TokenChoiceSerializer,
        responses={201: NewApiTokenSerializer, **error_responses(400, 401)},
    )
    def post(self, request: Request) -> Response:
        data = TokenChoiceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = create_api_token(user=authenticated_user(request), **data.validated_data)
        return Response(new_token_body(token, key), status=status.HTTP_201_CREATED)


class ApiTokenApi(APIView):
    """Revoke one of the caller's tokens (another person's is a 404)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, request=None, responses={204: None, **error_responses(401, 404)})
    def delete(self, request: Request, pk: int) -> Response:
        revoke_api_token(user=authenticated_user(request), token_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RevokedCountSerializer(serializers.Serializer):
    revoked = serializers.IntegerField(help_text=_("How many tokens were revoked."))


class RevokeAllApiTokensApi(APIView):
    """Revoke every token of the caller, the one of this request included."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, request=None, responses={200: RevokedCountSerializer, **error_responses(401)})
    def post(self, request: Request) -> Response:
        return Response({"revoked": revoke_all_api_tokens(user=authenticated_user(request))})


class LogoutApi(APIView):
    """Revoke the token this request was made with (no effect for a browser session)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, request=None, responses={204: None, **error_responses(401)})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            revoke_api_token(user=authenticated_user(request), token_id=request.auth.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
