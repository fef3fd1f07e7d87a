"""The header's counts (selectors.header_counts): the same numbers as todo_counts, reused from
the process's memory only while nothing has been journaled since and the minute is the same;
unread notifications always counted afresh.

The test settings make the ``local`` cache a dummy (every other test counts afresh, so query
counts do not depend on what an earlier request left); here it is the real one."""

import datetime as dt

import pytest
from django.utils import timezone

from concordia.actions import services as action_services
from concordia.actions.models import ActionItem
from concordia.notifications import services as notification_services
from concordia.todo import selectors


@pytest.fixture(autouse=True)
def _local_memory(settings):
    settings.CACHES = {**settings.CACHES, selectors.HEADER_CACHE: {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "header-counts-test"}}


def _at(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(selectors.timezone, "now", lambda: moment)


def test_the_header_counts_what_the_to_do_list_counts(world):
    assert selectors.header_counts(user=world.founder) == selectors.todo_counts(user=world.founder)
    assert selectors.header_counts(user=world.stranger) == selectors.todo_counts(
        user=world.stranger)


def test_a_second_page_in_the_same_minute_reads_one_query(world, django_assert_num_queries,
                                                          monkeypatch):
    _at(monkeypatch, timezone.now().replace(second=5))
    first = selectors.header_counts(user=world.founder)
    with django_assert_num_queries(1):
        assert selectors.header_counts(user=world.founder) == first


def test_a_journaled_write_counts_again_at_once(world, monkeypatch):
    _at(monkeypatch, timezone.now().replace(second=5))
    before = selectors.header_counts(user=world.founder)
    action_services.action_create(actor=world.founder, alliance=world.alliance,
                                  title="Send the figures", owner_person=world.founder)
    after = selectors.header_counts(user=world.founder)
    assert after["actions"] == before["actions"] + 1
    assert after["total"] == before["total"] + 1
    assert after == selectors.todo_counts(user=world.founder)


def test_what_is_not_journaled_shows_within_the_minute(world, monkeypatch):
    """A row written past the services (as only tests and data repairs do) is seen once the
    minute turns: the bound on how stale the header can be."""
    now = timezone.now().replace(second=5)
    _at(monkeypatch, now)
    before = selectors.header_counts(user=world.founder)
    ActionItem.objects.create(alliance=world.alliance, title="Unjournaled",
                              owner_person=world.founder, created_by=world.founder)
    assert selectors.header_counts(user=world.founder) == before
    _at(monkeypatch, now + dt.timedelta(minutes=1))
    assert selectors.header_counts(user=world.founder)["actions"] == before["actions"] + 1


def test_reading_a_notification_shows_at_once(world, monkeypatch):
    _at(monkeypatch, timezone.now().replace(second=5))
    action_services.action_create(actor=world.founder, alliance=world.alliance,
                                  title="Send the figures", owner_person=world.professional_a)
    person = world.professional_a
    unread = selectors.header_counts(user=person)["unread"]
    assert unread >= 1
    notification = selectors.notification_selectors.notification_list(
        user=person, unread_only=True).first()
    notification_services.notification_mark_read(actor=person, pk=notification.pk)
    assert selectors.header_counts(user=person)["unread"] == unread - 1
