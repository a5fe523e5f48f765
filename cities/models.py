from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models

from accounts.models import Organisation
from cities.enums import NeedStatus, NeedTimeline, NeedVisibility
from common.fields import ChoiceListField
from common.models import TimeStampedModel
from solutions.enums import Sector


class Need(TimeStampedModel):
    """A challenge a local government wants solved; what matching ranks solutions for."""

    city = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="needs")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(
        help_text="The challenge: what is wrong today, for whom, and what good looks like."
    )
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
            raise ValidationError({"budget_max_usd": "The maximum budget must not be below the minimum."})
