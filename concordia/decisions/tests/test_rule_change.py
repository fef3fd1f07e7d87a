"""A body's decision rule, once proposals have been put under it, changes only by a decision of
the body itself (docs/decisions/0013): the steering roles' edit is refused, a proposal may carry
a new rule, and the rule is adopted when — and only when — that decision carries."""

import datetime as dt
import json
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from concordia.bodies import rules as body_rules
from concordia.bodies import services as body_services
from concordia.bodies.choices import DecisionRule
from concordia.bodies.models import Body
from concordia.core.errors import Conflict, DomainError
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.decisions import services
from concordia.decisions.choices import Outcome, Procedure
from concordia.decisions.models import Decision
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.testing.decisions import decisions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world):
    return decisions_of(SimpleNamespace(world=world))


def ahead(days: int = 7) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=days)


def change(body: Body, actor, **fields) -> Body:
    values = {"name": body.name, "kind": body.kind, "level": body.level,
              "mandate": body.mandate, "substitutes_may_attend": body.substitutes_may_attend,
              "chair_rule": body.chair_rule, "chair_person": body.chair_person,
              "decision_rule": body.decision_rule, "secretary": body.secretary}
    values.update(fields)
    return body_services.body_change(actor=actor, body=body, expected_version=body.version,
                                     **values)


def propose_rule(dw, world, **rule) -> Decision:
    return services.decision_propose(
        actor=world.founder, body=dw.mw.body, title="A simple majority from now on",
        proposal="Consensus stalls us.", procedure=Procedure.WRITTEN, deadline=ahead(),
        rule_change=rule)


def test_the_pure_rule_lets_a_new_body_change_and_a_deciding_body_not():
    before = {"decision_rule": "consensus", "quorum_percent": 0}
    after = {"decision_rule": "majority", "quorum_percent": 0}
    assert not body_rules.rule_change_needs_decision(before=before, after=after,
                                                     proposals_put=False)
    assert body_rules.rule_change_needs_decision(before=before, after=after, proposals_put=True)
    assert not body_rules.rule_change_needs_decision(before=before, after=dict(before),
                                                     proposals_put=True)


def test_a_coordinator_cannot_change_the_rule_of_a_body_that_has_decided(dw, world):
    body = Body.objects.get(pk=dw.mw.body.pk)
    journal = JournalEntry.objects.count()
    for fields in ({"decision_rule": DecisionRule.MAJORITY}, {"quorum_percent": 50},
                   {"voting_unit": "person"}, {"secret_ballot": True}):
        with pytest.raises(Conflict) as refused:
            change(body, world.coordinator_b, **fields)
        assert (refused.value.code, refused.value.field) == ("rule_needs_decision",
                                                            "decision_rule")
    after = Body.objects.get(pk=body.pk)
    assert (after.decision_rule, after.quorum_percent, after.version) == (
        body.decision_rule, body.quorum_percent, body.version)
    assert JournalEntry.objects.count() == journal
    # Everything else of the body stays the steering roles' to change.
    renamed = change(body, world.coordinator_b, mandate="Prepares the board's decisions.")
    assert renamed.mandate == "Prepares the board's decisions."


def test_a_body_without_proposals_still_has_its_rule_set_freely(dw, world):
    fresh = body_services.body_set_up(actor=world.founder, alliance=world.alliance,
                                      name="Working group billing", kind="working_group",
                                      level="operational")
    changed = change(fresh, world.founder, decision_rule=DecisionRule.MAJORITY)
    assert changed.decision_rule == DecisionRule.MAJORITY


def test_a_carried_rule_change_gives_the_body_its_new_rule(dw, world):
    decision = propose_rule(dw, world, decision_rule=DecisionRule.MAJORITY, quorum_percent=50)
    assert decision.rule_change["decision_rule"] == "majority"
    assert decision.rule_change["quorum_percent"] == 50
    assert decision.rule["carries"] == "consensus"  # counted under the rule as it stands
    proposed = JournalEntry.objects.get(kind="DecisionProposed", payload__number=decision.number)
    assert proposed.payload["rule_change"] == decision.rule_change
    version = Body.objects.get(pk=dw.mw.body.pk).version
    services.vote_cast(actor=world.professional_a, decision=decision, choice="for")
    services.vote_cast(actor=world.coordinator_b, decision=decision, choice="for")
    closed = services.decision_close(actor=world.founder, decision=decision)
    assert closed.outcome == Outcome.CARRIED
    body = Body.objects.get(pk=dw.mw.body.pk)
    assert (body.decision_rule, body.quorum_percent, body.version) == (
        "majority", 50, version + 1)
    adopted = JournalEntry.objects.get(kind="BodyDecisionRuleAdopted")
    assert adopted.payload["decision"] == decision.number
    assert adopted.payload["before"]["decision_rule"] == "consensus"
    assert adopted.payload["after"]["decision_rule"] == "majority"
    taken = JournalEntry.objects.get(kind="DecisionTaken", payload__number=decision.number)
    assert taken.seq < adopted.seq  # in the closing's transaction, after the decision
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_a_rejected_rule_change_leaves_the_rule_as_it_was(dw, world):
    decision = propose_rule(dw, world, decision_rule=DecisionRule.MAJORITY)
    services.vote_cast(actor=world.professional_a, decision=decision, choice="for")
    services.vote_cast(actor=world.coordinator_b, decision=decision, choice="objection",
                       reason="We decide together.")
    closed = services.decision_close(actor=world.founder, decision=decision)
    assert closed.outcome == Outcome.REJECTED
    assert Body.objects.get(pk=dw.mw.body.pk).decision_rule == "consensus"
    assert not JournalEntry.objects.filter(kind="BodyDecisionRuleAdopted").exists()


def test_a_rule_change_is_checked_when_it_is_proposed(dw, world):
    before = Decision.objects.count()
    with pytest.raises(DomainError) as refused:
        propose_rule(dw, world, decision_rule="by_lot")
    assert refused.value.field == "decision_rule"
    with pytest.raises(DomainError) as refused:
        propose_rule(dw, world, quorum_percent=150)
    assert refused.value.field == "quorum_percent"
    with pytest.raises(DomainError) as refused:
        propose_rule(dw, world, weights={"999999": 2})
    assert refused.value.field == "weights"
    with pytest.raises(DomainError) as refused:  # the rule the body has now
        propose_rule(dw, world, decision_rule="consensus")
    assert refused.value.code == "rule_unchanged"
    assert Decision.objects.count() == before


# --- the API ----------------------------------------------------------------------------------


def send(client, method, path, body):
    return getattr(client, method)(path, data=json.dumps(body),
                                   content_type="application/json")


def test_the_api_refuses_a_rule_edit_and_takes_a_rule_change_proposal(client, dw, world):
    body = Body.objects.get(pk=dw.mw.body.pk)
    base = f"/api/v1/alliances/{world.alliance.pk}"
    client.force_login(world.coordinator_b)
    journal = JournalEntry.objects.count()
    refused = send(client, "put", f"{base}/bodies/{body.pk}", {
        "name": body.name, "kind": body.kind, "level": body.level, "mandate": body.mandate,
        "substitutes_may_attend": body.substitutes_may_attend, "chair_rule": body.chair_rule,
        "chair_person_id": body.chair_person_id, "decision_rule": "majority",
        "secretary_id": body.secretary_id, "version": body.version})
    assert refused.status_code == 409, refused.content
    assert refused["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert JournalEntry.objects.count() == journal
    proposal = {"body_id": body.pk, "title": "Majority", "proposal": "Consensus stalls us.",
                "procedure": "written", "deadline": ahead().isoformat()}
    wrong = send(client, "post", f"{base}/decisions",
                 {**proposal, "rule_change": {"quorum_percent": 101}})
    assert wrong.status_code == 400
    assert [p["name"] for p in wrong.json()["invalidParams"]] == [
        "rule_change.quorum_percent"]
    unknown = send(client, "post", f"{base}/decisions",
                   {**proposal, "rule_change": {"quorum": 50}})
    assert unknown.status_code == 400
    assert Decision.objects.filter(title="Majority").count() == 0
    created = send(client, "post", f"{base}/decisions",
                   {**proposal, "rule_change": {"decision_rule": "majority"}})
    assert created.status_code == 201, created.content
    change_out = created.json()["rule_change"]
    assert (change_out["decision_rule"], change_out["voting_unit"],
            change_out["quorum_percent"]) == ("majority", "partner", 0)
    ordinary = client.get(f"{base}/decisions/{dw.written.pk}").json()
    assert ordinary["rule_change"] is None


# --- the pages --------------------------------------------------------------------------------


def test_the_pages_show_a_settled_rule_and_put_a_new_one_to_the_vote(client, dw, world):
    body = Body.objects.get(pk=dw.mw.body.pk)
    client.force_login(world.coordinator_b)
    edit = client.get(f"/alliances/{world.alliance.pk}/bodies/{body.pk}/edit")
    html = edit.content.decode()
    assert re.search(r'<select name="decision_rule"[^>]*\bdisabled\b', html)
    propose_url = f"/alliances/{world.alliance.pk}/bodies/{body.pk}/decision-rule/propose"
    assert propose_url in html
    # A changed rule sent anyway is ignored: the disabled fields keep the body's values.
    sent = client.post(f"/alliances/{world.alliance.pk}/bodies/{body.pk}/edit", {
        "name": body.name, "kind": body.kind, "level": body.level, "mandate": "Weekly",
        "substitutes_may_attend": "no", "chair_rule": body.chair_rule,
        "chair_person": body.chair_person_id or "", "decision_rule": "majority",
        "secretary": body.secretary_id or "", "quorum_percent": 80, "version": body.version,
        **{f"rotation_{p}": n for n, p in enumerate(body.rotation, start=1)}})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    after = Body.objects.get(pk=body.pk)
    assert (after.mandate, after.decision_rule, after.quorum_percent) == (
        "Weekly", "consensus", 0)
    assert client.get(propose_url).status_code == 200
    wrong = client.post(propose_url, {"title": "Majority", "proposal": "Faster.",
                                      "deadline": ahead().strftime("%Y-%m-%dT%H:%M"),
                                      "decision_rule": "consensus"})
    assert wrong.status_code == 422
    assert "This is the decision rule the body has now" in wrong.content.decode()
    put = client.post(propose_url, {"title": "Majority", "proposal": "Faster.",
                                    "deadline": ahead().strftime("%Y-%m-%dT%H:%M"),
                                    "decision_rule": "majority"})
    assert put.status_code == 302
    decision = Decision.objects.get(title="Majority")
    assert decision.rule_change["decision_rule"] == "majority"
    page = client.get(put["Location"]).content.decode()
    assert "The decision rule it proposes" in page


def test_the_rule_page_of_another_alliance_is_404(client, dw, world):
    client.force_login(world.founder)
    path = f"bodies/{dw.mw.other_body.pk}/decision-rule/propose"
    other = f"/alliances/{world.other_alliance.pk}/{path}"
    mine = f"/alliances/{world.alliance.pk}/{path}"
    before = Decision.objects.count()
    for url in (other, mine):
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "x"}).status_code == 404
    assert Decision.objects.count() == before
