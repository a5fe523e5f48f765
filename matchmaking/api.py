"""REST API of the matching engine: ranked, explained recommendations in both directions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.enums import Region
from cities.selectors import access_need, access_survey_response
from common.schema import error_responses
from matchmaking import selectors
from matchmaking.activator_recommendations import WeakDimension, weak_dimensions_with_recommendations
from solutions.enums import Maturity, Sector
from solutions.selectors import access_solution


class TermSerializer(serializers.Serializer):
    term = serializers.CharField()
    weight = serializers.FloatField()


class SimilarMeaningSerializer(serializers.Serializer):
    query_passage = serializers.CharField()
    match_passage = serializers.CharField()
    similarity = serializers.FloatField(help_text="Cosine of the two passages' sentence vectors.")


class ExplanationSerializer(serializers.Serializer):
    terms = TermSerializer(many=True, help_text=_("The words that contributed most to the text score."))
    shared_sectors = serializers.ListField(child=serializers.CharField())
    components = serializers.DictField(
        child=serializers.FloatField(),
        help_text=_("Each signal in 0..1: text, sectors, region, maturity, esg."),
    )
    meaning = SimilarMeaningSerializer(
        allow_null=True,
        help_text=(
            "For a match the shared words do not explain (e.g. another language): the query's and the "
            "match's passages that mean the most similar thing; null otherwise."
        ),
    )


class RecommendedSolutionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.id")
    slug = serializers.CharField(source="item.slug")
    title = serializers.CharField(source="item.title")
    summary = serializers.CharField(source="item.summary")
    provider = serializers.IntegerField(source="item.provider_id")
    provider_name = serializers.CharField(source="item.provider.name")
    score = serializers.FloatField()
    explanation = serializers.SerializerMethodField()

    def get_explanation(self, obj: selectors.Recommendation) -> dict[str, Any]:
        return _explanation(obj)


class MatchingNeedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.id")
    slug = serializers.CharField(source="item.slug")
    title = serializers.CharField(source="item.title")
    city = serializers.IntegerField(source="item.city_id")
    city_name = serializers.CharField(source="item.city.name")
    score = serializers.FloatField()
    explanation = serializers.SerializerMethodField()

    def get_explanation(self, obj: selectors.Recommendation) -> dict[str, Any]:
        return _explanation(obj)


def _explanation(recommendation: selectors.Recommendation) -> dict[str, Any]:
    return {
        "terms": [{"term": t.term, "weight": round(t.weight, 4)} for t in recommendation.terms],
        "shared_sectors": list(recommendation.shared_sectors),
        "components": {k: round(v, 4) for k, v in recommendation.components.items()},
        "meaning": _meaning(recommendation.meaning),
    }


def _meaning(meaning: selectors.SimilarMeaning | None) -> dict[str, Any] | None:
    if meaning is None:
        return None
    return {
        "query_passage": meaning.query_passage,
        "match_passage": meaning.match_passage,
        "similarity": meaning.similarity,
    }


class SolutionFiltersSerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=50, required=False, default=10)
    sector = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    maturity = serializers.ListField(child=serializers.ChoiceField(choices=Maturity.choices), required=False)
    region = serializers.ChoiceField(choices=Region.choices, required=False)
    exclude_provider = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)

    def filters(self) -> selectors.SolutionFilters:
        data = self.validated_data
        return selectors.SolutionFilters(
            sectors=data.get("sector", []),
            maturity=data.get("maturity", []),
            region=data.get("region", ""),
            exclude_providers=data.get("exclude_provider", []),
        )


def _query_data(request: Request) -> dict[str, Any]:
    """Query parameters with repeatable keys as lists (sector=a&sector=b)."""
    data: dict[str, Any] = {}
    for key in request.query_params:
        values = request.query_params.getlist(key)
        data[key] = values if key in {"sector", "maturity", "exclude_provider"} else values[-1]
    return data


class RecommendedSolutionsForNeedApi(APIView):
    """The solutions most likely to solve this need, each with score and explanation."""

    throttle_scope = "matching"
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["matching"],
        parameters=[SolutionFiltersSerializer],
        responses={200: RecommendedSolutionSerializer(many=True), **error_responses(400, 404, 429)},
    )
    def get(self, request: Request, pk: int) -> Response:
        need = access_need(request.user, pk=pk)
        params = SolutionFiltersSerializer(data=_query_data(request))
        params.is_valid(raise_exception=True)
        results = selectors.recommended_solutions_for_need(
            need=need, user=request.user, limit=params.validated_data["limit"], filters=params.filters()
        )
        return Response(RecommendedSolutionSerializer(results, many=True).data)


class MatchingNeedsForSolutionApi(APIView):
    """The visible open needs (cities) this solution fits best, each with score and explanation."""

    throttle_scope = "matching"
    permission_classes = [permissions.AllowAny]

    class InputSerializer(serializers.Serializer):
        limit = serializers.IntegerField(min_value=1, max_value=50, required=False, default=10)

    @extend_schema(
        tags=["matching"],
        parameters=[InputSerializer],
        responses={200: MatchingNeedSerializer(many=True), **error_responses(400, 404, 429)},
    )
    def get(self, request: Request, pk: int) -> Response:
        solution = access_solution(request.user, pk=pk)
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        results = selectors.matching_needs_for_solution(
            solution=solution, user=request.user, limit=params.validated_data["limit"]
        )
        return Response(MatchingNeedSerializer(results, many=True).data)


class SolutionsForProblemApi(APIView):
    """Free text describing a problem to ranked solutions ("find solutions for this problem")."""

    throttle_scope = "matching"
    permission_classes = [permissions.AllowAny]

    class ProblemInputSerializer(SolutionFiltersSerializer):
        text = serializers.CharField(max_length=5000, min_length=3)
        city_sectors = serializers.ListField(
            child=serializers.ChoiceField(choices=Sector.choices),
            required=False,
            help_text=_("Sectors of the problem."),
        )
        city_region = serializers.ChoiceField(
            choices=Region.choices, required=False, help_text=_("Where it is.")
        )

    @extend_schema(
        tags=["matching"],
        request=ProblemInputSerializer,
        responses={200: RecommendedSolutionSerializer(many=True), **error_responses(400, 429)},
    )
    def post(self, request: Request) -> Response:
        params = self.ProblemInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        results = selectors.solutions_for_problem(
            text=data["text"],
            user=request.user,
            sectors=data.get("city_sectors", []),
            region=data.get("city_region", ""),
            limit=data["limit"],
            filters=params.filters(),
        )
        return Response(RecommendedSolutionSerializer(results, many=True).data)


class GapSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


class ActivatorRecommendedSolutionSerializer(RecommendedSolutionSerializer):
    url = serializers.SerializerMethodField(
        help_text=_("The solution page, marked as followed from a recommendation.")
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
    query = serializers.CharField(help_text=_("The text the matching engine ranked solutions for."))
    solutions = ActivatorRecommendedSolutionSerializer(many=True)
    best_cases = PeerBestCaseSerializer(many=True, help_text=_("From peer cities: same region and size."))

    @extend_schema_field(GapSerializer(many=True))
    def get_gaps(self, obj: WeakDimension) -> list[dict[str, str]]:
        return [{"question": q, "answer": a} for q, a in obj.gaps]


@extend_schema(tags=["activator"])
class ActivatorRecommendationsApi(APIView):
    """What would make the city smarter: for each of a response's weakest dimensions, ranked solutions
    and best cases from peer cities. Visible to whoever may see the response."""

    throttle_scope = "matching"
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="activator_responses_recommendations",
        responses={
            200: OpenApiResponse(
                WeakDimensionSerializer(many=True),
                description="The weakest dimensions, lowest first, with solutions from the matching engine.",
            ),
            **error_responses(401, 403, 404, 429),
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        response = access_survey_response(request.user, pk)
        weak = weak_dimensions_with_recommendations(response=response, user=request.user)
        return Response(WeakDimensionSerializer(weak, many=True).data)
