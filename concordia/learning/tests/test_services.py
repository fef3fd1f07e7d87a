"""Learning services: who holds and scores a health check, who records and changes a lesson;
the journal entries; refusals that change nothing; a lesson that outlives its author."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from concordia.alliances import services as alliance_services
from concordia.alliances.models import Membership
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.learning import selectors, services
from concordia.learning.models import HealthCheck, Lesson, LessonTag, PillarScore
from concordia.learning.rules import PILLARS
from concordia.testing.escalations import build_escalations
from concordia.testing.learning import build_learning, fresh, scores

pytestmark = pytest.mark.django_db


def head(world) -> int:
    return JournalEntry.objects.filter(alliance=world.alliance).count()


def entries(world, since: int) -> list[tuple[str, dict]]:
    return list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=since)
                .order_by("seq").values_list("kind", "payload"))


def state():
    return (list(HealthCheck.objects.order_by("pk").values_list("pk", "held_on")),
            list(PillarScore.objects.order_by("pk").values_list("pk", "score", "remark")),
            list(Lesson.objects.order_by("pk").values_list("pk", "title", "version")),
            list(LessonTag.objects.order_by("pk").values_list("pk", "name")),
            JournalEntry.objects.count())


def today() -> dt.date:
    return timezone.localdate()


def test_the_key_alliance_manager_holds_a_check_with_their_scores(world) -> None:
    seq = head(world)
    check = services.health_check_hold(actor=fresh(world.founder), alliance=world.alliance,
                                       held_on=today(), scores=scores(4, "  Good  "))
    rows = list(check.scores.order_by("pk").values_list("scorer_id", "pillar", "score",
                                                        "remark"))
    assert rows == [(world.founder.pk, p, 4, "Good" if i == 0 else "")
                    for i, p in enumerate(PILLARS)]
    assert entries(world, seq) == [("HealthCheckHeld", {"held_on": today().isoformat(),
                                                        "scorers": 1})]


def test_a_coordinator_adds_and_then_replaces_their_own_scores(world) -> None:
    check = services.health_check_hold(actor=fresh(world.founder), alliance=world.alliance,
                                       held_on=today(), scores=scores(4))
    seq = head(world)
    services.health_check_score(actor=fresh(world.coordinator_b), health_check=check,
                                scores=scores(2))
    services.health_check_score(actor=fresh(world.coordinator_b), health_check=check,
                                scores={**scores(2), "trust": (5, "Better")})
    mine = dict(PillarScore.objects.filter(health_check=check, scorer=world.coordinator_b)
                .values_list("pillar", "score"))
    assert mine == {**dict.fromkeys(PILLARS, 2), "trust": 5}
    result = {r.pillar: r for r in selectors.results_of(
        HealthCheck.objects.prefetch_related("scores").get(pk=check.pk))}
    assert (result["trust"].mean, result["trust"].spread) == (4.5, 1)
    assert (result["mindset"].mean, result["mindset"].spread) == (3.0, 2)
    assert entries(world, seq) == [
        ("PillarsScored", {"held_on": today().isoformat(), "scorers": 2}),
        ("PillarsScored", {"held_on": today().isoformat(), "scorers": 2})]


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer"])
def test_outside_the_core_team_nobody_holds_or_scores_a_check(world, actor) -> None:
    lw = build_learning(world)
    before = state()
    with pytest.raises(PermissionDenied):
        services.health_check_hold(actor=fresh(getattr(world, actor)), alliance=world.alliance,
                                   held_on=today(), scores=scores(3))
    with pytest.raises(PermissionDenied):
        services.health_check_score(actor=fresh(getattr(world, actor)), health_check=lw.check,
                                    scores=scores(3))
    assert state() == before


def test_another_alliances_core_team_cannot_score_this_one(world) -> None:
    lw = build_learning(world)
    before = state()
    with pytest.raises(PermissionDenied):
        services.health_check_score(actor=fresh(world.outsider), health_check=lw.check,
                                    scores=scores(1))
    assert state() == before


def test_a_check_needs_every_pillar_scored_and_a_date_not_ahead(world) -> None:
    before = state()
    with pytest.raises(DomainError) as missing:
        services.health_check_hold(actor=fresh(world.founder), alliance=world.alliance,
                                   held_on=today(), scores={**scores(3), "dialogue": (None, "")})
    assert missing.value.field == "score_dialogue"
    with pytest.raises(DomainError) as range_:
        services.health_check_hold(actor=fresh(world.founder), alliance=world.alliance,
                                   held_on=today(), scores={**scores(3), "trust": (9, "")})
    assert range_.value.field == "score_trust"
    with pytest.raises(DomainError) as remark:
        services.health_check_hold(actor=fresh(world.founder), alliance=world.alliance,
                                   held_on=today(), scores={**scores(3), "trust": (3, "x" * 1001)})
    assert remark.value.field == "remark_trust"
    with pytest.raises(DomainError) as ahead:
        services.health_check_hold(actor=fresh(world.founder), alliance=world.alliance,
                                   held_on=today() + dt.timedelta(days=1), scores=scores(3))
    assert ahead.value.field == "held_on"
    assert state() == before


def test_one_check_per_day_the_second_is_a_conflict(world) -> None:
    services.health_check_hold(actor=fresh(world.founder), alliance=world.alliance,
                               held_on=today(), scores=scores(3))
    before = state()
    with pytest.raises(Conflict) as clash:
        services.health_check_hold(actor=fresh(world.coordinator_b), alliance=world.alliance,
                                   held_on=today(), scores=scores(4))
    assert (clash.value.status, clash.value.field) == (409, "held_on")
    assert state() == before


def record(world, actor, **fields) -> Lesson:
    data = {"title": "Agree definitions first", "problem": "Hours counted differently.",
            "cause": "No agreed definition.", "solution": "A glossary entry.",
            "learned_on": today() - dt.timedelta(days=3), "tags": ["Data quality", "glossary"]}
    data.update(fields)
    return services.lesson_record(actor=fresh(actor), alliance=world.alliance, **data)


def test_any_member_who_writes_records_a_lesson(world) -> None:
    seq = head(world)
    lesson = record(world, world.professional_a, title=" Agree definitions first ")
    assert (lesson.title, lesson.author_id, lesson.version) == (
        "Agree definitions first", world.professional_a.pk, 1)
    assert list(lesson.tags.order_by("pk").values_list("name", flat=True)) == [
        "data quality", "glossary"]
    assert entries(world, seq) == [("LessonRecorded", {
        "title": "Agree definitions first",
        "learned_on": (today() - dt.timedelta(days=3)).isoformat(),
        "tags": ["data quality", "glossary"]})]


@pytest.mark.parametrize("actor", ["observer_b", "reviewer", "outsider"])
def test_read_only_roles_and_outsiders_record_no_lesson(world, actor) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        record(world, getattr(world, actor))
    assert state() == before


def test_a_lesson_needs_its_problem_cause_and_solution(world) -> None:
    before = state()
    for name in ("title", "problem", "cause", "solution"):
        with pytest.raises(DomainError) as refused:
            record(world, world.professional_a, **{name: "   "})
        assert refused.value.field == name
    with pytest.raises(DomainError) as many:
        record(world, world.professional_a, tags=[f"t{i}" for i in range(11)])
    assert many.value.field == "tags"
    with pytest.raises(DomainError) as ahead:
        record(world, world.professional_a, learned_on=today() + dt.timedelta(days=1))
    assert ahead.value.field == "learned_on"
    assert state() == before


def test_a_lesson_links_only_a_bottleneck_its_author_sees(world) -> None:
    ew = build_escalations(world)
    before = state()
    # The restricted bottleneck concerns partner A: observer B's partner does not see it, and
    # coordinator B (steering) does. The foreign one is of alliance Z.
    with pytest.raises(DomainError) as foreign:
        record(world, world.coordinator_b, bottleneck=ew.foreign)
    assert foreign.value.field == "bottleneck"
    assert state() == before
    lesson = record(world, world.coordinator_b, bottleneck=ew.restricted)
    assert lesson.bottleneck_id == ew.restricted.pk
    bottleneck, _decision = selectors.readable_links(
        user=fresh(world.observer_b), alliance=world.alliance, lesson=lesson)
    assert bottleneck is None  # the lesson is read by all; the bottleneck keeps its circle
    bottleneck, _decision = selectors.readable_links(
        user=fresh(world.founder), alliance=world.alliance, lesson=lesson)
    assert bottleneck == ew.restricted


def test_the_author_changes_their_lesson_and_the_journal_says_what_changed(world) -> None:
    lesson = record(world, world.professional_a)
    seq = head(world)
    changed = services.lesson_update(
        actor=fresh(world.professional_a), lesson=lesson, expected_version=1,
        title=lesson.title, problem=lesson.problem, cause="Two definitions of hours.",
        solution=lesson.solution, learned_on=lesson.learned_on, tags=["data quality"])
    assert (changed.version, changed.cause) == (2, "Two definitions of hours.")
    assert list(changed.tags.values_list("name", flat=True)) == ["data quality"]
    assert entries(world, seq) == [("LessonChanged", {
        "title": lesson.title, "learned_on": lesson.learned_on.isoformat(),
        "tags": ["data quality"], "changed": ["cause", "tags"]})]


def _update(world, actor, lesson, version=1, **fields):
    data = {"title": lesson.title, "problem": lesson.problem, "cause": "Changed.",
            "solution": lesson.solution, "learned_on": lesson.learned_on, "tags": []}
    data.update(fields)
    return services.lesson_update(actor=fresh(actor), lesson=lesson, expected_version=version,
                                  **data)


@pytest.mark.parametrize("actor", ["coordinator_b", "observer_b", "reviewer", "outsider"])
def test_only_the_author_and_the_key_alliance_manager_change_a_lesson(world, actor) -> None:
    lesson = record(world, world.professional_a)
    before = state()
    with pytest.raises(PermissionDenied):
        _update(world, getattr(world, actor), lesson)
    assert state() == before
    assert _update(world, world.founder, lesson).version == 2


def test_a_stale_or_empty_change_is_refused(world) -> None:
    lesson = record(world, world.professional_a)
    _update(world, world.professional_a, lesson)
    before = state()
    with pytest.raises(Conflict):
        _update(world, world.professional_a, lesson, version=1, cause="Again.")
    with pytest.raises(DomainError) as nothing:
        _update(world, world.professional_a, lesson, version=2)
    assert (nothing.value.field, nothing.value.status) == ("title", 422)
    assert state() == before


def test_the_lesson_outlives_its_authors_role_and_the_key_alliance_manager_keeps_it(
        world) -> None:
    lesson = record(world, world.professional_a)
    membership = Membership.objects.get(alliance=world.alliance, person=world.professional_a)
    alliance_services.membership_revoke(actor=fresh(world.founder), membership=membership)
    kept = selectors.lesson_get(user=fresh(world.observer_b), alliance=world.alliance,
                                pk=lesson.pk)
    assert (kept.title, kept.author_id) == (lesson.title, world.professional_a.pk)
    with pytest.raises(PermissionDenied):
        _update(world, world.professional_a, lesson)
    assert _update(world, world.founder, lesson).version == 2


def test_search_by_words_and_tag_within_the_alliance_only(world) -> None:
    lw = build_learning(world)
    other = record(world, world.founder, title="Rotate the chair", problem="One partner led.",
                   cause="Habit.", solution="A rotating chair.", tags=["meetings"])
    user = fresh(world.observer_b)

    def found(**kw):
        return [x.pk for x in selectors.lesson_list(user=user, alliance=world.alliance, **kw)]

    assert found() == [other.pk, lw.lesson.pk]
    assert found(q="hours DEFINITION") == [lw.lesson.pk]
    assert found(q="chair habit") == [other.pk]
    assert found(q="chair hours") == []
    assert found(tag="Data Quality") == [lw.lesson.pk]
    assert found(tag="meetings", q="rotating") == [other.pk]
    assert found(q="Z's") == []
