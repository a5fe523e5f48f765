from django.db import models


class NeedTimeline(models.TextChoices):
    IMMEDIATE = "immediate", "Within 6 months"
    SHORT = "short", "6 to 12 months"
    MEDIUM = "medium", "1 to 2 years"
    LONG = "long", "More than 2 years"


class NeedVisibility(models.TextChoices):
    PUBLIC = "public", "Public"
    MEMBERS = "members", "Members only"


class NeedStatus(models.TextChoices):
    OPEN = "open", "Open"
    MATCHED = "matched", "Matched"
    CLOSED = "closed", "Closed"


class PlanVisibility(models.TextChoices):
    """Who sees a smart city plan; its goals become needs with the same visibility."""

    PUBLIC = "public", "Public"
    MEMBERS = "members", "Members only"


class ActivatorShareSource(models.TextChoices):
    """The city's act a grant to see its Activator results came from (`ActivatorResultShare`)."""

    SHARED = "shared", "Shared from the Activator page"
    PROPOSAL = "proposal", "Shared on a project proposal"
    MEETING = "meeting", "Shared on accepting a meeting"
