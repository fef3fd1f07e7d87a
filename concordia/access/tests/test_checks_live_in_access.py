"""Who may do what is decided in `concordia.access` only: no permission check is written by hand
in a view, a service, a selector, a form or an API endpoint.

An AST scan looks for what such a check is made of — reading `is_organisation_admin`, comparing
a role or an organisation id, filtering memberships by role — outside `access/`. What it finds
must be in ALLOWED, with the reason it is not a permission check; anything else fails: ask
`policy.can(user, action, obj)` instead (and add the rule to `access/rules.py`)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LAYERS = ("views", "services", "selectors", "forms", "api")
# Not scanned: the policy itself, tests and their support, schema history, the demo's seeding.
SKIPPED = ("access", "tests", "testing", "migrations", "demo")

# (module, function, what) -> why it is not a permission check
ALLOWED: dict[tuple[str, str, str], str] = {
    ("alliances/services.py", "invitation_accept", "organisation_id"):
        "an invitation names a partner: the person joins its organisation or must belong to it",
    ("alliances/forms.py", "clean", "role"):
        "the form refuses a role that policy.grantable_roles did not offer for that partner",
    ("alliances/services.py", "_end_lapsed_holder", "role"):
        "finds the lapsed holder of a single-holder role, to end it before the next starts",
    ("alliances/services.py", "_hand_over", "organisation_id"):
        "a coordinator's successor is a person of the same organisation (domain refusal)",
    ("alliances/services.py", "_hand_over", "role"):
        "which role is handed over decides whose partner the successor's role is for",
    ("alliances/services.py", "outside_reviewer_grant", "role"):
        "finds the external reviewer's role the person may hold already, to extend it instead "
        "of granting a second (the caller checked the invitation and its inviter)",
    ("alliances/services.py", "invitation_create", "role"):
        "one open invitation per person and role: a second one is a conflict",
    ("alliances/services.py", "_grant", "role"):
        "one coordinator per partner: a second one is a conflict, whoever grants it",
    ("alliances/services.py", "partner_respond", "role"):
        "a partner that joins without a coordinator gets the answering administrator as one",
    ("alliances/selectors.py", "partner_list", "role"):
        "reads who holds the coordinator role, to show it",
    ("blocks/selectors.py", "situation_get", "role"):
        "whether a key alliance manager holds a live role is a fact of the contingency situation",
}


def _modules() -> list[Path]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in SKIPPED or any(p in SKIPPED for p in relative.parts[1:-1]):
            continue
        stem = path.stem.rsplit("_", 1)[-1]
        if stem in LAYERS or path.stem in LAYERS:
            found.append(path)
    return found


def _what(node: ast.AST) -> str | None:
    """What kind of hand-written check this node is, if any."""
    if (isinstance(node, ast.Attribute) and node.attr == "is_organisation_admin"
            and isinstance(node.ctx, ast.Load)):
        return "is_organisation_admin"
    if isinstance(node, ast.Compare) and any(
            isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn) for op in node.ops):
        for side in (node.left, *node.comparators):
            name = side.attr if isinstance(side, ast.Attribute) else getattr(side, "id", None)
            if name in ("role", "roles", "organisation_id"):
                return "role" if name in ("role", "roles") else "organisation_id"
    if isinstance(node, ast.Call) and any(k.arg in ("role", "role__in") for k in node.keywords):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("filter", "exclude", "get"):
            return "role"
    return None


def hand_written_checks() -> set[tuple[str, str, str]]:
    found = set()
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                what = _what(node)
                if what:
                    found.add((path.relative_to(PACKAGE).as_posix(), function.name, what))
    return found


def test_no_permission_check_is_written_outside_access() -> None:
    unexplained = sorted(hand_written_checks() - set(ALLOWED))
    assert unexplained == [], (
        "Permission checks belong in concordia.access (policy.can + a rule in rules.py); "
        f"or add the finding to ALLOWED with the reason it is not one: {unexplained}")


def test_every_allowed_entry_is_still_needed() -> None:
    assert sorted(set(ALLOWED) - hand_written_checks()) == []


@pytest.mark.parametrize("source", [
    "def v(request):\n    if request.user.is_organisation_admin:\n        pass\n",
    "def v(user, m):\n    return m.role == 'x'\n",
    "def v(user, org):\n    return user.organisation_id == org.pk\n",
    "def v(qs):\n    return qs.filter(role='board_member')\n",
])
def test_the_scan_recognises_a_hand_written_check(source: str) -> None:
    tree = ast.parse(source)
    assert any(_what(node) for node in ast.walk(tree))
