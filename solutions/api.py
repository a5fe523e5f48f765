"""REST API for the catalogue, its search, and the best-cases library."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.auth import authenticated_user
from accounts.enums import Category, Region
from accounts.selectors import member_organisations
from common import languages as product_languages
from common.api import CheckEditAccessFirstMixin, IsAuthenticatedToWrite, updated_instance
from common.pagination import PageNumberPagination
from common.schema import error_responses
from common.translated_content import TranslatedText, text_for
from solutions import selectors, services
from solutions.activity import record_search
from solutions.enums import EsgDimension, Maturity, PricingModel, Sector, SolutionStatus
from solutions.models import BestCase, Solution, SolutionTranslation
from solutions.search import SearchFilters, search_solutions


class ReferenceSerializer(serializers.Serializer):
    city_name = serializers.CharField(max_length=200)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    organisation = serializers.IntegerField(source="organisation_id", read_only=True, allow_null=True)


class SolutionTranslationSerializer(serializers.Serializer):
    """One translation, as read in `translations` and written to .../translations/{language}/."""

    language = serializers.CharField(read_only=True)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class LocalizedTextSerializer(serializers.Serializer):
    """The text in the reader's language (Accept-Language, or the person's choice) when translated,
    else the original; `is_original` says which."""

    language = serializers.CharField()
    is_original = serializers.SerializerMethodField()
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()

    def get_is_original(self, text: TranslatedText) -> bool:
        return not text.is_translation


class SolutionSerializer(serializers.ModelSerializer):
    provider = serializers.PrimaryKeyRelatedField(
        queryset=member_organisations().filter(category=Category.CORPORATION)
    )
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    esg_dimensions = serializers.ListField(
        child=serializers.ChoiceField(choices=EsgDimension.choices), required=False
    )
    regions_served = serializers.ListField(
        child=serializers.ChoiceField(choices=Region.choices), required=False
    )
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False, max_length=20)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=8), required=False, max_length=20
    )
    maturity = serializers.ChoiceField(choices=Maturity.choices, required=False)
    pricing_model = serializers.ChoiceField(choices=PricingModel.choices, required=False, allow_blank=True)
    references = ReferenceSerializer(many=True, required=False)
    original_language = serializers.ChoiceField(
        choices=product_languages.CHOICES,
        required=False,
        help_text="The language of title, summary and description.",
    )
    translations = SolutionTranslationSerializer(many=True, read_only=True)
    localized = serializers.SerializerMethodField()

    class Meta:
        model = Solution
        fields = [
            "id", "slug", "provider", "provider_name", "title", "summary", "description", "sectors", "tags",
            "esg_dimensions", "maturity", "regions_served", "languages", "pricing_model", "references",
            "status", "original_language", "translations", "localized",
            "published_at", "is_demo", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "slug", "status", "published_at", "is_demo", "created_at", "updated_at"]

    @extend_schema_field(LocalizedTextSerializer)
    def get_localized(self, solution: Solution) -> dict[str, Any]:
        text = text_for(solution, fields=SolutionTranslation.TEXT_FIELDS)
        return dict(LocalizedTextSerializer(text).data)


class SolutionFilterSerializer(serializers.Serializer):
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    region = serializers.ChoiceField(choices=Region.choices, required=False)
    maturity = serializers.ChoiceField(choices=Maturity.choices, required=False)
    provider = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(choices=SolutionStatus.choices, required=False)


@extend_schema(tags=["solutions"])
class SolutionViewSet(
    CheckEditAccessFirstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The catalogue. Everyone reads published solutions; providers edit their own; staff edit all."""

    serializer_class = SolutionSerializer
    permission_classes = [IsAuthenticatedToWrite]
    filter_backends: list[Any] = []  # filters are validated by SolutionFilterSerializer

    def get_queryset(self) -> Any:
        queryset = selectors.solutions_visible_to(self.request.user).prefetch_related(
            "references", "translations"
        )
        if self.action != "list":
            return queryset
        params = SolutionFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.filter_solutions(queryset, **params.validated_data).order_by("title", "id")

    edit_actions = ("update", "partial_update", "publish", "archive", "translation")

    def access_for_edit(self, pk: int) -> Solution:
        return selectors.access_solution_for_edit(self.request.user, pk=pk)

    @extend_schema(parameters=[SolutionFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={201: SolutionSerializer, **error_responses(400, 401, 403)})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    @extend_schema(responses={200: SolutionSerializer, **error_responses(400, 401, 403, 404)})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(responses={200: SolutionSerializer, **error_responses(400, 401, 403, 404)})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer: BaseSerializer[Solution]) -> None:
        data = dict(serializer.validated_data)
        references = data.pop("references", None)
        solution = services.create_solution(actor=authenticated_user(self.request), **data)
        if references is not None:
            services.set_solution_references(
                solution=solution, actor=authenticated_user(self.request), references=references
            )
        serializer.instance = selectors.access_solution(self.request.user, pk=solution.pk)

    def perform_update(self, serializer: BaseSerializer[Solution]) -> None:
        solution = updated_instance(serializer)
        data = dict(serializer.validated_data)
        references = data.pop("references", None)
        provider = data.pop("provider", solution.provider)
        if provider != solution.provider:
            raise DjangoValidationError({"provider": "A solution cannot move to another provider."})
        services.update_solution(solution=solution, actor=authenticated_user(self.request), **data)
        if references is not None:
            services.set_solution_references(
                solution=solution, actor=authenticated_user(self.request), references=references
            )
        serializer.instance = selectors.access_solution(self.request.user, pk=solution.pk)

    @extend_schema(request=None, responses={200: SolutionSerializer, **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish a draft (it needs a sector and a description)."""
        solution = self.get_object()
        services.publish_solution(solution=solution, actor=authenticated_user(request))
        return Response(SolutionSerializer(selectors.access_solution(request.user, pk=solution.pk)).data)

    @extend_schema(request=None, responses={200: SolutionSerializer, **error_responses(401, 403, 404)})
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw a solution from the catalogue (kept for its provider and staff)."""
        solution = self.get_object()
        services.archive_solution(solution=solution, actor=authenticated_user(request))
        return Response(SolutionSerializer(selectors.access_solution(request.user, pk=solution.pk)).data)

    @extend_schema(
        request=SolutionTranslationSerializer,
        responses={200: SolutionTranslationSerializer, 204: None, **error_responses(400, 401, 403, 404)},
    )
    @action(
        detail=True,
        methods=["put", "delete"],
        url_path=r"translations/(?P<language>[a-z]{2})",
        url_name="translation",
    )
    def translation(self, request: Request, language: str, pk: str | None = None) -> Response:
        """Put (create or replace) or delete the solution's text in `language` (not its original
        language): the provider's people and staff."""
        solution = self.get_object()
        actor = authenticated_user(request)
        if request.method == "DELETE":  # idempotent: no translation left either way
            services.remove_solution_translation(solution=solution, actor=actor, language=language)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = SolutionTranslationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.save_solution_translation(
            solution=solution, actor=actor, language=language, **data.validated_data
        )
        return Response(SolutionTranslationSerializer(saved).data)


class SolutionSearchApi(APIView):
    """Full-text search of the published catalogue: ranked, highlighted, with facet counts."""

    throttle_scope = "search"
    permission_classes = [permissions.AllowAny]

    class InputSerializer(SolutionFilterSerializer):
        q = serializers.CharField(
            max_length=500, help_text=gettext_lazy('Words, "phrases", a OR b, -exclude, prefix*')
        )
        page = serializers.IntegerField(min_value=1, required=False, default=1)
        page_size = serializers.IntegerField(min_value=1, max_value=100, required=False, default=20)

    class HitSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="solution.id")
        slug = serializers.CharField(source="solution.slug")
        title = serializers.CharField(source="solution.title")
        summary = serializers.CharField(source="solution.summary")
        provider = serializers.IntegerField(source="solution.provider_id")
        provider_name = serializers.CharField(source="solution.provider.name")
        sectors = serializers.ListField(source="solution.sectors", child=serializers.CharField())
        maturity = serializers.CharField(source="solution.maturity")
        rank = serializers.FloatField()
        title_highlighted = serializers.CharField(
            source="title_html", help_text=gettext_lazy("HTML-escaped, hits in <mark>")
        )
        snippet = serializers.CharField(
            source="snippet_html", help_text=gettext_lazy("HTML-escaped, hits in <mark>")
        )
        language = serializers.CharField(
            help_text=gettext_lazy(
                "Language of title_highlighted and snippet: the reader's if translated, else original"
            )
        )

    @extend_schema(
        tags=["solutions"],
        parameters=[InputSerializer],
        responses={
            200: OpenApiResponse(
                inline_serializer(
                    name="SolutionSearchPage",
                    fields={
                        "count": serializers.IntegerField(),
                        "count_is_capped": serializers.BooleanField(
                            help_text=_("More documents match than were ranked: count is a lower bound.")
                        ),
                        "next": serializers.CharField(allow_null=True),
                        "previous": serializers.CharField(allow_null=True),
                        "results": HitSerializer(many=True),
                        "facets": serializers.DictField(
                            child=serializers.DictField(child=serializers.IntegerField())
                        ),
                    },
                )
            ),
            **error_responses(400, 429),
        },
        operation_id="solutions_search",
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        page, page_size = data["page"], data["page_size"]
        results = search_solutions(
            query=data["q"],
            filters=SearchFilters(
                sector=data.get("sector", ""),
                region=data.get("region", ""),
                maturity=data.get("maturity", ""),
                provider=data.get("provider"),
            ),
            page=page,
            page_size=page_size,
        )
        record_search(user=request.user, query=data["q"], page=page)
        return Response(
            {
                "count": results.total,
                "count_is_capped": results.total_is_capped,
                "next": self._page_url(request, page + 1) if page * page_size < results.total else None,
                "previous": self._page_url(request, page - 1) if page > 1 else None,
                "results": self.HitSerializer(results.hits, many=True).data,
                "facets": results.facets,
            }
        )

    @staticmethod
    def _page_url(request: Request, page: int) -> str:
        query = request.query_params.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class BestCaseSerializer(serializers.ModelSerializer):
    city = serializers.PrimaryKeyRelatedField(
        queryset=member_organisations().filter(category=Category.LOCAL_GOVERNMENT)
    )
    solution = serializers.PrimaryKeyRelatedField(queryset=Solution.objects.all())
    city_name = serializers.CharField(source="city.name", read_only=True)
    solution_title = serializers.CharField(source="solution.title", read_only=True)

    class Meta:
        model = BestCase
        fields = [
            "id", "city", "city_name", "solution", "solution_title", "title", "problem", "approach",
            "results",
            "status", "return_reason", "published_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "status", "return_reason", "published_at", "created_at", "updated_at"]

    def validate_solution(self, solution: Solution) -> Solution:
        # A best case may only cite a solution the caller can see.
        user = self.context["request"].user
        if not selectors.solutions_visible_to(user).filter(pk=solution.pk).exists():
            raise serializers.ValidationError(_("No such solution."))
        return solution


@extend_schema(tags=["best cases"])
class BestCaseViewSet(
    CheckEditAccessFirstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The best-cases library: told by cities and providers, published by staff."""

    serializer_class = BestCaseSerializer
    permission_classes = [IsAuthenticatedToWrite]
    filter_backends: list[Any] = []
    pagination_class = PageNumberPagination

    def get_queryset(self) -> Any:
        return selectors.best_cases_visible_to(self.request.user)

    def access_for_edit(self, pk: int) -> BestCase:
        return selectors.access_best_case_for_edit(self.request.user, pk)

    def perform_create(self, serializer: BaseSerializer[BestCase]) -> None:
        serializer.instance = services.create_best_case(
            actor=authenticated_user(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer: BaseSerializer[BestCase]) -> None:
        best_case = updated_instance(serializer)
        data = dict(serializer.validated_data)
        for fixed in ("city", "solution"):
            if fixed in data and data.pop(fixed) != getattr(best_case, fixed):
                raise DjangoValidationError({fixed: _("This cannot change once the case is written.")})
        serializer.instance = services.update_best_case(
            best_case=best_case, actor=authenticated_user(self.request), **data
        )

    @extend_schema(request=None, responses={200: BestCaseSerializer, **error_responses(401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Staff publish a case under review to the library; its submitter is told."""
        best_case = selectors.access_best_case_for_review(request.user, int(pk or 0))
        best_case = services.publish_best_case(best_case=best_case, actor=authenticated_user(request))
        return Response(
            BestCaseSerializer(best_case, context={"request": request}).data, status=status.HTTP_200_OK
        )

    class SendBackSerializer(serializers.Serializer):
        reason = serializers.CharField(
            max_length=2000, help_text=gettext_lazy("What the authors should change.")
        )

    @extend_schema(
        request=SendBackSerializer,
        responses={200: BestCaseSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        """Staff send a case under review back to its authors with the reason; its submitter is told."""
        best_case = selectors.access_best_case_for_review(request.user, int(pk or 0))
        params = self.SendBackSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        best_case = services.send_back_best_case(
            best_case=best_case, actor=authenticated_user(request), reason=params.validated_data["reason"]
        )
        return Response(
            BestCaseSerializer(best_case, context={"request": request}).data, status=status.HTTP_200_OK
        )
