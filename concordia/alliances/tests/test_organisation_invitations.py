"""Inviting an organisation that is not registered: its contact registers it through the
mailed link, becomes its administrator and answers; resend replaces the link, withdraw ends
it; look-alike names are refused; every step is journaled."""

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from concordia.alliances import services
from concordia.alliances.choices import (
    OrganisationInvitationState,
    PartnerStatus,
    PartnerType,
    Role,
)
from concordia.alliances.models import Membership, OrganisationInvitation, Partner
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.organisations.models import Organisation
from concordia.testing.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def kinds(alliance) -> list[str]:
    return list(JournalEntry.objects.filter(alliance=alliance).order_by("seq")
                .values_list("kind", flat=True))


def link_token(message) -> str:
    return re.search(r"/organisation-invitations/(\S+)", message.body).group(1)


def invite_unregistered(world, name="Wijkteam Noord", email="Eva@Noord.example"):
    return services.partner_invite_by_name(
        actor=world.founder, alliance=world.alliance, organisation_name=name, email=email,
        partner_type=PartnerType.CORE)


def test_an_unregistered_organisation_registers_through_the_link_and_joins(world,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_unregistered(world)
    assert isinstance(invitation, OrganisationInvitation)
    assert invitation.email == "eva@noord.example"
    assert invitation.state == OrganisationInvitationState.WAITING
    [message] = mail.outbox
    assert message.to == ["eva@noord.example"]
    raw = link_token(message)
    # Only the hash is stored.
    assert raw not in invitation.token_hash
    assert not OrganisationInvitation.objects.filter(token_hash=raw).exists()

    contact = PersonFactory(email="eva@noord.example", full_name="", organisation=None)
    partner = services.organisation_invitation_register(
        actor=contact, raw_token=raw, name="Wijkteam Noord", kind="non_profit",
        full_name="Eva de Vries")
    contact.refresh_from_db()
    assert contact.full_name == "Eva de Vries"
    assert contact.is_organisation_admin
    assert contact.organisation == partner.organisation
    assert partner.status == PartnerStatus.INVITED
    invitation.refresh_from_db()
    assert invitation.state == OrganisationInvitationState.REGISTERED

    services.partner_respond(actor=contact, partner=partner, accept=True)
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ACTIVE
    assert Membership.objects.filter(partner=partner, person=contact,
                                     role=Role.ALLIANCE_COORDINATOR).exists()
    assert kinds(world.alliance)[-4:] == ["OrganisationInvited", "InvitedOrganisationRegistered",
                                          "PartnerJoined", "RoleGranted"]
    # The link is used up.
    with pytest.raises(Conflict):
        services.organisation_invitation_register(actor=contact, raw_token=raw,
                                                  name="Wijkteam Noord", kind="non_profit")


def test_a_registered_name_invites_the_registered_organisation(world):
    organisation = OrganisationFactory(name="Zorggroep Oost")
    result = services.partner_invite_by_name(
        actor=world.founder, alliance=world.alliance, organisation_name="zorggroep oost",
        email="", partner_type=PartnerType.CORE)
    assert isinstance(result, Partner)
    assert result.organisation == organisation
    assert not OrganisationInvitation.objects.exists()


def test_a_look_alike_of_a_registered_name_is_refused(world):
    OrganisationFactory(name="Tax Authority")
    before = JournalEntry.objects.count()
    with pytest.raises(DomainError) as refused:
        invite_unregistered(world, name="T\u0430x Authority")  # Cyrillic a
    assert refused.value.field == "organisation_name"
    assert "Tax Authority" in refused.value.message
    assert JournalEntry.objects.count() == before
    assert not OrganisationInvitation.objects.exists()


def test_the_contact_may_not_register_a_look_alike_either(world):
    invitation_raw = _invited(world)
    OrganisationFactory(name="Wijkteam Zuid")
    contact = PersonFactory(email="eva@noord.example", organisation=None)
    with pytest.raises(DomainError) as refused:
        services.organisation_invitation_register(
            actor=contact, raw_token=invitation_raw, name="WIJKTEAM ZUID", kind="non_profit")
    assert refused.value.field == "name"
    assert not Partner.objects.filter(organisation__name__iexact="wijkteam zuid").exists()


def _invited(world, name="Wijkteam Noord", email="eva@noord.example") -> str:
    _invitation, raw = services.organisation_invite(
        actor=world.founder, alliance=world.alliance, organisation_name=name, email=email,
        partner_type=PartnerType.CORE)
    return raw


def test_a_second_invitation_of_the_same_name_is_refused(world):
    invite_unregistered(world)
    with pytest.raises(Conflict) as refused:
        invite_unregistered(world, name="WIJKTEAM NOORD", email="other@noord.example")
    assert refused.value.field == "organisation_name"


def test_resend_replaces_the_link_and_withdraw_ends_it(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_unregistered(world)
    first = link_token(mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_invitation_resend(actor=world.founder, invitation=invitation)
    second = link_token(mail.outbox[-1])
    assert first != second
    invitation.refresh_from_db()
    assert invitation.times_sent == 2
    contact = PersonFactory(email="eva@noord.example", organisation=None)
    with pytest.raises(DomainError) as old_link:
        services.organisation_invitation_register(actor=contact, raw_token=first,
                                                  name="Wijkteam Noord", kind="company")
    assert old_link.value.code == "not_found"

    services.organisation_invitation_withdraw(actor=world.founder, invitation=invitation)
    with pytest.raises(Conflict):
        services.organisation_invitation_register(actor=contact, raw_token=second,
                                                  name="Wijkteam Noord", kind="company")
    with pytest.raises(Conflict):
        services.organisation_invitation_resend(actor=world.founder, invitation=invitation)
    assert kinds(world.alliance)[-3:] == ["OrganisationInvited", "OrganisationInvitationResent",
                                          "OrganisationInvitationWithdrawn"]


def test_only_who_may_invite_partners_invites_resends_or_withdraws(world):
    with pytest.raises(PermissionDenied):
        services.organisation_invite(actor=world.professional_a, alliance=world.alliance,
                                     organisation_name="Wijkteam Noord", email="e@x.example",
                                     partner_type=PartnerType.CORE)
    invitation = invite_unregistered(world)
    with pytest.raises(PermissionDenied):
        services.organisation_invitation_withdraw(actor=world.observer_b, invitation=invitation)


def test_the_link_is_for_the_invited_address_only_and_expires(world):
    raw = _invited(world)
    stranger = PersonFactory(email="someone@else.example", organisation=None)
    with pytest.raises(DomainError) as wrong:
        services.organisation_invitation_register(actor=stranger, raw_token=raw,
                                                  name="Wijkteam Noord", kind="company")
    assert wrong.value.code == "wrong_person"
    OrganisationInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    contact = PersonFactory(email="eva@noord.example", organisation=None)
    with pytest.raises(DomainError) as expired:
        services.organisation_invitation_register(actor=contact, raw_token=raw,
                                                  name="Wijkteam Noord", kind="company")
    assert expired.value.code == "expired"
    assert not Organisation.objects.filter(name="Wijkteam Noord").exists()


def test_someone_of_a_registered_organisation_cannot_register_another(world):
    raw = _invited(world)
    member = PersonFactory(email="eva@noord.example", organisation=OrganisationFactory())
    with pytest.raises(DomainError) as refused:
        services.organisation_invitation_register(actor=member, raw_token=raw,
                                                  name="Wijkteam Noord", kind="company")
    assert refused.value.code == "has_organisation"


def test_a_contact_without_a_name_must_give_one(world):
    raw = _invited(world)
    contact = PersonFactory(email="eva@noord.example", full_name="", organisation=None)
    with pytest.raises(DomainError) as refused:
        services.organisation_invitation_register(actor=contact, raw_token=raw,
                                                  name="Wijkteam Noord", kind="company")
    assert refused.value.field == "full_name"
    assert not Organisation.objects.filter(name="Wijkteam Noord").exists()


# Pages ----------------------------------------------------------------------------------------

def test_the_invite_page_takes_any_name_and_explains_an_empty_directory(world, client: Client):
    client.force_login(world.founder)
    url = reverse("partner_invite", kwargs={"pk": world.alliance.pk})
    page = client.get(url, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert b"---------" not in page.content
    response = client.post(url, {"organisation_name": "Wijkteam Noord",
                                 "email": "eva@noord.example", "partner_type": "core"})
    assert response.status_code == 302
    assert response["Location"] == reverse("partner_list", kwargs={"pk": world.alliance.pk})
    listing = client.get(response["Location"])
    assert b"Wijkteam Noord" in listing.content
    assert b"eva@noord.example" in listing.content
    # Without an address for an unregistered organisation: told on the field.
    missing = client.post(url, {"organisation_name": "Wijkteam West", "email": "",
                                "partner_type": "core"})
    assert missing.status_code == 422
    assert b'id="id_email_error"' in missing.content


def test_the_contact_registers_and_answers_on_the_link_page(world, client: Client):
    raw = _invited(world)
    url = reverse("organisation_invitation_open", kwargs={"token": raw})
    assert reverse("account_signup").encode() in client.get(url).content
    contact = PersonFactory(email="eva@noord.example", full_name="", organisation=None)
    client.force_login(contact)
    form = client.get(url)
    assert b'value="Wijkteam Noord"' in form.content  # the name filled in
    assert b'name="full_name"' in form.content
    response = client.post(url, {"name": "Wijkteam Noord", "kind": "non_profit",
                                 "kvk_number": "", "oin": "", "website": "",
                                 "full_name": "Eva de Vries"})
    assert response.status_code == 302
    answer = client.get(url)
    partner = Partner.objects.get(organisation__name="Wijkteam Noord")
    assert reverse("partner_answer", kwargs={"partner_pk": partner.pk}).encode() in answer.content
    done = client.post(reverse("partner_answer", kwargs={"partner_pk": partner.pk}),
                       {"answer": "accept"})
    assert done["Location"] == reverse("alliance_dashboard", kwargs={"pk": world.alliance.pk})


def test_a_bad_token_is_404(client: Client):
    assert client.get(reverse("organisation_invitation_open",
                              kwargs={"token": "org_nothing"})).status_code == 404


# API ------------------------------------------------------------------------------------------

def post(client: Client, url: str, body: dict, key: str = "") -> object:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json",
                       headers=headers)


def test_the_api_invites_lists_resends_withdraws_and_registers(world, client: Client,
                                                               django_capture_on_commit_callbacks):
    client.force_login(world.founder)
    base = f"/api/v1/alliances/{world.alliance.pk}/organisation-invitations"
    body = {"organisation_name": "Wijkteam Noord", "email": "eva@noord.example",
            "partner_type": "core"}
    with django_capture_on_commit_callbacks(execute=True):
        created = post(client, base, body, key="k1")
    assert created.status_code == 201, created.content
    again = post(client, base, body, key="k1")  # replayed, not a second invitation
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert OrganisationInvitation.objects.count() == 1
    invitation = created.json()
    assert invitation["state"] == "waiting"
    assert "token" not in json.dumps(invitation)
    listed = client.get(base).json()
    assert [i["organisation_name"] for i in listed["results"]] == ["Wijkteam Noord"]
    registered = post(client, base,
                      {**body, "organisation_name": world.partner_b.organisation.name})
    assert registered.status_code == 400
    assert registered.json()["invalidParams"][0]["name"] == "organisation_name"

    with django_capture_on_commit_callbacks(execute=True):
        resent = post(client, f"{base}/{invitation['id']}/resend", {})
    assert resent.status_code == 200
    raw = link_token(mail.outbox[-1])

    contact = PersonFactory(email="eva@noord.example", full_name="", organisation=None)
    client.force_login(contact)
    registration = post(client, "/api/v1/organisation-registrations",
                        {"token": raw, "name": "Wijkteam Noord", "kind": "non_profit",
                         "full_name": "Eva de Vries"})
    assert registration.status_code == 201, registration.content
    partner_id = registration.json()["id"]
    answered = post(client, f"/api/v1/partner-invitations/{partner_id}/answer", {"accept": True})
    assert answered.status_code == 200
    assert Partner.objects.get(pk=partner_id).status == PartnerStatus.ACTIVE


def test_the_api_withdraws(world, client: Client):
    client.force_login(world.founder)
    invitation = invite_unregistered(world)
    url = (f"/api/v1/alliances/{world.alliance.pk}/organisation-invitations/"
           f"{invitation.pk}/withdrawal")
    response = post(client, url, {})
    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"


# Partner invitations of registered organisations ----------------------------------------------

def test_a_registered_organisations_invitation_is_resent_or_withdrawn(world,
                                                                      django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="Zorggroep Oost")
    PersonFactory(organisation=organisation, is_organisation_admin=True, email="a@oost.example")
    partner = services.partner_invite(actor=world.founder, alliance=world.alliance,
                                      organisation=organisation, partner_type=PartnerType.CORE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_invitation_resend(actor=world.founder, partner=partner)
    assert [m.to for m in mail.outbox] == [["a@oost.example"]]
    with pytest.raises(PermissionDenied):
        services.partner_invitation_withdraw(actor=world.professional_a, partner=partner)
    services.partner_invitation_withdraw(actor=world.founder, partner=partner)
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.WITHDRAWN
    with pytest.raises(Conflict):
        services.partner_invitation_resend(actor=world.founder, partner=partner)
    assert kinds(world.alliance)[-2:] == ["PartnerInvitationResent", "PartnerInvitationWithdrawn"]
    # It can be invited again; its history stays.
    again = services.partner_invite(actor=world.founder, alliance=world.alliance,
                                    organisation=organisation, partner_type=PartnerType.CORE)
    assert again.pk == partner.pk
    assert again.status == PartnerStatus.INVITED
