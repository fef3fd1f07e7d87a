"""The ``Idempotency-Key`` request header for API writes (IETF draft "The Idempotency-Key HTTP
Header Field"; the way Stripe uses it).

A client that may have to send a write again (a time-out, a dropped connection) sends a key of
its own choosing with it; a retry with the same key gets the first answer again, and the write
happens once. Put :func:`idempotent` under the operation's route::

    from concordia.core.idempotency import idempotent

    @router.post("/{alliance_id}/actions", response={201: ActionOut})
    @idempotent
    def create_action(request, alliance_id: Id, payload: ActionIn) -> Status[ActionItem]: ...

What it does with the header (without it the operation runs exactly as before):

- the key is 1 to 255 printable ASCII characters (space to ``~``), taken as sent; otherwise
  400 problem+json ``idempotency_key_invalid``. Keys belong to the authenticated person (a
  token's person or the session's person): two people never share one;
- the first request runs in one transaction that also stores its answer (status, body, content
  type, ``Location``) under (person, key) with a fingerprint of the method, the path with its
  query and the body (JSON compared by value, so the order of its fields does not matter);
  the write and the stored answer commit together or not at all;
- a retry with the same key and the same request gets that answer again (same status and body,
  plus ``Idempotent-Replayed: true``) without running the operation; with a different request,
  422 problem+json ``idempotency_key_reused``;
- **what is stored**: every answer the operation itself gave, 2xx and 4xx alike (a refusal by
  a rule of the alliance is the answer to that request; send a new key to try again after
  changing something). Nothing is stored when the request never reached the operation
  (not authenticated, body or parameters invalid, throttled: the retry is checked afresh) or
  when it failed with a server error or a "try again" conflict (a deadlock the middleware turns
  into 409 ``try_again``): then the whole transaction, the write included, is rolled back and
  the key is free for the retry;
- **the same key at the same moment**: the second request *waits* for the first. The first
  inserts the key's row before it runs the operation; PostgreSQL makes a second insert of the
  same unique (person, key) wait until the first transaction ends, then fail, and the second
  answers with the first's stored answer (or runs itself, if the first was rolled back). We
  wait rather than answer 409: the client gets the real answer at once and needs no retry
  loop, and the wait is no longer than the write itself (the row is inserted before any other
  lock is taken, so it cannot take part in a lock cycle). SQLite serialises writers anyway;
- keys expire after :data:`KEY_LIFETIME` (24 hours): an expired key is as good as new, and
  ``manage.py idempotency_keys_expire`` (daily, docs/deploy.md) deletes the old rows.

The decorator uses django-ninja's hook for third-party code (``_ninja_contribute_to_operation``)
to do two things to the operation: wrap its view function (after the authentication and input
validation, so the person is known) to open the transaction and claim the key or answer from
it, and wrap its ``run`` (which turns the view's result or exception into the response) to
store that response and close the transaction. It also adds the
header to the operation's parameters in the OpenAPI document.
"""

import contextlib
import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.operation import Operation
from ninja.utils import contribute_operation_callback

from .models import IdempotencyKey
from .problems import problem_response

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_LIFETIME = dt.timedelta(hours=24)
KEY_MAX_LENGTH = 255
KEY_PATTERN = re.compile(r"[\x20-\x7e]{1,%d}" % KEY_MAX_LENGTH)  # noqa: UP031 — a regex

OPENAPI_PARAMETER: dict[str, Any] = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Optional. A key of your choosing (1 to 255 printable ASCII characters, e.g. a UUID) "
        "that makes a retry safe: sent again with the same request within 24 hours, it "
        "returns the first answer (status and body, with `Idempotent-Replayed: true`) and the "
        "write happens once. The same key with a different request is refused (422). Keys are "
        "your own: no one else's request can use them."),
    "schema": {"type": "string", "minLength": 1, "maxLength": KEY_MAX_LENGTH,
               "pattern": "^[\\x20-\\x7E]+$"},
    "example": "9f6c4c0e-8a7b-4d61-9a3e-2b1f5d0c7e42",
}

_STATE = "_concordia_idempotency"

class _Claim:
    """One request's key: what it sent, and the row it inserted if it runs the operation."""

    def __init__(self, raw: str, transaction_scope: contextlib.ExitStack) -> None:
        self.raw = raw
        self.row: IdempotencyKey | None = None
        self.transaction_scope = transaction_scope

    def begin(self, request: HttpRequest) -> HttpResponse | None:
        """Claim the key for this request (None: go ahead and run the operation), or answer
        from it: the stored answer, or a problem."""
        if not KEY_PATTERN.fullmatch(self.raw):
            reason = _("1 to %(n)d printable ASCII characters.") % {"n": KEY_MAX_LENGTH}
            return problem_response(
                400, _("The %(header)s header must be %(reason)s") % {
                    "header": HEADER, "reason": reason},
                code="idempotency_key_invalid",
                invalid_params=[{"name": HEADER, "code": "idempotency_key_invalid",
                                 "reason": reason}])
        person_id = _person_id(request)
        if person_id is None:  # an operation open to anyone: keys need an owner
            return None
        fingerprint = request_fingerprint(request)
        # The transaction starts here, once the person is known and the input valid, and ends
        # in run_idempotently, once the answer is made: authentication (a token's last use is
        # written) commits on its own, as without the header.
        self.transaction_scope.enter_context(transaction.atomic())
        now = timezone.now()
        rows = IdempotencyKey.objects.filter(person_id=person_id, key=self.raw)
        stored = rows.first()
        if stored is not None and stored.expires_at <= now:
            rows.filter(pk=stored.pk, expires_at__lte=now).delete()
            stored = None
        if stored is None:
            try:
                with transaction.atomic():  # a savepoint: a lost race leaves ours usable
                    self.row = IdempotencyKey.objects.create(
                        person_id=person_id, key=self.raw, fingerprint=fingerprint,
                        created_at=now, expires_at=now + KEY_LIFETIME)
                return None
            except IntegrityError:
                # Someone sent the same key at the same moment; PostgreSQL let our insert wait
                # until their transaction committed (with its answer). Answer with theirs.
                stored = rows.get()
        if stored.fingerprint != fingerprint:
            return problem_response(
                422, _("This %(header)s was used for a different request. Send a new key "
                       "with a new request.") % {"header": HEADER},
                code="idempotency_key_reused")
        return replay(stored)

    def store(self, response: HttpResponseBase) -> None:
        if self.row is None:
            return
        self.row.status = response.status_code
        self.row.content_type = response.get("Content-Type", "")
        self.row.location = response.get("Location", "")
        self.row.body = response.content if isinstance(response, HttpResponse) else b""
        self.row.save(update_fields=["status", "content_type", "location", "body"])


def _person_id(request: HttpRequest) -> int | None:
    """The authenticated person: ninja leaves them in ``request.auth`` (token or session)."""
    person = getattr(request, "auth", None)
    if person is None or not getattr(person, "is_authenticated", False):
        return None
    pk = getattr(person, "pk", None)
    return pk if isinstance(pk, int) else None


def request_fingerprint(request: HttpRequest) -> str:
    """SHA-256 of the method, the path with its query, and the body; a JSON body by value."""
    body = request.body
    with contextlib.suppress(ValueError):  # not JSON (or empty): the bytes as sent
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False).encode()
    digest = hashlib.sha256()
    for part in (request.method or "").encode(), request.get_full_path().encode(), body:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def replay(stored: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(stored.body), status=stored.status,
                            content_type=stored.content_type or None)
    if stored.location:
        response["Location"] = stored.location
    response[REPLAYED_HEADER] = "true"
    return response


def storable(response: HttpResponseBase) -> bool:
    """Every answer the operation gave (2xx, 3xx, 4xx) but no server error and nothing
    streamed."""
    return response.status_code < 500 and isinstance(response, HttpResponse)


def _run_in_transaction(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Around the operation's ``run`` (authentication, input, the view, its errors as
    problems): with the header, from the claim of the key to the answer in one transaction
    that stores the answer (an exception leaving ``run`` rolls it back)."""

    @functools.wraps(run)
    def run_idempotently(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        raw = request.headers.get(HEADER)
        if raw is None:
            return run(request, **kwargs)
        with contextlib.ExitStack() as transaction_scope:  # entered by _Claim.begin
            claim = _Claim(raw, transaction_scope)
            setattr(request, _STATE, claim)
            response = run(request, **kwargs)
            if claim.row is not None:
                if storable(response) and not transaction.get_connection().needs_rollback:
                    claim.store(response)
                else:  # nothing kept, the write neither: the retry runs afresh
                    transaction.set_rollback(True)
        return response

    return run_idempotently


def _claim_first(view: Callable[..., Any]) -> Callable[..., Any]:
    """Around the view function: the person is known and the input valid; claim the key or
    answer from it."""

    @functools.wraps(view)
    def claimed(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        claim: _Claim | None = getattr(request, _STATE, None)
        if claim is not None:
            answer = claim.begin(request)
            if answer is not None:
                return answer  # ninja hands an HttpResponse back as it is
        return view(request, *args, **kwargs)

    claimed._concordia_idempotent = True  # type: ignore[attr-defined]  # marks it done once
    return claimed


def _install(operation: Operation) -> None:
    if operation.is_async:
        raise ImproperlyConfigured(f"@idempotent is for sync operations: {operation.path}")
    if getattr(operation.view_func, "_concordia_idempotent", False):
        return
    operation.view_func = _claim_first(operation.view_func)
    # As ninja's decorate_view does: its clones (one per mount of the router) wrap their own
    # run with the same decorators.
    decorators = getattr(operation, "_run_decorators", None)
    if decorators is None:
        decorators = []
        operation._run_decorators = decorators  # type: ignore[attr-defined]  # ninja's own slot
    decorators.append(_run_in_transaction)
    operation.run = _run_in_transaction(operation.run)  # type: ignore[method-assign]  # ninja wraps run alike
    extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [*extra.get("parameters", []), OPENAPI_PARAMETER]
    operation.openapi_extra = extra


def idempotent[F: Callable[..., Any]](func: F) -> F:
    """Make a django-ninja write operation honour the ``Idempotency-Key`` header. Put it under
    the route decorator (``@router.post(...)`` then ``@idempotent``); above it works too."""
    bound = getattr(func, "_ninja_operation", None)
    if isinstance(bound, Operation):  # placed above the route decorator
        _install(bound)
    else:
        contribute_operation_callback(func, _install)
    return func


def expire_keys() -> int:
    """Delete the keys past their lifetime (``manage.py idempotency_keys_expire``, daily)."""
    deleted, _by_model = IdempotencyKey.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
