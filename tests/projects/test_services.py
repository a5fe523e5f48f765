"""Every write of the pipeline: who may propose, edit and move a project, the history, applications."""

import asyncio
from datetime import date
from decimal import Decimal

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError

from accounts.models import Organisation
from common.realtime import user_group
from notifications.models import Notification
from projects import services
from projects.enums import ProposalKind, Stage
from projects.models import Proposal, ProposalStageChange
from scheduling.enums import MeetingStatus
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.projects import HeldMeetingFactory, ProposalFactory
from tests.scheduling.factories import PersonParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Kampala")


@pytest.fixture
def provider():
    return CorporationFactory.create(name="Acme Flood Tech")


def content(**overrides):
    return {
        "title": "River flood warnings",
        "scope": "Gauges on three rivers and SMS alerts to residents.",
        "budget_amount": Decimal("250000.00"),
        "budget_currency": "USD",
        "funding_sought": Decimal("100000.00"),
        "start_date": date(2030, 1, 1),
        "end_date": date(2030, 12, 31),
        **overrides,
    }


def history(proposal):
    return list(
        ProposalStageChange.objects.filter(proposal=proposal)
        .order_by("created_at", "id")
        .values_list("from_stage", "to_stage", "actor__username", "note")
    )


# --- Creating ----------------------------------------------------------------------------------


def test_city_person_proposes_a_project_that_starts_its_history(city, provider):
    person = UserFactory.create(organisation=city)

    proposal = services.create_proposal(actor=person, city=city, providers=[provider], **content())

    assert (proposal.stage, proposal.owner, proposal.kind) == (Stage.PROPOSAL, person, ProposalKind.DIRECT)
    assert list(proposal.providers.all()) == [provider]
    assert history(proposal) == [("", Stage.PROPOSAL, person.username, "Proposed.")]


def test_provider_person_proposes_with_their_own_company(city, provider):
    person = UserFactory.create(organisation=provider)

    proposal = services.create_proposal(actor=person, city=city, providers=[provider], **content())

    assert proposal.city == city


def test_provider_person_cannot_propose_without_their_company(city, provider):
    person = UserFactory.create(organisation=CorporationFactory.create())

    with pytest.raises(PermissionDenied):
        services.create_proposal(actor=person, city=city, providers=[provider], **content())


@pytest.mark.parametrize("who", ["other_city", "no_organisation"])
def test_outsiders_cannot_propose_for_a_city(city, provider, who):
    person = UserFactory.create(organisation=OrganisationFactory.create() if who == "other_city" else None)

    with pytest.raises(PermissionDenied):
        services.create_proposal(actor=person, city=city, providers=[provider], **content())


def test_staff_propose_for_any_city(city, provider):
    proposal = services.create_proposal(
        actor=StaffFactory.create(), city=city, providers=[provider], **content()
    )

    assert Proposal.objects.get().pk == proposal.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"funding_sought": Decimal("300000.00")}, "funding_sought"),
        ({"end_date": date(2029, 1, 1)}, "end_date"),
        ({"budget_currency": "usd"}, "budget_currency"),
        ({"budget_amount": Decimal("-1.00"), "funding_sought": None}, "budget_amount"),
        ({"title": "x"}, "title"),
        ({"stage": Stage.DONE}, "stage"),
    ],
)
def test_invalid_content_is_refused_by_field(city, provider, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.create_proposal(
            actor=StaffFactory.create(), city=city, providers=[provider], **content(**overrides)
        )

    assert list(error.value.message_dict) == [field]
    assert Proposal.objects.count() == 0


def test_city_must_be_a_local_government(provider):
    with pytest.raises(ValidationError) as error:
        services.create_proposal(
            actor=StaffFactory.create(), city=CorporationFactory.create(), providers=[provider], **content()
        )

    assert list(error.value.message_dict) == ["city"]


def test_providers_must_be_corporations(city):
    with pytest.raises(ValidationError) as error:
        services.create_proposal(
            actor=StaffFactory.create(), city=city, providers=[OrganisationFactory.create()], **content()
        )

    assert list(error.value.message_dict) == ["providers"]


def test_owner_must_be_a_party_or_staff(city, provider):
    with pytest.raises(ValidationError) as error:
        services.create_proposal(
            actor=StaffFactory.create(),
            city=city,
            providers=[provider],
            owner=UserFactory.create(),
            **content(),
        )

    assert list(error.value.message_dict) == ["owner"]


# --- From a held meeting -----------------------------------------------------------------------


def test_from_a_held_meeting_city_and_provider_come_from_its_organisations(city, provider):
    meeting = HeldMeetingFactory.create(organiser__organisation=city, invitee__organisation=provider)

    proposal = services.create_proposal(actor=StaffFactory.create(), meeting=meeting, **content())

    assert (proposal.city, list(proposal.providers.all()), proposal.meeting) == (city, [provider], meeting)


def test_from_a_meeting_a_persons_side_counts_as_their_organisation(city, provider):
    person = UserFactory.create(organisation=city)
    meeting = HeldMeetingFactory.create(
        organiser=PersonParticipantFactory.create(user=person),
        invitee__organisation=provider,
        requested_by=person,
    )

    proposal = services.create_proposal(actor=person, meeting=meeting, **content())

    assert (proposal.city, list(proposal.providers.all())) == (city, [provider])


def test_a_meeting_that_was_not_held_is_refused(city, provider):
    meeting = HeldMeetingFactory.create(
        organiser__organisation=city, invitee__organisation=provider, status=MeetingStatus.CONFIRMED
    )

    with pytest.raises(ValidationError) as error:
        services.create_proposal(actor=StaffFactory.create(), meeting=meeting, **content())

    assert list(error.value.message_dict) == ["meeting"]


def test_only_the_meetings_parties_or_staff_start_from_it(city, provider):
    meeting = HeldMeetingFactory.create(organiser__organisation=city, invitee__organisation=provider)
    stranger_company = CorporationFactory.create()
    stranger = UserFactory.create(organisation=stranger_company)

    with pytest.raises(PermissionDenied):
        services.create_proposal(actor=stranger, meeting=meeting, providers=[stranger_company], **content())


# --- Editing -----------------------------------------------------------------------------------


def test_party_edits_content_and_providers():
    proposal = ProposalFactory.create()
    person = UserFactory.create(organisation=proposal.city)
    second = CorporationFactory.create()

    services.update_proposal(
        proposal=proposal, actor=person, providers=[*proposal.providers.all(), second], title="Bigger project"
    )

    proposal.refresh_from_db()
    assert (proposal.title, proposal.providers.count()) == ("Bigger project", 2)


def test_outsider_cannot_edit():
    proposal = ProposalFactory.create()

    with pytest.raises(PermissionDenied):
        services.update_proposal(
            proposal=proposal,
            actor=UserFactory.create(organisation=CorporationFactory.create()),
            title="Mine",
        )


def test_provider_cannot_remove_their_own_company():
    proposal = ProposalFactory.create()
    person = UserFactory.create(organisation=proposal.providers.get())

    with pytest.raises(ValidationError) as error:
        services.update_proposal(proposal=proposal, actor=person, providers=[CorporationFactory.create()])

    assert list(error.value.message_dict) == ["providers"]


def test_only_staff_change_the_kind_and_only_while_a_proposal():
    proposal = ProposalFactory.create(kind=ProposalKind.FUNDING_APPLICATION)
    party = UserFactory.create(organisation=proposal.city)

    with pytest.raises(ValidationError) as by_party:
        services.update_proposal(proposal=proposal, actor=party, kind=ProposalKind.DIRECT)
    services.update_proposal(
        proposal=proposal, actor=StaffFactory.create(), kind=ProposalKind.FEASIBILITY_APPLICATION
    )
    later = ProposalFactory.create(stage=Stage.FEASIBILITY_STUDY)
    with pytest.raises(ValidationError) as too_late:
        services.update_proposal(
            proposal=later, actor=StaffFactory.create(), kind=ProposalKind.FUNDING_APPLICATION
        )

    proposal.refresh_from_db()
    assert proposal.kind == ProposalKind.FEASIBILITY_APPLICATION
    assert (list(by_party.value.message_dict), list(too_late.value.message_dict)) == (["kind"], ["kind"])


def test_stage_and_city_cannot_be_changed_by_editing():
    proposal = ProposalFactory.create()

    with pytest.raises(ValidationError) as error:
        services.update_proposal(
            proposal=proposal,
            actor=StaffFactory.create(),
            stage=Stage.DONE,
            city=OrganisationFactory.create(),
        )

    assert sorted(error.value.message_dict) == ["city", "stage"]


def test_a_provider_person_can_take_over_the_ownership():
    proposal = ProposalFactory.create()
    provider_person = UserFactory.create(organisation=proposal.providers.get())

    services.update_proposal(proposal=proposal, actor=provider_person, owner=provider_person)

    proposal.refresh_from_db()
    assert proposal.owner == provider_person


def test_staff_can_hand_the_ownership_to_a_provider_person():
    proposal = ProposalFactory.create()
    provider_person = UserFactory.create(organisation=proposal.providers.get())

    services.update_proposal(proposal=proposal, actor=StaffFactory.create(), owner=provider_person)

    proposal.refresh_from_db()
    assert proposal.owner == provider_person


@pytest.mark.parametrize("new_owner", ["provider person", "staff"])
def test_a_city_person_hands_the_ownership_only_within_the_city(new_owner):
    proposal = ProposalFactory.create()
    people = {
        "provider person": UserFactory.create(organisation=proposal.providers.get()),
        "staff": StaffFactory.create(),
    }

    with pytest.raises(ValidationError) as error:
        services.update_proposal(proposal=proposal, actor=proposal.owner, owner=people[new_owner])

    proposal.refresh_from_db()
    assert (list(error.value.message_dict), proposal.owner.organisation) == (["owner"], proposal.city)


def test_a_provider_cannot_make_staff_the_owner_of_a_new_proposal():
    provider = CorporationFactory.create()

    with pytest.raises(ValidationError) as error:
        services.create_proposal(
            actor=UserFactory.create(organisation=provider),
            city=OrganisationFactory.create(),
            providers=[provider],
            owner=StaffFactory.create(),
            title="Sensors",
            scope="Sensors.",
        )

    assert list(error.value.message_dict) == ["owner"]


def test_providers_cannot_change_so_that_the_owner_is_no_longer_a_party():
    proposal = ProposalFactory.create()
    provider_person = UserFactory.create(organisation=proposal.providers.get())
    services.update_proposal(proposal=proposal, actor=provider_person, owner=provider_person)

    with pytest.raises(ValidationError) as error:
        services.update_proposal(
            proposal=proposal, actor=StaffFactory.create(), providers=[CorporationFactory.create()]
        )

    assert list(error.value.message_dict) == ["owner"]
    assert list(proposal.providers.all()) == [provider_person.organisation]


# --- Stages ------------------------------------------------------------------------------------


def test_stage_moves_are_kept_in_the_history_in_order():
    proposal = ProposalFactory.create()
    city_person, staff = proposal.owner, StaffFactory.create()

    services.change_stage(
        proposal=proposal, actor=city_person, stage=Stage.FEASIBILITY_STUDY, note="Study first"
    )
    services.change_stage(proposal=proposal, actor=staff, stage=Stage.FUNDING_APPLICATION)
    moved = services.change_stage(proposal=proposal, actor=city_person, stage=Stage.PARTNERSHIP_AGREED)

    assert moved.stage == Stage.PARTNERSHIP_AGREED
    assert history(proposal) == [
        (Stage.PROPOSAL, Stage.FEASIBILITY_STUDY, city_person.username, "Study first"),
        (Stage.FEASIBILITY_STUDY, Stage.FUNDING_APPLICATION, staff.username, ""),
        (Stage.FUNDING_APPLICATION, Stage.PARTNERSHIP_AGREED, city_person.username, ""),
    ]


def test_a_move_outside_the_table_is_refused_and_leaves_no_trace():
    proposal = ProposalFactory.create()

    with pytest.raises(ValidationError) as error:
        services.change_stage(proposal=proposal, actor=StaffFactory.create(), stage=Stage.DONE)

    proposal.refresh_from_db()
    assert list(error.value.message_dict) == ["stage"]
    assert (proposal.stage, history(proposal)) == (Stage.PROPOSAL, [])


def test_a_dropped_project_can_be_reopened():
    proposal = ProposalFactory.create(stage=Stage.DROPPED)

    reopened = services.change_stage(
        proposal=proposal, actor=proposal.owner, stage=Stage.PROPOSAL, note="Back on"
    )

    assert reopened.stage == Stage.PROPOSAL


def test_outsider_cannot_move_a_project():
    proposal = ProposalFactory.create()

    with pytest.raises(PermissionDenied):
        services.change_stage(
            proposal=proposal,
            actor=UserFactory.create(organisation=OrganisationFactory.create()),
            stage="dropped",
        )


@pytest.mark.parametrize(
    ("kind", "programme_stage"),
    [
        (ProposalKind.FEASIBILITY_APPLICATION, Stage.FEASIBILITY_STUDY),
        (ProposalKind.FUNDING_APPLICATION, Stage.FUNDING_APPLICATION),
    ],
)
def test_staff_review_applications_parties_cannot_accept_them(kind, programme_stage):
    proposal = ProposalFactory.create(kind=kind)
    staff = StaffFactory.create()

    with pytest.raises(PermissionDenied):
        services.change_stage(proposal=proposal, actor=proposal.owner, stage=programme_stage)
    accepted = services.change_stage(proposal=proposal, actor=staff, stage=programme_stage, note="Accepted")

    assert accepted.stage == programme_stage
    assert history(proposal) == [(Stage.PROPOSAL, programme_stage, staff.username, "Accepted")]


def test_parties_may_withdraw_their_application():
    proposal = ProposalFactory.create(kind=ProposalKind.FUNDING_APPLICATION)

    withdrawn = services.change_stage(proposal=proposal, actor=proposal.owner, stage=Stage.DROPPED)

    assert withdrawn.stage == Stage.DROPPED


def test_stage_change_is_announced_to_the_other_parties_after_commit(django_capture_on_commit_callbacks):
    proposal = ProposalFactory.create()
    provider_person = UserFactory.create(organisation=proposal.providers.get())

    def move():
        with django_capture_on_commit_callbacks(execute=True):
            services.change_stage(proposal=proposal, actor=proposal.owner, stage=Stage.PARTNERSHIP_AGREED)

    async def listen_while_moving():
        # One event loop for listening and sending: the Redis layer delivers to in-process channels.
        layer = get_channel_layer()
        assert layer is not None
        channel = await layer.new_channel()
        await layer.group_add(user_group(provider_person.pk), channel)
        await sync_to_async(move)()
        return await asyncio.wait_for(layer.receive(channel), timeout=5)

    message = async_to_sync(listen_while_moving)()

    assert (message["event"], message["payload"]) == (
        "project.stage_changed",
        {"id": proposal.pk, "title": proposal.title, "stage": Stage.PARTNERSHIP_AGREED},
    )


def test_a_note_notifies_the_other_parties_with_a_link_to_the_project():
    proposal = ProposalFactory.create()
    provider_person = UserFactory.create(organisation=proposal.providers.get())

    services.add_note(proposal=proposal, actor=proposal.owner, text="Budget approved by the council.")

    assert [(n.recipient, n.kind, n.title, n.body, n.link) for n in Notification.objects.all()] == [
        (
            provider_person,
            "project.note_added",
            f"New note on {proposal.title}",
            "Budget approved by the council.",
            f"/projects/{proposal.pk}/",
        )
    ]


# --- Notes, key dates, nothing deleted ---------------------------------------------------------


def test_parties_add_notes_and_key_dates():
    proposal = ProposalFactory.create()
    provider_person = UserFactory.create(organisation=proposal.providers.get())

    note = services.add_note(proposal=proposal, actor=provider_person, text="  Site visit went well.  ")
    key_date = services.add_key_date(
        proposal=proposal, actor=proposal.owner, label="Council vote", date=date(2030, 3, 1)
    )

    assert (note.text, note.author) == ("Site visit went well.", provider_person)
    assert (key_date.label, key_date.added_by) == ("Council vote", proposal.owner)


def test_empty_note_is_refused():
    proposal = ProposalFactory.create()

    with pytest.raises(ValidationError) as error:
        services.add_note(proposal=proposal, actor=proposal.owner, text="   ")

    assert list(error.value.message_dict) == ["text"]


def test_outsider_cannot_add_notes_or_dates():
    proposal = ProposalFactory.create()
    outsider = UserFactory.create(organisation=CorporationFactory.create())

    with pytest.raises(PermissionDenied):
        services.add_note(proposal=proposal, actor=outsider, text="Hello")
    with pytest.raises(PermissionDenied):
        services.add_key_date(proposal=proposal, actor=outsider, label="Mine", date=date(2030, 1, 1))


def test_a_proposal_with_history_cannot_be_deleted():
    proposal = services.create_proposal(
        actor=StaffFactory.create(),
        city=OrganisationFactory.create(),
        providers=[CorporationFactory.create()],
        **content(),
    )

    with pytest.raises(ProtectedError):
        proposal.delete()


def test_organisations_on_proposals_cannot_be_deleted():
    proposal = ProposalFactory.create()

    with pytest.raises(ProtectedError):
        Organisation.objects.filter(pk=proposal.city_id).delete()
