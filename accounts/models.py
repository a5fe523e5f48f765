from __future__ import annotations

import zoneinfo
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext, gettext_lazy
from django_countries.fields import CountryField
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS

from accounts.enums import (
    KINDS_BY_CATEGORY,
    ApplicationStatus,
    Category,
    JoinRequestStatus,
    Kind,
    OrganisationRole,
    Region,
)
from common import languages as product_languages
from common.fields import LONG_TEXT_LENGTH, NOTE_LENGTH, BoundedTextField
from common.models import TimeStampedModel


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            gettext("“%(value)s” is not a known IANA time zone (e.g. Europe/Berlin).") % {"value": value}
        )


class Organisation(TimeStampedModel):
    """A member of the association: a local government, a corporation or an institution."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    category = models.CharField(max_length=32, choices=Category.choices)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    country = CountryField()
    region = models.CharField(max_length=32, choices=Region.choices)
    website = models.URLField(blank=True)
    # A URL, not an upload: the project has no image library (Pillow) to validate uploaded files.
    logo_url = models.URLField(gettext_lazy("logo URL"), blank=True)
    description = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    # Local governments: the fee table's inputs (brochure: GDP per capita PPP from the IMF).
    population = models.PositiveBigIntegerField(null=True, blank=True)
    gdp_per_capita_ppp = models.DecimalField(
        gettext_lazy("GDP per capita (PPP, USD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Corporations and institutions: the fee depends on head count.
    employee_count = models.PositiveIntegerField(null=True, blank=True)
    # Where the record came from, e.g. "brochure-2023"; empty for records made in the app.
    source = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "country", "name"], name="organisation_unique_name"),
            models.CheckConstraint(
                condition=models.Q(category=Category.LOCAL_GOVERNMENT) | models.Q(population__isnull=True),
                name="organisation_population_only_for_local_government",
            ),
            models.CheckConstraint(
                condition=models.Q(category=Category.LOCAL_GOVERNMENT)
                | models.Q(gdp_per_capita_ppp__isnull=True),
                name="organisation_gdp_only_for_local_government",
            ),
            models.CheckConstraint(
                condition=~models.Q(category=Category.LOCAL_GOVERNMENT)
                | models.Q(employee_count__isnull=True),
                name="organisation_employees_not_for_local_government",
            ),
        ]
        indexes = [models.Index(fields=["region", "country"]), models.Index(fields=["category"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_local_government(self) -> bool:
        return self.category == Category.LOCAL_GOVERNMENT

    def clean(self) -> None:
        if errors := profile_errors(self, fee_figures_required=False):
            raise ValidationError(errors)


# ApiToken's base class (knox) is untyped, so django-stubs cannot type its reverse manager here.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A person. Belongs to at most one organisation; association staff are Django staff."""

    email = models.EmailField(gettext_lazy("e-mail address"), unique=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    organisation_role = models.CharField(
        max_length=16, choices=OrganisationRole.choices, default=OrganisationRole.MEMBER
    )
    job_title = models.CharField(max_length=120, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # The interface language chosen on the profile or with the switcher, used for the pages and for
    # everything sent to the person (e-mails, reminders, calendar texts). Blank: the browser's
    # language on pages, the site's default (English) in what we send.
    language = models.CharField(max_length=8, blank=True, choices=product_languages.CHOICES)
    # Whether the person proved they receive mail at `email` (the link `accounts.verification`
    # signs). Unverified people can sign in but not book or send anything that e-mails others.
    email_verified = models.BooleanField(gettext_lazy("e-mail address verified"), default=False)
    # A new address asked for on the profile: `email` keeps the old one until this one is verified.
    pending_email = models.EmailField(gettext_lazy("new e-mail address (not verified yet)"), blank=True)
    # When the last verification link was sent: resending is allowed once a minute.
    email_verification_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the person deleted their account (privacy.services.delete_account): the row stays, so the
    # organisation's meetings, needs and proposals keep their author, but it holds no personal data.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        if self.erased_at is not None:
            return gettext("Former member")
        return self.get_full_name() or self.username

    @property
    def is_organisation_admin(self) -> bool:
        return self.organisation_id is not None and self.organisation_role == OrganisationRole.ADMIN


def profile_errors(
    record: Organisation | MembershipApplication, *, fee_figures_required: bool
) -> dict[str, str]:
    """Single-row rules an organisation and an application for one share, by field: the kind belongs
    to the category, and the fee figures fit it (or, `fee_figures_required`, are all given)."""
    errors: dict[str, str] = {}
    if record.kind and record.category and record.kind not in KINDS_BY_CATEGORY.get(record.category, ()):
        errors["kind"] = gettext("“%(kind)s” is not a kind of %(category)s.") % {
            "kind": record.get_kind_display(),
            "category": record.get_category_display(),
        }
    errors.update(
        fee_figure_errors(
            category=record.category,
            population=record.population,
            gdp_per_capita_ppp=record.gdp_per_capita_ppp,
            employee_count=record.employee_count,
            required=fee_figures_required,
        )
    )
    return errors


def fee_figure_errors(
    *,
    category: str,
    population: int | None,
    gdp_per_capita_ppp: Decimal | int | None,
    employee_count: int | None,
    required: bool,
) -> dict[str, str]:
    """Which fee figures do not fit `category` (or, with `required`, are missing), by field."""
    errors: dict[str, str] = {}
    if category == Category.LOCAL_GOVERNMENT:
        if employee_count is not None:
            errors["employee_count"] = gettext(
                "Local governments are charged by population and GDP, not head count."
            )
        if required and population is None:
            errors["population"] = gettext("The fee of a local government depends on its population.")
        if required and gdp_per_capita_ppp is None:
            errors["gdp_per_capita_ppp"] = gettext(
                "The fee of a local government depends on its GDP per capita."
            )
    elif category:
        if population is not None:
            errors["population"] = gettext("Only local governments record a population.")
        if gdp_per_capita_ppp is not None:
            errors["gdp_per_capita_ppp"] = gettext("Only local governments record a GDP per capita.")
        if required and employee_count is None:
            errors["employee_count"] = gettext(
                "The fee of a company or institution depends on its number of employees."
            )
    return errors


class MembershipApplication(TimeStampedModel):
    """An organisation asking to join ("Join us"). Approval creates the `Organisation` and makes the
    applicant, its contact person, the organisation's first admin."""

    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    applicant = models.ForeignKey(User, on_delete=models.PROTECT, related_name="membership_applications")
    organisation_name = models.CharField(gettext_lazy("organisation name"), max_length=200)
    category = models.CharField(max_length=32, choices=Category.choices)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    country = CountryField()
    locality = models.CharField(gettext_lazy("city or region"), max_length=200, blank=True)
    region = models.CharField(gettext_lazy("world region"), max_length=32, choices=Region.choices)
    website = models.URLField(blank=True)
    description = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    population = models.PositiveBigIntegerField(null=True, blank=True)
    gdp_per_capita_ppp = models.DecimalField(
        gettext_lazy("GDP per capita (PPP, USD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    employee_count = models.PositiveIntegerField(gettext_lazy("employees"), null=True, blank=True)
    contact_job_title = models.CharField(gettext_lazy("contact's job title"), max_length=120, blank=True)
    # The decision (staff).
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="decided_membership_applications"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = BoundedTextField(max_length=NOTE_LENGTH, blank=True)
    organisation = models.OneToOneField(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membership_application",
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One open application per person: a second one would race the first to the same admin seat.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=models.Q(status=ApplicationStatus.PENDING),
                name="membership_application_one_pending_per_applicant",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ApplicationStatus.REJECTED) | ~models.Q(rejection_reason=""),
                name="membership_application_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ApplicationStatus.APPROVED) | models.Q(organisation__isnull=False),
                name="membership_application_approval_has_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ApplicationStatus.PENDING) | models.Q(decided_at__isnull=False),
                name="membership_application_decision_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == ApplicationStatus.PENDING

    def clean(self) -> None:
        # Unlike an organisation's record, an application must give the figures its fee needs.
        if errors := profile_errors(self, fee_figures_required=True):
            raise ValidationError(errors)


class UnconfirmedApplication(TimeStampedModel):
    """A membership application from someone without an account, held until they open the link
    e-mailed to `email` (issue 15: applying must not tell whether an address has an account). Only
    then is their account made and the application submitted to staff; until then staff never see
    it. Held here, not in the link, because the organisation's description alone may run to 10,000
    characters; rows whose link expired are deleted when the next one is held."""

    email = models.EmailField()
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    contact_job_title = models.CharField(max_length=120, blank=True)
    # The organisation's fields as validated (`APPLICATION_FIELDS`), JSON-ready.
    details = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.details.get('organisation_name', '')} <{self.email}>"


class JoinRequest(TimeStampedModel):
    """A person asks to represent an organisation (as a member, or as its admin when it has none).

    The organisation's admins decide member requests (staff, while it has no admin); only staff
    decide `as_admin` requests. A person has at most one pending request.
    """

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="join_requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="join_requests")
    as_admin = models.BooleanField(gettext_lazy("as the organisation's admin"), default=False)
    status = models.CharField(
        max_length=16, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="join_requests_decided"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = BoundedTextField(max_length=NOTE_LENGTH, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status=JoinRequestStatus.PENDING),
                name="join_request_one_pending_per_person",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.organisation} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == JoinRequestStatus.PENDING


class Invitation(TimeStampedModel):
    """An organisation admin invites a colleague by e-mail; the link works once, for 7 days.

    Only the SHA-256 of the link's random token is stored. Invitations only ever give the member role.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(gettext_lazy("e-mail address"))
    role = models.CharField(max_length=16, choices=OrganisationRole.choices, default=OrganisationRole.MEMBER)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_accepted"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role=OrganisationRole.MEMBER), name="invitation_only_member_role"
            ),
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        """Neither accepted nor revoked (it may still have expired)."""
        return self.accepted_at is None and self.revoked_at is None


API_TOKEN_NAME_MAX_LENGTH = 100


class ApiToken(AbstractAuthToken):
    """An API token of one person (django-rest-knox's token with a label and the time it was last used).

    Only the SHA-512 digest of the token is stored (knox); the token itself is shown once, when it is
    made. An integer id names the token in URLs, so the digest never appears in one.
    """

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(max_length=API_TOKEN_NAME_MAX_LENGTH)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = gettext_lazy("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
