"""Every write in an alliance is journaled, in the same transaction (docs/journal.md, "Which
service writes which kind").

WRITES lists every service that writes in an alliance with the entries it must append; each is
run against the test world and the entries it appended are compared exactly. A second test
reads the service modules: a new ``@transaction.atomic`` service that is neither in WRITES nor
in NOT_IN_AN_ALLIANCE fails the suite, so a write cannot slip in without its journal entry."""

import datetime as dt
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest
from django.utils import timezone

from concordia.accounts import services as account_services
from concordia.accounts.models import Person
from concordia.actions import services as action_services
from concordia.advisor import rules as advisor_rules
from concordia.advisor import services as advisor_services
from concordia.agreements import services as agreement_services
from concordia.agreements.models import Agreement
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Membership, Partner
from concordia.blocks import services as blocks_services
from concordia.design import services
from concordia.design.choices import StatementKind
from concordia.design.models import GlossaryTerm, StatementVersion
from concordia.design.stage_rules import QUESTION_KEYS
from concordia.escalations import services as escalation_services
from concordia.escalations.models import Bottleneck
from concordia.evaluation import services as evaluation_services
from concordia.evaluation.instrument import STANDARD_BY_KEY
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.learning import services as learning_services
from concordia.meetings import minutes_services
from concordia.meetings.models import Meeting, Minutes
from concordia.notifications import services as notification_services
from concordia.organisations import services as organisation_services
from concordia.plans import services as plan_services
from concordia.plans.services import EffortInput
from concordia.reports import services as report_services
from concordia.reviews import services as review_services
from concordia.scorecard import services as scorecard_services
from concordia.scorecard.models import Indicator
from concordia.settlement import services as settlement_services
from concordia.settlement.computation import compute as settlement_compute
from concordia.testing.agreements import build_agreements
from concordia.testing.decisions import build_decisions
from concordia.testing.escalations import build_escalations
from concordia.testing.evaluation import open_round
from concordia.testing.factories import OrganisationFactory, PersonFactory, give_role
from concordia.testing.learning import build_learning
from concordia.testing.learning import scores as pillar_scores
from concordia.testing.meetings import build_meetings
from concordia.testing.plans import (
    board_member_of,
    build_confirmed,
    build_in_force,
    build_plans,
    build_proposed,
)
from concordia.testing.reports import build_reports
from concordia.testing.reviews import build_reviews
from concordia.testing.reviews import open_review as open_a_review
from concordia.testing.scorecard import build_scorecard
from concordia.testing.settlement import build_settlement


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


@dataclass(frozen=True)
class Write:
    call: Callable[[Any], Any]
    # The (kind, payload) entries the call appends, computed from the world.
    entries: Callable[[Any], list[tuple[str, dict[str, Any]]]]
    setup: Callable[[Any], Any] | None = None


def org(world, name: str) -> str:
    return getattr(world, name).organisation.name


def last_entry(world) -> JournalEntry:
    entry = JournalEntry.objects.filter(alliance=world.alliance).order_by("seq").last()
    assert entry is not None
    return entry


def invited_admin(world) -> tuple[Person, Partner]:
    admin = PersonFactory(is_organisation_admin=True,
                          organisation=OrganisationFactory(name="Org E"))
    partner = alliance_services.partner_invite(actor=fresh(world.founder), alliance=world.alliance,
                                               organisation=admin.organisation,
                                               partner_type="core")
    return admin, partner


def board_b(world) -> Person:
    person = PersonFactory(organisation=world.coordinator_b.organisation, email="board@b.example")
    give_role(world.partner_b, person, Role.BOARD_MEMBER, Level.STRATEGIC)
    return person


def objective(world) -> StatementVersion:
    return services.statement_draft(actor=fresh(world.founder), alliance=world.alliance,
                                    kind=StatementKind.OBJECTIVE, text="Serve once")


def term(world) -> GlossaryTerm:
    return services.glossary_term_add(actor=fresh(world.founder), alliance=world.alliance,
                                      term="Income")


def invitation(world) -> str:
    PersonFactory(email="new@b.example", organisation=None)
    return alliance_services.invitation_create(
        actor=fresh(world.coordinator_b), partner=world.partner_b, email="new@b.example",
        role=Role.PROFESSIONAL, level=Level.OPERATIONAL, notify=False)[1]


def endorsed(world) -> StatementVersion:
    version = objective(world)
    services.statement_endorse(actor=fresh(board_b(world)), version=version)
    return version


def adjusted(world) -> None:
    blocks_services.contribution_adjust(actor=fresh(world.founder), alliance=world.alliance,
                                        block="board", pillar="trust", strength="secondary",
                                        reason="Seen so")


def meeting_payload(w, **extra: Any) -> dict[str, Any]:
    """The journal's words for the tactical table's past meeting."""
    mw = w.ctx[0] if isinstance(w.ctx, tuple) else w.ctx
    return {"body": "Tactical table", "starts_at": mw.past.starts_at.isoformat(), **extra}


def draft_minutes(w) -> Any:
    mw = build_meetings(w)
    Minutes.objects.filter(pk=mw.minutes.pk).update(status="draft", corrections_until=None)
    return mw


def next_meeting_held(w) -> Any:
    mw = build_meetings(w)
    Meeting.objects.create(body=mw.body, starts_at=timezone.now() - dt.timedelta(hours=1),
                           chair_person=w.coordinator_b)
    return mw


def unregistered(world) -> tuple[Any, str]:
    """Org F, not registered, invited by name: the invitation and its link's raw token."""
    return alliance_services.organisation_invite(
        actor=fresh(world.founder), alliance=world.alliance, organisation_name="Org F",
        email="contact@f.example", partner_type="core", notify=False)


def registered_by_contact(world) -> tuple[Person, str]:
    _invitation, raw = unregistered(world)
    return PersonFactory(email="contact@f.example", organisation=None), raw


ORG_F = {"organisation": "Org F", "partner_type": "core", "person": "contact@f.example"}


def _fingerprint(w) -> str:
    return settlement_compute(w.alliance.pk, w.ctx.year, w.ctx.quarter).settlement.fingerprint


def _settlement(w) -> Any:
    return build_settlement(w, build_decisions(w, build_meetings(w)))


WRITES: dict[str, Write] = {
    "alliance_services.partner_invite": Write(
        lambda w: alliance_services.partner_invite(
            actor=fresh(w.founder), alliance=w.alliance,
            organisation=OrganisationFactory(name="Org D"), partner_type="core"),
        lambda w: [("PartnerInvited", {"organisation": "Org D", "partner_type": "core"})]),
    "alliance_services.partner_respond": Write(
        lambda w: alliance_services.partner_respond(actor=w.ctx[0], partner=w.ctx[1],
                                                    accept=False),
        lambda w: [("PartnerDeclined", {"organisation": "Org E"})],
        setup=invited_admin),
    "alliance_services.organisation_invite": Write(
        unregistered, lambda w: [("OrganisationInvited", ORG_F)]),
    "alliance_services.organisation_invitation_resend": Write(
        lambda w: alliance_services.organisation_invitation_resend(
            actor=fresh(w.founder), invitation=w.ctx[0]),
        lambda w: [("OrganisationInvitationResent", ORG_F)], setup=unregistered),
    "alliance_services.organisation_invitation_withdraw": Write(
        lambda w: alliance_services.organisation_invitation_withdraw(
            actor=fresh(w.founder), invitation=w.ctx[0]),
        lambda w: [("OrganisationInvitationWithdrawn", ORG_F)], setup=unregistered),
    "alliance_services.organisation_invitation_register": Write(
        lambda w: alliance_services.organisation_invitation_register(
            actor=w.ctx[0], raw_token=w.ctx[1], name="Org F", kind="non_profit",
            full_name="Fenna Contact"),
        lambda w: [("InvitedOrganisationRegistered", {
            "organisation": "Org F", "partner_type": "core", "invited_as": "Org F"})],
        setup=registered_by_contact),
    "alliance_services.partner_invitation_resend": Write(
        lambda w: alliance_services.partner_invitation_resend(actor=fresh(w.founder),
                                                              partner=w.ctx[1]),
        lambda w: [("PartnerInvitationResent", {"organisation": "Org E",
                                                "partner_type": "core"})],
        setup=invited_admin),
    "alliance_services.partner_invitation_withdraw": Write(
        lambda w: alliance_services.partner_invitation_withdraw(actor=fresh(w.founder),
                                                                partner=w.ctx[1]),
        lambda w: [("PartnerInvitationWithdrawn", {"organisation": "Org E",
                                                   "partner_type": "core"})],
        setup=invited_admin),
    "alliance_services.partner_leave": Write(
        lambda w: alliance_services.partner_leave(actor=fresh(w.coordinator_b),
                                                  partner=w.partner_b),
        lambda w: [("PartnerLeft", {"organisation": org(w, "coordinator_b")})]),
    "alliance_services.invitation_create": Write(
        lambda w: alliance_services.invitation_create(
            actor=fresh(w.coordinator_b), partner=w.partner_b, email="x@b.example",
            role=Role.OBSERVER, level=Level.TACTICAL, notify=False),
        lambda w: [("PersonInvited", {"person": "x@b.example", "partner": org(w, "coordinator_b"),
                                      "role": "observer", "level": "tactical",
                                      "ends_on": None})]),
    "alliance_services.invitation_accept": Write(
        lambda w: alliance_services.invitation_accept(
            actor=Person.objects.get(email="new@b.example"), raw_token=w.ctx),
        lambda w: [("RoleGranted", {"person": "new@b.example", "partner": org(w, "coordinator_b"),
                                    "role": "professional", "level": "operational",
                                    "ends_on": None})],
        setup=invitation),
    "alliance_services.membership_revoke": Write(
        lambda w: alliance_services.membership_revoke(
            actor=fresh(w.coordinator_b),
            membership=Membership.objects.get(person=w.observer_b)),
        lambda w: [("RoleRevoked", {"person": w.observer_b.email,
                                    "partner": org(w, "coordinator_b"), "role": "observer"})]),
    "alliance_services.person_deactivate": Write(
        lambda w: alliance_services.person_deactivate(actor=fresh(w.founder),
                                                      person=w.professional_a),
        lambda w: [("PersonDeactivated", {"person": w.professional_a.email,
                                          "partner": org(w, "founder"),
                                          "roles": ["professional"]})]),
    "alliance_services.document_add": Write(
        lambda w: alliance_services.document_add(
            actor=fresh(w.professional_a), alliance=w.alliance, title="Plan",
            visibility="alliance"),
        lambda w: [("DocumentAdded", {"visibility": "alliance", "partner": org(w, "founder"),
                                      "title": "Plan"})]),
    "alliance_services.document_add (partner)": Write(
        lambda w: alliance_services.document_add(
            actor=fresh(w.professional_a), alliance=w.alliance, title="Our secret",
            visibility="partner"),
        # a partner document's title stays out of the journal everyone reads
        lambda w: [("DocumentAdded", {"visibility": "partner", "partner": org(w, "founder")})]),
    "services.profile_update": Write(
        lambda w: services.profile_update(
            actor=fresh(w.founder), alliance=w.alliance, expected_version=0,
            rationales=["efficiency"], origin="opportunity", joint_activities=3,
            centralisation="high", joint_work_weight="low"),
        lambda w: [("ProfileUpdated", {"version": 1, "rationales": ["efficiency"],
                                       "origin": "opportunity", "joint_activities": 3,
                                       "centralisation": "high", "joint_work_weight": "low"})]),
    "services.partner_interest_set": Write(
        lambda w: services.partner_interest_set(
            actor=fresh(w.coordinator_b), alliance=w.alliance, partner=w.partner_b,
            own_interest="Fewer calls", shared_interest="One register"),
        lambda w: [("PartnerInterestSet", {"partner": org(w, "coordinator_b"),
                                           "own_interest": "Fewer calls",
                                           "shared_interest": "One register",
                                           "drafted_by_key_alliance_manager": False})]),
    "services.resistance_set": Write(
        lambda w: services.resistance_set(actor=fresh(w.founder), alliance=w.alliance,
                                          partner=w.partner_b, source="imposed", note="Fear"),
        lambda w: [("ResistanceSet", {"partner": org(w, "coordinator_b"),
                                      "drafted_by_key_alliance_manager": True})]),
    "services.resistance_remove": Write(
        lambda w: services.resistance_remove(actor=fresh(w.coordinator_b), alliance=w.alliance,
                                             resistance=w.ctx),
        lambda w: [("ResistanceRemoved", {"partner": org(w, "coordinator_b")})],
        setup=lambda w: services.resistance_set(actor=fresh(w.coordinator_b),
                                                alliance=w.alliance, partner=w.partner_b,
                                                source="imposed")),
    "services.statement_draft": Write(
        objective,
        lambda w: [("ObjectiveDrafted", {"number": 1, "vision": "", "mission": "",
                                         "text": "Serve once"})]),
    "services.statement_endorse": Write(
        lambda w: services.statement_endorse(actor=fresh(w.ctx[0]), version=w.ctx[1]),
        lambda w: [("ObjectiveEndorsed", {"number": 1, "partner": org(w, "coordinator_b")})],
        setup=lambda w: (board_b(w), objective(w))),
    "services.statement_withdraw": Write(
        lambda w: services.statement_withdraw(
            actor=Person.objects.get(email="board@b.example"), version=w.ctx),
        lambda w: [("ObjectiveEndorsementWithdrawn",
                    {"number": 1, "partner": org(w, "coordinator_b")})],
        setup=endorsed),
    "services.stage_assess": Write(
        lambda w: services.stage_assess(actor=fresh(w.founder), alliance=w.alliance,
                                        assessed_on=dt.date(2024, 1, 1),
                                        answers=dict.fromkeys(QUESTION_KEYS, 1)),
        lambda w: [("StageAssessed", {
            "assessed_on": "2024-01-01", "overall": last_entry(w).payload["overall"],
            "dimensions": last_entry(w).payload["dimensions"],
            "partner": org(w, "founder")})]),
    "services.stage_raters_set": Write(
        lambda w: services.stage_raters_set(actor=fresh(w.founder), alliance=w.alliance,
                                            roles=["board_member"], levels=["strategic"]),
        lambda w: [("StageRatersChosen", {"roles": ["board_member"],
                                          "levels": ["strategic"]})]),
    "services.glossary_term_add": Write(
        term, lambda w: [("GlossaryTermAdded", {"term": "Income"})]),
    "services.partner_definition_set": Write(
        lambda w: services.partner_definition_set(actor=fresh(w.coordinator_b), term=w.ctx,
                                                  definition="Wages"),
        lambda w: [("PartnerDefinitionSet", {"term": "Income",
                                             "partner": org(w, "coordinator_b"),
                                             "definition": "Wages",
                                             "drafted_by_key_alliance_manager": False})],
        setup=term),
    "services.glossary_definition_propose": Write(
        lambda w: services.glossary_definition_propose(actor=fresh(w.founder), term=w.ctx,
                                                       definition="Wages"),
        lambda w: [("DefinitionProposed", {"number": 1, "term": "Income", "vision": "",
                                           "mission": "", "text": "Wages"})],
        setup=term),
    "services.statement_remark": Write(
        lambda w: services.statement_remark(actor=fresh(w.ctx[0]), version=w.ctx[1],
                                            kind="objection", text="Too fast"),
        lambda w: [("ObjectiveObjection", {"number": 1, "partner": org(w, "coordinator_b"),
                                           "text": "Too fast"})],
        setup=lambda w: (board_b(w), objective(w))),
    "services.proposal_withdraw": Write(
        lambda w: services.proposal_withdraw(actor=fresh(w.founder), version=w.ctx),
        lambda w: [("ObjectiveProposalWithdrawn", {"number": 1})],
        setup=objective),
    "blocks_services.block_setting_set": Write(
        lambda w: blocks_services.block_setting_set(
            actor=fresh(w.founder), alliance=w.alliance, block="board", status="planned",
            expected_version=0),
        lambda w: [("BuildingBlockSet", {"block": "board", "status": "planned",
                                         "owner": None})]),
    "blocks_services.block_setting_set (wording)": Write(
        lambda w: blocks_services.block_setting_set(
            actor=fresh(w.founder), alliance=w.alliance, block="board", status="planned",
            expected_version=1, description="Monthly"),
        lambda w: [("BuildingBlockDescribed", {"block": "board", "version": 2,
                                               "description": "Monthly",
                                               "evidence_url": ""})],
        setup=lambda w: blocks_services.block_setting_set(
            actor=fresh(w.founder), alliance=w.alliance, block="board", status="planned",
            expected_version=0)),
    "blocks_services.contribution_adjust": Write(
        adjusted,
        lambda w: [("ContributionAdjusted", {"block": "board", "pillar": "trust",
                                             "old": last_entry(w).payload["old"],
                                             "new": "secondary", "reason": "Seen so"})]),
    "blocks_services.contribution_reset": Write(
        lambda w: blocks_services.contribution_reset(actor=fresh(w.founder),
                                                     alliance=w.alliance, block="board",
                                                     pillar="trust"),
        lambda w: [("ContributionReset", {"block": "board", "pillar": "trust",
                                          "old": "secondary",
                                          "new": last_entry(w).payload["new"],
                                          "reason": ""})],
        setup=adjusted),
    "advisor_services.advice_save": Write(
        lambda w: advisor_services.advice_save(actor=fresh(w.professional_a),
                                               answers=advisor_rules.WAGE_TAX_CASE,
                                               alliance=w.alliance, title="Form?"),
        lambda w: [("AdviceSaved", {"title": "Form?", "form": "alliance"})]),
    # --- minutes and actions (the tactical table of concordia.testing.meetings) ---
    "minutes_services.minutes_draft_save": Write(
        lambda w: minutes_services.minutes_draft_save(
            actor=fresh(w.founder), meeting=w.ctx.past, summary="Better", notes={},
            expected_revision=w.ctx.minutes.revision),
        lambda w: [("MinutesDrafted", meeting_payload(w, version=2))],
        setup=build_meetings),
    "minutes_services.minutes_circulate": Write(
        lambda w: minutes_services.minutes_circulate(
            actor=fresh(w.founder), minutes=Minutes.objects.get(pk=w.ctx.minutes.pk),
            expected_revision=w.ctx.minutes.revision, days=3),
        lambda w: [("MinutesCirculated", meeting_payload(
            w, version=1,
            corrections_until=(timezone.localdate() + dt.timedelta(days=3)).isoformat()))],
        setup=draft_minutes),
    "minutes_services.correction_propose": Write(
        lambda w: minutes_services.correction_propose(
            actor=fresh(w.professional_a), minutes=w.ctx.minutes, text="Late",
            agenda_item=w.ctx.open_item),
        lambda w: [("CorrectionProposed", meeting_payload(w, version=1,
                                                          item="Delivery figures"))],
        setup=build_meetings),
    "minutes_services.correction_resolve": Write(
        lambda w: minutes_services.correction_resolve(
            actor=fresh(w.founder), correction=w.ctx[1], accept=True,
            expected_revision=Minutes.objects.get(pk=w.ctx[0].minutes.pk).revision),
        lambda w: [("CorrectionResolved", meeting_payload(w, accepted=True, version=2,
                                                          item=""))],
        setup=lambda w: (lambda mw: (mw, minutes_services.correction_propose(
            actor=fresh(w.professional_a), minutes=mw.minutes, text="Late")))(
                build_meetings(w))),
    "minutes_services.minutes_approve": Write(
        lambda w: minutes_services.minutes_approve(
            actor=fresh(w.coordinator_b), minutes=w.ctx.minutes,
            expected_revision=w.ctx.minutes.revision),
        lambda w: [("MinutesApproved", meeting_payload(
            w, version=1, approved_in=Meeting.objects.latest("pk").starts_at.isoformat()))],
        setup=next_meeting_held),
    "action_services.action_create": Write(
        lambda w: action_services.action_create(
            actor=fresh(w.founder), alliance=w.alliance, title="Write the plan",
            owner_partner=w.partner_b),
        lambda w: [("ActionAssigned", {"title": "Write the plan", "owner": org(w, "coordinator_b"),
                                       "due_on": None, "body": None})]),
    "action_services.action_update": Write(
        lambda w: action_services.action_update(
            actor=fresh(w.professional_a), action=w.ctx.action, expected_version=1,
            title="Send the figures today", owner_person=w.professional_a,
            due_on=w.ctx.action.due_on),
        lambda w: [("ActionChanged", {"title": "Send the figures today",
                                      "owner": str(w.professional_a),
                                      "due_on": w.ctx.action.due_on.isoformat(),
                                      "changed": ["title"]})],
        setup=build_meetings),
    "action_services.action_close": Write(
        lambda w: action_services.action_close(actor=fresh(w.founder), action=w.ctx.action,
                                               status="dropped", expected_version=1),
        lambda w: [("ActionClosed", {"title": "Send the figures",
                                     "owner": str(w.professional_a),
                                     "due_on": w.ctx.action.due_on.isoformat(),
                                     "status": "dropped"})],
        setup=build_meetings),
    # Agreements: an agreement the whole alliance reads is journaled with its title and parties.
    "agreement_services.agreement_register": Write(
        lambda w: agreement_services.agreement_register(
            actor=fresh(w.founder), alliance=w.alliance, kind="covenant", title="Covenant",
            text="We commit."),
        lambda w: [("AgreementRegistered", {
            "agreement": Agreement.objects.latest("pk").pk, "kind": "covenant",
            "visibility": "alliance", "title": "Covenant", "number": 1,
            "parties": sorted([org(w, "founder"), org(w, "coordinator_b")])})]),
    "agreement_services.agreement_change": Write(
        lambda w: agreement_services.agreement_change(
            actor=fresh(w.coordinator_b), agreement=w.ctx.private,
            expected_version=w.ctx.private.version, title="Staff exchange",
            visibility="partner"),
        lambda w: [("AgreementChanged", {"agreement": w.ctx.private.pk, "kind": "other",
                                         "visibility": "partner", "changed": ["title"]})],
        setup=build_agreements),
    "agreement_services.version_propose": Write(
        lambda w: agreement_services.version_propose(
            actor=fresh(w.founder), agreement=w.ctx.sla, expected_version=w.ctx.sla.version,
            text="Deliver by the 3rd.", note="Earlier"),
        lambda w: [("AgreementVersionProposed", {
            "agreement": w.ctx.sla.pk, "kind": "service_level", "visibility": "alliance",
            "title": "Delivery of wage data", "number": 2, "note": "Earlier",
            "parties": sorted([org(w, "founder"), org(w, "coordinator_b"),
                               w.ctx.partner_d.organisation.name])})],
        setup=build_agreements),
    "agreement_services.version_sign": Write(
        lambda w: agreement_services.version_sign(actor=fresh(w.coordinator_b),
                                                  version=w.ctx.sla.versions.get()),
        lambda w: [("AgreementSigned", {
            "agreement": w.ctx.sla.pk, "kind": "service_level", "visibility": "alliance",
            "title": "Delivery of wage data", "number": 1,
            "partner": org(w, "coordinator_b")})],
        setup=build_agreements),
    "agreement_services.version_sign by the last party": Write(
        lambda w: agreement_services.version_sign(actor=w.ctx.coordinator_d,
                                                  version=w.ctx.half_signed.versions.get()),
        lambda w: [
            ("AgreementSigned", {
                "agreement": w.ctx.half_signed.pk, "kind": "service_level",
                "visibility": "alliance", "title": "Quality checks", "number": 1,
                "partner": w.ctx.partner_d.organisation.name}),
            ("AgreementInForce", {
                "agreement": w.ctx.half_signed.pk, "kind": "service_level",
                "visibility": "alliance", "title": "Quality checks", "number": 1,
                "parties": sorted([org(w, "founder"), org(w, "coordinator_b"),
                                   w.ctx.partner_d.organisation.name])})],
        setup=build_agreements),
    "agreement_services.signature_withdraw": Write(
        lambda w: agreement_services.signature_withdraw(
            actor=fresh(w.founder), version=w.ctx.half_signed.versions.get()),
        lambda w: [("SignatureWithdrawn", {
            "agreement": w.ctx.half_signed.pk, "kind": "service_level",
            "visibility": "alliance", "title": "Quality checks", "number": 1,
            "partner": org(w, "founder")})],
        setup=build_agreements),
    # The escalation ladder: a bottleneck that is not alliance-wide is named by number only.
    "escalation_services.bottleneck_raise": Write(
        lambda w: escalation_services.bottleneck_raise(
            actor=fresh(w.professional_a), alliance=w.alliance, title="Returns bounce",
            description="A third of them.", partners=[w.partner_b]),
        lambda w: [("BottleneckRaised", {
            "bottleneck_id": Bottleneck.objects.latest("pk").pk, "alliance_wide": False,
            "urgency": "normal", "rung": "horizontal", "owner": str(w.professional_a),
            "due_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "partners": [org(w, "coordinator_b")]})],
        setup=build_escalations),
    "escalation_services.bottleneck_attempt": Write(
        lambda w: escalation_services.bottleneck_attempt(
            actor=fresh(w.professional_a), bottleneck=w.ctx.restricted, expected_version=1,
            resolved=False, text="No luck."),
        lambda w: [("HorizontalAttemptRecorded", {
            "bottleneck_id": w.ctx.restricted.pk, "alliance_wide": False, "urgency": "normal",
            "rung": "horizontal", "resolved": False})],
        setup=build_escalations),
    "escalation_services.bottleneck_escalate": Write(
        lambda w: escalation_services.bottleneck_escalate(
            actor=fresh(w.founder), bottleneck=w.ctx.wide, expected_version=2, reason="Stuck."),
        lambda w: [("BottleneckEscalated", {
            "bottleneck_id": w.ctx.wide.pk, "alliance_wide": True, "urgency": "normal",
            "rung": "coordinator", "title": w.ctx.wide.title, "from": "horizontal",
            "to": "coordinator", "skipped": False, "owner": str(w.coordinator_b),
            "due_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat()})],
        setup=build_escalations),
    "escalation_services.bottleneck_respond": Write(
        lambda w: escalation_services.bottleneck_respond(
            actor=fresh(w.coordinator_b), bottleneck=w.ctx.wide, expected_version=2,
            text="On it."),
        lambda w: [("RungResponded", {
            "bottleneck_id": w.ctx.wide.pk, "alliance_wide": True, "urgency": "normal",
            "rung": "horizontal", "title": w.ctx.wide.title, "late": False})],
        setup=build_escalations),
    "escalation_services.bottleneck_resolve": Write(
        lambda w: escalation_services.bottleneck_resolve(
            actor=fresh(w.founder), bottleneck=w.ctx.restricted, expected_version=1,
            resolution="Settled."),
        lambda w: [("BottleneckResolved", {
            "bottleneck_id": w.ctx.restricted.pk, "alliance_wide": False, "urgency": "normal",
            "rung": "horizontal", "decision_id": None, "action_id": None})],
        setup=build_escalations),
    "escalation_services.bottleneck_withdraw": Write(
        lambda w: escalation_services.bottleneck_withdraw(
            actor=fresh(w.professional_a), bottleneck=w.ctx.restricted, expected_version=1),
        lambda w: [("BottleneckWithdrawn", {
            "bottleneck_id": w.ctx.restricted.pk, "alliance_wide": False, "urgency": "normal",
            "rung": "horizontal"})],
        setup=build_escalations),
    "escalation_services.ladder_set_up": Write(
        lambda w: escalation_services.ladder_set_up(
            actor=fresh(w.coordinator_b), alliance=w.alliance, top_rung_enabled=True,
            top_rung_name="Ministers", expected_version=0),
        lambda w: [("EscalationLadderChanged", {"top_rung_enabled": True,
                                                "top_rung_name": "Ministers"})]),
    # The alliance's learning: health checks by the core team, lessons by any member.
    "learning_services.health_check_hold": Write(
        lambda w: learning_services.health_check_hold(
            actor=fresh(w.coordinator_b), alliance=w.alliance, held_on=timezone.localdate(),
            scores=pillar_scores(4)),
        lambda w: [("HealthCheckHeld", {"held_on": timezone.localdate().isoformat(),
                                        "scorers": 1})]),
    "learning_services.health_check_score": Write(
        lambda w: learning_services.health_check_score(
            actor=fresh(w.founder), health_check=w.ctx.check, scores=pillar_scores(5)),
        lambda w: [("PillarsScored", {"held_on": w.ctx.check.held_on.isoformat(),
                                      "scorers": 2})],
        setup=build_learning),
    "learning_services.lesson_record": Write(
        lambda w: learning_services.lesson_record(
            actor=fresh(w.professional_a), alliance=w.alliance, title="Rotate the chair",
            problem="One partner led.", cause="Habit.", solution="Rotation.",
            learned_on=dt.date(2026, 1, 5), tags=["Meetings"]),
        lambda w: [("LessonRecorded", {"title": "Rotate the chair", "learned_on": "2026-01-05",
                                       "tags": ["meetings"]})]),
    "learning_services.lesson_update": Write(
        lambda w: learning_services.lesson_update(
            actor=fresh(w.founder), lesson=w.ctx.lesson, expected_version=1,
            title=w.ctx.lesson.title, problem=w.ctx.lesson.problem, cause="Two definitions.",
            solution=w.ctx.lesson.solution, learned_on=w.ctx.lesson.learned_on,
            tags=["data quality"]),
        lambda w: [("LessonChanged", {"title": w.ctx.lesson.title,
                                      "learned_on": w.ctx.lesson.learned_on.isoformat(),
                                      "tags": ["data quality"], "changed": ["cause"]})],
        setup=build_learning),
    # Cost settlement: every write is a commitment (docs/decisions/0014).
    "settlement_services.settlement_model_choose": Write(
        lambda w: settlement_services.settlement_model_choose(
            actor=fresh(w.coordinator_b), alliance=w.alliance, category="Rent",
            kind="fixed", starts_on=dt.date(2026, 1, 1), decision=w.ctx.dw.closed,
            weights={w.partner_a.pk: 2500, w.partner_b.pk: 7500}),
        lambda w: [("SettlementModelChosen", {
            "category": "Rent", "kind": "fixed", "starts_on": "2026-01-01", "decision": 2,
            "measure": "", "weights": {str(w.partner_a.organisation): 2500,
                                       str(w.partner_b.organisation): 7500}})],
        setup=_settlement),
    "settlement_services.usage_record": Write(
        lambda w: settlement_services.usage_record(
            actor=fresh(w.founder), model=w.ctx.usage_model, year=w.ctx.year,
            quarter=w.ctx.quarter, figures={w.partner_a.pk: 10, w.partner_b.pk: 30}),
        lambda w: [("UsageRecorded", {
            "category": "Data exchange", "measure": "messages",
            "period": f"{w.ctx.year}-Q{w.ctx.quarter}",
            "usage": {str(w.partner_a.organisation): 10, str(w.partner_b.organisation): 30},
            "previous": None})],
        setup=_settlement),
    "settlement_services.booking_record": Write(
        lambda w: settlement_services.booking_record(
            actor=fresh(w.professional_a), partner=w.partner_a, category=w.ctx.model.category,
            kind="in_kind", incurred_on=w.ctx.day, amount_cents=-1, corrects=w.ctx.booking_a,
            description="Rounding"),
        lambda w: [("CostBooked", {
            "partner": str(w.partner_a.organisation), "category": "Joint helpdesk",
            "kind": "in_kind", "amount": "-0.01", "incurred_on": w.ctx.day.isoformat(),
            "period": f"{w.ctx.year}-Q{w.ctx.quarter}", "corrects": w.ctx.booking_a.pk})],
        setup=_settlement),
    "settlement_services.settlement_confirm": Write(
        lambda w: settlement_services.settlement_confirm(
            actor=fresh(w.coordinator_b), partner=w.partner_b, year=w.ctx.year,
            quarter=w.ctx.quarter, fingerprint=_fingerprint(w)),
        lambda w: [("SettlementConfirmed", {
            "period": f"{w.ctx.year}-Q{w.ctx.quarter}",
            "partner": str(w.partner_b.organisation), "fingerprint": _fingerprint(w),
            "confirmed": 1, "partners": 2, "settled": False})],
        setup=_settlement),
    # External review (docs/decisions/0019): the board's answer is a commitment; accepting
    # makes the improvement action on the answering authority.
    "action_services.improvement_action_from_recommendation": Write(
        lambda w: action_services.improvement_action_from_recommendation(
            actor=fresh(w.founder), alliance=w.alliance, title="Share the figures",
            pillar="trust", recommendation=w.ctx.pending.pk, owner_partner=w.partner_b),
        lambda w: [("ActionAssigned", {"title": "Share the figures",
                                       "owner": org(w, "coordinator_b"), "due_on": None,
                                       "body": None, "recommendation": w.ctx.pending.pk})],
        setup=build_reviews),
    "review_services.review_open": Write(
        lambda w: open_a_review(w.founder, w.alliance, "Gateway review"),
        lambda w: [("ReviewOpened", {
            "title": "Gateway review",
            "starts_on": (timezone.localdate() - dt.timedelta(days=5)).isoformat(),
            "ends_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat()})]),
    "review_services.reviewer_invite": Write(
        lambda w: review_services.reviewer_invite(actor=fresh(w.founder), review=w.ctx.review,
                                                  email="Peer@Bureau.example"),
        lambda w: [("ReviewerInvited", {"review": "Peer review 2026",
                                        "person": "peer@bureau.example"})],
        setup=build_reviews),
    "review_services.review_invitation_resend": Write(
        lambda w: review_services.review_invitation_resend(actor=fresh(w.founder),
                                                           invitation=w.ctx.invitation),
        lambda w: [("ReviewInvitationResent", {"review": "Peer review 2026",
                                               "person": "invitee@example.org",
                                               "times_sent": 2})],
        setup=build_reviews),
    "review_services.review_invitation_withdraw": Write(
        lambda w: review_services.review_invitation_withdraw(actor=fresh(w.founder),
                                                             invitation=w.ctx.invitation),
        lambda w: [("ReviewInvitationWithdrawn", {"review": "Peer review 2026",
                                                  "person": "invitee@example.org"})],
        setup=build_reviews),
    "review_services.review_invitation_accept": Write(
        lambda w: review_services.review_invitation_accept(
            actor=PersonFactory(email="invitee@example.org", full_name="Ines Invitee"),
            raw_token=w.ctx.invitation_token),
        lambda w: [("RoleGranted", {"person": "invitee@example.org", "partner": None,
                                    "role": "external_reviewer", "level": "strategic",
                                    "ends_on": w.ctx.review.ends_on.isoformat()}),
                   ("ReviewerJoined", {"review": "Peer review 2026",
                                       "person": "invitee@example.org",
                                       "until": w.ctx.review.ends_on.isoformat()})],
        setup=build_reviews),
    "review_services.finding_record": Write(
        lambda w: review_services.finding_record(
            actor=fresh(w.reviewer), review=w.ctx.review, kind="recommendation",
            pillar="structure", text="Name one owner per building block."),
        lambda w: [("FindingRecorded", {"review": "Peer review 2026",
                                        "kind": "recommendation", "pillar": "structure",
                                        "text": "Name one owner per building block."})],
        setup=build_reviews),
    "review_services.finding_update": Write(
        lambda w: review_services.finding_update(
            actor=fresh(w.reviewer), finding=w.ctx.finding, expected_version=1,
            kind="finding", pillar="trust", text="Partners trust most figures."),
        lambda w: [("FindingChanged", {"review": "Peer review 2026", "kind": "finding",
                                       "pillar": "trust", "changed": ["text"]})],
        setup=build_reviews),
    "review_services.review_submit": Write(
        lambda w: review_services.review_submit(actor=fresh(w.founder), review=w.ctx.review),
        lambda w: [("ReviewSubmitted", {"title": "Peer review 2026", "findings": 1,
                                        "recommendations": 1})],
        setup=build_reviews),
    "review_services.recommendation_accept": Write(
        lambda w: review_services.recommendation_accept(
            actor=fresh(w.founder), finding=w.ctx.pending, reason="Worth it.",
            owner_partner=w.partner_a),
        lambda w: [("ActionAssigned", {"title": "Hold a yearly conference of all partners.",
                                       "owner": org(w, "founder"), "due_on": None,
                                       "body": None, "recommendation": w.ctx.pending.pk}),
                   ("RecommendationAccepted", {
                       "review": "Peer review 2025", "pillar": "dialogue",
                       "recommendation": "Hold a yearly conference of all partners.",
                       "reason": "Worth it.",
                       "action": w.ctx.pending.__class__.objects.get(
                           pk=w.ctx.pending.pk).action_id})],
        setup=build_reviews),
    "review_services.recommendation_decline": Write(
        lambda w: review_services.recommendation_decline(
            actor=fresh(w.founder), finding=w.ctx.pending, reason="We do this already."),
        lambda w: [("RecommendationDeclined", {
            "review": "Peer review 2025", "pillar": "dialogue",
            "recommendation": "Hold a yearly conference of all partners.",
            "reason": "We do this already."})],
        setup=build_reviews),
    # The scorecard: the core team defines indicators and sets targets (commitments); the owning
    # partner's people enter values (a correction names the value it replaced).
    "scorecard_services.indicator_define": Write(
        lambda w: scorecard_services.indicator_define(
            actor=fresh(w.coordinator_b), alliance=w.alliance, name="Errors per million",
            definition="Errors found per million data items.", unit="ppm",
            direction="lower", period_kind="year", owner_partner=w.partner_b,
            target=Decimal(5), target_from="2026"),
        lambda w: [("IndicatorDefined", {"name": "Errors per million", "unit": "ppm",
                                         "direction": "lower", "period_kind": "year",
                                         "owner_partner": w.partner_b.pk}),
                   ("TargetSet", {"indicator": Indicator.objects.latest("pk").pk,
                                  "name": "Errors per million", "from_period": "2026",
                                  "value": "5", "previous": None})]),
    "scorecard_services.target_set": Write(
        lambda w: scorecard_services.target_set(
            actor=fresh(w.founder), indicator=w.ctx.indicator_a, from_period="2024-Q1",
            value="95"),
        lambda w: [("TargetSet", {"indicator": w.ctx.indicator_a.pk, "name": "Reports on time",
                                  "from_period": "2024-Q1", "value": "95",
                                  "previous": "90"})],
        setup=build_scorecard),
    "scorecard_services.indicator_update": Write(
        lambda w: scorecard_services.indicator_update(
            actor=fresh(w.founder), indicator=w.ctx.indicator_b, expected_version=1,
            name="Days to fix", definition="Mean days from a reported error to its fix.",
            unit="days", direction="lower", owner_partner=w.partner_b,
            owner_person=w.coordinator_b),
        lambda w: [("IndicatorChanged", {
            "name": "Days to fix", "unit": "days", "direction": "lower", "period_kind": "year",
            "owner_partner": w.partner_b.pk, "changed": ["name"], "version": 2,
            "before": {"name": "Days to resolve"}})],
        setup=build_scorecard),
    "scorecard_services.indicator_retire": Write(
        lambda w: scorecard_services.indicator_retire(
            actor=fresh(w.coordinator_b), indicator=w.ctx.indicator_b, expected_version=1),
        lambda w: [("IndicatorRetired", {
            "name": "Days to resolve", "unit": "days", "direction": "lower",
            "period_kind": "year", "owner_partner": w.partner_b.pk, "version": 2})],
        setup=build_scorecard),
    "scorecard_services.measurement_record": Write(
        lambda w: scorecard_services.measurement_record(
            actor=fresh(w.professional_a), indicator=w.ctx.indicator_a, period="2024-Q2",
            value="93"),
        lambda w: [("MeasurementCorrected", {
            "indicator": w.ctx.indicator_a.pk, "name": "Reports on time", "period": "2024-Q2",
            "value": "93", "version": 2, "source": "form", "previous": "92"})],
        setup=build_scorecard),
    "scorecard_services.measurements_import": Write(
        lambda w: scorecard_services.measurements_import(
            actor=fresh(w.professional_a), alliance=w.alliance,
            table=[["indicator", "period", "value", "unit"],
                   ["Reports on time", "2024-Q3", "94", "%"]]),
        lambda w: [("MeasurementRecorded", {
            "indicator": w.ctx.indicator_a.pk, "name": "Reports on time", "period": "2024-Q3",
            "value": "94", "version": 1, "source": "upload", "previous": None})],
        setup=build_scorecard),
    # The evaluation: opening and closing say how many, never who; an answer appends nothing
    # (docs/decisions/0012).
    "evaluation_services.statement_add": Write(
        lambda w: evaluation_services.statement_add(
            actor=fresh(w.founder), alliance=w.alliance, dimension="content",
            text="Our data is reliable."),
        lambda w: [("EvaluationStatementAdded", {"key": "own.1", "text": "Our data is reliable.",
                                                 "dimension": "content"})]),
    "evaluation_services.statement_retire": Write(
        lambda w: evaluation_services.statement_retire(actor=fresh(w.founder),
                                                       statement=w.ctx),
        lambda w: [("EvaluationStatementRetired", {"key": "own.1",
                                                   "text": "Our data is reliable."})],
        setup=lambda w: evaluation_services.statement_add(
            actor=fresh(w.founder), alliance=w.alliance, dimension="content",
            text="Our data is reliable.")),
    "evaluation_services.round_open": Write(
        lambda w: evaluation_services.round_open(
            actor=fresh(w.founder), alliance=w.alliance, year=2030,
            opens_on=dt.date(2030, 3, 1), closes_on=dt.date(2030, 3, 21)),
        lambda w: [("EvaluationRoundOpened", {
            "year": 2030, "opens_on": "2030-03-01", "closes_on": "2030-03-21", "invited": 3,
            "statements": list(STANDARD_BY_KEY)})]),
    "evaluation_services.round_remind": Write(
        lambda w: evaluation_services.round_remind(actor=fresh(w.founder),
                                                   evaluation_round=w.ctx.round),
        lambda w: [("EvaluationRemindersSent", {"year": w.ctx.round.year, "invited": 3})],
        setup=open_round),
    "evaluation_services.round_change_closing": Write(
        lambda w: evaluation_services.round_change_closing(
            actor=fresh(w.founder), evaluation_round=w.ctx.round,
            closes_on=w.ctx.round.opens_on + dt.timedelta(days=60)),
        lambda w: [("EvaluationClosingChanged", {
            "year": w.ctx.round.year, "opens_on": w.ctx.round.opens_on.isoformat(),
            "closes_on": (w.ctx.round.opens_on + dt.timedelta(days=60)).isoformat(),
            "previous_closes_on": w.ctx.round.closes_on.isoformat()})],
        setup=open_round),
    "evaluation_services.round_invite_newcomers": Write(
        lambda w: evaluation_services.round_invite_newcomers(actor=fresh(w.founder),
                                                             evaluation_round=w.ctx.round),
        lambda w: [("EvaluationNewcomersInvited", {"year": w.ctx.round.year, "invited": 1})],
        setup=lambda w: _round_with_newcomer(w)),
    "evaluation_services.round_close": Write(
        lambda w: evaluation_services.round_close(actor=fresh(w.founder),
                                                  evaluation_round=w.ctx.round),
        lambda w: [("EvaluationRoundClosed", {"year": w.ctx.round.year, "invited": 3,
                                              "responses": 1})],
        setup=lambda w: _answered_once(w)),
    "evaluation_services.response_submit": Write(
        lambda w: evaluation_services.response_submit(token=w.ctx.token(w.professional_a),
                                                      scores={"cultural.1": 4}),
        lambda w: [], setup=open_round),
    # The annual plan: a partner's confirmation and endorsement and the adoption are
    # commitments (docs/decisions/0020).
    "plan_services.plan_start": Write(
        lambda w: plan_services.plan_start(actor=fresh(w.founder), alliance=w.alliance,
                                           year=2030),
        lambda w: [("PlanStarted", {"year": 2030, "version": 1})]),
    "plan_services.objective_add": Write(
        lambda w: plan_services.objective_add(actor=fresh(w.founder), version=w.ctx.version,
                                              title="Faster answers"),
        lambda w: [("PlanObjectiveAdded", {"year": w.ctx.year, "version": 1,
                                           "objective": "Faster answers", "statement": 1})],
        setup=build_plans),
    "plan_services.activity_add": Write(
        lambda w: plan_services.activity_add(
            actor=fresh(w.founder), objective=w.ctx.objective, title="Conference",
            starts_on=dt.date(w.ctx.year, 5, 1), ends_on=dt.date(w.ctx.year, 5, 2),
            block="conference", owner_person=fresh(w.coordinator_b)),
        lambda w: [("PlanActivityAdded", {
            "year": w.ctx.year, "version": 1, "objective": w.ctx.objective.title,
            "activity": "Conference", "starts_on": f"{w.ctx.year}-05-01",
            "ends_on": f"{w.ctx.year}-05-02", "block": "conference",
            "owner": str(w.coordinator_b)})],
        setup=build_plans),
    "plan_services.objective_edit": Write(
        lambda w: plan_services.objective_edit(actor=fresh(w.founder), objective=w.ctx.objective,
                                               title="Fewer corrections"),
        lambda w: [("PlanObjectiveChanged", {"year": w.ctx.year, "version": 1,
                                             "objective": "Fewer corrections"})],
        setup=build_plans),
    "plan_services.activity_edit": Write(
        lambda w: plan_services.activity_edit(
            actor=fresh(w.founder), activity=w.ctx.activity, title="Helpdesk",
            starts_on=dt.date(w.ctx.year, 4, 1), ends_on=dt.date(w.ctx.year, 4, 30),
            block="annual_plan", owner_partner=w.partner_b),
        lambda w: [("PlanActivityChanged", {
            "year": w.ctx.year, "version": 1, "activity": "Helpdesk",
            "starts_on": f"{w.ctx.year}-04-01", "ends_on": f"{w.ctx.year}-04-30",
            "block": "annual_plan", "owner": str(w.partner_b)})],
        setup=build_plans),
    "plan_services.deployment_set": Write(
        lambda w: plan_services.deployment_set(
            actor=fresh(w.coordinator_b), activity=w.ctx.activity, partner=w.partner_b,
            levels={"strategic": EffortInput(1, 8, 0, 150_00)}),
        lambda w: [("DeploymentSet", {
            "year": w.ctx.year, "version": 1, "activity": w.ctx.activity.title,
            "partner": str(w.partner_b.organisation),
            "levels": {"strategic": {"people": 1, "hours": 8, "fte": "0.00",
                                     "money": "150.00"}},
            "confirmation_dropped": False})],
        setup=build_plans),
    "plan_services.deployment_confirm": Write(
        lambda w: plan_services.deployment_confirm(actor=fresh(w.coordinator_b),
                                                   version=w.ctx.version, partner=w.partner_b),
        lambda w: [("DeploymentConfirmed", {
            "year": w.ctx.year, "version": 1, "partner": str(w.partner_b.organisation),
            "deployments": 1, "confirmed": 1, "partners": 2})],
        setup=build_plans),
    "plan_services.plan_propose": Write(
        lambda w: plan_services.plan_propose(actor=fresh(w.founder), version=w.ctx.version),
        lambda w: [("PlanProposed", {"year": w.ctx.year, "version": 1,
                                     "route": "endorsement", "decision": None})],
        setup=build_confirmed),
    "plan_services.plan_endorse": Write(
        lambda w: plan_services.plan_endorse(actor=board_member_of(w.partner_b),
                                             version=w.ctx.version, partner=w.partner_b),
        lambda w: [("PlanEndorsed", {"year": w.ctx.year, "version": 1,
                                     "partner": str(w.partner_b.organisation)})],
        setup=build_proposed),
    "plan_services.plan_adjust": Write(
        lambda w: plan_services.plan_adjust(actor=fresh(w.founder), plan=w.ctx.plan,
                                            reason="Later start"),
        lambda w: [("PlanAdjusted", {"year": w.ctx.year, "version": 2,
                                     "reason": "Later start", "copies": 1})],
        setup=build_in_force),
    "plan_services.actual_record": Write(
        lambda w: plan_services.actual_record(
            actor=fresh(w.professional_a), plan=w.ctx.plan, activity_key=w.ctx.activity.key,
            partner=w.partner_a, effort=EffortInput(1, 10), progress=20),
        lambda w: [("ActualRecorded", {
            "year": w.ctx.year, "activity": str(w.ctx.activity.key),
            "partner": str(w.partner_a.organisation), "people": 1, "hours": 10,
            "fte": "0.00", "money": "0.00", "progress": 20})],
        setup=build_in_force),
    "report_services.report_open": Write(
        lambda w: report_services.report_open(actor=fresh(w.founder), alliance=w.alliance,
                                              kind="year", year=2024, number=1),
        lambda w: [("ReportOpened", {"report": "2024", "kind": "year", "year": 2024,
                                     "number": 1, "partners": 2})]),
    "report_services.section_update": Write(
        lambda w: report_services.section_update(
            actor=fresh(w.founder), report=w.ctx.report, partner=w.partner_a,
            expected_version=2, progress="Done", bottlenecks="", coordination="", news=""),
        lambda w: [("ReportSectionDrafted", {"report": w.ctx.report.label,
                                             "partner": org(w, "founder"), "version": 3})],
        setup=build_reports),
    "report_services.section_submit": Write(
        lambda w: report_services.section_submit(actor=fresh(w.founder), report=w.ctx.report,
                                                 partner=w.partner_a),
        lambda w: [("ReportSectionSubmitted", {"report": w.ctx.report.label,
                                               "partner": org(w, "founder"), "version": 2,
                                               "submitted": 2})],
        setup=build_reports),
    "report_services.section_withdraw": Write(
        lambda w: report_services.section_withdraw(actor=fresh(w.founder), report=w.ctx.ready,
                                                   partner=w.partner_a, expected_version=2),
        lambda w: [("ReportSectionWithdrawn", {"report": w.ctx.ready.label,
                                               "partner": org(w, "founder"), "version": 3,
                                               "submitted": 1})],
        setup=build_reports),
    "report_services.report_overall_write": Write(
        lambda w: report_services.report_overall_write(
            actor=fresh(w.founder), report=w.ctx.report, expected_version=1, text="Fine"),
        lambda w: [("ReportOverallWritten", {"report": w.ctx.report.label, "version": 2})],
        setup=build_reports),
    "report_services.report_remind": Write(
        lambda w: report_services.report_remind(actor=fresh(w.founder), report=w.ctx.report),
        lambda w: [("ReportRemindersSent", {"report": w.ctx.report.label,
                                            "partners": [org(w, "founder")]})],
        setup=build_reports),
    "report_services.report_approve": Write(
        lambda w: report_services.report_approve(actor=fresh(w.founder), report=w.ctx.ready),
        lambda w: [("ReportApproved", {"report": w.ctx.ready.label, "sections": 2,
                                       "overall_version": 2})],
        setup=build_reports),
}


def _round_with_newcomer(w):
    opened = open_round(w)
    give_role(w.partner_a, PersonFactory(organisation=w.partner_a.organisation),
              Role.PROFESSIONAL)
    return opened


def _answered_once(w):
    ew = open_round(w)
    evaluation_services.response_submit(token=ew.token(w.founder), scores={"cultural.1": 4})
    return ew

# Journaled role hand-overs, each compared entry by entry in alliances' own service tests
# (KeyAllianceManagerTransferred, CoordinatorHandedOver).
JOURNALED_ELSEWHERE = {
    "alliance_services.key_alliance_manager_transfer",
    "alliance_services.coordinator_hand_over",
}

# Services that write outside any alliance, or that only ever run inside one of WRITES.
NOT_IN_AN_ALLIANCE = {
    "alliance_services.alliance_create",  # founds one: journaled from its first entry on
    "account_services.person_deactivate",  # alliance_services.person_deactivate wraps it
    "account_services.api_token_create", "account_services.api_token_revoke",
    "organisation_services.organisation_register",
    "organisation_services.organisation_update",
    "advisor_services.advice_save",  # with an organisation instead: nothing in an alliance
    # A person's own notifications and how they want them: personal, in no alliance.
    "notification_services.notification_mark_read",
    "notification_services.notifications_mark_all_read",
    "notification_services.preferences_set",
}

MODULES: dict[str, ModuleType] = {
    "alliance_services": alliance_services, "services": services,
    "blocks_services": blocks_services, "advisor_services": advisor_services,
    "account_services": account_services, "organisation_services": organisation_services,
    "notification_services": notification_services,
    "minutes_services": minutes_services, "action_services": action_services,
    "agreement_services": agreement_services,
    "escalation_services": escalation_services,
    "learning_services": learning_services,
    "evaluation_services": evaluation_services,
    "settlement_services": settlement_services,
    "scorecard_services": scorecard_services,
    "plan_services": plan_services,
    "report_services": report_services,
    "review_services": review_services,
}


class Ctx:
    """The world, with what a write's set-up prepared as ``ctx``."""

    def __init__(self, world: Any) -> None:
        self.__dict__.update(vars(world))
        self.ctx: Any = None


@pytest.mark.parametrize("name", list(WRITES))
def test_the_write_appends_exactly_its_entries_in_its_transaction(world, name):
    write = WRITES[name]
    w = Ctx(world)
    if write.setup is not None:
        w.ctx = write.setup(w)
    seq = JournalEntry.objects.filter(alliance=world.alliance).count()

    write.call(w)

    appended = list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=seq)
                    .order_by("seq").values_list("kind", "payload"))
    assert appended == write.entries(w)
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_the_person_deactivated_loses_every_role_at_once(world):
    """Deactivating ends the roles for real (not only hides them): one entry per alliance."""
    other = Partner.objects.get(alliance=world.other_alliance)
    twice = PersonFactory(organisation=world.founder.organisation)
    give_role(world.partner_a, twice, Role.PROFESSIONAL)
    give_role(world.partner_a, twice, Role.LINE_MANAGER)
    give_role(other, twice, Role.OBSERVER)  # a role in a second alliance too
    before = {a.pk: JournalEntry.objects.filter(alliance=a).count()
              for a in (world.alliance, world.other_alliance)}

    alliance_services.person_deactivate(actor=fresh(world.founder), person=twice)

    assert not Membership.objects.filter(person=twice, revoked_at__isnull=True).exists()
    assert Membership.objects.filter(person=twice, revoked_at__lte=timezone.now()).count() == 3
    for alliance, partner, roles in (
            (world.alliance, world.partner_a, ["line_manager", "professional"]),
            (world.other_alliance, other, ["observer"])):
        entries = list(JournalEntry.objects.filter(alliance=alliance, seq__gt=before[alliance.pk])
                       .values_list("kind", "payload"))
        assert entries == [("PersonDeactivated", {
            "person": twice.email, "partner": partner.organisation.name, "roles": roles})]


def _atomic_services(module: ModuleType) -> list[str]:
    return re.findall(r"^@transaction\.atomic\ndef (\w+)", inspect.getsource(module), re.M)


def test_every_service_is_listed_as_journaled_or_outside_an_alliance():
    listed = ({name.split(" ")[0] for name in WRITES} | NOT_IN_AN_ALLIANCE
              | JOURNALED_ELSEWHERE)
    found = {f"{alias}.{fn}" for alias, module in MODULES.items()
             for fn in _atomic_services(module)}

    assert found - listed == set(), "a new service: journal it and list it in WRITES"
    assert listed - found == set(), "a listed service no longer exists"
