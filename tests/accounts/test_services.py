from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from accounts.enums import Category, OrganisationRole, Region
from accounts.member_list import parse_member_list
from accounts.models import Organisation, User
from accounts.services.member_import import MEMBER_LIST_SOURCE, import_members
from accounts.services.organisations import update_organisation
from accounts.services.people import register_user
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.portable]


def _records():
    return parse_member_list(settings.MEMBER_SEED_FILE.read_text(encoding="utf-8")).records


@pytest.mark.django_db
def test_import_members_loads_every_named_member():
    summary = import_members(records=_records())

    assert len(summary.created) == 157
    assert Organisation.objects.filter(category=Category.LOCAL_GOVERNMENT).count() == 139
    assert Organisation.objects.filter(category=Category.INSTITUTION).count() == 18


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("region", "name", "country"),
    [
        (Region.AFRICA, "Nairobi", "KE"),
        (Region.EUROPE, "Rotterdam", "NL"),
        (Region.MENA, "Abu Dhabi", "AE"),
        (Region.AMERICAS, "Pittsburgh", "US"),
        (Region.ASIA_PACIFIC, "Ulaanbaatar", "MN"),
    ],
)
def test_import_members_places_a_sample_from_every_region(region, name, country):
    import_members(records=_records())

    organisation = Organisation.objects.get(name=name)
    assert (organisation.region, str(organisation.country), organisation.source) == (
        region,
        country,
        MEMBER_LIST_SOURCE,
    )


@pytest.mark.django_db
def test_import_members_twice_changes_nothing():
    call_command("import_members", stdout=StringIO())
    before = list(Organisation.objects.order_by("pk").values())

    out = StringIO()
    call_command("import_members", stdout=out)

    assert list(Organisation.objects.order_by("pk").values()) == before
    assert out.getvalue().startswith("0 created, 0 updated, 157 unchanged")


@pytest.mark.django_db
def test_import_members_keeps_values_entered_since():
    import_members(records=_records())
    Organisation.objects.filter(name="Seoul").update(population=9_400_000)

    import_members(records=_records())

    assert Organisation.objects.get(name="Seoul").population == 9_400_000


@pytest.mark.django_db
def test_import_members_dry_run_writes_nothing():
    out = StringIO()
    call_command("import_members", "--dry-run", stdout=out)

    assert Organisation.objects.count() == 0
    assert out.getvalue().startswith("[dry run] 157 created")


def organisation_of(user: User) -> Organisation:
    assert user.organisation is not None
    return user.organisation


@pytest.mark.django_db
def test_update_organisation_by_its_admin():
    admin = UserFactory.create(
        organisation=OrganisationFactory.create(), organisation_role=OrganisationRole.ADMIN
    )

    updated = update_organisation(
        organisation=organisation_of(admin), actor=admin, population=4_000_000, gdp_per_capita_ppp=6000
    )

    assert (updated.population, updated.gdp_per_capita_ppp) == (4_000_000, 6000)


@pytest.mark.django_db
def test_update_organisation_by_plain_member_is_denied():
    member = UserFactory.create(
        organisation=OrganisationFactory.create(), organisation_role=OrganisationRole.MEMBER
    )

    with pytest.raises(PermissionDenied):
        update_organisation(organisation=organisation_of(member), actor=member, description="x")


@pytest.mark.django_db
def test_update_other_organisation_is_denied():
    admin = UserFactory.create(
        organisation=OrganisationFactory.create(), organisation_role=OrganisationRole.ADMIN
    )
    other = OrganisationFactory.create()

    with pytest.raises(PermissionDenied):
        update_organisation(organisation=other, actor=admin, description="taken over")
    other.refresh_from_db()
    assert other.description == ""


@pytest.mark.django_db
def test_admin_cannot_change_category():
    admin = UserFactory.create(
        organisation=OrganisationFactory.create(), organisation_role=OrganisationRole.ADMIN
    )

    with pytest.raises(PermissionDenied):
        update_organisation(organisation=organisation_of(admin), actor=admin, category=Category.CORPORATION)


@pytest.mark.django_db
def test_corporation_cannot_record_population():
    staff = UserFactory.create(is_staff=True)
    corporation = CorporationFactory.create()

    with pytest.raises(ValidationError) as excinfo:
        update_organisation(organisation=corporation, actor=staff, population=10)

    assert list(excinfo.value.message_dict) == ["population"]


@pytest.mark.django_db
def test_register_user_reports_every_bad_field():
    UserFactory.create(username="taken", email="taken@example.org")

    with pytest.raises(ValidationError) as excinfo:
        register_user(username="taken", email="TAKEN@example.org", password="123", time_zone="Mars/Base")

    assert sorted(excinfo.value.message_dict) == ["email", "password", "time_zone", "username"]


@pytest.mark.django_db
def test_register_user_files_a_join_request():
    city = OrganisationFactory.create()

    user = register_user(
        username="amina", email="amina@example.org", password="a-long-passphrase", asks_to_join=city
    )

    join_request = user.join_requests.get()
    assert (user.organisation, join_request.organisation, join_request.status) == (None, city, "pending")
