"""Pure unit tests of the access rules: plain values in, yes/no out (no database)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.access import rules
from concordia.alliances.choices import PartnerStatus, Role

TODAY = dt.date(2025, 6, 15)
ALL_ROLES = list(Role.values)
role_sets = st.sets(st.sampled_from(ALL_ROLES))
visibilities = st.sampled_from(["public", "alliance", "partner", "confidential"])


# membership_is_live ----------------------------------------------------------------------------

def live(**overrides):
    values = {"revoked": False, "ends_on": None, "partner_status": PartnerStatus.ACTIVE,
              "person_active": True, "today": TODAY}
    values.update(overrides)
    return rules.membership_is_live(**values)


def test_unrevoked_open_ended_membership_of_active_partner_and_person_is_live():
    assert live() is True


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"revoked": True}, False),
        ({"person_active": False}, False),
        ({"partner_status": PartnerStatus.LEFT}, False),
        ({"partner_status": PartnerStatus.INVITED}, False),
        ({"partner_status": PartnerStatus.DECLINED}, False),
        ({"partner_status": None}, True),  # an outside reviewer's role, held for no partner
        ({"partner_status": None, "ends_on": TODAY - dt.timedelta(days=1)}, False),
        ({"ends_on": TODAY}, True),  # the end date itself still counts
        ({"ends_on": TODAY + dt.timedelta(days=1)}, True),
        ({"ends_on": TODAY - dt.timedelta(days=1)}, False),
    ],
)
def test_membership_is_live_per_condition(overrides, expected):
    assert live(**overrides) is expected


@given(ends_on=st.dates(), today=st.dates())
def test_an_end_date_only_ever_takes_liveness_away(ends_on, today):
    # an end date never makes a dead membership live, and an open-ended one is live
    assert live(ends_on=None, today=today) is True
    assert live(ends_on=ends_on, today=today) is (ends_on >= today)


# role checks -----------------------------------------------------------------------------------

def test_any_role_may_view_the_alliance_and_none_may_not():
    assert rules.may_view_alliance({Role.OBSERVER}) is True
    assert rules.may_view_alliance(set()) is False


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_steering_roles_invite_partners(role):
    expected = role in (Role.KEY_ALLIANCE_MANAGER, Role.ALLIANCE_COORDINATOR)
    assert rules.may_invite_partner({role}) is expected


@given(roles=role_sets)
def test_nobody_speaks_for_another_partner(roles):
    assert rules.may_speak_for_partner(roles, own_partner=False) is False


@pytest.mark.parametrize("role", ALL_ROLES)
def test_coordinator_and_board_member_speak_for_own_partner(role):
    expected = role in (Role.ALLIANCE_COORDINATOR, Role.BOARD_MEMBER)
    assert rules.may_speak_for_partner({role}, own_partner=True) is expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_read_only_roles_never_write(role):
    expected = role not in (Role.OBSERVER, Role.EXTERNAL_REVIEWER)
    assert rules.may_write_records({role}) is expected


def test_a_writing_role_next_to_a_read_only_one_writes():
    assert rules.may_write_records({Role.OBSERVER, Role.PROFESSIONAL}) is True
    assert rules.may_write_records({Role.OBSERVER, Role.EXTERNAL_REVIEWER}) is False
    assert rules.may_write_records(set()) is False


@given(roles=role_sets)
def test_write_needs_a_role_outside_the_read_only_set(roles):
    assert rules.may_write_records(roles) is bool(roles - rules.READ_ONLY_ROLES)


# may_see_record --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("visibility", "member", "same_partner", "in_audience", "expected"),
    [
        ("public", False, False, False, True),
        ("alliance", True, False, False, True),
        ("alliance", False, False, False, False),
        ("partner", True, True, False, True),
        ("partner", True, False, False, False),
        ("partner", False, True, False, False),
        ("confidential", True, True, False, False),
        ("confidential", True, False, True, True),
        ("confidential", False, False, True, False),
    ],
)
def test_may_see_record_table(visibility, member, same_partner, in_audience, expected):
    assert rules.may_see_record(visibility=visibility, is_alliance_member=member,
                                same_partner=same_partner, in_audience=in_audience) is expected


@given(visibility=visibilities, same_partner=st.booleans(), in_audience=st.booleans())
def test_non_members_see_only_public_records(visibility, same_partner, in_audience):
    result = rules.may_see_record(visibility=visibility, is_alliance_member=False,
                                  same_partner=same_partner, in_audience=in_audience)
    assert result is (visibility == "public")


@given(member=st.booleans(), same_partner=st.booleans(), in_audience=st.booleans())
def test_visibility_narrows_monotonically(member, same_partner, in_audience):
    # given one person's standing towards a record
    def sees(visibility):
        return rules.may_see_record(visibility=visibility, is_alliance_member=member,
                                    same_partner=same_partner, in_audience=in_audience)

    # then whoever sees a partner-internal or confidential record also sees an alliance-wide one,
    # whoever sees that also sees a public one, and members always see alliance-wide records
    if sees("partner") or sees("confidential"):
        assert sees("alliance") is True
    if sees("alliance"):
        assert sees("public") is True
    assert sees("alliance") is member


# invitable_roles_check -------------------------------------------------------------------------

def test_external_reviewer_needs_an_end_date():
    assert rules.invitable_roles_check(Role.EXTERNAL_REVIEWER, None, TODAY) == (
        "external_reviewer_needs_end_date")


def test_end_date_in_the_past_is_refused_and_today_is_allowed():
    yesterday = TODAY - dt.timedelta(days=1)
    assert rules.invitable_roles_check(Role.PROFESSIONAL, yesterday, TODAY) == "end_date_in_past"
    assert rules.invitable_roles_check(Role.EXTERNAL_REVIEWER, TODAY, TODAY) is None


@given(role=st.sampled_from(ALL_ROLES), ends_on=st.none() | st.dates(), today=st.dates())
def test_invitable_roles_check_over_all_inputs(role, ends_on, today):
    result = rules.invitable_roles_check(role, ends_on, today)
    if role == Role.EXTERNAL_REVIEWER and ends_on is None:
        assert result == "external_reviewer_needs_end_date"
    elif role in (Role.KEY_ALLIANCE_MANAGER, Role.ALLIANCE_COORDINATOR) and ends_on is not None:
        assert result == "single_holder_has_no_end_date"
    elif ends_on is not None and ends_on < today:
        assert result == "end_date_in_past"
    else:
        assert result is None


# read_only_until -------------------------------------------------------------------------------

def test_an_external_reviewer_reads_until_their_end_date():
    ends = dt.date(2027, 3, 31)
    assert rules.read_only_until([(Role.EXTERNAL_REVIEWER, ends)]) == (True, ends)


def test_an_observer_without_end_date_reads_without_end():
    assert rules.read_only_until([(Role.OBSERVER, None)]) == (True, None)


def test_the_last_end_date_counts_and_an_open_ended_role_outlasts_it():
    early, late = dt.date(2026, 1, 1), dt.date(2027, 1, 1)
    assert rules.read_only_until([(Role.EXTERNAL_REVIEWER, early),
                                  (Role.OBSERVER, late)]) == (True, late)
    assert rules.read_only_until([(Role.EXTERNAL_REVIEWER, early),
                                  (Role.OBSERVER, None)]) == (True, None)


@given(st.lists(st.tuples(st.sampled_from(ALL_ROLES),
                          st.one_of(st.none(), st.dates())), max_size=4))
def test_read_only_exactly_when_no_role_writes(roles_ending):
    read_only, until = rules.read_only_until(roles_ending)
    roles = [role for role, _ends in roles_ending]
    assert read_only == (bool(roles) and not rules.may_write_records(roles))
    if not read_only:
        assert until is None


# may_rate_stage: by role OR by level, never read-only -------------------------------------------

LEVELS = ["strategic", "tactical", "operational"]
memberships = st.lists(st.tuples(st.sampled_from(ALL_ROLES), st.sampled_from(LEVELS)),
                       max_size=4)
level_sets = st.sets(st.sampled_from(LEVELS))


@pytest.mark.parametrize(
    ("held", "roles", "levels", "expected"),
    [
        ([("professional", "operational")], ["professional"], [], True),
        ([("professional", "operational")], [], ["operational"], True),
        ([("professional", "operational")], ["board_member"], ["strategic"], False),
        ([("line_manager", "strategic")], ["professional"], ["strategic"], True),
        # a read-only role never rates, whatever level it is held at
        ([("external_reviewer", "strategic")], [], ["strategic"], False),
        ([("observer", "operational")], ["observer"], ["operational"], False),
        # …but another, rating membership of the same person does
        ([("observer", "strategic"), ("professional", "operational")], [], ["operational"],
         True),
        ([("observer", "strategic"), ("professional", "operational")], [], ["strategic"], False),
        # nothing chosen: nobody rates (the service refuses such a choice)
        ([("key_alliance_manager", "tactical")], [], [], False),
    ],
)
def test_a_person_rates_by_a_chosen_role_or_a_chosen_level(held, roles, levels, expected):
    assert rules.may_rate_stage(held, own_partner=True, rater_roles=roles,
                                rater_levels=levels) is expected


@given(memberships, role_sets, level_sets)
def test_nobody_rates_for_another_partner(held, roles, levels):
    assert rules.may_rate_stage(held, own_partner=False, rater_roles=roles,
                                rater_levels=levels) is False


@given(memberships, role_sets, level_sets)
def test_the_rule_is_role_or_level_per_membership_never_read_only(held, roles, levels):
    expected = any(role not in rules.READ_ONLY_ROLES and (role in roles or level in levels)
                   for role, level in held)
    assert rules.may_rate_stage(held, own_partner=True, rater_roles=roles,
                                rater_levels=levels) is expected
    read_only_only = [(r, lv) for r, lv in held if r in rules.READ_ONLY_ROLES]
    assert rules.may_rate_stage(read_only_only, own_partner=True, rater_roles=ALL_ROLES,
                                rater_levels=LEVELS) is False


@given(memberships, role_sets, level_sets, role_sets, level_sets)
def test_choosing_more_roles_or_levels_never_takes_a_rater_away(held, roles, levels,
                                                                 more_roles, more_levels):
    if rules.may_rate_stage(held, own_partner=True, rater_roles=roles, rater_levels=levels):
        assert rules.may_rate_stage(held, own_partner=True, rater_roles=roles | more_roles,
                                    rater_levels=levels | more_levels)


def test_the_levels_to_choose_from_are_the_memberships_levels():
    assert rules.STAGE_RATER_LEVELS == ("strategic", "tactical", "operational")
