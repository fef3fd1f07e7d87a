"""The journal kinds the reviews app appends (listed in docs/journal.md). The board's answer to
a recommendation is a commitment; the rest records who did what in the review."""

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

APP = "reviews"


def describe_review(payload: Payload) -> str:
    """The review's title and its dates."""
    dates = ""
    if payload.get("starts_on"):
        dates = f" ({payload.get('starts_on')} – {payload.get('ends_on', '')})"
    return f"{payload.get('title', '')}{dates}"


def describe_person(payload: Payload) -> str:
    """The review and the person."""
    return f"{payload.get('review', '')}: {payload.get('person', '')}"


def describe_finding(payload: Payload) -> str:
    """The review, the kind and the pillar."""
    return (f"{payload.get('review', '')}: {payload.get('kind', '')}, "
            f"{payload.get('pillar', '')}")


def describe_answer(payload: Payload) -> str:
    """The review, the pillar and the reason."""
    text = f"{payload.get('review', '')}, {payload.get('pillar', '')}"
    if payload.get("reason"):
        text += f": {payload['reason']}"
    return text


register("ReviewOpened", label=_("Review opened"), commitment=False, app=APP,
         describe=describe_review)
register("ReviewerInvited", label=_("Reviewer invited"), commitment=False, app=APP,
         describe=describe_person)
register("ReviewInvitationResent", label=_("Review invitation sent again"), commitment=False,
         app=APP, describe=describe_person)
register("ReviewInvitationWithdrawn", label=_("Review invitation withdrawn"),
         commitment=False, app=APP, describe=describe_person)
register("ReviewerJoined", label=_("Reviewer joined"), commitment=False, app=APP,
         describe=describe_person)
register("FindingRecorded", label=_("Finding recorded"), commitment=False, app=APP,
         describe=describe_finding)
register("FindingChanged", label=_("Finding changed"), commitment=False, app=APP,
         describe=describe_finding)
register("ReviewSubmitted", label=_("Review submitted"), commitment=False, app=APP,
         describe=describe_review)
register("RecommendationAccepted", label=_("Recommendation accepted"), commitment=True,
         app=APP, describe=describe_answer)
register("RecommendationDeclined", label=_("Recommendation declined"), commitment=True,
         app=APP, describe=describe_answer)
