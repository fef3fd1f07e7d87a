"""EVALUATION_MIN_GROUP: a start with a value below 3 (or not a number) refuses."""

import os
import subprocess
import sys

import pytest


def _start(value):
    env = {**os.environ, "DEBUG": "true", "EVALUATION_MIN_GROUP": value}
    return subprocess.run(
        [sys.executable, "-c", "import concordia.settings as s; print(s.EVALUATION_MIN_GROUP)"],
        env=env, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(("value", "shown"), [("3", "3"), (" 7 ", "7")])
def test_three_and_more_are_taken(value, shown):
    done = _start(value)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == shown


@pytest.mark.parametrize(("value", "message"), [("2", "at least 3"), ("five", "whole number")])
def test_below_three_or_not_a_number_refuses_to_start(value, message):
    done = _start(value)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert message in done.stderr
