"""Scorecard pages: the scorecard with status, trend and the rule written out (and the warning
past eight indicators), an indicator with its chart, data table and history, defining an
indicator, entering and correcting a value, uploading CSV and XLSX (every problem with its line,
nothing half-imported), the template; query counts that do not grow with indicators or
periods."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.scorecard import importing
from concordia.scorecard.models import Indicator, Measurement
from concordia.testing.scorecard import build_scorecard

pytestmark = pytest.mark.django_db


def url(name, world, *args):
    return reverse(name, args=[world.alliance.pk, *args])


def test_the_scorecard_shows_status_trend_and_the_rule(client, world):
    build_scorecard(world)
    client.force_login(world.observer_b)
    response = client.get(url("scorecard", world))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Reports on time" in text
    assert '<span class="status-on_track">on track</span>' in text  # 92 against 90
    assert '<span class="status-off_track">off track</span>' in text  # 12 days against 10
    assert "improving" in text
    assert "How the status is decided" in text
    assert url("indicator_create", world) not in text  # an observer defines nothing
    assert url("measurement_upload", world) not in text
    assert "more than 8" not in text


def test_the_page_warns_past_eight_indicators(client, world):
    for n in range(9):
        Indicator.objects.create(alliance=world.alliance, name=f"KPI {n}", definition="d",
                                 unit="%", direction="higher", period_kind="year",
                                 owner_partner=world.partner_a, created_by=world.founder)
    client.force_login(world.founder)
    assert "more than 8 indicators" in client.get(url("scorecard", world)).content.decode()


def test_an_indicator_shows_its_chart_table_and_history_with_corrections(client, world):
    sc = build_scorecard(world)
    client.force_login(world.reviewer)
    text = client.get(url("indicator_detail", world, sc.indicator_a.pk)).content.decode()
    assert 'role="img"' in text
    assert 'id="trend-title"' in text
    assert ("<tr><th scope=\"row\">2024-Q1</th><td>85</td><td>90</td><td><span "
            "class=\"status-at_risk\">at risk</span></td></tr>") in text
    assert "<del>80</del>" in text  # the corrected value, kept
    assert "Late batch counted" in text
    assert "Enter a value" not in text


def test_the_core_team_defines_an_indicator_through_the_form(client, world):
    client.force_login(world.coordinator_b)
    response = client.post(url("indicator_create", world), {
        "name": "Benefits paid on time", "definition": "Share paid by the due date.",
        "unit": "%", "direction": "higher", "period_kind": "quarter",
        "owner_partner": str(world.partner_b.pk), "owner_person": "", "source": "",
        "pillar": "trust", "objective": "", "tolerance": "5", "target": "97,5",
        "target_from": "2025-Q1"})
    indicator = Indicator.objects.get(name="Benefits paid on time")
    assert response.status_code == 302
    assert response["Location"] == url("indicator_detail", world, indicator.pk)
    assert (indicator.tolerance, indicator.pillar) == (Decimal(5), "trust")
    assert list(indicator.targets.values_list("value", flat=True)) == [Decimal("97.5")]


def test_a_bad_target_period_is_shown_on_its_field(client, world):
    client.force_login(world.founder)
    response = client.post(url("indicator_create", world), {
        "name": "X", "definition": "Y", "unit": "%", "direction": "higher",
        "period_kind": "year", "owner_partner": str(world.partner_a.pk), "tolerance": "10",
        "target": "5", "target_from": "2025-Q1"})
    text = response.content.decode()
    assert response.status_code == 422
    assert "Write the period like 2024." in text
    assert 'aria-describedby="id_target_from_error' in text or "id_target_from" in text
    assert not Indicator.objects.filter(name="X").exists()


def test_the_owning_partner_enters_and_corrects_a_value(client, world):
    sc = build_scorecard(world)
    client.force_login(world.professional_a)
    form_url = url("measurement_create", world, sc.indicator_a.pk)
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, {"period": "2024-Q3", "value": "70", "note": ""})
    assert response.status_code == 302
    client.post(form_url, {"period": "2024-Q3", "value": "70", "note": ""})  # again
    assert Measurement.objects.filter(indicator=sc.indicator_a, period="2024-Q3").count() == 1
    text = client.get(url("scorecard", world)).content.decode()
    assert '<span class="status-off_track">off track</span>' in text  # 70 against 90
    assert "worsening" in text


def test_partner_b_cannot_enter_values_for_partner_as_indicator(client, world):
    sc = build_scorecard(world)
    client.force_login(world.coordinator_b)
    before = Measurement.objects.count()
    response = client.post(url("measurement_create", world, sc.indicator_a.pk),
                           {"period": "2024-Q3", "value": "1"})
    assert response.status_code == 403
    assert Measurement.objects.count() == before


def upload(client, world, name, data):
    return client.post(url("measurement_upload", world),
                       {"file": SimpleUploadedFile(name, data)})


def test_a_csv_upload_records_every_line(client, world):
    sc = build_scorecard(world)
    client.force_login(world.professional_a)
    data = (b"indicator;period;value;unit\nReports on time;2024-Q3;93,5;%\n"
            b"Reports on time;2024-Q4;95;%\n")
    response = upload(client, world, "values.csv", data)
    assert response.status_code == 302
    assert list(Measurement.objects.filter(indicator=sc.indicator_a, current=True)
                .order_by("period").values_list("period", "value", "source")) == [
        ("2024-Q1", Decimal(85), "form"), ("2024-Q2", Decimal(92), "form"),
        ("2024-Q3", Decimal("93.5"), "upload"), ("2024-Q4", Decimal(95), "upload")]


def test_an_xlsx_upload_with_problems_lists_them_by_line_and_imports_nothing(client, world):
    build_scorecard(world)
    client.force_login(world.professional_a)
    book = openpyxl.Workbook()
    for row in (["indicator", "period", "value", "unit"],
                ["Reports on time", "2024-Q3", 93, "%"],
                ["Reports on time", "2024-Q3", 94, "%"],
                ["Days to resolve", "2024", 3, "days"],
                ["Reports on time", "2024-Q4", "lots", "percent"]):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    before = Measurement.objects.count()
    response = upload(client, world, "values.xlsx", out.getvalue())
    text = response.content.decode()
    assert response.status_code == 422
    assert Measurement.objects.count() == before
    assert "The same indicator and period are on line 2 already." in text
    assert "No indicator of yours has this name: Days to resolve" in text  # partner B's
    assert "Not a number: lots" in text
    assert "The unit must be the indicator&#x27;s: %" in text
    assert text.count('<th scope="row">') >= 4


@pytest.mark.parametrize(("name", "data", "message"), [
    ("values.csv", b"\xff\xfe", "Save the CSV file in UTF-8."),
    ("values.xlsx", b"PK not really", "The file cannot be read as CSV or XLSX."),
    ("values.pdf", b"%PDF", "Upload a CSV or XLSX file."),
    ("values.csv", b"x" * (importing.MAX_BYTES + 1), "The file is larger than 2 MB."),
    ("values.csv", b"indicator,period,value,unit\n" + b"a,b,c,d\n" * (importing.MAX_ROWS + 1),
     "The file has more than 5,000 lines."),
])
def test_unreadable_or_huge_files_are_refused(client, world, name, data, message):
    build_scorecard(world)
    client.force_login(world.professional_a)
    before = Measurement.objects.count()
    response = upload(client, world, name, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Measurement.objects.count() == before


def test_the_templates_list_the_persons_own_indicators(client, world):
    build_scorecard(world)
    client.force_login(world.professional_a)
    csv_text = client.get(url("measurement_template", world, "csv")).content.decode()
    assert csv_text.splitlines() == ["indicator,period,value,unit,note",
                                     "Reports on time,2024-Q2,,%,"]
    response = client.get(url("measurement_template", world, "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["indicator", "period", "value", "unit", "note"],
        ["Reports on time", "2024-Q2", None, "%", None]]
    assert client.get(url("measurement_template", world, "pdf")).status_code == 404


def _count(client, address):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(address).status_code == 200
    return len(ctx.captured_queries)


def _seed(world, indicators, periods):
    now = timezone.now()
    rows = []
    for n in range(indicators):
        indicator = Indicator.objects.create(
            alliance=world.alliance, name=f"KPI {Indicator.objects.count()}", definition="d",
            unit="%", direction="higher", period_kind="month", owner_partner=world.partner_a,
            created_by=world.founder)
        indicator.targets.create(from_period="2020-01", value=Decimal(50), set_by=world.founder)
        for p in range(periods):
            period = f"{2020 + p // 12}-{p % 12 + 1:02d}"
            rows.append(Measurement(indicator=indicator, period=period, value=Decimal(n + p),
                                    entered_by=world.founder, entered_at=now))
    Measurement.objects.bulk_create(rows)
    return indicator


def test_the_scorecard_costs_the_same_queries_for_1_x_1_as_for_8_x_40(client, world):
    client.force_login(world.founder)
    address = url("scorecard", world)
    client.get(address)
    _seed(world, 1, 1)
    one = _count(client, address)
    _seed(world, 7, 40)
    many = _count(client, address)
    assert many == one


def test_an_indicator_costs_the_same_queries_for_1_as_for_40_periods(client, world):
    client.force_login(world.founder)
    small = _seed(world, 1, 1)
    big = _seed(world, 1, 40)
    assert (_count(client, url("indicator_detail", world, big.pk))
            == _count(client, url("indicator_detail", world, small.pk)))


def test_the_core_team_changes_an_indicator_on_its_page_and_a_stale_form_is_refused(client,
                                                                                     world):
    sc = build_scorecard(world)
    client.force_login(world.founder)
    page = url("indicator_edit", world, sc.indicator_a.pk)
    form = client.get(page)
    assert form.status_code == 200
    assert 'name="version" value="1"' in form.content.decode()
    body = {"name": "Reports in time", "definition": "Share received by the deadline.",
            "unit": "%", "direction": "higher", "owner_partner": str(world.partner_a.pk),
            "owner_person": "", "source": "", "pillar": "", "objective": "", "version": "1"}
    response = client.post(page, body)
    assert response.status_code == 302
    indicator = Indicator.objects.get(pk=sc.indicator_a.pk)
    assert (indicator.name, indicator.owner_person, indicator.version) == (
        "Reports in time", None, 2)
    stale = client.post(page, {**body, "name": "Reports late"})
    assert stale.status_code == 422
    assert "Someone else changed this indicator" in stale.content.decode()
    assert Indicator.objects.get(pk=sc.indicator_a.pk).name == "Reports in time"


def test_a_retired_indicator_leaves_the_scorecard_and_shows_with_the_filter(client, world):
    sc = build_scorecard(world)
    client.force_login(world.founder)
    page = url("indicator_retire", world, sc.indicator_a.pk)
    assert client.get(page).status_code == 200
    assert client.post(page, {"version": "1"}).status_code == 302
    client.force_login(world.observer_b)
    scorecard = client.get(url("scorecard", world)).content.decode()
    detail = url("indicator_detail", world, sc.indicator_a.pk)
    assert detail not in scorecard
    with_retired = client.get(url("scorecard", world) + "?retired=1").content.decode()
    assert detail in with_retired
    shown = client.get(detail)
    assert shown.status_code == 200
    assert "Retired on" in shown.content.decode()
    client.force_login(world.founder)
    assert client.get(page).status_code == 404  # retired once
    assert client.get(url("indicator_edit", world, sc.indicator_a.pk)).status_code == 404


def test_the_scorecard_with_retired_indicators_in_dutch(client, world):
    sc = build_scorecard(world)
    client.force_login(world.founder)
    client.post(url("indicator_retire", world, sc.indicator_a.pk), {"version": "1"})
    world.observer_b.language = "nl"
    world.observer_b.save(update_fields=["language"])
    client.force_login(world.observer_b)
    text = client.get(url("scorecard", world) + "?retired=1").content.decode()
    assert "Beëindigde indicatoren" in text


def test_the_rule_for_the_status_is_written_beside_the_figures_in_both_languages(client,
                                                                                 world):
    build_scorecard(world)
    client.force_login(world.observer_b)
    text = client.get(url("scorecard", world)).content.decode()
    assert "on track from 90, at risk from 81, off track below 81 (tolerance 10 %)" in text
    assert "on track up to 10, at risk up to 11, off track above 11 (tolerance 10 %)" in text
    world.observer_b.language = "nl"
    world.observer_b.save(update_fields=["language"])
    client.force_login(world.observer_b)
    dutch = client.get(url("scorecard", world)).content.decode()
    assert "op koers vanaf 90, in gevaar vanaf 81, uit koers onder 81 (marge 10 %)" in dutch
