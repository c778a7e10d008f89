"""The endpoint form (new and edit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.webhooks import services
from cadence.webhooks.domain import addresses
from cadence.webhooks.models import EVENTS, EndpointStatus

EVENT_LABELS: dict[str, Any] = {
    "plan.approved": _("A marketing plan version is approved"),
    "post.approved": _("A post is approved"),
    "post.scheduled": _("A post is scheduled"),
    "task.completed": _("A task is done"),
    "import.finished": _("An import of metrics is finished"),
    "kpi.status_changed": _("A KPI's status changes"),
    "report.sent": _("A monthly report is sent to the client"),
}


class EndpointForm(forms.Form):
    url = forms.CharField(label=_("URL"), max_length=addresses.URL_MAX,
                          widget=forms.URLInput(attrs={"placeholder": "https://"}),
                          help_text=_("An https:// address on the public internet; Cadence sends a POST with a "
                                      "JSON body to it."))
    description = forms.CharField(label=_("Description"), max_length=services.DESCRIPTION_MAX, required=False)
    events = forms.MultipleChoiceField(label=_("Events"), widget=forms.CheckboxSelectMultiple,
                                       choices=[(e, f"{e}: {EVENT_LABELS[e]}") for e in EVENTS])
    status = forms.ChoiceField(label=_("Status"), help_text=_("A paused endpoint receives nothing."))

    def __init__(self, *args: Any, current_status: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(EndpointStatus.ACTIVE.value, EndpointStatus.ACTIVE.label),
                   (EndpointStatus.PAUSED.value, EndpointStatus.PAUSED.label)]
        if current_status == EndpointStatus.DISABLED:
            choices.append((EndpointStatus.DISABLED.value, EndpointStatus.DISABLED.label))
        self.fields["status"].choices = choices  # type: ignore[attr-defined]
