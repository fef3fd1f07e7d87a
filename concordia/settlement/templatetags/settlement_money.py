from django import template

from concordia.settlement.presentation import money

register = template.Library()


@register.filter
def euros(cents: int) -> str:
    """Cents as euros in the reader's language: {{ booking.amount_cents|euros }}."""
    return money(cents)
