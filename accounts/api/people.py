"""REST API for joining organisations: join requests, an organisation's people, invitations.

The same services and permission rules as the people pages: 403/404 for someone else's
organisation, 409 for a decision already taken, 404/410 for an unusable invitation link.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors
from accounts.auth import authenticated_user
from accounts.enums import OrganisationRole
from accounts.models import Invitation, JoinRequest, Organisation, User
from accounts.selectors import member_organisations
from accounts.services.invitations import (
    accept_invitation,
    invite_colleague,
    register_from_invitation,
    resend_invitation,
    revoke_invitation,
)
from accounts.services.joining import (
    appoint_admin,
    approve_join_request,
    change_role,
    decline_join_request,
    remove_person,
    request_to_join,
    withdraw_join_request,
)
from accounts.services.tokens import create_api_token
from common.schema import error_responses

TAGS = ["people"]


class OrganisationPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "job_title", "organisation_role"]
        read_only_fields = fields


class JoinRequestSerializer(serializers.ModelSerializer):
    person = OrganisationPersonSerializer(read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = JoinRequest
        fields = [
            "id", "person", "organisation", "organisation_name", "as_admin", "status", "decided_at", "reason",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class InvitationSerializer(serializers.ModelSerializer):
    invited_by: serializers.Field[Any, Any, Any, Any] = serializers.StringRelatedField()

    class Meta:
        model = Invitation
        fields = ["id", "organisation", "email", "role", "invited_by", "created_at", "expires_at"]
        read_only_fields = fields


def _organisation_for_people(request: Request, organisation_id: int) -> Organisation:
    return selectors.access_organisation_people(request.user, organisation_id)


class MyJoinRequestsApi(generics.ListAPIView):
    """The caller's join requests (GET), or a new one (POST)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = JoinRequestSerializer
    queryset = JoinRequest.objects.none()  # for the schema; get_queryset is the caller's

    class NewJoinRequestInputSerializer(serializers.Serializer):
        organisation = serializers.PrimaryKeyRelatedField(queryset=member_organisations())
        as_admin = serializers.BooleanField(required=False, default=False)

    def get_queryset(self) -> QuerySet[JoinRequest]:
        return selectors.join_requests_of(person=authenticated_user(self.request)).select_related("person")

    @extend_schema(tags=TAGS, responses={200: JoinRequestSerializer(many=True), **error_responses(401)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        request=NewJoinRequestInputSerializer,
        responses={201: JoinRequestSerializer, **error_responses(400, 401)},
    )
    def post(self, request: Request) -> Response:
        data = self.NewJoinRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        join_request = request_to_join(person=authenticated_user(request), **data.validated_data)
        return Response(JoinRequestSerializer(join_request).data, status=status.HTTP_201_CREATED)


class JoinRequestDecisionApi(APIView):
    """Approve, decline (with an optional reason) or, for its person, withdraw a pending request."""

    permission_classes = [permissions.IsAuthenticated]

    class JoinRequestDecisionInputSerializer(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")

    @extend_schema(
        tags=TAGS,
        request=JoinRequestDecisionInputSerializer,
        responses={200: JoinRequestSerializer, **error_responses(400, 401, 403, 404, 409)},
        operation_id="join_requests_decide",
    )
    def post(self, request: Request, pk: int, decision: str) -> Response:
        if decision not in ("approve", "decline", "withdraw"):
            raise exceptions.NotFound()
        join_request = selectors.access_join_request(request.user, pk)
        actor = authenticated_user(request)
        if decision == "approve":
            decided = approve_join_request(join_request=join_request, actor=actor)
        elif decision == "decline":
            data = self.JoinRequestDecisionInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            decided = decline_join_request(
                join_request=join_request, actor=actor, reason=data.validated_data["reason"]
            )
        else:
            decided = withdraw_join_request(join_request=join_request, actor=actor)
        return Response(JoinRequestSerializer(decided).data)


class OrganisationJoinRequestsApi(generics.ListAPIView):
    """An organisation's pending join requests (its admins; staff)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = JoinRequestSerializer
    queryset = JoinRequest.objects.none()  # for the schema; get_queryset is the organisation's

    def get_queryset(self) -> QuerySet[JoinRequest]:
        organisation = _organisation_for_people(self.request, self.kwargs["pk"])
        return selectors.pending_join_requests(organisation=organisation)

    @extend_schema(
        tags=TAGS, responses={200: JoinRequestSerializer(many=True), **error_responses(401, 403, 404)}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class OrganisationPeopleApi(generics.ListAPIView):
    """An organisation's people with their roles (its admins; staff)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = OrganisationPersonSerializer
    queryset = User.objects.none()  # for the schema; get_queryset is the organisation's

    def get_queryset(self) -> QuerySet[User]:
        organisation = _organisation_for_people(self.request, self.kwargs["pk"])
        return selectors.people_with_admin_flag(organisation=organisation)

    @extend_schema(
        tags=TAGS, responses={200: OrganisationPersonSerializer(many=True), **error_responses(401, 403, 404)}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class OrganisationPersonApi(APIView):
    """Change someone's role (PATCH) or remove them from the organisation (DELETE)."""

    permission_classes = [permissions.IsAuthenticated]

    class RoleChangeInputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=OrganisationRole.choices)

    def _target(self, request: Request, pk: int, user_id: int) -> tuple[Organisation, User]:
        organisation = _organisation_for_people(request, pk)
        return organisation, get_object_or_404(User, pk=user_id, organisation=organisation)

    @extend_schema(
        tags=TAGS,
        request=RoleChangeInputSerializer,
        responses={200: OrganisationPersonSerializer, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, pk: int, user_id: int) -> Response:
        organisation, person = self._target(request, pk, user_id)
        data = self.RoleChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = change_role(
            organisation=organisation,
            person=person,
            role=data.validated_data["role"],
            actor=authenticated_user(request),
        )
        return Response(OrganisationPersonSerializer(changed).data)

    @extend_schema(tags=TAGS, responses={204: None, **error_responses(400, 401, 403, 404)})
    def delete(self, request: Request, pk: int, user_id: int) -> Response:
        organisation, person = self._target(request, pk, user_id)
        remove_person(organisation=organisation, person=person, actor=authenticated_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AppointAdminApi(APIView):
    """Staff appoint an organisation's admin: one of its people, or someone asking to join it."""

    permission_classes = [permissions.IsAuthenticated]

    class AppointAdminInputSerializer(serializers.Serializer):
        person = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))

    @extend_schema(
        tags=TAGS,
        request=AppointAdminInputSerializer,
        responses={200: OrganisationPersonSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        organisation = get_object_or_404(Organisation, pk=pk)
        actor = authenticated_user(request)
        if not actor.is_staff:  # before the input: no 400 that reveals the field rules
            raise exceptions.PermissionDenied(_("Only association staff appoint admins."))
        data = self.AppointAdminInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = appoint_admin(organisation=organisation, person=data.validated_data["person"], actor=actor)
        return Response(OrganisationPersonSerializer(person).data)


class OrganisationInvitationsApi(generics.ListAPIView):
    """An organisation's open invitations (GET) or a new one (POST); its admins."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = InvitationSerializer
    queryset = Invitation.objects.none()  # for the schema; get_queryset is the organisation's

    class NewInvitationInputSerializer(serializers.Serializer):
        email = serializers.EmailField()

    def _organisation(self) -> Organisation:
        organisation = _organisation_for_people(self.request, self.kwargs["pk"])
        if not selectors.can_manage_people(self.request.user, organisation):
            raise exceptions.PermissionDenied(_("Only this organisation's admins invite people."))
        return organisation

    def get_queryset(self) -> QuerySet[Invitation]:
        return selectors.open_invitations(organisation=self._organisation())

    @extend_schema(
        tags=TAGS, responses={200: InvitationSerializer(many=True), **error_responses(401, 403, 404)}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        request=NewInvitationInputSerializer,
        responses={201: InvitationSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        organisation = self._organisation()
        data = self.NewInvitationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = invite_colleague(
            organisation=organisation,
            email=data.validated_data["email"],
            invited_by=authenticated_user(request),
        )
        return Response(InvitationSerializer(issued.invitation).data, status=status.HTTP_201_CREATED)


class InvitationActionApi(APIView):
    """Re-send (new link, new week) or revoke an open invitation."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAGS, request=None, responses={200: InvitationSerializer, **error_responses(401, 403, 404, 409)}
    )
    def post(self, request: Request, pk: int, action: str) -> Response:
        if action not in ("resend", "revoke"):
            raise exceptions.NotFound()
        invitation = selectors.access_invitation_for_management(request.user, pk)
        actor = authenticated_user(request)
        if action == "resend":
            invitation = resend_invitation(invitation=invitation, actor=actor).invitation
        else:
            invitation = revoke_invitation(invitation=invitation, actor=actor)
        return Response(InvitationSerializer(invitation).data)


class AcceptInvitationApi(APIView):
    """The signed-in person with the invited address joins the organisation."""

    permission_classes = [permissions.IsAuthenticated]

    class AcceptInvitationInputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=200)

    @extend_schema(
        tags=TAGS,
        request=AcceptInvitationInputSerializer,
        responses={200: OrganisationPersonSerializer, **error_responses(400, 401, 403, 404, 410)},
    )
    def post(self, request: Request) -> Response:
        data = self.AcceptInvitationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = accept_invitation(token=data.validated_data["token"], user=authenticated_user(request))
        return Response(OrganisationPersonSerializer(person).data)


class InvitationSignUpApi(APIView):
    """Create an account straight into the inviting organisation; the address is the invitation's."""

    throttle_scope = "signup"
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []

    class InvitationSignUpInputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=200)
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(write_only=True, style={"input_type": "password"})
        first_name = serializers.CharField(max_length=150, required=False, default="")
        last_name = serializers.CharField(max_length=150, required=False, default="")
        time_zone = serializers.CharField(max_length=64, required=False, default="UTC")

    class InvitationSignUpOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        username = serializers.CharField()
        organisation = serializers.IntegerField()
        token = serializers.CharField()

    @extend_schema(
        tags=TAGS,
        request=InvitationSignUpInputSerializer,
        responses={201: InvitationSignUpOutputSerializer, **error_responses(400, 404, 410, 429)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = self.InvitationSignUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = register_from_invitation(**data.validated_data)
        _token, key = create_api_token(user=user, name="Sign-up")
        body = {
            "id": user.pk,
            "username": user.username,
            "organisation": user.organisation_id,
            "token": key,
        }
        return Response(body, status=status.HTTP_201_CREATED)
