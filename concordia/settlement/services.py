"""Every write of cost settlement: record the model the alliance decided for a cost category,
book a cost or a contribution in kind (or correct one by a new booking), confirm a quarter's
settlement for one's partner. Each takes the alliance lock first, checks the policy and
journals in the same transaction; all three are commitments."""

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Document, Partner
from concordia.core.errors import Conflict, DomainError
from concordia.decisions.choices import DecisionStatus, Outcome
from concordia.decisions.models import Decision
from concordia.journal.services import journal_append

from . import computation, rules
from .choices import BookingKind, SettlementKind
from .models import (
    Booking,
    Confirmation,
    CostCategory,
    ModelWeight,
    SettlementModel,
    UsageFigure,
)

OPEN_BOOK_VISIBILITIES = ("alliance", "public")


def _require(actor: Person, action: str, obj: Alliance | Partner, alliance: Alliance) -> None:
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    if not policy.can(actor, action, obj):
        raise PermissionDenied


def _category_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise DomainError(_("Name the cost category."), field="category")
    if len(cleaned) > rules.CATEGORY_MAX:
        raise DomainError(_("Keep the category under 100 characters."), field="category")
    return cleaned


def _check_weights(alliance: Alliance, kind: str,
                   weights: Mapping[int, int]) -> dict[int, int]:
    partners = set(Partner.objects.filter(alliance=alliance, status="active")
                   .values_list("pk", flat=True))
    if set(weights) - partners:
        raise DomainError(_("Give weights only to active partners of this alliance."),
                          field="weights")
    given = {p: w for p, w in weights.items() if w}
    if kind == SettlementKind.EQUAL:
        given = dict.fromkeys((p for p, w in given.items() if w > 0), 1)
    problem = rules.weights_problem(kind, given)
    messages = {
        "unexpected": _("Under “each bears its own costs” no partner carries a weight."),
        "negative": _("A weight is zero or more."),
        "large": _("A weight is at most 1,000,000,000."),
        "none": _("Give at least one partner a weight above zero."),
        "fixed_total": _("Fixed shares add up to 100%."),
    }
    if problem is not None:
        raise DomainError(messages[problem], field="weights")
    return given


@transaction.atomic
def settlement_model_choose(*, actor: Person, alliance: Alliance, category: str, kind: str,
                            starts_on: dt.date, decision: Decision, measure: str = "",
                            weights: Mapping[int, int] | None = None) -> SettlementModel:
    """Record the settlement model a carried decision of the alliance chose for a cost
    category from a start date (a new category is made by naming it). Weights by partner id:
    who shares under equal shares, the usage or size measure per partner, or the fixed shares
    in hundredths of a percent. A later start date supersedes the model in force from then.
    Journaled as SettlementModelChosen."""
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "alliance.choose_settlement_model", alliance, alliance)
    name = _category_name(category)
    if kind not in SettlementKind.values:
        raise DomainError(_("Choose a settlement model."), field="kind")
    if (decision.alliance_id != alliance.pk or decision.status != DecisionStatus.CLOSED
            or decision.outcome != Outcome.CARRIED):
        raise DomainError(_("Choose a decision of this alliance that carried."),
                          field="decision")
    measure = " ".join(measure.split())
    if kind in rules.MEASURED_KINDS and not measure:
        raise DomainError(_("Say what is measured (e.g. number of employees)."),
                          field="measure")
    if len(measure) > rules.MEASURE_MAX:
        raise DomainError(_("Keep the measure under 100 characters."), field="measure")
    checked = _check_weights(alliance, kind, weights or {})
    cost_category, _created = CostCategory.objects.get_or_create(alliance=alliance, name=name)
    if SettlementModel.objects.filter(category=cost_category, starts_on=starts_on).exists():
        raise Conflict(_("This category has a model from this date already: choose another "
                         "start date."), field="starts_on", code="duplicate")
    try:
        with transaction.atomic():
            model = SettlementModel.objects.create(
                alliance=alliance, category=cost_category, kind=kind, starts_on=starts_on,
                measure=measure if kind in rules.MEASURED_KINDS else "", decision=decision,
                chosen_by=actor)
    except IntegrityError as exc:  # the unique constraint, on SQLite without row locks
        raise Conflict(_("This category has a model from this date already: choose another "
                         "start date."), field="starts_on", code="duplicate") from exc
    ModelWeight.objects.bulk_create([ModelWeight(model=model, partner_id=p, weight=w)
                                     for p, w in sorted(checked.items())])
    names = dict(Partner.objects.filter(pk__in=checked).values_list("pk", "organisation__name"))
    journal_append(alliance=alliance, actor=actor, kind="SettlementModelChosen", subject=model,
                   payload={"category": name, "kind": kind, "starts_on": starts_on.isoformat(),
                            "decision": decision.number, "measure": model.measure,
                            "weights": {names[p]: w for p, w in sorted(checked.items())}})
    return model


@transaction.atomic
def usage_record(*, actor: Person, model: SettlementModel, year: int, quarter: int,
                 figures: Mapping[int, int]) -> list[UsageFigure]:
    """Record the usage figures of a quarter (partner id → usage) under a usage model: that
    quarter's costs of the category are split by them (and later quarters' until new figures
    are recorded). Recording a quarter again replaces its figures — a settlement confirmed on
    the earlier ones is computed anew and confirmed again. Who chooses models records them.
    Journaled as UsageRecorded (with the figures it replaced)."""
    alliance_lock(model.alliance_id, actor=actor)
    model = (SettlementModel.objects.select_related("alliance", "category").get(pk=model.pk))
    _require(actor, "alliance.choose_settlement_model", model.alliance, model.alliance)
    if model.kind != SettlementKind.USAGE:
        raise DomainError(_("Usage figures belong to a model by usage."), field="model")
    if quarter not in rules.QUARTERS or not rules.YEAR_MIN <= year <= rules.YEAR_MAX:
        raise DomainError(_("A quarter is 1, 2, 3 or 4."), field="quarter")
    if (year, quarter) < rules.quarter_of(model.starts_on):
        raise DomainError(_("The model starts later: record usage from the quarter it starts "
                            "in."), field="quarter")
    checked = _check_weights(model.alliance, SettlementKind.USAGE, figures)
    existing = list(UsageFigure.objects.filter(model=model, year=year, quarter=quarter)
                    .select_related("partner__organisation"))
    previous = {f.partner_id: f.usage for f in existing}
    if previous == checked:
        return existing  # the same figures again: nothing changes
    UsageFigure.objects.filter(model=model, year=year, quarter=quarter).delete()
    recorded = UsageFigure.objects.bulk_create([
        UsageFigure(model=model, partner_id=p, year=year, quarter=quarter, usage=u,
                    recorded_by=actor) for p, u in sorted(checked.items())])
    names = dict(Partner.objects.filter(pk__in=set(checked) | set(previous))
                 .values_list("pk", "organisation__name"))
    journal_append(alliance=model.alliance, actor=actor, kind="UsageRecorded", subject=model,
                   payload={"category": model.category.name, "measure": model.measure,
                            "period": computation.period_label(year, quarter),
                            "usage": {names[p]: u for p, u in sorted(checked.items())},
                            "previous": ({names[p]: u for p, u in sorted(previous.items())}
                                         if previous else None)})
    return recorded


def _check_booking(partner: Partner, category: CostCategory, kind: str, incurred_on: dt.date,
                   amount_cents: int, description: str, document: Document | None,
                   corrects: Booking | None) -> str:
    if category.alliance_id != partner.alliance_id:
        raise DomainError(_("Choose a cost category of this alliance."), field="category")
    if kind not in BookingKind.values:
        raise DomainError(_("Choose what is booked."), field="kind")
    text = " ".join(description.split())
    if not text:
        raise DomainError(_("Say what the cost was for."), field="description")
    if len(text) > rules.DESCRIPTION_MAX:
        raise DomainError(_("Keep the description under 500 characters."), field="description")
    if amount_cents == 0 or abs(amount_cents) > rules.AMOUNT_MAX_CENTS:
        raise DomainError(_("Give an amount other than zero, at most 100,000,000 euros."),
                          field="amount")
    if amount_cents < 0 and corrects is None:
        raise DomainError(_("Only a correction may be negative."), field="amount")
    if incurred_on > timezone.localdate():
        raise DomainError(_("Book a cost on the day it was made, not ahead."),
                          field="incurred_on")
    if corrects is not None:
        if corrects.alliance_id != partner.alliance_id or corrects.partner_id != partner.pk:
            raise DomainError(_("A partner corrects only its own bookings."), field="corrects")
        if corrects.category_id != category.pk:
            raise DomainError(_("A correction stays in the category of the booking it "
                                "corrects."), field="category")
    if not SettlementModel.objects.filter(category=category,
                                          starts_on__lte=incurred_on).exists():
        raise DomainError(_("No settlement model is in force for this category on this date: "
                            "the alliance chooses one first."), field="incurred_on")
    if document is not None and (document.alliance_id != partner.alliance_id
                                 or document.visibility not in OPEN_BOOK_VISIBILITIES):
        raise DomainError(_("Choose a document the whole alliance may read (the books are "
                            "open)."), field="document")
    return text


@transaction.atomic
def booking_record(*, actor: Person, partner: Partner, category: CostCategory, kind: str,
                   incurred_on: dt.date, amount_cents: int, description: str,
                   document: Document | None = None, corrects: Booking | None = None,
                   submission: str = "") -> Booking:
    """Book a shared cost or a contribution in kind the actor's own partner made, in cents,
    settled in the quarter of its date, with a document everyone in the alliance reads as
    evidence. A correction is a new booking referring to the partner's own booking it corrects
    (and only a correction may be negative). The same form submission books once. Journaled as
    CostBooked."""
    alliance_lock(partner.alliance_id, actor=actor)
    alliance = Alliance.objects.get(pk=partner.alliance_id)
    _require(actor, "partner.book_cost", partner, alliance)
    if submission:
        earlier = Booking.objects.filter(booked_by=actor, submission=submission).first()
        if earlier is not None:
            return earlier
    text = _check_booking(partner, category, kind, incurred_on, amount_cents, description,
                          document, corrects)
    year, quarter = rules.quarter_of(incurred_on)
    booking = Booking.objects.create(
        alliance=alliance, partner=partner, category=category, kind=kind,
        incurred_on=incurred_on, year=year, quarter=quarter, amount_cents=amount_cents,
        description=text, document=document, corrects=corrects, booked_by=actor,
        submission=submission[:64])
    journal_append(alliance=alliance, actor=actor, kind="CostBooked", subject=booking,
                   payload={"partner": str(partner.organisation), "category": category.name,
                            "kind": kind, "amount": rules.format_cents(amount_cents),
                            "incurred_on": incurred_on.isoformat(),
                            "period": computation.period_label(year, quarter),
                            "corrects": corrects.pk if corrects else None})
    return booking


@transaction.atomic
def settlement_confirm(*, actor: Person, partner: Partner, year: int, quarter: int,
                       fingerprint: str) -> Confirmation:
    """Confirm, for the actor's own partner, a quarter's settlement as computed when they read
    it (its fingerprint): a booking added since is refused as stale (409), and a confirmation
    of an earlier computation stops counting. A partner that has left the alliance no longer
    confirms (409, rules.confirm_problem); the settlement waits only for the others.
    Confirming the same computation again changes nothing. Journaled as SettlementConfirmed."""
    alliance_lock(partner.alliance_id, actor=actor)
    alliance = Alliance.objects.get(pk=partner.alliance_id)
    partner = Partner.objects.select_related("organisation").get(pk=partner.pk)
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    if rules.confirm_problem(partner.status) is not None:
        raise Conflict(_("%(partner)s has left the alliance: a partner that has left no "
                         "longer confirms settlements.") % {"partner": partner.organisation},
                       field="partner", code="partner_left")
    _require(actor, "partner.confirm_settlement", partner, alliance)
    if quarter not in rules.QUARTERS or not rules.YEAR_MIN <= year <= rules.YEAR_MAX:
        raise DomainError(_("A quarter is 1, 2, 3 or 4."), field="quarter")
    if rules.quarter_bounds(year, quarter)[1] >= timezone.localdate():
        raise DomainError(_("A quarter is settled once it has ended."), field="quarter")
    computed = computation.compute(alliance.pk, year, quarter)
    if not computed.bookings:
        raise DomainError(_("Nothing was booked in this quarter."), field="quarter")
    if partner.pk not in computed.partners:
        raise DomainError(_("This partner has no part in this quarter's settlement."),
                          field="partner")
    if fingerprint != computed.settlement.fingerprint:
        raise Conflict(_("The settlement changed since you read it (a booking was added). "
                         "Read it again and confirm what it says now."), code="stale")
    existing = Confirmation.objects.filter(alliance=alliance, year=year, quarter=quarter,
                                           partner=partner, fingerprint=fingerprint).first()
    if existing is not None:
        return existing
    confirmation = Confirmation.objects.create(alliance=alliance, year=year, quarter=quarter,
                                               partner=partner, fingerprint=fingerprint,
                                               confirmed_by=actor)
    confirmed = set(Confirmation.objects.filter(
        alliance=alliance, year=year, quarter=quarter, fingerprint=fingerprint)
        .values_list("partner_id", flat=True))
    journal_append(alliance=alliance, actor=actor, kind="SettlementConfirmed",
                   subject=confirmation,
                   payload={"period": computation.period_label(year, quarter),
                            "partner": str(partner.organisation), "fingerprint": fingerprint,
                            "confirmed": len(confirmed), "partners": len(computed.partners),
                            "settled": confirmed >= computation.awaited(computed)})
    return confirmation
