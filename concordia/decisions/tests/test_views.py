"""Decision pages: the register (search, filters, another alliance's 404), proposing (from a
decision agenda item too), voting per unit (split votes, objections, a new vote replacing the
old), a secret ballot kept from everyone before it closes, closing with the tally, withdrawing,
follow-up actions, delegates, the to-do list, and flat query counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.actions.models import ActionItem
from concordia.alliances.choices import Level, PartnerStatus, PartnerType, Role
from concordia.alliances.models import Partner
from concordia.bodies.choices import DecisionRule
from concordia.bodies.models import Body, Seat
from concordia.decisions import services
from concordia.decisions.choices import DecisionStatus, Outcome, Procedure
from concordia.decisions.models import Decision, Delegate, Vote
from concordia.meetings.choices import ItemKind, ItemStatus
from concordia.meetings.models import AgendaItem
from concordia.organisations.models import Organisation
from concordia.testing.decisions import DecisionsWorld, build_decisions, make_decision
from concordia.testing.factories import PersonFactory, give_role
from concordia.testing.meetings import build_meetings
from concordia.todo import selectors as todo_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world) -> DecisionsWorld:
    return build_decisions(world, build_meetings(world))


def detail_url(decision: Decision) -> str:
    return reverse("decision_detail", kwargs={"pk": decision.alliance_id,
                                              "decision_pk": decision.pk})


def register_url(world, **query: str) -> str:
    url = reverse("decision_register", kwargs={"pk": world.alliance.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def propose_url(world) -> str:
    return reverse("decision_propose", kwargs={"pk": world.alliance.pk})


def set_rule(body: Body, **fields) -> None:
    Body.objects.filter(pk=body.pk).update(**fields)
    body.refresh_from_db()


def vote(client, decision: Decision, unit: str, **fields: str):
    prefix = "vote-" + unit.replace(":", "-")
    data = {"op": "vote", "unit": unit, f"{prefix}-reason": ""}
    data.update({f"{prefix}-{k}": v for k, v in fields.items()})
    return client.post(detail_url(decision), data)


def error_of(html: str, field_id: str) -> str:
    """The text of the error list tied to a field (id ``<field_id>_error``)."""
    match = re.search(rf'<ul class="errorlist field-error" id="{field_id}_error">(.*?)</ul>',
                      html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else ""


# --- the register -----------------------------------------------------------------------------


def test_the_register_lists_what_the_person_may_see(client, world, dw) -> None:
    client.force_login(world.observer_b)
    html = client.get(register_url(world)).content.decode()
    assert "Share the delivery figures monthly" in html
    assert "Meet in Utrecht" in html
    assert "Board Z&#x27;s own plan" not in html
    assert f"{Decision.objects.filter(alliance=world.alliance).count()} decisions" in html
    assert "Propose a decision" not in html  # an observer proposes nothing
    client.force_login(world.founder)
    assert "Propose a decision" in client.get(register_url(world)).content.decode()


def test_the_register_searches_and_filters(client, world, dw) -> None:
    client.force_login(world.professional_a)
    html = client.get(register_url(world, q="utrecht")).content.decode()
    assert "Meet in Utrecht" in html
    assert "Share the delivery figures" not in html
    html = client.get(register_url(world, status="open")).content.decode()
    assert "Share the delivery figures" in html
    assert "Meet in Utrecht" not in html
    html = client.get(register_url(world, outcome="carried")).content.decode()
    assert "Meet in Utrecht" in html
    assert "Share the delivery figures" not in html
    html = client.get(register_url(world, body=str(dw.mw.other_body.pk))).content.decode()
    assert "Board Z&#x27;s own plan" not in html  # not a body to choose: not applied
    html = client.get(register_url(world, q="nothing like this")).content.decode()
    assert "No decision matches." in html
    assert client.get(register_url(world, body="99999999999999999999999")).status_code == 200


def test_the_register_shows_follow_up_actions(client, world, dw) -> None:
    dw.closed.follow_up_actions.add(dw.mw.action)
    client.force_login(world.observer_b)
    html = client.get(register_url(world)).content.decode()
    assert "Send the figures" in html


def test_another_alliance_is_404(client, world, dw) -> None:
    client.force_login(world.outsider)
    assert client.get(register_url(world)).status_code == 404
    assert client.get(detail_url(dw.written)).status_code == 404
    client.force_login(world.founder)
    other = reverse("decision_detail", kwargs={"pk": world.alliance.pk,
                                               "decision_pk": dw.other_decision.pk})
    assert client.get(other).status_code == 404
    assert client.get(detail_url(dw.other_decision)).status_code == 404


# --- proposing --------------------------------------------------------------------------------


def test_a_written_procedure_needs_a_deadline_shown_on_the_field(client, world, dw) -> None:
    client.force_login(world.founder)
    response = client.post(propose_url(world), {
        "body": dw.mw.body.pk, "title": "Adopt the standard", "proposal": "Adopt it.",
        "procedure": Procedure.WRITTEN, "deadline": "", "secret": "", "refers_to": "",
        "block": "", "agenda_item": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert error_of(html, "id_deadline") == "A written procedure needs a deadline."
    assert 'aria-describedby="id_deadline_helptext id_deadline_error"' in html
    assert not Decision.objects.filter(title="Adopt the standard").exists()


def test_a_deadline_in_the_past_is_refused_on_the_field(client, world, dw) -> None:
    client.force_login(world.founder)
    response = client.post(propose_url(world), {
        "body": dw.mw.body.pk, "title": "Adopt the standard", "proposal": "Adopt it.",
        "procedure": Procedure.WRITTEN, "deadline": "2001-01-01T10:00"})
    assert response.status_code == 422
    assert error_of(response.content.decode(), "id_deadline") == "The deadline must lie ahead."


def test_proposing_a_written_procedure(client, world, dw) -> None:
    client.force_login(world.coordinator_b)
    deadline = timezone.localtime() + dt.timedelta(days=3)
    response = client.post(propose_url(world), {
        "body": dw.mw.body.pk, "title": "Adopt the standard", "proposal": "Adopt it.",
        "procedure": Procedure.WRITTEN, "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "secret": "secret", "block": "board"})
    decision = Decision.objects.get(title="Adopt the standard")
    assert response.status_code == 302
    assert response["Location"] == detail_url(decision)
    assert (decision.secret, decision.block, decision.proposed_by) == (
        True, "board", world.coordinator_b)
    assert decision.number == Decision.objects.filter(alliance=world.alliance).count()


def test_only_who_may_propose_gets_the_form(client, world, dw) -> None:
    for person in (world.professional_a, world.observer_b, world.reviewer):
        client.force_login(person)
        assert client.get(propose_url(world)).status_code == 403
    client.force_login(world.founder)
    assert client.get(propose_url(world)).status_code == 200


def test_put_to_a_vote_from_a_decision_agenda_item(client, world, dw) -> None:
    meeting = reverse("meeting_detail", kwargs={"pk": world.alliance.pk,
                                                "meeting_pk": dw.mw.upcoming.pk})
    link = f"{propose_url(world)}?agenda_item={dw.decision_item.pk}"
    client.force_login(world.professional_a)
    assert link not in client.get(meeting).content.decode()  # not an organiser
    client.force_login(world.founder)
    assert link in client.get(meeting).content.decode().replace("&amp;", "&")
    form = client.get(link).content.decode()
    assert 'value="Adopt the data standard"' in form
    response = client.post(propose_url(world), {
        "body": dw.mw.body.pk, "title": "Adopt the data standard", "proposal": "Adopt it.",
        "procedure": Procedure.MEETING, "agenda_item": dw.decision_item.pk})
    decision = Decision.objects.get(title="Adopt the data standard")
    assert response.status_code == 302
    assert (decision.agenda_item, decision.meeting) == (dw.decision_item, dw.mw.upcoming)


def test_an_item_that_is_no_decision_item_is_404(client, world, dw) -> None:
    client.force_login(world.founder)
    url = f"{propose_url(world)}?agenda_item={dw.mw.open_item.pk}"
    assert client.get(url).status_code == 404


def test_propose_again_refers_to_the_closed_decision(client, world, dw) -> None:
    client.force_login(world.founder)
    html = client.get(detail_url(dw.closed)).content.decode()
    again = f"{propose_url(world)}?refers_to={dw.closed.pk}"
    assert again in html.replace("&amp;", "&")
    form = client.get(again).content.decode()
    assert f'<option value="{dw.closed.pk}" selected>' in form
    deadline = timezone.localtime() + dt.timedelta(days=3)
    client.post(propose_url(world), {
        "body": dw.mw.body.pk, "title": "Meet in Utrecht after all", "proposal": "Again.",
        "procedure": Procedure.WRITTEN, "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "refers_to": dw.closed.pk})
    reopened = Decision.objects.get(title="Meet in Utrecht after all")
    assert reopened.refers_to == dw.closed
    html = client.get(detail_url(dw.closed)).content.decode()
    assert "Followed by" in html
    assert "Meet in Utrecht after all" in html


# --- voting -----------------------------------------------------------------------------------


def test_a_partner_member_votes_and_sees_who_cast_it(client, world, dw) -> None:
    unit = f"partner:{world.partner_a.pk}"
    client.force_login(world.professional_a)
    html = client.get(detail_url(dw.written)).content.decode()
    assert "Your vote for" in html
    assert "0 of 2 partners have voted." in html
    response = vote(client, dw.written, unit, choice="for")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#vote-partner-{world.partner_a.pk}")
    html = client.get(detail_url(dw.written)).content.decode()
    name = world.partner_a.organisation.name
    assert f"{name} voted for (cast by Professional A at" in html
    assert "a new vote replaces it" in html
    assert "1 of 2 partners has voted." in html


def test_a_new_vote_of_another_member_replaces_the_partners_vote(client, world, dw) -> None:
    lotte = PersonFactory(organisation=world.founder.organisation, full_name="Lotte A")
    give_role(world.partner_a, lotte, Role.LINE_MANAGER, Level.TACTICAL)
    Delegate.objects.create(body=dw.mw.body, partner=world.partner_a, person=lotte,
                            named_by=world.founder)
    unit = f"partner:{world.partner_a.pk}"
    client.force_login(world.professional_a)
    vote(client, dw.written, unit, choice="for")
    client.force_login(lotte)
    assert vote(client, dw.written, unit, choice="against").status_code == 302
    current = Vote.objects.get(decision=dw.written, current=True)
    assert (current.choice, current.cast_by) == ("against", lotte)
    assert Vote.objects.filter(decision=dw.written).count() == 2


def test_who_may_not_vote_gets_no_form_and_403(client, world, dw) -> None:
    for person in (world.observer_b, world.founder, world.reviewer):
        client.force_login(person)
        html = client.get(detail_url(dw.written)).content.decode()
        assert "Your vote for" not in html
        response = vote(client, dw.written, f"partner:{world.partner_b.pk}", choice="for")
        assert response.status_code == 403
    assert not Vote.objects.exists()
    client.force_login(world.professional_a)  # votes for A, never for B
    assert vote(client, dw.written, f"partner:{world.partner_b.pk}",
                choice="for").status_code == 403
    assert not Vote.objects.exists()


def test_an_objection_needs_a_reason_shown_on_the_field(client, world, dw) -> None:
    unit = f"partner:{world.partner_a.pk}"
    client.force_login(world.professional_a)
    response = vote(client, dw.written, unit, choice="objection")
    assert response.status_code == 422
    field = f"id_vote-partner-{world.partner_a.pk}-reason"
    assert error_of(response.content.decode(), field) != ""
    assert not Vote.objects.exists()
    assert vote(client, dw.written, unit, choice="objection",
                reason="The standard is not ready.").status_code == 302


def test_no_objection_under_a_majority(client, world, dw) -> None:
    set_rule(dw.mw.body, decision_rule=DecisionRule.MAJORITY)
    decision = make_decision(dw.mw.body, 11, "Buy the licence", proposed_by=world.founder)
    client.force_login(world.professional_a)
    html = client.get(detail_url(decision)).content.decode()
    assert 'value="against"' in html
    assert 'value="objection"' not in html


def test_a_heavier_partner_splits_its_vote(client, world, dw) -> None:
    set_rule(dw.mw.body, decision_rule=DecisionRule.MAJORITY,
             weights={str(world.partner_a.pk): 3})
    decision = make_decision(dw.mw.body, 11, "Buy the licence", proposed_by=world.founder)
    unit = f"partner:{world.partner_a.pk}"
    prefix = f"id_vote-partner-{world.partner_a.pk}"
    client.force_login(world.coordinator_b)  # partner B weighs 1: no split
    assert "share_for" not in client.get(detail_url(decision)).content.decode()
    client.force_login(world.professional_a)
    html = client.get(detail_url(decision)).content.decode()
    assert f'id="{prefix}-share_for"' in html
    response = vote(client, decision, unit, share_for="2", share_against="2")
    assert response.status_code == 422
    assert "add up to your partner&#x27;s weight, 3" in error_of(
        response.content.decode(), f"{prefix}-share_for")
    assert vote(client, decision, unit, share_for="2", share_against="1").status_code == 302
    assert Vote.objects.get(decision=decision).shares == {"for": 2, "against": 1}
    html = client.get(detail_url(decision)).content.decode()
    assert "voted for 2, against 1" in html


def test_htmx_vote_answers_with_the_voting_section(client, world, dw) -> None:
    client.force_login(world.professional_a)
    prefix = f"vote-partner-{world.partner_a.pk}"
    response = client.post(detail_url(dw.written), {
        "op": "vote", "unit": f"partner:{world.partner_a.pk}", f"{prefix}-choice": "for",
        f"{prefix}-reason": ""}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="voting"')
    assert "Your vote for" in html
    assert "<h1>" not in html


# --- secret ballots ---------------------------------------------------------------------------


def test_a_secret_ballot_shows_nobody_the_others_votes_before_it_closes(client, world,
                                                                       dw) -> None:
    decision = make_decision(dw.mw.body, 11, "Choose the auditor", proposed_by=world.founder,
                             secret=True)
    client.force_login(world.coordinator_b)
    vote(client, decision, f"partner:{world.partner_b.pk}", choice="objection",
         reason="Auditor-X-is-too-close")
    client.force_login(world.professional_a)
    vote(client, decision, f"partner:{world.partner_a.pk}", choice="for",
         reason="Partner-A-likes-it")
    for person in (world.professional_a, world.observer_b, world.founder):
        client.force_login(person)
        html = client.get(detail_url(decision)).content.decode()
        assert "Auditor-X-is-too-close" not in html
        assert "Coordinator B" not in html.split('id="voting"')[1].split("</section>")[0]
        assert "Secret ballot: how the others voted is shown when the vote closes." in html
    client.force_login(world.professional_a)
    html = client.get(detail_url(decision)).content.decode()
    assert "Partner-A-likes-it" in html  # their own partner's vote
    client.force_login(world.coordinator_b)
    assert "Partner-A-likes-it" not in client.get(detail_url(decision)).content.decode()

    client.force_login(world.founder)
    closed = client.post(detail_url(decision), {"op": "close",
                                                "close-version": decision.version})
    assert closed.status_code == 302
    client.force_login(world.observer_b)
    html = client.get(detail_url(decision)).content.decode()
    assert "Auditor-X-is-too-close" in html
    assert "Partner-A-likes-it" in html


# --- closing, withdrawing, follow-up ----------------------------------------------------------


def test_the_organiser_closes_and_the_tally_is_shown(client, world, dw) -> None:
    client.force_login(world.professional_a)
    vote(client, dw.written, f"partner:{world.partner_a.pk}", choice="for",
         reason="Good for the chain")
    client.force_login(world.coordinator_b)
    vote(client, dw.written, f"partner:{world.partner_b.pk}", choice="abstain")
    client.force_login(world.professional_a)  # not an organiser
    data = {"op": "close", "close-version": dw.written.version}
    assert client.post(detail_url(dw.written), data).status_code == 403
    client.force_login(world.founder)
    assert client.post(detail_url(dw.written), data).status_code == 302
    dw.written.refresh_from_db()
    assert (dw.written.status, dw.written.outcome) == (DecisionStatus.CLOSED, Outcome.CARRIED)
    client.force_login(world.observer_b)
    html = client.get(detail_url(dw.written)).content.decode()
    assert "Carried." in html
    assert "The tally" in html
    assert "Good for the chain" in html
    assert "2 of 2 counted" in html
    assert "This decision is closed and can no longer change" in html
    assert "Your vote for" not in html


def test_a_stale_close_is_refused_with_a_message(client, world, dw) -> None:
    client.force_login(world.founder)
    response = client.post(detail_url(dw.written), {"op": "close",
                                                    "close-version": 7})
    assert response.status_code == 422
    assert 'role="alert" id="refusal"' in response.content.decode()
    assert Decision.objects.get(pk=dw.written.pk).status == DecisionStatus.OPEN


def test_a_closed_decision_takes_no_vote(client, world, dw) -> None:
    client.force_login(world.professional_a)
    response = vote(client, dw.closed, f"partner:{world.partner_a.pk}", choice="for")
    assert response.status_code == 403
    assert not Vote.objects.filter(decision=dw.closed).exists()


def test_the_proposer_withdraws(client, world, dw) -> None:
    client.force_login(world.observer_b)
    data = {"op": "withdraw", "withdraw-version": 1}
    assert client.post(detail_url(dw.written), data).status_code == 403
    client.force_login(world.founder)
    assert client.post(detail_url(dw.written), data).status_code == 302
    html = client.get(detail_url(dw.written)).content.decode()
    assert "This proposal was withdrawn." in html


def test_a_follow_up_action_is_linked(client, world, dw) -> None:
    client.force_login(world.founder)
    response = client.post(detail_url(dw.closed), {"op": "follow_up",
                                                   "follow-action": dw.mw.action.pk})
    assert response.status_code == 302
    assert list(dw.closed.follow_up_actions.all()) == [dw.mw.action]
    client.force_login(world.observer_b)
    html = client.get(detail_url(dw.closed)).content.decode()
    assert "Send the figures" in html
    response = client.post(detail_url(dw.closed), {"op": "follow_up",
                                                   "follow-action": dw.mw.action.pk})
    assert response.status_code == 403


# --- delegates --------------------------------------------------------------------------------


def test_a_coordinator_names_and_removes_their_own_partners_delegate(client, world,
                                                                     dw) -> None:
    bea = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Bea B")
    give_role(world.partner_b, bea, Role.LINE_MANAGER, Level.TACTICAL)
    url = reverse("delegate_list", kwargs={"pk": world.alliance.pk,
                                           "body_pk": dw.mw.body.pk})
    client.force_login(world.professional_a)
    assert client.get(url).status_code == 200
    assert client.post(url, {"op": "name", "person": f"{world.partner_b.pk}:{bea.pk}"}
                       ).status_code == 403
    client.force_login(world.coordinator_b)
    html = client.get(url).content.decode()
    assert "Name a delegate" in html
    assert "Bea B" in html
    response = client.post(url, {"op": "name", "person": f"{world.partner_b.pk}:{bea.pk}"})
    assert response.status_code == 302
    delegate = Delegate.objects.get(person=bea)
    assert delegate.partner == world.partner_b
    response = client.post(url, {"op": "name", "person": f"{world.partner_a.pk}:"
                                                         f"{world.professional_a.pk}"})
    assert response.status_code == 422  # not a choice: partner A is not theirs
    client.force_login(world.founder)  # partner A's, not partner B's
    assert client.post(url, {"op": "remove", "delegate": delegate.pk}).status_code == 403
    client.force_login(world.coordinator_b)
    assert client.post(url, {"op": "remove", "delegate": delegate.pk}).status_code == 302
    assert Delegate.objects.get(pk=delegate.pk).removed_at is not None
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


# --- to do ------------------------------------------------------------------------------------


def test_the_todo_list_holds_the_proposal_until_the_partner_voted(client, world, dw) -> None:
    unit = f"partner:{world.partner_a.pk}"
    assert list(todo_selectors.decisions_to_vote(user=world.professional_a)) == [dw.written]
    assert list(todo_selectors.decisions_to_vote(user=world.coordinator_b)) == [dw.written]
    assert list(todo_selectors.decisions_to_vote(user=world.observer_b)) == []
    assert list(todo_selectors.decisions_to_vote(user=world.founder)) == []
    client.force_login(world.professional_a)
    html = client.get(reverse("home")).content.decode()
    assert "Proposals waiting for your partner's vote" in html
    assert detail_url(dw.written) in html
    assert todo_selectors.todo_counts(user=world.professional_a)["decisions"] == 1
    vote(client, dw.written, unit, choice="for")
    assert list(todo_selectors.decisions_to_vote(user=world.professional_a)) == []
    assert todo_selectors.todo_counts(user=world.professional_a)["decisions"] == 0
    assert list(todo_selectors.decisions_to_vote(user=world.coordinator_b)) == [dw.written]
    Decision.objects.filter(pk=dw.written.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1))
    assert list(todo_selectors.decisions_to_vote(user=world.coordinator_b)) == []


# --- query counts -----------------------------------------------------------------------------


def _grow_partners(world, body: Body, total: int) -> None:
    """Partners (each with a seated person who may write) until the body has ``total``."""
    have = Seat.objects.filter(body=body, removed_at__isnull=True).values(
        "partner").distinct().count()
    for i in range(have, total):
        organisation = Organisation.objects.create(name=f"Extra partner {i:02d}")
        partner = Partner.objects.create(alliance=world.alliance, organisation=organisation,
                                         partner_type=PartnerType.CORE,
                                         status=PartnerStatus.ACTIVE)
        person = PersonFactory(organisation=organisation, full_name=f"Sitter {i:02d}")
        give_role(partner, person, Role.LINE_MANAGER, Level.TACTICAL)
        Seat.objects.create(body=body, partner=partner, holder=person)


def _vote_everyone(decision: Decision) -> None:
    for seat in Seat.objects.filter(body=decision.body).select_related("holder"):
        Vote.objects.get_or_create(
            decision=decision, unit=f"partner:{seat.partner_id}", current=True,
            defaults={"partner_id": seat.partner_id, "cast_by": seat.holder,
                      "choice": "for", "reason": f"Reason of {seat.holder}",
                      "cast_at": timezone.now()})


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("person", ["professional_a", "observer_b", "founder"])
def test_the_decision_page_costs_the_same_for_3_and_30_partners(client, world, dw,
                                                                person) -> None:
    body = dw.mw.body
    client.force_login(getattr(world, person))
    counts = {}
    for size in (3, 30):
        _grow_partners(world, body, size)
        open_one = make_decision(body, 10 + size, f"Open with {size}",
                                 proposed_by=world.founder)
        _vote_everyone(open_one)
        closed_one = make_decision(body, 100 + size, f"Closed with {size}",
                                   proposed_by=world.founder)
        _vote_everyone(closed_one)
        services.decision_close(actor=world.founder, decision=closed_one)
        first_open = _queries(client, detail_url(open_one))
        first_closed = _queries(client, detail_url(closed_one))
        counts[size] = (first_open, first_closed)
    assert len(counts[3][0]) == len(counts[30][0]), "\n".join(counts[30][0])
    assert len(counts[3][1]) == len(counts[30][1]), "\n".join(counts[30][1])
    html = client.get(detail_url(Decision.objects.get(title="Closed with 30"))).content.decode()
    assert "30 of 30 counted" in html


def test_the_register_costs_the_same_for_3_and_30_decisions(client, world, dw) -> None:
    client.force_login(world.founder)
    dw.closed.follow_up_actions.add(dw.mw.action)
    decisions = Decision.objects.filter(alliance=world.alliance)
    if decisions.count() < 3:
        make_decision(dw.mw.body, 10, "Decision 10", proposed_by=world.founder)
    three = _queries(client, register_url(world))
    for n in range(100, 100 + 30 - decisions.count()):
        decision = make_decision(dw.mw.body, n, f"Decision {n}", proposed_by=world.founder)
        action = ActionItem.objects.create(alliance=world.alliance, title=f"Follow {n}",
                                           created_by=world.founder)
        decision.follow_up_actions.add(action)
    thirty = _queries(client, register_url(world))
    assert decisions.count() == 30
    assert len(three) == len(thirty), "\n".join(thirty)


def test_a_confidential_items_decision_is_the_members_own(client, world, dw) -> None:
    item = AgendaItem.objects.create(meeting=dw.mw.upcoming, position=3, title="Quiet one",
                                     kind=ItemKind.DECISION, status=ItemStatus.ON_AGENDA,
                                     confidential=True, proposed_by=world.founder)
    decision = make_decision(dw.mw.body, 11, "Hire quietly", proposed_by=world.founder,
                             procedure=Procedure.MEETING, agenda_item=item,
                             meeting=dw.mw.upcoming)
    client.force_login(world.observer_b)
    assert "Hire quietly" not in client.get(register_url(world)).content.decode()
    assert client.get(detail_url(decision)).status_code == 404
    client.force_login(world.professional_a)
    assert client.get(detail_url(decision)).status_code == 200


# --- conforming HTML --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_forms_are_conforming_html_with_and_without_errors(client, world, dw,
                                                               language) -> None:
    from concordia.tests.test_html_conformance import problems_of  # noqa: PLC0415 — heavy

    set_rule(dw.mw.body, weights={str(world.partner_a.pk): 2})
    decision = make_decision(dw.mw.body, 11, "Buy the licence", proposed_by=world.founder)
    headers = {"Accept-Language": language}
    unit = f"partner:{world.partner_a.pk}"
    prefix = f"vote-partner-{world.partner_a.pk}"
    delegates = reverse("delegate_list", kwargs={"pk": world.alliance.pk,
                                                 "body_pk": dw.mw.body.pk})
    pages = []
    client.force_login(world.professional_a)
    pages.append(client.get(detail_url(decision), headers=headers))
    pages.append(client.post(detail_url(decision), {
        "op": "vote", "unit": unit, f"{prefix}-choice": "objection", f"{prefix}-reason": "",
        f"{prefix}-share_for": "1"}, headers=headers))
    client.force_login(world.founder)
    pages.append(client.get(propose_url(world), headers=headers))
    pages.append(client.post(propose_url(world), {"procedure": Procedure.WRITTEN},
                             headers=headers))
    pages.append(client.get(register_url(world, q="x"), headers=headers))
    client.force_login(world.coordinator_b)
    pages.append(client.get(delegates, headers=headers))
    pages.append(client.get(detail_url(dw.closed), headers=headers))
    for response in pages:
        assert response.status_code in (200, 422)
        problems = problems_of(response.content.decode())
        assert not problems, (response.request["PATH_INFO"], problems)
