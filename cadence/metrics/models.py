"""Imported platform exports and the metric store.

* ``ImportBatch``: one uploaded export file and what became of it: recognised (platform, variant, profile),
  previewed (period, currency, rows, totals, problems by line), written in one transaction, undone. The file
  is kept in the storage (``file``) for the background job and for the history; client users never see it.
* ``MappingProfile``: a workspace's column mapping for an export whose layout Cadence does not know, found
  again by the file's header signature and applied automatically the next time the same header comes.
* ``MetricFact``: the fact table. One row per engagement, platform, account, level (campaign, ad set, ad,
  post, source / medium, account) and day range (``day`` .. ``day_end``, equal for a daily row), with the
  common measures as columns (empty when the export does not have them) and the rest in ``extra``. ``key`` is
  a hash of (platform, account, level, campaign, ad set, ad, item): with ``day`` and ``day_end`` it is the
  row's identity, so importing the same data twice counts it once and an overlapping re-import replaces
  exactly the rows it brings (they then belong to the newer batch; undoing a batch removes its rows).
  Money (``spend``, ``conversion_value``) is in the engagement's currency (converted with the batch's
  exchange rate when the export's currency differs).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.scoping import WorkspaceScopedManager

MONEY_DIGITS = 16
TEXT_MAX = 255


class Platform(models.TextChoices):
    META_ADS = "meta_ads", "Meta Ads"
    GOOGLE_ADS = "google_ads", "Google Ads"
    GA4 = "ga4", "Google Analytics 4"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK_ADS = "tiktok_ads", "TikTok Ads"
    LINKEDIN_ADS = "linkedin_ads", "LinkedIn Ads"
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    ACCOUNT = "account", _("Account")
    CAMPAIGN = "campaign", _("Campaign")
    AD_SET = "ad_set", _("Ad set")
    AD = "ad", _("Ad")
    POST = "post", _("Post")
    SOURCE = "source", _("Source / medium")


class Status(models.TextChoices):
    UPLOADED = "uploaded", _("Waiting to be read")
    ANALYSING = "analysing", _("Reading")
    NEEDS_MAPPING = "needs_mapping", _("Needs a column mapping")
    READY = "ready", _("Ready to import")
    WRITING = "writing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    UNDONE = "undone", _("Undone")


def import_path(instance: ImportBatch, filename: str) -> str:
    return f"imports/{instance.workspace_id}/{instance.uuid}.bin"


class MappingProfile(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    signature = models.CharField(max_length=64, editable=False)
    headers = models.JSONField(default=list, editable=False)  # the header cells it was made from
    # {"date": "Zi", "campaign": "Campanie", "spend": "Cheltuieli (RON)", ...}: field -> header cell
    mapping = models.JSONField(default=dict)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, default=Platform.OTHER)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.CAMPAIGN)
    number_style = models.CharField(_("number format"), max_length=20, blank=True)  # "" = detect
    date_format = models.CharField(_("date format"), max_length=20, blank=True)  # "" = detect
    currency = models.CharField(_("currency"), max_length=3, blank=True)  # "" = the engagement's
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [models.UniqueConstraint(fields=["workspace", "signature"], name="metrics_profile_signature")]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    file = models.FileField(upload_to=import_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    task_id = models.CharField(max_length=64, blank=True)  # the django.tasks result id of the running job
    error = models.TextField(blank=True)  # why a failed job failed (already worded for people)

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)
    variant = models.CharField(_("variant"), max_length=60, blank=True)
    profile = models.ForeignKey(MappingProfile, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    currency = models.CharField(_("currency"), max_length=3, blank=True)  # the export's
    exchange_rate = models.DecimalField(_("exchange rate"), max_digits=18, decimal_places=6, null=True, blank=True)
    first_day = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)

    rows_total = models.IntegerField(default=0)  # data rows in the file (known after reading)
    rows_read = models.IntegerField(default=0)  # progress of the running job
    rows_written = models.IntegerField(default=0)
    error_count = models.IntegerField(default=0)
    # the preview: {"totals": {measure: "123.45"}, "campaigns": [...], "campaign_count": n, "accounts": [...],
    # "problems": [{"line", "code", "column", "value", "severity"}] (first 200), "problem_count": n,
    # "headers": [...], "signature": "...", "budget": [...]}
    summary = models.JSONField(default=dict, blank=True)

    written_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", editable=False)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["engagement", "-created_at"])]

    def __str__(self) -> str:
        return self.file_name


class MetricFact(models.Model):
    id = models.BigAutoField(primary_key=True)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="facts")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    account = models.CharField(max_length=TEXT_MAX, blank=True, default="")
    level = models.CharField(max_length=10, choices=Level.choices)
    campaign = models.CharField(max_length=TEXT_MAX, blank=True, default="")
    ad_set = models.CharField(max_length=TEXT_MAX, blank=True, default="")
    ad = models.CharField(max_length=TEXT_MAX, blank=True, default="")
    item = models.CharField(max_length=TEXT_MAX, blank=True, default="")  # post id, "source / medium"
    key = models.CharField(max_length=40)  # sha1 of the identity above (domain.facts.fact_key)
    day = models.DateField()
    day_end = models.DateField()

    impressions = models.BigIntegerField(null=True)
    reach = models.BigIntegerField(null=True)
    clicks = models.BigIntegerField(null=True)
    link_clicks = models.BigIntegerField(null=True)
    spend = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=2, null=True)
    results = models.BigIntegerField(null=True)
    conversions = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=2, null=True)
    conversion_value = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=2, null=True)
    sessions = models.BigIntegerField(null=True)
    engaged_sessions = models.BigIntegerField(null=True)
    followers = models.BigIntegerField(null=True)
    likes = models.BigIntegerField(null=True)
    comments = models.BigIntegerField(null=True)
    shares = models.BigIntegerField(null=True)
    saves = models.BigIntegerField(null=True)
    video_views = models.BigIntegerField(null=True)
    extra = models.JSONField(default=dict, blank=True)

    objects = WorkspaceScopedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engagement", "key", "day", "day_end"], name="metrics_fact_identity"),
        ]
        indexes = [
            models.Index(fields=["engagement", "day"], name="metrics_fact_eng_day"),
            models.Index(fields=["engagement", "platform", "day"], name="metrics_fact_eng_platform_day"),
            models.Index(fields=["batch"], name="metrics_fact_batch"),
            # only the rows covering more than one day (few): the dashboard finds those crossing a period's ends
            models.Index(fields=["engagement", "day_end"], condition=models.Q(day_end__gt=models.F("day")),
                         name="metrics_fact_spanning"),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.campaign or self.item} {self.day}"
