"""Every write on the alliance design. Atomic; commitments (statement versions, endorsements,
agreed definitions, contribution changes, stage assessments) are journaled."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.access.rules import STAGE_RATER_LEVELS, STAGE_RATER_ROLES
from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Partner
from concordia.core.db import conflict_on_duplicate
from concordia.core.errors import Conflict, DomainError
from concordia.handbook.catalogue import Rationale, Resistance
from concordia.journal.services import journal_append
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify

from . import rules, stage_rules
from .choices import RemarkKind, StatementKind
from .models import (
    AllianceProfile,
    Endorsement,
    ExpectedResistance,
    GlossaryTerm,
    PartnerDefinition,
    PartnerInterest,
    StageAssessment,
    StageRaters,
    StatementVersion,
    VersionRemark,
)

# The journal kind of every event in a statement's life, per statement kind (registered in
# journal_kinds.py). "in_force" is appended when the last required endorsement arrives.
JOURNAL_KINDS: dict[str, dict[str, str]] = {
    StatementKind.OBJECTIVE: {
        "drafted": "ObjectiveDrafted", "endorsed": "ObjectiveEndorsed",
        "withdrawn": "ObjectiveEndorsementWithdrawn", "in_force": "ObjectiveInForce",
        "objection": "ObjectiveObjection", "comment": "ObjectiveComment",
        "proposal_withdrawn": "ObjectiveProposalWithdrawn"},
    StatementKind.VALUES: {
        "drafted": "ValuesDrafted", "endorsed": "ValuesEndorsed",
        "withdrawn": "ValuesEndorsementWithdrawn", "in_force": "ValuesInForce",
        "objection": "ValuesObjection", "comment": "ValuesComment",
        "proposal_withdrawn": "ValuesProposalWithdrawn"},
    StatementKind.DEFINITION: {
        "drafted": "DefinitionProposed", "endorsed": "DefinitionEndorsed",
        "withdrawn": "DefinitionEndorsementWithdrawn", "in_force": "TermAgreed",
        "objection": "DefinitionObjection", "comment": "DefinitionComment",
        "proposal_withdrawn": "DefinitionProposalWithdrawn"},
}


def _journal_statement(*, actor: Person, version: StatementVersion, event: str,
                       subject: Any, **payload: Any) -> None:
    """Journal one event of a version; a definition's entries name their term."""
    if version.term_id is not None:
        payload["term"] = version.term.term if version.term else ""
    journal_append(alliance=version.alliance, actor=actor,
                   kind=JOURNAL_KINDS[version.kind][event], subject=subject,
                   payload={"number": version.number, **payload})


@transaction.atomic
def profile_update(*, actor: Person, alliance: Alliance, expected_version: int,
                   **fields: Any) -> AllianceProfile:
    """Save the profile; a stale edit (someone saved in between) is refused, never overwritten."""
    alliance_lock(alliance.pk, actor=actor)
    policy.require(actor, "alliance.edit_design", alliance)
    unknown = set(fields.get("rationales", [])) - {r.value for r in Rationale}
    if unknown:
        raise DomainError(_("Unknown rationale."), field="rationales")
    if not 1 <= int(fields.get("joint_activities", 1)) <= 999:
        raise DomainError(_("Give a number between 1 and 999."), field="joint_activities")
    profile, created = AllianceProfile.objects.select_for_update(
        of=("self",), no_key=True).get_or_create(
        alliance=alliance, defaults={"version": 0})
    if profile.version != expected_version and not (created and expected_version == 0):
        raise Conflict(_("Someone else changed the profile in the meantime. Reload and try "
                         "again."), code="stale")
    for key, value in fields.items():
        setattr(profile, key, value)
    profile.version = (0 if created else profile.version) + 1
    profile.updated_by = actor
    profile.save()
    journal_append(alliance=alliance, actor=actor, kind="ProfileUpdated", subject=profile,
                   payload={"version": profile.version, "rationales": list(profile.rationales),
                            "origin": profile.origin,
                            "joint_activities": int(profile.joint_activities),
                            "centralisation": profile.centralisation,
                            "joint_work_weight": profile.joint_work_weight})
    return profile


def _partner_of_alliance(alliance: Alliance, partner: Partner) -> Partner:
    if partner.alliance_id != alliance.pk or partner.status != PartnerStatus.ACTIVE:
        raise DomainError(_("Choose an active partner of this alliance."), field="partner")
    return partner


def _words_drafter(actor: Person, partner: Partner, *, written_by_partner: bool
                   ) -> Person | None:
    """Whom a partner's words are marked as drafted by once the actor saves them: nobody when
    one of the partner's own people writes them; the key alliance manager when they draft
    where the partner has written nothing yet. Anyone else is refused (403)."""
    if policy.can(actor, "partner.write_words", partner):
        return None
    if policy.can(actor, "partner.draft_words", partner) and not written_by_partner:
        return actor
    raise PermissionDenied


@transaction.atomic
def partner_interest_set(*, actor: Person, alliance: Alliance, partner: Partner,
                         own_interest: str, shared_interest: str) -> PartnerInterest:
    """A partner's own interest and its contribution to the shared one: the partner's own words
    (see _words_drafter). Journaled with who wrote them."""
    alliance_lock(alliance.pk, actor=actor)
    _partner_of_alliance(alliance, partner)
    interest = (PartnerInterest.objects.select_for_update(of=("self",), no_key=True)
                .filter(partner=partner).first())
    drafted_by = _words_drafter(actor, partner, written_by_partner=(
        interest is not None and interest.drafted_by_id is None))
    if interest is None:
        interest = PartnerInterest(partner=partner)
    interest.own_interest, interest.shared_interest = own_interest.strip(), shared_interest.strip()
    interest.drafted_by = drafted_by
    interest.save()
    journal_append(alliance=alliance, actor=actor, kind="PartnerInterestSet", subject=interest,
                   payload={"partner": partner.organisation.name,
                            "own_interest": interest.own_interest,
                            "shared_interest": interest.shared_interest,
                            "drafted_by_key_alliance_manager": drafted_by is not None})
    return interest


@transaction.atomic
def resistance_set(*, actor: Person, alliance: Alliance, partner: Partner, source: str,
                   note: str = "", mitigation: str = "") -> ExpectedResistance:
    """Record (or update) a source of resistance expected at a partner, with its mitigation:
    the partner's own words (see _words_drafter). The journal records who wrote for which
    partner, not what: the text is readable only by those docs/access.md names."""
    alliance_lock(alliance.pk, actor=actor)
    _partner_of_alliance(alliance, partner)
    if source not in {r.value for r in Resistance}:
        raise DomainError(_("Unknown source of resistance."), field="source")
    resistance = (ExpectedResistance.objects.select_for_update(of=("self",), no_key=True)
                  .filter(partner=partner, source=source).first())
    drafted_by = _words_drafter(actor, partner, written_by_partner=(
        resistance is not None and resistance.drafted_by_id is None))
    if resistance is None:
        resistance = ExpectedResistance(partner=partner, source=source)
    resistance.note, resistance.mitigation = note.strip(), mitigation.strip()
    resistance.drafted_by = drafted_by
    resistance.save()
    journal_append(alliance=alliance, actor=actor, kind="ResistanceSet", subject=resistance,
                   payload={"partner": partner.organisation.name,
                            "drafted_by_key_alliance_manager": drafted_by is not None})
    return resistance


@transaction.atomic
def resistance_remove(*, actor: Person, alliance: Alliance, resistance: ExpectedResistance
                      ) -> None:
    """Remove an expected resistance: the partner's own people, or the key alliance manager a
    draft of their own that the partner has not taken over."""
    alliance_lock(alliance.pk, actor=actor)
    resistance = (ExpectedResistance.objects.select_for_update(of=("self",), no_key=True)
                  .select_related("partner__organisation").get(pk=resistance.pk))
    partner = resistance.partner
    if partner.alliance_id != alliance.pk:
        raise PermissionDenied
    _words_drafter(actor, partner, written_by_partner=resistance.drafted_by_id is None)
    subject_pk = resistance.pk
    resistance.delete()
    resistance.pk = subject_pk
    journal_append(alliance=alliance, actor=actor, kind="ResistanceRemoved", subject=resistance,
                   payload={"partner": partner.organisation.name})


def _version_states(alliance: Alliance, kind: str, term: GlossaryTerm | None
                    ) -> list[rules.VersionState]:
    rows = (StatementVersion.objects.filter(alliance=alliance, kind=kind, term=term)
            .values_list("number", "in_force_since", "withdrawn_at"))
    return [rules.VersionState(n, since is not None, withdrawn is not None)
            for n, since, withdrawn in rows]


def _proposal(alliance: Alliance, kind: str, term: GlossaryTerm | None
              ) -> StatementVersion | None:
    number = rules.open_proposal(_version_states(alliance, kind, term))
    if number is None:
        return None
    return (StatementVersion.objects.select_for_update(of=("self",), no_key=True)
            .get(alliance=alliance, kind=kind, term=term, number=number))


def _require_proposal(version: StatementVersion) -> None:
    proposal = _proposal(version.alliance, version.kind, version.term)
    if proposal is None or proposal.pk != version.pk:
        raise Conflict(_("This version is not the open proposal."), code="not_current")


@transaction.atomic
def statement_draft(*, actor: Person, alliance: Alliance, kind: str, text: str,
                    vision: str = "", mission: str = "", based_on: int | None = None,
                    term: GlossaryTerm | None = None) -> StatementVersion:
    """Propose a new version of the objective, the values statement or (with ``term``) a
    term's agreed definition. The version in force stays in force until every required partner
    endorsed the proposal; an open proposal is replaced (withdrawn) by the new one.

    ``based_on`` is the newest version number the author saw; a newer version since then is a
    conflict (no silent overwrite of someone else's draft)."""
    alliance_lock(alliance.pk, actor=actor)
    policy.require(actor, "alliance.edit_design", alliance)
    if (kind == StatementKind.DEFINITION) != (term is not None) or (
            term is not None and term.alliance_id != alliance.pk):
        raise DomainError(_("Choose a term of this alliance."), field="term")
    field = "agreed_definition" if term is not None else "text"
    if not text.strip():
        raise DomainError(_("Write the text."), field=field)
    states = _version_states(alliance, kind, term)
    current = max((v.number for v in states), default=0)
    stale = _("A newer version was saved in the meantime. Reload and try again.")
    if based_on is not None and based_on != current:
        raise Conflict(stale, code="stale")
    replaced = _proposal(alliance, kind, term)
    with conflict_on_duplicate(stale, code="stale"):
        version = StatementVersion.objects.create(
            alliance=alliance, kind=kind, term=term,
            number=rules.next_version_number([v.number for v in states]),
            vision=vision.strip(), mission=mission.strip(), text=text.strip(),
            created_by=actor)
    _journal_statement(actor=actor, version=version, event="drafted", subject=version,
                       vision=version.vision, mission=version.mission, text=version.text)
    if replaced is not None:
        _withdraw_proposal(actor, replaced, replaced_by=version.number)
    _tell_endorsers(alliance, version)
    return version


def _tell_endorsers(alliance: Alliance, version: StatementVersion) -> None:
    """The board members (whoever may endorse) of every active partner learn that the new
    version waits for their partner's endorsement. A new version has no endorsements yet, so
    that is every active partner; one notification per version, partner and person."""
    by_partner: dict[int, list[Person]] = {}
    for membership in policy.endorsing_memberships(alliance_id=alliance.pk).select_related(
            "person").order_by("partner_id", "person_id"):
        if membership.partner_id is not None:  # (endorsing roles are always a partner's)
            by_partner.setdefault(membership.partner_id, []).append(membership.person)
    if version.term_id is not None:
        url = reverse("glossary_term", kwargs={"pk": alliance.pk, "term_pk": version.term_id})
    else:
        url = reverse("statement_page", kwargs={"pk": alliance.pk, "slug": version.kind})
    for partner_id, people in by_partner.items():
        notify(people=people, alliance=alliance, kind=NotificationKind.ENDORSEMENT_WAITING,
               key=f"endorsement:{version.pk}:{partner_id}",
               params={"statement": version.kind, "number": version.number}, url=url)


def _endorsing_partner(actor: Person, alliance: Alliance) -> Partner:
    """The partner the actor speaks for on a proposal: their own, if they may endorse for it."""
    partner = policy.own_partner(actor, alliance.pk)
    if partner is None:
        raise PermissionDenied
    policy.require(actor, "partner.endorse", partner)
    return partner


def _required_progress(version: StatementVersion) -> rules.EndorsementProgress:
    partners = [rules.PartnerRef(*row) for row in Partner.objects.filter(
        alliance_id=version.alliance_id, status=PartnerStatus.ACTIVE).values_list(
        "pk", "organisation__name", "partner_type")]
    endorsing = Endorsement.objects.filter(version=version, withdrawn_at__isnull=True
                                           ).values_list("partner_id", flat=True)
    return rules.endorsement_progress(partners, endorsing)


@transaction.atomic
def statement_endorse(*, actor: Person, version: StatementVersion) -> Endorsement:
    """The actor endorses the proposal on behalf of their own partner (board members only).
    With the last required endorsement the proposal enters into force."""
    alliance = version.alliance
    alliance_lock(alliance.pk, actor=actor)
    partner = _endorsing_partner(actor, alliance)
    _require_proposal(version)
    already = _("Your partner has already endorsed this version.")
    if Endorsement.objects.filter(version=version, partner=partner,
                                  withdrawn_at__isnull=True).exists():
        raise Conflict(already, code="duplicate")
    with conflict_on_duplicate(already, code="duplicate"):
        endorsement = Endorsement.objects.create(version=version, partner=partner,
                                                 endorsed_by=actor)
    _journal_statement(actor=actor, version=version, event="endorsed", subject=endorsement,
                       partner=partner.organisation.name)
    if rules.enters_into_force(_required_progress(version)):
        _enter_into_force(actor, version)
    return endorsement


def _enter_into_force(actor: Person, version: StatementVersion) -> None:
    version.in_force_since = timezone.now()
    version.save(update_fields=["in_force_since"])
    if version.term_id is not None:
        term = GlossaryTerm.objects.select_for_update(of=("self",), no_key=True).get(
            pk=version.term_id)
        term.agreed_definition, term.agreed_at = version.text, version.in_force_since
        term.version += 1
        term.save(update_fields=["agreed_definition", "agreed_at", "version"])
        version.term = term
        _journal_statement(actor=actor, version=version, event="in_force", subject=term,
                           definition=version.text)
    else:
        _journal_statement(actor=actor, version=version, event="in_force", subject=version)


@transaction.atomic
def statement_withdraw(*, actor: Person, version: StatementVersion) -> Endorsement:
    """The actor's partner withdraws its endorsement of the proposal; the record stays. A
    version in force stays in force: to change it, propose a new version."""
    alliance = version.alliance
    alliance_lock(alliance.pk, actor=actor)
    partner = _endorsing_partner(actor, alliance)
    if version.in_force_since is not None:
        raise Conflict(_("This version is in force; propose a new version to change it."),
                       code="in_force")
    endorsement = (Endorsement.objects.select_for_update(of=("self",), no_key=True)
                   .filter(version=version, partner=partner, withdrawn_at__isnull=True).first())
    if endorsement is None:
        raise Conflict(_("Your partner has not endorsed this version."), code="not_endorsed")
    endorsement.withdrawn_at, endorsement.withdrawn_by = timezone.now(), actor
    endorsement.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _journal_statement(actor=actor, version=version, event="withdrawn", subject=endorsement,
                       partner=partner.organisation.name)
    return endorsement


def stage_raters_chosen(alliance: Alliance) -> tuple[list[str], list[str]]:
    """The roles and the levels that rate the stage: as the key alliance manager chose, or
    (before any choice) every role that is not read-only and no level."""
    chosen = StageRaters.objects.filter(alliance=alliance).values_list("roles", "levels").first()
    if chosen is None:
        return list(STAGE_RATER_ROLES), []
    return list(chosen[0]), list(chosen[1])


@transaction.atomic
def stage_raters_set(*, actor: Person, alliance: Alliance, roles: list[str],
                     levels: list[str] | None = None) -> StageRaters:
    """The key alliance manager chooses who rates the stage for their partner: by role, by
    level, or both (a person rates when either matches). At least one role or level."""
    alliance_lock(alliance.pk, actor=actor)
    policy.require(actor, "alliance.choose_stage_raters", alliance)
    levels = levels or []
    chosen = [r for r in STAGE_RATER_ROLES if r in set(roles)]
    if len(chosen) != len(set(roles)):
        raise DomainError(_("Choose roles from the list; observers and external reviewers do "
                            "not rate."),
                          field="roles")
    chosen_levels = [lv for lv in STAGE_RATER_LEVELS if lv in set(levels)]
    if len(chosen_levels) != len(set(levels)):
        raise DomainError(_("Choose strategic, tactical or operational."), field="levels")
    if not chosen and not chosen_levels:
        raise DomainError(_("Choose at least one role or level, or nobody rates the stage."),
                          field="roles")
    raters, _created = StageRaters.objects.update_or_create(
        alliance=alliance,
        defaults={"roles": chosen, "levels": chosen_levels, "updated_by": actor})
    journal_append(alliance=alliance, actor=actor, kind="StageRatersChosen", subject=raters,
                   payload={"roles": chosen, "levels": chosen_levels})
    return raters


@transaction.atomic
def statement_remark(*, actor: Person, version: StatementVersion, kind: str,
                     text: str) -> VersionRemark:
    """The actor's partner objects to the proposal (with its reason) or comments on it. An
    objection does not endorse: a partner that endorsed withdraws its endorsement first."""
    alliance = version.alliance
    alliance_lock(alliance.pk, actor=actor)
    partner = _endorsing_partner(actor, alliance)
    if kind not in RemarkKind.values:
        raise DomainError(_("Choose objection or comment."), field="kind")
    if not text.strip():
        message = (_("Give the reason for the objection.") if kind == RemarkKind.OBJECTION
                   else _("Write the comment."))
        raise DomainError(message, field="text")
    _require_proposal(version)
    if kind == RemarkKind.OBJECTION and Endorsement.objects.filter(
            version=version, partner=partner, withdrawn_at__isnull=True).exists():
        raise Conflict(_("Your partner endorsed this version; withdraw the endorsement before "
                         "objecting."), code="endorsed")
    remark = VersionRemark.objects.create(version=version, partner=partner, kind=kind,
                                          text=text.strip(), written_by=actor)
    _journal_statement(actor=actor, version=version, event=kind, subject=remark,
                       partner=partner.organisation.name, text=remark.text)
    return remark


def _withdraw_proposal(actor: Person, version: StatementVersion, *,
                       replaced_by: int | None = None) -> None:
    version.withdrawn_at, version.withdrawn_by = timezone.now(), actor
    version.save(update_fields=["withdrawn_at", "withdrawn_by"])
    extra = {"replaced_by": replaced_by} if replaced_by is not None else {}
    _journal_statement(actor=actor, version=version, event="proposal_withdrawn",
                       subject=version, **extra)


@transaction.atomic
def proposal_withdraw(*, actor: Person, version: StatementVersion) -> StatementVersion:
    """The key alliance manager takes the proposal off the table; the version in force stays."""
    alliance = version.alliance
    alliance_lock(alliance.pk, actor=actor)
    policy.require(actor, "alliance.withdraw_proposal", alliance)
    _require_proposal(version)
    _withdraw_proposal(actor, version)
    return version


@transaction.atomic
def stage_assess(*, actor: Person, alliance: Alliance, assessed_on: Any,
                 answers: dict[str, int], note: str = "") -> StageAssessment:
    """Record one person's dated rating of the stage, for their own partner; the stages follow
    from the answers (stage_rules). Who may rate: that partner's people in the roles or at the
    levels the key alliance manager chose."""
    alliance_lock(alliance.pk, actor=actor)
    partner = policy.own_partner(actor, alliance.pk)
    if partner is None or not policy.may_rate_stage(actor, partner,
                                                    *stage_raters_chosen(alliance)):
        raise PermissionDenied
    if assessed_on > timezone.localdate():
        raise DomainError(_("The date lies in the future."), field="assessed_on")
    try:
        per_dimension, overall = stage_rules.assess(answers)
    except stage_rules.InvalidAnswers as exc:
        raise DomainError(_("Answer every question with one of the three descriptions."),
                          field="answers") from exc
    assessment = StageAssessment.objects.create(
        alliance=alliance, partner=partner, assessed_on=assessed_on, answers=dict(answers),
        dimension_stages={str(d): str(s) for d, s in per_dimension.items()},
        overall=str(overall), note=note.strip(), assessed_by=actor)
    journal_append(alliance=alliance, actor=actor, kind="StageAssessed", subject=assessment,
                   payload={"assessed_on": assessed_on.isoformat(), "overall": str(overall),
                            "dimensions": assessment.dimension_stages,
                            "partner": partner.organisation.name})
    return assessment


@transaction.atomic
def glossary_term_add(*, actor: Person, alliance: Alliance, term: str) -> GlossaryTerm:
    alliance_lock(alliance.pk, actor=actor)
    policy.require(actor, "alliance.edit_design", alliance)
    term = " ".join(term.split())
    if not term:
        raise DomainError(_("Give the term."), field="term")
    exists = _("This term is in the glossary already.")
    if GlossaryTerm.objects.filter(alliance=alliance, term__iexact=term).exists():
        raise Conflict(exists, field="term")
    with conflict_on_duplicate(exists, field="term"):
        created = GlossaryTerm.objects.create(alliance=alliance, term=term)
    journal_append(alliance=alliance, actor=actor, kind="GlossaryTermAdded", subject=created,
                   payload={"term": created.term})
    return created


@transaction.atomic
def partner_definition_set(*, actor: Person, term: GlossaryTerm, definition: str,
                           partner: Partner | None = None) -> PartnerDefinition:
    """A partner gives (or updates) its own definition of the term: by default the actor's own
    partner. The key alliance manager may name another partner to draft its definition where
    it has given none yet (see _words_drafter). Journaled."""
    alliance_lock(term.alliance_id, actor=actor)
    if partner is None:
        partner = policy.own_partner(actor, term.alliance_id)
        if partner is None:
            raise PermissionDenied
    elif partner.alliance_id != term.alliance_id or partner.status != PartnerStatus.ACTIVE:
        raise DomainError(_("Choose an active partner of this alliance."), field="partner")
    existing = (PartnerDefinition.objects.select_for_update(of=("self",), no_key=True)
                .filter(term=term, partner=partner).first())
    drafted_by = _words_drafter(actor, partner, written_by_partner=(
        existing is not None and existing.drafted_by_id is None))
    if not definition.strip():
        raise DomainError(_("Give the definition."), field="definition")
    result = existing or PartnerDefinition(term=term, partner=partner)
    result.definition, result.updated_by, result.drafted_by = definition.strip(), actor, drafted_by
    result.save()
    journal_append(alliance=term.alliance, actor=actor, kind="PartnerDefinitionSet",
                   subject=result,
                   payload={"term": term.term, "partner": partner.organisation.name,
                            "definition": result.definition,
                            "drafted_by_key_alliance_manager": drafted_by is not None})
    return result


@transaction.atomic
def glossary_definition_propose(*, actor: Person, term: GlossaryTerm, definition: str,
                                based_on: int | None = None) -> StatementVersion:
    """Propose the definition the partners are to agree on: it becomes the agreed definition
    once every required partner endorsed it (see statement_draft)."""
    return statement_draft(actor=actor, alliance=term.alliance, kind=StatementKind.DEFINITION,
                           term=term, text=definition, based_on=based_on)
