import importlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from hypothesis import settings as hypothesis_settings

from concordia.journal import registry
from concordia.testing.factories import World, build_world
from concordia.testing.shared import Shared

JOURNAL_TABLES = ("journal_journalentry", "journal_journalhead")

# A kind of the tests' own, for tests that append to the journal directly: `journal_append`
# refuses unregistered kinds. App "tests" keeps it out of the documented list.
TEST_KIND = registry.register("NoteRecorded", label="Note recorded", commitment=True,
                              app="tests", describe=lambda payload: str(payload.get("name", "")))

# No deadline: a per-example time limit is a wall-clock assertion, and it fails on a loaded
# machine while the code is right. CI also fixes the examples (derandomize) so that a run is
# repeatable; locally each run explores new ones.
hypothesis_settings.register_profile("concordia", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "concordia"))


@pytest.fixture(scope="session", autouse=True)
def _flush_past_append_only_journal():
    """Transactional tests (transaction=True, live_server) end by flushing every table; the
    journal's append-only triggers refuse that, so they are lifted for the flush alone."""

    triggers = importlib.import_module(
        "concordia.journal.migrations.0005_head_and_replace_triggers")
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        if any(table in sql for sql in sql_list for table in JOURNAL_TABLES):
            if self.connection.vendor == "postgresql":
                sql_list = [*(f"ALTER TABLE {t} DISABLE TRIGGER USER" for t in JOURNAL_TABLES),
                            *sql_list,
                            *(f"ALTER TABLE {t} ENABLE TRIGGER USER" for t in JOURNAL_TABLES)]
            elif self.connection.vendor == "sqlite":
                sql_list = [*triggers.SQLITE_DOWN, *sql_list, *triggers.SQLITE_UP]
        return original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: ids and journal heads repeat from test to test, so
    a page cached in one test would answer the next. (A database cache is rolled back with the
    test's transaction.)"""
    for cache in caches.all(initialized_only=True):
        if not isinstance(cache, DatabaseCache):
            cache.clear()


# A module's tests share one world (concordia/testing/shared.py) when that is safe: none of its
# tests commits (transactional tests flush every table, the shared world's too), none opens its
# own transaction before the world's (the django_db mark), none uses the access matrix's
# context (a world of its own, with the same names), and none uses the database without the
# world (it would find the world's rows where it expects none).
SHARES_WORLD = pytest.StashKey[bool]()
OWN_TRANSACTIONS = {"transactional_db", "live_server", "django_db_reset_sequences"}
DATABASE_FIXTURES = {"db", "world", "ctx", *OWN_TRANSACTIONS}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    by_module: dict[object, list[pytest.Item]] = {}
    for item in items:
        by_module.setdefault(getattr(item, "module", None), []).append(item)
    for module, module_items in by_module.items():
        uses_database = [item for item in module_items
                         if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
                         or item.get_closest_marker("django_db") is not None]
        shares = not os.environ.get("NOSHARE") and module is not None and all(
            "world" in item.fixturenames
            and not OWN_TRANSACTIONS & set(item.fixturenames)
            and "ctx" not in item.fixturenames
            and item.get_closest_marker("django_db") is None
            for item in uses_database)
        for item in uses_database:
            item.stash[SHARES_WORLD] = shares
            if shares:
                # The module's transaction opens before the test's savepoint.
                item.fixturenames.insert(0, "_shared_world")
            if (item.get_closest_marker("django_db") is None
                    and not {"db", *OWN_TRANSACTIONS} & set(item.fixturenames)):
                # ``world`` and ``ctx`` ask for the database only when they run; pytest-django
                # sets the test database up only for tests that name it (a run of such tests
                # alone found no tables).
                item.fixturenames.append("db")


@pytest.fixture(scope="module")
def _shared_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[Shared[World]]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield Shared(build_world())
        transaction.set_rollback(True)


@pytest.fixture
def world(request: pytest.FixtureRequest) -> World:
    if request.node.stash.get(SHARES_WORLD, False):
        shared: Shared[World] = request.getfixturevalue("_shared_world")
        request.getfixturevalue("db")
        return shared.as_built()
    request.getfixturevalue("db")
    return build_world()
