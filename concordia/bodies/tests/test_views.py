"""The bodies pages: the structure at a glance, setting up and changing a body, its seats; who
sees and who changes what; query counts that do not grow with bodies or seats."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.alliances.choices import Role
from concordia.bodies import services
from concordia.bodies.models import Body, Seat
from concordia.journal.models import JournalEntry
from concordia.testing.factories import PersonFactory, give_role
from concordia.testing.meetings import build_meetings

pytestmark = pytest.mark.django_db

MEMBERS = ["founder", "coordinator_b", "professional_a", "observer_b", "reviewer"]
NON_STEERING = ["professional_a", "observer_b", "reviewer"]
OUTSIDERS = ["outsider", "stranger", "removed", "expired_reviewer"]


def state():
    return (list(Body.objects.order_by("pk").values_list("pk", "name", "version", "rotation",
                                                         "archived_at")),
            list(Seat.objects.order_by("pk").values_list("pk", "holder_id", "substitute_id",
                                                         "removed_at")),
            JournalEntry.objects.count())


def pages(world, body):
    a = world.alliance.pk
    return [reverse("body_list", args=[a]), reverse("body_edit", args=[a, body.pk]),
            reverse("body_seats", args=[a, body.pk])]


def body_form(body=None, **kwargs):
    data = {"name": "Working group data", "kind": "working_group", "level": "operational",
            "mandate": "", "substitutes_may_attend": "", "chair_rule": "rotating",
            "chair_person": "", "decision_rule": "consensus", "secretary": ""}
    if body is not None:
        data.update({"name": body.name, "kind": body.kind, "level": body.level,
                     "mandate": body.mandate,
                     "substitutes_may_attend": "yes" if body.substitutes_may_attend else "no",
                     "chair_rule": body.chair_rule, "chair_person": body.chair_person_id or "",
                     "decision_rule": body.decision_rule, "secretary": body.secretary_id or "",
                     "version": body.version})
        data.update({f"rotation_{p}": i for i, p in enumerate(body.rotation, start=1)})
    data.update(kwargs)
    return data


@pytest.mark.parametrize("actor", MEMBERS)
def test_alliance_people_see_every_page(client, world, actor):
    m = build_meetings(world)
    client.force_login(getattr(world, actor))
    for page in pages(world, m.body):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("actor", OUTSIDERS)
def test_other_people_get_404(client, world, actor):
    m = build_meetings(world)
    client.force_login(getattr(world, actor))
    for page in [*pages(world, m.body), reverse("body_create", args=[world.alliance.pk])]:
        assert client.get(page).status_code == 404, page


def test_another_alliances_body_is_404_even_under_ones_own_alliance(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    a = world.alliance.pk
    for name in ("body_edit", "body_seats"):
        assert client.get(reverse(name, args=[a, m.other_body.pk])).status_code == 404


def test_the_structure_shows_bodies_by_level_seats_per_partner_and_vacancies(client, world):
    m = build_meetings(world)
    board = services.body_set_up(actor=world.founder, alliance=world.alliance,
                                 name="Alliance board", kind="board", level="strategic")
    services.seat_add(actor=world.founder, body=board, partner=world.partner_b)
    client.force_login(world.observer_b)
    response = client.get(reverse("body_list", args=[world.alliance.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    # strategic before tactical; each body links to its page
    assert html.index("Alliance board") < html.index("Tactical table")
    assert reverse("body_edit", args=[world.alliance.pk, m.body.pk]) in html
    assert "1 seat is vacant." in html
    assert "Board Z" not in html  # another alliance's body
    table = html[html.index('id="seat-table"'):]
    row_b = table[table.index(world.partner_b.organisation.name):]
    row_b = row_b[:row_b.index("</tr>")]
    assert re.findall(r"<td>(.*?)</td>", row_b) == ["<mark>vacant</mark>", "Coordinator B"]
    assert "Set up a body" not in html  # an observer does not set up bodies


def test_the_key_alliance_manager_sets_up_a_body(client, world):
    client.force_login(world.founder)
    response = client.post(reverse("body_create", args=[world.alliance.pk]),
                           body_form(name="Working  group data", mandate="Data quality"))
    body = Body.objects.get(alliance=world.alliance)
    assert response.status_code == 302
    assert response["Location"] == reverse("body_seats", args=[world.alliance.pk, body.pk])
    assert (body.name, body.substitutes_may_attend, body.mandate) == (
        "Working group data", True, "Data quality")
    assert JournalEntry.objects.filter(kind="BodySetUp").count() == 1


def test_the_set_up_form_defaults_substitutes_by_kind(client, world):
    client.force_login(world.founder)
    client.post(reverse("body_create", args=[world.alliance.pk]),
                body_form(name="Board", kind="board", level="strategic"))
    assert Body.objects.get(name="Board").substitutes_may_attend is False


@pytest.mark.parametrize("actor", NON_STEERING)
def test_others_may_not_set_up_or_change_bodies(client, world, actor):
    m = build_meetings(world)
    client.force_login(getattr(world, actor))
    before = state()
    a = world.alliance.pk
    assert client.get(reverse("body_create", args=[a])).status_code == 403
    assert client.post(reverse("body_create", args=[a]), body_form()).status_code == 403
    assert client.post(reverse("body_edit", args=[a, m.body.pk]),
                       body_form(m.body, mandate="Mine")).status_code == 403
    assert client.post(reverse("body_archive", args=[a, m.body.pk])).status_code == 403
    assert client.post(reverse("body_seats", args=[a, m.body.pk]),
                       {"action": "add", "partner": world.partner_a.pk}).status_code == 403
    assert client.post(reverse("body_seats", args=[a, m.body.pk]),
                       {"action": "remove", "seat": m.seat_a.pk}).status_code == 403
    assert state() == before


def test_a_fixed_chair_without_a_person_is_a_field_error(client, world):
    client.force_login(world.founder)
    response = client.post(reverse("body_create", args=[world.alliance.pk]),
                           body_form(chair_rule="fixed"))
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "chair_person": ["A fixed chair needs a person: choose who chairs."]}
    assert 'id="id_chair_person_error"' in response.content.decode()


def test_changing_a_body_reorders_the_rotation(client, world):
    m = build_meetings(world)
    client.force_login(world.coordinator_b)
    a, b = world.partner_a.pk, world.partner_b.pk
    response = client.post(reverse("body_edit", args=[world.alliance.pk, m.body.pk]),
                           body_form(m.body, chair_rule="rotating",
                                     **{f"rotation_{a}": 2, f"rotation_{b}": 1}))
    assert response.status_code == 302
    m.body.refresh_from_db()
    assert (m.body.chair_rule, m.body.chair_person_id, m.body.rotation, m.body.version) == (
        "rotating", None, [b, a], 2)


def test_a_stale_edit_is_refused_and_changes_nothing(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    data = body_form(m.body, mandate="First")
    assert client.post(reverse("body_edit", args=[world.alliance.pk, m.body.pk]),
                       data).status_code == 302
    before = state()
    response = client.post(reverse("body_edit", args=[world.alliance.pk, m.body.pk]),
                           {**data, "mandate": "Second"})
    assert response.status_code == 422
    assert "Someone else changed this body" in response.content.decode()
    assert state() == before


def test_archiving_a_body_takes_it_out_of_the_structure(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    response = client.post(reverse("body_archive", args=[world.alliance.pk, m.body.pk]))
    assert response.status_code == 302
    html = client.get(reverse("body_list", args=[world.alliance.pk])).content.decode()
    assert "Tactical table" not in html
    assert client.post(reverse("body_edit", args=[world.alliance.pk, m.body.pk]),
                       body_form(m.body)).status_code == 403


# --- seats ------------------------------------------------------------------------------------


def seats_url(world, body):
    return reverse("body_seats", args=[world.alliance.pk, body.pk])


def test_adding_a_seat_for_a_partner(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    response = client.post(seats_url(world, m.body),
                           {"action": "add", "partner": world.partner_b.pk})
    seat = Seat.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == seats_url(world, m.body) + f"#seat-{seat.pk}"
    assert (seat.partner_id, seat.position, seat.holder_id) == (world.partner_b.pk, 2, None)


def test_each_partner_is_offered_only_its_own_people_for_its_own_seats(client, world):
    m = build_meetings(world)
    line_b = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Line B")
    give_role(world.partner_b, line_b, Role.LINE_MANAGER)
    client.force_login(world.coordinator_b)
    response = client.get(seats_url(world, m.body))
    html = response.content.decode()
    # coordinator_b fills only B's seat: one fill form, offering B's people who may sit
    assert html.count('value="fill"') == 1
    assert f'id="id_seat{m.seat_b.pk}_holder"' in html
    assert f'id="id_seat{m.seat_a.pk}_holder"' not in html
    form = html[html.index(f'id="id_seat{m.seat_b.pk}_holder"'):]
    options = re.findall(r'<option value="(\d+)"', form[:form.index("</form>")])
    assert set(options) == {str(world.coordinator_b.pk), str(line_b.pk)}
    assert str(world.observer_b.pk) not in options


def test_the_partners_coordinator_fills_its_seat(client, world):
    m = build_meetings(world)
    line_b = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Line B")
    give_role(world.partner_b, line_b, Role.LINE_MANAGER)
    client.force_login(world.coordinator_b)
    response = client.post(seats_url(world, m.body), {
        "action": "fill", "seat": m.seat_b.pk, "holder": line_b.pk,
        "substitute": world.coordinator_b.pk})
    assert response.status_code == 302
    m.seat_b.refresh_from_db()
    assert (m.seat_b.holder_id, m.seat_b.substitute_id) == (line_b.pk, world.coordinator_b.pk)
    assert JournalEntry.objects.filter(kind="SeatFilled").count() == 1


def test_a_coordinator_of_b_cannot_fill_as_seat(client, world):
    m = build_meetings(world)
    client.force_login(world.coordinator_b)
    before = state()
    response = client.post(seats_url(world, m.body), {
        "action": "fill", "seat": m.seat_a.pk, "holder": world.coordinator_b.pk,
        "substitute": ""})
    assert response.status_code == 403
    assert state() == before


def test_a_seat_cannot_be_filled_with_another_partners_person(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    before = state()
    response = client.post(seats_url(world, m.body), {
        "action": "fill", "seat": m.seat_a.pk, "holder": world.coordinator_b.pk,
        "substitute": ""})
    assert response.status_code == 422
    assert list(response.context["groups"][0].rows[0].fill_form.errors) == ["holder"]
    assert state() == before


@pytest.mark.parametrize("seat", ["0", "9223372036854775808", "x", ""])
def test_a_wrong_seat_id_is_404(client, world, seat):
    m = build_meetings(world)
    client.force_login(world.founder)
    before = state()
    response = client.post(seats_url(world, m.body), {"action": "fill", "seat": seat})
    assert response.status_code == 404
    assert state() == before


def test_another_bodys_seat_is_404(client, world):
    m = build_meetings(world)
    other = services.body_set_up(actor=world.founder, alliance=world.alliance, name="Board",
                                 kind="board", level="strategic")
    client.force_login(world.founder)
    response = client.post(seats_url(world, other), {"action": "remove", "seat": m.seat_a.pk})
    assert response.status_code == 404


def test_an_unknown_action_is_400(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    assert client.post(seats_url(world, m.body), {"action": "dance"}).status_code == 400


def test_removing_a_seat(client, world):
    m = build_meetings(world)
    client.force_login(world.coordinator_b)
    response = client.post(seats_url(world, m.body), {"action": "remove", "seat": m.seat_b.pk})
    assert response.status_code == 302
    m.seat_b.refresh_from_db()
    m.body.refresh_from_db()
    assert m.seat_b.removed_at is not None
    assert m.body.rotation == [world.partner_a.pk]


# --- query counts -----------------------------------------------------------------------------


def seed_bodies(world, start, n):
    partners = [world.partner_a, world.partner_b]
    for i in range(start, start + n):
        body = services.body_set_up(actor=world.founder, alliance=world.alliance,
                                    name=f"Group {i:03d}", kind="working_group",
                                    level=["strategic", "tactical", "operational"][i % 3])
        for partner in partners:
            services.seat_add(actor=world.founder, body=body, partner=partner)


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_structure_costs_the_same_for_3_and_30_bodies(client, world):
    client.force_login(world.founder)
    url = reverse("body_list", args=[world.alliance.pk])
    seed_bodies(world, 0, 3)
    few, _ = count(client, url)
    seed_bodies(world, 3, 27)
    many, response = count(client, url)
    assert "Group 029" in response.content.decode()
    assert few == many


def test_the_seats_page_costs_the_same_for_3_and_30_seats(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    url = seats_url(world, m.body)
    services.seat_add(actor=world.founder, body=m.body, partner=world.partner_a)
    few, _ = count(client, url)
    for i in range(27):
        services.seat_add(actor=world.founder, body=m.body,
                          partner=[world.partner_a, world.partner_b][i % 2])
    many, response = count(client, url)
    assert response.content.decode().count('<article id="seat-') == 30
    assert few == many


def test_the_rest_of_the_decision_rule_is_set_and_changed_on_the_form(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    url = reverse("body_edit", args=[world.alliance.pk, m.body.pk])
    page = client.get(url).content.decode()
    for name in ("voting_unit", "majority_basis", "qualified_numerator", "quorum_percent",
                 "quorum_basis", "secret_ballot", f"weight_{world.partner_a.pk}"):
        assert f'name="{name}"' in page
    a = world.partner_a.pk
    response = client.post(url, body_form(
        m.body, decision_rule="qualified_majority", voting_unit="partner",
        majority_basis="weight", qualified_numerator=3, qualified_denominator=4,
        quorum_percent=50, quorum_basis="present", secret_ballot="on",
        **{f"weight_{a}": 3, f"weight_{world.partner_b.pk}": 1}))
    assert response.status_code == 302
    m.body.refresh_from_db()
    assert (m.body.decision_rule, m.body.majority_basis, m.body.qualified_numerator,
            m.body.qualified_denominator, m.body.quorum_percent, m.body.quorum_basis,
            m.body.weights, m.body.secret_ballot) == (
        "qualified_majority", "weight", 3, 4, 50, "present", {str(a): 3}, True)
    refused = client.post(url, body_form(Body.objects.get(pk=m.body.pk), voting_unit="seat",
                                         **{f"weight_{a}": 3}))
    assert refused.status_code == 422
    assert "Weights count only where the body votes per partner." in refused.content.decode()
    over = client.post(url, body_form(Body.objects.get(pk=m.body.pk), **{f"weight_{a}": 101}))
    assert over.status_code == 422
    assert f"weight_{a}" in over.context["form"].errors
