"""Forms of the learning pages: a health check (one fieldset per pillar: a score 1–5 and a
remark), a lesson learned and the lessons' search. An improvement action out of a pillar uses
the actions' own form (``actions.forms.ImprovementActionForm``)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.core.fields import NameField, version_field
from concordia.core.forms import DateInput, choice_field
from concordia.decisions.models import Decision
from concordia.escalations.models import Bottleneck
from concordia.handbook.texts import Item

from . import rules
from .presentation import pillar_items

SCORE_CHOICES = [(str(n), str(n)) for n in range(rules.SCORE_MIN, rules.SCORE_MAX + 1)]


@dataclass(frozen=True)
class PillarFields:
    """The two fields of one pillar, shown together in one fieldset."""

    item: Item
    score: forms.BoundField
    remark: forms.BoundField


class ScoresForm(forms.Form):
    """A score of 1 (weak) to 5 (strong) for each of the eight pillars, each with a remark."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in pillar_items():
            self.fields[f"score_{item.key}"] = forms.ChoiceField(
                label=_("Score"), choices=SCORE_CHOICES, widget=forms.RadioSelect,
                error_messages={"required": _("Score this pillar from 1 to 5."),
                                "invalid_choice": _("A score runs from 1 to 5.")})
            self.fields[f"remark_{item.key}"] = forms.CharField(
                label=_("Remark"), required=False, max_length=rules.REMARK_MAX,
                widget=forms.Textarea(attrs={"rows": 2}))

    def pillars(self) -> list[PillarFields]:
        return [PillarFields(item, self[f"score_{item.key}"], self[f"remark_{item.key}"])
                for item in pillar_items()]

    def scores(self) -> dict[str, tuple[int | None, str]]:
        data = self.cleaned_data
        return {item.key: (int(data[f"score_{item.key}"]) if data.get(f"score_{item.key}")
                           else None, data.get(f"remark_{item.key}") or "")
                for item in pillar_items()}


class HealthCheckForm(ScoresForm):
    """A new check: its date and the scorer's own scores."""

    held_on = forms.DateField(label=_("Date of the check"), widget=DateInput())

    field_order = ["held_on"]


class LessonForm(forms.Form):
    """A lesson learned: the problem, its cause, the solution chosen; dated, tagged and possibly
    linked to a bottleneck or a decision."""

    title = NameField(label=_("Title"), max_length=rules.TITLE_MAX)
    problem = forms.CharField(label=_("Problem"), max_length=rules.TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What went wrong, or threatened to, and where it "
                                          "showed."))
    cause = forms.CharField(label=_("Cause"), max_length=rules.TEXT_MAX,
                            widget=forms.Textarea(attrs={"rows": 3}))
    solution = forms.CharField(label=_("Solution chosen"), max_length=rules.TEXT_MAX,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("What was done about it, and why this way."))
    learned_on = forms.DateField(label=_("Date"), widget=DateInput())
    tags = forms.CharField(label=_("Tags"), required=False, max_length=500,
                           help_text=_("Separated by commas, e.g. data quality, escalation."))
    bottleneck = forms.ChoiceField(label=_("Bottleneck it came from"), required=False)
    decision = forms.ChoiceField(label=_("Decision it led to"), required=False)

    def __init__(self, *args: Any, bottlenecks: Sequence[Bottleneck] = (),
                 decisions: Sequence[Decision] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bottlenecks = {str(b.pk): b for b in bottlenecks}
        self._decisions = {str(d.pk): d for d in decisions}
        choice_field(self, "bottleneck").choices = [("", "—"), *(
            (str(b.pk), f"#{b.pk} {b.title}") for b in bottlenecks)]
        choice_field(self, "decision").choices = [("", "—"), *(
            (str(d.pk), f"{d.number}. {d.title}") for d in decisions)]

    def links(self) -> tuple[Bottleneck | None, Decision | None]:
        return (self._bottlenecks.get(self.cleaned_data.get("bottleneck") or ""),
                self._decisions.get(self.cleaned_data.get("decision") or ""))

    def tag_list(self) -> list[str]:
        return rules.split_tags(self.cleaned_data.get("tags") or "")


class LessonEditForm(LessonForm):
    version = version_field(1)


class LessonSearchForm(forms.Form):
    """The lessons' search (GET): words and a tag; an unknown tag simply finds nothing."""

    q = forms.CharField(label=_("Search"), required=False, max_length=rules.SEARCH_MAX,
                        help_text=_("Words in the title, problem, cause or solution."))
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, *args: Any, tags: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "tag").choices = [("", _("all tags")), *((t, t) for t in tags)]
