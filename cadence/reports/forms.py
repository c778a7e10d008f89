"""The reports' forms: the workspace's report settings and a report's narrative."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.reports import services
from cadence.reports.domain import schedule as rules


class SettingsForm(forms.Form):
    agency_name = forms.CharField(label=_("Agency name on reports"), max_length=services.AGENCY_NAME_MAX,
                                  required=False, help_text=_("Empty: the workspace's name."))
    logo = forms.FileField(label=_("Logo"), required=False,
                           help_text=_("PNG, JPEG or WebP, at most 1 MB. Shown at the top of every report."))
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    send_on_working_day = forms.IntegerField(
        label=_("Working day of the month to send on"), min_value=rules.SEND_DAY_MIN, max_value=rules.SEND_DAY_MAX,
        help_text=_("Each engagement's report of the previous month goes out on this working day of its country."))
    auto_send = forms.BooleanField(label=_("Send the reports on schedule"), required=False,
                                   help_text=_("Off: a manager reviews and sends each report."))


class NarrativeForm(forms.Form):
    narrative = forms.CharField(label=_("Summary"), required=False, max_length=services.NARRATIVE_MAX,
                                widget=forms.Textarea(attrs={"rows": 12}),
                                help_text=_("Markdown: **bold**, *italics*, lists with “-”, links."))
