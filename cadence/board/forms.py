"""Forms of the board's pages. They parse and check input (lengths, characters, ranges, choices of this
engagement's phases, people and labels); the services write and apply the rules (gates, reviewers, limits)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cadence.board.domain.workflow import COLUMNS
from cadence.board.models import (
    ColumnChoice,
    Initiative,
    Label,
    RecurrenceChoice,
    RoleChoice,
    TemplateTasksChoice,
)
from cadence.core.errors import DomainError
from cadence.core.models import Membership
from cadence.core.validation import MAX_DATE, MIN_DATE, clean_name, clean_text

DESCRIPTION_MAX = 20000
TITLE_MAX = 200
MAX_ESTIMATE = Decimal(1000)
WIP_MAX = 999
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _checked(value: Any, check: Any, **kwargs: Any) -> Any:
    """Run a ``cadence.core.validation`` helper and turn its refusal into the field's error."""
    try:
        return check(value, **kwargs)
    except DomainError as e:
        raise ValidationError(e.message, code=e.code) from None


def _in_range(value: dt.date | None) -> dt.date | None:
    if value is not None and not MIN_DATE <= value <= MAX_DATE:
        raise ValidationError(_("Dates must lie between %(min)s and %(max)s.") % {
            "min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()})
    return value


def team_choices(team: Iterable[Membership]) -> list[tuple[str, str]]:
    return [(str(m.uuid), m.user.display_name) for m in team]


def estimate_field(label: Any = None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label or _("Estimate (hours)"), required=False, min_value=Decimal(0), max_value=MAX_ESTIMATE,
        decimal_places=2, localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "6"}))


class PeopleMixin:
    """Turns a member's public id (a select's value) back into the user."""

    _team: dict[str, Membership]

    def user_of(self, value: str | None) -> Any:
        member = self._team.get(value or "")
        return member.user if member else None


class TaskForm(PeopleMixin, forms.Form):
    """A card: new (with its column) or edited (with the revision it was read at)."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    column = forms.ChoiceField(label=_("Column"), choices=ColumnChoice.choices, initial=ColumnChoice.BACKLOG)
    description = forms.CharField(label=_("Description"), required=False, max_length=DESCRIPTION_MAX,
                                  widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("Markdown: **bold**, lists, links."))
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", "—"), *RoleChoice.choices])
    due = forms.DateField(label=_("Due date"), required=False, widget=DateInput)
    estimate = estimate_field()
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    initiative = forms.ChoiceField(label=_("Initiative"), required=False)
    objective = forms.ChoiceField(label=_("Objective"), required=False)
    labels = forms.MultipleChoiceField(label=_("Labels"), required=False, widget=forms.CheckboxSelectMultiple)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31)

    def __init__(self, *args: Any, team: Sequence[Membership], phases: Sequence[tuple[str, str]],
                 initiatives: Sequence[Initiative], labels: Sequence[Label], new: bool,
                 objectives: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        """``objectives``: the plan's objectives a card may serve (uuid -> title; ``initiative_queries.
        objective_titles``)."""
        super().__init__(*args, **kwargs)
        self._team = {str(m.uuid): m for m in team}
        self._initiatives = {str(i.uuid): i for i in initiatives}
        self._labels = {str(label.uuid): label for label in labels}
        self.fields["assignee"].choices = [("", _("Nobody yet")), *team_choices(team)]  # type: ignore[attr-defined]
        self.fields["phase"].choices = [("", "—"), *phases]  # type: ignore[attr-defined]
        self.fields["initiative"].choices = [("", "—"), *((k, i.title) for k, i in self._initiatives.items())]  # type: ignore[attr-defined]
        self.fields["labels"].choices = [(k, label.name) for k, label in self._labels.items()]  # type: ignore[attr-defined]
        if new:
            del self.fields["revision"]
        else:
            del self.fields["column"]  # an existing card moves through the move form
        if not initiatives:
            del self.fields["initiative"]
        if objectives:
            self.fields["objective"].choices = [("", "—"), *objectives.items()]  # type: ignore[attr-defined]
        else:
            del self.fields["objective"]

    def clean_title(self) -> str:
        return str(_checked(self.cleaned_data.get("title"), clean_name, field="title", max_length=TITLE_MAX))

    def clean_description(self) -> str:
        return str(_checked(self.cleaned_data.get("description") or "", clean_text, field="description",
                            max_length=DESCRIPTION_MAX))

    def clean_due(self) -> dt.date | None:
        return _in_range(self.cleaned_data.get("due"))

    def changes(self) -> dict[str, Any]:
        """The service's keyword arguments (objects, not ids)."""
        d = self.cleaned_data
        out: dict[str, Any] = {
            "title": d["title"], "description": d["description"], "assignee": self.user_of(d.get("assignee")),
            "role": d.get("role") or "", "due": d.get("due"), "estimate": d.get("estimate"),
            "labels": [self._labels[k] for k in d.get("labels") or []],
        }
        if "initiative" in self.fields:
            out["initiative"] = self._initiatives.get(d.get("initiative") or "")
        if "objective" in self.fields:
            out["objective_uid"] = d.get("objective") or None
        return out

    @property
    def phase_key(self) -> str:
        return str(self.cleaned_data.get("phase") or "")


class MoveForm(PeopleMixin, forms.Form):
    """Move a card: to a column (at its end, or between two cards), with a reviewer for Review."""

    column = forms.ChoiceField(label=_("Move to"), choices=ColumnChoice.choices)
    reviewer = forms.ChoiceField(label=_("Reviewer"), required=False)
    before = forms.UUIDField(required=False, widget=forms.HiddenInput)
    after = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, team: Sequence[Membership], **kwargs: Any) -> None:
        """The reviewer is chosen by the user's id, as the board's filters and its lists of people name them."""
        super().__init__(*args, **kwargs)
        self._team = {str(m.user_id): m for m in team}
        self.fields["reviewer"].choices = [  # type: ignore[attr-defined]
            ("", "—"), *((str(m.user_id), m.user.display_name) for m in team)]


class StepForm(forms.Form):
    """The up/down buttons of a card (keyboard and no-script moves within a column)."""

    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class LogTimeForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.25"), max_value=Decimal(24), decimal_places=2,
                               initial=Decimal(1), localize=True,
                               widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "4"}))
    date = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def clean_date(self) -> dt.date | None:
        return _in_range(self.cleaned_data.get("date"))

    def clean_note(self) -> str:
        return str(_checked(self.cleaned_data.get("note") or "", clean_text, field="note", max_length=500,
                            multiline=False))


class ChecklistForm(forms.Form):
    """Add an item (``op=add`` with ``text``), tick or untick it (``op=toggle``) or delete it (``op=delete``)."""

    op = forms.ChoiceField(choices=[("add", "add"), ("toggle", "toggle"), ("delete", "delete")], initial="add",
                           widget=forms.HiddenInput)
    text = forms.CharField(label=_("New item"), required=False, max_length=300)
    item = forms.IntegerField(required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("op") == "add":
            data["text"] = _checked(data.get("text") or "", clean_text, field="text", max_length=300,
                                    multiline=False, required=True) if "text" not in self.errors else ""
        elif data.get("op") and not data.get("item") and "item" not in self.errors:
            self.add_error(None, _("Choose an item of the checklist."))
        return data


class AttachForm(forms.Form):
    op = forms.ChoiceField(choices=[("attach", "attach"), ("detach", "detach")], initial="attach",
                           widget=forms.HiddenInput)
    file = forms.ChoiceField(label=_("File"))

    def __init__(self, *args: Any, files: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].choices = list(files)  # type: ignore[attr-defined]


def wip_field_name(column: str) -> str:
    return f"wip_{column}"


class BoardSettingsForm(forms.Form):
    """The engagement's work-in-progress limits and the workspace's choice of when template tasks appear."""

    template_tasks = forms.ChoiceField(label=_("Create the phases' standard tasks"),
                                       choices=TemplateTasksChoice.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for column in COLUMNS:
            self.fields[wip_field_name(column.value)] = forms.IntegerField(
                label=ColumnChoice(column.value).label, required=False, min_value=1, max_value=WIP_MAX,
                widget=forms.NumberInput(attrs={"min": "1", "max": str(WIP_MAX)}))

    def limits(self) -> dict[str, int | None]:
        return {c.value: self.cleaned_data.get(wip_field_name(c.value)) for c in COLUMNS}


class LabelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=40)
    colour = forms.CharField(label=_("Colour"), max_length=7, initial="#64748b",
                             widget=forms.TextInput(attrs={"type": "color"}))

    def clean_name(self) -> str:
        return str(_checked(self.cleaned_data.get("name"), clean_name, field="name", max_length=40))

    def clean_colour(self) -> str:
        colour = (self.cleaned_data.get("colour") or "").strip()
        if not COLOUR_RE.match(colour):
            raise ValidationError(_("Choose a colour as #rrggbb."))
        return colour.lower()


class RecurringForm(PeopleMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(label=_("Description"), required=False, max_length=DESCRIPTION_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Repeats"), choices=RecurrenceChoice.choices, initial=RecurrenceChoice.WEEKLY)
    weekdays = forms.TypedMultipleChoiceField(label=_("On days"), required=False, choices=WEEKDAYS, coerce=int,
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text=_("For weekly rules and every N weeks."))
    month_day = forms.IntegerField(label=_("Day of the month"), required=False, min_value=1, max_value=31,
                                   help_text=_("For monthly rules; 31 means the month's last day."))
    interval = forms.IntegerField(label=_("Every N weeks"), min_value=1, max_value=52, initial=1)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput)
    due_after_days = forms.IntegerField(label=_("Due after (days)"), min_value=0, max_value=90, initial=0)
    lead_days = forms.IntegerField(label=_("Created ahead (days)"), min_value=0, max_value=31, initial=0)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", "—"), *RoleChoice.choices])
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    estimate = estimate_field()
    labels = forms.MultipleChoiceField(label=_("Labels"), required=False, widget=forms.CheckboxSelectMultiple)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, team: Sequence[Membership], phases: Sequence[tuple[str, str]],
                 labels: Sequence[Label], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._team = {str(m.uuid): m for m in team}
        self._labels = {str(label.uuid): label for label in labels}
        self.fields["assignee"].choices = [("", _("Nobody yet")), *team_choices(team)]  # type: ignore[attr-defined]
        self.fields["phase"].choices = [("", "—"), *phases]  # type: ignore[attr-defined]
        self.fields["labels"].choices = [(k, label.name) for k, label in self._labels.items()]  # type: ignore[attr-defined]

    def clean_title(self) -> str:
        return str(_checked(self.cleaned_data.get("title"), clean_name, field="title", max_length=TITLE_MAX))

    def clean_description(self) -> str:
        return str(_checked(self.cleaned_data.get("description") or "", clean_text, field="description",
                            max_length=DESCRIPTION_MAX))

    def clean_starts_on(self) -> dt.date | None:
        return _in_range(self.cleaned_data.get("starts_on"))

    def clean_ends_on(self) -> dt.date | None:
        return _in_range(self.cleaned_data.get("ends_on"))

    def fields_for_service(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"], "description": d["description"], "kind": d["kind"],
            "weekdays": sorted(set(d.get("weekdays") or [])), "month_day": d.get("month_day"),
            "interval": d.get("interval") or 1, "starts_on": d["starts_on"], "ends_on": d.get("ends_on"),
            "due_after_days": d.get("due_after_days") or 0, "lead_days": d.get("lead_days") or 0,
            "role": d.get("role") or "", "assignee": self.user_of(d.get("assignee")),
            "estimate": d.get("estimate"), "active": bool(d.get("active")),
            "labels": [self._labels[k] for k in d.get("labels") or []],
        }

    @property
    def phase_key(self) -> str:
        return str(self.cleaned_data.get("phase") or "")


class TaskTemplateForm(forms.Form):
    """A standard task of a phase of a process template."""

    phase_key = forms.ChoiceField(label=_("Phase"))
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(label=_("Description"), required=False, max_length=DESCRIPTION_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", "—"), *RoleChoice.choices])
    estimate = estimate_field()
    checklist = forms.CharField(label=_("Checklist"), required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One item per line."))
    position = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=10000, initial=0)

    def __init__(self, *args: Any, phases: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase_key"].choices = list(phases)  # type: ignore[attr-defined]

    def clean_title(self) -> str:
        return str(_checked(self.cleaned_data.get("title"), clean_name, field="title", max_length=TITLE_MAX))

    def clean_description(self) -> str:
        return str(_checked(self.cleaned_data.get("description") or "", clean_text, field="description",
                            max_length=DESCRIPTION_MAX))

    def clean_checklist(self) -> list[str]:
        text = _checked(self.cleaned_data.get("checklist") or "", clean_text, field="checklist", max_length=5000)
        items = [line.strip() for line in str(text).splitlines() if line.strip()]
        for item in items:
            if len(item) > 300:
                raise ValidationError(_("A checklist item has at most 300 characters."))
        return items

    def fields_for_service(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"description": d["description"], "role": d.get("role") or "", "estimate": d.get("estimate"),
                "checklist": d["checklist"], "position": d.get("position") or 0}
