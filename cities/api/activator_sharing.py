"""REST API for who sees a city's Activator results: the city's people list, share and revoke.

The same services as the Activator's sharing page (`cities.services.activator_sharing`). Only the
city's own people use these operations (403 for anyone else); providers read the results they are
shared through `GET /api/v1/activator/responses/?city=<id>`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from accounts.enums import Category
from accounts.models import Organisation
from accounts.selectors import member_organisations
from cities import selectors
from cities.models import ActivatorResultShare
from cities.services.activator_sharing import (
    revoke_activator_share,
    share_activator_results,
    share_activator_results_on_proposal,
)
from common.schema import error_responses
from projects.selectors import access_proposal

TAGS = ["activator"]


class ActivatorShareSerializer(serializers.ModelSerializer[ActivatorResultShare]):
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = ActivatorResultShare
        fields = [
            "id", "city", "provider", "provider_name", "source", "proposal", "meeting",
            "created_at", "ended_at", "end_reason",
        ]  # fmt: skip
        read_only_fields = fields


def _own_city(request: Request) -> Organisation:
    user = authenticated_user(request)
    city = user.organisation
    if city is None or not selectors.can_share_activator_results(user, city):
        raise PermissionDenied(_("Only a city's own people decide who sees its Activator results."))
    return city


class ActivatorSharesApi(generics.ListAPIView):
    """Who sees your city's Activator results now (its active shares), and sharing them with a provider."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ActivatorShareSerializer
    queryset = ActivatorResultShare.objects.none()  # for the schema; get_queryset is the city's

    class ShareInputSerializer(serializers.Serializer):
        provider = serializers.PrimaryKeyRelatedField(
            queryset=member_organisations().filter(category=Category.CORPORATION),
            help_text=gettext_lazy("The corporate member (provider) whose people will see your results."),
        )
        proposal = serializers.IntegerField(
            required=False,
            min_value=1,
            help_text=gettext_lazy(
                "A proposal of your city with this provider: the share then ends with it."
            ),
        )

    def get_queryset(self) -> Any:
        return selectors.activator_shares_of_city(city_id=_own_city(self.request).pk)

    @extend_schema(
        tags=TAGS, responses={200: ActivatorShareSerializer(many=True), **error_responses(401, 403)}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        request=ShareInputSerializer,
        responses={201: ActivatorShareSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        city = _own_city(request)
        data = self.ShareInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actor, provider = authenticated_user(request), data.validated_data["provider"]
        proposal_id = data.validated_data.get("proposal")
        if proposal_id is None:
            share = share_activator_results(actor=actor, city=city, provider=provider)
        else:
            proposal = access_proposal(actor, proposal_id)
            [share] = share_activator_results_on_proposal(
                actor=actor, proposal=proposal, providers=[provider]
            )
        return Response(ActivatorShareSerializer(share).data, status=status.HTTP_201_CREATED)


class ActivatorShareRevokeApi(APIView):
    """Stop sharing: the provider loses access at once (404 for a share that is not your city's)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={200: ActivatorShareSerializer, **error_responses(401, 403, 404)},
        operation_id="activator_shares_revoke",
    )
    def post(self, request: Request, pk: int) -> Response:
        share = selectors.access_activator_share_for_revoke(request.user, pk)
        revoked = revoke_activator_share(actor=authenticated_user(request), share=share)
        return Response(ActivatorShareSerializer(revoked).data)
