"""`/health` for load balancers: can this app server reach its database, its cache and its task
queue? JSON, 200 when all answer, 503 otherwise. No log-in, and no detail that helps an
attacker: only "ok" or "error" per part (the reason goes to the log)."""

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was stored")
    finally:
        cache.delete(key)


def _task_queue() -> None:
    backend = str(settings.TASKS["default"]["BACKEND"])
    if backend.startswith("django_tasks_db."):
        from django_tasks_db.models import DBTaskResult  # noqa: PLC0415 — only this backend's

        DBTaskResult.objects.only("pk").first()
    elif backend.startswith("django_tasks_rq."):
        import django_rq  # noqa: PLC0415 — installed only when REDIS_URL is set

        django_rq.get_connection("default").ping()


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database, "cache": _cache, "tasks": _task_queue}


@require_safe
@never_cache
def health(_request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("health check failed: %s", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", "checks": results},
                        status=200 if healthy else 503)
