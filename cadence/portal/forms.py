"""The portal's small forms: a decision from the inbox (a post, a plan version) and materials sent to the team."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

APPROVE, CHANGES = "approve", "changes"
COMMENT_MAX = 2000


class DecisionForm(forms.Form):
    """Approve, or request changes with a comment (the comment is required then; the service says so)."""

    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (CHANGES, _("Request changes"))])
    comment = forms.CharField(label=_("What should change?"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 2}))
    revision = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class PlanDecisionForm(DecisionForm):
    section = forms.ChoiceField(label=_("Section"), required=False)

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = sections  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == CHANGES and not data.get("section"):
            self.add_error("section", _("Choose the section your request is about."))
        if data.get("decision") == CHANGES and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what should change."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data] if data else []
        return [super().clean(item, initial) for item in items]


class MaterialsForm(forms.Form):
    files = MultipleFileField(label=_("Files"), required=False)  # type: ignore[assignment]  # the service says "choose at least one"
    description = forms.CharField(label=_("What are these files?"), required=False, max_length=500)
