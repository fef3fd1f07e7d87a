"""Every write of the scorecard: define, edit and retire an indicator (the core team), set its
target from a period on, record a measurement (its owning partner's people; a correction is a
new version, the earlier kept) and import many at once (all or nothing). Each write takes the
alliance lock first, checks the policy and journals in the same transaction."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.core.errors import Conflict, DomainError
from concordia.handbook.catalogue import Pillar
from concordia.journal.services import journal_append

from . import importing, rules
from .choices import Direction, PeriodKind, Source
from .models import Indicator, Measurement, Target


class ImportRefused(DomainError):
    """An upload or bulk post with problems: nothing was recorded; ``errors`` lists them all,
    each with its line."""

    def __init__(self, errors: Sequence[importing.RowError]) -> None:
        super().__init__(_("Nothing was imported: correct the lines below and upload the file "
                           "again."), field="file", code="rows")
        self.errors = list(errors)


def _period(text: str, kind: str, field: str) -> str:
    try:
        return str(rules.parse_period(text, kind))
    except rules.PeriodError as exc:
        if exc.code == "range":
            raise DomainError(_("Choose a year from %(low)d to %(high)d.") % {
                "low": rules.YEAR_MIN, "high": rules.YEAR_MAX}, field=field) from exc
        raise DomainError(_("Write the period like %(example)s.") % {
            "example": rules.period_example(kind)}, field=field) from exc


def _value(raw: object, field: str) -> Decimal:
    try:
        return rules.parse_value(raw)
    except rules.ValueProblem as exc:
        if exc.code == "range":
            raise DomainError(_("The number is too large."), field=field) from exc
        raise DomainError(_("Write a number, e.g. 12.5."), field=field) from exc


def _check_definition(alliance: Alliance, *, name: str, definition: str, unit: str,
                      direction: str, period_kind: str, tolerance: Decimal,
                      owner_partner: Partner, owner_person: Person | None, source: str,
                      pillar: str, objective: str) -> dict[str, Any]:
    fields = {"name": " ".join(name.split()), "definition": definition.strip(),
              "unit": unit.strip(), "source": source.strip(), "objective": objective.strip()}
    if not fields["name"]:
        raise DomainError(_("Give the indicator a name."), field="name")
    if len(fields["name"]) > rules.NAME_MAX:
        raise DomainError(_("Keep the name under 120 characters."), field="name")
    if not fields["definition"]:
        raise DomainError(_("Say what is measured and how."), field="definition")
    if len(fields["definition"]) > rules.TEXT_MAX:
        raise DomainError(_("Keep the definition under 2000 characters."), field="definition")
    if not fields["unit"] or len(fields["unit"]) > rules.UNIT_MAX:
        raise DomainError(_("Give the unit, e.g. %, days or EUR million (at most 30 "
                            "characters)."), field="unit")
    for name_ in ("source", "objective"):
        if len(fields[name_]) > rules.SOURCE_MAX:
            raise DomainError(_("Keep this under 300 characters."), field=name_)
    if direction not in Direction.values:
        raise DomainError(_("Say whether higher or lower is better."), field="direction")
    if period_kind not in PeriodKind.values:
        raise DomainError(_("Choose month, quarter or year."), field="period_kind")
    if pillar and pillar not in {p.value for p in Pillar}:
        raise DomainError(_("Unknown pillar."), field="pillar")
    if rules.tolerance_problem(tolerance):
        raise DomainError(_("The tolerance runs from 0 to 100 %."), field="tolerance")
    if owner_partner.alliance_id != alliance.pk or owner_partner.status != PartnerStatus.ACTIVE:
        raise DomainError(_("The owner must be an active partner of this alliance."),
                          field="owner_partner")
    if owner_person is not None and not Membership.objects.filter(
            policy.live_membership_q(), partner=owner_partner, person=owner_person).exists():
        raise DomainError(_("The person who owns the indicator must have a role for the "
                            "owning partner."), field="owner_person")
    return {**fields, "direction": direction, "period_kind": period_kind,
            "tolerance": tolerance.quantize(Decimal("0.01")), "owner_partner": owner_partner,
            "owner_person": owner_person, "pillar": pillar}


def _indicator_payload(indicator: Indicator, **extra: Any) -> dict[str, Any]:
    return {"name": indicator.name, "unit": indicator.unit, "direction": indicator.direction,
            "period_kind": indicator.period_kind, "owner_partner": indicator.owner_partner_id,
            **extra}


@transaction.atomic
def indicator_define(*, actor: Person, alliance: Alliance, name: str, definition: str,
                     unit: str, direction: str, period_kind: str, owner_partner: Partner,
                     owner_person: Person | None = None, source: str = "", pillar: str = "",
                     objective: str = "", tolerance: Decimal = rules.DEFAULT_TOLERANCE,
                     target: object = None, target_from: str = "") -> Indicator:
    """Define a key performance indicator of the alliance, owned by a partner (and a person
    of it), with its first target when given. The core team defines them. Journaled as
    IndicatorDefined (and TargetSet)."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    if not policy.can(actor, "alliance.define_indicator", alliance):
        raise PermissionDenied
    data = _check_definition(alliance, name=name, definition=definition, unit=unit,
                             direction=direction, period_kind=period_kind, tolerance=tolerance,
                             owner_partner=owner_partner, owner_person=owner_person,
                             source=source, pillar=pillar, objective=objective)
    start, amount = "", None
    if target not in (None, ""):
        start = _period(target_from, period_kind, "target_from")
        amount = _value(target, "target")
    if Indicator.objects.filter(alliance=alliance, name=data["name"],
                                retired_at__isnull=True).exists():
        raise Conflict(_("The scorecard has an indicator of this name already."),
                       field="name", code="duplicate")
    try:
        with transaction.atomic():
            indicator = Indicator.objects.create(alliance=alliance, created_by=actor, **data)
    except IntegrityError as exc:  # the unique name, on SQLite without row locks
        raise Conflict(_("The scorecard has an indicator of this name already."),
                       field="name", code="duplicate") from exc
    journal_append(alliance=alliance, actor=actor, kind="IndicatorDefined", subject=indicator,
                   payload=_indicator_payload(indicator))
    if amount is not None:
        _set_target(actor, indicator, start, amount)
    return indicator


EDITABLE = ("name", "definition", "unit", "direction", "owner_partner", "owner_person",
            "source", "pillar", "objective")


def _stale(indicator: Indicator, expected_version: int) -> None:
    if indicator.retired_at is not None:
        raise Conflict(_("This indicator is retired: it can no longer be changed."),
                       code="retired")
    if indicator.version != expected_version:
        raise Conflict(_("Someone else changed this indicator in the meantime. Reload and try "
                         "again."), code="stale")


def _check_steering(actor: Person, indicator: Indicator) -> None:
    if not policy.can(actor, "alliance.view", indicator.alliance):
        raise PermissionDenied
    if not policy.can(actor, "alliance.define_indicator", indicator.alliance):
        raise PermissionDenied


@transaction.atomic
def indicator_update(*, actor: Person, indicator: Indicator, expected_version: int, name: str,
                     definition: str, unit: str, direction: str, owner_partner: Partner,
                     owner_person: Person | None = None, source: str = "", pillar: str = "",
                     objective: str = "") -> Indicator:
    """Change a live indicator's definition (name, definition, unit, direction, owner, source,
    pillar, objective); how it is measured (the period) and its values and targets stay.
    ``expected_version`` is the version the editor saw: a stale edit is refused (409), never
    overwritten. The core team edits, as it defines. Journaled as IndicatorChanged with the
    fields that changed and their earlier values."""
    alliance_lock(indicator.alliance_id, actor=actor)
    indicator = _indicator_locked(indicator)
    _check_steering(actor, indicator)
    _stale(indicator, expected_version)
    data = _check_definition(indicator.alliance, name=name, definition=definition, unit=unit,
                             direction=direction, period_kind=indicator.period_kind,
                             tolerance=indicator.tolerance, owner_partner=owner_partner,
                             owner_person=owner_person, source=source, pillar=pillar,
                             objective=objective)
    before = {f: getattr(indicator, f) for f in EDITABLE}
    changed = sorted(f for f in EDITABLE if data[f] != before[f])
    if not changed:
        raise DomainError(_("Nothing was changed."), field="name")
    if "name" in changed and Indicator.objects.filter(
            alliance_id=indicator.alliance_id, name=data["name"],
            retired_at__isnull=True).exclude(pk=indicator.pk).exists():
        raise Conflict(_("The scorecard has an indicator of this name already."),
                       field="name", code="duplicate")
    for f in EDITABLE:
        setattr(indicator, f, data[f])
    indicator.version += 1
    try:
        with transaction.atomic():
            indicator.save(update_fields=[*EDITABLE, "version"])
    except IntegrityError as exc:  # the unique name, on SQLite without row locks
        raise Conflict(_("The scorecard has an indicator of this name already."),
                       field="name", code="duplicate") from exc

    def shown(value: object) -> object:
        return getattr(value, "pk", value)

    journal_append(alliance=indicator.alliance, actor=actor, kind="IndicatorChanged",
                   subject=indicator, payload=_indicator_payload(
                       indicator, changed=changed, version=indicator.version,
                       before={f: shown(before[f]) for f in changed}))
    return indicator


@transaction.atomic
def indicator_retire(*, actor: Person, indicator: Indicator,
                     expected_version: int) -> Indicator:
    """Take an indicator off the scorecard: no more values or targets; its values, targets and
    history stay readable (the scorecard shows retired indicators on request), and its name is
    free for a new indicator. The core team retires. Journaled as IndicatorRetired."""
    alliance_lock(indicator.alliance_id, actor=actor)
    indicator = _indicator_locked(indicator)
    _check_steering(actor, indicator)
    _stale(indicator, expected_version)
    indicator.retired_at = timezone.now()
    indicator.version += 1
    indicator.save(update_fields=["retired_at", "version"])
    journal_append(alliance=indicator.alliance, actor=actor, kind="IndicatorRetired",
                   subject=indicator, payload=_indicator_payload(
                       indicator, version=indicator.version))
    return indicator


def _set_target(actor: Person, indicator: Indicator, start: str, value: Decimal) -> Target:
    existing = Target.objects.filter(indicator=indicator, from_period=start).first()
    previous = rules.value_text(existing.value) if existing else None
    if existing is not None:
        existing.value, existing.set_by = value, actor
        existing.save(update_fields=["value", "set_by", "set_at"])
        target = existing
    else:
        target = Target.objects.create(indicator=indicator, from_period=start, value=value,
                                       set_by=actor)
    journal_append(alliance=indicator.alliance, actor=actor, kind="TargetSet", subject=target,
                   payload={"indicator": indicator.pk, "name": indicator.name,
                            "from_period": start, "value": rules.value_text(value),
                            "previous": previous})
    return target


def _indicator_locked(indicator: Indicator) -> Indicator:
    return (Indicator.objects.select_for_update(of=("self",), no_key=True)
            .select_related("alliance", "owner_partner").get(pk=indicator.pk))


@transaction.atomic
def target_set(*, actor: Person, indicator: Indicator, from_period: str,
               value: object) -> Target:
    """Set the indicator's target from a period on (until the next target); setting one for
    the same period again replaces it, the earlier value kept in the journal. The core team
    sets targets. Journaled as TargetSet."""
    alliance_lock(indicator.alliance_id, actor=actor)
    indicator = _indicator_locked(indicator)
    if not policy.can(actor, "alliance.view", indicator.alliance):
        raise PermissionDenied
    if not policy.can(actor, "alliance.define_indicator", indicator.alliance):
        raise PermissionDenied
    if indicator.retired_at is not None:
        raise DomainError(_("This indicator is retired."), field="value")
    start = _period(from_period, indicator.period_kind, "from_period")
    amount = _value(value, "value")
    current = Target.objects.filter(indicator=indicator, from_period=start).first()
    if current is not None and current.value == amount:
        return current  # the same target again: nothing changes
    return _set_target(actor, indicator, start, amount)


def _record(actor: Person, indicator: Indicator, period: str, value: Decimal, note: str,
            source: str, now: dt.datetime) -> Measurement | None:
    """The new version of the period's value, or None when it is the current value already
    (a repeated submission changes nothing)."""
    current = (Measurement.objects.select_for_update(of=("self",), no_key=True)
               .filter(indicator=indicator, period=period, current=True).first())
    if current is not None and current.value == value and current.note == note:
        return None
    version = 1
    if current is not None:
        version = current.version + 1
        current.current = False
        current.save(update_fields=["current"])
    measurement = Measurement.objects.create(
        indicator=indicator, period=period, value=value, version=version, note=note,
        source=source, entered_by=actor, entered_at=now)
    journal_append(
        alliance=indicator.alliance, actor=actor,
        kind="MeasurementCorrected" if current is not None else "MeasurementRecorded",
        subject=measurement,
        payload={"indicator": indicator.pk, "name": indicator.name, "period": period,
                 "value": rules.value_text(value), "version": version, "source": source,
                 "previous": rules.value_text(current.value) if current else None})
    return measurement


def _check_enter(actor: Person, indicator: Indicator) -> None:
    if not policy.can(actor, "alliance.view", indicator.alliance):
        raise PermissionDenied
    if not policy.can(actor, "partner.enter_measurement", indicator.owner_partner):
        raise PermissionDenied
    if indicator.retired_at is not None:
        raise DomainError(_("This indicator is retired."), field="value")


@transaction.atomic
def measurement_record(*, actor: Person, indicator: Indicator, period: str, value: object,
                       note: str = "", source: str = Source.FORM) -> Measurement:
    """Record the indicator's value for a period; when the period has a value already, the new
    one is a correction (a new version; the earlier one kept with who entered it). The people
    of the owning partner who write enter values. The same value again changes nothing.
    Journaled as MeasurementRecorded or MeasurementCorrected."""
    alliance_lock(indicator.alliance_id, actor=actor)
    indicator = _indicator_locked(indicator)
    _check_enter(actor, indicator)
    written = _period(period, indicator.period_kind, "period")
    amount = _value(value, "value")
    note = note.strip()
    if len(note) > rules.NOTE_MAX:
        raise DomainError(_("Keep the note under 500 characters."), field="note")
    measurement = _record(actor, indicator, written, amount, note, source, timezone.now())
    if measurement is None:
        return Measurement.objects.get(indicator=indicator, period=written, current=True)
    return measurement


@transaction.atomic
def measurements_import(*, actor: Person, alliance: Alliance,
                        table: Sequence[Sequence[str]],
                        source: str = Source.UPLOAD) -> list[Measurement]:
    """Record the measurements of a table (a header, then one line per value: indicator,
    period, value, unit, note) — all of them, or none when any line has a problem (ImportRefused
    lists every problem with its line). Lines equal to the current value change nothing; the
    others are journaled like single measurements."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    partner = policy.measuring_partner(actor, alliance.pk)
    if partner is None:
        raise PermissionDenied
    indicators = {i.pk: i for i in Indicator.objects.filter(
        alliance=alliance, owner_partner=partner, retired_at__isnull=True)
        .select_related("alliance", "owner_partner")}
    infos = {i.name.lower(): importing.IndicatorInfo(i.pk, i.name, i.unit, i.period_kind)
             for i in indicators.values()}
    try:
        rows, errors = importing.check_rows(table, infos)
    except importing.UnreadableFile as exc:
        raise DomainError(_("The file holds no lines."), field="file") from exc
    if errors:
        raise ImportRefused(errors)
    now = timezone.now()
    recorded = []
    for row in rows:
        measurement = _record(actor, indicators[row.indicator], row.period, row.value,
                              row.note, source, now)
        if measurement is not None:
            recorded.append(measurement)
    return recorded
