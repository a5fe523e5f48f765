"""Issue 13, acceptance 1(a), as one journey through the pages: a company applies (seeing its fee),
staff approve it in the review queue, the applicant (now the company's admin) invites a colleague
from the people page, and the colleague signs up from the e-mailed link on a phone and lists and
publishes a solution. No admin pages, no API calls, no database writes beyond the staff user."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    PASSWORD,
    PHONE,
    apply_as_a_visitor,
    approve_the_application,
    fits_the_screen,
    invitation_path,
    log_in,
    new_page,
    open_menu,
    pass_second_factor,
    publish_a_solution,
)
from tests.factories.accounts import StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COLLEAGUE_EMAIL = "ines@example.org"


def assert_fits(page: Page) -> None:
    assert fits_the_screen(page), f"{page.url} scrolls sideways at {PHONE['width']} px"


def reload_as_a_new_admin(page: Page, username: str) -> None:
    """An admin now, the person first sets up a second factor, then is back on the page reloaded."""
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    assert_fits(page)
    pass_second_factor(page, username)


def test_company_applies_is_approved_invites_a_colleague_who_publishes_a_solution(browser, mail_server):
    url, mail_dir = mail_server["url"], mail_server["mail_dir"]
    staff = StaffFactory.create(username="staff")

    # The company applies on a phone and sees its fee; the e-mailed link makes the applicant's account,
    # signs them in and sends the application.
    applicant = new_page(browser, viewport=PHONE)
    apply_as_a_visitor(applicant, url, mail_dir)
    expect(applicant.get_by_test_id("application-status")).to_have_text("Pending")
    expect(applicant.get_by_test_id("application-fee")).to_contain_text("USD 1,000")

    # Staff approve it in the review queue.
    staff_context, staff_page = log_in(browser, url, staff)
    approve_the_application(staff_page, "Lumen Grid", "USD 1,000")
    staff_context.close()

    # The applicant, now the company's admin, finds the organisation from their profile ...
    reload_as_a_new_admin(applicant, "rui")
    expect(applicant.get_by_test_id("application-status")).to_have_text("Approved")
    open_menu(applicant)
    applicant.get_by_test_id("current-user").click()
    represents = applicant.get_by_role("paragraph").filter(has_text="You represent")
    expect(represents).to_contain_text("You represent Lumen Grid as organisation admin")
    represents.get_by_role("link", name="Lumen Grid", exact=True).click()
    expect(applicant.get_by_role("heading", name="Lumen Grid")).to_be_visible()
    found = re.fullmatch(rf"{re.escape(url)}/members/([-\w]+)/", applicant.url)
    assert found is not None, applicant.url
    slug = found.group(1)
    assert_fits(applicant)

    # ... (its address verified by the application's link: unverified people do not invite) ...
    # ... and invites a colleague from its people page.
    applicant.get_by_role("link", name="Our people").click()
    expect(applicant).to_have_url(f"{url}/members/{slug}/people/")
    applicant.get_by_label("Colleague's e-mail").fill(COLLEAGUE_EMAIL)
    applicant.get_by_role("button", name="Send invitation").click()
    expect(applicant.get_by_test_id("invitations")).to_contain_text(COLLEAGUE_EMAIL)
    assert_fits(applicant)
    applicant.context.close()

    # The colleague signs up from the e-mailed link on a phone ...
    colleague = new_page(browser, viewport=PHONE)
    colleague.goto(f"{url}{invitation_path(mail_dir, COLLEAGUE_EMAIL)}")
    expect(colleague.get_by_text("Lumen Grid").first).to_be_visible()
    assert_fits(colleague)
    colleague.get_by_label("Username").fill("ines")
    colleague.get_by_label("Password *", exact=True).fill(PASSWORD)
    colleague.get_by_label("Password (again)").fill(PASSWORD)
    colleague.get_by_role("button", name="Sign up and join").click()
    expect(colleague.get_by_role("heading", name="Lumen Grid")).to_be_visible()
    expect(colleague).to_have_url(f"{url}/members/{slug}/")
    assert_fits(colleague)

    # ... and lists and publishes a solution, which the public catalogue then shows as the company's.
    publish_a_solution(colleague)
    assert_fits(colleague)
    colleague.context.close()

    visitor = new_page(browser, viewport=PHONE)
    visitor.goto(f"{url}/solutions/")
    listed = visitor.get_by_role("link", name="Adaptive street lighting")
    expect(listed).to_be_visible()
    listed.click()
    expect(visitor.get_by_role("link", name="Lumen Grid")).to_have_attribute("href", f"/members/{slug}/")
    assert_fits(visitor)
    visitor.context.close()
