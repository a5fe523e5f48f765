"""Who sees a city's Activator results (issue 15, High 1): only what the city itself shares, until it
revokes it or the proposal or meeting it shared on ends; a proposal naming the city grants nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cities import selectors
from cities.enums import ActivatorShareSource
from cities.models import ActivatorResultShare
from cities.services.activator_sharing import (
    accept_meeting_sharing_activator_results,
    revoke_activator_share,
    share_activator_results,
    share_activator_results_on_meeting,
    share_activator_results_on_proposal,
)
from projects import services as project_services
from projects.enums import Stage
from scheduling.enums import MeetingStatus
from scheduling.services.meetings import (
    accept_meeting,
    cancel_meeting,
    decline_meeting,
    propose_new_time,
    request_meeting,
)
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import ActivatorResultShareFactory
from tests.factories.projects import ProposalFactory
from tests.scheduling.conftest import berlin_at, open_every_day
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


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


def test_a_provider_naming_a_city_on_its_own_proposal_sees_nothing(city, provider, provider_person):
    project_services.create_proposal(
        actor=provider_person, city=city, providers=[provider], title="Sensors", scope="Sensors."
    )

    assert selectors.can_see_activator_results(provider_person, city) is False


def test_a_provider_added_to_another_providers_proposal_sees_nothing(city, provider, provider_person):
    proposer_company = CorporationFactory.create()
    proposer = UserFactory.create(organisation=proposer_company)
    proposal = project_services.create_proposal(
        actor=proposer, city=city, providers=[proposer_company], title="Sensors", scope="Sensors."
    )

    project_services.update_proposal(
        proposal=proposal, actor=proposer, providers=[proposer_company, provider]
    )

    assert selectors.can_see_activator_results(provider_person, city) is False


def test_the_city_shares_then_revokes(city, city_person, provider, provider_person):
    share = share_activator_results(actor=city_person, city=city, provider=provider)
    sees_after_share = selectors.can_see_activator_results(provider_person, city)

    revoke_activator_share(actor=city_person, share=share)

    share.refresh_from_db()
    assert (sees_after_share, selectors.can_see_activator_results(provider_person, city)) == (True, False)
    assert (share.source, share.created_by, share.ended_by, share.end_reason) == (
        ActivatorShareSource.SHARED,
        city_person,
        city_person,
        "Revoked by the city.",
    )


def test_sharing_again_returns_the_active_share(city, city_person, provider):
    first = share_activator_results(actor=city_person, city=city, provider=provider)

    again = share_activator_results(actor=city_person, city=city, provider=provider)

    assert (again, ActivatorResultShare.objects.count()) == (first, 1)


@pytest.mark.parametrize("who", ["provider", "staff", "another city's person"])
def test_only_the_citys_own_people_share(city, provider, provider_person, who):
    actor = {
        "provider": provider_person,
        "staff": StaffFactory.create(),
        "another city's person": UserFactory.create(organisation=OrganisationFactory.create()),
    }[who]

    with pytest.raises(PermissionDenied):
        share_activator_results(actor=actor, city=city, provider=provider)

    assert ActivatorResultShare.objects.count() == 0


def test_results_are_shared_with_providers_only(city, city_person):
    with pytest.raises(ValidationError) as error:
        share_activator_results(actor=city_person, city=city, provider=OrganisationFactory.create())

    assert list(error.value.message_dict) == ["provider"]


@pytest.mark.parametrize("who", ["provider", "staff"])
def test_only_the_citys_own_people_revoke(city, provider_person, who):
    share = ActivatorResultShareFactory.create(city=city, provider=provider_person.organisation)
    actor = provider_person if who == "provider" else StaffFactory.create()

    with pytest.raises(PermissionDenied):
        revoke_activator_share(actor=actor, share=share)

    share.refresh_from_db()
    assert share.ended_at is None


def test_revoking_another_citys_share_is_404(city_person):
    share = ActivatorResultShareFactory.create()

    with pytest.raises(Http404):
        selectors.access_activator_share_for_revoke(city_person, share.pk)


# --- Shared on a proposal: ends with the relationship ---------------------------------------------


@pytest.fixture
def proposal(city, provider):
    return ProposalFactory.create(city=city, providers=[provider])


def test_a_share_on_a_proposal_ends_when_the_proposal_is_dropped(proposal, provider_person):
    city_person = proposal.owner
    share_activator_results_on_proposal(actor=city_person, proposal=proposal)
    sees_while_open = selectors.can_see_activator_results(provider_person, proposal.city)

    project_services.change_stage(proposal=proposal, actor=provider_person, stage=Stage.DROPPED)

    share = ActivatorResultShare.objects.get()
    assert (sees_while_open, selectors.can_see_activator_results(provider_person, proposal.city)) == (
        True,
        False,
    )
    assert (share.source, share.end_reason) == (ActivatorShareSource.PROPOSAL, "The proposal was dropped.")


def test_reopening_a_dropped_proposal_does_not_restore_the_share(proposal, provider_person):
    share_activator_results_on_proposal(actor=proposal.owner, proposal=proposal)
    project_services.change_stage(proposal=proposal, actor=provider_person, stage=Stage.DROPPED)

    project_services.change_stage(proposal=proposal, actor=provider_person, stage=Stage.PROPOSAL)

    assert selectors.can_see_activator_results(provider_person, proposal.city) is False


def test_a_share_on_a_proposal_ends_when_the_project_is_done(proposal, provider_person):
    share_activator_results_on_proposal(actor=proposal.owner, proposal=proposal)
    for stage in (Stage.PARTNERSHIP_AGREED, Stage.IMPLEMENTING, Stage.DONE):
        project_services.change_stage(proposal=proposal, actor=provider_person, stage=stage)

    assert selectors.can_see_activator_results(provider_person, proposal.city) is False


def test_a_share_on_a_proposal_ends_for_a_provider_taken_off_it(proposal, provider, provider_person):
    staying = CorporationFactory.create()
    project_services.update_proposal(proposal=proposal, actor=proposal.owner, providers=[provider, staying])
    share_activator_results_on_proposal(actor=proposal.owner, proposal=proposal)

    project_services.update_proposal(proposal=proposal, actor=proposal.owner, providers=[staying])

    assert (
        selectors.can_see_activator_results(provider_person, proposal.city),
        selectors.can_see_activator_results(UserFactory.create(organisation=staying), proposal.city),
    ) == (False, True)


def test_dropping_a_proposal_keeps_what_the_city_shared_directly(proposal, provider, provider_person):
    share_activator_results(actor=proposal.owner, city=proposal.city, provider=provider)
    share_activator_results_on_proposal(actor=proposal.owner, proposal=proposal)

    project_services.change_stage(proposal=proposal, actor=provider_person, stage=Stage.DROPPED)

    assert selectors.can_see_activator_results(provider_person, proposal.city) is True


def test_a_provider_cannot_share_the_citys_results_on_a_proposal(proposal, provider_person):
    with pytest.raises(PermissionDenied):
        share_activator_results_on_proposal(actor=provider_person, proposal=proposal)

    assert ActivatorResultShare.objects.count() == 0


def test_nothing_is_shared_on_a_dropped_proposal(proposal):
    proposal.stage = Stage.DROPPED
    proposal.save()

    with pytest.raises(ValidationError) as error:
        share_activator_results_on_proposal(actor=proposal.owner, proposal=proposal)

    assert list(error.value.message_dict) == ["proposal"]


def test_a_provider_not_on_the_proposal_is_refused(proposal):
    with pytest.raises(ValidationError) as error:
        share_activator_results_on_proposal(
            actor=proposal.owner, proposal=proposal, providers=[CorporationFactory.create()]
        )

    assert list(error.value.message_dict) == ["providers"]


# --- Reads ------------------------------------------------------------------------------------------


def test_shares_of_a_city_list_the_active_ones_only(city, city_person):
    active = ActivatorResultShareFactory.create(city=city)
    ended = ActivatorResultShareFactory.create(city=city)
    revoke_activator_share(actor=city_person, share=ended)
    ActivatorResultShareFactory.create()  # another city's

    assert list(selectors.activator_shares_of_city(city_id=city.pk)) == [active]


def test_cities_sharing_with_a_provider(provider):
    kampala = ActivatorResultShareFactory.create(city__name="Kampala", provider=provider).city
    accra = ActivatorResultShareFactory.create(city__name="Accra", provider=provider).city
    ActivatorResultShareFactory.create(city__name="Dakar")  # with another provider

    assert list(selectors.cities_sharing_activator_results_with(provider_id=provider.pk)) == [accra, kampala]


# --- Shared on accepting a meeting ----------------------------------------------------------


@pytest.fixture
def asked_meeting(city, provider_person):
    """The provider asks the city for a meeting at one of its free times."""
    city_side = open_every_day(OrganisationParticipantFactory.create(organisation=city))
    return request_meeting(
        actor=provider_person, invitee=city_side, subject="Flood sensors", length=30, start=berlin_at(3, 10)
    )


def test_accepting_a_meeting_with_sharing_shares_on_it(
    asked_meeting, city, city_person, provider, provider_person
):
    meeting = accept_meeting_sharing_activator_results(meeting=asked_meeting, actor=city_person)

    share = ActivatorResultShare.objects.get()
    assert meeting.status == MeetingStatus.CONFIRMED
    assert (share.city, share.provider, share.source, share.meeting_id, share.created_by) == (
        city,
        provider,
        ActivatorShareSource.MEETING,
        meeting.pk,
        city_person,
    )
    assert selectors.can_see_activator_results(provider_person, city) is True


def test_accepting_a_meeting_without_sharing_shares_nothing(
    asked_meeting, city, city_person, provider_person
):
    accept_meeting(meeting=asked_meeting, actor=city_person)

    assert ActivatorResultShare.objects.count() == 0
    assert selectors.can_see_activator_results(provider_person, city) is False


@pytest.mark.parametrize("end", ["cancel_by_city", "cancel_by_provider", "declined_reschedule"])
def test_a_share_on_a_meeting_ends_when_the_meeting_is_called_off(
    asked_meeting, city, city_person, provider_person, end
):
    meeting = accept_meeting_sharing_activator_results(meeting=asked_meeting, actor=city_person)

    if end == "cancel_by_city":
        cancel_meeting(meeting=meeting, actor=city_person)
    elif end == "cancel_by_provider":
        cancel_meeting(meeting=meeting, actor=provider_person)
    else:  # the provider moves it, the city declines the new time
        propose_new_time(meeting=meeting, actor=provider_person, start=berlin_at(4, 11))
        decline_meeting(meeting=meeting, actor=city_person)

    share = ActivatorResultShare.objects.get()
    assert share.ended_at is not None
    assert selectors.can_see_activator_results(provider_person, city) is False


def test_a_share_on_a_meeting_is_revoked_like_the_others(asked_meeting, city, city_person, provider_person):
    accept_meeting_sharing_activator_results(meeting=asked_meeting, actor=city_person)
    share = selectors.activator_shares_of_city(city_id=city.pk).get()

    revoke_activator_share(actor=city_person, share=share)

    assert selectors.can_see_activator_results(provider_person, city) is False


def test_calling_a_meeting_off_keeps_what_the_city_shared_directly(
    asked_meeting, city, city_person, provider, provider_person
):
    share_activator_results(actor=city_person, city=city, provider=provider)
    meeting = accept_meeting_sharing_activator_results(meeting=asked_meeting, actor=city_person)

    cancel_meeting(meeting=meeting, actor=provider_person)

    assert selectors.can_see_activator_results(provider_person, city) is True


def test_only_the_citys_own_people_share_on_a_meeting(asked_meeting, provider_person):
    """The provider cannot share the city's results by accepting (it is not the awaited side either),
    and a refused share accepts nothing."""
    with pytest.raises(PermissionDenied):
        accept_meeting_sharing_activator_results(meeting=asked_meeting, actor=provider_person)
    with pytest.raises(PermissionDenied):
        share_activator_results_on_meeting(actor=provider_person, meeting=asked_meeting)

    asked_meeting.refresh_from_db()
    assert asked_meeting.status == MeetingStatus.REQUESTED
    assert ActivatorResultShare.objects.count() == 0


def test_nothing_is_shared_on_a_meeting_not_confirmed(asked_meeting, city_person):
    with pytest.raises(ValidationError):
        share_activator_results_on_meeting(actor=city_person, meeting=asked_meeting)
