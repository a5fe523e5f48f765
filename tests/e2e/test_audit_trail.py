"""Issue 15: a staff member changes an organisation's page and finds the change, with their name and
the old and new value, on the audit trail (daphne, as deployed: the actor is recorded under ASGI)."""

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.helpers import log_in, open_menu
from tests.factories.accounts import OrganisationFactory, StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_see_the_change_they_made_on_the_audit_trail(live_server_url, browser: Browser):
    staff = StaffFactory.create(username="grace", first_name="Grace", last_name="Wambui")
    organisation = OrganisationFactory.create(name="Eldoret", website="")
    context, page = log_in(browser, live_server_url, staff)

    page.goto(f"{live_server_url}/members/{organisation.slug}/edit/")
    page.get_by_label("Website").fill("https://eldoret.go.ke")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    open_menu(page)
    page.get_by_test_id("audit-trail-link").click()
    entry = page.get_by_test_id("audit-entry").filter(has_text="Eldoret").first
    expect(entry).to_contain_text("changed")
    expect(entry.get_by_test_id("audit-actor")).to_have_text("Grace Wambui")
    expect(entry).to_contain_text("https://eldoret.go.ke")
    context.close()
