from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The brochure's three membership categories."""

    LOCAL_GOVERNMENT = "local_government", _("Local government")
    CORPORATION = "corporation", _("Corporation")
    INSTITUTION = "institution", _("Institution")


class Kind(models.TextChoices):
    """The sub-kinds the brochure lists under each category."""

    # Local governments
    CITY = "city", _("City or other municipality")
    DISTRICT = "district", _("District or other sub-municipality")
    REGION = "region", _("State, province or other region")
    # Corporations
    MNC = "mnc", _("Multinational corporation")
    SME = "sme", _("Small or medium-sized enterprise")
    STARTUP = "startup", _("Start-up")
    # Institutions
    ASSOCIATION = "association", _("Association or alliance")
    PUBLIC_AGENCY = "public_agency", _("National or subnational public agency")
    ACADEMIC = "academic", _("Academic institution")
    NONPROFIT = "nonprofit", _("Non-profit organisation")


KINDS_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    Category.LOCAL_GOVERNMENT: (Kind.CITY, Kind.DISTRICT, Kind.REGION),
    Category.CORPORATION: (Kind.MNC, Kind.SME, Kind.STARTUP),
    Category.INSTITUTION: (Kind.ASSOCIATION, Kind.PUBLIC_AGENCY, Kind.ACADEMIC, Kind.NONPROFIT),
}


class Region(models.TextChoices):
    """The brochure's five world regions."""

    AFRICA = "africa", _("Africa")
    EUROPE = "europe", _("Europe")
    MENA = "mena", _("Middle East & North Africa")
    AMERICAS = "americas", _("Americas")
    ASIA_PACIFIC = "asia_pacific", _("Asia-Pacific")


class OrganisationRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Organisation admin")


class ApplicationStatus(models.TextChoices):
    """Where a membership application ("Join us") stands; staff take the decision once."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# Organisation.source values with a meaning in the code (others name an import, e.g. "brochure-2023").
DEMO_SOURCE = "demo"  # generated demo providers (`generate_demo_catalogue`): never members
APPLICATION_SOURCE = "application"  # created by approving a membership application


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
