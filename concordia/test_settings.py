"""Settings for the test suite: production settings with test-only conveniences."""

import os

os.environ.setdefault("CONCORDIA_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Browser tests run over plain http on localhost.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ACCOUNT_RATE_LIMITS = False
# Tasks run at once, in the test's process; tests that need the queue's own behaviour say so.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# The process-memory cache counts afresh in tests, so that what a page reads does not depend on
# what an earlier request of the test left there (todo/tests/test_header_counts.py: the real one).
CACHES = {**CACHES, "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
