"""A matchmaking event end to end in the browser: staff create it; a city and a provider register
and the city asks the provider for a meeting; the provider accepts; staff run the scheduler and
publish; the city finds the meeting on its agenda; staff check both representatives in on one
dashboard page while a second dashboard page updates live, without a reload."""

import pytest
from playwright.sync_api import expect

from events.models import Event, EventRepresentative
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from tests.e2e.test_booking import log_in
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.events import days_ahead

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def create_event(page, base):
    page.goto(f"{base}/events/new/")
    page.locator("#id_name").fill("Smart Water Summit")
    page.locator("#id_venue").fill("Congress Centre, Hall B")
    page.locator("#id_time_zone").select_option("Europe/Berlin")
    page.locator("#id_meeting_minutes").fill("30")
    page.locator("#id_tables").fill("3")
    page.locator("#id_session-day").fill(days_ahead(10).isoformat())
    page.locator("#id_session-name").fill("Morning")
    page.locator("#id_session-start_time").fill("09:00")
    page.locator("#id_session-slot_count").fill("4")
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_test_id("phase")).to_have_text("Registration open")
    page.get_by_role("button", name="Meeting requests open").click()
    expect(page.get_by_test_id("phase")).to_have_text("Meeting requests open")
    return page.url


def schedule_and_publish(page, event_url):
    page.goto(event_url)
    page.get_by_role("button", name="Scheduling").click()
    expect(page.get_by_test_id("phase")).to_have_text("Scheduling")
    page.goto(f"{event_url}schedule/")
    page.get_by_test_id("run-scheduler").click()
    expect(page.get_by_test_id("run-state")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("grid")).to_contain_text("Accra / Acme Flood Tech")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("phase")).to_have_text("Agenda published")


def test_event_from_creation_to_a_live_check_in(live_server_url, browser):
    staff = StaffFactory.create()
    city_person = UserFactory.create(
        organisation=OrganisationFactory.create(name="Accra"), time_zone="Africa/Accra"
    )
    provider_person = UserFactory.create(
        organisation=CorporationFactory.create(name="Acme Flood Tech"), time_zone="Europe/Berlin"
    )
    staff_context, staff_page = log_in(browser, live_server_url, staff)
    city_context, city_page = log_in(browser, live_server_url, city_person)
    provider_context, provider_page = log_in(browser, live_server_url, provider_person)
    try:
        event_url = create_event(staff_page, live_server_url)

        for page, name in ((city_page, "Accra"), (provider_page, "Acme Flood Tech")):
            page.goto(event_url)
            page.get_by_role("button", name=f"Register {name}").click()
            expect(page.get_by_test_id("registration")).to_contain_text(f"{name} is registered")

        city_page.goto(f"{event_url}requests/")
        city_page.locator("#id_receiver").select_option(label="Acme Flood Tech")
        city_page.locator("#id_message").fill("We would like to hear about your flood sensors.")
        city_page.get_by_role("button", name="Send request").click()
        expect(city_page.get_by_test_id("sent")).to_contain_text("Acme Flood Tech")

        provider_page.goto(f"{event_url}requests/")
        expect(provider_page.get_by_test_id("received")).to_contain_text("flood sensors")
        provider_page.get_by_role("button", name="Accept").click()
        expect(provider_page.get_by_test_id("received")).to_contain_text("Accepted")

        schedule_and_publish(staff_page, event_url)

        city_page.goto(f"{event_url}agenda/")
        expect(city_page.get_by_test_id("agenda")).to_contain_text("Acme Flood Tech")
        assert Meeting.objects.get().status == MeetingStatus.CONFIRMED

        watcher = staff_context.new_page()
        watcher.goto(f"{event_url}dashboard/")
        expect(watcher.get_by_test_id("dashboard")).to_have_attribute("data-live", "connected")
        watcher.evaluate("window.notReloaded = true")
        staff_page.goto(f"{event_url}dashboard/")
        event = Event.objects.get()
        for person, expected in ((city_person, "1"), (provider_person, "2")):
            representative = EventRepresentative.objects.get(registration__event=event, user=person)
            staff_page.locator(f'tr[data-rep="{representative.pk}"]').get_by_role(
                "button", name="Check in"
            ).click()
            expect(staff_page.locator('[data-count="checked_in"]')).to_have_text(expected)

            row = watcher.locator(f'tr[data-rep="{representative.pk}"]')
            expect(row.locator('[data-field="status"]')).to_contain_text("Checked in")
            expect(watcher.locator('[data-count="checked_in"]')).to_have_text(expected)
        expect(watcher.locator('[data-count="organisations_present"]')).to_have_text("2")
        assert watcher.evaluate("window.notReloaded") is True
    finally:
        staff_context.close()
        city_context.close()
        provider_context.close()
