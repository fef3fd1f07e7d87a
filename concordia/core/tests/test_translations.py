"""The Dutch message catalogue is complete, not fuzzy, and keeps every placeholder.

Regenerate it with `make messages`, translate the new entries, then run these tests.
"""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

PO_PATH = Path(settings.BASE_DIR) / "concordia" / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# Apps added later keep their own catalogue (concordia/<app>/locale), so that work on two apps
# never edits one file; Django looks in every installed app's locale directory.
PO_PATHS = [PO_PATH, *sorted(
    (Path(settings.BASE_DIR) / "concordia").glob("*/locale/nl/LC_MESSAGES/django.po"))]
TEMPLATE_ROOT = Path(settings.BASE_DIR) / "concordia"

# %(name)s, %(n)d, %s, %d ... and {name} / {} for python-brace-format.
PERCENT_RE = re.compile(
    r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?(?P<conv>[diouxXeEfFgGcrsa%])"
)
BRACE_RE = re.compile(r"(?<!\{)\{(?P<name>[A-Za-z_][A-Za-z0-9_]*|\d*)(?:[!:][^{}]*)?\}(?!\})")
# {% translate "literal" %} or {% trans 'literal' %}, optionally followed by noop/as var.
TEMPLATE_TRANSLATE_RE = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<s>.*?)(?P=q)(?P<rest>[^%]*)%\}""", re.S
)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _unquote(token: str) -> str:
    return ast.literal_eval(token)


def parse_po(text: str) -> list[Entry]:
    """A small .po parser: enough for msgfmt-valid files; skips obsolete (#~) entries."""
    entries: list[Entry] = []
    entry: Entry | None = None
    current: tuple[str, int | None] | None = None

    def finish():
        nonlocal entry, current
        if entry is not None and (entry.msgstr or entry.msgid):
            entries.append(entry)
        entry, current = None, None

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if entry is None or entry.msgstr:
                finish()
                entry = Entry(line=lineno)
            entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        if line.startswith("#"):
            if entry is not None and entry.msgstr:
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert current is not None, f"line {lineno}: continuation without keyword"
            name, index = current
            value = _unquote(line)
        else:
            value = _unquote(rest)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if keyword in {"msgctxt", "msgid"} and entry is not None and entry.msgstr:
                finish()
            if entry is None:
                entry = Entry(line=lineno)
            if match:
                name, index = "msgstr", int(match.group(1))
                entry.msgstr[index] = ""
            elif keyword == "msgstr":
                name, index = "msgstr", 0
                entry.msgstr[0] = ""
            elif keyword in {"msgid", "msgid_plural", "msgctxt"}:
                name, index = keyword, None
                setattr(entry, keyword, "")
            else:
                raise AssertionError(f"line {lineno}: unexpected {keyword!r}")
            current = (name, index)
        if name == "msgstr":
            entry.msgstr[index] += value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)
    finish()
    return entries


def placeholders(text: str, entry: Entry) -> list[str]:
    found = []
    if "python-format" in entry.flags:
        for m in PERCENT_RE.finditer(text):
            if m.group("conv") == "%":
                continue
            found.append(f"%({m.group('name')})" if m.group("name") else f"%{m.group('conv')}")
    if "python-brace-format" in entry.flags:
        found += ["{" + m.group("name") + "}" for m in BRACE_RE.finditer(text)]
    # Named placeholders may move around in a translation; positional ones may not.
    named = sorted(p for p in found if p.startswith("%(") or p[1:-1].isidentifier())
    positional = [p for p in found if p not in named]
    return named + positional


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    assert PO_PATH.exists(), f"{PO_PATH} is missing; run `make messages`"
    return [entry for path in PO_PATHS for entry in parse_po(path.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def messages(catalogue) -> list[Entry]:
    return [e for e in catalogue if e.msgid != ""]


def _nplurals(catalogue) -> int:
    header = next(e for e in catalogue if e.msgid == "")
    match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr[0])
    assert match, "the catalogue header has no Plural-Forms"
    return int(match.group(1))


def test_catalogue_is_not_empty(messages):
    assert len(messages) > 50


def test_no_untranslated_entries(messages):
    untranslated = [e.msgid for e in messages if not all(e.msgstr.values())]
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated}"


def test_no_fuzzy_entries(catalogue):
    fuzzy = [e.msgid or "(header)" for e in catalogue if "fuzzy" in e.flags]
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: {fuzzy}"


def test_plural_entries_have_every_form(catalogue, messages):
    n = _nplurals(catalogue)
    wrong = [
        e.msgid
        for e in messages
        if e.msgid_plural is not None and sorted(e.msgstr) != list(range(n))
    ]
    assert wrong == [], f"plural entries without {n} forms: {wrong}"


def test_translations_keep_placeholders(messages):
    wrong = []
    for e in messages:
        for index, text in e.msgstr.items():
            source = e.msgid if e.msgid_plural is None or index == 0 else e.msgid_plural
            if placeholders(text, e) != placeholders(source, e):
                wrong.append((e.msgid, text))
    assert wrong == [], f"placeholders differ: {wrong}"


def test_simple_template_strings_are_in_catalogue(messages):
    """Catches a `{% translate "…" %}` added without running `make messages`."""
    known = {(e.msgctxt, e.msgid) for e in messages}
    missing = []
    for path in TEMPLATE_ROOT.rglob("templates/**/*.html"):
        if "tests" in path.parts:
            continue
        for m in TEMPLATE_TRANSLATE_RE.finditer(path.read_text(encoding="utf-8")):
            if "context" in m.group("rest") or "noop" in m.group("rest"):
                continue
            if (None, m.group("s")) not in known:
                missing.append(f"{path.relative_to(settings.BASE_DIR)}: {m.group('s')!r}")
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_catalogue_compiles_and_speaks_dutch(tmp_path):
    mo = tmp_path / "django.mo"
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", str(mo), str(PO_PATH)],  # noqa: S607
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    with mo.open("rb") as fh:
        nl = gettext.GNUTranslations(fh)
    assert nl.gettext("My alliances") == "Mijn allianties"
    assert nl.gettext("key alliance manager") == "alliantiemanager"
    assert nl.ngettext("%(n)s partner", "%(n)s partners", 2) == "%(n)s partners"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("po_path", PO_PATHS[1:], ids=lambda p: p.parts[-5])
def test_app_catalogues_compile(tmp_path, po_path):
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po_path)],  # noqa: S607
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
