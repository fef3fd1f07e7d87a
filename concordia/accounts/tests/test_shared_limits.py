"""Log-in limits hold across app servers: two gunicorn servers (one worker process each) on one
database count failed log-ins together, through the shared cache (the database cache by
default, Redis when REDIS_URL is set).

Real processes on free loopback ports; every wait is bounded and the servers are stopped in
any case. No timing is asserted."""

import html
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
EMAIL, PASSWORD = "limits@example.org", "correct horse battery staple"
TOO_MANY = "Too many failed login attempts. Try again later."
STARTUP_LIMIT_SECONDS = 90  # a bound on waiting, not an assertion


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_env(folder: Path, redis_url: str) -> dict[str, str]:
    env = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    env.update({
        "DJANGO_SETTINGS_MODULE": "concordia.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "JOURNAL_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "ACCOUNT_EMAIL_VERIFICATION": "none",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "WEB_CONCURRENCY": "1",
    })
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR,  # noqa: S603
                   env=env, check=True, capture_output=True, timeout=300)


def request(port: int, method: str, path: str, body: str = "",
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None,
                           headers={"Accept-Language": "en", **(headers or {})})
        response = connection.getresponse()
        cookies = "; ".join(value.split(";", 1)[0] for key, value in response.getheaders()
                            if key.lower() == "set-cookie")
        return response.status, {"cookies": cookies, **dict(response.getheaders())}, \
            response.read().decode()
    finally:
        connection.close()


@contextmanager
def gunicorn_servers(env: dict[str, str], count: int) -> Iterator[list[int]]:
    ports = [free_port() for _ in range(count)]
    servers = [subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR, env={**env, "BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        for port in ports]
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
        for port, server in zip(ports, servers, strict=True):
            while True:
                assert server.poll() is None, server.stderr.read().decode()
                try:
                    if request(port, "GET", "/health")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield ports
    finally:
        for server in servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)


def log_in(port: int, password: str) -> tuple[int, str]:
    """One log-in attempt on one server: fetch the form (CSRF), post it."""
    status, headers, page = request(port, "GET", "/accounts/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "login": EMAIL,
                                   "password": password})
    status, _headers, page = request(port, "POST", "/accounts/login/", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": headers["cookies"]})
    return status, html.unescape(page)


CACHES = [pytest.param("", id="database-cache"),
          pytest.param(os.environ.get("REDIS_URL", ""), id="redis-cache",
                       marks=pytest.mark.skipif(not os.environ.get("REDIS_URL"),
                                                reason="REDIS_URL is not set"))]


@pytest.mark.parametrize("redis_url", CACHES)
def test_the_sixth_failed_log_in_is_refused_across_two_servers(tmp_path, redis_url) -> None:
    # given a production configuration on a fresh database with one person
    env = production_env(tmp_path, redis_url)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "shell", "-c",
           "from concordia.accounts.models import Person; "
           f"Person.objects.create_user(email={EMAIL!r}, password={PASSWORD!r})")
    if redis_url:
        manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")

    with gunicorn_servers(env, 2) as ports:
        # when five wrong passwords alternate between the two servers (3 on one, 2 on the other)
        for attempt in range(5):
            status, page = log_in(ports[attempt % 2], "wrong password")
            # each is an ordinary failure, none limited yet
            assert status == 200
            assert "The email address and/or password you specified are not correct." in page
            assert TOO_MANY not in page

        # then the sixth attempt is refused on either server, even with the right password
        for port in ports:
            status, page = log_in(port, PASSWORD)
            assert status == 200, "logged in despite five failures"
            assert TOO_MANY in page
