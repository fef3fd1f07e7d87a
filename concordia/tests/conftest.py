"""The access matrix's set-up, shared by its modules (and the browser's accessibility test).

The matrix calls a few hundred routes as every actor: thousands of requests against one and the
same world. Building that world (with the worlds of the domains its routes act on) takes far
longer than a request, so it is built once per module (and test process), in a transaction
rolled back after the module. Each test runs in a savepoint of it (pytest-django's `db`),
rolled back after the test, and starts from the world's objects exactly as built.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

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
from concordia.testing.shared import Shared
from concordia.tests.access.support import Ctx, build_ctx

# The worlds of the domains, kept on the context by the routes that need them.
DOMAIN_WORLDS = (meetings_of, decisions_of, escalations_of, agreements_of, learning_of,
                 scorecard_of, settlement_of, reviews_of, reports_of)


@pytest.fixture(scope="module")
def _shared_ctx(django_db_setup: None, django_db_blocker: Any) -> Iterator[Shared[Ctx]]:
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = build_ctx(build_world())
        for domain_world in DOMAIN_WORLDS:
            domain_world(ctx)
        yield Shared(ctx)
        transaction.set_rollback(True)


@pytest.fixture
def ctx(_shared_ctx: Shared[Ctx], db: None) -> Ctx:
    return _shared_ctx.as_built()
