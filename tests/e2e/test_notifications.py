from datetime import time

import pytest
from playwright.sync_api import expect

from scheduling.models import Meeting
from tests.e2e.helpers import log_in
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.scheduling.factories import AvailabilityRuleFactory, OrganisationParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider():
    participant = OrganisationParticipantFactory.create(
        organisation=CorporationFactory.create(name="Acme Flood Tech"), meeting_lengths=[30]
    )
    for weekday in range(7):
        AvailabilityRuleFactory.create(
            participant=participant, weekday=weekday, start_time=time(8), end_time=time(18)
        )
    return participant


def test_the_bell_rises_live_and_the_notification_opens_the_page_to_act_on(
    live_server_url, browser, provider
):
    provider_person = UserFactory.create(organisation=provider.organisation)
    city_person = UserFactory.create(organisation=OrganisationFactory.create(name="Accra"))
    provider_context, provider_page = log_in(browser, live_server_url, provider_person)
    city_context, city_page = log_in(browser, live_server_url, city_person)
    provider_page.set_viewport_size({"width": 390, "height": 844})
    try:
        provider_page.goto(f"{live_server_url}/solutions/")
        bell = provider_page.get_by_test_id("bell")
        expect(bell).to_have_attribute("data-live", "connected")
        expect(bell.get_by_test_id("unread-count")).to_be_hidden()

        city_page.goto(f"{live_server_url}/book/{provider.key}/")
        city_page.locator("button.slot").first.click()
        expect(city_page.get_by_test_id("waiting")).to_contain_text("Introductory meeting")

        expect(bell.get_by_test_id("unread-count")).to_have_text("1")
        bell.click()
        notification = provider_page.get_by_test_id("notification")
        expect(notification).to_have_count(1)
        assert _page_width(provider_page) <= 390
        notification.get_by_role("button", name="Meeting request: Introductory meeting").click()

        expect(provider_page).to_have_url(f"{live_server_url}/my/meetings/{Meeting.objects.get().pk}/")
        expect(provider_page.get_by_test_id("actions").get_by_role("button", name="Accept")).to_be_visible()
        expect(provider_page.get_by_test_id("unread-count")).to_be_hidden()
        assert _page_width(provider_page) <= 390
    finally:
        provider_context.close()
        city_context.close()


def _page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")
