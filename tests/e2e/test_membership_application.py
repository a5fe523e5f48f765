"""A company applies for membership on a phone-sized screen, seeing its fee; staff approve it in the
review queue; its contact person signs in and publishes a solution. Everything through the pages."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in
from tests.factories.accounts import StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

APPLICANT_PASSWORD = "lumen-grid-2024!"  # noqa: S105 -- a throw-away password typed into the form
PHONE = {"width": 390, "height": 844}


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def apply_as_a_visitor(page: Page, live_server_url: str) -> None:
    page.goto(live_server_url)
    page.get_by_role("link", name="Apply for membership").click()
    page.get_by_label("Organisation name").fill("Lumen Grid")
    page.get_by_label("Category").select_option(label="Corporation")
    page.get_by_label("Kind").select_option(label="Start-up")
    page.get_by_label("Country").select_option(label="Portugal")
    page.get_by_label("City or region").fill("Lisbon")
    page.get_by_label("World region").select_option(label="Europe")
    page.get_by_label("Website").fill("https://lumen-grid.example.org")
    page.get_by_label("Description").fill("Smart street lighting that dims when nobody is around.")
    page.get_by_label("Employees").fill("60")
    expect(page.get_by_test_id("fee-preview")).to_contain_text("USD 2000")
    page.get_by_label("Employees").fill("12")
    expect(page.get_by_test_id("fee-preview")).to_contain_text("USD 1000")
    page.get_by_label("Your job title").fill("Founder")
    page.get_by_label("Username").fill("rui")
    page.get_by_label("E-mail").fill("rui@example.org")
    page.get_by_label("First name").fill("Rui")
    page.get_by_label("Last name").fill("Costa")
    page.get_by_label("Password *", exact=True).fill(APPLICANT_PASSWORD)
    page.get_by_label("Password (again)").fill(APPLICANT_PASSWORD)
    assert fits_the_screen(page)
    page.get_by_role("button", name="Send the application").click()


def publish_a_solution(page: Page) -> None:
    page.get_by_role("link", name="My solutions").click()
    page.get_by_role("link", name="New solution").click()
    page.get_by_label("Title").fill("Adaptive street lighting")
    page.get_by_label("Summary").fill("Street lights that dim when the street is empty.")
    page.get_by_label("Description").fill(
        "Motion sensors on each pole; a city saves half its lighting power."
    )
    page.get_by_role("group", name="Sectors").get_by_label("Energy").check()
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("status")).to_contain_text("is saved as a draft")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("is published")


def test_company_applies_is_approved_and_publishes_a_solution(live_server_url, browser):
    staff = StaffFactory.create(username="staff")

    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    apply_as_a_visitor(page, live_server_url)
    expect(page.get_by_test_id("application-status")).to_have_text("Pending")
    expect(page.get_by_test_id("application-fee")).to_contain_text("USD 1000")
    assert fits_the_screen(page)
    phone.close()

    staff_context, staff_page = log_in(browser, live_server_url, staff)
    staff_page.get_by_test_id("application-queue-link").click()
    queue = staff_page.get_by_test_id("application-queue")
    expect(queue.get_by_test_id("pending-application")).to_have_count(1)
    expect(queue).to_contain_text("USD 1000")
    queue.get_by_role("link", name="Review").click()
    staff_page.get_by_role("button", name="Approve").click()
    expect(staff_page.get_by_role("status")).to_contain_text("Lumen Grid is a member now")
    expect(staff_page.get_by_test_id("pending-application")).to_have_count(0)
    staff_context.close()

    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Username").fill("rui")
    page.get_by_label("Password").fill(APPLICANT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("current-user")).to_have_text("Rui Costa")
    publish_a_solution(page)
    assert fits_the_screen(page)
    phone.close()
