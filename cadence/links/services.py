"""Writes to the campaign links: an engagement's library of links and the workspace's naming rule.

Keyword-only ``actor`` and ``membership``; one transaction each; a ``DomainError`` with a translated
message (and ``code``/``field``) when a rule refuses; an audit entry for every change. The URL itself is
built by ``utm.py``; the stored ``url`` is what exports and posts read.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from cadence.core import audit
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership
from cadence.links import utm
from cadence.links.models import SeparatorChoice, UtmLink, UtmRule

NAME_MAX = 200
BASE_URL_MAX = 2000
MAX_LENGTHS = {"source": 100, "medium": 100, "campaign": 200, "term": 200, "content": 200, "utm_id": 100}
REQUIRED = ("source", "medium", "campaign")
EXTRA_MEDIUMS_MAX = 30
MEDIUM_MAX = 100
LINK_FIELDS = ("name", "base_url", "source", "medium", "campaign", "term", "content", "utm_id", "url")


@dataclass(frozen=True)
class LinkData:
    base_url: str
    source: str
    medium: str
    campaign: str
    term: str = ""
    content: str = ""
    utm_id: str = ""
    name: str = ""

    def params(self) -> utm.Params:
        return utm.Params(source=self.source, medium=self.medium, campaign=self.campaign, term=self.term,
                          content=self.content, id=self.utm_id)


def _require(membership: Membership, capability: str, workspace_id: int) -> None:
    if membership.workspace_id != workspace_id or not membership.can(capability):
        raise DomainError(_("You are not allowed to do this."), code="forbidden")


def rule_of(workspace: Any) -> utm.Rule:
    """The workspace's naming rule as the pure module reads it (the defaults when none is saved)."""
    row = UtmRule.objects.filter(workspace=workspace).first()
    if row is None:
        return utm.Rule()
    return utm.Rule(lowercase=row.lowercase, separator=row.separator,
                    extra_mediums=tuple(str(m) for m in row.extra_mediums or []))


def clean(data: LinkData) -> LinkData:
    """The link's values checked (lengths, characters, a required source, medium and campaign, an http(s)
    landing page) and trimmed; ``InvalidInput`` names the field."""
    values: dict[str, str] = {}
    for f in fields(LinkData):
        raw = getattr(data, f.name)
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            raise InvalidInput(_("This value must be text."), code="invalid_type", field=f.name)
        value = raw.strip()
        if utm.has_control(value):
            raise InvalidInput(_("This value contains invisible characters."), code="control_chars", field=f.name)
        limit = {"name": NAME_MAX, "base_url": BASE_URL_MAX}.get(f.name) or MAX_LENGTHS[f.name]
        if len(value) > limit:
            raise InvalidInput(_("Keep this under %(max)s characters.") % {"max": limit}, code="too_long",
                               field=f.name)
        if f.name in REQUIRED and not value:
            raise InvalidInput(_("This field is required."), code="required", field=f.name)
        values[f.name] = value
    try:
        utm.check_base_url(values["base_url"])
        URLValidator(schemes=["http", "https"])(values["base_url"])
    except utm.UtmError as e:
        raise InvalidInput(e.message, code="invalid_url", field="base_url") from None
    except ValidationError:  # what the API's pattern cannot state (a host name over 253 characters, ...)
        raise DomainError(_("Enter a web address starting with http:// or https://."), code="invalid_url",
                          field="base_url") from None
    return LinkData(**values)


def build(data: LinkData, *, rule: utm.Rule | None = None) -> tuple[LinkData, str]:
    """The cleaned values (under the naming rule when one is given) and the campaign URL."""
    data = clean(data)
    if rule is not None:
        p = utm.normalise(data.params(), rule)
        data = replace(data, source=p.source, medium=p.medium, campaign=p.campaign, term=p.term,
                       content=p.content, utm_id=p.id)
    try:
        return data, utm.build_url(data.base_url, data.params())
    except utm.UtmError as e:  # the values together make an address too long: no one field's bound
        raise DomainError(e.message, code="too_long", field="base_url") from None


def _snapshot(link: UtmLink) -> dict[str, Any]:
    return {name: getattr(link, name) for name in LINK_FIELDS}


@transaction.atomic
def create_link(*, actor: Any, membership: Membership, engagement: Any, data: LinkData,
                apply_rule: bool = False) -> UtmLink:
    _require(membership, "links.edit", engagement.workspace_id)
    clean_data, url = build(data, rule=rule_of(membership.workspace) if apply_rule else None)
    link = UtmLink.objects.create(workspace_id=engagement.workspace_id, engagement=engagement, url=url,
                                  created_by=actor if getattr(actor, "is_authenticated", False) else None,
                                  **{f.name: getattr(clean_data, f.name) for f in fields(LinkData)})
    audit.record(workspace=membership.workspace, actor=actor, action="links.link.created", obj=link,
                 changes={"url": url, "campaign": link.campaign}, thread=engagement)
    return link


@transaction.atomic
def update_link(*, actor: Any, membership: Membership, link: UtmLink, data: LinkData,
                apply_rule: bool = False) -> UtmLink:
    _require(membership, "links.edit", link.workspace_id)
    row = UtmLink.objects.select_for_update(of=("self",)).get(pk=link.pk)
    before = _snapshot(row)
    clean_data, url = build(data, rule=rule_of(membership.workspace) if apply_rule else None)
    for f in fields(LinkData):
        setattr(row, f.name, getattr(clean_data, f.name))
    row.url = url
    row.save()
    audit.record_change(workspace=membership.workspace, actor=actor, action="links.link.updated", obj=row,
                        changes=audit.diff(before, _snapshot(row)), thread=link.engagement)
    return row


@transaction.atomic
def delete_link(*, actor: Any, membership: Membership, link: UtmLink) -> None:
    _require(membership, "links.edit", link.workspace_id)
    audit.record(workspace=membership.workspace, actor=actor, action="links.link.deleted", obj=link,
                 changes={"url": link.url}, thread=link.engagement)
    link.delete()


def _mediums(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [part for part in value.replace("\n", ",").split(",")]
    if not isinstance(value, list | tuple):
        raise InvalidInput(_("List the mediums separated by commas."), code="invalid", field="extra_mediums")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise InvalidInput(_("List the mediums separated by commas."), code="invalid", field="extra_mediums")
        if utm.has_control(item) or len(item.strip()) > MEDIUM_MAX:
            raise InvalidInput(_("“%(medium)s” is not a medium name.") % {"medium": item.strip()[:40]},
                               code="invalid", field="extra_mediums")
        medium = item.strip().lower()[:MEDIUM_MAX]
        if not medium:
            continue
        if medium not in out:
            out.append(medium)
    if len(out) > EXTRA_MEDIUMS_MAX:
        raise InvalidInput(_("List at most %(max)s mediums.") % {"max": EXTRA_MEDIUMS_MAX}, code="too_many",
                           field="extra_mediums")
    return out


@transaction.atomic
def set_rule(*, actor: Any, membership: Membership, lowercase: bool, separator: str,
             extra_mediums: Any) -> UtmRule:
    """The workspace's naming rule (lower case, the separator for spaces, the mediums it uses)."""
    _require(membership, "links.manage", membership.workspace_id)
    if not isinstance(lowercase, bool):
        raise InvalidInput(_("Choose yes or no."), code="invalid", field="lowercase")
    if separator not in SeparatorChoice.values:
        raise InvalidInput(_("Choose one of the separators."), code="invalid_choice", field="separator")
    mediums = _mediums(extra_mediums)
    row, _created = UtmRule.objects.select_for_update().get_or_create(workspace=membership.workspace)
    before = {"lowercase": row.lowercase, "separator": row.separator, "extra_mediums": list(row.extra_mediums)}
    row.lowercase, row.separator, row.extra_mediums = lowercase, separator, mediums
    row.save()
    after = {"lowercase": lowercase, "separator": separator, "extra_mediums": mediums}
    audit.record_change(workspace=membership.workspace, actor=actor, action="links.rule.updated", obj=row,
                        changes=audit.diff(before, after))
    return row
