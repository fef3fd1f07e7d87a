"""The access matrix's set-up, shared by its modules (and the browser's accessibility test).

The matrix calls a few hundred routes as every actor: thousands of requests against one and the
same world. Building that world (with the worlds of the domains its routes act on) takes far
longer than a request, so it is built once per module (and test process), in a transaction
rolled back after the module. Each test runs in a savepoint of it (pytest-django's `db`),
rolled back after the test, and starts from the world's objects exactly as built.
"""

import copy
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import models, transaction
from django.db.models.base import ModelState

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.testing.agreements import agreements_of
from concordia.testing.decisions import decisions_of
from concordia.testing.escalations import escalations_of
from concordia.testing.factories import build_world
from concordia.testing.learning import learning_of
from concordia.testing.meetings import meetings_of
from concordia.testing.reports import reports_of
from concordia.testing.reviews import reviews_of
from concordia.testing.scorecard import scorecard_of
from concordia.testing.settlement import settlement_of
from concordia.tests.access.support import Ctx, build_ctx

# The worlds of the domains, kept on the context by the routes that need them.
DOMAIN_WORLDS = (meetings_of, decisions_of, escalations_of, agreements_of, learning_of,
                 scorecard_of, settlement_of, reviews_of, reports_of)


class SharedCtx:
    """The context, and each of its objects' state as built."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.keys = set(ctx.__dict__)
        self.instances = list({id(obj): obj for obj in _instances(ctx.__dict__)}.values())
        for obj in self.instances:
            if isinstance(obj, Person):
                policy.forget_cached_access(obj)
        self.built = [_fields(obj) for obj in self.instances]

    def as_built(self) -> Ctx:
        """The context with every object as built: an earlier test's set-up may have changed
        them in memory (or cached a person's roles on them) before its writes were rolled
        back. What a test kept on the context besides (see routes_decisions) is dropped."""
        for key in set(self.ctx.__dict__) - self.keys:
            del self.ctx.__dict__[key]
        for obj, fields in zip(self.instances, self.built, strict=True):
            state = ModelState()
            state.adding, state.db = False, obj._state.db
            obj.__dict__.clear()
            obj.__dict__.update(_copied(fields), _state=state)
        return self.ctx


def _fields(obj: models.Model) -> dict[str, Any]:
    """The instance's column values (its related objects are fetched again when asked for)."""
    return _copied({field.attname: getattr(obj, field.attname)
                    for field in obj._meta.concrete_fields})


def _copied(fields: dict[str, Any]) -> dict[str, Any]:
    """A copy that shares no mutable value (JSON fields hold lists and dicts)."""
    return {name: copy.deepcopy(value) if isinstance(value, list | dict) else value
            for name, value in fields.items()}


def _instances(value: Any) -> Iterator[models.Model]:
    if isinstance(value, models.Model):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _instances(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _instances(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _instances(item)


@pytest.fixture(scope="module")
def _shared_ctx(django_db_setup: None, django_db_blocker: Any) -> Iterator[SharedCtx]:
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = build_ctx(build_world())
        for domain_world in DOMAIN_WORLDS:
            domain_world(ctx)
        yield SharedCtx(ctx)
        transaction.set_rollback(True)


@pytest.fixture
def ctx(_shared_ctx: SharedCtx, db: None) -> Ctx:
    return _shared_ctx.as_built()
