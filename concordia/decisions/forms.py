"""Forms of the decision pages: propose, vote, close or withdraw, link a follow-up action,
search the register, and name a partner's delegates."""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.actions.models import ActionItem
from concordia.alliances.models import Partner
from concordia.bodies.forms import DecisionRuleForm
from concordia.bodies.models import Body
from concordia.core.fields import IdChoiceField, NameField, version_field
from concordia.core.forms import choice_field, model_choice_field
from concordia.handbook.catalogue import Block
from concordia.handbook.texts import BUILDING_BLOCKS

from .choices import DecisionStatus, Outcome, Procedure
from .models import Decision

TITLE_MAX = 200
PROPOSAL_MAX = 8000
REASON_MAX = 4000
Q_MAX = 200


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class SecretChoice:
    """The ballot a proposal asks for: the body's default, secret, or open."""

    BODY = ""
    SECRET = "secret"  # noqa: S105 — a ballot, not a password
    OPEN = "open"


def secret_value(value: str) -> bool | None:
    """The form's secret-ballot choice as the service takes it: None follows the body."""
    return {SecretChoice.SECRET: True, SecretChoice.OPEN: False}.get(value)


class DecisionChoiceField(IdChoiceField):
    """A decision of the register, named by its number and title."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.title}"


class DecisionProposeForm(forms.Form):
    """A proposal put to a body: in a meeting, or in writing with a deadline."""

    body = IdChoiceField(label=_("Body"), queryset=Body.objects.none(),
                         help_text=_("The body that decides; its decision rule counts the "
                                     "votes."))
    title = NameField(label=_("Title"), max_length=TITLE_MAX)
    proposal = forms.CharField(label=_("Proposal"), max_length=PROPOSAL_MAX,
                               widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("What the body is asked to decide, with what the "
                                           "partners need to weigh it."))
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices,
                                  initial=Procedure.MEETING, widget=forms.RadioSelect)
    deadline = forms.DateTimeField(
        label=_("Deadline for votes"), required=False, widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Required for a written procedure; time in the Netherlands (Amsterdam). "
                    "Votes after it are refused."))
    secret = forms.ChoiceField(
        label=_("Ballot"), required=False, initial=SecretChoice.BODY,
        choices=[(SecretChoice.BODY, _("as the body's rule says")),
                 (SecretChoice.SECRET, _("secret until the decision closes")),
                 (SecretChoice.OPEN, _("open"))])
    refers_to = DecisionChoiceField(
        label=_("Refers to an earlier decision"), required=False,
        queryset=Decision.objects.none(),
        help_text=_("A closed decision is reopened only by a new proposal that refers to it."))
    block = forms.ChoiceField(label=_("Building block it concerns"), required=False)
    agenda_item = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args: Any, bodies: QuerySet[Body] | None = None,
                 earlier: QuerySet[Decision] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "body").queryset = (
            bodies if bodies is not None else Body.objects.none())
        model_choice_field(self, "refers_to").queryset = (
            earlier if earlier is not None else Decision.objects.none())
        choice_field(self, "block").choices = [("", "—"), *(
            (b.value, BUILDING_BLOCKS[b].title) for b in Block)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("procedure") == Procedure.WRITTEN and not data.get("deadline")
                and "deadline" not in self.errors):
            self.add_error("deadline", _("A written procedure needs a deadline."))
        return data


class RuleChangeProposeForm(DecisionRuleForm):
    """A proposal to the body itself to change its decision rule, in a written procedure: the
    new rule starts from the body's own and is adopted when the decision carries."""

    field_order = ["title", "proposal", "deadline", "decision_rule"]

    title = NameField(label=_("Title"), max_length=TITLE_MAX)
    proposal = forms.CharField(label=_("Why"), max_length=PROPOSAL_MAX,
                               widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("What the new rule changes, and why the partners "
                                           "should want it."))
    deadline = forms.DateTimeField(
        label=_("Deadline for votes"), widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Time in the Netherlands (Amsterdam). Votes after it are refused."))


class VoteForm(forms.Form):
    """One vote for one voting unit (a partner, a seat or the person). A partner weighing more
    than 1 may split its weight over the choices instead of giving it all to one."""

    choice = forms.ChoiceField(label=_("Your vote"), required=False, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Optional; required with an objection."))

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]] = (), weight: int = 1,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.weight = weight
        self.share_names: list[str] = []
        choice_field(self, "choice").choices = list(choices)
        if weight > 1:
            for value, label in choices:
                name = f"share_{value}"
                self.fields[name] = forms.IntegerField(
                    label=_("Split: weight %(label)s") % {"label": label}, required=False,
                    min_value=0, max_value=weight)
                self.share_names.append(name)

    @property
    def share_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.share_names]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self["choice"], self["reason"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shares = {name.removeprefix("share_"): data.get(name) or 0 for name in self.share_names}
        split = {choice: value for choice, value in shares.items() if value}
        if split and data.get("choice"):
            self.add_error("choice", _("Give your whole vote to one choice, or split it below: "
                                       "not both."))
        elif not split and not data.get("choice") and "choice" not in self.errors:
            self.add_error("choice", _("Choose your vote."))
        elif split and sum(split.values()) != self.weight:
            self.add_error(self.share_names[0], _(
                "The parts of a split vote add up to your partner's weight, %(weight)s.")
                % {"weight": self.weight})
        data["shares"] = split or None
        return data

    def service_field(self, field: str | None) -> str | None:
        """The form field a service's DomainError names (its "shares" are the split inputs)."""
        if field == "shares":
            return self.share_names[0] if self.share_names else "choice"
        return field


class VersionForm(forms.Form):
    """Close or withdraw: the version the person saw, so a stale page is refused."""

    version = version_field(1)


class FollowUpForm(forms.Form):
    action = IdChoiceField(label=_("Action item"), queryset=ActionItem.objects.none(),
                           help_text=_("An action of the alliance that follows up on this "
                                       "decision."))

    def __init__(self, *args: Any, actions: QuerySet[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "action")
        if actions is not None:
            field.queryset = actions


class RegisterFilterForm(forms.Form):
    """The register's search and filters (GET); an unknown value is simply not applied."""

    q = forms.CharField(label=_("Search"), required=False, max_length=Q_MAX,
                        help_text=_("Words in the number, title or proposal."))
    body = forms.ChoiceField(label=_("Body"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", _("any outcome")), *Outcome.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("any status")), *DecisionStatus.choices])

    def __init__(self, *args: Any, bodies: Sequence[Body] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "body").choices = [("", _("all bodies")),
                                              *((str(b.pk), b.name) for b in bodies)]


class DelegateNameForm(forms.Form):
    """A partner names one of its own people to cast its vote in the body."""

    op = forms.CharField(widget=forms.HiddenInput, initial="name")
    person = forms.ChoiceField(label=_("Person"),
                               help_text=_("Someone of your partner with a role in the "
                                           "alliance who may write."))

    def __init__(self, *args: Any, candidates: Mapping[Partner, Sequence[Person]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pairs: dict[str, tuple[Partner, Person]] = {}
        groups: list[Any] = [("", _("— choose —"))]
        for partner, people in (candidates or {}).items():
            options = []
            for person in people:
                key = f"{partner.pk}:{person.pk}"
                self._pairs[key] = (partner, person)
                options.append((key, str(person)))
            groups.append((partner.organisation.name, options))
        choice_field(self, "person").choices = groups

    def pair(self) -> tuple[Partner, Person]:
        return self._pairs[self.cleaned_data["person"]]

