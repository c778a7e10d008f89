"""The goal tree of the plan: objectives -> SMM tasks with their KPI -> actions -> tracked metrics, the SMART
letters each task misses (with the reasons), seed 004's 7-step view, and the diagram (server-side SVG, the
same drawing as in the PDF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from cadence import tenancy
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest
from cadence.plans import queries
from cadence.plans.domain.smart import LETTER_OF, LETTERS, check_objective
from cadence.plans.exports.diagram import goal_tree_svg
from cadence.plans.reasons import LETTER_LABELS, STEP_LABELS, smart_text, step_text
from cadence.plans.records import KINDS
from cadence.plans.views import display_value, names_of, plan_view, sections_nav


@tenancy.workspace_view(tenancy.client_capability("plans.view", via="engagement"))
@require_GET
def plan_goals(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    view = plan_view(request, obj)
    document = view.document
    objectives: list[dict[str, Any]] = []
    svg = ""
    if document:
        names = names_of(document)
        records = queries.document_records(document)
        by_uid = {r["uid"]: r for rows in records.values() for r in rows}
        steps = queries.seven_steps_of(document)
        smart = queries.smart_of(document)
        task_spec = KINDS["smm_task"]
        for o in queries.content_of(document).objectives:
            row = by_uid.get(o.uid, {})
            tasks = []
            for t in o.tasks:
                result = smart.get(t.uid)
                letters = [{"letter": x, "label": LETTER_LABELS[x],
                            "ok": result is None or x not in result.failed,
                            "reasons": [smart_text(f) for f in (result.findings if result else ())
                                        if LETTER_OF[f.code] == x]} for x in LETTERS]
                trow = by_uid.get(t.uid, {})
                tasks.append({
                    "uid": t.uid, "title": t.title, "letters": letters, "ok": result is None or result.ok,
                    "kpi": [(str(task_spec.field(n).verbose_name), display_value(task_spec, n, trow.get(n), names))
                            for n in ("metric_key", "kpi_name", "unit", "baseline", "target", "due")
                            if display_value(task_spec, n, trow.get(n), names)],
                    "department_task": names.get(t.department_task or "", ""),
                    "actions": [{"uid": a.uid, "title": a.title, "channel": a.channel, "rank": a.rank,
                                 "metrics": [m.name for m in a.metrics]}
                                for a in sorted(t.actions, key=lambda a: (a.rank is None, a.rank or 0))],
                })
            view_steps = steps.get(o.uid)
            objectives.append({
                "uid": o.uid, "title": row.get("title", ""),
                "department": display_value(KINDS["objective"], "department", o.department, names),
                "smm_goal": o.smm_goal,
                "department_tasks": [d.text for d in o.department_tasks],
                "levels": [(str(KINDS["objective"].field(n).verbose_name),
                            display_value(KINDS["objective"], n, row.get(n), names)) for n in
                           ("horizon_start", "horizon_end", "acceptable", "optimal", "best", "level_unit")],
                "objective_findings": [smart_text(f) for f in check_objective(o).findings],
                "steps": [{"number": s.number, "label": STEP_LABELS[s.step], "complete": s.complete,
                           "findings": [step_text(f, names) for f in s.findings]}
                          for s in (view_steps.steps if view_steps else ())],
                "complete": view_steps.complete if view_steps else False,
                "tasks": tasks,
            })
        svg = goal_tree_svg(document)
    return render(request, "plans/plan_goals.html", {
        "engagement": obj, "view": view, "objectives": objectives, "sections_nav": sections_nav(),
        "diagram": mark_safe(svg),  # noqa: S308 - our own drawing (exports/diagram.py escapes every text)
    })
