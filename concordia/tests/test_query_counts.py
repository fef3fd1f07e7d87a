"""Every list (page and API) costs the same number of queries for 1 row as for 10 rows.

Each case seeds rows of the listed thing through the services (or the shared factories), once
with 1 row and once with 10, and compares the queries of the two requests. It also seeds the
same number of rows in another alliance (or of another person) and asserts none of them shows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.accounts import services as account_services
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, PartnerType, Role
from concordia.alliances.models import Alliance, Partner
from concordia.journal.services import journal_append
from concordia.testing.factories import (
    OrganisationFactory,
    PersonFactory,
    World,
    give_role,
    join,
    make_alliance,
)

Markers = list[str]
Seed = Callable[[World, int, int], Markers]  # (world, first index, how many) -> markers


def indices(start: int, n: int) -> range:
    return range(start, start + n)


def partner_z(world: World) -> Partner:
    return Partner.objects.get(alliance=world.other_alliance,
                               organisation=world.outsider.organisation)


# --- seeders: each returns what identifies its rows in the page (text) or API (ids) ------------


def seed_organisations(world: World, start: int, n: int) -> Markers:
    return [OrganisationFactory(name=f"Seeded Org #{i:02d}").name for i in indices(start, n)]


def seed_api_organisations(world: World, start: int, n: int) -> Markers:
    return [str(OrganisationFactory(name=f"Seeded Org #{i:02d}").pk) for i in indices(start, n)]


def _inviting_alliance(name: str, invited_organisation: Any) -> Partner:
    """An alliance founded elsewhere that invites the given organisation (pending answer)."""
    inviter = PersonFactory(is_organisation_admin=True)
    alliance = make_alliance(inviter, name)
    return alliance_services.partner_invite(actor=inviter, alliance=alliance,
                                            organisation=invited_organisation,
                                            partner_type=PartnerType.CORE)


def seed_home(world: World, start: int, n: int) -> Markers:
    """The founder's alliances (and portfolio) and invitations for the founder's organisation."""
    markers = []
    for i in indices(start, n):
        markers.append(make_alliance(world.founder, f"Own Alliance #{i:02d}").name)
        markers.append(_inviting_alliance(f"Inviting Alliance #{i:02d}",
                                          world.founder.organisation).alliance.name)
    return markers


def foreign_home(world: World, start: int, n: int) -> Markers:
    markers = []
    for i in indices(start, n):
        markers.append(make_alliance(world.outsider, f"Foreign Alliance #{i:02d}").name)
        markers.append(_inviting_alliance(f"Foreign Inviting #{i:02d}",
                                          world.outsider.organisation).alliance.name)
    return markers


def _join_partners(alliance: Alliance, founder: Any, prefix: str, start: int, n: int
                   ) -> list[Partner]:
    """Per index: one organisation that joins (with its coordinator) and one only invited."""
    partners = []
    for i in indices(start, n):
        admin = PersonFactory(is_organisation_admin=True, full_name=f"{prefix} Admin #{i:02d}",
                              organisation=OrganisationFactory(name=f"{prefix} Org #{i:02d}"))
        partners.append(join(alliance, founder, admin))
        partners.append(alliance_services.partner_invite(
            actor=founder, alliance=alliance,
            organisation=OrganisationFactory(name=f"{prefix} Invited Org #{i:02d}"),
            partner_type=PartnerType.ECOSYSTEM))
    return partners


def seed_partners(world: World, start: int, n: int) -> Markers:
    return [p.organisation.name
            for p in _join_partners(world.alliance, world.founder, "Seeded", start, n)]


def foreign_partners(world: World, start: int, n: int) -> Markers:
    return [p.organisation.name
            for p in _join_partners(world.other_alliance, world.outsider, "Foreign", start, n)]


def seed_api_partners(world: World, start: int, n: int) -> Markers:
    return [str(p.pk) for p in _join_partners(world.alliance, world.founder, "Seeded", start, n)]


def foreign_api_partners(world: World, start: int, n: int) -> Markers:
    return [str(p.pk)
            for p in _join_partners(world.other_alliance, world.outsider, "Foreign", start, n)]


def _roles(partner: Partner, prefix: str, start: int, n: int) -> list[Any]:
    return [give_role(partner, PersonFactory(organisation=partner.organisation,
                                             full_name=f"{prefix} Person #{i:02d}"),
                      Role.PROFESSIONAL, Level.OPERATIONAL)
            for i in indices(start, n)]


def _invitations(actor: Any, partner: Partner, prefix: str, start: int, n: int) -> list[Any]:
    return [alliance_services.invitation_create(
        actor=actor, partner=partner, email=f"{prefix.lower()}-invitee-{i:02d}@example.org",
        role=Role.PROFESSIONAL, level=Level.OPERATIONAL, notify=False)[0]
        for i in indices(start, n)]


def seed_people_page(world: World, start: int, n: int) -> Markers:
    """The people page lists roles and the open invitations the key manager manages."""
    roles = _roles(world.partner_a, "Seeded", start, n)
    invitations = _invitations(world.founder, world.partner_a, "Seeded", start, n)
    return [m.person.full_name for m in roles] + [inv.email for inv in invitations]


def foreign_people_page(world: World, start: int, n: int) -> Markers:
    roles = _roles(partner_z(world), "Foreign", start, n)
    invitations = _invitations(world.outsider, partner_z(world), "Foreign", start, n)
    return [m.person.full_name for m in roles] + [inv.email for inv in invitations]


def seed_api_memberships(world: World, start: int, n: int) -> Markers:
    return [str(m.pk) for m in _roles(world.partner_a, "Seeded", start, n)]


def foreign_api_memberships(world: World, start: int, n: int) -> Markers:
    return [str(m.pk) for m in _roles(partner_z(world), "Foreign", start, n)]


def seed_api_invitations(world: World, start: int, n: int) -> Markers:
    return [str(inv.pk) for inv in _invitations(world.founder, world.partner_a, "Seeded",
                                                start, n)]


def foreign_api_invitations(world: World, start: int, n: int) -> Markers:
    return [str(inv.pk) for inv in _invitations(world.outsider, partner_z(world), "Foreign",
                                                start, n)]


def _entries(alliance: Alliance, actor: Any, prefix: str, start: int, n: int) -> list[Any]:
    entries = []
    for i in indices(start, n):
        with transaction.atomic():
            entries.append(journal_append(alliance=alliance, actor=actor, kind="NoteRecorded",
                                          subject=alliance,
                                          payload={"name": f"{prefix} Entry #{i:02d}"}))
    return entries


def seed_journal(world: World, start: int, n: int) -> Markers:
    return [e.payload["name"] for e in _entries(world.alliance, world.founder, "Seeded",
                                                start, n)]


def foreign_journal(world: World, start: int, n: int) -> Markers:
    return [e.payload["name"] for e in _entries(world.other_alliance, world.outsider, "Foreign",
                                                start, n)]


def seed_api_journal(world: World, start: int, n: int) -> Markers:
    return [e.hash for e in _entries(world.alliance, world.founder, "Seeded", start, n)]


def foreign_api_journal(world: World, start: int, n: int) -> Markers:
    return [e.hash for e in _entries(world.other_alliance, world.outsider, "Foreign", start, n)]


VISIBILITIES = ("alliance", "partner", "confidential", "public")


def _documents(world: World, start: int, n: int) -> list[Any]:
    """Documents the founder sees, of every visibility (confidential ones name a colleague)."""
    return [alliance_services.document_add(
        actor=world.founder, alliance=world.alliance, title=f"Seeded Doc #{i:02d}",
        visibility=VISIBILITIES[i % 4],
        audience=[world.professional_a] if VISIBILITIES[i % 4] == "confidential" else None)
        for i in indices(start, n)]


def _foreign_documents(world: World, start: int, n: int) -> list[Any]:
    """Documents the founder must not see: of another alliance, partner B's internal ones, and
    confidential ones of partner B that do not name the founder."""
    documents = []
    for i in indices(start, n):
        documents.append(alliance_services.document_add(
            actor=world.outsider, alliance=world.other_alliance,
            title=f"Foreign Doc #{i:02d}", visibility=VISIBILITIES[i % 4],
            audience=[world.outsider] if VISIBILITIES[i % 4] == "confidential" else None))
        documents.append(alliance_services.document_add(
            actor=world.coordinator_b, alliance=world.alliance,
            title=f"Partner B Doc #{i:02d}", visibility="partner"))
        documents.append(alliance_services.document_add(
            actor=world.coordinator_b, alliance=world.alliance,
            title=f"Secret B Doc #{i:02d}", visibility="confidential",
            audience=[world.observer_b]))
    return documents


def seed_documents(world: World, start: int, n: int) -> Markers:
    return [d.title for d in _documents(world, start, n)]


def foreign_documents(world: World, start: int, n: int) -> Markers:
    return [d.title for d in _foreign_documents(world, start, n)]


def seed_api_documents(world: World, start: int, n: int) -> Markers:
    return [str(d.pk) for d in _documents(world, start, n)]


def foreign_api_documents(world: World, start: int, n: int) -> Markers:
    return [str(d.pk) for d in _foreign_documents(world, start, n)]


def seed_tokens(world: World, start: int, n: int) -> Markers:
    return [account_services.api_token_create(actor=world.founder, name=f"Seeded Token #{i:02d}",
                                              days=30)[0].name for i in indices(start, n)]


def foreign_tokens(world: World, start: int, n: int) -> Markers:
    return [account_services.api_token_create(actor=world.outsider,
                                              name=f"Foreign Token #{i:02d}", days=30)[0].name
            for i in indices(start, n)]


def seed_api_alliances(world: World, start: int, n: int) -> Markers:
    return [str(make_alliance(world.founder, f"Own Alliance #{i:02d}").pk)
            for i in indices(start, n)]


def foreign_api_alliances(world: World, start: int, n: int) -> Markers:
    return [str(make_alliance(world.outsider, f"Foreign Alliance #{i:02d}").pk)
            for i in indices(start, n)]


def seed_api_partner_invitations(world: World, start: int, n: int) -> Markers:
    return [str(_inviting_alliance(f"Inviting Alliance #{i:02d}", world.founder.organisation).pk)
            for i in indices(start, n)]


def foreign_api_partner_invitations(world: World, start: int, n: int) -> Markers:
    return [str(_inviting_alliance(f"Foreign Inviting #{i:02d}", world.outsider.organisation).pk)
            for i in indices(start, n)]


# --- the cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListCase:
    url: Callable[[World], str]
    seed: Seed
    foreign: Seed | None  # rows that must stay invisible to the viewer (the founder)
    api_key: Callable[[dict[str, Any]], str] | None = None  # API: a result row's marker


def page(name: str, **kwargs: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={k: f(w) for k, f in kwargs.items()})


A = lambda w: w.alliance.pk  # noqa: E731
by_id = lambda row: str(row["id"])  # noqa: E731
by_hash = lambda row: row["hash"]  # noqa: E731

PAGE_CASES: dict[str, ListCase] = {
    # The organisation directory is public to everybody logged in: nothing there is foreign.
    "organisation_list": ListCase(page("organisation_list"), seed_organisations, None),
    "home": ListCase(page("home"), seed_home, foreign_home),
    "alliance_dashboard": ListCase(page("alliance_dashboard", pk=A), seed_partners,
                                   foreign_partners),
    "partner_list": ListCase(page("partner_list", pk=A), seed_partners, foreign_partners),
    "membership_list": ListCase(page("membership_list", pk=A), seed_people_page,
                                foreign_people_page),
    "journal_list": ListCase(page("journal_list", pk=A), seed_journal, foreign_journal),
    "document_list": ListCase(page("document_list", pk=A), seed_documents, foreign_documents),
    "api_token_list": ListCase(page("api_token_list"), seed_tokens, foreign_tokens),
}

API_CASES: dict[str, ListCase] = {
    "organisations": ListCase(page("api:list_organisations"), seed_api_organisations, None,
                              by_id),
    "alliances": ListCase(page("api:list_alliances"), seed_api_alliances,
                          foreign_api_alliances, by_id),
    "partners": ListCase(page("api:list_partners", alliance_id=A), seed_api_partners,
                         foreign_api_partners, by_id),
    "memberships": ListCase(page("api:list_memberships", alliance_id=A), seed_api_memberships,
                            foreign_api_memberships, by_id),
    "invitations": ListCase(page("api:list_invitations", alliance_id=A), seed_api_invitations,
                            foreign_api_invitations, by_id),
    "documents": ListCase(page("api:list_documents", alliance_id=A), seed_api_documents,
                          foreign_api_documents, by_id),
    "journal-entries": ListCase(page("api:list_journal_entries", alliance_id=A),
                                seed_api_journal, foreign_api_journal, by_hash),
    "partner-invitations": ListCase(page("api:list_partner_invitations"),
                                    seed_api_partner_invitations,
                                    foreign_api_partner_invitations, by_id),
}


def _queries(context: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in context.captured_queries]


def _measure(client: Client, url: str) -> tuple[list[str], Any]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return _queries(context), response


def _explain(one: list[str], ten: list[str]) -> str:
    lines = [f"{len(one)} queries with 1 row, {len(ten)} with 10 rows.", "--- with 1 row:"]
    lines += [f"  {i:3d}. {sql}" for i, sql in enumerate(one, 1)]
    lines.append("--- with 10 rows:")
    lines += [f"  {i:3d}. {sql}" for i, sql in enumerate(ten, 1)]
    return "\n".join(lines)


def _run(client: Client, world: World, case: ListCase
         ) -> tuple[Any, Any, Any, Markers, Markers]:
    client.force_login(world.founder)
    url = case.url(world)
    baseline = client.get(url)  # warm-up: one-off work (e.g. caches) stays out of the count
    assert baseline.status_code == 200
    own = case.seed(world, 1, 1)
    foreign = case.foreign(world, 1, 1) if case.foreign else []
    one, response_one = _measure(client, url)
    own += case.seed(world, 2, 9)
    foreign += case.foreign(world, 2, 9) if case.foreign else []
    ten, response_ten = _measure(client, url)
    if len(one) != len(ten):
        print(_explain(one, ten))  # shown by pytest on failure
    assert len(ten) == len(one), _explain(one, ten)
    return baseline, response_one, response_ten, own, foreign


@pytest.mark.parametrize("name", list(PAGE_CASES))
def test_page_query_count_is_flat(client: Client, world: World, name: str) -> None:
    case = PAGE_CASES[name]
    _baseline, response_one, response_ten, own, foreign = _run(client, world, case)
    text_one, text_ten = response_one.content.decode(), response_ten.content.decode()
    assert len(own) >= 10
    assert own[0] in text_one
    missing = [marker for marker in own if marker not in text_ten]
    assert missing == []
    assert case.foreign is None or len(foreign) >= 10
    leaked = [marker for marker in foreign if marker in text_one or marker in text_ten]
    assert leaked == []


@pytest.mark.parametrize("name", list(API_CASES))
def test_api_list_query_count_is_flat(client: Client, world: World, name: str) -> None:
    case = API_CASES[name]
    assert case.api_key is not None
    baseline, response_one, response_ten, own, foreign = _run(client, world, case)
    base_total = baseline.json()["total"]
    body_one, body_ten = response_one.json(), response_ten.json()
    per_seed = len(own) // 10  # rows one seeding step adds (e.g. a joined and an invited partner)
    assert body_one["total"] == base_total + per_seed
    assert body_ten["total"] == base_total + 10 * per_seed
    assert body_ten["total"] <= 50  # everything fits on the first page
    listed_one = {case.api_key(row) for row in body_one["results"]}
    listed_ten = {case.api_key(row) for row in body_ten["results"]}
    assert len(listed_ten) == body_ten["total"]
    assert set(own[:per_seed]) <= listed_one
    assert set(own) <= listed_ten
    assert case.foreign is None or len(foreign) >= 10
    assert set(foreign).isdisjoint(listed_one | listed_ten)
