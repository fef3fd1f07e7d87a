"""Pure rules of notifications: delivery per kind, what still goes by mail, the digest."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.notifications import rules
from concordia.notifications.choices import Delivery, MailState, NotificationKind
from concordia.notifications.rules import DigestItem, compose_digest

T0 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


def item(alliance_id: int, name: str, minutes: int, text: str = "x") -> DigestItem:
    return DigestItem(alliance_id=alliance_id, alliance_name=name, text=text,
                      url=f"/n/{alliance_id}/{minutes}",
                      created_at=T0 + dt.timedelta(minutes=minutes))


def test_every_kind_has_a_default_delivery():
    assert set(rules.DEFAULT_DELIVERY) == set(NotificationKind.values)
    assert set(rules.DEFAULT_DELIVERY.values()) <= set(Delivery.values)


def test_a_persons_own_choice_wins_over_the_default():
    kind = NotificationKind.MINUTES_APPROVED
    assert rules.delivery_for(kind, {}) == Delivery.DAILY_DIGEST
    assert rules.delivery_for(kind, {kind: Delivery.NO_EMAIL}) == Delivery.NO_EMAIL
    # another kind's choice does not count
    assert rules.delivery_for(kind, {NotificationKind.ACTION_ASSIGNED: Delivery.NO_EMAIL}) \
        == Delivery.DAILY_DIGEST


@pytest.mark.parametrize(("delivery", "state"), [
    (Delivery.IMMEDIATELY, MailState.QUEUED),
    (Delivery.DAILY_DIGEST, MailState.PENDING),
    (Delivery.NO_EMAIL, MailState.NOT_SENT),
])
def test_the_delivery_decides_where_the_mail_starts(delivery, state):
    assert rules.initial_mail_state(delivery) == state


@pytest.mark.parametrize(("read", "visible", "chosen", "mailed"), [
    (False, True, {}, True),
    (True, True, {}, False),  # read in the app meanwhile
    (False, False, {}, False),  # no longer a role in the alliance
    (False, True, {"action_overdue": "no_email"}, False),  # changed their mind
    (False, True, {"action_overdue": "immediately"}, True),
])
def test_which_waiting_notifications_still_go_by_mail(read, visible, chosen, mailed):
    assert rules.still_mailed("action_overdue", chosen, read=read, visible=visible) is mailed


def test_preference_changes_save_only_what_differs_and_forget_what_is_left_out():
    current = {"meeting_invited": "no_email", "action_overdue": "immediately"}
    wanted = {"meeting_invited": "no_email", "minutes_approved": "immediately"}
    save, forget = rules.preference_changes(current, wanted)
    assert save == {"minutes_approved": "immediately"}
    assert forget == ["action_overdue"]
    # the same choices again: nothing to do
    assert rules.preference_changes(wanted, wanted) == ({}, [])


@pytest.mark.parametrize("wanted", [{"no_such_kind": "no_email"},
                                    {"meeting_invited": "weekly"}])
def test_unknown_kinds_and_deliveries_are_refused(wanted):
    with pytest.raises(ValueError):  # noqa: PT011 - the caller names the field from the value
        rules.preference_changes({}, wanted)


def test_nothing_pending_composes_no_digest():
    assert compose_digest([]) == []


def test_the_digest_groups_per_alliance_by_name_oldest_first():
    items = [item(2, "Zorg Oost", 5, "b"), item(1, "Arnhem", 9, "c"), item(2, "Zorg Oost", 1, "a"),
             item(1, "Arnhem", 3, "d")]
    groups = compose_digest(items)
    assert [(g.alliance_id, g.alliance_name) for g in groups] == [(1, "Arnhem"), (2, "Zorg Oost")]
    assert [i.text for i in groups[0].items] == ["d", "c"]
    assert [i.text for i in groups[1].items] == ["a", "b"]


items_strategy = st.lists(
    st.builds(item, alliance_id=st.integers(1, 5),
              name=st.sampled_from(["A", "b", "C", "a"]), minutes=st.integers(0, 10_000),
              text=st.text(max_size=5)),
    max_size=30)


@given(items_strategy)
def test_a_digest_holds_every_notification_once_and_no_empty_group(items):
    groups = compose_digest(items)
    flat = [i for g in groups for i in g.items]
    assert sorted(flat, key=repr) == sorted(items, key=repr)
    assert all(g.items for g in groups)
    assert len({g.alliance_id for g in groups}) == len(groups)
    assert all(i.alliance_id == g.alliance_id for g in groups for i in g.items)
    for g in groups:
        times = [i.created_at for i in g.items]
        assert times == sorted(times)
    assert (groups == []) == (items == [])


def test_an_invitation_to_answer_is_shown_without_a_role_in_its_alliance():
    assert rules.shown(NotificationKind.INVITATION_TO_ANSWER, in_visible_alliance=False)
    assert not rules.shown(NotificationKind.ACTION_ASSIGNED, in_visible_alliance=False)
    assert rules.shown(NotificationKind.ACTION_ASSIGNED, in_visible_alliance=True)
