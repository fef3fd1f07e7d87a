"""The journal kinds the learning app appends (listed in docs/journal.md). None is a
commitment: a health check takes the alliance's pulse and a lesson keeps its memory; what the
alliance commits to out of them (an improvement action, a decision) is journaled there."""

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

APP = "learning"


def describe_check(payload: Payload) -> str:
    """The check's date, and how many of the core team have scored it."""
    text = str(payload.get("held_on", ""))
    if payload.get("scorers"):
        text += f" ({payload['scorers']})"
    return text


def describe_lesson(payload: Payload) -> str:
    """The lesson's title, with its tags."""
    text = str(payload.get("title", ""))
    tags = payload.get("tags")
    if isinstance(tags, list) and tags:
        text += f" [{', '.join(str(t) for t in tags)}]"
    return text


register("HealthCheckHeld", label=_("Pillar health check held"), commitment=False, app=APP,
         describe=describe_check)
register("PillarsScored", label=_("Pillars scored"), commitment=False, app=APP,
         describe=describe_check)
register("LessonRecorded", label=_("Lesson learned recorded"), commitment=False, app=APP,
         describe=describe_lesson)
register("LessonChanged", label=_("Lesson learned changed"), commitment=False, app=APP,
         describe=describe_lesson)
