"""A city officer decides who sees the city's Activator results (issue 15, High 1): shares them with a
provider from the pages, the provider finds and reads them, the city revokes, the provider is refused;
or shares them on accepting the provider's meeting request, until the meeting is called off."""

import pytest
from playwright.sync_api import expect

from scheduling.services.meetings import request_meeting
from tests.e2e.helpers import PHONE, log_in, open_menu
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.factories.activator import SurveyResponseFactory
from tests.scheduling.conftest import berlin_at, open_every_day
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_city_shares_its_results_with_a_provider_and_revokes_them(live_server_url, browser):
    city = OrganisationFactory.create(name="Kampala", country="UG", region="africa")
    officer = UserFactory.create(organisation=city, first_name="Grace", last_name="Namubiru")
    provider = CorporationFactory.create(name="Acme Flood Tech")
    engineer = UserFactory.create(organisation=provider, first_name="Jonas", last_name="Weber")
    result = SurveyResponseFactory.create(city=city)
    result_url = f"{live_server_url}/activator/results/{result.pk}/"
    city_context, city_page = log_in(browser, live_server_url, officer)
    provider_context, provider_page = log_in(browser, live_server_url, engineer)
    provider_page.set_viewport_size(PHONE)
    try:
        # Before the city acts, the provider is refused.
        provider_page.goto(result_url)
        expect(provider_page.get_by_role("heading", level=1)).to_have_text("Not allowed")

        # The city officer shares the results with the provider from the Activator's pages.
        city_page.get_by_role("navigation", name="Account").get_by_role("link", name="Activator").click()
        city_page.get_by_test_id("activator-sharing-link").click()
        expect(city_page.get_by_test_id("activator-shares")).to_contain_text("No provider sees your results.")
        city_page.get_by_label("Share our results with").select_option(label="Acme Flood Tech")
        city_page.get_by_role("button", name="Share our results").click()
        expect(city_page.get_by_role("status")).to_contain_text("Acme Flood Tech can now see")
        expect(city_page.get_by_test_id("activator-share")).to_contain_text("Acme Flood Tech")

        # The provider finds the city on its Activator page and reads the result.
        provider_page.goto(f"{live_server_url}/")
        open_menu(provider_page)
        provider_page.get_by_role("navigation", name="Account").get_by_role("link", name="Activator").click()
        provider_page.get_by_test_id("shared-with-us").get_by_role("link", name="Kampala").click()
        provider_page.get_by_test_id("activator-history").get_by_role("link").first.click()
        expect(provider_page.get_by_role("heading", level=1)).to_have_text("Kampala: City Activator result")
        expect(provider_page.get_by_test_id("activator-stage")).to_contain_text("Developing")

        # The city revokes; the provider's next look is refused.
        city_page.get_by_role("button", name="Revoke Acme Flood Tech's access").click()
        expect(city_page.get_by_role("status")).to_contain_text("Acme Flood Tech can no longer see")
        expect(city_page.get_by_test_id("activator-shares")).to_contain_text("No provider sees your results.")
        provider_page.reload()
        expect(provider_page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    finally:
        city_context.close()
        provider_context.close()


def test_a_city_shares_its_results_on_accepting_a_meeting_and_cancelling_ends_it(live_server_url, browser):
    city = OrganisationFactory.create(name="Kampala", country="UG", region="africa")
    officer = UserFactory.create(organisation=city, first_name="Grace", last_name="Namubiru")
    provider = CorporationFactory.create(name="Acme Flood Tech")
    engineer = UserFactory.create(organisation=provider, first_name="Jonas", last_name="Weber")
    result = SurveyResponseFactory.create(city=city)
    city_side = open_every_day(OrganisationParticipantFactory.create(organisation=city))
    meeting = request_meeting(
        actor=engineer, invitee=city_side, subject="Flood sensors", length=30, start=berlin_at(3, 10)
    )
    result_url = f"{live_server_url}/activator/results/{result.pk}/"
    city_context, city_page = log_in(browser, live_server_url, officer)
    provider_context, provider_page = log_in(browser, live_server_url, engineer)
    try:
        # The officer accepts the provider's request and ticks the box offered with it (off by default).
        city_page.goto(f"{live_server_url}/my/meetings/{meeting.pk}/")
        box = city_page.get_by_label("Share our Activator results with Acme Flood Tech")
        expect(box).not_to_be_checked()
        box.check()
        city_page.get_by_test_id("actions").get_by_role("button", name="Accept").click()
        expect(city_page.get_by_role("status")).to_contain_text("Activator results are shared")

        # The provider reads the result; the city's sharing page lists the share with its meeting.
        provider_page.goto(result_url)
        expect(provider_page.get_by_role("heading", level=1)).to_have_text("Kampala: City Activator result")
        city_page.goto(f"{live_server_url}/activator/sharing/")
        expect(city_page.get_by_test_id("activator-share")).to_contain_text(
            "On accepting the meeting Flood sensors"
        )

        # The provider calls the meeting off: the share made on it ends.
        provider_page.goto(f"{live_server_url}/my/meetings/{meeting.pk}/")
        provider_page.get_by_role("button", name="Cancel the meeting").click()
        provider_page.goto(result_url)
        expect(provider_page.get_by_role("heading", level=1)).to_have_text("Not allowed")
        city_page.reload()
        expect(city_page.get_by_test_id("activator-shares")).to_contain_text("No provider sees your results.")
    finally:
        city_context.close()
        provider_context.close()
