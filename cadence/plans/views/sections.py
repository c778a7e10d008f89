"""The brief, a section's page (its guided questions and its records), and the record forms (add, edit,
delete), generic over ``records.KINDS``.

A save names the revision it was loaded at: when someone saved the same answer or record in between, the
service refuses (``EditConflict``) and the page shows both versions, the saved one and the refused one,
so nothing is overwritten silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.core.forms import country_name
from cadence.core.markdown import render as render_markdown
from cadence.core.views import form_error
from cadence.engagements import queries as engagement_queries
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest
from cadence.plans import access, queries, services
from cadence.plans.domain.market import holidays_ahead
from cadence.plans.forms import AnswersForm, RecordForm, record_initial
from cadence.plans.models import Answer, BriefAnswer, PlanRow
from cadence.plans.questions import BRIEF_QUESTIONS, SECTION_QUESTIONS
from cadence.plans.records import KINDS, RecordKind, kinds_of
from cadence.plans.services import EditConflict
from cadence.plans.types import Engagement
from cadence.plans.views import (
    SECTION_LABELS,
    PlanView,
    display_value,
    names_of,
    plan_view,
    section_change_requests,
    section_or_404,
    sections_nav,
    shown_records,
    stage_dates,
)

VIEW = tenancy.client_capability("plans.view", via="engagement")
BRIEF_SECTIONS = {"situation", "objectives"}  # where the brief is shown (the issue)


def _section_url(request: WorkspaceRequest, engagement: Engagement, section: str) -> str:
    return reverse("plans:plan-section", args=[request.workspace.slug, engagement.uuid, section])


def _no_plan(request: WorkspaceRequest, engagement: Engagement) -> HttpResponse:
    messages.info(request, _("This engagement has no marketing plan yet."))
    return redirect(reverse("plans:plan-overview", args=[request.workspace.slug, engagement.uuid]))


def _conflict_rows(current: Mapping[str, Any], submitted: Mapping[str, Any],
                   labels: Mapping[str, Any]) -> list[dict[str, Any]]:
    keys = [k for k in labels if k in current or k in submitted]
    return [{"label": labels[k], "current": _plain(current.get(k)), "submitted": _plain(submitted.get(k)),
             "differs": current.get(k) != submitted.get(k)} for k in keys]


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


# --- the brief -----------------------------------------------------------------------------------------

def _brief_revisions(view: PlanView) -> dict[str, int | None]:
    if view.plan is None:
        return {}
    return dict(BriefAnswer.objects.filter(workspace_id=view.plan.workspace_id, plan=view.plan)
                .values_list("key", "revision"))


@tenancy.workspace_view(tenancy.by_method(GET=VIEW, POST=tenancy.client_capability("plans.brief",
                                                                                    via="engagement")))
@require_http_methods(["GET", "POST"])
def plan_brief(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """What the client wants before the plan: the client's approver (or the team on their behalf) answers."""
    obj = get_engagement(request.membership, engagement)
    view = plan_view(request, obj)
    if view.plan is None:
        return _no_plan(request, obj)
    plan = view.plan
    live = queries.brief_of(plan)
    conflicts: list[dict[str, Any]] = []
    if request.method == "POST":
        form = AnswersForm(request.POST, questions=BRIEF_QUESTIONS, revisions=_brief_revisions(view))
        if form.is_valid():
            answers = {q.key: form.cleaned_data[q.key] for q in BRIEF_QUESTIONS
                       if form.cleaned_data[q.key] != live.get(q.key, "")}
            revisions = {key: form.revision_of(key) for key in answers}
            try:
                if answers:
                    services.save_brief(actor=request.user, membership=request.membership, plan=plan,
                                        answers=answers, revisions=revisions)
                messages.success(request, _("The brief is saved."))
                return redirect(reverse("plans:plan-brief", args=[request.workspace.slug, obj.uuid]))
            except EditConflict as exc:
                conflicts = _conflict_rows(exc.current, exc.submitted, {q.key: q.text for q in BRIEF_QUESTIONS})
                form_error(form, exc)
            except DomainError as exc:
                form_error(form, exc)
    else:
        form = AnswersForm(initial=live, questions=BRIEF_QUESTIONS, revisions=_brief_revisions(view))
    brief = (view.document or {}).get("plan", {}).get("brief", {}) if view.is_client else live
    return render(request, "plans/plan_brief.html", {
        "engagement": obj, "view": view, "form": form, "conflicts": conflicts,
        "can_write": view.can_brief,
        "answers": [(q, render_markdown(brief.get(q.key, ""))) for q in BRIEF_QUESTIONS],
        "sections_nav": sections_nav(),
    })


# --- a section ---------------------------------------------------------------------------------------

def _answer_revisions(view: PlanView, section: str) -> dict[str, int | None]:
    if view.plan is None:
        return {}
    return dict(Answer.objects.filter(workspace_id=view.plan.workspace_id, plan=view.plan, section=section)
                .values_list("key", "revision"))


def _kind_blocks(view: PlanView, section: str, names: Mapping[str, str]) -> list[dict[str, Any]]:
    records = queries.document_records(view.document) if view.document else {}
    blocks = []
    for spec in kinds_of(section):
        rows = records.get(spec.kind, [])
        children = [c for c in KINDS.values() if c.parent and c.target_kind(c.parent) == spec.kind]
        blocks.append({"kind": spec, "records": shown_records(spec, rows, names),
                       "can_add": view.can_edit and not (spec.singleton and rows),
                       "children": children if view.can_edit else []})
    return blocks


def _swot_table(records: Mapping[str, list[Mapping[str, Any]]]) -> dict[str, Any] | None:
    """Our SWOT against each competitor's, quadrant by quadrant (side by side)."""
    items = records.get("swot_item", [])
    if not items:
        return None
    competitors = records.get("competitor", [])
    columns = [{"uid": None, "name": _("Our client")}] + [{"uid": c["uid"], "name": c.get("name", "")}
                                                          for c in competitors]
    spec = KINDS["swot_item"]
    rows = []
    for value, label in spec.field("quadrant").choices or ():
        rows.append({"label": label, "cells": [[i.get("text", "") for i in items if i.get("quadrant") == value
                                                and (i.get("competitor") or None) == col["uid"]]
                                               for col in columns]})
    return {"columns": columns, "rows": rows}


def _budget(records: Mapping[str, list[Mapping[str, Any]]], names: Mapping[str, str]) -> dict[str, Any]:
    spec = KINDS["channel"]
    rows = []
    total = Decimal(0)
    every_share = True  # as the completeness check: every channel has its share, and they add up to 100
    for r in records.get("channel", []):
        share = r.get("budget_share")
        if share not in (None, ""):
            total += Decimal(str(share))
        else:
            every_share = False
        rows.append({"name": r.get("name", ""), "purpose": display_value(spec, "purpose", r.get("purpose"), names),
                     "share": display_value(spec, "budget_share", share, names), "content": r.get("content_types", "")})
    return {"rows": rows, "total": display_value(spec, "budget_share", total, names), "ok": bool(rows) and every_share and total == 100}


@tenancy.workspace_view(tenancy.by_method(GET=VIEW, POST=tenancy.capability("plans.edit")))
@require_http_methods(["GET", "POST"])
def plan_section(request: WorkspaceRequest, engagement: str, section: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    key = section_or_404(section).value
    view = plan_view(request, obj)
    if view.plan is None:
        return _no_plan(request, obj)
    plan = view.plan
    questions = SECTION_QUESTIONS[section_or_404(key)]
    conflicts: list[dict[str, Any]] = []
    live_answers = queries.document_answers(view.document) if view.document else {}
    if request.method == "POST":
        form = AnswersForm(request.POST, questions=questions, revisions=_answer_revisions(view, key))
        if not view.can_edit:  # the page shows the answers read-only now: say why nothing was saved
            messages.error(request, view.edit_refusal or _("You cannot change this plan."))
            return redirect(_section_url(request, obj, key))
        if form.is_valid():
            with transaction.atomic():  # the section's answers are saved together, or none of them
                for q in questions:
                    text = form.cleaned_data[q.key]
                    if text == live_answers.get(q.key, ""):
                        continue
                    try:
                        with transaction.atomic():
                            services.save_answer(actor=request.user, membership=request.membership, plan=plan,
                                                 key=q.key, text=text, expected_revision=form.revision_of(q.key))
                    except EditConflict as exc:
                        conflicts += _conflict_rows({q.key: exc.current.get("text", "")},
                                                    {q.key: exc.submitted.get("text", text)}, {q.key: q.text})
                        form.add_error(q.key, exc.message)
                    except DomainError as exc:
                        form.add_error(q.key, exc.message)
                if form.errors:
                    transaction.set_rollback(True)
            if not form.errors:
                messages.success(request, _("The answers are saved."))
                return redirect(_section_url(request, obj, key))
    else:
        form = AnswersForm(initial=live_answers, questions=questions, revisions=_answer_revisions(view, key))
    names = names_of(view.document)
    records = queries.document_records(view.document) if view.document else {}
    completeness = queries.completeness_of(view.document).section(section_or_404(key)) if view.document else None
    question_texts = {q.key: str(q.text) for qs in SECTION_QUESTIONS.values() for q in qs}
    from cadence.plans.reasons import completeness_text

    brief = None
    if key in {"situation", "objectives"} and view.document:
        answers = view.document.get("plan", {}).get("brief", {}) if view.is_client else queries.brief_of(plan)
        brief = {"answered": [(q, render_markdown(answers[q.key])) for q in BRIEF_QUESTIONS
                              if (answers.get(q.key) or "").strip()],
                 "unanswered": [q for q in BRIEF_QUESTIONS if not (answers.get(q.key) or "").strip()]}
    return render(request, "plans/plan_section.html", {
        "engagement": obj, "view": view, "section": key, "section_label": SECTION_LABELS[key],
        "sections_nav": sections_nav(), "form": form, "conflicts": conflicts,
        "answers": [(q, render_markdown(live_answers.get(q.key, ""))) for q in questions],
        "blocks": _kind_blocks(view, key, names),
        "swot": _swot_table(records) if key == "situation" else None,
        "budget": _budget(records, names) if key == "tactics" else None,
        "meter": completeness,
        "missing": [completeness_text(f, names, question_texts) for f in completeness.missing] if completeness else [],
        "changes": section_change_requests(view, key),
        "dates": stage_dates(view).get(key),
        "brief": brief,
        "holidays": _market_holidays(obj, records) if key == "strategy" else None,
    })


def _market_holidays(engagement: Engagement, records: Mapping[str, Any]) -> dict[str, Any] | None:
    """The public holidays of the target market's countries for the next 12 months (a content calendar's
    anchors), in the reader's language where the holidays package has it."""
    markets = records.get("target_market") or []
    countries = [str(c) for c in (markets[0].get("countries") or [])] if markets else []
    if not countries:
        return None
    found = holidays_ahead(countries, engagement_queries.engagement_today(engagement),
                           language=translation.get_language() or "en")
    return {"rows": [(h.date, country_name(h.country), h.name) for h in found.holidays], "unknown": found.unknown}


# --- records -------------------------------------------------------------------------------------------

def _related(plan: Any, kind: RecordKind) -> dict[str, list[PlanRow]]:
    out: dict[str, list[PlanRow]] = {}
    for name in kind.foreign_keys:
        target = KINDS[kind.target_kind(name)]
        out[target.kind] = list(target.model.objects.filter(workspace_id=plan.workspace_id, plan=plan)
                                .order_by("position", "id"))
    return out


def _record_page(request: WorkspaceRequest, obj: Engagement, view: PlanView, spec: RecordKind, form: RecordForm,
                 *, row: PlanRow | None, conflicts: list[dict[str, Any]], status: int = 200) -> HttpResponse:
    return render(request, "plans/record_form.html", {
        "engagement": obj, "view": view, "kind": spec, "form": form, "row": row, "conflicts": conflicts,
        "section": spec.section.value, "section_label": SECTION_LABELS[spec.section.value],
        "sections_nav": sections_nav(),
    }, status=status)


@tenancy.workspace_view("plans.edit")
@require_http_methods(["GET", "POST"])
def record_new(request: WorkspaceRequest, engagement: str, kind: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    spec = access.get_kind(kind)
    view = plan_view(request, obj)
    if view.plan is None:
        return _no_plan(request, obj)
    plan = view.plan
    related = _related(plan, spec)
    initial: dict[str, Any] = {}
    parent = request.GET.get("parent")
    if spec.parent and parent:
        initial[spec.parent] = parent
    if request.method == "POST":
        form = RecordForm(request.POST, kind=spec, plan=plan, related=related)
        if not view.can_edit:
            form_error(form, DomainError(view.edit_refusal or _("You cannot change this plan.")))
        elif form.is_valid():
            try:
                services.create_record(actor=request.user, membership=request.membership, plan=plan, kind=spec,
                                       data=form.service_data())
                messages.success(request, _("Added: %(kind)s.") % {"kind": spec.label})
                return redirect(_section_url(request, obj, spec.section.value) + f"#kind-{spec.kind}")
            except DomainError as exc:
                form_error(form, exc)
    else:
        form = RecordForm(initial=initial, kind=spec, plan=plan, related=related)
    return _record_page(request, obj, view, spec, form, row=None, conflicts=[])


@tenancy.workspace_view("plans.edit")
@require_http_methods(["GET", "POST"])
def record_edit(request: WorkspaceRequest, engagement: str, kind: str, record: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    plan = access.get_plan(request.membership, obj)
    spec = access.get_kind(kind)
    row = access.get_record(plan, spec, record)
    view = plan_view(request, obj)
    related = _related(plan, spec)
    conflicts: list[dict[str, Any]] = []
    if request.method == "POST":
        form = RecordForm(request.POST, kind=spec, plan=plan, related=related)
        if not view.can_edit:
            form_error(form, DomainError(view.edit_refusal or _("You cannot change this plan.")))
        elif form.is_valid():
            try:
                services.update_record(actor=request.user, membership=request.membership, plan=plan, kind=spec,
                                       uid=row.uuid, data=form.service_data(),
                                       expected_revision=form.cleaned_data.get("revision") or 0)
                messages.success(request, _("Saved: %(kind)s.") % {"kind": spec.label})
                return redirect(_section_url(request, obj, spec.section.value) + f"#kind-{spec.kind}")
            except EditConflict as exc:
                labels = {name: spec.field(name).verbose_name for name in spec.fields}
                conflicts = _conflict_rows(exc.current, exc.submitted, labels)
                form_error(form, exc)
                row.refresh_from_db()
                data = request.POST.copy()
                data["revision"] = str(row.revision)  # saving again now keeps the submitted values
                form.data = data
            except DomainError as exc:
                form_error(form, exc)
    else:
        form = RecordForm(initial=record_initial(spec, row), kind=spec, plan=plan, related=related)
    return _record_page(request, obj, view, spec, form, row=row, conflicts=conflicts)


@tenancy.workspace_view("plans.edit")
@require_POST
def record_delete(request: WorkspaceRequest, engagement: str, kind: str, record: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    plan = access.get_plan(request.membership, obj)
    spec = access.get_kind(kind)
    row = access.get_record(plan, spec, record)
    try:
        revision = int(request.POST.get("revision") or row.revision)
    except ValueError:
        revision = row.revision
    try:
        services.delete_record(actor=request.user, membership=request.membership, plan=plan, kind=spec,
                               uid=row.uuid, expected_revision=revision)
        messages.success(request, _("Deleted: %(kind)s.") % {"kind": spec.label})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_section_url(request, obj, spec.section.value) + f"#kind-{spec.kind}")
