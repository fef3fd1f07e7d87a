"""API of the personal to-do list: what waits for the person in every alliance."""

import datetime as dt
from typing import Any

from ninja import Field, Router, Schema

from concordia.accounts.http import AuthenticatedHttpRequest

from . import links, selectors

router = Router()


class EndorsementTodoOut(Schema):
    alliance_id: int
    alliance_name: str
    version_id: int
    kind: str = Field(..., description="objective, values or definition (of a glossary term)")
    number: int
    url: str


class DecisionTodoOut(Schema):
    alliance_id: int
    alliance_name: str
    decision_id: int
    number: int
    title: str
    body_name: str
    deadline: dt.datetime | None
    url: str


class SignatureTodoOut(Schema):
    alliance_id: int
    alliance_name: str
    agreement_id: int
    title: str
    number: int = Field(..., description="The version waiting for your partner's signature.")
    url: str


class SectionTodoOut(Schema):
    alliance_id: int
    alliance_name: str
    report_id: int
    label: str = Field(..., description='The report\'s period: "2026-Q2", "2026-H1", "2026".')
    partner_id: int = Field(..., description="The partner whose section is not submitted.")
    url: str


class MinutesTodoOut(Schema):
    alliance_id: int
    alliance_name: str
    meeting_id: int
    meeting: str
    corrections_until: dt.date | None
    url: str


class ActionTodoOut(Schema):
    alliance_id: int
    alliance_name: str
    action_id: int
    title: str
    due_on: dt.date | None
    overdue: bool
    owner_partner_id: int | None = Field(..., description="Set when the action is your "
                                                          "partner's rather than yours.")
    url: str


class MeetingTodoOut(Schema):
    alliance_id: int
    alliance_name: str
    meeting_id: int
    meeting: str
    starts_at: dt.datetime
    location: str
    url: str


class InvitationTodoOut(Schema):
    alliance_id: int
    alliance_name: str
    partner_name: str
    role: str
    expires_at: dt.datetime


class PartnerInvitationTodoOut(Schema):
    partner_id: int = Field(..., description="Answer with POST /partner-invitations/{id}/"
                                             "answer.")
    alliance_id: int
    alliance_name: str
    partner_type: str


class BottleneckTodoOut(Schema):
    alliance_id: int
    alliance_name: str
    bottleneck_id: int
    title: str
    rung: str = Field(..., description="The rung you own (escalations' Rung).")
    due_on: dt.date = Field(..., description="Respond by.")
    overdue: bool
    url: str


class RecommendationTodoOut(Schema):
    alliance_id: int
    alliance_name: str
    review_id: int
    review_title: str
    recommendation_id: int
    pillar: str
    text: str
    url: str = Field(..., description="Where the board accepts or declines it.")


class CountsOut(Schema):
    endorsements: int
    decisions: int = Field(..., description="Open proposals waiting for your partner's vote.")
    signatures: int = Field(..., description="Agreement versions waiting for your partner's "
                                             "signature.")
    sections: int = Field(..., description="Reports not approved yet without your partner's "
                                           "submitted section.")
    bottlenecks: int = Field(..., description="Open bottlenecks on a rung you own.")
    recommendations: int = Field(..., description="Recommendations of submitted reviews "
                                                  "waiting for the board's answer.")
    minutes: int
    actions: int
    meetings: int
    invitations: int
    unread: int = Field(..., description="Unread notifications.")
    total: int = Field(..., description="Every item of the to-do list (lists show at most "
                                        f"{selectors.SECTION_LIMIT} each).")


class TodoOut(Schema):
    counts: CountsOut
    endorsements: list[EndorsementTodoOut]
    decisions: list[DecisionTodoOut]
    signatures: list[SignatureTodoOut]
    sections: list[SectionTodoOut]
    bottlenecks: list[BottleneckTodoOut]
    recommendations: list[RecommendationTodoOut]
    minutes: list[MinutesTodoOut]
    actions: list[ActionTodoOut]
    meetings: list[MeetingTodoOut]
    invitations: list[InvitationTodoOut]
    partner_invitations: list[PartnerInvitationTodoOut]


@router.get("/me/todo", response=TodoOut,
            summary="What waits for you in every alliance, most pressing first")
def get_my_todo(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    todo = selectors.todo_get(user=request.user)
    return {
        "counts": selectors.todo_counts(user=request.user),
        "endorsements": [
            {"alliance_id": v.alliance_id, "alliance_name": v.alliance.name, "version_id": v.pk,
             "kind": v.kind, "number": v.number, "url": links.statement_url(v)}
            for v in todo.endorsements],
        "decisions": [
            {"alliance_id": d.alliance_id, "alliance_name": d.alliance.name,
             "decision_id": d.pk, "number": d.number, "title": d.title,
             "body_name": d.body.name, "deadline": d.deadline, "url": links.decision_url(d)}
            for d in todo.decisions],
        "signatures": [
            {"alliance_id": v.agreement.alliance_id, "alliance_name": v.agreement.alliance.name,
             "agreement_id": v.agreement_id, "title": v.agreement.title, "number": v.number,
             "url": links.agreement_url(v.agreement)}
            for v in todo.signatures],
        "sections": [
            {"alliance_id": r.alliance_id, "alliance_name": r.alliance.name,
             "report_id": r.pk, "label": r.label,
             "partner_id": r.section_partner_id,  # type: ignore[attr-defined]  # sections_to_write annotates it
             "url": links.section_url(r)} for r in todo.sections],
        "bottlenecks": [
            {"alliance_id": r.bottleneck.alliance_id, "alliance_name": r.bottleneck.alliance.name,
             "bottleneck_id": r.bottleneck.pk, "title": r.bottleneck.title,
             "rung": r.bottleneck.rung, "due_on": r.bottleneck.due_on, "overdue": r.overdue,
             "url": links.bottleneck_url(r.bottleneck)} for r in todo.bottlenecks],
        "recommendations": [
            {"alliance_id": f.alliance_id, "alliance_name": f.review.alliance.name,
             "review_id": f.review_id, "review_title": f.review.title, "recommendation_id": f.pk,
             "pillar": f.pillar, "text": f.text, "url": links.recommendation_url(f)}
            for f in todo.recommendations],
        "minutes": [
            {"alliance_id": m.meeting.body.alliance_id,
             "alliance_name": m.meeting.body.alliance.name, "meeting_id": m.meeting_id,
             "meeting": str(m.meeting), "corrections_until": m.corrections_until,
             "url": links.minutes_url(m)} for m in todo.minutes],
        "actions": [
            {"alliance_id": r.action.alliance_id, "alliance_name": r.action.alliance.name,
             "action_id": r.action.pk, "title": r.action.title, "due_on": r.action.due_on,
             "overdue": r.overdue, "owner_partner_id": r.action.owner_partner_id,
             "url": links.action_url(r.action)} for r in todo.actions],
        "meetings": [
            {"alliance_id": m.body.alliance_id, "alliance_name": m.body.alliance.name,
             "meeting_id": m.pk, "meeting": str(m), "starts_at": m.starts_at,
             "location": m.location, "url": links.meeting_url(m)} for m in todo.meetings],
        "invitations": [
            {"alliance_id": i.alliance_id, "alliance_name": i.alliance.name,
             "partner_name": i.partner.organisation.name, "role": i.role,
             "expires_at": i.expires_at} for i in todo.invitations],
        "partner_invitations": [
            {"partner_id": p.pk, "alliance_id": p.alliance_id, "alliance_name": p.alliance.name,
             "partner_type": p.partner_type} for p in todo.partner_invitations],
    }
