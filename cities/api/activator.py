"""REST API for the City Activator: the current questionnaire with its stages, a city's responses
(submit, list, detail with answers). The recommendations for its weakest dimensions come from the
matching engine: `matchmaking.api.ActivatorRecommendationsApi`, under the same URL prefix."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from cities import activator, selectors
from cities.models import Survey, SurveyResponse
from cities.services.activator import submit_survey_response
from common.schema import error_responses


class TranslatedCharField(serializers.CharField):
    """A questionnaire text in the reader's language when the catalogues have it (version 1's texts;
    see `cities.activator.translated`)."""

    def to_representation(self, value: Any) -> str:
        return activator.translated(super().to_representation(value))


class StageSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    lower = serializers.FloatField(help_text=gettext_lazy("Lowest score of the stage (inclusive)."))
    upper = serializers.FloatField(
        allow_null=True, help_text=gettext_lazy("Upper edge (exclusive); null for the last.")
    )


class AnswerOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    # Shadows Field.label only in the stubs: DRF's metaclass takes declared fields off the class.
    label = TranslatedCharField()  # type: ignore[assignment]
    grade = serializers.IntegerField(help_text=gettext_lazy("0 (nothing in place) to 4 (leading practice)."))


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = TranslatedCharField()
    # Shadows Field.help_text only in the stubs: DRF's metaclass takes declared fields off the class.
    help_text = TranslatedCharField()  # type: ignore[assignment]
    weight = serializers.IntegerField()
    options = AnswerOptionSerializer(many=True)


class DimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = TranslatedCharField()
    description = TranslatedCharField()
    sectors = serializers.ListField(child=serializers.CharField())
    esg_dimensions = serializers.ListField(child=serializers.CharField())
    tags = serializers.ListField(child=serializers.CharField())
    questions = QuestionSerializer(many=True)


class SurveySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    title = TranslatedCharField()
    introduction = TranslatedCharField()
    published_at = serializers.DateTimeField()
    dimensions = DimensionSerializer(many=True)
    stages = serializers.SerializerMethodField()

    @extend_schema_field(StageSerializer(many=True))
    def get_stages(self, obj: Survey) -> list[dict[str, Any]]:
        return [StageSerializer(stage).data for stage in activator.STAGES]


class SurveyApi(APIView):
    """The questionnaire cities answer now (newest published version), with the stages it scores to."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=["activator"], responses={200: SurveySerializer, **error_responses(404)})
    def get(self, request: Request) -> Response:
        survey = selectors.current_survey()
        if survey is None:
            raise NotFound(_("No questionnaire is published."))
        return Response(SurveySerializer(survey).data)


class DimensionScoreSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = TranslatedCharField()
    score = serializers.FloatField(
        help_text=gettext_lazy("0 to 100: the weighted mean grade of its answers.")
    )
    stage = serializers.SerializerMethodField()

    def get_stage(self, obj: dict[str, Any]) -> int:
        return activator.stage_for(float(obj["score"])).number


class SurveyAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id", allow_null=True)
    question_text = TranslatedCharField()
    option = serializers.IntegerField(source="option_id", allow_null=True)
    answer_label = TranslatedCharField()
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
        return [SurveyAnswerSerializer(answer).data for answer in selectors.answers_of_response(response=obj)]


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1)
    option = serializers.IntegerField(min_value=1)


class SubmitResponseSerializer(serializers.Serializer):
    survey = serializers.PrimaryKeyRelatedField(
        queryset=Survey.objects.all(),
        help_text=gettext_lazy("The version answered (GET /activator/survey/)."),
    )
    answers = AnswerInputSerializer(
        many=True,
        help_text=gettext_lazy("One answer per question; a missing one is reported as `question_<id>`."),
    )

    def validate_answers(self, answers: list[dict[str, int]]) -> list[dict[str, int]]:
        counts = Counter(a["question"] for a in answers)
        twice = sorted(question for question, n in counts.items() if n > 1)
        if twice:
            raise serializers.ValidationError(
                _("Answered more than once: %(questions)s.") % {"questions": ", ".join(map(str, twice))}
            )
        return answers


class ResponseFilterSerializer(serializers.Serializer):
    city = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=gettext_lazy("A city whose results you may see; default: your own city."),
    )


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
        response = submit_survey_response(
            actor=authenticated_user(request),
            survey=data["survey"],
            answers={a["question"]: a["option"] for a in data["answers"]},
        )
        response = selectors.access_survey_response(request.user, response.pk)
        return Response(SurveyResponseDetailSerializer(response).data, status=status.HTTP_201_CREATED)
