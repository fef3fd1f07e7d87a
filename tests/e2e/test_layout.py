"""The layout in a real browser (Chromium), for every role and in both languages: no page scrolls
sideways on a phone (360 and 414 px wide; wide tables scroll inside their own box), "Log out"
stays on the screen, the header stays on one line at 1280 px in English and in Dutch, and links,
buttons and fields show where the focus is.

The pages are those the person of each role reaches by following links (the walk of
concordia/tests/test_links_per_role.py, one page per route name, all over the site), in the demo
alliance loaded in the page's language, plus the account pages allauth serves (as the HTML
validity test lists them); a visitor who is not logged in walks the public pages.
"""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from concordia.accounts.models import Person
from concordia.alliances.choices import Role
from concordia.alliances.models import Alliance, Membership
from concordia.demo.services import DEMO_PASSWORD, demo_email, demo_load
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify
from concordia.tests.access.support import is_api
from concordia.tests.test_access_matrix import ROUTES
from concordia.tests.test_html_validity import EXTRA_PAGES
from concordia.tests.test_links_per_role import ROLES, collect, own_route, walk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The narrowest phone and a wide one; every page is seen at both, in English and in Dutch.
PHONES = (360, 414)
LANGUAGES = ("en", "nl")
# The demo's person in each role of the access matrix's world (a visitor is "anonymous").
DEMO_PEOPLE = {"founder": ("kim", Role.KEY_ALLIANCE_MANAGER),
               "coordinator_b": ("lisa", Role.ALLIANCE_COORDINATOR),
               "professional_a": ("sara", Role.PROFESSIONAL),
               "observer_b": ("iris", Role.OBSERVER),
               "reviewer": ("reviewer", Role.EXTERNAL_REVIEWER)}
ACTORS = ("anonymous", *ROLES)
LOG_OUT = "header.site form[action='/accounts/logout/'] button"
TIMEOUT_MS = 15_000  # a log-in on a busy machine may take longer than expect's 5 seconds

# How far a page reaches past the viewport, which elements stick out of it without a box of their
# own that scrolls (to fix), and where "Log out" is.
MEASURE = """(logOut) => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 1) {
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
  const button = document.querySelector(logOut);
  let logOutBox = null;
  if (button) {
    const box = button.getBoundingClientRect();
    logOutBox = {left: Math.round(box.left), right: Math.round(box.right),
                 visible: box.width > 0 && getComputedStyle(button).visibility === 'visible'};
  }
  return {scrollWidth: document.documentElement.scrollWidth, width,
          lang: document.documentElement.lang, culprits: culprits.slice(0, 5),
          logOut: logOutBox};
}"""


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator(LOG_OUT)).to_be_visible(timeout=TIMEOUT_MS)


@dataclass
class Demo:
    alliance: Alliance
    kim: Person  # the key alliance manager


@pytest.fixture
def demo_people(db) -> Demo:
    """The demo's alliance, organisations and people only (enough for the header and a form)."""
    alliance, _logins = demo_load()
    return Demo(alliance=alliance, kim=Person.objects.get(email=demo_email("kim")))


def _demo_person(actor: str, alliance: Alliance) -> Person | None:
    """The demo's person in the actor's role (checked, so that the two cannot drift apart)."""
    if actor == "anonymous":
        return None
    local, role = DEMO_PEOPLE[actor]
    person = Person.objects.get(email=demo_email(local))
    assert Membership.objects.filter(person=person, alliance=alliance, role=role,
                                     revoked_at=None).exists(), (actor, local, role)
    return person


class Phone:
    """The walk's client, played by the browser: each page it opens is measured at 414 and at
    360 px wide (one load, the window narrowed), and what does not fit is noted."""

    @dataclass
    class Answer:
        status_code: int
        content_type: str
        content: bytes

        def __getitem__(self, header: str) -> str:
            assert header == "Content-Type"
            return self.content_type

    def __init__(self, page: Page, base: str, label: str, logged_in: bool,
                 language: str) -> None:
        self.page, self.base, self.label = page, base, label
        self.logged_in, self.language = logged_in, language
        self.faults: list[str] = []
        self.measured: list[str] = []

    def get(self, url: str) -> "Phone.Answer":
        self.page.set_viewport_size({"width": PHONES[-1], "height": 800})
        try:
            response = self.page.goto(self.base + url)
        except PlaywrightError as error:  # a calendar, a PDF: a download, not a page
            if "Download is starting" not in error.message:
                raise
            return self.Answer(200, "application/octet-stream", b"")
        assert response is not None
        content_type = response.headers.get("content-type") or ""
        if response.request.redirected_from is not None:  # e.g. to log in: not this page
            return self.Answer(302, content_type, b"")
        if not content_type.startswith("text/html"):
            return self.Answer(response.status, content_type, b"")
        self.measured.append(url)
        for width in reversed(PHONES):
            self.page.set_viewport_size({"width": width, "height": 800})
            self._measure(url, width)
        return self.Answer(response.status, content_type, self.page.content().encode())

    def _measure(self, url: str, width: int) -> None:
        found = self.page.evaluate(MEASURE, LOG_OUT)
        where = f"{self.label} at {width} px on {url}"
        if found["lang"] != self.language:
            self.faults.append(f"{where}: the page is in {found['lang']!r}")
        if found["scrollWidth"] > width or found["culprits"]:
            self.faults.append(f"{where}: {found['scrollWidth']} px wide, sticking out: "
                               f"{found['culprits']}")
        log_out = found["logOut"]
        if self.logged_in and not (log_out and log_out["visible"] and log_out["left"] >= 0
                                   and log_out["right"] <= width):
            self.faults.append(f"{where}: \"Log out\" is not on the screen ({log_out})")


# Pages a person reaches only through a personal link in a mail: no walk finds them.
OPENED_FROM_A_MAIL = frozenset({"evaluation_answer", "evaluation_thanks", "invitation_accept",
                                "organisation_invitation_open"})


def _walk(phone: Phone, alliance: Alliance) -> set[str]:
    """The account pages allauth serves (as the HTML validity test lists them), then every page
    the person reaches by following links from them, the home page, the alliance's dashboard,
    the model and the advisor: the walk of test_links_per_role, one page per route name, all
    over the site. Returns the route names of the pages measured."""
    start = ["/", reverse("handbook_index"), reverse("advisor")]
    if phone.logged_in:
        start.insert(1, reverse("alliance_dashboard", args=[alliance.pk]))
    for extra in EXTRA_PAGES:
        if (extra.actor == "anonymous") == phone.logged_in:
            continue
        try:
            url = extra.url(None)
        except AttributeError:  # a page about the access matrix's world (its own test's)
            continue
        answer = phone.get(url)
        if answer.status_code == 200 and answer.content:
            start += collect(answer.content.decode(), url).links  # e.g. the API tokens
    walked: set[str] = set()
    for url, _found in walk(phone, start, everywhere=True):
        walked.add(own_route(url) or url)
    return walked


# The middle of every item in the header's navigation, from the top: one line when they are
# all the same (buttons are taller than links, and centred with them).
NAV_TOPS = """() => [...document.querySelectorAll('header.site nav > ul > li')]
  .map(li => {
    const box = li.getBoundingClientRect();
    return Math.round(box.top + box.height / 2);
  })"""


def _matrix_pages(actor: str) -> set[str]:
    """The access matrix's pages (not the API) the actor may open."""
    return {name for name, route in ROUTES.items() if not is_api(name)
            for check in route.checks
            if check.method == "get" and check.ok_status == 200 and actor in check.ok}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, language: str) -> None:
    """The demo alliance in the page's language; each role in a browser of its own."""
    call_command("demo_load", "--language", language, stdout=io.StringIO())
    alliance = Alliance.objects.get()
    faults: list[str] = []
    for actor in ACTORS:
        person = _demo_person(actor, alliance)
        context = browser.new_context(locale={"nl": "nl-NL", "en": "en-GB"}[language],
                                      viewport={"width": PHONES[-1], "height": 800})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        if person is not None:
            Person.objects.filter(pk=person.pk).update(language=language)
            _log_in(page, live_server.url, person.email)
        phone = Phone(page, live_server.url, f"{actor} ({language})", person is not None,
                      language)
        if person is None:  # the measure sees a page that is too wide, and says why
            phone.get("/")
            page.evaluate("() => { const wide = document.createElement('div'); "
                          "wide.id = 'too-wide'; wide.style.width = '600px'; "
                          "document.querySelector('main').append(wide); }")
            phone.faults.clear()
            phone._measure("/", PHONES[0])
            assert len(phone.faults) == 1, phone.faults
            assert "div#too-wide" in phone.faults[0], phone.faults
            phone.faults.clear()
        walked = _walk(phone, alliance)
        faults += phone.faults
        # The walk reaches most pages of the matrix the role may open; what it misses is not a
        # page (calendars, PDFs), is opened from a mailed link (invitations), or needs what the
        # demo does not have at the moment.
        matrix = _matrix_pages(actor) - OPENED_FROM_A_MAIL
        enough = len(matrix) * (2 / 3 if person else 1 / 2)
        assert len(matrix & walked) > enough, (actor, sorted(matrix - walked))
        assert len(phone.measured) > (10 if person is None else 40), (actor, phone.measured)
        # The header on one line at 1280 px, on the person's start page.
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(live_server.url + "/")
        tops = page.evaluate(NAV_TOPS)
        if max(tops) - min(tops) > 4:
            faults.append(f"{actor} ({language}) at 1280 px: the header wraps ({tops})")
        if person is not None:  # and "Log out" logs out, on the narrowest phone
            page.set_viewport_size({"width": PHONES[0], "height": 800})
            page.locator(LOG_OUT).click()
            expect(page.locator(LOG_OUT)).to_have_count(0)
        context.close()
    assert not faults, "\n".join(faults)


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
