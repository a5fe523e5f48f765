"""A provider lists and publishes a solution; a city searches the catalogue and finds it."""

import re

import pytest
from playwright.sync_api import Page, expect

from solutions.services import refresh_search_statistics
from tests.e2e.helpers import submit_login
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.factories.catalogue import SolutionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # noqa: S105 -- UserFactory's throw-away password


def log_in(page: Page, live_server_url: str, username: str) -> None:
    submit_login(page, live_server_url, username, PASSWORD)
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_provider_publishes_a_solution_that_a_city_finds_by_phrase_and_sector(live_server_url, page):
    provider = CorporationFactory.create(name="Aqua Sense")
    nairobi = OrganisationFactory.create(name="Nairobi", country="KE")
    UserFactory.create(username="provider", organisation=provider)
    UserFactory.create(username="city", organisation=nairobi)
    # Same phrase, other sector: the sector filter must leave it out.
    SolutionFactory.create(title="Flood early warning for road tunnels", sectors=["mobility"])
    # Same words, not the phrase.
    SolutionFactory.create(title="Early maps of flood warning zones", sectors=["water"])

    log_in(page, live_server_url, "provider")
    page.get_by_role("link", name="My solutions").click()
    page.get_by_role("link", name="New solution").click()
    page.get_by_label("Title").fill("Flood early warning for river cities")
    page.get_by_label("Summary").fill("Warns residents hours before rivers burst their banks.")
    page.get_by_label("Description").fill(
        "River-level sensors feed a model; alerts go out by SMS and sirens."
    )
    page.get_by_role("group", name="Sectors").get_by_label("Water").check()
    page.get_by_role("group", name="Sectors").get_by_label("Safety").check()
    page.get_by_label("Maturity").select_option(label="Deployed")
    page.get_by_label("Reference cities").fill("Nairobi, KE")
    page.get_by_role("button", name="Create draft").click()

    expect(page.get_by_role("status")).to_contain_text("is saved as a draft")
    expect(page.get_by_test_id("status")).to_have_text("Draft")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("is published")
    expect(page.get_by_test_id("status")).to_have_count(0)
    page.get_by_role("button", name="Log out").click()

    refresh_search_statistics()
    log_in(page, live_server_url, "city")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Solutions").click()
    page.get_by_label("Search", exact=True).fill('"flood early warning"')
    page.get_by_label("Sector").select_option(label="Water")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_test_id("result-count")).to_have_text('1 solution for "flood early warning"')
    results = page.get_by_test_id("results")
    expect(results.get_by_role("heading").locator("mark")).to_have_text(["Flood", "early", "warning"])
    expect(results.locator(".snippet mark")).to_have_text(["Warns"])  # stemmed: warning ~ warns
    expect(page.get_by_label("Sector")).to_contain_text("Water (1)")
    results.get_by_role("link", name="Flood early warning for river cities").click()

    expect(page.get_by_role("heading", name="Flood early warning for river cities")).to_be_visible()
    expect(page.get_by_test_id("provider")).to_have_text("Aqua Sense")
    expect(page.get_by_test_id("references").get_by_role("link", name="Nairobi")).to_have_attribute(
        "href", re.compile(rf"/members/{nairobi.slug}/$")
    )
