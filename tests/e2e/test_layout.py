"""The layout in a real browser (Chromium): no page of the demo alliance scrolls sideways on a
phone (360 and 390 px wide; wide tables scroll inside their own box), the header stays on one
line at 1280 px in English and in Dutch, and links, buttons and fields show where the focus is.
"""

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from concordia.accounts.models import Person
from concordia.alliances.models import Alliance
from concordia.demo.services import DEMO_PASSWORD, demo_email, demo_load
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The narrowest phone in Dutch (its words are longer), a common one in English.
PHONES = ((360, "nl"), (390, "en"))
# Pages a person reaches from the home page, the dashboard and the account, one of each kind.
MAX_PAGES = 120
NOT_PAGES = re.compile(r"\.(pdf|ics|csv|json|svg|png)$|/download|/logout|/api/|/accounts/2fa/"
                       r"|/static/|/leave$|/revoke$|/deactivate$")

# How far a page reaches past the viewport, and which elements stick out furthest (to fix).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let scrollingParent = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)
            && p !== document.body && p !== document.documentElement) {
          scrollingParent = true; break;
        }
      }
      if (!scrollingParent) {
        culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
          + (el.className && typeof el.className === 'string'
             ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
          + ' ' + Math.round(box.right));
      }
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 5)};
}"""


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("header.site form[action='/accounts/logout/'] button")).to_be_visible()


def _kind(path: str) -> str:
    """One page of each kind: /alliances/1/meetings/7/ and /alliances/1/meetings/8/ are one, and
    so are the model's eighteen building blocks."""
    path = re.sub(r"^(/model/[^/]+/)[^/]+/?$", r"\1*", path)
    return re.sub(r"/\d+", "/N", path)


def _pages(page: Page, base: str, start: list[str]) -> Iterator[str]:
    """The pages reachable in two steps from the start pages, one per kind, in visiting order."""
    seen: set[str] = set()
    queue = [(path, 0) for path in start]
    while queue and len(seen) < MAX_PAGES:
        path, depth = queue.pop(0)
        if _kind(path) in seen:
            continue
        seen.add(_kind(path))
        response = page.goto(base + path)
        if response is None or response.status != 200 or "text/html" not in (
                response.headers.get("content-type") or ""):
            continue
        yield path
        if depth >= 2:
            continue
        for href in page.eval_on_selector_all(
                "main a[href], header a[href]", "links => links.map(a => a.getAttribute('href'))"):
            url = urlparse(href)
            if url.netloc or not url.path.startswith("/") or NOT_PAGES.search(url.path):
                continue
            queue.append((url.path, depth + 1))


@dataclass
class Demo:
    alliance: Alliance
    kim: Person  # the key alliance manager


@pytest.fixture
def demo_people(db) -> Demo:
    """The demo's alliance, organisations and people only (enough for the header and a form)."""
    alliance, _logins = demo_load()
    return Demo(alliance=alliance, kim=Person.objects.get(email=demo_email("kim")))


@pytest.fixture
def demo(db) -> Demo:
    """The whole demo, as `make run` loads it: meetings, decisions, agreements and all."""
    call_command("demo_load", "--language", "en", stdout=io.StringIO())
    return Demo(alliance=Alliance.objects.get(), kim=Person.objects.get(email=demo_email("kim")))


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, demo: Demo) -> None:
    wide: list[str] = []
    visited: list[str] = []
    for width, language in PHONES:
        Person.objects.filter(pk=demo.kim.pk).update(language=language)
        context = browser.new_context(locale={"nl": "nl-NL", "en": "en-GB"}[language],
                                      viewport={"width": width, "height": 800})
        page = context.new_page()
        for path in ("/", "/accounts/login/", "/accounts/signup/", "/model/", "/advisor/"):
            page.goto(live_server.url + path)  # logged out first
            found = page.evaluate(OVERFLOW)
            if found["scrollWidth"] > width:
                wide.append(f"{width} px {path} ({language}, logged out): {found}")
        _log_in(page, live_server.url, demo.kim.email)
        start = ["/", f"/alliances/{demo.alliance.pk}/", "/accounts/email/"]
        for path in _pages(page, live_server.url, start):
            visited.append(path)
            found = page.evaluate(OVERFLOW)
            if found["scrollWidth"] > width:
                wide.append(f"{width} px {path} ({language}): {found}")
        context.close()
    assert len(visited) > 2 * 20, visited  # the crawl did reach the alliance's pages
    assert not wide, "\n".join(wide)


# The middle of every item in the header's navigation, from the top: one line when they are
# all the same (buttons are taller than links, and centred with them).
NAV_TOPS = """() => [...document.querySelectorAll('header.site nav > ul > li')]
  .map(li => {
    const box = li.getBoundingClientRect();
    return Math.round(box.top + box.height / 2);
  })"""


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_header_fits_on_one_line_at_1280_px(browser, live_server, demo_people: Demo,
                                                language: str) -> None:
    demo = demo_people
    Person.objects.filter(pk=demo.kim.pk).update(language=language)
    # Two-digit counts beside "My alliances" and "Notifications", as a busy week has them.
    for n in range(12):
        notify(people=[demo.kim], alliance=demo.alliance, kind=NotificationKind.AGENDA_PUBLISHED,
               key=f"layout-{n}", params={}, url=f"/alliances/{demo.alliance.pk}/")
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    _log_in(page, live_server.url, demo.kim.email)
    for path in ("/", f"/alliances/{demo.alliance.pk}/"):
        page.goto(live_server.url + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        tops = page.evaluate(NAV_TOPS)
        assert len(tops) > 5, tops  # the whole navigation of a logged-in person
        assert max(tops) - min(tops) <= 4, f"{path} in {language}: the header wraps ({tops})"
        expect(page.locator("header.site .count").first).to_be_visible()
    context.close()


# What shows where the focus is: an outline, or a box shadow (Pico's fields use one).
FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {tag: el.tagName.toLowerCase(), type: el.type || '',
          name: el.name || el.textContent.trim(), visible: outline || shadow,
          outline: style.outlineStyle + ' ' + style.outlineWidth, shadow: style.boxShadow};
}"""


def test_links_buttons_and_fields_show_the_focus(browser, live_server,
                                                 demo_people: Demo) -> None:
    demo = demo_people
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 800})
    page = context.new_page()
    _log_in(page, live_server.url, demo.kim.email)
    page.goto(f"{live_server.url}/alliances/{demo.alliance.pk}/people/invite")
    seen: dict[str, dict] = {}
    # Through the page with the keyboard, as someone without a mouse does (:focus-visible).
    for _ in range(60):
        page.keyboard.press("Tab")
        style = page.evaluate(f"() => ({FOCUS_STYLE})(document.activeElement)")
        kind = style["tag"]
        if kind in ("a", "button", "input", "select", "textarea"):
            assert style["visible"], f"no visible focus on a {kind}: {style}"
            seen.setdefault(kind, style)
    assert {"a", "button", "input", "select"} <= seen.keys(), seen
    context.close()
