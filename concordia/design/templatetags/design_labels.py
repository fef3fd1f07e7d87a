from django import template
from django.utils.translation import gettext_lazy as _

from concordia.design.choices import StageChoice

register = template.Library()

DIMENSION_LABELS = {
    "cultural": _("cultural"),
    "relational": _("relational"),
    "procedural": _("procedural"),
    "content": _("content"),
}


@register.filter
def stage_label(value: str) -> str:
    return str(StageChoice(value).label) if value in StageChoice.values else value


@register.filter
def dimension_label(value: str) -> str:
    return str(DIMENSION_LABELS.get(str(value), value))
