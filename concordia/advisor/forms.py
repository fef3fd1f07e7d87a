from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.core.fields import NameField

from . import rules
from .choices import Direction, Duration, Intensity, Scope

YES, NO = "yes", "no"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]

BOOLEAN_QUESTIONS = ("separable", "shared_ownership_wanted", "public_sector_constraints",
                     "product_unambiguous", "predictable_future", "goodwill_parties",
                     "receiving_parties")


def _choice(label: Any, choices: Any, help_text: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, help_text=help_text,
                             widget=forms.RadioSelect)


def _yes_no(label: Any, help_text: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=YES_NO, help_text=help_text,
                                  coerce=lambda value: value == YES, widget=forms.RadioSelect)


class AnswersForm(forms.Form):
    """The questionnaire. Yes/no questions are radio buttons: no answer is not the same as no."""

    intensity = _choice(
        _("How intensive is the joint work?"), Intensity.choices,
        _("From sharing an intention to working side by side every day on shared results."))
    scope = _choice(
        _("Where does the joint work sit for the partners?"), Scope.choices,
        _("Core activities are what each partner exists for; supporting processes help it do "
          "them."))
    separable = _yes_no(
        _("Can the joint work be separated from the partners' own core processes?"),
        _("Could it be placed in a unit or company of its own without cutting through how each "
          "partner does its main work?"))
    duration = _choice(
        _("How long is the collaboration meant to last?"), Duration.choices,
        _("A rough idea is enough."))
    direction = _choice(
        _("Which way does the work flow?"), Direction.choices,
        _("Does one party deliver to another, or do the partners answer together to the people "
          "they serve?"))
    shared_ownership_wanted = _yes_no(
        _("Do the partners want to own the joint work together?"),
        _("For example shares in a joint company, or one organisation for everything."))
    public_sector_constraints = _yes_no(
        _("Are there public-sector constraints, such as separate ministerial "
          "responsibilities?"),
        _("Public bodies each answer to their own minister; that usually rules out a joint "
          "company or a merger."))
    product_unambiguous = _yes_no(
        _("Can the product or service be described unambiguously?"),
        _("So precisely that it could go into a contract with delivery terms."))
    predictable_future = _yes_no(
        _("Is the future of the work predictable?"),
        _("Stable law, politics and technology, so the terms can be fixed in advance."))
    goodwill_parties = _yes_no(
        _("Are there parties around it who contribute on goodwill?"),
        _("For example large employers or software vendors who help without it being their "
          "core business."))
    receiving_parties = _yes_no(
        _("Are there parties who only receive the result?"),
        _("For example data users who take a delivery without sharing responsibility for it."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The shared form template puts help text after the fieldset; tie it to every radio.
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"

    def answers(self) -> rules.Answers:
        """The validated answers (call after is_valid())."""
        return rules.Answers.from_dict(self.cleaned_data)


def answers_as_form_data(answers: rules.Answers) -> dict[str, str]:
    """The answers as the questionnaire posts them (for hidden fields and re-editing)."""
    return {key: (YES if value else NO) if isinstance(value, bool) else str(value)
            for key, value in answers.as_dict().items()}


def answers_display(answers: rules.Answers) -> list[tuple[Any, Any]]:
    """(question, answer) pairs in the questionnaire's words."""
    form = AnswersForm()
    data = answers_as_form_data(answers)
    rows = []
    for name, field in form.fields.items():
        labels = dict(getattr(field, "choices", ()))
        rows.append((field.label, labels.get(data[name], data[name])))
    return rows


class SaveForm(forms.Form):
    """Where to keep the advice. The destination is resolved (and access checked) by the view,
    so a destination out of reach answers 404, not a form error."""

    destination = forms.RegexField(
        label=_("Save to"), regex=r"^(alliance|organisation)-\d{1,12}$",
        error_messages={"invalid": _("Choose where to save the advice.")})
    title = NameField(label=_("Title (optional)"), required=False, max_length=200,
                            help_text=_("For example the question you were weighing."))

    def __init__(self, *args: Any, alliances: Any = (), organisation: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(f"alliance-{a.pk}", a.name) for a in alliances]
        if organisation is not None:
            options.append((f"organisation-{organisation.pk}",
                            _("My organisation: %(name)s") % {"name": organisation.name}))
        self.fields["destination"].widget = forms.Select(choices=options)
        self.has_destinations = bool(options)
