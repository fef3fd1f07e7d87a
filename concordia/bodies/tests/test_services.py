"""Writes on bodies and seats: permission, the seat's own partner, versions, the rotation, and
the journal in the same transaction."""

import pytest
from django.core.exceptions import PermissionDenied

from concordia.alliances.choices import Role
from concordia.alliances.models import Partner
from concordia.bodies import services
from concordia.bodies.models import Body, Seat
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.testing.factories import PersonFactory, give_role

pytestmark = pytest.mark.django_db


def entries(alliance, kind=None):
    qs = JournalEntry.objects.filter(alliance_id=alliance.pk).order_by("seq")
    return list(qs.filter(kind=kind) if kind else qs)


def state():
    return (list(Body.objects.order_by("pk").values_list(
                "pk", "name", "kind", "level", "mandate", "substitutes_may_attend",
                "chair_rule", "chair_person_id", "rotation", "decision_rule", "secretary_id",
                "version", "archived_at")),
            list(Seat.objects.order_by("pk").values_list(
                "pk", "partner_id", "position", "holder_id", "substitute_id", "removed_at")),
            list(JournalEntry.objects.order_by("pk").values_list("pk", "hash")))


def set_up(world, actor=None, **kwargs):
    values = {"name": "Tactical table", "kind": "tactical_table", "level": "tactical"}
    values.update(kwargs)
    return services.body_set_up(actor=actor or world.founder, alliance=world.alliance,
                                **values)


def change(body, actor, **kwargs):
    values = {"expected_version": body.version, "name": body.name, "kind": body.kind,
              "level": body.level, "mandate": body.mandate,
              "substitutes_may_attend": body.substitutes_may_attend,
              "chair_rule": body.chair_rule, "chair_person": body.chair_person,
              "decision_rule": body.decision_rule, "secretary": body.secretary}
    values.update(kwargs)
    return services.body_change(actor=actor, body=body, **values)


@pytest.fixture
def line_manager_b(world):
    person = PersonFactory(organisation=world.coordinator_b.organisation,
                           full_name="Line manager B")
    give_role(world.partner_b, person, Role.LINE_MANAGER, "tactical")
    return person


# --- bodies -----------------------------------------------------------------------------------


def test_setting_up_a_body_saves_it_and_journals_the_commitment(world):
    body = set_up(world, name="  Tactical\u00a0 table ", mandate=" Steers weekly. ",
                  secretary=world.founder)
    body.refresh_from_db()
    assert (body.name, body.kind, body.level, body.mandate, body.substitutes_may_attend,
            body.chair_rule, body.chair_person_id, body.rotation, body.decision_rule,
            body.secretary_id, body.version) == (
        "Tactical table", "tactical_table", "tactical", "Steers weekly.", False, "rotating",
        None, [], "consensus", world.founder.pk, 1)
    [entry] = entries(world.alliance, "BodySetUp")
    assert entry.actor_id == world.founder.pk
    assert entry.payload == {
        "name": "Tactical table", "kind": "tactical_table", "level": "tactical",
        "mandate": "Steers weekly.", "substitutes_may_attend": False, "chair_rule": "rotating",
        "chair_person": None, "rotation": [], "decision_rule": "consensus",
        "voting_unit": "partner", "majority_basis": "votes", "qualified_numerator": 2,
        "qualified_denominator": 3, "quorum_percent": 0, "quorum_basis": "voting",
        "weights": {}, "secret_ballot": False, "secretary": world.founder.pk, "version": 1}


@pytest.mark.parametrize(("kind", "given", "expected"), [
    ("board", None, False), ("tactical_table", None, False), ("working_group", None, True),
    ("agency", None, True), ("other", None, True), ("board", True, True),
    ("working_group", False, False),
])
def test_substitutes_may_attend_defaults_by_kind(world, kind, given, expected):
    body = set_up(world, kind=kind, substitutes_may_attend=given)
    assert body.substitutes_may_attend is expected


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer"])
def test_only_the_steering_roles_set_up_bodies(world, actor):
    before = state()
    with pytest.raises(PermissionDenied):
        set_up(world, actor=getattr(world, actor))
    assert state() == before


def test_a_coordinator_sets_up_bodies(world):
    body = set_up(world, actor=world.coordinator_b, name="Working group data",
                  kind="working_group", level="operational")
    assert body.pk is not None
    assert entries(world.alliance, "BodySetUp")[0].actor_id == world.coordinator_b.pk


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"name": "   "}, "name"),
    ({"name": "Table\u200b"}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"kind": "club"}, "kind"),
    ({"level": "galactic"}, "level"),
    ({"decision_rule": "dice"}, "decision_rule"),
    ({"mandate": "x" * 4001}, "mandate"),
    ({"chair_rule": "fixed"}, "chair_person"),
    ({"chair_rule": "dice"}, "chair_rule"),
])
def test_wrong_settings_are_refused_on_their_field(world, kwargs, field):
    before = state()
    with pytest.raises(DomainError) as refused:
        set_up(world, **kwargs)
    assert refused.value.field == field
    assert state() == before


@pytest.mark.parametrize("name", ["Tactical table", "TACTICAL TABLE", "T\u0430ctical table"])
def test_a_name_taken_or_looking_the_same_is_refused(world, name):
    set_up(world)
    before = state()
    with pytest.raises(DomainError) as refused:
        set_up(world, name=name)
    assert (refused.value.field, refused.value.code) == ("name", "name_taken")
    assert state() == before


@pytest.mark.parametrize(("field", "who"), [
    ("chair_person", "observer_b"), ("chair_person", "reviewer"), ("chair_person", "outsider"),
    ("secretary", "observer_b"), ("secretary", "outsider"), ("secretary", "stranger"),
])
def test_chair_and_secretary_are_people_of_the_alliance_who_may_write(world, field, who):
    extra = {"chair_rule": "fixed"} if field == "chair_person" else {}
    before = state()
    with pytest.raises(DomainError) as refused:
        set_up(world, **extra, **{field: getattr(world, who)})
    assert refused.value.field == field
    assert state() == before


def test_a_fixed_chair_from_another_partner_is_fine(world):
    body = set_up(world, chair_rule="fixed", chair_person=world.coordinator_b)
    assert body.chair_person_id == world.coordinator_b.pk


def test_a_rotating_chair_names_no_person(world):
    body = set_up(world, chair_rule="rotating", chair_person=world.coordinator_b)
    assert body.chair_person_id is None


def test_changing_a_body_bumps_the_version_and_journals_what_changed(world):
    body = set_up(world)
    changed = change(body, world.coordinator_b, name="Tactical table (chain)",
                     chair_rule="fixed", chair_person=world.professional_a,
                     substitutes_may_attend=True)
    changed.refresh_from_db()
    assert (changed.name, changed.chair_rule, changed.chair_person_id,
            changed.substitutes_may_attend, changed.version) == (
        "Tactical table (chain)", "fixed", world.professional_a.pk, True, 2)
    [entry] = entries(world.alliance, "BodyChanged")
    assert entry.payload["changed"] == ["chair_person", "chair_rule", "name",
                                        "substitutes_may_attend"]
    assert entry.payload["version"] == 2


def test_an_unchanged_body_records_nothing(world):
    body = set_up(world)
    before = state()
    change(body, world.founder)
    assert state() == before


def test_a_stale_change_is_a_conflict_and_changes_nothing(world):
    body = set_up(world)
    change(body, world.founder, mandate="First")
    before = state()
    with pytest.raises(Conflict) as refused:
        change(body, world.founder, expected_version=1, mandate="Second")
    assert refused.value.code == "stale"
    assert state() == before


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer"])
def test_only_the_steering_roles_change_and_archive_bodies(world, actor):
    body = set_up(world)
    before = state()
    with pytest.raises(PermissionDenied):
        change(body, getattr(world, actor), mandate="Taken over")
    with pytest.raises(PermissionDenied):
        services.body_archive(actor=getattr(world, actor), body=body)
    assert state() == before


def test_archiving_a_body_journals_it_and_ends_its_changes(world):
    body = set_up(world)
    services.body_archive(actor=world.founder, body=body)
    body.refresh_from_db()
    assert body.archived_at is not None
    assert body.version == 2
    [entry] = entries(world.alliance, "BodyArchived")
    assert entry.payload == {"name": "Tactical table", "version": 2}
    before = state()
    with pytest.raises(Conflict):
        services.body_archive(actor=world.founder, body=body)
    with pytest.raises(Conflict):
        change(body, world.founder, mandate="Later")
    with pytest.raises(Conflict):
        services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    assert state() == before


# --- seats and the rotation -------------------------------------------------------------------


def test_adding_seats_journals_them_and_builds_the_rotation(world):
    body = set_up(world)
    seat_a = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    seat_b = services.seat_add(actor=world.coordinator_b, body=body, partner=world.partner_b)
    second_a = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    body.refresh_from_db()
    assert body.rotation == [world.partner_a.pk, world.partner_b.pk]
    assert body.version == 3  # two partners joined the rotation; the second seat of A did not
    assert [(s.partner_id, s.position, s.holder_id) for s in (seat_a, seat_b, second_a)] == [
        (world.partner_a.pk, 1, None), (world.partner_b.pk, 1, None),
        (world.partner_a.pk, 2, None)]
    assert [e.payload["partner"] for e in entries(world.alliance, "SeatAdded")] == [
        world.partner_a.organisation.name, world.partner_b.organisation.name,
        world.partner_a.organisation.name]


def test_the_rotation_can_be_reordered_but_must_name_every_seated_partner(world):
    body = set_up(world)
    services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    services.seat_add(actor=world.founder, body=body, partner=world.partner_b)
    body.refresh_from_db()
    a, b = world.partner_a.pk, world.partner_b.pk
    for wrong, code in (([a], "rotation_misses_partner"), ([a, a, b], "rotation_repeats_partner"),
                        ([a, b, 999], "rotation_partner_without_seat")):
        before = state()
        with pytest.raises(DomainError) as refused:
            change(body, world.founder, rotation=wrong)
        assert (refused.value.field, refused.value.code) == ("rotation", code)
        assert state() == before
    changed = change(body, world.founder, rotation=[b, a])
    assert changed.rotation == [b, a]
    assert entries(world.alliance, "BodyChanged")[-1].payload["changed"] == ["rotation"]


def test_removing_a_partners_last_seat_takes_it_out_of_the_rotation(world):
    body = set_up(world)
    seat_a = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    services.seat_add(actor=world.founder, body=body, partner=world.partner_b)
    services.seat_remove(actor=world.coordinator_b, seat=seat_a)
    body.refresh_from_db()
    seat_a.refresh_from_db()
    assert seat_a.removed_at is not None
    assert body.rotation == [world.partner_b.pk]
    [entry] = entries(world.alliance, "SeatRemoved")
    assert entry.payload["partner_id"] == world.partner_a.pk
    before = state()
    with pytest.raises(Conflict):
        services.seat_remove(actor=world.founder, seat=seat_a)
    assert state() == before


def test_a_held_seat_is_given_up_only_by_its_own_partner(world):
    body = set_up(world)
    seat_a = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    services.seat_fill(actor=world.founder, seat=seat_a, holder=None,
                       substitute=world.professional_a)
    before = state()
    with pytest.raises(PermissionDenied):  # partner B's coordinator, partner A's seat
        services.seat_remove(actor=world.coordinator_b, seat=seat_a)
    assert state() == before
    seat_b = services.seat_add(actor=world.coordinator_b, body=body, partner=world.partner_b)
    services.seat_fill(actor=world.coordinator_b, seat=seat_b, holder=world.coordinator_b,
                       substitute=None)
    before = state()
    with pytest.raises(PermissionDenied):  # the key alliance manager, partner B's seat
        services.seat_remove(actor=world.founder, seat=seat_b)
    assert state() == before
    services.seat_remove(actor=world.founder, seat=seat_a)  # their own partner's seat
    services.seat_fill(actor=world.coordinator_b, seat=seat_b, holder=None, substitute=None)
    services.seat_remove(actor=world.founder, seat=seat_b)  # empty now: any steering role
    assert [e.payload["partner_id"] for e in entries(world.alliance, "SeatRemoved")] == [
        world.partner_a.pk, world.partner_b.pk]


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer"])
def test_only_the_steering_roles_add_and_remove_seats(world, actor):
    body = set_up(world)
    seat = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    before = state()
    with pytest.raises(PermissionDenied):
        services.seat_add(actor=getattr(world, actor), body=body, partner=world.partner_b)
    with pytest.raises(PermissionDenied):
        services.seat_remove(actor=getattr(world, actor), seat=seat)
    assert state() == before


def test_a_seat_is_only_for_an_active_partner_of_the_alliance(world):
    body = set_up(world)
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    left = Partner.objects.get(alliance=world.alliance, organisation=world.removed.organisation)
    for partner in (partner_z, left):
        before = state()
        with pytest.raises(DomainError) as refused:
            services.seat_add(actor=world.founder, body=body, partner=partner)
        assert refused.value.field == "partner"
        assert state() == before


def test_the_partners_steering_person_fills_its_seat_and_it_is_journaled(world, line_manager_b):
    body = set_up(world)
    seat = services.seat_add(actor=world.founder, body=body, partner=world.partner_b)
    services.seat_fill(actor=world.coordinator_b, seat=seat, holder=world.coordinator_b,
                       substitute=line_manager_b)
    seat.refresh_from_db()
    assert (seat.holder_id, seat.substitute_id) == (world.coordinator_b.pk, line_manager_b.pk)
    [entry] = entries(world.alliance, "SeatFilled")
    assert entry.actor_id == world.coordinator_b.pk
    assert entry.payload == {
        "body": "Tactical table", "partner": world.partner_b.organisation.name,
        "partner_id": world.partner_b.pk, "position": 1, "holder": "Coordinator B",
        "holder_id": world.coordinator_b.pk, "substitute": "Line manager B",
        "substitute_id": line_manager_b.pk}
    # the same again records nothing
    before = state()
    services.seat_fill(actor=world.coordinator_b, seat=seat, holder=world.coordinator_b,
                       substitute=line_manager_b)
    assert state() == before


def test_the_key_alliance_manager_fills_their_own_partners_seat(world):
    body = set_up(world)
    seat = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    services.seat_fill(actor=world.founder, seat=seat, holder=world.professional_a,
                       substitute=world.founder)
    seat.refresh_from_db()
    assert (seat.holder_id, seat.substitute_id) == (world.professional_a.pk, world.founder.pk)


@pytest.mark.parametrize(("holder", "substitute", "field"), [
    ("coordinator_b", None, "holder"),  # another partner's person
    ("outsider", None, "holder"),  # another alliance's person
    ("deactivated", None, "holder"),  # no live role
    ("professional_a", "observer_b", "substitute"),
    ("professional_a", "professional_a", "substitute"),
])
def test_a_seat_is_filled_only_with_people_of_its_own_partner(world, holder, substitute, field):
    body = set_up(world)
    seat = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    before = state()
    with pytest.raises(DomainError) as refused:
        services.seat_fill(actor=world.founder, seat=seat, holder=getattr(world, holder),
                           substitute=getattr(world, substitute) if substitute else None)
    assert refused.value.field == field
    assert state() == before


@pytest.mark.parametrize("who", ["observer_b", "reviewer"])
def test_observers_and_reviewers_never_sit(world, who):
    body = set_up(world)
    seat = services.seat_add(actor=world.founder, body=body, partner=world.partner_b)
    before = state()
    with pytest.raises(DomainError) as refused:
        services.seat_fill(actor=world.coordinator_b, seat=seat, holder=getattr(world, who),
                           substitute=None)
    assert refused.value.field == "holder"
    assert state() == before


@pytest.mark.parametrize(("actor", "partner"), [
    ("coordinator_b", "partner_a"),  # a coordinator of B cannot fill A's seat
    ("founder", "partner_b"),  # nor the key alliance manager another partner's
    ("professional_a", "partner_a"),  # a partner's people who do not steer cannot either
    ("observer_b", "partner_b"),
    ("reviewer", "partner_b"),
])
def test_only_the_seats_own_partner_decides_who_sits(world, actor, partner):
    body = set_up(world)
    seat = services.seat_add(actor=world.founder, body=body, partner=getattr(world, partner))
    before = state()
    with pytest.raises(PermissionDenied):
        services.seat_fill(actor=getattr(world, actor), seat=seat,
                           holder=getattr(world, actor), substitute=None)
    assert state() == before


def test_a_removed_seat_cannot_be_filled(world):
    body = set_up(world)
    seat = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    services.seat_remove(actor=world.founder, seat=seat)
    before = state()
    with pytest.raises(Conflict):
        services.seat_fill(actor=world.founder, seat=seat, holder=world.professional_a,
                           substitute=None)
    assert state() == before


def test_emptying_a_seat_makes_it_a_vacancy_again(world):
    body = set_up(world)
    seat = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    services.seat_fill(actor=world.founder, seat=seat, holder=world.professional_a,
                       substitute=None)
    services.seat_fill(actor=world.founder, seat=seat, holder=None, substitute=None)
    seat.refresh_from_db()
    assert (seat.holder_id, seat.substitute_id) == (None, None)
    assert [e.payload["holder"] for e in entries(world.alliance, "SeatFilled")] == [
        "Professional A", ""]


def test_every_write_keeps_the_journal_chain_valid(world):
    body = set_up(world)
    seat = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
    services.seat_fill(actor=world.founder, seat=seat, holder=world.professional_a,
                       substitute=None)
    change(Body.objects.get(pk=body.pk), world.founder, mandate="New")
    services.seat_remove(actor=world.founder, seat=seat)
    services.body_archive(actor=world.founder, body=body)
    assert [e.kind for e in entries(world.alliance)][-6:] == [
        "BodySetUp", "SeatAdded", "SeatFilled", "BodyChanged", "SeatRemoved", "BodyArchived"]
    assert journal_verify(alliance_id=world.alliance.pk).intact


# --- the rest of the decision rule ------------------------------------------------------------


def test_the_decision_rule_is_set_up_and_changed_as_a_whole(world):
    body = services.body_set_up(
        actor=world.founder, alliance=world.alliance, name="Board", kind="board",
        level="strategic", decision_rule="qualified_majority", voting_unit="partner",
        majority_basis="weight", qualified_numerator=3, qualified_denominator=4,
        quorum_percent=50, quorum_basis="present",
        weights={str(world.partner_a.pk): 3, str(world.partner_b.pk): 1}, secret_ballot=True)
    assert (body.voting_unit, body.majority_basis, body.qualified_numerator,
            body.qualified_denominator, body.quorum_percent, body.quorum_basis, body.weights,
            body.secret_ballot) == ("partner", "weight", 3, 4, 50, "present",
                                    {str(world.partner_a.pk): 3}, True)
    changed = services.body_change(
        actor=world.founder, body=body, expected_version=1, name="Board", kind="board",
        level="strategic", mandate="", substitutes_may_attend=False, chair_rule="rotating",
        chair_person=None, decision_rule="majority", secretary=None, quorum_percent=0)
    assert (changed.decision_rule, changed.quorum_percent, changed.weights, changed.version) == (
        "majority", 0, {str(world.partner_a.pk): 3}, 2)
    [entry] = entries(world.alliance, "BodyChanged")
    assert entry.payload["changed"] == ["decision_rule", "quorum_percent"]


@pytest.mark.parametrize(("given", "field", "code"), [
    ({"weights": {"999999": 2}}, "weights", "weight_unknown_partner"),
    ({"weights": {"A": 2}}, "weights", "weight_unknown_partner"),
    ({"weights": {"<a>": 0}}, "weights", "invalid_weight"),
    ({"weights": {"<a>": 101}}, "weights", "invalid_weight"),
    ({"weights": {"<a>": 2}, "voting_unit": "seat"}, "weights", "weights_need_partner_votes"),
    ({"qualified_numerator": 4, "qualified_denominator": 3}, "qualified_numerator",
     "invalid_share"),
    ({"qualified_denominator": 101}, "qualified_denominator", "invalid_share"),
    ({"quorum_percent": 101}, "quorum_percent", "invalid_quorum"),
    ({"voting_unit": "team"}, "voting_unit", "unknown_voting_unit"),
    ({"quorum_basis": "all"}, "quorum_basis", "unknown_quorum_basis"),
])
def test_a_decision_rule_that_does_not_hold_is_refused_on_its_field(world, given, field, code):
    if "weights" in given:
        given = {**given, "weights": {k.replace("<a>", str(world.partner_a.pk)): v
                                      for k, v in given["weights"].items()}}
    before = Body.objects.count()
    with pytest.raises(DomainError) as refused:
        services.body_set_up(actor=world.founder, alliance=world.alliance, name="Board",
                             kind="board", level="strategic", **given)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert Body.objects.count() == before
