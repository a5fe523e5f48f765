"""Every page that writes, tried by anonymous, another organisation, the owner and staff."""

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import User
from solutions.enums import SolutionStatus
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import NeedFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

OUTCOMES = [("anonymous", 302), ("other", 403), ("owner", 302), ("staff", 302)]


def client_for(who, owner_organisation):
    client = Client()
    users: dict[str, Callable[[], User | None]] = {
        "anonymous": lambda: None,
        "other": lambda: UserFactory.create(organisation=CorporationFactory.create()),
        "owner": lambda: UserFactory.create(organisation=owner_organisation),
        "staff": StaffFactory.create,
    }
    user = users[who]()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("who", "status"), OUTCOMES)
def test_publish_solution_page(who, status):
    draft = SolutionFactory.create(
        status=SolutionStatus.DRAFT, description="A long enough description of it."
    )

    response = client_for(who, draft.provider).post(f"/solutions/{draft.slug}/publish/")

    draft.refresh_from_db()
    assert response.status_code == (404 if who == "other" else status)
    assert draft.status == (SolutionStatus.PUBLISHED if who in {"owner", "staff"} else SolutionStatus.DRAFT)


@pytest.mark.parametrize(("who", "status"), OUTCOMES)
def test_archive_solution_page(who, status):
    solution = SolutionFactory.create()

    response = client_for(who, solution.provider).post(f"/solutions/{solution.slug}/archive/")

    solution.refresh_from_db()
    assert response.status_code == status
    assert solution.status == (
        SolutionStatus.ARCHIVED if who in {"owner", "staff"} else SolutionStatus.PUBLISHED
    )


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("other", 403), ("owner", 200), ("staff", 200)]
)
def test_edit_solution_page(who, status):
    solution = SolutionFactory.create()

    assert client_for(who, solution.provider).get(f"/solutions/{solution.slug}/edit/").status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("other", 403), ("owner", 200), ("staff", 200)]
)
def test_edit_need_page(who, status):
    need = NeedFactory.create(city=OrganisationFactory.create())

    assert client_for(who, need.city).get(f"/needs/{need.slug}/edit/").status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("other", 403), ("owner", 200), ("staff", 200)]
)
def test_edit_organisation_page(who, status):
    organisation = OrganisationFactory.create()
    client = client_for(who, organisation)
    if who == "owner":  # only an organisation's admins edit it
        client.force_login(UserFactory.create(organisation=organisation, organisation_role="admin"))

    assert client.get(f"/members/{organisation.slug}/edit/").status_code == status
