from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.alliances.models import Partner
from concordia.core.fields import version_field
from concordia.core.forms import choice_field
from concordia.handbook.catalogue import Block, Pillar

from .choices import BlockStatus, StrengthChoice

BLOCK_STATUS_HELP = _("Undecided until the alliance chooses. Being built counts for half in the "
                      "coverage; planned and not used count for nothing.")


def owner_value(partner_id: int | None, person_id: int | None) -> str:
    if partner_id is not None:
        return f"partner:{partner_id}"
    if person_id is not None:
        return f"person:{person_id}"
    return ""


class BlockSettingForm(forms.Form):
    """How the alliance uses one building block. The owner is one choice — a partner or a
    person — so a block never has two."""

    status = forms.ChoiceField(label=_("Status"), choices=BlockStatus.choices,
                               help_text=BLOCK_STATUS_HELP)
    owner = forms.ChoiceField(label=_("Owner"), required=False,
                              help_text=_("A partner or a person of the alliance."))
    description = forms.CharField(label=_("How it is done here"), required=False,
                                  max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    evidence_url = forms.URLField(label=_("Evidence (link)"), required=False, max_length=200,
                                  assume_scheme="https",
                                  help_text=_("A link to minutes, a plan or a report that shows "
                                              "it."))
    version = version_field(0)

    def __init__(self, *args: Any, partners: Sequence[Partner] = (),
                 people: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._partners = {f"partner:{p.pk}": p for p in partners}
        self._people = {f"person:{p.pk}": p for p in people}
        choice_field(self, "owner").choices = [
            ("", _("— no owner yet —")),
            (_("Partners"), [(k, p.organisation.name) for k, p in self._partners.items()]),
            (_("People"), [(k, str(p)) for k, p in self._people.items()]),
        ]

    def owner_objects(self) -> tuple[Partner | None, Person | None]:
        value = self.cleaned_data.get("owner") or ""
        return self._partners.get(value), self._people.get(value)


class BlockStatusForm(forms.Form):
    """The quick form on the list page: the status only."""

    status = forms.ChoiceField(label=_("Status"), choices=BlockStatus.choices)
    version = version_field(0)


class ContributionForm(forms.Form):
    block = forms.ChoiceField(label=_("Building block"))
    pillar = forms.ChoiceField(label=_("Pillar"))
    strength = forms.ChoiceField(label=_("Contribution"), choices=StrengthChoice.choices,
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why this alliance reads the cell differently from "
                                         "the default model."))
    # The strength the editor saw, for one chosen cell: a change in between is refused.
    expected_strength = forms.ChoiceField(choices=StrengthChoice.choices, required=False,
                                          widget=forms.HiddenInput)

    def __init__(self, *args: Any, block_labels: dict[Block, Any],
                 pillar_labels: dict[Pillar, Any], one_cell: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "block").choices = [(b.value, block_labels[b]) for b in Block]
        choice_field(self, "pillar").choices = [(p.value, pillar_labels[p]) for p in Pillar]
        if one_cell:  # the cell was chosen in the matrix: keep it fixed
            self.fields["block"].widget = forms.HiddenInput()
            self.fields["pillar"].widget = forms.HiddenInput()


class ContributionResetForm(forms.Form):
    block = forms.ChoiceField(choices=[(b.value, b.value) for b in Block],
                              widget=forms.HiddenInput)
    pillar = forms.ChoiceField(choices=[(p.value, p.value) for p in Pillar],
                               widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for going back to the default"), required=False,
                             max_length=2000)
