"""Pages of the agreements register: the register by kind with status and signatures,
visibility (partners concerned, named people, signers), registering (a covenant, a matrix with
its grid), signing per partner on the page, comparing versions, the body page's section, and
flat query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.agreements import services
from concordia.agreements.choices import AgreementKind
from concordia.agreements.models import Agreement, AgreementVersion, Signature
from concordia.agreements.rules import MatrixRowIn
from concordia.alliances.choices import PartnerType
from concordia.alliances.models import Partner
from concordia.bodies.choices import BodyKind
from concordia.bodies.models import Body
from concordia.organisations.models import Organisation
from concordia.testing.agreements import AgreementsWorld, build_agreements
from concordia.testing.decisions import build_decisions
from concordia.testing.meetings import build_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def aw(world) -> AgreementsWorld:
    return build_agreements(world)


def url(name: str, world, **kwargs) -> str:
    return reverse(name, kwargs={"pk": world.alliance.pk, **kwargs})


def detail(world, agreement) -> str:
    return url("agreement_detail", world, agreement_pk=agreement.pk)


def test_the_register_shows_each_kind_with_status_and_signatures(client, world, aw):
    client.force_login(world.observer_b)
    text = client.get(url("agreement_list", world)).content.decode()
    assert "Service-level agreement" in text
    assert "Responsibility matrix" in text
    assert "Quality checks" in text
    assert "in force (version 1)" in text
    assert "awaiting signatures" in text
    assert ("signed by 2 of 3 parties</span> — waiting for: "
            f"{aw.partner_d.organisation.name}") in text
    assert "Covenant Z" not in text  # another alliance's


def test_an_agreement_of_other_parties_stays_with_them(client, world, aw):
    for person in (world.founder, world.professional_a):  # partner A is no party
        client.force_login(person)
        assert "Staff exchange" not in client.get(url("agreement_list", world)).content.decode()
        assert client.get(detail(world, aw.private)).status_code == 404
        api = reverse("api:get_agreement", kwargs={"alliance_id": world.alliance.pk,
                                                   "agreement_id": aw.private.pk})
        assert client.get(api).status_code == 404
    client.force_login(world.observer_b)  # partner B's people read it
    assert client.get(detail(world, aw.private)).status_code == 200


def test_a_confidential_agreement_is_read_by_its_named_people_and_its_signers(client, world,
                                                                              aw):
    secret = services.agreement_register(
        actor=world.founder, alliance=world.alliance, kind=AgreementKind.OTHER,
        title="Data breach settlement", text="Terms.", parties=[world.partner_a, aw.partner_d],
        visibility="confidential", audience=[world.observer_b])
    readers = {"founder": 200, "observer_b": 200, "professional_a": 404,
               "coordinator_b": 404, "reviewer": 404}
    for actor, status in readers.items():
        client.force_login(getattr(world, actor))
        assert client.get(detail(world, secret)).status_code == status, actor
    client.force_login(aw.coordinator_d)  # signs for D, a party: reads what D is to sign
    assert client.get(detail(world, secret)).status_code == 200


def test_register_a_service_level_agreement_on_the_page(client, world, aw):
    client.force_login(world.coordinator_b)
    page = url("agreement_create", world)
    assert "Responsibility matrix" in client.get(page).content.decode()
    form = client.get(page + "?kind=service_level").content.decode()
    assert 'name="parties"' in form
    assert 'name="row-0-task"' not in form
    response = client.post(page, {
        "kind": "service_level", "title": "Helpdesk hours", "parties": [
            str(world.partner_a.pk), str(world.partner_b.pk)], "text": "Open 8 to 18.",
        "summary": "", "starts_on": "2026-01-01", "ends_on": "", "review_on": "2026-06-01",
        "visibility": "alliance", "body": "", "decision": ""})
    agreement = Agreement.objects.get(title="Helpdesk hours")
    assert response.status_code == 302
    assert response["Location"] == detail(world, agreement)
    assert agreement.versions.get().text == "Open 8 to 18."


def test_a_covenant_without_parties_binds_every_active_partner(client, world, aw):
    client.force_login(world.founder)
    client.post(url("agreement_create", world), {
        "kind": "covenant", "title": "Covenant", "text": "We commit.", "visibility": "alliance"})
    version = AgreementVersion.objects.get(agreement__title="Covenant")
    assert version.parties.count() == 3


def test_register_a_matrix_with_its_grid_and_more_rows(client, world, aw):
    client.force_login(world.founder)
    page = url("agreement_create", world)
    a, b = world.partner_a.pk, world.partner_b.pk
    body = {"kind": "responsibility_matrix", "title": "Chain links", "visibility": "alliance",
            "parties": [str(a), str(b)], "rows": "5", "row-0-task": "Collect payroll returns",
            f"row-0-{a}": "AR", f"row-0-{b}": "I"}
    more = client.post(page, {**body, "more_rows": "1"})
    assert more.status_code == 200  # not saved: the form again, with ten rows
    text = more.content.decode()
    assert 'name="row-9-task"' in text
    assert 'value="Collect payroll returns"' in text
    wrong = client.post(page, {**body, "row-1-task": "Validate", f"row-1-{a}": "A",
                               f"row-1-{b}": "A"})
    assert wrong.status_code == 422
    assert "Row 2: Make exactly one partner accountable (A), not several." in \
        wrong.content.decode()
    assert client.post(page, body).status_code == 302
    agreement = Agreement.objects.get(title="Chain links")
    text = client.get(detail(world, agreement)).content.decode()
    assert 'role="region"' in text
    assert "Collect payroll returns" in text
    assert '<abbr title="accountable and responsible">AR</abbr>' in text


def test_sign_on_the_page_until_in_force(client, world, aw):
    version_url = url("agreement_sign", world, agreement_pk=aw.half_signed.pk, number=1)
    client.force_login(world.professional_a)
    assert client.post(version_url, {"action": "sign"}).status_code == 403
    client.force_login(aw.coordinator_d)
    page = client.get(detail(world, aw.half_signed)).content.decode()
    assert f"Sign version 1 on behalf of {aw.partner_d.organisation.name}" in page
    response = client.post(version_url, {"action": "sign"}, follow=True)
    text = response.content.decode()
    assert "Signed on behalf of your partner." in text
    assert "in force (version 1)" in text
    assert "signed by all 3 parties" in text
    again = client.post(version_url, {"action": "withdraw"}, follow=True)
    assert "This version is in force" in again.content.decode()


def test_withdraw_on_the_page(client, world, aw):
    client.force_login(world.coordinator_b)
    version_url = url("agreement_sign", world, agreement_pk=aw.half_signed.pk, number=1)
    page = client.get(detail(world, aw.half_signed)).content.decode()
    assert f"Withdraw the signature of {world.partner_b.organisation.name}" in page
    assert client.post(version_url, {"action": "withdraw"}).status_code == 302
    assert Signature.objects.filter(version__agreement=aw.half_signed,
                                    withdrawn_at__isnull=True).count() == 1


def test_a_new_version_is_compared_with_the_version_in_force(client, world, aw):
    a, b = world.partner_a, world.partner_b
    client.force_login(world.founder)
    propose = url("agreement_version_propose", world, agreement_pk=aw.matrix.pk)
    form = client.get(propose).content.decode()
    assert 'value="Collect payroll returns"' in form
    response = client.post(propose, {
        "text": "Rows for 2027.", "note": "Statistics added", "parties": [str(a.pk), str(b.pk)],
        "version": aw.matrix.version, "rows": "7",
        "row-0-task": "Collect payroll returns", f"row-0-{a.pk}": "AR",
        "row-1-task": "Validate", f"row-1-{a.pk}": "C", f"row-1-{b.pk}": "AR",
        "row-2-task": "Publish statistics", f"row-2-{b.pk}": "AR", f"row-2-{a.pk}": "I"})
    assert response.status_code == 302
    text = client.get(detail(world, aw.matrix)).content.decode()
    assert "Version 2 awaits signatures" in text
    assert "Version 1 stays in force until every party has signed." in text
    compare = client.get(url("agreement_version", world, agreement_pk=aw.matrix.pk,
                             number=2)).content.decode()
    assert "Version 2 compared with version 1, in force" in compare
    assert '<ins><span class="visually-hidden">added: </span>Rows for 2027.</ins>' in compare
    assert "Publish statistics" in compare
    stale = client.post(propose, {"text": "x", "parties": [str(a.pk)], "version": 1,
                                  "row-0-task": "Validate", f"row-0-{a.pk}": "AR"})
    assert stale.status_code == 422
    assert "Someone else changed this agreement" in stale.content.decode()


def test_change_the_particulars(client, world, aw):
    client.force_login(world.coordinator_b)
    page = url("agreement_edit", world, agreement_pk=aw.sla.pk)
    assert client.get(page).status_code == 200
    response = client.post(page, {"title": "Delivery of wage data", "summary": "Monthly",
                                  "starts_on": "2025-01-01", "ends_on": "2024-01-01",
                                  "review_on": "", "visibility": "alliance",
                                  "version": aw.sla.version})
    assert response.status_code == 422
    assert "The end date cannot be before the start date." in response.content.decode()
    client.force_login(world.professional_a)
    assert client.get(page).status_code == 403


def test_the_body_page_shows_its_agreements(client, world, aw):
    body = Body.objects.create(alliance=world.alliance, name="Board", kind=BodyKind.BOARD,
                               level="strategic")
    services.agreement_change(actor=world.founder, agreement=aw.sla,
                              expected_version=aw.sla.version, title=aw.sla.title, body=body,
                              starts_on=dt.date(2025, 1, 1))
    services.agreement_change(actor=world.coordinator_b, agreement=aw.private,
                              expected_version=aw.private.version, title=aw.private.title,
                              visibility="partner", body=body)
    client.force_login(world.professional_a)
    text = client.get(reverse("body_detail", kwargs={"pk": world.alliance.pk,
                                                     "body_pk": body.pk})).content.decode()
    assert "Delivery of wage data" in text
    assert "Staff exchange" not in text  # partner A is no party to it
    filtered = client.get(url("agreement_list", world) + f"?body={body.pk}").content.decode()
    assert "Delivery of wage data" in filtered
    assert "Quality checks" not in filtered


# --- query counts ------------------------------------------------------------------------------


def _more_agreements(world, aw, n: int) -> None:
    parties = [world.partner_a, world.partner_b, aw.partner_d]
    for i in range(n):
        agreement = services.agreement_register(
            actor=world.founder, alliance=world.alliance,
            kind=[AgreementKind.SERVICE_LEVEL, AgreementKind.OTHER, AgreementKind.COVENANT][i % 3],
            title=f"Agreement {i:03}", text="Terms", parties=parties,
            review_on=dt.date(2030, 1, 1))
        if i % 2:
            services.version_sign(actor=world.founder, version=agreement.versions.get())


def test_the_register_reads_the_same_for_3_and_30_agreements(client, world, aw):
    Agreement.objects.exclude(pk__in=[aw.other.pk]).update(body=None)
    client.force_login(world.coordinator_b)
    api = reverse("api:list_agreements", kwargs={"alliance_id": world.alliance.pk})
    counts = []
    for n in (3, 27):  # with the world's four readable ones: 7, then 34
        _more_agreements(world, aw, n)
        for page in (url("agreement_list", world), api + "?pageSize=200"):
            client.get(page)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts
    assert client.get(api + "?pageSize=200").json()["total"] == 34


def _partner(world, i: int) -> Partner:
    organisation = Organisation.objects.create(name=f"Partner {i:02}", kind="public_body")
    return Partner.objects.create(alliance=world.alliance, organisation=organisation,
                                  partner_type=PartnerType.CORE, status="active")


def test_an_agreement_reads_the_same_with_3_and_30_parties(client, world, aw):
    client.force_login(world.founder)
    counts = []
    for n in (3, 30):
        parties = [world.partner_a, *(_partner(world, i + n) for i in range(n - 1))]
        matrix = [MatrixRowIn(f"Task {r}", {p.pk: ("AR" if k == 0 else "I")
                                             for k, p in enumerate(parties)}) for r in range(5)]
        agreement = services.agreement_register(
            actor=world.founder, alliance=world.alliance,
            kind=AgreementKind.RESPONSIBILITY_MATRIX, title=f"Matrix of {n}", parties=parties,
            matrix=matrix)
        services.version_sign(actor=world.founder, version=agreement.versions.get())
        services.version_propose(actor=world.founder, agreement=agreement,
                                 expected_version=agreement.version, text="v2", matrix=matrix)
        pages = [detail(world, agreement),
                 url("agreement_version", world, agreement_pk=agreement.pk, number=2),
                 reverse("api:get_agreement", kwargs={"alliance_id": world.alliance.pk,
                                                      "agreement_id": agreement.pk}),
                 reverse("api:get_responsibility_matrix", kwargs={
                     "alliance_id": world.alliance.pk, "agreement_id": agreement.pk})]
        for page in pages:
            client.get(page)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[:4] == counts[4:], counts


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_forms_and_the_matrix_are_conforming_html(client, world, aw, language):
    from concordia.tests.test_html_conformance import problems_of  # noqa: PLC0415 — heavy

    services.version_propose(actor=world.founder, agreement=aw.matrix,
                             expected_version=aw.matrix.version, text="Rows for 2027.",
                             matrix=[MatrixRowIn("Validate", {world.partner_b.pk: "AR"})])
    client.force_login(world.founder)
    pages = [url("agreement_create", world) + "?kind=responsibility_matrix",
             url("agreement_create", world) + "?kind=covenant",
             url("agreement_version_propose", world, agreement_pk=aw.matrix.pk),
             detail(world, aw.matrix),
             url("agreement_version", world, agreement_pk=aw.matrix.pk, number=2),
             url("agreement_version", world, agreement_pk=aw.matrix.pk, number=1)]
    for page in pages:
        response = client.get(page, headers={"Accept-Language": language})
        assert response.status_code == 200
        problems = problems_of(response.content.decode())
        assert not problems, (page, problems)


def test_the_decision_page_shows_its_agreements(client, world, aw):
    dw = build_decisions(world, build_meetings(world))
    services.agreement_change(actor=world.founder, agreement=aw.sla,
                              expected_version=aw.sla.version, title=aw.sla.title,
                              decision=dw.closed, starts_on=dt.date(2025, 1, 1))
    client.force_login(world.professional_a)
    text = client.get(reverse("decision_detail", kwargs={
        "pk": world.alliance.pk, "decision_pk": dw.closed.pk})).content.decode()
    assert "Delivery of wage data" in text
    other = client.get(reverse("decision_detail", kwargs={
        "pk": world.alliance.pk, "decision_pk": dw.written.pk})).content.decode()
    assert "Delivery of wage data" not in other
    assert "No agreement relates to it." in other
