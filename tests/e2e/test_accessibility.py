"""Accessibility in a real browser: axe-core (Deque's rules engine) finds no WCAG 2.0 / 2.1 A or
AA violation on any page, as each role of the test world sees it in English on a desk (1280 px
wide); the key alliance manager's and the visitor's pages also in Dutch, on a desk and on a
phone (360 px), where wide tables scroll in their own box.

The pages are the access matrix's (concordia/tests/test_access_matrix.py): every page a role
may open (a GET that answers 200), prepared by the route's own set-up, plus the account and
error pages of the HTML validity test. Each role has one browser context per language; its
requests are answered by Django's test client, logged in as that person, inside the test's
transaction: a page's set-up is rolled back after the page, as in the validity test, and
nothing listens on a port. The stylesheets load as on the real site, so colour contrast is
measured on what a person sees.

axe-core is the npm package axe-core (`make axe` installs the pinned AXE_VERSION under
.cache/axe; AXE_JS may point at another axe.min.js). Without it the test is skipped on a
developer's machine, and fails in CI (CI=true).

AXE_REPORT=DIR writes each page's figures (address, language, violations, passes) as JSON lines
into DIR; scripts/axe_report.py runs this test that way and prints them.
"""

import contextvars
import copy
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from concordia.accounts.models import Person
from concordia.testing.factories import PASSWORD, World
from concordia.tests.access.support import ACTORS, Ctx, build_ctx, is_api
from concordia.tests.test_access_matrix import ROUTES
from concordia.tests.test_html_conformance import PAGES
from concordia.tests.test_html_validity import EXTRA_PAGES, _reauthenticated

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

REPO = Path(settings.BASE_DIR)
DEFAULT_AXE = REPO / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BASE = "http://testserver"
# Key alliance manager, coordinator, professional, observer, external reviewer, a visitor.
ROLES = ("founder", "coordinator_b", "professional_a", "observer_b", "reviewer", "anonymous")
DESK, PHONE = 1280, 360  # viewport widths in CSS pixels
PHONE_ROLES = ("founder", "anonymous")  # the most pages, and the public ones (in Dutch)
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
RUN_AXE = """async options => {
  const r = await axe.run(document, options);
  return {
    passes: r.passes.length,
    incomplete: r.incomplete.length,
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t)
                                      .join(' ')),
    })),
  };
}"""
NOT_HTML = "x-concordia-not-html"


def axe_script() -> Path:
    """axe.min.js, or a skip (locally) / failure (in CI) saying it is missing."""
    script = Path(os.environ.get("AXE_JS") or DEFAULT_AXE)
    if not script.is_absolute():
        script = REPO / script
    if not script.is_file():
        message = f"The accessibility test needs axe-core at {script} (make axe, or set AXE_JS)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return script


@dataclass(frozen=True)
class Visit:
    """One page to audit, as one actor."""

    name: str
    url: Callable[[Ctx], str]
    setup: Callable[[Ctx], Any] | None = None
    status: int = 200
    reauthenticated: bool = False
    two_sessions: bool = False


def _matrix_url(name: str) -> Callable[[Ctx], str]:
    return lambda ctx: reverse(name, kwargs=ROUTES[name].kwargs(ctx))


def visits(actor: str) -> list[Visit]:
    """Every page the actor may open: the matrix's pages (a GET the actor gets 200 for), the
    pages the conformance test checks as this actor, and the validity test's extra pages."""
    names = {name for name, route in ROUTES.items() if not is_api(name)
             for check in route.checks
             if check.method == "get" and check.ok_status == 200 and actor in check.ok}
    names |= {name for name, who in PAGES if who == actor}
    if actor in ROLES and actor != "anonymous":
        names.add("home")  # a person's start page (the visitor's front door is in the matrix)
    found = [Visit(name, _matrix_url(name), ROUTES[name].setup) for name in sorted(names)]
    found += [Visit(extra.name, extra.url, None, extra.status, extra.reauthenticated,
                    extra.two_sessions) for extra in EXTRA_PAGES if extra.actor == actor]
    return found


def _others() -> list[str]:
    """Actors outside ROLES who are the conformance test's person for some page."""
    return sorted({who for _name, who in PAGES if who not in ROLES}, key=ACTORS.index)


@dataclass
class Server:
    """Answers the browser's requests with Django's test client (no port, the test's
    transaction). Static files are kept after their first answer."""

    client: Client
    language: str
    context: contextvars.Context = field(default_factory=contextvars.copy_context)
    static: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)  # what a page could not load

    def handle(self, route: Any, request: Any) -> None:
        """context.route's handler."""
        # Playwright calls this in a greenlet of its own, which has its own context variables
        # and so would get a database connection of its own (outside the test's transaction):
        # answer in the test's context instead.
        self.context.copy().run(self.answer, route, request)

    def answer(self, route: Any, request: Any) -> None:
        url = urlsplit(request.url)
        if f"{url.scheme}://{url.netloc}" != BASE:
            route.abort()  # nothing leaves the machine
            return
        path = url.path + (f"?{url.query}" if url.query else "")
        if path in self.static:
            status, headers, body = self.static[path]
            route.fulfill(status=status, headers=headers, body=body)
            return
        if request.method != "GET":
            route.fulfill(status=405, body=b"")
            return
        response = self.client.get(path, headers={"Accept-Language": self.language})
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content)
        headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
        content_type = response.get("Content-Type", "")
        if request.is_navigation_request() and response.status_code == 200 \
                and not content_type.startswith("text/html"):
            # A calendar, a PDF, a download: not a page; the browser would save it.
            route.fulfill(status=200, headers={"Content-Type": "text/html", NOT_HTML: "1"},
                          body=b"<!doctype html><title>-</title>")
            return
        if url.path.startswith(settings.STATIC_URL) and response.status_code == 200:
            self.static[path] = (response.status_code, headers, body)
        if not request.is_navigation_request() and response.status_code != 200:
            self.failed.append(f"{path} answered {response.status_code}")
        # Playwright does not intercept where a fulfilled redirect leads: the page's status
        # check reports it instead.
        headers.pop("Location", None)
        route.fulfill(status=response.status_code, headers=headers, body=body)


class _Undo(Exception):
    """Rolls back what one page's set-up did."""


@dataclass
class Figures:
    url: str
    page: str
    language: str
    actor: str
    violations: list[dict[str, Any]]
    passes: int  # rules that found nothing wrong
    incomplete: int  # rules that could not decide (to be looked at by a person)


def _audit(browser: Any, ctx: Ctx, actor: str, language: str, script: Path,
           viewport: dict[str, int] | None = None) -> Iterator[Figures | str]:
    """Each page's figures, or a line saying why a page could not be audited."""
    person = ctx.person(actor)
    client = Client()
    if person is not None:
        Person.objects.filter(pk=person.pk).update(language=language)
        person.refresh_from_db()
        client.force_login(person)
    server = Server(client, language)
    context = browser.new_context(locale="nl-NL" if language == "nl" else "en-GB",
                                  bypass_csp=True,  # axe arrives as an inline script
                                  viewport=viewport or {"width": 1280, "height": 720})
    context.set_default_timeout(30_000)
    context.route("**/*", server.handle)
    page = context.new_page()
    try:
        for visit in visits(actor):
            remembered = dict(ctx.__dict__), dict(ctx.world.__dict__)
            cookies = copy.deepcopy(client.cookies)
            try:
                with transaction.atomic():
                    if visit.setup is not None:
                        visit.setup(ctx)
                    if person is not None and visit.two_sessions:
                        # Sessions are listed as allauth recorded them at log-in.
                        for browser_client in (Client(), client):
                            browser_client.post(reverse("account_login"),
                                                {"login": person.email, "password": PASSWORD})
                    elif person is not None and visit.reauthenticated:
                        _reauthenticated(client, person)
                    yield from _one(page, server, visit, visit.url(ctx), actor, language,
                                    script)
                    raise _Undo
            except _Undo:
                pass
            finally:
                client.cookies = cookies
                ctx.__dict__.clear()
                ctx.__dict__.update(remembered[0])
                ctx.world.__dict__.clear()
                ctx.world.__dict__.update(remembered[1])
    finally:
        context.close()


def _one(page: Any, server: Server, visit: Visit, url: str, actor: str, language: str,
         script: Path) -> Iterator[Figures | str]:
    label = f"{visit.name} as {actor} ({language}) {url}"
    server.failed.clear()
    response = page.goto(BASE + url)
    if response is None:
        yield f"{label}: no answer"
        return
    if response.headers.get(NOT_HTML):
        return  # calendars, PDFs and downloads are not pages
    if response.status != visit.status:
        yield f"{label}: {response.status}, expected {visit.status}"
        return
    page.add_script_tag(path=str(script))
    if server.failed:
        yield f"{label}: {', '.join(server.failed)}"
        return
    result = page.evaluate(RUN_AXE, AXE_OPTIONS)
    yield Figures(url=url, page=visit.name, language=language, actor=actor,
                  violations=result["violations"], passes=result["passes"],
                  incomplete=result["incomplete"])


def _report(figures: list[Figures], actor: str, language: str, width: int) -> None:
    directory = os.environ.get("AXE_REPORT")
    if not directory:
        return
    path = Path(directory) / f"{actor}-{language}-{width}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for f in figures:
            out.write(json.dumps({
                "url": f.url, "page": f.page, "language": f.language, "actor": f.actor,
                "width": width,
                "violations": sum(len(v["targets"]) for v in f.violations),
                "rules": sorted(v["id"] for v in f.violations), "passes": f.passes,
                "incomplete": f.incomplete,
            }) + "\n")


def _describe(figures: list[Figures]) -> str:
    lines = []
    by_rule: dict[str, list[str]] = {}
    helps: dict[str, str] = {}
    for f in figures:
        for v in f.violations:
            helps[v["id"]] = f"{v['help']} ({v['impact']})"
            by_rule.setdefault(v["id"], []).extend(
                f"  {f.page} {f.url} ({f.language}): {target}" for target in v["targets"])
    for rule, where in sorted(by_rule.items()):
        lines.append(f"{rule}: {helps[rule]}, {len(where)} elements")
        lines += where
    return "\n".join(lines)


def test_axe_finds_what_it_looks_for(browser: Any) -> None:
    """The audit can fail: a page without a language, a title, an image's text, a button's
    name and with grey on white is reported rule by rule."""
    script = axe_script()
    bad = (b'<!doctype html><html><head><style>p{color:#bbb;background:#fff}</style></head>'
           b'<body><main><img src="x.png"><button></button><p>Faint</p></main></body></html>')
    context = browser.new_context()
    context.route("**/*", lambda route, request: route.fulfill(
        status=200, headers={"Content-Type": "text/html"}, body=bad))
    page = context.new_page()
    try:
        page.goto(BASE + "/bad")
        page.add_script_tag(path=str(script))
        result = page.evaluate(RUN_AXE, AXE_OPTIONS)
    finally:
        context.close()
    found = {v["id"] for v in result["violations"]}
    assert {"html-has-lang", "document-title", "image-alt", "button-name",
            "color-contrast"} <= found, found


@pytest.fixture
def axe_ctx(world: World) -> Ctx:
    return build_ctx(world)


@pytest.mark.parametrize(("actor", "language", "width"), [
    # Every role in English. A language changes a page's words, not its structure (landmarks,
    # labels, names, colours): an untranslated text falls back to English, never to nothing.
    *((actor, "en", DESK) for actor in (*ROLES, *_others())),
    # Dutch as the roles that reach the most pages and the public ones, on a desk and on a
    # phone, where wide tables scroll in their own box and Dutch's longer words must fit.
    *((actor, "nl", width) for actor in PHONE_ROLES for width in (DESK, PHONE)),
])
def test_no_page_has_an_accessibility_violation(browser: Any, axe_ctx: Ctx, actor: str,
                                                language: str, width: int) -> None:
    script = axe_script()
    figures: list[Figures] = []
    problems: list[str] = []
    viewport = {"width": width, "height": 740 if width == PHONE else 720}
    for found in _audit(browser, axe_ctx, actor, language, script, viewport):
        if isinstance(found, str):
            problems.append(found)
        else:
            figures.append(found)
    _report(figures, actor, language, width)
    assert not problems, "\n".join(problems)
    assert figures, f"no page audited as {actor}"
    assert all(f.passes > 0 for f in figures), "axe-core ran no rule on some page"
    failing = [f for f in figures if f.violations]
    assert not failing, (
        f"{sum(len(v['targets']) for f in failing for v in f.violations)} accessibility "
        f"violations on {len(failing)} of {len(figures)} pages as {actor} ({language}, "
        f"{width} px wide):\n"
        + _describe(failing))
