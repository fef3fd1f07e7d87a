"""Pages offer only what the person may do: for each role, every link and every form on the
alliance's pages leads somewhere that role may go.

The test walks the pages as each person of the test world would (starting from the home page
and the alliance's dashboard, following links within the site, one page per route name), and
calls every link and form it finds on them as that person: a link must not answer 403, 404 or
send them to log in; a form, posted with what it carries (hidden fields and its button) in a
transaction that is rolled back, must not answer 403, 404 or 405. A form that needs input
answers 422 with the reasons, which is fine: the form was theirs to fill in. The access matrix
(test_access_matrix.py) checks who may call each route; this checks that pages do not offer
the others a way in.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from concordia.testing.agreements import agreements_of
from concordia.testing.decisions import decisions_of
from concordia.testing.escalations import escalations_of
from concordia.testing.meetings import meetings_of
from concordia.tests.access.support import Ctx

ROLES = ("founder", "coordinator_b", "professional_a", "observer_b", "reviewer")
# Forms every page carries that are not about the alliance (they work for everyone).
SITE_FORMS = frozenset({"account_logout", "language_set"})
REFUSED = frozenset({403, 404, 405})


@dataclass
class Form:
    action: str
    method: str
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class Found:
    links: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.found = Found()
        self.form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in a:
            self.found.links.append(a["href"])
        elif tag == "form":
            self.form = Form(action=a.get("action") or self.page_url,
                             method=(a.get("method") or "get").lower())
            self.found.forms.append(self.form)
        elif self.form is not None and tag in ("input", "button"):
            kind = a.get("type", "submit" if tag == "button" else "text")
            if a.get("name") and kind in ("hidden", "submit"):
                # The first button names the form's main action (e.g. "endorse").
                self.form.data.setdefault(a["name"], a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None


def collect(html: str, page_url: str) -> Found:
    parser = _Collector(page_url)
    parser.feed(html)
    return parser.found


def own_route(url: str) -> str | None:
    """The route name of a link inside the site (None for another site, an anchor, a file)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(("/static/", "/accounts/", "/api/")):
        return None  # files, allauth's own account pages, the API (not pages)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return "<unresolved>"
    return match.view_name


def refused(response, login_url: str) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and response["Location"].startswith(login_url)


class MemoClient:
    """GETs each address once: a page walked is also a link checked."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.answers: dict[str, Any] = {}

    def get(self, url: str) -> Any:
        if url not in self.answers:
            self.answers[url] = self.client.get(url)
        return self.answers[url]


def walk(client: MemoClient, start: list[str],
         everywhere: bool = False) -> Iterator[tuple[str, Found]]:
    """Every page reachable from ``start`` through links, one per route name: the alliance's and
    organisations' pages, or ``everywhere`` in the site (the model, the advisor, notifications,
    the person's tokens and calendar too)."""
    seen: set[str] = set()
    queue = list(start)
    while queue:
        url = queue.pop(0)
        name = own_route(url)
        if name is None or name in seen:
            continue
        seen.add(name)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        found = collect(response.content.decode(), url)
        yield url, found
        queue += [link for link in found.links
                  if link.startswith(("/alliances/", "/organisations/")) or link == "/"
                  or (everywhere and own_route(link) is not None)]


@pytest.fixture
def full_world(ctx: Ctx) -> Ctx:
    """The matrix's world with meetings, minutes, decisions, agreements and escalations (built
    with the context, once per module: concordia/tests/conftest.py)."""
    for domain_world in (meetings_of, decisions_of, agreements_of, escalations_of):
        domain_world(ctx)
    return ctx


@pytest.mark.parametrize("actor", ROLES)
def test_every_link_and_form_on_the_pages_is_one_the_person_may_use(client, full_world, actor):
    person = full_world.person(actor)
    client.force_login(person)
    login_url = reverse("account_login")
    start = ["/", reverse("alliance_dashboard", args=[full_world.world.alliance.pk])]
    problems: list[str] = []
    checked: set[tuple[str, str]] = set()
    pages = 0
    memo = MemoClient(client)
    for page, found in walk(memo, start):
        pages += 1
        for link in found.links:
            name = own_route(link)
            if name is None or ("get", name) in checked:
                continue
            checked.add(("get", name))
            response = memo.get(link)
            if name == "<unresolved>" or refused(response, login_url):
                problems.append(f"{page} links to {link} ({name}): {response.status_code}")
        for form in found.forms:
            name = own_route(form.action)
            if name is None or name in SITE_FORMS or (form.method, name) in checked:
                continue
            checked.add((form.method, name))
            if form.method == "get":
                query = urlencode(form.data)
                response = memo.get(f"{form.action}?{query}" if query else form.action)
            else:
                with transaction.atomic():
                    response = client.post(form.action, form.data)
                    transaction.set_rollback(True)
            if name == "<unresolved>" or refused(response, login_url):
                problems.append(f"{page} has a {form.method.upper()} form to {form.action} "
                                f"({name}): {response.status_code}")
    assert pages >= 15, f"only {pages} pages reached"
    assert not problems, f"{actor} is offered what they may not do:\n" + "\n".join(problems)
