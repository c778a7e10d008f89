"""The signed-in user's own account: profile and language, personal API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cadence import tenancy
from cadence.accounts.models import ApiToken
from cadence.core import services
from cadence.core.audit_display import describe
from cadence.core.errors import DomainError
from cadence.core.forms import ProfileForm, TokenForm
from cadence.core.models import AuditEntry
from cadence.core.views import form_error
from cadence.http import SignedInRequest

ACCOUNT_ACTIVITY = 20


def _account_activity(request: SignedInRequest) -> list[AuditEntry]:
    """The latest changes to the user's own account (profile, password, two-factor, tokens)."""
    return describe(AuditEntry.account_entries.filter(actor=request.user)
                    .select_related("actor")[:ACCOUNT_ACTIVITY])


@tenancy.signed_in
@require_http_methods(["GET", "POST"])
def profile(request: SignedInRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.update_profile(actor=request.user, full_name=form.cleaned_data["full_name"],
                                           language=form.cleaned_data["language"])
        except DomainError as e:
            form_error(form, e)
            return render(request, "core/profile.html", {"form": form, "entries": _account_activity(request)},
                          status=400)
        language = user.language
        if language:
            translation.activate(language)
        messages.success(request, _("Your profile was saved."))
        response = redirect("core:profile")
        # The language cookie is what LocaleMiddleware reads first: set it so the UI switches now.
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        else:
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH,
                                   domain=settings.LANGUAGE_COOKIE_DOMAIN)
        return response
    return render(request, "core/profile.html", {"form": form, "entries": _account_activity(request)})


def _tokens_response(request: SignedInRequest, form: TokenForm, created: tuple[ApiToken, str] | None = None,
                     status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "tokens": request.user.api_tokens.order_by("revoked_at", "-created_at"),
        "token_limit": settings.CADENCE_API_TOKENS_PER_USER,
        "new_token": created[0] if created else None,
        "raw_token": created[1] if created else None,
    }
    template = "core/_tokens.html" if request.htmx else "core/token_list.html"
    return render(request, template, context, status=status)


@tenancy.signed_in
@require_http_methods(["GET", "POST"])
def token_list(request: SignedInRequest) -> HttpResponse:
    if request.method == "GET":
        return _tokens_response(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            created = services.create_api_token(
                actor=request.user, name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"], valid_until=form.cleaned_data["valid_until"],
            )
        except DomainError as e:
            form_error(form, e)
        else:
            # Rendered in the POST response itself: the raw token is never stored, so it cannot come back.
            return _tokens_response(request, TokenForm(), created)
    return _tokens_response(request, form, status=400)


@tenancy.signed_in
@require_POST
def token_revoke(request: SignedInRequest, token: str) -> HttpResponse:
    obj = tenancy.get_api_token(request.user, token)
    if obj.revoked_at is None:
        services.revoke_api_token(actor=request.user, token=obj)
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": obj.name})
    if request.htmx:
        return _tokens_response(request, TokenForm())
    return redirect("core:token-list")
