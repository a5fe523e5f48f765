from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """The brochure's six sectors, then the other fields cities ask about."""

    MOBILITY = "mobility", _("Mobility")
    SAFETY = "safety", _("Safety")
    WELFARE = "welfare", _("Welfare")
    ENVIRONMENT = "environment", _("Environment")
    CULTURE = "culture", _("Culture")
    GOVERNANCE = "governance", _("Governance")
    ENERGY = "energy", _("Energy")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    WATER = "water", _("Water")
    WASTE = "waste", _("Waste")
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure", _("Digital infrastructure")


class EsgDimension(models.TextChoices):
    ENVIRONMENTAL = "environmental", _("Environmental")
    SOCIAL = "social", _("Social")
    GOVERNANCE = "governance", _("Governance")


class Maturity(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    DEPLOYED = "deployed", _("Deployed")
    AT_SCALE = "at_scale", _("At scale")


class PricingModel(models.TextChoices):
    SUBSCRIPTION = "subscription", _("Subscription (SaaS)")
    LICENCE = "licence", _("Licence")
    PROJECT = "project", _("Per project")
    USAGE = "usage", _("Pay per use")
    PPP = "ppp", _("Public-private partnership")
    OPEN_SOURCE = "open_source", _("Free / open source")


class SolutionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class BestCaseStatus(models.TextChoices):
    """Where a best case stands: its authors submit it, staff publish it or send it back with a reason;
    an edit by its authors submits it again."""

    SUBMITTED = "submitted", _("Under review")
    RETURNED = "returned", _("Sent back for changes")
    PUBLISHED = "published", _("Published")


class ActivityKind(models.TextChoices):
    """What an activity record counts, for the staff's matching-activity report."""

    SEARCH = "search", _("Catalogue search")
    RECOMMENDATION_FOLLOWED = "recommendation_followed", _("Recommendation followed")
