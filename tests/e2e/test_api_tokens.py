"""Issue 15: a person makes an API token on their profile's tokens page (shown once), revokes it, and
signs out everywhere; on a phone."""

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.helpers import PHONE, fits_the_screen, log_in, open_menu
from tests.factories.accounts import OrganisationAdminFactory, OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_person_makes_a_token_sees_it_once_revokes_it_and_signs_out_everywhere(
    live_server_url, browser: Browser
):
    person = OrganisationAdminFactory.create(organisation=OrganisationFactory.create(), username="amina")
    context, page = log_in(browser, live_server_url, person)
    page.set_viewport_size(PHONE)

    open_menu(page)
    page.get_by_test_id("current-user").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Reporting script")
    page.get_by_label("Expires after (days)").fill("7")
    page.get_by_role("button", name="Create the token").click()

    key = page.get_by_test_id("new-token").input_value()
    assert len(key) == 64
    assert fits_the_screen(page)

    page.get_by_role("link", name="Back to your tokens").click()
    rows = page.get_by_test_id("api-token")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Reporting script")
    expect(page.locator("main")).not_to_contain_text(key)
    assert fits_the_screen(page)

    page.get_by_role("button", name="Revoke Reporting script").click()
    expect(page.get_by_text("The token was revoked.")).to_be_visible()
    expect(rows).to_have_count(0)

    page.get_by_test_id("sign-out-everywhere").click()
    expect(page.get_by_text("You are signed out, and every API token of yours is revoked.")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    context.close()
