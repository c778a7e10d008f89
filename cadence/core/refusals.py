"""How a page shows a service's refusal (a ``DomainError``): a member whose role may not do it gets 403; any
other refusal is said in words, as a message on the next page (``refuse``) or on the form that was posted
(``refuse_in_form``, beside the field it names). ``form_errors`` says a small posted form's own errors as
messages on the page it redirects to."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from cadence.core.errors import DomainError


def refuse(request: HttpRequest, error: DomainError) -> None:
    if error.code == "forbidden":
        raise PermissionDenied from None
    messages.error(request, error.message)


def refuse_in_form(form: forms.Form, error: DomainError) -> None:
    if error.code == "forbidden":
        raise PermissionDenied from None
    form.add_error(error.field if error.field in form.fields else None, error.message)


def form_errors(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
