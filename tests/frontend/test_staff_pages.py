"""The staff "to do" page: applications, join requests only staff decide, best cases to review."""

import pytest
from django.test import Client

from accounts.services.joining import request_to_join
from solutions.enums import BestCaseStatus
from tests.factories.accounts import (
    MembershipApplicationFactory,
    OrganisationAdminFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.catalogue import BestCaseFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def staff_client() -> Client:
    client = Client()
    client.force_login(StaffFactory.create())
    return client


def test_the_page_lists_what_waits_for_staff_and_links_to_where_they_act():
    application = MembershipApplicationFactory.create()
    admin_less = OrganisationFactory.create()
    asker = UserFactory.create(organisation=None)
    request_to_join(person=asker, organisation=admin_less)
    with_admin = OrganisationAdminFactory.create().organisation
    assert with_admin is not None
    request_to_join(person=UserFactory.create(organisation=None), organisation=with_admin)
    case = BestCaseFactory.create(status=BestCaseStatus.SUBMITTED)
    BestCaseFactory.create(status=BestCaseStatus.PUBLISHED)

    response = staff_client().get("/staff/")

    assert response.status_code == 200
    assert [a.pk for a in response.context["applications"]] == [application.pk]
    assert [(r.person, r.organisation) for r in response.context["join_requests"]] == [(asker, admin_less)]
    assert [c.pk for c in response.context["best_cases"]] == [case.pk]
    body = response.content.decode()
    assert f"/staff/applications/{application.pk}/" in body
    assert f"/members/{admin_less.slug}/people/" in body
    assert f"/best-cases/{case.pk}/" in body


@pytest.mark.parametrize("rows", [1, 3])
def test_the_page_takes_a_fixed_number_of_queries(rows, django_assert_num_queries):
    for _ in range(rows):
        MembershipApplicationFactory.create()
        request_to_join(
            person=UserFactory.create(organisation=None), organisation=OrganisationFactory.create()
        )
        BestCaseFactory.create(status=BestCaseStatus.SUBMITTED)
    client = staff_client()

    with django_assert_num_queries(8):  # session, user, three lists and their three counts
        client.get("/staff/")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("member", 403), ("admin", 403)],
)
def test_only_staff_see_the_page(who, status):
    client = Client()
    if who == "member":
        client.force_login(UserFactory.create())
    elif who == "admin":
        client.force_login(OrganisationAdminFactory.create())

    assert client.get("/staff/").status_code == status
