"""Forms of the core screens: workspaces, clients, team, profile and API tokens.

Forms only parse and validate input; the views hand the cleaned data to the services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadence.accounts.models import TokenScope, User
from cadence.core.models import Client, ClientRole, Role

# Countries a client (and an engagement) can be in: ISO 3166 code -> translated name.
COUNTRY_CHOICES: list[tuple[str, Any]] = [
    ("RO", _("Romania")),
    ("MD", _("Moldova")),
    ("RU", _("Russia")),
    ("UA", _("Ukraine")),
    ("BY", _("Belarus")),
    ("KZ", _("Kazakhstan")),
    ("BG", _("Bulgaria")),
    ("PL", _("Poland")),
    ("HU", _("Hungary")),
    ("CZ", _("Czechia")),
    ("AT", _("Austria")),
    ("DE", _("Germany")),
    ("FR", _("France")),
    ("IT", _("Italy")),
    ("ES", _("Spain")),
    ("PT", _("Portugal")),
    ("NL", _("Netherlands")),
    ("BE", _("Belgium")),
    ("GB", _("United Kingdom")),
    ("IE", _("Ireland")),
    ("US", _("United States")),
    ("CA", _("Canada")),
]
COUNTRY_NAMES: dict[str, Any] = dict(COUNTRY_CHOICES)


COUNTRY_CURRENCIES: dict[str, str] = {
    "RO": "RON", "MD": "MDL", "RU": "RUB", "UA": "UAH", "BY": "BYN", "KZ": "KZT", "BG": "BGN", "PL": "PLN",
    "HU": "HUF", "CZ": "CZK", "GB": "GBP", "US": "USD", "CA": "CAD",
}
CURRENCY_CHOICES: list[tuple[str, str]] = [
    (c, c) for c in ("EUR", "RON", "MDL", "RUB", "UAH", "USD", "GBP", "PLN", "BGN", "HUF", "CZK", "BYN", "KZT", "CAD")
]


def client_currency(client: Client) -> str:
    """The currency a new engagement of ``client`` starts with: the client's, else its country's usual one."""
    return client.currency or COUNTRY_CURRENCIES.get(client.country, "EUR")


def country_name(code: str) -> str:
    """The translated name of a country code (the code itself when Cadence does not know it)."""
    return str(COUNTRY_NAMES.get(code, code))


class WorkspaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("Your agency or team."))
    slug = forms.SlugField(
        label=_("Address"), max_length=60, required=False,
        help_text=_("Used in links, e.g. /w/my-agency/. Leave empty to derive it from the name."),
    )


class WorkspaceSettingsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, initial="RO")
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="ro",
                                 help_text=_("Reports and the client's screens use this language."))
    currency = forms.ChoiceField(label=_("Currency"), required=False,
                                 choices=[("", _("The country’s usual currency")), *CURRENCY_CHOICES],
                                 help_text=_("New engagements of this client start with this currency."))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.initial.get("country")
        if current and current not in COUNTRY_NAMES:  # a client created elsewhere (API, admin)
            self.fields["country"].choices = [*COUNTRY_CHOICES, (current, current)]  # type: ignore[attr-defined]
        currency = self.initial.get("currency")
        choices = list(self.fields["currency"].choices)  # type: ignore[attr-defined]
        if currency and currency not in {c for c, _label in choices}:  # set through the API
            self.fields["currency"].choices = [*choices, (currency, currency)]  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, client: Client) -> dict[str, Any]:
        return {f: getattr(client, f) for f in ("name", "country", "language", "currency", "website", "notes")}


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.SPECIALIST)
    client = forms.ChoiceField(label=_("Client"), required=False,
                               help_text=_("Only for client users: the client whose engagements they see."))
    client_role = forms.ChoiceField(label=_("Client access"), required=False,
                                    choices=[("", "—"), *ClientRole.choices])

    def __init__(self, *args: Any, clients: list[Client], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {str(c.uuid): c for c in clients}
        self.fields["client"].choices = [("", "—")] + [(str(c.uuid), c.name) for c in clients]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.CLIENT:
            if not data.get("client"):
                self.add_error("client", _("Choose the client this person belongs to."))
            if not data.get("client_role"):
                self.add_error("client_role", _("Choose whether the client user approves or only views."))
        return data

    @property
    def client_obj(self) -> Client | None:
        return self._clients.get(self.cleaned_data.get("client") or "")


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ProfileForm(forms.Form):
    """The user's own name and language (saved by ``services.update_profile``)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 help_text=_("The language the interface uses for you."))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"full_name": user.full_name, "language": user.language})
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Browser default")), *settings.LANGUAGES]  # type: ignore[attr-defined]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. “reporting script”."))
    scope = forms.ChoiceField(label=_("Access"), choices=TokenScope.choices, initial=TokenScope.READ_WRITE,
                              required=False,
                              help_text=_("A read-only token can read everything you can see but change nothing."))
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional: the last day the token works. Leave empty for a token that works until you "
                    "revoke it."),
    )

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or TokenScope.READ_WRITE
