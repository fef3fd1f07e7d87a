"""People show by their name: sign-up asks for it, and accepting an invitation with an account
that has none asks for it too. An invitation for a role the person holds already is refused on
the e-mail field (page and API), instead of sending a duplicate."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from concordia.accounts.models import Person
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Invitation
from concordia.core.errors import Conflict, DomainError
from concordia.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_sign_up_asks_for_the_full_name(client: Client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    url = reverse("account_signup")
    assert b'name="full_name"' in client.get(url).content
    without = client.post(url, {"email": "new@example.org", "password1": "a-long-pass-phrase",
                                "password2": "a-long-pass-phrase"})
    assert without.status_code == 200  # the form again, with the error
    assert not Person.objects.filter(email="new@example.org").exists()
    client.post(url, {"email": "new@example.org", "full_name": "  Noor  Jansen ",
                      "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"})
    assert Person.objects.get(email="new@example.org").full_name == "Noor Jansen"


def _invitation(world, email: str) -> str:
    _inv, raw = alliance_services.invitation_create(
        actor=world.founder, partner=world.partner_a, email=email, role=Role.BOARD_MEMBER,
        level=Level.STRATEGIC, notify=False)
    return raw


def test_accepting_without_a_name_asks_for_it(world, client: Client):
    raw = _invitation(world, "nameless@example.org")
    nameless = PersonFactory(email="nameless@example.org", full_name="", organisation=None)
    client.force_login(nameless)
    url = reverse("invitation_accept", kwargs={"token": raw})
    assert b'name="full_name"' in client.get(url).content
    refused = client.post(url, {"full_name": ""})
    assert refused.status_code == 422
    assert b'id="id_full_name_error"' in refused.content
    assert not Invitation.objects.get().accepted_at
    done = client.post(url, {"full_name": "Sam Bakker"})
    assert done.status_code == 302
    nameless.refresh_from_db()
    assert nameless.full_name == "Sam Bakker"


def test_the_service_and_api_refuse_acceptance_without_a_name(world, client: Client):
    raw = _invitation(world, "nameless@example.org")
    nameless = PersonFactory(email="nameless@example.org", full_name="", organisation=None)
    with pytest.raises(DomainError) as refused:
        alliance_services.invitation_accept(actor=nameless, raw_token=raw)
    assert refused.value.field == "full_name"
    client.force_login(nameless)
    response = client.post("/api/v1/invitation-acceptances",
                           data=json.dumps({"token": raw, "full_name": "Sam Bakker"}),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert Person.objects.get(pk=nameless.pk).full_name == "Sam Bakker"


def test_inviting_someone_who_holds_the_role_is_refused_on_the_field(world, client: Client):
    # professional_a holds "professional" for partner A already.
    with pytest.raises(Conflict) as refused:
        alliance_services.invitation_create(
            actor=world.founder, partner=world.partner_a, email=world.professional_a.email.upper(),
            role=Role.PROFESSIONAL, level=Level.OPERATIONAL, notify=False)
    assert refused.value.field == "email"
    assert not Invitation.objects.exists()
    client.force_login(world.founder)
    page = client.post(reverse("invitation_create", kwargs={"pk": world.alliance.pk}),
                       {"partner": world.partner_a.pk, "email": world.professional_a.email,
                        "role": Role.PROFESSIONAL, "level": Level.OPERATIONAL, "ends_on": ""})
    assert page.status_code == 422
    assert b'id="id_email_error"' in page.content
    api = client.post(f"/api/v1/alliances/{world.alliance.pk}/invitations",
                      data=json.dumps({"partner_id": world.partner_a.pk,
                                       "email": world.professional_a.email,
                                       "role": Role.PROFESSIONAL, "level": Level.OPERATIONAL}),
                      content_type="application/json")
    assert api.status_code == 409
    assert not Invitation.objects.exists()
