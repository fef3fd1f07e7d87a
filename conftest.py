import pytest

from concordia.core.testing.factories import World, build_world


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()
