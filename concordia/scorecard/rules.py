"""The rules of the scorecard, as pure functions over plain values (no database, no request):
periods (month, quarter, year), values as Decimal with a fixed precision, which target applies
to a period, the status of a value against its target and the trend of an indicator — both
aware of whether higher or lower is better.

The status rule (also in the README and on the scorecard page): with target *T*, value *V* and
the indicator's tolerance *p* % (10 % unless set), the margin is *p* % of |*T*|.
Where higher is better: **on track** when *V* ≥ *T*; **at risk** when *V* ≥ *T* - margin;
otherwise **off track**. Where lower is better, mirrored: on track when *V* ≤ *T*; at risk when
*V* ≤ *T* + margin; otherwise off track. No value or no target: no status.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import StrEnum

NAME_MAX = 120
UNIT_MAX = 30
TEXT_MAX = 2000
SOURCE_MAX = 300
NOTE_MAX = 500
# The page warns past this many indicators: a scorecard keeps focus by being small.
FOCUS_LIMIT = 8

# Values are stored as Decimal(18, 4): four decimals, rounded half to even; never a float.
DECIMAL_PLACES = 4
MAX_DIGITS = 18
QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
VALUE_LIMIT = Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)  # |value| stays below 10^14
DEFAULT_TOLERANCE = Decimal("10")
TOLERANCE_MAX = Decimal("100")

YEAR_MIN = 1990
YEAR_MAX = 2100


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NONE = "none"  # no value or no target


class Trend(StrEnum):
    IMPROVING = "improving"
    STEADY = "steady"
    WORSENING = "worsening"
    NONE = "none"  # fewer than two values


# Worst first, so that a lower rank is a worse status (used by the properties).
STATUS_RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2}


# --- periods ----------------------------------------------------------------------------------

_PATTERNS = {
    PeriodKind.YEAR: re.compile(r"(\d{4})", re.ASCII),
    PeriodKind.QUARTER: re.compile(r"(\d{4})-Q([1-4])", re.ASCII),
    PeriodKind.MONTH: re.compile(r"(\d{4})-(\d{2})", re.ASCII),
}
PERIOD_MAX = 7  # "2024-Q1", "2024-03"


@dataclass(frozen=True, order=True)
class Period:
    """A period of one kind: the year, and the quarter (1–4) or month (1–12) within it (1 for a
    year). Written "2024", "2024-Q2" or "2024-05"; in one kind, the text sorts as the time."""

    kind: PeriodKind
    year: int
    index: int = 1

    def __str__(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return f"{self.year:04d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}-{self.index:02d}"

    @property
    def ordinal(self) -> int:
        """A number that grows by one from each period to the next of the same kind."""
        per_year = {PeriodKind.YEAR: 1, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}[self.kind]
        return self.year * per_year + self.index - 1


class PeriodError(ValueError):
    """The text is not a period of the kind asked ("format") or lies outside YEAR_MIN–YEAR_MAX
    ("range")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_period(text: str, kind: PeriodKind | str) -> Period:
    """The period written as ``text`` ("2024", "2024-Q2", "2024-05"; a lower-case q is
    accepted), in the indicator's kind; PeriodError otherwise."""
    kind = PeriodKind(kind)
    written = text.strip().upper() if isinstance(text, str) else ""
    match = _PATTERNS[kind].fullmatch(written)
    if match is None:
        raise PeriodError("format")
    year = int(match.group(1))
    index = int(match.group(2)) if kind is not PeriodKind.YEAR else 1
    if kind is PeriodKind.MONTH and not 1 <= index <= 12:
        raise PeriodError("format")
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise PeriodError("range")
    return Period(kind, year, index)


def period_example(kind: PeriodKind | str) -> str:
    return {PeriodKind.YEAR: "2024", PeriodKind.QUARTER: "2024-Q2",
            PeriodKind.MONTH: "2024-05"}[PeriodKind(kind)]


# --- values -----------------------------------------------------------------------------------

class ValueProblem(ValueError):
    """The text is not a number ("number") or too large ("range")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)


def parse_value(raw: object) -> Decimal:
    """A value as stored: a Decimal rounded to four decimals (half to even). Text uses a dot or
    a comma as the decimal sign ("12,5"), no thousands separators; an int or Decimal is taken as
    is. Floats are refused (they cannot say 0.1 exactly), as are NaN, infinities, exponents and
    anything of 10^14 or more."""
    if isinstance(raw, bool | float):
        raise ValueProblem("number")
    if isinstance(raw, int | Decimal):
        text = str(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if text.count(",") == 1 and "." not in text:  # a decimal comma, as Dutch writes it
            text = text.replace(",", ".")
    else:
        raise ValueProblem("number")
    if not _NUMBER.fullmatch(text):
        raise ValueProblem("number")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover — the pattern lets only numbers through
        raise ValueProblem("number") from exc
    if abs(value) >= VALUE_LIMIT:
        raise ValueProblem("range")
    return value.quantize(QUANTUM, rounding=ROUND_HALF_EVEN)


def value_text(value: Decimal) -> str:
    """A value as people read it: no trailing zeros after the decimal point ("12.5", "3")."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def tolerance_problem(tolerance: Decimal) -> str | None:
    return None if Decimal(0) <= tolerance <= TOLERANCE_MAX else "range"


# --- targets, status and trend ----------------------------------------------------------------

def target_for(period: str, targets: Sequence[tuple[str, Decimal]]) -> Decimal | None:
    """The target in force for a period: the one set from the latest period not after it
    (a target holds until the next one). ``targets`` are (from period, value) of one kind."""
    best: tuple[str, Decimal] | None = None
    for start, value in targets:
        if start <= period and (best is None or start > best[0]):
            best = (start, value)
    return best[1] if best else None


def status(value: Decimal | None, target: Decimal | None, direction: Direction | str,
           tolerance: Decimal = DEFAULT_TOLERANCE) -> Status:
    """The status of a value against its target (the rule in the module's docstring)."""
    if value is None or target is None:
        return Status.NONE
    margin = abs(target) * tolerance / Decimal(100)
    # How far the value lies on the good side of the target.
    gap = value - target if Direction(direction) is Direction.HIGHER else target - value
    if gap >= 0:
        return Status.ON_TRACK
    if gap >= -margin:
        return Status.AT_RISK
    return Status.OFF_TRACK


@dataclass(frozen=True)
class Bounds:
    """Where the status changes for a target: on track up to and including ``on_track`` (from
    it where higher is better), at risk up to and including ``at_risk``, off track beyond."""

    on_track: Decimal
    at_risk: Decimal


def bounds(target: Decimal, direction: Direction | str,
           tolerance: Decimal = DEFAULT_TOLERANCE) -> Bounds:
    """The values at which ``status`` changes for this target (the rule in the module's
    docstring): the target itself, and the target minus (higher is better) or plus (lower is
    better) the margin — rounded to the stored four decimals towards the target, so that a
    stored value is at risk exactly when it lies between the two bounds."""
    margin = abs(target) * tolerance / Decimal(100)
    if Direction(direction) is Direction.HIGHER:
        return Bounds(target, (target - margin).quantize(QUANTUM, rounding=ROUND_CEILING))
    return Bounds(target, (target + margin).quantize(QUANTUM, rounding=ROUND_FLOOR))


def trend(values: Sequence[Decimal], direction: Direction | str) -> Trend:
    """The trend of an indicator from its values in period order: the last against the one
    before; "improving" when it moved the good way, "worsening" the bad way, "steady" when
    equal; "none" with fewer than two values."""
    if len(values) < 2:
        return Trend.NONE
    change = values[-1] - values[-2]
    if change == 0:
        return Trend.STEADY
    better = change > 0 if Direction(direction) is Direction.HIGHER else change < 0
    return Trend.IMPROVING if better else Trend.WORSENING


def too_many(indicators: int) -> bool:
    """Whether the scorecard has lost focus: more than FOCUS_LIMIT live indicators."""
    return indicators > FOCUS_LIMIT
