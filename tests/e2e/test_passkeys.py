"""Passkeys in Chromium (issue 15): Chromium's virtual authenticator (DevTools' WebAuthn domain)
stands in for a phone or security key. WebAuthn refuses IP addresses as the relying party, so these
pages are opened as http://localhost:<port> on a server whose allowed origin is that address."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import csp_reports_of, log_in_with_password_only, submit_login
from tests.factories.accounts import StaffFactory
from tests.live_server import free_port, live_daphne
from tests.second_factor import authenticator_app_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def localhost_server(django_db_setup, django_db_blocker):
    """A live server reached as http://localhost:<port>, the origin its passkeys are for."""
    port = free_port()
    origin = f"http://localhost:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    with (
        (ARTIFACTS / "daphne-passkeys.log").open("w") as log,
        live_daphne(log, {"SMC_WEBAUTHN_ORIGINS": origin}, port=port),
    ):
        yield origin


@pytest.fixture
def page_with_authenticator(browser: Browser):
    """A page whose browser has a platform authenticator (fingerprint already given), with the CSP
    reports of its pages collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.csp_reports = csp_reports_of([page])  # type: ignore[attr-defined]
    page.credentials = lambda: cdp.send(  # type: ignore[attr-defined]
        "WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]}
    )["credentials"]
    yield page
    context.close()


def staff_page_heading(page: Page):
    return page.get_by_role("heading", level=1, name="To do")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").first.click()
    expect(page.get_by_test_id("current-user")).to_have_count(0)


def test_staff_add_a_passkey_and_pass_the_second_factor_with_it(localhost_server, page_with_authenticator):
    page = page_with_authenticator
    staff = StaffFactory.create(username="zola")
    authenticator_app_of(staff)
    submit_login(page, localhost_server, "zola")

    page.goto(f"{localhost_server}/accounts/profile/security/")
    page.get_by_label("Name of the passkey").fill("Work laptop")
    page.get_by_role("button", name="Add a passkey").click()

    expect(page.get_by_role("status")).to_contain_text("Your passkey “Work laptop” is added.")
    expect(page.get_by_test_id("passkey")).to_have_count(1)
    expect(page.get_by_test_id("passkey")).to_contain_text("Work laptop")
    assert len(page.credentials()) == 1

    log_out(page)
    log_in_with_password_only(page, localhost_server, "zola")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    page.goto(f"{localhost_server}/staff/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next=%2Fstaff%2F"))
    expect(staff_page_heading(page)).to_have_count(0)

    page.get_by_role("button", name="Use a passkey").click()

    expect(page).to_have_url(f"{localhost_server}/staff/")
    expect(staff_page_heading(page)).to_be_visible()
    assert page.csp_reports == []


def test_new_staff_set_up_only_a_passkey_and_later_sign_in_with_it_alone(
    localhost_server, page_with_authenticator
):
    page = page_with_authenticator
    StaffFactory.create(username="amani")
    log_in_with_password_only(page, localhost_server, "amani")
    page.goto(f"{localhost_server}/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")

    page.get_by_label("Name of the passkey").fill("Phone")
    page.get_by_role("button", name="Add a passkey").click()

    expect(page).to_have_url(f"{localhost_server}/staff/")
    expect(staff_page_heading(page)).to_be_visible()

    log_out(page)
    page.goto(f"{localhost_server}/accounts/login/?next=/staff/")
    page.get_by_role("button", name="Sign in with a passkey").click()

    expect(page).to_have_url(f"{localhost_server}/staff/")
    expect(staff_page_heading(page)).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    assert page.csp_reports == []
