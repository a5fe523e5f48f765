import pytest
from django.test import Client

from tests.factories.accounts import OrganisationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import NeedFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def flood():
    return SolutionFactory.create(
        title="Flood early warning",
        description="River sensors warn market traders before flooding.",
        sectors=["water"],
    )


@pytest.fixture
def need():
    return NeedFactory.create(
        title="Market flooding",
        description="The river floods the market every rainy season.",
        sectors=["water"],
        city=OrganisationFactory.create(name="Kampala"),
    )


def test_need_page_lists_recommendations_with_reasons(flood, need):
    response = Client().get(f"/needs/{need.slug}/")

    recommendations = response.context["recommendations"]
    assert [r.item for r in recommendations] == [flood]
    assert b'class="term"' in response.content


def test_cities_that_need_a_solution_are_shown_to_its_provider_only(flood, need):
    provider_person = UserFactory.create(organisation=flood.provider)
    owner, stranger = Client(), Client()
    owner.force_login(provider_person)
    stranger.force_login(UserFactory.create())

    owner_view = owner.get(f"/solutions/{flood.slug}/")
    stranger_view = stranger.get(f"/solutions/{flood.slug}/")

    assert [r.item for r in owner_view.context["matching_needs"]] == [need]
    assert stranger_view.context["matching_needs"] == []
    assert b"Cities that need this" not in stranger_view.content


def test_a_need_page_never_offers_a_provider_a_meeting_with_itself(flood, need):
    own, other = Client(), Client()
    own.force_login(UserFactory.create(organisation=flood.provider))
    # Someone of another member organisation (an account of none is not offered meetings at all).
    other.force_login(UserFactory.create(organisation=OrganisationFactory.create()))
    booking = f"Book a meeting with {flood.provider.name}".encode()

    own_view = own.get(f"/needs/{need.slug}/")
    other_view = other.get(f"/needs/{need.slug}/")

    assert (own_view.context["bookable_providers"], booking in own_view.content) == (set(), False)
    assert (other_view.context["bookable_providers"], booking in other_view.content) == (
        {flood.provider_id},
        True,
    )


def test_a_provider_contacts_a_city_that_needs_its_solution_with_the_subject_prefilled(flood, need):
    client = Client()
    client.force_login(UserFactory.create(organisation=flood.provider))

    solution_view = client.get(f"/solutions/{flood.slug}/")
    contact = f"/book/org-{need.city_id}/?subject=About%20your%20need%3A%20Market%20flooding"
    booking_view = client.get(contact)

    assert solution_view.context["contactable_cities"] == {need.city_id}
    assert f'href="{contact}">Contact Kampala</a>'.encode() in solution_view.content
    assert booking_view.context["form"]["subject"].value() == "About your need: Market flooding"
    assert booking_view.context["propose_form"]["subject"].value() == "About your need: Market flooding"


def test_the_citys_own_people_are_not_offered_to_contact_their_city(flood, need):
    city_staff = StaffFactory.create(organisation=need.city)
    client = Client()
    client.force_login(city_staff)

    response = client.get(f"/solutions/{flood.slug}/")

    assert [r.item for r in response.context["matching_needs"]] == [need]
    assert (response.context["contactable_cities"], b"Contact Kampala" in response.content) == (set(), False)
