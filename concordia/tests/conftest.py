"""The access matrix's set-up, shared by its modules (and the browser's accessibility test)."""


import pytest

from concordia.testing.factories import World
from concordia.tests.access.support import Ctx, build_ctx


@pytest.fixture
def ctx(world: World) -> Ctx:
    return build_ctx(world)
