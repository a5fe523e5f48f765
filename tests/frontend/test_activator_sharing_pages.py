"""The pages where a city decides who sees its Activator results (issue 15, High 1): the sharing page
(share, revoke), sharing on a proposal's page, on accepting a meeting, and the provider's way to the
results shared with it."""

import pytest
from django.test import Client

from cities.models import ActivatorResultShare
from projects.enums import Stage
from projects.services import change_stage, create_proposal
from scheduling.services.meetings import request_meeting
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import ActivatorResultShareFactory, SurveyResponseFactory
from tests.factories.projects import ProposalFactory
from tests.scheduling.conftest import berlin_at, open_every_day
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def logged_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


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


@pytest.fixture
def result(city):
    return SurveyResponseFactory.create(city=city)


def test_a_provider_that_names_the_city_on_a_proposal_is_refused_the_results(
    city, provider, provider_person, result
):
    client = logged_in(provider_person)
    create_proposal(actor=provider_person, city=city, providers=[provider], title="Sensors", scope="Sensors.")

    codes = [
        client.get(f"/activator/results/{result.pk}/").status_code,
        client.get("/activator/history/", {"city": city.pk}).status_code,
    ]

    assert codes == [403, 403]


def test_the_city_shares_from_the_sharing_page_and_revokes(city_person, provider, provider_person, result):
    city_client, provider_client = logged_in(city_person), logged_in(provider_person)

    shared = city_client.post("/activator/sharing/", {"provider": provider.pk})
    sees_after_share = provider_client.get(f"/activator/results/{result.pk}/").status_code
    share = ActivatorResultShare.objects.get()
    revoked = city_client.post(f"/activator/sharing/{share.pk}/revoke/")

    assert (shared.status_code, sees_after_share, revoked.status_code) == (302, 200, 302)
    assert provider_client.get(f"/activator/results/{result.pk}/").status_code == 403


def test_sharing_page_lists_who_sees_the_results(city, city_person, provider):
    ActivatorResultShareFactory.create(city=city, provider=provider)

    response = logged_in(city_person).get("/activator/sharing/")

    assert [share.provider for share in response.context["page"]] == [provider]
    assert provider not in response.context["form"].fields["provider"].queryset


@pytest.mark.parametrize("provider_value", ["abc", "999999", "city"])
def test_sharing_with_a_wrong_provider_is_a_form_error(city, city_person, provider_value):
    value = str(city.pk) if provider_value == "city" else provider_value

    response = logged_in(city_person).post("/activator/sharing/", {"provider": value})

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["provider"])
    assert ActivatorResultShare.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("provider", 403), ("staff", 403)])
def test_only_a_citys_people_open_the_sharing_page(provider_person, who, status):
    user = {"anonymous": None, "provider": provider_person, "staff": StaffFactory.create()}[who]

    codes = {logged_in(user).get("/activator/sharing/").status_code}
    codes.add(
        logged_in(user).post("/activator/sharing/", {"provider": provider_person.organisation_id}).status_code
    )

    assert codes == {status}
    assert ActivatorResultShare.objects.count() == 0


@pytest.mark.parametrize("who", ["provider", "another city's person"])
def test_only_the_citys_people_revoke_a_share(city, provider_person, who):
    share = ActivatorResultShareFactory.create(city=city, provider=provider_person.organisation)
    user = (
        provider_person
        if who == "provider"
        else UserFactory.create(organisation=OrganisationFactory.create())
    )

    response = logged_in(user).post(f"/activator/sharing/{share.pk}/revoke/")

    share.refresh_from_db()
    assert (response.status_code, share.ended_at) == (404, None)


@pytest.mark.parametrize("item_count", [1, 3])
def test_sharing_page_query_count_is_constant(city, city_person, django_assert_num_queries, item_count):
    ActivatorResultShareFactory.create_batch(item_count, city=city)
    client = logged_in(city_person)

    # session, user, organisation, count, page (provider, proposal, sharer joined), provider choices
    with django_assert_num_queries(6):
        response = client.get("/activator/sharing/")

    assert len(response.context["page"]) == item_count


def test_a_provider_finds_the_cities_that_share_with_it_on_the_activator_page(
    city, provider, provider_person
):
    ActivatorResultShareFactory.create(city=city, provider=provider)
    ActivatorResultShareFactory.create(provider=provider, ended_at="2030-01-01T00:00Z")  # revoked

    response = logged_in(provider_person).get("/activator/")

    assert response.context["shared_with_us"] == [city]


# --- On a proposal's page ------------------------------------------------------------------------


@pytest.fixture
def proposal(city, provider):
    return ProposalFactory.create(city=city, providers=[provider], title="River sensors")


def test_the_city_shares_on_a_proposal_and_it_ends_when_dropped(proposal, provider_person, result):
    city_client = logged_in(proposal.owner)
    offered = city_client.get(f"/projects/{proposal.pk}/").context["activator_sharing"]["offer"]

    shared = city_client.post(f"/projects/{proposal.pk}/share-activator-results/")
    provider_page = logged_in(provider_person).get(f"/projects/{proposal.pk}/")
    sees_while_open = logged_in(provider_person).get(f"/activator/results/{result.pk}/").status_code
    change_stage(proposal=proposal, actor=provider_person, stage=Stage.DROPPED)

    assert (offered, shared.status_code, sees_while_open) == ([proposal.providers.get()], 302, 200)
    assert provider_page.context["activator_sharing"]["can_see_results"] is True
    assert logged_in(provider_person).get(f"/activator/results/{result.pk}/").status_code == 403


@pytest.mark.parametrize("who", ["provider", "staff"])
def test_only_the_city_shares_on_a_proposal(proposal, provider_person, who):
    user = provider_person if who == "provider" else StaffFactory.create()

    page = logged_in(user).get(f"/projects/{proposal.pk}/")
    response = logged_in(user).post(f"/projects/{proposal.pk}/share-activator-results/")

    assert (page.context["activator_sharing"]["offer"], response.status_code) == ([], 403)
    assert ActivatorResultShare.objects.count() == 0


def test_an_outsider_cannot_share_on_a_proposal_it_does_not_see(proposal):
    outsider = UserFactory.create(organisation=OrganisationFactory.create())

    response = logged_in(outsider).post(f"/projects/{proposal.pk}/share-activator-results/")

    assert (response.status_code, ActivatorResultShare.objects.count()) == (404, 0)


# --- Sharing on accepting a meeting ---------------------------------------------------------


@pytest.fixture
def asked_meeting(city, provider_person):
    city_side = open_every_day(OrganisationParticipantFactory.create(organisation=city))
    return request_meeting(
        actor=provider_person, invitee=city_side, subject="Flood sensors", length=30, start=berlin_at(3, 10)
    )


def test_the_meeting_page_offers_sharing_to_the_city_only_and_unticked(
    asked_meeting, city_person, provider_person
):
    city_page = logged_in(city_person).get(f"/my/meetings/{asked_meeting.pk}/").content.decode()
    provider_page = logged_in(provider_person).get(f"/my/meetings/{asked_meeting.pk}/").content.decode()

    assert "Share our Activator results with Acme Flood Tech" in city_page
    assert 'name="share_activator_results" value="on">' in city_page  # not checked
    assert "share_activator_results" not in provider_page


def test_accepting_with_the_box_ticked_shares_and_the_sharing_page_lists_it(
    asked_meeting, city, city_person, provider_person, result
):
    client = logged_in(city_person)

    client.post(
        f"/my/meetings/{asked_meeting.pk}/accept/", {"back": "meeting", "share_activator_results": "on"}
    )
    sharing_page = client.get("/activator/sharing/").content.decode()

    share = ActivatorResultShare.objects.get()
    assert (share.meeting_id, share.provider.name) == (asked_meeting.pk, "Acme Flood Tech")
    assert "On accepting the meeting" in sharing_page
    assert logged_in(provider_person).get(f"/activator/results/{result.pk}/").status_code == 200


def test_accepting_without_the_box_shares_nothing(asked_meeting, city_person, provider_person, result):
    logged_in(city_person).post(f"/my/meetings/{asked_meeting.pk}/accept/", {"back": "meeting"})

    asked_meeting.refresh_from_db()
    assert asked_meeting.status == "confirmed"
    assert ActivatorResultShare.objects.count() == 0
    assert logged_in(provider_person).get(f"/activator/results/{result.pk}/").status_code == 403


def test_cancelling_the_meeting_ends_the_share_made_on_it(
    asked_meeting, city_person, provider_person, result
):
    logged_in(city_person).post(
        f"/my/meetings/{asked_meeting.pk}/accept/", {"back": "meeting", "share_activator_results": "on"}
    )

    logged_in(provider_person).post(f"/my/meetings/{asked_meeting.pk}/cancel/", {"back": "meeting"})

    assert logged_in(provider_person).get(f"/activator/results/{result.pk}/").status_code == 403
