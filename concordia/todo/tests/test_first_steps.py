"""A new alliance's first steps: derived from its data, ticked off as they are taken, gone once
all are done; shown to who sets the alliance up; one query whatever the alliance holds."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from concordia.accounts.models import Person
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import PartnerType
from concordia.testing.factories import PersonFactory, make_alliance
from concordia.todo import rules, selectors


@given(st.dictionaries(st.sampled_from(rules.FIRST_STEPS), st.booleans()))
def test_the_list_keeps_its_order_and_disappears_when_all_are_done(done):
    steps = rules.first_steps(done)
    if all(done.get(step) for step in rules.FIRST_STEPS):
        assert steps == []
    else:
        assert [step for step, _done in steps] == list(rules.FIRST_STEPS)
        assert all(is_done == bool(done.get(step)) for step, is_done in steps)


def _queries_for(person, alliance) -> tuple[dict[str, bool], int]:
    fresh = Person.objects.get(pk=person.pk)  # no roles cached from an earlier call
    with CaptureQueriesContext(connection) as queries:
        done = selectors.first_steps_done(user=fresh, alliance=alliance)
    return done, len(queries)


@pytest.mark.django_db
def test_steps_tick_themselves_off_in_as_many_queries(world):
    founder = PersonFactory(is_organisation_admin=True)
    alliance = make_alliance(founder)
    done, empty = _queries_for(founder, alliance)
    assert done == dict.fromkeys(rules.FIRST_STEPS, False)
    for name in ("Wijkteam Noord", "Wijkteam Zuid", "Wijkteam Oost"):
        alliance_services.organisation_invite(
            actor=founder, alliance=alliance, organisation_name=name,
            email="eva@noord.example", partner_type=PartnerType.CORE)
    done, full = _queries_for(founder, alliance)
    assert done["partners"] is True
    assert done["profile"] is False
    assert full == empty
    # The world's alliance A has more of everything: still the same number.
    assert _queries_for(world.founder, world.alliance)[1] == empty


@pytest.mark.django_db
def test_the_dashboard_shows_them_to_who_sets_up_the_alliance(client: Client, world):
    url = reverse("alliance_dashboard", kwargs={"pk": world.alliance.pk})
    client.force_login(world.founder)
    page = client.get(url)
    assert b'id="first-steps"' in page.content
    assert reverse("profile_edit", kwargs={"pk": world.alliance.pk}).encode() in page.content
    client.force_login(world.professional_a)
    assert b'id="first-steps"' not in client.get(url).content
