"""The budget's forms: its settings and a line. The month grid is a plain table of inputs
(``views.month_edit``): its cells go to ``services.save_cells`` as they are typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.budget import services
from cadence.budget.models import AdChannel, BudgetLine, Category


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m")


class SettingsForm(forms.Form):
    first_month = forms.DateField(label=_("First month"), input_formats=["%Y-%m", "%Y-%m-%d"], widget=MonthInput)
    months = forms.IntegerField(label=_("Number of months"), min_value=1, max_value=services.MONTHS_MAX)
    overspend_reduces_next = forms.BooleanField(
        label=_("An overspend is taken from the next month's advertising budget"), required=False,
        help_text=_("Unspent advertising money is always added to the next month. When this is off, an "
                    "overspend is not carried over."))


class LineForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                help_text=_("Where the advertising money is spent; optional for other categories."))
    name = forms.CharField(label=_("Name"), max_length=services.NAME_MAX)
    objective_uid = forms.ChoiceField(label=_("Objective it serves"), required=False)
    initiative = forms.ChoiceField(label=_("Initiative"), required=False)

    def __init__(self, *args: Any, objectives: dict[str, str], initiatives: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initiatives = initiatives
        channel: Any = self.fields["channel"]
        channel.choices = [("", "—"), *AdChannel.choices]
        objective: Any = self.fields["objective_uid"]
        objective.choices = [("", "—"), *objectives.items()]
        initiative: Any = self.fields["initiative"]
        initiative.choices = [("", "—"), *((k, i.title) for k, i in initiatives.items())]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["initiative"] = self.initiatives.get(data.get("initiative") or "")
        data["objective_uid"] = data.get("objective_uid") or None
        return data


def line_initial(line: BudgetLine) -> dict[str, Any]:
    return {"category": line.category, "channel": line.channel, "name": line.name,
            "objective_uid": str(line.objective_uid) if line.objective_uid else "",
            "initiative": str(line.initiative.uuid) if line.initiative else ""}
