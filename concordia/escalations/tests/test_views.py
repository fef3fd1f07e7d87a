"""Escalation pages and API: the overview by rung with overdue ones marked in words and the
health; the detail page's trail and forms; refusals on the right field; what a person does not
see (404, also in lists); the API's trail; flat query counts (3 and 30 bottlenecks)."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.escalations import services
from concordia.escalations.choices import Rung, Urgency
from concordia.escalations.models import Bottleneck, RungStep
from concordia.testing.agreements import build_agreements
from concordia.testing.escalations import EscalationsWorld, build_escalations, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def ew(world) -> EscalationsWorld:
    return build_escalations(world)


def list_url(world, **query) -> str:
    url = reverse("bottleneck_list", kwargs={"pk": world.alliance.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(world, b) -> str:
    return reverse("bottleneck_detail", kwargs={"pk": world.alliance.pk, "bottleneck_pk": b.pk})


def api(name: str, world, b=None) -> str:
    kwargs = {"alliance_id": world.alliance.pk}
    if b is not None:
        kwargs["bottleneck_id"] = b.pk
    return reverse(f"api:{name}", kwargs=kwargs)


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_overview_groups_by_rung_and_marks_overdue_in_words(client, world, ew) -> None:
    Bottleneck.objects.filter(pk=ew.restricted.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(world.founder)
    text = client.get(list_url(world)).content.decode()
    assert "Late wage returns at partner A" in text
    assert "Definitions of hours worked differ" in text
    assert 'class="overdue"' in text
    assert "Overdue:" in text
    assert "Escalation health" in text
    assert "Z&#x27;s own trouble" not in text
    assert text.index('id="rung-horizontal"') < text.index('id="rung-board"')


def test_what_a_person_does_not_see_is_absent_and_404(client, world, ew) -> None:
    client.force_login(world.observer_b)
    text = client.get(list_url(world)).content.decode()
    assert "Late wage returns at partner A" not in text
    assert "Definitions of hours worked differ" in text  # alliance-wide
    assert client.get(detail_url(world, ew.restricted)).status_code == 404
    assert client.get(api("get_bottleneck", world, ew.restricted)).status_code == 404
    ids = [r["id"] for r in client.get(api("list_bottlenecks", world)).json()["results"]]
    assert ids == [ew.wide.pk]
    # Another alliance's bottleneck: 404 under either alliance's address.
    client.force_login(world.founder)
    assert client.get(detail_url(world, ew.foreign)).status_code == 404
    assert client.get(api("get_bottleneck", world, ew.foreign)).status_code == 404


def test_the_board_sees_it_once_it_reaches_the_board(client, world, ew) -> None:
    client.force_login(ew.board_member_a)
    # board_member_a is of partner A, so give the board a member of no partner concerned:
    b = services.bottleneck_raise(actor=fresh(world.coordinator_b), alliance=world.alliance,
                                  title="Partner B's own trouble", description="Only B.",
                                  partners=[world.partner_b], urgency=Urgency.ALARM)
    assert client.get(detail_url(world, b)).status_code == 404
    for rung in (Rung.COORDINATOR, Rung.KEY_ALLIANCE_MANAGER, Rung.BOARD):
        b = Bottleneck.objects.get(pk=b.pk)
        b = services.bottleneck_escalate(
            actor=fresh(world.founder), bottleneck=b, expected_version=b.version,
            reason=f"To {rung}", skip_reason="Tonight." if rung == Rung.COORDINATOR else "")
    assert client.get(detail_url(world, b)).status_code == 200


def test_the_detail_page_shows_the_trail_and_the_forms_one_may_use(client, world, ew) -> None:
    client.force_login(world.professional_a)
    text = client.get(detail_url(world, ew.wide)).content.decode()
    assert "The trail" in text
    assert "Horizontal attempt: not resolved" in text
    assert "We met twice; no agreement on the definition." in text
    assert 'name="escalate-reason"' in text
    assert 'name="escalate-skip_reason"' not in text  # the attempt failed: nothing skipped
    assert 'name="withdraw-op"' in text
    client.force_login(world.observer_b)
    text = client.get(detail_url(world, ew.wide)).content.decode()
    assert "-op" not in text  # reads, never writes
    client.force_login(world.founder)
    text = client.get(detail_url(world, ew.restricted)).content.decode()
    assert 'name="attempt-text"' in text
    assert 'name="escalate-skip_reason"' in text  # going up now would skip the attempt


def test_raising_on_the_page_and_a_refusal_on_its_field(client, world, ew) -> None:
    client.force_login(world.professional_a)
    url = reverse("bottleneck_create", kwargs={"pk": world.alliance.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{world.partner_a.pk}"' in page.content.decode()
    response = client.post(url, {"title": "Vendors miss the field", "description": "x",
                                 "urgency": "normal", "owner": str(world.observer_b.pk)})
    assert response.status_code == 422
    assert 'id="id_partners_error"' in response.content.decode()
    response = client.post(url, {"title": "Vendors miss the field", "description": "Returns",
                                 "partners": [str(world.partner_b.pk)], "urgency": "alarm"})
    assert response.status_code == 302
    b = Bottleneck.objects.get(title="Vendors miss the field")
    assert response["Location"] == detail_url(world, b)
    assert (b.owner_id, b.urgency) == (world.professional_a.pk, "alarm")


def test_skipping_on_the_page_needs_the_reason(client, world, ew) -> None:
    client.force_login(world.founder)
    url = detail_url(world, ew.restricted)
    body = {"escalate-op": "escalate", "escalate-version": 1, "escalate-reason": "Stuck",
            "escalate-owner": ""}
    response = client.post(url, body)
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_escalate-skip_reason_error"' in text
    assert 'role="alert"' in text
    assert Bottleneck.objects.get(pk=ew.restricted.pk).rung == Rung.HORIZONTAL


def test_a_stale_form_is_refused_on_the_page(client, world, ew) -> None:
    client.force_login(world.coordinator_b)
    url = detail_url(world, ew.wide)
    body = {"respond-op": "respond", "respond-version": 1, "respond-text": "Late answer"}
    response = client.post(url, body)
    assert response.status_code == 422
    assert "Reload" in response.content.decode()


def test_the_ladder_page_sets_the_top_rung(client, world, ew) -> None:
    client.force_login(world.founder)
    url = reverse("ladder_settings", kwargs={"pk": world.alliance.pk})
    assert "Days to respond" in client.get(url).content.decode()
    response = client.post(url, {"top_rung_enabled": "on", "top_rung_name": "", "version": 0})
    assert response.status_code == 422
    response = client.post(url, {"top_rung_enabled": "on", "version": 0,
                                 "top_rung_name": "Ministers via the core team"})
    assert response.status_code == 302
    text = client.get(list_url(world)).content.decode()
    assert "Ministers via the core team" in text  # the health's rungs


def test_the_api_climbs_the_ladder_with_the_trail(client, world, ew) -> None:
    client.force_login(world.founder)
    url = api("escalate_bottleneck", world, ew.wide)
    first = post_json(client, url, {"reason": "Stuck.", "version": 2})
    assert first.status_code == 200
    body = first.json()
    assert (body["rung"], body["owner_id"], body["version"]) == (
        "coordinator", world.coordinator_b.pk, 3)
    assert [s["rung"] for s in body["trail"]] == ["horizontal", "coordinator"]
    horizontal = body["trail"][0]
    assert horizontal["outcome"] == "escalated"
    assert [e["kind"] for e in horizontal["events"]] == ["raised", "attempt"]
    assert horizontal["events"][1]["resolved"] is False
    assert body["trail"][1]["events"][0]["text"] == "Stuck."
    again = post_json(client, url, {"reason": "Stuck.", "version": 2})
    assert again.status_code == 409
    for _ in range(2):
        version = Bottleneck.objects.get(pk=ew.wide.pk).version
        assert post_json(client, url, {"reason": "Up.", "version": version}).status_code == 200
    board = client.get(api("get_bottleneck", world, ew.wide)).json()
    assert board["rung"] == "board"
    assert board["trail"][-1]["meeting_id"] == ew.board_meeting.pk
    top = post_json(client, url, {"reason": "Up.", "version": board["version"]})
    assert top.status_code == 409
    health = client.get(api("escalation_health", world)).json()
    assert [r["rung"] for r in health["rungs"]] == ["horizontal", "coordinator",
                                                    "key_alliance_manager", "board"]
    assert health["rungs"][0]["count"] == 1


def test_the_api_refuses_skipping_without_a_reason_on_the_field(client, world, ew) -> None:
    client.force_login(world.founder)
    url = api("escalate_bottleneck", world, ew.restricted)
    response = post_json(client, url, {"reason": "Stuck.", "version": 1})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "skip_reason"
    response = post_json(client, url, {"reason": "Stuck.", "version": 1, "extra": 1})
    assert response.status_code == 400


def test_the_api_raises_and_filters(client, world, ew) -> None:
    client.force_login(world.professional_a)
    created = post_json(client, api("raise_bottleneck", world), {
        "title": "Vendors miss the field", "description": "Returns bounce.",
        "partner_ids": [world.partner_a.pk, world.partner_b.pk], "urgency": "alarm"})
    assert created.status_code == 201
    assert {p["id"] for p in created.json()["partners"]} == {world.partner_a.pk,
                                                             world.partner_b.pk}
    foreign = post_json(client, api("raise_bottleneck", world), {
        "title": "x", "description": "y", "partner_ids": [ew.foreign.partners.get().pk]})
    assert foreign.status_code == 400
    assert foreign.json()["invalidParams"][0]["name"] == "partner_ids"
    Bottleneck.objects.filter(pk=ew.restricted.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=1))
    listed = client.get(api("list_bottlenecks", world) + "?overdue=true").json()["results"]
    assert [r["id"] for r in listed] == [ew.restricted.pk]
    assert listed[0]["overdue"] is True
    assert client.get(api("list_bottlenecks", world) + "?rung=board").json()["total"] == 0
    assert client.get(api("list_bottlenecks", world) + "?status=all").json()["total"] == 3


def _seed(world, start: int, n: int) -> None:
    now = timezone.now()
    partners = [world.partner_a, world.partner_b]
    for i in range(start, start + n):
        # The first is on the board's rung, overdue and alliance-wide: every filter shows
        # rows with 3 bottlenecks as with 30.
        rung = [Rung.BOARD, Rung.HORIZONTAL, Rung.COORDINATOR, Rung.KEY_ALLIANCE_MANAGER][i % 4]
        b = Bottleneck.objects.create(
            alliance=world.alliance, title=f"Bottleneck {i}", description="x",
            urgency=list(Urgency)[i % 4], alliance_wide=i % 2 == 0, raised_by=world.founder,
            raised_at=now - dt.timedelta(days=i), rung=rung,
            owner=world.coordinator_b if i % 3 else world.professional_a,
            rung_entered_at=now - dt.timedelta(days=i % 7),
            due_on=timezone.localdate() - dt.timedelta(days=1 if i % 2 == 0 else -3),
            skipped_horizontal=i % 5 == 0, skip_reason="Alarm" if i % 5 == 0 else "")
        b.partners.set(partners[: 1 + i % 2])
        RungStep.objects.create(bottleneck=b, rung=Rung.HORIZONTAL, owner=world.founder,
                                entered_at=now - dt.timedelta(days=i + 3),
                                left_at=now - dt.timedelta(days=i), outcome="escalated",
                                entered_by=world.founder, due_on=timezone.localdate())
        RungStep.objects.create(bottleneck=b, rung=Rung.COORDINATOR, owner=world.founder,
                                entered_at=now - dt.timedelta(days=i), entered_by=world.founder,
                                due_on=b.due_on)


@pytest.mark.parametrize("who", ["founder", "observer_b"])
def test_queries_do_not_grow_with_the_bottlenecks(client, world, ew, who) -> None:
    client.force_login(getattr(world, who))
    urls = (list_url(world), list_url(world, rung="board"), list_url(world, overdue="on"),
            api("list_bottlenecks", world) + "?pageSize=100",
            api("escalation_health", world))
    counts = []
    for start, n in ((0, 1), (1, 27)):  # 3 bottlenecks (with the world's), then 30
        _seed(world, start, n)
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[:len(urls)] == counts[len(urls):]
    visible = client.get(api("list_bottlenecks", world) + "?pageSize=100").json()["total"]
    # Partner B's observer sees all but the restricted one: the seeded ones are alliance-wide
    # or concern partner B.
    assert visible == (30 if who == "founder" else 29)


def test_the_detail_page_reads_a_fixed_number_of_queries(client, world, ew) -> None:
    """However long the trail grows on a rung (responses), the page reads as much."""
    client.force_login(world.founder)
    b = Bottleneck.objects.get(pk=ew.wide.pk)
    b = services.bottleneck_escalate(actor=fresh(world.founder), bottleneck=b,
                                     expected_version=b.version, reason="Up.")
    counts = []
    for n in (1, 10):
        for _ in range(n):
            b = services.bottleneck_respond(actor=fresh(world.coordinator_b), bottleneck=b,
                                            expected_version=b.version, text="On it.")
        client.get(detail_url(world, b))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(world, b)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_every_write_takes_an_idempotency_key(client, world, ew) -> None:
    """A retried escalation with the same key answers as the first and goes up once; a retried
    raise makes one bottleneck. Every write operation has the header in the API document."""
    client.force_login(world.founder)
    url = api("escalate_bottleneck", world, ew.wide)
    body = json.dumps({"reason": "Stuck.", "version": 2})
    answers = [client.post(url, body, content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY="up-1") for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1].content == answers[0].content
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert RungStep.objects.filter(bottleneck=ew.wide).count() == 2
    raise_body = json.dumps({"title": "Vendors miss the field", "description": "x",
                             "partner_ids": [world.partner_a.pk]})
    raised = [client.post(api("raise_bottleneck", world), raise_body,
                          content_type="application/json", HTTP_IDEMPOTENCY_KEY="raise-1")
              for _ in range(2)]
    assert [r.status_code for r in raised] == [201, 201]
    assert Bottleneck.objects.filter(title="Vendors miss the field").count() == 1
    document = client.get(reverse("api:openapi-json")).json()
    writes = [(path, method, operation) for path, item in document["paths"].items()
              for method, operation in item.items()
              if "bottleneck" in path or "escalation-ladder" in path
              if method in ("post", "put")]
    assert len(writes) == 7
    for path, method, operation in writes:
        names = {p["name"] for p in operation.get("parameters", [])}
        assert "Idempotency-Key" in names, (method, path)


def test_the_agreement_shows_only_to_those_who_may_read_it(client, world, ew) -> None:
    aw = build_agreements(world)
    b = services.bottleneck_raise(actor=fresh(world.coordinator_b), alliance=world.alliance,
                                  title="The SLA is not met", description="Checks are late.",
                                  partners=[world.partner_b], alliance_wide=True,
                                  agreement=aw.private)
    client.force_login(world.coordinator_b)  # a party to it
    assert aw.private.title in client.get(detail_url(world, b)).content.decode()
    assert client.get(api("get_bottleneck", world, b)).json()["agreement_id"] == aw.private.pk
    client.force_login(world.professional_a)  # sees the bottleneck, not the agreement
    assert aw.private.title not in client.get(detail_url(world, b)).content.decode()
    assert client.get(api("get_bottleneck", world, b)).json()["agreement_id"] is None


def test_a_bottleneck_on_your_rung_is_on_your_to_do_list(client, world, ew) -> None:
    Bottleneck.objects.filter(pk=ew.restricted.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world.professional_a)  # owns both horizontal rungs
    text = client.get(reverse("home")).content.decode()
    assert "Bottlenecks on your rung" in text
    assert "Late wage returns at partner A" in text
    assert "response overdue since" in text
    todo = client.get(reverse("api:get_my_todo")).json()
    assert todo["counts"]["bottlenecks"] == 2
    assert {b["bottleneck_id"] for b in todo["bottlenecks"]} == {ew.restricted.pk, ew.wide.pk}
    client.force_login(world.coordinator_b)
    assert client.get(reverse("api:get_my_todo")).json()["counts"]["bottlenecks"] == 0
