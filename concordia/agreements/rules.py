"""The rules of agreements, as pure functions over plain values (no database, no request):
signature progress ("signed by 2 of 3 parties — waiting for …"), where an agreement and each
of its versions stand, review reminders, the responsibility matrix's validity, and the
difference between two versions' texts."""

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .choices import AgreementStatus, Raci, VersionState

TITLE_MAX = 200
SUMMARY_MAX = 4000
TEXT_MAX = 20000
NOTE_MAX = 500
TASK_MAX = 200
MATRIX_ROWS_MAX = 100
# The steering roles hear of a review this many days before its date.
REVIEW_LEAD_DAYS = 30

ACCOUNTABLE_CODES = frozenset({Raci.ACCOUNTABLE, Raci.ACCOUNTABLE_RESPONSIBLE})
RESPONSIBLE_CODES = frozenset({Raci.RESPONSIBLE, Raci.ACCOUNTABLE_RESPONSIBLE})


@dataclass(frozen=True)
class PartyRef:
    id: int
    name: str


@dataclass(frozen=True)
class SignatureProgress:
    parties: tuple[PartyRef, ...]
    signed: tuple[PartyRef, ...]
    waiting: tuple[PartyRef, ...]

    @property
    def complete(self) -> bool:
        """Every party signed (a version without parties is never complete)."""
        return bool(self.parties) and not self.waiting


def signature_progress(parties: Iterable[PartyRef],
                       signing_partner_ids: Iterable[int]) -> SignatureProgress:
    """Which parties of a version have signed it and which the alliance is waiting for, by
    name. A signature of a partner that is not a party does not count."""
    signed_ids = set(signing_partner_ids)
    ordered = tuple(sorted(set(parties), key=lambda p: (p.name, p.id)))
    return SignatureProgress(
        parties=ordered,
        signed=tuple(p for p in ordered if p.id in signed_ids),
        waiting=tuple(p for p in ordered if p.id not in signed_ids))


def agreement_status(*, has_version_in_force: bool, ends_on: dt.date | None,
                     today: dt.date) -> AgreementStatus:
    """Expired once its end date has passed (the end date itself still counts); otherwise in
    force once a version is, and awaiting signatures until then."""
    if ends_on is not None and ends_on < today:
        return AgreementStatus.EXPIRED
    if has_version_in_force:
        return AgreementStatus.IN_FORCE
    return AgreementStatus.AWAITING


def version_state(*, number: int, in_force_number: int | None,
                  latest_number: int) -> VersionState:
    """A version is in force when it is the latest that every party signed; a later one awaits
    signatures when it is the newest; an earlier one was superseded (if it ever was in force)
    or replaced by a newer proposal before that (if it came after the one in force)."""
    if number == in_force_number:
        return VersionState.IN_FORCE
    if in_force_number is not None and number < in_force_number:
        return VersionState.SUPERSEDED
    if number == latest_number:
        return VersionState.AWAITING
    return VersionState.REPLACED


def may_sign_version(state: VersionState) -> bool:
    """Only the newest version, while it awaits signatures, is signed (or a signature on it
    withdrawn): a version in force is settled, an older one is history."""
    return state == VersionState.AWAITING


def review_due(review_on: dt.date | None, today: dt.date,
               lead_days: int = REVIEW_LEAD_DAYS) -> bool:
    """Due for review from ``lead_days`` before the review date on (and after it, until the
    review date is moved)."""
    return review_on is not None and today >= review_on - dt.timedelta(days=lead_days)


def review_key(agreement_id: int, review_on: dt.date) -> str:
    """One reminder per agreement and review date: a new review date reminds again."""
    return f"agreement-review:{agreement_id}:{review_on.isoformat()}"


def signature_key(version_id: int, partner_id: int) -> str:
    """One "waiting for your signature" per version and party."""
    return f"agreement-signature:{version_id}:{partner_id}"


class DateProblem(StrEnum):
    ENDS_BEFORE_START = "ends_before_start"
    REVIEW_BEFORE_START = "review_before_start"
    REVIEW_AFTER_END = "review_after_end"


def date_problem(starts_on: dt.date | None, ends_on: dt.date | None,
                 review_on: dt.date | None) -> DateProblem | None:
    """The dates of an agreement, each optional, in their order: start ≤ review ≤ end."""
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        return DateProblem.ENDS_BEFORE_START
    if starts_on is not None and review_on is not None and review_on < starts_on:
        return DateProblem.REVIEW_BEFORE_START
    if ends_on is not None and review_on is not None and review_on > ends_on:
        return DateProblem.REVIEW_AFTER_END
    return None


# --- the responsibility matrix -----------------------------------------------------------------


class RowProblem(StrEnum):
    NO_TASK = "no_task"
    TASK_TOO_LONG = "task_too_long"
    DUPLICATE_TASK = "duplicate_task"
    UNKNOWN_CODE = "unknown_code"
    NOT_A_PARTY = "not_a_party"
    NO_ACCOUNTABLE = "no_accountable"
    SEVERAL_ACCOUNTABLE = "several_accountable"
    NO_RESPONSIBLE = "no_responsible"


@dataclass(frozen=True)
class MatrixRowIn:
    """One row as given: the task or chain link, and each partner's code (absent: no part)."""

    task: str
    cells: Mapping[int, str]


def row_problems(row: MatrixRowIn, parties: Iterable[int]) -> list[RowProblem]:
    """What is wrong with one row of a responsibility matrix: a task is named; every cell is
    R, A, AR, C or I and belongs to a party; exactly one partner is accountable; at least one
    is responsible (the accountable partner may be that one, as AR)."""
    problems: list[RowProblem] = []
    task = row.task.strip()
    if not task:
        problems.append(RowProblem.NO_TASK)
    elif len(task) > TASK_MAX:
        problems.append(RowProblem.TASK_TOO_LONG)
    codes = {partner: code for partner, code in row.cells.items() if code}
    if any(code not in Raci.values for code in codes.values()):
        problems.append(RowProblem.UNKNOWN_CODE)
    if set(codes) - set(parties):
        problems.append(RowProblem.NOT_A_PARTY)
    accountable = sum(1 for code in codes.values() if code in ACCOUNTABLE_CODES)
    if accountable == 0:
        problems.append(RowProblem.NO_ACCOUNTABLE)
    elif accountable > 1:
        problems.append(RowProblem.SEVERAL_ACCOUNTABLE)
    if not any(code in RESPONSIBLE_CODES for code in codes.values()):
        problems.append(RowProblem.NO_RESPONSIBLE)
    return problems


def matrix_problems(rows: Sequence[MatrixRowIn],
                    parties: Iterable[int]) -> list[tuple[int, RowProblem]]:
    """Every problem of a matrix as (row index, problem), rows in order; a task named twice is
    a problem of its second row."""
    party_ids = set(parties)
    found: list[tuple[int, RowProblem]] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        found.extend((index, problem) for problem in row_problems(row, party_ids))
        task = " ".join(row.task.split()).casefold()
        if task and task in seen:
            found.append((index, RowProblem.DUPLICATE_TASK))
        seen.add(task)
    return found


def row_is_valid(row: MatrixRowIn, parties: Iterable[int]) -> bool:
    return not row_problems(row, parties)


# --- comparing versions ----------------------------------------------------------------------


class DiffOp(StrEnum):
    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"


@dataclass(frozen=True)
class DiffLine:
    op: DiffOp
    text: str


def text_diff(old: str, new: str) -> list[DiffLine]:
    """The lines of ``new`` against ``old``: kept, removed (only in the old) and added (only in
    the new), in reading order — removed lines before the lines that replace them."""
    before, after = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines.extend(DiffLine(DiffOp.SAME, text) for text in before[a1:a2])
            continue
        lines.extend(DiffLine(DiffOp.REMOVED, text) for text in before[a1:a2])
        lines.extend(DiffLine(DiffOp.ADDED, text) for text in after[b1:b2])
    return lines


def next_version_number(existing: Sequence[int]) -> int:
    return max(existing, default=0) + 1
