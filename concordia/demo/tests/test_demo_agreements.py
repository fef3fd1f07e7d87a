"""The demo alliance's agreements register: the covenant signed by every partner, two SLAs (one
with a new version waiting for one signature while the old one stays in force) and the
responsibility matrix of the chain links; loading twice changes nothing."""

import pytest

from concordia.accounts.models import Person
from concordia.agreements.models import Agreement
from concordia.agreements.selectors import agreement_get, standing
from concordia.demo.agreements import COVENANT, DELIVERY, FEEDBACK, MATRIX, demo_agreements
from concordia.demo.design import demo_documents
from concordia.demo.meetings import demo_meetings
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify

pytestmark = pytest.mark.django_db


def test_demo_agreements_are_idempotent_and_tell_the_story() -> None:
    alliance, _logins = demo_load()
    demo_documents(alliance)
    demo_meetings(alliance)
    demo_agreements(alliance)
    journal = JournalEntry.objects.filter(alliance_id=alliance.pk).count()
    demo_agreements(alliance)
    assert JournalEntry.objects.filter(alliance_id=alliance.pk).count() == journal
    assert journal_verify(alliance_id=alliance.pk).intact

    kim = Person.objects.get(email="kim@demo.concordia.test")

    def item(title: str):
        agreement = Agreement.objects.get(alliance=alliance, title=title)
        return standing(agreement_get(user=kim, alliance=alliance, pk=agreement.pk))

    covenant = item(COVENANT)
    assert covenant.status == "in_force"
    assert len(covenant.in_force.progress.signed) == 6
    assert covenant.review_due is True
    assert [d.title for d in covenant.agreement.documents.all()] == [
        "Covenant between the partners"]
    delivery = item(DELIVERY)
    assert (delivery.status, delivery.in_force.version.number) == ("in_force", 1)
    assert delivery.pending.version.number == 2
    assert [p.name for p in delivery.pending.progress.waiting] == ["Statistics Office"]
    assert item(FEEDBACK).status == "in_force"
    matrix = item(MATRIX)
    assert matrix.status == "in_force"
    tasks = [r.task for r in matrix.in_force.version.matrix_rows.all()]
    assert tasks[0] == "Collect payroll returns"
    assert len(tasks) == 6
