"""Campaign URLs with UTM parameters (no database, no request; its messages are worded here, so it sits beside
the pure ``domain/`` rather than in it).

``build_url`` adds ``utm_source``, ``utm_medium``, ``utm_campaign``, ``utm_term``, ``utm_content`` and
``utm_id`` to a landing page, keeping the page's own query (an older ``utm_*`` of the same name is replaced)
and its fragment, percent-encoding every value (a space is ``%20``). Only ``http`` and ``https`` pages with
a host are accepted, and no value may carry control characters. ``normalise`` applies a workspace's naming
rule (trimmed, lower case, one separator for spaces); ``check`` lists what to warn about.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from django.utils.translation import gettext as _

from cadence.links.domain import ga4

PARAMS = ("source", "medium", "campaign", "term", "content", "id")
URL_MAX = 4000
# The control characters ``cadence.core.validation`` refuses in one-line text (C0, DEL, C1 and the bidirectional
# marks), so the API's schema and this module refuse the same values.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


class UtmError(ValueError):
    """The input cannot make a campaign URL; ``message`` is translated, ``field`` names the input."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Rule:
    lowercase: bool = True
    separator: str = "_"
    extra_mediums: tuple[str, ...] = ()


@dataclass(frozen=True)
class UtmWarning:
    code: str
    field: str
    message: str


@dataclass(frozen=True)
class Params:
    source: str
    medium: str
    campaign: str
    term: str = ""
    content: str = ""
    id: str = ""

    def values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in PARAMS}


@dataclass(frozen=True)
class Preview:
    url: str
    warnings: list[UtmWarning] = field(default_factory=list)
    channel_group: str = ""
    suggestion: Params | None = None  # the values under the naming rule, when they differ


def has_control(value: str) -> bool:
    return bool(_CONTROL.search(value))


def check_base_url(base_url: str) -> str:
    base = (base_url or "").strip()
    if not base:
        raise UtmError(_("Enter the landing page’s address."), field="base_url")
    if has_control(base) or " " in base:
        raise UtmError(_("The address contains spaces or invisible characters."), field="base_url")
    parts = urlsplit(base)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or parts.hostname is None:
        raise UtmError(_("Enter a web address starting with http:// or https://."), field="base_url")
    return base


def build_url(base_url: str, params: Params) -> str:
    """The landing page with the campaign parameters that are not empty, in the usual order."""
    base = check_base_url(base_url)
    for name, value in params.values().items():
        if has_control(value):
            raise UtmError(_("This value contains invisible characters."), field=name)
    parts = urlsplit(base)
    ours = {f"utm_{name}": value.strip() for name, value in params.values().items() if value.strip()}
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ours]
    query = urlencode(kept + list(ours.items()), quote_via=quote, safe="")
    url = urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", query, parts.fragment))
    if len(url) > URL_MAX:
        raise UtmError(_("The campaign address would be longer than %(max)s characters.") % {"max": URL_MAX},
                       field="url")
    return url


def normalise_value(value: str, rule: Rule) -> str:
    """One value under the naming rule: trimmed, spaces (and runs of them) replaced by the separator,
    lower case when the rule asks for it."""
    clean = unicodedata.normalize("NFC", _SPACES.sub(" ", value or "").strip())
    clean = clean.replace(" ", rule.separator)
    return clean.lower() if rule.lowercase else clean


def normalise(params: Params, rule: Rule) -> Params:
    return Params(**{name: normalise_value(value, rule) for name, value in params.values().items()})


def check(params: Params, rule: Rule) -> list[UtmWarning]:
    """What the team should look at before using the link (nothing here refuses it)."""
    warnings: list[UtmWarning] = []
    if not params.campaign.strip():
        warnings.append(UtmWarning("missing_campaign", "campaign",
                                _("There is no campaign name: GA4 will report these visits as “(not set)”.")))
    if not params.source.strip():
        warnings.append(UtmWarning("missing_source", "source", _("There is no source: GA4 needs one.")))
    for name, value in params.values().items():
        value = value.strip()
        if not value:
            continue
        if _SPACES.search(value):
            warnings.append(UtmWarning("spaces", name, _("“%(value)s” contains spaces; the naming rule uses "
                                                      "“%(separator)s”.") % {"value": value,
                                                                              "separator": rule.separator}))
        if rule.lowercase and value != value.lower():
            warnings.append(UtmWarning("mixed_case", name, _("“%(value)s” has capital letters; GA4 counts "
                                                          "“Facebook” and “facebook” as two sources.")
                                    % {"value": value}))
    medium = params.medium.strip().lower()
    extra = {m.strip().lower() for m in rule.extra_mediums}
    if medium and not ga4.is_known_medium(medium) and medium not in extra:
        warnings.append(UtmWarning("unknown_medium", "medium",
                                _("GA4 does not know the medium “%(medium)s”: these visits may land in "
                                  "“Unassigned”. Use cpc, paid_social, social, email, referral… or add it to "
                                  "the workspace’s naming rule.") % {"medium": params.medium.strip()}))
    return warnings


def preview(base_url: str, params: Params, rule: Rule) -> Preview:
    """The URL as typed, the warnings, GA4's channel and the values under the naming rule."""
    url = build_url(base_url, params)
    suggestion = normalise(params, rule)
    return Preview(
        url=url,
        warnings=check(params, rule),
        channel_group=ga4.classify(params.source, params.medium, params.campaign).value,
        suggestion=suggestion if suggestion != params else None,
    )
