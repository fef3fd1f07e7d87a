"""The journal kinds the evaluation app appends (listed in docs/journal.md).

No kind records an answer: the journal is ordered and timed, and an entry per answer would let
anyone who knows when a person answered find their response (docs/decisions/0012). Closing a
round records how many answered, nothing per person.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

APP = "evaluation"


def describe_round(payload: Payload) -> str:
    """The round's year, with its dates or its counts when the payload has them."""
    text = str(payload.get("year", ""))
    if "invited" in payload and "responses" in payload:
        text += " — " + gettext("%(responses)s of %(invited)s answered") % {
            "responses": payload["responses"], "invited": payload["invited"]}
    elif "invited" in payload:
        text += " — " + gettext("%(invited)s invited") % {"invited": payload["invited"]}
    if payload.get("previous_closes_on"):
        text += " — " + gettext("closes on %(closes_on)s instead of %(previous)s") % {
            "closes_on": payload["closes_on"], "previous": payload["previous_closes_on"]}
        return text
    if payload.get("closes_on"):
        text += f" ({payload.get('opens_on', '')} – {payload['closes_on']})"
    return text


def describe_statement(payload: Payload) -> str:
    text = str(payload.get("key", ""))
    if payload.get("text"):
        text += f" {payload['text']}"
    if payload.get("year"):
        text += f" ({payload['year']})"
    return text


register("EvaluationRoundOpened", label=_("Evaluation round opened"), commitment=False,
         app=APP, describe=describe_round)
register("EvaluationRemindersSent", label=_("Evaluation reminders sent"), commitment=False,
         app=APP, describe=describe_round)
register("EvaluationClosingChanged", label=_("Evaluation closing date changed"),
         commitment=False, app=APP, describe=describe_round)
register("EvaluationNewcomersInvited", label=_("Newcomers invited to the evaluation"),
         commitment=False, app=APP, describe=describe_round)
register("EvaluationRoundClosed", label=_("Evaluation round closed"), commitment=True,
         app=APP, describe=describe_round)
register("EvaluationStatementAdded", label=_("Evaluation statement added"), commitment=False,
         app=APP, describe=describe_statement)
register("EvaluationStatementRetired", label=_("Evaluation statement retired"),
         commitment=False, app=APP, describe=describe_statement)
