"""The imports' forms: the upload, the column-mapping step (one select per header of the file), the
confirmation (an exchange rate when the export's currency is not the engagement's). The measures' and
fields' translated names (``FIELD_LABELS``) serve the pages too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.metrics.domain.facts import DIMENSIONS, MEASURES, MONEY
from cadence.metrics.domain.reader import DATE_FORMATS, NUMBER_STYLES
from cadence.metrics.models import Level, Platform

FIELD_LABELS: dict[str, Any] = {
    "date": _("Date (or first day)"), "date_end": _("Last day"), "account": _("Account"),
    "campaign": _("Campaign"), "ad_set": _("Ad set"), "ad": _("Ad"), "item": _("Post or item"),
    "source": _("Source"), "medium": _("Medium"), "currency": _("Currency"),
    "impressions": _("Impressions"), "reach": _("Reach"), "clicks": _("Clicks"), "link_clicks": _("Link clicks"),
    "spend": _("Amount spent"), "results": _("Results"), "conversions": _("Conversions"),
    "conversion_value": _("Conversion value"), "sessions": _("Sessions"), "engaged_sessions": _("Engaged sessions"),
    "followers": _("Followers"), "likes": _("Likes"), "comments": _("Comments"), "shares": _("Shares"),
    "saves": _("Saves"), "video_views": _("Video views"),
}

NUMBER_STYLE_LABELS: dict[str, str] = {
    "comma_dot": "1,234.56", "dot_comma": "1.234,56", "space_comma": "1 234,56", "plain": "1234.56",
}

SAVE_AS_MAX = 120


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def totals(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The measures' totals in the pages' order, with their translated names."""
    return [{"measure": m, "label": field_label(m), "value": values[m], "money": m in MONEY}
            for m in MEASURES if values.get(m) is not None]


def _field_choices() -> list[tuple[Any, Any]]:
    return [("", "—"), (_("Who and when"), [(d, FIELD_LABELS.get(d, d)) for d in DIMENSIONS]),
            (_("Measures"), [(m, FIELD_LABELS.get(m, m)) for m in MEASURES])]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Export file (CSV or XLSX)"), allow_empty_file=True,
                           help_text=_("An export of Meta Ads, Google Ads, Google Analytics 4, Meta Business Suite, "
                                       "TikTok Ads or LinkedIn, as downloaded; any other table gets a column mapping."))


class MappingForm(forms.Form):
    """One select per header cell (``col_<i>``): which field that column holds. ``mapping()`` gives
    field -> header text, as the services take it."""

    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    level = forms.ChoiceField(label=_("Level of the rows"), choices=Level.choices)
    number_style = forms.ChoiceField(label=_("Number format"), required=False)
    date_format = forms.ChoiceField(label=_("Date format"), required=False)
    currency = forms.RegexField(label=_("Currency of the amounts"), regex=r"^[A-Za-z]{3}$", required=False,
                                max_length=3, help_text=_("Three letters, such as EUR; empty: the engagement's."))
    save_as = forms.CharField(label=_("Save the mapping as"), max_length=SAVE_AS_MAX, required=False,
                              help_text=_("The next file with the same columns is then read with it."))

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        number_style: Any = self.fields["number_style"]
        number_style.choices = [("", _("Detect")), *((s, NUMBER_STYLE_LABELS.get(s, s)) for s in NUMBER_STYLES)]
        date_format: Any = self.fields["date_format"]
        date_format.choices = [("", _("Detect")), *((f, _example_date(f)) for f in DATE_FORMATS)]
        for i, header in enumerate(headers):
            self.fields[f"col_{i}"] = forms.ChoiceField(label=header or f"#{i + 1}", choices=_field_choices(),
                                                        required=False)

    def column_fields(self) -> list[Any]:
        return [self[f"col_{i}"] for i in range(len(self.headers))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dict[str, str] = {}
        for i, header in enumerate(self.headers):
            field = data.get(f"col_{i}") or ""
            if not field:
                continue
            if field in seen:
                self.add_error(f"col_{i}", _("“%(field)s” is already the column “%(header)s”.")
                               % {"field": field_label(field), "header": seen[field]})
            else:
                seen[field] = header
        data["currency"] = (data.get("currency") or "").upper()
        return data

    def mapping(self) -> dict[str, str]:
        return {self.cleaned_data[f"col_{i}"]: header for i, header in enumerate(self.headers)
                if self.cleaned_data.get(f"col_{i}")}

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"mapping": self.mapping(), "platform": d["platform"], "level": d["level"],
                "number_style": d.get("number_style") or "", "date_format": d.get("date_format") or "",
                "currency": d.get("currency") or "", "save_as": (d.get("save_as") or "").strip()}


def mapping_initial(headers: list[str], mapping: dict[str, str], **others: Any) -> dict[str, Any]:
    by_header = {header: field for field, header in mapping.items()}
    initial: dict[str, Any] = {f"col_{i}": by_header.get(h, "") for i, h in enumerate(headers)}
    initial.update({k: v for k, v in others.items() if v})
    return initial


def _example_date(fmt: str) -> str:
    return dt.datetime(2026, 3, 31, 14, 5, tzinfo=dt.UTC).strftime(fmt)


class ConfirmForm(forms.Form):
    exchange_rate = forms.DecimalField(label=_("Exchange rate"), required=False, min_value=Decimal("0.000001"),
                                       max_digits=18, decimal_places=6,
                                       help_text=_("How much one unit of the export's currency is in the "
                                                   "engagement's currency."))
