"""What several browser tests do the same way."""

from playwright.sync_api import expect

PASSWORD = "correct-horse-battery"  # noqa: S105 -- the factories' throw-away password


def log_in(browser, live_server_url, user):
    """A new browser context (its own cookies) with `user` logged in: (context, page)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    return context, page
