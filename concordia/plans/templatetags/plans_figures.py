from django import template
from django.utils.formats import get_format, number_format

from concordia.handbook.catalogue import Block
from concordia.handbook.texts import BUILDING_BLOCKS

register = template.Library()


@register.filter
def hundredths(value: int) -> str:
    """Cents as euros, or FTE in hundredths, in the reader's language:
    {{ d.money_cents|hundredths }}."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = number_format(value // 100, force_grouping=True)
    return f"{sign}{whole}{get_format("DECIMAL_SEPARATOR")}{value % 100:02d}"


@register.filter
def block_title(value: str) -> str:
    """A building block's title from its key."""
    return str(BUILDING_BLOCKS[Block(value)].title) if value in Block else value
