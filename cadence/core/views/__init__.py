"""Views of the core screens, split by feature (home, clients, members, account, audit).

Views stay thin: a Django form parses the input, a service in ``cadence.core.services`` writes,
a ``DomainError`` becomes a form error or a message, a template renders. Objects come from
``cadence.tenancy`` only.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cadence.core.errors import DomainError

REFUSALS = (DomainError, ValidationError)


def form_error(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it, else on the form."""
    if isinstance(error, DomainError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
