"""Forms of the review pages: open a review, invite a reviewer, record or change a finding,
answer a recommendation."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.actions.forms import ImprovementActionForm
from concordia.core.fields import NameField, version_field
from concordia.core.forms import DateInput, choice_field
from concordia.handbook.catalogue import Pillar
from concordia.handbook.texts import PILLARS

from .choices import FindingKind
from .models import REASON_MAX, SCOPE_MAX, TEXT_MAX, TITLE_MAX


class ReviewForm(forms.Form):
    title = NameField(label=_("Title"), max_length=TITLE_MAX)
    scope = forms.CharField(label=_("Question or scope"), max_length=SCOPE_MAX,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("What the reviewers are asked to look at."))
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), widget=DateInput(),
                              help_text=_("The reviewers read the alliance until this day."))


class ReviewerInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the reviewer"),
                             help_text=_("Someone from outside the partners: they get a "
                                         "personal link to register or log in and accept."))


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices,
                             widget=forms.RadioSelect)
    pillar = forms.ChoiceField(label=_("Pillar"))
    text = forms.CharField(label=_("Text"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "pillar").choices = [("", _("— choose —")), *(
            (p.value, PILLARS[p].title) for p in Pillar)]


class FindingEditForm(FindingForm):
    version = version_field(1)


class AcceptForm(ImprovementActionForm):
    """Accepting a recommendation: the improvement action it becomes (its title and
    description prefilled from the recommendation) and the board's reason."""

    reason = forms.CharField(label=_("Reason (optional)"), required=False,
                             max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why the board declines it"), max_length=REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))
