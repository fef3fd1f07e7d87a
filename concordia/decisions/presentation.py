"""How decisions read: the rule a proposal is counted under in words, why it carried or not,
participation and the tally's numbers. Plain values in, translated text out; no reads."""

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concordia.bodies.choices import DecisionRule, MajorityBasis, QuorumBasis, VotingUnit

from . import rules
from .choices import Choice


def _units(voting_unit: str, n: int) -> str:
    if voting_unit == VotingUnit.SEAT:
        return ngettext("%(n)s seat", "%(n)s seats", n) % {"n": n}
    if voting_unit == VotingUnit.PERSON:
        return ngettext("%(n)s person", "%(n)s people", n) % {"n": n}
    return ngettext("%(n)s partner", "%(n)s partners", n) % {"n": n}


def who_votes(voting_unit: str) -> str:
    if voting_unit == VotingUnit.SEAT:
        return _("One vote per seat, cast by its holder or, in their place, its substitute.")
    if voting_unit == VotingUnit.PERSON:
        return _("One vote per person with a seat in the body.")
    return _("One vote per partner. Any member the partner authorised for this body casts it "
             "(a seat holder, a substitute or a named delegate); a later vote replaces an "
             "earlier one until the deadline, so each partner counts once.")


def what_carries(rule: rules.Rule) -> str:
    basis = (_("counted by weight") if rule.majority_basis == MajorityBasis.WEIGHT
             else _("counted by votes"))
    if rule.carries == DecisionRule.UNANIMITY:
        return _("Unanimity: it carries when every one votes and nobody votes against or "
                 "objects; abstaining does not block.")
    if rule.carries == DecisionRule.CONSENSUS:
        return _("Consensus: it carries when nobody votes against or objects, and at least one "
                 "votes for.")
    if rule.carries == DecisionRule.CONSENT:
        return _("Consent: it carries unless someone makes a reasoned objection; a vote "
                 "against does not block. At least one votes for.")
    if rule.carries == DecisionRule.MAJORITY:
        return _("Simple majority (%(basis)s): it carries with more for than against; "
                 "abstentions are left out and a tie rejects it.") % {"basis": basis}
    return _("Qualified majority (%(basis)s): it carries when at least %(share)s of the votes "
             "for and against are for; abstentions are left out.") % {
        "basis": basis, "share": share_text(rule.qualified)}


def quorum_text(rule: rules.Rule) -> str:
    if rule.quorum == 0:
        return _("No quorum is required.")
    percent = share_text(rule.quorum)
    if rule.quorum_basis == QuorumBasis.PRESENT:
        return _("Quorum: at least %(share)s of those who may vote present (a vote counts as "
                 "present).") % {"share": percent}
    return _("Quorum: at least %(share)s of those who may vote must vote (abstaining "
             "counts).") % {"share": percent}


def share_text(value: Fraction) -> str:
    """A share as people read it: a whole per cent, or the fraction when it is not one."""
    percent = value * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    return f"{value.numerator}/{value.denominator}"


def weights_text(weights: Mapping[str, Any], names: Mapping[int, str]) -> str:
    """The partners weighing more than 1, by name; empty when every partner weighs 1."""
    heavy = sorted(((names.get(int(k), k), int(v)) for k, v in weights.items()
                    if str(k).isdigit() and isinstance(v, int) and v > 1), key=lambda p: p[0])
    if not heavy:
        return ""
    listed = ", ".join(f"{name} {weight}" for name, weight in heavy)
    return _("Weights: %(listed)s; every other partner weighs 1. A partner weighing more than 1 "
             "may split its vote.") % {"listed": listed}


def rule_in_words(rule_data: Mapping[str, Any], weights: Mapping[str, Any] | None = None,
                  names: Mapping[int, str] | None = None) -> list[str]:
    """The rule a proposal is counted under (as stored on it), sentence by sentence."""
    rule = rules.Rule.from_dict(rule_data)
    words = [who_votes(rule.voting_unit), what_carries(rule), quorum_text(rule)]
    if rule.voting_unit == VotingUnit.PARTNER and weights:
        extra = weights_text(weights, names or {})
        if extra:
            words.append(extra)
    return words


def rule_change_in_words(change: Mapping[str, Any],
                         names: Mapping[int, str] | None = None) -> list[str]:
    """The decision rule a proposal would give its body (the body's fields, as stored on the
    proposal), sentence by sentence, as rule_in_words reads a rule."""
    rule_data = {
        "carries": change["decision_rule"], "voting_unit": change["voting_unit"],
        "majority_basis": change["majority_basis"],
        "qualified": f"{change['qualified_numerator']}/{change['qualified_denominator']}",
        "quorum": f"{change['quorum_percent']}/100", "quorum_basis": change["quorum_basis"]}
    words = rule_in_words(rule_data, change.get("weights"), names)
    if change.get("secret_ballot"):
        words.append(_("Ballots are secret by default."))
    return words


BECAUSE = {
    rules.Because.CARRIED: lambda: _("It carried under the rule."),
    rules.Because.QUORUM: lambda: _("The quorum was not reached."),
    rules.Because.OBJECTION: lambda: _("An objection was made."),
    rules.Because.AGAINST: lambda: _("A vote was cast against."),
    rules.Because.MISSING_VOTES: lambda: _("Not every one voted."),
    rules.Because.NO_VOTES_FOR: lambda: _("Nobody voted for."),
    rules.Because.MAJORITY: lambda: _("More voted against than for."),
    rules.Because.TIE: lambda: _("As many voted for as against."),
    rules.Because.BELOW_QUALIFIED: lambda: _("The votes for fell short of the qualified "
                                             "majority."),
}


def because_text(code: str) -> str:
    said = BECAUSE.get(code)
    return said() if said else ""


def participation_text(voted: int, eligible: int, voting_unit: str) -> str:
    """"2 of 3 partners have voted" (the verb agrees with those who voted)."""
    return ngettext("%(voted)s of %(units)s has voted.", "%(voted)s of %(units)s have voted.",
                    voted) % {"voted": voted, "units": _units(voting_unit, eligible)}


def votes_text(value: str) -> str:
    """A number of votes from the tally ("n/d"): whole, or with two decimals for split votes."""
    try:
        fraction = rules.parse_fraction(value)
    except ValueError:
        return value
    if fraction.denominator == 1:
        return str(fraction.numerator)
    return number_format(float(fraction), 2)


def choice_label(choice: str) -> str:
    try:
        return str(Choice(choice).label)
    except ValueError:
        return choice


def shares_text(shares: Mapping[str, Any]) -> str:
    """A split vote in words: "for 2, against 1"."""
    return ", ".join(f"{choice_label(c)} {v}" for c, v in shares.items() if v)


def choices_for(rule_data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The choices a vote offers under the rule: objection only under consent and consensus."""
    carries = str(rule_data.get("carries", ""))
    return [(c.value, str(c.label)) for c in Choice
            if c != Choice.OBJECTION or carries in rules.OBJECTION_RULES]
