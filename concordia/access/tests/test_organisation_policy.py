"""Organisation actions go through the same `policy.can` as alliance actions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from concordia.access import policy
from concordia.testing.factories import World

ADMIN_ONLY = ["organisation.edit", "organisation.deactivate_person",
              "organisation.answer_invitation"]
EVERY_COLLEAGUE = ["organisation.view_members", "organisation.view_alliances",
                   "organisation.keep_advice"]


@pytest.mark.parametrize("action", ADMIN_ONLY + EVERY_COLLEAGUE)
def test_the_administrator_may_everything_for_their_own_organisation(world: World, action):
    assert policy.can(world.founder, action, world.founder.organisation) is True


@pytest.mark.parametrize("action", ADMIN_ONLY)
def test_a_colleague_who_is_no_administrator_may_not_act_for_the_organisation(world, action):
    assert policy.can(world.professional_a, action, world.founder.organisation) is False


@pytest.mark.parametrize("action", EVERY_COLLEAGUE)
def test_every_colleague_sees_the_members_and_keeps_advice(world: World, action):
    assert policy.can(world.professional_a, action, world.founder.organisation) is True


@pytest.mark.parametrize("action", ADMIN_ONLY + EVERY_COLLEAGUE)
def test_an_administrator_of_another_organisation_may_nothing(world: World, action):
    # the coordinator of partner B steers alliance A with the founder, and still gets nothing
    # over organisation A
    assert policy.can(world.coordinator_b, action, world.founder.organisation) is False


@pytest.mark.parametrize("action", ADMIN_ONLY + EVERY_COLLEAGUE)
def test_a_deactivated_person_or_anonymous_visitor_may_nothing(world: World, action):
    assert policy.can(world.deactivated, action, world.founder.organisation) is False
    assert policy.can(AnonymousUser(), action, world.founder.organisation) is False


def test_person_and_partner_are_judged_by_their_organisation(world: World):
    # deactivating concerns the person's organisation; answering, the invited organisation's
    assert policy.can(world.founder, "organisation.deactivate_person", world.professional_a)
    assert not policy.can(world.founder, "organisation.deactivate_person", world.observer_b)
    assert policy.can(world.coordinator_b, "organisation.answer_invitation", world.partner_b)
    assert not policy.can(world.founder, "organisation.answer_invitation", world.partner_b)


def test_own_organisation_for_names_it_only_when_allowed(world: World):
    organisation_id = world.founder.organisation_id
    assert policy.own_organisation_for(world.founder, "organisation.edit") == organisation_id
    assert policy.own_organisation_for(world.professional_a, "organisation.edit") is None
    assert policy.own_organisation_for(world.professional_a,
                                       "organisation.view_members") == organisation_id
    assert policy.own_organisation_for(AnonymousUser(), "organisation.view_members") is None
