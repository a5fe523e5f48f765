import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.helpers import mails_to, sign_up_path
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-42"  # noqa: S105 -- a throw-away test account


def test_sign_up_from_the_emailed_link_log_out_and_log_in(mail_server, page):
    live_server_url, mail_dir = mail_server["url"], mail_server["mail_dir"]
    page.goto(f"{live_server_url}/accounts/signup/")
    page.get_by_label("E-mail").fill("amina@example.org")
    page.get_by_label("Time zone").select_option("Africa/Nairobi")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_test_id("signup-sent")).to_contain_text("amina@example.org")

    page.goto(f"{live_server_url}{sign_up_path(mail_dir, 'amina@example.org')}")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password *", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_test_id("current-user")).to_have_text("amina")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_test_id("current-user")).to_have_text("amina")


def test_sign_up_with_bad_input_shows_field_messages(live_server_url, page):
    page.goto(f"{live_server_url}/accounts/signup/")
    page.get_by_label("E-mail").fill("not-an-email")
    page.get_by_role("button", name="Sign up").click()

    expect(page.locator(".field-error").first).to_be_visible()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()


def test_signing_up_with_a_taken_address_looks_the_same_and_tells_its_owner(mail_server, page):
    """Issue 15: the page cannot tell a taken address from a free one; the owner hears of it."""
    live_server_url, mail_dir = mail_server["url"], mail_server["mail_dir"]
    UserFactory.create(username="owner", email="owner@example.org")
    shown = []
    for address in ("owner@example.org", "someone-new@example.org"):
        page.goto(f"{live_server_url}/accounts/signup/")
        page.get_by_label("E-mail").fill(address)
        page.get_by_role("button", name="Sign up").click()
        expect(page.get_by_test_id("signup-sent")).to_be_visible()
        shown.append((page.title(), page.locator("main").inner_text().replace(address, "ADDRESS")))

    assert shown[0] == shown[1]
    notice = mails_to(mail_dir, "owner@example.org")[-1]
    assert "someone, perhaps you, tried to sign up" in notice
    assert "/accounts/reset/" in notice
    assert "/accounts/signup/" in mails_to(mail_dir, "someone-new@example.org")[-1]


def test_directory_filtered_to_africa_kenya_shows_nairobi(live_server_url, page):
    call_command("import_members", stdout=StringIO())

    page.goto(f"{live_server_url}/members/")
    page.get_by_label("Region").select_option(label="Africa")
    page.get_by_label("Country").select_option(label="Kenya")
    page.get_by_role("button", name="Filter").click()

    expect(page.get_by_test_id("result-count")).to_have_text("1 member")
    expect(page.get_by_test_id("members").get_by_role("link", name="Nairobi")).to_be_visible()
    page.get_by_role("link", name="Nairobi").click()
    expect(page.get_by_role("heading", name="Nairobi")).to_be_visible()


def test_fee_calculator_computes_a_local_government_fee(live_server_url, page):
    page.goto(f"{live_server_url}/fees/")
    page.get_by_label("Category").select_option(label="Local government")
    page.get_by_label("GDP per capita, PPP (USD)").fill("5000")
    page.get_by_label("Population").fill("300000")
    page.get_by_role("button", name="Compute fee").click()

    expect(page.get_by_test_id("fee-result")).to_contain_text("USD 1,000")
    expect(page.get_by_test_id("fee-result")).to_contain_text(re.compile(r"population band 300 - 599"))
