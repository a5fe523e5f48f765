"""REST API for membership applications: anyone applies; staff list, approve and reject; applicants
read their own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors
from accounts.api.members import FeeQuoteSerializer
from accounts.auth import authenticated_user
from accounts.enums import ApplicationStatus
from accounts.models import MembershipApplication, User
from accounts.services.applications import (
    APPLICATION_FIELDS,
    approve_membership_application,
    reject_membership_application,
    request_membership_application,
    submit_membership_application,
)
from common.fields import NOTE_LENGTH
from common.schema import error_responses

ORGANISATION_FIELDS = sorted(APPLICATION_FIELDS)
# The one answer to an application without an account, whether the address has one or not.
APPLICATION_SENT = _(
    "Check your inbox: we sent an e-mail to the address given. Open its link to send the application."
)


class ApplicantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email"]


class MembershipApplicationSerializer(serializers.ModelSerializer):
    applicant = ApplicantSerializer(read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    fee = serializers.SerializerMethodField()
    organisation_slug = serializers.CharField(
        source="organisation.slug", read_only=True, default=None, allow_null=True,
        help_text=_("The member organisation made on approval; null before."),
    )  # fmt: skip

    class Meta:
        model = MembershipApplication
        fields = [
            "id", "status", *ORGANISATION_FIELDS, "country_name", "contact_job_title", "applicant", "fee",
            "rejection_reason", "decided_at", "organisation", "organisation_slug", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(FeeQuoteSerializer(allow_null=True))
    def get_fee(self, application: MembershipApplication) -> dict[str, Any] | None:
        quote = selectors.application_fee(application)
        return FeeQuoteSerializer.of(quote) if quote else None


class ApplicationFieldsSerializer(serializers.ModelSerializer):
    """The organisation's fields as an applicant enters them (and staff correct them)."""

    class Meta:
        model = MembershipApplication
        fields = ORGANISATION_FIELDS
        validators: list[Any] = []  # the service validates the whole row


class SubmitApplicationSerializer(ApplicationFieldsSerializer):
    contact_job_title = serializers.CharField(max_length=120, required=False, default="")
    email = serializers.EmailField(
        required=False,
        help_text=_("Only when not logged in: where the link that sends the application goes."),
    )
    first_name = serializers.CharField(max_length=150, required=False, default="")
    last_name = serializers.CharField(max_length=150, required=False, default="")

    class Meta(ApplicationFieldsSerializer.Meta):
        fields = [*ORGANISATION_FIELDS, "contact_job_title", "email", "first_name", "last_name"]


class ApplicationSentSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ApproveApplicationSerializer(ApplicationFieldsSerializer):
    class Meta(ApplicationFieldsSerializer.Meta):
        extra_kwargs: dict[str, dict[str, Any]] = {name: {"required": False} for name in ORGANISATION_FIELDS}


class ApplicationsAccess(permissions.BasePermission):
    """Anyone may apply; reading needs a login (the list then holds only what the caller may see)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return view.action == "create" or bool(request.user and request.user.is_authenticated)


@extend_schema(tags=["membership applications"])
class MembershipApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Membership applications. Staff see all of them, an applicant their own."""

    serializer_class = MembershipApplicationSerializer
    permission_classes = [ApplicationsAccess]
    filterset_fields = ["status"]
    search_fields = ["organisation_name"]
    ordering_fields = ["created_at", "organisation_name"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return MembershipApplication.objects.none()
        return selectors.membership_applications_for(authenticated_user(self.request))

    def get_object(self) -> MembershipApplication:
        return selectors.access_membership_application(self.request.user, int(self.kwargs["pk"]))

    def get_throttles(self) -> list[Any]:
        # Applying e-mails whatever address is given: as rationed as signing up.
        if self.action == "create":
            self.throttle_scope = "signup"
        return super().get_throttles()

    @extend_schema(
        request=SubmitApplicationSerializer,
        responses={
            201: MembershipApplicationSerializer,
            202: ApplicationSentSerializer,
            **error_responses(400, 429),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Apply for membership. Logged in: you are the contact person, and the application is
        made (201). Otherwise give your `email` (and name): always 202 with the same answer, whether
        the address has an account or not (issue 15). A new address gets a link to the site, where
        the username and password are chosen and the application is sent to staff; an address with
        an account gets a notice to log in and apply from that account."""
        data = SubmitApplicationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        account = {name: values.pop(name, "") for name in ("email", "first_name", "last_name")}
        if not request.user.is_authenticated:
            if not account["email"]:
                raise serializers.ValidationError({"email": [_("Give your e-mail address, or log in.")]})
            request_membership_application(**account, **values)
            return Response({"detail": str(APPLICATION_SENT)}, status=status.HTTP_202_ACCEPTED)
        application = submit_membership_application(applicant=authenticated_user(request), **values)
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("status", enum=ApplicationStatus.values)],
        responses={200: MembershipApplicationSerializer(many=True), **error_responses(401)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: MembershipApplicationSerializer, **error_responses(401, 403, 404)})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)


class ApproveMembershipApplicationApi(APIView):
    """Staff approve an application, optionally correcting its fields first; the organisation becomes
    a member and the contact person its admin."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["membership applications"],
        request=ApproveApplicationSerializer,
        responses={200: MembershipApplicationSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = selectors.access_membership_application(request.user, pk)
        data = ApproveApplicationSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        approved = approve_membership_application(
            application=application, actor=authenticated_user(request), **data.validated_data
        )
        return Response(MembershipApplicationSerializer(approved).data)


class RejectMembershipApplicationApi(APIView):
    """Staff reject an application with a reason the applicant reads."""

    permission_classes = [permissions.IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=NOTE_LENGTH)

    @extend_schema(
        tags=["membership applications"],
        request=InputSerializer,
        responses={200: MembershipApplicationSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = selectors.access_membership_application(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rejected = reject_membership_application(
            application=application, actor=authenticated_user(request), reason=data.validated_data["reason"]
        )
        return Response(MembershipApplicationSerializer(rejected).data)
