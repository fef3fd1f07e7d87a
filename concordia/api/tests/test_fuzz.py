"""Every operation of the OpenAPI document, driven with property-based requests (schemathesis)
as each role of the demo alliance (and without log-in), in-process through the WSGI app: no
server error, and every answer matches what the document says (status code, content type,
body)."""

import os
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as oa

from concordia.accounts.models import Person
from concordia.accounts.services import api_token_create
from concordia.alliances.choices import Role
from concordia.api.main import api
from concordia.demo.services import PEOPLE, REVIEWER, demo_email

# One demo log-in per role of the alliance model (the first person in the demo with it), and
# no log-in at all.
# The external reviewer is the demo's outside reviewer, of a review bureau (no partner).
ROLES = {role.value: next(local for _org, local, _name, r, _level in PEOPLE if r == role)
         for role in Role if role != Role.EXTERNAL_REVIEWER}
ROLES[Role.EXTERNAL_REVIEWER.value] = REVIEWER[0]
ROLES["anonymous"] = None
# Examples per operation, role and generation mode (positive, negative); raise it locally for a
# deeper run, e.g. CONCORDIA_FUZZ_EXAMPLES=50.
EXAMPLES = int(os.environ.get("CONCORDIA_FUZZ_EXAMPLES", "5"))


def load_schema(phases: list[str]):
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = get_wsgi_application()
    loaded.config.update(base_url="http://testserver/api/v1")
    # The API refuses NUL characters in text (PostgreSQL cannot store them), tested on its own.
    loaded.config.generation.update(allow_x00=False, modes=["positive", "negative"])
    loaded.config.phases.update(phases=phases)
    return loaded


# Every role: random requests. The key alliance manager, who reaches the most, also gets the
# schema's boundary values (the coverage phase: minimum, maximum, just past them, each type).
schema = load_schema(["fuzzing"])
boundary_schema = load_schema(["examples", "coverage", "fuzzing"])

CHECKS = [checks.not_a_server_error, oa.status_code_conformance, oa.content_type_conformance,
          oa.response_schema_conformance, oa.response_headers_conformance,
          oa.negative_data_rejection]
REQUESTS: Counter[str] = Counter()
OPERATIONS: set[str] = set()


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and rolled back after it; a token per role."""
    # The WSGI handler closes the database connection after each request (as in production);
    # Django's test client does not, and neither may this: the test's transaction lives on it.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo_load", stdout=open(os.devnull, "w"))  # noqa: SIM115
        raw = {}
        for role, local in ROLES.items():
            if local is not None:
                person = Person.objects.get(email=demo_email(local))
                _token, raw[role] = api_token_create(actor=person, name="fuzz", days=1)
        yield raw
        transaction.set_rollback(True)
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)
    # Seen with `pytest -s`: how much this run sent (per process under xdist).
    print(f"\nfuzzed: {len(OPERATIONS)} operations, {sum(REQUESTS.values())} requests, "
          f"{dict(REQUESTS)}")


def _call(case, role: str, tokens: dict[str, str]) -> None:
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role in tokens else {}
    OPERATIONS.add(case.operation.label)
    REQUESTS[role] += 1
    case.call_and_validate(headers=headers, checks=CHECKS)


FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("role", list(ROLES))
@schema.parametrize()
@FUZZ_SETTINGS
def test_operation(case, role, tokens, db):
    _call(case, role, tokens)


@boundary_schema.parametrize()
@FUZZ_SETTINGS
def test_operation_at_its_boundaries(case, tokens, db):
    _call(case, Role.KEY_ALLIANCE_MANAGER.value, tokens)
