"""Activator sharing API (issue 15, High 1): the attack through the API fails, and the city's people
list, share (directly or on a proposal) and revoke; nobody else does."""

import pytest

from cities.models import ActivatorResultShare
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import ActivatorResultShareFactory, SurveyResponseFactory
from tests.factories.projects import ProposalFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SHARES = "/api/v1/activator/shares/"
RESPONSES = "/api/v1/activator/responses/"


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Kampala")


@pytest.fixture
def city_person(city):
    return UserFactory.create(organisation=city)


@pytest.fixture
def provider():
    return CorporationFactory.create(name="Acme Flood Tech")


@pytest.fixture
def provider_person(provider):
    return UserFactory.create(organisation=provider)


def test_a_provider_that_proposes_a_project_to_a_city_cannot_read_its_results(
    api_client, city, provider, provider_person
):
    result = SurveyResponseFactory.create(city=city)
    api_client.force_authenticate(provider_person)
    proposed = api_client.post(
        "/api/v1/proposals/",
        {"city": city.pk, "providers": [provider.pk], "title": "Sensors", "scope": "Sensors."},
        format="json",
    )

    codes = [
        api_client.get(RESPONSES, {"city": city.pk}).status_code,
        api_client.get(f"{RESPONSES}{result.pk}/").status_code,
        api_client.get(f"{RESPONSES}{result.pk}/recommendations/").status_code,
    ]

    assert (proposed.status_code, codes) == (201, [403, 403, 403])


def test_the_city_shares_and_revokes_through_the_api(
    api_client, city, city_person, provider, provider_person
):
    result = SurveyResponseFactory.create(city=city)
    api_client.force_authenticate(city_person)
    shared = api_client.post(SHARES, {"provider": provider.pk}, format="json")
    listed = api_client.get(SHARES).json()["results"]
    api_client.force_authenticate(provider_person)
    sees = api_client.get(f"{RESPONSES}{result.pk}/").status_code

    api_client.force_authenticate(city_person)
    revoked = api_client.post(f"{SHARES}{shared.json()['id']}/revoke/")
    api_client.force_authenticate(provider_person)

    assert (shared.status_code, [s["provider"] for s in listed], sees) == (201, [provider.pk], 200)
    assert (revoked.status_code, revoked.json()["end_reason"]) == (200, "Revoked by the city.")
    assert api_client.get(f"{RESPONSES}{result.pk}/").status_code == 403


def test_the_city_shares_on_a_proposal_through_the_api(api_client, city, city_person, provider):
    proposal = ProposalFactory.create(city=city, providers=[provider])
    api_client.force_authenticate(city_person)

    response = api_client.post(SHARES, {"provider": provider.pk, "proposal": proposal.pk}, format="json")

    assert (response.status_code, response.json()["source"], response.json()["proposal"]) == (
        201,
        "proposal",
        proposal.pk,
    )


@pytest.mark.parametrize("who", ["anonymous", "provider", "staff", "another city's person"])
def test_only_a_citys_people_list_and_share(api_client, provider, provider_person, who):
    user = {
        "anonymous": None,
        "provider": provider_person,
        "staff": StaffFactory.create(),
        "another city's person": None,
    }[who]
    if who == "another city's person":
        user = UserFactory.create(organisation=CorporationFactory.create())
    if user is not None:
        api_client.force_authenticate(user)

    codes = {
        api_client.get(SHARES).status_code,
        api_client.post(SHARES, {"provider": provider.pk}, format="json").status_code,
    }

    assert codes == ({401} if who == "anonymous" else {403})
    assert ActivatorResultShare.objects.count() == 0


@pytest.mark.parametrize("provider_value", ["abc", 999999, "city"])
def test_sharing_with_a_wrong_provider_is_a_400(api_client, city, city_person, provider_value):
    api_client.force_authenticate(city_person)

    response = api_client.post(
        SHARES, {"provider": city.pk if provider_value == "city" else provider_value}, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["provider"])


def test_revoking_another_citys_share_is_404(api_client, city_person, provider_person):
    share = ActivatorResultShareFactory.create(provider=provider_person.organisation)

    codes = []
    for user in (city_person, provider_person):
        api_client.force_authenticate(user)
        codes.append(api_client.post(f"{SHARES}{share.pk}/revoke/").status_code)

    share.refresh_from_db()
    assert (codes, share.ended_at) == ([404, 404], None)


@pytest.mark.parametrize("item_count", [1, 3])
def test_shares_list_query_count_is_constant(
    api_client, city, city_person, django_assert_num_queries, item_count
):
    ActivatorResultShareFactory.create_batch(item_count, city=city)
    api_client.force_authenticate(city_person)

    with django_assert_num_queries(2):  # count, page (provider joined); the user came with its city
        response = api_client.get(SHARES)

    assert len(response.json()["results"]) == item_count
