"""A city books a provider, the provider proposes another time (or two) with a note from the meeting
page, and the city sees the old time, the new time(s) and the note there and accepts: all through
the pages."""

import re
import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import log_in
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.scheduling.factories import AvailabilityRuleFactory, OrganisationParticipantFactory

DASH = "\N{EN DASH}"  # between a meeting's start and end on the pages
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider():
    """A provider open every day from 08:00 to 18:00 Berlin time, 30-minute meetings."""
    participant = OrganisationParticipantFactory.create(
        organisation=CorporationFactory.create(name="Acme Flood Tech"),
        meeting_lengths=[30],
        time_zone="Europe/Berlin",
    )
    for weekday in range(7):
        AvailabilityRuleFactory.create(
            participant=participant, weekday=weekday, start_time=time(8), end_time=time(18)
        )
    return participant


def test_provider_proposes_another_time_and_the_city_accepts_it(live_server_url, browser, provider):
    city_person = UserFactory.create(
        organisation=OrganisationFactory.create(name="Riverside"), time_zone="Europe/Berlin"
    )
    provider_person = UserFactory.create(organisation=provider.organisation, time_zone="Europe/Berlin")
    city_context, city = log_in(browser, live_server_url, city_person)
    provider_context, provider_page = log_in(browser, live_server_url, provider_person)
    try:
        # The city books the first free slot.
        city.goto(f"{live_server_url}/book/{provider.key}/")
        city.locator("button.slot").first.click()
        expect(city.get_by_test_id("waiting")).to_contain_text("Introductory meeting")

        # The provider opens the meeting from "my meetings" and proposes another time with a note.
        provider_page.goto(f"{live_server_url}/my/meetings/")
        provider_page.get_by_test_id("to-answer").get_by_role("link", name="Introductory meeting").click()
        old_time = provider_page.get_by_test_id("when").locator("p").first.inner_text().split(DASH)[0]
        choice = provider_page.get_by_label("New time (Europe/Berlin)")
        new_label = choice.locator("option").nth(3).inner_text()
        choice.select_option(index=3)
        provider_page.get_by_label("Note to the other side").fill("Our engineer can join at this time.")
        provider_page.get_by_role("button", name="Propose this time").click()
        expect(provider_page.get_by_test_id("history")).to_contain_text("Our engineer can join at this time.")

        # The city sees the old time, the new time and the note on the meeting page, and accepts.
        city.goto(f"{live_server_url}/my/meetings/")
        city.get_by_test_id("to-answer").get_by_role("link", name="Introductory meeting").click()
        notice = city.get_by_test_id("new-time")
        expect(notice).to_contain_text(f"Old time: {old_time}")
        expect(notice).to_contain_text(f"New time: {new_label.split(DASH)[0]}")
        expect(notice).to_contain_text("Our engineer can join at this time.")
        city.get_by_role("button", name="Accept").click()

        expect(city.get_by_test_id("status")).to_have_text("Confirmed")
        expect(city.get_by_test_id("history")).to_contain_text("Proposed another time")
        expect(city.get_by_test_id("history")).to_contain_text("Accepted")
    finally:
        city_context.close()
        provider_context.close()


def on_the_page(moment: datetime) -> str:
    """A time as the pages write it in English ("Sat, Dec 12, 2026, 11:00")."""
    return f"{moment:%a, %b} {moment.day}, {moment:%Y, %H:%M}"


def test_provider_proposes_two_other_times_and_the_city_accepts_one(live_server_url, browser, provider):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    city_person = UserFactory.create(
        organisation=OrganisationFactory.create(name="Riverside"), time_zone="Europe/Berlin"
    )
    provider_person = UserFactory.create(organisation=provider.organisation, time_zone="Europe/Berlin")
    today = timezone.now().astimezone(berlin).date()
    first, second = (
        datetime.combine(today + timedelta(days=5), time(11), berlin),
        datetime.combine(today + timedelta(days=6), time(15, 30), berlin),
    )
    city_context, city = log_in(browser, live_server_url, city_person)
    provider_context, provider_page = log_in(browser, live_server_url, provider_person)
    try:
        city.goto(f"{live_server_url}/book/{provider.key}/")
        city.locator("button.slot").first.click()
        expect(city.get_by_test_id("waiting")).to_contain_text("Introductory meeting")

        # The provider answers with two other times, typed in its own zone, and a note.
        provider_page.goto(f"{live_server_url}/my/meetings/")
        provider_page.get_by_test_id("to-answer").get_by_role("link", name="Introductory meeting").click()
        old_time = provider_page.get_by_test_id("when").locator("p").first.inner_text().split(DASH)[0]
        provider_page.get_by_label("Time 1 (Europe/Berlin)").fill(f"{first:%Y-%m-%dT%H:%M}")
        provider_page.get_by_label("Time 2 (Europe/Berlin)").fill(f"{second:%Y-%m-%dT%H:%M}")
        provider_page.get_by_label("Note with these times").fill("Our engineer can join at these times.")
        provider_page.get_by_role("button", name="Propose these times").click()
        expect(provider_page.get_by_test_id("history")).to_contain_text(f"new times: {on_the_page(first)}")

        # The city is told, and sees the old time, both new times and the note on the meeting page.
        city.goto(f"{live_server_url}/notifications/")
        expect(city.get_by_text("New times proposed: Introductory meeting")).to_be_visible()
        city.goto(f"{live_server_url}/my/meetings/")
        city.get_by_test_id("to-answer").get_by_role("link", name="Introductory meeting").click()
        notice = city.get_by_test_id("new-time")
        expect(notice).to_contain_text("New times proposed")
        expect(notice).to_contain_text(f"Old time: {old_time}")
        expect(notice.get_by_test_id("new-times")).to_contain_text(on_the_page(first))
        expect(notice.get_by_test_id("new-times")).to_contain_text(on_the_page(second))
        expect(notice).to_contain_text("Our engineer can join at these times.")

        # It accepts the second one; the meeting is confirmed at that time.
        city.get_by_role("button", name=re.compile(f"^Accept {re.escape(on_the_page(second))} ")).click()
        expect(city.get_by_test_id("status")).to_have_text("Confirmed")
        expect(city.get_by_test_id("when")).to_contain_text(
            f"{on_the_page(second)}{DASH}{second + timedelta(minutes=30):%H:%M} (Europe/Berlin, your time)"
        )
        expect(city.get_by_test_id("history")).to_contain_text("Accepted")
    finally:
        city_context.close()
        provider_context.close()
