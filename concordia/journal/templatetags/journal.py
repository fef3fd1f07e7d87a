from django import template

from concordia.journal import registry
from concordia.journal.models import JournalEntry

register = template.Library()


@register.filter
def kind_label(entry: JournalEntry) -> str:
    return registry.label(entry.kind)


@register.filter
def entry_summary(entry: JournalEntry) -> str:
    return registry.describe(entry.kind, entry.payload)
