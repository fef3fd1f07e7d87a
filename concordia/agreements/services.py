"""Every write on agreements: register one (with its first version), change its particulars,
propose a new version, sign a version for your partner or withdraw that signature, and remind
the steering roles of a review. Each write takes the alliance lock first, checks the policy and
journals in the same transaction; ``expected_version`` is the agreement's version the editor
saw (a stale edit is refused, 409).

The journal is read by the whole alliance: an agreement that only its parties or named people
read is journaled without its title or parties (who signed which version is recorded all the
same)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerStatus, Visibility
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Document, Membership, Partner
from concordia.bodies.models import Body
from concordia.core.db import conflict_on_duplicate
from concordia.core.errors import Conflict, DomainError
from concordia.decisions.models import Decision
from concordia.journal.services import journal_append
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify

from . import rules
from .choices import AGREEMENT_VISIBILITIES, AgreementKind, VersionState
from .models import Agreement, AgreementVersion, MatrixCell, MatrixRow, Signature


def _row_message(problem: rules.RowProblem) -> str:
    messages = {
        rules.RowProblem.NO_TASK: _("Name the task or chain link."),
        rules.RowProblem.TASK_TOO_LONG: _("Keep the task under 200 characters."),
        rules.RowProblem.DUPLICATE_TASK: _("This task is in the matrix already."),
        rules.RowProblem.UNKNOWN_CODE: _("Use R, A, AR, C or I."),
        rules.RowProblem.NOT_A_PARTY: _("Only the parties have a part in the matrix."),
        rules.RowProblem.NO_ACCOUNTABLE: _("Make exactly one partner accountable (A)."),
        rules.RowProblem.SEVERAL_ACCOUNTABLE: _("Make exactly one partner accountable (A), "
                                                "not several."),
        rules.RowProblem.NO_RESPONSIBLE: _("Make at least one partner responsible (R)."),
    }
    return messages[problem]


def agreement_url(agreement: Agreement) -> str:
    return reverse("agreement_detail", kwargs={"pk": agreement.alliance_id,
                                               "agreement_pk": agreement.pk})


def _shown_to_all(agreement: Agreement) -> bool:
    return agreement.visibility in (Visibility.ALLIANCE, Visibility.PUBLIC)


def _payload(agreement: Agreement, parties: Sequence[Partner] = (), **extra: Any
             ) -> dict[str, Any]:
    """What the journal says of an agreement: its title and parties only when everybody in the
    alliance reads it."""
    payload: dict[str, Any] = {"agreement": agreement.pk, "kind": agreement.kind,
                               "visibility": agreement.visibility}
    if _shown_to_all(agreement):
        payload["title"] = agreement.title
        if parties:
            payload["parties"] = sorted(p.organisation.name for p in parties)
    payload.update(extra)
    return payload


# --- checks ------------------------------------------------------------------------------------


def _check_particulars(*, title: str, summary: str, starts_on: dt.date | None,
                       ends_on: dt.date | None, review_on: dt.date | None,
                       visibility: str) -> tuple[str, str]:
    title, summary = title.strip(), summary.strip()
    if not title:
        raise DomainError(_("Give the agreement a title."), field="title")
    if len(title) > rules.TITLE_MAX:
        raise DomainError(_("Keep the title under 200 characters."), field="title")
    if len(summary) > rules.SUMMARY_MAX:
        raise DomainError(_("Keep the summary under 4000 characters."), field="summary")
    if visibility not in AGREEMENT_VISIBILITIES:
        raise DomainError(_("Choose who reads the agreement: the alliance, the parties or "
                            "named people."), field="visibility")
    problem = rules.date_problem(starts_on, ends_on, review_on)
    if problem == rules.DateProblem.ENDS_BEFORE_START:
        raise DomainError(_("The end date cannot be before the start date."), field="ends_on")
    if problem == rules.DateProblem.REVIEW_BEFORE_START:
        raise DomainError(_("The review date cannot be before the start date."),
                          field="review_on")
    if problem == rules.DateProblem.REVIEW_AFTER_END:
        raise DomainError(_("The review date cannot be after the end date."),
                          field="review_on")
    return title, summary


def _check_parties(alliance: Alliance, parties: Sequence[Partner]) -> list[Partner]:
    if not parties:
        raise DomainError(_("Choose the parties to the agreement."), field="parties")
    if any(p.alliance_id != alliance.pk or p.status != PartnerStatus.ACTIVE for p in parties):
        raise DomainError(_("Every party must be an active partner of this alliance."),
                          field="parties")
    return sorted({p.pk: p for p in parties}.values(), key=lambda p: p.pk)


def _check_audience(actor: Person, alliance: Alliance, visibility: str,
                    audience: Sequence[Person]) -> list[Person]:
    """The named people of a confidential agreement (always with its author); none otherwise."""
    if visibility != Visibility.CONFIDENTIAL:
        return []
    if not audience:
        raise DomainError(_("Name at least one person for a confidential agreement."),
                          field="audience")
    members = set(Membership.objects.filter(policy.live_membership_q(), alliance=alliance)
                  .values_list("person_id", flat=True))
    if any(p.pk not in members for p in audience):
        raise DomainError(_("Only people of this alliance can be named."), field="audience")
    return sorted({p.pk: p for p in [*audience, actor]}.values(), key=lambda p: p.pk)


def _check_documents(actor: Person, alliance: Alliance,
                     documents: Sequence[Document]) -> list[Document]:
    visible = set(policy.documents_visible_to(actor, alliance)
                  .filter(pk__in=[d.pk for d in documents]).values_list("pk", flat=True))
    if any(d.pk not in visible for d in documents):
        raise DomainError(_("Attach documents of this alliance that you can read."),
                          field="documents")
    return list({d.pk: d for d in documents}.values())


def _check_links(alliance: Alliance, body: Body | None, decision: Decision | None) -> None:
    if body is not None and body.alliance_id != alliance.pk:
        raise DomainError(_("Choose a body of this alliance."), field="body")
    if decision is not None and decision.alliance_id != alliance.pk:
        raise DomainError(_("Choose a decision of this alliance."), field="decision")


def _check_terms(kind: str, text: str, note: str, matrix: Sequence[rules.MatrixRowIn],
                 parties: Sequence[Partner]) -> tuple[str, str, list[rules.MatrixRowIn]]:
    """The text of a version and, for a responsibility matrix, its rows (a pure rule decides
    each row: one partner accountable, at least one responsible, parties only)."""
    text, note = text.strip(), note.strip()
    if len(text) > rules.TEXT_MAX:
        raise DomainError(_("Keep the text under 20000 characters."), field="text")
    if len(note) > rules.NOTE_MAX:
        raise DomainError(_("Keep the note under 500 characters."), field="note")
    rows = [r for r in matrix if r.task.strip() or any(r.cells.values())]
    if kind != AgreementKind.RESPONSIBILITY_MATRIX:
        if rows:
            raise DomainError(_("Only a responsibility matrix has rows."), field="matrix")
        if not text:
            raise DomainError(_("Write the text and terms."), field="text")
        return text, note, []
    if not rows:
        raise DomainError(_("Give the matrix at least one task or chain link."),
                          field="matrix")
    if len(rows) > rules.MATRIX_ROWS_MAX:
        raise DomainError(_("A matrix has at most 100 rows."), field="matrix")
    problems = rules.matrix_problems(rows, [p.pk for p in parties])
    if problems:
        index, problem = problems[0]
        raise DomainError(_("Row %(row)s: %(problem)s") % {
            "row": index + 1, "problem": _row_message(problem)}, field="matrix")
    cleaned = [rules.MatrixRowIn(" ".join(r.task.split()),
                                 {p: c for p, c in r.cells.items() if c}) for r in rows]
    return text, note, cleaned


# --- versions ----------------------------------------------------------------------------------


def _create_version(actor: Person, agreement: Agreement, number: int, text: str, note: str,
                    parties: list[Partner], matrix: list[rules.MatrixRowIn]
                    ) -> AgreementVersion:
    stale = _("A newer version was proposed in the meantime. Reload and try again.")
    with conflict_on_duplicate(stale, code="stale"):
        version = AgreementVersion.objects.create(agreement=agreement, number=number, text=text,
                                                  note=note, proposed_by=actor)
    version.parties.set(parties)
    agreement.parties.add(*parties)
    for position, row in enumerate(matrix, start=1):
        matrix_row = MatrixRow.objects.create(version=version, position=position,
                                              task=row.task)
        MatrixCell.objects.bulk_create(
            MatrixCell(row=matrix_row, partner_id=partner_id, code=code)
            for partner_id, code in sorted(row.cells.items()))
    return version


def _tell_signers(agreement: Agreement, version: AgreementVersion,
                  parties: Sequence[Partner]) -> None:
    """Whoever may sign for each party hears that the version waits for their partner's
    signature: one notification per version, party and person."""
    by_partner: dict[int, list[Person]] = {}
    for membership in (policy.signing_memberships(alliance_id=agreement.alliance_id,
                                                  partner_ids=[p.pk for p in parties])
                       .select_related("person").order_by("partner_id", "person_id")):
        if membership.partner_id is not None:  # (signing roles are always a partner's)
            by_partner.setdefault(membership.partner_id, []).append(membership.person)
    for partner_id, people in by_partner.items():
        notify(people=people, alliance=agreement.alliance,
               kind=NotificationKind.SIGNATURE_WAITING,
               key=rules.signature_key(version.pk, partner_id),
               params={"agreement": agreement.title}, url=agreement_url(agreement))


@transaction.atomic
def agreement_register(*, actor: Person, alliance: Alliance, kind: str, title: str,
                       text: str = "", summary: str = "",
                       parties: Sequence[Partner] | None = None,
                       starts_on: dt.date | None = None, ends_on: dt.date | None = None,
                       review_on: dt.date | None = None,
                       visibility: str = Visibility.ALLIANCE,
                       audience: Sequence[Person] = (), documents: Sequence[Document] = (),
                       body: Body | None = None, decision: Decision | None = None,
                       matrix: Sequence[rules.MatrixRowIn] = ()) -> Agreement:
    """Register an agreement with its first version, which waits for every party's signature
    (those who may sign for each party are told). The steering roles only. A covenant binds
    every active partner unless parties are named. Journaled as AgreementRegistered."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    if not policy.can_draft_agreement(actor, alliance):
        raise PermissionDenied
    if kind not in AgreementKind.values:
        raise DomainError(_("Choose the kind of agreement."), field="kind")
    title, summary = _check_particulars(title=title, summary=summary, starts_on=starts_on,
                                        ends_on=ends_on, review_on=review_on,
                                        visibility=visibility)
    if parties is None and kind == AgreementKind.COVENANT:
        parties = list(Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE))
    chosen = _check_parties(alliance, parties or [])
    named = _check_audience(actor, alliance, visibility, audience)
    attached = _check_documents(actor, alliance, documents)
    _check_links(alliance, body, decision)
    text, _note, rows = _check_terms(kind, text, "", matrix, chosen)
    agreement = Agreement.objects.create(
        alliance=alliance, kind=kind, title=title, summary=summary, starts_on=starts_on,
        ends_on=ends_on, review_on=review_on, visibility=visibility, body=body,
        decision=decision, created_by=actor)
    agreement.audience.set(named)
    agreement.documents.set(attached)
    version = _create_version(actor, agreement, 1, text, "", chosen, rows)
    journal_append(alliance=alliance, actor=actor, kind="AgreementRegistered", subject=agreement,
                   payload=_payload(agreement, chosen, number=1))
    _tell_signers(agreement, version, chosen)
    return agreement


def _locked_agreement(actor: Person, agreement: Agreement) -> Agreement:
    """The agreement, locked after the alliance, if the actor may read it and draft."""
    alliance_lock(agreement.alliance_id, actor=actor)
    agreement = (Agreement.objects.select_for_update(of=("self",), no_key=True)
                 .select_related("alliance").get(pk=agreement.pk))
    if not policy.can_read_agreement(actor, agreement):
        raise PermissionDenied
    if not policy.can_draft_agreement(actor, agreement.alliance):
        raise PermissionDenied
    return agreement


def _fresh(agreement: Agreement, expected_version: int) -> None:
    if agreement.version != expected_version:
        raise Conflict(_("Someone else changed this agreement in the meantime. Reload and try "
                         "again."), code="stale")


@transaction.atomic
def agreement_change(*, actor: Person, agreement: Agreement, expected_version: int,
                     title: str, summary: str = "", starts_on: dt.date | None = None,
                     ends_on: dt.date | None = None, review_on: dt.date | None = None,
                     visibility: str = Visibility.ALLIANCE, audience: Sequence[Person] = (),
                     documents: Sequence[Document] = (), body: Body | None = None,
                     decision: Decision | None = None) -> Agreement:
    """Change an agreement's particulars: title, summary, dates, who reads it, documents and
    links. Its terms change only by a new version. The steering roles only. Journaled as
    AgreementChanged with what changed."""
    agreement = _locked_agreement(actor, agreement)
    _fresh(agreement, expected_version)
    title, summary = _check_particulars(title=title, summary=summary, starts_on=starts_on,
                                        ends_on=ends_on, review_on=review_on,
                                        visibility=visibility)
    named = _check_audience(actor, agreement.alliance, visibility, audience)
    attached = _check_documents(actor, agreement.alliance, documents)
    _check_links(agreement.alliance, body, decision)
    # Documents the actor cannot read stay attached: an editor never removes what they cannot
    # see.
    readable = set(policy.documents_visible_to(actor, agreement.alliance)
                   .values_list("pk", flat=True))
    kept_unseen = [d for d in agreement.documents.all() if d.pk not in readable]
    before = {"title": agreement.title, "summary": agreement.summary,
              "starts_on": agreement.starts_on, "ends_on": agreement.ends_on,
              "review_on": agreement.review_on, "visibility": agreement.visibility,
              "audience": sorted(agreement.audience.values_list("pk", flat=True)),
              "documents": sorted(agreement.documents.values_list("pk", flat=True)),
              "body": agreement.body_id, "decision": agreement.decision_id}
    after = {"title": title, "summary": summary, "starts_on": starts_on, "ends_on": ends_on,
             "review_on": review_on, "visibility": visibility,
             "audience": sorted(p.pk for p in named),
             "documents": sorted({d.pk for d in [*attached, *kept_unseen]}),
             "body": body.pk if body else None, "decision": decision.pk if decision else None}
    changed = sorted(k for k in before if before[k] != after[k])
    if not changed:
        raise DomainError(_("Nothing was changed."), field="title")
    agreement.title, agreement.summary = title, summary
    agreement.starts_on, agreement.ends_on, agreement.review_on = starts_on, ends_on, review_on
    agreement.visibility, agreement.body, agreement.decision = visibility, body, decision
    agreement.version += 1
    agreement.save()
    agreement.audience.set(named)
    agreement.documents.set([*attached, *kept_unseen])
    journal_append(alliance=agreement.alliance, actor=actor, kind="AgreementChanged",
                   subject=agreement, payload=_payload(agreement, changed=changed))
    return agreement


@transaction.atomic
def version_propose(*, actor: Person, agreement: Agreement, expected_version: int,
                    text: str = "", note: str = "", parties: Sequence[Partner] | None = None,
                    matrix: Sequence[rules.MatrixRowIn] = ()) -> AgreementVersion:
    """Propose a new version of the terms (and of the matrix, for a responsibility matrix),
    with its parties (the latest version's, unless named). The version in force stays in force
    until every party has signed the new one. The steering roles only. Journaled as
    AgreementVersionProposed; the signers of every party are told."""
    agreement = _locked_agreement(actor, agreement)
    _fresh(agreement, expected_version)
    numbers = list(agreement.versions.values_list("number", flat=True))
    if parties is None:
        latest = agreement.versions.order_by("-number").first()
        parties = list(latest.parties.filter(status=PartnerStatus.ACTIVE)) if latest else []
    chosen = _check_parties(agreement.alliance, parties)
    text, note, rows = _check_terms(agreement.kind, text, note, matrix, chosen)
    version = _create_version(actor, agreement, rules.next_version_number(numbers), text, note,
                              chosen, rows)
    agreement.version += 1
    agreement.save(update_fields=["version"])
    journal_append(alliance=agreement.alliance, actor=actor, kind="AgreementVersionProposed",
                   subject=version,
                   payload=_payload(agreement, chosen, number=version.number, note=note))
    _tell_signers(agreement, version, chosen)
    return version


# --- signatures --------------------------------------------------------------------------------


def _version_state(version: AgreementVersion) -> VersionState:
    numbers = AgreementVersion.objects.filter(agreement_id=version.agreement_id).aggregate(
        latest=Max("number"), in_force=Max("number", filter=Q(in_force_at__isnull=False)))
    return rules.version_state(number=version.number, in_force_number=numbers["in_force"],
                               latest_number=numbers["latest"])


def _locked_version(actor: Person, version: AgreementVersion
                    ) -> tuple[AgreementVersion, Partner, list[Partner]]:
    """The version, locked after the alliance, the party the actor signs for, and the
    version's parties."""
    alliance_lock(version.agreement.alliance_id, actor=actor)
    version = (AgreementVersion.objects.select_for_update(of=("self",), no_key=True)
               .select_related("agreement__alliance").get(pk=version.pk))
    if not policy.can_read_agreement(actor, version.agreement):
        raise PermissionDenied
    parties = list(version.parties.select_related("organisation"))
    partner = policy.signing_partner(actor, version.agreement.alliance_id,
                                     {p.pk for p in parties})
    if partner is None:
        raise PermissionDenied
    state = _version_state(version)
    if not rules.may_sign_version(state):
        if state == VersionState.IN_FORCE:
            raise Conflict(_("This version is in force: every party has signed it."),
                           code="in_force")
        raise Conflict(_("A newer version exists; sign that one."), code="not_current")
    return version, partner, parties


def _progress(version: AgreementVersion, parties: Sequence[Partner]) -> rules.SignatureProgress:
    signing = Signature.objects.filter(version=version, withdrawn_at__isnull=True).values_list(
        "partner_id", flat=True)
    return rules.signature_progress([rules.PartyRef(p.pk, p.organisation.name) for p in parties],
                                    signing)


@transaction.atomic
def version_sign(*, actor: Person, version: AgreementVersion) -> Signature:
    """The actor signs the version for their own partner, a party to it (its board member or
    coordinator, or the key alliance manager for their own partner). When the last party has
    signed, the version comes into force and takes the place of the one in force before.
    Journaled as AgreementSigned (and AgreementInForce), both commitments."""
    version, partner, parties = _locked_version(actor, version)
    agreement = version.agreement
    already = _("Your partner has already signed this version.")
    if Signature.objects.filter(version=version, partner=partner,
                                withdrawn_at__isnull=True).exists():
        raise Conflict(already, code="duplicate")
    with conflict_on_duplicate(already, code="duplicate"):
        signature = Signature.objects.create(version=version, partner=partner, signed_by=actor)
    journal_append(alliance=agreement.alliance, actor=actor, kind="AgreementSigned",
                   subject=signature,
                   payload=_payload(agreement, number=version.number,
                                    partner=partner.organisation.name))
    progress = _progress(version, parties)
    if progress.complete:
        version.in_force_at = timezone.now()
        version.save(update_fields=["in_force_at"])
        journal_append(alliance=agreement.alliance, actor=actor, kind="AgreementInForce",
                       subject=version, payload=_payload(agreement, parties,
                                                         number=version.number))
    return signature


@transaction.atomic
def signature_withdraw(*, actor: Person, version: AgreementVersion) -> Signature:
    """The actor's partner withdraws its signature of a version that is not yet in force; the
    record stays. Journaled as SignatureWithdrawn."""
    version, partner, _parties = _locked_version(actor, version)
    signature = (Signature.objects.select_for_update(of=("self",), no_key=True)
                 .filter(version=version, partner=partner, withdrawn_at__isnull=True).first())
    if signature is None:
        raise Conflict(_("Your partner has not signed this version."), code="not_signed")
    signature.withdrawn_at, signature.withdrawn_by = timezone.now(), actor
    signature.save(update_fields=["withdrawn_at", "withdrawn_by"])
    journal_append(alliance=version.agreement.alliance, actor=actor, kind="SignatureWithdrawn",
                   subject=signature,
                   payload=_payload(version.agreement, number=version.number,
                                    partner=partner.organisation.name))
    return signature


# --- review reminders --------------------------------------------------------------------------


def agreements_review_due_notify(*, today: dt.date | None = None) -> int:
    """Tell the steering roles who may read it that an agreement is due for review, from
    REVIEW_LEAD_DAYS before its review date, once per agreement and review date (run daily by
    the ``agreements_review_due`` command or the task queue; running it twice tells nobody
    twice). Expired agreements are left alone. Writes notifications only, alliance by alliance
    under its lock. Returns how many notifications were made."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=rules.REVIEW_LEAD_DAYS)
    due = Agreement.objects.filter(review_on__isnull=False, review_on__lte=horizon).exclude(
        ends_on__lt=today)
    made = 0
    for alliance_id in sorted(set(due.values_list("alliance_id", flat=True))):
        with transaction.atomic():
            alliance_lock(alliance_id)
            for agreement in (due.filter(alliance_id=alliance_id).select_related("alliance")
                              .prefetch_related("parties", "audience").order_by("pk")):
                if agreement.review_on is None:  # excluded by the filter; for the type checker
                    continue
                made += len(notify(
                    people=policy.agreement_steering_readers(agreement),
                    alliance=agreement.alliance, kind=NotificationKind.AGREEMENT_REVIEW_DUE,
                    key=rules.review_key(agreement.pk, agreement.review_on),
                    params={"agreement": agreement.title,
                            "review_on": agreement.review_on.isoformat()},
                    url=agreement_url(agreement)))
    return made
