"""REST API for city needs: the filtered board, and create/edit by the city's own people or staff."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.auth import authenticated_user
from accounts.enums import Category, Region
from accounts.selectors import member_organisations
from cities import selectors
from cities.enums import NeedStatus, NeedTimeline, NeedVisibility
from cities.models import Need
from cities.services.needs import create_need, update_need
from common import languages as product_languages
from common.api import CheckEditAccessFirstMixin, IsAuthenticatedToWrite, updated_instance
from common.schema import error_responses
from solutions.enums import Sector


class NeedTranslationSerializer(serializers.Serializer):
    language = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)


class NeedSerializer(serializers.ModelSerializer):
    city = serializers.PrimaryKeyRelatedField(
        queryset=member_organisations().filter(category=Category.LOCAL_GOVERNMENT)
    )
    city_name = serializers.CharField(source="city.name", read_only=True)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    timeline = serializers.ChoiceField(choices=NeedTimeline.choices, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=NeedVisibility.choices, required=False)
    status = serializers.ChoiceField(choices=NeedStatus.choices, required=False)
    original_language = serializers.ChoiceField(
        choices=product_languages.CHOICES, required=False, help_text="The language of title and description."
    )
    # Entered on the need's edit page (issue 18); the reader's text is chosen by pages.
    translations = NeedTranslationSerializer(many=True, read_only=True)

    class Meta:
        model = Need
        fields = [
            "id", "slug", "city", "city_name", "title", "description", "sectors",
            "budget_min_usd", "budget_max_usd",
            "timeline", "visibility", "status", "original_language", "translations",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "slug", "created_at", "updated_at"]


class NeedFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    region = serializers.ChoiceField(choices=Region.choices, required=False)
    status = serializers.ChoiceField(choices=NeedStatus.choices, required=False)
    city = serializers.IntegerField(required=False, min_value=1)


@extend_schema(tags=["needs"])
class NeedViewSet(
    CheckEditAccessFirstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """City needs. Public ones for everyone, members-only ones for members; cities edit their own."""

    serializer_class = NeedSerializer
    permission_classes = [IsAuthenticatedToWrite]
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if self.action != "list":
            return selectors.needs_visible_to(self.request.user).prefetch_related("translations")
        params = NeedFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        queryset = selectors.needs_board(
            user=self.request.user,
            query=data.get("q", ""),
            sector=data.get("sector", ""),
            region=data.get("region", ""),
            status=data.get("status", ""),
        )
        if data.get("city"):
            queryset = queryset.filter(city_id=data["city"])
        return queryset.prefetch_related("translations")

    def access_for_edit(self, pk: int) -> Need:
        return selectors.access_need_for_edit(self.request.user, pk=pk)

    @extend_schema(parameters=[NeedFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={201: NeedSerializer, **error_responses(400, 401, 403)})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    @extend_schema(responses={200: NeedSerializer, **error_responses(400, 401, 403, 404)})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(responses={200: NeedSerializer, **error_responses(400, 401, 403, 404)})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer: BaseSerializer[Need]) -> None:
        serializer.instance = create_need(actor=authenticated_user(self.request), **serializer.validated_data)

    def perform_update(self, serializer: BaseSerializer[Need]) -> None:
        need = updated_instance(serializer)
        data = dict(serializer.validated_data)
        if "city" in data and data.pop("city") != need.city:
            raise ValidationError({"city": _("A need cannot move to another city.")})
        serializer.instance = update_need(need=need, actor=authenticated_user(self.request), **data)
