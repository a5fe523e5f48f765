"""REST API for city needs, the City Activator and smart city plans."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.enums import Category, Region
from accounts.models import Organisation
from cities import activator, recommendations, selectors, services
from cities.enums import NeedStatus, NeedTimeline, NeedVisibility, PlanVisibility
from cities.models import Need, PlanGoal, SmartCityPlan, Survey, SurveyResponse
from common.api import CheckEditAccessFirstMixin, IsAuthenticatedToWrite
from common.schema import error_responses
from matchmaking.api import RecommendedSolutionSerializer
from solutions.enums import Sector


class NeedSerializer(serializers.ModelSerializer):
    city = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(category=Category.LOCAL_GOVERNMENT)
    )
    city_name = serializers.CharField(source="city.name", read_only=True)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    timeline = serializers.ChoiceField(choices=NeedTimeline.choices, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=NeedVisibility.choices, required=False)
    status = serializers.ChoiceField(choices=NeedStatus.choices, required=False)

    class Meta:
        model = Need
        fields = [
            "id", "slug", "city", "city_name", "title", "description", "sectors",
            "budget_min_usd", "budget_max_usd",
            "timeline", "visibility", "status", "created_at", "updated_at",
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
            return selectors.needs_visible_to(self.request.user)
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
        return queryset

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

    def perform_create(self, serializer: NeedSerializer) -> None:
        serializer.instance = services.create_need(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer: NeedSerializer) -> None:
        need = serializer.instance
        data = dict(serializer.validated_data)
        if "city" in data and data.pop("city") != need.city:
            raise ValidationError({"city": "A need cannot move to another city."})
        serializer.instance = services.update_need(need=need, actor=self.request.user, **data)


# --- City Activator -------------------------------------------------------------------------------


class StageSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    lower = serializers.FloatField(help_text="Lowest score of the stage (inclusive).")
    upper = serializers.FloatField(allow_null=True, help_text="Upper edge (exclusive); null for the last.")


class AnswerOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    grade = serializers.IntegerField(help_text="0 (nothing in place) to 4 (leading practice).")


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    help_text = serializers.CharField()
    weight = serializers.IntegerField()
    options = AnswerOptionSerializer(many=True)


class DimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    sectors = serializers.ListField(child=serializers.CharField())
    esg_dimensions = serializers.ListField(child=serializers.CharField())
    tags = serializers.ListField(child=serializers.CharField())
    questions = QuestionSerializer(many=True)


class SurveySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    introduction = serializers.CharField()
    published_at = serializers.DateTimeField()
    dimensions = DimensionSerializer(many=True)
    stages = serializers.SerializerMethodField()

    @extend_schema_field(StageSerializer(many=True))
    def get_stages(self, obj: Survey) -> list[dict[str, Any]]:
        return StageSerializer(activator.STAGES, many=True).data


class SurveyApi(APIView):
    """The questionnaire cities answer now (newest published version), with the stages it scores to."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=["activator"], responses={200: SurveySerializer, **error_responses(404)})
    def get(self, request: Request) -> Response:
        survey = selectors.current_survey()
        if survey is None:
            raise NotFound("No questionnaire is published.")
        return Response(SurveySerializer(survey).data)


class DimensionScoreSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField(help_text="0 to 100: the weighted mean grade of its answers.")
    stage = serializers.SerializerMethodField()

    def get_stage(self, obj: dict[str, Any]) -> int:
        return activator.stage_for(float(obj["score"])).number


class SurveyAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id", allow_null=True)
    question_text = serializers.CharField()
    option = serializers.IntegerField(source="option_id", allow_null=True)
    answer_label = serializers.CharField()
    dimension_key = serializers.CharField()
    grade = serializers.IntegerField()
    weight = serializers.IntegerField()


class SurveyResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    survey = serializers.IntegerField(source="survey_id")
    survey_version = serializers.IntegerField(source="survey.version")
    city = serializers.IntegerField(source="city_id")
    city_name = serializers.CharField(source="city.name")
    overall_score = serializers.FloatField()
    stage = StageSerializer(source="stage_info")
    dimension_scores = DimensionScoreSerializer(many=True)
    created_at = serializers.DateTimeField()


class SurveyResponseDetailSerializer(SurveyResponseSerializer):
    answers = serializers.SerializerMethodField()

    @extend_schema_field(SurveyAnswerSerializer(many=True))
    def get_answers(self, obj: SurveyResponse) -> list[dict[str, Any]]:
        return SurveyAnswerSerializer(selectors.answers_of_response(response=obj), many=True).data


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1)
    option = serializers.IntegerField(min_value=1)


class SubmitResponseSerializer(serializers.Serializer):
    survey = serializers.PrimaryKeyRelatedField(
        queryset=Survey.objects.all(), help_text="The version answered (GET /activator/survey/)."
    )
    answers = AnswerInputSerializer(
        many=True, help_text="One answer per question; a missing one is reported as `question_<id>`."
    )

    def validate_answers(self, answers: list[dict[str, int]]) -> list[dict[str, int]]:
        counts = Counter(a["question"] for a in answers)
        twice = sorted(question for question, n in counts.items() if n > 1)
        if twice:
            raise serializers.ValidationError(f"Answered more than once: {', '.join(map(str, twice))}.")
        return answers


class ResponseFilterSerializer(serializers.Serializer):
    city = serializers.IntegerField(
        required=False, min_value=1, help_text="A city whose results you may see; default: your own city."
    )


class GapSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


class ActivatorRecommendedSolutionSerializer(RecommendedSolutionSerializer):
    url = serializers.SerializerMethodField(
        help_text="The solution page, marked as followed from a recommendation."
    )

    def get_url(self, obj: Any) -> str:
        return reverse("frontend:solution", args=[obj.item.slug]) + "?via=recommendation"


class PeerBestCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    city = serializers.IntegerField(source="city_id")
    city_name = serializers.CharField(source="city.name")
    solution = serializers.IntegerField(source="solution_id")
    solution_title = serializers.CharField(source="solution.title")


class WeakDimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField()
    stage = serializers.IntegerField(source="stage.number")
    gaps = serializers.SerializerMethodField()
    query = serializers.CharField(help_text="The text the matching engine ranked solutions for.")
    solutions = ActivatorRecommendedSolutionSerializer(many=True)
    best_cases = PeerBestCaseSerializer(many=True, help_text="From peer cities: same region and size.")

    @extend_schema_field(GapSerializer(many=True))
    def get_gaps(self, obj: recommendations.WeakDimension) -> list[dict[str, str]]:
        return [{"question": q, "answer": a} for q, a in obj.gaps]


@extend_schema(tags=["activator"])
class SurveyResponseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Activator results. A city's answers and results are visible to its own people, the providers on
    a project proposal with it, and staff; its people submit new responses (retake at any time)."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list[Any] = []

    def get_serializer_class(self) -> Any:
        return SurveyResponseDetailSerializer if self.action == "retrieve" else SurveyResponseSerializer

    def get_queryset(self) -> Any:
        params = ResponseFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        city_id = params.validated_data.get("city")
        if city_id:
            city = selectors.access_activator_city(self.request.user, city_id)
            return selectors.survey_responses_of_city(city_id=city.pk)
        return selectors.survey_responses_visible_to(self.request.user)

    def get_object(self) -> SurveyResponse:
        return selectors.access_survey_response(self.request.user, int(self.kwargs["pk"]))

    @extend_schema(
        parameters=[ResponseFilterSerializer], responses={200: SurveyResponseSerializer(many=True)}
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: SurveyResponseDetailSerializer, **error_responses(401, 403, 404)})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=SubmitResponseSerializer,
        responses={201: SurveyResponseDetailSerializer, **error_responses(400, 401, 403)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit a response of your city: every question answered, or 400 naming each missing one."""
        params = SubmitResponseSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        response = services.submit_survey_response(
            actor=request.user,
            survey=data["survey"],
            answers={a["question"]: a["option"] for a in data["answers"]},
        )
        response = selectors.access_survey_response(request.user, response.pk)
        return Response(SurveyResponseDetailSerializer(response).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            200: OpenApiResponse(
                WeakDimensionSerializer(many=True),
                description="The weakest dimensions, lowest first, with solutions from the matching engine.",
            ),
            **error_responses(401, 403, 404),
        }
    )
    @action(detail=True, methods=["get"])
    def recommendations(self, request: Request, pk: str | None = None) -> Response:
        """What would make the city smarter: for each weakest dimension, ranked solutions and best cases."""
        response = self.get_object()
        weak = recommendations.weak_dimensions_with_recommendations(response=response, user=request.user)
        return Response(WeakDimensionSerializer(weak, many=True).data)


# --- Smart city plans -----------------------------------------------------------------------------


class PlanGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False, min_value=1, help_text="An existing goal's id, to keep that goal and its need."
    )
    title = serializers.CharField(max_length=200, min_length=3)
    description = serializers.CharField()
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    need = serializers.SerializerMethodField(help_text="The city need this goal is published as.")

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}},
        }
    )
    def get_need(self, obj: PlanGoal) -> dict[str, Any] | None:
        return {"id": obj.need.pk, "slug": obj.need.slug} if obj.need_id else None


class PlanDocumentSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    url = serializers.URLField(max_length=500)


class PlanSerializer(serializers.ModelSerializer):
    city = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(category=Category.LOCAL_GOVERNMENT)
    )
    city_name = serializers.CharField(source="city.name", read_only=True)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    visibility = serializers.ChoiceField(choices=PlanVisibility.choices, required=False)
    goals = PlanGoalSerializer(many=True, required=False, help_text="Each goal is published as a city need.")
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

    def perform_create(self, serializer: PlanSerializer) -> None:
        data = dict(serializer.validated_data)
        plan = services.create_plan(actor=self.request.user, city=data.pop("city"), **data)
        serializer.instance = selectors.access_plan(self.request.user, pk=plan.pk)

    def perform_update(self, serializer: PlanSerializer) -> None:
        plan = serializer.instance
        data = dict(serializer.validated_data)
        if "city" in data and data.pop("city") != plan.city:
            raise ValidationError({"city": "A plan cannot move to another city."})
        services.update_plan(plan=plan, actor=self.request.user, **data)
        serializer.instance = selectors.access_plan(self.request.user, pk=plan.pk)

    def perform_destroy(self, instance: SmartCityPlan) -> None:
        services.delete_plan(plan=instance, actor=self.request.user)
