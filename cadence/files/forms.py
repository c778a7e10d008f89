"""The upload form: several files at once and one optional description. The checks themselves (type by
content, size, image) are the service's, so the page and the API refuse the same files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.files.services import DESCRIPTION_MAX


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(forms.Form):
    files = MultipleFileField(  # type: ignore[assignment]  # a form field, not BaseForm.files
        label=_("Files"), required=False, help_text=_("Brand book, photos, videos, documents. Several at once."))
    description = forms.CharField(label=_("Description"), required=False, max_length=DESCRIPTION_MAX,
                                  help_text=_("Optional: what these files are."))
