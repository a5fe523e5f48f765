"""Who sees which proposal (each role), the pipeline's order, and whom the owner picker lists."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from projects import selectors
from projects.enums import ProposalKind, Stage
from scheduling.enums import MeetingStatus
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.projects import HeldMeetingFactory, ProposalFactory, people_around

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ROLES_THAT_SEE = {"city": True, "provider": True, "other_provider": False, "other_city": False, "staff": True}


def as_user(person):
    return person if person is not None else AnonymousUser()


@pytest.mark.portable
@pytest.mark.parametrize(("role", "sees"), [*ROLES_THAT_SEE.items(), ("anonymous", False)])
def test_proposals_are_visible_only_to_their_parties_and_staff(role, sees):
    proposal = ProposalFactory.create(providers=[CorporationFactory.create(), CorporationFactory.create()])
    ProposalFactory.create()  # someone else's
    person = people_around(proposal)[role]

    visible = list(selectors.proposals_visible_to(as_user(person)).values_list("pk", flat=True))

    if role == "staff":
        assert len(visible) == 2
    else:
        assert visible == ([proposal.pk] if sees else [])


@pytest.mark.parametrize(("role", "sees"), [*ROLES_THAT_SEE.items(), ("anonymous", False)])
def test_access_proposal_is_404_for_anyone_not_party(role, sees):
    proposal = ProposalFactory.create()
    person = as_user(people_around(proposal)[role])

    if sees:
        assert selectors.access_proposal(person, proposal.pk) == proposal
    else:
        with pytest.raises(Http404):
            selectors.access_proposal(person, proposal.pk)


def test_person_without_organisation_sees_nothing():
    ProposalFactory.create()

    assert list(selectors.proposals_visible_to(UserFactory.create())) == []


@pytest.mark.portable
def test_a_proposal_with_several_providers_is_listed_once_for_its_city():
    proposal = ProposalFactory.create(providers=CorporationFactory.create_batch(3))

    visible = list(selectors.pipeline(user=UserFactory.create(organisation=proposal.city)))

    assert visible == [proposal]


def test_owner_picker_of_a_provider_lists_its_own_people_and_the_owner_never_staff():
    proposal = ProposalFactory.create()
    provider = proposal.providers.get()
    provider_person = UserFactory.create(organisation=provider, username="acme-ana")
    colleague = UserFactory.create(organisation=provider, username="acme-ben")
    UserFactory.create(organisation=proposal.city, username="city-clerk")
    StaffFactory.create(username="staff-sam")

    choices = list(selectors.owner_choices_for(proposal, provider_person))

    assert sorted(choices, key=lambda u: u.pk) == sorted(
        [provider_person, colleague, proposal.owner], key=lambda u: u.pk
    )


def test_owner_picker_of_staff_lists_the_parties_people_and_staff():
    proposal = ProposalFactory.create()
    provider_person = UserFactory.create(organisation=proposal.providers.get())
    staff = StaffFactory.create()
    UserFactory.create(organisation=OrganisationFactory.create())  # another city's person

    choices = set(selectors.owner_choices_for(proposal, staff))

    assert choices == {proposal.owner, provider_person, staff}


def test_owner_picker_of_an_outsider_lists_only_the_current_owner():
    proposal = ProposalFactory.create()
    outsider = UserFactory.create(organisation=CorporationFactory.create())

    assert list(selectors.owner_choices_for(proposal, outsider)) == [proposal.owner]


@pytest.mark.portable
def test_pipeline_is_in_stage_order_and_filters():
    staff = StaffFactory.create()
    done = ProposalFactory.create(stage=Stage.DONE, title="Finished bus lanes")
    agreed = ProposalFactory.create(stage=Stage.PARTNERSHIP_AGREED, title="Flood gauges")
    new = ProposalFactory.create(
        stage=Stage.PROPOSAL, kind=ProposalKind.FUNDING_APPLICATION, title="Flood app"
    )

    ordered = list(selectors.pipeline(user=staff))
    flood = list(selectors.pipeline(user=staff, query="flood"))
    bus = list(selectors.pipeline(user=staff, query="bus lanes"))
    applications = list(selectors.pipeline(user=staff, kind=ProposalKind.FUNDING_APPLICATION))

    assert (ordered, bus, applications) == ([new, agreed, done], [done], [new])
    assert flood == [new, agreed, done]  # every scope mentions floods


def test_stage_counts_cover_every_stage_and_only_visible_proposals():
    proposal = ProposalFactory.create(stage=Stage.FEASIBILITY_STUDY)
    ProposalFactory.create(stage=Stage.FEASIBILITY_STUDY)

    counts = selectors.stage_counts(user=UserFactory.create(organisation=proposal.city))

    assert [(stage, n) for stage, _, n in counts] == [
        ("proposal", 0),
        ("feasibility_study", 1),
        ("funding_application", 0),
        ("partnership_agreed", 0),
        ("implementing", 0),
        ("done", 0),
        ("dropped", 0),
    ]


def test_next_stages_for_depend_on_role():
    proposal = ProposalFactory.create(kind=ProposalKind.FEASIBILITY_APPLICATION)
    people = people_around(proposal)

    assert selectors.next_stages_for(as_user(people["city"]), proposal) == [("dropped", "Dropped")]
    assert selectors.next_stages_for(as_user(people["staff"]), proposal) == [
        ("feasibility_study", "Feasibility study"),
        ("dropped", "Dropped"),
    ]
    assert selectors.next_stages_for(as_user(people["other_city"]), proposal) == []


def test_held_meetings_for_parties_and_staff():
    city, provider = OrganisationFactory.create(), CorporationFactory.create()
    held = HeldMeetingFactory.create(organiser__organisation=city, invitee__organisation=provider)
    HeldMeetingFactory.create(
        organiser__organisation=city, invitee__organisation=provider, status=MeetingStatus.CONFIRMED
    )
    elsewhere = HeldMeetingFactory.create()

    assert list(selectors.held_meetings_for(UserFactory.create(organisation=city))) == [held]
    assert set(selectors.held_meetings_for(StaffFactory.create())) == {held, elsewhere}
    assert (
        list(selectors.held_meetings_for(UserFactory.create(organisation=OrganisationFactory.create()))) == []
    )


def test_meeting_parties_are_the_city_and_the_provider_whichever_side_asked():
    city, provider = OrganisationFactory.create(), CorporationFactory.create()
    meeting = HeldMeetingFactory.create(organiser__organisation=provider, invitee__organisation=city)

    assert selectors.meeting_parties(meeting) == (city, [provider])


@pytest.mark.parametrize(
    ("category", "creates"), [("local_government", True), ("corporation", True), ("institution", False)]
)
def test_who_may_propose(category, creates):
    kinds = {"local_government": "city", "corporation": "sme", "institution": "academic"}
    organisation = OrganisationFactory.create(category=category, kind=kinds[category])

    assert selectors.can_create_proposal(UserFactory.create(organisation=organisation)) is creates
    assert selectors.can_create_proposal(StaffFactory.create()) is True
    assert selectors.can_create_proposal(AnonymousUser()) is False
