from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.access.rules import STAGE_RATER_ROLES
from concordia.alliances.choices import Level, Role
from concordia.core.fields import NameField, version_field
from concordia.core.forms import DateInput

from .choices import RATIONALE_LABELS, RESISTANCE_LABELS, Degree, Origin, RemarkKind
from .stage_rules import QUESTIONS


class ProfileForm(forms.Form):
    rationales = forms.MultipleChoiceField(
        label=_("Why the alliance exists (rationales)"), required=False,
        choices=[(k.value, v) for k, v in RATIONALE_LABELS.items()],
        widget=forms.CheckboxSelectMultiple)
    origin = forms.ChoiceField(label=_("Origin"), choices=Origin.choices,
                               widget=forms.RadioSelect)
    joint_activities = forms.IntegerField(label=_("Number of joint activities"), min_value=1,
                                          max_value=999)
    centralisation = forms.ChoiceField(label=_("Degree of centralisation needed"),
                                       choices=Degree.choices, widget=forms.RadioSelect)
    joint_work_weight = forms.ChoiceField(label=_("Weight and complexity of the joint work"),
                                          choices=Degree.choices, widget=forms.RadioSelect)
    version = version_field(0)


class PartnerInterestForm(forms.Form):
    own_interest = forms.CharField(label=_("The partner's own interest"), required=False,
                                   max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    shared_interest = forms.CharField(label=_("What it brings to the shared interest"),
                                      required=False, max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 3}))


class ResistanceForm(forms.Form):
    source = forms.ChoiceField(label=_("Source of resistance"),
                               choices=[(k.value, v) for k, v in RESISTANCE_LABELS.items()])
    note = forms.CharField(label=_("What we expect"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    mitigation = forms.CharField(label=_("Mitigation"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2}))


class StatementForm(forms.Form):
    vision = forms.CharField(label=_("Vision"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    mission = forms.CharField(label=_("Mission"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    text = forms.CharField(label=_("Objective"), max_length=8000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    based_on = version_field(0)


class ValuesForm(forms.Form):
    text = forms.CharField(label=_("Our values (one per line)"), max_length=8000,
                           widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("For example ten short commitments on how partners treat "
                                       "each other."))
    based_on = version_field(0)


class StageForm(forms.Form):
    """One radio group per question; the values 1–3 are the stages in order."""

    assessed_on = forms.DateField(label=_("Assessed on"),
                                  widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:  # built per request, so in the language of the request
            self.fields[f"q_{question.key}"] = forms.TypedChoiceField(
                label=str(question.text), coerce=int, widget=forms.RadioSelect,
                choices=[(i, text) for i, text in enumerate(question.options, start=1)])

    def answers(self) -> dict[str, int]:
        return {name[2:]: value for name, value in self.cleaned_data.items()
                if name.startswith("q_")}


class StageRatersForm(forms.Form):
    """Who rates the stage for their partner, by role or by level (the key alliance manager
    chooses); a person rates when a role or a level of theirs is chosen."""

    roles = forms.MultipleChoiceField(
        label=_("Roles that rate the stage for their partner"), required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(r, Role(r).label) for r in STAGE_RATER_ROLES],
        help_text=_("Each partner's people in these roles rate the stage for their own "
                    "partner. Observers and external reviewers do not rate."))
    levels = forms.MultipleChoiceField(
        label=_("Levels that rate the stage for their partner"), required=False,
        widget=forms.CheckboxSelectMultiple, choices=Level.choices,
        help_text=_("Each partner's people who hold a role at these levels rate too, whatever "
                    "the role (except observers and external reviewers)."))


class GlossaryTermForm(forms.Form):
    term = NameField(label=_("Term"), max_length=120)


class PartnerDefinitionForm(forms.Form):
    definition = forms.CharField(label=_("Your partner's definition"), max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 2}))


class AgreedDefinitionForm(forms.Form):
    """Propose the definition the partners are to agree on (a new version of it)."""
    agreed_definition = forms.CharField(label=_("Proposed definition"), max_length=4000,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    based_on = version_field(0)


class RemarkForm(forms.Form):
    """A partner's objection (with its reason) or comment on a proposal."""
    kind = forms.ChoiceField(label=_("What your partner says"), widget=forms.RadioSelect,
                             choices=[(RemarkKind.OBJECTION, _("We object (give the reason)")),
                                      (RemarkKind.COMMENT, _("A comment"))],
                             initial=RemarkKind.COMMENT)
    text = forms.CharField(label=_("Reason or comment"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
