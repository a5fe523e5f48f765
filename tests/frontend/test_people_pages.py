"""The people page, the invitation link, the join banner and asking to join from the profile."""

import pytest
from django.test import Client

from accounts.enums import JoinRequestStatus, OrganisationRole
from accounts.models import JoinRequest
from accounts.services.invitations import invite_colleague
from accounts.services.joining import request_to_join
from tests.factories.accounts import OrganisationAdminFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def admin():
    return OrganisationAdminFactory.create(
        organisation=OrganisationFactory.create(name="Nairobi", slug="nairobi")
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("stranger", 403), ("member", 403), ("admin", 200), ("staff", 200)],
)
def test_people_page_permissions(admin, who, status):
    users = {
        "stranger": UserFactory.create(),
        "member": UserFactory.create(organisation=admin.organisation),
        "admin": admin,
        "staff": StaffFactory.create(),
    }
    client = logged_in(users[who]) if who in users else Client()

    assert client.get("/members/nairobi/people/").status_code == status


@pytest.mark.parametrize("item_count", [1, 3])
def test_people_page_query_count_is_constant(admin, django_assert_num_queries, item_count):
    for _ in range(item_count):
        request_to_join(person=UserFactory.create(), organisation=admin.organisation)
        UserFactory.create(organisation=admin.organisation)
        invite_colleague(organisation=admin.organisation, email=f"x{_}@example.org", invited_by=admin)
    client = logged_in(admin)

    # session, user, organisation (slug, then access), requests, people, invitations, and the
    # people page's own check of the admin's organisation: constant whatever the row count
    with django_assert_num_queries(8):
        response = client.get("/members/nairobi/people/")

    assert len(response.context["requests"]) == item_count


def test_admin_approves_from_the_people_page(admin):
    person = UserFactory.create()
    join_request = request_to_join(person=person, organisation=admin.organisation)

    response = logged_in(admin).post(f"/members/nairobi/people/requests/{join_request.pk}/approve/")

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.organisation == admin.organisation


@pytest.mark.parametrize("who", ["anonymous", "stranger", "member"])
def test_decisions_roles_invites_refused_to_others(admin, who):
    join_request = request_to_join(person=UserFactory.create(), organisation=admin.organisation)
    member = UserFactory.create(organisation=admin.organisation)
    users = {"stranger": UserFactory.create(), "member": member}
    client = logged_in(users[who]) if who in users else Client()
    expected = 302 if who == "anonymous" else 403

    assert client.post(f"/members/nairobi/people/requests/{join_request.pk}/approve/").status_code == expected
    assert (
        client.post(f"/members/nairobi/people/{member.pk}/role/", {"role": "admin"}).status_code == expected
    )
    assert client.post(f"/members/nairobi/people/{member.pk}/remove/").status_code == expected
    assert client.post("/members/nairobi/people/invite/", {"email": "x@example.org"}).status_code == expected
    assert JoinRequest.objects.get().status == JoinRequestStatus.PENDING
    member.refresh_from_db()
    assert (member.organisation, member.organisation_role) == (admin.organisation, OrganisationRole.MEMBER)


def test_last_admin_demoting_themselves_sees_a_message(admin):
    response = logged_in(admin).post(
        f"/members/nairobi/people/{admin.pk}/role/", {"role": "member"}, follow=True
    )

    assert "last admin" in response.content.decode()
    admin.refresh_from_db()
    assert admin.organisation_role == OrganisationRole.ADMIN


def test_staff_appoint_admin_from_organisation_page(admin):
    city = OrganisationFactory.create(slug="accra")
    person = UserFactory.create()
    request_to_join(person=person, organisation=city)
    staff = logged_in(StaffFactory.create())

    assert "appoint-admin" in staff.get("/members/accra/").content.decode()
    staff.post("/members/accra/appoint-admin/", {"person": person.pk})

    person.refresh_from_db()
    assert (person.organisation, person.organisation_role) == (city, OrganisationRole.ADMIN)
    assert logged_in(person).post("/members/accra/appoint-admin/", {"person": person.pk}).status_code == 302
    assert UserFactory.create().organisation is None


def test_invitation_link_signs_up_into_the_organisation(admin):
    issued = invite_colleague(organisation=admin.organisation, email="w@example.org", invited_by=admin)
    client = Client()

    assert client.get(f"/invitations/{issued.token}/").status_code == 200
    response = client.post(
        f"/invitations/{issued.token}/",
        {
            "username": "w",
            "password": "a-long-passphrase",
            "password_again": "a-long-passphrase",
            "time_zone": "UTC",
        },
    )

    assert response.status_code == 302
    assert client.get("/").context["user"].organisation == admin.organisation
    assert Client().get(f"/invitations/{issued.token}/").status_code == 410


def test_invitation_failure_pages(admin):
    issued = invite_colleague(organisation=admin.organisation, email="w@example.org", invited_by=admin)

    forged = Client().get("/invitations/not-a-token/")
    other = logged_in(UserFactory.create(email="z@example.org")).get(f"/invitations/{issued.token}/")

    assert forged.status_code == 404
    assert "not valid" in forged.content.decode()
    assert other.status_code == 403
    assert "w@example.org" in other.content.decode()


@pytest.mark.parametrize("url", ["/", "/my/needs/", "/my/solutions/"])
def test_pending_request_banner(admin, url):
    person = UserFactory.create()
    request_to_join(person=person, organisation=admin.organisation)

    response = logged_in(person).get(url)

    assert 'data-testid="join-request-banner"' in response.content.decode()


def test_ask_and_withdraw_from_the_profile(admin):
    person = UserFactory.create()
    client = logged_in(person)

    client.post("/accounts/profile/join/", {"organisation": admin.organisation.pk})
    join_request = JoinRequest.objects.get(person=person)
    client.post(f"/accounts/profile/join/{join_request.pk}/withdraw/")

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.WITHDRAWN


def test_signup_shows_the_time_zone_script():
    content = Client().get("/accounts/signup/").content.decode()

    assert "browser_time_zone.js" in content
    assert "data-browser-time-zone" in content


def test_the_invitation_page_is_throttled_like_the_sign_up_links(admin, settings):
    """Its holder is told when a username is taken, as on the sign-up link's page: not in bulk."""
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "signup": "2/hour"}
    issued = invite_colleague(organisation=admin.organisation, email="w@example.org", invited_by=admin)
    UserFactory.create(username="taken")
    client = Client()
    form = {"username": "taken", "password": "a-long-passphrase", "password_again": "a-long-passphrase"}

    codes = [
        client.post(f"/invitations/{issued.token}/", {**form, "time_zone": "UTC"}).status_code
        for _ in range(3)
    ]

    assert codes == [200, 200, 429]
    assert client.get(f"/invitations/{issued.token}/").status_code == 200
