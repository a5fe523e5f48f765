"""A provider contacts a city from "Cities that need this" and, the city having no bookable hours,
proposes two times with a note; the city sees them. And the booking page keeps what was typed when
the length changes, switches time zone and goes week by week: all through the pages."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.enums import OrganisationRole
from tests.e2e.helpers import log_in, open_menu
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.factories.catalogue import NeedFactory, SolutionFactory
from tests.scheduling.factories import AvailabilityRuleFactory, OrganisationParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
SEOUL = ZoneInfo("Asia/Seoul")


def on_the_page(moment: datetime, zone: ZoneInfo) -> str:
    """How the meeting page writes a time in English ("Sat, Dec 12, 2026, 11:00")."""
    local = moment.astimezone(zone)
    return f"{local:%a, %b} {local.day}, {local:%Y, %H:%M}"


def first_slot_start(page: Page) -> datetime:
    return datetime.fromisoformat(page.locator("button.slot").first.get_attribute("data-start") or "")


def test_a_provider_proposes_times_to_a_city_that_needs_its_solution(live_server_url, browser):
    provider = CorporationFactory.create(name="Lumen Grid")
    provider_person = UserFactory.create(
        organisation=provider, organisation_role=OrganisationRole.MEMBER, time_zone="America/Sao_Paulo"
    )
    SolutionFactory.create(
        provider=provider,
        title="Flood early warning",
        summary="River gauges send flood alerts to traders by SMS",
        description="Water level sensors on rivers warn residents and market traders before flooding.",
        sectors=["water"],
    )
    city = OrganisationFactory.create(name="Seoul", region="asia")
    city_person = UserFactory.create(organisation=city, time_zone="Asia/Seoul")
    NeedFactory.create(
        city=city,
        title="Stop the market flooding",
        description="Every rainy season the river floods the central market and traders lose their stock.",
        sectors=["water"],
    )
    day = timezone.now().astimezone(SAO_PAULO).date() + timedelta(days=3)
    first, second = (datetime.combine(day, time(hour), tzinfo=SAO_PAULO) for hour in (10, 14))
    note = "Our engineer in Seoul can join either time."

    provider_context, page = log_in(browser, live_server_url, provider_person)
    try:
        open_menu(page)
        page.get_by_role("link", name="My solutions").click()
        page.get_by_role("link", name="Flood early warning").click()
        needs = page.get_by_test_id("matching-needs")
        expect(needs).to_contain_text("Stop the market flooding")
        needs.get_by_role("link", name="Contact Seoul").click()

        expect(page.get_by_test_id("no-hours")).to_contain_text("Seoul has not published bookable hours yet.")
        expect(page.get_by_label("Subject")).to_have_value("About your need: Stop the market flooding")
        page.get_by_label("First time (America/Sao_Paulo)").fill(f"{day.isoformat()}T10:00")
        page.get_by_label("Second time (America/Sao_Paulo, optional)").fill(f"{day.isoformat()}T14:00")
        page.get_by_label("Note").fill(note)
        page.get_by_role("button", name="Send the proposed times").click()

        expect(page.get_by_role("status")).to_contain_text("Seoul will accept one of your times")
        expect(page.get_by_test_id("waiting")).to_contain_text("About your need: Stop the market flooding")
    finally:
        provider_context.close()

    city_context, city_page = log_in(browser, live_server_url, city_person)
    try:
        city_page.goto(f"{live_server_url}/my/meetings/")
        to_answer = city_page.get_by_test_id("to-answer")
        expect(to_answer).to_contain_text(note)
        to_answer.get_by_role("link", name="About your need: Stop the market flooding").click()

        when = city_page.get_by_test_id("when")
        for proposed in (first, second):  # each proposed time with its end, in the city's zone
            start_here = re.escape(on_the_page(proposed, SEOUL))
            expect(when).to_contain_text(re.compile(start_here + "\u2013" + r"\d\d:\d\d \(Asia/Seoul\)"))
        expect(city_page.locator("main")).to_contain_text(note)

        # The city takes the second time: the meeting is confirmed then.
        accept = re.compile(f"^Accept {re.escape(on_the_page(second, SEOUL))} ")
        city_page.get_by_test_id("time-choices").get_by_role("button", name=accept).click()
        expect(city_page.get_by_test_id("status")).to_have_text("Confirmed")
        expect(when).to_contain_text(f"{on_the_page(second, SEOUL)}")
    finally:
        city_context.close()


def test_the_booking_page_keeps_what_was_typed_and_goes_week_by_week(live_server_url, browser):
    provider = OrganisationParticipantFactory.create(
        organisation=CorporationFactory.create(name="Acme Flood Tech"),
        meeting_lengths=[30, 60],
        time_zone="Europe/Berlin",
    )
    for weekday in range(7):
        AvailabilityRuleFactory.create(
            participant=provider, weekday=weekday, start_time=time(8), end_time=time(18)
        )
    city_person = UserFactory.create(organisation=OrganisationFactory.create(), time_zone="Asia/Seoul")

    context, page = log_in(browser, live_server_url, city_person)
    try:
        page.goto(f"{live_server_url}/book/{provider.key}/")
        booking = page.locator("#booking-form")
        booking.get_by_label("Subject").fill("River sensors")
        booking.get_by_label("Message").fill("We would like to see a demo.")
        expect(page.locator("button.slot").first).to_contain_text("in Berlin")

        # Changing the length reloads the slots (JavaScript presses "Show slots for this length").
        booking.get_by_label("Length").select_option(label="60 minutes")

        expect(page.get_by_test_id("slots")).to_have_attribute("data-length", "60")
        expect(booking.get_by_label("Subject")).to_have_value("River sensors")
        expect(booking.get_by_label("Message")).to_have_value("We would like to see a demo.")
        first_this_week = first_slot_start(page)

        page.get_by_role("link", name="Next week").click()

        first_next_week = first_slot_start(page)
        assert first_next_week.date() >= timezone.now().astimezone(SEOUL).date() + timedelta(days=7)
        assert first_next_week > first_this_week
        expect(booking.get_by_label("Length")).to_have_value("60")

        page.get_by_label("Show times in").select_option("America/Sao_Paulo")

        expect(page.get_by_test_id("zones")).to_contain_text("Times are shown in America/Sao_Paulo")
        slot_start = first_slot_start(page)
        assert slot_start.utcoffset() == first_next_week.astimezone(SAO_PAULO).utcoffset()
        assert "week=" in page.url
        assert "length=60" in page.url
    finally:
        context.close()
