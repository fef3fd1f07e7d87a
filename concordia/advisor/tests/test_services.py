import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404

from concordia.advisor import rules, selectors, services
from concordia.advisor.models import SavedAdvice
from concordia.core.errors import DomainError
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry


def test_save_to_alliance_keeps_answers_and_snapshot_and_journals_it(world):
    journal_before = JournalEntry.objects.count()

    saved = services.advice_save(actor=world.professional_a, answers=rules.WAGE_TAX_CASE,
                                 alliance=world.alliance, title="  Still an alliance?  ")

    saved.refresh_from_db()
    assert (saved.alliance_id, saved.organisation_id, saved.saved_by_id) == (
        world.alliance.pk, None, world.professional_a.pk)
    assert saved.title == "Still an alliance?"
    assert saved.result_form == "alliance"
    assert saved.answers == rules.WAGE_TAX_CASE.as_dict()
    assert saved.snapshot["form"] == "alliance"
    assert saved.snapshot["ranking"][0]["form"] == "alliance"
    # a write in the alliance, so journaled (not a commitment: advice binds nobody)
    assert list(JournalEntry.objects.filter(alliance=world.alliance).order_by("-seq")
                .values_list("kind", "payload")[:1]) == [
        ("AdviceSaved", {"title": "Still an alliance?", "form": "alliance"})]
    assert JournalEntry.objects.count() == journal_before + 1


def test_save_to_own_organisation(world):
    saved = services.advice_save(actor=world.stranger, answers=rules.WAGE_TAX_CASE,
                                 organisation=world.stranger.organisation)

    assert (saved.alliance_id, saved.organisation_id) == (None, world.stranger.organisation_id)
    assert saved.title == ""


@pytest.mark.parametrize("actor", ["observer_b", "reviewer"])
def test_read_only_role_cannot_save_to_the_alliance(world, actor):
    with pytest.raises(PermissionDenied):
        services.advice_save(actor=getattr(world, actor), answers=rules.WAGE_TAX_CASE,
                             alliance=world.alliance)

    assert SavedAdvice.objects.count() == 0


@pytest.mark.parametrize("actor", ["outsider", "stranger", "removed", "expired_reviewer"])
def test_someone_without_a_live_role_cannot_save_to_the_alliance(world, actor):
    with pytest.raises(PermissionDenied):
        services.advice_save(actor=getattr(world, actor), answers=rules.WAGE_TAX_CASE,
                             alliance=world.alliance)

    assert SavedAdvice.objects.count() == 0


def test_someone_of_another_organisation_cannot_save_to_it(world):
    with pytest.raises(PermissionDenied):
        services.advice_save(actor=world.outsider, answers=rules.WAGE_TAX_CASE,
                             organisation=world.founder.organisation)

    assert SavedAdvice.objects.count() == 0


def test_title_too_long_is_refused(world):
    with pytest.raises(DomainError) as caught:
        services.advice_save(actor=world.founder, answers=rules.WAGE_TAX_CASE,
                             alliance=world.alliance, title="x" * 201)

    assert caught.value.field == "title"
    assert SavedAdvice.objects.count() == 0


def test_exactly_one_destination(world):
    with pytest.raises(ValueError, match="exactly one"):
        services.advice_save(actor=world.founder, answers=rules.WAGE_TAX_CASE,
                             alliance=world.alliance, organisation=world.founder.organisation)
    with pytest.raises(ValueError, match="exactly one"):
        services.advice_save(actor=world.founder, answers=rules.WAGE_TAX_CASE)

    assert SavedAdvice.objects.count() == 0


def test_database_refuses_advice_for_both_or_neither(world):
    common = {"answers": {}, "result_form": "alliance", "snapshot": {},
              "saved_by": world.founder}
    for owners in ({"alliance": world.alliance, "organisation": world.founder.organisation},
                   {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            SavedAdvice.objects.create(**common, **owners)

    assert SavedAdvice.objects.count() == 0


def test_list_shows_the_alliance_advice_to_every_live_role_and_nobody_else(world):
    mine = services.advice_save(actor=world.founder, answers=rules.WAGE_TAX_CASE,
                                alliance=world.alliance)
    services.advice_save(actor=world.outsider, answers=rules.WAGE_TAX_CASE,
                         alliance=world.other_alliance)

    for person in (world.founder, world.observer_b, world.reviewer):
        assert list(selectors.advice_list(user=person, alliance=world.alliance)) == [mine]
    for person in (world.outsider, world.stranger, world.expired_reviewer, world.removed):
        with pytest.raises(Http404):
            selectors.advice_list(user=person, alliance=world.alliance)


def test_organisation_advice_is_for_its_own_people_only(world):
    saved = services.advice_save(actor=world.founder, answers=rules.WAGE_TAX_CASE,
                                 organisation=world.founder.organisation)

    assert selectors.advice_get(user=world.professional_a, pk=saved.pk,
                                organisation=world.founder.organisation) == saved
    with pytest.raises(Http404):
        selectors.advice_list(user=world.coordinator_b, organisation=world.founder.organisation)
    with pytest.raises(SavedAdvice.DoesNotExist):  # another scope does not reach it
        selectors.advice_get(user=world.founder, pk=saved.pk, alliance=world.alliance)


def test_destinations_are_the_alliances_where_one_may_write(world):
    assert selectors.advice_destinations(user=world.founder) == [world.alliance]
    assert selectors.advice_destinations(user=world.observer_b) == []
    assert selectors.advice_destinations(user=world.stranger) == []


def test_demo_alliance_keeps_the_wage_tax_advice_once(db):
    alliance, _logins = demo_load()
    demo_load()

    saved = SavedAdvice.objects.get()
    assert (saved.alliance_id, saved.result_form) == (alliance.pk, "alliance")
    assert saved.answers == rules.WAGE_TAX_CASE.as_dict()
