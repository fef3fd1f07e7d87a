"""Every write on the alliance's bodies and their seats. Atomic: each service takes the
alliance lock first, checks the actor's permission through the access policy, and journals the
change in the same transaction (BodySetUp, BodyChanged, BodyArchived, SeatAdded, SeatFilled,
SeatRemoved)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import Level, PartnerStatus
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Partner
from concordia.core.db import conflict_on_duplicate
from concordia.core.errors import Conflict, DomainError
from concordia.core.fields import name_refusal_message
from concordia.core.name_rules import NameRefused, name_skeleton, normalise_name
from concordia.journal.services import journal_append

from . import rules
from .choices import BodyKind, ChairRule, DecisionRule, MajorityBasis, QuorumBasis, VotingUnit
from .models import Body, Seat

NAME_MAX = 200
MANDATE_MAX = 4000


# --- checks -----------------------------------------------------------------------------------


def _problem_message(problem: rules.Problem) -> str:
    messages = {
        "unknown_chair_rule": _("Unknown chair rule."),
        "fixed_chair_needs_person": _("A fixed chair needs a person: choose who chairs."),
        "rotation_repeats_partner": _("Name each partner once in the rotation."),
        "rotation_partner_without_seat": _("The rotation may only name partners with a seat "
                                           "in this body."),
        "rotation_misses_partner": _("The rotation must name every partner with a seat in "
                                     "this body."),
        "not_of_partner": _("Choose a person of this seat's partner (observers and external "
                            "reviewers do not sit)."),
        "substitute_is_holder": _("The substitute must be someone other than the holder."),
        "unknown_voting_unit": _("Choose who votes: per partner, per seat or per person."),
        "unknown_majority_basis": _("Choose a majority of the votes or of the weight."),
        "unknown_quorum_basis": _("Choose whether the quorum counts the partners present or "
                                  "voting."),
        "invalid_share": _("A qualified majority is a share: at least 1, at most the "
                           "denominator, which is at most 100."),
        "invalid_quorum": _("The quorum is a percentage from 0 to 100."),
        "weight_unknown_partner": _("Give weights only to active partners of this alliance."),
        "invalid_weight": _("A weight is a whole number from 1 to 100."),
        "weights_need_partner_votes": _("Weights count only where the body votes per "
                                        "partner."),
    }
    return messages[problem.code]


def _raise_first(problems: list[rules.Problem]) -> None:
    if problems:
        first = problems[0]
        raise DomainError(_problem_message(first), field=first.field, code=first.code)


def _body_name(alliance: Alliance, name: str, *, body: Body | None = None) -> str:
    """The name as stored (core.name_rules); refused when empty, too long, or when another
    body of the alliance has it or one that looks the same."""
    try:
        name = normalise_name(name)
    except NameRefused as refused:
        raise DomainError(name_refusal_message(refused), field="name",
                          code="name_character") from None
    if not name:
        raise DomainError(_("Give the body a name."), field="name")
    if len(name) > NAME_MAX:
        raise DomainError(_("Keep the name under 200 characters."), field="name")
    skeleton = name_skeleton(name)
    others = Body.objects.filter(alliance=alliance).only("name")
    if body is not None:
        others = others.exclude(pk=body.pk)
    for other in others:
        if other.name.casefold() == name.casefold() or name_skeleton(other.name) == skeleton:
            raise DomainError(_("The alliance already has a body called “%(name)s” (archived "
                                "bodies keep their names).") % {"name": other.name},
                              field="name", code="name_taken")
    return name


def _check_choices(*, kind: str, level: str, decision_rule: str, mandate: str) -> str:
    if kind not in BodyKind.values:
        raise DomainError(_("Unknown kind of body."), field="kind")
    if level not in Level.values:
        raise DomainError(_("Unknown level."), field="level")
    if decision_rule not in DecisionRule.values:
        raise DomainError(_("Unknown decision rule."), field="decision_rule")
    mandate = mandate.strip()
    if len(mandate) > MANDATE_MAX:
        raise DomainError(_("Keep the mandate under 4000 characters."), field="mandate")
    return mandate


def _check_servant(alliance: Alliance, person: Person | None, field: str) -> None:
    """The fixed chair and the secretary are people of this alliance who may write."""
    if person is not None and not policy.may_serve_body(person, alliance.pk):
        raise DomainError(_("Choose a person with a role in this alliance (observers and "
                            "external reviewers do not chair or take minutes)."), field=field)


def _seated(body: Body) -> list[int]:
    """The partners with a live seat in the body, in the order of their first seat."""
    return rules.seated_partners(
        body.seats.filter(removed_at__isnull=True).order_by("pk")
        .values_list("partner_id", flat=True))


def _locked_body(body: Body) -> Body:
    return (Body.objects.select_for_update(of=("self",), no_key=True).select_related("alliance")
            .get(pk=body.pk))


def _require_set_up(actor: Person, body: Body) -> None:
    if not policy.can_in_body(actor, "body.set_up", body):
        raise PermissionDenied


def _refuse_archived(body: Body) -> None:
    if body.archived_at is not None:
        raise Conflict(_("This body has been archived."), code="archived")


def _follow_seats(body: Body) -> None:
    """Keep the rotation a permutation of the seated partners after a seat came or went
    (a change of the body's version, so an edit begun before is refused as stale)."""
    rotation = rules.reconcile_rotation(body.rotation, _seated(body))
    if rotation != list(body.rotation):
        body.rotation = rotation
        body.version += 1
        body.save(update_fields=["rotation", "version"])


def _body_payload(body: Body) -> dict[str, Any]:
    return {"name": body.name, "kind": body.kind, "level": body.level, "mandate": body.mandate,
            "substitutes_may_attend": body.substitutes_may_attend,
            "chair_rule": body.chair_rule, "chair_person": body.chair_person_id,
            "rotation": list(body.rotation), "decision_rule": body.decision_rule,
            "voting_unit": body.voting_unit, "majority_basis": body.majority_basis,
            "qualified_numerator": body.qualified_numerator,
            "qualified_denominator": body.qualified_denominator,
            "quorum_percent": body.quorum_percent, "quorum_basis": body.quorum_basis,
            "weights": dict(body.weights), "secret_ballot": body.secret_ballot,
            "secretary": body.secretary_id, "version": body.version}


RULE_FIELDS = ("voting_unit", "majority_basis", "qualified_numerator", "qualified_denominator",
               "quorum_percent", "quorum_basis", "weights", "secret_ballot")
# The whole decision rule: what carries, and the rest.
DECISION_RULE_FIELDS = ("decision_rule", *RULE_FIELDS)


def checked_decision_rule(body: Body, given: Mapping[str, Any]) -> dict[str, Any]:
    """The whole decision rule ``given`` would give the body (a value None or missing keeps
    the body's), checked as a whole (rules.decision_rule_problems); weights as stored. Kept
    weights drop the partners that have left."""
    values = {name: getattr(body, name) if given.get(name) is None else given[name]
              for name in DECISION_RULE_FIELDS}
    if values["decision_rule"] not in DecisionRule.values:
        raise DomainError(_("Unknown decision rule."), field="decision_rule")
    partners = set(Partner.objects.filter(alliance_id=body.alliance_id,
                                          status=PartnerStatus.ACTIVE)
                   .values_list("pk", flat=True))
    weights = values["weights"]
    if given.get("weights") is None and isinstance(weights, dict):
        # Kept as they are, but a partner that has left weighs nothing any more.
        weights = {k: v for k, v in weights.items() if str(k).isdigit() and int(k) in partners}
    if not isinstance(weights, dict):
        raise DomainError(_problem_message(rules.Problem("weights", "invalid_weight")),
                          field="weights", code="invalid_weight")
    _raise_first(rules.decision_rule_problems(
        voting_unit=values["voting_unit"], majority_basis=values["majority_basis"],
        qualified_numerator=values["qualified_numerator"],
        qualified_denominator=values["qualified_denominator"],
        quorum_percent=values["quorum_percent"], quorum_basis=values["quorum_basis"],
        weights=weights, partners=partners))
    values["weights"] = rules.stored_weights(weights)
    values["secret_ballot"] = bool(values["secret_ballot"])
    values["decision_rule"] = str(values["decision_rule"])
    return values


def _apply_decision_rule(body: Body, given: dict[str, Any]) -> None:
    for name, value in checked_decision_rule(body, given).items():
        setattr(body, name, value)


def has_proposals(body: Body) -> bool:
    """Whether a proposal was ever put to the body (the decisions app's rows point here)."""
    return body.decisions.exists()


def decision_rule_adopt(*, actor: Person | None, body: Body, rule: Mapping[str, Any],
                        decision_number: int) -> bool:
    """Give the body the decision rule a carried decision of its own chose (docs/decisions/
    0013). Called by the decision's closing, inside its transaction and under the alliance
    lock it holds; journaled as BodyDecisionRuleAdopted. An archived body, or a rule it
    already has, changes nothing (False)."""
    body = _locked_body(body)
    if body.archived_at is not None:
        return False
    before = checked_decision_rule(body, {})
    after = checked_decision_rule(body, {
        **rule, "weights": {k: v for k, v in dict(rule.get("weights") or {}).items()
                            if k in _active_partner_keys(body)}})
    if after == before:
        return False
    for name, value in after.items():
        setattr(body, name, value)
    body.version += 1
    body.save(update_fields=[*DECISION_RULE_FIELDS, "version"])
    journal_append(alliance=body.alliance, actor=actor, kind="BodyDecisionRuleAdopted",
                   subject=body, payload={"name": body.name, "decision": decision_number,
                                          "before": before, "after": after,
                                          "version": body.version})
    return True


def _active_partner_keys(body: Body) -> set[str]:
    return {str(pk) for pk in Partner.objects.filter(
        alliance_id=body.alliance_id, status=PartnerStatus.ACTIVE).values_list("pk", flat=True)}


def _seat_payload(seat: Seat) -> dict[str, Any]:
    return {"body": seat.body.name, "partner": seat.partner.organisation.name,
            "partner_id": seat.partner_id, "position": seat.position,
            "holder": str(seat.holder) if seat.holder is not None else "",
            "holder_id": seat.holder_id,
            "substitute": str(seat.substitute) if seat.substitute is not None else "",
            "substitute_id": seat.substitute_id}


# --- bodies -----------------------------------------------------------------------------------


@transaction.atomic
def body_set_up(*, actor: Person, alliance: Alliance, name: str, kind: str, level: str,
                mandate: str = "", substitutes_may_attend: bool | None = None,
                chair_rule: str = ChairRule.ROTATING, chair_person: Person | None = None,
                decision_rule: str = DecisionRule.CONSENSUS,
                secretary: Person | None = None, voting_unit: str = VotingUnit.PARTNER,
                majority_basis: str = MajorityBasis.VOTES, qualified_numerator: int = 2,
                qualified_denominator: int = 3, quorum_percent: int = 0,
                quorum_basis: str = QuorumBasis.VOTING, weights: dict[str, int] | None = None,
                secret_ballot: bool = False) -> Body:
    """Set up a body of the alliance (board, tactical table, working group, agency…) with its
    level, mandate, chair rule and decision rule (what carries, who votes, the majority's
    basis and qualified share, the quorum, weights per partner, secret ballots by default).
    Seats come after, one by one. Whether substitutes may attend defaults by kind: not for the
    board and the tactical table."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.set_up_bodies", alliance):
        raise PermissionDenied
    name = _body_name(alliance, name)
    mandate = _check_choices(kind=kind, level=level, decision_rule=decision_rule,
                             mandate=mandate)
    if chair_rule == ChairRule.ROTATING:
        chair_person = None  # the seats chair in turn
    _raise_first(rules.body_problems(chair_rule=chair_rule,
                                     chair_person_id=chair_person.pk if chair_person else None,
                                     rotation=[], seated=[]))
    _check_servant(alliance, chair_person, "chair_person")
    _check_servant(alliance, secretary, "secretary")
    if substitutes_may_attend is None:
        substitutes_may_attend = rules.default_substitutes_may_attend(kind)
    body = Body(alliance=alliance, name=name, kind=kind, level=level, mandate=mandate,
                substitutes_may_attend=substitutes_may_attend, chair_rule=chair_rule,
                chair_person=chair_person, rotation=[], decision_rule=decision_rule,
                secretary=secretary)
    _apply_decision_rule(body, {
        "voting_unit": voting_unit, "majority_basis": majority_basis,
        "qualified_numerator": qualified_numerator,
        "qualified_denominator": qualified_denominator, "quorum_percent": quorum_percent,
        "quorum_basis": quorum_basis, "weights": weights or {}, "secret_ballot": secret_ballot})
    with conflict_on_duplicate(_("The alliance already has a body with this name."),
                               field="name", code="name_taken"):
        body.save()
    journal_append(alliance=alliance, actor=actor, kind="BodySetUp", subject=body,
                   payload=_body_payload(body))
    return body


@transaction.atomic
def body_change(*, actor: Person, body: Body, expected_version: int, name: str, kind: str,
                level: str, mandate: str, substitutes_may_attend: bool, chair_rule: str,
                chair_person: Person | None, decision_rule: str, secretary: Person | None,
                rotation: list[int] | None = None, voting_unit: str | None = None,
                majority_basis: str | None = None, qualified_numerator: int | None = None,
                qualified_denominator: int | None = None, quorum_percent: int | None = None,
                quorum_basis: str | None = None, weights: dict[str, int] | None = None,
                secret_ballot: bool | None = None) -> Body:
    """Change a body's settings. ``expected_version`` is the version the editor saw: a stale
    edit is refused (409), never overwritten. ``rotation`` (partner ids) must name every
    seated partner once; None keeps the current order. The rest of the decision rule
    (``voting_unit`` … ``secret_ballot``): None keeps what the body has. Proposals already
    put keep the rule they were put under."""
    alliance = body.alliance
    alliance_lock(alliance.pk, actor=actor)
    body = _locked_body(body)
    _require_set_up(actor, body)
    _refuse_archived(body)
    if body.version != expected_version:
        raise Conflict(_("Someone else changed this body in the meantime. Reload and try "
                         "again."), code="stale")
    name = _body_name(alliance, name, body=body)
    mandate = _check_choices(kind=kind, level=level, decision_rule=decision_rule,
                             mandate=mandate)
    if chair_rule == ChairRule.ROTATING:
        chair_person = None
    seated = _seated(body)
    if rotation is None:
        rotation = rules.reconcile_rotation(body.rotation, seated)
    _raise_first(rules.body_problems(chair_rule=chair_rule,
                                     chair_person_id=chair_person.pk if chair_person else None,
                                     rotation=rotation, seated=seated))
    _check_servant(alliance, chair_person, "chair_person")
    _check_servant(alliance, secretary, "secretary")
    rule_now = checked_decision_rule(body, {})
    rule_asked = checked_decision_rule(body, {
        "decision_rule": decision_rule, "voting_unit": voting_unit,
        "majority_basis": majority_basis, "qualified_numerator": qualified_numerator,
        "qualified_denominator": qualified_denominator, "quorum_percent": quorum_percent,
        "quorum_basis": quorum_basis, "weights": weights, "secret_ballot": secret_ballot})
    if rules.rule_change_needs_decision(before=rule_now, after=rule_asked,
                                        proposals_put=has_proposals(body)):
        raise Conflict(_("Proposals have been put to this body under its decision rule, so "
                         "the rule changes only by a decision of the body itself: propose "
                         "the new rule."), field="decision_rule", code="rule_needs_decision")
    before = _body_payload(body)
    body.name, body.kind, body.level, body.mandate = name, kind, level, mandate
    body.substitutes_may_attend = substitutes_may_attend
    body.chair_rule, body.chair_person, body.rotation = chair_rule, chair_person, list(rotation)
    body.secretary = secretary
    for field_name, value in rule_asked.items():
        setattr(body, field_name, value)
    after = _body_payload(body)
    changed = sorted(k for k in after if k != "version" and after[k] != before[k])
    if not changed:
        return body  # nothing to record: a repeated submission changes nothing
    body.version += 1
    with conflict_on_duplicate(_("The alliance already has a body with this name."),
                               field="name", code="name_taken"):
        body.save()
    journal_append(alliance=alliance, actor=actor, kind="BodyChanged", subject=body,
                   payload={**_body_payload(body), "changed": changed})
    return body


@transaction.atomic
def body_archive(*, actor: Person, body: Body) -> Body:
    """Archive a body that no longer meets: it leaves the structure, its history stays."""
    alliance = body.alliance
    alliance_lock(alliance.pk, actor=actor)
    body = _locked_body(body)
    _require_set_up(actor, body)
    _refuse_archived(body)
    body.archived_at = timezone.now()
    body.version += 1
    body.save(update_fields=["archived_at", "version"])
    journal_append(alliance=alliance, actor=actor, kind="BodyArchived", subject=body,
                   payload={"name": body.name, "version": body.version})
    return body


# --- seats ------------------------------------------------------------------------------------


@transaction.atomic
def seat_add(*, actor: Person, body: Body, partner: Partner) -> Seat:
    """Give a partner a (further) seat in the body; it starts vacant. A partner that had no
    seat joins the end of the chair's rotation."""
    alliance = body.alliance
    alliance_lock(alliance.pk, actor=actor)
    body = _locked_body(body)
    _require_set_up(actor, body)
    _refuse_archived(body)
    if partner.alliance_id != alliance.pk or partner.status != PartnerStatus.ACTIVE:
        raise DomainError(_("Choose an active partner of this alliance."), field="partner")
    taken = list(body.seats.filter(partner=partner, removed_at__isnull=True)
                 .values_list("position", flat=True))
    if len(taken) >= rules.MAX_SEATS_PER_PARTNER:
        raise DomainError(_("A partner has at most 20 seats in a body."), field="partner")
    seat = Seat(body=body, partner=partner, position=rules.next_seat_position(taken))
    with conflict_on_duplicate(_("This seat was just added. Reload the page."), code="stale"):
        seat.save()
    _follow_seats(body)
    journal_append(alliance=alliance, actor=actor, kind="SeatAdded", subject=seat,
                   payload=_seat_payload(seat))
    return seat


def _locked_seat(seat: Seat) -> Seat:
    return (Seat.objects.select_for_update(of=("self",), no_key=True)
            .select_related("body__alliance", "partner__organisation", "holder", "substitute")
            .get(pk=seat.pk))


def _refuse_removed(seat: Seat) -> None:
    """Checked after the permission: only someone allowed learns the seat's state."""
    if seat.removed_at is not None:
        raise Conflict(_("This seat has been removed."), code="removed")
    _refuse_archived(seat.body)


@transaction.atomic
def seat_fill(*, actor: Person, seat: Seat, holder: Person | None,
              substitute: Person | None) -> Seat:
    """Name who holds a partner's seat and who substitutes. Only the partner's own steering
    people decide it, and only the partner's own people (who may write) sit in it."""
    alliance_lock(seat.body.alliance_id, actor=actor)
    seat = _locked_seat(seat)
    if not policy.can(actor, "partner.fill_seat", seat.partner):
        raise PermissionDenied
    _refuse_removed(seat)
    eligible = set(policy.seat_candidates(seat.body.alliance_id).filter(partner=seat.partner)
                   .values_list("person_id", flat=True))
    _raise_first(rules.seat_fill_problems(
        holder_id=holder.pk if holder else None,
        substitute_id=substitute.pk if substitute else None, eligible=eligible))
    if (seat.holder_id, seat.substitute_id) == (holder.pk if holder else None,
                                                substitute.pk if substitute else None):
        return seat  # already so: nothing to record
    seat.holder, seat.substitute = holder, substitute
    seat.save(update_fields=["holder", "substitute"])
    journal_append(alliance=seat.body.alliance, actor=actor, kind="SeatFilled", subject=seat,
                   payload=_seat_payload(seat))
    return seat


@transaction.atomic
def seat_remove(*, actor: Person, seat: Seat) -> Seat:
    """Take a seat out of the body (its attendance history stays). A partner that loses its
    last seat leaves the chair's rotation. A seat someone holds or stands in for is given up
    only by its own partner's steering person; another partner's seat once it is empty."""
    alliance_lock(seat.body.alliance_id, actor=actor)
    seat = _locked_seat(seat)
    body = _locked_body(seat.body)
    _require_set_up(actor, body)
    _refuse_removed(seat)
    if not policy.can_remove_seat(actor, seat):
        raise PermissionDenied
    seat.removed_at = timezone.now()
    seat.save(update_fields=["removed_at"])
    _follow_seats(body)
    journal_append(alliance=body.alliance, actor=actor, kind="SeatRemoved", subject=seat,
                   payload=_seat_payload(seat))
    return seat
