import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """These tests name the demo's organisations, bodies and agreements as the English demo
    does; test_demo_language.py loads it in Dutch."""
    with translation.override("en"):
        yield
