"""The KPIs' forms: a KPI (metric picker with its filters, levels, direction, due date), a value entered by
hand, a control point and its decision. Numbers accept the locale's decimal comma."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cadence.kpis import queries, services
from cadence.kpis.domain import formulas
from cadence.kpis.models import Aggregation, Direction, Kpi

PLATFORM_LABELS = {"meta_ads": "Meta Ads", "google_ads": "Google Ads", "tiktok_ads": "TikTok Ads",
                   "linkedin_ads": "LinkedIn Ads", "ga4": "Google Analytics 4", "instagram": "Instagram",
                   "facebook": "Facebook"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def value_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.CharField:
    """A number typed as text (the service reads "1,5" and "1.5" and words every refusal)."""
    return forms.CharField(label=label, required=required, max_length=40, help_text=help_text,
                           widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class KpiForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=services.NAME_MAX)
    metric_key = forms.ChoiceField(label=_("Metric"),
                                   help_text=_("What is measured. A metric marked ✎ is not in the imported data: "
                                               "its values are entered by hand on the KPI's page."))
    aggregation = forms.ChoiceField(label=_("Value of a month"), choices=Aggregation.choices,
                                    help_text=_("Ratios such as the CTR are always the ratio of the month's sums."))
    platform = forms.ChoiceField(label=_("Platform"), required=False)
    campaign_contains = forms.CharField(label=_("Campaign name contains"), required=False,
                                        max_length=services.CAMPAIGN_MAX)
    channel_group = forms.ChoiceField(label=_("Channel group (Google Analytics)"), required=False)
    unit = forms.CharField(label=_("Unit (for a KPI entered by hand)"), required=False, max_length=services.UNIT_MAX)
    direction = forms.ChoiceField(label=_("Direction"), required=False,
                                  choices=[("", _("The metric's usual direction")), *Direction.choices])
    baseline = value_field(_("Baseline"))
    baseline_date = forms.DateField(label=_("Baseline measured on"), required=False, widget=DateInput)
    acceptable = value_field(_("Acceptable level"))
    optimal = value_field(_("Optimal level"))
    best = value_field(_("Best level"))
    due = forms.DateField(label=_("Due date"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        metric: Any = self.fields["metric_key"]
        groups: dict[str, list[tuple[str, str]]] = {}
        for key, label, _unit in queries.metric_choices():
            marked = label if not formulas.needs_entries(key) else f"{label} ✎"
            groups.setdefault(key.split(".")[0], []).append((key, marked))
        titles = {"instagram": "Instagram", "facebook": "Facebook", "ads": gettext("Advertising"),
                  "ga4": gettext("Website"), "site": gettext("Website"), "manual": gettext("Entered by hand")}
        merged: dict[str, list[tuple[str, str]]] = {}
        for source, items in groups.items():
            merged.setdefault(titles.get(source, source), []).extend(items)
        metric.choices = list(merged.items())
        platform: Any = self.fields["platform"]
        platform.choices = [("", _("All platforms")), *PLATFORM_LABELS.items()]
        group: Any = self.fields["channel_group"]
        group.choices = [("", _("All channels")), *((g, g) for g in queries.channel_groups())]


def kpi_initial(kpi: Kpi) -> dict[str, Any]:
    def number(value: Any) -> str:
        return "" if value is None else f"{value.normalize():f}"

    return {"name": kpi.name, "metric_key": kpi.metric_key, "aggregation": kpi.aggregation,
            "platform": kpi.platform, "campaign_contains": kpi.campaign_contains,
            "channel_group": kpi.channel_group, "unit": kpi.unit, "direction": kpi.direction,
            "baseline": number(kpi.baseline), "baseline_date": kpi.baseline_date,
            "acceptable": number(kpi.acceptable), "optimal": number(kpi.optimal), "best": number(kpi.best),
            "due": kpi.due}


class EntryForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput)
    value = value_field(_("Value"), required=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=services.NOTE_MAX)


class ControlPointForm(forms.Form):
    review_on = forms.DateField(label=_("Review date"), widget=DateInput)


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}),
                               max_length=services.DECISION_MAX, help_text=_("Markdown is allowed."))
    create_task = forms.BooleanField(label=_("Put a card with this decision on the board"), required=False)
    task_title = forms.CharField(label=_("Title of the card"), required=False, max_length=200)
