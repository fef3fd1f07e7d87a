"""The language switch: Django's set_language, with the choice saved on a logged-in person."""

import pytest
from django.conf import settings
from django.urls import reverse

from concordia.accounts.models import Person
from concordia.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = "/language"


def test_a_logged_in_persons_choice_is_saved_on_them_and_in_the_cookie(client):
    person = PersonFactory(language="nl")
    client.force_login(person)

    response = client.post(URL, {"language": "en", "next": "/organisations/"})

    assert (response.status_code, response["Location"]) == (302, "/organisations/")
    assert Person.objects.get(pk=person.pk).language == "en"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["samesite"]) == ("en", "Lax")


def test_a_visitor_gets_the_cookie_only(client):
    response = client.post(URL, {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_unknown_language_changes_nothing(client):
    person = PersonFactory(language="nl")
    client.force_login(person)

    response = client.post(URL, {"language": "de", "next": "/"})

    # Django may still set its cookie (it knows German); the languages offered decide what
    # pages speak, and the person keeps theirs
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).language == "nl"
    assert client.get("/organisations/").headers["Content-Language"] == "nl"


def test_next_pointing_elsewhere_is_not_followed(client):
    response = client.post(URL, {"language": "en", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_saved_language_is_the_one_pages_speak_afterwards(client):
    person = PersonFactory(language="nl")
    client.force_login(person)
    client.post(URL, {"language": "en", "next": "/"})

    page = client.get("/organisations/")

    assert page.headers["Content-Language"] == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_tokens_page_shows_the_whole_header_to_send(client, language):
    """The placeholder is text, not swallowed as an HTML tag ("Bearer ." was all one saw)."""
    client.force_login(PersonFactory(language=language))
    html = client.get(reverse("api_token_list")).content.decode()
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in html
