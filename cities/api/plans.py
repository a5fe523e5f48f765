"""REST API for smart city plans: the filtered list, and create/edit/withdraw by the city's own people
or staff, goals (each published as a city need) and documents included."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.auth import authenticated_user
from accounts.enums import Category, Region
from accounts.selectors import member_organisations
from cities import selectors
from cities.enums import PlanVisibility
from cities.models import PlanGoal, SmartCityPlan
from cities.services.plans import create_plan, delete_plan, update_plan
from common.api import IsAuthenticatedToWrite, updated_instance
from common.fields import LONG_TEXT_LENGTH
from common.schema import error_responses
from solutions.enums import Sector


class PlanGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=gettext_lazy("An existing goal's id, to keep that goal and its need."),
    )
    title = serializers.CharField(max_length=200, min_length=3)
    description = serializers.CharField(max_length=LONG_TEXT_LENGTH)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    need = serializers.SerializerMethodField(
        help_text=gettext_lazy("The city need this goal is published as.")
    )

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}},
        }
    )
    def get_need(self, obj: PlanGoal) -> dict[str, Any] | None:
        return {"id": obj.need.pk, "slug": obj.need.slug} if obj.need is not None else None


class PlanDocumentSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    url = serializers.URLField(max_length=500)


class PlanSerializer(serializers.ModelSerializer):
    city = serializers.PrimaryKeyRelatedField(
        queryset=member_organisations().filter(category=Category.LOCAL_GOVERNMENT)
    )
    city_name = serializers.CharField(source="city.name", read_only=True)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    visibility = serializers.ChoiceField(choices=PlanVisibility.choices, required=False)
    goals = PlanGoalSerializer(
        many=True, required=False, help_text=gettext_lazy("Each goal is published as a city need.")
    )
    documents = PlanDocumentSerializer(many=True, required=False)

    class Meta:
        model = SmartCityPlan
        fields = [
            "id", "slug", "city", "city_name", "title", "summary", "sectors", "starts_on", "ends_on",
            "visibility", "goals", "documents", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "slug", "created_at", "updated_at"]


class PlanFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    region = serializers.ChoiceField(choices=Region.choices, required=False)
    city = serializers.IntegerField(required=False, min_value=1)


@extend_schema(tags=["plans"])
class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Smart city plans shared with the network. Public ones for everyone, members-only ones for
    members; a city's people write its plans, and every goal is kept in step with a city need."""

    serializer_class = PlanSerializer
    permission_classes = [IsAuthenticatedToWrite]
    filter_backends: list[Any] = []
    # Writes fetch through access_plan_for_edit before validating input: no right, no 400 (see
    # common.api.CheckEditAccessFirstMixin, whose get_object this one replaces to prefetch goals).
    edit_actions = ("update", "partial_update", "destroy")

    def get_queryset(self) -> Any:
        if self.action != "list":
            return selectors.plans_visible_to(self.request.user)
        params = PlanFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return selectors.plans_list(
            user=self.request.user,
            query=data.get("q", ""),
            sector=data.get("sector", ""),
            region=data.get("region", ""),
            city_id=data.get("city"),
        )

    def get_object(self) -> SmartCityPlan:
        if self.action in self.edit_actions:
            return self.access_for_edit(int(self.kwargs["pk"]))
        return selectors.access_plan(self.request.user, pk=int(self.kwargs["pk"]))

    def access_for_edit(self, pk: int) -> SmartCityPlan:
        return selectors.access_plan_for_edit(self.request.user, pk=pk)

    @extend_schema(parameters=[PlanFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: PlanSerializer, **error_responses(404)})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(responses={201: PlanSerializer, **error_responses(400, 401, 403)})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    @extend_schema(responses={200: PlanSerializer, **error_responses(400, 401, 403, 404)})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(responses={200: PlanSerializer, **error_responses(400, 401, 403, 404)})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().update(request, *args, **kwargs)

    @extend_schema(responses={204: None, **error_responses(401, 403, 404)})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Withdraw a plan; its goals' needs are closed, not deleted."""
        return super().destroy(request, *args, **kwargs)

    def perform_create(self, serializer: BaseSerializer[SmartCityPlan]) -> None:
        data = dict(serializer.validated_data)
        plan = create_plan(actor=authenticated_user(self.request), city=data.pop("city"), **data)
        serializer.instance = selectors.access_plan(self.request.user, pk=plan.pk)

    def perform_update(self, serializer: BaseSerializer[SmartCityPlan]) -> None:
        plan = updated_instance(serializer)
        data = dict(serializer.validated_data)
        if "city" in data and data.pop("city") != plan.city:
            raise ValidationError({"city": _("A plan cannot move to another city.")})
        update_plan(plan=plan, actor=authenticated_user(self.request), **data)
        serializer.instance = selectors.access_plan(self.request.user, pk=plan.pk)

    def perform_destroy(self, instance: SmartCityPlan) -> None:
        delete_plan(plan=instance, actor=authenticated_user(self.request))
