"""How settlement reads: amounts in euros in the reader's language (from cents, never floats)."""

from decimal import Decimal

from django.utils.formats import number_format


def money(cents: int) -> str:
    """Cents as euros with two decimals, grouped, in the active language's format."""
    return "€ " + number_format(Decimal(cents) / 100, 2, use_l10n=True, force_grouping=True)
