"""The review pages: the list and a review's findings per pillar for every member (another
alliance's review is 404, an expired reviewer reads nothing), recording through the form, the
board's answer making an action, the personal link for someone not logged in, and query counts
that do not grow with findings or invitations."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.actions.models import ActionItem
from concordia.alliances.choices import Role
from concordia.alliances.models import Membership
from concordia.reviews import services
from concordia.testing.factories import OrganisationFactory, PersonFactory, give_role
from concordia.testing.reviews import build_reviews, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def rw(world):
    return build_reviews(world)


def _detail(world, review) -> str:
    return reverse("review_detail", args=[world.alliance.pk, review.pk])


def test_every_member_reads_the_reviews_and_findings_per_pillar(client, world, rw):
    client.force_login(world.observer_b)
    page = client.get(reverse("review_list", args=[world.alliance.pk]))
    assert page.status_code == 200
    assert "Peer review 2026" in page.text
    page = client.get(_detail(world, rw.review))
    assert page.status_code == 200
    assert "Share the monthly figures with every partner." in page.text
    assert 'id="pillar-trust"' in page.text
    assert "Record a finding" not in page.text  # an observer records nothing


def test_another_alliances_review_is_404(client, world, rw):
    client.force_login(world.outsider)
    assert client.get(_detail(world, rw.review)).status_code == 404
    client.force_login(world.founder)
    url = reverse("review_detail", args=[world.alliance.pk, rw.foreign_review.pk])
    assert client.get(url).status_code == 404


def test_an_outside_reviewer_past_the_end_date_reads_nothing(client, world, rw):
    person = PersonFactory(organisation=OrganisationFactory(name="Bureau"))
    Membership.objects.create(alliance=world.alliance, partner=None, person=person,
                              role=Role.EXTERNAL_REVIEWER, level="strategic",
                              ends_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(person)
    assert client.get(reverse("review_list", args=[world.alliance.pk])).status_code == 404
    assert client.get(_detail(world, rw.review)).status_code == 404


def test_a_reviewer_records_through_the_form_and_sees_until_when_they_read(client, world, rw):
    client.force_login(world.reviewer)
    page = client.get(_detail(world, rw.review))
    assert "Record a finding" in page.text
    assert (timezone.localdate() + dt.timedelta(days=30)).strftime("%Y") in page.text
    answer = client.post(_detail(world, rw.review), {
        "finding-kind": "finding", "finding-pillar": "", "finding-text": "x"})
    assert answer.status_code == 422
    assert "field-error" in answer.text or "errorlist" in answer.text
    answer = client.post(_detail(world, rw.review), {
        "finding-kind": "finding", "finding-pillar": "knowledge",
        "finding-text": "Lessons are not searched."})
    assert answer.status_code == 302
    assert "Lessons are not searched." in client.get(_detail(world, rw.review)).text


def test_a_board_member_accepts_a_recommendation_and_the_action_appears(client, world, rw):
    board = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Board B")
    give_role(world.partner_b, board, Role.BOARD_MEMBER)
    client.force_login(board)
    url = reverse("recommendation_answer",
                  args=[world.alliance.pk, rw.submitted.pk, rw.pending.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Hold a yearly conference" in page.text
    answer = client.post(url, {"op": "accept", "accept-title": "Hold the conference",
                               "accept-description": "", "accept-due_on": "",
                               "accept-owner": f"partner:{world.partner_b.pk}",
                               "accept-reason": "Cheap."})
    action = ActionItem.objects.get(title="Hold the conference")
    assert answer.status_code == 302
    assert answer.url == reverse("action_detail", args=[world.alliance.pk, action.pk])
    assert action.pillar == "dialogue"
    detail = client.get(reverse("review_detail", args=[world.alliance.pk, rw.submitted.pk]))
    assert "Hold the conference" in detail.text


def test_the_personal_link_asks_to_log_in_or_register(client, world, rw):
    url = reverse("review_invitation_open", args=[rw.invitation_token])
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("account_signup") + "?next=" in page.text
    assert client.get(reverse("review_invitation_open", args=["rev_nothing"])).status_code == 404
    person = PersonFactory(email="invitee@example.org", full_name="", organisation=None)
    client.force_login(person)
    answer = client.post(url, {"full_name": "Ines Invitee"})
    assert answer.status_code == 302
    assert answer.url == _detail(world, rw.review)
    assert client.post(url, {}).status_code == 409  # the link answers once


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(world, review, start, n):
    for i in range(start, start + n):
        services.finding_record(actor=fresh(world.reviewer), review=review,
                                kind=("finding", "recommendation")[i % 2],
                                pillar=("trust", "dialogue", "objective")[i % 3],
                                text=f"Finding {i}")
        services.reviewer_invite(actor=fresh(world.founder), review=review,
                                 email=f"peer{i}@bureau.example")


@pytest.mark.parametrize("name", ["review_detail", "review_list"])
def test_queries_do_not_grow_with_findings_or_invitations(client, world, rw, name):
    client.force_login(world.founder)
    url = (_detail(world, rw.review) if name == "review_detail"
           else reverse("review_list", args=[world.alliance.pk]))
    grow(world, rw.review, 0, 2)
    few = count(client, url)
    grow(world, rw.review, 2, 20)
    assert count(client, url) == few
