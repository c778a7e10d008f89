"""The plan's structured records, one resource per kind of ``records.KINDS`` (``/records/{kind}``).

A record's ``values`` are free-form in the schema (their fields depend on the kind: ``GET plan-kinds``), so
a value the kind refuses (a length, a range, a choice, a record of another plan) is a 400 with the field
(``values.<name>``), not a 422: the 422 is kept for what the schema itself states.

The team reads and edits the live rows (the draft); client users read the records of the version they may
see (the latest in review or approved), never a draft. Every write names the record's revision (optimistic
locking): a stale one is refused with code ``edit_conflict`` and both versions in the error body.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import (
    MEMBER,
    READ_ERRORS,
    WRITE_ERRORS,
    Router,
    capability,
    client_capability,
    declare,
    member,
)
from cadence.core.errors import DomainError, InvalidInput
from cadence.http import ApiRequest
from cadence.plans import access, queries, services
from cadence.plans.api.lookups import P, plan_for, reader_version
from cadence.plans.api.schemas import KindOut, RecordIn, RecordOut, RecordUpdateIn
from cadence.plans.domain.snapshot import freeze
from cadence.plans.records import KINDS, RecordKind

router = Router(tags=["plans"])
VIEW = client_capability("plans.view", via="engagement")
EDIT = capability("plans.edit")
R = P + "/records/{kind}"


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values as the snapshot writes them (decimals as exact text, dates ISO)."""
    document = freeze({"values": values}, {}).document
    plain: dict[str, Any] = document["plan"]["values"]
    return plain


def _live_out(spec: RecordKind, rows: list[Any]) -> list[dict[str, Any]]:
    uids = {name: {} for name in KINDS}  # type: dict[str, dict[int, str]]
    for name in spec.foreign_keys:
        target = KINDS[spec.target_kind(name)]
        ids = {getattr(r, spec.field(name).attname) for r in rows} - {None}
        uids[target.kind] |= dict(target.model.objects.filter(pk__in=ids).values_list("pk", "uuid"))
    uids = {k: {pk: str(u) for pk, u in v.items()} for k, v in uids.items()}
    out = []
    for row in rows:
        record = queries.record_of(spec, row, uids)
        out.append({"kind": spec.kind, "uid": row.uuid, "position": row.position, "revision": row.revision,
                    "values": _plain({k: v for k, v in record.items() if k not in ("uid", "position")})})
    return out


def _frozen_out(spec: RecordKind, document: dict[str, Any]) -> list[dict[str, Any]]:
    rows = queries.document_records(document).get(spec.kind, [])
    return [{"kind": spec.kind, "uid": r["uid"], "position": r.get("position") or 0, "revision": None,
             "values": {k: v for k, v in r.items() if k not in ("uid", "position")}} for r in rows]


def _kind_rules(exc: InvalidInput) -> DomainError:
    """A refusal of a record's values (bounds the schema does not state) as a 400."""
    field = exc.field if exc.field in (None, "position") else f"values.{exc.field}"
    return DomainError(exc.message, code=exc.code, field=field)


def _records(request: ApiRequest, workspace: str, engagement: UUID, kind: str) -> tuple[Any, Any, RecordKind,
                                                                                         list[dict[str, Any]] | None]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    spec = access.get_kind(kind)
    if not membership.is_client:
        return membership, plan, spec, None
    version = reader_version(membership, plan)
    return membership, plan, spec, _frozen_out(spec, queries.version_snapshot(version)) if version else []


@router.get("/workspaces/{workspace}/plan-kinds", response={200: list[KindOut], **READ_ERRORS},
            summary="The kinds of plan records and their fields (what /records/{kind} reads and writes)",
            openapi_extra=declare(MEMBER))
def kind_list(request: ApiRequest, workspace: WorkspaceSlug) -> list[dict[str, Any]]:
    member(request, workspace)
    out = []
    for spec in KINDS.values():
        fields = []
        for name in spec.fields:
            f = spec.field(name)
            fk = isinstance(f, models.ForeignKey)
            required = not (f.blank or f.null or f.has_default())
            fields.append({
                "name": name, "label": str(f.verbose_name), "type": type(f).__name__.removesuffix("Field").lower(),
                "required": required, "max_length": getattr(f, "max_length", None) if not fk else None,
                "choices": [str(c[0]) for c in f.choices] if f.choices else None,
                "record_kind": spec.target_kind(name) if fk else None})
        out.append({"kind": spec.kind, "label": str(spec.label), "plural": str(spec.plural),
                    "section": spec.section.value, "parent": spec.parent, "singleton": spec.singleton,
                    "fields": fields})
    return out


@router.get(R, response={200: list[RecordOut], **READ_ERRORS}, summary="The records of one kind",
            openapi_extra=declare(VIEW))
def record_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kind: str) -> list[dict[str, Any]]:
    _membership, plan, spec, frozen = _records(request, workspace, engagement, kind)
    if frozen is not None:
        return frozen
    return _live_out(spec, queries.live_rows(plan, spec))


@router.post(R, response={201: RecordOut, **WRITE_ERRORS}, summary="Add a record (the draft only)",
             openapi_extra=declare(EDIT))
def record_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kind: str,
                  payload: RecordIn) -> Status[dict[str, Any]]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    spec = access.get_kind(kind)
    data = dict(payload.values)
    if payload.position is not None:
        data["position"] = payload.position
    try:
        row = services.create_record(actor=request.auth, membership=membership, plan=plan, kind=spec, data=data)
    except InvalidInput as exc:
        raise _kind_rules(exc) from None
    return Status(201, _live_out(spec, [row])[0])


@router.get(R + "/{uuid:record}", response={200: RecordOut, **READ_ERRORS}, summary="A record",
            openapi_extra=declare(VIEW))
def record_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kind: str,
                  record: UUID) -> dict[str, Any]:
    _membership, plan, spec, frozen = _records(request, workspace, engagement, kind)
    if frozen is not None:
        found = next((r for r in frozen if str(r["uid"]) == str(record)), None)
        if found is None:
            raise Http404
        return found
    return _live_out(spec, [access.get_record(plan, spec, record)])[0]


@router.put(R + "/{uuid:record}", response={200: RecordOut, **WRITE_ERRORS},
            summary="Change a record (the draft only; name the revision you loaded)", openapi_extra=declare(EDIT))
def record_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kind: str, record: UUID,
                  payload: RecordUpdateIn) -> dict[str, Any]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    spec = access.get_kind(kind)
    data = dict(payload.values)
    if payload.position is not None:
        data["position"] = payload.position
    try:
        row = services.update_record(actor=request.auth, membership=membership, plan=plan, kind=spec, uid=record,
                                     data=data, expected_revision=payload.revision)
    except InvalidInput as exc:
        raise _kind_rules(exc) from None
    return _live_out(spec, [row])[0]


@router.delete(R + "/{uuid:record}", response={204: None, **WRITE_ERRORS},
               summary="Delete a record and the records under it (the draft only)", openapi_extra=declare(EDIT))
def record_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kind: str, record: UUID,
                  revision: int | None = None) -> Status[None]:
    """``revision`` (a query parameter): the record's revision when it was loaded; it is required."""
    membership, _obj, plan = plan_for(request, workspace, engagement)
    spec = access.get_kind(kind)
    row = access.get_record(plan, spec, record)
    if revision is None:
        raise DomainError(_("Say which revision of the record you are deleting (the query parameter revision)."),
                          code="revision_required", field="revision")
    services.delete_record(actor=request.auth, membership=membership, plan=plan, kind=spec, uid=row.uuid,
                           expected_revision=revision)
    return Status(204, None)
