"""Account pages of our own (allauth draws the rest)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin's sign-in, replaced: staff sign in like everybody else, through allauth.

    So two-factor authentication and the failed-sign-in rate limits apply to the admin too; the admin's
    own password-only form is never reached (whatever the method, nobody is signed in here).
    """
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_staff and request.user.is_active:
            return HttpResponseRedirect(target)  # already signed in (normally): straight on
        # Signed in but not staff (the admin sent them here): no way round it, and no redirect loop.
        raise PermissionDenied
    return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': target})}")
