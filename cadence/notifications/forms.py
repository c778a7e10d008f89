"""The preferences form: one choice per kind (in the app, email immediately, daily digest, off)."""

from __future__ import annotations

from typing import Any

from django import forms

from cadence.notifications import queries
from cadence.notifications.domain.kinds import KINDS, Channel


def channel_choices() -> list[tuple[str, str]]:
    return [(c.value, queries.channel_label(c.value)) for c in Channel]


class PreferencesForm(forms.Form):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {row.kind: row for row in queries.preferences(user)}
        for kind in KINDS:
            row = current[kind]
            self.fields[kind] = forms.ChoiceField(
                label=row.label, choices=channel_choices(), initial=row.channel, widget=forms.RadioSelect,
                help_text=queries.default_text(row.default_label))
