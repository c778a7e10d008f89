"""The calendar's exchange pages: the iCalendar feed (its secret address: create, rotate, revoke; and the
public feed itself), the scheduler CSV export and the CSV import with its dry run.
Views stay thin: a form parses, a service (``feed.py``, ``exchange.py``) writes, a ``DomainError`` becomes a
form error or a message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from cadence import tenancy
from cadence.accounts.client_ip import client_ip
from cadence.api import ratelimit
from cadence.content import exchange, feed
from cadence.content import scheduler_csv as sc
from cadence.content.models import ChannelChoice
from cadence.core import clock
from cadence.core.errors import DomainError
from cadence.core.models import Workspace
from cadence.core.scoping import scope
from cadence.core.validation import MAX_DATE, MIN_DATE
from cadence.core.views import form_error
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest

FEED_RATE_LIMIT = 60  # fetches a minute from one address (calendar apps poll every few hours)
IMPORT_CACHE_SECONDS = 30 * 60


def _service_error(form: Any, error: DomainError) -> None:
    if error.code == "forbidden":
        raise PermissionDenied from None
    form_error(form, error)


# --- the feed ----------------------------------------------------------------------------------------

@tenancy.workspace_view("content.manage")
@require_http_methods(["GET", "POST"])
def feed_manage(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """The feed's secret address: shown once after it is created or rotated; revoke stops it."""
    obj = get_engagement(request.membership, engagement)
    new_url = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "create":
                token = feed.create_feed(actor=request.user, membership=request.membership, engagement=obj)
                new_url = request.build_absolute_uri(feed.feed_path(request.workspace.slug, token))
            elif action == "revoke":
                feed.revoke_feed(actor=request.user, membership=request.membership, engagement=obj)
                messages.success(request, _("The feed address is revoked: calendars subscribed to it get nothing "
                                            "more."))
                return redirect("content:feed-manage", workspace=request.workspace.slug, engagement=obj.uuid)
            else:
                messages.error(request, _("Choose what to do with the feed."))
        except DomainError as e:
            if e.code == "forbidden":
                raise PermissionDenied from None
            messages.error(request, e.message)
    active, created_at = feed.is_active(obj)
    response = render(request, "content/exchange/feed.html", {"engagement": obj, "active": active, "perms_manage": True,
                                                              "created_at": created_at, "new_url": new_url})
    response["Cache-Control"] = "no-store"  # the secret address is in the page once
    return response


@tenancy.public("a calendar app subscribed to the engagement's secret feed address (no session)")
@require_GET
def feed_public(request: HttpRequest, workspace: str, feed_token: str) -> HttpResponse:
    allowed, retry_after = ratelimit.hit("feed:" + client_ip(request), limit=FEED_RATE_LIMIT)
    if not allowed:
        response = HttpResponse(_("Too many requests. Try again in a minute."), status=429,
                                content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(retry_after)
        return response
    ws = Workspace.objects.filter(slug=workspace).first()
    if ws is None:
        raise Http404
    with scope(workspace=ws):
        engagement = feed.find(ws, feed_token)
        if engagement is None:
            raise Http404
        body = feed.render(engagement, workspace_slug=ws.slug, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="content-calendar.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- export ------------------------------------------------------------------------------------------

class DateInput(forms.DateInput):
    input_type = "date"


FORMAT_CHOICES = [
    (sc.ExportFormat.HOOTSUITE.value, gettext_lazy("Hootsuite (bulk composer: date and time, message, link)")),
    (sc.ExportFormat.SPROUT.value, gettext_lazy("Sprout Social (bulk scheduling)")),
    (sc.ExportFormat.BUFFER.value, gettext_lazy("Buffer (the generic CSV: Buffer has no bulk-upload file)")),
    (sc.ExportFormat.GENERIC.value, gettext_lazy("Generic CSV (every field; also the import format)")),
]


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMAT_CHOICES)
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput)
    end = forms.DateField(label=gettext_lazy("To"), widget=DateInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day is not None and not MIN_DATE <= day <= MAX_DATE:
                self.add_error(name, _("Dates must lie between %(min)s and %(max)s.")
                               % {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()})
        return cleaned


@tenancy.workspace_view("content.view")
@require_GET
def export(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """Choose a format and a range; the approved and scheduled posts come back as a file, or the page lists
    every post the scheduler would refuse."""
    obj = get_engagement(request.membership, engagement)
    today = clock.today_in(obj.time_zone)
    submitted = "format" in request.GET
    form = ExportForm(request.GET if submitted else None,
                      initial={"format": "generic", "start": today.replace(day=1),
                               "end": (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
                               - dt.timedelta(days=1)})
    refusals: list[dict[str, Any]] = []
    if submitted and form.is_valid():
        try:
            result = exchange.export_posts(membership=request.membership, engagement=obj,
                                           fmt=form.cleaned_data["format"], start=form.cleaned_data["start"],
                                           end=form.cleaned_data["end"])
        except exchange.RowsRefused as e:
            refusals = e.refusals
            form.add_error(None, e.message)
        except DomainError as e:
            _service_error(form, e)
        else:
            response = HttpResponse(result.text, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
            return response
    return render(request, "content/exchange/export.html", {"engagement": obj, "form": form, "refusals": refusals,
                                                            "perms_manage": tenancy.can(request.membership,
                                                                                        "content.manage")})


# --- import ------------------------------------------------------------------------------------------

IMPORT_FORMAT_CHOICES = [
    (sc.ImportFormat.GENERIC.value, gettext_lazy("Generic CSV (a header row; channel, publish_date, publish_time, "
                                                 "caption…)")),
    (sc.ImportFormat.HOOTSUITE.value, gettext_lazy("Hootsuite (no header: DD/MM/YYYY HH:mm, message, link)")),
]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"), required=False)
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=IMPORT_FORMAT_CHOICES)
    channel = forms.ChoiceField(label=gettext_lazy("Network of a Hootsuite file"), required=False,
                                choices=[("", "—"), *ChannelChoice.choices])
    upload = forms.CharField(widget=forms.HiddenInput, required=False)


def _cache_key(request: WorkspaceRequest, engagement: Any, ref: str) -> str:
    return f"content-import:{request.membership.pk}:{engagement.pk}:{ref}"


@tenancy.workspace_view("content.manage")
@require_http_methods(["GET", "POST"])
def import_posts(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """Upload a CSV: the dry run lists every bad row with its line; "Import" creates every row as a draft in
    one transaction, or nothing."""
    obj = get_engagement(request.membership, engagement)
    form = ImportForm(request.POST or None, request.FILES or None, initial={"format": "generic"})
    context: dict[str, Any] = {"engagement": obj, "form": form, "check": None, "upload": "", "perms_manage": True}
    if request.method == "POST" and form.is_valid():
        data: bytes | None = None
        upload = form.cleaned_data.get("file")
        if upload is not None:
            if upload.size is not None and upload.size > sc.IMPORT_MAX_BYTES:
                form.add_error("file", _("The file is larger than %(max)s MB.")
                               % {"max": sc.IMPORT_MAX_BYTES // (1024 * 1024)})
            else:
                data = upload.read()
        elif form.cleaned_data["upload"]:
            data = cache.get(_cache_key(request, obj, form.cleaned_data["upload"]))
            if data is None:
                form.add_error("file", _("The checked file is no longer kept. Choose it again."))
        else:
            form.add_error("file", _("Choose a CSV file."))
        if data is not None:
            fmt, channel = form.cleaned_data["format"], form.cleaned_data["channel"]
            try:
                if request.POST.get("action") == "import":
                    created = exchange.import_posts(actor=request.user, membership=request.membership,
                                                    engagement=obj, data=data, fmt=fmt, channel=channel)
                    messages.success(request, ngettext("%(count)s post imported as a draft.", "%(count)s posts imported as drafts.",
                                                      len(created)) % {"count": len(created)})
                    return redirect("content:import", workspace=request.workspace.slug, engagement=obj.uuid)
                check = exchange.check_import(membership=request.membership, engagement=obj, data=data, fmt=fmt,
                                              channel=channel)
            except exchange.RowsRefused as e:
                form.add_error(None, e.message)
                context["refusals"] = e.refusals
            except DomainError as e:
                _service_error(form, e)
            else:
                ref = get_random_string(24)
                cache.set(_cache_key(request, obj, ref), data, IMPORT_CACHE_SECONDS)
                context.update(check=check, upload=ref, fmt=fmt, channel=channel)
    return render(request, "content/exchange/import.html", context)
