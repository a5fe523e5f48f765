"""REST API for members, fees and the caller's own account."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts import selectors
from accounts.auth import authenticated_user
from accounts.enums import Category
from accounts.fees import FeeQuote, MissingFeeDataError, fee_for
from accounts.filters import OrganisationFilter
from accounts.models import Organisation, User
from accounts.services.organisations import create_organisation, update_organisation
from accounts.services.people import request_sign_up, update_profile
from common.api import CheckEditAccessFirstMixin, updated_instance
from common.schema import error_responses


class OrganisationSerializer(serializers.ModelSerializer):
    country_name = serializers.CharField(source="country.name", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id", "slug", "name", "category", "kind", "country", "country_name", "region", "website",
            "logo_url", "description", "population", "gdp_per_capita_ppp", "employee_count", "source",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "slug", "source", "created_at", "updated_at"]
        # The database is the judge of uniqueness (services run full_clean); skip DRF's own copy.
        validators: list[Any] = []


class FeeQuoteSerializer(serializers.Serializer):
    amount_usd = serializers.IntegerField()
    currency = serializers.CharField(default="USD")
    category = serializers.CharField()
    basis = serializers.CharField()

    @staticmethod
    def of(quote: FeeQuote) -> dict[str, Any]:
        return {
            "amount_usd": quote.amount_usd,
            "currency": "USD",
            "category": quote.category,
            "basis": quote.basis,
        }


class IsStaffOrReadOnly(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action == "create":
            return bool(request.user and request.user.is_staff)
        return bool(request.user and request.user.is_authenticated)


@extend_schema(tags=["members"])
class OrganisationViewSet(
    CheckEditAccessFirstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The member directory. Anyone reads; organisation admins edit their own; staff add members."""

    serializer_class = OrganisationSerializer
    permission_classes = [IsStaffOrReadOnly]
    filterset_class = OrganisationFilter
    search_fields = ["name"]
    ordering_fields = ["name", "country", "region", "created_at"]

    def get_queryset(self) -> Any:
        if self.action == "list":
            return selectors.organisation_directory()
        # A demo provider is no member, but its solutions name it: it stays readable by id.
        return Organisation.objects.all()

    @extend_schema(responses={201: OrganisationSerializer, **error_responses(400, 401, 403)})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    @extend_schema(responses={200: OrganisationSerializer, **error_responses(400, 401, 403, 404)})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().update(request, *args, **kwargs)

    @extend_schema(responses={200: OrganisationSerializer, **error_responses(400, 401, 403, 404)})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    def access_for_edit(self, pk: int) -> Organisation:
        return selectors.access_organisation_for_edit(self.request.user, pk)

    def perform_create(self, serializer: BaseSerializer[Organisation]) -> None:
        serializer.instance = create_organisation(
            actor=authenticated_user(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer: BaseSerializer[Organisation]) -> None:
        serializer.instance = update_organisation(
            organisation=updated_instance(serializer),
            actor=authenticated_user(self.request),
            **serializer.validated_data,
        )

    @extend_schema(responses={200: FeeQuoteSerializer, **error_responses(400, 404)})
    @action(detail=True, methods=["get"])
    def fee(self, request: Request, pk: str | None = None) -> Response:
        """This member's annual fee, from the brochure's tables."""
        try:
            quote = selectors.organisation_fee(self.get_object())
        except MissingFeeDataError as exc:
            raise DjangoValidationError(exc.fields) from exc
        return Response(FeeQuoteSerializer.of(quote))


class FeeQuoteApi(APIView):
    """Compute a membership fee from raw inputs (the fee calculator)."""

    permission_classes = [permissions.AllowAny]

    class InputSerializer(serializers.Serializer):
        category = serializers.ChoiceField(choices=Category.choices)
        gdp_per_capita_ppp = serializers.DecimalField(
            max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
        )
        population = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        employee_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)

    @extend_schema(
        tags=["members"],
        parameters=[InputSerializer],
        responses={200: FeeQuoteSerializer, **error_responses(400)},
        operation_id="fees_quote",
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            quote = fee_for(
                category=values["category"],
                gdp_per_capita=values.get("gdp_per_capita_ppp"),
                population=values.get("population"),
                employee_count=values.get("employee_count"),
            )
        except MissingFeeDataError as exc:
            raise DjangoValidationError(exc.fields) from exc
        return Response(FeeQuoteSerializer.of(quote))


class MeSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True, allow_null=True)
    # Empty when no change waits: a plain string, not the model's e-mail format ("" is no address).
    pending_email = serializers.CharField(
        read_only=True,
        help_text=_("The new e-mail address waiting for its link to be opened; empty if none."),
    )

    class Meta:
        model = User
        fields = [
            "id", "username", "email", "first_name", "last_name", "job_title", "time_zone", "language",
            "organisation", "organisation_role", "is_staff", "email_verified", "pending_email",
        ]  # fmt: skip
        # A new `email` waits in `pending_email` until its link is opened (`update_profile`).
        read_only_fields = [
            "id", "username", "organisation", "organisation_role", "is_staff",
            "email_verified", "pending_email",
        ]  # fmt: skip
        validators: list[Any] = []
        extra_kwargs: dict[str, dict[str, Any]] = {"email": {"validators": []}}


class MeApi(APIView):
    """The caller's own profile."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=["accounts"], responses={200: MeSerializer, **error_responses(401)})
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        tags=["accounts"], request=MeSerializer, responses={200: MeSerializer, **error_responses(400, 401)}
    )
    def patch(self, request: Request) -> Response:
        data = MeSerializer(request.user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = update_profile(user=authenticated_user(request), **data.validated_data)
        return Response(MeSerializer(user).data)


# The one answer to a sign-up, taken or not.
SIGN_UP_SENT = _("Check your inbox: we sent an e-mail to the address given. Open its link to go on.")


class SignUpApi(APIView):
    """Ask for an account: always 202 with the same answer, whether the address has an account or
    not (issue 15). A new address gets an e-mail with the link that finishes the sign-up on the
    site (username and password are chosen there); an address with an account gets a notice with a
    link to log in or reset the password. `asks_to_join` files a join request once the account is
    made. Then `POST /api/v1/auth/token/` gives an API token."""

    throttle_scope = "signup"
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []

    class SignUpInputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        first_name = serializers.CharField(max_length=150, required=False, default="")
        last_name = serializers.CharField(max_length=150, required=False, default="")
        time_zone = serializers.CharField(max_length=64, required=False, default="UTC")
        asks_to_join = serializers.PrimaryKeyRelatedField(
            queryset=selectors.member_organisations(),
            required=False,
            allow_null=True,
            help_text=_("An organisation to ask to join; its admins (or staff) decide."),
        )

    class SignUpOutputSerializer(serializers.Serializer):
        detail = serializers.CharField()

    @extend_schema(
        tags=["accounts"],
        request=SignUpInputSerializer,
        responses={202: SignUpOutputSerializer, **error_responses(400, 429)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = self.SignUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        request_sign_up(**data.validated_data)
        return Response({"detail": str(SIGN_UP_SENT)}, status=status.HTTP_202_ACCEPTED)
