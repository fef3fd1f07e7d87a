"""Every `# type: ignore` names the error it silences and says why, and only where mypy looks.

mypy itself refuses an ignore without an error code (`ignore-without-code`) and one that
silences nothing (`warn_unused_ignores`, part of strict) — but only in the files it checks. This
test covers the rest: the reason beside the code, and no dead ignores in the files mypy skips
(tests, migrations, the test world: see `[tool.mypy]` in pyproject.toml).
"""

import os
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", ".cache", "node_modules", "staticfiles", "__pycache__"}
IGNORE = re.compile(r"#\s*type:\s*ignore\b(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")


def _python_files() -> list[Path]:
    """The repository's Python, without installed packages and caches (and this file, whose
    examples would be found)."""
    found = []
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = [d for d in subdirectories
                             if d not in SKIPPED_DIRS and not d.startswith(".")]
        found += [Path(directory, f) for f in files if f.endswith(".py")]
    return sorted(path for path in found if path != Path(__file__).resolve())


def _checked_by_mypy(relative: str) -> bool:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    inside = any(relative == f or relative.startswith(f.rstrip("/") + "/")
                 for f in config["files"])
    excluded = any(re.search(pattern, relative) for pattern in config["exclude"])
    return inside and not excluded


def _has_reason(rest: str) -> bool:
    """A comment after the codes that says something, not just another tool's pragma."""
    comment = rest.strip()
    return comment.startswith("#") and not comment.lstrip("# ").startswith("noqa") \
        and len(comment.lstrip("# ")) >= 10


def test_every_type_ignore_names_its_error_and_reason_where_mypy_checks() -> None:
    problems = []
    for path in _python_files():
        relative = path.relative_to(ROOT).as_posix()
        checked = _checked_by_mypy(relative)
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = IGNORE.search(line)
            if match is None:
                continue
            where = f"{relative}:{number}"
            if not checked:
                problems.append(f"{where}: mypy does not check this file; drop the ignore")
            elif not match.group("codes"):
                problems.append(f"{where}: name the error code, e.g. # type: ignore[misc]")
            elif not _has_reason(match.group("rest")):
                problems.append(f"{where}: give the reason beside it: "
                                "# type: ignore[code]  # why")
    assert problems == []


def test_the_check_finds_what_it_should() -> None:
    """The rules above, on examples (so the test cannot pass by finding nothing)."""
    assert _checked_by_mypy("concordia/accounts/adapter.py")
    assert not _checked_by_mypy("concordia/accounts/tests/test_views.py")
    assert not _checked_by_mypy("concordia/accounts/migrations/0001_initial.py")
    assert not _checked_by_mypy("concordia/testing/factories.py")
    assert not _checked_by_mypy("conftest.py")
    bare = IGNORE.search("x = f()  # type: ignore")
    assert bare is not None
    assert bare.group("codes") is None
    coded = IGNORE.search("class A(B):  # type: ignore[misc]  # subclassing an untyped base")
    assert coded is not None
    assert coded.group("codes") == "[misc]"
    assert _has_reason(coded.group("rest"))
    assert not _has_reason("")
    assert not _has_reason("  # noqa: E501")
