"""How the building blocks draw: colours as 6-digit hex presentation attributes."""

import re

from concordia.blocks import presentation
from concordia.blocks.rules import Heat


def test_heat_colours_are_six_digit_hex() -> None:
    for palette in (presentation.HEAT_FILL, presentation.HEAT_TEXT):
        assert set(palette) == set(Heat)
        assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in palette.values())
