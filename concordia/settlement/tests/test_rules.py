"""The settlement rules without a database: the split of every model (hypothesis properties:
shares sum to the total, equal shares differ by at most the remainder cent, zero usage pays
nothing), the largest-remainder rule with its stable tie-break, the transfers (every balance to
zero in at most n - 1), amounts as typed, quarters and the fingerprint."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.settlement import rules
from concordia.settlement.choices import SettlementKind

totals = st.integers(min_value=-rules.AMOUNT_MAX_CENTS, max_value=rules.AMOUNT_MAX_CENTS)
weight_lists = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1,
                        max_size=30).filter(lambda ws: sum(ws) > 0)


@given(totals, weight_lists)
def test_shares_sum_to_the_total_under_any_weights(total, weights):
    order = list(range(len(weights)))
    shares = rules.split(total, dict(enumerate(weights)), order)
    assert sum(shares.values()) == total
    whole = sum(weights)
    for k, w in enumerate(weights):  # each within one cent of its exact share
        assert abs(shares[k] * whole - total * w) < whole


@given(st.integers(min_value=0, max_value=rules.AMOUNT_MAX_CENTS),
       st.integers(min_value=1, max_value=40))
def test_under_equal_shares_every_partner_pays_the_same_up_to_the_remainder_cent(total, n):
    order = list(range(n))
    shares = rules.split(total, dict.fromkeys(order, 1), order)
    assert sum(shares.values()) == total
    assert max(shares.values()) - min(shares.values()) <= 1
    # The remainder cents go to the first partners of the stable order.
    assert [shares[k] for k in order] == sorted(shares.values(), reverse=True)


@given(totals, weight_lists)
def test_a_partner_with_zero_usage_pays_nothing(total, weights):
    order = list(range(len(weights) + 1))
    usage = {**dict(enumerate(weights)), len(weights): 0}
    shares = rules.split(total, usage, order)
    assert shares[len(weights)] == 0
    assert all(shares[k] == 0 for k, w in usage.items() if w == 0)


def test_the_remainder_goes_to_the_largest_remainders_ties_by_the_stable_order():
    # 100 cents by 1:1:1 → 33.33 each: the one cent left goes to the first in the order.
    assert rules.split(100, {7: 1, 3: 1, 5: 1}, [3, 5, 7]) == {3: 34, 5: 33, 7: 33}
    assert rules.split(100, {7: 1, 3: 1, 5: 1}, [7, 5, 3]) == {7: 34, 5: 33, 3: 33}
    # 1000 by 1:2 → 333.33 and 666.67: the larger remainder (0.67) gets the cent.
    assert rules.split(1000, {1: 1, 2: 2}, [1, 2]) == {1: 333, 2: 667}
    # A correction undoes exactly what the booking split.
    assert rules.split(-100, {7: 1, 3: 1, 5: 1}, [3, 5, 7]) == {3: -34, 5: -33, 7: -33}


def test_weights_without_a_positive_sum_are_refused():
    with pytest.raises(ValueError, match="positive sum"):
        rules.split(100, {1: 0, 2: 0}, [1, 2])


@given(st.lists(st.integers(min_value=-10**9, max_value=10**9), min_size=1, max_size=30))
def test_the_transfers_settle_every_balance_with_at_most_n_minus_1(values):
    balances = dict(enumerate(values))
    balances[len(values)] = -sum(values)  # balances of a settlement sum to zero
    order = list(balances)
    transfers = rules.settle_balances(balances, order)
    left = dict(balances)
    for t in transfers:
        assert t.amount > 0
        assert t.payer != t.payee
        left[t.payer] += t.amount
        left[t.payee] -= t.amount
    assert set(left.values()) == {0}
    assert len(transfers) <= max(len([v for v in balances.values() if v]) - 1, 0)


def test_matching_debts_and_credits_are_paid_directly():
    transfers = rules.settle_balances({1: -500, 2: 300, 3: -300, 4: 500}, [1, 2, 3, 4])
    assert transfers == [rules.Transfer(1, 4, 500), rules.Transfer(3, 2, 300)]


def test_balances_that_do_not_sum_to_zero_are_refused():
    with pytest.raises(ValueError, match="zero"):
        rules.settle_balances({1: 5}, [1])


D = dt.date(2026, 2, 10)


def choice(key, kind, weights=None, starts_on=dt.date(2026, 1, 1), category=1):
    return rules.Choice(key=key, category=category, kind=kind, starts_on=starts_on,
                        weights=weights or {})


def entry(key, partner, amount, day=D, category=1):
    return rules.Entry(key=key, partner=partner, category=category, incurred_on=day,
                       amount=amount)


def lines(settlement):
    return {ln.partner: (ln.share, ln.paid, ln.balance) for ln in settlement.lines}


def test_each_bears_its_own_costs_settles_nothing():
    result = rules.settle([entry(1, 1, 1000), entry(2, 2, 250)],
                          [choice(1, SettlementKind.OWN)], [1, 2])
    assert lines(result) == {1: (1000, 1000, 0), 2: (250, 250, 0)}
    assert result.transfers == ()
    assert result.total == 1250


def test_equal_shares_usage_size_and_fixed_shares():
    entries = [entry(1, 1, 900_00)]
    equal = rules.settle(entries, [choice(1, SettlementKind.EQUAL, {1: 1, 2: 1, 3: 1})],
                         [1, 2, 3])
    assert lines(equal) == {1: (300_00, 900_00, 600_00), 2: (300_00, 0, -300_00),
                            3: (300_00, 0, -300_00)}
    assert equal.transfers == (rules.Transfer(2, 1, 300_00), rules.Transfer(3, 1, 300_00))
    usage = rules.settle(entries, [choice(1, SettlementKind.USAGE, {1: 80, 2: 20, 3: 0})],
                         [1, 2, 3])
    assert lines(usage) == {1: (720_00, 900_00, 180_00), 2: (180_00, 0, -180_00),
                            3: (0, 0, 0)}
    size = rules.settle(entries, [choice(1, SettlementKind.SIZE, {1: 5000, 2: 1000})], [1, 2])
    assert lines(size) == {1: (750_00, 900_00, 150_00), 2: (150_00, 0, -150_00)}
    fixed = rules.settle(entries, [choice(1, SettlementKind.FIXED, {1: 2500, 2: 7500})],
                         [1, 2])
    assert lines(fixed) == {1: (225_00, 900_00, 675_00), 2: (675_00, 0, -675_00)}


def test_a_later_choice_supersedes_from_its_start_date():
    choices = [choice(1, SettlementKind.OWN),
               choice(2, SettlementKind.EQUAL, {1: 1, 2: 1}, starts_on=dt.date(2026, 2, 15))]
    before = entry(1, 1, 100_00, day=dt.date(2026, 2, 14))
    after = entry(2, 1, 100_00, day=dt.date(2026, 2, 15))
    result = rules.settle([before, after], choices, [1, 2])
    assert lines(result) == {1: (150_00, 200_00, 50_00), 2: (50_00, 0, -50_00)}
    assert rules.in_force(choices, 1, dt.date(2025, 12, 31)) is None


def test_the_fingerprint_changes_with_any_booking():
    choices = [choice(1, SettlementKind.EQUAL, {1: 1, 2: 1})]
    one = rules.settle([entry(1, 1, 100)], choices, [1, 2])
    assert one.fingerprint == rules.settle([entry(1, 1, 100)], choices, [1, 2]).fingerprint
    assert one.fingerprint != rules.settle([entry(1, 1, 100), entry(2, 1, -100)], choices,
                                           [1, 2]).fingerprint


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 10**8)), min_size=1, max_size=40),
       st.sampled_from([SettlementKind.EQUAL, SettlementKind.SIZE, SettlementKind.OWN]))
def test_a_settlement_balances_to_zero_and_its_transfers_settle_it(bookings, kind):
    weights = {} if kind == SettlementKind.OWN else {p: p for p in range(1, 6)}
    entries = [entry(i, p, a) for i, (p, a) in enumerate(bookings)]
    result = rules.settle(entries, [choice(1, kind, weights)], [1, 2, 3, 4, 5])
    assert sum(ln.share for ln in result.lines) == result.total
    assert sum(ln.balance for ln in result.lines) == 0
    assert len(result.transfers) <= 4


@pytest.mark.parametrize(("text", "cents"), [
    ("1234.56", 123456), ("1.234,56", 123456), ("12,5", 1250), ("€ 7", 700), ("0.01", 1),
])
def test_amounts_as_typed(text, cents):
    assert rules.parse_amount(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "1.234", "0", "0.001", "NaN", "Infinity", "-5",
                                  "1e3", "100000000.01", "9" * 30])
def test_amounts_refused(text):
    assert rules.parse_amount(text) is None


def test_negative_amounts_only_when_allowed():
    assert rules.parse_amount("-5", allow_negative=True) == -500


def test_format_cents():
    assert rules.format_cents(123456) == "1234.56"
    assert rules.format_cents(-5) == "-0.05"


def test_quarters():
    assert rules.quarter_of(dt.date(2026, 11, 30)) == (2026, 4)
    assert rules.quarter_bounds(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert rules.quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_weights_problems():
    assert rules.weights_problem(SettlementKind.OWN, {1: 1}) == "unexpected"
    assert rules.weights_problem(SettlementKind.OWN, {}) is None
    assert rules.weights_problem(SettlementKind.EQUAL, {}) == "none"
    assert rules.weights_problem(SettlementKind.SIZE, {1: -1, 2: 3}) == "negative"
    assert rules.weights_problem(SettlementKind.FIXED, {1: 5000, 2: 4000}) == "fixed_total"
    assert rules.weights_problem(SettlementKind.FIXED, {1: 5000, 2: 5000}) is None


def test_only_an_active_partner_confirms():
    from concordia.alliances.choices import PartnerStatus  # noqa: PLC0415

    assert rules.PARTNER_ACTIVE == PartnerStatus.ACTIVE
    assert rules.confirm_problem(PartnerStatus.ACTIVE) is None
    for status in set(PartnerStatus.values) - {PartnerStatus.ACTIVE}:
        assert rules.confirm_problem(status) == "left"


@given(st.dictionaries(st.integers(1, 50), st.sampled_from(
    ["active", "left", "invited", "declined", "withdrawn"]), max_size=12))
def test_the_settlement_waits_for_exactly_the_partners_still_in_the_alliance(statuses):
    awaited = rules.awaited(statuses)
    assert awaited == {p for p, s in statuses.items() if s == "active"}
    assert all(rules.confirm_problem(statuses[p]) is None for p in awaited)


def _usage_choice(usage):
    return rules.Choice(key=1, category=1, kind=SettlementKind.USAGE,
                        starts_on=dt.date(1990, 1, 1), weights={1: 1, 2: 1}, usage=usage)


def test_a_quarter_is_split_by_its_own_usage_and_carries_the_latest_forward():
    choice = _usage_choice({(2025, 2): {1: 3, 2: 1}, (2025, 4): {2: 5}})
    assert rules.weights_for(choice, 2025, 1) == {1: 1, 2: 1}  # the choice's figures
    assert rules.weights_for(choice, 2025, 2) == {1: 3, 2: 1}
    assert rules.weights_for(choice, 2025, 3) == {1: 3, 2: 1}  # carried forward
    assert rules.usage_period(choice, 2026, 1) == (2025, 4)
    q2 = [rules.Entry(1, 1, 1, dt.date(2025, 5, 1), 400_00)]
    q4 = [rules.Entry(2, 1, 1, dt.date(2025, 11, 1), 400_00)]
    assert [(ln.partner, ln.share) for ln in rules.settle(q2, [choice], [1, 2]).lines] == [
        (1, 300_00), (2, 100_00)]
    assert [(ln.partner, ln.share) for ln in rules.settle(q4, [choice], [1, 2]).lines] == [
        (1, 0), (2, 400_00)]


@given(st.integers(2000, 2030), st.integers(1, 4),
       st.dictionaries(st.integers(1, 6), st.integers(0, 1000), min_size=1, max_size=6),
       st.integers(1, 10**7))
def test_the_settlement_of_a_period_uses_that_periods_usage(year, quarter, usage, total):
    if not any(usage.values()):
        usage[1] = 1
    order = sorted(set(usage) | {1, 2})
    choice = _usage_choice({(year, quarter): usage, (year + 1, quarter): {1: 1, 2: 1}})
    day = rules.quarter_bounds(year, quarter)[0]
    lines = rules.settle([rules.Entry(1, order[0], 1, day, total)], [choice], order).lines
    shares = {ln.partner: ln.share for ln in lines}
    assert sum(shares.values()) == total
    assert shares == rules.split(total, usage, order) | {
        p: 0 for p in order if p not in usage}
    assert all(shares[p] == 0 for p in order if not usage.get(p))


def _left_choice(weights):
    return rules.Choice(key=1, category=1, kind=SettlementKind.EQUAL,
                        starts_on=dt.date(1990, 1, 1), weights=weights)


def test_a_partner_that_left_before_the_quarter_shares_none_of_its_costs():
    """Decision 0022: weights still name the partner that left; its share goes to the rest."""
    q3 = [rules.Entry(1, 1, 1, dt.date(2026, 8, 1), 300_00)]
    choice = _left_choice({1: 1, 2: 1, 3: 1})
    left_in_june = {3: dt.date(2026, 6, 30)}
    shares = [(ln.partner, ln.share) for ln in rules.settle(q3, [choice], [1, 2, 3],
                                                            left_in_june).lines]
    assert shares == [(1, 150_00), (2, 150_00), (3, 0)]
    # Leaving during the quarter (or on its first day) still shares it.
    for day in (dt.date(2026, 7, 1), dt.date(2026, 9, 30)):
        lines = rules.settle(q3, [choice], [1, 2, 3], {3: day}).lines
        assert [ln.share for ln in lines] == [100_00, 100_00, 100_00]


def test_when_every_weighted_partner_has_left_each_bears_its_own():
    q1 = [rules.Entry(1, 1, 1, dt.date(2026, 2, 1), 90_00)]
    lines = rules.settle(q1, [_left_choice({2: 1, 3: 1})], [1, 2, 3],
                         {2: dt.date(2025, 12, 1), 3: dt.date(2025, 1, 1)}).lines
    assert [(ln.partner, ln.share, ln.paid) for ln in lines] == [
        (1, 90_00, 90_00), (2, 0, 0), (3, 0, 0)]


@given(st.dictionaries(st.integers(1, 8), st.integers(0, 50), min_size=1, max_size=8),
       st.dictionaries(st.integers(1, 8), st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
                       max_size=8),
       st.lists(st.tuples(st.integers(1, 8), st.integers(1, 10**7)), min_size=1, max_size=20))
def test_shares_sum_to_the_total_and_skip_who_had_left(weights, left_on, bookings):
    entries = [rules.Entry(i, p, 1, dt.date(2026, 5, 1), a) for i, (p, a) in enumerate(bookings)]
    result = rules.settle(entries, [_left_choice(weights)], list(range(1, 9)), left_on)
    assert sum(ln.share for ln in result.lines) == result.total
    first = dt.date(2026, 4, 1)
    gone = {p for p, day in left_on.items() if day < first}
    if any(w for p, w in weights.items() if p not in gone):
        # Split by the weights of those still in: who had left shares nothing.
        assert all(ln.share == 0 for ln in result.lines if ln.partner in gone)
    else:
        assert all(ln.share == ln.paid for ln in result.lines)
