"""Cost settlement between partners as pure rules: money in integer cents, never floats.

A category's costs in a period are split under the settlement model in force by weights (equal:
one each; usage, size: the measure per partner; fixed: the agreed shares). The split gives each
partner the floor of its exact share and hands the cents left over, one each, to the largest
remainders, ties broken by a stable partner order (docs/decisions/0014). Under "each bears its
own" every partner's share is what it paid itself. The balance is what a partner paid minus its
share; transfers settle every balance to zero in at most n - 1 payments.
"""

import datetime as dt
import hashlib
import json
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .choices import SettlementKind

# One booking at most a hundred million euros: far beyond an alliance's shared costs, and
# comfortably inside a 64-bit integer when thousands are summed.
AMOUNT_MAX_CENTS = 10_000_000_000
WEIGHT_MAX = 1_000_000_000
DESCRIPTION_MAX = 500
CATEGORY_MAX = 100
MEASURE_MAX = 100
QUARTERS = (1, 2, 3, 4)
YEAR_MIN, YEAR_MAX = 1900, 9999
WEIGHTED_KINDS = frozenset({SettlementKind.EQUAL, SettlementKind.USAGE, SettlementKind.SIZE,
                            SettlementKind.FIXED})
MEASURED_KINDS = frozenset({SettlementKind.USAGE, SettlementKind.SIZE})
# Euros with at most two decimals, a point as the decimal separator (after normalising).
AMOUNT_PATTERN = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?")
# Fixed shares are agreed in hundredths of a percent and add up to 100%.
FIXED_TOTAL = 10_000


# A partner's status in the alliance (alliances.choices.PartnerStatus): only an active partner
# confirms; one that has left (or was never more than invited) no longer does.
PARTNER_ACTIVE = "active"


def confirm_problem(partner_status: str) -> str | None:
    """Why a partner may not confirm a quarter's settlement: "left" unless it is an active
    partner of the alliance (a partner that left keeps its bookings and its line in the
    settlement, but speaks for the alliance no more). None: it may."""
    return None if partner_status == PARTNER_ACTIVE else "left"


def awaited(statuses: Mapping[int, str]) -> set[int]:
    """The partners whose confirmation a quarter's settlement waits for, of the partners it
    concerns (partner → status): those that may confirm. A partner that has left is not
    awaited: the others settle without it."""
    return {p for p, status in statuses.items() if confirm_problem(status) is None}


def split[K: Hashable](total: int, weights: Mapping[K, int],
                      order: Sequence[K]) -> dict[K, int]:
    """Split ``total`` cents by ``weights`` (non-negative, at least one positive): each key gets
    the floor of its exact share, and the cents left over go one each to the largest remainders,
    ties broken by position in ``order``. A negative total (a correction) splits as the
    negation of its opposite, so a correction undoes exactly what the booking split."""
    if total < 0:
        return {k: -v for k, v in split(-total, weights, order).items()}
    whole = sum(weights.values())
    if whole <= 0 or any(w < 0 for w in weights.values()):
        raise ValueError("weights must be non-negative with a positive sum")
    rank = {k: i for i, k in enumerate(order)}
    shares = {k: total * w // whole for k, w in weights.items()}
    left = total - sum(shares.values())
    by_remainder = sorted(weights, key=lambda k: (-(total * weights[k] % whole), rank[k]))
    for k in by_remainder[:left]:
        shares[k] += 1
    return shares


def parse_amount(text: str, *, allow_negative: bool = False) -> int | None:
    """Euros as typed ("1234.56", "1.234,56", "-12,5") as cents; None when it is not an amount
    with at most two decimals within the limits."""
    cleaned = text.strip().replace(" ", "").replace("€", "")
    if "," in cleaned:
        # A comma is the decimal separator (Dutch); dots before it group thousands.
        cleaned = cleaned.replace(".", "").replace(",", ".")
    if len(cleaned) > 20 or not AMOUNT_PATTERN.fullmatch(cleaned):
        return None
    cents = int(Decimal(cleaned) * 100)
    if cents == 0 or abs(cents) > AMOUNT_MAX_CENTS or (cents < 0 and not allow_negative):
        return None
    return cents


def format_cents(cents: int) -> str:
    """Cents as euros with two decimals and a point ("-1234.50"), for exports and the API."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter."""
    first = dt.date(year, 3 * quarter - 2, 1)
    last = (dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1))
    return first, last - dt.timedelta(days=1)


def weights_problem(kind: str, weights: Mapping[int, int]) -> str | None:
    """Why the weights do not fit the model: "none" (a weighted model without a positive
    weight), "negative", "large", "fixed_total" (fixed shares not adding up to 100%),
    "unexpected" (weights for "each bears its own"); None when they fit."""
    if kind == SettlementKind.OWN:
        return "unexpected" if weights else None
    if any(w < 0 for w in weights.values()):
        return "negative"
    if any(w > WEIGHT_MAX for w in weights.values()):
        return "large"
    if sum(weights.values()) <= 0:
        return "none"
    if kind == SettlementKind.FIXED and sum(weights.values()) != FIXED_TOTAL:
        return "fixed_total"
    return None


@dataclass(frozen=True)
class Choice:
    """A settlement model chosen for a category from a start date (weights by partner id).
    Under the usage model, ``usage`` holds the usage figures recorded per quarter ((year,
    quarter) → partner → usage); ``weights`` are the figures given with the choice."""

    key: int
    category: int
    kind: str
    starts_on: dt.date
    weights: Mapping[int, int] = field(default_factory=dict)
    usage: Mapping[tuple[int, int], Mapping[int, int]] = field(default_factory=dict)


def usage_period(choice: Choice, year: int, quarter: int) -> tuple[int, int] | None:
    """Whose usage figures settle the quarter under a usage model: the quarter's own when
    they were recorded, else those of the latest quarter before it that has them (the usage
    carries forward until new figures are recorded); None: the figures given with the choice
    (or the model is not by usage)."""
    if choice.kind != SettlementKind.USAGE:
        return None
    return max((p for p in choice.usage if p <= (year, quarter)), default=None)


def weights_for(choice: Choice, year: int, quarter: int) -> Mapping[int, int]:
    """The weights that split the quarter's costs under the choice: under a usage model the
    usage figures of the quarter (usage_period), otherwise the choice's own weights."""
    period = usage_period(choice, year, quarter)
    return choice.usage[period] if period is not None else choice.weights


@dataclass(frozen=True)
class Entry:
    """A booking as the settlement sees it: who paid, how much, when and for what."""

    key: int
    partner: int
    category: int
    incurred_on: dt.date
    amount: int


def in_force(choices: Sequence[Choice], category: int, day: dt.date) -> Choice | None:
    """The category's model on a day: the choice with the latest start date not after it."""
    candidates = [c for c in choices if c.category == category and c.starts_on <= day]
    return max(candidates, key=lambda c: (c.starts_on, c.key), default=None)


@dataclass(frozen=True)
class Line:
    """One partner in a settlement: its share of the costs, what it paid, and the balance
    (positive: the others owe it; negative: it owes)."""

    partner: int
    share: int
    paid: int

    @property
    def balance(self) -> int:
        return self.paid - self.share


@dataclass(frozen=True)
class Transfer:
    payer: int
    payee: int
    amount: int


@dataclass(frozen=True)
class Settlement:
    lines: tuple[Line, ...]
    transfers: tuple[Transfer, ...]
    total: int
    fingerprint: str


def in_quarter(weights: Mapping[int, int], year: int, quarter: int,
               left_on: Mapping[int, dt.date]) -> dict[int, int]:
    """The weights of the partners that were still in the alliance when the quarter began: a
    partner that left before is no longer split a share of the costs (whatever weights a
    choice or carried-forward figures still give it; decision 0022). One that leaves during
    the quarter still shares it."""
    first, _last = quarter_bounds(year, quarter)
    return {p: w for p, w in weights.items() if p not in left_on or left_on[p] >= first}


def settle(entries: Sequence[Entry], choices: Sequence[Choice],
           partners: Sequence[int], left_on: Mapping[int, dt.date] | None = None) -> Settlement:
    """The settlement of a period's bookings: per partner its share, what it paid and the
    balance, the transfers that settle them and a fingerprint of the whole computation (a
    confirmation refers to it; any booking added to the period changes it). ``partners`` is
    the stable order (every partner that paid or carries a weight must be in it);
    ``left_on`` the day each partner that left the alliance left it (in_quarter). A booking
    without a model in force, or whose weights are left with no partner still in the
    alliance, is settled as "each bears its own"."""
    order = list(partners)
    share = dict.fromkeys(order, 0)
    paid = dict.fromkeys(order, 0)
    groups: dict[tuple[int | None, tuple[int, int]], list[Entry]] = {}
    by_key = {c.key: c for c in choices}
    for entry in entries:
        paid[entry.partner] += entry.amount
        choice = in_force(choices, entry.category, entry.incurred_on)
        groups.setdefault((choice.key if choice else None, quarter_of(entry.incurred_on)),
                          []).append(entry)
    for (key, (year, quarter)), grouped in groups.items():
        choice = by_key.get(key) if key is not None else None
        if choice is None or choice.kind == SettlementKind.OWN:
            for entry in grouped:
                share[entry.partner] += entry.amount
            continue
        weights = {p: w for p, w in in_quarter(weights_for(choice, year, quarter), year,
                                               quarter, left_on or {}).items() if p in share}
        if sum(weights.values()) <= 0:
            for entry in grouped:
                share[entry.partner] += entry.amount
            continue
        for partner, cents in split(sum(e.amount for e in grouped), weights, order).items():
            share[partner] += cents
    lines = tuple(Line(p, share[p], paid[p]) for p in order)
    transfers = tuple(settle_balances({ln.partner: ln.balance for ln in lines}, order))
    total = sum(e.amount for e in entries)
    return Settlement(lines, transfers, total, fingerprint(entries, lines))


def settle_balances(balances: Mapping[int, int], order: Sequence[int]) -> list[Transfer]:
    """Payments that bring every balance (summing to zero) to zero: first between a debtor and
    a creditor whose amounts match exactly, then the largest debtor pays the largest creditor
    until one of them is square. Each payment squares at least one partner, so there are at
    most n - 1 of them (and one for each exact match saved)."""
    if sum(balances.values()) != 0:
        raise ValueError("balances must sum to zero")
    rank = {k: i for i, k in enumerate(order)}
    left = {k: v for k, v in balances.items() if v}
    transfers: list[Transfer] = []
    for debtor in sorted((k for k in left if left[k] < 0), key=rank.__getitem__):
        creditor = next((k for k in sorted(left, key=rank.__getitem__)
                         if left[k] > 0 and left[k] == -left[debtor]), None)
        if creditor is not None:
            transfers.append(Transfer(debtor, creditor, left[creditor]))
            left[debtor] = left[creditor] = 0
    while any(left.values()):
        debtor = min((k for k in left if left[k] < 0), key=lambda k: (left[k], rank[k]))
        creditor = max((k for k in left if left[k] > 0), key=lambda k: (left[k], -rank[k]))
        amount = min(-left[debtor], left[creditor])
        transfers.append(Transfer(debtor, creditor, amount))
        left[debtor] += amount
        left[creditor] -= amount
    return transfers


def fingerprint(entries: Sequence[Entry], lines: Sequence[Line]) -> str:
    """SHA-256 over the bookings and the computed lines, in a canonical order."""
    data = {"bookings": sorted([e.key, e.partner, e.category, e.incurred_on.isoformat(),
                                e.amount] for e in entries),
            "lines": [[ln.partner, ln.share, ln.paid] for ln in lines]}
    return hashlib.sha256(json.dumps(data, separators=(",", ":")).encode()).hexdigest()
