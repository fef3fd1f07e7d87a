"""`/health`: database, cache and task queue, for load balancers; 200 or 503, no secrets."""

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ALL_OK = {"status": "ok", "checks": {"database": "ok", "cache": "ok", "tasks": "ok"}}
# Nothing listens on port 1: the cache is configured but unreachable.
UNREACHABLE_REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                 "LOCATION": "redis://127.0.0.1:1/0",
                                 "OPTIONS": {"socket_connect_timeout": 1}}}


def test_health_answers_200_without_log_in(client: Client) -> None:
    response = client.get("/health")
    assert reverse("health") == "/health"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert response.json() == ALL_OK


def test_health_answers_head_and_refuses_writes(client: Client) -> None:
    assert client.head("/health").status_code == 200
    assert client.post("/health").status_code == 405


@pytest.mark.parametrize("backend", [
    "django_tasks_db.DatabaseBackend", "django.tasks.backends.immediate.ImmediateBackend"])
def test_health_checks_the_configured_task_queue(client: Client, backend: str) -> None:
    with override_settings(TASKS={"default": {"BACKEND": backend}}):
        assert client.get("/health").json() == ALL_OK


def test_an_unreachable_cache_answers_503_and_names_only_the_part(client: Client) -> None:
    with override_settings(CACHES=UNREACHABLE_REDIS):  # Django swaps the cache handlers
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable",
                               "checks": {"database": "ok", "cache": "error", "tasks": "ok"}}
    assert b"6379" not in response.content
    assert b"127.0.0.1" not in response.content
    assert b"Error" not in response.content


def test_an_unreachable_database_answers_503(client: Client, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused by the test")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"
    assert b"refused" not in response.content
