"""Every page, as the person it is meant for sees it, is conforming HTML5 and names its form
fields: html5lib (a parser that follows the HTML standard's parsing algorithm) reports no parse
error, ids are unique, labels and ARIA references point at something, every field has a label,
every button a name, every image a text, and the page has one h1 and a language.

The pages and their people come from the access matrix (concordia/tests/test_access_matrix.py),
so a new page is checked as soon as it has its matrix entry; also in Dutch, where words are
longer and markup is written around them differently.
"""

from collections import Counter
from typing import Any

import html5lib
import pytest
from django.test import Client
from django.urls import reverse

from concordia.tests.access.support import ACTORS, Ctx, is_api
from concordia.tests.test_access_matrix import ROUTES

# Input types that need no label of their own: the button's value or nothing is shown.
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}
LABELLABLE = {"input", "select", "textarea", "button", "meter", "output", "progress"}
ID_REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage",
                 "list", "form")

PAGES = [*sorted(
    (name, next(actor for actor in ACTORS if actor in check.ok))
    for name, route in ROUTES.items() if not is_api(name)
    for check in route.checks if check.method == "get" and check.ok_status == 200
), ("home", "founder")]  # the visitor's front door above; a person's start page too


def _text(element: Any) -> str:
    return "".join(element.itertext()).strip()


def problems_of(html: str) -> list[str]:
    """What is wrong with a page's HTML, in words (empty when nothing is)."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    root = parser.parse(html)
    found = [f"parse error at line {line}, column {col}: {code} {data or ''}"
             for (line, col), code, data in parser.errors]
    if not root.get("lang"):
        found.append("the html element has no lang")
    ids = Counter(el.get("id") for el in root.iter() if el.get("id"))
    found += [f"id {i!r} is used {n} times" for i, n in ids.items() if n > 1]
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    labelled: set[int] = set()
    for label in root.iter("label"):
        target = label.get("for")
        if target:
            if target not in by_id or by_id[target].tag not in LABELLABLE:
                found.append(f"label for={target!r} points at no form field")
            else:
                labelled.add(id(by_id[target]))
        labelled.update(id(el) for el in label.iter() if el.tag in LABELLABLE)
    for el in root.iter():
        for attribute in ID_REFERENCES:
            for ref in (el.get(attribute) or "").split():
                if ref not in by_id:
                    found.append(f"<{el.tag} {attribute}={ref!r}> points at no element")
    for el in (el for el in root.iter() if el.tag in ("input", "select", "textarea")):
        if el.tag == "input" and (el.get("type") or "text") in UNLABELLED_INPUTS:
            continue
        if id(el) not in labelled and not (el.get("aria-label") or el.get("aria-labelledby")
                                            or el.get("title")):
            found.append(f"<{el.tag} name={el.get('name')!r}> has no label")
    for el in root.iter("button"):
        if not (_text(el) or el.get("aria-label") or el.get("aria-labelledby")):
            found.append(f"<button name={el.get('name')!r}> has no text")
    for el in root.iter("img"):
        if el.get("alt") is None:
            found.append(f"<img src={el.get('src')!r}> has no alt")
    h1 = len(list(root.iter("h1")))
    if h1 != 1:
        found.append(f"{h1} h1 headings (one is wanted)")
    return found


def test_the_checker_finds_what_it_looks_for() -> None:
    bad = ('<!doctype html><html><head><title>x</title></head><body><h1>a</h1><h1>b</h1>'
           '<p id="x"></p><p id="x"><label for="nothing">N</label><input name="q">'
           '<span aria-describedby="gone"></span><button></button><img src="a.png"></b></body>'
           '</html>')
    found = "\n".join(problems_of(bad))
    for expected in ("parse error", "no lang", "id 'x' is used 2 times",
                     "label for='nothing' points at no form field", "<input name='q'> has no "
                     "label", "points at no element", "<button name=None> has no text",
                     "has no alt", "2 h1 headings"):
        assert expected in found
    good = ('<!doctype html><html lang="en"><head><title>x</title></head><body><h1>a</h1>'
            '<label for="q">Q</label><input id="q" name="q"><label>R <select name="r">'
            '</select></label><button>Go</button><img src="a.png" alt=""></body></html>')
    assert problems_of(good) == []


@pytest.mark.django_db
def test_the_api_documentation_page_is_conforming_html(client: Client) -> None:
    problems = problems_of(client.get(reverse("api_docs")).content.decode())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(("name", "actor"), PAGES)
def test_page_is_conforming_html(client: Client, ctx: Ctx, name: str, actor: str,
                                 language: str) -> None:
    route = ROUTES[name]
    if route.setup is not None:
        route.setup(ctx)
    person = ctx.person(actor)
    if person is not None:
        client.force_login(person)
    response = client.get(reverse(name, kwargs=route.kwargs(ctx)),
                          headers={"Accept-Language": language})
    assert response.status_code == 200
    if not response["Content-Type"].startswith("text/html"):
        return  # calendars, PDFs and downloads are checked by their own tests
    problems = problems_of(response.content.decode())
    assert not problems, "\n".join(problems)
