"""The minutes pages: what each reader sees (the wider circle never a confidential item),
the forms of each part, refusals shown on the page, and flat query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.meetings import minutes_services as services
from concordia.meetings.choices import ItemStatus, MinutesStatus
from concordia.meetings.models import AgendaItem, Meeting, Minutes, MinutesVersion
from concordia.testing.meetings import MeetingsWorld, build_meetings

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Staffing at partner B"
SECRET_NOTE = "Partner B hires two analysts."


@pytest.fixture
def mw(world) -> MeetingsWorld:
    return build_meetings(world)


def page(world, mw, name="minutes_detail", **extra):
    return reverse(name, kwargs={"pk": world.alliance.pk, "meeting_pk": mw.past.pk, **extra})


@pytest.mark.parametrize("who", ["observer_b", "reviewer"])
def test_the_wider_circle_never_sees_a_confidential_item(client, world, mw, who) -> None:
    client.force_login(getattr(world, who))
    for url in (page(world, mw), page(world, mw, "minutes_version", number=1)):
        response = client.get(url)
        text = response.content.decode()
        assert response.status_code == 200
        assert "Figures are on time." in text
        assert SECRET_TITLE not in text
        assert SECRET_NOTE not in text


@pytest.mark.parametrize("who", ["founder", "coordinator_b", "professional_a"])
def test_members_see_the_confidential_item(client, world, mw, who) -> None:
    client.force_login(getattr(world, who))
    text = client.get(page(world, mw)).content.decode()
    assert SECRET_TITLE in text
    assert SECRET_NOTE in text
    assert "Send the figures" in text  # the item's action


def test_forms_by_part(client, world, mw) -> None:
    client.force_login(world.founder)  # secretary, not present
    text = client.get(page(world, mw)).content.decode()
    assert 'id="draft"' in text
    assert 'id="approve"' in text
    assert 'id="propose"' not in text
    client.force_login(world.professional_a)  # present, not an organiser
    text = client.get(page(world, mw)).content.decode()
    assert 'id="propose"' in text
    assert 'id="draft"' not in text
    assert 'id="approve"' not in text
    client.force_login(world.observer_b)
    text = client.get(page(world, mw)).content.decode()
    assert "<form" not in text.split("</nav>", 2)[-1].split("<footer")[0].replace(
        'action="/i18n/', "")


def test_a_draft_is_the_organisers_own(client, world, mw) -> None:
    Minutes.objects.filter(pk=mw.minutes.pk).update(status=MinutesStatus.DRAFT)
    client.force_login(world.professional_a)
    text = client.get(page(world, mw)).content.decode()
    assert "Figures are on time." not in text
    assert client.get(page(world, mw, "minutes_version", number=1)).status_code == 404
    client.force_login(world.founder)
    assert "Figures are on time." in client.get(page(world, mw)).content.decode()


def test_a_version_that_does_not_exist_is_404(client, world, mw) -> None:
    client.force_login(world.founder)
    assert client.get(page(world, mw, "minutes_version", number=2)).status_code == 404
    too_big = page(world, mw, "minutes_version", number=1).replace("/1", "/99999999999999999999")
    assert client.get(too_big).status_code == 404


def test_a_correction_after_the_period_is_refused_on_the_page(client, world, mw) -> None:
    Minutes.objects.filter(pk=mw.minutes.pk).update(
        corrections_until=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world.professional_a)
    response = client.post(page(world, mw, "minutes_correction_propose"),
                           {"correct-agenda_item": "", "correct-text": "Late"})
    assert response.status_code == 422
    assert "The period for corrections ended on" in response.content.decode()


def test_approved_minutes_refuse_every_write_on_the_page(client, world, mw) -> None:
    Meeting.objects.create(body=mw.body, starts_at=timezone.now() - dt.timedelta(hours=1),
                           chair_person=world.coordinator_b)
    services.minutes_approve(actor=world.founder, minutes=mw.minutes,
                             expected_revision=mw.minutes.revision)
    revision = Minutes.objects.get(pk=mw.minutes.pk).revision
    client.force_login(world.founder)
    text = client.get(page(world, mw)).content.decode()
    assert 'id="draft"' not in text
    assert "can no longer be changed" in text
    response = client.post(page(world, mw, "minutes_draft"),
                           {"draft-summary": "x", "draft-revision": revision})
    assert response.status_code == 422
    assert "approved" in response.content.decode()
    assert MinutesVersion.objects.get(minutes=mw.minutes).summary == "A good meeting."


def test_drafting_through_the_page(client, world, mw) -> None:
    client.force_login(world.founder)
    response = client.post(page(world, mw, "minutes_draft"), {
        "draft-summary": "Revised", f"draft-note_{mw.open_item.pk}": "Late figures.",
        f"draft-note_{mw.confidential_item.pk}": SECRET_NOTE,
        "draft-revision": mw.minutes.revision})
    assert response.status_code == 302
    version = MinutesVersion.objects.get(minutes=mw.minutes, number=2)
    assert version.summary == "Revised"
    # a stale second submission changes nothing
    again = client.post(page(world, mw, "minutes_draft"), {
        "draft-summary": "Revised again", "draft-revision": mw.minutes.revision})
    assert again.status_code == 422
    assert MinutesVersion.objects.filter(minutes=mw.minutes).count() == 2


def _grow(mw, world, start: int, n: int) -> None:
    notes = dict(MinutesVersion.objects.get(minutes=mw.minutes, number=1).notes)
    for i in range(start, start + n):
        item = AgendaItem.objects.create(meeting=mw.past, position=10 + i, title=f"Item {i}",
                                         status=ItemStatus.ON_AGENDA, proposed_by=world.founder,
                                         confidential=i % 2 == 0)
        notes[str(item.pk)] = f"Note {i}"
        mw.action.__class__.objects.create(
            alliance=world.alliance, body=mw.body, agenda_item=item, title=f"Do {i}",
            owner_person=world.professional_a, created_by=world.founder)
    MinutesVersion.objects.filter(minutes=mw.minutes, number=1).update(notes=notes)


@pytest.mark.parametrize("who", ["founder", "observer_b"])
def test_queries_do_not_grow_with_the_agenda(client, world, mw, who) -> None:
    client.force_login(getattr(world, who))
    api = reverse("api:get_minutes", kwargs={"alliance_id": world.alliance.pk,
                                             "meeting_id": mw.past.pk})
    counts = []
    for start, extra in ((0, 1), (1, 27)):  # 3 items, then 30
        _grow(mw, world, start, extra)
        for url in (page(world, mw), api):
            client.get(url)  # warm caches (sessions, language)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]
