"""A URL configuration for tests/test_access_matrix.py: one undeclared view next to declared ones."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cadence import tenancy
from cadence.urls import urlpatterns as cadence_urlpatterns


def undeclared(request: HttpRequest, workspace: str) -> HttpResponse:
    return HttpResponse("nobody said who may open this")


@tenancy.workspace_view("workspace.manage")
def needs_capability(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@tenancy.workspace_view(tenancy.by_method(GET=tenancy.MEMBER, POST=tenancy.capability("workspace.manage")))
def by_method(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("w/<slug:workspace>/undeclared/", undeclared, name="dummy-undeclared"),
    path("w/<slug:workspace>/capability/", needs_capability, name="dummy-capability"),
    path("w/<slug:workspace>/by-method/", by_method, name="dummy-by-method"),
    *cadence_urlpatterns,  # the login page, the error pages' links
]
