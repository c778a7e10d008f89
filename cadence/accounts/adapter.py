from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from cadence.accounts.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        pending = request.session.get("pending_invitation")
        if pending:
            return reverse("core:invitation-accept", kwargs={"token": pending})
        url: str = super().get_login_redirect_url(request)  # allauth is untyped
        return url

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return self.get_login_redirect_url(request)

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits count by the same address as the API's (trusted proxy settings)."""
        return client_ip(request)
