from hypothesis import settings


def test_property_tests_run_without_a_deadline() -> None:
    """A per-example time limit fails on a loaded machine; conftest.py loads a profile without."""
    assert settings().deadline is None
