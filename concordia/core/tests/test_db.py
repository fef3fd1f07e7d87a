import pytest
from django.db import IntegrityError

from concordia.core.db import conflict_on_duplicate
from concordia.core.errors import Conflict


@pytest.mark.django_db
def test_a_unique_constraint_met_inside_is_the_services_conflict():
    with pytest.raises(Conflict) as refused, conflict_on_duplicate("Exists already.",
                                                                   field="term"):
        raise IntegrityError("duplicate key")
    assert (refused.value.status, refused.value.message, refused.value.field) == (
        409, "Exists already.", "term")


@pytest.mark.django_db
def test_other_errors_pass_unchanged():
    with pytest.raises(ValueError, match="other"), conflict_on_duplicate("Exists already."):
        raise ValueError("other")
