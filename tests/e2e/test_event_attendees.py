"""Issue 14, an event participant's journey in the browser: a city's person registers for an open
event and fills the profile (offer, seek, sectors); finds a provider in the attendee list with the
filters and asks it for a meeting there; the provider's person sees the notification (and the
e-mail), opens it and accepts; staff find the accepted request on the page of every request,
filtered by state. The city's person uses a phone."""

import re
import time

import pytest
from playwright.sync_api import expect

from events.enums import EventPhase
from events.models import EventRegistration
from tests.e2e.helpers import PHONE, fits_the_screen, log_in, mails_to
from tests.e2e.test_every_page import serious_violations
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.events import event_with_sessions, registered

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def registered_with_profile(event, organisation, *, offer, seek, sectors):
    registration, representative = registered(event, organisation)
    registration.offer, registration.seek, registration.sectors = offer, seek, sectors
    registration.save()
    return representative.user


def the_only_mail_to(mail_dir, address):
    """The one e-mail to `address`, waiting a little: the server sends it after the commit."""
    deadline = time.monotonic() + 10
    while not (found := mails_to(mail_dir, address)) and time.monotonic() < deadline:
        time.sleep(0.1)
    [mail] = found
    return mail


def register_and_fill_the_profile(page, event_url):
    page.goto(event_url)
    page.get_by_role("button", name="Register Nairobi").click()
    expect(page.get_by_test_id("registration")).to_contain_text("Nairobi is registered")
    page.get_by_role("link", name="Edit your profile").click()
    assert serious_violations(page) == []
    page.get_by_label("What we offer").fill("A river to test on, and open flood data.")
    page.get_by_label("What we look for").fill("Flood warning sensors.")
    page.get_by_role("group", name="Sectors").get_by_label("Water").check()
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_role("status")).to_contain_text("The profile of Nairobi is saved")
    assert fits_the_screen(page)


def find_the_provider_and_ask_for_a_meeting(page):
    page.get_by_role("navigation", name="Event").get_by_role("link", name="Attendees").click()
    expect(page.get_by_test_id("attendee")).to_have_count(3)
    page.get_by_label("Sector").select_option(label="Water")
    page.get_by_label("Category").select_option(label="Corporation")
    page.get_by_role("button", name="Filter").click()
    attendee = page.get_by_test_id("attendee")
    expect(attendee).to_have_count(1)
    expect(attendee).to_contain_text("Acme Flood Tech")
    expect(attendee).to_contain_text("Flood sensors that warn residents")
    assert fits_the_screen(page)
    assert serious_violations(page) == []  # with the request forms, which the every-page test never sees
    attendee.get_by_text("Add a message").click()
    attendee.get_by_label("Message to Acme Flood Tech").fill("Could your sensors watch our river?")
    attendee.get_by_role("button", name="Request a meeting with Acme Flood Tech").click()
    expect(page.get_by_role("status")).to_contain_text("Request sent to Acme Flood Tech")
    expect(page.get_by_test_id("in-touch")).to_be_visible()


def open_the_notification_and_accept(page, event_url):
    bell = page.get_by_test_id("bell")
    expect(bell.get_by_test_id("unread-count")).to_have_text("1")
    bell.click()
    page.get_by_role("button", name="Nairobi asks you for a meeting at Smart Water Summit").click()
    expect(page).to_have_url(f"{event_url}requests/")
    received = page.get_by_test_id("received")
    expect(received).to_contain_text("Could your sensors watch our river?")
    received.get_by_role("button", name="Accept").click()
    expect(received).to_contain_text("Accepted")


def see_the_accepted_request(page, event_url):
    page.goto(event_url)
    page.get_by_role("navigation", name="Event").get_by_role("link", name="All requests").click()
    page.get_by_label("State").select_option(label="Accepted")
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_test_id("all-requests").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Nairobi")
    expect(rows).to_contain_text("Acme Flood Tech")
    expect(rows.get_by_test_id("request-state")).to_have_text("Accepted")


def test_a_participant_finds_an_attendee_asks_for_a_meeting_and_staff_see_it_accepted(mail_server, browser):
    base = mail_server["url"]
    event = event_with_sessions(name="Smart Water Summit", phase=EventPhase.REQUESTS_OPEN)
    provider_person = registered_with_profile(
        event,
        CorporationFactory.create(name="Acme Flood Tech", country="DE"),
        offer="Flood sensors that warn residents by text message.",
        seek="Cities along rivers.",
        sectors=["water", "safety"],
    )
    registered_with_profile(
        event,
        CorporationFactory.create(name="Rota Viva", country="BR"),
        offer="Bus lanes that adapt to the traffic.",
        seek="Cities with crowded roads.",
        sectors=["mobility"],
    )
    city_person = UserFactory.create(organisation=OrganisationFactory.create(name="Nairobi", country="KE"))
    staff = StaffFactory.create()
    event_url = f"{base}/events/{event.slug}/"

    city_context, city_page = log_in(browser, base, city_person)
    provider_context = staff_context = None
    try:
        city_page.set_viewport_size(PHONE)
        register_and_fill_the_profile(city_page, event_url)
        assert EventRegistration.objects.get(organisation__name="Nairobi").sectors == ["water"]
        find_the_provider_and_ask_for_a_meeting(city_page)

        provider_context, provider_page = log_in(browser, base, provider_person)
        open_the_notification_and_accept(provider_page, event_url)
        mail = the_only_mail_to(mail_server["mail_dir"], provider_person.email)
        assert re.search(rf"https?://\S+/events/{event.slug}/requests/", mail)

        staff_context, staff_page = log_in(browser, base, staff)
        see_the_accepted_request(staff_page, event_url)
    finally:
        for context in (city_context, provider_context, staff_context):
            if context is not None:
                context.close()
