"""Matching activity is logged where it happens: the catalogue search page, the search API, and a
solution page opened from a recommendation (`?via=recommendation`)."""

import pytest
from django.test import Client

from solutions.enums import ActivityKind
from solutions.models import ActivityRecord
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.catalogue import SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def member():
    return UserFactory.create(organisation=OrganisationFactory.create())


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def recorded():
    return list(ActivityRecord.objects.values_list("kind", "organisation_id", "query", "reference"))


def test_catalogue_search_is_recorded_for_members(member):
    SolutionFactory.create(title="Flood sensors")

    response = logged_in(member).get("/solutions/", {"q": "flood sensors"})

    assert response.status_code == 200
    assert recorded() == [(ActivityKind.SEARCH, member.organisation_id, "flood sensors", "")]


def test_browsing_without_a_query_and_anonymous_searches_are_not_recorded(member):
    logged_in(member).get("/solutions/", {"sector": "water"})
    Client().get("/solutions/", {"q": "flood"})

    assert recorded() == []


def test_search_api_is_recorded_for_members(member, api_client):
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/solutions/search/", {"q": "parking"})

    assert response.status_code == 200
    assert recorded() == [(ActivityKind.SEARCH, member.organisation_id, "parking", "")]


def test_solution_opened_from_a_recommendation_is_recorded(member):
    solution = SolutionFactory.create()
    client = logged_in(member)

    client.get(f"/solutions/{solution.slug}/")
    response = client.get(f"/solutions/{solution.slug}/", {"via": "recommendation"})

    assert response.status_code == 200
    assert recorded() == [
        (ActivityKind.RECOMMENDATION_FOLLOWED, member.organisation_id, "", f"solution:{solution.pk}")
    ]
