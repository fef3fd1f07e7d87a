"""Every write of the form advisor. Advice kept with an alliance is a write in that alliance:
journaled (AdviceSaved, not a commitment); advice kept with an organisation is not."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance
from concordia.core.errors import DomainError
from concordia.journal.services import journal_append
from concordia.organisations.models import Organisation

from . import rules
from .models import SavedAdvice

TITLE_MAX = 200


@transaction.atomic
def advice_save(*, actor: Person, answers: rules.Answers, alliance: Alliance | None = None,
                organisation: Organisation | None = None, title: str = "") -> SavedAdvice:
    """Keep the advice for these answers with an alliance (a role that may write there) or with
    the actor's own organisation, together with a snapshot of how it reads today."""
    if (alliance is None) == (organisation is None):
        raise ValueError("advice_save needs exactly one of alliance and organisation")
    if alliance is not None:
        alliance_lock(alliance.pk, actor=actor)
        if not policy.can(actor, "alliance.write", alliance):
            raise PermissionDenied
    if organisation is not None and not policy.can(actor, "organisation.keep_advice",
                                                   organisation):
        raise PermissionDenied
    title = title.strip()
    if len(title) > TITLE_MAX:
        raise DomainError(_("Keep the title to %(n)s characters.") % {"n": TITLE_MAX},
                          field="title")
    advice = rules.advise(answers)
    saved = SavedAdvice.objects.create(
        alliance=alliance, organisation=organisation, title=title,
        answers=answers.as_dict(), result_form=advice.form.value,
        snapshot=advice.as_dict(), saved_by=actor,
    )
    if alliance is not None:
        journal_append(alliance=alliance, actor=actor, kind="AdviceSaved", subject=saved,
                       payload={"title": title, "form": advice.form.value})
    return saved
