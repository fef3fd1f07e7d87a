"""Test data built once and shared by many tests (docs/decisions/0018).

Building a test world takes far longer than most tests that use it. A module's tests may
share one: it is built in a transaction that lives as long as the module (rolled back after
it), and each test runs in a savepoint of that transaction (pytest-django's `db`), rolled back
after the test. This is what Django's `TestCase.setUpTestData` does for a class.

The rows come back with the savepoint; the Python objects do not. `Shared.as_built()` puts
every model instance reachable from the shared object back as it was built: an earlier test
may have changed one in memory, or cached a person's roles on it.
"""

import copy
import dataclasses
from collections.abc import Iterator
from typing import Any

from django.db import models
from django.db.models.base import ModelState

from concordia.access import policy
from concordia.accounts.models import Person


class Shared[T]:
    """An object graph (a dataclass of model instances, lists, dicts) and its state as built."""

    def __init__(self, root: T) -> None:
        self.root = root
        self.keys = set(vars(root))
        self.instances = list({id(obj): obj for obj in _instances(vars(root))}.values())
        for obj in self.instances:
            if isinstance(obj, Person):
                policy.forget_cached_access(obj)
        self.built = [_fields(obj) for obj in self.instances]

    def as_built(self) -> T:
        """The object with every instance as built. What a test kept on the object besides
        (an attribute set on it) is dropped."""
        attributes = vars(self.root)
        for key in set(attributes) - self.keys:
            del attributes[key]
        for obj, fields in zip(self.instances, self.built, strict=True):
            state = ModelState()
            state.adding, state.db = False, obj._state.db
            obj.__dict__.clear()
            obj.__dict__.update(_copied(fields), _state=state)
        return self.root


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
