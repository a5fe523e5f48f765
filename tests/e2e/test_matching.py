import re

import pytest
from playwright.sync_api import expect

from tests.factories.accounts import OrganisationFactory
from tests.factories.catalogue import NeedFactory, SolutionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_need_page_shows_recommended_solutions_with_highlighted_reasons(live_server_url, page):
    SolutionFactory.create(
        title="Flood early warning",
        summary="River gauges send flood alerts to traders by SMS",
        description="Water level sensors on rivers warn residents and market traders before flooding.",
        sectors=["water"],
    )
    SolutionFactory.create(
        title="Museum ticketing", description="Sell museum tickets online.", sectors=["culture"]
    )
    need = NeedFactory.create(
        title="Stop the market flooding",
        description="Every rainy season the river floods the central market and traders lose their stock.",
        sectors=["water"],
        city=OrganisationFactory.create(name="Kampala", region="africa"),
    )

    page.goto(f"{live_server_url}/needs/{need.slug}/")

    recommendations = page.get_by_test_id("recommendations")
    expect(recommendations.get_by_role("link", name="Flood early warning")).to_be_visible()
    expect(recommendations.get_by_role("link", name="Museum ticketing")).to_have_count(0)
    expect(recommendations.locator("mark.term").first).to_be_visible()
    expect(
        recommendations.locator("p mark", has_text=re.compile("flood", re.IGNORECASE)).first
    ).to_be_visible()
    expect(recommendations).to_contain_text("shares Water")
