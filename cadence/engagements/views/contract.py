"""The engagement's contract: its terms (hours per month and rollover rule) from a month on."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.core.views import form_error
from cadence.engagements import queries, services
from cadence.engagements.access import get_engagement
from cadence.engagements.forms import TermsForm
from cadence.engagements.models import Engagement
from cadence.engagements.templatetags.cadence_tags import hours_text
from cadence.engagements.views import membership, month_choices
from cadence.http import WorkspaceRequest


def terms_months(engagement: Engagement) -> list[tuple[int, str]]:
    """The months a change may start in: the current one (or month 1 before the start) to the contract's end."""
    first = max(queries.current_month(engagement), 1)
    last = engagement.contract_months or first + 23
    return [c for c in month_choices(engagement.start_date, max(last, first)) if c[0] >= first]


@tenancy.workspace_view("engagements.manage")
@require_http_methods(["GET", "POST"])
def terms_list(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(membership(request), engagement)
    months = terms_months(obj)
    current = obj.current_terms
    form = TermsForm(request.POST or None, months=months, initial={
        "from_month": months[0][0] if months else 1, "monthly_hours": current.monthly_hours,
        "rollover_mode": current.rollover_mode, "rollover_cap": current.rollover_cap})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            terms = services.change_terms(
                actor=request.user, engagement=obj, from_month=d["from_month"], monthly_hours=d["monthly_hours"],
                rollover_mode=d["rollover_mode"], rollover_cap=d["rollover_cap"], reason=d["reason"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("From month %(month)s the contract is %(hours)s a month.") % {
                "month": terms.from_month, "hours": hours_text(terms.monthly_hours)})
            return redirect("engagements:engagement-terms", workspace=request.workspace.slug,
                            engagement=obj.uuid)
    history = sorted(obj.contract_terms.select_related("created_by"), key=lambda t: t.from_month)
    return render(request, "engagements/engagement_terms.html", {
        "engagement": obj, "form": form, "history": history, "position": queries.position(obj),
        "contract_end": queries.contract_end(obj)})
