"""Production settings pass Django's deployment checklist (`check --deploy`) with warnings as
failures, when configured only through the environment as README describes."""

import os
import secrets
import string
import subprocess
import sys

from django.conf import settings

# Only what a production host would set; nothing from the test settings leaks in.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "DATABASE_URL")


def production_environment() -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    env.update({
        "DJANGO_SETTINGS_MODULE": "concordia.settings",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        "ALLOWED_HOSTS": "example.org",
    })
    return env


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # this interpreter, fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
        check=False)


def test_production_settings_pass_the_deployment_checklist():
    # given the environment of a production host (DEBUG unset, a strong key, one host)
    env = production_environment()
    assert "DEBUG" not in env
    assert "CONCORDIA_ALLOW_INSECURE_KEY" not in env

    # when Django's deployment checks run
    result = run_check(env)

    # then nothing is reported, not even a warning
    output = result.stdout + result.stderr
    print(output)
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def test_the_checklist_would_catch_debug_in_production():
    # the same run with DEBUG on fails, so the test above can fail too
    result = run_check({**production_environment(), "DEBUG": "true"})
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_environment()
    del env["SECRET_KEY"]
    result = run_check(env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
