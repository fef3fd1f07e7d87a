"""Where each to-do item is dealt with. The pages of meetings, minutes and actions link by
their route names; until a route exists, the item links to the alliance's dashboard."""

from django.urls import NoReverseMatch, reverse

from concordia.actions.models import ActionItem
from concordia.alliances.models import Alliance
from concordia.design.models import StatementVersion
from concordia.meetings.models import Meeting, Minutes


def _first(*candidates: tuple[str, dict[str, int]], alliance_id: int) -> str:
    for name, kwargs in candidates:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return reverse("alliance_dashboard", kwargs={"pk": alliance_id})


def statement_url(version: StatementVersion) -> str:
    return reverse("statement_page", kwargs={"pk": version.alliance_id, "slug": version.kind})


def meeting_url(meeting: Meeting) -> str:
    alliance_id = meeting.body.alliance_id
    return _first(("meeting_detail", {"pk": alliance_id, "meeting_pk": meeting.pk}),
                  alliance_id=alliance_id)


def minutes_url(minutes: Minutes) -> str:
    alliance_id = minutes.meeting.body.alliance_id
    return _first(("minutes_detail", {"pk": alliance_id, "meeting_pk": minutes.meeting_id}),
                  ("meeting_detail", {"pk": alliance_id, "meeting_pk": minutes.meeting_id}),
                  alliance_id=alliance_id)


def action_url(action: ActionItem) -> str:
    return _first(("action_detail", {"pk": action.alliance_id, "action_pk": action.pk}),
                  ("action_list", {"pk": action.alliance_id}), alliance_id=action.alliance_id)


def alliance_url(alliance: Alliance) -> str:
    return reverse("alliance_dashboard", kwargs={"pk": alliance.pk})
