"""The journal's kinds: every kind an app may append, registered by the app that appends it.

The journal knows no domain app. Each app registers its own kinds in its `journal_kinds` module
(imported from its AppConfig.ready()) with a translated label, whether the kind is a
*commitment* (shown under "recent commitments") and how its payload reads in one line.
`journal_append` refuses a kind nobody registered, so the list in docs/journal.md — checked
against this registry by a test — is the complete list.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

# Past tense, one CamelCase word: "ObjectiveEndorsed", "RoleGranted".
KIND_NAME = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+)*$")

Payload = Mapping[str, Any]


def _no_description(_payload: Payload) -> str:
    return ""


@dataclass(frozen=True)
class JournalKind:
    name: str
    label: str | Promise
    commitment: bool
    describe: Callable[[Payload], str]
    app: str


class UnknownKind(LookupError):
    """A kind that no app registered: `journal_append` refuses it."""


_KINDS: dict[str, JournalKind] = {}


def register(name: str, *, label: str | Promise, commitment: bool, app: str,
             describe: Callable[[Payload], str] = _no_description) -> JournalKind:
    """Register one kind. Registering the same name twice is an error unless it is the very
    same definition (a module imported twice)."""
    if not KIND_NAME.match(name):
        raise ValueError(f"Journal kind {name!r} is not one CamelCase word in the past tense")
    kind = JournalKind(name=name, label=label, commitment=commitment, describe=describe, app=app)
    existing = _KINDS.get(name)
    if existing is not None and existing != kind:
        raise ValueError(f"Journal kind {name!r} is already registered by {existing.app}")
    _KINDS[name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a kind (tests that register a kind of their own clean up with it)."""
    _KINDS.pop(name, None)


def get(name: str) -> JournalKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownKind(f"Journal kind {name!r} is not registered") from None


def is_registered(name: str) -> bool:
    return name in _KINDS


def kinds() -> list[JournalKind]:
    """Every registered kind, by app and name (the order docs/journal.md lists them in)."""
    return sorted(_KINDS.values(), key=lambda k: (k.app, k.name))


def commitment_kinds() -> list[str]:
    return sorted(k.name for k in _KINDS.values() if k.commitment)


def label(name: str) -> str:
    """The kind's translated label; an unknown kind (never appended) reads as its name."""
    kind = _KINDS.get(name)
    return str(kind.label) if kind else name


def describe(name: str, payload: Payload) -> str:
    """The entry's gist in one line, as its app describes it."""
    kind = _KINDS.get(name)
    if kind is None:
        return ""
    return kind.describe(payload)


def documented_list() -> str:
    """The kinds as docs/journal.md lists them (between its `journal-kinds` markers); the
    test suite fails when the document and this list differ."""
    lines = ["| Kind | App | Commitment | Label |", "|---|---|---|---|"]
    lines += [f"| `{k.name}` | {k.app} | {'yes' if k.commitment else 'no'} | {k.label} |"
              for k in kinds() if k.app != "tests"]
    return "\n".join(lines)
