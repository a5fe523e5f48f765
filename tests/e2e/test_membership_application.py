"""A company applies for membership on a phone-sized screen, seeing its fee, and sends it from the
e-mailed link; staff approve it in the review queue; its contact person signs in and publishes a
solution. Applying with an address that has an account shows the same page and mails its owner.
Everything through the pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    APPLICANT_PASSWORD,
    PHONE,
    apply_as_a_visitor,
    approve_the_application,
    fill_in_the_application,
    fits_the_screen,
    log_in,
    mails_to,
    publish_a_solution,
    submit_login,
)
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_company_applies_is_approved_and_publishes_a_solution(mail_server, browser):
    live_server_url, mail_dir = mail_server["url"], mail_server["mail_dir"]
    staff = StaffFactory.create(username="staff")

    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    apply_as_a_visitor(page, live_server_url, mail_dir)
    expect(page.get_by_test_id("application-status")).to_have_text("Pending")
    expect(page.get_by_test_id("application-fee")).to_contain_text("USD 1,000")
    assert fits_the_screen(page)
    phone.close()

    staff_context, staff_page = log_in(browser, live_server_url, staff)
    approve_the_application(staff_page, "Lumen Grid", "USD 1,000")
    staff_context.close()

    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    # Rui is his organisation's admin now: he sets up his second factor on the way in.
    submit_login(page, live_server_url, "rui", APPLICANT_PASSWORD)
    expect(page.get_by_test_id("current-user")).to_have_text("Rui Costa")
    publish_a_solution(page)
    assert fits_the_screen(page)
    phone.close()


def test_applying_with_a_registered_address_shows_the_same_page_and_mails_its_owner(mail_server, browser):
    url, mail_dir = mail_server["url"], mail_server["mail_dir"]
    UserFactory.create(username="ama", email="ama@example.org")

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    fill_in_the_application(page, url, email="ama@example.org")
    taken_text = page.get_by_test_id("apply-sent").inner_text().replace("ama@example.org", "ADDRESS")
    fill_in_the_application(page, url, email="kofi@example.org")
    free_text = page.get_by_test_id("apply-sent").inner_text().replace("kofi@example.org", "ADDRESS")
    context.close()

    assert taken_text == free_text
    (notice,) = mails_to(mail_dir, "ama@example.org")
    assert "username: ama" in notice
    assert "/apply/finish/" not in notice
    (link,) = mails_to(mail_dir, "kofi@example.org")
    assert "/apply/finish/" in link
