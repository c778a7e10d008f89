"""The UTM builder: a workspace's naming rule for campaign parameters and each engagement's library of
campaign links (a post's link comes from it). The pure rules are in ``domain/``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.scoping import WorkspaceScopedManager


class SeparatorChoice(models.TextChoices):
    UNDERSCORE = "_", _("Underscore (spring_sale)")
    HYPHEN = "-", _("Hyphen (spring-sale)")
    DOT = ".", _("Dot (spring.sale)")


class UtmRule(models.Model):
    """A workspace's naming rule: lower case, the separator that replaces spaces, and the mediums the team
    uses besides GA4's known ones (others are warned about)."""

    workspace = models.OneToOneField("core.Workspace", on_delete=models.CASCADE, related_name="+")
    lowercase = models.BooleanField(_("lower case only"), default=True)
    separator = models.CharField(_("separator for spaces"), max_length=1, choices=SeparatorChoice.choices,
                                 default=SeparatorChoice.UNDERSCORE)
    extra_mediums = models.JSONField(_("other mediums you use"), default=list, blank=True)

    objects = WorkspaceScopedManager()

    def __str__(self) -> str:
        return f"UTM rule of {self.workspace_id}"


class UtmLink(models.Model):
    """A campaign link of an engagement: the landing page and its UTM parameters; ``url`` is the built
    address (``utm.py``), stored so exports and posts read it as it was built."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200, blank=True)
    base_url = models.URLField(_("landing page"), max_length=2000)
    source = models.CharField(_("source"), max_length=100)
    medium = models.CharField(_("medium"), max_length=100)
    campaign = models.CharField(_("campaign"), max_length=200)
    term = models.CharField(_("term"), max_length=200, blank=True)
    content = models.CharField(_("content"), max_length=200, blank=True)
    utm_id = models.CharField(_("campaign ID"), max_length=100, blank=True)
    url = models.URLField(_("campaign URL"), max_length=4000, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.name or self.url
