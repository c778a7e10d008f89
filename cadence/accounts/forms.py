"""Sign-up that does not tell which email addresses have an account.

allauth hides it only when email verification is mandatory; Cadence keeps sign-in with an unverified
address possible (``CADENCE_EMAIL_VERIFICATION``, ``optional`` by default) but makes every sign-up
confirm its address first. So a new address and a known one get the same answer: a redirect to
"we have sent you an email". A new account gets the confirmation link; the owner of a known address
gets a note that they already have an account (and how to reset the password).

An invitee who came from an invitation link has proved the address (the link was sent there): the
invitation view stashes it as verified and the sign-up signs them straight in.
"""

from __future__ import annotations

from typing import Any

from allauth.account import app_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.flows.login import perform_login
from allauth.account.internal.flows.signup import complete_signup
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.models import Login
from allauth.account.utils import get_next_redirect_url
from django.http import HttpRequest

MANDATORY = app_settings.EmailVerificationMethod.MANDATORY


class SignupForm(AllauthSignupForm):
    def validate_unique_email(self, value: str) -> str:
        # Never "this address is taken": remember it and answer like for a new one (try_save).
        self.account_already_exists = bool(filter_users_by_email(value))
        return value

    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        email = self.cleaned_data.get("email")
        if self.account_already_exists:
            # allauth's enumeration prevention: an "account already exists" mail, then the same
            # "verification sent" answer as below, nobody signed in.
            login = Login(user=None, email=email, signup=True, email_verification=MANDATORY)
            return None, perform_login(request, login)
        user = self.save(request)
        verified = get_adapter().is_email_verified(request, email) if email else False
        response = complete_signup(
            request, user=user, redirect_url=get_next_redirect_url(request),
            email_verification=None if verified else MANDATORY,
        )
        return user, response
