"""Browser tests: Debian's Chromium driven by Playwright against daphne on the test database.

Run on their own (`pytest -m e2e tests/e2e`): Playwright's event loop and pytest-asyncio's
break each other inside one process.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from tests.live_server import free_port, live_daphne

# Playwright's sync API keeps an event loop alive in this thread; the ORM calls the tests make to
# arrange data are still plain synchronous calls, so Django's async-safety guard is lifted here only.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker):
    """daphne serving the ASGI app (HTTP and WebSockets) on the test database; its log in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "daphne.log").open("w") as log, live_daphne(log) as url:
        yield url


@pytest.fixture(scope="session")
def two_pool_server(django_db_setup, django_db_blocker):
    """The layout of docs/architecture.md "Two server pools": one daphne serving pages and the API,
    whose pages open their WebSockets on a second one (LIVE_UPDATES_URL). Yields the page server's
    URL and both access logs."""
    ARTIFACTS.mkdir(exist_ok=True)
    live_log, pages_log = ARTIFACTS / "daphne-live.log", ARTIFACTS / "daphne-pages.log"
    # The live pool accepts sockets from the pages' origin (scheme, host and port) because it is listed.
    pages_port = free_port()
    pages_origin = {"DJANGO_CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{pages_port}"}
    with (
        live_log.open("w") as live_out,
        live_daphne(live_out, pages_origin) as live_url,
        pages_log.open("w") as pages_out,
        live_daphne(
            pages_out, {"LIVE_UPDATES_URL": live_url.replace("http://", "ws://", 1)}, port=pages_port
        ) as url,
    ):
        yield {"url": url, "live_log": live_log, "pages_log": pages_log}


@pytest.fixture(scope="module")
def mail_server(django_db_setup, django_db_blocker, tmp_path_factory, request):
    """A live server whose e-mails land as files in a folder the test reads (`helpers.mails_to`);
    its log in test-artifacts/daphne-<module>.log."""
    mail_dir = tmp_path_factory.mktemp("mail")
    ARTIFACTS.mkdir(exist_ok=True)
    with (
        (ARTIFACTS / f"daphne-{request.module.__name__.rsplit('.', 1)[-1]}.log").open("w") as log,
        live_daphne(log, {"SMC_TEST_EMAIL_DIR": str(mail_dir)}) as url,
    ):
        yield {"url": url, "mail_dir": mail_dir}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
