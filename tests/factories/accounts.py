import os

import factory
from django_otp_webauthn.models import WebAuthnCredential
from factory.django import DjangoModelFactory

from accounts.enums import Category, Kind, OrganisationRole, Region
from accounts.models import MembershipApplication, Organisation, User


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    category = Category.LOCAL_GOVERNMENT
    kind = Kind.CITY
    country = "KE"
    region = Region.AFRICA


class CorporationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    category = Category.CORPORATION
    kind = Kind.SME
    country = "DE"
    region = Region.EUROPE
    employee_count = 20


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct-horse-battery")
    # Verified by default: most tests are about what verified people do.
    email_verified = True


class OrganisationAdminFactory(UserFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    organisation_role = OrganisationRole.ADMIN


class StaffFactory(UserFactory):
    is_staff = True


class MembershipApplicationFactory(DjangoModelFactory[MembershipApplication]):
    """A pending application from a company (head count given, so the fee is known)."""

    class Meta:
        model = MembershipApplication

    applicant = factory.SubFactory(UserFactory)
    organisation_name = factory.Sequence(lambda n: f"Applicant Company {n}")
    category = Category.CORPORATION
    kind = Kind.STARTUP
    country = "FR"
    locality = "Lyon"
    region = Region.EUROPE
    website = "https://example.org"
    description = factory.Faker("sentence")
    employee_count = 12


class PasskeyFactory(DjangoModelFactory[WebAuthnCredential]):
    """A stored passkey (no key behind it: tests that sign use tests/passkeys.py's SoftAuthenticator
    through the ceremony instead)."""

    class Meta:
        model = WebAuthnCredential

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Passkey {n}")
    credential_id = factory.LazyFunction(lambda: os.urandom(32))
    public_key = b"\xa0"
    aaguid = "00000000-0000-0000-0000-000000000000"
    confirmed = True
