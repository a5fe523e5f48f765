import pytest
from playwright.sync_api import expect

from projects.enums import Stage
from projects.models import Proposal
from tests.e2e.helpers import log_in
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.projects import HeldMeetingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def move_to(page, stage_label):
    page.get_by_label("Move to").select_option(label=stage_label)
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_test_id("project-stage")).to_have_text(stage_label)


def test_staff_turn_a_held_meeting_into_a_partnership_the_city_sees(live_server_url, browser):
    city = OrganisationFactory.create(name="Kampala", country="UG")
    provider = CorporationFactory.create(name="Acme Flood Tech")
    city_person = UserFactory.create(organisation=city)
    HeldMeetingFactory.create(
        organiser__organisation=city, invitee__organisation=provider, subject="Flood early warning"
    )
    staff_context, staff_page = log_in(browser, live_server_url, StaffFactory.create())
    city_context, city_page = log_in(browser, live_server_url, city_person)
    try:
        staff_page.get_by_role("link", name="Projects").click()
        staff_page.get_by_role("link", name="Propose a project").click()
        staff_page.get_by_test_id("held-meetings").get_by_role(
            "link", name="Propose a project from this meeting"
        ).click()
        expect(staff_page.get_by_test_id("from-meeting")).to_contain_text("Flood early warning")
        expect(staff_page.get_by_label("City")).to_have_value(str(city.pk))
        staff_page.get_by_label("Scope").fill("River gauges and SMS alerts for the market district.")
        staff_page.get_by_label("Budget", exact=True).fill("250000")
        staff_page.get_by_role("button", name="Propose").click()

        expect(staff_page.get_by_test_id("project-stage")).to_have_text("Proposal")
        expect(staff_page.get_by_test_id("parties")).to_contain_text("Acme Flood Tech")
        move_to(staff_page, "Feasibility study")
        move_to(staff_page, "Partnership agreed")
        expect(staff_page.get_by_test_id("history")).to_contain_text("Feasibility study → Partnership agreed")

        city_page.get_by_role("link", name="Projects").click()
        city_page.get_by_role("link", name="Flood early warning").click()
        expect(city_page.get_by_test_id("project-stage")).to_have_text("Partnership agreed")
        proposal = Proposal.objects.get()
        assert (proposal.stage, proposal.city, list(proposal.providers.all())) == (
            Stage.PARTNERSHIP_AGREED,
            city,
            [provider],
        )
    finally:
        staff_context.close()
        city_context.close()
