"""Forms of the ladder's pages: raise a bottleneck; on a bottleneck the horizontal attempt,
going up, a response, the resolution and withdrawing; the alliance's top rung; the overview's
filters. Choices come from the selectors (what this person may choose)."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.actions.models import ActionItem
from concordia.agreements.models import Agreement
from concordia.alliances.models import Partner
from concordia.core.fields import NameField, version_field
from concordia.core.forms import choice_field
from concordia.decisions.models import Decision
from concordia.handbook.catalogue import Block
from concordia.handbook.texts import BUILDING_BLOCKS
from concordia.meetings.models import Meeting

from . import rules
from .choices import BoardRoute, BottleneckStatus, Urgency


def _text(label: Any, *, required: bool = True, rows: int = 3, help_text: Any = "",
          max_length: int = rules.TEXT_MAX) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


def _ids(items: Sequence[Any], label: Any) -> list[tuple[str, str]]:
    return [("", "—"), *((str(i.pk), label(i)) for i in items)]


def _person_choices(people: Sequence[Person], empty: Any) -> list[tuple[str, Any]]:
    return [("", empty), *((str(p.pk), str(p)) for p in people)]


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.body.name}: {meeting.starts_at:%Y-%m-%d}" + (
        f" — {meeting.title}" if meeting.title else "")


def decision_label(decision: Decision) -> str:
    return f"{decision.number}. {decision.title}"


class PickedObjects:
    """A form whose choices are objects by id: what was picked, as the object."""

    _choices: dict[str, dict[str, Any]]

    def picked(self, name: str) -> Any:
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return self._choices.get(name, {}).get(data.get(name) or "")


class RaiseForm(PickedObjects, forms.Form):
    title = NameField(label=_("Bottleneck"), max_length=rules.TITLE_MAX)
    description = _text(_("Description"), rows=5,
                        help_text=_("What goes wrong, where in the chain, and what it costs."))
    partners = forms.MultipleChoiceField(
        label=_("Partners concerned"), widget=forms.CheckboxSelectMultiple,
        help_text=_("The partners whose people try to solve it among themselves first."))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices,
                                initial=Urgency.NORMAL,
                                help_text=_("Only an alarm may skip the horizontal attempt."))
    alliance_wide = forms.BooleanField(
        label=_("Alliance-wide: visible to everyone with a role in the alliance"),
        required=False)
    owner = forms.ChoiceField(label=_("Owner of the horizontal attempt"), required=False)
    meeting = forms.ChoiceField(label=_("About a meeting"), required=False)
    decision = forms.ChoiceField(label=_("About a decision"), required=False)
    agreement = forms.ChoiceField(label=_("About an agreement"), required=False)
    block = forms.ChoiceField(label=_("About a building block"), required=False)

    def __init__(self, *args: Any, partners: Sequence[Partner] = (),
                 owners: Sequence[Person] = (), meetings: Sequence[Meeting] = (),
                 decisions: Sequence[Decision] = (), agreements: Sequence[Agreement] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._partners = {str(p.pk): p for p in partners}
        self._choices = {"owner": {str(p.pk): p for p in owners},
                         "meeting": {str(m.pk): m for m in meetings},
                         "decision": {str(d.pk): d for d in decisions},
                         "agreement": {str(a.pk): a for a in agreements}}
        choice_field(self, "partners").choices = [(str(p.pk), p.organisation.name)
                                                  for p in partners]
        choice_field(self, "owner").choices = _person_choices(owners, _("— I do —"))
        choice_field(self, "meeting").choices = _ids(meetings, meeting_label)
        choice_field(self, "decision").choices = _ids(decisions, decision_label)
        choice_field(self, "agreement").choices = _ids(agreements, lambda a: a.title)
        choice_field(self, "block").choices = [("", "—"), *(
            (b.value, BUILDING_BLOCKS[b].title) for b in Block)]

    def partner_objects(self) -> list[Partner]:
        return [self._partners[pk] for pk in self.cleaned_data.get("partners") or []]


class AttemptForm(forms.Form):
    op = forms.CharField(widget=forms.HiddenInput, initial="attempt")
    result = forms.ChoiceField(label=_("Result"), widget=forms.RadioSelect, choices=[
        ("not_resolved", _("not resolved: it has to go up")),
        ("resolved", _("resolved among ourselves"))])
    text = _text(_("What was tried and what came of it"), rows=4)
    version = version_field(1)


class EscalateForm(PickedObjects, forms.Form):
    op = forms.CharField(widget=forms.HiddenInput, initial="escalate")
    reason = _text(_("Why it goes up"))
    skip_reason = _text(_("Reason to skip the horizontal attempt"), required=False,
                        help_text=_("Only in a real alarm, when there is no time to try among "
                                    "the partners first. It shows with the bottleneck "
                                    "everywhere."))
    owner = forms.ChoiceField(label=_("Owner of the next rung"), required=False)
    route = forms.ChoiceField(label=_("The board takes it up"), widget=forms.RadioSelect,
                              choices=BoardRoute.choices, initial=BoardRoute.MEETING,
                              required=False)
    version = version_field(1)

    def __init__(self, *args: Any, owners: Sequence[Person] = (), skipping: bool = False,
                 to_board: bool = False, default_owner: Person | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices = {"owner": {str(p.pk): p for p in owners}}
        empty = (_("— as usual: %(name)s —") % {"name": default_owner}
                 if default_owner is not None else _("— as usual —"))
        choice_field(self, "owner").choices = _person_choices(owners, empty)
        if not skipping:
            del self.fields["skip_reason"]
        if not to_board:
            del self.fields["route"]


class RespondForm(forms.Form):
    op = forms.CharField(widget=forms.HiddenInput, initial="respond")
    text = _text(_("Response"), rows=4)
    version = version_field(1)


class ResolveForm(PickedObjects, forms.Form):
    op = forms.CharField(widget=forms.HiddenInput, initial="resolve")
    resolution = _text(_("How it was resolved"), rows=4)
    decision = forms.ChoiceField(label=_("The decision that settled it"), required=False)
    action = forms.ChoiceField(label=_("The action that follows it up"), required=False)
    version = version_field(1)

    def __init__(self, *args: Any, decisions: Sequence[Decision] = (),
                 actions: Sequence[ActionItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices = {"decision": {str(d.pk): d for d in decisions},
                         "action": {str(a.pk): a for a in actions}}
        choice_field(self, "decision").choices = _ids(decisions, decision_label)
        choice_field(self, "action").choices = _ids(actions, lambda a: a.title)


class WithdrawForm(forms.Form):
    op = forms.CharField(widget=forms.HiddenInput, initial="withdraw")
    reason = _text(_("Why you withdraw it"), required=False, rows=2)
    version = version_field(1)


class LadderForm(forms.Form):
    top_rung_enabled = forms.BooleanField(label=_("Use a top rung above the board"),
                                          required=False)
    top_rung_name = forms.CharField(
        label=_("Name of the top rung"), required=False, max_length=rules.TOP_NAME_MAX,
        help_text=_("For example: the responsible ministers, via the administrative core "
                    "team."))
    version = version_field(0)


class FilterForm(forms.Form):
    """The overview's filters (GET); an unknown value is simply not applied."""

    rung = forms.ChoiceField(label=_("Rung"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("open")), *(
                                   (s.value, s.label) for s in BottleneckStatus
                                   if s != BottleneckStatus.OPEN), ("all", _("all"))])
    overdue = forms.BooleanField(label=_("Only overdue bottlenecks"), required=False)

    def __init__(self, *args: Any, rungs: Sequence[tuple[str, str]] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "rung").choices = [("", _("every rung")), *rungs]
