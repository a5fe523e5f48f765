"""Issue 15: a person downloads their data from their profile, deletes their account with their
password, and can no longer log in."""

import json
import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.helpers import PASSWORD, log_in, open_menu
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_person_downloads_their_data_then_deletes_their_account(live_server_url, browser: Browser):
    person = UserFactory.create(username="kofi", first_name="Kofi", email="kofi@example.org")
    context, page = log_in(browser, live_server_url, person)

    open_menu(page)
    page.get_by_test_id("current-user").click()
    with page.expect_download() as download_info:
        page.get_by_test_id("download-my-data").click()
    download = download_info.value
    data = json.loads(download.path().read_text())
    assert (download.suggested_filename.endswith(".json"), data["profile"]["email"]) == (
        True,
        "kofi@example.org",
    )

    page.get_by_test_id("delete-account-link").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_count(0)

    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Username").fill("kofi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    context.close()
