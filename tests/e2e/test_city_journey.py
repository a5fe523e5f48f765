"""Issue 7's whole journey in one browser run: diagnosis, recommendation, meeting, partnership."""

from datetime import time, timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from accounts.enums import OrganisationRole
from cities.models import Question
from projects.enums import Stage
from projects.models import Proposal
from scheduling.models import Meeting, MeetingAttendance
from tests.e2e.helpers import log_in
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import seeded_survey
from tests.factories.catalogue import SolutionFactory
from tests.scheduling.factories import AvailabilityRuleFactory, OrganisationParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def the_meeting_took_place(meeting):
    """Time passes: move the booked meeting (and its claims on time) to yesterday."""
    shift = meeting.start - timezone.now() + timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(start=F("start") - shift, end=F("end") - shift)
    MeetingAttendance.objects.filter(meeting=meeting).update(start=F("start") - shift, end=F("end") - shift)


@pytest.fixture
def provider():
    """A provider open around the clock with a traffic solution in the catalogue."""
    provider = CorporationFactory.create(name="Acme Mobility")
    participant = OrganisationParticipantFactory.create(organisation=provider, meeting_lengths=[30])
    for weekday in range(7):
        AvailabilityRuleFactory.create(
            participant=participant, weekday=weekday, start_time=time(0), end_time=time(23)
        )
    SolutionFactory.create(
        provider=provider,
        title="Adaptive traffic signal control",
        summary="Traffic signals that adapt to live traffic and give buses priority.",
        description="Adaptive traffic signals cut congestion; passengers get live public transport times.",
        sectors=["mobility"],
    )
    return provider


def test_city_goes_from_diagnosis_to_an_agreed_partnership(live_server_url, browser, provider):
    survey = seeded_survey()
    city = OrganisationFactory.create(name="Kampala", country="UG", region="africa")
    city_person = UserFactory.create(organisation=city)
    provider_person = UserFactory.create(organisation=provider, organisation_role=OrganisationRole.ADMIN)
    # Weakest in mobility, good elsewhere.
    choices = {
        question.pk: question.options.get(grade=0 if question.dimension.key == "mobility" else 3).pk
        for question in Question.objects.filter(dimension__survey=survey).select_related("dimension")
    }
    city_context, city_page = log_in(browser, live_server_url, city_person)
    provider_context, provider_page = log_in(browser, live_server_url, provider_person)
    staff_context, staff_page = log_in(browser, live_server_url, StaffFactory.create())
    try:
        # The city takes the survey and sees where it stands.
        city_page.get_by_role("navigation", name="Account").get_by_role("link", name="Activator").click()
        city_page.get_by_test_id("activator-start").click()
        for question_id, option_id in choices.items():
            city_page.locator(f'input[name="question_{question_id}"][value="{option_id}"]').check()
        city_page.get_by_role("button", name="See my result").click()
        expect(city_page.get_by_test_id("radar-chart")).to_be_visible()
        expect(city_page.get_by_test_id("activator-stage")).to_contain_text("Integrating")  # (0 + 8 x 75) / 9

        # It opens the solution recommended for its weakest dimension and asks for a meeting.
        weakest = city_page.get_by_test_id("weak-dimension").first
        expect(weakest).to_have_attribute("data-dimension", "mobility")
        weakest.get_by_test_id("recommended-solution").filter(
            has_text="Adaptive traffic signal control"
        ).click()
        city_page.get_by_test_id("book").click()
        city_page.locator("button.slot").first.click()
        expect(city_page.get_by_test_id("waiting")).to_contain_text("Introductory meeting")

        # The provider accepts; the meeting takes place; the city records it as held.
        provider_page.get_by_role("link", name="My meetings").click()
        provider_page.get_by_role("button", name="Accept").click()
        expect(provider_page.get_by_test_id("upcoming")).to_contain_text("Introductory meeting")
        the_meeting_took_place(Meeting.objects.get())
        city_page.get_by_role("link", name="My meetings").click()
        city_page.get_by_test_id("past").get_by_role("button", name="Mark as held").click()
        expect(city_page.get_by_test_id("past")).to_contain_text("Held")

        # Staff turn the held meeting into a proposal and move it to an agreed partnership.
        staff_page.get_by_role("link", name="Projects").click()
        staff_page.get_by_role("link", name="Propose a project").click()
        staff_page.get_by_test_id("held-meetings").get_by_role(
            "link", name="Propose a project from this meeting"
        ).click()
        expect(staff_page.get_by_label("City")).to_have_value(str(city.pk))
        staff_page.get_by_label("Scope").fill("Adaptive signals on the ten busiest junctions.")
        staff_page.get_by_label("Budget", exact=True).fill("400000")
        staff_page.get_by_role("button", name="Propose").click()
        expect(staff_page.get_by_test_id("project-stage")).to_have_text("Proposal")
        for stage in ("Feasibility study", "Partnership agreed"):
            staff_page.get_by_label("Move to").select_option(label=stage)
            staff_page.get_by_role("button", name="Move").click()
            expect(staff_page.get_by_test_id("project-stage")).to_have_text(stage)

        proposal = Proposal.objects.get()
        assert proposal.stage == Stage.PARTNERSHIP_AGREED
        assert proposal.meeting == Meeting.objects.get()
        assert list(proposal.providers.all()) == [provider]
    finally:
        city_context.close()
        provider_context.close()
        staff_context.close()
