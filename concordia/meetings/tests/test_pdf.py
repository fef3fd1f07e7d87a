"""The agenda and the approved minutes as PDF: tagged PDF/UA with language and title, what each
reader may see (the page the PDF is made from is captured), and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from concordia.meetings import pdf
from concordia.meetings.choices import AttendanceStatus, ItemStatus, MinutesStatus
from concordia.meetings.models import AgendaItem, Attendance, Minutes, MinutesVersion
from concordia.testing.meetings import build_meetings
from concordia.testing.pdf import pdf_objects

from .calendar_support import pdf_title


@pytest.fixture
def mw(world):
    return build_meetings(world)


@pytest.fixture
def printed(monkeypatch):
    """The HTML each PDF is made from, in order (the PDF itself is still rendered)."""
    pages: list[str] = []
    render = pdf.render_pdf

    def capture(html: str) -> bytes:
        pages.append(html)
        return render(html)

    monkeypatch.setattr(pdf, "render_pdf", capture)
    return pages


def url(name: str, meeting) -> str:
    return reverse(name, kwargs={"pk": meeting.body.alliance_id, "meeting_pk": meeting.pk})


def approve(mw, *, summary: str = "Approved text.") -> MinutesVersion:
    """The minutes approved in version 2 (what the minutes services leave behind)."""
    Minutes.objects.filter(pk=mw.minutes.pk).update(
        status=MinutesStatus.APPROVED, version=2, approved_at=timezone.now(),
        approved_in=mw.upcoming)
    return MinutesVersion.objects.create(
        minutes=mw.minutes, number=2, summary=summary, written_by=mw.body.secretary,
        notes={str(mw.open_item.pk): "Figures are on time, corrected.",
               str(mw.confidential_item.pk): "Partner B hires two analysts."})


def test_agenda_pdf_is_tagged_with_language_and_title(client, world, mw):
    world.founder.language = "nl"
    world.founder.save(update_fields=["language"])
    client.force_login(world.founder)

    response = client.get(url("meeting_agenda_pdf", mw.past))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with translation.override("nl"):
        date = dateformat.format(timezone.localtime(mw.past.starts_at), "j F Y")
    assert response["Content-Disposition"] == (
        f'inline; filename="agenda-{mw.past.starts_at:%Y-%m-%d}-{mw.past.pk}.pdf"')
    content = pdf_objects(response.content)
    assert response.content.startswith(b"%PDF-")
    assert b"/StructTreeRoot" in content
    assert b"/MarkInfo <</Marked true>>" in content
    assert b"pdfuaid:part" in content
    assert b"/Lang (nl)" in content  # Dutch, the person's language
    assert pdf_title(response.content) == f"Agenda · Tactical table · {date}"


def test_agenda_pdf_in_english_for_a_person_who_chose_it(client, world, mw):
    world.founder.language = "en"
    world.founder.save(update_fields=["language"])
    client.force_login(world.founder)

    response = client.get(url("meeting_agenda_pdf", mw.past))

    assert b"/Lang (en)" in pdf_objects(response.content)
    assert pdf_title(response.content).startswith("Agenda · Tactical table · ")


def test_agenda_pdf_for_a_member_has_the_confidential_item(client, world, mw, printed):
    client.force_login(world.professional_a)

    client.get(url("meeting_agenda_pdf", mw.past))

    [html] = printed
    assert "Delivery figures" in html
    assert "Staffing at partner B" in html
    assert "confidential items are left out" not in html.lower()


def test_agenda_pdf_for_a_wider_circle_leaves_out_confidential_items(client, world, mw,
                                                                     printed):
    world.observer_b.language = "en"
    world.observer_b.save(update_fields=["language"])
    client.force_login(world.observer_b)

    response = client.get(url("meeting_agenda_pdf", mw.past))

    [html] = printed
    assert response.status_code == 200
    assert "Delivery figures" in html
    assert "Staffing" not in html
    assert "Version for a wider circle: confidential items are left out." in html


def test_minutes_pdf_is_404_until_approved(client, world, mw):
    client.force_login(world.founder)

    assert client.get(url("meeting_minutes_pdf", mw.past)).status_code == 404  # circulated
    assert client.get(url("meeting_minutes_pdf", mw.upcoming)).status_code == 404  # none
    approve(mw)
    assert client.get(url("meeting_minutes_pdf", mw.past)).status_code == 200


def test_minutes_pdf_is_the_latest_version(client, world, mw, printed):
    approve(mw, summary="The approved summary.")
    client.force_login(world.coordinator_b)

    response = client.get(url("meeting_minutes_pdf", mw.past))

    [html] = printed
    assert response["Content-Type"] == "application/pdf"
    assert b"/StructTreeRoot" in pdf_objects(response.content)
    assert "The approved summary." in html
    assert "A good meeting." not in html  # version 1
    assert "Figures are on time, corrected." in html
    assert "Partner B hires two analysts." in html  # a member reads the confidential item


def test_minutes_pdf_for_a_wider_circle_leaves_out_confidential_items(client, world, mw,
                                                                      printed):
    approve(mw)
    client.force_login(world.reviewer)

    response = client.get(url("meeting_minutes_pdf", mw.past))

    [html] = printed
    assert response.status_code == 200
    assert "Figures are on time, corrected." in html
    assert "Staffing" not in html
    assert "hires two analysts" not in html


@pytest.mark.parametrize("name", ["meeting_agenda_pdf", "meeting_minutes_pdf"])
@pytest.mark.parametrize("actor", ["outsider", "stranger", "expired_reviewer"])
def test_pdfs_are_404_outside_the_alliance(client, world, mw, name, actor):
    approve(mw)
    client.force_login(getattr(world, actor))

    assert client.get(url(name, mw.past)).status_code == 404


def test_another_alliances_meeting_is_404(client, world, mw):
    client.force_login(world.founder)
    target = reverse("meeting_agenda_pdf", kwargs={"pk": world.alliance.pk,
                                                   "meeting_pk": mw.other_meeting.pk})

    assert client.get(target).status_code == 404


def test_pdf_query_counts_are_flat_for_3_and_30_items(client, world, mw, monkeypatch):
    monkeypatch.setattr(pdf, "render_pdf", lambda html: b"%PDF-")  # counting queries only
    approve(mw)
    client.force_login(world.founder)

    def count(name: str, n: int) -> int:
        start = AgendaItem.objects.count()
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=mw.past, position=10 + i, title=f"Item {start + i}",
                       status=ItemStatus.ON_AGENDA, proposed_by=world.founder,
                       owner=world.professional_a)
            for i in range(n))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, mw.past)).status_code == 200
        return len(queries)

    for name in ("meeting_agenda_pdf", "meeting_minutes_pdf"):
        assert count(name, 1) == count(name, 27)


def test_minutes_pdf_lists_attendance_with_replacements(client, world, mw, printed):
    approve(mw)
    Attendance.objects.filter(meeting=mw.past, seat=mw.seat_b).update(
        status=AttendanceStatus.REPLACED, replaced_by=world.observer_b)
    world.founder.language = "en"
    world.founder.save(update_fields=["language"])
    client.force_login(world.founder)

    client.get(url("meeting_minutes_pdf", mw.past))

    [html] = printed
    assert f"<td>replaced: {world.observer_b}</td>" in " ".join(html.split()).replace(
        "<td> ", "<td>")
