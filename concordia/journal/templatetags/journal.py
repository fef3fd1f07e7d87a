from django import template

from concordia.journal import presentation

register = template.Library()


@register.filter
def kind_label(entry) -> str:  # type: ignore[no-untyped-def]
    return presentation.kind_label(entry.kind)


@register.filter
def entry_summary(entry) -> str:  # type: ignore[no-untyped-def]
    return presentation.summary(entry.kind, entry.payload)
