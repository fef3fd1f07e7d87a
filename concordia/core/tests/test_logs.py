"""Production logs are one JSON object per line."""

import datetime as dt
import json
import logging
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from gunicorn.config import Config

from concordia.core.logs import JsonFormatter
from concordia.core.tests.test_deploy_check import production_environment, settings_under


def record(**extra: object) -> logging.LogRecord:
    return logging.makeLogRecord({"name": "concordia.mail", "levelno": logging.WARNING,
                                  "levelname": "WARNING", "msg": "mail to %s failed",
                                  "args": ("someone",), **extra})


def test_a_record_becomes_one_json_line_with_its_extra_fields():
    line = JsonFormatter().format(record(invitation=7, attempt=2, request=object()))
    assert "\n" not in line
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "message", "invitation", "attempt"}
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "concordia.mail"
    assert entry["message"] == "mail to someone failed"
    assert (entry["invitation"], entry["attempt"]) == (7, 2)
    assert entry["time"].endswith("+00:00")


def test_an_exception_is_kept_in_the_line():
    try:
        raise ValueError("smtp down")
    except ValueError:
        line = JsonFormatter().format(record(exc_info=sys.exc_info()))
    entry = json.loads(line)
    assert entry["exception"].startswith("Traceback")
    assert "ValueError: smtp down" in entry["exception"]


def test_production_logs_json_and_development_text():
    def formatter(env: dict[str, str]) -> object:
        return settings_under(env, "LOGGING")["LOGGING"]["handlers"]["console"]["formatter"]

    assert formatter(production_environment()) == "json"
    assert formatter({**production_environment(), "LOG_FORMAT": "text"}) == "text"
    development = {**production_environment(), "DEBUG": "true"}
    assert formatter(development) == "text"
    assert formatter({**development, "LOG_FORMAT": "json"}) == "json"


def gunicorn_settings() -> dict[str, object]:
    return runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))


def test_gunicorn_logs_each_request_as_one_json_line_without_the_query():
    conf = gunicorn_settings()
    config = Config()
    config.set("accesslog", "-")
    access_logger = conf["JsonAccessLogger"](config)
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda rec: lines.append(rec.getMessage())
    access_logger.access_log.addHandler(handler)

    response = SimpleNamespace(status="302 Found", sent=0)
    environ = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.9",
               "REQUEST_METHOD": "GET", "PATH_INFO": "/invitations/x",
               "QUERY_STRING": "token=secret", "HTTP_USER_AGENT": 'a "quoted" agent',
               "HTTP_COOKIE": "sessionid=secret"}
    access_logger.access(response, None, environ, dt.timedelta(milliseconds=12))

    [line] = lines
    entry = json.loads(line)
    assert {k: v for k, v in entry.items() if k not in ("time", "worker")} == {
        "level": "INFO", "logger": "gunicorn.access", "remote": "10.0.0.2",
        "forwarded_for": "203.0.113.9", "method": "GET", "path": "/invitations/x",
        "status": 302, "bytes": 0, "duration_ms": 12.0, "user_agent": 'a "quoted" agent'}
    assert "secret" not in line


def test_gunicorn_believes_forwarded_headers_only_behind_a_proxy(monkeypatch):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    assert gunicorn_settings()["forwarded_allow_ips"] == "127.0.0.1,::1"
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    assert gunicorn_settings()["forwarded_allow_ips"] == "*"
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")
    assert gunicorn_settings()["forwarded_allow_ips"] == "10.0.0.5"
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert gunicorn_settings()["workers"] == 3
