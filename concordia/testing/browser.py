"""Steps shared by the browser journeys (tests/e2e)."""

from playwright.sync_api import Page, expect


def log_out(page: Page) -> None:
    """Log out and wait until the log-out has finished.

    The next `page.goto` would otherwise race the log-out's redirect and land on
    the front page, still logged in, instead of where the journey meant to go.
    """
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
