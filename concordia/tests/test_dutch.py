"""Concordia's Dutch: every message translated, "je" throughout, one term per concept
(docs/glossary.md), our words for allauth's account pages, and dates as Dutch writes them."""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import allauth
import django
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext, pgettext

from concordia.testing.factories import PASSWORD, PersonFactory

ROOT = Path(settings.BASE_DIR)
GLOSSARY = ROOT / "docs" / "glossary.md"
OVERRIDES = ROOT / "concordia" / "locale_overrides" / "nl" / "LC_MESSAGES" / "django.po"
CATALOGUES = sorted(
    {*(ROOT / "concordia").glob("*/locale/nl/LC_MESSAGES/django.po"),
     ROOT / "concordia" / "locale" / "nl" / "LC_MESSAGES" / "django.po",
     OVERRIDES})

# Addressing the reader formally, as a word: "u", "uw", "uzelf", and the polite fillers.
FORMAL = re.compile(r"(?<![\w-])(u|uw|uzelf|a\.u\.b|alstublieft)(?![\w-])", re.IGNORECASE)
# Placeholders and markup are not words of the message.
NOT_WORDS = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^}]*\}|<[^>]*>|&\w+;")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), body)


def read_po(path: Path) -> list[Entry]:
    """The live entries of a catalogue (obsolete ones skipped), header excluded. A small
    reader, so the test needs nothing the project does not install."""
    entries: list[Entry] = []
    current = Entry()
    target: str | None = None

    def close() -> None:
        nonlocal current
        if current.msgid or current.msgstrs:
            entries.append(current)
        current = Entry()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            close()
            target = None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            value = _unquote(line)
        else:
            if keyword in ("msgctxt", "msgid") and (current.msgstrs or target == "msgstr"):
                close()
            value = _unquote(rest)
            target = keyword
            current.line = current.line or number
            if keyword.startswith("msgstr"):
                current.msgstrs.append("")
            elif keyword == "msgctxt":
                current.msgctxt = ""
        if target == "msgid":
            current.msgid += value
        elif target == "msgid_plural":
            current.msgid_plural += value
        elif target == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        elif target is not None and target.startswith("msgstr"):
            current.msgstrs[-1] += value
    close()
    return [e for e in entries if e.msgid]


def forbidden_terms() -> list[str]:
    """The last column ("not") of the glossary's word table."""
    terms: list[str] = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or set(cells[0]) <= {"-", " "} or cells[0] == "English":
            continue
        terms += [term.strip() for term in cells[2].split(",") if term.strip()]
    return terms


def words(msgstr: str) -> str:
    return NOT_WORDS.sub(" ", msgstr)


def where(path: Path, entry: Entry) -> str:
    return f"{path.relative_to(ROOT)}:{entry.line} {entry.msgid[:60]!r}"


def test_the_po_reader_reads_plurals_contexts_and_flags(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: nl\\n"\n\n#, fuzzy, python-format\n'
                  'msgctxt "field label"\nmsgid "Log"\n"in"\nmsgstr "Inlog\\"gen\\""\n\n'
                  'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s dag"\n'
                  'msgstr[1] "%(n)s dagen"\n\n#~ msgid "Old"\n#~ msgstr "Oud"\n', encoding="utf-8")
    first, second = read_po(po)
    assert (first.msgctxt, first.msgid, first.msgstrs) == ("field label", "Login", ['Inlog"gen"'])
    assert "fuzzy" in first.flags
    assert second.msgid_plural == "%(n)s days"
    assert second.msgstrs == ["%(n)s dag", "%(n)s dagen"]


def test_the_glossary_lists_forbidden_variants():
    terms = forbidden_terms()
    assert "key alliantiemanager" in terms
    assert "twee-factor-authenticatie" in terms
    assert {"je partner", "jouw partner", "eigen partner"} <= set(terms)


def test_the_readers_own_partner_is_their_organisation_not_je_partner():
    """"Je partner" reads as one's life partner: the partner a person acts for is "je
    organisatie" (docs/glossary.md), in the messages that speak of it."""
    with translation.override("nl"):
        assert gettext("Your partner's objection is recorded.") == (
            "Het bezwaar van je organisatie is vastgelegd.")
        assert gettext("A proposal waits for your partner's vote") == (
            "Een voorstel wacht op de stem van je organisatie")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated_and_none_is_fuzzy(path):
    entries = read_po(path)
    assert entries
    untranslated = [where(path, e) for e in entries if not all(s.strip() for s in e.msgstrs)]
    fuzzy = [where(path, e) for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_dutch_says_je_never_u(path):
    formal = [f"{where(path, e)} → {s!r}" for e in read_po(path) for s in e.msgstrs
              if FORMAL.search(words(s))]
    assert formal == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_message_uses_a_word_the_glossary_rules_out(path):
    patterns = [(term, re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE))
                for term in forbidden_terms()]
    found = [f"{where(path, e)}: {term!r}" for e in read_po(path) for s in e.msgstrs
             for term, pattern in patterns if pattern.search(words(s))]
    assert found == []


def test_our_dutch_wins_over_djangos_and_allauths_own():
    with translation.override("nl"):
        assert gettext("Successfully signed in as %(name)s.") == "Je bent ingelogd als %(name)s."
        assert gettext("Two-Factor Authentication") == "Tweestapsverificatie"
        assert gettext("IP Address") == "IP-adres"
        assert gettext("Sign Out") == "Uitloggen"
        assert pgettext("field label", "Login") == "E-mailadres"
        assert gettext("Your password can\u2019t be entirely numeric.") == (
            "Je wachtwoord mag niet alleen uit cijfers bestaan.")


def test_every_message_we_override_is_still_one_django_or_allauth_has():
    """An upgrade may reword a message; our override would then silently stop applying. Every
    msgid we translate must still be in Django's or allauth's own Dutch catalogue."""
    django_dir = Path(django.__file__).parent
    catalogues = [Path(allauth.__file__).parent / "locale", django_dir / "conf" / "locale",
                  *(django_dir / "contrib").glob("*/locale")]
    theirs = {(e.msgctxt, e.msgid) for catalogue in catalogues
              for e in read_po(catalogue / "nl" / "LC_MESSAGES" / "django.po")}
    ours = {(e.msgctxt, e.msgid) for e in read_po(OVERRIDES)}
    assert ours - theirs == set()


@pytest.mark.django_db
def test_the_logged_in_message_speaks_the_persons_language(client):
    # given a person whose language is Dutch, logging in from an English browser
    person = PersonFactory(language="nl")
    # when they log in
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD},
                           HTTP_ACCEPT_LANGUAGE="en")
    # then the message on their (Dutch) next page is Dutch too
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [f"Je bent ingelogd als {person}."]


DATE_FILTER = re.compile(r"""\|date:(["'])(.*?)\1|date_format\([^,]+,\s*(["'])(.*?)\3""")


def test_dates_never_use_the_capitalised_month_abbreviations():
    """Django's `M` and `N` capitalise ("Mrt", "Mei"); Dutch writes "1 maart 2006"."""
    offenders = []
    for path in (ROOT / "concordia").rglob("*"):
        if path.suffix not in {".html", ".txt", ".py"} or "tests" in path.parts:
            continue
        for match in DATE_FILTER.finditer(path.read_text(encoding="utf-8")):
            fmt = match.group(2) or match.group(4) or ""
            if fmt.isupper() and fmt.endswith("FORMAT"):
                continue
            if re.search(r"(?<!\\)[MN]", fmt):
                offenders.append(f"{path.relative_to(ROOT)}: {fmt!r}")
    assert offenders == []


def test_a_date_reads_as_dutch_writes_it():
    with translation.override("nl"):
        html = Template('{{ d|date:"j F Y" }} · {{ d|date:"DATE_FORMAT" }}').render(
            Context({"d": dt.date(2027, 5, 28)}))
    assert html == "28 mei 2027 · 28 mei 2027"
