from typing import Any

from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core.api_schemas import Id, InSchema, Name, Page, PageQuery, paged

from . import selectors, services
from .models import Organisation, OrganisationKind

router = Router()


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    kvk_number: str
    oin: str
    website: str


class OrganisationIn(InSchema):
    model_config = {"str_strip_whitespace": True}  # "   " is no name

    name: Name = Field(..., min_length=2, max_length=200)
    kind: OrganisationKind
    kvk_number: str = Field("", max_length=8)
    oin: str = Field("", max_length=20)
    website: str = Field("", max_length=200, pattern=r"^(https?://\S+)?$")


class OrganisationPage(Page):
    results: list[OrganisationOut]


@router.get("", response=OrganisationPage, summary="List registered organisations")
def list_organisations(request: AuthenticatedHttpRequest,
                       query: Query[PageQuery]) -> dict[str, Any]:
    return paged(request, selectors.organisation_list(user=request.user), query)


@router.post("", response={201: OrganisationOut}, summary="Register your organisation")
def register_organisation(request: AuthenticatedHttpRequest,
                          payload: OrganisationIn) -> Status[Organisation]:
    organisation = services.organisation_register(actor=request.user, **payload.dict())
    return Status(201, organisation)


@router.get("/{organisation_id}", response=OrganisationOut, summary="One organisation")
def get_organisation(request: AuthenticatedHttpRequest, organisation_id: Id) -> Organisation:
    return selectors.organisation_get(user=request.user, pk=organisation_id)
