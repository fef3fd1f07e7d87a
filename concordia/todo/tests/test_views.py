"""The home page as a to-do list, the counts in the navigation, and the API. The number of
queries does not grow with the number of alliances the items come from."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.actions.models import ActionItem
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Partner
from concordia.bodies.choices import BodyKind, ChairRule
from concordia.bodies.models import Body, Seat
from concordia.design import services as design_services
from concordia.design.choices import StatementKind
from concordia.meetings.choices import AttendanceStatus, MinutesStatus
from concordia.meetings.models import Attendance, Meeting, Minutes
from concordia.notifications import services as notification_services
from concordia.reports.models import Report
from concordia.reviews.choices import FindingKind, ReviewState
from concordia.reviews.models import Finding, Review
from concordia.testing.factories import PersonFactory, give_role, make_alliance
from concordia.testing.meetings import build_meetings

pytestmark = pytest.mark.django_db


def far_upcoming(world):
    """The shared meetings world, its upcoming meeting moved beyond this week."""
    m = build_meetings(world)
    Meeting.objects.filter(pk=m.upcoming.pk).update(
        starts_at=timezone.now() + dt.timedelta(days=10))
    return m


def test_home_shows_what_waits_above_the_alliances(client, world):
    far_upcoming(world)
    client.force_login(world.professional_a)
    html = client.get(reverse("home")).content.decode()
    todo = html.index("What waits for you")
    assert todo < html.index("Alliances you take part in")
    assert "Send the figures" in html  # the action, due tomorrow
    assert "Minutes waiting for your review" in html
    assert "Nothing waits for you right now." not in html
    # the navigation counts the minutes and the action
    assert '<span class="count">2<span class="visually-hidden"> to do</span></span>' in html


def test_overdue_actions_stand_out(client, world):
    m = build_meetings(world)
    ActionItem.objects.filter(pk=m.action.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(world.professional_a)
    html = client.get(reverse("home")).content.decode()
    assert '<span class="overdue">overdue since' in html


def test_nothing_waits(client, world):
    client.force_login(world.observer_b)
    html = client.get(reverse("home")).content.decode()
    assert "Nothing waits for you right now." in html
    assert 'class="count"' not in html


def test_anonymous_pages_read_nothing_for_the_navigation(client, world):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "notifications" in q["sql"]]


def test_the_navigation_costs_two_queries_on_any_page(client, world):
    client.force_login(world.founder)
    url = reverse("handbook_index")  # reads nothing of its own
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sql = [q["sql"] for q in queries.captured_queries]
    # the session, the person, the unread notifications with the journal's newest entry, and
    # the sections (read from the process's memory instead when nothing has been journaled
    # since: test_header_counts.py; tests count afresh)
    assert len(sql) == 4, sql


def seed_alliance(world, i):
    """One more alliance of the founder's, with one item of every kind for the founder:
    a version to endorse, minutes to review, an action, a meeting this week, a report section
    to submit, a submitted review's recommendation to answer."""
    alliance = make_alliance(world.founder, f"Own Alliance #{i:02d}")
    partner = Partner.objects.get(alliance=alliance)
    give_role(partner, world.founder, Role.BOARD_MEMBER, Level.STRATEGIC)
    design_services.statement_draft(actor=world.founder, alliance=alliance,
                                    kind=StatementKind.OBJECTIVE, text="Aim.", based_on=0)
    now = timezone.now()
    body = Body.objects.create(alliance=alliance, name="Board", kind=BodyKind.BOARD,
                               level=Level.STRATEGIC, chair_rule=ChairRule.FIXED,
                               chair_person=world.founder)
    seat = Seat.objects.create(body=body, partner=partner, holder=world.founder)
    past = Meeting.objects.create(body=body, title=f"Past #{i:02d}",
                                  starts_at=now - dt.timedelta(days=3))
    Attendance.objects.create(meeting=past, seat=seat, holder=world.founder,
                              status=AttendanceStatus.PRESENT, recorded_by=world.founder)
    Minutes.objects.create(meeting=past, status=MinutesStatus.CIRCULATED,
                           corrections_until=timezone.localdate() + dt.timedelta(days=3))
    Meeting.objects.create(body=body, title=f"Soon #{i:02d}", starts_at=now + dt.timedelta(days=1))
    ActionItem.objects.create(alliance=alliance, body=body, title=f"Action #{i:02d}",
                              owner_person=world.founder, created_by=world.founder,
                              due_on=timezone.localdate() + dt.timedelta(days=i))
    review = Review.objects.create(alliance=alliance, title=f"Review #{i:02d}", scope="Q",
                                   starts_on=timezone.localdate(),
                                   ends_on=timezone.localdate(), state=ReviewState.SUBMITTED,
                                   created_by=world.founder, submitted_at=now)
    Finding.objects.create(review=review, alliance=alliance, kind=FindingKind.RECOMMENDATION,
                           pillar="trust", text=f"Recommendation #{i:02d}", author=world.founder)
    notification_services.notify(people=[world.founder], alliance=alliance,
                                 kind="minutes_to_review", key=f"k{i}",
                                 params={"meeting": f"Past #{i:02d}"}, url="/")
    # a report with the founder's partner's section not begun: on the founder's list
    Report.objects.create(alliance=alliance, kind="quarter", year=2025, number=1,
                          opened_by=world.founder)
    return [f"Own Alliance #{i:02d}", f"Past #{i:02d}", f"Soon #{i:02d}", f"Action #{i:02d}",
            f"Recommendation #{i:02d}"]


def measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries], response


def test_home_query_count_is_flat_in_the_number_of_alliances(client, world):
    client.force_login(world.founder)
    url = reverse("home")
    client.get(url)
    markers = seed_alliance(world, 1)
    one, _response = measure(client, url)
    for i in range(2, 11):
        markers += seed_alliance(world, i)
    ten, response = measure(client, url)
    assert len(one) == len(ten), "\n".join(ten)
    html = response.content.decode()
    assert [m for m in markers if m not in html] == []
    # ten of each kind, plus the navigation's total
    assert html.count("Our section of report 2025-Q1") == 10
    assert '<span class="count">60<span class="visually-hidden"> to do</span></span>' in html
    # per alliance: the endorsement waiting and the minutes
    assert '<span class="count">20<span class="visually-hidden"> unread</span></span>' in html


def test_api_todo_lists_every_section(client, world):
    far_upcoming(world)
    client.force_login(world.professional_a)
    body = client.get(reverse("api:get_my_todo")).json()
    assert body["counts"] == {"endorsements": 0, "decisions": 0, "signatures": 0,
                              "sections": 0, "bottlenecks": 0, "recommendations": 0,
                              "minutes": 1, "actions": 1,
                              "meetings": 0, "invitations": 0, "unread": 0, "total": 2}
    assert [a["title"] for a in body["actions"]] == ["Send the figures"]
    assert body["actions"][0]["overdue"] is False
    assert [m["meeting_id"] for m in body["minutes"]] == [
        Minutes.objects.get(meeting__body__alliance=world.alliance).meeting_id]


def test_api_todo_query_count_is_flat(client, world):
    client.force_login(world.founder)
    url = reverse("api:get_my_todo")
    seed_alliance(world, 1)
    one, _r = measure(client, url)
    for i in range(2, 11):
        seed_alliance(world, i)
    ten, response = measure(client, url)
    assert len(one) == len(ten), "\n".join(ten)
    assert response.json()["counts"]["total"] == 60
    assert len(response.json()["sections"]) == 10
    assert len(response.json()["recommendations"]) == 10


def test_a_newcomer_registers_an_organisation_first(client, world):
    newcomer = PersonFactory(organisation=None)
    client.force_login(newcomer)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation_register")


def test_home_and_notifications_in_dutch(client, world):
    far_upcoming(world)
    world.professional_a.language = "nl"
    world.professional_a.save(update_fields=["language"])
    client.force_login(world.professional_a)
    html = client.get(reverse("home")).content.decode()
    assert "Wat op je wacht" in html
    assert "Verslagen die op je controle wachten" in html
    assert '<span class="visually-hidden"> te doen</span>' in html
    notifications = client.get(reverse("notification_list")).content.decode()
    assert "<h1>Meldingen</h1>" in notifications
    preferences = client.get(reverse("notification_preferences")).content.decode()
    assert "Standaard: Direct per e-mail" in preferences


@pytest.mark.parametrize(("language", "heading"), [
    ("en", "Concordia: run your alliance together"),
    ("nl", "Concordia: bestuur je alliantie samen"),
])
def test_a_visitor_finds_the_front_door(client, language, heading):
    """The home page says what Concordia is and leads to the public model and form advisor."""
    client.cookies["django_language"] = language
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    for name in ("handbook_index", "advisor", "account_login", "account_signup"):
        assert f'href="{reverse(name)}"' in html
    # Nothing of a person's start page, and no query for it.
    assert reverse("notification_list") not in html


def test_a_visitors_front_door_reads_nothing(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert client.get(reverse("home")).status_code == 200
