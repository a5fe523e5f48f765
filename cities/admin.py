"""Staff edit the Activator questionnaire here: a survey with its dimensions, a dimension with its
questions, a question with its graded answers (Django admin nests one level per page).

Results never change when a survey is edited (responses keep a snapshot), but for anything more than
a typo staff use the action "Copy as new version", edit the copy and publish it.
Responses and plans are read-only here: plans change through their pages and API, which keep every
goal's need in step.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from accounts.auth import authenticated_user
from cities.models import (
    AnswerOption,
    Dimension,
    Need,
    PlanDocument,
    PlanGoal,
    Question,
    SmartCityPlan,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from cities.services.activator import copy_survey_as_new_version, publish_survey, unpublish_survey
from common.admin import ReadOnlyAdmin, ReadOnlyInline

# --- Questionnaire --------------------------------------------------------------------------------


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0
    fields = ["order", "key", "name", "sectors", "esg_dimensions", "tags"]
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "is_published", "published_at", "response_count"]
    ordering = ["-version"]
    readonly_fields = ["is_published", "published_at", "responses_note"]
    fields = ["version", "title", "introduction", "is_published", "published_at", "responses_note"]
    inlines = [DimensionInline]
    actions = ["copy_as_new_version", "publish", "unpublish"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Survey]:
        return super().get_queryset(request).annotate(response_total=Count("responses"))

    @admin.display(description="Responses", ordering="response_total")
    def response_count(self, survey: Survey) -> int:
        return getattr(survey, "response_total", 0)

    @admin.display(description="Answers given")
    def responses_note(self, survey: Survey) -> str:
        total = getattr(survey, "response_total", 0)
        if not total:
            return "No city has answered this version yet."
        return (
            f"{total} response(s) to this version. Their results are frozen and will not change; "
            "for more than a typo, use “Copy as new version” on the list and publish the copy."
        )

    @admin.action(description="Copy as new version (unpublished)")
    def copy_as_new_version(self, request: HttpRequest, queryset: QuerySet[Survey]) -> None:
        for survey in queryset.order_by("version"):
            copy = copy_survey_as_new_version(survey=survey, actor=authenticated_user(request))
            self.message_user(request, f"Version {survey.version} copied as version {copy.version}.")

    @admin.action(description="Publish (open for answers)")
    def publish(self, request: HttpRequest, queryset: QuerySet[Survey]) -> None:
        for survey in queryset:
            try:
                publish_survey(survey=survey, actor=authenticated_user(request))
            except ValidationError as exc:
                self.message_user(
                    request, f"Version {survey.version}: {' '.join(exc.messages)}", level=messages.ERROR
                )
            else:
                self.message_user(request, f"Version {survey.version} is published.")

    @admin.action(description="Unpublish (close for new answers)")
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Survey]) -> None:
        for survey in queryset:
            unpublish_survey(survey=survey, actor=authenticated_user(request))
        self.message_user(request, "Closed for new answers; existing results are kept.")


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "text", "weight"]
    show_change_link = True


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "survey", "order"]
    list_filter = ["survey"]
    list_select_related = ["survey"]
    inlines = [QuestionInline]


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    extra = 0
    fields = ["order", "label", "grade"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "dimension", "weight", "order"]
    list_filter = ["dimension__survey", "dimension__key"]
    list_select_related = ["dimension"]
    search_fields = ["text"]
    inlines = [AnswerOptionInline]


# --- Responses ------------------------------------------------------------------------------------


class SurveyAnswerInline(ReadOnlyInline):
    model = SurveyAnswer
    fields = readonly_fields = ("dimension_key", "question_text", "answer_label", "grade", "weight")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    """Read-only: a result is what the city answered then."""

    list_display = ["city", "survey", "overall_score", "stage", "created_at"]
    list_filter = ["stage", "survey"]
    list_select_related = ["city", "survey"]
    search_fields = ["city__name"]
    readonly_fields = fields = (
        "city", "survey", "submitted_by", "overall_score", "stage", "dimension_scores", "created_at",
    )  # fmt: skip
    inlines = [SurveyAnswerInline]


# --- Needs and plans ------------------------------------------------------------------------------


@admin.register(Need)
class NeedAdmin(ReadOnlyAdmin):
    """Read-only: needs change through their pages and API (services check who may write)."""

    list_display = ["title", "city", "status", "visibility", "created_at"]
    list_filter = ["status", "visibility"]
    list_select_related = ["city"]
    search_fields = ["title", "city__name"]


class PlanGoalInline(ReadOnlyInline):
    model = PlanGoal
    fields = readonly_fields = ("order", "title", "sectors", "need")


class PlanDocumentInline(ReadOnlyInline):
    model = PlanDocument
    fields = readonly_fields = ("order", "title", "url")


@admin.register(SmartCityPlan)
class SmartCityPlanAdmin(ReadOnlyAdmin):
    """Read-only: plans change through their pages and API, which keep every goal's need in step."""

    list_display = ["title", "city", "visibility", "starts_on", "ends_on", "created_at"]
    list_filter = ["visibility"]
    list_select_related = ["city"]
    search_fields = ["title", "city__name"]
    readonly_fields = fields = (
        "city", "title", "slug", "summary", "sectors", "starts_on", "ends_on", "visibility",
    )  # fmt: skip
    inlines = [PlanGoalInline, PlanDocumentInline]
