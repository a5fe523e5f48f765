"""The project pipeline: from a meeting or a direct proposal to a partnership.

Nothing here is deleted: proposals end as `done` or `dropped`, and their stage history, notes and
key dates are only ever added to. Matching activity (searches, recommendations followed) is an
append-only log for the staff reports.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation
from common.fields import LONG_TEXT_LENGTH, BoundedTextField
from common.models import TimeStampedModel
from projects.enums import ProposalKind, Stage

# A project note may be a meeting's minutes: longer than a message.
PROJECT_NOTE_LENGTH = 5_000

validate_currency = RegexValidator(
    r"^[A-Z]{3}\Z", "Use a three-letter ISO 4217 currency code in capitals, e.g. USD, EUR, KRW."
)


class Proposal(TimeStampedModel):
    """A project a city and one or more providers work towards; moves through `Stage`s."""

    city = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="city_proposals")
    providers = models.ManyToManyField(Organisation, related_name="provider_proposals", blank=True)
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    scope = BoundedTextField(
        max_length=LONG_TEXT_LENGTH, help_text=gettext_lazy("What the project delivers, where, and for whom.")
    )
    budget_amount = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    budget_currency = models.CharField(max_length=3, default="USD", validators=[validate_currency])
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    funding_sought = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=gettext_lazy("External funding asked for, in the budget's currency."),
    )
    kind = models.CharField(max_length=32, choices=ProposalKind.choices, default=ProposalKind.DIRECT)
    meeting = models.ForeignKey(
        "scheduling.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_proposals",
        help_text=gettext_lazy("The meeting the project came out of, if any."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_proposals"
    )
    stage = models.CharField(max_length=32, choices=Stage.choices, default=Stage.PROPOSAL)
    stage_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["stage", "updated_at"]), models.Index(fields=["city", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="proposal_timeline_in_order",
            ),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="proposal_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(funding_sought__isnull=True)
                | Q(budget_amount__isnull=True)
                | Q(funding_sought__lte=F("budget_amount")),
                name="proposal_funding_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_application(self) -> bool:
        return self.kind != ProposalKind.DIRECT

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The project cannot end before it starts.")
        if (
            self.funding_sought is not None
            and self.budget_amount is not None
            and self.funding_sought > self.budget_amount
        ):
            errors["funding_sought"] = _("The funding sought cannot exceed the budget.")
        if errors:
            raise ValidationError(errors)


class ProposalStageChange(models.Model):
    """One stage move of a proposal (the first row records its creation). Only ever added."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="stage_changes")
    from_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=32, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = BoundedTextField(max_length=PROJECT_NOTE_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.from_stage or 'new'} → {self.to_stage}"


class ProposalNote(models.Model):
    """A free note on a proposal by one of its parties or staff. Only ever added."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = BoundedTextField(max_length=PROJECT_NOTE_LENGTH, validators=[MinLengthValidator(1)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ProposalKeyDate(models.Model):
    """A dated milestone of a proposal ("Study report due", "Agreement signed"). Only ever added."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="key_dates")
    label = models.CharField(max_length=200, validators=[MinLengthValidator(2)])
    date = models.DateField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.label}"
