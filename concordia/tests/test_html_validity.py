"""Every page is valid HTML by the Nu HTML Checker (the W3C's validator), in English and Dutch.

The pages are those of the conformance test (every page of the access matrix, as the person it
is meant for sees it), plus the account pages allauth serves and the error pages (404, 403,
500). They are rendered into one directory and checked by a single run of the checker: it is a
Java program, and starting the JVM once per page would take minutes.

The checker is the npm package vnu-jar (`make vnu` installs the pinned version under
.cache/vnu; VNU_JAR may point at another vnu.jar) run with Debian's Java (default-jre-headless).
Without them the test is skipped on a developer's machine, and fails in CI (CI=true).
"""

import json
import os
import shutil
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from concordia.accounts.models import Person
from concordia.testing.factories import PASSWORD
from concordia.tests.access.support import Ctx
from concordia.tests.test_access_matrix import ROUTES
from concordia.tests.test_html_conformance import PAGES

REPO = Path(settings.BASE_DIR)
DEFAULT_JAR = REPO / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("en", "nl")


@dataclass(frozen=True)
class Extra:
    """A page outside the access matrix: allauth's account pages, the error page."""

    name: str
    actor: str
    url: Callable[[Ctx], str]
    status: int = 200
    reauthenticated: bool = False  # pages that first ask for the password again
    two_sessions: bool = False  # logged in through the form twice, in two browsers


def _url(name: str) -> Callable[[Ctx], str]:
    return lambda ctx: reverse(name)


EXTRA_PAGES = (
    Extra("account_login", "anonymous", _url("account_login")),
    Extra("account_signup", "anonymous", _url("account_signup")),
    Extra("account_reset_password", "anonymous", _url("account_reset_password")),
    Extra("account_reset_password_done", "anonymous", _url("account_reset_password_done")),
    Extra("account_reset_password_from_key (a bad key)", "anonymous",
          lambda ctx: reverse("account_reset_password_from_key",
                              kwargs={"uidb36": "0", "key": "bad-key"})),
    Extra("account_email_verification_sent", "anonymous",
          _url("account_email_verification_sent")),
    Extra("account_confirm_email (a bad key)", "anonymous",
          lambda ctx: reverse("account_confirm_email", kwargs={"key": "bad-key"})),
    Extra("account_inactive", "anonymous", _url("account_inactive")),
    Extra("account_logout", "founder", _url("account_logout")),
    Extra("account_email", "founder", _url("account_email")),
    Extra("account_change_password", "founder", _url("account_change_password")),
    Extra("account_reauthenticate", "founder", _url("account_reauthenticate")),
    Extra("mfa_index", "founder", _url("mfa_index")),
    Extra("mfa_activate_totp", "founder", _url("mfa_activate_totp"), reauthenticated=True),
    Extra("usersessions_list", "founder", _url("usersessions_list"), two_sessions=True),
    Extra("api_docs", "anonymous", _url("api_docs")),
    Extra("page not found", "founder", lambda ctx: "/no-such-page/", status=404),
    Extra("forbidden (a professional plans an action)", "professional_a",
          lambda ctx: reverse("action_create", kwargs=ROUTES["action_create"].kwargs(ctx)),
          status=403),
)


def checker_command() -> list[str]:
    """java -jar vnu.jar, or a skip (locally) / failure (in CI) saying what is missing."""
    java = shutil.which("java")
    jar = Path(os.environ.get("VNU_JAR") or DEFAULT_JAR)
    if not jar.is_absolute():
        jar = REPO / jar
    missing = []
    if java is None:
        missing.append("Java (apt-get install default-jre-headless)")
    if not jar.is_file():
        missing.append(f"the Nu HTML Checker at {jar} (make vnu, or set VNU_JAR)")
    if missing:
        message = "HTML validity needs " + " and ".join(missing)
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    assert java is not None
    return [java, "-Xss8m", "-jar", str(jar), "--format", "json", "--errors-only"]


def _matrix_url(name: str) -> Callable[[Ctx], str]:
    # After the route's set-up: some routes act on what their set-up makes.
    return lambda ctx: reverse(name, kwargs=ROUTES[name].kwargs(ctx))


class _Undo(Exception):
    """Rolls back what one page's set-up did, so the next page starts from the same world."""


def _reauthenticated(client: Client, person: Person) -> None:
    """The session allauth keeps after the person typed their password a moment ago."""
    session = client.session
    session["account_authentication_methods_user"] = str(person.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": person.email,
         "reauthenticated": True}]
    session.save()


def _render(client: Client, ctx: Ctx, actor: str, url: Callable[[Ctx], str],
            setup: Callable[[Ctx], None] | None, language: str,
            reauthenticated: bool = False, two_sessions: bool = False
            ) -> tuple[int, str, bytes]:
    status, content_type, content = 0, "", b""
    # Routes keep what they make on ctx; it goes with the rollback, so it goes from ctx too.
    remembered = dict(ctx.__dict__), dict(ctx.world.__dict__)
    try:
        with transaction.atomic():
            if setup is not None:
                setup(ctx)
            person = ctx.person(actor)
            if person is not None and two_sessions:
                # Sessions are listed as allauth recorded them at log-in.
                for browser in (Client(), client):
                    browser.post(reverse("account_login"),
                                 {"login": person.email, "password": PASSWORD})
            elif person is not None:
                client.force_login(person)
                if reauthenticated:
                    _reauthenticated(client, person)
            response = client.get(url(ctx), headers={"Accept-Language": language})
            status, content_type = response.status_code, response.get("Content-Type", "")
            content = response.content
            raise _Undo
    except _Undo:
        pass
    finally:
        client.logout()
        ctx.__dict__.clear()
        ctx.__dict__.update(remembered[0])
        ctx.world.__dict__.clear()
        ctx.world.__dict__.update(remembered[1])
    return status, content_type, content


@pytest.mark.django_db
def test_every_page_is_valid_html(client: Client, ctx: Ctx, tmp_path: Path) -> None:
    command = checker_command()
    files: dict[str, str] = {}  # file name -> which page, as whom, in which language
    wrong_status: list[str] = []
    for language in LANGUAGES:
        pages = [(name, actor, _matrix_url(name), ROUTES[name].setup, 200, False, False)
                 for name, actor in PAGES]
        pages += [(extra.name, extra.actor, extra.url, None, extra.status, extra.reauthenticated,
                   extra.two_sessions) for extra in EXTRA_PAGES]
        for name, actor, url, setup, expected, reauthenticated, two_sessions in pages:
            status, content_type, content = _render(client, ctx, actor, url, setup, language,
                                                    reauthenticated, two_sessions)
            label = f"{name} as {actor} ({language})"
            if status != expected:
                wrong_status.append(f"{label}: {status}, expected {expected}")
                continue
            if not content_type.startswith("text/html"):
                continue  # calendars, PDFs and downloads are checked by their own tests
            path = tmp_path / f"{len(files):03d}.html"
            path.write_bytes(content)
            files[path.name] = label
        # The server error page, as Django renders it: without a request.
        with translation.override(language):
            path = tmp_path / f"{len(files):03d}.html"
            path.write_bytes(server_error(RequestFactory().get("/")).content)
            files[path.name] = f"server error ({language})"
    assert not wrong_status, "\n".join(wrong_status)
    assert len(files) > 2 * len(EXTRA_PAGES)

    result = subprocess.run(  # noqa: S603 - the checker and the files this test wrote
        [*command, *sorted(files)], cwd=tmp_path, capture_output=True,
                            text=True, check=False, timeout=600)
    # The checker writes its JSON report to standard error.
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"The Nu HTML Checker did not report (exit {result.returncode}):\n"
                    f"{result.stdout}\n{result.stderr}", pytrace=False)
    errors: dict[str, list[str]] = defaultdict(list)
    for message in report["messages"]:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        file = Path(unquote(urlparse(message.get("url", "")).path)).name
        where = f"line {message.get('lastLine', '?')}: " if "lastLine" in message else ""
        extract = " ".join(message.get("extract", "").split())
        errors[files.get(file, file)].append(f"  {where}{message['message']}  [{extract}]")
    assert not errors, (
        f"{sum(map(len, errors.values()))} errors on {len(errors)} of {len(files)} pages:\n"
        + "\n".join(f"{page}:\n" + "\n".join(lines) for page, lines in sorted(errors.items())))
