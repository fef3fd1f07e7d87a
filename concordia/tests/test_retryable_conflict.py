"""A deadlock or serialization failure that slips past the lock order answers 409 "try again"
(problem+json in the API, a page in the site's layout), never 500; other database errors are
left alone."""

import json

import pytest
from django.db.utils import OperationalError
from django.utils import translation

from concordia.core.errors import is_retryable_conflict
from concordia.design import services as design_services
from concordia.design.models import GlossaryTerm


class DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__("driver error")
        self.sqlstate = sqlstate


def database_error(sqlstate: str) -> OperationalError:
    error = OperationalError("deadlock detected")
    error.__cause__ = DriverError(sqlstate)
    return error


@pytest.mark.parametrize(("sqlstate", "retryable"), [
    ("40P01", True), ("40001", True), ("57014", False), ("08006", False)])
def test_only_deadlocks_and_serialization_failures_are_retryable(sqlstate, retryable):
    assert is_retryable_conflict(database_error(sqlstate)) is retryable
    assert is_retryable_conflict(ValueError("40P01")) is False


@pytest.fixture
def deadlocking(monkeypatch):
    def glossary_term_add(**kwargs):
        raise database_error("40P01")
    monkeypatch.setattr(design_services, "glossary_term_add", glossary_term_add)


@pytest.mark.usefixtures("deadlocking")
def test_api_answers_409_problem_json(world, client):
    client.force_login(world.founder)

    response = client.post(f"/api/v1/alliances/{world.alliance.pk}/glossary-terms",
                           data=json.dumps({"term": "Wage"}), content_type="application/json",
                           headers={"Accept-Language": "en"})

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:concordia:problem:try_again", "title": "Conflict", "status": 409,
        "detail": "Someone else was saving in this alliance at the same moment. Nothing was "
                  "changed; try again."}
    assert not GlossaryTerm.objects.exists()


@pytest.mark.usefixtures("deadlocking")
@pytest.mark.parametrize(("language", "text"), [
    ("en", "Someone else was saving in this alliance at the same moment."),
    ("nl", "Iemand anders sloeg op hetzelfde moment iets op in deze alliantie.")])
def test_page_answers_409_with_a_friendly_message(world, client, language, text):
    world.founder.language = language
    world.founder.save(update_fields=["language"])
    client.force_login(world.founder)

    response = client.post(f"/alliances/{world.alliance.pk}/design/glossary/",
                           data={"term": "Wage"})

    assert response.status_code == 409
    body = response.content.decode()
    assert text in body
    assert '<main id="main"' in body  # the site's layout, with its navigation back
    assert not GlossaryTerm.objects.exists()
    translation.activate("en")
