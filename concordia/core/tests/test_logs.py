"""Production logs are one JSON object per line."""

import json
import logging
import sys

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
