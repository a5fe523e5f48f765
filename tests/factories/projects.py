from datetime import UTC, datetime, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from projects.enums import ProposalKind, Stage
from projects.models import Proposal, ProposalKeyDate, ProposalNote, ProposalStageChange
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting, Participant
from solutions.enums import ActivityKind
from solutions.models import ActivityRecord
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.scheduling.factories import OrganisationParticipantFactory


class MeetingSideFactory(OrganisationParticipantFactory):
    """An organisation's participant row, reused when it already has one (it is one-to-one)."""

    class Meta:
        model = Participant
        django_get_or_create = ("organisation",)


class HeldMeetingFactory(DjangoModelFactory[Meeting]):
    """A meeting between a city and a provider that took place last week (written directly: the
    booking services refuse times in the past). Scheduling's own factories have no meetings."""

    class Meta:
        model = Meeting

    organiser = factory.SubFactory(MeetingSideFactory, organisation=factory.SubFactory(OrganisationFactory))
    invitee = factory.SubFactory(MeetingSideFactory)
    requested_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organiser.organisation")
    )
    subject = factory.Sequence(lambda n: f"Meeting {n}")
    start = factory.LazyFunction(lambda: datetime.now(UTC).replace(microsecond=0) - timedelta(days=7))
    end = factory.LazyAttribute(lambda meeting: meeting.start + timedelta(minutes=30))
    status = MeetingStatus.HELD


class ProposalFactory(DjangoModelFactory[Proposal]):
    """A direct proposal of a city with one provider (pass `providers=[...]` for others, `[]` for none),
    owned by one of the city's people. No history rows: add them with ProposalStageChangeFactory."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    city = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    scope = "Sensors along the river warn residents before floods."
    budget_amount = 100_000
    budget_currency = "USD"
    funding_sought = None
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    end_date = factory.LazyAttribute(lambda proposal: proposal.start_date + timedelta(days=365))
    kind = ProposalKind.DIRECT
    owner = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..city"))
    stage = Stage.PROPOSAL

    @factory.post_generation
    def providers(self, create, extracted, **kwargs):
        if not create:
            return
        self.providers.set([CorporationFactory.create()] if extracted is None else extracted)


class ProposalStageChangeFactory(DjangoModelFactory[ProposalStageChange]):
    class Meta:
        model = ProposalStageChange

    proposal = factory.SubFactory(ProposalFactory)
    from_stage = ""
    to_stage = Stage.PROPOSAL
    actor = factory.SelfAttribute("proposal.owner")
    note = ""


class ProposalNoteFactory(DjangoModelFactory[ProposalNote]):
    class Meta:
        model = ProposalNote

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.SelfAttribute("proposal.owner")
    text = factory.Faker("sentence")


class ProposalKeyDateFactory(DjangoModelFactory[ProposalKeyDate]):
    class Meta:
        model = ProposalKeyDate

    proposal = factory.SubFactory(ProposalFactory)
    label = "Study report due"
    date = factory.Faker("future_date")
    added_by = factory.SelfAttribute("proposal.owner")


class ActivityRecordFactory(DjangoModelFactory[ActivityRecord]):
    class Meta:
        model = ActivityRecord

    kind = ActivityKind.SEARCH
    user = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("user.organisation")
    query = "flood sensors"


def people_around(proposal: Proposal) -> dict[str, User | None]:
    """One person for each role towards `proposal` (None for anonymous): its city's, a provider's on
    it, a provider's not on it, another city's, staff."""
    return {
        "city": UserFactory.create(organisation=proposal.city),
        "provider": UserFactory.create(organisation=proposal.providers.first()),
        "other_provider": UserFactory.create(organisation=CorporationFactory.create()),
        "other_city": UserFactory.create(organisation=OrganisationFactory.create()),
        "staff": StaffFactory.create(),
        "anonymous": None,
    }
