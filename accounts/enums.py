from django.db import models


class Category(models.TextChoices):
    """The brochure's three membership categories."""

    LOCAL_GOVERNMENT = "local_government", "Local government"
    CORPORATION = "corporation", "Corporation"
    INSTITUTION = "institution", "Institution"


class Kind(models.TextChoices):
    """The sub-kinds the brochure lists under each category."""

    # Local governments
    CITY = "city", "City or other municipality"
    DISTRICT = "district", "District or other sub-municipality"
    REGION = "region", "State, province or other region"
    # Corporations
    MNC = "mnc", "Multinational corporation"
    SME = "sme", "Small or medium-sized enterprise"
    STARTUP = "startup", "Start-up"
    # Institutions
    ASSOCIATION = "association", "Association or alliance"
    PUBLIC_AGENCY = "public_agency", "National or subnational public agency"
    ACADEMIC = "academic", "Academic institution"
    NONPROFIT = "nonprofit", "Non-profit organisation"


KINDS_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    Category.LOCAL_GOVERNMENT: (Kind.CITY, Kind.DISTRICT, Kind.REGION),
    Category.CORPORATION: (Kind.MNC, Kind.SME, Kind.STARTUP),
    Category.INSTITUTION: (Kind.ASSOCIATION, Kind.PUBLIC_AGENCY, Kind.ACADEMIC, Kind.NONPROFIT),
}


class Region(models.TextChoices):
    """The brochure's five world regions."""

    AFRICA = "africa", "Africa"
    EUROPE = "europe", "Europe"
    MENA = "mena", "Middle East & North Africa"
    AMERICAS = "americas", "Americas"
    ASIA_PACIFIC = "asia_pacific", "Asia-Pacific"


class OrganisationRole(models.TextChoices):
    MEMBER = "member", "Member"
    ADMIN = "admin", "Organisation admin"


class ApplicationStatus(models.TextChoices):
    """Where a membership application ("Join us") stands; staff take the decision once."""

    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


# Organisation.source values with a meaning in the code (others name an import, e.g. "brochure-2023").
DEMO_SOURCE = "demo"  # generated demo providers (`generate_demo_catalogue`): never members
APPLICATION_SOURCE = "application"  # created by approving a membership application


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
