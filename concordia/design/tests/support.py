"""Helpers shared by the design tests: people, answers, statements, pages and API calls."""

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.test import Client
from django.urls import reverse

from concordia.accounts.models import Person
from concordia.alliances.models import Alliance, Partner
from concordia.core.middleware import API_VERSION
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.design import rules, selectors, services
from concordia.design.choices import StatementKind
from concordia.design.models import StatementVersion
from concordia.design.stage_rules import QUESTION_KEYS
from concordia.journal.models import JournalEntry
from concordia.testing.factories import World

# The profile as the services take it, and as the API's body carries it (with its version).
SERVICE_PROFILE = {"rationales": ["efficiency", "innovation"], "origin": "opportunity",
           "joint_activities": 4, "centralisation": "high", "joint_work_weight": "low"}
API_BODY_PROFILE = {"rationales": ["efficiency", "service_delivery"], "origin": "problem",
           "joint_activities": 3, "centralisation": "medium", "joint_work_weight": "high",
           "version": 0}

OBJECTIVE = StatementKind.OBJECTIVE
VALUES = StatementKind.VALUES


def fresh(person: Person) -> Person:
    """The person as a new request would load them (no cached roles)."""
    return Person.objects.get(pk=person.pk)


def last_seq(alliance: Alliance) -> int:
    return JournalEntry.objects.filter(alliance=alliance).order_by("-seq").values_list(
        "seq", flat=True).first() or 0


def entries_after(alliance: Alliance, seq: int) -> list[tuple[int, str, dict]]:
    return list(JournalEntry.objects.filter(alliance=alliance, seq__gt=seq).order_by("seq")
                .values_list("seq", "kind", "payload"))


def draft(world, text: str = "Serve citizens once.", *, kind: str = OBJECTIVE,
          based_on: int | None = None) -> StatementVersion:
    return services.statement_draft(actor=fresh(world.founder), alliance=world.alliance,
                                    kind=kind, text=text, based_on=based_on)


def answers(level: int = 2) -> dict[str, int]:
    return dict.fromkeys(QUESTION_KEYS, level)


def progress(world, kind: str = OBJECTIVE):
    """The newest version and who endorsed it / who the alliance waits for (whether it is the
    proposal or has entered into force)."""
    state = selectors.statement_state(user=fresh(world.founder), alliance=world.alliance,
                                      kind=kind)
    current = state.versions[0] if state.versions else None
    endorsing = [e.partner_id for e in current.live_endorsements] if current else []
    return current, rules.endorsement_progress(selectors._partner_refs(world.alliance),
                                               endorsing)


def names(partners) -> list[str]:
    return [p.name for p in partners]


def sorted_partner_names(world) -> list[str]:
    return sorted([world.partner_a.organisation.name, world.partner_b.organisation.name])


MEMBERS = ("founder", "coordinator_b", "professional_a", "observer_b", "reviewer")
EDITORS = ("founder", "coordinator_b")
NON_EDITORS = ("professional_a", "observer_b", "reviewer")
OUT_OF_REACH = ("outsider", "stranger", "expired_reviewer", "removed")
ANONYMOUS_LIKE = ("anonymous", "deactivated")


def stage_form(level: int = 2, **overrides: Any) -> dict[str, Any]:
    return {"assessed_on": "2024-06-01", "note": "",
            **{f"q_{key}": level for key in QUESTION_KEYS}, **overrides}


def person(world: World, actor: str) -> Person | None:
    return None if actor == "anonymous" else getattr(world, actor)


def login(client: Client, world: World, actor: str) -> None:
    someone = person(world, actor)
    if someone is not None:
        client.force_login(someone)


Url = Callable[[World, SimpleNamespace], str]


def url(name: str, **kwargs: Callable[[World, SimpleNamespace], Any]) -> Url:
    return lambda w, d: reverse(name, kwargs={"pk": w.alliance.pk,
                                              **{k: f(w, d) for k, f in kwargs.items()}})


READ_PAGES: dict[str, Url] = {
    "overview": url("design_overview"),
    "objective": url("statement_page", slug=lambda w, d: "objective"),
    "values": url("statement_page", slug=lambda w, d: "values"),
    "stage": url("stage_page"),
    "glossary": url("glossary_page"),
    "glossary_term": url("glossary_term", term_pk=lambda w, d: d.term.pk),
    "sheet": url("design_sheet"),
    "sheet_pdf": url("design_sheet_pdf"),
}
EDIT_PAGES: dict[str, Url] = {
    "profile": url("profile_edit"),
    "partner_design": url("partner_design_edit", partner_pk=lambda w, d: w.partner_b.pk),
}
ALL_PAGES = {**READ_PAGES, **EDIT_PAGES}

POSTS: dict[str, tuple[Url, Callable[[World, SimpleNamespace], dict[str, Any]]]] = {
    "profile": (url("profile_edit"), lambda w, d: {
        "rationales": ["efficiency"], "origin": "problem", "joint_activities": 3,
        "centralisation": "medium", "joint_work_weight": "high", "version": 0}),
    # Partner B's own words: written by B's people; A's professional and B's read-only roles
    # are refused (test_partner_words.py covers the key alliance manager's drafts).
    "interest": (url("partner_design_edit", partner_pk=lambda w, d: w.partner_b.pk),
                 lambda w, d: {"save_interest": "1", "interest-own_interest": "Mine",
                               "interest-shared_interest": "Ours"}),
    "resistance": (url("partner_design_edit", partner_pk=lambda w, d: w.partner_b.pk),
                   lambda w, d: {"save_resistance": "1", "resistance-source": "imposed",
                                 "resistance-note": "", "resistance-mitigation": ""}),
    "objective": (url("statement_page", slug=lambda w, d: "objective"),
                  lambda w, d: {"text": "Mine", "vision": "", "mission": "", "based_on": 1}),
    "values": (url("statement_page", slug=lambda w, d: "values"),
               lambda w, d: {"text": "Mine", "based_on": 1}),
    "stage": (url("stage_page"), lambda w, d: stage_form()),
    "glossary": (url("glossary_page"), lambda w, d: {"term": "Register"}),
    "agreed": (url("glossary_term", term_pk=lambda w, d: d.term.pk),
               lambda w, d: {"save_agreed": "1", "agreed-agreed_definition": "Shared",
                             "agreed-based_on": 0}),
}


def statement_url(world: World, slug: str = "objective") -> str:
    return reverse("statement_page", kwargs={"pk": world.alliance.pk, "slug": slug})


def endorse_url(world: World, number: int, slug: str = "objective") -> str:
    return reverse("statement_endorse", kwargs={"pk": world.alliance.pk, "slug": slug,
                                                "number": number})


STATEMENTS = [("objective", StatementKind.OBJECTIVE, "Objective"),
              ("values", StatementKind.VALUES, "Values")]


def api(name: str, world: World, **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs={"alliance_id": world.alliance.pk, **kwargs})


def send(client: Client, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(url, data=json.dumps(body if body is not None else {}),
                                   content_type="application/json")


def as_client(person: Person | None) -> Client:
    """A client for the person; the API speaks the request's language, English here."""
    client = Client(headers={"Accept-Language": "en"})
    if person is not None:
        client.force_login(person)
    return client


def problem(response: Any, status: int) -> dict[str, Any]:
    """The response is a problem+json of this status; returns its body."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response["API-Version"] == API_VERSION
    body = response.json()
    assert body["status"] == status
    return body


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content[:500]
    assert response["API-Version"] == API_VERSION
    return response.json() if status != 204 else None


def partner_ref(partner: Partner) -> dict[str, Any]:
    return {"id": partner.pk, "name": partner.organisation.name}


def by_name(*partners: Partner) -> list[dict[str, Any]]:
    return sorted((partner_ref(p) for p in partners), key=lambda r: r["name"])
