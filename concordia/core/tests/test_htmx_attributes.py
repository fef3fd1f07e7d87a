"""htmx attributes are written data-hx-*: the only spelling that is valid HTML."""

import re
from pathlib import Path

from django.conf import settings

BARE_HTMX = re.compile(r"(?<![\w-])hx-[a-z-]+\s*=")


def test_templates_spell_htmx_attributes_with_data_prefix():
    root = Path(settings.BASE_DIR) / "concordia"
    bare = [f"{path.relative_to(settings.BASE_DIR)}: {m.group(0)}"
            for path in root.rglob("templates/**/*.html")
            for m in BARE_HTMX.finditer(path.read_text(encoding="utf-8"))]
    assert bare == [], bare
