"""The demo shows an organisation that is not registered, invited by name and waiting."""

import pytest
from django.utils import translation

from concordia.alliances.choices import OrganisationInvitationState
from concordia.alliances.models import OrganisationInvitation
from concordia.demo.services import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_pending_invitation_of_an_unregistered_organisation():
    with translation.override("en"):
        alliance, _logins = demo_load()
    [invitation] = OrganisationInvitation.objects.filter(alliance=alliance)
    assert invitation.organisation_name == "Chamber of Commerce"
    assert invitation.state == OrganisationInvitationState.WAITING
