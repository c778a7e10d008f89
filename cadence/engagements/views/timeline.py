"""The engagement page (team view and client view), its Gantt SVG, phase completion and gates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cadence import tenancy
from cadence.core import fragments, registry
from cadence.core.errors import DomainError
from cadence.core.forms import country_name
from cadence.core.models import Membership
from cadence.engagements import queries, reasons, services
from cadence.engagements.access import get_engagement, get_gate, get_phase
from cadence.engagements.forms import GateApproveForm, GateRecordForm, PhaseCompleteForm
from cadence.engagements.models import Engagement, EngagementGate, EngagementPhase
from cadence.engagements.schedule import GateResult, PhaseKind, PhaseResult, PhaseStatus, Schedule
from cadence.engagements.templatetags.cadence_tags import hours_text
from cadence.engagements.views import contract_period, gantt_export_svg, gantt_svg, membership, names
from cadence.http import WorkspaceRequest


@dataclass(frozen=True)
class PhaseRow:
    result: PhaseResult
    phase: EngagementPhase | None
    name: str
    description: str
    waiting_for: str
    progress: int  # logged share of the phase's hours, in %
    can_complete: bool  # "Mark completed" means something: hours logged, not continuous, not completed yet


@dataclass(frozen=True)
class GateRow:
    result: GateResult
    gate: EngagementGate | None
    name: str
    description: str
    after_phase: str
    phase_started: bool  # the phase it follows has hours or is marked completed: the gate may be recorded
    phase_finished: bool  # ... and its work is over (done or awaiting confirmation): the client may confirm it


RECENT_MONTHS = 12
HOURS_TABLE_TEMPLATES = ("engagements/_hours_table.html", "engagements/_extra_hours.html")


def gantt_code() -> str:
    """The version of the code drawing the Gantt's texts (the engine and gantt.py are in ``engine_version``)."""
    return fragments.code_version((), ("cadence.engagements.views", "cadence.engagements.views.timeline"))


def current_meter(rows: list[queries.MonthRow]) -> queries.MonthRow | None:
    """The current month's row of the hours table: the meter shows exactly those figures."""
    return queries.current_row(rows)


def warning_sentences(engagement: Engagement, schedule: Schedule, phase_names: dict[str, str],
                      today: dt.date) -> list[str]:
    """Phases that do not fit into a fixed-length contract, in sentences."""
    out = []
    for w in queries.schedule_warnings(engagement, schedule, today):
        values = {"phase": phase_names.get(w.phase, w.phase), "date": date_format(w.contract_end),
                  "hours": hours_text(w.hours)}
        if w.code == "starts_after":
            out.append(_("“%(phase)s” starts after the contract ends on %(date)s (at %(hours)s a month).") % values)
        else:
            out.append(_("“%(phase)s” ends after the contract ends on %(date)s (at %(hours)s a month).") % values)
    return out


def page_flags(m: Membership, engagement: Engagement) -> dict[str, bool]:
    """What the engagement page shows to this member besides the engagement itself: its rights on it."""
    return {
        "is_client_view": m.is_client,
        "can_manage": tenancy.can(m, "engagements.manage"),
        "can_record_gates": tenancy.can(m, "gates.record"),
        "can_client_approve": tenancy.can(m, "client.approve", client=engagement.client),
        "can_log": tenancy.can(m, "time.log"),
        "can_override": tenancy.can(m, "time.override"),
        "can_view_history": tenancy.can(m, "audit.view"),
    }


def timeline_context(m: Membership, engagement: Engagement, *, every_month: bool = False) -> dict[str, Any]:
    """Everything the engagement page shows; a constant number of queries whatever the time logged."""
    queries.prefetch_figures([engagement])
    today = queries.engagement_today(engagement)
    schedule = queries.schedule_for(engagement, today)
    phase_objs = {p.key: p for p in engagement.phases.all()}
    gate_objs = {g.key: g for g in engagement.gates.all()}
    lang = engagement.language
    phase_names = names(schedule.phases, phase_objs.values(), fallback=lang)
    gate_names = names(schedule.gates, gate_objs.values(), fallback=lang)
    phase_rows = []
    for p in schedule.phases:
        obj = phase_objs.get(p.key)
        progress = 0
        if p.hours > 0:
            progress = min(int((p.logged_hours / p.hours * 100).to_integral_value()), 100)
        phase_rows.append(PhaseRow(
            result=p, phase=obj, name=phase_names[p.key],
            description=queries.display_description(obj, fallback=lang) if obj else "",
            waiting_for=gate_names.get(p.waiting_for or "", ""), progress=progress,
            can_complete=(obj is not None and obj.completed_on is None and p.kind != PhaseKind.CONTINUOUS
                          and p.logged_hours > 0 and p.status != PhaseStatus.DONE),
        ))
    started = {p.key for p in schedule.phases if p.logged_hours > 0}
    started |= {k for k, obj in phase_objs.items() if obj.completed_on is not None}
    finished = {p.key for p in schedule.phases if p.status in (PhaseStatus.DONE, PhaseStatus.AWAITING)}
    gate_rows = [
        GateRow(result=g, gate=gate_objs.get(g.key), name=gate_names[g.key],
                description=queries.display_description(gate_objs[g.key], fallback=lang) if g.key in gate_objs else "",
                after_phase=phase_names.get(g.after_phase, g.after_phase), phase_started=g.after_phase in started,
                phase_finished=g.status == "holding" or g.after_phase in finished)
        for g in schedule.gates
    ]
    awaiting = [r for r in phase_rows if r.result.awaiting_confirmation and r.phase is not None]
    flags = page_flags(m, engagement)
    is_client = flags["is_client_view"]
    audience: reasons.Audience = "client" if is_client else "team"
    hours_rows = queries.hours_table(engagement, schedule, today)
    # The table shows the last RECENT_MONTHS months and those to come (``?months=all``: every month), so an
    # engagement ten years old renders as fast as a new one.
    current = queries.current_month(engagement, today)
    shown_rows = hours_rows if every_month else [r for r in hours_rows if r.index > current - RECENT_MONTHS]
    context: dict[str, Any] = {
        "engagement": engagement,
        "schedule": schedule,
        "today": today,
        "started": today >= engagement.start_date,
        "country": country_name(engagement.country),
        "template_name": (queries.tr(engagement.template.name) if engagement.template and engagement.template.builtin
                          else engagement.template.name if engagement.template else ""),
        "phase_rows": phase_rows,
        "gate_rows": gate_rows,
        "awaiting": awaiting,
        "moved": reasons.moved_phases(schedule, phase_names=phase_names, gate_names=gate_names, audience=audience),
        "hours_rows": shown_rows,
        "hours_hidden": len(hours_rows) - len(shown_rows),
        # The same for every role; its figures are all behind the revision (entries, overrides, terms, closes).
        "hours_table_html": mark_safe(fragments.one(  # noqa: S308 - our own rendering
            fragments.key("hours-table", queries.engine_version(), fragments.code_version(
                HOURS_TABLE_TEMPLATES, ("cadence.engagements.templatetags.cadence_tags", "cadence.engagements.domain.rollover")),
                engagement.uuid, engagement.revision, today, every_month),
            lambda: render_to_string("engagements/_hours_table.html", {
                "engagement": engagement, "hours_rows": shown_rows, "hours_hidden": len(hours_rows) - len(shown_rows)}))),
        "meter": current_meter(hours_rows),
        "position": queries.position(engagement, today),
        "contract_warnings": warning_sentences(engagement, schedule, phase_names, today),
        "terms": engagement.terms_history(),
        # Drawn once per revision, day and language (everything it shows is behind the revision: the schedule,
        # the names, the engagement's name and contract), then read from the cache.
        "gantt": fragments.one(
            fragments.key("screen-gantt", queries.engine_version(), gantt_code(), engagement.uuid, engagement.revision,
                          today),
            lambda: gantt_svg(schedule, today=today, title=_("Timeline of %(name)s") % {"name": engagement.name},
                              phase_names=phase_names, gate_names=gate_names, **gantt_period(engagement))),
        **flags,
        "app_links": registry.engagement_links(m, engagement),  # other apps' pages of it (its marketing plan)
    }
    return context


# The page's body (everything but the team's recent time entries) is rendered once per revision, day,
# language and set of rights, then read from the cache: its figures, schedule, names and Gantt are all behind
# the engagement's revision; the client's and the process template's names are not, so the key names them.
# Its forms carry a placeholder instead of the CSRF token, replaced by the reader's own token on the way out.
PAGE_TEMPLATES = ("engagements/_engagement_body.html", "engagements/_engagement_client_body.html")
PAGE_MODULES = ("cadence.engagements.views.timeline", "cadence.engagements.views", "cadence.engagements.reasons",
                "cadence.engagements.queries", "cadence.engagements.templatetags.cadence_tags",
                "cadence.engagements.domain.rollover", "cadence.engagements.gantt")
CSRF_PLACEHOLDER = "cadence-csrf-placeholder"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def page_key(m: Membership, engagement: Engagement, *, every_month: bool) -> str:
    flags = page_flags(m, engagement)
    template = engagement.template.name if engagement.template else ""
    return fragments.key(
        "engagement-page", queries.engine_version(), fragments.code_version(PAGE_TEMPLATES, PAGE_MODULES),
        engagement.uuid, engagement.revision, queries.engagement_today(engagement).isoformat(),
        m.workspace.slug, engagement.client.name, template, sorted(flags.items()), every_month,
        [(str(link.label), link.url) for link in registry.engagement_links(m, engagement)])


def page_body(m: Membership, engagement: Engagement, *, every_month: bool = False) -> str:
    """The engagement page's body for this member, with the CSRF placeholder (``with_csrf`` fills it)."""
    def render_body() -> str:
        context = timeline_context(m, engagement, every_month=every_month)
        template = PAGE_TEMPLATES[1] if context["is_client_view"] else PAGE_TEMPLATES[0]
        return render_to_string(template, {**context, "workspace": m.workspace, "csrf_token": CSRF_PLACEHOLDER})

    return fragments.one(page_key(m, engagement, every_month=every_month), render_body)


def with_csrf(request: WorkspaceRequest, html: str) -> SafeString:
    token = get_token(request)  # also sets the CSRF cookie, as {% csrf_token %} would
    return mark_safe(html.replace(_CSRF_INPUT.format(CSRF_PLACEHOLDER), _CSRF_INPUT.format(token)))  # noqa: S308


@tenancy.workspace_view(tenancy.MEMBER)
@require_GET
def engagement_detail(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = membership(request)
    obj = get_engagement(m, engagement)
    body = with_csrf(request, page_body(m, obj, every_month=request.GET.get("months") == "all"))
    context: dict[str, Any] = {"engagement": obj, "body": body}
    if m.is_client:
        return render(request, "engagements/engagement_client.html", context)
    context["recent_entries"] = list(
        obj.time_entries.select_related("user", "phase").order_by("-date", "-created_at")[:8])
    return render(request, "engagements/engagement_detail.html", context)


def gantt_period(engagement: Engagement) -> dict[str, Any]:
    """The months the timeline covers: those of the contract from the engagement's start, with ``mark_end`` to
    draw the contract's last day; 12 months when the contract is open-ended."""
    return contract_period(engagement.start_date, engagement.contract_months)


def _export_svg(engagement: Engagement) -> tuple[str, dt.date]:
    """The downloadable timeline, in the engagement's language: heading (engagement, client, date) and legend."""
    today = queries.engagement_today(engagement)
    schedule: Schedule = queries.schedule_for(engagement, today)
    with translation.override(engagement.language):
        heading = [
            engagement.name,
            _("Client: %(client)s") % {"client": engagement.client.name},
            _("Timeline as of %(date)s") % {"date": date_format(today, "DATE_FORMAT")},
        ]
        phase_names, gate_names = queries.engagement_names(engagement)
        svg = gantt_export_svg(schedule, today=today, heading=heading, width=EXPORT_WIDTH,
                               title=_("Timeline of %(name)s") % {"name": engagement.name},
                               phase_names=phase_names, gate_names=gate_names, **gantt_period(engagement))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg, today


EXPORT_WIDTH = 1400  # px: a landscape page; the PNG is drawn at twice this for sharp text
DOWNLOAD_TYPES = {"svg": "image/svg+xml; charset=utf-8", "png": "image/png", "pdf": "application/pdf"}


@tenancy.workspace_view(tenancy.MEMBER)
@require_GET
def engagement_gantt(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """The Gantt chart as SVG, with an ETag (revision, today, language): 304 when the browser has it; drawn
    once per ETag (and catalog version) and kept in the cache, so other browsers get it without drawing."""
    obj = get_engagement(membership(request), engagement)
    today = queries.engagement_today(obj)
    etag = gantt_etag(obj, today)
    response: HttpResponse
    if queries.etag_matches(request.headers.get("If-None-Match"), etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(gantt_svg_text(obj, today), content_type=DOWNLOAD_TYPES["svg"])
        response["Content-Disposition"] = 'inline; filename="timeline.svg"'
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"  # kept by the browser, asked again (If-None-Match) each time
    return response


def gantt_etag(engagement: Engagement, today: dt.date) -> str:
    """The ETag of ``gantt.svg``: the drawing is in the engagement's language and names its client."""
    return queries.schedule_etag(engagement, today, "gantt", engagement.language, engagement.client.name)


def gantt_svg_text(engagement: Engagement, today: dt.date | None = None) -> str:
    """``gantt.svg``: drawn once per ETag (and catalog version), then read from the cache."""
    today = today or queries.engagement_today(engagement)
    key = fragments.key("gantt-svg", gantt_etag(engagement, today), gantt_code(),
                        fragments.catalog_version(engagement.language))
    return fragments.one(key, lambda: _export_svg(engagement)[0])


def download_name(engagement: Engagement, day: dt.date, fmt: str) -> str:
    """``<engagement slug>-timeline-<date>.<fmt>`` (the slug keeps Cyrillic and Romanian letters)."""
    return f"{slugify(engagement.name, allow_unicode=True) or 'engagement'}-timeline-{day.isoformat()}.{fmt}"


@tenancy.workspace_view(tenancy.MEMBER)
@require_GET
def engagement_timeline_download(request: WorkspaceRequest, engagement: str, fmt: str) -> HttpResponse:
    """The timeline as a file for the client: SVG, PNG or PDF, with the engagement, client, date and legend."""
    obj = get_engagement(membership(request), engagement)
    if fmt not in DOWNLOAD_TYPES:
        raise Http404
    svg, today = _export_svg(obj)
    data: bytes = svg.encode()
    if fmt != "svg":
        try:
            import cairosvg  # a system library (cairo) behind it: imported when needed
        except (ImportError, OSError):
            return HttpResponse(_("PNG and PDF downloads are not available on this server; download the SVG."),
                                status=503, content_type="text/plain; charset=utf-8")
        if fmt == "png":
            data = cairosvg.svg2png(bytestring=data, scale=2)
        else:
            data = cairosvg.svg2pdf(bytestring=data)
    response = HttpResponse(data, content_type=DOWNLOAD_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, download_name(obj, today, fmt))
    return response


def _back(request: WorkspaceRequest, engagement: Engagement) -> HttpResponse:
    return redirect("engagements:engagement-detail", workspace=request.workspace.slug,
                    engagement=engagement.uuid)


@tenancy.workspace_view("engagements.manage")
@require_POST
def phase_complete(request: WorkspaceRequest, engagement: str, phase: str) -> HttpResponse:
    obj = get_engagement(membership(request), engagement)
    phase_obj = get_phase(obj, phase)
    form = PhaseCompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a valid date."))
        return _back(request, obj)
    reopen = form.cleaned_data["reopen"]
    try:
        if reopen:
            services.set_phase_completed(actor=request.user, phase=phase_obj, completed_on=None)
        elif form.cleaned_data["completed_on"]:
            services.set_phase_completed(actor=request.user, phase=phase_obj,
                                         completed_on=form.cleaned_data["completed_on"])
        else:  # it ends on its last day of work
            services.complete_phase_at_last_logged_day(actor=request.user, phase=phase_obj)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        name = queries.display_name(phase_obj, fallback=obj.language)
        if reopen:
            messages.success(request, _("“%(phase)s” is open again.") % {"phase": name})
        else:
            messages.success(request, _("“%(phase)s” is marked as completed.") % {"phase": name})
    return _back(request, obj)


@tenancy.workspace_view("engagements.manage")
@require_POST
def phase_keep_open(request: WorkspaceRequest, engagement: str, phase: str) -> HttpResponse:
    obj = get_engagement(membership(request), engagement)
    phase_obj = get_phase(obj, phase)
    try:
        services.keep_phase_open(actor=request.user, phase=phase_obj)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("“%(phase)s” stays open: its remaining hours are planned from today.")
                         % {"phase": queries.display_name(phase_obj, fallback=obj.language)})
    return _back(request, obj)


@tenancy.workspace_view("gates.record")
@require_POST
def gate_record(request: WorkspaceRequest, engagement: str, gate: str) -> HttpResponse:
    obj = get_engagement(membership(request), engagement)
    gate_obj = get_gate(obj, gate)
    form = GateRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a valid date."))
        return _back(request, obj)
    reopen = form.cleaned_data["reopen"]
    day = None if reopen else (form.cleaned_data["passed_on"] or queries.engagement_today(obj))
    try:
        services.record_gate(actor=request.user, gate=gate_obj, passed_on=day, note=form.cleaned_data["note"],
                             approved_by=form.cleaned_data["approved_by"], reason=form.cleaned_data["reason"])
    except DomainError as e:
        messages.error(request, e.message)
    else:
        name = queries.display_name(gate_obj, fallback=obj.language)
        if reopen:
            messages.success(request, _("The gate “%(gate)s” is open again.") % {"gate": name})
        else:
            messages.success(request, _("The gate “%(gate)s” is recorded as passed.") % {"gate": name})
    return _back(request, obj)


@tenancy.workspace_view(tenancy.client_capability("client.approve", via="engagement"))
@require_POST
def gate_approve(request: WorkspaceRequest, engagement: str, gate: str) -> HttpResponse:
    """The client's approver confirms a checkpoint meant for the client (a viewer gets 403)."""
    m = membership(request)
    obj = get_engagement(m, engagement)
    gate_obj = get_gate(obj, gate)
    form = GateApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please keep the note to 1000 characters."))
        return _back(request, obj)
    try:
        services.approve_gate_as_client(actor=request.user, membership=m, gate=gate_obj,
                                        note=form.cleaned_data["note"])
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Thank you: “%(gate)s” is confirmed.") % {"gate": queries.display_name(gate_obj, fallback=obj.language)})
    return _back(request, obj)
