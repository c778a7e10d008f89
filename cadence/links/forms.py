"""Forms of the links' pages. They parse and check input through the same rules as the services
(``services.clean``), so a form and the API refuse the same things; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.core.errors import DomainError
from cadence.links import services
from cadence.links.models import SeparatorChoice


class LinkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=services.NAME_MAX, required=False,
                           help_text=_("For the library, e.g. “Spring sale – Instagram bio”."))
    base_url = forms.CharField(label=_("Landing page"), max_length=services.BASE_URL_MAX,
                               widget=forms.URLInput(attrs={"placeholder": "https://"}))
    source = forms.CharField(label=_("Source (utm_source)"), max_length=100,
                             help_text=_("Where the visit comes from: facebook, instagram, newsletter…"))
    medium = forms.CharField(label=_("Medium (utm_medium)"), max_length=100,
                             help_text=_("The kind of traffic: cpc, paid_social, social, email, referral…"))
    campaign = forms.CharField(label=_("Campaign (utm_campaign)"), max_length=200)
    term = forms.CharField(label=_("Term (utm_term)"), max_length=200, required=False)
    content = forms.CharField(label=_("Content (utm_content)"), max_length=200, required=False,
                              help_text=_("Tells apart links of one campaign: carousel, video_15s…"))
    utm_id = forms.CharField(label=_("Campaign ID (utm_id)"), max_length=100, required=False)
    apply_rule = forms.BooleanField(label=_("Apply the workspace’s naming rule when saving"), required=False,
                                    initial=True)

    def data_value(self) -> services.LinkData:
        c = self.cleaned_data
        return services.LinkData(name=c["name"], base_url=c["base_url"], source=c["source"], medium=c["medium"],
                                 campaign=c["campaign"], term=c["term"], content=c["content"], utm_id=c["utm_id"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            services.clean(self.data_value())
        except DomainError as e:
            self.add_error(e.field if e.field in self.fields else None, e.message)
        return cleaned


class RuleForm(forms.Form):
    lowercase = forms.BooleanField(label=_("Lower case only"), required=False,
                                   help_text=_("GA4 counts “Facebook” and “facebook” as two sources."))
    separator = forms.ChoiceField(label=_("Separator for spaces"), choices=SeparatorChoice.choices)
    extra_mediums = forms.CharField(label=_("Other mediums you use"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("Separated by commas, e.g. influencer, print, qr. Besides GA4’s "
                                                "own mediums, these are not warned about."))

    def clean_extra_mediums(self) -> list[str]:
        try:
            return services._mediums(self.cleaned_data.get("extra_mediums") or "")
        except DomainError as e:
            raise forms.ValidationError(e.message) from None
