"""The API answers its problems in the language the request asks for (Accept-Language):
the title, the detail and every reason in invalidParams; programs read the codes, which do not
change with the language."""

import pytest
from django.utils import translation
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from concordia.alliances.models import Document
from concordia.api import reasons
from concordia.core.problems import PROBLEM_CONTENT_TYPE, TITLES

API = "/api/v1"
NL = {"Accept-Language": "nl"}
EN = {"Accept-Language": "en"}


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=2, max_length=5)
    count: int = Field(ge=1, le=9)
    on: bool


def _errors(data: dict) -> list[dict]:
    with pytest.raises(ValidationError) as refused:
        Sample.model_validate(data)
    return refused.value.errors()


def test_every_reason_reads_in_dutch_and_english_without_the_database():
    errors = _errors({"title": "x" * 9, "count": "many", "on": "maybe", "extra": 1})
    errors += _errors({"title": "x", "count": 0, "on": True})
    errors += _errors({"count": 10, "on": True})
    kinds = {error["type"] for error in errors}
    assert {"string_too_long", "string_too_short", "int_parsing", "bool_parsing",
            "extra_forbidden", "greater_than_equal", "less_than_equal", "missing"} <= kinds
    for error in errors:
        with translation.override("en"):
            english = reasons.reason(error)
        with translation.override("nl"):
            dutch = reasons.reason(error)
        assert english, error
        assert english != dutch, error
    with translation.override("nl"):
        assert reasons.reason({"type": "string_too_long", "ctx": {"max_length": 5}}) == \
            "Geef ten hoogste 5 tekens."
        assert reasons.reason({"type": "greater_than_equal", "ctx": {"ge": 1}}) == \
            "Geef een waarde van ten minste 1."


def test_our_own_validators_keep_their_message_and_unknown_kinds_pydantics():
    assert reasons.reason({"type": "value_error", "msg": "Value error, Pick a partner."}) == \
        "Pick a partner."
    assert reasons.reason({"type": "no_such_kind", "msg": "As pydantic said."}) == \
        "As pydantic said."


def test_every_reason_and_title_has_its_dutch_words():
    with translation.override("nl"):
        for kind, explain in reasons.REASONS.items():
            if isinstance(explain, reasons.Promise):
                with translation.override("en"):
                    english = str(explain)
                assert str(explain) != english, kind
        dutch_titles = {status: str(title) for status, title in TITLES.items()}
    with translation.override("en"):
        english_titles = {status: str(title) for status, title in TITLES.items()}
    # "Conflict" is the same word in both languages.
    assert [s for s in TITLES if dutch_titles[s] == english_titles[s]] == [409]


@pytest.mark.django_db
def test_a_refused_body_is_explained_in_dutch_and_changes_nothing(client, world):
    client.force_login(world.founder)
    documents = Document.objects.count()
    url = f"{API}/alliances/{world.alliance.pk}/documents"
    body = {"title": "Plan", "visibility": "confidential", "surprise": 1}

    dutch = client.post(url, body, content_type="application/json", headers=NL)
    english = client.post(url, body, content_type="application/json", headers=EN)

    assert dutch["Content-Type"] == english["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert dutch.json()["title"] == "Ongeldig verzoek"
    assert dutch.json()["detail"] == "De invoer is niet geldig."
    assert dutch.json()["invalidParams"] == [
        {"name": "surprise", "code": "extra_forbidden", "reason": "Dit veld is hier niet bekend."}]
    assert english.json()["title"] == "Bad Request"
    assert english.json()["invalidParams"] == [
        {"name": "surprise", "code": "extra_forbidden", "reason": "This field is not known here."}]
    assert Document.objects.count() == documents


@pytest.mark.django_db
def test_not_found_and_not_logged_in_speak_dutch(client, world):
    assert client.get(f"{API}/alliances/{world.alliance.pk}", headers=NL).json()["detail"] == \
        "Log in, of stuur een persoonlijk API-token mee als Bearer-token."
    client.force_login(world.stranger)
    problem = client.get(f"{API}/alliances/{world.alliance.pk}", headers=NL).json()
    assert (problem["title"], problem["detail"]) == ("Niet gevonden",
                                                     "Niet gevonden, of buiten je bereik.")


@pytest.mark.django_db
def test_a_domain_rule_refusal_speaks_dutch(client, world):
    """The services' own messages were already translated; they stay so through the API."""
    client.force_login(world.founder)
    url = f"{API}/alliances/{world.alliance.pk}/documents"
    body = {"title": "", "visibility": "confidential"}
    dutch = client.post(url, body, content_type="application/json", headers=NL).json()
    english = client.post(url, body, content_type="application/json", headers=EN).json()
    assert dutch["invalidParams"][0]["reason"] != english["invalidParams"][0]["reason"]
