from django.db import models


class Sector(models.TextChoices):
    """The brochure's six sectors, then the other fields cities ask about."""

    MOBILITY = "mobility", "Mobility"
    SAFETY = "safety", "Safety"
    WELFARE = "welfare", "Welfare"
    ENVIRONMENT = "environment", "Environment"
    CULTURE = "culture", "Culture"
    GOVERNANCE = "governance", "Governance"
    ENERGY = "energy", "Energy"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    WATER = "water", "Water"
    WASTE = "waste", "Waste"
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure", "Digital infrastructure"


class EsgDimension(models.TextChoices):
    ENVIRONMENTAL = "environmental", "Environmental"
    SOCIAL = "social", "Social"
    GOVERNANCE = "governance", "Governance"


class Maturity(models.TextChoices):
    PILOT = "pilot", "Pilot"
    DEPLOYED = "deployed", "Deployed"
    AT_SCALE = "at_scale", "At scale"


class PricingModel(models.TextChoices):
    SUBSCRIPTION = "subscription", "Subscription (SaaS)"
    LICENCE = "licence", "Licence"
    PROJECT = "project", "Per project"
    USAGE = "usage", "Pay per use"
    PPP = "ppp", "Public-private partnership"
    OPEN_SOURCE = "open_source", "Free / open source"


class SolutionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class BestCaseStatus(models.TextChoices):
    """Where a best case stands: its authors submit it, staff publish it or send it back with a reason;
    an edit by its authors submits it again."""

    SUBMITTED = "submitted", "Under review"
    RETURNED = "returned", "Sent back for changes"
    PUBLISHED = "published", "Published"


class ActivityKind(models.TextChoices):
    """What an activity record counts, for the staff's matching-activity report."""

    SEARCH = "search", "Catalogue search"
    RECOMMENDATION_FOLLOWED = "recommendation_followed", "Recommendation followed"
