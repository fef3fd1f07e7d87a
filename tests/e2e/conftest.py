"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against live_server.

No browser is ever downloaded: the tests use /usr/bin/chromium and fail (not skip) without it.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from concordia.testing.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the tests
# (factories, assertions on rows) would otherwise be refused as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator["object"]:
    if not CHROMIUM.exists():
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM} "
                    "(apt-get install chromium); it is missing.", pytrace=False)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleWatch:
    """Collects console messages and page errors; CSP violations fail the test."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message) -> None:
        self.messages.append(f"{message.type}: {message.text}")

    def page_error(self, error) -> None:
        self.messages.append(f"pageerror: {error}")

    def csp_violations(self) -> list[str]:
        return [m for m in self.messages if "Content Security Policy" in m]


def _new_page(browser, request, **context_options):
    context = browser.new_context(locale="en-GB", **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = ConsoleWatch()
    page.on("console", watch)
    page.on("pageerror", watch.page_error)
    return context, page, watch


def _close(context, watch) -> None:
    context.close()
    violations = watch.csp_violations()
    if violations:
        pytest.fail("Content Security Policy violations:\n" + "\n".join(violations),
                    pytrace=False)


@pytest.fixture
def page(browser, live_server, settings, request):
    """A fresh context (no cookies) with JavaScript; the mailed links point at live_server."""
    settings.SITE_URL = live_server.url
    context, page, watch = _new_page(browser, request)
    yield page
    _close(context, watch)


@pytest.fixture
def page_without_js(browser, live_server, settings, request):
    settings.SITE_URL = live_server.url
    context, page, watch = _new_page(browser, request, java_script_enabled=False)
    yield page
    _close(context, watch)


@pytest.fixture
def login(live_server):
    """Log in through allauth's form with e-mail and password."""


    def do(page, email: str, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        expect(page.get_by_role("button", name="Log out")).to_be_visible()

    return do
