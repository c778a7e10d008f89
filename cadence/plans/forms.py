"""The plan's forms: one generic record form per kind (``records.KINDS``), the guided answers of a section,
the brief, and the review, template and comparison forms.

Forms only parse: the services decide (``DomainError`` with the field it concerns, shown next to it).
Numbers are localised (a decimal comma reads back in Romanian and Russian), dates are ``<input type=date>``
and a foreign key is a choice among the plan's own records, posted as the record's uid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import COUNTRY_CHOICES
from cadence.plans import services
from cadence.plans.domain.completeness import SECTIONS
from cadence.plans.domain.metrics import METRICS
from cadence.plans.models import Plan, PlanRow, SectionChoice
from cadence.plans.questions import Question
from cadence.plans.records import RecordKind

DATE_FORMAT = "%Y-%m-%d"


def metric_choices(*, blank: str) -> list[tuple[str, str]]:
    """The documented KPI metric keys, labelled in the reader's language (the key in brackets)."""
    return [("", blank)] + [(key, f"{gettext(m.label)} ({key})") for key, m in METRICS.items()]


def _record_label(kind: RecordKind, row: PlanRow) -> str:
    for name in ("title", "name", "text", "channel", "person"):
        value = getattr(row, name, "")
        if isinstance(value, str) and value.strip():
            return value
    return f"{kind.label} {row.position}"


class RecordChoiceField(forms.ChoiceField):
    """A record of the same plan, by uid."""


class RecordForm(forms.Form):
    """The editable fields of one record kind, built from its model fields (labels and help are the model's)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, kind: RecordKind, plan: Plan, related: Mapping[str, Iterable[PlanRow]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in kind.fields:
            field = kind.field(name)
            self.fields[name] = self._form_field(name, field, related)
        self.order_fields([*kind.fields, "revision"])

    def _form_field(self, name: str, field: models.Field[Any, Any],
                    related: Mapping[str, Iterable[PlanRow]]) -> forms.Field:
        label = capfirst(field.verbose_name)
        if isinstance(field, models.ForeignKey):
            target = self.kind.target_kind(name)
            rows = related.get(target, ())
            from cadence.plans.records import KINDS

            spec = KINDS[target]
            required = not field.null or (name == self.kind.parent and not self.kind.parent_optional)
            blank = "—" if not required else ""
            choices = ([("", blank or "—")] if not required else []) + [
                (str(r.uuid), _record_label(spec, r)) for r in rows]
            if name == "competitor" and self.kind.kind == "swot_item":
                choices[0] = ("", gettext("Our client (its own SWOT)"))
            return RecordChoiceField(label=label, choices=choices, required=required)
        if name == "countries":
            return forms.MultipleChoiceField(label=label, choices=COUNTRY_CHOICES, required=False,
                                             widget=forms.SelectMultiple(attrs={"size": 6}),
                                             help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."))
        if name == "metric_key":
            blank = gettext("No KPI yet") if self.kind.kind == "smm_task" else "—"
            return forms.ChoiceField(label=label, choices=metric_choices(blank=blank), required=False)
        if isinstance(field, models.DateField):
            return forms.DateField(label=label, required=not field.blank, input_formats=[DATE_FORMAT, "%d.%m.%Y"],
                                   widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT))
        if isinstance(field, models.DecimalField):
            return forms.DecimalField(label=label, required=not field.blank, localize=True,
                                      max_digits=field.max_digits, decimal_places=field.decimal_places,
                                      widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        if isinstance(field, models.BooleanField):
            return forms.BooleanField(label=label, required=False)
        if isinstance(field, models.TextField):
            return forms.CharField(label=label, required=not field.blank,
                                   widget=forms.Textarea(attrs={"rows": 3}))
        formfield = field.formfield(localize=True)
        assert formfield is not None
        formfield.label = label
        if field.choices and field.blank:
            formfield.required = False
        return formfield

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as the services take them (a foreign key as the target's uid or None)."""
        out: dict[str, Any] = {}
        for name in self.kind.fields:
            value = self.cleaned_data.get(name)
            if isinstance(self.fields[name], RecordChoiceField):
                value = value or None
            out[name] = value
        return out


def record_initial(kind: RecordKind, row: PlanRow) -> dict[str, Any]:
    out: dict[str, Any] = {"revision": row.revision}
    for name in kind.fields:
        field = kind.field(name)
        if isinstance(field, models.ForeignKey):
            target = getattr(row, name)
            out[name] = str(target.uuid) if target is not None else ""
        else:
            value = getattr(row, name)
            if isinstance(value, Decimal) and value.is_finite():
                value = Decimal(format(value.normalize(), "f"))  # 2400, not 2400,0000
            out[name] = value
    return out


class AnswersForm(forms.Form):
    """The guided questions of a section (or of the brief): one Markdown answer each, with the revision the
    answer was loaded at (``rev-<key>``) so a concurrent edit is refused, never overwritten."""

    def __init__(self, *args: Any, questions: Iterable[Question], revisions: Mapping[str, int | None],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[q.key] = forms.CharField(
                label=q.text, help_text=q.help, required=False, max_length=20000,
                widget=forms.Textarea(attrs={"rows": 4, "placeholder": q.example or ""}))
            self.fields[f"rev-{q.key}"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
            rev = revisions.get(q.key)
            self.initial.setdefault(f"rev-{q.key}", rev if rev is not None else "")

    def answer_fields(self) -> list[tuple[Question, forms.BoundField]]:
        return [(q, self[q.key]) for q in self.questions]

    def revision_of(self, key: str) -> int | None:
        value = self.cleaned_data.get(f"rev-{key}")
        return int(value) if value is not None else None


SECTION_CHOICES = [(s.value, label) for s, (_v, label) in zip(SECTIONS, SectionChoice.choices, strict=True)]


class ReviewForm(forms.Form):
    """The client approver's decision on the version in review."""

    APPROVE, CHANGES = "approve", "changes"
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (CHANGES, _("Request changes"))],
                                 widget=forms.HiddenInput)
    section = forms.ChoiceField(label=_("Section"), choices=SECTION_CHOICES, required=False)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=services.COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("Note for the agency (optional)"), required=False,
                           max_length=services.APPROVAL_NOTE_MAX)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.CHANGES:
            if not data.get("section"):
                self.add_error("section", gettext("Choose the section the change is about."))
            if not (data.get("comment") or "").strip():
                self.add_error("comment", gettext("Say what should change."))
        return data


class TemplateSaveForm(forms.Form):
    name = forms.CharField(label=_("Template name"), max_length=160)


class TemplateStartForm(forms.Form):
    plan_template = forms.ChoiceField(label=_("Template"))

    def __init__(self, *args: Any, templates: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan_template"].choices = [(str(t.uuid), t.name) for t in templates]  # type: ignore[attr-defined]


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("From version"), min_value=1)
    b = forms.IntegerField(label=_("To version"), min_value=1)
