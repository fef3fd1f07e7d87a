"""Agreements in alliance A of the shared world, for tests and the access matrix (made through
the services, which also notify and journal).

- Partner D joins alliance A, with its coordinator ``coordinator_d`` (no actor of the matrix),
  so that a version can wait for a party while A and B have signed.
- ``sla``: a service-level agreement of A, B and D, for the whole alliance; version 1 waits
  for every signature. The founder signs for A, coordinator_b for B, coordinator_d for D.
- ``half_signed``: an SLA of A, B and D whose version 1 A and B have signed (waiting for D).
- ``matrix``: a responsibility matrix of A and B, version 1 in force (two rows).
- ``private``: an agreement of B and D for the parties only: partner A's people do not read it.
- ``other``: an agreement of alliance Z, which nobody of A may reach.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from concordia.accounts.models import Person
from concordia.agreements import services
from concordia.agreements.choices import AgreementKind
from concordia.agreements.models import Agreement
from concordia.agreements.rules import MatrixRowIn
from concordia.alliances.models import Partner

from .factories import PersonFactory, World, join


@dataclass
class AgreementsWorld:
    partner_d: Partner
    coordinator_d: Person
    sla: Agreement
    half_signed: Agreement
    matrix: Agreement
    private: Agreement
    other: Agreement


def build_agreements(world: World) -> AgreementsWorld:
    coordinator_d = PersonFactory(is_organisation_admin=True, full_name="Coordinator D")
    partner_d = join(world.alliance, world.founder, coordinator_d)
    a, b, d = world.partner_a, world.partner_b, partner_d
    sla = services.agreement_register(
        actor=world.founder, alliance=world.alliance, kind=AgreementKind.SERVICE_LEVEL,
        title="Delivery of wage data", text="Partner A delivers the data by the 5th.",
        parties=[a, b, d], starts_on=dt.date(2025, 1, 1), review_on=dt.date(2030, 1, 1))
    half_signed = services.agreement_register(
        actor=world.founder, alliance=world.alliance, kind=AgreementKind.SERVICE_LEVEL,
        title="Quality checks", text="Partner B checks the data within two days.",
        parties=[a, b, d])
    version = half_signed.versions.get()
    services.version_sign(actor=world.founder, version=version)
    services.version_sign(actor=world.coordinator_b, version=version)
    matrix = services.agreement_register(
        actor=world.coordinator_b, alliance=world.alliance,
        kind=AgreementKind.RESPONSIBILITY_MATRIX, title="Who does what in the chain",
        parties=[a, b], matrix=[MatrixRowIn("Collect payroll returns", {a.pk: "AR", b.pk: "I"}),
                                MatrixRowIn("Validate", {a.pk: "C", b.pk: "AR"})])
    version = matrix.versions.get()
    services.version_sign(actor=world.founder, version=version)
    services.version_sign(actor=world.coordinator_b, version=version)
    private = services.agreement_register(
        actor=world.coordinator_b, alliance=world.alliance, kind=AgreementKind.OTHER,
        title="Staff exchange B and D", text="B and D exchange two analysts.",
        parties=[b, d], visibility="partner")
    other = services.agreement_register(
        actor=world.outsider, alliance=world.other_alliance, kind=AgreementKind.COVENANT,
        title="Covenant Z", text="We work together.")
    return AgreementsWorld(partner_d, coordinator_d, sla, half_signed, matrix, private, other)


def agreements_of(ctx: Any) -> AgreementsWorld:
    """The agreements world of an access-matrix context (or any object with a ``world``), made
    once per context."""
    cached: AgreementsWorld | None = ctx.__dict__.get("_agreements_world")
    if cached is None:
        cached = build_agreements(ctx.world)
        ctx.__dict__["_agreements_world"] = cached
    return cached
