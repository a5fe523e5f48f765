from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from scheduling.models import Meeting
from tests.e2e.helpers import log_in
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.scheduling.factories import AvailabilityRuleFactory, OrganisationParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider():
    """A provider open every day from 08:00 to 18:00 Berlin time, 30-minute meetings."""
    participant = OrganisationParticipantFactory.create(
        organisation=CorporationFactory.create(name="Acme Flood Tech"), meeting_lengths=[30]
    )
    for weekday in range(7):
        AvailabilityRuleFactory.create(
            participant=participant, weekday=weekday, start_time=time(8), end_time=time(18)
        )
    return participant


def test_slot_taken_in_one_browser_disappears_from_the_other(live_server_url, browser, provider):
    book_in_one_browser_and_watch_the_other(live_server_url, browser, provider)


def test_live_updates_from_their_own_server_pool(two_pool_server, browser, provider):
    """Pages served by one daphne, their WebSockets by another (LIVE_UPDATES_URL): same behaviour."""
    book_in_one_browser_and_watch_the_other(two_pool_server["url"], browser, provider)

    assert f"WSCONNECT /ws/availability/{provider.key}/" in two_pool_server["live_log"].read_text()
    assert "WSCONNECT" not in two_pool_server["pages_log"].read_text()


def book_in_one_browser_and_watch_the_other(live_server_url, browser, provider):
    first = UserFactory.create(
        organisation=OrganisationFactory.create(name="Accra"), time_zone="Africa/Accra"
    )
    second = UserFactory.create(organisation=OrganisationFactory.create(name="Seoul"), time_zone="Asia/Seoul")
    first_context, first_page = log_in(browser, live_server_url, first)
    second_context, second_page = log_in(browser, live_server_url, second)
    url = f"{live_server_url}/book/{provider.key}/"
    try:
        first_page.goto(url)
        second_page.goto(url)
        expect(second_page.get_by_test_id("slots")).to_have_attribute("data-live", "connected")
        # Each page shows times in its viewer's zone (Accra UTC+0, Seoul UTC+9): the same instant.
        second_start = second_page.locator("button.slot").first.get_attribute("data-start")
        first_start = datetime.fromisoformat(second_start).astimezone(ZoneInfo("Africa/Accra")).isoformat()

        first_page.locator(f'button.slot[data-start="{first_start}"]').click()

        expect(first_page.get_by_test_id("waiting")).to_contain_text("Introductory meeting")
        expect(second_page.locator(f'button.slot[data-start="{second_start}"]')).to_have_count(0)
        expect(second_page.get_by_test_id("live-note")).to_be_visible()
        assert Meeting.objects.count() == 1
    finally:
        first_context.close()
        second_context.close()
