"""The roadmap of an engagement: its Gantt (the timeline with the initiatives below it) and the table of
initiatives; new, edit and delete an initiative; add and remove a dependency; the shift offered after an edit
that left successors starting too early; the import of the approved plan's initiatives; the SVG download.

The team with ``roadmap.edit`` changes it; everyone else who may see the engagement (the team, the client's
approver and viewer) reads it, without forms and, for client users, without budgets.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.board import initiative_queries as queries
from cadence.board import initiative_services as services
from cadence.board.initiatives import get_initiative
from cadence.board.models import Initiative, InitiativeStatusChoice
from cadence.core.errors import DomainError
from cadence.core.models import Membership, Role
from cadence.engagements.access import get_engagement
from cadence.engagements.queries import engagement_today
from cadence.http import WorkspaceRequest

VIEW = tenancy.client_capability("roadmap.view", via="engagement")
EDIT = "roadmap.edit"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class InitiativeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=services.TITLE_MAX)
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  max_length=services.DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    objective_uid = forms.ChoiceField(label=gettext_lazy("Objective it serves"), required=False)
    owner = forms.ChoiceField(label=gettext_lazy("Owner"), required=False)
    start = forms.DateField(label=gettext_lazy("Start"), widget=DateInput)
    deadline = forms.DateField(label=gettext_lazy("Deadline"), widget=DateInput)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=InitiativeStatusChoice.choices)
    budget = forms.DecimalField(label=gettext_lazy("Budget"), required=False, min_value=0,
                                max_digits=14, decimal_places=2)

    def __init__(self, *args: Any, membership: Membership, objectives: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = {str(m.user.uuid): m.user for m in Membership.objects.filter(
            workspace=membership.workspace).exclude(role=Role.CLIENT).select_related("user").order_by("user__email")}
        owner_field: Any = self.fields["owner"]
        owner_field.choices = [("", "—"), *((k, u.display_name) for k, u in self.team.items())]
        objective_field: Any = self.fields["objective_uid"]
        objective_field.choices = [("", "—"), *objectives.items()]
        if not objectives:
            objective_field.help_text = _("The objectives come from the engagement's marketing plan.")

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["owner"] = self.team.get(data.get("owner") or "")
        data["objective_uid"] = data.get("objective_uid") or None
        return data


def initial_of(initiative: Initiative) -> dict[str, Any]:
    return {"title": initiative.title, "description": initiative.description,
            "objective_uid": str(initiative.objective_uid) if initiative.objective_uid else "",
            "owner": str(initiative.owner.uuid) if initiative.owner else "", "start": initiative.start,
            "deadline": initiative.deadline, "status": initiative.status, "budget": initiative.budget}


def _roadmap_url(request: WorkspaceRequest, engagement: Any, **query: str) -> str:
    url = reverse("board:roadmap", args=[request.workspace.slug, engagement.uuid])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) + "#shift" if query else "")


def _back(request: WorkspaceRequest, engagement: Any) -> HttpResponse:
    return redirect(_roadmap_url(request, engagement))


@tenancy.workspace_view(VIEW)
@require_GET
def roadmap(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    view = queries.roadmap(m, obj)
    shift: dict[str, Any] | None = None
    if view.can_edit and request.GET.get("shift"):
        try:
            moved = get_initiative(obj, request.GET["shift"])
        except Http404:
            moved = None
        late = queries.conflict_rows(view, moved) if moved is not None else []
        if moved is not None and late:
            shift = {"initiative": moved, "rows": late, "text": ngettext(
                "%(count)s initiative now starts before “%(title)s” ends.",
                "%(count)s initiatives now start before “%(title)s” ends.", len(late)) % {
                    "count": len(late), "title": moved.title}}
    return render(request, "board/roadmap.html", {
        "engagement": obj, "view": view, "gantt": queries.roadmap_gantt(view), "shift": shift,
        "is_client_view": m.is_client, "choices": queries.sorted_choices(view),
        "dependencies": [(p, r) for r in view.rows for p in r.predecessors],
    })


@tenancy.workspace_view(VIEW)
@require_GET
def roadmap_svg(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """The roadmap as an SVG document, in the engagement's language (it goes to the client)."""
    m = request.membership
    obj = get_engagement(m, engagement)
    response = HttpResponse(queries.roadmap_svg(m, obj), content_type="image/svg+xml; charset=utf-8")
    name = f"{slugify(obj.name, allow_unicode=True) or 'engagement'}-roadmap-{engagement_today(obj).isoformat()}.svg"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _form_page(request: WorkspaceRequest, obj: Any, form: InitiativeForm, initiative: Initiative | None) -> HttpResponse:
    return render(request, "board/roadmap_form.html", {"engagement": obj, "form": form, "initiative": initiative})


def _apply_errors(form: InitiativeForm, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@tenancy.workspace_view(EDIT)
@require_http_methods(["GET", "POST"])
def initiative_new(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    objectives = queries.objective_titles(obj)
    if request.method != "POST":
        today = engagement_today(obj)
        form = InitiativeForm(membership=m, objectives=objectives,
                              initial={"start": today, "deadline": today, "status": InitiativeStatusChoice.PLANNED})
        return _form_page(request, obj, form, None)
    form = InitiativeForm(request.POST, membership=m, objectives=objectives)
    if form.is_valid():
        values = form.values()
        try:
            services.create_initiative(actor=request.user, membership=m, engagement=obj, **values)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("“%(title)s” is on the roadmap.") % {"title": values["title"]})
            return _back(request, obj)
    return _form_page(request, obj, form, None)


@tenancy.workspace_view(EDIT)
@require_http_methods(["GET", "POST"])
def initiative_edit(request: WorkspaceRequest, engagement: str, initiative: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = get_initiative(obj, initiative)
    objectives = queries.objective_titles(obj)
    if row.objective_uid and str(row.objective_uid) not in objectives:
        objectives[str(row.objective_uid)] = _("(an objective no longer in the plan)")
    if request.method != "POST":
        return _form_page(request, obj, InitiativeForm(membership=m, objectives=objectives, initial=initial_of(row)),
                          row)
    form = InitiativeForm(request.POST, membership=m, objectives=objectives)
    if form.is_valid():
        try:
            result = services.update_initiative(actor=request.user, membership=m, initiative=row, **form.values())
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": result.initiative.title})
            if result.conflicts:
                return redirect(_roadmap_url(request, obj, shift=str(row.uuid)))
            return _back(request, obj)
    return _form_page(request, obj, form, row)


@tenancy.workspace_view(EDIT)
@require_POST
def initiative_delete(request: WorkspaceRequest, engagement: str, initiative: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = get_initiative(obj, initiative)
    try:
        services.delete_initiative(actor=request.user, membership=m, initiative=row)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("“%(title)s” is deleted from the roadmap.") % {"title": row.title})
    return _back(request, obj)


@tenancy.workspace_view(EDIT)
@require_POST
def initiative_shift(request: WorkspaceRequest, engagement: str, initiative: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = get_initiative(obj, initiative)
    try:
        moved = services.shift_successors(actor=request.user, membership=m, initiative=row)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if moved:
            messages.success(request, ngettext(
                "%(count)s initiative now starts after “%(title)s” ends.",
                "%(count)s initiatives now start after “%(title)s” ends.", len(moved)) % {
                    "count": len(moved), "title": row.title})
        else:
            messages.info(request, _("Nothing needed to move."))
    return _back(request, obj)


class DependencyForm(forms.Form):
    predecessor = forms.UUIDField()
    successor = forms.UUIDField()


def _pair(request: WorkspaceRequest, obj: Any) -> tuple[Initiative, Initiative] | None:
    form = DependencyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose two initiatives of this roadmap."))
        return None
    try:
        return (get_initiative(obj, form.cleaned_data["predecessor"]),
                get_initiative(obj, form.cleaned_data["successor"]))
    except Http404:
        messages.error(request, _("Choose two initiatives of this roadmap."))
        return None


@tenancy.workspace_view(EDIT)
@require_POST
def dependency_add(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    pair = _pair(request, obj)
    if pair is None:
        return _back(request, obj)
    predecessor, successor = pair
    try:
        services.add_dependency(actor=request.user, membership=m, predecessor=predecessor, successor=successor)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(request, obj)
    messages.success(request, _("“%(successor)s” now starts after “%(predecessor)s” ends.")
                     % {"successor": successor.title, "predecessor": predecessor.title})
    if services.conflicts_of(predecessor):
        return redirect(_roadmap_url(request, obj, shift=str(predecessor.uuid)))
    return _back(request, obj)


@tenancy.workspace_view(EDIT)
@require_POST
def dependency_remove(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    pair = _pair(request, obj)
    if pair is None:
        return _back(request, obj)
    try:
        services.remove_dependency(actor=request.user, membership=m, predecessor=pair[0], successor=pair[1])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The dependency is removed."))
    return _back(request, obj)


@tenancy.workspace_view(EDIT)
@require_POST
def roadmap_import(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    try:
        count = services.import_from_plan(actor=request.user, membership=m, engagement=obj)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if count:
            messages.success(request, ngettext("%(count)s initiative of the marketing plan is on the roadmap.",
                                               "%(count)s initiatives of the marketing plan are on the roadmap.",
                                               count) % {"count": count})
        else:
            messages.info(request, _("Every initiative of the approved marketing plan is on the roadmap already."))
    return _back(request, obj)
