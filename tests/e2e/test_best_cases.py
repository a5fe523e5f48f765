"""Issue 14: a city tells a best case from the pages, staff publish it from their to-do page, and a
visitor finds it in the library with a filter and a search."""

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.enums import Region
from solutions.enums import BestCaseStatus
from tests.e2e.helpers import PHONE, log_in, new_page, open_menu
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import BestCaseFactory, SolutionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_city_submits_a_best_case_staff_publish_it_and_a_visitor_finds_it(
    live_server_url, browser: Browser
):
    accra = OrganisationFactory.create(name="Accra", country="GH", region=Region.AFRICA)
    amina = UserFactory.create(organisation=accra, username="amina", first_name="Amina", last_name="Mensah")
    SolutionFactory.create(
        provider=CorporationFactory.create(name="Acme Flood Tech"), title="River gauges", sectors=["water"]
    )
    # Already in the library: another city, another sector.
    BestCaseFactory.create(
        title="Lisbon trams on time",
        city=OrganisationFactory.create(name="Lisboa", country="PT", region=Region.EUROPE),
        solution=SolutionFactory.create(title="Tram priority", sectors=["mobility"]),
        status=BestCaseStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    staff = StaffFactory.create(username="staff")

    city_officer_submits_on_a_phone(browser, live_server_url, amina)
    staff_publish_from_their_todo_page(browser, live_server_url, staff)
    visitor_finds_it_by_sector_and_search(browser, live_server_url)


def city_officer_submits_on_a_phone(browser: Browser, live_server_url: str, amina) -> None:
    context, page = log_in(browser, live_server_url, amina)
    try:
        page.set_viewport_size(PHONE)
        open_menu(page)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Best cases").click()
        page.get_by_test_id("submit-best-case").click()
        page.get_by_role("button", name="Submit for review").click()  # nothing filled in yet
        expect(page.locator(".field-error")).to_have_count(5)
        page.get_by_label("Solution").select_option(label="River gauges (Acme Flood Tech)")
        page.get_by_label("Title").fill("Accra warns its residents of floods")
        page.get_by_label("Problem").fill("Streets flooded every rainy season.")
        page.get_by_label("Approach").fill("River gauges upstream and SMS alerts to every household.")
        page.get_by_label("Results").fill("No flood deaths in two rainy seasons.")
        page.get_by_role("button", name="Submit for review").click()
        mine = page.get_by_test_id("my-best-cases")
        expect(mine).to_contain_text("Accra warns its residents of floods")
        expect(mine).to_contain_text("Under review")
    finally:
        context.close()


def staff_publish_from_their_todo_page(browser: Browser, live_server_url: str, staff) -> None:
    context, page = log_in(browser, live_server_url, staff)
    try:
        page.get_by_test_id("staff-todo-link").click()
        page.get_by_test_id("todo-best-cases").get_by_role(
            "link", name="Accra warns its residents of floods"
        ).click()
        expect(page.get_by_test_id("best-case-status")).to_have_text("Under review")
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Accra warns its residents of floods")
        page.get_by_test_id("staff-todo-link").click()
        expect(page.get_by_test_id("todo-best-cases")).to_contain_text("No best case is waiting.")
    finally:
        context.close()


def visitor_finds_it_by_sector_and_search(browser: Browser, live_server_url: str) -> None:
    """By sector, then by words typed in capitals."""
    page = new_page(browser, viewport=PHONE)
    try:
        page.goto(f"{live_server_url}/best-cases/")
        expect(page.get_by_test_id("result-count")).to_have_text("2 best cases")
        page.get_by_label("Sector").select_option(label="Water")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_test_id("best-cases").get_by_role("heading")).to_have_text(
            ["Accra warns its residents of floods"]
        )
        page.get_by_label("Sector").select_option(label="All sectors")
        page.get_by_label("Search", exact=True).fill("ACME flood")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_test_id("result-count")).to_have_text("1 best case for ACME flood")
        page.get_by_role("link", name="Accra warns its residents of floods").click()
        expect(page.get_by_role("heading", name="Results")).to_be_visible()
        expect(page.locator("main")).to_contain_text("No flood deaths in two rainy seasons.")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.context.close()
