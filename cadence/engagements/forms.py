"""Forms of the engagement screens. They parse and validate input; the services write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.conf import settings
from django.forms.renderers import BaseRenderer
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import COUNTRY_CHOICES, COUNTRY_NAMES, CURRENCY_CHOICES, client_currency
from cadence.core.models import Client, Membership
from cadence.engagements import queries
from cadence.engagements.domain.limits import MAX_MONTHLY_HOURS, MIN_MONTHLY_HOURS
from cadence.engagements.models import (
    Engagement,
    EngagementPhase,
    PhaseKindChoice,
    ProcessTemplate,
    RolloverChoice,
)
from cadence.engagements.phase_fields import (
    GATE_FIELDS,
    LANGUAGE_CODES,
    PHASE_FIELDS,
    PhaseField,
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
    contract_months = forms.IntegerField(
        label=_("Contract length (months)"), min_value=1, max_value=120, required=False,
        help_text=_("Leave empty for an open-ended contract."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, initial="RO",
                                help_text=_("Its public holidays are not working days."))
    subdivision = forms.CharField(label=_("Region (optional)"), max_length=10, required=False,
                                  help_text=_("Only where holidays differ by region, e.g. a state code."))
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="EUR")
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="ro",
                                 help_text=_("The language the client’s screens and reports use."))
    close_after_days = forms.IntegerField(
        label=_("Days until a month closes"), min_value=0, max_value=366, initial=5, required=False,
        help_text=_("After this many days past a month's end, only a manager can change its time entries, "
                    "with a reason."),
    )

    manager = forms.ChoiceField(
        label=_("Account manager"), required=False,
        help_text=_("Receives the KPI alerts of this engagement; when empty, the workspace's owners and managers "
                    "do."))

    def __init__(self, *args: Any, team: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if team is None:  # a new engagement: the manager is chosen later, on its edit page
            del self.fields["manager"]
        else:
            manager: Any = self.fields["manager"]
            manager.choices = [("", "—"), *((str(u.uuid), u.full_name or u.email) for u in team)]
        for field, value in (("country", self.initial.get("country")), ("time_zone", self.initial.get("time_zone")),
                             ("currency", self.initial.get("currency"))):
            choices = list(self.fields[field].choices)  # type: ignore[attr-defined]
            if value and value not in {c for c, _label in choices}:  # set elsewhere (API, admin)
                self.fields[field].choices = [*choices, (value, value)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("time_zone") and data.get("country"):
            data["time_zone"] = default_time_zone(data["country"])
        if data.get("close_after_days") is None:
            data["close_after_days"] = 5
        data["subdivision"] = (data.get("subdivision") or "").strip().upper()
        return data

    @classmethod
    def initial_for(cls, engagement: Engagement) -> dict[str, Any]:
        initial = {f: getattr(engagement, f) for f in (
            "name", "start_date", "contract_months", "country", "subdivision", "time_zone", "currency", "language",
            "close_after_days")}
        initial["manager"] = str(engagement.manager.uuid) if engagement.manager is not None else ""
        return initial


class TermsFields(forms.Form):
    """Hours per month and the rollover rule (the first terms of a new engagement, or a change)."""

    monthly_hours = forms.DecimalField(
        label=_("Hours per month"), min_value=MIN_MONTHLY_HOURS, max_value=MAX_MONTHLY_HOURS, decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
        help_text=_("The hours bought each month; they set the pace of the timeline."),
    )
    rollover_mode = forms.ChoiceField(label=_("Unused hours"), choices=RolloverChoice.choices,
                                      initial=RolloverChoice.NONE, widget=forms.RadioSelect)
    rollover_cap = forms.DecimalField(
        label=_("Carry-over cap (hours)"), min_value=Decimal(0), max_value=Decimal(1000), decimal_places=2,
        required=False, initial=Decimal(0), widget=forms.NumberInput(attrs={"step": "0.5"}),
        help_text=_("At most this many unused hours move to the next month."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rollover_cap") is None:
            data["rollover_cap"] = Decimal(0)
        if data.get("rollover_mode") == RolloverChoice.CARRY and not data.get("rollover_cap"):
            self.add_error("rollover_cap", _("Say how many unused hours may carry over."))
        return data


class TermsForm(TermsFields):
    """New contract terms from a month on."""

    from_month = forms.TypedChoiceField(label=_("From month"), coerce=int)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("E.g. “Upsell agreed on 12 December: more ads work”."))

    field_order = ["from_month", "monthly_hours", "rollover_mode", "rollover_cap", "reason"]

    def __init__(self, *args: Any, months: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_month"].choices = months  # type: ignore[attr-defined]
        self.order_fields(self.field_order)


class EngagementForm(TermsFields, EngagementFieldsForm):
    """A new engagement: also the client, the process template and the first contract terms."""

    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none(), to_field_name="uuid",
                                    empty_label=None)
    template = forms.ModelChoiceField(label=_("Process template"), queryset=ProcessTemplate.objects.none(),
                                      to_field_name="uuid", empty_label=None)
    # The client whose country, currency and language fill the fields: when the chosen client differs, the
    # live preview fills them with the new client's (see ``client_defaults``).
    defaults_for = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["client", "name", "template", "start_date", "monthly_hours", "contract_months", "country",
                   "subdivision", "time_zone", "currency", "language", "rollover_mode", "rollover_cap",
                   "close_after_days"]

    def __init__(self, *args: Any, clients: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["template"].label_from_instance = _template_label  # type: ignore[attr-defined]
        self.order_fields(self.field_order)

    @staticmethod
    def client_defaults(client: Client) -> dict[str, str]:
        """The fields a new engagement takes from its client: country (and so time zone), currency, language."""
        country = client.country if client.country in COUNTRY_NAMES else "RO"
        return {"country": country, "time_zone": "", "currency": client_currency(client),
                "language": client.language, "defaults_for": str(client.uuid)}

    @classmethod
    def initial_for_client(cls, client: Client | None, today: dt.date) -> dict[str, Any]:
        # The next Monday: retainers usually start at the beginning of a week.
        start = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
        initial: dict[str, Any] = {"start_date": start, "monthly_hours": Decimal(40), "country": "RO",
                                   "currency": "EUR", "language": "ro", "rollover_mode": RolloverChoice.NONE,
                                   "rollover_cap": Decimal(0), "close_after_days": 5}
        if client is not None:
            initial.update(cls.client_defaults(client), client=client.uuid, name="")
        return initial


def _template_label(template: ProcessTemplate) -> str:
    from cadence.engagements.queries import tr

    return tr(template.name) if template.builtin else template.name


def plain_decimal(value: Any) -> Any:
    """40.00 -> 40, 12.50 -> 12.5 (never 4E+1): what the editor shows in a number field."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return value
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _int(bound: Decimal | int | None) -> int | None:
    """An integer field's bound (the specs give them as ints already)."""
    return None if bound is None else int(bound)


def _form_fields(specs: tuple[PhaseField, ...]) -> dict[str, forms.Field]:
    """Django form fields for a list of phase (or gate) field specs: the editor's form is derived from it."""
    out: dict[str, forms.Field] = {}
    for f in specs:
        common: dict[str, Any] = {"label": f.label, "required": f.required, "help_text": f.help_text}
        if f.type == "texts":
            for code, language in settings.LANGUAGES:
                widget = forms.Textarea(attrs={"rows": 2}) if f.multiline else forms.TextInput()
                out[f"{f.name}_{code}"] = forms.CharField(label=language, max_length=f.max_length, required=False,
                                                          widget=widget)
        elif f.type == "int":
            attrs = {"class": "input-narrow"} if f.name == "order" else {}
            out[f.name] = forms.IntegerField(min_value=_int(f.min_value), max_value=_int(f.max_value), initial=f.default,
                                             widget=forms.NumberInput(attrs=attrs), **common)
        elif f.type == "decimal":
            # Localised: "32,5" in Romanian and Russian is read and shown with the decimal comma.
            out[f.name] = forms.DecimalField(min_value=f.min_value, max_value=f.max_value,
                                             decimal_places=f.decimal_places, initial=f.default, localize=True,
                                             widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
        elif f.type == "slug":
            out[f.name] = forms.SlugField(max_length=f.max_length, **common)
        elif f.type == "choice":
            # The select always submits a kind; its initial must be the option shown first, or the empty
            # "new phase" card counts as changed and asks for a key and a name (the bug that blocked saves).
            out[f.name] = forms.ChoiceField(choices=PhaseKindChoice.choices, initial=f.default, **common)
        elif f.type == "keys":
            out[f.name] = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, **common)
        elif f.type == "hidden":
            out[f.name] = forms.CharField(max_length=f.max_length, required=False, widget=forms.HiddenInput)
        elif f.type == "bool":
            out[f.name] = forms.BooleanField(initial=bool(f.default), **{**common, "required": False})
    return out


def spec_initial(row: Any, specs: tuple[PhaseField, ...]) -> dict[str, Any]:
    """A stored phase or gate as the initial values of its form (plus its source texts)."""
    initial: dict[str, Any] = {}
    for f in specs:
        if f.type == "texts":
            texts = getattr(row, f.name) or {}
            initial.update({f"{f.name}_{code}": texts.get(code, "") for code in LANGUAGE_CODES})
            initial[f.source] = getattr(row, f.source)
        elif f.type == "keys":
            initial[f.name] = list(getattr(row, f.name) or [])
        else:
            initial[f.name] = plain_decimal(getattr(row, f.name))
    return initial


class SpecForm(forms.Form):
    """A form whose fields are derived from a list of field specs (phases, gates)."""

    specs: tuple[PhaseField, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.specs:
            source = self.initial.get(f.source) if f.type == "texts" else None
            if source and source in queries.builtin_texts():
                # A built-in text: each language shows its translation until a custom text is typed.
                for code in LANGUAGE_CODES:
                    with translation.override(code):
                        self.fields[f"{f.name}_{code}"].widget.attrs["placeholder"] = translation.gettext(source)

    def _builtin(self, f: PhaseField) -> bool:
        return self.initial.get(f.source) in queries.builtin_texts()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for f in self.specs:
            if f.type == "texts" and f.required and not self._builtin(f):
                if not any((data.get(f"{f.name}_{code}") or "").strip() for code in LANGUAGE_CODES):
                    self.add_error(f"{f.name}_{LANGUAGE_CODES[0]}", _("Give it a name in at least one language."))
        return data

    def row(self) -> dict[str, Any]:
        """The cleaned values as a row for the services (per-language texts as dicts)."""
        d = self.cleaned_data
        out: dict[str, Any] = {}
        for f in self.specs:
            if f.type == "texts":
                out[f.name] = {code: d.get(f"{f.name}_{code}") or "" for code in LANGUAGE_CODES}
                if self._builtin(f):  # keep the built-in text (and its translations) as the source
                    out[f.source] = self.initial[f.source]
            elif f.type == "keys":
                out[f.name] = list(d.get(f.name) or [])
            elif f.type == "bool":
                out[f.name] = bool(d.get(f.name))
            else:
                value = d.get(f.name)
                out[f.name] = f.default if value in (None, "") and f.default is not None else value
        return out

    def layout(self) -> list[dict[str, Any]]:
        """The fields in spec order for the template: one group per spec, with the kinds it applies to."""
        groups = []
        for f in self.specs:
            if f.type == "hidden":
                continue
            names = [f"{f.name}_{code}" for code in LANGUAGE_CODES] if f.type == "texts" else [f.name]
            groups.append({"spec": f, "name": f.name, "fields": [self[n] for n in names],
                           "kinds": " ".join(f"for-{k}" for k in f.kinds)})
        return groups

    def title(self) -> str:
        """The name of this phase or gate as the reader would see it (the card's legend)."""
        texts = {code: str(self[f"names_{code}"].value() or "").strip() for code in LANGUAGE_CODES}
        return queries.display_text(self.initial.get("name") or "", {k: v for k, v in texts.items() if v})

    def hidden_specs(self) -> list[Any]:
        return [self[f.name] for f in self.specs if f.type == "hidden"]


class _PhaseForm(SpecForm):
    """One phase of the phase editor (engagement or template); fields from ``phase_fields.PHASE_FIELDS``."""

    specs = PHASE_FIELDS

    def __init__(self, *args: Any, gate_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requires_gates"].choices = gate_choices or []  # type: ignore[attr-defined]

    def kind_values(self) -> dict[str, Any]:
        """The numbers the kind's explanation names: the posted values once checked, else the initial ones."""
        cleaned = getattr(self, "cleaned_data", None) or {}
        out: dict[str, Any] = {}
        for name in ("effort_hours", "min_days", "expected_days", "max_days", "share"):
            if name in cleaned and cleaned[name] is not None:
                out[name] = cleaned[name]
            elif self.is_bound:
                out[name] = self[name].value()
            else:
                out[name] = self.initial.get(name, self.fields[name].initial)
        try:
            out["share_percent"] = int(Decimal(str(out["share"])) * 100)
        except (InvalidOperation, ValueError, TypeError):
            out["share_percent"] = out["share"]
        return out


PhaseForm = type("PhaseForm", (_PhaseForm,), {"__module__": __name__, **_form_fields(PHASE_FIELDS)})


class BasePhaseFormSet(forms.BaseFormSet[_PhaseForm]):
    renderer: BaseRenderer  # set on the class by formset_factory(); django-stubs does not declare it
    def __init__(self, *args: Any, gate_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        self.gate_choices = gate_choices or []
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "gate_choices": self.gate_choices}

    @property
    def empty_form(self) -> _PhaseForm:
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
                         use_required_attribute=False, gate_choices=self.gate_choices,
                         renderer=self.renderer)
        self.add_fields(form, None)
        return form

    def clean(self) -> None:
        keys: set[str | None] = set()
        for form in self.forms:
            # _should_delete_form(): Django's, not in the stubs
            if not form.has_changed() and form.empty_permitted or self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            key = form.cleaned_data.get("key")
            if key in keys:
                form.add_error("key", _("Each phase needs its own key."))
            keys.add(key)

    def rows(self) -> list[dict[str, Any]]:
        """The phases to keep, in their order."""
        kept = [f.row() for f in self.forms
                if f.cleaned_data and not self._should_delete_form(f)  # type: ignore[attr-defined]  # not in the stubs
                and not (f.empty_permitted and not f.has_changed())]
        return sorted(kept, key=lambda r: r["order"])


# formset_factory() returns a subclass of formset=; django-stubs types it as the plain BaseFormSet.
PhaseFormSet = cast("type[BasePhaseFormSet]",
                    forms.formset_factory(PhaseForm, formset=BasePhaseFormSet, extra=1, can_delete=True))


def phase_initial(phases: Any) -> list[dict[str, Any]]:
    return [{**spec_initial(p, PHASE_FIELDS), "order": (i + 1) * 10} for i, p in enumerate(phases)]


class _GateForm(SpecForm):
    specs = GATE_FIELDS


GateForm = type("GateForm", (_GateForm,), {"__module__": __name__, **_form_fields(GATE_FIELDS)})


def gate_initial(gates: Any) -> list[dict[str, Any]]:
    return [spec_initial(g, GATE_FIELDS) for g in gates]


class BaseGateFormSet(forms.BaseFormSet[_GateForm]):
    def rows(self) -> list[dict[str, Any]]:
        return [f.row() for f in self.forms
                if f.cleaned_data and not self._should_delete_form(f)  # type: ignore[attr-defined]  # not in the stubs
                and not (f.empty_permitted and not f.has_changed())]


GateFormSet = cast("type[BaseGateFormSet]",
                   forms.formset_factory(GateForm, formset=BaseGateFormSet, extra=1, can_delete=True))


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
    reason = forms.CharField(
        label=_("Reason (closed months only)"), max_length=500, required=False,
        help_text=_("A closed month's entries change only with a manager's reason, kept in the history."),
    )

    def __init__(self, *args: Any, phases: list[EngagementPhase], members: list[Membership] | None,
                 with_reason: bool | None = None, **kwargs: Any) -> None:
        """``members``: whom a manager may log for (None: no Person field). ``with_reason``: show the
        closed-month reason (only managers change closed months); by default with the Person field."""
        super().__init__(*args, **kwargs)
        self._phases = {p.key: p for p in phases}
        self.fields["phase"].choices = list(queries.display_names(phases).items())  # type: ignore[attr-defined]
        self._members = {str(m.uuid): m for m in members or []}
        if not (members is not None if with_reason is None else with_reason):
            del self.fields["reason"]
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
    approved_by = forms.CharField(label=_("Approved by (client side)"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)
    reason = forms.CharField(label=_("Why reopen it?"), max_length=1000, required=False)
    reopen = forms.BooleanField(required=False)


class GateApproveForm(forms.Form):
    note = forms.CharField(label=_("Note for the agency (optional)"), max_length=1000, required=False)


class TimeFilterForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False, empty_value=None)
    person = forms.ChoiceField(label=_("Person"), required=False)

    def __init__(self, *args: Any, months: list[tuple[int, str]], members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", _("All months")), *months]  # type: ignore[attr-defined]
        self.fields["person"].choices = [("", _("Everyone")), *(  # type: ignore[attr-defined]
            (str(m.uuid), m.user.display_name) for m in members)]


class MonthCloseForm(forms.Form):
    """Close a month's time entries, or reopen them (with a reason)."""

    action = forms.ChoiceField(choices=[("close", "close"), ("reopen", "reopen")])
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class EntryDeleteForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
