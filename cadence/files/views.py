"""Pages of an engagement's files: the list with the upload form, download, preview and delete.

Files are always streamed by the app after the access check (never from a public URL), with
``X-Content-Type-Options: nosniff`` and a Content Security Policy that lets nothing in them run. Only raster
images (and a PDF's preview) are shown in place; everything else is sent as an attachment.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.engagements.access import get_engagement
from cadence.files import access, queries, services, storage
from cadence.files.forms import UploadForm
from cadence.files.models import EngagementFile
from cadence.files.services import UploadRefused
from cadence.http import WorkspaceRequest

VIEW = tenancy.client_capability("files.view", via="engagement")
# Deleting: owners and managers (files.delete), or whoever uploaded the file (checked by the service).
UPLOAD = tenancy.capability("files.upload")

# Nothing in a served file may run, load or frame anything (an image shown in place stays an image).
FILE_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
# Browsers refuse to show a PDF in a sandboxed document: the PDF preview keeps the sandbox off, loads nothing.
PDF_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"


@tenancy.workspace_view(tenancy.by_method(GET=VIEW, POST=UPLOAD))
def file_list(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    can_upload = tenancy.can(m, "files.upload")
    form = UploadForm()
    refusals: list[str] = []
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                stored = services.upload_many(actor=request.user, membership=m, engagement=obj,
                                              files=form.cleaned_data["files"],
                                              description=form.cleaned_data["description"])
            except UploadRefused as exc:
                form.add_error(None, exc.message)
                refusals = [r.message for r in exc.refusals] if len(exc.refusals) > 1 else []
            except DomainError as exc:
                form.add_error("description" if exc.field == "description" else None, exc.message)
            else:
                messages.success(request, _("Uploaded: %(names)s.") % {"names": ", ".join(f.name for f in stored)})
                return redirect("files:file-list", request.workspace.slug, obj.uuid)
        status = 400
    rows = queries.engagement_files(obj)
    deletable = {f.uuid for f in rows if services.may_delete(m, uploaded_by_id=f.uploaded_by_id)}
    return render(request, "files/file_list.html", {
        "engagement": obj, "rows": rows, "form": form, "refusals": refusals, "can_upload": can_upload,
        "deletable": deletable,
        "limits": {"file": services.max_bytes("document") // services.MB,
                   "video": services.max_bytes("video") // services.MB},
    }, status=status)


def _serve(file: EngagementFile, field: Any, *, content_type: str, inline: bool, filename: str,
           csp: str = FILE_CSP) -> HttpResponse:
    handle = storage.open_blob(field)
    if handle is None:
        raise Http404
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = csp
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    if file.size and field is file.blob:
        response["Content-Length"] = str(file.size)
    # a streamed response, served like any other (the view decorators are typed for HttpResponse)
    return cast(HttpResponse, response)


def file_response(file: EngagementFile) -> HttpResponse:
    """The file itself: shown in place when it is a raster image, otherwise an attachment (pages and API)."""
    return _serve(file, file.blob, content_type=file.content_type, inline=queries.is_safe_inline(file),
                  filename=file.name)


@tenancy.workspace_view(VIEW)
@require_GET
def file_download(request: WorkspaceRequest, engagement: str, file: str) -> HttpResponse:
    return file_response(access.get_file(get_engagement(request.membership, engagement), file))


@tenancy.workspace_view(VIEW)
@require_GET
def file_preview(request: WorkspaceRequest, engagement: str, file: str) -> HttpResponse:
    """An image's WebP preview, or a PDF shown in the browser; 404 for files without a preview."""
    obj = access.get_file(get_engagement(request.membership, engagement), file)
    if obj.preview:
        stem = obj.name.rsplit(".", 1)[0] if "." in obj.name else obj.name
        return _serve(obj, obj.preview, content_type="image/webp", inline=True, filename=f"{stem}.webp")
    if obj.content_type == "application/pdf":
        return _serve(obj, obj.blob, content_type="application/pdf", inline=True, filename=obj.name,
                      csp=PDF_CSP)
    raise Http404


@tenancy.workspace_view(UPLOAD)
@require_POST
def file_delete(request: WorkspaceRequest, engagement: str, file: str) -> HttpResponse:
    eng = get_engagement(request.membership, engagement)
    obj = access.get_file(eng, file)
    try:
        services.delete_file(actor=request.user, membership=request.membership, file=obj)
        messages.success(request, _("Deleted: %(name)s.") % {"name": obj.name})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("files:file-list", request.workspace.slug, eng.uuid)
