"""Forms of the engagement screens. They parse and validate input; the services write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import COUNTRY_CHOICES, COUNTRY_NAMES
from cadence.core.models import Client, Membership
from cadence.engagements.models import (
    Engagement,
    EngagementPhase,
    PhaseKindChoice,
    ProcessTemplate,
    RolloverChoice,
)

# Time zones people pick from; the country's own zone is the default.
COUNTRY_TIME_ZONES: dict[str, str] = {
    "RO": "Europe/Bucharest", "MD": "Europe/Chisinau", "RU": "Europe/Moscow", "UA": "Europe/Kyiv",
    "BY": "Europe/Minsk", "KZ": "Asia/Almaty", "BG": "Europe/Sofia", "PL": "Europe/Warsaw",
    "HU": "Europe/Budapest", "CZ": "Europe/Prague", "AT": "Europe/Vienna", "DE": "Europe/Berlin",
    "FR": "Europe/Paris", "IT": "Europe/Rome", "ES": "Europe/Madrid", "PT": "Europe/Lisbon",
    "NL": "Europe/Amsterdam", "BE": "Europe/Brussels", "GB": "Europe/London", "IE": "Europe/Dublin",
    "US": "America/New_York", "CA": "America/Toronto",
}
COMMON_TIME_ZONES = sorted({
    *COUNTRY_TIME_ZONES.values(), "UTC", "Europe/Istanbul", "Europe/Athens", "Europe/Helsinki",
    "Asia/Tbilisi", "Asia/Yerevan", "Asia/Dubai", "America/Chicago", "America/Denver", "America/Los_Angeles",
    "Europe/Samara", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok",
})
TIME_ZONE_CHOICES: list[tuple[str, Any]] = [("", _("The country’s time zone")), *((z, z) for z in COMMON_TIME_ZONES)]

COUNTRY_CURRENCIES: dict[str, str] = {
    "RO": "RON", "MD": "MDL", "RU": "RUB", "UA": "UAH", "BY": "BYN", "KZ": "KZT", "BG": "BGN", "PL": "PLN",
    "HU": "HUF", "CZ": "CZK", "GB": "GBP", "US": "USD", "CA": "CAD",
}
CURRENCY_CHOICES: list[tuple[str, str]] = [
    (c, c) for c in ("EUR", "RON", "MDL", "RUB", "UAH", "USD", "GBP", "PLN", "BGN", "HUF", "CZK", "BYN", "KZT", "CAD")
]


def default_time_zone(country: str) -> str:
    return COUNTRY_TIME_ZONES.get(country, "UTC")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class EngagementFieldsForm(forms.Form):
    """The fields an engagement has after it is created (edit form)."""

    name = forms.CharField(label=_("Name"), max_length=160,
                           help_text=_("E.g. “Social media and ads retainer”."))
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    monthly_hours = forms.DecimalField(
        label=_("Hours per month"), min_value=Decimal("0.5"), max_value=Decimal(1000), decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
        help_text=_("The hours bought each month; they set the pace of the timeline."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, initial="RO",
                                help_text=_("Its public holidays are not working days."))
    subdivision = forms.CharField(label=_("Region (optional)"), max_length=10, required=False,
                                  help_text=_("Only where holidays differ by region, e.g. a state code."))
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="EUR")
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="ro",
                                 help_text=_("The language the client’s screens and reports use."))
    rollover_mode = forms.ChoiceField(label=_("Unused hours"), choices=RolloverChoice.choices,
                                      initial=RolloverChoice.NONE, widget=forms.RadioSelect)
    rollover_cap = forms.DecimalField(
        label=_("Carry-over cap (hours)"), min_value=Decimal(0), max_value=Decimal(1000), decimal_places=2,
        required=False, initial=Decimal(0), widget=forms.NumberInput(attrs={"step": "0.5"}),
        help_text=_("At most this many unused hours move to the next month."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, value in (("country", self.initial.get("country")), ("time_zone", self.initial.get("time_zone")),
                             ("currency", self.initial.get("currency"))):
            choices = list(self.fields[field].choices)  # type: ignore[attr-defined]
            if value and value not in {c for c, _label in choices}:  # set elsewhere (API, admin)
                self.fields[field].choices = [*choices, (value, value)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("time_zone") and data.get("country"):
            data["time_zone"] = default_time_zone(data["country"])
        if data.get("rollover_cap") is None:
            data["rollover_cap"] = Decimal(0)
        if data.get("rollover_mode") == RolloverChoice.CARRY and not data.get("rollover_cap"):
            self.add_error("rollover_cap", _("Say how many unused hours may carry over."))
        data["subdivision"] = (data.get("subdivision") or "").strip().upper()
        return data

    @classmethod
    def initial_for(cls, engagement: Engagement) -> dict[str, Any]:
        return {f: getattr(engagement, f) for f in (
            "name", "start_date", "monthly_hours", "country", "subdivision", "time_zone", "currency", "language",
            "rollover_mode", "rollover_cap")}


class EngagementForm(EngagementFieldsForm):
    """A new engagement: also the client and the process template."""

    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none(), to_field_name="uuid",
                                    empty_label=None)
    template = forms.ModelChoiceField(label=_("Process template"), queryset=ProcessTemplate.objects.none(),
                                      to_field_name="uuid", empty_label=None)

    field_order = ["client", "name", "template", "start_date", "monthly_hours", "country", "subdivision",
                   "time_zone", "currency", "language", "rollover_mode", "rollover_cap"]

    def __init__(self, *args: Any, clients: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["template"].label_from_instance = _template_label  # type: ignore[attr-defined]
        self.order_fields(self.field_order)

    @classmethod
    def initial_for_client(cls, client: Client | None, today: dt.date) -> dict[str, Any]:
        # The next Monday: retainers usually start at the beginning of a week.
        start = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
        initial: dict[str, Any] = {"start_date": start, "monthly_hours": Decimal(40), "country": "RO",
                                   "currency": "EUR", "language": "ro", "rollover_mode": RolloverChoice.NONE,
                                   "rollover_cap": Decimal(0)}
        if client is not None:
            country = client.country if client.country in COUNTRY_NAMES else "RO"
            initial.update(client=client.uuid, country=country, language=client.language,
                           currency=COUNTRY_CURRENCIES.get(country, "EUR"), name="")
        return initial


def _template_label(template: ProcessTemplate) -> str:
    from cadence.engagements.queries import tr

    return tr(template.name) if template.builtin else template.name


class PhaseForm(forms.Form):
    """One phase row of the phase editor (engagement or template)."""

    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999,
                               widget=forms.NumberInput(attrs={"class": "input-narrow"}))
    key = forms.SlugField(label=_("Key"), max_length=60,
                          help_text=_("Short id, letters, digits and dashes; time entries refer to it."))
    name = forms.CharField(label=_("Name"), max_length=160)
    # The select always submits a kind; its initial must be the option shown first, or the empty "new
    # phase" card counts as changed and asks for a key and a name (the bug that blocked every save).
    kind = forms.ChoiceField(label=_("Kind"), choices=PhaseKindChoice.choices, initial=PhaseKindChoice.EFFORT)
    effort_hours = forms.DecimalField(label=_("Effort (hours)"), min_value=Decimal(0), max_value=Decimal(10000),
                                      decimal_places=2, required=False, initial=Decimal(0))
    min_days = forms.IntegerField(label=_("Min. days"), min_value=0, max_value=1000, required=False, initial=0)
    expected_days = forms.IntegerField(label=_("Expected days"), min_value=0, max_value=1000, required=False,
                                       initial=0)
    max_days = forms.IntegerField(label=_("Max. days"), min_value=0, max_value=1000, required=False, initial=0)
    share = forms.DecimalField(label=_("Guaranteed share"), min_value=Decimal(0), max_value=Decimal(1),
                               decimal_places=2, required=False, initial=Decimal("0.5"),
                               help_text=_("For continuous phases: 0.5 keeps half of each day."))
    not_before_month = forms.IntegerField(label=_("Not before month"), min_value=1, max_value=120, required=False)
    alongside = forms.CharField(label=_("Runs alongside (phase key)"), max_length=60, required=False)
    requires_gates = forms.MultipleChoiceField(label=_("Gates required"), required=False,
                                               widget=forms.CheckboxSelectMultiple)
    category = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)
    description = forms.CharField(label=_("Plain-language explanation for the client"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, gate_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requires_gates"].choices = gate_choices or []  # type: ignore[attr-defined]

    def row(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "order": d["order"], "key": d["key"], "name": d["name"], "kind": d["kind"],
            "effort_hours": d.get("effort_hours") or Decimal(0), "min_days": d.get("min_days") or 0,
            "expected_days": d.get("expected_days") or 0, "max_days": d.get("max_days") or 0,
            "share": d["share"] if d.get("share") is not None else Decimal("0.5"),
            "not_before_month": d.get("not_before_month"), "alongside": (d.get("alongside") or "").strip() or None,
            "requires_gates": list(d.get("requires_gates") or []), "category": d.get("category") or "",
            "description": d.get("description") or "",
        }


class BasePhaseFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, gate_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        self.gate_choices = gate_choices or []
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "gate_choices": self.gate_choices}

    @property
    def empty_form(self) -> forms.Form:
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
                         use_required_attribute=False, gate_choices=self.gate_choices,
                         renderer=self.renderer)
        self.add_fields(form, None)
        return form

    def clean(self) -> None:
        keys: set[str] = set()
        for form in self.forms:
            if not form.has_changed() and form.empty_permitted or self._should_delete_form(form):
                continue
            key = form.cleaned_data.get("key")
            if key in keys:
                form.add_error("key", _("Each phase needs its own key."))
            keys.add(key)

    def rows(self) -> list[dict[str, Any]]:
        """The phases to keep, in their order."""
        kept = [f.row() for f in self.forms
                if f.cleaned_data and not self._should_delete_form(f)
                and not (f.empty_permitted and not f.has_changed())]
        return sorted(kept, key=lambda r: r["order"])


PhaseFormSet = forms.formset_factory(PhaseForm, formset=BasePhaseFormSet, extra=1, can_delete=True)


def phase_initial(phases: Any) -> list[dict[str, Any]]:
    return [{
        "order": (i + 1) * 10, "key": p.key, "name": p.name, "kind": p.kind, "effort_hours": p.effort_hours,
        "min_days": p.min_days, "expected_days": p.expected_days, "max_days": p.max_days, "share": p.share,
        "not_before_month": p.not_before_month, "alongside": p.alongside, "requires_gates": list(p.requires_gates or []),
        "category": p.category, "description": p.description,
    } for i, p in enumerate(phases)]


class GateForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=160)
    after_phase = forms.SlugField(label=_("Passes after phase (key)"), max_length=60)
    description = forms.CharField(label=_("Plain-language explanation"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class BaseGateFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict[str, Any]]:
        return [dict(f.cleaned_data) for f in self.forms
                if f.cleaned_data and not self._should_delete_form(f)
                and not (f.empty_permitted and not f.has_changed())]


GateFormSet = forms.formset_factory(GateForm, formset=BaseGateFormSet, extra=1, can_delete=True)


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TemplateCopyForm(forms.Form):
    name = forms.CharField(label=_("Name of the copy"), max_length=160, required=False)


class TimeEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.25"), max_value=Decimal(24), decimal_places=2,
                               widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "24"}))
    phase = forms.ChoiceField(label=_("Phase"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("What was done (optional)")}))
    person = forms.ChoiceField(label=_("Person"), required=False)

    def __init__(self, *args: Any, phases: list[EngagementPhase], members: list[Membership] | None,
                 **kwargs: Any) -> None:
        from cadence.engagements.queries import tr

        super().__init__(*args, **kwargs)
        self._phases = {p.key: p for p in phases}
        self.fields["phase"].choices = [(p.key, tr(p.name)) for p in phases]  # type: ignore[attr-defined]
        self._members = {str(m.uuid): m for m in members or []}
        if members is None:
            del self.fields["person"]
        else:
            self.fields["person"].choices = [("", _("Me"))] + [  # type: ignore[attr-defined]
                (str(m.uuid), m.user.display_name) for m in members]

    @property
    def phase_obj(self) -> EngagementPhase:
        return self._phases[self.cleaned_data["phase"]]

    @property
    def person_user(self) -> Any:
        member = self._members.get(self.cleaned_data.get("person") or "")
        return member.user if member else None


class OverrideForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Engagement month"), coerce=int)
    extra_hours = forms.DecimalField(label=_("Extra hours allowed"), min_value=Decimal("0.25"),
                                     max_value=Decimal(1000), decimal_places=2,
                                     widget=forms.NumberInput(attrs={"step": "0.25"}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The client can read it: say what the extra hours are for."))

    def __init__(self, *args: Any, months: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = months  # type: ignore[attr-defined]


class PhaseCompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DateInput)
    reopen = forms.BooleanField(required=False)


class GateRecordForm(forms.Form):
    passed_on = forms.DateField(label=_("Passed on"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)
    reopen = forms.BooleanField(required=False)


class TimeFilterForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False, empty_value=None)
    person = forms.ChoiceField(label=_("Person"), required=False)

    def __init__(self, *args: Any, months: list[tuple[int, str]], members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", _("All months")), *months]  # type: ignore[attr-defined]
        self.fields["person"].choices = [("", _("Everyone")), *(  # type: ignore[attr-defined]
            (str(m.uuid), m.user.display_name) for m in members)]
