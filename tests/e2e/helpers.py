"""What several browser tests do the same way."""

import re
from collections.abc import Iterable
from email import message_from_string
from pathlib import Path
from urllib.parse import urlsplit

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.second_factor import code_for_key, current_code

PASSWORD = "correct-horse-battery"  # noqa: S105 -- the factories' throw-away password
APPLICANT_PASSWORD = "lumen-grid-2024!"  # noqa: S105 -- a throw-away password typed into the form
PHONE = {"width": 390, "height": 844}


def log_in(browser, live_server_url, user):
    """A new browser context (its own cookies) with `user` logged in, second factor given where the
    site asks for it: (context, page)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    submit_login(page, live_server_url, user.username)
    expect(page.get_by_test_id("current-user")).to_be_visible()
    return context, page


def submit_login(page: Page, live_server_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page, then give the second factor if the site asks for it."""
    log_in_with_password_only(page, live_server_url, username, password)
    pass_second_factor(page, username)


def log_in_with_password_only(
    page: Page, live_server_url: str, username: str, password: str = PASSWORD
) -> None:
    """Fill in and send the login page (the page then shows wherever the site sends the person)."""
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def pass_second_factor(page: Page, username: str) -> None:
    """Where the site asks for the second factor (staff, organisation admins, anyone who has one):
    a person without an app sets one up from the key the setup page shows; a person with one
    types the code their app shows now (computed from the app's key, as the phone would)."""
    if "/accounts/two-factor/setup/" in page.url:
        key = page.get_by_test_id("totp-secret").inner_text()
        page.get_by_label("Code from the app").fill(code_for_key(key))
        page.get_by_role("button", name="Turn on the second factor").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/two-factor/"))
    elif "/accounts/two-factor/" in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Your code").fill(current_code(device))
        page.get_by_role("button", name="Continue").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/two-factor/"))


def new_page(browser: Browser, **context_options) -> Page:
    """A page in a new browser context (its own cookies); close it with `page.context.close()`."""
    page = browser.new_context(**context_options).new_page()
    page.set_default_timeout(10_000)
    return page


def fits_the_screen(page: Page) -> bool:
    """No sideways scroll on a phone-sized screen."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def open_menu(page: Page) -> None:
    """Unfolds the header's menu when the screen is narrow enough to fold it (a no-op otherwise)."""
    # site.js folds the menu once the page has loaded; wait for it, or the check below races it.
    page.locator("[data-menu].collapsible").wait_for(state="attached")
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")


def mails_to(mail_dir: Path, address: str) -> list[str]:
    """The bodies of the e-mails to `address` that the `mail_server` wrote, oldest first."""
    bodies = []
    for path in sorted(mail_dir.glob("*.log")):
        for raw in path.read_text().split("-" * 79):
            if raw.strip() and address in raw:
                message = message_from_string(raw.strip())
                payload = message.get_payload(decode=True)
                bodies.append(payload.decode() if isinstance(payload, bytes) else str(message.get_payload()))
    return bodies


def invitation_path(mail_dir: Path, address: str) -> str:
    """The path of the invitation link in the latest e-mail to `address`."""
    bodies = mails_to(mail_dir, address)
    assert bodies, f"no e-mail to {address}"
    link = re.search(r"https?://\S+/invitations/\S+/", bodies[-1])
    assert link is not None, bodies[-1]
    return urlsplit(link.group(0)).path


def verification_path(mail_dir: Path, address: str) -> str:
    """The path of the e-mail verification link in the latest e-mail to `address` that has one."""
    for body in reversed(mails_to(mail_dir, address)):
        link = re.search(r"https?://\S+/accounts/verify-email/\S+/", body)
        if link is not None:
            return urlsplit(link.group(0)).path
    raise AssertionError(f"no verification e-mail to {address}")


def sign_up_path(mail_dir: Path, address: str) -> str:
    """The path of the sign-up link in the latest e-mail to `address` that has one."""
    for body in reversed(mails_to(mail_dir, address)):
        link = re.search(r"https?://[^/\s]+(/accounts/signup/[^/\s]+/)", body)
        if link is not None:
            return link.group(1)
    raise AssertionError(f"no sign-up e-mail to {address}")


def verify_address(page: Page, live_server_url: str, mail_dir: Path, address: str) -> None:
    """Opens the verification link e-mailed to `address` in `page`, then returns to where it was."""
    here = page.url
    page.goto(f"{live_server_url}{verification_path(mail_dir, address)}")
    expect(page.get_by_test_id("current-user")).to_be_attached()
    page.goto(here)


def application_path(mail_dir: Path, address: str) -> str:
    """The path of the application link in the latest e-mail to `address` that has one."""
    for body in reversed(mails_to(mail_dir, address)):
        link = re.search(r"https?://[^/\s]+(/apply/finish/[^/\s]+/)", body)
        if link is not None:
            return link.group(1)
    raise AssertionError(f"no application e-mail to {address}")


def fill_in_the_application(page: Page, live_server_url: str, email: str = "rui@example.org") -> None:
    """Rui Costa applies for Lumen Grid (12 employees: USD 1000) from the home page, not logged in,
    and is told to check his inbox."""
    page.goto(live_server_url)
    page.get_by_role("link", name="Apply for membership").click()
    page.get_by_label("Organisation name").fill("Lumen Grid")
    page.get_by_label("Category").select_option(label="Corporation")
    page.get_by_label("Kind").select_option(label="Start-up")
    page.get_by_label("Country").select_option(label="Portugal")
    page.get_by_label("City or region").fill("Lisbon")
    page.get_by_label("World region").select_option(label="Europe")
    page.get_by_label("Website").fill("https://lumen-grid.example.org")
    page.get_by_label("Description").fill("Smart street lighting that dims when nobody is around.")
    page.get_by_label("Employees").fill("60")
    expect(page.get_by_test_id("fee-preview")).to_contain_text("USD 2,000")
    page.get_by_label("Employees").fill("12")
    expect(page.get_by_test_id("fee-preview")).to_contain_text("USD 1,000")
    page.get_by_label("Your job title").fill("Founder")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("First name").fill("Rui")
    page.get_by_label("Last name").fill("Costa")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Send the application").click()
    expect(page.get_by_test_id("apply-sent")).to_contain_text(email)


def apply_as_a_visitor(page: Page, live_server_url: str, mail_dir: Path) -> None:
    """Rui applies (`fill_in_the_application`), opens the e-mailed link and chooses his username
    and password there: his account is made and the application sent."""
    fill_in_the_application(page, live_server_url)
    page.goto(f"{live_server_url}{application_path(mail_dir, 'rui@example.org')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Send your application")
    page.get_by_label("Username").fill("rui")
    page.get_by_label("Password *", exact=True).fill(APPLICANT_PASSWORD)
    page.get_by_label("Password (again)").fill(APPLICANT_PASSWORD)
    assert fits_the_screen(page)
    page.get_by_role("button", name="Create my account and send the application").click()


def approve_the_application(page: Page, organisation_name: str, fee: str) -> None:
    """Staff (logged in on `page`) approve the one pending application from the review queue."""
    page.get_by_test_id("application-queue-link").click()
    queue = page.get_by_test_id("application-queue")
    expect(queue.get_by_test_id("pending-application")).to_have_count(1)
    expect(queue).to_contain_text(fee)
    queue.get_by_role("link", name="Review").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text(f"{organisation_name} is a member now")
    expect(page.get_by_test_id("pending-application")).to_have_count(0)


def publish_a_solution(page: Page) -> None:
    """From any page of a logged-in member: drafts and publishes "Adaptive street lighting"."""
    open_menu(page)
    page.get_by_role("link", name="My solutions").click()
    page.get_by_role("link", name="New solution").click()
    page.get_by_label("Title").fill("Adaptive street lighting")
    page.get_by_label("Summary").fill("Street lights that dim when the street is empty.")
    page.get_by_label("Description").fill(
        "Motion sensors on each pole; a city saves half its lighting power."
    )
    page.get_by_role("group", name="Sectors").get_by_label("Energy").check()
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("status")).to_contain_text("is saved as a draft")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("is published")


def csp_reports_of(pages: Iterable[Page]) -> list[str]:
    """A list that fills with Chromium's console reports of a script, style or connection blocked by the
    Content-Security-Policy on any of `pages`: the pages must run under it without one."""
    reports: list[str] = []

    def keep_csp_report(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            reports.append(message.text)

    for page in pages:
        page.on("console", keep_csp_report)
    return reports
