import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core.api_schemas import Id, InSchema, Page, PageQuery, paged
from concordia.core.errors import DomainError

from . import selectors, services
from .rules import ChainReport, CheckpointReport

router = Router()


class JournalEntryOut(Schema):
    seq: int
    kind: str
    actor_label: str
    subject_type: str
    subject_id: str
    payload: dict[str, Any]
    recorded_at: dt.datetime
    previous_hash: str
    hash: str


class JournalEntryPage(Page):
    results: list[JournalEntryOut]


class CheckpointOut(Schema):
    """A checkpoint a partner keeps: the journal's last number and hash, signed by this
    installation. POST it back to /journal-checkpoint-verification later."""
    alliance: int
    seq: int
    hash: str
    issued_at: str
    signature: str


class CheckpointIn(InSchema):
    """A checkpoint as downloaded, posted back unchanged."""
    alliance: Id
    seq: Id
    hash: str = Field(max_length=64)
    issued_at: str = Field(max_length=40)
    signature: str = Field(max_length=128)


class CheckpointReportOut(Schema):
    extends: bool
    reason: str


class ChainReportOut(Schema):
    intact: bool
    entries: int
    first_bad_seq: int | None
    reason: str


@router.get("/{alliance_id}/journal-entries", response=JournalEntryPage,
            summary="The alliance's journal, newest first")
def list_journal_entries(request: AuthenticatedHttpRequest, alliance_id: Id,
                         query: Query[PageQuery]) -> dict[str, Any]:
    return paged(request, selectors.journal_list(user=request.user, alliance_id=alliance_id),
                 query)


@router.get("/{alliance_id}/journal-verification", response=ChainReportOut,
            summary="Recompute the hash chain and report the first bad entry, if any")
def verify_journal(request: AuthenticatedHttpRequest, alliance_id: Id) -> ChainReport:
    alliance = selectors.journal_alliance(user=request.user, alliance_id=alliance_id)
    return services.journal_verify(alliance_id=alliance.pk)


@router.get("/{alliance_id}/journal-checkpoint", response=CheckpointOut,
            summary="A signed checkpoint of the journal as it ends now, to keep")
def get_journal_checkpoint(request: AuthenticatedHttpRequest,
                           alliance_id: Id) -> dict[str, Any]:
    alliance = selectors.journal_alliance(user=request.user, alliance_id=alliance_id)
    return services.journal_checkpoint(alliance_id=alliance.pk).as_dict()


@router.post("/{alliance_id}/journal-checkpoint-verification", response=CheckpointReportOut,
             summary="Prove that today's journal still extends a checkpoint you kept")
def verify_journal_checkpoint(request: AuthenticatedHttpRequest, alliance_id: Id,
                              payload: CheckpointIn) -> CheckpointReport:
    alliance = selectors.journal_alliance(user=request.user, alliance_id=alliance_id)
    checkpoint = services.checkpoint_parse(payload.dict())
    if checkpoint.alliance != alliance.pk:
        raise DomainError("The checkpoint is of another alliance.", field="alliance",
                          code="other_alliance")
    return services.checkpoint_verify(checkpoint=checkpoint)
