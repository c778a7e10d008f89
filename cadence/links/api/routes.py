"""The links' routes (``api/__init__.py`` exports the router)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from ninja import Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, declare, member
from cadence.core.errors import DomainError
from cadence.engagements.access import get_engagement
from cadence.http import ApiRequest
from cadence.links import access, queries, services, utm
from cadence.links.api.schemas import LinkIn, LinkOut, LinkPatch, PreviewIn, PreviewOut, RuleIn, RuleOut
from cadence.links.domain import ga4
from cadence.links.models import UtmLink, UtmRule

router = Router(tags=["links"])
VIEW = declare(capability("links.view"))
EDIT = declare(capability("links.edit"))
MANAGE = declare(capability("links.manage"))
W = "/workspaces/{workspace}"
E = W + "/engagements/{uuid:engagement}/links"


def _out(link: UtmLink, group: str | None = None) -> dict[str, Any]:
    return {"id": link.uuid, "name": link.name, "url": link.url, "base_url": link.base_url, "source": link.source,
            "medium": link.medium, "campaign": link.campaign, "term": link.term, "content": link.content,
            "utm_id": link.utm_id, "created_at": link.created_at,
            "channel_group": group or ga4.classify(link.source, link.medium, link.campaign).value}


def _engagement(request: ApiRequest, workspace: str, engagement: UUID) -> tuple[Any, Any]:
    membership = member(request, workspace)
    return membership, get_engagement(membership, engagement)


@router.get(E, response={200: list[LinkOut], **READ_ERRORS}, summary="The engagement's campaign links",
            openapi_extra=VIEW)
def link_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    _membership, obj = _engagement(request, workspace, engagement)
    return [_out(row.link, row.channel_group) for row in queries.library(obj)]


@router.post(E, response={201: LinkOut, **WRITE_ERRORS}, summary="Build and save a campaign link",
             openapi_extra=EDIT)
def link_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: LinkIn) -> Status[Any]:
    membership, obj = _engagement(request, workspace, engagement)
    data = services.LinkData(**payload.model_dump(exclude={"apply_rule"}))
    link = services.create_link(actor=request.auth, membership=membership, engagement=obj, data=data,
                                apply_rule=payload.apply_rule)
    return Status(201, _out(link))


@router.post(E + "/preview", response={200: PreviewOut, **WRITE_ERRORS},
             summary="The campaign URL, its warnings and GA4's channel, without saving", openapi_extra=VIEW)
def link_preview(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                 payload: PreviewIn) -> dict[str, Any]:
    membership, _obj = _engagement(request, workspace, engagement)
    params = utm.Params(source=payload.source, medium=payload.medium, campaign=payload.campaign,
                        term=payload.term, content=payload.content, id=payload.utm_id)
    try:
        result = utm.preview(payload.base_url, params, services.rule_of(membership.workspace))
    except utm.UtmError as e:  # the values together make an address too long (each field's bound is in the schema)
        raise DomainError(e.message, code="too_long", field="base_url") from None
    s = result.suggestion
    return {"url": result.url, "channel_group": result.channel_group,
            "warnings": [{"code": w.code, "field": "utm_id" if w.field == "id" else w.field, "message": w.message}
                         for w in result.warnings],
            "suggestion": None if s is None else {"source": s.source, "medium": s.medium, "campaign": s.campaign,
                                                  "term": s.term, "content": s.content, "utm_id": s.id}}


@router.get(E + "/{uuid:link}", response={200: LinkOut, **READ_ERRORS}, summary="A campaign link",
            openapi_extra=VIEW)
def link_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, link: UUID) -> dict[str, Any]:
    _membership, obj = _engagement(request, workspace, engagement)
    return _out(access.get_link(obj, link))


@router.patch(E + "/{uuid:link}", response={200: LinkOut, **WRITE_ERRORS},
              summary="Change a campaign link (its URL is built again)", openapi_extra=EDIT)
def link_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, link: UUID,
                payload: LinkPatch) -> dict[str, Any]:
    membership, obj = _engagement(request, workspace, engagement)
    row = access.get_link(obj, link)
    current = services.LinkData(base_url=row.base_url, source=row.source, medium=row.medium,
                                campaign=row.campaign, term=row.term, content=row.content, utm_id=row.utm_id,
                                name=row.name)
    given = {k: v for k, v in payload.model_dump(exclude_unset=True, exclude={"apply_rule"}).items()
             if v is not None}
    row = services.update_link(actor=request.auth, membership=membership, link=row,
                               data=replace(current, **given), apply_rule=payload.apply_rule)
    return _out(row)


@router.delete(E + "/{uuid:link}", response={204: None, **WRITE_ERRORS}, summary="Delete a campaign link",
               openapi_extra=EDIT)
def link_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, link: UUID) -> Status[None]:
    membership, obj = _engagement(request, workspace, engagement)
    services.delete_link(actor=request.auth, membership=membership, link=access.get_link(obj, link))
    return Status(204, None)


def _rule_out(workspace: Any) -> dict[str, Any]:
    row = UtmRule.objects.filter(workspace=workspace).first()
    rule = services.rule_of(workspace)
    return {"lowercase": rule.lowercase, "separator": rule.separator,
            "extra_mediums": list(row.extra_mediums) if row is not None else []}


@router.get(W + "/links/rule", response={200: RuleOut, **READ_ERRORS},
            summary="The workspace's naming rule for campaign links", openapi_extra=VIEW)
def rule_detail(request: ApiRequest, workspace: WorkspaceSlug) -> dict[str, Any]:
    return _rule_out(member(request, workspace).workspace)


@router.put(W + "/links/rule", response={200: RuleOut, **WRITE_ERRORS},
            summary="Set the naming rule (lower case, the separator for spaces, other mediums)",
            openapi_extra=MANAGE)
def rule_update(request: ApiRequest, workspace: WorkspaceSlug, payload: RuleIn) -> dict[str, Any]:
    membership = member(request, workspace)
    services.set_rule(actor=request.auth, membership=membership, lowercase=payload.lowercase,
                      separator=payload.separator, extra_mediums=payload.extra_mediums)
    return _rule_out(membership.workspace)
