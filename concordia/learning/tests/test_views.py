"""Learning pages: the history with its radar, a new check (errors on the pillar's field), a
check's page (radar, table, everyone's scores, the pillars' open improvement actions and the
button that makes one), lessons searched by words and tag, recorded and changed; query counts
that do not grow with the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.actions.models import ActionItem
from concordia.learning import services
from concordia.learning.models import HealthCheck, Lesson
from concordia.learning.rules import PILLARS
from concordia.testing.learning import build_learning, fresh, scores

pytestmark = pytest.mark.django_db


def scores_form(value="4", **extra):
    data = {f"score_{p}": value for p in PILLARS}
    data.update({f"remark_{p}": "" for p in PILLARS})
    data.update(extra)
    return data


def test_the_history_shows_every_check_and_a_radar_with_its_table(client, world) -> None:
    lw = build_learning(world)
    client.force_login(world.observer_b)
    response = client.get(reverse("health_check_list", args=[world.alliance.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="health-history-title"' in text
    assert 'role="img"' in text
    assert reverse("health_check_detail", args=[world.alliance.pk, lw.check.pk]) in text
    assert "<td>3.5</td>" in text  # the mean of 3 (founder) and 4 (coordinator B)
    assert reverse("health_check_create", args=[world.alliance.pk]) not in text


def test_the_core_team_records_a_check_through_the_form(client, world) -> None:
    client.force_login(world.coordinator_b)
    url = reverse("health_check_create", args=[world.alliance.pk])
    form = client.get(url).content.decode()
    assert form.count('class="pillar-score"') == 8
    response = client.post(url, {"held_on": timezone.localdate().isoformat(),
                                 **scores_form("2", remark_trust="We hardly meet")})
    check = HealthCheck.objects.get(alliance=world.alliance)
    assert response.status_code == 302
    assert response["Location"] == reverse("health_check_detail",
                                           args=[world.alliance.pk, check.pk])
    assert check.scores.get(pillar="trust").remark == "We hardly meet"
    page = client.get(response["Location"]).content.decode()
    assert 'id="health-check-title"' in page
    assert "We hardly meet" in page


def test_a_missing_score_is_shown_on_its_pillar(client, world) -> None:
    client.force_login(world.founder)
    data = {"held_on": timezone.localdate().isoformat(), **scores_form()}
    del data["score_dialogue"]
    response = client.post(reverse("health_check_create", args=[world.alliance.pk]), data)
    text = response.content.decode()
    assert response.status_code == 422
    assert 'aria-describedby="id_score_dialogue_error"' in text
    assert 'id="id_score_dialogue_error"' in text
    assert "Score this pillar from 1 to 5." in text
    assert HealthCheck.objects.count() == 0


def test_a_second_check_on_the_same_day_is_refused_on_the_date(client, world) -> None:
    client.force_login(world.founder)
    url = reverse("health_check_create", args=[world.alliance.pk])
    data = {"held_on": timezone.localdate().isoformat(), **scores_form()}
    client.post(url, data)
    response = client.post(url, data)
    assert response.status_code == 422
    assert 'id="id_held_on_error"' in response.content.decode()
    assert HealthCheck.objects.count() == 1


def test_an_improvement_action_out_of_a_pillar_shows_on_the_check(client, world) -> None:
    lw = build_learning(world)
    client.force_login(world.founder)
    detail = reverse("health_check_detail", args=[world.alliance.pk, lw.check.pk])
    make = reverse("improvement_action_create", args=[world.alliance.pk, lw.check.pk, "trust"])
    assert make in client.get(detail).content.decode()
    response = client.post(make, {"title": "Visit partner B's office", "description": "",
                                  "owner": f"partner:{world.partner_b.pk}", "due_on": ""})
    assert response.status_code == 302
    assert response["Location"] == detail + "#pillar-trust"
    action = ActionItem.objects.get(title="Visit partner B's office")
    assert (action.pillar, action.body_id, action.owner_partner_id) == (
        "trust", None, world.partner_b.pk)
    client.force_login(world.observer_b)
    page = client.get(detail).content.decode()
    assert reverse("action_detail", args=[world.alliance.pk, action.pk]) in page
    assert make not in page  # an observer gives no actions


def test_an_unknown_pillar_is_not_found(client, world) -> None:
    lw = build_learning(world)
    client.force_login(world.founder)
    response = client.get(reverse("improvement_action_create",
                                  args=[world.alliance.pk, lw.check.pk, "ghost"]))
    assert response.status_code == 404


def test_lessons_are_found_by_words_and_tag(client, world) -> None:
    lw = build_learning(world)
    services.lesson_record(actor=fresh(world.founder), alliance=world.alliance,
                           title="Rotate the chair", problem="One partner led.",
                           cause="Habit.", solution="Rotation.",
                           learned_on=timezone.localdate(), tags=["meetings"])
    client.force_login(world.observer_b)
    url = reverse("lesson_list", args=[world.alliance.pk])
    everything = client.get(url).content.decode()
    assert lw.lesson.title in everything
    assert "Rotate the chair" in everything
    assert lw.foreign_lesson.title not in everything
    by_words = client.get(url, {"q": "hours"}).content.decode()
    assert lw.lesson.title in by_words
    assert "Rotate the chair" not in by_words
    by_tag = client.get(url, {"tag": "meetings"}).content.decode()
    assert lw.lesson.title not in by_tag
    assert "Rotate the chair" in by_tag
    none = client.get(url, {"q": "nothing-like-this"}).content.decode()
    assert "No lesson matches." in none


def test_a_member_records_a_lesson_and_its_author_changes_it(client, world) -> None:
    client.force_login(world.professional_a)
    response = client.post(reverse("lesson_create", args=[world.alliance.pk]), {
        "title": "Share bad news early", "problem": "A delay came out late.",
        "cause": "Fear of blame.", "solution": "A standing item: what went wrong.",
        "learned_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "tags": "Dialogue, culture", "bottleneck": "", "decision": ""})
    lesson = Lesson.objects.get(title="Share bad news early")
    assert response["Location"] == reverse("lesson_detail",
                                           args=[world.alliance.pk, lesson.pk])
    edit = reverse("lesson_edit", args=[world.alliance.pk, lesson.pk])
    assert edit in client.get(response["Location"]).content.decode()
    changed = client.post(edit, {
        "title": "Share bad news early", "problem": "A delay came out late.",
        "cause": "Fear of blame.", "solution": "A standing item on every agenda.",
        "learned_on": lesson.learned_on.isoformat(), "tags": "dialogue", "bottleneck": "",
        "decision": "", "version": 1})
    assert changed.status_code == 302
    lesson.refresh_from_db()
    assert (lesson.version, lesson.solution) == (2, "A standing item on every agenda.")
    assert list(lesson.tags.values_list("name", flat=True)) == ["dialogue"]
    client.force_login(world.coordinator_b)
    assert edit not in client.get(response["Location"]).content.decode()
    assert client.get(edit).status_code == 403


def test_a_lesson_without_its_cause_is_refused_on_the_field(client, world) -> None:
    client.force_login(world.professional_a)
    response = client.post(reverse("lesson_create", args=[world.alliance.pk]), {
        "title": "Half a lesson", "problem": "Something.", "cause": "", "solution": "Else.",
        "learned_on": timezone.localdate().isoformat(), "tags": "", "bottleneck": "",
        "decision": ""})
    assert response.status_code == 422
    assert 'aria-describedby="id_cause_error"' in response.content.decode()
    assert Lesson.objects.count() == 0


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _add_checks(world, start, n) -> None:
    for i in range(start, start + n):
        day = timezone.localdate() - dt.timedelta(days=100 + i)
        check = services.health_check_hold(actor=fresh(world.founder), alliance=world.alliance,
                                           held_on=day, scores=scores(1 + i % 5))
        services.health_check_score(actor=fresh(world.coordinator_b), health_check=check,
                                    scores=scores(2))


def _add_lessons(world, start, n) -> None:
    for i in range(start, start + n):
        services.lesson_record(actor=fresh(world.professional_a), alliance=world.alliance,
                               title=f"Lesson #{i:02d}", problem="P.", cause="C.",
                               solution="S.", learned_on=timezone.localdate(),
                               tags=[f"tag {i}", "common"])


@pytest.mark.parametrize(("name", "seed"), [("health_check_list", _add_checks),
                                            ("lesson_list", _add_lessons)])
def test_list_pages_cost_the_same_queries_for_one_row_as_for_ten(client, world, name,
                                                                 seed) -> None:
    client.force_login(world.founder)
    url = reverse(name, args=[world.alliance.pk])
    client.get(url)
    seed(world, 1, 1)
    one = _count(client, url)
    seed(world, 2, 9)
    ten = _count(client, url)
    assert ten == one


def test_a_checks_page_costs_the_same_queries_for_one_scorer_as_for_more(client, world) -> None:
    lw = build_learning(world)
    client.force_login(world.founder)
    url = reverse("health_check_detail", args=[world.alliance.pk, lw.check.pk])
    client.get(url)
    two = _count(client, url)
    for i in range(3):
        ActionItem.objects.create(alliance=world.alliance, title=f"Improve #{i}",
                                  owner_person=world.founder, pillar=PILLARS[i],
                                  created_by=world.founder)
    more = _count(client, url)
    assert more == two
