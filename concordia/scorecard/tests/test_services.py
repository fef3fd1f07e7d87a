"""Scorecard services: who defines indicators and sets targets, who enters values; a correction
is a new version with the earlier kept; repeated submissions change nothing; an import records
every line or none; the journal entries; refusals that change nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.scorecard import selectors, services
from concordia.scorecard.models import Indicator, Measurement, Target
from concordia.scorecard.rules import Status, Trend
from concordia.testing.scorecard import build_scorecard, fresh

pytestmark = pytest.mark.django_db

HEADER = ["indicator", "period", "value", "unit"]


def head(world) -> int:
    return JournalEntry.objects.filter(alliance=world.alliance).count()


def entries(world, since: int) -> list[tuple[str, dict]]:
    return list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=since)
                .order_by("seq").values_list("kind", "payload"))


def state():
    return (list(Indicator.objects.order_by("pk").values_list("pk", "name", "retired_at")),
            list(Target.objects.order_by("pk").values_list("pk", "from_period", "value")),
            list(Measurement.objects.order_by("pk").values_list("pk", "period", "value",
                                                                "version", "current")),
            JournalEntry.objects.count())


def define(world, actor=None, **overrides):
    fields = {"name": "Benefits paid on time", "definition": "Share paid by the due date.",
              "unit": "%", "direction": "higher", "period_kind": "quarter",
              "owner_partner": world.partner_b, "owner_person": world.coordinator_b}
    fields.update(overrides)
    return services.indicator_define(actor=fresh(actor or world.founder),
                                     alliance=world.alliance, **fields)


def test_the_key_alliance_manager_defines_an_indicator_with_its_first_target(world):
    seq = head(world)
    indicator = define(world, name="  Benefits   paid on time ", target=Decimal("97.5"),
                       target_from="2025-q1", pillar="transparency")
    assert (indicator.name, indicator.owner_partner, indicator.tolerance) == (
        "Benefits paid on time", world.partner_b, Decimal("10.00"))
    assert list(indicator.targets.values_list("from_period", "value")) == [
        ("2025-Q1", Decimal("97.5000"))]
    assert entries(world, seq) == [
        ("IndicatorDefined", {"name": "Benefits paid on time", "unit": "%",
                              "direction": "higher", "period_kind": "quarter",
                              "owner_partner": world.partner_b.pk}),
        ("TargetSet", {"indicator": indicator.pk, "name": "Benefits paid on time",
                       "from_period": "2025-Q1", "value": "97.5", "previous": None}),
    ]


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer", "outsider"])
def test_only_the_core_team_defines_indicators(world, actor):
    before = state()
    with pytest.raises(PermissionDenied):
        define(world, actor=getattr(world, actor))
    assert state() == before


@pytest.mark.parametrize(("overrides", "field"), [
    ({"name": " "}, "name"), ({"definition": ""}, "definition"), ({"unit": ""}, "unit"),
    ({"direction": "sideways"}, "direction"), ({"period_kind": "week"}, "period_kind"),
    ({"pillar": "luck"}, "pillar"), ({"tolerance": Decimal(101)}, "tolerance"),
    ({"owner_person": "professional_a"}, "owner_person"),
    ({"target": Decimal(1), "target_from": "2025"}, "target_from"),
    ({"target": Decimal("1e20"), "target_from": "2025-Q1"}, "target"),
])
def test_a_bad_definition_is_refused_on_its_field(world, overrides, field):
    if overrides.get("owner_person") == "professional_a":
        overrides["owner_person"] = world.professional_a  # of partner A, not B
    before = state()
    with pytest.raises(DomainError) as caught:
        define(world, **overrides)
    assert caught.value.field == field
    assert state() == before


def test_two_live_indicators_do_not_share_a_name(world):
    define(world)
    before = state()
    with pytest.raises(Conflict):
        define(world, name="Benefits paid on time")
    assert state() == before


def test_the_owning_partners_people_enter_values_and_a_correction_keeps_the_earlier(world):
    indicator = define(world)
    seq = head(world)
    first = services.measurement_record(actor=fresh(world.coordinator_b), indicator=indicator,
                                        period="2025-Q1", value="96,5")
    again = services.measurement_record(actor=fresh(world.coordinator_b), indicator=indicator,
                                        period="2025-Q1", value="96.50")
    assert again.pk == first.pk  # the same value again: nothing new
    corrected = services.measurement_record(actor=fresh(world.coordinator_b),
                                            indicator=indicator, period="2025-Q1",
                                            value="97", note="Late batch")
    rows = list(Measurement.objects.filter(indicator=indicator).order_by("version")
                .values_list("value", "version", "current", "entered_by_id", "note"))
    assert rows == [(Decimal("96.5"), 1, False, world.coordinator_b.pk, ""),
                    (Decimal(97), 2, True, world.coordinator_b.pk, "Late batch")]
    assert corrected.version == 2
    assert [(kind, p["value"], p["previous"], p["version"]) for kind, p in entries(world, seq)] \
        == [("MeasurementRecorded", "96.5", None, 1), ("MeasurementCorrected", "97", "96.5", 2)]


@pytest.mark.parametrize("actor", ["founder", "professional_a", "observer_b", "reviewer",
                                   "outsider"])
def test_no_one_else_enters_values_for_partner_bs_indicator(world, actor):
    indicator = define(world)
    before = state()
    with pytest.raises(PermissionDenied):
        services.measurement_record(actor=fresh(getattr(world, actor)), indicator=indicator,
                                    period="2025-Q1", value="1")
    assert state() == before


@pytest.mark.parametrize(("period", "value", "field"), [
    ("2025", "1", "period"), ("1800-Q1", "1", "period"), ("2025-Q1", "many", "value"),
    ("2025-Q1", "1" * 15, "value"),
])
def test_bad_values_are_refused(world, period, value, field):
    indicator = define(world)
    before = state()
    with pytest.raises(DomainError) as caught:
        services.measurement_record(actor=fresh(world.coordinator_b), indicator=indicator,
                                    period=period, value=value)
    assert caught.value.field == field
    assert state() == before


def test_a_target_is_set_and_replaced_with_the_earlier_in_the_journal(world):
    indicator = define(world)
    services.target_set(actor=fresh(world.coordinator_b), indicator=indicator,
                        from_period="2025-Q1", value="95")
    seq = head(world)
    services.target_set(actor=fresh(world.founder), indicator=indicator,
                        from_period="2025-Q1", value="96")
    services.target_set(actor=fresh(world.founder), indicator=indicator,
                        from_period="2025-Q1", value="96")  # again: nothing changes
    assert list(indicator.targets.values_list("from_period", "value")) == [
        ("2025-Q1", Decimal(96))]
    assert [(k, p["value"], p["previous"]) for k, p in entries(world, seq)] == [
        ("TargetSet", "96", "95")]
    with pytest.raises(PermissionDenied):
        services.target_set(actor=fresh(world.professional_a), indicator=indicator,
                            from_period="2025-Q2", value="1")


def test_an_import_records_every_line(world):
    indicator = define(world)
    seq = head(world)
    recorded = services.measurements_import(
        actor=fresh(world.coordinator_b), alliance=world.alliance,
        table=[HEADER, ["Benefits paid on time", "2025-Q1", "90", "%"],
               ["Benefits paid on time", "2025-Q2", "93.25", "%"]])
    assert [(m.period, m.value, m.source) for m in recorded] == [
        ("2025-Q1", Decimal(90), "upload"), ("2025-Q2", Decimal("93.25"), "upload")]
    assert [k for k, _p in entries(world, seq)] == ["MeasurementRecorded"] * 2
    assert indicator.measurements.count() == 2


def test_an_import_with_one_bad_line_records_nothing(world):
    define(world)
    before = state()
    with pytest.raises(services.ImportRefused) as caught:
        services.measurements_import(
            actor=fresh(world.coordinator_b), alliance=world.alliance,
            table=[HEADER, ["Benefits paid on time", "2025-Q1", "90", "%"],
                   ["Benefits paid on time", "2025-Q2", "ninety", "%"]])
    assert [(e.line, e.code) for e in caught.value.errors] == [(3, "value")]
    assert state() == before


def test_an_import_cannot_reach_another_partners_indicator(world):
    define(world)  # partner B's
    before = state()
    with pytest.raises(services.ImportRefused) as caught:
        services.measurements_import(
            actor=fresh(world.professional_a), alliance=world.alliance,
            table=[HEADER, ["Benefits paid on time", "2025-Q1", "90", "%"]])
    assert [(e.line, e.code) for e in caught.value.errors] == [(2, "indicator")]
    assert state() == before
    with pytest.raises(PermissionDenied):
        services.measurements_import(actor=fresh(world.observer_b), alliance=world.alliance,
                                     table=[HEADER])
    assert state() == before


def test_the_standing_of_an_indicator(world):
    sc = build_scorecard(world)
    indicator = selectors.indicator_get(user=fresh(world.observer_b), alliance=world.alliance,
                                        pk=sc.indicator_a.pk)
    standing = selectors.standing(indicator)
    assert [(p.period, p.value, p.target, p.status) for p in standing.points] == [
        ("2024-Q1", Decimal(85), Decimal(90), Status.AT_RISK),
        ("2024-Q2", Decimal(92), Decimal(90), Status.ON_TRACK)]
    assert standing.trend is Trend.IMPROVING
    assert [(m.period, m.version, m.value) for m in indicator.history] == [
        ("2024-Q2", 1, Decimal(92)), ("2024-Q1", 2, Decimal(85)), ("2024-Q1", 1, Decimal(80))]
    b = selectors.standing(selectors.indicator_get(user=fresh(world.founder),
                                                   alliance=world.alliance,
                                                   pk=sc.indicator_b.pk))
    assert (b.latest.status, b.trend) == (Status.OFF_TRACK, Trend.NONE)  # 12 > 10 + 1 day


def test_another_alliances_indicator_is_out_of_reach(world):
    sc = build_scorecard(world)
    with pytest.raises(Http404):
        selectors.indicator_get(user=fresh(world.founder), alliance=world.alliance,
                                pk=sc.foreign_indicator.pk)


# --- changing and retiring an indicator -----------------------------------------------------

def change(world, indicator, actor=None, version=1, **overrides):
    fields = {"name": indicator.name, "definition": indicator.definition,
              "unit": indicator.unit, "direction": indicator.direction,
              "owner_partner": indicator.owner_partner, "owner_person": indicator.owner_person,
              "source": indicator.source, "pillar": indicator.pillar,
              "objective": indicator.objective}
    fields.update(overrides)
    return services.indicator_update(actor=fresh(actor or world.founder), indicator=indicator,
                                     expected_version=version, **fields)


def test_the_core_team_changes_an_indicators_definition_and_the_journal_says_what(world):
    sc = build_scorecard(world)
    seq = head(world)
    changed = change(world, sc.indicator_a, actor=world.coordinator_b, name="Reports in time",
                     owner_partner=world.partner_b, owner_person=world.coordinator_b,
                     pillar="")
    assert (changed.name, changed.owner_partner, changed.version, changed.pillar) == (
        "Reports in time", world.partner_b, 2, "")
    assert entries(world, seq) == [("IndicatorChanged", {
        "name": "Reports in time", "unit": "%", "direction": "higher",
        "period_kind": "quarter", "owner_partner": world.partner_b.pk,
        "changed": ["name", "owner_partner", "owner_person", "pillar"], "version": 2,
        "before": {"name": "Reports on time", "owner_partner": world.partner_a.pk,
                   "owner_person": world.professional_a.pk, "pillar": "transparency"}})]
    # Its values and targets stay; the period kind is not changed.
    assert Measurement.objects.filter(indicator=changed).count() == 3
    assert changed.period_kind == "quarter"


def test_a_stale_edit_is_refused_and_changes_nothing(world):
    sc = build_scorecard(world)
    change(world, sc.indicator_a, unit="percent")
    before = state()
    with pytest.raises(Conflict) as exc:
        change(world, sc.indicator_a, version=1, definition="Something else.")
    assert exc.value.code == "stale"
    assert state() == before


@pytest.mark.parametrize("who", ["professional_a", "observer_b", "reviewer"])
def test_only_the_core_team_changes_or_retires_an_indicator(world, who):
    sc = build_scorecard(world)
    before = state()
    with pytest.raises(PermissionDenied):
        change(world, sc.indicator_a, actor=getattr(world, who), name="Mine now")
    with pytest.raises(PermissionDenied):
        services.indicator_retire(actor=fresh(getattr(world, who)),
                                  indicator=sc.indicator_a, expected_version=1)
    assert state() == before


def test_another_alliance_never_changes_or_retires_ours(world):
    sc = build_scorecard(world)
    before = state()
    with pytest.raises(PermissionDenied):
        change(world, sc.indicator_a, actor=world.outsider, name="Z's now")
    with pytest.raises(PermissionDenied):
        services.indicator_retire(actor=fresh(world.outsider), indicator=sc.indicator_a,
                                  expected_version=1)
    assert state() == before


def test_an_edit_that_changes_nothing_or_takes_a_live_name_is_refused(world):
    sc = build_scorecard(world)
    with pytest.raises(DomainError):
        change(world, sc.indicator_a)
    with pytest.raises(Conflict) as exc:
        change(world, sc.indicator_a, name="Days to resolve")
    assert exc.value.code == "duplicate"


def test_a_retired_indicator_leaves_the_scorecard_and_keeps_its_history(world):
    sc = build_scorecard(world)
    seq = head(world)
    retired = services.indicator_retire(actor=fresh(world.founder), indicator=sc.indicator_a,
                                        expected_version=1)
    assert retired.retired_at is not None
    assert retired.version == 2
    assert [k for k, _ in entries(world, seq)] == ["IndicatorRetired"]
    live = selectors.indicator_list(user=world.observer_b, alliance=world.alliance)
    assert [i.pk for i in live] == [sc.indicator_b.pk]
    gone = selectors.indicator_list(user=world.observer_b, alliance=world.alliance,
                                    retired=True)
    assert [i.pk for i in gone] == [sc.indicator_a.pk]
    kept = selectors.indicator_get(user=world.observer_b, alliance=world.alliance,
                                   pk=sc.indicator_a.pk)
    assert len(selectors.history_of(kept)) == 3
    # No more values, targets, edits or a second retirement; the name is free again.
    before = state()
    with pytest.raises(DomainError):
        services.measurement_record(actor=fresh(world.professional_a), indicator=kept,
                                    period="2024-Q3", value="90")
    with pytest.raises(DomainError):
        services.target_set(actor=fresh(world.founder), indicator=kept,
                            from_period="2025-Q1", value="95")
    with pytest.raises(Conflict) as exc:
        change(world, kept, version=2, unit="percent")
    assert exc.value.code == "retired"
    with pytest.raises(Conflict):
        services.indicator_retire(actor=fresh(world.founder), indicator=kept,
                                  expected_version=2)
    assert state() == before
    assert define(world, name="Reports on time").name == "Reports on time"
