"""The approved report's PDF laid out ahead of time (reports.pdf): approving asks for it, the
view serves the prepared PDF without laying anything out, in the reader's language and dated
the day it was made, and lays out anew once what the report shows has changed; a short report
is laid out on request and never prepared."""

import datetime as dt

import pytest
import weasyprint
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from concordia.design import sheet
from concordia.reports import pdf, services
from concordia.reports.models import Report
from concordia.testing.reports import fresh, reports_of

pytestmark = pytest.mark.django_db

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                           "LOCATION": "report-pdf-tests"},
               "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


class W:
    def __init__(self, world):
        self.world = world


@pytest.fixture(autouse=True)
def own_cache():
    with override_settings(CACHES=LOCAL_CACHE):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def long_enough(monkeypatch):
    """The test world's reports are short: here every report counts as long."""
    monkeypatch.setattr(pdf, "PREPARE_FROM_CHARS", 0)


@pytest.fixture
def approved(world):
    ready = reports_of(W(world)).ready
    return services.report_approve(actor=fresh(world.founder), report=ready)


@pytest.fixture
def layouts(monkeypatch):
    """Counts WeasyPrint's layouts (design.sheet imports HTML when it lays out)."""
    made: list[str] = []
    real = weasyprint.HTML

    def counting(*args, **kwargs):
        made.append(kwargs.get("string", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", counting)
    return made


def prepare_on(day, report, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(timezone, "localdate", lambda *_a, **_k: day)
        return pdf.report_pdf_prepare(report.pk)


def get_pdf(client, world, report):
    response = client.get(reverse("report_pdf", args=[world.alliance.pk, report.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    return response.content


def test_approving_asks_for_the_pdf_once_committed(world, django_capture_on_commit_callbacks):
    ready = reports_of(W(world)).ready
    with override_settings(TASKS=DB_QUEUE), django_capture_on_commit_callbacks(execute=True):
        services.report_approve(actor=fresh(world.founder), report=ready)
    queued = DBTaskResult.objects.filter(task_path="concordia.reports.tasks.prepare_report_pdf")
    assert [r.args_kwargs["kwargs"] for r in queued] == [{"report_id": ready.pk}]


def test_a_report_not_approved_is_not_prepared(world, layouts, long_enough):
    assert pdf.report_pdf_prepare(reports_of(W(world)).ready.pk) == 0
    assert layouts == []


def test_a_short_report_is_laid_out_on_request_not_prepared(client, world, approved, layouts,
                                                             monkeypatch):
    assert pdf.report_pdf_prepare(approved.pk) == 0
    assert layouts == []
    asked: list[int] = []
    monkeypatch.setattr(pdf, "ask_preparation", asked.append)
    client.force_login(world.observer_b)
    get_pdf(client, world, approved)
    assert len(layouts) == 1
    assert asked == []


def test_the_prepared_pdf_is_served_without_a_layout(client, world, approved, layouts,
                                                     monkeypatch, long_enough):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert prepare_on(yesterday, approved, monkeypatch) >= 2  # English and Dutch at least
    prepared = len(layouts)
    client.force_login(world.observer_b)
    english = get_pdf(client, world, approved)
    world.observer_b.language = "nl"
    world.observer_b.save(update_fields=["language"])
    dutch = get_pdf(client, world, approved)
    assert len(layouts) == prepared  # nothing laid out on request
    assert english != dutch
    # dated the day it was made: the page it comes from says so
    with translation.override("nl"):
        html = pdf.report_pdf_html(user=fresh(world.observer_b), report=approved,
                                   printed_on=yesterday)
    assert f"Afgedrukt uit Concordia op {yesterday:%-d} " in html
    assert dutch == sheet.cached_sheet_pdf(html)


def test_a_change_to_what_the_report_shows_is_laid_out_anew_and_prepared_again(
        client, world, approved, layouts, monkeypatch, long_enough):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    prepare_on(yesterday, approved, monkeypatch)
    client.force_login(world.observer_b)
    before = get_pdf(client, world, approved)
    prepared = len(layouts)
    world.alliance.name = "Renamed alliance"  # the title on every page
    world.alliance.save(update_fields=["name"])
    asked: list[int] = []
    monkeypatch.setattr(pdf, "ask_preparation", asked.append)
    after = get_pdf(client, world, Report.objects.get(pk=approved.pk))
    assert len(layouts) == prepared + 1  # the stale PDF is not served
    assert "Renamed alliance" in layouts[-1]
    assert after != before
    assert asked == [approved.pk]  # and it is prepared again


def test_an_open_report_is_laid_out_on_request_and_not_prepared(client, world, layouts,
                                                                monkeypatch):
    report = reports_of(W(world)).report
    asked: list[int] = []
    monkeypatch.setattr(pdf, "ask_preparation", asked.append)
    client.force_login(world.observer_b)
    get_pdf(client, world, report)
    get_pdf(client, world, report)  # the same day: from the cache
    assert len(layouts) == 1
    assert asked == []
