"""Error pages (400, 403, 404, 500) use the site layout, in Dutch and English, with a way back
home. DEBUG is off in the test settings, so these are the pages people see."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

LAYOUT = 'class="skip-link"'  # base.html's first element: the page has the site layout
HOME_LINK = '<a href="/">'
TEXTS = {
    "en": {400: "Bad request", 403: "Not allowed", 404: "Page not found",
           500: "Something went wrong", "home": "Back to the home page"},
    "nl": {400: "Ongeldig verzoek", 403: "Niet toegestaan", 404: "Pagina niet gevonden",
           500: "Er ging iets mis", "home": "Terug naar de startpagina"},
}


def assert_error_page(html: str, language: str, status: int) -> None:
    assert LAYOUT in html
    assert f'<html lang="{language}">' in html
    assert f"<h1>{TEXTS[language][status]}</h1>" in html
    assert f"{HOME_LINK}{TEXTS[language]['home']}</a>" in html


def test_debug_is_off():
    assert settings.DEBUG is False


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_unknown_page_is_404_in_the_layout(client, language):
    response = client.get("/no-such-page", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    assert_error_page(response.content.decode(), language, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/published/alliances/9223372036854775808/",
                                  "/published/alliances/18446744073709551621/",
                                  "/published/alliances/0/", "/alliances/99999999999999999999/"])
def test_an_id_out_of_range_in_a_page_path_is_404_not_500(client, path):
    # the public page answers without log-in: ids ≥ 2^63 raised OverflowError on SQLite
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert_error_page(response.content.decode(), "en", 404)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_forbidden_page_is_403_in_the_layout(rf_request, language):
    with translation.override(language):
        response = defaults.permission_denied(rf_request, PermissionDenied())

    assert response.status_code == 403
    assert_error_page(response.content.decode(), language, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_bad_request_is_400_in_the_layout(client, language):
    # a Host header the site does not serve is a SuspiciousOperation: 400
    response = client.get("/", HTTP_HOST="elsewhere.invalid", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert_error_page(response.content.decode(), language, 400)


@pytest.mark.django_db
def test_the_400_view_renders_the_layout(rf_request):
    with translation.override("en"):
        response = defaults.bad_request(rf_request, SuspiciousOperation())

    assert response.status_code == 400
    assert_error_page(response.content.decode(), "en", 400)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_500_page_needs_no_database_and_no_context_processors(language):
    # no django_db mark: any query here fails the test; server_error renders without a request
    request = RequestFactory().get("/")
    with translation.override(language):
        response = defaults.server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert_error_page(html, language, 500)
    assert 'name="language"' not in html  # the switch needs a request and a CSRF token


@pytest.fixture
def rf_request(db):
    request = RequestFactory().get("/somewhere")
    request.user = AnonymousUser()
    return request
