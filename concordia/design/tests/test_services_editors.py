"""Design services: only the alliance's editors steer the design; everyone else is refused and
nothing changes."""


import pytest
from django.core.exceptions import PermissionDenied

from concordia.design import services
from concordia.design.models import (
    AllianceProfile,
    GlossaryTerm,
    StatementVersion,
)
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    OBJECTIVE,
    fresh,
)
from concordia.design.tests.support import SERVICE_PROFILE as PROFILE

# Messages are matched in English (the default language is Dutch).
pytestmark = pytest.mark.usefixtures("english")

# --- non-editors ---------------------------------------------------------------------------

EDITOR_ONLY = {
    "profile_update": lambda w, p: services.profile_update(
        actor=p, alliance=w.alliance, expected_version=0, **PROFILE),
    "statement_draft": lambda w, p: services.statement_draft(
        actor=p, alliance=w.alliance, kind=OBJECTIVE, text="Mine", based_on=0),
    "glossary_term_add": lambda w, p: services.glossary_term_add(
        actor=p, alliance=w.alliance, term="Mine"),
    "glossary_definition_propose": lambda w, p: services.glossary_definition_propose(
        actor=p, term=GlossaryTerm.objects.get(alliance=w.alliance, term="Income"),
        definition="Mine"),
}


# A partner's own interest and resistance are its own words: test_partner_words.py. The stage
# is rated by each partner's own people: test_services_stage.py.
@pytest.mark.parametrize("write", list(EDITOR_ONLY))
@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer", "outsider"])
def test_non_editors_are_refused_and_nothing_changes(world, term, write, actor):
    # given a term in the glossary and someone who may read but not steer the design
    before = design_state()

    with pytest.raises(PermissionDenied):
        EDITOR_ONLY[write](world, fresh(getattr(world, actor)))

    assert design_state() == before


def test_coordinator_of_another_partner_may_edit_the_design(world, term):
    """The alliance coordinators steer the design together with the key alliance manager."""
    coordinator = fresh(world.coordinator_b)

    for write in EDITOR_ONLY.values():
        write(world, coordinator)

    assert AllianceProfile.objects.get(alliance=world.alliance).updated_by_id == coordinator.pk
    assert set(StatementVersion.objects.filter(alliance=world.alliance).values_list(
        "created_by_id", flat=True)) == {coordinator.pk}
    assert GlossaryTerm.objects.filter(alliance=world.alliance).count() == 2
