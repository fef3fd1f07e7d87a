from django import template

from concordia.journal import registry

register = template.Library()


@register.filter
def kind_label(entry) -> str:  # type: ignore[no-untyped-def]
    return registry.label(entry.kind)


@register.filter
def entry_summary(entry) -> str:  # type: ignore[no-untyped-def]
    return registry.describe(entry.kind, entry.payload)
