"""Issue 15, acceptance 4: staff reach the staff pages only after their second factor, and after too
many wrong passwords even the right one is refused until the lock-out period is over."""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import PASSWORD, PHONE, fits_the_screen, log_in_with_password_only, new_page
from tests.factories.accounts import StaffFactory
from tests.live_server import live_daphne
from tests.second_factor import authenticator_app_of, code_for_key, current_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COOL_OFF_SECONDS = 6


@pytest.fixture(scope="module")
def short_lockout_server(django_db_setup, django_db_blocker):
    """A live server whose lock-out lasts COOL_OFF_SECONDS instead of 15 minutes (the setting's
    environment variable), so the test can see it end."""
    ARTIFACTS.mkdir(exist_ok=True)
    with (
        (ARTIFACTS / "daphne-login-security.log").open("w") as log,
        live_daphne(log, {"SMC_LOGIN_COOLOFF_MINUTES": str(COOL_OFF_SECONDS / 60)}) as url,
    ):
        yield url


def staff_page_heading(page: Page):
    return page.get_by_role("heading", level=1, name="To do")


def test_staff_reach_the_staff_pages_only_after_their_second_factor(live_server_url, page):
    staff = StaffFactory.create(username="zola", first_name="Zola", last_name="Dube")
    app = authenticator_app_of(staff)

    log_in_with_password_only(page, live_server_url, "zola")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    for path in ("/staff/", "/admin/"):
        page.goto(f"{live_server_url}{path}")
        expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next="))
        expect(page.get_by_role("heading", level=1)).to_have_text("Your second factor")
    expect(staff_page_heading(page)).to_have_count(0)

    page.goto(f"{live_server_url}/staff/")
    page.get_by_label("Your code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    expect(staff_page_heading(page)).to_have_count(0)

    page.get_by_label("Your code").fill(current_code(app))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server_url}/staff/")
    expect(staff_page_heading(page)).to_be_visible()


def test_new_staff_set_up_their_app_on_a_phone_before_the_staff_pages(live_server_url, browser):
    StaffFactory.create(username="zola")
    page = new_page(browser, viewport=PHONE)
    try:
        log_in_with_password_only(page, live_server_url, "zola")
        page.goto(f"{live_server_url}/staff/")

        expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
        expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
        assert fits_the_screen(page)
        key = page.get_by_test_id("totp-secret").inner_text()
        page.get_by_label("Code from the app").fill(code_for_key(key))
        page.get_by_role("button", name="Turn on the second factor").click()

        expect(page).to_have_url(f"{live_server_url}/staff/")
        expect(staff_page_heading(page)).to_be_visible()
    finally:
        page.context.close()


def test_after_five_wrong_passwords_the_right_one_is_refused_until_the_lock_out_ends(
    short_lockout_server, page
):
    StaffFactory.create(username="zola")

    for attempt in range(5):
        page.goto(f"{short_lockout_server}/accounts/login/")
        page.get_by_label("Username").fill("zola")
        page.get_by_label("Password").fill(f"wrong-guess-{attempt}")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("locked-out")).to_be_visible()

    page.goto(f"{short_lockout_server}/accounts/login/")
    page.get_by_label("Username").fill("zola")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Too many failed logins")
    expect(page.get_by_test_id("locked-out")).to_contain_text(
        "Try again after that, even with the right password"
    )
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    # Each attempt while locked out, the right one included, starts the period again.
    locked_at = time.monotonic()

    time.sleep(max(0.0, COOL_OFF_SECONDS + 1 - (time.monotonic() - locked_at)))
    log_in_with_password_only(page, short_lockout_server, "zola")

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    expect(page.get_by_test_id("current-user")).to_be_visible()
