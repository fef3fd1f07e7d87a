"""Production settings pass Django's deployment checklist (`check --deploy`) with warnings as
failures, when configured only through the environment as README describes."""

import json
import os
import secrets
import string
import subprocess
import sys

from allauth.core.internal.httpkit import get_client_ip
from django.conf import settings
from django.test import override_settings

# Only what a production host would set; nothing from the test settings leaks in.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "DATABASE_URL")


def production_environment() -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    env.update({
        "DJANGO_SETTINGS_MODULE": "concordia.settings",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        "JOURNAL_KEY": secrets.token_urlsafe(48),
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
    assert "SECRET_KEY is not set. A production start (DEBUG off) needs its own secret key" \
        in result.stderr


def test_the_checklist_flags_the_development_key():
    # given a production host that let the development key in through the escape hatch
    env = production_environment()
    del env["SECRET_KEY"]
    env["CONCORDIA_ALLOW_INSECURE_KEY"] = "1"

    # when Django's deployment checks run, then the key is refused by our own check
    result = run_check(env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "concordia.E001" in output
    assert "SECRET_KEY is the public development key." in output


def test_the_development_key_flag_is_set_for_run_and_test_only(tmp_path):
    # `make run` and `make test` set it (target-specific); any other target does not
    probe = tmp_path / "probe.mk"
    probe.write_text("probe:\n\t@echo \"flag=[$$CONCORDIA_ALLOW_INSECURE_KEY]\"\n")
    env = {key: value for key, value in os.environ.items()
           if key not in ("CONCORDIA_ALLOW_INSECURE_KEY", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}

    def make(*args: str) -> str:
        return subprocess.run(  # noqa: S603 - fixed arguments
            ["make", "--no-print-directory", "-s", "-f", "Makefile", "-f", str(probe), *args],  # noqa: S607
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
            check=True).stdout

    assert make("probe") == "flag=[]\n"
    database = make("-pn", "probe")
    assert "run: CONCORDIA_ALLOW_INSECURE_KEY = 1" in database
    assert "test: CONCORDIA_ALLOW_INSECURE_KEY = 1" in database


def settings_under(env: dict[str, str], *names: str) -> dict[str, object]:
    code = ("import json, django; django.setup(); from django.conf import settings as s; "
            f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))")
    result = subprocess.run([sys.executable, "-c", code],  # noqa: S603 - this interpreter
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
                            timeout=120, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_shared_cache_and_queue_follow_redis_url():
    # without REDIS_URL: the database cache and the database task queue, no extra server
    plain = settings_under(production_environment(), "CACHES", "TASKS")
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
             "LOCATION": "concordia-local", "OPTIONS": {"MAX_ENTRIES": 10_000}}
    assert plain["CACHES"] == {"default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "concordia_cache"},
        "local": local}
    assert plain["TASKS"] == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                          "QUEUES": ["default"]}}
    # with REDIS_URL: Django's Redis cache and RQ on the same server
    url = "redis://cache.internal:6379/0"
    redis = settings_under({**production_environment(), "REDIS_URL": url},
                           "CACHES", "TASKS", "RQ_QUEUES")
    assert redis["CACHES"] == {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
        "KEY_PREFIX": "concordia"}, "local": local}
    assert redis["TASKS"] == {"default": {"BACKEND": "django_tasks_rq.RQBackend",
                                          "QUEUES": ["default"]}}
    assert redis["RQ_QUEUES"] == {"default": {"URL": url, "DEFAULT_TIMEOUT": 300}}


def test_the_trusted_proxy_count_reaches_allauth():
    names = ("ALLAUTH_TRUSTED_PROXY_COUNT", "USE_X_FORWARDED_HOST")
    assert settings_under(production_environment(), *names) == {
        "ALLAUTH_TRUSTED_PROXY_COUNT": 0, "USE_X_FORWARDED_HOST": False}
    assert settings_under({**production_environment(), "TRUSTED_PROXY_COUNT": "1"}, *names) == {
        "ALLAUTH_TRUSTED_PROXY_COUNT": 1, "USE_X_FORWARDED_HOST": True}


def test_behind_one_proxy_the_client_is_the_address_the_proxy_saw(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
                     REMOTE_ADDR="10.0.0.2")
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        assert get_client_ip(request) == "198.51.100.7"  # the address our proxy appended
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0):
        assert get_client_ip(request) == "10.0.0.2"  # no proxy trusted: the header is ignored


def test_production_settings_refuse_to_start_without_a_journal_key():
    env = production_environment()
    del env["JOURNAL_KEY"]
    result = run_check(env)
    assert result.returncode != 0
    assert "Set JOURNAL_KEY" in result.stderr


def test_production_settings_refuse_the_secret_key_as_journal_key():
    env = production_environment()
    env["JOURNAL_KEY"] = env["SECRET_KEY"]
    result = run_check(env)
    assert result.returncode != 0
    assert "JOURNAL_KEY must differ from SECRET_KEY" in result.stderr


def test_the_checklist_flags_the_development_journal_key():
    env = production_environment()
    del env["JOURNAL_KEY"]
    env["CONCORDIA_ALLOW_INSECURE_KEY"] = "1"
    result = run_check(env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "concordia.E002" in output
    assert "JOURNAL_KEY is the public development key." in output
