from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.enums import Region
from accounts.models import Organisation
from common.fields import LONG_TEXT_LENGTH, NOTE_LENGTH, BoundedTextField, ChoiceListField
from common.models import TimeStampedModel
from common.translated_content import ContentTranslation, original_language_field
from solutions.enums import (
    ActivityKind,
    BestCaseStatus,
    EsgDimension,
    Maturity,
    PricingModel,
    Sector,
    SolutionStatus,
)


class Solution(TimeStampedModel):
    """An offering in the providers' catalogue."""

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="solutions")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.CharField(max_length=500, help_text=_("One or two sentences shown in search results."))
    description = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    sectors = ChoiceListField(choices_enum=Sector)
    tags = models.JSONField(default=list, blank=True)
    esg_dimensions = ChoiceListField(choices_enum=EsgDimension)
    maturity = models.CharField(max_length=16, choices=Maturity.choices, default=Maturity.PILOT)
    regions_served = ChoiceListField(choices_enum=Region)
    languages = models.JSONField(default=list, blank=True, help_text=_("ISO 639-1 codes, e.g. en, fr, ko."))
    # The language of title, summary and description; translations are SolutionTranslation rows.
    original_language = original_language_field()
    pricing_model = models.CharField(max_length=16, choices=PricingModel.choices, blank=True)
    status = models.CharField(max_length=16, choices=SolutionStatus.choices, default=SolutionStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    # Demo catalogue rows (manage.py generate_demo_catalogue) are marked so they can never pass for real ones.
    is_demo = models.BooleanField(default=False)
    # Kept current by a PostgreSQL trigger (migration 0002): title A, summary and tags B, description C.
    # Both vectors are kept in the row, not in TOAST (migration 0014): search reads them for every candidate.
    search_vector = SearchVectorField(null=True, editable=False)
    # Title, summary and tags only (same trigger): search takes candidates from here first, so broad
    # queries rank the documents most likely to be on top rather than an arbitrary subset.
    search_head = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["status", "maturity"]),
            models.Index(fields=["provider", "status"]),
            # The matching index applies rows changed since its build (matchmaking.index).
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == SolutionStatus.PUBLISHED


class SolutionTranslation(ContentTranslation):
    """A solution's title, summary and description in another language, entered by its provider.
    Searchable: the search trigger indexes it with its language's configuration (solutions/0012)."""

    PARENT_FIELD = "solution"
    TEXT_FIELDS = ("title", "summary", "description")

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    summary = models.CharField(max_length=500, blank=True)
    description = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["solution", "language"], name="solution_translation_unique")
        ]


class SolutionReference(models.Model):
    """A city where the solution runs; linked to the member organisation when there is one."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="references")
    city_name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="solution_references"
    )

    class Meta:
        ordering = ["city_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "city_name", "country"], name="solution_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return self.city_name


class BestCase(TimeStampedModel):
    """What happened when a city used a solution: problem, approach, results."""

    city = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="best_cases")
    solution = models.ForeignKey(Solution, on_delete=models.PROTECT, related_name="best_cases")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    problem = BoundedTextField(max_length=LONG_TEXT_LENGTH)
    approach = BoundedTextField(max_length=LONG_TEXT_LENGTH)
    results = BoundedTextField(max_length=LONG_TEXT_LENGTH)
    original_language = original_language_field()
    status = models.CharField(max_length=16, choices=BestCaseStatus.choices, default=BestCaseStatus.SUBMITTED)
    # Why staff sent the case back: its authors read it on their list and in the notice.
    return_reason = BoundedTextField(max_length=NOTE_LENGTH, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=BestCaseStatus.RETURNED) | ~models.Q(return_reason=""),
                name="best_case_returned_with_reason",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title


class BestCaseTranslation(ContentTranslation):
    """A best case's title, problem, approach and results in another language."""

    PARENT_FIELD = "best_case"
    TEXT_FIELDS = ("title", "problem", "approach", "results")

    best_case = models.ForeignKey(BestCase, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    problem = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    approach = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    results = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["best_case", "language"], name="best_case_translation_unique")
        ]


class SearchTerm(models.Model):
    """How many published solutions contain each search lexeme (PostgreSQL's ts_stat, refreshed by
    `solutions.services.refresh_search_statistics`). Search uses it to rank only among documents
    holding the query's selective terms instead of the whole table."""

    word = models.CharField(max_length=200, primary_key=True)
    document_count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.word} ({self.document_count})"


class ActivityRecord(models.Model):
    """One matching action of a member (a search, a recommendation followed), for the staff reports.

    Append-only. Holds no personal data beyond the link to the user (cleared if the account goes)
    and their organisation at the time; `reference` names the object acted on ("solution:12").
    """

    kind = models.CharField(max_length=32, choices=ActivityKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(max_length=100, blank=True)
    query = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Moved here from `projects`; the table kept its name (solutions/0008).
        db_table = "projects_activityrecord"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"
