"""The plan's versions: the list, a version's read view (rendered from its frozen snapshot), the comparison
of two versions (section by section, record by record), and the exports (PDF, DOCX, Markdown)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cadence import tenancy
from cadence.core.markdown import render as render_markdown
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest
from cadence.plans import access, queries
from cadence.plans.domain.completeness import SECTIONS
from cadence.plans.domain.snapshot import Change
from cadence.plans.exports.files import export_file
from cadence.plans.forms import CompareForm
from cadence.plans.models import PlanVersion, StateChoice
from cadence.plans.questions import BRIEF_QUESTIONS, question
from cadence.plans.records import KINDS
from cadence.plans.types import Engagement
from cadence.plans.views import (
    SECTION_LABELS,
    PlanView,
    display_value,
    names_of,
    plan_view,
    record_title,
    sections_nav,
    shown_records,
    state_label,
)

VIEW = tenancy.client_capability("plans.view", via="engagement")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _version(view: PlanView, number: Any) -> PlanVersion:
    """A version the reader may open: client users never open a draft (the same 404 as a missing one)."""
    if view.plan is None:
        raise Http404
    version = access.get_version(view.plan, number)
    if view.is_client and version.state == StateChoice.DRAFT:
        raise Http404
    return version


@tenancy.workspace_view(VIEW)
@require_GET
def version_list(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    view = plan_view(request, obj)
    numbers = [v.number for v in view.versions if v.snapshot]
    form = CompareForm(initial={"a": numbers[-2] if len(numbers) > 1 else (numbers[0] if numbers else 1),
                                "b": numbers[-1] if numbers else 1})
    return render(request, "plans/version_list.html", {
        "engagement": obj, "view": view, "versions": list(reversed(view.versions)), "compare_form": form,
        "sections_nav": sections_nav(), "states": dict(StateChoice.choices), "can_compare": len(view.versions) > 1,
    })


def document_sections(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A snapshot's sections for reading: the answers (Markdown, rendered safely) and the records."""
    names = names_of(document)
    records = queries.document_records(document)
    out = []
    for s in SECTIONS:
        section = document.get("sections", {}).get(s.value, {"answers": {}, "records": {}})
        keys = document.get("plan", {}).get("questions", {}).get(s.value) or list(section.get("answers", {}))
        answers = []
        for key in keys:
            q = question(key)
            answers.append({"text": q.text if q else key, "html": render_markdown(section.get("answers", {}).get(key, ""))})
        blocks = [{"kind": spec, "records": shown_records(spec, records.get(spec.kind, []), names)}
                  for spec in KINDS.values() if spec.section == s and records.get(spec.kind)]
        out.append({"key": s.value, "label": SECTION_LABELS[s.value], "answers": answers, "blocks": blocks})
    return out


@tenancy.workspace_view(VIEW)
@require_GET
def version_detail(request: WorkspaceRequest, engagement: str, version: int) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    view = plan_view(request, obj)
    shown = _version(view, version)
    document = queries.version_snapshot(shown)
    brief = document.get("plan", {}).get("brief", {})
    return render(request, "plans/version_detail.html", {
        "engagement": obj, "view": view, "version": shown, "state": state_label(shown.state),
        "sections": document_sections(document), "sections_nav": sections_nav(),
        "brief": [(q, render_markdown(brief.get(q.key, ""))) for q in BRIEF_QUESTIONS if brief.get(q.key)],
        "exports": [(fmt, reverse(f"plans:version-export-{fmt}", args=[request.workspace.slug, obj.uuid,
                                                                      shown.number]))
                    for fmt in ("pdf", "docx", "md")] if shown.snapshot and shown.state != StateChoice.DRAFT else [],
    })


def _field_label(kind: str, name: str) -> str:
    spec = KINDS.get(kind)
    if spec is None or name not in spec.fields:
        return {"position": _("position")}.get(name, name)
    return str(spec.field(name).verbose_name)


def _shown(kind: str, name: str, value: Any, names: Mapping[str, str]) -> str:
    spec = KINDS.get(kind)
    if spec is None or name not in spec.fields:
        return "" if value is None else str(value)
    return display_value(spec, name, value, names)


@tenancy.workspace_view(VIEW)
@require_GET
def version_compare(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    view = plan_view(request, obj)
    if view.plan is None:
        return redirect(reverse("plans:plan-overview", args=[request.workspace.slug, obj.uuid]))
    form = CompareForm(request.GET or None)
    if not form.is_valid():
        return render(request, "plans/version_compare.html", {
            "engagement": obj, "view": view, "form": form, "sections": None, "sections_nav": sections_nav()},
            status=400 if request.GET else 200)
    a, b = _version(view, form.cleaned_data["a"]), _version(view, form.cleaned_data["b"])
    diff = queries.diff_versions(a, b)
    names = {**names_of(queries.version_snapshot(a)), **names_of(queries.version_snapshot(b))}
    labels = {Change.ADDED: _("added"), Change.REMOVED: _("removed"), Change.CHANGED: _("changed")}
    sections = []
    for s in diff.sections:
        records = []
        for rc in s.records:
            old = {f.field: f.old for f in rc.fields}
            new = {f.field: f.new for f in rc.fields}
            row = new if rc.change != Change.REMOVED else old
            records.append({
                "kind": KINDS[rc.kind].label if rc.kind in KINDS else rc.kind, "change": rc.change.value,
                "change_label": labels[rc.change], "title": names.get(rc.uid) or record_title(KINDS.get(rc.kind), row),
                "fields": [{"label": _field_label(rc.kind, f.field), "old": _shown(rc.kind, f.field, f.old, names),
                            "new": _shown(rc.kind, f.field, f.new, names)}
                           for f in rc.fields if f.field != "position"],
            })
        answers = []
        for f in s.answers:
            q = question(f.field)
            answers.append({"question": q.text if q else f.field, "change": f.change.value,
                            "change_label": labels[f.change], "old": render_markdown(f.old if isinstance(f.old, str) else ""),
                            "new": render_markdown(f.new if isinstance(f.new, str) else "")})
        sections.append({"key": s.section, "label": SECTION_LABELS.get(s.section, s.section), "answers": answers,
                         "records": records})
    brief_changes = [f for f in diff.plan if f.field == "brief"]
    return render(request, "plans/version_compare.html", {
        "engagement": obj, "view": view, "form": form, "a": a, "b": b, "sections": sections,
        "brief_changed": bool(brief_changes), "empty": diff.empty, "sections_nav": sections_nav(),
    })


def _filename(engagement: Engagement, version: PlanVersion, ext: str) -> str:
    return f"{slugify(engagement.name, allow_unicode=True) or 'plan'}-v{version.number}.{ext}"


@tenancy.workspace_view(VIEW)
@require_GET
def version_export(request: WorkspaceRequest, engagement: str, version: int, fmt: str) -> HttpResponse:
    """The version as a document the client keeps, in the plan's language (a frozen version only), its footer
    naming the version and its approval."""
    obj = get_engagement(request.membership, engagement)
    view = plan_view(request, obj)
    shown = _version(view, version)
    if not shown.snapshot or shown.state == StateChoice.DRAFT:  # sent back for changes: its text is the draft's
        raise Http404
    content_type = {"pdf": "application/pdf", "docx": DOCX_TYPE}.get(fmt, "text/markdown; charset=utf-8")
    response = HttpResponse(export_file(obj, shown, fmt), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=fmt != "pdf",
                                                                 filename=_filename(obj, shown, fmt)) or ""
    return response
