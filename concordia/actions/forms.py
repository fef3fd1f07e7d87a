"""Forms of the action pages: give or change an action, close it, filter the overview."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.alliances.models import Partner
from concordia.bodies.models import Body
from concordia.core.fields import NameField, version_field
from concordia.core.forms import DateInput, choice_field
from concordia.handbook.catalogue import Block, Pillar
from concordia.handbook.texts import BUILDING_BLOCKS, PILLARS

from . import rules
from .choices import ActionStatus


def owner_choices(partners: Sequence[Partner], people: Sequence[Person]) -> list[Any]:
    return [
        ("", _("— choose —")),
        (_("People"), [(f"person:{p.pk}", str(p)) for p in people]),
        (_("Partners"), [(f"partner:{p.pk}", p.organisation.name) for p in partners]),
    ]


class ActionFieldsForm(forms.Form):
    """What is to be done, by whom, by when: the fields every action form asks."""

    title = NameField(label=_("Action"), max_length=rules.TITLE_MAX)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=rules.DESCRIPTION_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ChoiceField(label=_("Owner"),
                              help_text=_("A person with a role in the alliance, or a partner "
                                          "as a whole (its coordinator is told)."))
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, partners: Sequence[Partner] = (),
                 people: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._partners = {f"partner:{p.pk}": p for p in partners}
        self._people = {f"person:{p.pk}": p for p in people}
        choice_field(self, "owner").choices = owner_choices(partners, people)

    def owner_objects(self) -> tuple[Person | None, Partner | None]:
        value = self.cleaned_data.get("owner") or ""
        return self._people.get(value), self._partners.get(value)


class ImprovementActionForm(ActionFieldsForm):
    """An action that strengthens one pillar: the pillar comes from where it is made (a health
    check's pillar, an evaluation's results)."""


class ActionForm(ActionFieldsForm):
    """An action; optionally which block or pillar it serves."""

    block = forms.ChoiceField(label=_("Building block it serves"), required=False)
    pillar = forms.ChoiceField(label=_("Pillar it serves"), required=False)

    def __init__(self, *args: Any, partners: Sequence[Partner] = (),
                 people: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, partners=partners, people=people, **kwargs)
        choice_field(self, "block").choices = [("", "—"), *(
            (b.value, BUILDING_BLOCKS[b].title) for b in Block)]
        choice_field(self, "pillar").choices = [("", "—"), *(
            (p.value, PILLARS[p].title) for p in Pillar)]


class ActionCreateForm(ActionForm):
    agenda_item = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)


class ActionEditForm(ActionForm):
    op = forms.CharField(widget=forms.HiddenInput, initial="edit")
    version = version_field(1)


class ActionCloseForm(forms.Form):
    op = forms.CharField(widget=forms.HiddenInput, initial="close")
    status = forms.ChoiceField(label=_("Close as"), widget=forms.RadioSelect, choices=[
        (ActionStatus.DONE, _("done")), (ActionStatus.DROPPED, _("dropped"))])
    version = version_field(1)


class ActionFilterForm(forms.Form):
    """The overview's filters (GET); an unknown value is simply not applied."""

    GROUPS = [("body", _("body")), ("owner", _("owner")), ("age", _("age"))]

    group = forms.ChoiceField(label=_("Group by"), choices=GROUPS, required=False)
    body = forms.ChoiceField(label=_("Body"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    age = forms.ChoiceField(label=_("Open for"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue actions"), required=False)

    def __init__(self, *args: Any, bodies: Sequence[Body] = (),
                 partners: Sequence[Partner] = (), people: Sequence[Person] = (),
                 age_labels: dict[rules.Age, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "body").choices = [("", _("all bodies")),
                                              *((str(b.pk), b.name) for b in bodies)]
        owners = owner_choices(partners, people)
        owners[0] = ("", _("everyone"))
        choice_field(self, "owner").choices = owners
        labels = age_labels or {}
        choice_field(self, "age").choices = [("", _("any time")),
                                             *((a.value, labels.get(a, a.value))
                                               for a in rules.Age)]
