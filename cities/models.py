from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation
from cities.activator import MAX_GRADE, STAGE_BY_NUMBER, Stage
from cities.enums import ActivatorShareSource, NeedStatus, NeedTimeline, NeedVisibility, PlanVisibility
from common.fields import LONG_TEXT_LENGTH, BoundedTextField, ChoiceListField
from common.models import TimeStampedModel
from common.translated_content import ContentTranslation, original_language_field
from solutions.enums import EsgDimension, Sector


class Need(TimeStampedModel):
    """A challenge a local government wants solved; what matching ranks solutions for."""

    city = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="needs")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    slug = models.SlugField(max_length=220, unique=True)
    description = BoundedTextField(
        max_length=LONG_TEXT_LENGTH,
        help_text=gettext_lazy("The challenge: what is wrong today, for whom, and what good looks like."),
    )
    original_language = original_language_field()
    sectors = ChoiceListField(choices_enum=Sector)
    budget_min_usd = models.PositiveIntegerField(null=True, blank=True)
    budget_max_usd = models.PositiveIntegerField(null=True, blank=True)
    timeline = models.CharField(max_length=16, choices=NeedTimeline.choices, blank=True)
    visibility = models.CharField(
        max_length=16, choices=NeedVisibility.choices, default=NeedVisibility.PUBLIC
    )
    status = models.CharField(max_length=16, choices=NeedStatus.choices, default=NeedStatus.OPEN)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["status", "visibility"]),
            models.Index(fields=["city", "status"]),
            # The matching index applies rows changed since its build (matchmaking.index).
            models.Index(fields=["updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_min_usd__isnull=True)
                | models.Q(budget_max_usd__isnull=True)
                | models.Q(budget_min_usd__lte=models.F("budget_max_usd")),
                name="need_budget_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.budget_min_usd is not None
            and self.budget_max_usd is not None
            and self.budget_min_usd > self.budget_max_usd
        ):
            raise ValidationError({"budget_max_usd": _("The maximum budget must not be below the minimum.")})


# --- City Activator: the questionnaire ----------------------------------------------------------


class NeedTranslation(ContentTranslation):
    """A need's title and description in another language, entered by the city."""

    PARENT_FIELD = "need"
    TEXT_FIELDS = ("title", "description")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    description = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["need", "language"], name="need_translation_unique")]


class Survey(TimeStampedModel):
    """One version of the Activator questionnaire. Cities answer the newest published version.

    Responses keep a snapshot of what they were scored on (`SurveyResponse.dimension_scores`,
    `SurveyAnswer`), so staff editing a version later never changes an old result; for substantive
    changes staff copy the version (admin action "Copy as new version") and publish the copy.
    """

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    introduction = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Dimension(models.Model):
    """One axis of the radar (e.g. mobility), mapped onto the catalogue's sectors, ESG tags and tags
    so recommendations for a weak dimension can ask the matching engine the right question."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(
        max_length=40, help_text=gettext_lazy("Stable identifier across versions, e.g. mobility.")
    )
    name = models.CharField(max_length=60, help_text=gettext_lazy("Short: it labels the radar chart's axis."))
    description = BoundedTextField(
        max_length=LONG_TEXT_LENGTH,
        help_text=gettext_lazy(
            "What the dimension covers; the matching engine reads it to recommend solutions."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)
    sectors = ChoiceListField(choices_enum=Sector)
    esg_dimensions = ChoiceListField(choices_enum=EsgDimension)
    tags = models.JSONField(
        default=list,
        blank=True,
        help_text=gettext_lazy("Catalogue words for the matching query, e.g. traffic, parking."),
    )

    class Meta:
        ordering = ["survey", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="dimension_unique_key")]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["dimension", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1) & models.Q(weight__lte=10), name="question_weight_1_to_10"
            )
        ]

    def __str__(self) -> str:
        return self.text


class AnswerOption(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=300)
    grade = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MAX_GRADE)],
        help_text=gettext_lazy("0 (nothing in place) to 4 (leading practice)."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "grade", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__lte=MAX_GRADE), name="answer_option_grade_0_to_4"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.grade})"


# --- City Activator: responses ------------------------------------------------------------------


class SurveyResponse(TimeStampedModel):
    """A city's submitted questionnaire, scored at submission and frozen.

    `dimension_scores` is the snapshot the results page reads: a list, in survey order, of
    `{"key", "name", "description", "sectors", "tags", "score"}`.
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    city = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="activator_responses")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overall_score = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    stage = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    dimension_scores = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["city", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__gte=1) & models.Q(stage__lte=5), name="survey_response_stage_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(overall_score__gte=0) & models.Q(overall_score__lte=100),
                name="survey_response_score_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} · {self.created_at:%Y-%m-%d} · stage {self.stage}"

    @property
    def stage_info(self) -> Stage:
        return STAGE_BY_NUMBER[self.stage]


class ActivatorResultShare(models.Model):
    """A city lets one provider see its Activator results (every response, scores and answers).

    The only way a provider sees them: a row is written by the city's own people (from the
    Activator's sharing page, on a project proposal with that provider, or on accepting a meeting
    the provider asked for), never by the provider nor by another party, and a proposal or meeting
    alone grants nothing. A share is never deleted: it ends (`ended_at`, `end_reason`) when the city
    revokes it, and a share made on a proposal or a meeting ends with the relationship (the proposal
    dropped or done, or the provider taken off it; the meeting cancelled, declined or expired).
    Ending is final: a reopened proposal needs the city to share again.
    """

    city = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="activator_shares_given")
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="activator_shares_received"
    )
    source = models.CharField(max_length=16, choices=ActivatorShareSource.choices)
    proposal = models.ForeignKey(
        "projects.Proposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=gettext_lazy("The proposal the city shared on; the share ends with the proposal."),
    )
    meeting = models.ForeignKey(
        "scheduling.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=gettext_lazy(
            "The meeting the city shared on when accepting it; the share ends if it is called off."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["provider", "city"],
                condition=models.Q(ended_at__isnull=True),
                name="activator_share_active_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(city=models.F("provider")), name="activator_share_not_with_itself"
            ),
            models.CheckConstraint(
                condition=(models.Q(source=ActivatorShareSource.PROPOSAL) & models.Q(proposal__isnull=False))
                | (~models.Q(source=ActivatorShareSource.PROPOSAL) & models.Q(proposal__isnull=True)),
                name="activator_share_proposal_iff_from_proposal",
            ),
            models.CheckConstraint(
                condition=(models.Q(source=ActivatorShareSource.MEETING) & models.Q(meeting__isnull=False))
                | (~models.Q(source=ActivatorShareSource.MEETING) & models.Q(meeting__isnull=True)),
                name="activator_share_meeting_iff_from_meeting",
            ),
            models.UniqueConstraint(
                fields=["city", "provider"],
                condition=models.Q(ended_at__isnull=True, proposal__isnull=True, meeting__isnull=True),
                name="one_active_direct_activator_share",
            ),
            models.UniqueConstraint(
                fields=["city", "provider", "meeting"],
                condition=models.Q(ended_at__isnull=True, meeting__isnull=False),
                name="one_active_activator_share_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["city", "provider", "proposal"],
                condition=models.Q(ended_at__isnull=True, proposal__isnull=False),
                name="one_active_activator_share_per_proposal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} → {self.provider} ({self.get_source_display()})"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class SurveyAnswer(models.Model):
    """One answer of a response, with the question and answer as they read when it was given."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    # Links to the live questionnaire while it exists; the snapshot below is what counts.
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    option = models.ForeignKey(
        AnswerOption, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dimension_key = models.SlugField(max_length=40)
    question_text = models.CharField(max_length=500)
    answer_label = models.CharField(max_length=300)
    grade = models.PositiveSmallIntegerField(validators=[MaxValueValidator(MAX_GRADE)])
    weight = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["response", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_one_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_text}: {self.answer_label}"


# --- Smart city plans ---------------------------------------------------------------------------


class SmartCityPlan(TimeStampedModel):
    """A city's plan shared with the network; each goal is published as a need (`PlanGoal.need`)."""

    city = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="smart_city_plans")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    slug = models.SlugField(max_length=220, unique=True)
    summary = BoundedTextField(max_length=LONG_TEXT_LENGTH)
    original_language = original_language_field()
    sectors = ChoiceListField(choices_enum=Sector)
    starts_on = models.DateField()
    ends_on = models.DateField()
    visibility = models.CharField(
        max_length=16, choices=PlanVisibility.choices, default=PlanVisibility.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["city", "-created_at"]), models.Index(fields=["visibility"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="plan_timeline_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The plan cannot end before it starts.")})


class SmartCityPlanTranslation(ContentTranslation):
    """A plan's title and summary in another language, entered by the city."""

    PARENT_FIELD = "plan"
    TEXT_FIELDS = ("title", "summary")

    plan = models.ForeignKey(SmartCityPlan, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    summary = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["plan", "language"], name="plan_translation_unique")]


class PlanGoal(models.Model):
    plan = models.ForeignKey(SmartCityPlan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    description = BoundedTextField(max_length=LONG_TEXT_LENGTH)
    sectors = ChoiceListField(choices_enum=Sector)
    order = models.PositiveSmallIntegerField(default=0)
    # The need matching ranks solutions for; kept in step by cities.services (closed if the goal goes).
    need = models.OneToOneField(
        Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_goal"
    )

    class Meta:
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.title


class PlanDocument(models.Model):
    plan = models.ForeignKey(SmartCityPlan, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.title
