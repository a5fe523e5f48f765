from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedTimeline(models.TextChoices):
    IMMEDIATE = "immediate", _("Within 6 months")
    SHORT = "short", _("6 to 12 months")
    MEDIUM = "medium", _("1 to 2 years")
    LONG = "long", _("More than 2 years")


class NeedVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")


class PlanVisibility(models.TextChoices):
    """Who sees a smart city plan; its goals become needs with the same visibility."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class ActivatorShareSource(models.TextChoices):
    """The city's act a grant to see its Activator results came from (`ActivatorResultShare`)."""

    SHARED = "shared", _("Shared from the Activator page")
    PROPOSAL = "proposal", _("Shared on a project proposal")
    MEETING = "meeting", _("Shared on accepting a meeting")
