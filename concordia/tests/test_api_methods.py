"""Every API route answers 405 (problem+json, with `Allow`) to every method its operations do
not list, and such a request changes nothing. Generated from the OpenAPI document, so a new
route is covered the moment it exists."""

import re

from django.db import connection

from concordia.api.main import api
from concordia.core.problems import PROBLEM_CONTENT_TYPE

API = "/api/v1"
METHODS = ("get", "post", "put", "patch", "delete")
PARAMETER = re.compile(r"\{[^}]+\}")


def routes() -> dict[str, set[str]]:
    document = api.get_openapi_schema()
    return {path: {m for m in item if m in METHODS} for path, item in document["paths"].items()}


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor)
                  if not t.startswith(("django_session", "cache"))]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the schema
            counts[table] = cursor.fetchone()[0]
    return counts


def test_every_unlisted_method_on_every_route_is_405_and_changes_nothing(world, client):
    # given the key alliance manager, who may do the most, and every route of the API
    client.force_login(world.founder)
    table = routes()
    assert len(table) > 40  # the document is read, not empty
    before = row_counts()

    # when every method a route does not list is sent to it
    wrong = {}
    tried = 0
    for path, listed in table.items():
        url = API + PARAMETER.sub(str(world.alliance.pk), path)
        for method in sorted(set(METHODS) - listed):
            tried += 1
            response = (client.get(url) if method == "get" else
                        getattr(client, method)(url, "{}", content_type="application/json"))
            allowed = sorted(response.get("Allow", "").lower().replace(" ", "").split(","))
            if (response.status_code, response["Content-Type"], allowed) != (
                    405, PROBLEM_CONTENT_TYPE, sorted(listed)):
                wrong[f"{method.upper()} {path}"] = (response.status_code,
                                                     response.get("Allow"))

    # then each one is a 405 that names the allowed methods, and nothing changed
    assert tried > 100, tried
    assert wrong == {}
    assert row_counts() == before
